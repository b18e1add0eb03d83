//! The build and test pipelines as plain functions: each step runs in order and stops at the first failure.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::book::{self, Compression};
use crate::pdf;
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

/// The stages of `cargo xtask test` and how long each took: each stage's start is announced, its duration printed
/// when it ends, and [`Stages::summary`] lists them all at the end (or up to the stage that failed), so that
/// BENCHMARKS.md can say where CI's time goes.
#[derive(Debug, Default)]
pub struct Stages {
    done: Vec<(String, Duration)>,
}

impl Stages {
    /// Runs one stage, printing its name before and its duration after.
    pub fn run<T>(&mut self, name: &str, stage: impl FnOnce() -> Result<T>) -> Result<T> {
        println!("\n==> xtask test: {name}");
        let started = Instant::now();
        let result = stage();
        let elapsed = started.elapsed();
        let outcome = if result.is_ok() { "done" } else { "FAILED" };
        println!("==> xtask test: {name}: {outcome} in {}", format_duration(elapsed));
        self.done.push((if result.is_ok() { name.to_owned() } else { format!("{name} (failed)") }, elapsed));
        result
    }

    /// The stages run so far, one a line with its duration and share, then the total.
    pub fn summary(&self) -> String {
        let total: Duration = self.done.iter().map(|(_, elapsed)| *elapsed).sum();
        let width = self.done.iter().map(|(name, _)| name.chars().count()).max().unwrap_or(0);
        let mut text = String::from("\nxtask test: time per stage\n");
        for (name, elapsed) in &self.done {
            let share = if total.is_zero() { 0.0 } else { elapsed.as_secs_f64() / total.as_secs_f64() * 100.0 };
            text.push_str(&format!("  {name:<width$}  {:>9}  {share:>3.0} %\n", format_duration(*elapsed)));
        }
        text.push_str(&format!("  {:<width$}  {:>9}\n", "total", format_duration(total)));
        text
    }
}

/// `83.4 s` below a minute, `4 min 05 s` above.
pub fn format_duration(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    if seconds < 60.0 {
        format!("{seconds:.1} s")
    } else {
        let whole = elapsed.as_secs();
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

/// `cargo xtask test`: every check, in the order CI runs them, each stage timed; the time per stage is printed at
/// the end, and also when a stage fails.
pub fn test(project: &Project) -> Result<()> {
    let mut stages = Stages::default();
    let result = test_stages(project, &mut stages);
    print!("{}", stages.summary());
    result?;
    println!("\nxtask test: every check passed");
    Ok(())
}

/// The stages. The workspace's tests, the browser tests among them, run in one `cargo test --workspace` after the
/// site is built: cargo resolves features for the packages a command selects, and `--exclude browser-tests` (or
/// `-p browser-tests` alone) resolved a different set (syn's `fold`, tracing's `attributes`, …), which compiled
/// about a hundred dependencies twice, once for each. `.ci/run` builds xtask itself the same way
/// (`cargo build --workspace --bin xtask`). See BENCHMARKS.md, "Where CI's time goes".
fn test_stages(project: &Project, stages: &mut Stages) -> Result<()> {
    stages.run("cargo fmt --check (the fuzz target's workspace too)", || {
        run(cargo().current_dir(&project.root).args(["fmt", "--all", "--check"]))
            .context("the code is not formatted: run `cargo fmt --all`")?;
        run(cargo().current_dir(project.root.join("labs/engines/onem2m-cse/fuzz")).args(["fmt", "--check"]))
            .context("the fuzz target is not formatted: run `cargo fmt` in labs/engines/onem2m-cse/fuzz")
    })?;

    stages.run("cargo clippy --workspace --all-targets -- -D warnings", || {
        run(cargo().current_dir(&project.root).args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
    })?;

    stages.run("fuzz target: the CSE's request handler builds and replays its seed inputs", || {
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
            .context("the fuzz target failed on its seed inputs")
    })?;

    // `check`, not `build`: for these library crates the compiler's errors are the same, and the release build of
    // the lab widgets below compiles them for wasm32 in full anyway
    stages.run("wasm32: the engines compile for wasm32 with their own features (cargo check)", || {
        wasm::ensure_wasm_target()?;
        run(cargo().current_dir(&project.root).args([
            "check",
            "--target",
            WASM_TARGET,
            "--package",
            "onem2m-cse",
            "--package",
            "onem2m-ontology",
            "--package",
            "lab-catalog",
            "--package",
            "plugtest",
        ]))
    })?;

    let built = Instant::now();
    stages.run("wasm build: the lab widgets (release, wasm-bindgen, wasm-opt)", || {
        wasm::build_lab_assets(project, Profile::Release)
    })?;

    let report = stages.run("site build: mdBook with our preprocessor, the decks, precompression", || {
        book::build_site_book(project, Compression::Precompressed)
    })?;

    stages.run("site checks", || {
        let assets = size_report::lab_asset_sizes(&project.site_dir())?;
        let summary = check_site(project)?;
        print!("{}", size_report::render(&report, summary.pages, &assets, built.elapsed()));
        Ok(())
    })?;

    stages.run("PDFs: book.pdf and each deck's (headless Chromium)", || pdf::build_pdfs(project).map(|_| ()))?;

    stages.run("cargo test --workspace (the browser tests in headless Chromium too)", || {
        run(cargo().current_dir(&project.root).env("SITE_DIR", project.site_dir()).args(["test", "--workspace"]))
            .context("the tests failed")
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_timed_and_summarised_up_to_the_one_that_failed() {
        let mut stages = Stages::default();
        assert_eq!(stages.run("first", || Ok(7)).expect("the first stage"), 7);
        let failed = stages.run("second", || -> Result<()> { bail!("broken") });
        assert!(failed.is_err(), "a stage's error is returned");
        let summary = stages.summary();
        let lines: Vec<&str> = summary.lines().filter(|line| !line.is_empty()).collect();
        assert_eq!(lines[0], "xtask test: time per stage");
        assert!(lines[1].trim_start().starts_with("first "), "{summary}");
        assert!(lines[2].trim_start().starts_with("second (failed) "), "{summary}");
        assert!(lines[3].trim_start().starts_with("total "), "{summary}");
        assert!(lines[1].ends_with('%'), "each stage has its share: {summary}");
    }

    #[test]
    fn durations_read_in_seconds_then_minutes() {
        assert_eq!(format_duration(Duration::from_millis(8_420)), "8.4 s");
        assert_eq!(format_duration(Duration::from_secs(245)), "4 min 05 s");
    }
}
