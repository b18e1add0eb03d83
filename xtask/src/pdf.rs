//! The PDFs (issue 26): `book.pdf` (the whole book from mdBook's `print.html`, with the quizzes' answers moved to an
//! appendix and each lab as its print description with a link to its page) and, for each slide deck, `<deck>.pdf`
//! (one slide per page, 16:9) and `<deck>-handout.pdf` (each slide with its speaker notes, A4). They are printed by
//! Debian's headless Chromium from the pages the build has just written into the site, two at a time; the print
//! rules are `theme/book-print.css` (the book) and `theme/slides/print.css` (the decks).
//!
//! Without Chromium the build says so in one line and skips them (a reader's machine need not have it); with
//! `CI` set a missing Chromium is an error, as it is for the browser tests. The browser test `pdf.rs` checks the
//! files: a deck's page count equals its slide count, every font is embedded, the text is extractable.
//!
//! Chromium writes each link as an absolute `file://` URL into the site; [`relative_links`] rewrites those to paths
//! relative to the PDF (lopdf), so a link in a downloaded PDF opens the page beside it on the same server.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::project::Project;

/// The browser the PDFs are printed with: `CHROMIUM` if set, else Debian's.
pub fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    path.is_file().then_some(path)
}

/// The book's PDF, at the site's root.
pub const BOOK_PDF: &str = "book.pdf";
/// The print document `book.pdf` is made from, written beside `print.html` for the time of the print only.
const BOOK_SOURCE: &str = "book-pdf-source.html";
/// How many Chromium processes print at once (CI has 2 cores).
const PARALLEL: usize = 2;
/// A print that takes longer than this is stuck: it is killed and the build fails.
const TIMEOUT: Duration = Duration::from_secs(180);

/// What [`build_pdfs`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfOutcome {
    Built { files: usize, bytes: u64, elapsed: Duration },
    Skipped,
}

/// One PDF to print: the page's URL and the file to write.
#[derive(Debug, Clone)]
struct Job {
    url: String,
    output: PathBuf,
}

/// Prints `book.pdf` and every deck's two PDFs into the built site (`target/site`).
pub fn build_pdfs(project: &Project) -> Result<PdfOutcome> {
    let site = project.site_dir();
    let Some(browser) = chromium() else {
        if std::env::var_os("CI").is_some() {
            bail!("no Chromium at /usr/bin/chromium: CI builds and checks the PDFs (`apt-get install chromium`)");
        }
        println!(
            "xtask: PDFs skipped: no Chromium at /usr/bin/chromium (`apt-get install chromium`, or set CHROMIUM); \
             the book and deck pages link to PDFs this build does not have"
        );
        return Ok(PdfOutcome::Skipped);
    };
    let started = Instant::now();
    let print_html = std::fs::read_to_string(site.join("print.html"))
        .with_context(|| format!("reading {}/print.html (run `cargo xtask build` first)", site.display()))?;
    let source = site.join(BOOK_SOURCE);
    std::fs::write(&source, book_print_document(&print_html, &chapter_pages(&site)?))
        .with_context(|| format!("writing {}", source.display()))?;
    let mut jobs = vec![Job { url: file_url(&source), output: site.join(BOOK_PDF) }];
    for deck in deck_pages(&site.join("slides"))? {
        let handout = deck.with_file_name(format!("{}-handout.pdf", file_stem(&deck)));
        jobs.push(Job { url: file_url(&deck), output: deck.with_extension("pdf") });
        jobs.push(Job { url: format!("{}?print-notes", file_url(&deck)), output: handout });
    }
    let work = project.target_dir().join("pdf-work");
    let printed = print_all(&browser, &work, &jobs);
    let removed = std::fs::remove_file(&source);
    printed?;
    removed.with_context(|| format!("removing {}", source.display()))?;
    let mut bytes = 0;
    for job in &jobs {
        relative_links(&job.output, &site)?;
        bytes += std::fs::metadata(&job.output).map(|metadata| metadata.len()).unwrap_or(0);
    }
    let elapsed = started.elapsed();
    println!(
        "xtask: {} PDFs ({BOOK_PDF} and {} decks, each with a handout), {:.1} MB, printed by {} in {:.1} s",
        jobs.len(),
        (jobs.len() - 1) / 2,
        bytes as f64 / 1e6,
        browser.display(),
        elapsed.as_secs_f64()
    );
    Ok(PdfOutcome::Built { files: jobs.len(), bytes, elapsed })
}

/// Every deck page under `slides/` (not the index), sorted.
fn deck_pages(slides: &Path) -> Result<Vec<PathBuf>> {
    let mut pages = Vec::new();
    let mut folders = vec![slides.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))? {
            let path = entry.with_context(|| format!("reading {}", folder.display()))?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "html")
                && !(folder == slides && path.file_name().is_some_and(|name| name == "index.html"))
            {
                pages.push(path);
            }
        }
    }
    pages.sort();
    Ok(pages)
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default()
}

fn file_url(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    format!("file://{}", absolute.to_string_lossy().replace(' ', "%20"))
}

/// Prints the jobs, [`PARALLEL`] at a time, each Chromium with a fresh profile; fails naming every job that failed.
fn print_all(browser: &Path, work: &Path, jobs: &[Job]) -> Result<()> {
    let queue = Mutex::new(jobs.iter());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..PARALLEL {
            let (queue, failures) = (&queue, &failures);
            scope.spawn(move || {
                loop {
                    let next = queue.lock().map(|mut queue| queue.next()).unwrap_or(None);
                    let Some(job) = next else { break };
                    if let Err(error) = print_one(browser, &work.join(format!("profile-{worker}")), job)
                        && let Ok(mut failures) = failures.lock()
                    {
                        failures.push(format!("{:#}", error));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_default();
    if !failures.is_empty() {
        bail!("{} PDF(s) could not be printed:\n  {}", failures.len(), failures.join("\n  "));
    }
    Ok(())
}

fn print_one(browser: &Path, profile: &Path, job: &Job) -> Result<()> {
    if profile.exists() {
        std::fs::remove_dir_all(profile).with_context(|| format!("removing {}", profile.display()))?;
    }
    std::fs::create_dir_all(profile).with_context(|| format!("creating {}", profile.display()))?;
    let _ = std::fs::remove_file(&job.output);
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", job.output.display()))
        .arg(&job.url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command.spawn().with_context(|| format!("starting {}", browser.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().context("waiting for Chromium")? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            bail!("{}: Chromium did not finish in {} s", job.url, TIMEOUT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut errors = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        use std::io::Read;
        let _ = stderr.read_to_string(&mut errors);
    }
    let written = std::fs::read(&job.output).unwrap_or_default();
    if !status.success() || !written.starts_with(b"%PDF-") {
        bail!("{}: Chromium wrote no PDF ({status}): {}", job.url, errors.trim());
    }
    std::fs::remove_dir_all(profile).with_context(|| format!("removing {}", profile.display()))?;
    Ok(())
}

/// The document `book.pdf` is printed from: `print.html` with each quiz's answers replaced by a reference to an
/// appendix, "Answers to the self-checks", that lists them all at the end (the reader tries the questions before
/// turning to the answers), and each lab's print description followed by the address of its page.
pub fn book_print_document(print_html: &str, pages: &BTreeMap<String, String>) -> String {
    const ANSWERS_OPEN: &str = "<div class=\"quiz-answers-print\">";
    const LAB_PRINT_END: &str = "Open this page online to use it.</p>";
    let mut document = String::with_capacity(print_html.len() + 4096);
    let mut appendix = String::new();
    let mut rest = print_html;
    let mut quizzes = 0;
    let mut consumed = 0;
    loop {
        let next_quiz = rest.find(ANSWERS_OPEN);
        let next_lab = rest.find(LAB_PRINT_END);
        let at = match (next_quiz, next_lab) {
            (Some(quiz), Some(lab)) => quiz.min(lab),
            (Some(at), None) | (None, Some(at)) => at,
            (None, None) => break,
        };
        let (chapter_title, chapter_id) = chapter_before(&print_html[..consumed + at]);
        if Some(at) == next_lab {
            document.push_str(&rest[..at]);
            match chapter_id.and_then(|id| pages.get(&id)) {
                None => document.push_str(LAB_PRINT_END),
                Some(link) => {
                    document.push_str(&format!(
                        "Open <a href=\"{link}\">{link}</a> in the web book to use it.</p>",
                        link = escape_html(link)
                    ));
                }
            }
            rest = &rest[at + LAB_PRINT_END.len()..];
            consumed += at + LAB_PRINT_END.len();
            continue;
        }
        let Some(end) = rest[at..].find("</div>").map(|end| at + end + "</div>".len()) else { break };
        quizzes += 1;
        let answers = &rest[at + ANSWERS_OPEN.len()..end - "</div>".len()];
        let list = answers.find("<ol").map(|start| &answers[start..]).unwrap_or(answers);
        document.push_str(&rest[..at]);
        document.push_str(&format!(
            "<p class=\"quiz-answers-ref\" id=\"self-check-{quizzes}\">Answers: <a href=\"#answers-{quizzes}\">self-check {quizzes}</a> in the appendix.</p>"
        ));
        appendix.push_str(&format!(
            "<section class=\"answers-entry\">\n<h2 id=\"answers-{quizzes}\">Self-check {quizzes}: {title}</h2>\n{list}\n<p class=\"answers-back\"><a href=\"#self-check-{quizzes}\">Back to the questions</a></p>\n</section>\n",
            title = escape_html(&chapter_title),
        ));
        rest = &rest[end..];
        consumed += end;
    }
    document.push_str(rest);
    if quizzes > 0 {
        let appendix = format!(
            "<div class=\"answers-appendix\">\n<h1 id=\"answers-to-the-self-checks\">Answers to the self-checks</h1>\n<p>The answers to the {quizzes} self-checks of the book, with the reason for each, in the order of the chapters.</p>\n{appendix}</div>\n"
        );
        match document.rfind("</main>") {
            Some(end) => document.insert_str(end, &appendix),
            None => document.push_str(&appendix),
        }
    }
    document
}

/// The title text and id of the last chapter heading (`<h1 id=…>`) in `html`.
fn chapter_before(html: &str) -> (String, Option<String>) {
    let Some(start) = html.rfind("<h1 id=\"") else { return (String::from("the book"), None) };
    let heading = &html[start..];
    let id = heading["<h1 id=\"".len()..].split('"').next().map(str::to_owned);
    let end = heading.find("</h1>").unwrap_or(heading.len());
    (strip_tags(&heading[..end]).trim().to_owned(), id)
}

/// The chapter pages of the site by the id of their first `<h1>`: mdBook's `print.html` keeps no file name, but
/// each chapter starts with its page's first heading, under the same id.
pub fn chapter_pages(site: &Path) -> Result<BTreeMap<String, String>> {
    let mut pages = BTreeMap::new();
    let mut folders = vec![site.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))? {
            let path = entry.with_context(|| format!("reading {}", folder.display()))?.path();
            let relative = path.strip_prefix(site).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            if path.is_dir() {
                if !matches!(relative.as_str(), "slides" | "labs" | "fonts" | "css" | "FontAwesome") {
                    folders.push(path);
                }
            } else if path.extension().is_some_and(|extension| extension == "html")
                && !matches!(relative.as_str(), "print.html" | "index.html" | "404.html" | "toc.html" | BOOK_SOURCE)
            {
                let html = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
                if let Some(start) = html.find("<h1 id=\"") {
                    let id = html[start + "<h1 id=\"".len()..].split('"').next().unwrap_or_default();
                    pages.entry(id.to_owned()).or_insert(relative);
                }
            }
        }
    }
    Ok(pages)
}

fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for character in html.chars() {
        match character {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(character),
            _ => {}
        }
    }
    text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Rewrites the PDF's links into the site (`file://…/site/…`, as Chromium writes them) to paths relative to the
/// PDF's folder, so they work wherever the site is served.
pub fn relative_links(pdf: &Path, site: &Path) -> Result<usize> {
    let site_url = format!("{}/", file_url(site));
    let folder = pdf.parent().unwrap_or(site);
    let mut document = lopdf::Document::load(pdf).with_context(|| format!("reading {}", pdf.display()))?;
    let mut rewritten = 0;
    for object in document.objects.values_mut() {
        rewrite_uris(object, &mut |url| {
            let relative = relative_uri(url, &site_url, folder, site)?;
            rewritten += 1;
            Some(relative)
        });
    }
    if rewritten > 0 {
        document.save(pdf).with_context(|| format!("writing {}", pdf.display()))?;
    }
    Ok(rewritten)
}

/// A link into the site (`<site_url>path#fragment`) relative to `folder`; `None` for any other link.
fn relative_uri(url: &str, site_url: &str, folder: &Path, site: &Path) -> Option<String> {
    let inside = url.strip_prefix(site_url)?;
    let (path, fragment) = match inside.split_once('#') {
        Some((path, fragment)) => (path, format!("#{fragment}")),
        None => (inside, String::new()),
    };
    Some(format!("{}{fragment}", relative_path(folder, &site.join(path), site)))
}

/// Replaces each `/URI` string in `object` (a link annotation's action is a dictionary inside the annotation's)
/// for which `rewrite` returns a new one.
fn rewrite_uris(object: &mut lopdf::Object, rewrite: &mut impl FnMut(&str) -> Option<String>) {
    match object {
        lopdf::Object::Dictionary(dictionary) => {
            for (key, value) in dictionary.iter_mut() {
                match value {
                    lopdf::Object::String(bytes, _) if key == b"URI" => {
                        if let Some(new) = std::str::from_utf8(bytes).ok().and_then(&mut *rewrite) {
                            *bytes = new.into_bytes();
                        }
                    }
                    _ => rewrite_uris(value, rewrite),
                }
            }
        }
        lopdf::Object::Array(items) => items.iter_mut().for_each(|item| rewrite_uris(item, rewrite)),
        _ => {}
    }
}

/// `target` relative to `folder`, both inside `site`, with `/` separators.
fn relative_path(folder: &Path, target: &Path, site: &Path) -> String {
    let parts = |path: &Path| -> Vec<String> {
        path.strip_prefix(site)
            .unwrap_or(path)
            .components()
            .filter_map(|component| match component {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    let (from, to) = (parts(folder), parts(target));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut relative: Vec<String> = vec!["..".to_owned(); from.len() - common];
    relative.extend(to[common..].iter().cloned());
    relative.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRINT: &str = "<html><body><main><h1 id=\"introduction\">Introduction</h1>\
        <div class=\"lab lab-progress\"><p class=\"lab-print\"><strong>Interactive lab: Your progress.</strong> Lists it. Open this page online to use it.</p></div>\
        <h1 id=\"access-control\">Access <em>control</em></h1>\
        <div class=\"lab-print quiz-print\"><p><strong>Self-check</strong></p><ol><li>Q?</li></ol>\
        <details class=\"quiz-answers-screen\"><summary>Answers</summary><ol><li>A</li></ol></details>\
        <div class=\"quiz-answers-print\"><p><strong>Answers</strong></p><ol><li><strong>a</strong>: because</li></ol></div></div>\
        <p>After the quiz.</p></main></body></html>";

    #[test]
    fn the_print_document_moves_quiz_answers_to_an_appendix_and_links_each_lab_to_its_page() {
        let pages = BTreeMap::from([
            ("introduction".to_owned(), "introduction.html".to_owned()),
            ("access-control".to_owned(), "security/access-control.html".to_owned()),
        ]);
        let document = book_print_document(PRINT, &pages);
        assert!(!document.contains("quiz-answers-print"), "no answers left beside the quiz: {document}");
        assert!(document.contains(
            "<p class=\"quiz-answers-ref\" id=\"self-check-1\">Answers: <a href=\"#answers-1\">self-check 1</a> in the appendix.</p></div>"
        ));
        let appendix = document.find("<h1 id=\"answers-to-the-self-checks\">").expect("the appendix");
        assert!(appendix > document.find("After the quiz.").expect("the text after the quiz"), "at the end");
        assert!(document[appendix..].contains(
            "<h2 id=\"answers-1\">Self-check 1: Access control</h2>\n<ol><li><strong>a</strong>: because</li></ol>"
        ));
        assert!(document.ends_with("</div>\n</main></body></html>"), "inside <main>: {document}");
        assert!(document.contains(
            "Lists it. Open <a href=\"introduction.html\">introduction.html</a> in the web book to use it.</p>"
        ));
    }

    #[test]
    fn a_book_without_quizzes_gets_no_appendix() {
        let document = book_print_document("<main><h1 id=\"a\">A</h1><p>Text.</p></main>", &BTreeMap::new());
        assert_eq!(document, "<main><h1 id=\"a\">A</h1><p>Text.</p></main>");
    }

    #[test]
    fn links_into_the_site_become_relative_inside_annotations_and_others_stay() {
        let site = Path::new("/s");
        let link = |uri: &str| {
            let mut action = lopdf::Dictionary::new();
            action.set("S", lopdf::Object::Name(b"URI".to_vec()));
            action.set("URI", lopdf::Object::string_literal(uri));
            let mut annotation = lopdf::Dictionary::new();
            annotation.set("Subtype", lopdf::Object::Name(b"Link".to_vec()));
            annotation.set("A", action);
            lopdf::Object::Dictionary(annotation)
        };
        let mut annotations =
            lopdf::Object::Array(vec![link("file:///s/security/a.html#x"), link("https://example.org/")]);
        rewrite_uris(&mut annotations, &mut |url| {
            relative_uri(url, "file:///s/", Path::new("/s/slides/security"), site)
        });
        let uris: Vec<String> = annotations
            .as_array()
            .expect("the array")
            .iter()
            .map(|annotation| {
                let action = annotation.as_dict().and_then(|annotation| annotation.get(b"A")).expect("an action");
                let uri = action.as_dict().and_then(|action| action.get(b"URI")).expect("a URI");
                String::from_utf8_lossy(uri.as_str().expect("a string")).into_owned()
            })
            .collect();
        assert_eq!(uris, ["../../security/a.html#x", "https://example.org/"]);
    }

    #[test]
    fn relative_paths_climb_out_of_the_deck_folders() {
        let site = Path::new("/s");
        assert_eq!(relative_path(Path::new("/s"), Path::new("/s/security/a.html"), site), "security/a.html");
        assert_eq!(
            relative_path(Path::new("/s/slides/security"), Path::new("/s/security/a.html"), site),
            "../../security/a.html"
        );
        assert_eq!(relative_path(Path::new("/s/slides"), Path::new("/s/slides/index.html"), site), "index.html");
    }
}
