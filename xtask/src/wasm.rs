//! The wasm build: make sure the target is installed, compile the widget crates for wasm32, run
//! wasm-bindgen through its library (no CLI to install), and wasm-opt when it is on PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::project::{Project, cargo, on_path, run};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The crates compiled to wasm, with the bundle name each produces (`labs/<bundle>.js`).
pub const WASM_CRATES: &[(&str, &str)] = &[
    ("book-widgets", lab_catalog::WIDGETS_BUNDLE),
    ("cse-lab", lab_catalog::CSE_LAB_BUNDLE),
    ("acl-lab", lab_catalog::ACL_LAB_BUNDLE),
    ("ontology-lab", lab_catalog::ONTOLOGY_LAB_BUNDLE),
    ("privacy-lab", lab_catalog::PRIVACY_LAB_BUNDLE),
    ("conformity-lab", lab_catalog::CONFORMITY_LAB_BUNDLE),
    ("threat-lab", lab_catalog::THREAT_LAB_BUNDLE),
    ("update-lab", lab_catalog::UPDATE_LAB_BUNDLE),
    ("anonymisation-lab", lab_catalog::ANONYMISATION_LAB_BUNDLE),
    ("interworking-lab", lab_catalog::INTERWORKING_LAB_BUNDLE),
    ("rdf-lab", lab_catalog::RDF_LAB_BUNDLE),
    ("tls-lab", lab_catalog::TLS_LAB_BUNDLE),
    ("dpia-lab", lab_catalog::DPIA_LAB_BUNDLE),
    ("plugtest-lab", lab_catalog::PLUGTEST_LAB_BUNDLE),
];

/// More bundles of crates in [`WASM_CRATES`], each built with other cargo features (a bundle per need, chosen by a
/// mount point's options through `lab_catalog::BUNDLE_VARIANTS`): (crate, bundle, features). The crate is compiled
/// in a cargo run of its own (one run would unify its features) with `--no-default-features` and these features.
pub const WASM_FEATURE_BUNDLES: &[(&str, &str, &[&str])] = &[
    // the ontology lab without SPARQL (no `sparql` feature): parsing, mapping and the page's CSE
    ("ontology-lab", lab_catalog::ONTOLOGY_LAB_MAPPING_BUNDLE, &[]),
];

/// Every bundle the build writes: its bundle name and the crate it comes from.
pub fn all_bundles() -> impl Iterator<Item = (&'static str, &'static str)> {
    WASM_CRATES
        .iter()
        .map(|(package, bundle)| (*package, *bundle))
        .chain(WASM_FEATURE_BUNDLES.iter().map(|(package, bundle, _)| (*package, *bundle)))
}

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
        let sysroot =
            Command::new("rustc").args(["--print", "sysroot"]).output().context("running rustc --print sysroot")?;
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

/// The TLS lab's rustls runs on ring, whose build script compiles C and assembly for wasm32 with clang (a
/// `CC_wasm32_unknown_unknown` compiler is used instead when set). Without it the build fails deep in ring's
/// build script; say first what to install.
pub fn ensure_clang() -> Result<()> {
    if on_path("clang").is_some() || std::env::var_os("CC_wasm32_unknown_unknown").is_some() {
        return Ok(());
    }
    bail!(
        "clang is not installed: ring (the cryptography under rustls in the TLS lab) compiles its C code for \
         {WASM_TARGET} with it.\nInstall it, then build again: sudo apt-get install -y clang"
    )
}

/// Compiles every widget crate for wasm32 and writes the browser assets into `project.lab_assets_dir()`.
pub fn build_lab_assets(project: &Project, profile: Profile) -> Result<Vec<PathBuf>> {
    ensure_wasm_target()?;
    ensure_clang()?;
    let mut command = cargo();
    command.current_dir(&project.root).args(["build", "--target", WASM_TARGET]);
    for (package, _) in WASM_CRATES {
        command.args(["--package", package]);
    }
    if profile == Profile::Release {
        command.arg("--release");
    }
    // the feature bundles first: each cargo run leaves its own build of a crate at the same path, so it is copied
    // aside, and the run above comes last to leave the default build there
    let wasm_dir = project.target_dir().join(WASM_TARGET).join(profile.dir());
    let variants_dir = wasm_dir.join("feature-bundles");
    std::fs::create_dir_all(&variants_dir).with_context(|| format!("creating {}", variants_dir.display()))?;
    let mut inputs = Vec::new();
    for (package, bundle, features) in WASM_FEATURE_BUNDLES {
        let mut variant = cargo();
        variant.current_dir(&project.root).args(["build", "--target", WASM_TARGET, "--package", package]);
        variant.arg("--no-default-features");
        if !features.is_empty() {
            variant.args(["--features", &features.join(",")]);
        }
        if profile == Profile::Release {
            variant.arg("--release");
        }
        run(&mut variant).with_context(|| format!("building the bundle {bundle} of {package} for wasm32"))?;
        let built = wasm_dir.join(format!("{}.wasm", package.replace('-', "_")));
        let input = variants_dir.join(format!("{bundle}.wasm"));
        std::fs::copy(&built, &input).with_context(|| format!("copying {} to {}", built.display(), input.display()))?;
        inputs.push((input, *bundle));
    }
    run(&mut command).context("building the lab widgets for wasm32")?;
    for (package, bundle) in WASM_CRATES {
        inputs.push((wasm_dir.join(format!("{}.wasm", package.replace('-', "_"))), *bundle));
    }

    let out_dir = project.lab_assets_dir();
    std::fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    remove_foreign_assets(&out_dir)?;
    let stamps = project.target_dir().join("lab-assets-stamps");
    std::fs::create_dir_all(&stamps).with_context(|| format!("creating {}", stamps.display()))?;
    let wasm_opt = find_wasm_opt(project);
    let mut written = Vec::new();
    let mut changed = Vec::new();
    for (input, bundle) in inputs {
        let script = out_dir.join(format!("{bundle}.js"));
        let wasm = out_dir.join(format!("{bundle}_bg.wasm"));
        // wasm-bindgen and wasm-opt take minutes on the big bundles: redo them only when their input changed
        let stamp_file = stamps.join(format!("{bundle}.stamp"));
        let stamp = bundle_stamp(&input, profile, &wasm_opt)?;
        let unchanged =
            script.is_file() && wasm.is_file() && std::fs::read_to_string(&stamp_file).is_ok_and(|old| old == stamp);
        if !unchanged {
            let _ = std::fs::remove_file(&stamp_file);
            bindgen(&input, bundle, &out_dir, profile)?;
            changed.push((wasm.clone(), stamp_file, stamp));
        }
        written.push(script);
        written.push(wasm);
    }
    if profile == Profile::Release {
        match &wasm_opt {
            Ok(wasm_opt) => optimize_all(wasm_opt, changed.iter().map(|(wasm, _, _)| wasm.as_path()).collect()),
            Err(reason) => eprintln!("xtask: not running wasm-opt on the lab bundles: {reason}"),
        }
    }
    for (_, stamp_file, stamp) in changed {
        std::fs::write(&stamp_file, stamp).with_context(|| format!("writing {}", stamp_file.display()))?;
    }
    Ok(written)
}

/// What a bundle's assets were made from: the compiled wasm (its content, which also carries the wasm-bindgen
/// version), the profile and the wasm-opt used. The assets are current when their stamp equals this.
fn bundle_stamp(input: &Path, profile: Profile, wasm_opt: &Result<PathBuf, String>) -> Result<String> {
    use std::hash::{Hash, Hasher};
    let bytes = std::fs::read(input).with_context(|| format!("reading {}", input.display()))?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let optimizer = match wasm_opt {
        Ok(path) => path.display().to_string(),
        Err(_) => "none".to_owned(),
    };
    Ok(format!(
        "wasm {:016x} ({} bytes)\nprofile {}\nwasm-opt {optimizer}\n",
        hasher.finish(),
        bytes.len(),
        profile.dir(),
    ))
}

/// Removes what an earlier build left for a bundle that no longer exists (every file is copied into the site).
fn remove_foreign_assets(out_dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(out_dir).with_context(|| format!("reading {}", out_dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours =
            all_bundles().any(|(_, bundle)| name == format!("{bundle}.js") || name == format!("{bundle}_bg.wasm"));
        if !ours && entry.path().is_file() {
            std::fs::remove_file(entry.path()).with_context(|| format!("removing {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn bindgen(input: &Path, bundle: &str, out_dir: &Path, profile: Profile) -> Result<()> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(input)
        .out_name(bundle)
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
            Some(version) => reasons
                .push(format!("{} is binaryen {version}, older than {MIN_BINARYEN_VERSION}", candidate.display())),
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

/// Runs [`optimize`] on every file, as many at once as there are cores, the biggest first (wasm-opt is
/// single-threaded, and from npm it runs under Node: about a minute for the ontology lab alone).
fn optimize_all(wasm_opt: &Path, mut files: Vec<&Path>) {
    files.sort_by_key(|file| std::fs::metadata(file).map(|metadata| metadata.len()).unwrap_or(0));
    let queue = std::sync::Mutex::new(files);
    let workers = std::thread::available_parallelism().map(usize::from).unwrap_or(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(file) = queue.lock().ok().and_then(|mut files| files.pop()) {
                    optimize(wasm_opt, file);
                }
            });
        }
    });
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

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-wasm-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    #[test]
    fn a_bundle_is_redone_when_its_wasm_profile_or_optimizer_changes() {
        let dir = scratch("stamp");
        let input = dir.join("lab.wasm");
        std::fs::write(&input, b"\0asm one").expect("write");
        let optimizer: Result<PathBuf, String> = Ok(PathBuf::from("/opt/wasm-opt"));
        let first = bundle_stamp(&input, Profile::Release, &optimizer).expect("stamp");
        assert_eq!(bundle_stamp(&input, Profile::Release, &optimizer).expect("stamp"), first, "same input, same stamp");
        assert_ne!(bundle_stamp(&input, Profile::Debug, &optimizer).expect("stamp"), first);
        assert_ne!(bundle_stamp(&input, Profile::Release, &Err("none".to_owned())).expect("stamp"), first);
        std::fs::write(&input, b"\0asm two").expect("write");
        assert_ne!(bundle_stamp(&input, Profile::Release, &optimizer).expect("stamp"), first, "new wasm, new stamp");
        assert!(bundle_stamp(&dir.join("missing.wasm"), Profile::Release, &optimizer).is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn assets_of_bundles_that_no_longer_exist_are_removed() {
        let dir = scratch("foreign");
        let (_, bundle) = WASM_CRATES[0];
        for name in [
            format!("{bundle}.js"),
            format!("{bundle}_bg.wasm"),
            "retired_lab.js".to_owned(),
            "retired_lab_bg.wasm".to_owned(),
        ] {
            std::fs::write(dir.join(name), b"x").expect("write");
        }
        remove_foreign_assets(&dir).expect("clean");
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .expect("read")
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, vec![format!("{bundle}.js"), format!("{bundle}_bg.wasm")]);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn every_feature_bundle_comes_from_a_built_crate_and_every_bundle_has_its_own_name() {
        for (package, bundle, _) in WASM_FEATURE_BUNDLES {
            assert!(WASM_CRATES.iter().any(|(crate_name, _)| crate_name == package), "{bundle}: {package} is built");
        }
        let mut names: Vec<&str> = all_bundles().map(|(_, bundle)| bundle).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "two bundles would overwrite each other");
        // every bundle a mount point can name is built, and nothing else
        assert_eq!(names, lab_catalog::bundles());
    }

    #[test]
    fn binaryen_versions_are_read_from_wasm_opt() {
        assert_eq!(parse_binaryen_version("wasm-opt version 132 (version_132)"), Some(132));
        assert_eq!(parse_binaryen_version("wasm-opt version 108"), Some(108));
        assert_eq!(parse_binaryen_version("something else"), None);
    }
}
