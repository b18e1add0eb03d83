//! Slide decks from the chapters: one deck per chapter at `slides/<chapter>.html`, plus `slides/index.html`.
//!
//! Two halves, both in process:
//! - the `slides` mdBook preprocessor ([`SlidesPreprocessor`]) runs after mdBook's `links` and before our
//!   `lab-directives`: it keeps a copy of every chapter's Markdown for the decks and removes slide-only and
//!   notes regions from the book (line for line, so later diagnostics keep their lines);
//! - [`write_decks`], called by `book::build_site_book` once mdBook has written the book, splits each chapter
//!   ([`split`]), renders the decks ([`render`], code highlighted by [`highlight`]), copies the runtime
//!   (`theme/slides/slides.js`, `slides.css`), and adds a "Slides" link to every chapter page.
//!
//! Options live in book.toml under `[preprocessor.slides]` (see [`SlideOptions`]).

pub mod highlight;
pub mod render;
pub mod split;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use render::{DeckPage, IndexEntry};

/// `[preprocessor.slides]` in book.toml.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct SlideOptions {
    /// Headings of this level (and higher) start a slide; deeper ones stay on it. 1 to 6, default 2.
    pub heading_level: u8,
    /// A slide estimated above this many lines is reported as possibly overflowing. Default 18: a slide body holds
    /// about 14 lines at full size, and the runtime shrinks text to fit, down to about 75 % for 18 lines.
    pub overflow_lines: f32,
    /// Chapters (paths relative to `src/`) that get no deck, e.g. the glossary.
    pub exclude: Vec<PathBuf>,
    // mdBook's own keys of the table, accepted and ignored here
    before: Vec<String>,
    after: Vec<String>,
}

impl Default for SlideOptions {
    fn default() -> Self {
        SlideOptions {
            heading_level: 2,
            overflow_lines: 18.0,
            exclude: Vec::new(),
            before: Vec::new(),
            after: Vec::new(),
        }
    }
}

/// A chapter as the decks need it.
#[derive(Debug, Clone)]
pub struct ChapterSource {
    pub name: String,
    /// Relative to the book's `src/`.
    pub path: PathBuf,
    /// How diagnostics name it, e.g. `book/src/security/access-control.md`.
    pub file: String,
    pub part: Option<String>,
    /// The Markdown after mdBook's `links` preprocessor (includes expanded), before ours.
    pub content: String,
}

/// What the preprocessor kept for the decks.
#[derive(Debug, Clone, Default)]
pub struct SlideBook {
    pub options: SlideOptions,
    pub book_title: String,
    pub language: String,
    pub chapters: Vec<ChapterSource>,
}

/// The `slides` preprocessor.
#[derive(Debug, Clone)]
pub struct SlidesPreprocessor {
    display_base: PathBuf,
    captured: Arc<Mutex<SlideBook>>,
}

impl SlidesPreprocessor {
    pub const NAME: &'static str = "slides";

    pub fn new(display_base: &Path) -> Self {
        SlidesPreprocessor { display_base: display_base.to_path_buf(), captured: Arc::default() }
    }

    /// A handle on what the preprocessor keeps when it runs.
    pub fn captured(&self) -> Arc<Mutex<SlideBook>> {
        Arc::clone(&self.captured)
    }
}

impl Preprocessor for SlidesPreprocessor {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn run(&self, context: &PreprocessorContext, mut book: Book) -> mdbook_preprocessor::errors::Result<Book> {
        let options: SlideOptions = context.config.get("preprocessor.slides")?.unwrap_or_default();
        if !(1..=6).contains(&options.heading_level) {
            return Err(anyhow::anyhow!(
                "book.toml: [preprocessor.slides] heading-level = {} must be a heading level from 1 to 6",
                options.heading_level
            ));
        }
        let src_dir = context.root.join(&context.config.book.src);
        let display = |path: &Path| {
            let full = src_dir.join(path);
            full.strip_prefix(&self.display_base).unwrap_or(&full).display().to_string()
        };
        let mut chapters = Vec::new();
        let mut part = None;
        for item in book.iter() {
            match item {
                BookItem::PartTitle(title) => part = Some(title.clone()),
                BookItem::Chapter(chapter) => {
                    if let Some(path) = &chapter.source_path
                        && !options.exclude.contains(path)
                    {
                        chapters.push(ChapterSource {
                            name: chapter.name.clone(),
                            path: path.clone(),
                            file: display(path),
                            part: part.clone(),
                            content: chapter.content.clone(),
                        });
                    }
                }
                BookItem::Separator => {}
            }
        }
        let mut diagnostics = Vec::new();
        book.for_each_chapter_mut(|chapter| {
            let Some(path) = chapter.source_path.clone() else { return };
            match split::strip_for_book(&chapter.content, &display(&path)) {
                Ok(stripped) => chapter.content = stripped,
                Err(found) => diagnostics.extend(found),
            }
        });
        if let Ok(mut captured) = self.captured.lock() {
            *captured = SlideBook {
                options,
                book_title: context.config.book.title.clone().unwrap_or_default(),
                language: context.config.book.language.clone().unwrap_or_else(|| "en".to_owned()),
                chapters,
            };
        }
        if diagnostics.is_empty() { Ok(book) } else { Err(Diagnostics(diagnostics).into()) }
    }

    fn supports_renderer(&self, _renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(true)
    }
}

/// What [`write_decks`] wrote.
#[derive(Debug, Clone, Default)]
pub struct DeckSummary {
    pub decks: usize,
    pub slides: usize,
    /// Slides that may overflow, as `file:line: slide "Title" may overflow (N lines)`.
    pub warnings: Vec<Diagnostic>,
}

/// A chapter's deck, rendered.
#[derive(Debug, Clone)]
pub struct ChapterDeck {
    pub html: String,
    pub slides: usize,
    /// The time planned for the deck: the sum of its slides' `minutes`, if any has some.
    pub minutes: Option<f32>,
    /// Slides that may overflow.
    pub warnings: Vec<Diagnostic>,
}

/// A chapter's slides, checked: the split, the overflow warnings, and the deck's HTML.
pub fn chapter_deck(book: &SlideBook, chapter: &ChapterSource) -> Result<ChapterDeck, Vec<Diagnostic>> {
    let slides = split::split_chapter(&chapter.content, &chapter.file, &chapter.name, book.options.heading_level)?;
    let warnings = split::overflow_warnings(&slides, &chapter.file, book.options.overflow_lines);
    let page = DeckPage {
        chapter: &chapter.path,
        file: &chapter.file,
        book_title: &book.book_title,
        part: chapter.part.as_deref(),
        language: &book.language,
    };
    let html = render::deck_html(&page, &slides)?;
    Ok(ChapterDeck { html, slides: slides.len(), minutes: render::deck_minutes(&slides), warnings })
}

/// Writes every deck, the index, the runtime and the highlighting stylesheet under `site/slides/`, and links
/// each chapter page to its deck. `theme_dir` holds `slides/slides.js` and `slides/slides.css`.
pub fn write_decks(book: &SlideBook, site: &Path, theme_dir: &Path) -> Result<DeckSummary> {
    let slides_dir = site.join("slides");
    std::fs::create_dir_all(&slides_dir).with_context(|| format!("creating {}", slides_dir.display()))?;
    let mut summary = DeckSummary::default();
    let mut diagnostics = Vec::new();
    let mut entries = Vec::new();
    for chapter in &book.chapters {
        let deck_page = match chapter_deck(book, chapter) {
            Ok(deck) => deck,
            Err(found) => {
                diagnostics.extend(found);
                continue;
            }
        };
        let deck = slides_dir.join(chapter.path.with_extension("html"));
        if let Some(parent) = deck.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&deck, &deck_page.html).with_context(|| format!("writing {}", deck.display()))?;
        link_chapter_page(site, &chapter.path)?;
        summary.decks += 1;
        summary.slides += deck_page.slides;
        summary.warnings.extend(deck_page.warnings);
        entries.push(IndexEntry {
            part: chapter.part.clone(),
            chapter: chapter.path.clone(),
            title: chapter.name.clone(),
            slides: deck_page.slides,
            minutes: deck_page.minutes,
        });
    }
    if !diagnostics.is_empty() {
        return Err(Diagnostics(diagnostics)).context("building the slide decks");
    }
    let index = slides_dir.join("index.html");
    std::fs::write(&index, render::index_html(&book.book_title, &book.language, &entries))
        .with_context(|| format!("writing {}", index.display()))?;
    for asset in ["slides.js", "slides.css", "print.css"] {
        let from = theme_dir.join("slides").join(asset);
        std::fs::copy(&from, slides_dir.join(asset)).with_context(|| format!("copying {}", from.display()))?;
    }
    let highlight = slides_dir.join("highlight.css");
    std::fs::write(&highlight, highlight::stylesheet()).with_context(|| format!("writing {}", highlight.display()))?;
    Ok(summary)
}

/// Adds a "Slides" link at the top of a chapter's page (after mdBook's `<main>`), so the book's Markdown,
/// its search index and print.html stay as they are.
fn link_chapter_page(site: &Path, chapter: &Path) -> Result<()> {
    let page = site.join(chapter.with_extension("html"));
    let Ok(html) = std::fs::read_to_string(&page) else { return Ok(()) };
    let Some(position) = html.find("<main>") else { return Ok(()) };
    let root = "../".repeat(chapter.parent().map(|parent| parent.components().count()).unwrap_or(0));
    let deck = chapter
        .with_extension("html")
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let link = format!(
        "\n<p class=\"deck-link\" style=\"float: right; margin: 0.2em 0 0.5em 1em; font-size: 0.9em;\"><a href=\"{root}slides/{deck}\" title=\"Present this chapter as slides\">Slides</a></p>"
    );
    let at = position + "<main>".len();
    let linked = format!("{}{link}{}", &html[..at], &html[at..]);
    std::fs::write(&page, linked).with_context(|| format!("writing {}", page.display()))
}

#[cfg(test)]
mod tests;
