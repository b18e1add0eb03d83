//! Figures on slides are legible on a projector: on every slide of every deck that shows a figure, at the slide's
//! own size (1280 x 720), each label of the figure is drawn at least [`MIN_LABEL_PX`] high, and the whole figure is
//! inside the slide (neither cut off nor pushed below its bottom edge). The test names the deck, the slide and the
//! smallest label when a figure fails. Needs a built site: `cargo xtask build` then
//! `cargo test -p browser-tests --test legibility`.
//!
//! Why 18 px: see ARCHITECTURE.md ("Slides: figures sized for the room").

use std::time::{Duration, Instant};

use browser_tests::{Browser, SiteServer, browser_available, find, pages_containing};
use fantoccini::Client;

/// The smallest label a figure may have, in pixels of the 1280 x 720 slide: the deck's smallest running text
/// (a figure's caption, 0.65 em of the slide's 28 px).
const MIN_LABEL_PX: f64 = 18.0;

async fn script(client: &Client, source: &str) -> serde_json::Value {
    client.execute(source, vec![]).await.unwrap_or_else(|error| panic!("running `{source}`: {error}"))
}

/// Shows slide `number` (1-based) with all its items revealed.
async fn show_slide(client: &Client, deck: &str, number: u64) {
    let deadline = Instant::now() + Duration::from_secs(5);
    script(client, &format!("location.hash = '#/{number}'; return true;")).await;
    while script(client, "return window.slideDeck.index + 1;").await.as_u64() != Some(number) {
        assert!(Instant::now() < deadline, "{deck}: the deck never showed slide {number}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let steps = script(client, "return window.slideDeck.steps;").await.as_u64().unwrap_or(0);
    if steps > 0 {
        script(client, &format!("location.hash = '#/{number}/{steps}'; return true;")).await;
        while script(client, "return window.slideDeck.step;").await.as_u64() != Some(steps) {
            assert!(Instant::now() < deadline, "{deck}: slide {number} never revealed its {steps} items");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// For each figure of the current slide: its smallest label (size in slide pixels and text) and how far it
/// sticks out of the slide's body (0 when inside), measured at the slide's 1280 x 720 coordinates.
const MEASURE: &str = r#"
const slide = document.querySelector('#deck > section.slide.current');
const scale = slide.getBoundingClientRect().width / 1280;
const body = (slide.querySelector('.slide-body') || slide).getBoundingClientRect();
return Array.from(slide.querySelectorAll('figure.diagram svg')).map((svg) => {
    const box = svg.getBoundingClientRect();
    const outside = Math.max(0, body.top - box.top, box.bottom - body.bottom, body.left - box.left, box.right - body.right) / scale;
    let smallest = null;
    for (const text of svg.querySelectorAll('text')) {
        if (!text.textContent.trim()) continue;
        const size = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a / scale;
        if (smallest === null || size < smallest.size) smallest = { size, label: text.textContent.trim() };
    }
    return { smallest, outside, width: box.width / scale, height: box.height / scale };
});
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_figure_on_a_slide_has_labels_a_room_can_read() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let decks: Vec<String> = pages_containing(&server.site, r#"class="diagram""#)
        .into_iter()
        .filter(|page| page.starts_with("slides/"))
        .collect();
    assert!(decks.len() >= 10, "most decks show a figure: {decks:?}");
    let browser = Browser::start().await;
    let client = &browser.client;
    client.set_window_size(1280, 720).await.expect("a 1280 x 720 window");

    let mut problems = Vec::new();
    let mut figures = 0;
    let mut smallest_seen = f64::MAX;
    for deck in &decks {
        client.goto(&server.url(deck)).await.unwrap_or_else(|error| panic!("open {deck}: {error}"));
        find(client, "#deck > section.slide.current").await;
        let with_figures = script(
            client,
            "return Array.from(document.querySelectorAll('#deck > section.slide')).map((s, i) => s.querySelector('figure.diagram svg') ? i + 1 : 0).filter((n) => n > 0);",
        )
        .await;
        for number in with_figures.as_array().expect("slide numbers").iter().filter_map(|n| n.as_u64()) {
            show_slide(client, deck, number).await;
            // slides.js fits the slide after showing it: measure once the layout has settled
            tokio::time::sleep(Duration::from_millis(50)).await;
            let measured = script(client, MEASURE).await;
            for (position, figure) in measured.as_array().expect("figures").iter().enumerate() {
                figures += 1;
                let size = figure["smallest"]["size"].as_f64().unwrap_or(f64::MAX);
                let label = figure["smallest"]["label"].as_str().unwrap_or_default();
                smallest_seen = smallest_seen.min(size);
                let place = format!(
                    "{deck}#/{number}, figure {} ({:.0} x {:.0} px)",
                    position + 1,
                    figure["width"].as_f64().unwrap_or_default(),
                    figure["height"].as_f64().unwrap_or_default()
                );
                // a hair of tolerance: 14 px x (18 / 14) comes back as 17.99999 from the browser's arithmetic
                if size < MIN_LABEL_PX - 0.01 {
                    problems.push(format!("{place}: label {label:?} is {size:.1} px high, below {MIN_LABEL_PX} px"));
                }
                let outside = figure["outside"].as_f64().unwrap_or_default();
                if outside > 1.0 {
                    problems.push(format!("{place}: sticks out of the slide by {outside:.0} px"));
                }
            }
        }
    }
    eprintln!("{figures} figures on slides; the smallest label is {smallest_seen:.1} px at 1280 x 720");
    assert!(figures >= 20, "the decks show figures: found {figures}");
    assert!(problems.is_empty(), "figures a room cannot read:\n{}", problems.join("\n"));
    browser.close().await;
}
