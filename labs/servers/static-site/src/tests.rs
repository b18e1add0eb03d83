use std::io::Read;
use std::path::PathBuf;

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use super::*;

const NOT_FOUND: &str = "<html><head><base href=\"/\"></head><body>not here</body></html>";
const HOME: &str = "<html><body>The home page, long enough to be worth compressing.</body></html>";

/// A tiny site in a fresh folder: a page, a 404 page, a compressible "wasm" file and a folder index.
fn site(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("static-site-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("labs")).expect("create the site");
    std::fs::create_dir_all(dir.join("part")).expect("create a folder");
    std::fs::write(dir.join("index.html"), HOME).expect("write");
    std::fs::write(dir.join("404.html"), NOT_FOUND).expect("write");
    std::fs::write(dir.join("part/index.html"), "<html><body>part</body></html>").expect("write");
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0".iter().copied().chain((0..20_000u32).map(|i| (i % 7) as u8)).collect();
    std::fs::write(dir.join("labs/lab_bg.wasm"), wasm).expect("write");
    dir
}

async fn get(
    router: Router,
    path: &str,
    accept_encoding: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::get(path);
    if let Some(encoding) = accept_encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    let response = router.oneshot(request.body(Body::empty()).expect("request")).await.expect("answer");
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), usize::MAX).await.expect("body").to_vec();
    (status, headers, body)
}

/// Writes `<path>.br` and `<path>.gz` beside `path` in `dir`, as the build does; returns (br, gz) bytes.
fn precompress(dir: &std::path::Path, path: &str) -> (Vec<u8>, Vec<u8>) {
    use std::io::Write;
    let original = std::fs::read(dir.join(path)).expect("read");
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        writer.write_all(&original).expect("brotli");
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&original).expect("gzip");
    let gz = gz.finish().expect("gzip");
    std::fs::write(dir.join(format!("{path}.br")), &br).expect("write");
    std::fs::write(dir.join(format!("{path}.gz")), &gz).expect("write");
    (br, gz)
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out).expect("valid brotli");
    out
}

fn varies_by_encoding(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::VARY)
        .iter()
        .any(|value| value.to_str().is_ok_and(|v| v.eq_ignore_ascii_case("accept-encoding")))
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).expect("valid gzip");
    out
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm_and_never_cached_stale() {
    let dir = site("mime");
    let (status, headers, body) = get(router(&dir), "/labs/lab_bg.wasm", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert!(headers.get(header::CONTENT_ENCODING).is_none(), "no gzip unless the client asks for it");
    assert_eq!(body, std::fs::read(dir.join("labs/lab_bg.wasm")).expect("read"));
}

#[tokio::test]
async fn a_client_that_accepts_gzip_downloads_less_and_gets_the_same_bytes() {
    let dir = site("gzip");
    let original = std::fs::read(dir.join("labs/lab_bg.wasm")).expect("read");
    let (status, headers, body) = get(router(&dir), "/labs/lab_bg.wasm", Some("gzip, deflate, br")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert!(body.len() * 4 < original.len(), "{} gzip bytes for {} bytes", body.len(), original.len());
    assert_eq!(gunzip(&body), original);

    let (_, headers, body) = get(router(&dir), "/", Some("gzip")).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    assert_eq!(gunzip(&body), HOME.as_bytes());
}

#[tokio::test]
async fn files_stay_uncompressed_for_layers_that_rewrite_pages() {
    let dir = site("files");
    let (_, headers, body) = get(files(&dir), "/part/", Some("gzip")).await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(body, b"<html><body>part</body></html>");
}

#[tokio::test]
async fn a_missing_page_gets_the_sites_404_page() {
    let dir = site("missing");
    let (status, _, body) = get(router(&dir), "/no/such/page.html", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, NOT_FOUND.as_bytes());
}

#[tokio::test]
async fn under_a_mount_the_404_page_finds_its_assets_there() {
    let dir = site("mounted");
    let app = Router::new().nest_service("/book", router_at(&dir, "/book/"));
    let (status, headers, body) = get(app.clone(), "/book/no/such/page.html", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers[header::CONTENT_TYPE].to_str().is_ok_and(|value| value.starts_with("text/html")));
    assert_eq!(
        String::from_utf8(body).expect("utf-8"),
        NOT_FOUND.replace("<base href=\"/\">", "<base href=\"/book/\">")
    );
    let (status, _, body) = get(app, "/book/index.html", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, HOME.as_bytes(), "pages are served as they are");
}

#[tokio::test]
async fn the_request_log_records_paths_and_statuses_in_order() {
    let dir = site("log");
    let log = RequestLog::default();
    let app = log.record(router(&dir));
    get(app.clone(), "/index.html", None).await;
    get(app, "/missing.wasm", None).await;
    assert_eq!(log.entries(), vec![("/index.html".to_owned(), 200), ("/missing.wasm".to_owned(), 404)]);
    log.clear();
    assert!(log.entries().is_empty());
}

#[tokio::test]
async fn a_client_that_accepts_brotli_gets_the_builds_br_file() {
    let dir = site("brotli");
    let original = std::fs::read(dir.join("labs/lab_bg.wasm")).expect("read");
    let (br, _) = precompress(&dir, "labs/lab_bg.wasm");
    let (status, headers, body) = get(router(&dir), "/labs/lab_bg.wasm", Some("gzip, deflate, br, zstd")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm", "the type of the file, not of its .br");
    assert!(varies_by_encoding(&headers), "{headers:?}");
    assert_eq!(body, br, "the precompressed file as it is, not compressed again");
    assert_eq!(unbrotli(&body), original);
}

#[tokio::test]
async fn gzip_goes_to_clients_without_brotli_and_the_file_to_clients_without_either() {
    let dir = site("negotiate");
    let original = std::fs::read(dir.join("labs/lab_bg.wasm")).expect("read");
    let (_, gz) = precompress(&dir, "labs/lab_bg.wasm");
    for accept in ["gzip", "gzip, deflate", "br;q=0, gzip"] {
        let (_, headers, body) = get(router(&dir), "/labs/lab_bg.wasm", Some(accept)).await;
        assert_eq!(headers[header::CONTENT_ENCODING], "gzip", "for {accept}");
        assert_eq!(body, gz, "the build's .gz for {accept}");
        assert!(varies_by_encoding(&headers));
    }
    let (_, headers, body) = get(router(&dir), "/labs/lab_bg.wasm", Some("gzip;q=0.5, br;q=1")).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(unbrotli(&body), original);
    for accept in [None, Some("identity"), Some("deflate")] {
        let (_, headers, body) = get(router(&dir), "/labs/lab_bg.wasm", accept).await;
        assert!(headers.get(header::CONTENT_ENCODING).is_none(), "for {accept:?}: {headers:?}");
        assert!(varies_by_encoding(&headers), "a cache must not give this answer to a client that accepts br");
        assert_eq!(body, original);
    }
}

#[tokio::test]
async fn a_folder_index_and_a_mounted_site_are_sent_precompressed_too() {
    let dir = site("index-br");
    precompress(&dir, "part/index.html");
    let (status, headers, body) = get(router(&dir), "/part/", Some("br")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert!(headers[header::CONTENT_TYPE].to_str().is_ok_and(|value| value.starts_with("text/html")));
    assert_eq!(unbrotli(&body), b"<html><body>part</body></html>");

    let app = Router::new().nest_service("/book", router_at(&dir, "/book/"));
    let (_, headers, body) = get(app, "/book/part/index.html", Some("br, gzip")).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(unbrotli(&body), b"<html><body>part</body></html>");
}

#[tokio::test]
async fn files_ignore_the_precompressed_variants_so_a_layer_can_rewrite_the_page() {
    let dir = site("files-br");
    precompress(&dir, "part/index.html");
    let (_, headers, body) = get(files(&dir), "/part/", Some("br, gzip")).await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none(), "{headers:?}");
    assert_eq!(body, b"<html><body>part</body></html>");
}
