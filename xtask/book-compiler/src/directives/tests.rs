use super::*;

fn expand(content: &str) -> Result<String, Vec<Diagnostic>> {
    expand_directives(content, "book/src/chapter.md", &mut DirectiveState::default(), &mut DirectiveCounts::default())
}

fn single_error(content: &str) -> Diagnostic {
    let mut errors = expand(content).expect_err("the directive is wrong");
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.remove(0)
}

#[test]
fn a_lab_becomes_a_mount_point_with_its_options() {
    let html = expand("# Title\n\n```lab acop-calculator\nvalue = 5\n```\n\nAfter.\n").expect("valid");
    assert!(html.contains(r#"data-lab="acop-calculator""#), "{html}");
    assert!(html.contains(r#"data-bundle="book_widgets""#));
    assert!(html.contains(r#"data-options="{&quot;value&quot;:5}""#), "{html}");
    assert!(html.contains("class=\"lab-print\""));
    assert!(!html.contains("```"), "the fence is gone: {html}");
    assert!(html.ends_with("After.\n"));
}

#[test]
fn the_options_choose_a_bundle_variant_and_a_variant_refuses_what_it_cannot_serve() {
    let lean =
        expand("```lab ontology-mapper\nmode = \"mapping\"\nexercise = \"fix-broken-mapping\"\n```\n").expect("valid");
    assert!(lean.contains(r#"data-bundle="ontology_lab_mapping""#), "{lean}");
    let full = expand("```lab ontology-mapper\nexercise = \"room1-temperature-query\"\n```\n").expect("valid");
    assert!(full.contains(r#"data-bundle="ontology_lab""#), "{full}");
    let error = single_error("```lab ontology-mapper\nmode = \"mapping\"\nexercise = \"base-ontology-query\"\n```\n");
    assert!(error.message.contains("offers only"), "{}", error.message);
}

#[test]
fn ordinary_code_blocks_are_left_alone() {
    let source = "```rust\nfn main() {}\n```\n\n```\nplain\n```\n";
    assert_eq!(expand(source).expect("valid"), source);
}

#[test]
fn an_unknown_lab_names_the_line_and_the_known_labs() {
    let error = single_error("# T\n\ntext\n\n```lab acop-calculater\n```\n");
    assert_eq!(error.file, "book/src/chapter.md");
    assert_eq!(error.line, 5);
    assert!(error.message.contains("unknown lab `acop-calculater`"), "{}", error.message);
    assert!(
        error.message.contains("`acop-calculator` (options: `value` (a whole number from 0 to 63))"),
        "{}",
        error.message
    );
}

#[test]
fn an_unknown_option_and_a_bad_value_are_reported() {
    let error = single_error("```lab acop-calculator\ncolour = \"red\"\n```\n");
    assert!(error.message.contains("has no option `colour`; its options are `value`"), "{}", error.message);
    let error = single_error("```lab acop-calculator\nvalue = 99\n```\n");
    assert!(error.message.contains("must be a whole number from 0 to 63, found 99"), "{}", error.message);
}

#[test]
fn malformed_toml_points_at_its_line() {
    let error = single_error("intro\n\n```lab acop-calculator\n\nvalue = = 5\n```\n");
    assert_eq!(error.line, 5, "{error}");
    assert!(error.message.contains("options must be TOML"), "{}", error.message);
}

#[test]
fn a_lab_without_a_name_is_reported() {
    let error = single_error("```lab\n```\n");
    assert!(error.message.contains("names its lab"), "{}", error.message);
}

#[test]
fn every_problem_of_a_chapter_is_reported_at_once() {
    let errors = expand("```lab nope\n```\n\n```figure\ncaption = \"c\"\n```\n").expect_err("two problems");
    assert_eq!(
        errors.iter().map(|error| error.line).collect::<Vec<_>>(),
        vec![1, 5],
        "the figure error points into its body"
    );
}

const QUIZ: &str = r#"```quiz
id = "sample"

[[question]]
kind = "single"
prompt = "Which `acop` grants Create and Update?"
choices = ["3", "5"]
answer = 1
explanation = "1 + 4 = 5"

[[question]]
kind = "short"
prompt = "Status code?"
accept = ["4103"]
explanation = "See *TS-0004*."
```
"#;

#[test]
fn a_quiz_carries_rendered_markdown_and_a_print_version() {
    let html = expand(QUIZ).expect("valid quiz");
    assert!(html.contains(r#"data-lab="quiz""#));
    assert!(html.contains("&lt;code&gt;acop&lt;/code&gt;"), "inline code is rendered into the JSON: {html}");
    assert!(html.contains("<em>TS-0004</em>"), "the print version renders Markdown: {html}");
    assert!(html.contains("<strong>b</strong>"), "the print answers name the letter");
}

#[test]
fn a_quiz_lists_its_answers_for_print_and_folds_them_on_screen() {
    let html = expand(QUIZ).expect("valid quiz");
    let answers =
        "<ol><li><strong>b</strong>: 1 + 4 = 5</li><li><strong>4103</strong>: See <em>TS-0004</em>.</li></ol>";
    assert!(
        html.contains(&format!("<details class=\"quiz-answers-screen\"><summary>Answers</summary>{answers}</details>")),
        "on screen (no JavaScript) the answers are folded away: {html}"
    );
    assert!(
        html.contains(&format!("<div class=\"quiz-answers-print\"><p><strong>Answers</strong></p>{answers}</div>")),
        "on paper they are listed, in a block only print shows: {html}"
    );
    let css =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../theme/labs.css")).expect("theme/labs.css");
    let print = &css[css.find("@media print").expect("a print section")..];
    assert!(css.contains(".quiz-answers-print {\n    display: none;"), "hidden on screen");
    assert!(print.contains(".quiz-print .quiz-answers-print {\n        display: block;"), "shown in print");
    assert!(
        print.contains(".quiz-print .quiz-answers-screen {\n        display: none;"),
        "the folded copy is not printed"
    );
}

#[test]
fn a_quiz_answer_out_of_range_names_the_question_line() {
    let broken = QUIZ.replace("answer = 1", "answer = 2");
    let error = single_error(&broken);
    assert_eq!(error.line, 4, "the line of the first [[question]]: {error}");
    assert!(error.message.contains("question 1: `answer` names position 2"), "{}", error.message);
}

#[test]
fn a_quiz_question_with_an_unknown_field_is_reported() {
    let broken = QUIZ.replace("accept = [\"4103\"]", "accept = [\"4103\"]\nhint = \"x\"");
    let error = single_error(&broken);
    assert_eq!(error.line, 11, "{error}");
    assert!(error.message.contains("question 2"), "{}", error.message);
    assert!(error.message.contains("hint"), "{}", error.message);
}

#[test]
fn quiz_ids_are_unique_across_chapters() {
    let mut state = DirectiveState::default();
    let mut counts = DirectiveCounts::default();
    expand_directives(QUIZ, "book/src/a.md", &mut state, &mut counts).expect("first use");
    let errors = expand_directives(QUIZ, "book/src/b.md", &mut state, &mut counts).expect_err("second use");
    assert!(errors[0].message.contains("already used at book/src/a.md:1"), "{}", errors[0].message);
    assert_eq!(counts.quizzes, 2);
}

#[test]
fn a_figure_becomes_inline_svg_with_caption_and_alt() {
    let html = expand("```figure\ncaption = \"The *flow*\"\nalt = \"An arrow from A to B\"\nid = \"fig-flow\"\ndiagram = '''\n+---+    +---+\n| A |--->| B |\n+---+    +---+\n'''\n```\n")
        .expect("valid figure");
    assert!(html.contains("<figure class=\"diagram\" id=\"fig-flow\" style=\"--diagram-width: "), "{html}");
    assert!(html.contains("aria-label=\"An arrow from A to B\""));
    assert!(html.contains("<svg"));
    assert!(html.contains("<figcaption>The <em>flow</em></figcaption>"));
    let first_line = html.lines().next().expect("html");
    assert!(first_line.contains("</figure>"), "the figure is one line so Markdown cannot split it");
}

/// The value of attribute `name` in the first `<svg ...>` tag of `html`.
fn svg_tag_attribute(html: &str, name: &str) -> Option<String> {
    let start = html.find("<svg")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let needle = format!(" {name}=\"");
    let value_start = tag.find(&needle)? + needle.len();
    Some(tag[value_start..value_start + tag[value_start..].find('"')?].to_owned())
}

#[test]
fn a_figure_svg_has_a_view_box_of_its_size_so_it_scales_instead_of_being_cropped() {
    let wide = "-".repeat(160);
    let source =
        format!("```figure\ncaption = \"c\"\nalt = \"a\"\ndiagram = '''\n+---+\n| A |{wide}>\n+---+\n'''\n```\n");
    let html = expand(&source).expect("valid figure");
    let width: f64 = svg_tag_attribute(&html, "width").expect("a width").parse().expect("a number");
    let height: f64 = svg_tag_attribute(&html, "height").expect("a height").parse().expect("a number");
    assert!(width > 1000.0, "the figure is wider than any column: {width}");
    let view_box = svg_tag_attribute(&html, "viewBox").expect("a viewBox, or CSS max-width crops the drawing");
    let numbers: Vec<f64> = view_box.split_whitespace().map(|number| number.parse().expect("a number")).collect();
    assert_eq!(numbers, vec![0.0, 0.0, width, height], "the viewBox is the drawing's size");
    assert!(
        html.starts_with(&format!(
            "<figure class=\"diagram\" style=\"--diagram-width: {width}; --diagram-height: {height}\">"
        )),
        "the slides' stylesheet sizes the figure from its drawing's size: {}",
        &html[..120]
    );
    let css =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../theme/labs.css")).expect("theme/labs.css");
    assert!(
        css.contains(
            "figure.diagram svg {\n    display: block;\n    margin: 0 auto;\n    max-width: 100%;\n    height: auto;"
        ),
        "and it scales down to its column"
    );
}

#[test]
fn a_figure_without_alt_text_is_rejected() {
    let error = single_error("```figure\ncaption = \"c\"\nalt = \"\"\ndiagram = '''\n-->\n'''\n```\n");
    assert!(error.message.contains("alt"), "{}", error.message);
}

#[test]
fn your_progress_learns_the_chapter_of_every_quiz() {
    let html = expand("# Introduction\n\n```lab progress\n```\n").expect("a valid directive");
    let titles = std::collections::BTreeMap::from([
        ("access-control".to_owned(), "Access control".to_owned()),
        ("eu-framework".to_owned(), "The EU framework".to_owned()),
    ]);
    let filled = fill_progress_mounts(&html, &titles);
    assert_ne!(filled, html, "the progress mount is found as expand_lab writes it");
    assert!(
        filled.contains("data-options=\"{&quot;quizzes&quot;:{&quot;access-control&quot;:&quot;Access control&quot;,&quot;eu-framework&quot;:&quot;The EU framework&quot;}}\""),
        "{filled}"
    );
    let other = expand("```lab acop-calculator\nvalue = 5\n```\n").expect("valid");
    assert_eq!(fill_progress_mounts(&other, &titles), other, "other labs are left alone");
}
