//! `cargo xtask <command>`: see `cargo xtask help`.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use xtask::pipeline;
use xtask::project::Project;
use xtask::wasm::Profile;

const HELP: &str = "\
cargo xtask <command>

  build [--release]            build the lab widgets (wasm) and the book into target/site, print the size report,
                                 then print book.pdf and the decks' PDFs with headless Chromium (skipped without it)
  serve [--port N] [--host H]  build, serve target/site (default 127.0.0.1:3000), rebuild on save, reload pages
        [--dev]                  (serve builds release wasm; --dev builds faster, larger debug wasm)
  book                         rebuild only the book (Markdown, theme) with the lab assets of the last build
  pdf                          print book.pdf and the decks' PDFs from the last build (as build does at its end)
  test                         every check, in the order CI runs them (see CONTRIBUTING.md)
  check-site                   check the built site: links, anchors, assets, no unexpanded directive
  labs                         list the labs a chapter can mount, with their options
  plugtest --cse URL [--td DIR] [--out DIR] [--notify-host H]
                               run the test descriptions (default: the book's suite) against the CSEBase at URL
                                 (e.g. http://127.0.0.1:8080/cse-in) over the oneM2M HTTP binding; report.md and
                                 report.json in target/plugtest (or DIR); fails when a test did not pass
  workshop [--port N] [--host H] [--lan] [--tls] [--data DIR]
                               build (release), then serve the book and the oneM2M CSE over HTTP (default
                                 127.0.0.1:8080, state in workshop-data/); --lan listens on every interface;
                                 --tls serves HTTPS with a workshop CA and authenticates participants
";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nerror: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(arguments: Vec<String>) -> Result<()> {
    let project = Project::locate();
    let (command, options) =
        arguments.split_first().map(|(first, rest)| (first.as_str(), rest)).unwrap_or(("help", &[]));
    match command {
        "build" => {
            let profile = if flag(options, "--release")? { Profile::Release } else { Profile::Debug };
            pipeline::build(&project, profile, true)?;
            xtask::pdf::build_pdfs(&project).map(|_| ())
        }
        "serve" => {
            let port = value(options, "--port")?
                .map(|port| port.parse::<u16>().with_context(|| format!("--port {port} is not a port number")))
                .transpose()?
                .unwrap_or(3000);
            let host = value(options, "--host")?.unwrap_or_else(|| "127.0.0.1".to_owned());
            let profile = if flag(options, "--dev")? { Profile::Debug } else { Profile::Release };
            xtask::serve::serve(&project, &host, port, profile)
        }
        "book" => no_options(options).and_then(|()| {
            let started = std::time::Instant::now();
            xtask::book::build_site_book(&project, xtask::book::Compression::Precompressed)?;
            println!("xtask: book rebuilt in {:.2} s", started.elapsed().as_secs_f64());
            Ok(())
        }),
        "pdf" => no_options(options).and_then(|()| xtask::pdf::build_pdfs(&project).map(|_| ())),
        "test" => no_options(options).and_then(|()| pipeline::test(&project)),
        "check-site" => no_options(options).and_then(|()| pipeline::check_site(&project).map(|_| ())),
        "workshop" => {
            let port = value(options, "--port")?
                .map(|port| port.parse::<u16>().with_context(|| format!("--port {port} is not a port number")))
                .transpose()?;
            let options = xtask::workshop::WorkshopOptions {
                port,
                host: value(options, "--host")?,
                lan: flag(options, "--lan")?,
                tls: flag(options, "--tls")?,
                data: value(options, "--data")?,
            };
            xtask::workshop::workshop(&project, &options)
        }
        "plugtest" => {
            let Some(cse) = value(options, "--cse")? else { bail!("plugtest needs --cse URL\n\n{HELP}") };
            let options = xtask::plugtest::PlugtestOptions {
                cse,
                td_dir: value(options, "--td")?.map(std::path::PathBuf::from),
                out_dir: value(options, "--out")?.map(std::path::PathBuf::from),
                notify_host: value(options, "--notify-host")?,
            };
            let report = xtask::plugtest::plugtest(&project, &options)?;
            if !report.all_passed() {
                bail!("{} test(s) failed, {} inconclusive", report.totals.fail, report.totals.inconclusive);
            }
            Ok(())
        }
        "labs" => {
            print!("{}", book_compiler::directives::describe_labs());
            Ok(())
        }
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{HELP}"),
    }
}

const KNOWN_OPTIONS: &[&str] =
    &["--release", "--dev", "--port", "--host", "--lan", "--tls", "--data", "--cse", "--td", "--out", "--notify-host"];

fn check_known(options: &[String]) -> Result<()> {
    let mut iter = options.iter();
    while let Some(option) = iter.next() {
        if !KNOWN_OPTIONS.contains(&option.as_str()) {
            bail!("unknown option `{option}`\n\n{HELP}");
        }
        if matches!(option.as_str(), "--port" | "--host" | "--data" | "--cse" | "--td" | "--out" | "--notify-host") {
            iter.next();
        }
    }
    Ok(())
}

fn flag(options: &[String], name: &str) -> Result<bool> {
    check_known(options)?;
    Ok(options.iter().any(|option| option == name))
}

fn value(options: &[String], name: &str) -> Result<Option<String>> {
    check_known(options)?;
    match options.iter().position(|option| option == name) {
        Some(index) => match options.get(index + 1) {
            Some(value) => Ok(Some(value.clone())),
            None => bail!("{name} needs a value"),
        },
        None => Ok(None),
    }
}

fn no_options(options: &[String]) -> Result<()> {
    match options.first() {
        Some(option) => bail!("unexpected `{option}`\n\n{HELP}"),
        None => Ok(()),
    }
}
