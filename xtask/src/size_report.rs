//! The size report printed after every build: pages, labs, the raw, gzip and Brotli bytes of every lab asset,
//! and the whole site's. The compressed sizes are those of the build's precompressed copies (`x.br`, `x.gz`,
//! `book/precompress.rs`), which is what `static-site` sends; a file without them is measured by compressing it
//! the same way.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};

use book_compiler::preprocessor::BookReport;

use crate::book::precompress::{self, VARIANTS, collect, variant};

/// One file of `site/labs/`, or a total.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssetSize {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// The lab assets, one by one, and the whole site.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sizes {
    pub labs: Vec<AssetSize>,
    pub site: AssetSize,
}

/// The raw, gzip and Brotli sizes of every lab asset, and of the whole site as served: each file's precompressed
/// copy where the build wrote one, else the file.
pub fn lab_asset_sizes(site: &Path) -> Result<Sizes> {
    let labs = site.join("labs");
    if !labs.is_dir() {
        anyhow::bail!(
            "{} does not exist: the lab assets were not installed (was the site rebuilt meanwhile?)",
            labs.display()
        );
    }
    let mut sizes = Sizes::default();
    for entry in std::fs::read_dir(&labs).with_context(|| format!("reading {}", labs.display()))? {
        let path = entry.with_context(|| format!("reading {}", labs.display()))?.path();
        if is_copy(&path) {
            continue;
        }
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        sizes.labs.push(AssetSize {
            name: format!("labs/{}", path.file_name().unwrap_or_default().to_string_lossy()),
            raw: bytes.len() as u64,
            gzip: copy_size(&path, "gz").unwrap_or_else(|| gzip_size(&bytes)),
            brotli: copy_size(&path, "br").unwrap_or_else(|| brotli_size(&bytes)),
        });
    }
    sizes.labs.sort_by(|a, b| a.name.cmp(&b.name));
    let mut files = Vec::new();
    collect(site, &mut files)?;
    files.retain(|file| !is_copy(file));
    sizes.site.name = format!("whole site ({} files, as served)", files.len());
    for file in &files {
        let raw = std::fs::metadata(file).with_context(|| format!("reading {}", file.display()))?.len();
        sizes.site.raw += raw;
        sizes.site.gzip += copy_size(file, "gz").unwrap_or(raw);
        sizes.site.brotli += copy_size(file, "br").unwrap_or(raw);
    }
    Ok(sizes)
}

fn is_copy(path: &Path) -> bool {
    path.extension().and_then(|extension| extension.to_str()).is_some_and(|extension| VARIANTS.contains(&extension))
}

fn copy_size(file: &Path, extension: &str) -> Option<u64> {
    std::fs::metadata(variant(file, extension)).ok().map(|metadata| metadata.len())
}

/// gzip at level 9, what the build precompresses with.
pub fn gzip_size(bytes: &[u8]) -> u64 {
    precompress::gzip(bytes).len() as u64
}

/// Brotli at quality 11, what the build precompresses the lab bundles with.
pub fn brotli_size(bytes: &[u8]) -> u64 {
    precompress::brotli(bytes, precompress::BEST_QUALITY).len() as u64
}

fn kilobytes(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// The report as printed.
pub fn render(report: &BookReport, pages: usize, sizes: &Sizes, elapsed: Duration) -> String {
    let mut text = String::new();
    text.push_str("\nSite summary (target/site)\n");
    text.push_str(&format!("  pages:   {pages} HTML files, {} chapters\n", report.chapters));
    text.push_str(&format!(
        "  labs:    {} lab widgets, {} quizzes, {} figures, in {} chapters\n",
        report.counts.labs,
        report.counts.quizzes,
        report.counts.figures,
        report.chapters_with_widgets.len()
    ));
    let row = |asset: &AssetSize| {
        format!(
            "  {:<36} {:>12} {:>12} {:>12}\n",
            asset.name,
            kilobytes(asset.raw),
            kilobytes(asset.gzip),
            kilobytes(asset.brotli)
        )
    };
    text.push_str(&format!("  {:<36} {:>12} {:>12} {:>12}\n", "lab asset", "raw", "gzip", "brotli"));
    let mut total = AssetSize { name: "total".to_owned(), ..AssetSize::default() };
    for asset in &sizes.labs {
        text.push_str(&row(asset));
        total.raw += asset.raw;
        total.gzip += asset.gzip;
        total.brotli += asset.brotli;
    }
    text.push_str(&row(&total));
    text.push_str(&row(&sizes.site));
    text.push_str(&format!("  elapsed: {:.2} s\n", elapsed.as_secs_f64()));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_and_brotli_shrink_repetitive_bytes() {
        let bytes = b"the quick brown fox jumps over the lazy dog; ".repeat(400);
        let gzip = gzip_size(&bytes);
        let brotli = brotli_size(&bytes);
        assert!(gzip > 0 && gzip < 300, "{gzip}");
        assert!(brotli > 0 && brotli < gzip, "brotli {brotli}, gzip {gzip}");
    }

    #[test]
    fn the_report_lists_assets_totals_and_the_site() {
        let sizes = Sizes {
            labs: vec![
                AssetSize { name: "labs/w.js".into(), raw: 2_000, gzip: 500, brotli: 400 },
                AssetSize { name: "labs/w_bg.wasm".into(), raw: 300_000, gzip: 100_000, brotli: 80_000 },
            ],
            site: AssetSize {
                name: "whole site (9 files, as served)".into(),
                raw: 900_000,
                gzip: 300_000,
                brotli: 250_000,
            },
        };
        let text = render(&BookReport::default(), 3, &sizes, Duration::from_millis(1500));
        assert!(text.contains("brotli"), "{text}");
        let wasm = text.lines().find(|line| line.contains("labs/w_bg.wasm")).expect("the wasm's row");
        assert!(wasm.contains("300.0 KB") && wasm.contains("100.0 KB") && wasm.contains("80.0 KB"), "{wasm}");
        let total = text.lines().find(|line| line.trim_start().starts_with("total")).expect("the total");
        assert!(total.contains("302.0 KB") && total.contains("100.5 KB") && total.contains("80.4 KB"), "{total}");
        let site = text.lines().find(|line| line.contains("whole site")).expect("the site's row");
        assert!(site.contains("900.0 KB") && site.contains("300.0 KB") && site.contains("250.0 KB"), "{site}");
        assert!(text.contains("elapsed: 1.50 s"), "{text}");
    }

    #[test]
    fn sizes_are_those_of_the_builds_copies_and_the_copies_are_not_assets() {
        let site = std::env::temp_dir().join(format!("xtask-size-report-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&site);
        std::fs::create_dir_all(site.join("labs")).expect("create the site");
        let wasm = b"\0asm some wasm that compresses well ".repeat(300);
        std::fs::write(site.join("labs/w_bg.wasm"), &wasm).expect("write");
        std::fs::write(site.join("labs/w.js"), b"export default 1;\n".repeat(100)).expect("write");
        std::fs::write(site.join("index.html"), vec![b'a'; 1000]).expect("write");
        precompress::precompress_site(&site, None).expect("precompress");
        // a copy of a known size proves the report reads the copy rather than compressing again
        std::fs::write(variant(&site.join("labs/w_bg.wasm"), "br"), [7u8; 123]).expect("write");
        let sizes = lab_asset_sizes(&site).expect("sizes");
        let names: Vec<&str> = sizes.labs.iter().map(|asset| asset.name.as_str()).collect();
        assert_eq!(names, ["labs/w.js", "labs/w_bg.wasm"], "no .br or .gz rows");
        let wasm_row = &sizes.labs[1];
        assert_eq!((wasm_row.raw, wasm_row.brotli), (wasm.len() as u64, 123));
        assert_eq!(wasm_row.gzip, gzip_size(&wasm));
        assert_eq!(sizes.site.name, "whole site (3 files, as served)");
        assert_eq!(sizes.site.raw, wasm.len() as u64 + 1800 + 1000);
        assert!(sizes.site.brotli < sizes.site.gzip && sizes.site.gzip < sizes.site.raw, "{:?}", sizes.site);
    }
}
