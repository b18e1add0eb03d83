//! Accessibility, measured: axe-core (installed from npm into `target/tools/axe`, see `.ci/run`) runs inside
//! headless Chromium on every page of the built site (its labs and quizzes mounted first), on every slide of every
//! deck (as presented, and every slide at once with its items revealed), again in mdBook's dark theme (navy) for the
//! pages with labs and the decks, and on a deck's speaker view, with the WCAG 2.0, 2.1 and 2.2 level A and AA
//! rules; any violation fails, naming the page, the rule and the elements. One browser session walks the site.
//!
//! Keyboard: mdBook's ← → (previous and next chapter) must not take the arrow keys away from whatever has focus
//! (a link, a button, a scrollable code block, a lab), nor from a key pressed with a modifier.
//!
//! Needs a built site and axe-core: `cargo xtask build`, `npm install --prefix target/tools/axe axe-core@4.14.1`,
//! then `cargo test -p browser-tests --test accessibility`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use browser_tests::{Browser, SiteServer, browser_available, find, pages_containing};
use fantoccini::Client;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::wd::TimeoutConfiguration;

/// The rule sets run: WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe tags its rules with the criteria they test).
const WCAG_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// The version `.ci/run` installs (kept in step with it).
const AXE_VERSION: &str = "4.14.1";

fn axe_script() -> Option<String> {
    let path: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/tools/axe/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(error) => {
            let message = format!(
                "the accessibility test needs axe-core at {} ({error}); install it with: \
                 npm install --prefix target/tools/axe axe-core@{AXE_VERSION}",
                path.display()
            );
            if std::env::var_os("CI").is_some() {
                panic!("{message}; CI is set, so a missing axe-core is a failure");
            }
            eprintln!("\n!!! SKIPPING THE ACCESSIBILITY TEST: {message}\n");
            None
        }
    }
}

/// Waits until every lab and quiz of the page is mounted (its fallback replaced), failing if one could not start.
async fn labs_mounted(client: &Client, page: &str) {
    let deadline = Instant::now() + browser_tests::WAIT;
    loop {
        let state = client
            .execute(
                "const mounts = Array.from(document.querySelectorAll('.lab-mount[data-bundle]')); \
                 const broken = mounts.find((m) => m.querySelector('.lab-error')); \
                 if (broken) return 'error: ' + broken.textContent; \
                 return mounts.every((m) => m.children.length > 0 && !m.querySelector('.lab-fallback')) ? 'ready' : 'waiting';",
                vec![],
            )
            .await
            .unwrap_or_else(|error| panic!("{page}: looking at the labs: {error}"));
        match state.as_str() {
            Some("ready") => return,
            Some(error) if error.starts_with("error") => panic!("{page}: a lab did not start: {error}"),
            _ if Instant::now() > deadline => panic!("{page}: the labs did not mount within {:?}", browser_tests::WAIT),
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Runs axe on the elements matching `context` (the whole document when `None`) and describes each violation.
async fn axe_violations(client: &Client, axe: &str, where_: &str, context: Option<&str>) -> Vec<String> {
    let loaded = client.execute("return typeof window.axe === 'object';", vec![]).await.expect("look for axe");
    if loaded != serde_json::json!(true) {
        client.execute(axe, vec![]).await.unwrap_or_else(|error| panic!("{where_}: injecting axe-core: {error}"));
    }
    let result = client
        .execute_async(
            "const [context, tags, done] = arguments; \
             axe.run(context ? document.querySelector(context) : document, \
                     { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }) \
                .then((results) => done(results.violations.map((v) => ({ \
                    rule: v.id, impact: v.impact, help: v.help, \
                    nodes: v.nodes.slice(0, 6).map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')), \
                    count: v.nodes.length })))) \
                .catch((error) => done([{ rule: 'axe-error', impact: 'critical', help: String(error), nodes: [], count: 0 }]));",
            vec![serde_json::json!(context), serde_json::json!(WCAG_TAGS)],
        )
        .await
        .unwrap_or_else(|error| panic!("{where_}: running axe: {error}"));
    result
        .as_array()
        .expect("a list of violations")
        .iter()
        .map(|violation| {
            let nodes: Vec<&str> =
                violation["nodes"].as_array().into_iter().flatten().filter_map(|node| node.as_str()).collect();
            format!(
                "{where_}: {} ({}, {} element(s)): {}\n      {}",
                violation["rule"].as_str().unwrap_or_default(),
                violation["impact"].as_str().unwrap_or("?"),
                violation["count"],
                violation["help"].as_str().unwrap_or_default(),
                nodes.join("\n      ")
            )
        })
        .collect()
}

async fn script(client: &Client, source: &str) -> serde_json::Value {
    client.execute(source, vec![]).await.unwrap_or_else(|error| panic!("running `{source}`: {error}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_and_every_slide_passes_axe_at_wcag_2_2_aa() {
    if !browser_available() {
        return;
    }
    let Some(axe) = axe_script() else { return };
    let started = Instant::now();
    let server = SiteServer::start().await;
    // toc.html is the sidebar for readers without JavaScript, shown in a frame of every page, not a page of its own
    let pages: Vec<String> =
        pages_containing(&server.site, "<html").into_iter().filter(|page| page != "toc.html").collect();
    let (decks, chapters): (Vec<String>, Vec<String>) =
        pages.into_iter().partition(|page| page.starts_with("slides/") && page != "slides/index.html");
    assert!(chapters.len() > 20 && decks.len() > 10, "the site has chapters and decks: {chapters:?} {decks:?}");
    let browser = Browser::start().await;
    let client = &browser.client;
    client
        .update_timeouts(TimeoutConfiguration::new(Some(Duration::from_secs(60)), None, None))
        .await
        .expect("a script timeout for axe");

    let mut violations = Vec::new();
    for page in &chapters {
        client.goto(&server.url(page)).await.unwrap_or_else(|error| panic!("open {page}: {error}"));
        labs_mounted(client, page).await;
        violations.extend(axe_violations(client, &axe, page, None).await);
    }
    let pages_done = started.elapsed();

    let mut slides = 0;
    for deck in &decks {
        client.goto(&server.url(deck)).await.unwrap_or_else(|error| panic!("open {deck}: {error}"));
        find(client, "#deck > section.slide.current").await;
        labs_mounted(client, deck).await;
        // as presented: the deck's controls and its first slide
        violations.extend(axe_violations(client, &axe, &format!("{deck}#/1"), None).await);
        // then every slide at once, every item revealed, as the deck reads without JavaScript (one axe run a deck
        // instead of one a slide: the colours, names and roles are the same; the sizes are the legibility test's)
        slides += script(
            client,
            "document.documentElement.classList.remove('js'); \
             const slides = document.querySelectorAll('#deck > section.slide'); \
             slides.forEach((slide) => { slide.style.transform = ''; }); \
             return slides.length;",
        )
        .await
        .as_u64()
        .expect("a slide count");
        violations.extend(axe_violations(client, &axe, &format!("{deck} (every slide)"), Some("#deck")).await);
    }
    let decks_done = started.elapsed();

    // mdBook's dark theme (navy, its preferred dark one; the decks follow it): the pages that mount a lab (the labs'
    // colours are their own), the first page (the book's chrome is the same on every page) and every deck's slides
    script(client, "localStorage.setItem('mdbook-theme', 'navy'); return true;").await;
    let mut dark_pages = pages_containing(&server.site, "class=\"lab-mount");
    dark_pages.retain(|page| !page.starts_with("slides/"));
    dark_pages.insert(0, "index.html".to_owned());
    for page in &dark_pages {
        client.goto(&server.url(page)).await.unwrap_or_else(|error| panic!("open {page}: {error}"));
        labs_mounted(client, page).await;
        violations.extend(axe_violations(client, &axe, &format!("{page} (navy)"), None).await);
    }
    for deck in &decks {
        client.goto(&server.url(deck)).await.unwrap_or_else(|error| panic!("open {deck}: {error}"));
        find(client, "#deck > section.slide.current").await;
        labs_mounted(client, deck).await;
        script(
            client,
            "document.documentElement.classList.remove('js'); \
             document.querySelectorAll('#deck > section.slide').forEach((slide) => { slide.style.transform = ''; }); \
             return true;",
        )
        .await;
        violations.extend(axe_violations(client, &axe, &format!("{deck} (every slide, dark)"), Some("#deck")).await);
    }
    let dark_done = started.elapsed();
    script(client, "localStorage.removeItem('mdbook-theme'); return true;").await;

    // the speaker view (notes, the next slide, the timer) of one deck: every deck's is built the same way
    let deck = &decks[0];
    client.goto(&server.url(&format!("{deck}?speaker"))).await.expect("open the speaker view");
    find(client, ".speaker-panel").await;
    violations.extend(axe_violations(client, &axe, &format!("{deck}?speaker"), None).await);

    eprintln!(
        "axe {AXE_VERSION}: {} pages in {:.1} s, {} decks ({slides} slides) in {:.1} s, dark theme ({} pages, the decks) \
         in {:.1} s, a speaker view; {:.1} s in all",
        chapters.len(),
        pages_done.as_secs_f64(),
        decks.len(),
        (decks_done - pages_done).as_secs_f64(),
        dark_pages.len(),
        (dark_done - decks_done).as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    assert!(violations.is_empty(), "{} WCAG 2.2 A/AA violations:\n{}", violations.len(), violations.join("\n"));
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

/// Presses `key` with `modifier` held (if any) on whatever has focus.
async fn press(client: &Client, modifier: Option<Key>, key: Key) {
    let mut actions = KeyActions::new("keyboard".to_owned());
    if let Some(modifier) = modifier {
        actions = actions.then(KeyAction::Down { value: modifier.into() });
    }
    actions = actions.then(KeyAction::Down { value: key.into() }).then(KeyAction::Up { value: key.into() });
    if let Some(modifier) = modifier {
        actions = actions.then(KeyAction::Up { value: modifier.into() });
    }
    client.perform_actions(actions).await.expect("key press");
}

/// The page shown, after giving a navigation the time to start.
async fn path_after_a_moment(client: &Client) -> String {
    tokio::time::sleep(Duration::from_millis(400)).await;
    client.current_url().await.expect("url").path().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arrow_keys_change_the_chapter_only_when_nothing_has_focus() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = "security/access-control.html";
    let browser = Browser::start().await;
    let client = &browser.client;
    let open = || async {
        client.goto(&server.url(page)).await.expect("open the chapter");
        labs_mounted(client, page).await;
    };

    // focus on a link in the text: the arrow belongs to the reader (a screen reader's, a browser's caret)
    open().await;
    script(client, "document.querySelector('main a[href]').focus(); return true;").await;
    press(client, None, Key::Right).await;
    assert!(path_after_a_moment(client).await.ends_with(page), "→ on a focused link changed the chapter");

    // a focused scrollable code block keeps ← → for scrolling sideways
    open().await;
    script(client, "const pre = document.querySelector('main pre'); pre.tabIndex = 0; pre.focus(); return true;").await;
    press(client, None, Key::Left).await;
    assert!(path_after_a_moment(client).await.ends_with(page), "← on a focused code block changed the chapter");

    // inside a lab
    open().await;
    script(client, "document.querySelector('.lab-mount button, .lab-mount input').focus(); return true;").await;
    press(client, None, Key::Right).await;
    assert!(path_after_a_moment(client).await.ends_with(page), "→ in a lab changed the chapter");

    // with a modifier (Alt+→ is the browser's forward, Shift+→ selects)
    open().await;
    press(client, Some(Key::Shift), Key::Right).await;
    assert!(path_after_a_moment(client).await.ends_with(page), "Shift+→ changed the chapter");

    // nothing focused: mdBook's chapter navigation still works
    open().await;
    script(client, "document.activeElement && document.activeElement.blur(); return true;").await;
    press(client, None, Key::Right).await;
    let mut now = path_after_a_moment(client).await;
    for _ in 0..20 {
        if !now.ends_with(page) {
            break;
        }
        now = path_after_a_moment(client).await;
    }
    assert!(!now.ends_with(page), "→ with nothing focused moves to the next chapter");
    browser.close().await;
}
