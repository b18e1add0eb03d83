//! The size report printed after every build: pages, labs, and the raw and gzip bytes of every lab asset.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::write::GzEncoder;

use book_compiler::preprocessor::BookReport;

/// One file of `site/labs/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetSize {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
}

/// The raw and gzip (level 9, what a static server would send) sizes of every lab asset.
pub fn lab_asset_sizes(site: &Path) -> Result<Vec<AssetSize>> {
    let labs = site.join("labs");
    let mut sizes = Vec::new();
    if !labs.is_dir() {
        anyhow::bail!(
            "{} does not exist: the lab assets were not installed (was the site rebuilt meanwhile?)",
            labs.display()
        );
    }
    for entry in std::fs::read_dir(&labs).with_context(|| format!("reading {}", labs.display()))? {
        let path = entry.with_context(|| format!("reading {}", labs.display()))?.path();
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        sizes.push(AssetSize {
            name: format!("labs/{}", path.file_name().unwrap_or_default().to_string_lossy()),
            raw: bytes.len() as u64,
            gzip: gzip_size(&bytes),
        });
    }
    sizes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(sizes)
}

pub fn gzip_size(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // writing into a Vec cannot fail
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|compressed| compressed.len() as u64).unwrap_or(0)
}

fn kilobytes(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// The report as printed.
pub fn render(report: &BookReport, pages: usize, assets: &[AssetSize], elapsed: Duration) -> String {
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
    text.push_str(&format!("  {:<36} {:>12} {:>12}\n", "lab asset", "raw", "gzip"));
    let mut total = (0, 0);
    for asset in assets {
        text.push_str(&format!("  {:<36} {:>12} {:>12}\n", asset.name, kilobytes(asset.raw), kilobytes(asset.gzip)));
        total = (total.0 + asset.raw, total.1 + asset.gzip);
    }
    text.push_str(&format!("  {:<36} {:>12} {:>12}\n", "total", kilobytes(total.0), kilobytes(total.1)));
    text.push_str(&format!("  elapsed: {:.2} s\n", elapsed.as_secs_f64()));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_shrinks_repetitive_bytes() {
        let bytes = vec![b'a'; 10_000];
        let size = gzip_size(&bytes);
        assert!(size > 0 && size < 200, "{size}");
    }

    #[test]
    fn the_report_lists_assets_and_totals() {
        let assets = vec![
            AssetSize { name: "labs/w.js".into(), raw: 2_000, gzip: 500 },
            AssetSize { name: "labs/w_bg.wasm".into(), raw: 300_000, gzip: 100_000 },
        ];
        let text = render(&BookReport::default(), 3, &assets, Duration::from_millis(1500));
        assert!(text.contains("labs/w_bg.wasm"), "{text}");
        assert!(text.contains("302.0 KB"), "{text}");
        assert!(text.contains("100.5 KB"), "{text}");
        assert!(text.contains("elapsed: 1.50 s"), "{text}");
    }
}
