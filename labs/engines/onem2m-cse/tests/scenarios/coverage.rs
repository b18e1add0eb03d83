//! Every status code the engine can produce is asserted in a scenario test, and the engine uses no
//! code outside `ResponseStatusCode::PRODUCED_BY_ENGINE`.
// these tests read the crate's own sources and manifest; the engine itself does no IO
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeSet;
use std::path::Path;

use onem2m_cse::ResponseStatusCode;

fn sources(dir: &Path, skip: &[&str]) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if path.extension().is_some_and(|e| e == "rs") && !skip.contains(&name.as_str()) {
            files.push((name, std::fs::read_to_string(&path).expect("readable source")));
        }
    }
    files
}

/// Variant names written as `Rsc::Name` or `ResponseStatusCode::Name`.
fn variants_named(source: &str) -> BTreeSet<String> {
    let known: BTreeSet<String> = ResponseStatusCode::ALL.iter().map(|rsc| format!("{rsc:?}")).collect();
    let mut found = BTreeSet::new();
    for prefix in ["Rsc::", "ResponseStatusCode::"] {
        for (index, _) in source.match_indices(prefix) {
            let rest = &source[index + prefix.len()..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if known.contains(&name) {
                found.insert(name);
            }
        }
    }
    found
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_code_the_engine_produces_is_asserted_in_a_scenario() {
    let scenarios = sources(&manifest().join("tests/scenarios"), &["coverage.rs", "harness.rs"]);
    let asserted: BTreeSet<String> = scenarios.iter().flat_map(|(_, source)| variants_named(source)).collect();
    let missing: Vec<String> = ResponseStatusCode::PRODUCED_BY_ENGINE
        .iter()
        .map(|rsc| format!("{rsc:?}"))
        .filter(|name| !asserted.contains(name))
        .collect();
    assert!(missing.is_empty(), "no scenario asserts {missing:?}");
}

#[test]
fn the_engine_uses_only_the_codes_it_declares() {
    let mut engine = sources(&manifest().join("src"), &["status.rs"]);
    engine.extend(sources(&manifest().join("src/types"), &[]));
    let produced: BTreeSet<String> =
        ResponseStatusCode::PRODUCED_BY_ENGINE.iter().map(|rsc| format!("{rsc:?}")).collect();
    for (file, source) in engine {
        let undeclared: Vec<String> =
            variants_named(&source).into_iter().filter(|name| !produced.contains(name)).collect();
        assert!(undeclared.is_empty(), "src/{file} uses {undeclared:?}, not in PRODUCED_BY_ENGINE");
    }
}

#[test]
fn the_engine_crate_stays_pure() {
    // Architecture invariant: the CSE engine depends on no IO, browser or async runtime crate.
    let manifest_text = std::fs::read_to_string(manifest().join("Cargo.toml")).expect("Cargo.toml");
    let dependencies = manifest_text.split("[dev-dependencies]").next().unwrap_or_default();
    for forbidden in
        ["tokio", "web-sys", "gloo", "yew", "js-sys", "wasm-bindgen", "axum", "rand", "getrandom", "chrono"]
    {
        assert!(!dependencies.contains(forbidden), "the engine must not depend on {forbidden}");
    }
    for (file, source) in sources(&manifest().join("src"), &[]) {
        for forbidden in ["std::fs", "std::net::TcpStream", "SystemTime", "Instant::now", "std::thread"] {
            assert!(!source.contains(forbidden), "src/{file} uses {forbidden}");
        }
    }
}
