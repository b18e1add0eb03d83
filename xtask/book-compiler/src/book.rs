//! mdBook as a library with our preprocessors registered in process.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use mdbook_driver::MDBook;

use crate::preprocessor::{BookReport, LabDirectives};
use crate::slides::{SlideBook, SlidesPreprocessor};

/// Builds the book at `book_root` into `destination`. Diagnostics name files relative to `display_base`.
pub fn build_book(book_root: &Path, destination: &Path, display_base: &Path) -> Result<BookReport> {
    build_book_for_slides(book_root, destination, display_base).map(|(report, _)| report)
}

/// [`build_book`], also returning the chapters as the `slides` preprocessor kept them for the decks.
pub fn build_book_for_slides(
    book_root: &Path,
    destination: &Path,
    display_base: &Path,
) -> Result<(BookReport, SlideBook)> {
    let mut book = MDBook::load(book_root)
        .map_err(|error| anyhow!("{error:#}"))
        .with_context(|| format!("loading the book at {} (book.toml and src/SUMMARY.md)", book_root.display()))?;
    book.config.build.build_dir = destination.to_path_buf();
    let preprocessor = LabDirectives::new(display_base);
    let report = preprocessor.report();
    book.with_preprocessor(preprocessor);
    let slides = SlidesPreprocessor::new(display_base);
    let captured = slides.captured();
    book.with_preprocessor(slides);
    // mdBook wraps a preprocessor's error; `{:#}` keeps our file:line list readable
    book.build().map_err(|error| anyhow!("{error:#}")).context("building the book")?;
    let report = report.lock().map(|report| report.clone()).unwrap_or_default();
    let captured = captured.lock().map(|captured| captured.clone()).unwrap_or_default();
    Ok((report, captured))
}
