//! Splitter and deck tests on fixture chapters (`fixtures/*.md`), checked against snapshots (`snapshots/*.snap`).
//! After an intended change, regenerate with `UPDATE_SNAPSHOTS=1 cargo test -p book-compiler slides` and review the diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::split::{Block, Slide, overflow_warnings, split_chapter, strip_for_book};
use super::*;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/slides/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
}

/// Compares `actual` with `snapshots/<name>.snap`; `UPDATE_SNAPSHOTS=1` rewrites it instead.
fn assert_snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/slides/snapshots").join(format!("{name}.snap"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap_or_else(|error| panic!("writing {}: {error}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no snapshot {}; run with UPDATE_SNAPSHOTS=1 and review it", path.display()));
    if expected != actual {
        let first_difference = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "snapshot {name} differs from line {}:\n--- expected\n{}\n--- actual\n{}\n(run with UPDATE_SNAPSHOTS=1 to accept)",
            first_difference + 1,
            expected.lines().skip(first_difference).take(5).collect::<Vec<_>>().join("\n"),
            actual.lines().skip(first_difference).take(5).collect::<Vec<_>>().join("\n"),
        );
    }
}

fn describe_block(block: &Block) -> String {
    let first = block.markdown.lines().next().unwrap_or_default();
    let reveal = if block.reveal { " (reveal)" } else { "" };
    format!("    {:?}{reveal} @{} ~{:.1}: {}\n", block.kind, block.line, block.lines, first)
}

/// A readable dump of a split: one heading per slide, its blocks and its notes.
fn describe(slides: &[Slide]) -> String {
    let mut text = String::new();
    for (index, slide) in slides.iter().enumerate() {
        let _ = writeln!(
            text,
            "slide {} @{}{}: {} [{}] ~{:.1} lines{}",
            index + 1,
            slide.line,
            if slide.is_title { " (title)" } else { "" },
            slide.title_text,
            slide.title_html,
            slide.estimated_lines(),
            slide.minutes.map(|minutes| format!(", {minutes} min")).unwrap_or_default()
        );
        text.push_str("  content:\n");
        slide.content.iter().for_each(|block| text.push_str(&describe_block(block)));
        text.push_str("  notes:\n");
        slide.notes.iter().for_each(|block| text.push_str(&describe_block(block)));
    }
    text
}

fn split(name: &str) -> Vec<Slide> {
    split_chapter(&fixture(name), &format!("book/src/{name}"), "Fallback name", 2).expect("the fixture splits")
}

#[test]
fn a_chapter_splits_at_its_sections_with_prose_as_notes() {
    let slides = split("basic.md");
    let titles: Vec<&str> = slides.iter().map(|slide| slide.title_text.as_str()).collect();
    assert_eq!(titles, ["Access control basics", "Learning objectives", "Three models", "Rules", "Try it"]);
    assert_snapshot("basic.split", &describe(&slides));
}

#[test]
fn markers_route_content_to_slides_notes_or_book() {
    let slides = split("markers.md");
    let titles: Vec<&str> = slides.iter().map(|slide| slide.title_text.as_str()).collect();
    assert_eq!(titles, ["Markers", "Shared section", "A slide the book does not have", "Last"]);
    let everything = describe(&slides);
    assert!(
        !everything.contains("derivation") && !everything.contains("nor this list"),
        "book-only content left the deck"
    );
    assert_snapshot("markers.split", &everything);
}

#[test]
fn the_book_loses_slide_only_and_notes_regions_but_keeps_its_lines() {
    let source = fixture("markers.md");
    let book = strip_for_book(&source, "book/src/markers.md").expect("balanced markers");
    assert_eq!(book.lines().count(), source.lines().count(), "lines are kept, so diagnostics stay right");
    for gone in [
        "Only on the slide",
        "Ask the room",
        "a list kept for the speaker",
        "A slide the book does not have",
        "recap bullet",
    ] {
        assert!(!book.contains(gone), "`{gone}` is still in the book");
    }
    for kept in ["A long derivation", "nor this list", "Prose after the markers", "- on the slide and in the book"] {
        assert!(book.contains(kept), "`{kept}` is missing from the book");
    }
    assert_snapshot("markers.book", &book);
}

#[test]
fn unbalanced_markers_are_errors_with_lines() {
    let problems =
        strip_for_book(&fixture("broken-markers.md"), "book/src/broken-markers.md").expect_err("broken markers");
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_snapshot("broken-markers.errors", &(shown.join("\n") + "\n"));
    let lines: Vec<usize> = problems.iter().map(|problem| problem.line).collect();
    assert_eq!(lines, [7, 11, 13, 15, 3]);
    assert!(split_chapter(&fixture("broken-markers.md"), "f", "n", 2).is_err(), "the deck refuses them too");
}

#[test]
fn a_dense_slide_is_reported_with_file_and_line() {
    let slides = split("overflow.md");
    let warnings = overflow_warnings(&slides, "book/src/overflow.md", 14.0);
    let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["book/src/overflow.md:3: slide \"A dense slide\" may overflow (15 lines)"]);
}

#[test]
fn the_heading_level_is_configurable() {
    let slides = split_chapter(&fixture("basic.md"), "book/src/basic.md", "n", 3).expect("splits");
    let titles: Vec<&str> = slides.iter().map(|slide| slide.title_text.as_str()).collect();
    assert_eq!(titles, ["Access control basics", "Learning objectives", "Three models", "Rules", "Contexts", "Try it"]);
    let slides = split_chapter(&fixture("basic.md"), "book/src/basic.md", "n", 1).expect("splits");
    assert_eq!(slides.len(), 1, "level 1: the whole chapter on its title slide");
}

#[test]
fn a_chapter_without_a_title_heading_uses_its_name() {
    let slides = split_chapter("Some prose.\n\n## First\n\n- a\n", "f", "From SUMMARY", 2).expect("splits");
    assert_eq!(slides[0].title_text, "From SUMMARY");
    assert!(slides[0].is_title);
    assert_eq!(slides[1].title_text, "First");
}

fn deck(name: &str, chapter: &str) -> String {
    let book = SlideBook {
        options: SlideOptions::default(),
        book_title: "Test book".into(),
        language: "en".into(),
        chapters: Vec::new(),
    };
    let source = ChapterSource {
        name: "Fallback".into(),
        path: PathBuf::from(chapter),
        file: format!("book/src/{chapter}"),
        part: Some("Part I: Testing".into()),
        content: fixture(name),
    };
    chapter_deck(&book, &source).expect("the deck renders").html
}

#[test]
fn the_deck_page_has_a_section_per_slide_with_directives_expanded() {
    let html = deck("basic.md", "security/basic.md");
    assert_eq!(html.matches("<section class=\"slide").count(), 5);
    assert!(html.contains("data-lab=\"acop-calculator\""), "the lab is a mount point");
    assert!(html.contains("id=\"slide-lab-1\""), "mount ids are numbered across the deck");
    assert!(html.contains("<svg"), "the figure is drawn at build time");
    assert!(html.contains("class=\"hl-"), "code is highlighted at build time");
    assert!(html.contains("href=\"../../glossary.html#acl\""), "links work from slides/");
    assert!(html.contains("href=\"../../security/basic.html\">Read the chapter"), "the deck links back to its chapter");
    assert!(html.contains("<aside class=\"notes\""), "prose became notes");
    assert!(!html.contains("```"), "no fence is left");
    assert_snapshot("basic.deck", &html);
}

#[test]
fn turtle_and_sparql_on_a_slide_are_highlighted() {
    let content = "# T\n\n## Data\n\n```turtle\nex:plug1 a saref:Device ; rdfs:label \"Plug\"@en .\n```\n\n## Query\n\n```sparql\nSELECT ?device WHERE { ?device a saref:Device }\n```\n";
    let book = SlideBook::default();
    let source = ChapterSource {
        name: "T".into(),
        path: "t.md".into(),
        file: "book/src/t.md".into(),
        part: None,
        content: content.into(),
    };
    let html = chapter_deck(&book, &source).expect("the deck renders").html;
    assert!(
        html.contains(
            "<pre class=\"code hl-code\" tabindex=\"0\" data-language=\"turtle\"><code><span class=\"hl-source hl-turtle\">"
        ),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"hl-support hl-type hl-prefixed-name hl-turtle\">saref:Device</span>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"hl-storage hl-modifier hl-language-tag hl-turtle\">@en</span>"), "{html}");
    assert!(html.contains("<span class=\"hl-keyword hl-other hl-sparql\">SELECT</span>"), "{html}");
    assert!(html.contains("<span class=\"hl-variable hl-other hl-sparql\">?device</span>"), "{html}");
}

#[test]
fn a_wrong_directive_in_a_slide_only_region_names_its_line() {
    let content =
        "# T\n\n<!-- slides-only -->\n\n## Extra\n\n```lab acop-calculator\nvalue = 99\n```\n\n<!-- /slides-only -->\n";
    let book = SlideBook::default();
    let source = ChapterSource {
        name: "T".into(),
        path: "t.md".into(),
        file: "book/src/t.md".into(),
        part: None,
        content: content.into(),
    };
    let problems = chapter_deck(&book, &source).expect_err("value 99 is out of range");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 7, "{}", problems[0]);
    assert!(problems[0].message.contains("from 0 to 63"), "{}", problems[0]);
}

#[test]
fn the_index_lists_decks_by_part() {
    let entries = vec![
        IndexEntry {
            part: None,
            chapter: "introduction.md".into(),
            title: "Introduction".into(),
            slides: 4,
            minutes: None,
        },
        IndexEntry {
            part: Some("Part I: Security".into()),
            chapter: "security/a.md".into(),
            title: "A".into(),
            slides: 9,
            minutes: Some(42.5),
        },
        IndexEntry {
            part: Some("Part I: Security".into()),
            chapter: "security/b.md".into(),
            title: "B & C".into(),
            slides: 7,
            minutes: None,
        },
    ];
    let html = render::index_html("Book", "en", &entries);
    assert_eq!(html.matches("<ul class=\"deck-list\">").count(), 2);
    assert!(html.contains("<h2>Part I: Security</h2>"));
    assert!(
        html.contains("<a href=\"security/b.html\">B &amp; C</a> <span class=\"deck-count\">7 slides</span>"),
        "{html}"
    );
    assert!(html.contains("href=\"../security/a.html\""), "each deck links to its chapter");
    assert!(
        html.contains("<span class=\"deck-count\">9 slides</span> <span class=\"deck-minutes\">42.5 min</span>"),
        "a deck with minutes shows its planned time: {html}"
    );
    assert_eq!(html.matches("deck-minutes").count(), 1, "decks without minutes show none");
    assert!(html.contains("(42.5 min in all)"), "the plan is summed: {html}");
    let unplanned: Vec<IndexEntry> = entries.into_iter().map(|entry| IndexEntry { minutes: None, ..entry }).collect();
    assert!(!render::index_html("Book", "en", &unplanned).contains("deck-plan"), "no minutes, no plan");
}

#[test]
fn reveal_and_minutes_mark_blocks_and_slides() {
    let slides = split("lecturer.md");
    let minutes: Vec<Option<f32>> = slides.iter().map(|slide| slide.minutes).collect();
    assert_eq!(minutes, [Some(2.0), Some(4.0), Some(1.5), None, Some(2.5)]);
    let revealed: Vec<(usize, &str)> = slides
        .iter()
        .enumerate()
        .flat_map(|(number, slide)| slide.content.iter().map(move |block| (number + 1, block)))
        .filter(|(_, block)| block.reveal)
        .map(|(number, block)| (number, block.markdown.lines().next().unwrap_or_default()))
        .collect();
    assert_eq!(revealed, [(2, "- Who may read the plug's state?"), (3, "```json"), (5, "1. Rules only grant.")]);
    let lead_in = &slides[1].content[0];
    assert!(lead_in.markdown.starts_with("Before the lab") && !lead_in.reveal, "the lead-in stays on the slide");
    assert_eq!(render::deck_minutes(&slides), Some(10.0));
    assert_eq!(render::deck_minutes(&split("basic.md")), None, "a chapter without minutes plans no time");
    assert_snapshot("lecturer.split", &describe(&slides));
}

#[test]
fn the_book_keeps_reveal_and_minutes_as_invisible_comments() {
    let source = fixture("lecturer.md");
    let book = strip_for_book(&source, "book/src/lecturer.md").expect("balanced markers");
    let outside_slides_only = &source[..source.find("<!-- slides-only -->").expect("a slides-only region")];
    assert!(book.starts_with(outside_slides_only), "the book's Markdown is the chapter's, up to the slide-only recap");
}

#[test]
fn revealed_lists_become_fragments_item_by_item_and_other_blocks_at_once() {
    let html = deck("lecturer.md", "lecturer.md");
    assert_eq!(html.matches("<li class=\"fragment\">").count(), 5, "3 items, then 2: nested items are not fragments");
    assert!(html.contains("<li>and from where?</li>"), "the nested item comes with its parent");
    assert!(
        html.contains("<div class=\"fragment\">\n<pre class=\"code hl-code\" tabindex=\"0\" data-language=\"json\">"),
        "{html}"
    );
    assert!(html.contains("data-minutes=\"10\">"), "the deck's total");
    assert!(html.contains("id=\"slide-3\" aria-roledescription=\"slide\""), "{html}");
    assert!(html.contains("data-title=\"Revealed at once\" data-minutes=\"1.5\">"), "{html}");
    assert!(html.contains("data-title=\"No time planned\">"), "a slide without minutes has none");
    assert!(!deck("basic.md", "security/basic.md").contains("data-minutes"), "no minutes, no plan");
    assert_snapshot("lecturer.deck", &html);
}

#[test]
fn wrong_minutes_and_misplaced_reveals_are_errors_with_lines() {
    let problems = split_chapter(&fixture("bad-cues.md"), "book/src/bad-cues.md", "n", 2).expect_err("bad cues");
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_snapshot("bad-cues.errors", &(shown.join("\n") + "\n"));
    let lines: Vec<usize> = problems.iter().map(|problem| problem.line).collect();
    assert_eq!(lines, [5, 9, 14, 18, 26]);
    assert!(shown[0].starts_with("book/src/bad-cues.md:5: `<!-- minutes: 0 -->`"), "{}", shown[0]);
    let book = SlideBook::default();
    let source = ChapterSource {
        name: "n".into(),
        path: "bad-cues.md".into(),
        file: "book/src/bad-cues.md".into(),
        part: None,
        content: fixture("bad-cues.md"),
    };
    assert_eq!(chapter_deck(&book, &source).expect_err("the deck build fails").len(), 5);
}

#[test]
fn minutes_are_positive_numbers() {
    for (value, expected) in
        [("4", Some(4.0)), ("1.5", Some(1.5)), ("0.5", Some(0.5)), ("0", None), ("-1", None), ("", None)]
    {
        assert_eq!(split::parse_minutes(value), expected, "{value:?}");
    }
    for wrong in ["inf", "NaN", "1e3", "four", "1.2.3", "4 min", "0.0"] {
        assert_eq!(split::parse_minutes(wrong), None, "{wrong:?}");
    }
    assert_eq!(render::format_minutes(4.0), "4");
    assert_eq!(render::format_minutes(42.5), "42.5");
}
