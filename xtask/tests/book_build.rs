//! Builds fixture books with the real pipeline (mdBook as a library + our preprocessor).

use std::path::{Path, PathBuf};

use book_compiler::book::build_book;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn output_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-fixture-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn a_good_book_builds_with_its_directives_expanded() {
    let out = output_dir("good");
    let report = build_book(&fixtures().join("good-book"), &out, &fixtures()).expect("the good book builds");
    assert_eq!((report.chapters, report.counts.labs, report.counts.quizzes, report.counts.figures), (2, 1, 1, 1));
    assert_eq!(report.chapters_with_widgets, vec![PathBuf::from("labs.md")]);

    let html = std::fs::read_to_string(out.join("labs.html")).expect("labs.html");
    assert!(html.contains(r#"data-lab="acop-calculator""#), "the lab became a mount point");
    assert!(html.contains(r#"data-lab="quiz""#), "the quiz became a mount point");
    assert!(html.contains("<svg"), "the figure became SVG");
    assert!(html.contains("language-rust"), "ordinary code stays code");
    assert!(!html.contains("language-lab") && !html.contains("language-quiz") && !html.contains("language-figure"));
    // mdBook writes attribute names in lower case; the HTML parser gives SVG its `viewBox` back
    assert!(
        html.contains(r#"<svg viewbox="0 0 120 64" xmlns="http://www.w3.org/2000/svg" width="120" height="64""#),
        "the figure scales to its column"
    );
    // printing the chapter or print.html lists the quiz's answers, in a block only print shows
    let answers = "<div class=\"quiz-answers-print\"><p><strong>Answers</strong></p><ol><li><strong>b</strong>: 1 + 4 = 5</li></ol></div>";
    // mdBook puts block elements on lines of their own
    assert!(html.replace('\n', "").contains(answers), "the chapter has the print-only answers:\n{html}");
    let print = std::fs::read_to_string(out.join("print.html")).expect("print.html");
    assert!(print.replace('\n', "").contains(answers), "print.html has the print-only answers");

    // the rendered site agrees with the Markdown link check; only the lab bundle (built separately) is absent
    let problems =
        xtask::site_check::check_site(&out).expect("readable").expect_err("no lab assets in a fixture build");
    assert!(problems.iter().all(|problem| problem.contains("mounts a lab from bundle")), "{problems:#?}");
    std::fs::create_dir_all(out.join("labs")).expect("labs dir");
    std::fs::write(out.join("labs/book_widgets.js"), "").expect("js");
    std::fs::write(out.join("labs/book_widgets_bg.wasm"), "").expect("wasm");
    let summary = xtask::site_check::check_site(&out).expect("readable").expect("the site checks pass");
    assert!(summary.pages_with_labs.contains_key("labs.html"));
    assert!(!summary.pages_with_labs.contains_key("glossary.html"), "a page without a lab mounts nothing");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_broken_directive_and_a_broken_link_fail_the_build_with_file_and_line() {
    let out = output_dir("broken");
    let error = build_book(&fixtures().join("broken-book"), &out, &fixtures()).expect_err("the broken book fails");
    let message = format!("{error:#}");
    for expected in [
        "broken-book/src/chapter.md:3: broken link `missing.md`: there is no chapter missing.md",
        "broken-book/src/chapter.md:5: broken link `#nowhere`",
        "broken-book/src/chapter.md:7: unknown lab `acop-calculater`; known labs: `acop-calculator`",
        "broken-book/src/chapter.md:11: option `value` of lab `acop-calculator` must be a whole number from 0 to 63, found 64",
    ] {
        assert!(message.contains(expected), "expected `{expected}` in:\n{message}");
    }
}
