//! Slides to HTML: the deck page of a chapter and the deck index. Markdown is rendered with pulldown-cmark
//! (mdBook's options), code is highlighted at build time, links are rewritten to work from `slides/`,
//! and lab, quiz and figure directives are expanded exactly as in the book.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, escape_html};
use crate::directives::{DirectiveCounts, DirectiveState, expand_directives, markdown_options};
use crate::slides::highlight::code_block_html;
use crate::slides::split::{Block, BlockKind, Slide};

/// Where a deck sits and what it belongs to.
#[derive(Debug, Clone)]
pub struct DeckPage<'a> {
    /// The chapter's path relative to the book's `src/`, e.g. `security/access-control.md`.
    pub chapter: &'a Path,
    /// How diagnostics name the chapter, e.g. `book/src/security/access-control.md`.
    pub file: &'a str,
    pub book_title: &'a str,
    pub part: Option<&'a str>,
    /// The language of the book, for `<html lang>`.
    pub language: &'a str,
}

impl DeckPage<'_> {
    /// From the deck (`slides/<chapter>.html`) to the site root, e.g. `../../`.
    pub fn root(&self) -> String {
        "../".repeat(self.chapter.parent().map(|parent| parent.components().count()).unwrap_or(0) + 1)
    }

    /// The chapter's page, relative to the site root.
    pub fn chapter_html(&self) -> String {
        url_path(&self.chapter.with_extension("html"))
    }

    /// The deck, relative to `slides/`.
    pub fn deck_html(&self) -> String {
        url_path(&self.chapter.with_extension("html"))
    }

    /// A link of the chapter's Markdown, rewritten for the deck: relative paths resolved from the chapter's folder,
    /// `.md` to `.html`, `#anchor` to the chapter page; external links unchanged.
    pub fn rewrite_link(&self, destination: &str) -> String {
        if destination.starts_with("//") || destination.starts_with('/') || has_scheme(destination) {
            return destination.to_owned();
        }
        let (path, fragment) = match destination.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (destination, None),
        };
        let target = if path.is_empty() {
            self.chapter_html()
        } else {
            let (file, query) = match path.split_once('?') {
                Some((file, query)) => (file, Some(query)),
                None => (path, None),
            };
            let joined = self.chapter.parent().unwrap_or(Path::new("")).join(file);
            let mut resolved = url_path(&normalize(&joined));
            if let Some(stem) = resolved.strip_suffix(".md") {
                resolved = format!("{stem}.html");
            }
            match query {
                Some(query) => format!("{resolved}?{query}"),
                None => resolved,
            }
        };
        match fragment {
            Some(fragment) => format!("{}{target}#{fragment}", self.root()),
            None => format!("{}{target}", self.root()),
        }
    }
}

fn has_scheme(destination: &str) -> bool {
    match destination.find(':') {
        Some(colon) => {
            let scheme = &destination[..colon];
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `.` and `..` resolved without the file system; `..` above the root is kept (the site check reports it).
fn normalize(path: &Path) -> PathBuf {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                if parts.last().is_some_and(|last| last != "..") {
                    parts.pop();
                } else {
                    parts.push("..".to_owned());
                }
            }
            _ => {}
        }
    }
    parts.iter().collect()
}

fn url_path(path: &Path) -> String {
    path.components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Markdown to HTML for a slide: code highlighted, links rewritten.
pub fn markdown_html(markdown: &str, page: &DeckPage<'_>) -> String {
    markdown_fragments_html(markdown, page, false).0
}

/// [`markdown_html`], and with `reveal_items` the items of a top-level list are fragments (`<li class="fragment">`,
/// revealed one by one); also how many items were so marked.
fn markdown_fragments_html(markdown: &str, page: &DeckPage<'_>, reveal_items: bool) -> (String, usize) {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut list_depth = 0usize;
    let mut fragments = 0;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::List(start)) => {
                list_depth += 1;
                events.push(Event::Start(Tag::List(start)));
            }
            Event::End(TagEnd::List(ordered)) => {
                list_depth = list_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::List(ordered)));
            }
            Event::Start(Tag::Item) if reveal_items && list_depth == 1 => {
                fragments += 1;
                events.push(Event::Html(CowStr::from("<li class=\"fragment\">")));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or_default().to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((language, String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, body)) = code.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((language, body)) = code.take() {
                    events.push(Event::Html(CowStr::from(code_block_html(&language, &body))));
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = CowStr::from(page.rewrite_link(&dest_url));
                events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = CowStr::from(page.rewrite_link(&dest_url));
                events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, fragments)
}

/// Minutes as a lecturer writes them: `4`, `1.5`.
pub fn format_minutes(minutes: f32) -> String {
    let rounded = (minutes * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded:.1}") }
}

/// The time planned for a deck: the sum of its slides' minutes, or `None` when no slide has any.
pub fn deck_minutes(slides: &[Slide]) -> Option<f32> {
    let planned: Vec<f32> = slides.iter().filter_map(|slide| slide.minutes).collect();
    (!planned.is_empty()).then(|| planned.iter().sum())
}

/// What a deck's directives need: quiz ids are unique within the deck, mount ids count up across it.
#[derive(Debug, Default)]
pub struct DeckDirectives {
    state: DirectiveState,
    counts: DirectiveCounts,
    mounts: usize,
}

impl DeckDirectives {
    /// Expands one directive block; diagnostics name its line in the chapter.
    fn expand(&mut self, block: &Block, file: &str) -> Result<String, Vec<Diagnostic>> {
        // leading newlines put the block on its own line of the chapter, so diagnostics point there
        let source = format!("{}{}", "\n".repeat(block.line.saturating_sub(1)), block.markdown);
        let html = expand_directives(&source, file, &mut self.state, &mut self.counts)?;
        let html = html.trim().to_owned();
        // every expansion numbers its mount `lab-1`; number them across the deck
        Ok(if html.contains("id=\"lab-1\"") {
            self.mounts += 1;
            html.replacen("id=\"lab-1\"", &format!("id=\"slide-lab-{}\"", self.mounts), 1)
        } else {
            html
        })
    }
}

fn blocks_html(
    blocks: &[Block],
    page: &DeckPage<'_>,
    directives: &mut DeckDirectives,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let mut html = String::new();
    for block in blocks {
        let (block_html, item_fragments) = match &block.kind {
            BlockKind::Directive(_) => match directives.expand(block, page.file) {
                Ok(expanded) => (expanded + "\n", 0),
                Err(found) => {
                    diagnostics.extend(found);
                    continue;
                }
            },
            kind => markdown_fragments_html(&block.markdown, page, block.reveal && *kind == BlockKind::List),
        };
        // a revealed block that is not a list (or a definition list) is one fragment
        if block.reveal && item_fragments == 0 {
            html.push_str(&format!("<div class=\"fragment\">\n{block_html}</div>\n"));
        } else {
            html.push_str(&block_html);
        }
    }
    html
}

/// The deck page of a chapter.
pub fn deck_html(page: &DeckPage<'_>, slides: &[Slide]) -> Result<String, Vec<Diagnostic>> {
    let root = page.root();
    let slides_root = "../".repeat(page.chapter.parent().map(|parent| parent.components().count()).unwrap_or(0));
    let chapter_url = format!("{root}{}", page.chapter_html());
    let mut directives = DeckDirectives::default();
    let mut diagnostics = Vec::new();
    let title_text = slides.first().map(|slide| slide.title_text.as_str()).unwrap_or_default();
    let mut sections = String::new();
    for (index, slide) in slides.iter().enumerate() {
        let number = index + 1;
        let content = blocks_html(&slide.content, page, &mut directives, &mut diagnostics);
        let notes = blocks_html(&slide.notes, page, &mut directives, &mut diagnostics);
        let minutes =
            slide.minutes.map(|minutes| format!(" data-minutes=\"{}\"", format_minutes(minutes))).unwrap_or_default();
        let notes = if notes.trim().is_empty() {
            String::new()
        } else {
            format!("<aside class=\"notes\" aria-label=\"Speaker notes\">\n{notes}</aside>\n")
        };
        if slide.is_title {
            let part = page
                .part
                .map(|part| format!("<p class=\"slide-part\">{}</p>\n", escape_html(part)))
                .unwrap_or_default();
            sections.push_str(&format!(
                "<section class=\"slide slide-title\" id=\"slide-{number}\" aria-roledescription=\"slide\" aria-labelledby=\"slide-{number}-title\" data-title=\"{title_attribute}\"{minutes}>\n\
                 <div class=\"slide-body\">\n{part}<h1 id=\"slide-{number}-title\">{title}</h1>\n<p class=\"slide-book\">{book}</p>\n{content}\
                 <p class=\"slide-links\"><a href=\"{chapter_url}\">Read the chapter</a> · <a href=\"{slides_root}index.html\">All decks</a></p>\n</div>\n{notes}</section>\n",
                title_attribute = escape_html(&slide.title_text),
                title = slide.title_html,
                book = escape_html(page.book_title),
            ));
        } else {
            sections.push_str(&format!(
                "<section class=\"slide\" id=\"slide-{number}\" aria-roledescription=\"slide\" aria-labelledby=\"slide-{number}-title\" data-title=\"{title_attribute}\"{minutes}>\n\
                 <h2 class=\"slide-heading\" id=\"slide-{number}-title\">{title}</h2>\n<div class=\"slide-body\">\n{content}</div>\n{notes}</section>\n",
                title_attribute = escape_html(&slide.title_text),
                title = slide.title_html,
            ));
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(format!(
        "<!DOCTYPE html>\n\
         <!-- Generated by cargo xtask (xtask/book-compiler/src/slides) from {file}; edit the chapter, not this file. -->\n\
         <html lang=\"{language}\" class=\"light\" data-root=\"{root}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>{title} · slides</title>\n\
         <link rel=\"stylesheet\" href=\"{root}labs/labs.css\">\n\
         <link rel=\"stylesheet\" href=\"{slides_root}slides.css\">\n\
         <link rel=\"stylesheet\" href=\"{slides_root}highlight.css\">\n\
         <link rel=\"stylesheet\" href=\"{slides_root}print.css\" media=\"print\">\n\
         <script src=\"{slides_root}slides.js\"></script>\n\
         </head>\n<body>\n\
         <main class=\"deck\" id=\"deck\" aria-label=\"Slides: {title}\" data-chapter=\"{chapter_url}\" data-index=\"{slides_root}index.html\"{deck_minutes}>\n{sections}</main>\n\
         <noscript><p class=\"deck-noscript\">Without JavaScript the slides are shown one after another. <a href=\"{chapter_url}\">Read the chapter</a>.</p></noscript>\n\
         </body>\n</html>\n",
        file = page.file,
        language = escape_html(page.language),
        title = escape_html(title_text),
        deck_minutes = deck_minutes(slides)
            .map(|minutes| format!(" data-minutes=\"{}\"", format_minutes(minutes)))
            .unwrap_or_default(),
    ))
}

/// One entry of the deck index.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    pub part: Option<String>,
    pub chapter: PathBuf,
    pub title: String,
    pub slides: usize,
    /// The time planned for the deck (the sum of its slides' `minutes`), if any slide has some.
    pub minutes: Option<f32>,
}

/// `slides/index.html`: every deck, grouped by part, with a link to its chapter.
pub fn index_html(book_title: &str, language: &str, entries: &[IndexEntry]) -> String {
    let mut body = String::new();
    let mut current_part: Option<&Option<String>> = None;
    for entry in entries {
        if current_part != Some(&entry.part) {
            if current_part.is_some() {
                body.push_str("</ul>\n");
            }
            if let Some(part) = &entry.part {
                body.push_str(&format!("<h2>{}</h2>\n", escape_html(part)));
            }
            body.push_str("<ul class=\"deck-list\">\n");
            current_part = Some(&entry.part);
        }
        let html = url_path(&entry.chapter.with_extension("html"));
        let pdf = url_path(&entry.chapter.with_extension("pdf"));
        let handout = url_path(&entry.chapter.with_extension("")) + "-handout.pdf";
        body.push_str(&format!(
            "<li><a href=\"{html}\">{title}</a> <span class=\"deck-count\">{slides} slides</span>{minutes} · <a class=\"deck-chapter\" href=\"../{html}\">chapter</a> · <a class=\"deck-pdf\" href=\"{pdf}\">PDF</a> (<a class=\"deck-handout\" href=\"{handout}\">with notes</a>)</li>\n",
            title = escape_html(&entry.title),
            slides = entry.slides,
            minutes = entry
                .minutes
                .map(|minutes| format!(" <span class=\"deck-minutes\">{} min</span>", format_minutes(minutes)))
                .unwrap_or_default(),
        ));
    }
    if current_part.is_some() {
        body.push_str("</ul>\n");
    }
    let planned: Vec<f32> = entries.iter().filter_map(|entry| entry.minutes).collect();
    let pacing = if planned.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"deck-plan\">The minutes are the time planned for a deck ({} min in all); \
             the speaker view shows how the talk stands against them: ahead, on time or behind.</p>\n",
            format_minutes(planned.iter().sum())
        )
    };
    format!(
        "<!DOCTYPE html>\n\
         <!-- Generated by cargo xtask (xtask/book-compiler/src/slides); do not edit. -->\n\
         <html lang=\"{language}\" class=\"light\" data-root=\"../\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>Slides · {title}</title>\n\
         <link rel=\"stylesheet\" href=\"slides.css\">\n\
         <script src=\"slides.js\"></script>\n\
         </head>\n<body class=\"deck-index\">\n<main>\n<h1>Slides</h1>\n\
         <p>{title}: one deck per chapter, generated from the same Markdown as the book. Open a deck and press <kbd>?</kbd> for the keys; \
         <kbd>S</kbd> opens the speaker view, <kbd>O</kbd> the overview. To print or save a PDF, print the deck (one slide per page); \
         add <code>?print-notes</code> to a deck's address to print the speaker notes with it. \
         Each deck's PDF (one slide per page) and handout (each slide with its notes) are linked below; \
         the whole book is <a href=\"../book.pdf\">one PDF</a> too.</p>\n\
         {pacing}<p><a href=\"../index.html\">Back to the book</a></p>\n{body}</main>\n</body>\n</html>\n",
        language = escape_html(language),
        title = escape_html(book_title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(chapter: &Path) -> DeckPage<'_> {
        DeckPage { chapter, file: "book/src/x.md", book_title: "Book", part: None, language: "en" }
    }

    #[test]
    fn links_are_rewritten_for_the_deck_folder() {
        let chapter = PathBuf::from("security/access-control.md");
        let page = page(&chapter);
        assert_eq!(page.root(), "../../");
        assert_eq!(page.rewrite_link("../glossary.md#threat"), "../../glossary.html#threat");
        assert_eq!(page.rewrite_link("risk-analysis.md"), "../../security/risk-analysis.html");
        assert_eq!(page.rewrite_link("#rules"), "../../security/access-control.html#rules");
        assert_eq!(page.rewrite_link("../images/a.png"), "../../images/a.png");
        assert_eq!(page.rewrite_link("https://etsi.org/x.md"), "https://etsi.org/x.md");
        let top = PathBuf::from("introduction.md");
        assert_eq!(
            super::tests::page(&top).rewrite_link("security/access-control.md"),
            "../security/access-control.html"
        );
    }

    #[test]
    fn code_is_highlighted_and_links_rewritten_in_markdown() {
        let chapter = PathBuf::from("security/access-control.md");
        let html = markdown_html("- see [x](../glossary.md#acp)\n\n```json\n{\"a\": 1}\n```\n", &page(&chapter));
        assert!(html.contains("href=\"../../glossary.html#acp\""), "{html}");
        assert!(html.contains("<pre class=\"code hl-code\" tabindex=\"0\" data-language=\"json\">"), "{html}");
    }
}
