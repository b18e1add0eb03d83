//! The standalone plug-ins (`mdbook-slides`, `mdbook-quiz`) as any mdBook 0.5 book uses them: a fixture book
//! copied to a fresh folder under the system's temporary folder (outside the project's tree), with book.toml
//! naming the built binaries as `command`s, built by the real mdBook driver through the command protocol.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use mdbook_driver::MDBook;
use mdbook_preprocessor::PreprocessorContext;

const SLIDES: &str = env!("CARGO_BIN_EXE_mdbook-slides");
const QUIZ: &str = env!("CARGO_BIN_EXE_mdbook-quiz");

/// A fresh copy of the fixture book, removed when dropped.
struct OutsideBook(PathBuf);

impl OutsideBook {
    fn new(name: &str) -> Self {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/outside-book");
        let root = std::env::temp_dir().join(format!("mdbook-plugins-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&fixture, &root);
        let template = std::fs::read_to_string(root.join("book.toml.in")).expect("the fixture's book.toml.in");
        let config = template.replace("@MDBOOK_SLIDES@", SLIDES).replace("@MDBOOK_QUIZ@", QUIZ);
        std::fs::write(root.join("book.toml"), config).expect("writing book.toml");
        assert!(!root.starts_with(env!("CARGO_MANIFEST_DIR")), "the book must be built outside the project");
        OutsideBook(root)
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.0.join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
    }
}

impl Drop for OutsideBook {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("creating the copy");
    for entry in std::fs::read_dir(from).expect("reading the fixture") {
        let entry = entry.expect("a fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a fixture entry's type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copying a fixture file");
        }
    }
}

/// Every relative `href`/`src` of a page, resolved from the page's folder, fragment and query dropped.
fn relative_links(page: &Path, html: &str) -> Vec<PathBuf> {
    let mut links = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            let value = &rest[..rest.find('"').expect("a closing quote")];
            if value.is_empty() || value.starts_with('#') || value.starts_with("data:") || value.contains("://") {
                continue;
            }
            let path = value.split(['#', '?']).next().expect("a path");
            links.push(page.parent().expect("a page in a folder").join(path));
        }
    }
    links
}

fn sections(html: &str) -> usize {
    html.matches("<section class=\"slide").count()
}

#[test]
fn an_outside_book_gets_its_decks_and_quizzes_through_the_command_protocol() {
    let book = OutsideBook::new("build");
    MDBook::load(&book.0).unwrap().build().unwrap_or_else(|error| panic!("{error:#}"));

    // the HTML book: slide-only and notes regions removed, the quiz rendered without a script
    let intro = book.read("book/html/intro.html");
    assert!(intro.contains("What a sensor reports"), "{intro}");
    assert!(!intro.contains("Slide-only remark"), "slide-only text left in the book");
    assert!(!intro.contains("Speaker note"), "notes left in the book");
    assert!(!intro.contains("Included note"), "notes of an included file left in the book (mdBook's links runs first)");
    let sensors = book.read("book/html/guide/sensors.html");
    let quiz_at = sensors.find("<div class=\"mdbook-quiz\" id=\"quiz-sensors\">").expect("the quiz is rendered");
    let quiz = &sensors[quiz_at..quiz_at + sensors[quiz_at..].find("</div>").unwrap()];
    assert!(quiz.contains("Which unit does a thermometer report?"), "{quiz}");
    // (mdBook 0.5 re-serialises raw HTML, with line breaks between elements)
    assert_eq!(quiz.matches("<details class=\"quiz-answer\"><summary>Answer</summary>").count(), 2, "{quiz}");
    assert!(quiz.contains("<strong>b</strong>: Temperature is measured in <strong>kelvin</strong>"), "{quiz}");
    assert!(quiz.contains("<strong>humidity</strong>"), "{quiz}");
    assert!(!quiz.contains("<script") && !quiz.contains("://"), "the quiz needs no script and no request: {quiz}");
    assert!(!sensors.contains("[[question]]"), "the quiz's TOML is gone");

    // the slides output: a deck per chapter, split at the `##` headings, regions on the slides and in the notes
    let intro_deck = book.read("book/slides/intro.html");
    assert_eq!(sections(&intro_deck), 3, "title slide + 2 sections: {intro_deck}");
    assert!(intro_deck.contains("Slide-only remark"), "{intro_deck}");
    let notes = &intro_deck[intro_deck.find("<aside class=\"notes\"").expect("speaker notes")..];
    assert!(intro_deck.contains("Speaker note: ask who has read a datasheet.") && notes.contains("Speaker note"));
    assert!(notes.contains("Included note: say the unit with every value."), "{notes}");
    let sensors_deck = book.read("book/slides/guide/sensors.html");
    assert_eq!(sections(&sensors_deck), 4, "title + kinds + check yourself + summary: {sensors_deck}");
    assert!(sensors_deck.contains("class=\"mdbook-quiz\""), "the deck shows the same quiz");
    assert!(!sensors_deck.contains("labs/"), "no link to this project's lab bundles: {sensors_deck}");
    assert!(sensors_deck.contains("href=\"../../html/guide/sensors.html\""), "Read the chapter goes to the HTML book");
    let index = book.read("book/slides/index.html");
    assert!(index.contains("href=\"guide/sensors.html\"") && index.contains("href=\"../html/guide/sensors.html\""));

    // the runtime, embedded in the binary, identical to the project's theme
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../theme/slides");
    for asset in ["slides.js", "slides.css", "print.css"] {
        assert_eq!(book.read(&format!("book/slides/{asset}")), std::fs::read_to_string(theme.join(asset)).unwrap());
    }
    assert!(book.read("book/slides/highlight.css").contains("color"));

    // every relative link of the decks and the index resolves to a file mdBook or the renderer wrote
    let mut checked = 0;
    assert!(sensors.contains("<a href=\"../../slides/guide/sensors.html\">Slides of this chapter</a>"), "{sensors}");
    assert!(intro.contains("<a href=\"../slides/intro.html\">Slides of this chapter</a>"), "{intro}");
    for page in [
        "book/slides/intro.html",
        "book/slides/guide/sensors.html",
        "book/slides/index.html",
        "book/html/intro.html",
        "book/html/guide/sensors.html",
        "book/html/print.html",
    ] {
        let path = book.0.join(page);
        for link in relative_links(&path, &book.read(page)) {
            assert!(link.is_file(), "{page}: broken link to {}", link.display());
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} links checked");
}

#[test]
fn the_binaries_answer_supports_by_exit_code() {
    let supports = |binary: &str, renderer: &str| {
        Command::new(binary).args(["supports", renderer]).status().unwrap().code().unwrap()
    };
    assert_eq!(supports(SLIDES, "html"), 0);
    assert_eq!(supports(SLIDES, "slides"), 1, "the slides renderer needs the slide-only regions");
    assert_eq!(supports(QUIZ, "html"), 0);
    assert_eq!(supports(QUIZ, "slides"), 0);
    let usage = Command::new(SLIDES).arg("--frobnicate").output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("supports <renderer>"));
}

#[test]
fn a_malformed_quiz_fails_naming_file_and_line() {
    let book = OutsideBook::new("malformed");
    let chapter = book.0.join("src/guide/sensors.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    assert_eq!(text.lines().nth(14), Some("[[question]]"), "the fixture's first question is on line 15");
    std::fs::write(&chapter, text.replacen("answer = 1", "answer = 5", 1)).unwrap();

    // through the protocol by hand, to read the plug-in's stderr
    let loaded = MDBook::load(&book.0).unwrap();
    let context = PreprocessorContext::new(loaded.root.clone(), loaded.config.clone(), "html".to_owned());
    let input = serde_json::to_vec(&(&context, &loaded.book)).unwrap();
    let mut child =
        Command::new(QUIZ).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("src/guide/sensors.md:15: quiz `sensors`: "), "{stderr}");
    assert!(output.stdout.is_empty(), "no book on stdout when it fails");

    // and mdBook fails the build
    let error = MDBook::load(&book.0).unwrap().build().expect_err("a malformed quiz fails the build");
    assert!(format!("{error:#}").contains("quiz"), "{error:#}");
}
