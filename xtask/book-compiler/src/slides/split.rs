//! Splitting a chapter into slides, on the Markdown as mdBook parses it (same pulldown-cmark options).
//!
//! The rules (documented with examples in CONTRIBUTING.md, "Slides"):
//! - the chapter's `#` title makes the title slide; what comes before the first slide heading belongs to it;
//! - a heading of the configured level (default 2), or a higher one, starts a slide; deeper headings stay on it;
//! - lists, tables, code, images, block quotes and admonitions, raw HTML and lab, quiz and figure directives go on the slide;
//! - running paragraphs (and footnotes) become the slide's speaker notes, except a short lead-in ending in `:`
//!   directly before slide material ("After this chapter you can:"), which goes on the slide with it;
//! - `<!-- slides-only -->` ... `<!-- /slides-only -->`: on the slide (paragraphs too), removed from the book;
//!   `<!-- book-only -->` ... `<!-- /book-only -->`: in the book, not in the deck;
//!   `<!-- notes -->` ... `<!-- /notes -->`: speaker notes only (lists too), removed from the book;
//! - `<!-- reveal -->` directly before slide material reveals it step by step: a list item by item, any other
//!   block (table, code, figure, image, quote) at once;
//! - `<!-- minutes: 4 -->` in a slide's section plans the slide's time (a positive number, once per slide).
//!
//! Markers are HTML comments on their own lines at the top level of the chapter (not inside a list or quote);
//! the book shows none of them (a comment is invisible), so `reveal` and `minutes` stay in its Markdown.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::directives::{DIRECTIVE_KINDS, markdown_options};

/// Characters of running text a 16:9 slide holds on one line at the slide's body font size.
pub const CHARACTERS_PER_LINE: usize = 72;

/// The longest paragraph (in bytes of Markdown) that counts as a lead-in: "After this chapter you can:".
const LEAD_IN_CHARACTERS: usize = 160;

/// A region marked in the chapter for one audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    SlidesOnly,
    BookOnly,
    Notes,
}

impl Region {
    pub fn marker(self) -> &'static str {
        match self {
            Region::SlidesOnly => "slides-only",
            Region::BookOnly => "book-only",
            Region::Notes => "notes",
        }
    }

    /// Whether the book drops what the region holds.
    pub fn hidden_in_book(self) -> bool {
        matches!(self, Region::SlidesOnly | Region::Notes)
    }
}

/// What a top-level block of a chapter is, as far as slides care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph of running text: speaker notes.
    Prose,
    /// A paragraph that holds only images.
    Image,
    List,
    Table,
    /// A fenced or indented code block; the info string's first word.
    Code(String),
    /// A `lab`, `quiz` or `figure` directive.
    Directive(String),
    /// A block quote, including `> [!NOTE]` admonitions.
    Quote,
    Html,
    /// A heading deeper than the slide level, kept on the slide.
    Subheading,
    Footnote,
}

/// One block of Markdown on a slide or in its notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's Markdown source.
    pub markdown: String,
    /// 1-based line of the block in the chapter.
    pub line: usize,
    /// How many lines of a slide the block takes, estimated (see [`estimate`]).
    pub lines: f32,
    /// Marked `<!-- reveal -->`: shown step by step (a list item by item, another block at once).
    pub reveal: bool,
}

/// A slide: its title, what goes on it, and the speaker notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    /// The title as inline HTML, and as plain text (for warnings and the overview).
    pub title_html: String,
    pub title_text: String,
    /// 1-based line of the heading that starts the slide (1 for a title slide without heading).
    pub line: usize,
    /// The chapter's title slide.
    pub is_title: bool,
    pub content: Vec<Block>,
    pub notes: Vec<Block>,
    /// The time planned for the slide, from `<!-- minutes: N -->` in its section.
    pub minutes: Option<f32>,
}

impl Slide {
    /// Estimated lines of the slide body, the title's extra lines included.
    pub fn estimated_lines(&self) -> f32 {
        let title_lines = (self.title_text.chars().count() as f32 / 40.0).ceil().max(1.0) - 1.0;
        title_lines + self.content.iter().map(|block| block.lines).sum::<f32>()
    }
}

#[derive(Debug, Clone, PartialEq)]
enum RawKind {
    Heading {
        level: u8,
        html: String,
        text: String,
    },
    Marker {
        open: bool,
        region: Region,
    },
    /// `<!-- reveal -->`: the next block is revealed step by step.
    Reveal,
    /// `<!-- minutes: N -->`, its value as written (checked by the splitter).
    Minutes(String),
    Block(BlockKind),
}

#[derive(Debug, Clone)]
struct RawBlock {
    kind: RawKind,
    range: Range<usize>,
    lines: f32,
}

/// Collects what one top-level block holds while its events go by.
struct BlockBuilder {
    range: Range<usize>,
    tag: Tag<'static>,
    heading_events: Vec<Event<'static>>,
    text: String,
    /// Visible characters per list item or table row; running text when empty.
    units: Vec<usize>,
    characters: usize,
    image_depth: usize,
    images: usize,
    text_outside_images: bool,
    html: String,
}

impl BlockBuilder {
    fn new(tag: Tag<'static>, range: Range<usize>) -> Self {
        BlockBuilder {
            range,
            tag,
            heading_events: Vec::new(),
            text: String::new(),
            units: Vec::new(),
            characters: 0,
            image_depth: 0,
            images: 0,
            text_outside_images: false,
            html: String::new(),
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Item | Tag::TableRow | Tag::TableHead | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                self.units.push(0)
            }
            Tag::Image { .. } => {
                self.image_depth += 1;
                self.images += 1;
            }
            _ => {}
        }
        if matches!(self.tag, Tag::Heading { .. }) {
            self.heading_events.push(Event::Start(tag.clone().into_static()));
        }
    }

    fn end(&mut self, end: &TagEnd) {
        if matches!(end, TagEnd::Image) {
            self.image_depth = self.image_depth.saturating_sub(1);
        }
        if matches!(self.tag, Tag::Heading { .. }) {
            self.heading_events.push(Event::End(*end));
        }
    }

    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(text) | Event::Code(text) => {
                self.text.push_str(text);
                let count = text.chars().count();
                self.characters += count;
                if let Some(unit) = self.units.last_mut() {
                    *unit += count;
                }
                if self.image_depth == 0 && !text.trim().is_empty() {
                    self.text_outside_images = true;
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.html.push_str(html);
                if self.image_depth == 0 && matches!(event, Event::InlineHtml(_)) {
                    self.text_outside_images = true;
                }
            }
            _ => {}
        }
        if matches!(self.tag, Tag::Heading { .. }) {
            self.heading_events.push(event.clone().into_static());
        }
    }

    fn finish(self) -> RawBlock {
        let kind = match &self.tag {
            Tag::Heading { level, .. } => {
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, self.heading_events.into_iter());
                RawKind::Heading {
                    level: heading_number(*level),
                    html: html.trim().to_owned(),
                    text: self.text.trim().to_owned(),
                }
            }
            Tag::HtmlBlock => match marker(&self.html) {
                Some((open, region)) => RawKind::Marker { open, region },
                None => cue(&self.html).unwrap_or(RawKind::Block(BlockKind::Html)),
            },
            Tag::Paragraph if self.images > 0 && !self.text_outside_images => RawKind::Block(BlockKind::Image),
            Tag::Paragraph => RawKind::Block(BlockKind::Prose),
            Tag::List(_) | Tag::DefinitionList => RawKind::Block(BlockKind::List),
            Tag::Table(_) => RawKind::Block(BlockKind::Table),
            Tag::BlockQuote(_) => RawKind::Block(BlockKind::Quote),
            Tag::FootnoteDefinition(_) => RawKind::Block(BlockKind::Footnote),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
                let word = info.split_whitespace().next().unwrap_or_default().to_owned();
                if DIRECTIVE_KINDS.contains(&word.as_str()) {
                    RawKind::Block(BlockKind::Directive(word))
                } else {
                    RawKind::Block(BlockKind::Code(word))
                }
            }
            Tag::CodeBlock(CodeBlockKind::Indented) => RawKind::Block(BlockKind::Code(String::new())),
            _ => RawKind::Block(BlockKind::Html),
        };
        let lines = match &kind {
            RawKind::Block(block) => estimate(block, self.characters, &self.units, &self.text),
            _ => 0.0,
        };
        RawBlock { kind, range: self.range, lines }
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `<!-- slides-only -->` is `(true, SlidesOnly)`, `<!-- /notes -->` is `(false, Notes)`.
fn marker(html: &str) -> Option<(bool, Region)> {
    let inner = html.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let (open, name) = match inner.strip_prefix('/') {
        Some(name) => (false, name.trim()),
        None => (true, inner),
    };
    let region =
        [Region::SlidesOnly, Region::BookOnly, Region::Notes].into_iter().find(|region| region.marker() == name)?;
    Some((open, region))
}

/// `<!-- reveal -->` is [`RawKind::Reveal`], `<!-- minutes: 4 -->` is `RawKind::Minutes("4")`.
fn cue(html: &str) -> Option<RawKind> {
    let inner = html.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    if inner == "reveal" {
        return Some(RawKind::Reveal);
    }
    let value = inner.strip_prefix("minutes")?.trim_start().strip_prefix(':')?;
    Some(RawKind::Minutes(value.trim().to_owned()))
}

/// A `minutes` value: a positive number of minutes, written with digits and at most one `.` (`4`, `1.5`).
pub fn parse_minutes(value: &str) -> Option<f32> {
    let digits = value.chars().all(|c| c.is_ascii_digit() || c == '.') && value.matches('.').count() <= 1;
    let minutes: f32 = value.parse().ok().filter(|_| digits)?;
    (minutes.is_finite() && minutes > 0.0).then_some(minutes)
}

/// How many lines of a slide a block takes. The heuristic (documented in CONTRIBUTING.md): running text wraps at
/// [`CHARACTERS_PER_LINE`]; a list item or table row takes at least one line; code lines are smaller (0.8);
/// a figure or image is scaled to about 7 lines; a lab or quiz is about 6 (a long one scrolls inside the slide).
pub fn estimate(kind: &BlockKind, characters: usize, units: &[usize], text: &str) -> f32 {
    let wrapped = |characters: usize, width: usize| (characters.max(1) as f32 / width as f32).ceil();
    match kind {
        BlockKind::Prose | BlockKind::Html => wrapped(characters, CHARACTERS_PER_LINE),
        BlockKind::Quote => wrapped(characters, CHARACTERS_PER_LINE - 6) + 0.5,
        BlockKind::List => units.iter().map(|item| wrapped(*item, CHARACTERS_PER_LINE - 4) + 0.15).sum(),
        // tables are set smaller (0.85 em) and their cells wrap within their column
        BlockKind::Table => units.iter().map(|row| 0.85 * wrapped(*row, CHARACTERS_PER_LINE + 20) + 0.3).sum(),
        BlockKind::Code(_) => 0.8 * text.lines().count().max(1) as f32 + 0.5,
        BlockKind::Directive(kind) if kind == "figure" => 7.0,
        BlockKind::Directive(_) => 6.0,
        BlockKind::Image => 7.0,
        BlockKind::Subheading => 1.5,
        BlockKind::Footnote => 0.0,
    }
}

fn scan(content: &str) -> Vec<RawBlock> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<BlockBuilder> = None;
    for (event, range) in Parser::new_ext(content, markdown_options()).into_offset_iter() {
        match &event {
            Event::Start(tag) => {
                if depth == 0 {
                    current = Some(BlockBuilder::new(tag.clone().into_static(), range));
                } else if let Some(builder) = current.as_mut() {
                    builder.start(tag);
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    blocks.extend(current.take().map(BlockBuilder::finish));
                } else if let Some(builder) = current.as_mut() {
                    builder.end(end);
                }
            }
            // a thematic break at the top level is not slide material
            _ if depth == 0 => {}
            _ => {
                if let Some(builder) = current.as_mut() {
                    builder.event(&event);
                }
            }
        }
    }
    blocks
}

/// The marked regions of a chapter, checked: every marker closed, none nested.
fn regions(blocks: &[RawBlock], lines: &LineIndex, file: &str) -> Result<Vec<(Region, Range<usize>)>, Vec<Diagnostic>> {
    let mut regions = Vec::new();
    let mut diagnostics = Vec::new();
    let mut open: Option<(Region, Range<usize>)> = None;
    let at = |offset: usize, message: String| Diagnostic { file: file.to_owned(), line: lines.line(offset), message };
    for block in blocks {
        let RawKind::Marker { open: opens, region } = block.kind else { continue };
        match (&open, opens) {
            (None, true) => open = Some((region, block.range.clone())),
            (Some((inside, start)), true) => diagnostics.push(at(
                block.range.start,
                format!(
                    "`<!-- {} -->` inside the `<!-- {} -->` opened on line {}; markers do not nest, close it first with `<!-- /{} -->`",
                    region.marker(),
                    inside.marker(),
                    lines.line(start.start),
                    inside.marker()
                ),
            )),
            (Some((inside, start)), false) if *inside == region => {
                regions.push((region, start.start..block.range.end));
                open = None;
            }
            (Some((inside, _)), false) => diagnostics.push(at(
                block.range.start,
                format!("`<!-- /{} -->` closes nothing: the open marker is `<!-- {} -->`", region.marker(), inside.marker()),
            )),
            (None, false) => diagnostics.push(at(
                block.range.start,
                format!("`<!-- /{} -->` closes nothing: no `<!-- {} -->` is open", region.marker(), region.marker()),
            )),
        }
    }
    if let Some((region, start)) = open {
        diagnostics.push(at(
            start.start,
            format!(
                "`<!-- {} -->` is never closed; close it with `<!-- /{} -->` on its own line",
                region.marker(),
                region.marker()
            ),
        ));
    }
    if diagnostics.is_empty() { Ok(regions) } else { Err(diagnostics) }
}

/// The chapter as the book shows it: slide-only and notes regions blanked, line for line, so that later
/// diagnostics (directives, links) still name the right lines.
pub fn strip_for_book(content: &str, file: &str) -> Result<String, Vec<Diagnostic>> {
    let blocks = scan(content);
    let lines = LineIndex::new(content);
    let regions = regions(&blocks, &lines, file)?;
    let mut output = content.to_owned();
    for (region, range) in regions.into_iter().rev() {
        if region.hidden_in_book() {
            let newlines = "\n".repeat(content[range.clone()].matches('\n').count());
            output.replace_range(range, &newlines);
        }
    }
    Ok(output)
}

/// Splits a chapter into slides. `chapter_name` titles the title slide when the chapter has no `#` heading first.
/// Fails with `file:line` on unbalanced markers, a wrong or repeated `minutes`, and a `reveal` that does not
/// stand directly before slide material.
pub fn split_chapter(
    content: &str,
    file: &str,
    chapter_name: &str,
    heading_level: u8,
) -> Result<Vec<Slide>, Vec<Diagnostic>> {
    let blocks = scan(content);
    let lines = LineIndex::new(content);
    regions(&blocks, &lines, file)?;
    let at = |line: usize, message: String| Diagnostic { file: file.to_owned(), line, message };
    let mut diagnostics = Vec::new();
    let escaped_name = crate::diagnostic::escape_html(chapter_name);
    let mut slides = Vec::new();
    let mut current = Slide {
        title_html: escaped_name,
        title_text: chapter_name.to_owned(),
        line: 1,
        is_title: true,
        content: Vec::new(),
        notes: Vec::new(),
        minutes: None,
    };
    let mut titled = false;
    let mut mode: Option<Region> = None;
    let mut previous_end = 0;
    // the line of a `<!-- reveal -->` waiting for its block, and of the current slide's `minutes`
    let mut reveal: Option<usize> = None;
    let mut minutes_line = 0;
    let misplaced_reveal = |line: usize| {
        format!(
            "`<!-- reveal -->` on line {line} must stand directly before what it reveals on the slide (a list, table, code, figure or image), not before prose, a heading or a marker"
        )
    };
    for raw in blocks {
        let line = lines.line(raw.range.start);
        let markdown = content[raw.range.clone()].to_owned();
        let block = |kind: BlockKind| Block { kind, markdown: markdown.clone(), line, lines: raw.lines, reveal: false };
        let on_slide = match (&raw.kind, mode) {
            (RawKind::Marker { .. }, _) | (_, Some(Region::BookOnly)) => None,
            (RawKind::Reveal | RawKind::Minutes(_), _) => None,
            (_, Some(Region::Notes)) => Some(false),
            // a heading starts a slide or is a subheading: neither is revealed
            (RawKind::Heading { .. }, _) => Some(false),
            (RawKind::Block(BlockKind::Prose), Some(Region::SlidesOnly)) => Some(true),
            (RawKind::Block(BlockKind::Prose | BlockKind::Footnote), _) => Some(false),
            (RawKind::Block(_), _) => Some(true),
        };
        let reveal_this = match (reveal, on_slide, &raw.kind) {
            (Some(_), Some(true), RawKind::Block(_)) => reveal.take().is_some(),
            (Some(reveal_line), Some(_), _) | (Some(reveal_line), None, RawKind::Marker { .. } | RawKind::Reveal) => {
                diagnostics.push(at(reveal_line, misplaced_reveal(reveal_line)));
                reveal = None;
                false
            }
            _ => false,
        };
        match raw.kind {
            RawKind::Marker { open, region } => {
                mode = open.then_some(region);
                previous_end = raw.range.end;
                continue;
            }
            _ if mode == Some(Region::BookOnly) => {}
            RawKind::Reveal => {
                reveal = Some(line);
                previous_end = raw.range.end;
                continue;
            }
            RawKind::Minutes(value) => {
                match (parse_minutes(&value), current.minutes) {
                    (None, _) => diagnostics.push(at(
                        line,
                        format!(
                            "`<!-- minutes: {value} -->`: the minutes of a slide must be a positive number, e.g. `<!-- minutes: 4 -->` or `<!-- minutes: 1.5 -->`"
                        ),
                    )),
                    (Some(_), Some(_)) => diagnostics.push(at(
                        line,
                        format!(
                            "slide \"{}\" already has its minutes on line {minutes_line}; give each slide one `<!-- minutes: N -->`",
                            current.title_text
                        ),
                    )),
                    (Some(minutes), None) => {
                        current.minutes = Some(minutes);
                        minutes_line = line;
                    }
                }
                previous_end = raw.range.end;
                continue;
            }
            RawKind::Heading { .. } if mode == Some(Region::Notes) => current.notes.push(block(BlockKind::Prose)),
            RawKind::Block(kind) if mode == Some(Region::Notes) => current.notes.push(block(kind)),
            RawKind::Heading { level, html, text } => {
                let first_heading =
                    current.is_title && !titled && current.content.is_empty() && current.notes.is_empty();
                if level == 1 && first_heading {
                    current.title_html = html;
                    current.title_text = text;
                    current.line = line;
                    titled = true;
                } else if level <= heading_level {
                    let next = Slide {
                        title_html: html,
                        title_text: text,
                        line,
                        is_title: false,
                        content: Vec::new(),
                        notes: Vec::new(),
                        minutes: None,
                    };
                    slides.push(std::mem::replace(&mut current, next));
                } else {
                    current.content.push(Block { lines: 1.5, ..block(BlockKind::Subheading) });
                }
            }
            RawKind::Block(BlockKind::Prose) if mode == Some(Region::SlidesOnly) => {
                current.content.push(Block { reveal: reveal_this, ..block(BlockKind::Prose) })
            }
            RawKind::Block(kind @ (BlockKind::Prose | BlockKind::Footnote)) => current.notes.push(block(kind)),
            RawKind::Block(kind) => {
                // a short lead-in ending in `:` right before the material it introduces goes on the slide with it
                if let Some(last) = current.notes.last()
                    && last.kind == BlockKind::Prose
                    && last.markdown.trim_end().ends_with(':')
                    && last.markdown.len() <= LEAD_IN_CHARACTERS
                    && content[previous_end..raw.range.start].trim().is_empty()
                    && let Some(lead_in) = current.notes.pop()
                {
                    current.content.push(lead_in);
                }
                current.content.push(Block { reveal: reveal_this, ..block(kind) });
            }
        }
        previous_end = raw.range.end;
    }
    if let Some(reveal_line) = reveal {
        diagnostics.push(at(reveal_line, misplaced_reveal(reveal_line)));
    }
    slides.push(current);
    if diagnostics.is_empty() { Ok(slides) } else { Err(diagnostics) }
}

/// `file:line: slide "Title" may overflow (N lines)` for every slide estimated above `limit` lines.
pub fn overflow_warnings(slides: &[Slide], file: &str, limit: f32) -> Vec<Diagnostic> {
    slides
        .iter()
        .filter(|slide| slide.estimated_lines() > limit)
        .map(|slide| Diagnostic {
            file: file.to_owned(),
            line: slide.line,
            message: format!("slide \"{}\" may overflow ({} lines)", slide.title_text, slide.estimated_lines().ceil()),
        })
        .collect()
}
