//! Checks the architecture invariants of ARCHITECTURE.md that a machine can check.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the project root").to_path_buf()
}

/// The crates that must stay pure (their folders under `labs/`): no IO, no clock, no UI. They run in the browser, the
/// server and tests.
const ENGINE_CRATES: &[&str] =
    &["engines/onem2m-cse", "kit/lab-catalog", "engines/onem2m-ontology", "engines/plugtest"];

/// The kinds of crate `labs/` groups its crates by (ARCHITECTURE.md's code map): the pure engines, the kit every lab
/// stands on, the native servers, and the bundles compiled to wasm for the book's pages.
const KINDS: &[&str] = &["engines", "kit", "servers", "bundles"];

/// Every crate under `labs/`: `labs/<kind>/<crate>`.
fn lab_crate_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for kind in KINDS {
        for entry in std::fs::read_dir(root().join("labs").join(kind)).expect("labs/<kind>/") {
            let dir = entry.expect("entry").path();
            if dir.join("Cargo.toml").is_file() {
                dirs.push(dir);
            }
        }
    }
    dirs.sort();
    dirs
}

fn folder_name(dir: &Path) -> String {
    dir.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn labs_holds_only_its_four_kinds_and_every_bundle_is_built_for_the_browser() {
    for entry in std::fs::read_dir(root().join("labs")).expect("labs/") {
        let path = entry.expect("entry").path();
        let name = folder_name(&path);
        assert!(
            path.is_dir() && KINDS.contains(&name.as_str()),
            "labs/{name} is not one of the kinds {KINDS:?}: put a crate under labs/<kind>/"
        );
    }
    let bundles: Vec<String> = lab_crate_dirs()
        .iter()
        .filter(|dir| dir.parent().is_some_and(|kind| kind.ends_with("bundles")))
        .map(|dir| folder_name(dir))
        .collect();
    let mut built: Vec<String> = xtask::wasm::WASM_CRATES.iter().map(|(name, _)| (*name).to_owned()).collect();
    built.sort();
    assert_eq!(bundles, built, "labs/bundles/ holds exactly the crates the build compiles to wasm");
    for engine in ENGINE_CRATES {
        assert!(root().join("labs").join(engine).join("Cargo.toml").is_file(), "labs/{engine} exists");
    }
    let members = std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    for kind in KINDS {
        assert!(members.contains(&format!("\"labs/{kind}/*\"")), "the workspace's members list labs/{kind}/*");
    }
}
const FORBIDDEN_DEPENDENCIES: &[&str] = &[
    "yew",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "gloo",
    "tokio",
    "axum",
    "hyper",
    "reqwest",
    "tower",
    "tower-http",
    "mio",
    "notify",
];
/// What every pure crate's clippy.toml must refuse: the clock, the file system, the network, processes, the
/// environment, threads and randomness. Clippy (run with `-D warnings` by `cargo xtask test`) then refuses the code.
const FORBIDDEN_CALLS: &[&str] = &[
    "std::time::SystemTime::now",
    "std::time::Instant::now",
    "std::env::var",
    "std::env::var_os",
    "std::env::args",
    "std::fs::read",
    "std::fs::read_to_string",
    "std::fs::write",
    "std::fs::File::open",
    "std::fs::File::create",
    "std::net::TcpStream::connect",
    "std::process::Command::new",
    "std::thread::sleep",
    "std::hash::RandomState::new",
    "std::collections::HashMap::new",
    "getrandom::fill",
];

fn disallowed_methods(clippy_toml: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(clippy_toml)
        .unwrap_or_else(|error| panic!("{}: {error} (every pure crate has a clippy.toml)", clippy_toml.display()));
    let table: toml::Table = text.parse().expect("valid clippy.toml");
    let entries = table.get("disallowed-methods").and_then(toml::Value::as_array).cloned().unwrap_or_default();
    entries
        .iter()
        .filter_map(|entry| match entry {
            toml::Value::String(path) => Some(path.clone()),
            toml::Value::Table(entry) => entry.get("path").and_then(toml::Value::as_str).map(str::to_owned),
            _ => None,
        })
        .collect()
}

fn dependencies(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).expect("Cargo.toml");
    let table: toml::Table = text.parse().expect("valid Cargo.toml");
    let mut names = Vec::new();
    for section in ["dependencies", "build-dependencies"] {
        if let Some(toml::Value::Table(dependencies)) = table.get(section) {
            names.extend(dependencies.keys().cloned());
        }
    }
    if let Some(toml::Value::Table(targets)) = table.get("target") {
        for target in targets.values() {
            if let Some(toml::Value::Table(dependencies)) = target.get("dependencies") {
                names.extend(dependencies.keys().cloned());
            }
        }
    }
    names
}

#[test]
fn engine_crates_do_not_depend_on_ui_or_io_crates() {
    for engine in ENGINE_CRATES {
        let manifest = root().join("labs").join(engine).join("Cargo.toml");
        for dependency in dependencies(&manifest) {
            assert!(
                !FORBIDDEN_DEPENDENCIES.contains(&dependency.as_str()),
                "Architecture invariant broken: engine crate {engine} depends on {dependency}"
            );
        }
    }
}

#[test]
fn pure_crates_have_clippy_refuse_io_clock_environment_and_randomness() {
    for engine in ENGINE_CRATES {
        let listed = disallowed_methods(&root().join("labs").join(engine).join("clippy.toml"));
        for call in FORBIDDEN_CALLS {
            assert!(
                listed.iter().any(|path| path == call),
                "Architecture invariant broken: labs/{engine}/clippy.toml does not forbid {call}"
            );
        }
    }
}

/// The list is only worth something if clippy really applies it: a throwaway crate with the same clippy.toml that
/// reads the clock, the environment, a file and a randomly seeded map must fail `cargo clippy -D warnings`, naming each.
#[test]
fn clippy_refuses_io_and_clock_in_a_crate_with_the_pure_configuration() {
    let dir = root().join("target/architecture-test/impure-crate");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).expect("fixture dir");
    std::fs::copy(root().join("labs/engines/onem2m-cse/clippy.toml"), dir.join("clippy.toml")).expect("clippy.toml");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"impure\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[workspace]\n",
    )
    .expect("Cargo.toml");
    std::fs::write(
        dir.join("src/lib.rs"),
        "pub fn impure() -> (std::time::SystemTime, Option<String>, std::io::Result<String>, usize) {\n\
         \x20   let map: std::collections::HashMap<u8, u8> = std::collections::HashMap::new();\n\
         \x20   (std::time::SystemTime::now(), std::env::var(\"HOME\").ok(), std::fs::read_to_string(\"x\"), map.len())\n\
         }\n",
    )
    .expect("lib.rs");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .current_dir(&dir)
        .env_remove("CLIPPY_CONF_DIR")
        .args(["clippy", "--offline", "--target-dir"])
        .arg(root().join("target/architecture-test/target"))
        .args(["--", "-D", "warnings"])
        .output()
        .expect("cargo clippy runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "clippy accepted impure code:\n{stderr}");
    for call in
        ["std::time::SystemTime::now", "std::env::var", "std::fs::read_to_string", "std::collections::HashMap::new"]
    {
        assert!(stderr.contains(call), "clippy did not refuse {call}:\n{stderr}");
    }
}

#[test]
fn only_xtask_has_build_scripts_writing_output() {
    for crate_dir in lab_crate_dirs() {
        assert!(
            !crate_dir.join("build.rs").exists(),
            "Architecture invariant broken: {} has a build script; only xtask writes build output",
            crate_dir.display()
        );
    }
}

#[test]
fn wasm_bindgen_cli_support_matches_the_wasm_bindgen_crate() {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
    let lock: toml::Table = lock.parse().expect("valid Cargo.lock");
    let packages = lock.get("package").and_then(toml::Value::as_array).expect("packages");
    let version_of = |name: &str| -> Vec<String> {
        packages
            .iter()
            .filter(|package| package.get("name").and_then(toml::Value::as_str) == Some(name))
            .filter_map(|package| package.get("version").and_then(toml::Value::as_str).map(str::to_owned))
            .collect()
    };
    let runtime = version_of("wasm-bindgen");
    let cli = version_of("wasm-bindgen-cli-support");
    assert_eq!(runtime.len(), 1, "exactly one wasm-bindgen in Cargo.lock: {runtime:?}");
    assert_eq!(
        cli, runtime,
        "wasm-bindgen-cli-support must be the same version as wasm-bindgen, or the generated JS will not match the wasm"
    );
}

/// Names that only a browser shell may use: a module that says one of them is not pure.
const UI_AND_BROWSER_CRATES: &[&str] = &["yew", "web_sys", "js_sys", "wasm_bindgen", "wasm_bindgen_futures", "gloo"];

/// The files of a lab crate that are its browser shell: the mount (lib.rs), the reducer glue (model.rs, which
/// implements yew's `Reducible`), views (components/), hooks, and the browser's download helpers. Everything else in
/// a lab crate (its models, exercises, simulations) is pure and is tested natively.
fn is_browser_shell(relative: &Path) -> bool {
    let first = relative.components().next().map(|part| part.as_os_str().to_string_lossy().into_owned());
    let file = relative.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    matches!(first.as_deref(), Some("components" | "hooks"))
        || relative.components().count() == 1
            && matches!(
                file.as_str(),
                "lib.rs" | "model.rs" | "download.rs" | "mount.rs" | "dispatch.rs" | "hooks.rs" | "testing.rs"
            )
        || file == "tests.rs"
        || relative.components().any(|part| part.as_os_str() == "tests")
}

/// The first UI or browser crate the code (not its comments) names.
fn names_a_ui_crate(text: &str) -> Option<&'static str> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .flat_map(|line| line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
        .find_map(|word| UI_AND_BROWSER_CRATES.iter().find(|name| **name == word).copied())
}

#[test]
fn lab_crates_keep_their_models_free_of_ui_and_browser_crates() {
    let mut checked = 0;
    for crate_dir in lab_crate_dirs() {
        let Ok(manifest) = std::fs::read_to_string(crate_dir.join("Cargo.toml")) else { continue };
        let name = folder_name(&crate_dir);
        if name != "lab-kit" && !manifest.contains("lab-kit") {
            continue;
        }
        let mut pending = vec![crate_dir.join("src")];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).expect("readable src") {
                let path = entry.expect("entry").path();
                let relative = path.strip_prefix(crate_dir.join("src")).expect("under src").to_path_buf();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|extension| extension == "rs") && !is_browser_shell(&relative) {
                    let text = std::fs::read_to_string(&path).expect("source");
                    if let Some(ui) = names_a_ui_crate(&text) {
                        panic!(
                            "Architecture invariant broken: {}/src/{} is a model module but uses {ui}; \
                             move the browser part to components/ or the reducer glue in model.rs",
                            crate_dir.display(),
                            relative.display()
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 20, "the lab crates' model modules were found ({checked})");
}

#[test]
fn the_model_check_tells_shells_from_models() {
    assert!(is_browser_shell(Path::new("components/console.rs")));
    assert!(is_browser_shell(Path::new("model.rs")));
    assert!(is_browser_shell(Path::new("model/tests.rs")));
    assert!(!is_browser_shell(Path::new("exercises.rs")));
    assert!(!is_browser_shell(Path::new("assessment/ics.rs")));
    assert_eq!(names_a_ui_crate("use yew::prelude::*;"), Some("yew"));
    assert_eq!(names_a_ui_crate("let x = web_sys::window();"), Some("web_sys"));
    assert_eq!(names_a_ui_crate("/// drawn by the yew views\nfn f(yewtree: u8) {}"), None);
    assert_eq!(names_a_ui_crate("fn pure(now: u64) -> u64 { now }"), None);
}
