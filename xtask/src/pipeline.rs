//! The build and test pipelines as plain functions: each step runs in order and stops at the first failure.

use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::book::{self, Compression};
use crate::project::{Project, cargo, run};
use crate::site_check::{self, SiteSummary};
use crate::size_report;
use crate::wasm::{self, Profile, WASM_TARGET};
use book_compiler::preprocessor::BookReport;

/// What a change requires: the book alone (Markdown, theme) or the wasm widgets and then the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rebuild {
    Book,
    LabsAndBook,
}

impl Rebuild {
    pub fn describe(self) -> &'static str {
        match self {
            Rebuild::Book => "the book",
            Rebuild::LabsAndBook => "the lab widgets and the book",
        }
    }
}

/// `cargo xtask build`: the wasm widgets, then the book, then the size report.
pub fn build(project: &Project, profile: Profile, print_report: bool) -> Result<(BookReport, SiteSummary)> {
    let started = Instant::now();
    wasm::build_lab_assets(project, profile)?;
    let report = book::build_site_book(project, Compression::Precompressed)?;
    let summary = match site_check::check_site(&project.site_dir())? {
        Ok(summary) => summary,
        Err(problems) => SiteSummary { pages: problems.len(), ..SiteSummary::default() },
    };
    if print_report {
        let assets = size_report::lab_asset_sizes(&project.site_dir())?;
        print!("{}", size_report::render(&report, summary.pages, &assets, started.elapsed()));
    }
    Ok((report, summary))
}

/// A rebuild after a change (serve): the book alone when only Markdown or the theme changed.
pub fn rebuild(project: &Project, profile: Profile, rebuild: Rebuild) -> Result<()> {
    if rebuild == Rebuild::LabsAndBook {
        wasm::build_lab_assets(project, profile)?;
    }
    book::build_site_book(project, Compression::Plain)?;
    Ok(())
}

/// `cargo xtask check-site`: fails listing every broken link, anchor, asset or leftover directive.
pub fn check_site(project: &Project) -> Result<SiteSummary> {
    let site = project.site_dir();
    if !site.join("index.html").is_file() {
        bail!("{} has no index.html; run `cargo xtask build` first", project.display(&site));
    }
    match site_check::check_site(&site)? {
        Ok(summary) => {
            println!(
                "xtask: site check passed: {} pages, {} with labs; every internal link, anchor and asset resolves",
                summary.pages,
                summary.pages_with_labs.len()
            );
            Ok(summary)
        }
        Err(problems) => {
            bail!("the site check found {} problem(s):\n  {}", problems.len(), problems.join("\n  "))
        }
    }
}

fn step(name: &str) {
    println!("\n==> xtask test: {name}");
}

/// `cargo xtask test`: every check, in the order CI runs them.
pub fn test(project: &Project) -> Result<()> {
    let started = Instant::now();
    step("cargo fmt --check (the fuzz target's workspace too)");
    run(cargo().current_dir(&project.root).args(["fmt", "--all", "--check"]))
        .context("the code is not formatted: run `cargo fmt --all`")?;
    run(cargo().current_dir(project.root.join("labs/engines/onem2m-cse/fuzz")).args(["fmt", "--check"]))
        .context("the fuzz target is not formatted: run `cargo fmt` in labs/engines/onem2m-cse/fuzz")?;

    step("cargo test --workspace --exclude browser-tests");
    run(cargo().current_dir(&project.root).args(["test", "--workspace", "--exclude", "browser-tests"]))?;

    step("cargo clippy --workspace --all-targets -- -D warnings");
    run(cargo().current_dir(&project.root).args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;

    step("fuzz target: the CSE's request handler builds and replays its seed inputs");
    let fuzz_dir = project.root.join("labs/engines/onem2m-cse/fuzz");
    let fuzz_target = project.target_dir().join("fuzz");
    run(cargo()
        .current_dir(&project.root)
        .arg("build")
        .arg("--locked")
        .arg("--manifest-path")
        .arg(fuzz_dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&fuzz_target))
    .context("the fuzz target (labs/engines/onem2m-cse/fuzz) does not build")?;
    run(Command::new(fuzz_target.join("debug/handle_request")).arg(fuzz_dir.join("seeds")).arg("-runs=0"))
        .context("the fuzz target failed on its seed inputs")?;

    step("wasm build: the engines for wasm32, then the lab widgets (release)");
    wasm::ensure_wasm_target()?;
    run(cargo().current_dir(&project.root).args([
        "build",
        "--target",
        WASM_TARGET,
        "--package",
        "onem2m-cse",
        "--package",
        "onem2m-ontology",
        "--package",
        "lab-catalog",
    ]))?;
    let built = Instant::now();
    wasm::build_lab_assets(project, Profile::Release)?;

    step("site build: mdBook with our preprocessor");
    let report = book::build_site_book(project, Compression::Precompressed)?;
    let assets = size_report::lab_asset_sizes(&project.site_dir())?;

    step("site checks");
    let summary = check_site(project)?;
    print!("{}", size_report::render(&report, summary.pages, &assets, built.elapsed()));

    step("browser tests (headless Chromium)");
    run(cargo().current_dir(&project.root).env("SITE_DIR", project.site_dir()).args([
        "test",
        "--package",
        "browser-tests",
    ]))
    .context("the browser tests failed")?;

    println!("\nxtask test: every check passed in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}
