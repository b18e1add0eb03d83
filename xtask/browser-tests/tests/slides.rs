//! The slide decks in headless Chromium: keyboard navigation and the URL, the overview, the speaker view kept in
//! sync with the main window, print (one PDF page per slide), a live lab inside a slide, and the links between
//! chapters and decks; step-by-step reveal and pacing on a fixture deck (see [`FixtureSite`]). Needs a built site:
//! `cargo xtask build --release` then `cargo test -p browser-tests --test slides`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use browser_tests::{Browser, SiteServer, browser_available, find};
use fantoccini::Client;
use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintSize, WebDriverCompatibleCommand};

const DECK: &str = "slides/security/access-control.html";

/// Presses a key as a presenter (or a remote) does: a key-down and key-up on whatever has focus.
async fn press(client: &Client, key: impl Into<char>) {
    let key = key.into();
    let actions =
        KeyActions::new("keyboard".to_owned()).then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
    client.perform_actions(actions).await.expect("key press");
}

async fn script(client: &Client, source: &str) -> serde_json::Value {
    client.execute(source, vec![]).await.unwrap_or_else(|error| panic!("running `{source}`: {error}"))
}

/// The 1-based number of the slide shown, once it equals `expected` (or as it is after 5 s).
async fn shown_slide_eventually(client: &Client, expected: u64) -> u64 {
    let mut shown = 0;
    for _ in 0..50 {
        shown = script(client, "return window.slideDeck ? window.slideDeck.index + 1 : 0;").await.as_u64().unwrap_or(0);
        if shown == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    shown
}

/// Checks the deck shows slide `number`: the URL, the runtime's index, and the one visible section.
async fn assert_on_slide(client: &Client, number: u64) {
    assert_eq!(shown_slide_eventually(client, number).await, number, "the deck shows slide {number}");
    let url = client.current_url().await.expect("url");
    assert_eq!(url.fragment(), Some(format!("/{number}").as_str()), "the URL names slide {number}: {url}");
    let visible = script(
        client,
        "return Array.from(document.querySelectorAll('#deck > section.slide')).filter(s => getComputedStyle(s).display !== 'none').map(s => s.id);",
    )
    .await;
    assert_eq!(visible, serde_json::json!([format!("slide-{number}")]), "exactly slide {number} is visible");
}

async fn slide_count(client: &Client) -> u64 {
    script(client, "return document.querySelectorAll('#deck > section.slide').length;").await.as_u64().expect("a count")
}

async fn open_deck(client: &Client, server: &SiteServer, path: &str) {
    client.goto(&server.url(path)).await.expect("open the deck");
    find(client, "#deck > section.slide.current").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_move_through_the_deck_and_the_url_follows() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    open_deck(client, &server, DECK).await;
    let count = slide_count(client).await;
    assert!(count >= 10, "the access-control deck has a slide per section, found {count}");
    assert_on_slide(client, 1).await;

    press(client, Key::Right).await;
    assert_on_slide(client, 2).await;
    press(client, ' ').await;
    assert_on_slide(client, 3).await;
    press(client, Key::PageDown).await;
    assert_on_slide(client, 4).await;
    press(client, Key::PageUp).await;
    assert_on_slide(client, 3).await;
    press(client, Key::Left).await;
    assert_on_slide(client, 2).await;
    press(client, Key::End).await;
    assert_on_slide(client, count).await;
    press(client, Key::Right).await;
    assert_on_slide(client, count).await;
    press(client, Key::Home).await;
    assert_on_slide(client, 1).await;

    // the back button walks back through the slides shown
    press(client, Key::Down).await;
    assert_on_slide(client, 2).await;
    client.back().await.expect("back");
    assert_on_slide(client, 1).await;

    // G, a number, Enter
    press(client, 'g').await;
    let field = find(client, ".deck-goto input").await;
    assert!(field.is_displayed().await.expect("visibility"), "G opens the go-to field");
    field.send_keys(&format!("5{}", char::from(Key::Enter))).await.expect("type 5 and Enter");
    assert_on_slide(client, 5).await;

    // ? opens the help, Esc closes it
    press(client, '?').await;
    let help = client.find(Locator::Css(".deck-help")).await.expect("the help");
    assert!(help.is_displayed().await.expect("visibility"), "? shows the help");
    assert!(help.text().await.expect("text").contains("speaker view"), "the help lists the keys");
    press(client, Key::Escape).await;
    assert!(!help.is_displayed().await.expect("visibility"), "Esc closes the help");

    // B blacks the screen out and back
    press(client, 'b').await;
    assert!(client.find(Locator::Css(".deck-blackout")).await.expect("blackout").is_displayed().await.expect("shown"));
    press(client, 'b').await;
    assert!(
        !client.find(Locator::Css(".deck-blackout")).await.expect("blackout").is_displayed().await.expect("hidden")
    );

    // a link to a slide opens it; the deck follows the reader's mdBook theme
    script(client, "localStorage.setItem('mdbook-theme', 'navy'); return true;").await;
    client.goto(&server.url(&format!("{DECK}#/4"))).await.expect("open slide 4");
    client.refresh().await.expect("load the deck again");
    assert_on_slide(client, 4).await;
    let classes = script(client, "return document.documentElement.className;").await;
    assert!(
        classes.as_str().is_some_and(|classes| classes.split(' ').any(|class| class == "dark")),
        "navy is dark: {classes}"
    );

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the deck logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_shows_every_slide_and_opens_the_one_picked() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    open_deck(client, &server, DECK).await;
    let count = slide_count(client).await;

    press(client, 'o').await;
    let visible = script(
        client,
        "return Array.from(document.querySelectorAll('#deck > section.slide')).filter(s => getComputedStyle(s).display !== 'none' && s.getBoundingClientRect().width < window.innerWidth / 2).length;",
    )
    .await;
    assert_eq!(visible.as_u64(), Some(count), "the overview shows every slide as a thumbnail");
    press(client, Key::Right).await;
    press(client, Key::Right).await;
    let selected = script(client, "return document.querySelector('#deck > section.slide.selected').id;").await;
    assert_eq!(selected.as_str(), Some("slide-3"), "arrows move the selection");
    press(client, Key::Enter).await;
    assert_on_slide(client, 3).await;
    assert!(
        !script(client, "return document.getElementById('deck').classList.contains('overview');")
            .await
            .as_bool()
            .unwrap_or(true),
        "Enter closes the overview"
    );

    // a click on a thumbnail opens that slide
    press(client, 'o').await;
    client.find(Locator::Css("#slide-6")).await.expect("slide 6").click().await.expect("click a thumbnail");
    assert_on_slide(client, 6).await;

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the deck logged errors");
    browser.close().await;
}

/// The speaker window's slide, once it equals `expected`.
async fn speaker_follows(client: &Client, expected: u64) -> u64 {
    shown_slide_eventually(client, expected).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_speaker_view_opens_in_a_second_window_and_stays_in_sync() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    open_deck(client, &server, DECK).await;
    let main = client.window().await.expect("the main window");
    press(client, Key::Right).await;
    assert_on_slide(client, 2).await;

    press(client, 's').await;
    let mut windows = Vec::new();
    for _ in 0..50 {
        windows = client.windows().await.expect("windows");
        if windows.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(windows.len(), 2, "S opens the speaker view in a second window");
    let speaker = windows.into_iter().find(|window| *window != main).expect("the speaker window");

    client.switch_to_window(speaker.clone()).await.expect("switch to the speaker view");
    find(client, ".speaker-panel").await;
    assert_eq!(speaker_follows(client, 2).await, 2, "the speaker view opens on the presenter's slide");
    let notes = client.find(Locator::Css(".speaker-notes-body")).await.expect("notes").text().await.expect("text");
    assert!(notes.contains("Learning objectives") || notes.len() > 3, "the notes pane shows something: {notes:?}");
    let upcoming = script(client, "return document.querySelector('#deck > section.slide.upcoming').id;").await;
    assert_eq!(upcoming.as_str(), Some("slide-3"), "the next slide is previewed");
    let timer = client.find(Locator::Css(".speaker-timer")).await.expect("timer").text().await.expect("text");
    assert!(timer.len() == 8 && timer.chars().filter(|c| *c == ':').count() == 2, "an elapsed timer hh:mm:ss: {timer}");
    let clock = client.find(Locator::Css(".speaker-clock")).await.expect("clock").text().await.expect("text");
    assert_eq!(clock.len(), 5, "a clock hh:mm: {clock}");

    // the presenter moves on: the speaker view follows
    client.switch_to_window(main.clone()).await.expect("back to the main window");
    press(client, Key::Right).await;
    press(client, Key::Right).await;
    assert_on_slide(client, 4).await;
    client.switch_to_window(speaker.clone()).await.expect("to the speaker view");
    assert_eq!(speaker_follows(client, 4).await, 4, "the speaker view followed the main window");
    let notes = client.find(Locator::Css(".speaker-notes-body")).await.expect("notes").text().await.expect("text");
    let expected_notes =
        script(client, "return document.querySelector('#slide-4 .notes').textContent.trim().slice(0, 40);").await;
    assert!(notes.contains(expected_notes.as_str().expect("slide 4 has notes")), "the notes are slide 4's: {notes:?}");

    // and the other way round: the lecturer steps from the speaker view
    press(client, Key::Right).await;
    assert_eq!(speaker_follows(client, 5).await, 5);
    client.switch_to_window(main.clone()).await.expect("back to the main window");
    assert_on_slide(client, 5).await;

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "a window logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

/// The pages of a PDF: its `/Type /Page` objects (not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page").filter(|(at, needle)| !text[at + needle.len()..].starts_with('s')).count()
        + text.match_indices("/Type/Page").filter(|(at, needle)| !text[at + needle.len()..].starts_with('s')).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn printing_a_deck_gives_one_page_per_slide() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    // 16:9 paper, as the deck's @page asks: 1280 x 720 CSS pixels
    let sixteen_by_nine = || {
        PrintConfiguration::builder()
            .size(PrintSize { width: 33.867, height: 19.05 })
            .margins(PrintMargins { top: 0.0, bottom: 0.0, left: 0.0, right: 0.0 })
            .background(true)
            .build()
            .expect("a print configuration")
    };
    for deck in [DECK, "slides/introduction.html", "slides/semantics/ontologies-for-engineers.html"] {
        open_deck(client, &server, deck).await;
        let count = slide_count(client).await as usize;
        let pdf = client.print(sixteen_by_nine()).await.expect("print to PDF");
        assert!(pdf.starts_with(b"%PDF"), "a PDF came back");
        assert_eq!(pdf_pages(&pdf), count, "{deck}: one page per slide");
        // on A4 too (the browser's default paper), still one slide per page
        let a4 = client.print(PrintConfiguration::default()).await.expect("print on A4");
        assert_eq!(pdf_pages(&a4), count, "{deck} on A4: one page per slide");
    }
    // ?print-notes: each slide with its notes (at least a page per slide)
    open_deck(client, &server, &DECK.replace(".html", ".html?print-notes")).await;
    let count = slide_count(client).await as usize;
    let with_notes = client.print(PrintConfiguration::default()).await.expect("print with notes");
    assert!(pdf_pages(&with_notes) >= count, "with notes: {} pages for {count} slides", pdf_pages(&with_notes));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_acop_calculator_works_live_inside_its_slide() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    open_deck(client, &server, DECK).await;
    let number = script(
        client,
        "const slides = Array.from(document.querySelectorAll('#deck > section.slide')); return slides.findIndex(s => s.querySelector('.lab-mount[data-lab=\"acop-calculator\"]')) + 1;",
    )
    .await
    .as_u64()
    .expect("a number");
    assert!(number > 1, "a slide of the access-control deck mounts the acop calculator");
    press(client, 'g').await;
    let field = find(client, ".deck-goto input").await;
    field.send_keys(&format!("{number}{}", char::from(Key::Enter))).await.expect("go to the lab's slide");
    assert_on_slide(client, number).await;
    let calculator = find(client, "section.slide.current .acop-calculator").await;
    let value = calculator.find(Locator::Css("input[type='text']")).await.expect("the value field");
    let before: u32 = value.prop("value").await.expect("value").unwrap_or_default().parse().expect("a number");
    let create = calculator.find(Locator::Css("input[name='Create']")).await.expect("Create");
    let was_ticked = create.prop("checked").await.expect("state").as_deref() == Some("true");
    create.click().await.expect("tick Create");
    let after: u32 = value.prop("value").await.expect("value").unwrap_or_default().parse().expect("a number");
    assert_eq!(after, if was_ticked { before - 1 } else { before + 1 }, "Create is bit 1");

    // keys typed into the lab stay in the lab; the page does not move
    value.send_keys(" ").await.expect("type a space in the field");
    assert_on_slide(client, number).await;

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the deck logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    assert!(!server.requested("book_widgets_bg.wasm").is_empty(), "the deck fetched the lab's wasm");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chapters_link_to_their_decks_and_decks_back() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url("security/access-control.html")).await.expect("open the chapter");
    let link = find(client, "main .deck-link a").await;
    link.click().await.expect("open the deck");
    find(client, "#deck > section.slide.current").await;
    assert!(client.current_url().await.expect("url").path().ends_with("/slides/security/access-control.html"));
    let back = client.find(Locator::Css("#slide-1 .slide-links a")).await.expect("the link back");
    back.click().await.expect("back to the chapter");
    find(client, "main .deck-link").await;
    assert!(client.current_url().await.expect("url").path().ends_with("/security/access-control.html"));

    // the index lists every deck, and a deck without a lab fetches no wasm
    server.log.clear();
    client.goto(&server.url("slides/index.html")).await.expect("the deck index");
    let decks = client.find_all(Locator::Css(".deck-list a:not(.deck-chapter)")).await.expect("deck links");
    assert!(decks.len() >= 18, "every chapter has a deck in the index: {}", decks.len());
    open_deck(client, &server, "slides/introduction.html").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(server.requested(".wasm").is_empty(), "a deck without a lab fetched wasm: {:?}", server.log.entries());
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "a page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

/// Every slide of every deck at its minimum text size (the runtime shrinks a full slide down to 55 %), measured
/// as the print path lays them all out: `[number, title, content height, frame height]` of each one cut off.
const CUT_OFF_SLIDES: &str = r##"
    window.dispatchEvent(new Event("beforeprint"));
    document.documentElement.classList.add("fitting");
    const cut = [];
    document.querySelectorAll("#deck > section.slide").forEach((slide, position) => {
        const body = slide.querySelector(".slide-body");
        // a lab or quiz scrolls inside its own frame
        if (!body || slide.querySelector(".lab-mount")) return;
        if (body.scrollHeight > body.clientHeight + 2) {
            cut.push([position + 1, slide.dataset.title || "", body.scrollHeight, body.clientHeight]);
        }
    });
    document.documentElement.classList.remove("fitting");
    return cut;
"##;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_slide_of_any_deck_is_cut_off() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let decks: Vec<String> = browser_tests::pages_containing(&server.site, "id=\"deck\"")
        .into_iter()
        .filter(|page| page.starts_with("slides/"))
        .collect();
    assert!(decks.len() >= 19, "a deck per chapter and the introduction: {decks:?}");
    let browser = Browser::start().await;
    let client = &browser.client;
    client.set_window_size(1280, 800).await.expect("window size");
    let mut cut_off = Vec::new();
    for deck in &decks {
        open_deck(client, &server, deck).await;
        let cut = script(client, CUT_OFF_SLIDES).await;
        for slide in cut.as_array().into_iter().flatten() {
            cut_off.push(format!("{deck}#/{} {slide}", slide[0]));
        }
    }
    assert!(
        cut_off.is_empty(),
        "slides cut off even at the smallest text size ([slide, title, content px, frame px]):\n{}",
        cut_off.join("\n")
    );
    browser.close().await;
}

/// The 1-based number of the first slide of the deck holding `selector`.
async fn slide_holding(client: &Client, selector: &str) -> u64 {
    let source = format!(
        "const slides = Array.from(document.querySelectorAll('#deck > section.slide')); return slides.findIndex(s => s.querySelector(\"{selector}\")) + 1;"
    );
    script(client, &source).await.as_u64().expect("a number")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_pressed_in_a_lab_on_a_slide_stay_in_the_lab() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    open_deck(client, &server, DECK).await;
    for (lab, control) in [
        (".lab-mount[data-lab='acop-calculator']", ".acop-calculator input[name='Create']"),
        (".lab-mount[data-lab='quiz']", "form.quiz button.check"),
    ] {
        let number = slide_holding(client, lab).await;
        assert!(number > 1, "a slide of the deck mounts {lab}");
        client.goto(&server.url(&format!("{DECK}#/{number}"))).await.expect("go to the lab's slide");
        assert_on_slide(client, number).await;
        let element = find(client, &format!("section.slide.current {control}")).await;
        let reference = serde_json::to_value(&element).expect("element reference");
        let focused = client
            .execute("arguments[0].focus(); return document.activeElement === arguments[0];", vec![reference])
            .await
            .expect("focus");
        assert_eq!(focused, true, "{control} takes the focus");
        for key in [Key::Right, Key::Left, Key::Down, Key::Up] {
            press(client, key).await;
            tokio::time::sleep(Duration::from_millis(150)).await;
            assert_on_slide(client, number).await;
        }
        press(client, 'o').await;
        assert!(
            !script(client, "return document.getElementById('deck').classList.contains('overview');")
                .await
                .as_bool()
                .unwrap_or(true),
            "a letter typed in {control} does not open the overview"
        );
        // a presenter's remote (PageDown) still moves on, and arrows work again outside the lab
        press(client, Key::PageDown).await;
        assert_on_slide(client, number + 1).await;
        script(client, "document.activeElement.blur(); return true;").await;
        press(client, Key::Left).await;
        assert_on_slide(client, number).await;
    }
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the deck logged errors");
    browser.close().await;
}

/// A site of fixture decks, so that reveal and pacing are tested on a chapter that uses them whatever the book's
/// chapters do: the book compiler's decks of `xtask/book-compiler/src/slides/fixtures/lecturer.md` (reveal and
/// minutes) and `basic.md` (no minutes), as its snapshot tests keep them (equal to what it writes), with the
/// runtime from `theme/slides/`. The stylesheets the runtime does not need are empty.
struct FixtureSite {
    base: String,
    dir: PathBuf,
    _task: tokio::task::JoinHandle<()>,
}

impl FixtureSite {
    const LECTURER: &'static str = "slides/lecturer.html";
    const WITHOUT_MINUTES: &'static str = "slides/security/basic.html";

    async fn start(name: &str) -> FixtureSite {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let snapshots = root.join("xtask/book-compiler/src/slides/snapshots");
        let dir = std::env::temp_dir().join(format!("slides-fixture-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files: [(&str, PathBuf); 6] = [
            (Self::LECTURER, snapshots.join("lecturer.deck.snap")),
            (Self::WITHOUT_MINUTES, snapshots.join("basic.deck.snap")),
            ("slides/slides.js", root.join("theme/slides/slides.js")),
            ("slides/slides.css", root.join("theme/slides/slides.css")),
            ("slides/print.css", root.join("theme/slides/print.css")),
            ("slides/highlight.css", PathBuf::new()),
        ];
        for (path, from) in files
            .iter()
            .map(|(path, from)| (dir.join(path), from))
            .chain([(dir.join("labs/labs.css"), &PathBuf::new())])
        {
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("creating the fixture site");
            let content = if from.as_os_str().is_empty() {
                Vec::new()
            } else {
                std::fs::read(from).unwrap_or_else(|error| panic!("reading {}: {error}", from.display()))
            };
            std::fs::write(&path, content).expect("writing the fixture site");
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
        let address: SocketAddr = listener.local_addr().expect("bound address");
        let app = static_site::router(&dir);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FixtureSite { base: format!("http://{address}/"), dir, _task: task }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for FixtureSite {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Chromium's `Emulation.setEmulatedMedia` through chromedriver: `print` lays the page out as for printing.
#[derive(Debug)]
struct EmulateMedia(&'static str);

impl WebDriverCompatibleCommand for EmulateMedia {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "media": self.0 } });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Which fragments of slide `number` are visible, in order (their visibility: the opacity fades).
async fn fragments_visible(client: &Client, number: u64) -> Vec<bool> {
    let source = format!(
        "return Array.from(document.querySelectorAll('#slide-{number} .fragment')).map(f => getComputedStyle(f).visibility === 'visible');"
    );
    serde_json::from_value(script(client, &source).await).expect("a list of booleans")
}

/// The URL's fragment (`/2/1`), once it equals `expected` (or as it is after 5 s).
async fn url_fragment_eventually(client: &Client, expected: &str) -> String {
    let mut fragment = String::new();
    for _ in 0..50 {
        fragment = client.current_url().await.expect("url").fragment().unwrap_or_default().to_owned();
        if fragment == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    fragment
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revealed_list_shows_item_by_item_with_the_keys() {
    if !browser_available() {
        return;
    }
    let site = FixtureSite::start("reveal").await;
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&site.url(&format!("{}#/2", FixtureSite::LECTURER))).await.expect("open the fixture deck");
    find(client, "#deck > section.slide.current").await;
    assert_eq!(shown_slide_eventually(client, 2).await, 2);
    assert_eq!(fragments_visible(client, 2).await, [false, false, false], "a slide opens with nothing revealed");
    let lead_in =
        script(client, "return getComputedStyle(document.querySelector('#slide-2 .slide-body > p')).visibility;").await;
    assert_eq!(lead_in, "visible", "what is not revealed step by step shows at once");

    // → Space PageDown reveal the next item, the address follows; ← hides the last one
    press(client, Key::Right).await;
    assert_eq!(url_fragment_eventually(client, "/2/1").await, "/2/1");
    assert_eq!(fragments_visible(client, 2).await, [true, false, false]);
    press(client, ' ').await;
    assert_eq!(url_fragment_eventually(client, "/2/2").await, "/2/2");
    assert_eq!(fragments_visible(client, 2).await, [true, true, false]);
    press(client, Key::PageDown).await;
    assert_eq!(url_fragment_eventually(client, "/2/3").await, "/2/3");
    assert_eq!(fragments_visible(client, 2).await, [true, true, true]);
    press(client, Key::Left).await;
    assert_eq!(url_fragment_eventually(client, "/2/2").await, "/2/2");
    assert_eq!(fragments_visible(client, 2).await, [true, true, false]);
    assert_eq!(shown_slide_eventually(client, 2).await, 2, "the items revealed, the slide stays");

    // with everything revealed, → moves on; ← from a slide's start goes back to the previous one, all revealed
    press(client, Key::Right).await;
    press(client, Key::Right).await;
    assert_on_slide(client, 3).await;
    assert_eq!(fragments_visible(client, 3).await, [false], "the code block is one fragment");
    press(client, Key::Right).await;
    assert_eq!(url_fragment_eventually(client, "/3/1").await, "/3/1");
    assert_eq!(fragments_visible(client, 3).await, [true]);
    press(client, Key::Left).await;
    press(client, Key::Left).await;
    assert_eq!(url_fragment_eventually(client, "/2/3").await, "/2/3");
    assert_eq!(shown_slide_eventually(client, 2).await, 2);
    assert_eq!(fragments_visible(client, 2).await, [true, true, true]);

    // the back button walks back through slides, not through items
    press(client, Key::Right).await;
    assert_eq!(url_fragment_eventually(client, "/3").await, "/3");
    press(client, Key::Right).await;
    assert_eq!(url_fragment_eventually(client, "/3/1").await, "/3/1");
    client.back().await.expect("back");
    assert_eq!(shown_slide_eventually(client, 2).await, 2, "back returns to the previous slide");

    // a link names the step; the overview shows every item
    client.goto(&site.url(&format!("{}#/5/1", FixtureSite::LECTURER))).await.expect("open slide 5, step 1");
    client.refresh().await.expect("load the deck again");
    find(client, "#deck > section.slide.current").await;
    assert_eq!(shown_slide_eventually(client, 5).await, 5);
    assert_eq!(fragments_visible(client, 5).await, [true, false]);
    press(client, 'o').await;
    assert_eq!(fragments_visible(client, 2).await, [true, true, true], "the overview shows everything");
    assert_eq!(fragments_visible(client, 5).await, [true, true], "the overview shows everything");
    press(client, Key::Escape).await;
    assert_eq!(fragments_visible(client, 5).await, [true, false], "closing the overview keeps the step");

    // print shows everything (the page as Chromium lays it out for print)
    client.issue_cmd(EmulateMedia("print")).await.expect("emulate print media");
    assert_eq!(fragments_visible(client, 2).await, [true, true, true], "print shows everything");
    assert_eq!(fragments_visible(client, 5).await, [true, true], "print shows everything");
    client.issue_cmd(EmulateMedia("")).await.expect("back to screen media");
    assert_eq!(fragments_visible(client, 5).await, [true, false], "on screen again, the step is kept");

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the deck logged errors");
    browser.close().await;
}

/// The speaker view's pacing text, once it contains `expected` (or as it is after 5 s).
async fn pacing_eventually(client: &Client, expected: &str) -> String {
    let mut text = String::new();
    for _ in 0..50 {
        text = script(client, "const p = document.querySelector('.speaker-pacing'); return p ? p.textContent : '';")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if text.contains(expected) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_speaker_view_paces_a_deck_with_minutes_and_follows_its_steps() {
    if !browser_available() {
        return;
    }
    let site = FixtureSite::start("pacing").await;
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&site.url(FixtureSite::LECTURER)).await.expect("open the fixture deck");
    find(client, "#deck > section.slide.current").await;
    let main = client.window().await.expect("the main window");
    press(client, 's').await;
    let mut windows = Vec::new();
    for _ in 0..50 {
        windows = client.windows().await.expect("windows");
        if windows.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let speaker = windows.into_iter().find(|window| *window != main).expect("S opens the speaker view");
    client.switch_to_window(speaker.clone()).await.expect("switch to the speaker view");
    find(client, ".speaker-panel").await;

    // slides of 2, 4, 1.5, none and 2.5 minutes: the plan for slide 1 is its first 2 of 10 minutes
    assert_eq!(pacing_eventually(client, "on time").await, "Plan 0–2 of 10 min · on time");
    // on slide 2 within seconds, 2 minutes before the plan
    press(client, Key::Right).await;
    assert_eq!(speaker_follows(client, 2).await, 2);
    assert_eq!(pacing_eventually(client, "ahead").await, "Plan 2–6 of 10 min · 2 min ahead");
    let pace = script(client, "return document.querySelector('.speaker-pacing').dataset.pace;").await;
    assert_eq!(pace, "ahead");

    // a step in the speaker view reveals in the main window, and the other way round
    press(client, Key::Right).await;
    let position = find(client, ".speaker-position").await;
    assert!(position.text().await.expect("text").ends_with("revealed 1 of 3"), "the speaker view counts the steps");
    client.switch_to_window(main.clone()).await.expect("back to the main window");
    assert_eq!(url_fragment_eventually(client, "/2/1").await, "/2/1", "the main window followed the step");
    assert_eq!(fragments_visible(client, 2).await, [true, false, false]);
    press(client, Key::Right).await;
    assert_eq!(url_fragment_eventually(client, "/2/2").await, "/2/2");
    client.switch_to_window(speaker.clone()).await.expect("to the speaker view");
    let mut text = String::new();
    for _ in 0..50 {
        text = find(client, ".speaker-position").await.text().await.expect("text");
        if text.ends_with("revealed 2 of 3") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(text.ends_with("revealed 2 of 3"), "the speaker view followed the step: {text}");
    assert_eq!(fragments_visible(client, 2).await, [true, true, true], "the speaker sees what is to come, dimmed");
    let dimmed =
        script(client, "return getComputedStyle(document.querySelectorAll('#slide-2 .fragment')[2]).opacity;").await;
    assert_eq!(dimmed, "0.35");

    // nine minutes later (the page's clock moved on; Pause reads it), still on slide 2: 3 minutes behind
    script(client, "const real = Date.now.bind(Date); Date.now = () => real() + 9 * 60 * 1000; return true;").await;
    find(client, ".speaker-bar button").await.click().await.expect("pause the timer");
    assert_eq!(pacing_eventually(client, "behind").await, "Plan 2–6 of 10 min · 3 min behind");
    let timer = find(client, ".speaker-timer").await.text().await.expect("text");
    assert!(timer.starts_with("00:09:"), "the timer reads the same clock: {timer}");

    // a deck whose chapter plans no minutes shows no pacing
    client
        .goto(&site.url(&format!("{}?speaker#/1", FixtureSite::WITHOUT_MINUTES)))
        .await
        .expect("a deck without minutes");
    find(client, ".speaker-panel").await;
    let pacing = find(client, ".speaker-pacing").await;
    assert!(!pacing.is_displayed().await.expect("visibility"), "no minutes, no pacing");
    browser.close().await;
}
