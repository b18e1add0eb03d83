//! Brotli and gzip copies of the site's text assets, written at build time beside each file (`x.wasm.br`,
//! `x.wasm.gz`), which `static-site` sends to a client whose `Accept-Encoding` allows them. Compressing at build
//! time affords Brotli's best quality (11), far too slow to run per request, for the lab bundles: the largest
//! downloads, which do not change when only the book does, so a file whose bytes equal those of the same file in
//! the last build takes that build's copies instead of being compressed again. Everything else (pages, the
//! search index, mdBook's shell) changes with every build (each page carries the build's id) and is compressed
//! at quality 9: about 20 times faster than 11 for about 10 % more bytes (BENCHMARKS.md).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::write::GzEncoder;

/// The extensions of the files worth compressing: text, and wasm (about 40 % after compression). Images, fonts
/// in WOFF2 and anything else already compressed are left alone.
pub const COMPRESSIBLE: &[&str] =
    &["html", "css", "js", "mjs", "json", "svg", "wasm", "txt", "xml", "ttf", "otf", "eot"];

/// The extensions of the precompressed copies (a file ending so is never compressed itself).
pub const VARIANTS: &[&str] = &["br", "gz"];

/// Below this, compression saves less than the bytes of a header or two.
const SMALLEST: usize = 512;

/// What [`precompress_site`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PrecompressReport {
    /// Files with a `.br` or `.gz` copy now.
    pub files: usize,
    /// Of those, the files whose copies came from the last build.
    pub reused: usize,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
    pub elapsed: Duration,
}

/// Whether `path` names a file to compress (by its extension; never a `.br` or `.gz` copy).
pub fn is_compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| COMPRESSIBLE.iter().any(|known| extension.eq_ignore_ascii_case(known)))
}

/// The Brotli quality of the file at `relative` (a path from the site's root): the best (11) for the lab
/// bundles, 9 for the rest.
pub fn brotli_quality(relative: &Path) -> u32 {
    if relative.starts_with("labs") { BEST_QUALITY } else { 9 }
}

pub const BEST_QUALITY: u32 = 11;

/// Brotli at `quality` (0-11).
pub fn brotli(bytes: &[u8], quality: u32) -> Vec<u8> {
    let window = if bytes.len() > 1 << 22 { 24 } else { 22 };
    let mut compressed = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 64 * 1024, quality, window);
        // writing into a Vec cannot fail
        let _ = writer.write_all(bytes);
    }
    compressed
}

/// gzip at level 9, as the build writes it.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // writing into a Vec cannot fail
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Writes `<file>.br` and `<file>.gz` beside every compressible file of `site` of at least 512 bytes, each only
/// when it is smaller than the file (the server sends a copy whenever it exists). `previous` is the last build's
/// site, whose copies are taken for files that did not change. Runs on every core.
pub fn precompress_site(site: &Path, previous: Option<&Path>) -> Result<PrecompressReport> {
    let started = Instant::now();
    let mut files = Vec::new();
    collect(site, &mut files)?;
    files.retain(|file| is_compressible(file));
    files.sort();
    let next = AtomicUsize::new(0);
    let totals = Mutex::new(PrecompressReport::default());
    let workers = std::thread::available_parallelism().map(|count| count.get()).unwrap_or(1).min(files.len().max(1));
    std::thread::scope(|scope| -> Result<()> {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = files.get(index) else { return Ok(()) };
                        let done = precompress_file(site, file, previous)?;
                        if let Some(done) = done {
                            let mut totals =
                                totals.lock().map_err(|_| anyhow::anyhow!("a compression thread failed"))?;
                            totals.files += 1;
                            totals.reused += usize::from(done.reused);
                            totals.raw += done.raw;
                            totals.gzip += done.gzip;
                            totals.brotli += done.brotli;
                        }
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().map_err(|_| anyhow::anyhow!("a compression thread panicked"))??;
        }
        Ok(())
    })?;
    let mut report = totals.into_inner().map_err(|_| anyhow::anyhow!("a compression thread failed"))?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// A file's Brotli and gzip copies (either may be missing: not worth writing).
type Copies = (Option<Vec<u8>>, Option<Vec<u8>>);

struct Compressed {
    reused: bool,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

fn precompress_file(site: &Path, file: &Path, previous: Option<&Path>) -> Result<Option<Compressed>> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    if bytes.len() < SMALLEST {
        return Ok(None);
    }
    let raw = bytes.len() as u64;
    let earlier = previous.and_then(|previous| copies_from(previous, site, file, &bytes));
    let reused = earlier.is_some();
    let (br, gz) = match earlier {
        Some(copies) => copies,
        None => (
            Some(brotli(&bytes, brotli_quality(file.strip_prefix(site).unwrap_or(file))))
                .filter(|br| br.len() < bytes.len()),
            Some(gzip(&bytes)).filter(|gz| gz.len() < bytes.len()),
        ),
    };
    if br.is_none() && gz.is_none() {
        return Ok(None);
    }
    let mut sizes = Compressed { reused, raw, gzip: raw, brotli: raw };
    if let Some(br) = br {
        write(&variant(file, "br"), &br)?;
        sizes.brotli = br.len() as u64;
    }
    if let Some(gz) = gz {
        write(&variant(file, "gz"), &gz)?;
        sizes.gzip = gz.len() as u64;
    }
    Ok(Some(sizes))
}

/// The last build's copies of `file`, when that build had the same bytes there (and so its copies are right).
fn copies_from(previous: &Path, site: &Path, file: &Path, bytes: &[u8]) -> Option<Copies> {
    let before = previous.join(file.strip_prefix(site).ok()?);
    if std::fs::read(&before).ok()? != bytes {
        return None;
    }
    let br = std::fs::read(variant(&before, "br")).ok();
    let gz = std::fs::read(variant(&before, "gz")).ok();
    // a copy that is missing there was not worth writing; none at all means that build wrote none
    (br.is_some() || gz.is_some()).then_some((br, gz))
}

/// `<file>.<extension>`: the path of a precompressed copy.
pub fn variant(file: &Path, extension: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// Every file under `folder`, recursively.
pub fn collect(folder: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(folder).with_context(|| format!("reading {}", folder.display()))? {
        let path = entry.with_context(|| format!("reading {}", folder.display()))?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn unbrotli(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out).expect("valid brotli");
        out
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).expect("valid gzip");
        out
    }

    fn site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("labs")).expect("create the site");
        let page: String = (0..200).map(|i| format!("<p>paragraph {i} of the chapter</p>\n")).collect();
        std::fs::write(dir.join("index.html"), &page).expect("write");
        std::fs::write(dir.join("labs/lab_bg.wasm"), page.as_bytes().repeat(3)).expect("write");
        std::fs::write(dir.join("small.js"), "let x = 1;").expect("write");
        // already compressed: random-looking bytes in an image
        let noise: Vec<u8> = (0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        std::fs::write(dir.join("figure.png"), noise).expect("write");
        dir
    }

    #[test]
    fn text_assets_get_brotli_and_gzip_copies_that_decode_to_the_file() {
        let site = site("copies");
        let report = precompress_site(&site, None).expect("precompress");
        assert_eq!((report.files, report.reused), (2, 0), "the page and the wasm: not the small script, not the image");
        for file in ["index.html", "labs/lab_bg.wasm"] {
            let original = std::fs::read(site.join(file)).expect("read");
            let br = std::fs::read(variant(&site.join(file), "br")).expect("a .br copy");
            let gz = std::fs::read(variant(&site.join(file), "gz")).expect("a .gz copy");
            assert_eq!(unbrotli(&br), original, "{file}");
            assert_eq!(gunzip(&gz), original, "{file}");
            assert!(
                br.len() < gz.len() && gz.len() < original.len(),
                "{file}: br {} gz {} raw {}",
                br.len(),
                gz.len(),
                original.len()
            );
        }
        assert!(!variant(&site.join("small.js"), "br").exists());
        assert!(!variant(&site.join("figure.png"), "br").exists());
        assert!(report.brotli < report.gzip && report.gzip < report.raw, "{report:?}");
    }

    #[test]
    fn unchanged_files_take_the_last_builds_copies() {
        let previous = site("previous");
        precompress_site(&previous, None).expect("precompress");
        // mark the old copy: taking it proves it was not compressed again
        let old_br = variant(&previous.join("labs/lab_bg.wasm"), "br");
        let mut marked = std::fs::read(&old_br).expect("read");
        marked.push(0);
        std::fs::write(&old_br, &marked).expect("write");
        let site = site("next");
        std::fs::write(site.join("index.html"), "<p>a changed page</p>\n".repeat(100)).expect("write");
        let report = precompress_site(&site, Some(&previous)).expect("precompress");
        assert_eq!((report.files, report.reused), (2, 1), "{report:?}");
        assert_eq!(std::fs::read(variant(&site.join("labs/lab_bg.wasm"), "br")).expect("read"), marked);
        let page = std::fs::read(variant(&site.join("index.html"), "br")).expect("read");
        assert_eq!(
            unbrotli(&page),
            "<p>a changed page</p>\n".repeat(100).as_bytes(),
            "the changed page, compressed anew"
        );
    }

    #[test]
    fn the_lab_bundles_get_the_best_quality() {
        assert_eq!(brotli_quality(Path::new("labs/acl_lab_bg.wasm")), BEST_QUALITY);
        assert_eq!(brotli_quality(Path::new("security/access-control.html")), 9);
        assert_eq!(brotli_quality(Path::new("labs.html")), 9);
        let bytes = include_bytes!("precompress.rs");
        assert!(brotli(bytes, BEST_QUALITY).len() < brotli(bytes, 9).len(), "11 is worth its time");
    }

    #[test]
    fn copies_are_never_compressed_again() {
        assert!(is_compressible(Path::new("labs/x_bg.wasm")));
        assert!(is_compressible(Path::new("INDEX.HTML")));
        assert!(!is_compressible(Path::new("labs/x_bg.wasm.br")));
        assert!(!is_compressible(Path::new("index.html.gz")));
        assert!(!is_compressible(Path::new("fonts/a.woff2")));
    }
}
