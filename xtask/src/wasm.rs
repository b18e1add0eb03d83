//! The wasm build: make sure the target is installed, compile the widget crates for wasm32, run
//! wasm-bindgen through its library (no CLI to install), and wasm-opt when it is on PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::project::{Project, cargo, on_path, run};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The crates compiled to wasm, with the bundle name each produces (`labs/<bundle>.js`).
pub const WASM_CRATES: &[(&str, &str)] = &[
    ("lab-widgets", lab_catalog::WIDGETS_BUNDLE),
    ("cse-lab", lab_catalog::CSE_LAB_BUNDLE),
    ("acl-lab", lab_catalog::ACL_LAB_BUNDLE),
    ("ontology-lab", lab_catalog::ONTOLOGY_LAB_BUNDLE),
    ("privacy-lab", lab_catalog::PRIVACY_LAB_BUNDLE),
];

/// Debug builds are fast to compile; release builds are what readers get (size-optimised, LTO).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Debug,
    Release,
}

impl Profile {
    fn dir(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }
}

/// Installs the wasm32 target with rustup when it is missing.
pub fn ensure_wasm_target() -> Result<()> {
    let Some(_) = on_path("rustup") else {
        // Without rustup we cannot install it; a toolchain may still have it (e.g. a distribution's rust-std).
        let sysroot = Command::new("rustc").args(["--print", "sysroot"]).output().context("running rustc --print sysroot")?;
        let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
        if sysroot.join("lib/rustlib").join(WASM_TARGET).is_dir() {
            return Ok(());
        }
        bail!(
            "the {WASM_TARGET} target is not installed and rustup is not on PATH.\n\
             Install rustup (https://rustup.rs), then run: rustup target add {WASM_TARGET}"
        );
    };
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("running rustup target list --installed")?;
    if String::from_utf8_lossy(&installed.stdout).lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    eprintln!("xtask: installing the {WASM_TARGET} target (rustup target add {WASM_TARGET})");
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
        .with_context(|| format!("could not install the wasm target; run `rustup target add {WASM_TARGET}` yourself"))
}

/// Compiles every widget crate for wasm32 and writes the browser assets into `project.lab_assets_dir()`.
pub fn build_lab_assets(project: &Project, profile: Profile) -> Result<Vec<PathBuf>> {
    ensure_wasm_target()?;
    let mut command = cargo();
    command.current_dir(&project.root).args(["build", "--target", WASM_TARGET]);
    for (package, _) in WASM_CRATES {
        command.args(["--package", package]);
    }
    if profile == Profile::Release {
        command.arg("--release");
    }
    run(&mut command).context("building the lab widgets for wasm32")?;

    let out_dir = project.lab_assets_dir();
    if out_dir.exists() {
        std::fs::remove_dir_all(&out_dir).with_context(|| format!("clearing {}", out_dir.display()))?;
    }
    std::fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let wasm_dir = project.target_dir().join(WASM_TARGET).join(profile.dir());
    let wasm_opt = find_wasm_opt(project);
    let mut written = Vec::new();
    for (package, bundle) in WASM_CRATES {
        let input = wasm_dir.join(format!("{}.wasm", package.replace('-', "_")));
        bindgen(&input, &out_dir, profile)?;
        let wasm = out_dir.join(format!("{bundle}_bg.wasm"));
        if profile == Profile::Release {
            match &wasm_opt {
                Ok(wasm_opt) => optimize(wasm_opt, &wasm),
                Err(reason) => eprintln!("xtask: not running wasm-opt on {}: {reason}", wasm.display()),
            }
        }
        written.push(out_dir.join(format!("{bundle}.js")));
        written.push(wasm);
    }
    Ok(written)
}

fn bindgen(input: &Path, out_dir: &Path, profile: Profile) -> Result<()> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(input)
        .web(true)
        .context("configuring wasm-bindgen for --target web")?
        .typescript(false)
        .debug(profile == Profile::Debug)
        // the library, unlike the CLI, omits the default module path; without it a bare init() cannot find the wasm
        .omit_default_module_path(false);
    bindgen.generate(out_dir).with_context(|| format!("running wasm-bindgen on {}", input.display()))
}

/// The oldest binaryen that reads the wasm features current rustc emits (bulk memory and friends).
pub const MIN_BINARYEN_VERSION: u32 = 116;

/// Where `.ci/run` installs binaryen from npm when the system's is missing or too old.
pub fn local_binaryen(project: &Project) -> PathBuf {
    project.target_dir().join("tools/binaryen/node_modules/.bin/wasm-opt")
}

/// A wasm-opt new enough to use: the project-local one first, then the one on PATH.
pub fn find_wasm_opt(project: &Project) -> Result<PathBuf, String> {
    let mut reasons = Vec::new();
    let candidates = [Some(local_binaryen(project)), on_path("wasm-opt")];
    for candidate in candidates.into_iter().flatten().filter(|candidate| candidate.is_file()) {
        match binaryen_version(&candidate) {
            Some(version) if version >= MIN_BINARYEN_VERSION => return Ok(candidate),
            Some(version) => reasons.push(format!("{} is binaryen {version}, older than {MIN_BINARYEN_VERSION}", candidate.display())),
            None => reasons.push(format!("{} does not say its version", candidate.display())),
        }
    }
    if reasons.is_empty() {
        reasons.push("no wasm-opt found".to_owned());
    }
    Err(format!(
        "{}; the wasm works without it, only larger (for binaryen {MIN_BINARYEN_VERSION}+: npm install --prefix target/tools/binaryen binaryen@132)",
        reasons.join("; ")
    ))
}

/// The number in `wasm-opt version 132 (version_132)`.
pub fn parse_binaryen_version(text: &str) -> Option<u32> {
    text.split_whitespace().skip_while(|word| *word != "version").nth(1).and_then(|number| number.parse().ok())
}

fn binaryen_version(wasm_opt: &Path) -> Option<u32> {
    let output = Command::new(wasm_opt).arg("--version").output().ok()?;
    parse_binaryen_version(&String::from_utf8_lossy(&output.stdout))
}

/// Runs `wasm-opt -Oz` in place; a failure only warns (the unoptimized wasm works).
fn optimize(wasm_opt: &Path, wasm: &Path) {
    let optimized = wasm.with_extension("opt.wasm");
    let output = Command::new(wasm_opt)
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(&optimized)
        .output();
    match output {
        Ok(output) if output.status.success() => {
            if let Err(error) = std::fs::rename(&optimized, wasm) {
                eprintln!("xtask: could not replace {} with its optimized version: {error}", wasm.display());
            }
        }
        Ok(output) => {
            let _ = std::fs::remove_file(&optimized);
            let reason = String::from_utf8_lossy(&output.stderr);
            eprintln!(
                "xtask: wasm-opt could not optimize {} ({}); keeping it unoptimized. \
                 An old binaryen cannot read the wasm features current rustc emits; binaryen 116 or newer can.",
                wasm.display(),
                reason.lines().next().unwrap_or("no message").trim()
            );
        }
        Err(error) => eprintln!("xtask: could not run wasm-opt ({error}); keeping the unoptimized {}", wasm.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binaryen_versions_are_read_from_wasm_opt() {
        assert_eq!(parse_binaryen_version("wasm-opt version 132 (version_132)"), Some(132));
        assert_eq!(parse_binaryen_version("wasm-opt version 108"), Some(108));
        assert_eq!(parse_binaryen_version("something else"), None);
    }
}
