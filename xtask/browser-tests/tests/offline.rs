//! Offline reading after the first visit (issue 26): the service worker keeps the chapters read and the labs
//! they ran, a reader finds both working once the server is gone, and a new build replaces the old cache.
//!
//! The network is cut for real: the site is served from its own thread and runtime, and stopping it drops the
//! listener and every open connection, so the browser's next request is refused (DevTools' emulated offline mode
//! would not reach the service worker's own fetches).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use browser_tests::{Browser, WAIT, browser_available, find, pages_containing, site_dir, text_containing};
use fantoccini::{Client, Locator};

/// A server on its own thread and tokio runtime; [`StoppableServer::stop`] ends the runtime, which closes the
/// listener and every connection.
struct StoppableServer {
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StoppableServer {
    fn start(app: Router) -> StoppableServer {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (address_sender, address) = std::sync::mpsc::channel::<SocketAddr>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .expect("the server's runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free loopback port");
                address_sender.send(listener.local_addr().expect("bound address")).expect("tell the address");
                tokio::select! {
                    _ = axum::serve(listener, app) => {}
                    _ = stopped => {}
                }
            });
            // dropping the runtime cancels the connection tasks: their sockets close
            runtime.shutdown_timeout(Duration::from_secs(2));
        });
        let address = address.recv_timeout(Duration::from_secs(10)).expect("the server started");
        StoppableServer { base: format!("http://{address}/"), stop: Some(stop), thread: Some(thread) }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }

    fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for StoppableServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Every cache of the page's origin and the URLs it holds, as JSON `{name: [url, ...]}`.
async fn caches(client: &Client) -> serde_json::Map<String, serde_json::Value> {
    let script = r#"
        const done = arguments[arguments.length - 1];
        (async () => {
            const out = {};
            for (const name of await caches.keys()) {
                out[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
            }
            return out;
        })().then(done, (error) => done({ error: String(error) }));
    "#;
    let value = client.execute_async(script, vec![]).await.expect("read the caches");
    let map = value.as_object().cloned().unwrap_or_default();
    assert!(!map.contains_key("error"), "reading the caches failed: {map:?}");
    map
}

/// The caches once `ready` holds for them, or as they are after [`WAIT`] (the caller's assertion says more).
async fn caches_once(
    client: &Client,
    ready: impl Fn(&serde_json::Map<String, serde_json::Value>) -> bool,
) -> serde_json::Map<String, serde_json::Value> {
    let started = std::time::Instant::now();
    loop {
        let caches = caches(client).await;
        if ready(&caches) || started.elapsed() > WAIT {
            return caches;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn holds(caches: &serde_json::Map<String, serde_json::Value>, suffix: &str) -> bool {
    caches
        .values()
        .filter_map(|urls| urls.as_array())
        .flatten()
        .any(|url| url.as_str().is_some_and(|url| url.ends_with(suffix)))
}

/// The build id the site's worker was written with.
fn build_id(site: &Path) -> String {
    let worker = std::fs::read_to_string(site.join("sw.js")).expect("the built site has sw.js");
    let start = worker.find("const BUILD_ID = '").expect("a build id in sw.js") + "const BUILD_ID = '".len();
    worker[start..].split('\'').next().expect("the id").to_owned()
}

fn acop_chapter(site: &Path) -> String {
    let pages = pages_containing(site, r#"data-lab="acop-calculator""#);
    pages.into_iter().next().expect("a chapter mounts the acop calculator")
}

/// Types 34 into the acop calculator and reads its explanation (the lab's wasm computes it).
async fn run_the_acop_calculator(client: &Client) -> String {
    let calculator = find(client, ".acop-calculator").await;
    let value = calculator.find(Locator::Css("input[type='text']")).await.expect("the value field");
    value.clear().await.expect("clear");
    value.send_keys("34").await.expect("type 34");
    text_containing(client, ".acop-calculator output.sum", "= 34").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chapter_read_once_and_its_lab_work_with_the_server_gone() {
    if !browser_available() {
        return;
    }
    let site: PathBuf = site_dir();
    let chapter = acop_chapter(&site);
    let build = build_id(&site);
    let mut server = StoppableServer::start(static_site::router(&site));
    let browser = Browser::start().await;
    let client = &browser.client;

    // the first visit, online: the chapter, its lab, and the status saying it is kept
    client.goto(&server.url(&chapter)).await.expect("open the chapter");
    assert_eq!(run_the_acop_calculator(client).await, "2 (Retrieve) + 32 (Discovery) = 34");
    let status = text_containing(client, "#offline-status", "Available offline").await;
    let role = find(client, "#offline-status").await.attr("role").await.expect("role");
    assert_eq!(role.as_deref(), Some("status"), "the state is announced: {status}");
    let kept = caches_once(client, |caches| holds(caches, &chapter) && holds(caches, "book_widgets_bg.wasm")).await;
    let names: Vec<&String> = kept.keys().collect();
    assert_eq!(names.len(), 1, "one cache, this build's: {names:?}");
    assert!(names[0].ends_with(&format!(":{build}")), "named after the build {build}: {names:?}");
    for file in [chapter.as_str(), "book_widgets.js", "book_widgets_bg.wasm", "offline.js", ".css", ".woff2"] {
        assert!(holds(&kept, file), "{file} is not kept: {kept:?}");
    }
    assert!(!holds(&kept, "cse_lab_bg.wasm"), "a lab the reader did not use is not downloaded");
    assert!(
        !kept
            .values()
            .flat_map(|urls| urls.as_array().cloned().unwrap_or_default())
            .any(|url| { url.as_str().is_some_and(|url| url.contains("searchindex")) }),
        "the search index waits for a search"
    );
    // the lab's wasm comes as the build's Brotli copy (Chromium offers br on loopback), and the browser decodes it
    let answer = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/labs/book_widgets_bg.wasm', { cache: 'no-store' })
               .then((r) => r.arrayBuffer().then((body) => done([r.headers.get('content-encoding'), r.headers.get('content-type'), body.byteLength])), (e) => done(String(e)));",
            vec![],
        )
        .await
        .expect("fetch the wasm");
    let raw = std::fs::metadata(site.join("labs/book_widgets_bg.wasm")).expect("the wasm").len();
    assert_eq!(answer[0], serde_json::json!("br"), "sent as the .br copy: {answer}");
    assert_eq!(answer[1], serde_json::json!("application/wasm"), "{answer}");
    assert_eq!(answer[2], serde_json::json!(raw), "decoded to the file's bytes: {answer}");
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");

    // the network is gone: nothing answers on the server's port any more
    server.stop();
    let refused = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/not-kept-' + Date.now() + '.txt').then(() => done('answered'), () => done('refused'));",
            vec![],
        )
        .await
        .expect("try the network");
    assert_eq!(refused.as_str(), Some("refused"), "the server must be gone for this test to mean anything");
    // that refusal is reported in the console; what matters comes next
    let _ = browser.console_errors().await;

    // the chapter reloads from the cache, styled, and its lab runs
    client.refresh().await.expect("reload the chapter offline");
    let heading = find(client, "main h1").await.text().await.expect("the chapter's title");
    assert!(!heading.trim().is_empty(), "the chapter's text is there");
    let unstyled = client
        .execute(
            "return [...document.querySelectorAll('link[rel=stylesheet]')].filter((link) => !link.disabled && !link.sheet).map((link) => link.href);",
            vec![],
        )
        .await
        .expect("stylesheets");
    assert_eq!(unstyled, serde_json::json!([]), "every stylesheet came from the cache");
    assert_eq!(run_the_acop_calculator(client).await, "2 (Retrieve) + 32 (Discovery) = 34");
    text_containing(client, "#offline-status", "Available offline").await;
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the offline page logged errors");

    // a page never opened says so, instead of the browser's error page
    client.goto(&server.url("glossary.html")).await.expect("open an unread page offline");
    text_containing(client, "h1", "not saved for offline reading").await;
    browser.close().await;
}

/// The site, with the build id of its worker and pages replaced by the one in `build`: what a new build looks
/// like to the browser (a new `sw.js`, pages marked with the new id).
fn site_as_build(site: &Path, build: Arc<Mutex<String>>) -> Router {
    let real = build_id(site);
    let worker = std::fs::read_to_string(site.join("sw.js")).expect("sw.js");
    let worker_build = build.clone();
    let worker_real = real.clone();
    let worker_route = get(move || {
        let id = worker_build.lock().expect("build id").clone();
        let script = worker.replace(&worker_real, &id);
        async move { ([(header::CONTENT_TYPE, "text/javascript"), (header::CACHE_CONTROL, "no-cache")], script) }
    });
    let pages = static_site::files(site).layer(middleware::from_fn(move |request: Request, next: Next| {
        let build = build.clone();
        let real = real.clone();
        async move {
            let response = next.run(request).await;
            let is_html = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .is_some_and(|value| value.starts_with("text/html"));
            if !is_html {
                return response;
            }
            let (mut parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, 64 * 1024 * 1024).await.expect("the page");
            let id = build.lock().expect("build id").clone();
            let html = String::from_utf8_lossy(&bytes)
                .replace(&format!("data-offline-build=\"{real}\""), &format!("data-offline-build=\"{id}\""));
            // a changed body: its length and validators are those of the file no more (a 304 would bring back
            // the browser's copy of the old build's page)
            for stale in [header::CONTENT_LENGTH, header::LAST_MODIFIED, header::ETAG] {
                parts.headers.remove(stale);
            }
            Response::from_parts(parts, html.into_response().into_body())
        }
    }));
    Router::new().route("/sw.js", worker_route).merge(pages)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_build_replaces_the_old_cache_and_never_mixes_with_it() {
    if !browser_available() {
        return;
    }
    let site = site_dir();
    let chapter = acop_chapter(&site);
    let first = build_id(&site);
    let second = format!("{first}-next");
    let build = Arc::new(Mutex::new(first.clone()));
    let server = StoppableServer::start(site_as_build(&site, build.clone()));
    let browser = Browser::start().await;
    let client = &browser.client;

    client.goto(&server.url(&chapter)).await.expect("open the chapter");
    find(client, ".acop-calculator").await;
    text_containing(client, "#offline-status", "Available offline").await;
    let before = caches_once(client, |caches| holds(caches, &chapter) && holds(caches, "book_widgets_bg.wasm")).await;
    assert_eq!(before.len(), 1, "{before:?}");
    assert!(before.keys().all(|name| name.ends_with(&format!(":{first}"))), "{before:?}");

    // the server now has a new build: the next visit brings its worker, which replaces the cache
    *build.lock().expect("build id") = second.clone();
    client.refresh().await.expect("reload the chapter");
    find(client, ".acop-calculator").await;
    let after = caches_once(client, |caches| {
        caches.len() == 1
            && caches.keys().all(|name| name.ends_with(&format!(":{second}")))
            && holds(caches, &chapter)
            && holds(caches, "book_widgets_bg.wasm")
    })
    .await;
    let names: Vec<&String> = after.keys().collect();
    assert_eq!(names.len(), 1, "the old build's cache is gone: {names:?}");
    assert!(names[0].ends_with(&format!(":{second}")), "{names:?}");
    for file in [chapter.as_str(), "book_widgets_bg.wasm", "offline.js", ".css"] {
        assert!(holds(&after, file), "{file} is not kept in the new cache: {after:?}");
    }
    // the page kept is the new build's, not a copy carried over from the old cache
    let kept_page = client
        .execute_async(
            "const [name, url, done] = arguments;
             caches.open(name).then((cache) => cache.match(url)).then((response) => response.text()).then(done, (error) => done(String(error)));",
            vec![serde_json::json!(names[0]), serde_json::json!(server.url(&chapter))],
        )
        .await
        .expect("read the kept page");
    let kept_page = kept_page.as_str().unwrap_or_default();
    assert!(kept_page.contains(&format!("data-offline-build=\"{second}\"")), "the kept page is of the new build");
    text_containing(client, "#offline-status", "Available offline").await;
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");

    // print.html stays as it was: no status in its chrome (the worker still answers it, network first)
    client.goto(&server.url("print.html")).await.expect("open print.html");
    find(client, ".lab-print").await;
    let status = client.execute("return document.getElementById('offline-status');", vec![]).await.expect("status");
    assert_eq!(status, serde_json::Value::Null, "print.html shows no offline status");
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "print.html logged errors");
    browser.close().await;
}

/// `cargo xtask serve`'s reload: a server-sent event stream at `/__xtask/reload` and a script in every page that
/// reloads it on a message (as `xtask/src/serve.rs` does), on top of [`site_as_build`].
fn site_with_live_reload(site: &Path, build: Arc<Mutex<String>>, reload: tokio::sync::broadcast::Sender<()>) -> Router {
    use tokio_stream::StreamExt;
    let events = move || {
        let stream = tokio_stream::wrappers::BroadcastStream::new(reload.subscribe()).filter_map(|message| {
            message.ok().map(|()| Ok::<_, std::convert::Infallible>(Event::default().data("reload")))
        });
        async move { Sse::new(stream).keep_alive(KeepAlive::default()) }
    };
    let inject = |request: Request, next: Next| async move {
        let response = next.run(request).await;
        let is_html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/html"));
        if !is_html {
            return response;
        }
        let (mut parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, 64 * 1024 * 1024).await.expect("the page");
        let script = "<script>new EventSource('/__xtask/reload').onmessage = () => location.reload();</script></body>";
        let html = String::from_utf8_lossy(&bytes).replacen("</body>", script, 1);
        parts.headers.remove(header::CONTENT_LENGTH);
        Response::from_parts(parts, html.into_response().into_body())
    };
    Router::new()
        .route("/__xtask/reload", get(events))
        .merge(site_as_build(site, build).layer(middleware::from_fn(inject)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_reload_reaches_a_page_the_worker_controls_and_brings_the_new_build() {
    if !browser_available() {
        return;
    }
    let site = site_dir();
    let chapter = acop_chapter(&site);
    let first = build_id(&site);
    let second = format!("{first}-rebuilt");
    let build = Arc::new(Mutex::new(first.clone()));
    let (reload, _) = tokio::sync::broadcast::channel::<()>(4);
    let server = StoppableServer::start(site_with_live_reload(&site, build.clone(), reload.clone()));
    let browser = Browser::start().await;
    let client = &browser.client;

    // a page the worker controls from its start, with the reload stream open
    client.goto(&server.url(&chapter)).await.expect("open the chapter");
    text_containing(client, "#offline-status", "Available offline").await;
    client.refresh().await.expect("reload under the worker");
    find(client, ".acop-calculator").await;
    let controlled = client.execute("return !!navigator.serviceWorker.controller;", vec![]).await.expect("controller");
    assert_eq!(controlled, serde_json::json!(true), "the worker controls the page");
    for _ in 0..100 {
        if reload.receiver_count() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(reload.receiver_count() > 0, "the page's reload stream reached the server");
    client.execute("window.beforeTheRebuild = true;", vec![]).await.expect("mark the page");

    // a rebuild: a new build id, then the reload message
    *build.lock().expect("build id") = second.clone();
    reload.send(()).expect("send the reload");
    let mut reloaded = false;
    for _ in 0..150 {
        let marked = client.execute("return window.beforeTheRebuild === true;", vec![]).await;
        if marked.is_ok_and(|value| value == serde_json::json!(false)) {
            reloaded = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(reloaded, "the reload message reloaded the page");
    find(client, ".acop-calculator").await;
    // the open stream does not hold the old worker busy: the new build's worker takes over and its cache replaces
    // the old one
    let after = caches_once(client, |caches| {
        caches.len() == 1 && caches.keys().all(|name| name.ends_with(&format!(":{second}"))) && holds(caches, &chapter)
    })
    .await;
    assert_eq!(after.len(), 1, "one cache: {:?}", after.keys().collect::<Vec<_>>());
    assert!(after.keys().all(|name| name.ends_with(&format!(":{second}"))), "{:?}", after.keys().collect::<Vec<_>>());
    assert!(holds(&after, &chapter), "the reloaded page is kept in the new cache");
    browser.close().await;
}
