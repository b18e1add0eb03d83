//! Checks the architecture invariants of ARCHITECTURE.md that a machine can check.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the project root").to_path_buf()
}

/// The crates that must stay pure: no IO, no clock, no UI. They run in the browser, the server and tests.
const ENGINE_CRATES: &[&str] = &["onem2m-cse", "lab-catalog", "onem2m-ontology"];
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
const FORBIDDEN_CALLS: &[&str] = &[
    "std::fs",
    "std::net::TcpStream",
    "std::net::UdpSocket",
    "SystemTime::now",
    "Instant::now",
    "std::env::var",
    "std::process",
    "thread_rng",
];

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

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
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
fn engine_crates_do_no_io_and_read_no_clock() {
    for engine in ENGINE_CRATES {
        let mut files = Vec::new();
        rust_files(&root().join("labs").join(engine).join("src"), &mut files);
        assert!(!files.is_empty(), "{engine} has sources");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("source");
            for call in FORBIDDEN_CALLS {
                assert!(!text.contains(call), "Architecture invariant broken: {} uses {call}", file.display());
            }
        }
    }
}

#[test]
fn engine_crates_say_they_are_pure() {
    for engine in ENGINE_CRATES {
        let lib = std::fs::read_to_string(root().join("labs").join(engine).join("src/lib.rs")).expect("lib.rs");
        let doc: String = lib.lines().take_while(|line| line.starts_with("//!")).collect::<Vec<_>>().join("\n");
        assert!(
            doc.to_lowercase().contains("no io") || doc.to_lowercase().contains("pure"),
            "{engine}'s crate doc states its purity contract"
        );
    }
}

#[test]
fn only_xtask_has_build_scripts_writing_output() {
    let labs = root().join("labs");
    for entry in std::fs::read_dir(&labs).expect("labs/") {
        let crate_dir = entry.expect("entry").path();
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
