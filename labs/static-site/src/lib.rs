//! Serves a built site directory over HTTP: correct MIME types (`.wasm` as `application/wasm`), index
//! pages for folders, the site's own 404 page, no caching (the site is rebuilt while it is served),
//! and gzip for every client that accepts it (the lab bundles shrink to about 40 %: the size report's
//! gzip column is what a reader downloads). Used by `cargo xtask serve`, the browser tests and the workshop server.

use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

/// The site at `dir` as a router, compressed; mount it at `/` or under a prefix with `Router::nest_service`.
pub fn router(dir: &Path) -> Router {
    compressed(files(dir))
}

/// The site's files, uncompressed: for a layer that rewrites pages before [`compressed`] (serve's reload script).
pub fn files(dir: &Path) -> Router {
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(dir.join("404.html")));
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
