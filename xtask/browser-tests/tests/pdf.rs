//! The PDFs `cargo xtask build` prints with headless Chromium (xtask/src/pdf.rs), read back with lopdf: each deck's
//! PDF has one page per slide of its deck page, its handout at least as many; every font of every PDF is embedded;
//! the text is extractable (each deck's title, the book's chapter headings and its answers appendix); the links
//! into the site are relative; the introduction and the deck index link to files that exist. Needs a site built
//! with Chromium present: `cargo xtask build`, then `cargo test -p browser-tests --test pdf`. Without Chromium the
//! build skips the PDFs and these tests skip loudly, except with `CI` set: then they fail.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use browser_tests::{browser_available, site_dir};
use lopdf::{Document, Object};

/// The PDFs are there: the site was built with Chromium (or the browser is missing and the test skips).
fn built_site() -> Option<PathBuf> {
    if !browser_available() {
        return None;
    }
    let site = site_dir();
    assert!(
        site.join("book.pdf").is_file(),
        "no book.pdf in {}: run `cargo xtask build` (which prints the PDFs when Chromium is present)",
        site.display()
    );
    Some(site)
}

fn load(path: &Path) -> Document {
    Document::load(path).unwrap_or_else(|error| panic!("{} is not a readable PDF: {error}", path.display()))
}

/// Every deck page under `slides/`, as paths relative to it (`security/access-control.html`).
fn decks(site: &Path) -> Vec<PathBuf> {
    let slides = site.join("slides");
    let mut found = Vec::new();
    let mut folders = vec![slides.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("the slides folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "html") {
                let relative = path.strip_prefix(&slides).expect("inside slides").to_path_buf();
                if relative != Path::new("index.html") {
                    found.push(relative);
                }
            }
        }
    }
    found.sort();
    found
}

/// The fonts of the PDF whose glyphs are not in the file, by `BaseFont` name, and how many fonts were checked: a
/// simple or CID font whose descriptor has no `FontFile`, `FontFile2` or `FontFile3`, or a Type 3 font without its
/// glyph procedures (`CharProcs`: Chromium draws some glyphs, e.g. of a font it cannot subset, as Type 3). A Type 0
/// font is checked through its descendant CID font, which is a font dictionary of its own.
fn fonts_not_embedded(document: &Document) -> (Vec<String>, usize) {
    let mut missing = Vec::new();
    let mut checked = 0;
    for object in document.objects.values() {
        let Ok(font) = object.as_dict() else { continue };
        if !font.has_type(b"Font") {
            continue;
        }
        let subtype = font.get(b"Subtype").and_then(Object::as_name).unwrap_or_default();
        let embedded = match subtype {
            b"Type0" => continue,
            b"Type3" => font.has(b"CharProcs"),
            _ => font
                .get(b"FontDescriptor")
                .and_then(|descriptor| document.dereference(descriptor))
                .and_then(|(_, descriptor)| descriptor.as_dict())
                .is_ok_and(|descriptor| {
                    ["FontFile", "FontFile2", "FontFile3"].iter().any(|key| descriptor.has(key.as_bytes()))
                }),
        };
        checked += 1;
        if !embedded {
            let name = font.get(b"BaseFont").and_then(Object::as_name).unwrap_or_default();
            missing.push(String::from_utf8_lossy(name).into_owned());
        }
    }
    (missing, checked)
}

/// The text of the given pages (1-based), as a reader's copy and paste would get it.
fn text_of(document: &Document, pages: &[u32]) -> String {
    document.extract_text(pages).unwrap_or_else(|error| panic!("extracting text: {error}"))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The link targets (`/URI`) of the PDF, wherever they sit (in a link annotation's action dictionary).
fn uris(document: &Document) -> Vec<String> {
    fn collect(object: &Object, found: &mut Vec<String>) {
        match object {
            Object::Dictionary(dictionary) => {
                for (key, value) in dictionary.iter() {
                    match value {
                        Object::String(bytes, _) if key == b"URI" => {
                            found.push(String::from_utf8_lossy(bytes).into_owned())
                        }
                        _ => collect(value, found),
                    }
                }
            }
            Object::Array(items) => items.iter().for_each(|item| collect(item, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    document.objects.values().for_each(|object| collect(object, &mut found));
    found
}

fn attribute_between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).map(|at| at + start.len()).unwrap_or_else(|| panic!("no `{start}`"));
    let to = html[from..].find(end).map(|at| from + at).unwrap_or(html.len());
    &html[from..to]
}

#[test]
fn each_deck_pdf_has_one_page_per_slide_embedded_fonts_and_its_title_as_text() {
    let Some(site) = built_site() else { return };
    let decks = decks(&site);
    assert!(decks.len() >= 10, "the site has its decks: {decks:?}");
    for deck in &decks {
        let html = std::fs::read_to_string(site.join("slides").join(deck)).expect("the deck page");
        let slides = html.matches("<section class=\"slide").count();
        assert!(slides > 0, "{}: no slide in the deck page", deck.display());
        let title = attribute_between(&html, "<title>", " · slides</title>")
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");

        let pdf_path = site.join("slides").join(deck.with_extension("pdf"));
        let pdf = load(&pdf_path);
        assert_eq!(pdf.get_pages().len(), slides, "{}: one page per slide", pdf_path.display());
        let (missing, checked) = fonts_not_embedded(&pdf);
        assert!(checked > 0, "{}: the PDF has font descriptors", pdf_path.display());
        assert!(missing.is_empty(), "{}: fonts not embedded: {missing:?}", pdf_path.display());
        let first_page = squash(&text_of(&pdf, &[1]));
        assert!(
            first_page.contains(&squash(&title)),
            "{}: the title slide's text `{title}` is extractable; page 1 reads: {first_page}",
            pdf_path.display()
        );
        let links = uris(&pdf);
        assert!(
            links.iter().all(|uri| !uri.starts_with("file:")),
            "{}: links into the site are relative: {links:?}",
            pdf_path.display()
        );
        // the deck sits in slides/<part>/: its chapter is as many folders up, plus one for slides/
        let expected_chapter =
            format!("{}{}", "../".repeat(deck.components().count()), deck.display().to_string().replace('\\', "/"));
        assert!(
            links.iter().any(|uri| uri == &expected_chapter),
            "{}: the title slide links to its chapter `{expected_chapter}`: {links:?}",
            pdf_path.display()
        );

        let stem = deck.file_stem().expect("a deck file name").to_string_lossy();
        let handout_path = site.join("slides").join(deck.with_file_name(format!("{stem}-handout.pdf")));
        let handout = load(&handout_path);
        assert!(
            handout.get_pages().len() >= slides,
            "{}: at least a page per slide ({} pages, {slides} slides)",
            handout_path.display(),
            handout.get_pages().len()
        );
        let (missing, _) = fonts_not_embedded(&handout);
        assert!(missing.is_empty(), "{}: fonts not embedded: {missing:?}", handout_path.display());
    }
}

#[test]
fn the_book_pdf_has_every_chapter_the_answers_appendix_lab_links_and_embedded_fonts() {
    let Some(site) = built_site() else { return };
    let print = std::fs::read_to_string(site.join("print.html")).expect("print.html");
    let quizzes = print.matches("<div class=\"quiz-answers-print\">").count();
    assert!(quizzes > 0, "the book has quizzes");
    let book = load(&site.join("book.pdf"));
    let pages = book.get_pages().len() as u32;
    let chapters = print.matches("<h1 id=\"").count() as u32;
    assert!(pages >= chapters, "{pages} pages for {chapters} chapters (each starts a page)");

    let (missing, checked) = fonts_not_embedded(&book);
    assert!(checked > 0, "book.pdf has font descriptors");
    assert!(missing.is_empty(), "book.pdf: fonts not embedded: {missing:?}");

    let all_pages: Vec<u32> = (1..=pages).collect();
    let text = squash(&text_of(&book, &all_pages));
    for heading in ["Introduction", "How to use the slides", "Answers to the self-checks"] {
        assert!(text.contains(heading), "book.pdf: `{heading}` is in its text");
    }
    let appendix = text.rfind("Answers to the self-checks").expect("the appendix heading");
    assert!(appendix > text.len() / 2, "the answers appendix comes at the end of the book");
    for number in [1, quizzes] {
        assert!(text[appendix..].contains(&format!("Self-check {number}:")), "the appendix has self-check {number}");
    }
    assert!(
        text[..appendix].contains(&format!("Answers: self-check {quizzes} in the appendix.")),
        "each quiz points to its answers in the appendix"
    );

    let links: BTreeSet<String> = uris(&book).into_iter().collect();
    assert!(links.iter().all(|uri| !uri.starts_with("file:")), "book.pdf: links into the site are relative: {links:?}");
    let lab_pages: Vec<&String> = links.iter().filter(|uri| uri.ends_with(".html") && !uri.contains(':')).collect();
    assert!(
        lab_pages.iter().any(|uri| uri.starts_with("security/")),
        "book.pdf: each lab links to its page in the web book: {lab_pages:?}"
    );
    for page in lab_pages {
        assert!(site.join(page).is_file(), "book.pdf links to {page}, which the site has");
    }
}

#[test]
fn the_introduction_and_the_deck_index_link_to_pdfs_that_exist() {
    let Some(site) = built_site() else { return };
    let introduction = std::fs::read_to_string(site.join("introduction.html")).expect("introduction.html");
    assert!(introduction.contains("href=\"book.pdf\""), "the introduction links to book.pdf");
    let index = std::fs::read_to_string(site.join("slides/index.html")).expect("the deck index");
    let linked: Vec<&str> = index
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.ends_with(".pdf"))
        .collect();
    let decks = decks(&site);
    assert_eq!(
        linked.len(),
        2 * decks.len() + 1,
        "the index links each deck's PDF and handout, and book.pdf: {linked:?}"
    );
    for href in linked {
        let file = site.join("slides").join(href);
        let bytes = std::fs::read(&file).unwrap_or_else(|_| panic!("the deck index links {href}, which is missing"));
        assert!(bytes.starts_with(b"%PDF-"), "{href} is a PDF");
    }
}
