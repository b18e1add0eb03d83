//! Builds the project's book with the book compiler (mdBook as a library, our preprocessors in process), then
//! installs the lab assets and writes the slide decks beside it (mdBook empties its output folder on every build),
//! sets up offline reading (`offline.rs`: the service worker and the script every page loads) and writes the
//! Brotli and gzip copies of the text assets (`precompress.rs`).

pub mod offline;
pub mod precompress;

use std::path::Path;

use anyhow::{Context, Result};
use book_compiler::book::build_book_for_slides;
use book_compiler::preprocessor::BookReport;
use book_compiler::slides;

use crate::project::Project;

/// Whether a build writes Brotli and gzip copies of its text assets. `cargo xtask serve`'s rebuilds skip them: its
/// server compresses on the fly, and an author's edit should not wait for the compressor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Precompressed,
    Plain,
}

/// Builds the project's book, installs the lab assets beside it, sets up offline reading and precompresses the
/// text assets, then swaps the result into
/// `target/site` in one step, so a server never serves a half-built site and a failed build keeps the last good one.
pub fn build_site_book(project: &Project, compression: Compression) -> Result<BookReport> {
    let site = project.site_dir();
    let next = site.with_extension("next");
    let (report, slide_book) = build_book_for_slides(&project.book_dir(), &next, &project.root)?;
    install_lab_assets(project, &next)?;
    let decks_started = std::time::Instant::now();
    let decks = slides::write_decks(&slide_book, &next, &project.root.join("theme"))?;
    for warning in &decks.warnings {
        eprintln!("warning: {warning}");
    }
    println!(
        "xtask: {} slide decks, {} slides in {}/slides ({:.2} s, {} may overflow)",
        decks.decks,
        decks.slides,
        project.display(&site),
        decks_started.elapsed().as_secs_f64(),
        decks.warnings.len()
    );
    let offline = offline::install_offline_reading(&next, &project.root.join("theme"))?;
    if compression == Compression::Precompressed {
        let previous = site.is_dir().then_some(site.as_path());
        let compressed = precompress::precompress_site(&next, previous)?;
        println!(
            "xtask: offline reading for {} pages (build {}, {} shell files); {} files precompressed ({} from the last \
             build): {:.1} MB raw, {:.1} MB gzip, {:.1} MB brotli ({:.2} s)",
            offline.pages,
            offline.build_id,
            offline.shell.len(),
            compressed.files,
            compressed.reused,
            compressed.raw as f64 / 1e6,
            compressed.gzip as f64 / 1e6,
            compressed.brotli as f64 / 1e6,
            compressed.elapsed.as_secs_f64()
        );
    } else {
        println!(
            "xtask: offline reading for {} pages (build {}, {} shell files); no precompressed copies (serve)",
            offline.pages,
            offline.build_id,
            offline.shell.len()
        );
    }
    let old = site.with_extension("old");
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
    }
    if site.exists() {
        std::fs::rename(&site, &old).with_context(|| format!("moving {} aside", site.display()))?;
    }
    std::fs::rename(&next, &site).with_context(|| format!("moving the new build to {}", site.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
    }
    Ok(report)
}

/// Copies wasm-bindgen's output and the widgets' stylesheet (`theme/labs.css`) into the site's `labs/`, and the
/// Turtle and SPARQL highlighting (`theme/highlight-rdf.js`, loaded by every page's `head.hbs`) and the book's print
/// stylesheet (`theme/book-print.css`, for paper and `book.pdf`) to the site's root.
/// Missing assets are an error: pages would mount nothing.
pub fn install_lab_assets(project: &Project, site: &Path) -> Result<()> {
    let assets = project.lab_assets_dir();
    let labs = site.join("labs");
    std::fs::create_dir_all(&labs).with_context(|| format!("creating {}", labs.display()))?;
    let entries = std::fs::read_dir(&assets)
        .with_context(|| format!("reading {} (run `cargo xtask build` to build the lab widgets)", assets.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", assets.display()))?;
        let to = labs.join(entry.file_name());
        std::fs::copy(entry.path(), &to)
            .with_context(|| format!("copying {} to {}", entry.path().display(), to.display()))?;
    }
    let stylesheet = project.root.join("theme/labs.css");
    std::fs::copy(&stylesheet, labs.join("labs.css")).with_context(|| format!("copying {}", stylesheet.display()))?;
    let print = project.root.join("theme/book-print.css");
    std::fs::copy(&print, site.join("book-print.css")).with_context(|| format!("copying {}", print.display()))?;
    let highlighting = project.root.join("theme/highlight-rdf.js");
    std::fs::copy(&highlighting, site.join("highlight-rdf.js"))
        .with_context(|| format!("copying {}", highlighting.display()))?;
    Ok(())
}
