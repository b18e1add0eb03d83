//! Serves a built site directory over HTTP: correct MIME types (`.wasm` as `application/wasm`), index
//! pages for folders, the site's own 404 page, no caching (the site is rebuilt while it is served),
//! and compression for every client that accepts it: the build's precompressed `.br` (Brotli, preferred) or
//! `.gz` file beside a text asset when there is one (`Content-Encoding`, `Vary: Accept-Encoding`, the original
//! file's `Content-Type`), else gzip on the fly (the lab bundles shrink to about 40 %: the size report's
//! columns are what a reader downloads). Used by `cargo xtask serve`, the browser tests and the workshop server.
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// The site at `dir` as a router for the root of a server, compressed.
pub fn router(dir: &Path) -> Router {
    router_at(dir, "/")
}

/// The site at `dir` as a router to mount under `mount` (e.g. `/book/`, with `Router::nest_service`), compressed.
/// mdBook's 404 page finds its stylesheets through `<base href="/">` (the book's `site-url`); under a mount it
/// is given that mount instead, so a wrong address still gets a styled page and the server no stray requests.
pub fn router_at(dir: &Path, mount: &str) -> Router {
    compressed(files_at(dir, mount, Precompressed::Serve))
}

/// The site's files for the root of a server, uncompressed (the precompressed files are not used): for a
/// layer that rewrites pages before [`compressed`] (serve's reload script).
pub fn files(dir: &Path) -> Router {
    files_at(dir, "/", Precompressed::Ignore)
}

/// Whether the build's `.br` and `.gz` files beside an asset are sent in its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precompressed {
    Serve,
    Ignore,
}

fn files_at(dir: &Path, mount: &str, precompressed: Precompressed) -> Router {
    let page = dir.join("404.html");
    let base = format!("<base href=\"{mount}\">");
    let not_found = move || {
        let page = page.clone();
        let base = base.clone();
        async move {
            // read on every miss: the site is rebuilt while it is served
            let html = tokio::fs::read_to_string(&page)
                .await
                .unwrap_or_else(|_| "<!DOCTYPE html><title>Not found</title><h1>Not found</h1>".to_owned());
            let html = html.replacen("<base href=\"/\">", &base, 1);
            (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html)
        }
    };
    let mut files = ServeDir::new(dir).append_index_html_on_directories(true);
    if precompressed == Precompressed::Serve {
        // tower-http picks the variant the request accepts (br before gzip at equal quality) and falls back to the file
        files = files.precompressed_br().precompressed_gzip();
    }
    let files = files.not_found_service(not_found.into_service());
    Router::new().fallback_service(files).layer(middleware::from_fn(fix_headers))
}

/// gzip for the answers of `router` when the request accepts it (`Accept-Encoding: gzip`); images and
/// server-sent events pass through as they are.
pub fn compressed(router: Router) -> Router {
    router.layer(CompressionLayer::new().gzip(true))
}

async fn fix_headers(request: Request, next: Next) -> Response {
    let is_wasm = request.uri().path().ends_with(".wasm");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if is_wasm {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/wasm"));
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // the same address answers differently by Accept-Encoding (a precompressed variant, or gzip on the fly);
    // tower-http's precompressed answers do not say so themselves
    if !headers.get_all(header::VARY).iter().any(|value| value.as_bytes().eq_ignore_ascii_case(b"accept-encoding")) {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Every request a router answered: path and status, in order. Tests use it to prove which files a page fetched.
#[derive(Debug, Clone, Default)]
pub struct RequestLog(Arc<Mutex<Vec<(String, u16)>>>);

impl RequestLog {
    /// The entries so far.
    pub fn entries(&self) -> Vec<(String, u16)> {
        self.0.lock().map(|entries| entries.clone()).unwrap_or_default()
    }

    /// Forgets the entries so far.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.0.lock() {
            entries.clear();
        }
    }

    /// Wraps `router` so that every request it answers is recorded here.
    pub fn record(&self, router: Router) -> Router {
        let log = self.clone();
        router.layer(middleware::from_fn(move |request: Request, next: Next| {
            let log = log.clone();
            async move {
                let path = request.uri().path().to_owned();
                let response = next.run(request).await;
                if let Ok(mut entries) = log.0.lock() {
                    entries.push((path, response.status().as_u16()));
                }
                response
            }
        }))
    }
}

#[cfg(test)]
mod tests;
