//! Checks of the book's content that keep known errors from coming back: wrong provision numbers and status names
//! that were once taught, slide-only text that cites other numbers than the book, chapters without a review date or
//! references. Each failure names the file and line.

use std::path::{Path, PathBuf};

fn book_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the project root").join("book/src")
}

/// Every Markdown file under book/src, with its path relative to the project root for messages.
fn markdown_files() -> Vec<(String, String)> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable book/src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|extension| extension == "md") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&book_src(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable chapter");
            let shown = path.strip_prefix(book_src().parent().and_then(Path::parent).expect("root")).unwrap_or(&path);
            (shown.display().to_string(), text)
        })
        .collect()
}

/// The chapters of Parts I-III and the introduction, as SUMMARY.md lists them (the glossary is not a chapter).
fn chapters() -> Vec<(String, String)> {
    let summary = std::fs::read_to_string(book_src().join("SUMMARY.md")).expect("SUMMARY.md");
    let listed: Vec<String> = summary
        .lines()
        .filter_map(|line| line.split_once("](").map(|(_, rest)| rest.trim_end_matches(')').to_owned()))
        .filter(|link| link.ends_with(".md") && link != "glossary.md")
        .collect();
    assert!(listed.len() >= 18, "SUMMARY.md lists the chapters: {listed:?}");
    let all = markdown_files();
    listed
        .iter()
        .map(|link| {
            all.iter()
                .find(|(path, _)| path.ends_with(&format!("book/src/{link}")))
                .cloned()
                .unwrap_or_else(|| panic!("SUMMARY.md lists {link}, which does not exist"))
        })
        .collect()
}

/// EN 303 645 clause 6 has no subclauses: its provisions are 6-1 .. 6-5. "6.1-1" is a number that does not exist.
fn is_subclause_six_provision(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let Some(rest) = word.strip_prefix("6.") else { return false };
    let Some((subclause, provision)) = rest.split_once('-') else { return false };
    !subclause.is_empty()
        && subclause.chars().all(|c| c.is_ascii_digit())
        && !provision.is_empty()
        && provision.chars().all(|c| c.is_ascii_digit())
}

/// A line that presents NIST SP 800-61 Rev. 2 as current (Rev. 3 replaced it in April 2025).
fn presents_800_61_rev2_as_current(line: &str) -> bool {
    let lower = line.to_lowercase();
    let cites_rev2 =
        lower.contains("800-61 rev. 2") || lower.contains("800-61r2") || lower.contains("800-61 revision 2");
    let says_superseded =
        ["withdrawn", "superseded", "replaced", "replaces", "rev. 3", "revision 3", "previous", "earlier"]
            .iter()
            .any(|word| lower.contains(word));
    cites_rev2 && !says_superseded
}

fn known_errors(text: &str) -> Vec<(usize, String)> {
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if let Some(word) = line.split_whitespace().find(|word| is_subclause_six_provision(word)) {
            errors.push((number, format!("EN 303 645 clause 6 provisions are 6-1 .. 6-5, not {word}")));
        }
        if line.contains("ORIGINATOR_NOT_AUTHENTICATED") {
            errors.push((
                number,
                "4106 is ORIGINATOR_HAS_NOT_REGISTERED; ORIGINATOR_NOT_AUTHENTICATED is not a status".into(),
            ));
        }
        if presents_800_61_rev2_as_current(line) {
            errors.push((number, "NIST SP 800-61 Rev. 3 (April 2025) replaced Rev. 2".into()));
        }
    }
    errors
}

#[test]
fn the_known_wrong_facts_are_recognised() {
    assert_eq!(known_errors("Provision 6.1-1 says").len(), 1);
    assert_eq!(known_errors("(EN 303 645 6.2-3)").len(), 1);
    assert!(known_errors("Provisions 6-1 to 6-5, and 5.4-4, 5.6-4").is_empty());
    assert_eq!(known_errors("4106 ORIGINATOR_NOT_AUTHENTICATED")[0].0, 1);
    assert_eq!(known_errors("ok\nfollow NIST SP 800-61 Rev. 2 for incidents").first().map(|error| error.0), Some(2));
    assert!(known_errors("NIST SP 800-61 Rev. 3 (2025) replaced Rev. 2").is_empty());
}

#[test]
fn the_book_does_not_teach_a_known_wrong_fact() {
    let mut problems = Vec::new();
    for (path, text) in markdown_files() {
        for (line, message) in known_errors(&text) {
            problems.push(format!("{path}:{line}: {message}"));
        }
    }
    assert!(problems.is_empty(), "known-wrong facts in the book:\n{}", problems.join("\n"));
}

#[test]
fn every_chapter_has_references_and_says_when_it_was_last_reviewed() {
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut problems = Vec::new();
    for (path, text) in chapters() {
        let reviewed = text.lines().find_map(|line| {
            let rest = line.trim().trim_matches('*').trim().strip_prefix("Last reviewed: ")?;
            let (month, year) = rest.trim_end_matches('.').split_once(' ')?;
            (months.contains(&month) && year.len() == 4 && year.parse::<u16>().is_ok()).then_some(())
        });
        if reviewed.is_none() {
            problems.push(format!("{path}: no \"Last reviewed: <Month> <Year>.\" line"));
        }
        if !path.ends_with("introduction.md") && !text.lines().any(|line| line.trim() == "## References") {
            problems.push(format!("{path}: no \"## References\" section"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The provision, article and clause numbers a piece of text cites: "5.4-4", "6-2", "Art. 14", "Article 35(7)".
fn cited_numbers(text: &str) -> Vec<String> {
    let mut cited = Vec::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (index, raw) in words.iter().enumerate() {
        let word = raw.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != ')' && c != '(');
        let word = word.trim_end_matches([')', '(']);
        let provision =
            word.split_once('-').is_some_and(|(clause, number)| {
                !clause.is_empty()
                    && clause.chars().all(|c| c.is_ascii_digit() || c == '.')
                    && clause.chars().next().is_some_and(|c| c.is_ascii_digit())
                    && clause.contains('.')
                    && !number.is_empty()
                    && number.chars().all(|c| c.is_ascii_digit())
            }) || (word.len() == 3 && word.starts_with("6-") && word.ends_with(|c: char| c.is_ascii_digit()));
        if provision {
            cited.push(word.to_owned());
        }
        if (*raw == "Art." || *raw == "Article")
            && let Some(next) = words.get(index + 1)
        {
            let article: String = next.chars().take_while(|c| c.is_ascii_digit()).collect();
            if !article.is_empty() {
                cited.push(format!("Art. {article}"));
            }
        }
    }
    cited
}

/// Splits a chapter into the text readers see in the book and the text only slides show.
fn book_and_slide_only_text(text: &str) -> (String, Vec<(usize, String)>) {
    let mut book = String::new();
    let mut slides = Vec::new();
    let mut in_slides_only = false;
    for (index, line) in text.lines().enumerate() {
        match line.trim() {
            "<!-- slides-only -->" => in_slides_only = true,
            "<!-- /slides-only -->" => in_slides_only = false,
            _ if in_slides_only => slides.push((index + 1, line.to_owned())),
            _ => {
                book.push_str(line);
                book.push('\n');
            }
        }
    }
    (book, slides)
}

#[test]
fn slide_only_text_cites_only_numbers_the_book_also_cites() {
    let mut problems = Vec::new();
    for (path, text) in chapters() {
        let (book, slides) = book_and_slide_only_text(&text);
        let in_book = cited_numbers(&book);
        for (line, slide_text) in slides {
            for number in cited_numbers(&slide_text) {
                if !in_book.contains(&number) {
                    problems
                        .push(format!("{path}:{line}: the slide cites {number}, which the chapter's text never does"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "slide-only text diverged from the book:\n{}", problems.join("\n"));
}

#[test]
fn cited_numbers_are_found_in_prose() {
    assert_eq!(
        cited_numbers("EN 303 645 provisions 5.4-4 and 6-2; GDPR Art. 35(7) and Article 9(2)(a)."),
        vec!["5.4-4", "6-2", "Art. 35", "Art. 9"]
    );
    let (book, slides) = book_and_slide_only_text("a 5.1-1\n<!-- slides-only -->\nb 5.1-2\n<!-- /slides-only -->\nc");
    assert_eq!(book, "a 5.1-1\nc\n");
    assert_eq!(slides, vec![(3, "b 5.1-2".to_owned())]);
}
