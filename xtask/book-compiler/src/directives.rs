//! Lab, quiz and figure directives: fenced blocks whose info string names them and whose body is TOML.
//!
//! ````markdown
//! ```lab acop-calculator
//! value = 5
//! ```
//! ````
//!
//! Each becomes HTML: a lab or quiz becomes a mount point the theme's loader fills with a WebAssembly
//! widget (plus a static version for print and for readers without JavaScript); a figure becomes an
//! SVG drawn at build time. Anything wrong is a [`Diagnostic`] naming file and line.
//! A `testdescription` names a test of the book's plugtest suite and becomes its table (`directives/test_description.rs`).

use std::collections::HashMap;
use std::ops::Range;

use lab_catalog::quiz::{Question, Quiz};
use lab_catalog::{LABS, LabSpec, QUIZ_SPEC, find_lab, quoted_list};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, LineIndex, escape_html};

mod test_description;
pub use test_description::{configuration_diagram, description_table};

/// The info-string words that start a directive.
pub const DIRECTIVE_KINDS: &[&str] = &["lab", "quiz", "figure", "testdescription"];

/// The Markdown options mdBook 0.5 uses, so we see the same blocks it will.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// What the directives of the whole book share: quiz ids must be unique across chapters.
#[derive(Debug, Default)]
pub struct DirectiveState {
    quiz_ids: HashMap<String, String>,
}

impl DirectiveState {
    /// The ids of the quizzes expanded so far.
    pub fn quiz_ids(&self) -> impl Iterator<Item = &str> {
        self.quiz_ids.keys().map(String::as_str)
    }
}

/// The `progress` lab's mount as [`expand_lab`] writes it (it has no options of its own).
const PROGRESS_MOUNT: &str = "data-lab=\"progress\" data-bundle=\"book_widgets\" data-options=\"{}\"";

/// Gives every "Your progress" mount in `html` the title of the chapter of each quiz (`quizzes`: id -> title), so
/// it can say "Quiz: Access control" rather than the quiz's id. Run once every chapter is expanded: the
/// introduction, which mounts it, comes before the chapters and their quizzes.
pub fn fill_progress_mounts(html: &str, quiz_titles: &std::collections::BTreeMap<String, String>) -> String {
    if !html.contains(PROGRESS_MOUNT) {
        return html.to_owned();
    }
    let options = serde_json::json!({ "quizzes": quiz_titles });
    html.replace(
        PROGRESS_MOUNT,
        &format!(
            "data-lab=\"progress\" data-bundle=\"book_widgets\" data-options=\"{}\"",
            escape_html(&options.to_string())
        ),
    )
}

/// What a chapter's directives produced, for the build summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DirectiveCounts {
    pub labs: usize,
    pub quizzes: usize,
    pub figures: usize,
}

struct FencedBlock {
    range: Range<usize>,
    info: String,
    body: String,
}

/// Replaces every directive in `content` with its HTML. `file` is how diagnostics name the chapter.
pub fn expand_directives(
    content: &str,
    file: &str,
    state: &mut DirectiveState,
    counts: &mut DirectiveCounts,
) -> Result<String, Vec<Diagnostic>> {
    let lines = LineIndex::new(content);
    let mut blocks = Vec::new();
    let mut current: Option<FencedBlock> = None;
    for (event, range) in Parser::new_ext(content, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some(FencedBlock { range, info: info.to_string(), body: String::new() });
            }
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }

    let mut output = content.to_owned();
    let mut diagnostics = Vec::new();
    let mut mount_counter = 0;
    let mut expansions = Vec::new();
    for block in &blocks {
        let mut words = block.info.split_whitespace();
        let Some(kind) = words.next().filter(|word| DIRECTIVE_KINDS.contains(word)) else { continue };
        let line = lines.line(block.range.start);
        let at =
            |body_line: usize, message: String| Diagnostic { file: file.to_owned(), line: line + body_line, message };
        let rest: Vec<&str> = words.collect();
        let html = match kind {
            "lab" => {
                mount_counter += 1;
                counts.labs += 1;
                expand_lab(&rest, &block.body, mount_counter).map_err(|(body_line, message)| at(body_line, message))
            }
            "quiz" => {
                mount_counter += 1;
                counts.quizzes += 1;
                expand_quiz(&rest, &block.body, mount_counter, file, line, state)
                    .map_err(|(body_line, message)| at(body_line, message))
            }
            "testdescription" => test_description::expand_test_description(&rest, &block.body)
                .map_err(|(body_line, message)| at(body_line, message)),
            _ => {
                counts.figures += 1;
                expand_figure(&rest, &block.body).map_err(|(body_line, message)| at(body_line, message))
            }
        };
        match html {
            Ok(html) => expansions.push((block.range.clone(), html)),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    for (range, html) in expansions.into_iter().rev() {
        output.replace_range(range, &format!("{html}\n\n"));
    }
    Ok(output)
}

/// An error inside a directive: the line within its body (0 = the fence line) and the message.
type DirectiveError = (usize, String);

fn toml_error(error: &toml::de::Error, body: &str) -> DirectiveError {
    let body_line = error.span().map(|span| LineIndex::new(body).line(span.start)).unwrap_or(0);
    (body_line, error.message().trim().to_owned())
}

fn known_labs() -> String {
    let described: Vec<String> = LABS
        .iter()
        .map(|lab| {
            let options: Vec<String> =
                lab.options.iter().map(|option| format!("`{}` ({})", option.name, option.kind)).collect();
            if options.is_empty() {
                format!("`{}` (no options)", lab.name)
            } else {
                format!("`{}` (options: {})", lab.name, options.join(", "))
            }
        })
        .collect();
    described.join("; ")
}

fn expand_lab(rest: &[&str], body: &str, counter: usize) -> Result<String, DirectiveError> {
    let name = match rest {
        [name] => *name,
        [] => {
            return Err((
                0,
                format!("a lab directive names its lab, e.g. ```lab acop-calculator; known labs: {}", known_labs()),
            ));
        }
        [name, extra @ ..] => {
            return Err((
                0,
                format!(
                    "unexpected `{}` after the lab name `{name}`; options go in the block as `key = value` lines",
                    extra.join(" ")
                ),
            ));
        }
    };
    let Some(lab) = find_lab(name) else {
        return Err((0, format!("unknown lab `{name}`; known labs: {}", known_labs())));
    };
    let table: toml::Table = toml::from_str(body).map_err(|error| {
        let (line, message) = toml_error(&error, body);
        (line, format!("lab `{name}`: options must be TOML `key = value` lines: {message}"))
    })?;
    let options = match serde_json::to_value(&table) {
        Ok(Value::Object(options)) => options,
        _ => Map::new(),
    };
    lab.validate_options(&options).map_err(|error| (0, format!("{error}")))?;
    Ok(mount_html(
        lab,
        counter,
        &Value::Object(options),
        &format!(
            "<p class=\"lab-print\"><strong>Interactive lab: {}.</strong> {} Open this page online to use it.</p>",
            escape_html(lab.title),
            escape_html(lab.summary)
        ),
    ))
}

fn mount_html(lab: &LabSpec, counter: usize, options: &Value, print_html: &str) -> String {
    format!(
        "<div class=\"lab lab-{name}\"><div class=\"lab-mount\" id=\"lab-{counter}\" data-lab=\"{name}\" data-bundle=\"{bundle}\" data-options=\"{options}\"><p class=\"lab-fallback\">{title}: loading the interactive lab… It needs JavaScript and WebAssembly.</p></div>{print_html}</div>",
        name = lab.name,
        bundle = options.as_object().map_or(lab.bundle, |options| lab.bundle_for(options)),
        options = escape_html(&options.to_string()),
        title = escape_html(lab.title),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizDocument {
    id: String,
    question: Vec<toml::Value>,
}

fn expand_quiz(
    rest: &[&str],
    body: &str,
    counter: usize,
    file: &str,
    line: usize,
    state: &mut DirectiveState,
) -> Result<String, DirectiveError> {
    if !rest.is_empty() {
        return Err((
            0,
            format!("unexpected `{}` after `quiz`; the quiz id goes in the block: id = \"...\"", rest.join(" ")),
        ));
    }
    let document: QuizDocument = toml::from_str(body).map_err(|error| {
        let (line, message) = toml_error(&error, body);
        (line, format!("quiz: {message} (a quiz has `id = \"...\"` and one `[[question]]` table per question)"))
    })?;
    let question_lines: Vec<usize> = body
        .lines()
        .enumerate()
        .filter(|(_, text)| text.trim() == "[[question]]")
        .map(|(index, _)| index + 1)
        .collect();
    let mut questions = Vec::new();
    for (index, value) in document.question.into_iter().enumerate() {
        let body_line = question_lines.get(index).copied().unwrap_or(0);
        let question: Question = value.try_into().map_err(|error: toml::de::Error| {
            (
                body_line,
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
        let body_line = error.question.and_then(|number| question_lines.get(number - 1).copied()).unwrap_or(0);
        (body_line, format!("quiz `{}`: {error}", quiz.id))
    })?;
    let location = format!("{file}:{line}");
    if let Some(first) = state.quiz_ids.insert(quiz.id.clone(), location.clone()) {
        state.quiz_ids.insert(quiz.id.clone(), first.clone());
        return Err((
            0,
            format!(
                "quiz id `{}` is already used at {first}; quiz ids are unique in the book (progress is stored under them)",
                quiz.id
            ),
        ));
    }
    let print_html = quiz_print_html(&quiz);
    let rendered = quiz.map_text(inline_markdown);
    let options = serde_json::to_value(&rendered).map_err(|error| (0, format!("quiz `{}`: {error}", rendered.id)))?;
    Ok(mount_html(&QUIZ_SPEC, counter, &options, &print_html))
}

/// The quiz on paper and without JavaScript: the questions, then the answers, twice: folded away in a
/// `<details>` on screen (no JavaScript), and in a block shown only in `@media print` (`theme/labs.css`), because
/// print shows a closed `<details>` closed and `beforeprint` does not fire on every path to a PDF.
fn quiz_print_html(quiz: &Quiz) -> String {
    let mut questions = String::new();
    let mut answers = String::new();
    for question in &quiz.questions {
        questions.push_str(&format!("<li>{}", inline_markdown(question.prompt())));
        let answer = match question {
            Question::Single(single) => {
                push_choices(&mut questions, &single.choices);
                letter_list(&[single.answer])
            }
            Question::Multiple(multiple) => {
                push_choices(&mut questions, &multiple.choices);
                letter_list(&multiple.answers)
            }
            Question::Short(short) => escape_html(&short.accept.join(" / ")),
        };
        questions.push_str("</li>");
        answers.push_str(&format!("<li><strong>{answer}</strong>: {}</li>", inline_markdown(question.explanation())));
    }
    format!(
        "<div class=\"lab-print quiz-print\"><p><strong>Self-check</strong></p><ol>{questions}</ol><details class=\"quiz-answers-screen\"><summary>Answers</summary><ol>{answers}</ol></details><div class=\"quiz-answers-print\"><p><strong>Answers</strong></p><ol>{answers}</ol></div></div>"
    )
}

fn push_choices(html: &mut String, choices: &[String]) {
    html.push_str("<ol type=\"a\">");
    for choice in choices {
        html.push_str(&format!("<li>{}</li>", inline_markdown(choice)));
    }
    html.push_str("</ol>");
}

fn letter_list(positions: &[usize]) -> String {
    let mut letters: Vec<String> =
        positions.iter().map(|position| char::from(b'a' + (*position % 26) as u8).to_string()).collect();
    letters.sort();
    letters.join(", ")
}

/// Inline Markdown to HTML, without the paragraph around a single paragraph.
pub fn inline_markdown(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text.trim(), markdown_options()));
    let trimmed = html.trim();
    match trimmed.strip_prefix("<p>").and_then(|inner| inner.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => trimmed.to_owned(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FigureDocument {
    caption: String,
    alt: String,
    diagram: String,
    id: Option<String>,
}

fn expand_figure(rest: &[&str], body: &str) -> Result<String, DirectiveError> {
    if !rest.is_empty() {
        return Err((
            0,
            format!(
                "unexpected `{}` after `figure`; a figure has caption, alt and diagram in the block",
                rest.join(" ")
            ),
        ));
    }
    let figure: FigureDocument = toml::from_str(body).map_err(|error| {
        let (line, message) = toml_error(&error, body);
        (line, format!("figure: {message} (a figure has `caption`, `alt`, `diagram = '''...'''` and optionally `id`)"))
    })?;
    if figure.caption.trim().is_empty() || figure.alt.trim().is_empty() {
        return Err((
            0,
            "figure: `caption` and `alt` must not be empty (alt text is what screen readers say)".to_owned(),
        ));
    }
    if figure.diagram.trim().is_empty() {
        return Err((0, "figure: `diagram` is empty".to_owned()));
    }
    let id_attribute = match &figure.id {
        Some(id) if id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') && !id.is_empty() => {
            format!(" id=\"{id}\"")
        }
        Some(id) => return Err((0, format!("figure: id `{id}` must be letters, digits, `-` and `_`"))),
        None => String::new(),
    };
    let svg = diagram_svg(&figure.diagram);
    // the drawing's size in its own units, for the slides' stylesheet: a figure on a slide is scaled to the slide's
    // free area, never below the size that draws its labels at the minimum a room can read (theme/slides/slides.css)
    let size_style = svg
        .find("<svg")
        .and_then(|start| {
            let tag = &svg[start..start + svg[start..].find('>')?];
            Some((svg_attribute(tag, "width")?, svg_attribute(tag, "height")?))
        })
        .map(|(width, height)| format!(" style=\"--diagram-width: {width}; --diagram-height: {height}\""))
        .unwrap_or_default();
    Ok(format!(
        "<figure class=\"diagram\"{id_attribute}{size_style}><div class=\"diagram-svg\" role=\"img\" aria-label=\"{alt}\">{svg}</div><figcaption>{caption}</figcaption></figure>",
        alt = escape_html(figure.alt.trim()),
        caption = inline_markdown(&figure.caption),
    ))
}

/// An svgbob diagram as one line of SVG that takes its colours from the page (light and dark themes).
///
/// svgbob gives the `<svg>` a `width` and `height` only; we add the `viewBox` of that size, so the drawing
/// scales down with its box (`max-width: 100%; height: auto` in `theme/labs.css`) instead of being cropped, and the
/// figure carries the same size as CSS custom properties (`--diagram-width`, `--diagram-height`) that size it on a
/// slide.
pub fn diagram_svg(diagram: &str) -> String {
    let settings = svgbob::Settings {
        stroke_color: "currentColor".into(),
        fill_color: "currentColor".into(),
        background: "transparent".into(),
        include_backdrop: false,
        font_family: "monospace".into(),
        ..svgbob::Settings::default()
    };
    let svg = svgbob::to_svg_with_settings(diagram.trim_matches('\n'), &settings);
    with_view_box(&svg.lines().map(str::trim).collect::<Vec<_>>().join(" "))
}

/// Adds `viewBox="0 0 width height"` to the outer `<svg>` tag, from its `width` and `height` attributes.
fn with_view_box(svg: &str) -> String {
    let Some(start) = svg.find("<svg") else { return svg.to_owned() };
    let Some(length) = svg[start..].find('>') else { return svg.to_owned() };
    let tag = &svg[start..start + length];
    if tag.contains("viewBox=") {
        return svg.to_owned();
    }
    let (Some(width), Some(height)) = (svg_attribute(tag, "width"), svg_attribute(tag, "height")) else {
        return svg.to_owned();
    };
    let mut with_box = svg.to_owned();
    with_box.insert_str(start + "<svg".len(), &format!(" viewBox=\"0 0 {width} {height}\""));
    with_box
}

/// The value of ` name="..."` in a tag, when it is a plain number.
fn svg_attribute<'tag>(tag: &'tag str, name: &str) -> Option<&'tag str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let value = &tag[start..start + tag[start..].find('"')?];
    value.parse::<f64>().is_ok_and(|number| number > 0.0).then_some(value)
}

/// The known labs and their options, for `cargo xtask labs` and error messages.
pub fn describe_labs() -> String {
    let mut text = String::new();
    for lab in LABS {
        text.push_str(&format!("{}: {}\n  {}\n", lab.name, lab.title, lab.summary));
        for option in lab.options {
            text.push_str(&format!("  {} = {} ({})\n", option.name, option.kind, option.description));
        }
    }
    text.push_str(&format!(
        "\nOther directives: ```quiz (see CONTRIBUTING.md) and ```figure (caption, alt, diagram). Directive kinds: {}\n",
        quoted_list(DIRECTIVE_KINDS)
    ));
    text
}

#[cfg(test)]
mod tests;
