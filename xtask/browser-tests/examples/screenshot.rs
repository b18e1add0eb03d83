//! Takes a screenshot of a page of the built site in headless Chromium, scrolled to a CSS selector:
//! `cargo run -p browser-tests --example screenshot -- security/access-control.html .acop-calculator out.png [width height]`.
//! Used for the README's picture and for looking at the labs as a reader sees them.

use std::time::Duration;

use browser_tests::{Browser, SiteServer};
use fantoccini::Locator;

#[tokio::main]
async fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [page, selector, output, rest @ ..] = arguments.as_slice() else {
        eprintln!("usage: screenshot PAGE SELECTOR OUTPUT.png [WIDTH HEIGHT]");
        std::process::exit(2);
    };
    let width: u32 = rest.first().and_then(|width| width.parse().ok()).unwrap_or(1280);
    let height: u32 = rest.get(1).and_then(|height| height.parse().ok()).unwrap_or(900);
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    client.set_window_size(width, height).await.expect("window size");
    client.goto(&server.url(page)).await.expect("open the page");
    let element = client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(selector))
        .await
        .expect("the selector matches");
    let reference = serde_json::to_value(&element).expect("element reference");
    client
        .execute("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -60);", vec![reference])
        .await
        .expect("scroll");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(output, png).expect("write the screenshot");
    browser.close().await;
}
