//! The harness of the browser tests: serve the built site on loopback (recording every request), start
//! Debian's chromedriver and headless Chromium with a fresh profile, and read the browser's console.
//!
//! Without Chromium the tests skip with a loud message, except when `CI` is set: then they fail.

use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use static_site::RequestLog;

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The flags headless Chromium needs on this kind of machine (no sandbox as root, no background traffic).
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

/// The built site: `SITE_DIR`, or `target/site` of this workspace.
pub fn site_dir() -> PathBuf {
    let site = std::env::var_os("SITE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/site"));
    assert!(
        site.join("index.html").is_file(),
        "no built site at {}: run `cargo xtask build` (or `cargo xtask test`, which builds it) first",
        site.display()
    );
    site
}

/// The built site served on a free loopback port.
pub struct SiteServer {
    pub base: String,
    pub log: RequestLog,
    pub site: PathBuf,
    _task: tokio::task::JoinHandle<()>,
}

impl SiteServer {
    pub async fn start() -> SiteServer {
        let site = site_dir();
        let log = RequestLog::default();
        let app = log.record(static_site::router(&site));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
        let address: SocketAddr = listener.local_addr().expect("bound address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        SiteServer { base: format!("http://{address}/"), log, site, _task: task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }

    /// Requests answered with an error status.
    pub fn failed_requests(&self) -> Vec<(String, u16)> {
        self.log.entries().into_iter().filter(|(_, status)| *status >= 400).collect()
    }

    pub fn requested(&self, suffix: &str) -> Vec<String> {
        self.log.entries().into_iter().map(|(path, _)| path).filter(|path| path.ends_with(suffix)).collect()
    }
}

/// Whether the browser is here; without it, skip loudly, or fail when `CI` is set.
pub fn browser_available() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER].into_iter().filter(|path| !Path::new(path).is_file()).collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "browser tests need {} (install with: apt-get install -y chromium chromium-driver)",
        missing.join(" and ")
    );
    if std::env::var_os("CI").is_some() {
        panic!("{message}; CI is set, so a missing browser is a failure");
    }
    eprintln!("\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    eprintln!("!!! SKIPPING BROWSER TEST: {message}");
    eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n");
    false
}

/// chromedriver and a headless Chromium with a fresh profile; both stop when this is dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    pub async fn start() -> Browser {
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port for chromedriver");
            probe.local_addr().expect("address").port()
        };
        // its own process group, which the Chromium it starts joins: dropping the Browser ends them all
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("starting chromedriver");
        let profile = std::env::temp_dir().join(format!("browser-test-profile-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let mut arguments: Vec<String> = CHROMIUM_FLAGS.iter().map(|flag| (*flag).to_owned()).collect();
        arguments.push(format!("--user-data-dir={}", profile.display()));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), serde_json::json!({ "binary": CHROMIUM, "args": arguments }));
        capabilities.insert("goog:loggingPrefs".into(), serde_json::json!({ "browser": "ALL" }));
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        for _ in 0..50 {
            let mut builder = ClientBuilder::new(HttpConnector::new());
            match builder.capabilities(capabilities.clone()).connect(&url).await {
                Ok(client) => return Browser { client, driver, profile },
                Err(error) => last_error = error.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("could not start a Chromium session through chromedriver: {last_error}");
    }

    /// Console messages of level SEVERE (errors) since the last call (of this or [`Browser::console_messages`]).
    pub async fn console_errors(&self) -> Vec<String> {
        self.console_messages()
            .await
            .into_iter()
            .filter(|(level, _)| level == "SEVERE")
            .map(|(_, message)| message)
            .collect()
    }

    /// Every console message since the last call, as `(level, message)`; levels are chromedriver's: `SEVERE`,
    /// `WARNING`, `INFO`, `DEBUG`.
    pub async fn console_messages(&self) -> Vec<(String, String)> {
        let logs = self.client.issue_cmd(BrowserLog).await.expect("reading the browser console");
        let text = |entry: &serde_json::Value, field: &str| {
            entry.get(field).and_then(|value| value.as_str()).unwrap_or_default().to_owned()
        };
        logs.as_array()
            .map(|entries| entries.iter().map(|entry| (text(entry, "level"), text(entry, "message"))).collect())
            .unwrap_or_default()
    }

    /// Ends the session politely, then everything as [`Drop`] does.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// A test that fails panics before `close`: chromedriver, Chromium and the profile must not outlive it.
impl Drop for Browser {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-KILL").arg("--").arg(format!("-{}", self.driver.id())).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// chromedriver's log endpoint (`POST /session/{id}/se/log`), which fantoccini does not wrap.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// How long a test waits for the page to show something (the wasm loads, Yew renders asynchronously).
pub const WAIT: Duration = Duration::from_secs(30);

/// Where a test looks for elements: the whole page, or inside one element (a lab).
pub trait Scope {
    fn find_css(&self, css: &str) -> impl Future<Output = Result<Element, CmdError>>;
}

impl Scope for Client {
    fn find_css(&self, css: &str) -> impl Future<Output = Result<Element, CmdError>> {
        self.find(Locator::Css(css))
    }
}

impl Scope for Element {
    fn find_css(&self, css: &str) -> impl Future<Output = Result<Element, CmdError>> {
        self.find(Locator::Css(css))
    }
}

/// The first element matching `css` in `scope`, waiting up to [`WAIT`] for it to appear.
/// What the page keeps in localStorage under `key` (the full key, with the book's `iot-book/` prefix), if anything.
pub async fn stored_item(client: &Client, key: &str) -> Option<String> {
    let value = client
        .execute("return localStorage.getItem(arguments[0]);", vec![serde_json::json!(key)])
        .await
        .expect("read localStorage");
    value.as_str().map(str::to_owned)
}

pub async fn find(scope: &impl Scope, css: &str) -> Element {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        match scope.find_css(css).await {
            Ok(element) => return element,
            Err(error) if tokio::time::Instant::now() >= deadline => panic!("no element {css} after {WAIT:?}: {error}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Clicks like a reader: the element scrolled to the middle of the window first, clear of mdBook's sticky menu bar.
pub async fn click(client: &Client, element: &Element) {
    scroll_to(client, element).await;
    element.click().await.expect("click");
}

/// Clicks the element matching `css` once it is there.
pub async fn click_css(client: &Client, css: &str) {
    let element = find(client, css).await;
    click(client, &element).await;
}

async fn scroll_to(client: &Client, element: &Element) {
    let reference = serde_json::to_value(element).expect("element reference");
    client.execute("arguments[0].scrollIntoView({block: 'center'});", vec![reference]).await.expect("scroll");
}

/// Replaces the text of the field matching `css` in `scope` by `text`, typed key by key.
pub async fn type_into(scope: &impl Scope, css: &str, text: &str) {
    let field = find(scope, css).await;
    scroll_to(&field.clone().client(), &field).await;
    field.clear().await.expect("clear");
    field.send_keys(text).await.unwrap_or_else(|error| panic!("typing into {css}: {error}"));
}

/// Picks the option with `value` in the `<select>` matching `css` in `scope`.
pub async fn choose(scope: &impl Scope, css: &str, value: &str) {
    let select = find(scope, css).await;
    select.select_by_value(value).await.unwrap_or_else(|error| panic!("choose {value} in {css}: {error}"));
}

/// The text of `css` in `scope` once it contains `expected`, or as it is after 15 s (then the caller's
/// assertion says what was wrong).
pub async fn text_eventually(scope: &impl Scope, css: &str, expected: &str) -> String {
    let mut text = String::new();
    for _ in 0..150 {
        if let Ok(element) = scope.find_css(css).await {
            text = element.text().await.unwrap_or_default();
            if text.contains(expected) {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    text
}

/// The text of `css` in `scope` once it contains `needle`; fails showing what it was instead.
pub async fn text_containing(scope: &impl Scope, css: &str, needle: &str) -> String {
    let text = text_eventually(scope, css, needle).await;
    assert!(text.contains(needle), "{css} never contained {needle:?}; it shows:\n{text}");
    text
}

/// How far below the bottom of the element `upper` the element `lower` starts, in CSS pixels (negative when
/// they overlap): "is the message next to the field that caused it?".
pub async fn gap_below(client: &Client, upper: &str, lower: &str) -> f64 {
    client
        .execute(
            "return document.querySelector(arguments[1]).getBoundingClientRect().top - document.querySelector(arguments[0]).getBoundingClientRect().bottom;",
            vec![serde_json::json!(upper), serde_json::json!(lower)],
        )
        .await
        .unwrap_or_else(|error| panic!("measuring {upper} and {lower}: {error}"))
        .as_f64()
        .unwrap_or_else(|| panic!("{upper} or {lower} is not on the page"))
}

/// The elements of `container` that stick out past its right edge (as `tag.class`), those inside one of the
/// `scrolling` regions (which scroll sideways on purpose) excepted: what makes a lab too wide for a phone.
pub async fn sticking_out(client: &Client, container: &str, scrolling: &[&str]) -> Vec<String> {
    let found = client
        .execute(
            "const box = document.querySelector(arguments[0]); const right = box.getBoundingClientRect().right + 1; \
             return Array.from(box.querySelectorAll('*')) \
                 .filter((e) => !arguments[1].some((region) => e.closest(region)) && e.getBoundingClientRect().right > right) \
                 .map((e) => e.tagName + '.' + e.className).slice(0, 8);",
            vec![serde_json::json!(container), serde_json::json!(scrolling)],
        )
        .await
        .unwrap_or_else(|error| panic!("measuring {container}: {error}"));
    serde_json::from_value(found).expect("a list of elements")
}

/// Answers every question of a quiz (`form.quiz`) correctly, reading the answers from its mount point's data.
pub async fn answer_quiz_correctly(client: &Client, quiz: &Element, data: &serde_json::Value) {
    let questions = quiz.find_all(Locator::Css("li.question")).await.expect("questions");
    let expected = data["question"].as_array().expect("questions in the data");
    assert_eq!(questions.len(), expected.len());
    for (question, spec) in questions.iter().zip(expected) {
        let inputs = question.find_all(Locator::Css("input")).await.expect("inputs");
        match spec["kind"].as_str() {
            Some("single") => click(client, &inputs[spec["answer"].as_u64().expect("answer") as usize]).await,
            Some("multiple") => {
                for answer in spec["answers"].as_array().expect("answers") {
                    click(client, &inputs[answer.as_u64().expect("position") as usize]).await;
                }
            }
            _ => inputs[0].send_keys(spec["accept"][0].as_str().expect("an accepted answer")).await.expect("type"),
        }
    }
}

/// The site's HTML pages (relative paths) whose source contains `needle`, print.html excluded.
pub fn pages_containing(site: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![site.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "html")
                && path.file_name().is_some_and(|name| name != "print.html")
                && std::fs::read_to_string(&path).is_ok_and(|text| text.contains(needle))
            {
                found.push(path.strip_prefix(site).unwrap_or(&path).display().to_string());
            }
        }
    }
    found.sort();
    found
}
