//! Our slide decks and self-check quizzes for any mdBook 0.5 book, as standard command plug-ins (the
//! `mdbook-slides` and `mdbook-quiz` binaries; README.md, "Slides and quizzes in your own mdBook").
//!
//! mdBook runs a command preprocessor with `supports <renderer>` (exit code 0: yes) and then with
//! `[context, book]` as JSON on stdin, reading the book back on stdout; it runs a command renderer with the
//! `RenderContext` as JSON on stdin, in its own destination folder. mdBook's HTML renderer empties its folder
//! before it writes, so decks written by a preprocessor would be lost: the decks come from a renderer instead.
//! - `mdbook-slides` is both: as `[preprocessor.slides]` it removes slide-only and notes regions from the book
//!   (and leaves the book untouched for the `slides` renderer); as `[output.slides]` it writes one deck per
//!   chapter, an index, the runtime (`theme/slides/`, embedded in the binary) and the highlighting stylesheet,
//!   linking back to the HTML book (`book-path`, default `../html/`). It tells the two apart by the JSON it reads.
//! - `mdbook-quiz` turns ```` ```quiz ```` blocks (the book's TOML format, validated by `lab-catalog`) into HTML
//!   that needs no script: each question with its choices and the answer and explanation in a `<details>`.
//!
//! Every content problem is reported as `file:line: message` (files relative to the book's root).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use lab_catalog::quiz::{Question, Quiz};
use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_renderer::RenderContext;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex, escape_html};
use crate::directives::{inline_markdown, markdown_options};
use crate::slides::{ChapterSource, SlideBook, SlideOptions, chapter_deck, highlight, split};

/// The renderer name the `slides` output must have in book.toml (`[output.slides]`).
pub const SLIDES_RENDERER: &str = "slides";

/// The slide runtime, embedded so that a book outside this project needs nothing else.
pub const RUNTIME: [(&str, &str); 3] = [
    ("slides.js", include_str!("../../../theme/slides/slides.js")),
    ("slides.css", include_str!("../../../theme/slides/slides.css")),
    ("print.css", include_str!("../../../theme/slides/print.css")),
];

/// What mdBook handed a command plug-in on stdin.
#[derive(Debug)]
pub enum Input {
    /// `[context, book]`: run as a preprocessor.
    Preprocess(Box<PreprocessorContext>, Book),
    /// A `RenderContext` object: run as a renderer.
    Render(Box<RenderContext>),
}

/// Reads the JSON mdBook writes to a plug-in: a two-element array for a preprocessor, an object for a renderer.
pub fn read_input(reader: impl Read) -> Result<Input> {
    let value: serde_json::Value = serde_json::from_reader(reader).context("reading mdBook's JSON on stdin")?;
    if value.is_array() {
        let (context, book): (PreprocessorContext, Book) =
            serde_json::from_value(value).context("reading the preprocessor input ([context, book])")?;
        Ok(Input::Preprocess(Box::new(context), book))
    } else {
        let context: RenderContext = serde_json::from_value(value).context("reading the renderer input")?;
        Ok(Input::Render(Box::new(context)))
    }
}

/// How diagnostics name a chapter: relative to the book's root, e.g. `src/intro.md`.
fn chapter_file(src: &Path, chapter: &Path) -> String {
    src.join(chapter).display().to_string()
}

/// `mdbook-slides supports <renderer>`: every renderer but the `slides` one, which needs the regions kept.
pub fn slides_supports(renderer: &str) -> bool {
    renderer != SLIDES_RENDERER
}

/// The `slides` preprocessor: slide-only and notes regions blanked line for line (later diagnostics keep their
/// lines) and, with `[output.slides]` (or `deck-link = true`), a link to the chapter's deck at the end of each
/// chapter. The book for the `slides` renderer passes unchanged.
pub fn slides_preprocess(context: &PreprocessorContext, mut book: Book) -> Result<Book> {
    if !slides_supports(&context.renderer) {
        return Ok(book);
    }
    let options: SlidesPreprocessorOptions = context
        .config
        .get("preprocessor.slides")
        .map_err(|error| anyhow!("book.toml: [preprocessor.slides]: {error:#}"))?
        .unwrap_or_default();
    let has_decks = matches!(context.config.get::<toml::Value>(&format!("output.{SLIDES_RENDERER}")), Ok(Some(_)));
    let deck_link = options.deck_link.unwrap_or(has_decks);
    let mut deck_path = options.deck_path;
    if !deck_path.is_empty() && !deck_path.ends_with('/') {
        deck_path.push('/');
    }
    let mut diagnostics = Vec::new();
    book.for_each_chapter_mut(|chapter| {
        let Some(path) = chapter.source_path.clone() else { return };
        match split::strip_for_book(&chapter.content, &chapter_file(&context.config.book.src, &path)) {
            Ok(stripped) => chapter.content = stripped,
            Err(found) => diagnostics.extend(found),
        }
        if deck_link {
            // at the end, so that no line of the chapter moves
            let up = "../".repeat(path.parent().map(|parent| parent.components().count()).unwrap_or(0));
            chapter.content.push_str(&format!(
                "\n\n<p class=\"deck-link\"><a href=\"{up}{deck_path}{deck}\">Slides of this chapter</a></p>\n",
                deck = url_path(&path.with_extension("html"))
            ));
        }
    });
    if diagnostics.is_empty() { Ok(book) } else { Err(Diagnostics(diagnostics).into()) }
}

/// `[preprocessor.slides]` in book.toml (besides mdBook's own keys).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct SlidesPreprocessorOptions {
    /// Whether each chapter ends with a link to its deck; default: when book.toml has `[output.slides]`.
    pub deck_link: Option<bool>,
    /// The decks, relative to the HTML book; default `../slides/`.
    pub deck_path: String,
}

impl Default for SlidesPreprocessorOptions {
    fn default() -> Self {
        SlidesPreprocessorOptions { deck_link: None, deck_path: "../slides/".to_owned() }
    }
}

/// `[output.slides]` in book.toml.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
pub struct SlidesOutput {
    /// The HTML book, relative to the decks' folder; default `../html/` (mdBook's folder for `[output.html]`
    /// when a book has more than one output).
    pub book_path: String,
    /// Headings of this level (and higher) start a slide. 1 to 6, default 2.
    pub heading_level: u8,
    /// A slide estimated above this many lines is reported as possibly overflowing. Default 18.
    pub overflow_lines: f32,
    /// Chapters (paths relative to `src/`) that get no deck.
    pub exclude: Vec<PathBuf>,
}

impl Default for SlidesOutput {
    fn default() -> Self {
        SlidesOutput { book_path: "../html/".to_owned(), heading_level: 2, overflow_lines: 18.0, exclude: Vec::new() }
    }
}

/// What the `slides` renderer wrote.
#[derive(Debug, Clone, Default)]
pub struct RenderSummary {
    pub decks: usize,
    pub slides: usize,
    /// Slides that may overflow (printed on stderr by the binary; they do not fail the build).
    pub warnings: Vec<Diagnostic>,
}

/// The `slides` renderer: a deck per chapter at `<destination>/<chapter>.html`, `index.html`, the runtime and
/// `highlight.css`. Fails with `file:line` for every chapter that cannot be split.
pub fn render_slides(context: &RenderContext) -> Result<RenderSummary> {
    let output: SlidesOutput = context
        .config
        .get(&format!("output.{SLIDES_RENDERER}"))
        .map_err(|error| anyhow!("book.toml: [output.{SLIDES_RENDERER}]: {error:#}"))?
        .unwrap_or_default();
    if !(1..=6).contains(&output.heading_level) {
        return Err(anyhow!(
            "book.toml: [output.{SLIDES_RENDERER}] heading-level = {} must be a heading level from 1 to 6",
            output.heading_level
        ));
    }
    let mut book_path = output.book_path.clone();
    if !book_path.is_empty() && !book_path.ends_with('/') {
        book_path.push('/');
    }
    let mut options = SlideOptions::default();
    options.heading_level = output.heading_level;
    options.overflow_lines = output.overflow_lines;
    options.exclude = output.exclude.clone();

    let src = &context.config.book.src;
    let mut chapters = Vec::new();
    let mut part = None;
    for item in context.book.iter() {
        match item {
            BookItem::PartTitle(title) => part = Some(title.clone()),
            BookItem::Chapter(chapter) => {
                if let Some(path) = &chapter.source_path
                    && !options.exclude.contains(path)
                {
                    chapters.push(ChapterSource {
                        name: chapter.name.clone(),
                        path: path.clone(),
                        file: chapter_file(src, path),
                        part: part.clone(),
                        content: chapter.content.clone(),
                    });
                }
            }
            BookItem::Separator => {}
        }
    }
    let book = SlideBook {
        options,
        book_title: context.config.book.title.clone().unwrap_or_default(),
        language: context.config.book.language.clone().unwrap_or_else(|| "en".to_owned()),
        chapters,
    };

    let destination = &context.destination;
    std::fs::create_dir_all(destination).with_context(|| format!("creating {}", destination.display()))?;
    let mut summary = RenderSummary::default();
    let mut diagnostics = Vec::new();
    let mut entries = Vec::new();
    for chapter in &book.chapters {
        let deck = match chapter_deck(&book, chapter) {
            Ok(deck) => deck,
            Err(found) => {
                diagnostics.extend(found);
                continue;
            }
        };
        let file = destination.join(chapter.path.with_extension("html"));
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&file, relocate_deck(&deck.html, &chapter.path, &book_path))
            .with_context(|| format!("writing {}", file.display()))?;
        summary.decks += 1;
        summary.slides += deck.slides;
        summary.warnings.extend(deck.warnings);
        entries.push((
            chapter.part.clone(),
            url_path(&chapter.path.with_extension("html")),
            chapter.name.clone(),
            deck.slides,
        ));
    }
    if !diagnostics.is_empty() {
        return Err(Diagnostics(diagnostics)).context("building the slide decks");
    }
    let index = destination.join("index.html");
    std::fs::write(&index, index_html(&book.book_title, &book.language, &book_path, &entries))
        .with_context(|| format!("writing {}", index.display()))?;
    for (name, text) in RUNTIME {
        let file = destination.join(name);
        std::fs::write(&file, text).with_context(|| format!("writing {}", file.display()))?;
    }
    let highlight = destination.join("highlight.css");
    std::fs::write(&highlight, highlight::stylesheet()).with_context(|| format!("writing {}", highlight.display()))?;
    Ok(summary)
}

fn url_path(path: &Path) -> String {
    path.components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A deck as rendered for this project's site (decks in `slides/` under the book) moved to a renderer's own
/// folder: links to the book's root (`../` once more than the deck's depth) now go to `book_path`, and the
/// stylesheet of this project's lab widgets, which an outside book does not have, is dropped.
pub fn relocate_deck(html: &str, chapter: &Path, book_path: &str) -> String {
    let depth = chapter.parent().map(|parent| parent.components().count()).unwrap_or(0);
    let deck_root = "../".repeat(depth);
    let site_root = "../".repeat(depth + 1);
    html.replacen("Generated by cargo xtask (xtask/book-compiler/src/slides)", "Generated by mdbook-slides", 1)
        .replace(&format!("<link rel=\"stylesheet\" href=\"{site_root}labs/labs.css\">\n"), "")
        .replace(&format!("=\"{site_root}"), &format!("=\"{deck_root}{book_path}"))
}

fn index_html(
    title: &str,
    language: &str,
    book_path: &str,
    entries: &[(Option<String>, String, String, usize)],
) -> String {
    let mut body = String::new();
    let mut current_part: Option<&Option<String>> = None;
    for (part, html, name, slides) in entries {
        if current_part != Some(part) {
            if current_part.is_some() {
                body.push_str("</ul>\n");
            }
            if let Some(part) = part {
                body.push_str(&format!("<h2>{}</h2>\n", escape_html(part)));
            }
            body.push_str("<ul class=\"deck-list\">\n");
            current_part = Some(part);
        }
        body.push_str(&format!(
            "<li><a href=\"{html}\">{name}</a> <span class=\"deck-count\">{slides} slides</span> · <a class=\"deck-chapter\" href=\"{book_path}{html}\">chapter</a></li>\n",
            name = escape_html(name),
        ));
    }
    if current_part.is_some() {
        body.push_str("</ul>\n");
    }
    format!(
        "<!DOCTYPE html>\n<!-- Generated by mdbook-slides; do not edit. -->\n\
         <html lang=\"{language}\" class=\"light\" data-root=\"{book_path}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <link rel=\"icon\" href=\"data:,\">\n<title>Slides · {title}</title>\n\
         <link rel=\"stylesheet\" href=\"slides.css\">\n<script src=\"slides.js\"></script>\n\
         </head>\n<body class=\"deck-index\">\n<main>\n<h1>Slides</h1>\n\
         <p>{title}: one deck per chapter, generated from the same Markdown as the book. Open a deck and press <kbd>?</kbd> for the keys; \
         <kbd>S</kbd> opens the speaker view, <kbd>O</kbd> the overview. To print or save a PDF, print the deck (one slide per page); \
         add <code>?print-notes</code> to a deck's address to print the speaker notes with it.</p>\n\
         <p><a href=\"{book_path}index.html\">Back to the book</a></p>\n{body}</main>\n</body>\n</html>\n",
        language = escape_html(language),
        title = escape_html(title),
    )
}

/// `mdbook-quiz supports <renderer>`: every renderer (the `slides` decks show the same HTML).
pub fn quiz_supports(_renderer: &str) -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizDocument {
    id: String,
    #[serde(default)]
    question: Vec<toml::Value>,
}

/// The `quiz` preprocessor: every ```` ```quiz ```` block of every chapter becomes [`quiz_html`]. Quiz ids are
/// unique in the book (they are the HTML ids).
pub fn quiz_preprocess(context: &PreprocessorContext, mut book: Book) -> Result<Book> {
    let mut diagnostics = Vec::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    book.for_each_chapter_mut(|chapter| {
        let Some(path) = chapter.source_path.clone() else { return };
        match expand_quizzes(&chapter.content, &chapter_file(&context.config.book.src, &path), &mut ids) {
            Ok(content) => chapter.content = content,
            Err(found) => diagnostics.extend(found),
        }
    });
    if diagnostics.is_empty() { Ok(book) } else { Err(Diagnostics(diagnostics).into()) }
}

/// Replaces each ```` ```quiz ```` block of a chapter by its HTML, padded with blank lines to the block's
/// height so later diagnostics keep their lines. `ids`: quiz id -> `file:line` of the quizzes seen so far.
pub fn expand_quizzes(content: &str, file: &str, ids: &mut HashMap<String, String>) -> Result<String, Vec<Diagnostic>> {
    let lines = LineIndex::new(content);
    let mut blocks = Vec::new();
    let mut current: Option<(std::ops::Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(content, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("quiz") =>
            {
                let rest: Vec<&str> = info.split_whitespace().skip(1).collect();
                if !rest.is_empty() {
                    let line = lines.line(range.start);
                    return Err(vec![Diagnostic {
                        file: file.to_owned(),
                        line,
                        message: format!(
                            "unexpected `{}` after `quiz`; the quiz id goes in the block: id = \"...\"",
                            rest.join(" ")
                        ),
                    }]);
                }
                current = Some((range, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, body)) = current.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    let mut output = content.to_owned();
    let mut diagnostics = Vec::new();
    for (range, body) in blocks.into_iter().rev() {
        let line = lines.line(range.start);
        match parse_quiz(&body) {
            Ok(quiz) => {
                let location = format!("{file}:{line}");
                if let Some(first) = ids.get(&quiz.id) {
                    diagnostics.push(Diagnostic {
                        file: file.to_owned(),
                        line,
                        message: format!(
                            "quiz id `{}` is already used at {first}; quiz ids are unique in the book",
                            quiz.id
                        ),
                    });
                    continue;
                }
                ids.insert(quiz.id.clone(), location);
                let block = &content[range.clone()];
                let padding = "\n".repeat(block.trim_end().matches('\n').count());
                output.replace_range(range.start..range.start + block.trim_end().len(), &(quiz_html(&quiz) + &padding));
            }
            Err((body_line, message)) => {
                diagnostics.push(Diagnostic { file: file.to_owned(), line: line + body_line, message })
            }
        }
    }
    diagnostics.sort_by_key(|diagnostic| diagnostic.line);
    if diagnostics.is_empty() { Ok(output) } else { Err(diagnostics) }
}

/// A quiz block's TOML, parsed and validated by `lab-catalog`; errors as (line in the body, message).
pub fn parse_quiz(body: &str) -> Result<Quiz, (usize, String)> {
    let body_lines = LineIndex::new(body);
    let document: QuizDocument = toml::from_str(body).map_err(|error| {
        let line = error.span().map(|span| body_lines.line(span.start)).unwrap_or(0);
        (
            line,
            format!(
                "quiz: {} (a quiz has `id = \"...\"` and one `[[question]]` table per question)",
                error.message().trim()
            ),
        )
    })?;
    let question_lines: Vec<usize> = body
        .lines()
        .enumerate()
        .filter(|(_, text)| text.trim() == "[[question]]")
        .map(|(index, _)| index + 1)
        .collect();
    let mut questions = Vec::new();
    for (index, value) in document.question.into_iter().enumerate() {
        let line = question_lines.get(index).copied().unwrap_or(0);
        let question: Question = value.try_into().map_err(|error: toml::de::Error| {
            (
                line,
                format!(
                    "quiz `{}`, question {}: {} (a question has `kind` = \"single\", \"multiple\" or \"short\"; single: prompt, choices, answer, explanation; multiple: prompt, choices, answers, explanation; short: prompt, accept, explanation)",
                    document.id,
                    index + 1,
                    error.message().trim()
                ),
            )
        })?;
        questions.push(question);
    }
    let quiz = Quiz { id: document.id, questions };
    quiz.validate().map_err(|error| {
        let line = error.question.and_then(|number| question_lines.get(number - 1).copied()).unwrap_or(0);
        (line, format!("quiz `{}`: {error}", quiz.id))
    })?;
    Ok(quiz)
}

/// A quiz as one line of HTML (an HTML block to Markdown) that needs no script and makes no request: the
/// questions with their choices, each answer and explanation folded in a `<details>`.
pub fn quiz_html(quiz: &Quiz) -> String {
    let mut items = String::new();
    for question in &quiz.questions {
        let (choices, answer) = match question {
            Question::Single(single) => (choice_list(&single.choices), letters(&[single.answer])),
            Question::Multiple(multiple) => (choice_list(&multiple.choices), letters(&multiple.answers)),
            Question::Short(short) => (String::new(), escape_html(&short.accept.join(" / "))),
        };
        let hint = match question {
            Question::Single(_) => "one answer",
            Question::Multiple(_) => "all that apply",
            Question::Short(_) => "a short answer",
        };
        items.push_str(&format!(
            "<li><p>{prompt} <em class=\"quiz-kind\">({hint})</em></p>{choices}<details class=\"quiz-answer\"><summary>Answer</summary><p><strong>{answer}</strong>: {explanation}</p></details></li>",
            prompt = inline_markdown(question.prompt()),
            explanation = inline_markdown(question.explanation()),
        ));
    }
    format!(
        "<div class=\"mdbook-quiz\" id=\"quiz-{id}\"><p><strong>Self-check</strong></p><ol class=\"quiz-questions\">{items}</ol></div>",
        id = escape_html(&quiz.id)
    )
}

fn choice_list(choices: &[String]) -> String {
    let items: String = choices.iter().map(|choice| format!("<li>{}</li>", inline_markdown(choice))).collect();
    format!("<ol type=\"a\">{items}</ol>")
}

fn letters(positions: &[usize]) -> String {
    let mut letters: Vec<String> =
        positions.iter().map(|position| char::from(b'a' + (*position % 26) as u8).to_string()).collect();
    letters.sort();
    letters.join(", ")
}

/// The whole of a plug-in binary: `supports <renderer>` answers by exit code; otherwise the JSON on stdin is
/// run through `preprocess` (the book goes back on stdout) or `render`. Returns the process exit code.
pub fn run_plugin(
    name: &str,
    supports: fn(&str) -> bool,
    preprocess: fn(&PreprocessorContext, Book) -> Result<Book>,
    render: Option<fn(&RenderContext) -> Result<RenderSummary>>,
) -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [command, renderer] if command == "supports" => return if supports(renderer) { 0 } else { 1 },
        [] => {}
        _ => {
            eprintln!(
                "{name}: an mdBook plug-in; run by mdBook (`command = \"{name}\"` in book.toml), or `{name} supports <renderer>`"
            );
            return 2;
        }
    }
    let outcome = read_input(std::io::stdin().lock()).and_then(|input| match input {
        Input::Preprocess(context, book) => {
            if context.mdbook_version.split('.').take(2).collect::<Vec<_>>() != ["0", "5"] {
                eprintln!("{name}: warning: built for mdBook 0.5, run by mdBook {}", context.mdbook_version);
            }
            let book = preprocess(&context, book)?;
            serde_json::to_writer(std::io::stdout().lock(), &book).context("writing the book to stdout")
        }
        Input::Render(context) => match render {
            Some(render) => {
                let summary = render(&context)?;
                for warning in &summary.warnings {
                    eprintln!("{name}: warning: {warning}");
                }
                eprintln!(
                    "{name}: {} decks, {} slides in {}",
                    summary.decks,
                    summary.slides,
                    context.destination.display()
                );
                Ok(())
            }
            None => Err(anyhow!("{name} is a preprocessor: put it under [preprocessor.<name>], not [output.<name>]")),
        },
    });
    match outcome {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("{name}: {error:#}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIZ: &str = "Intro.\n\n```quiz\nid = \"q\"\n\n[[question]]\nkind = \"short\"\nprompt = \"Say *yes*\"\naccept = [\"yes\"]\nexplanation = \"Yes.\"\n```\n\nAfter, on line 13.\n";

    #[test]
    fn a_quiz_becomes_one_html_line_and_later_lines_stay_put() {
        let mut ids = HashMap::new();
        let expanded = expand_quizzes(QUIZ, "src/a.md", &mut ids).expect("a valid quiz");
        assert_eq!(expanded.lines().count(), QUIZ.lines().count(), "{expanded}");
        assert_eq!(expanded.lines().nth(12), Some("After, on line 13."));
        let html = expanded.lines().nth(2).expect("the quiz line");
        assert!(html.starts_with("<div class=\"mdbook-quiz\" id=\"quiz-q\">") && html.ends_with("</div>"), "{html}");
        assert!(html.contains("Say <em>yes</em>") && html.contains("<strong>yes</strong>: Yes."), "{html}");
        assert_eq!(ids.get("q").map(String::as_str), Some("src/a.md:3"));
    }

    #[test]
    fn quiz_errors_name_the_line() {
        let mut ids = HashMap::new();
        let syntax = QUIZ.replace("accept = [\"yes\"]", "accept = yes");
        let errors = expand_quizzes(&syntax, "src/a.md", &mut ids).expect_err("a TOML error");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 9, "{}", errors[0]);
        assert!(errors[0].message.starts_with("quiz: "), "{}", errors[0]);

        let unknown = QUIZ.replace("kind = \"short\"", "kind = \"essay\"");
        let errors = expand_quizzes(&unknown, "src/a.md", &mut ids).expect_err("an unknown kind");
        assert_eq!(errors[0].to_string().split(": ").next(), Some("src/a.md:6"), "{}", errors[0]);

        let words = QUIZ.replace("```quiz\n", "```quiz extra\n");
        let errors = expand_quizzes(&words, "src/a.md", &mut ids).expect_err("words after quiz");
        assert_eq!((errors[0].line, errors[0].message.contains("`extra`")), (3, true), "{}", errors[0]);

        let mut ids = HashMap::new();
        expand_quizzes(QUIZ, "src/a.md", &mut ids).expect("first use");
        let errors = expand_quizzes(QUIZ, "src/b.md", &mut ids).expect_err("the same id twice");
        assert!(errors[0].to_string().starts_with("src/b.md:3: quiz id `q` is already used at src/a.md:3"));
    }

    #[test]
    fn decks_moved_to_their_own_folder_link_to_the_book() {
        let html = "<!-- Generated by cargo xtask (xtask/book-compiler/src/slides) from x -->\n<html data-root=\"../../\">\n<link rel=\"stylesheet\" href=\"../../labs/labs.css\">\n<link rel=\"stylesheet\" href=\"../slides.css\">\n<a href=\"../../guide/a.html#x\">chapter</a> <a href=\"../index.html\">decks</a> <img src=\"../../img/b.png\">";
        let moved = relocate_deck(html, Path::new("guide/a.md"), "../html/");
        assert!(moved.contains("Generated by mdbook-slides"), "{moved}");
        assert!(!moved.contains("labs.css"), "{moved}");
        assert!(moved.contains("data-root=\"../../html/\""), "{moved}");
        assert!(moved.contains("href=\"../../html/guide/a.html#x\""), "{moved}");
        assert!(moved.contains("href=\"../slides.css\"") && moved.contains("href=\"../index.html\""), "{moved}");
        assert!(moved.contains("src=\"../../html/img/b.png\""), "{moved}");
        let top = relocate_deck("<a href=\"../a.html\">x</a> <a href=\"index.html\">y</a>", Path::new("a.md"), "book/");
        assert_eq!(top, "<a href=\"book/a.html\">x</a> <a href=\"index.html\">y</a>");
    }

    #[test]
    fn plugins_read_both_kinds_of_input() {
        let book = Book::new();
        let config = mdbook_preprocessor::config::Config::default();
        let preprocess = PreprocessorContext::new(PathBuf::from("/b"), config.clone(), "html".to_owned());
        let json = serde_json::to_vec(&(&preprocess, &book)).expect("serialise");
        assert!(matches!(read_input(json.as_slice()), Ok(Input::Preprocess(context, _)) if context.renderer == "html"));
        let render = RenderContext::new("/b", book, config, "/b/book/slides");
        let json = serde_json::to_vec(&render).expect("serialise");
        assert!(
            matches!(read_input(json.as_slice()), Ok(Input::Render(context)) if context.destination.ends_with("slides"))
        );
        assert!(read_input(&b"{\"not\": 1}"[..]).is_err());
        assert!((slides_supports("html"), slides_supports("slides"), quiz_supports("slides")) == (true, false, true));
    }
}
