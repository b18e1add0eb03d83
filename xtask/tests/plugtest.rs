//! `cargo xtask plugtest` as a black box: the book's suite against the real workshop server (started
//! in-process, on loopback) is green, and against a deliberately non-conforming responder it fails
//! with the reason; the reports are written as Markdown and JSON.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::http::StatusCode;
use plugtest::Verdict;
use workshop_server::ServerConfig;
use xtask::plugtest::{load_descriptions, run_suite, write_report};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// A fresh directory under target/ (the test writes nowhere else).
fn scratch(label: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = root().join("target/tmp").join(format!("plugtest-{}-{label}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn book_suite() -> Vec<plugtest::TestDescription> {
    load_descriptions(&root().join("labs/engines/plugtest/suite")).expect("the book's suite loads")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_book_suite_passes_against_the_workshop_server() {
    let dir = scratch("green");
    let site = dir.join("site");
    std::fs::create_dir_all(&site).expect("site dir");
    std::fs::write(site.join("index.html"), "<!doctype html><title>Book</title>").expect("index");
    let config = ServerConfig {
        host: "127.0.0.1".into(),
        port: 0,
        data_dir: dir.join("data"),
        site_dir: site,
        verification_timeout_ms: 2000,
        notification_timeout_ms: 2000,
        ..ServerConfig::default()
    };
    let server = workshop_server::start(config).await.expect("the workshop server starts");
    let cse = format!("{}/cse-in", server.url());
    let suite = book_suite();
    let count = suite.len();
    let report = run_suite(&cse, suite, "127.0.0.1").await.expect("the run completes");
    server.stop().await;
    let failures: Vec<String> = report
        .tests
        .iter()
        .filter(|test| test.verdict != Some(Verdict::Pass))
        .map(|test| format!("{}: {:?} {}", test.id, test.verdict, test.reason.clone().unwrap_or_default()))
        .collect();
    assert!(failures.is_empty(), "every test passes against the workshop server:\n{}", failures.join("\n"));
    assert_eq!(report.totals.pass, count);
    let subscription = report.tests.iter().find(|test| test.id == "TD_SUB_01").expect("TD_SUB_01 ran");
    assert!(
        subscription.messages.iter().any(|message| matches!(message, plugtest::Message::Notification { .. })),
        "the subscription test saw real notifications"
    );
    let out = dir.join("report");
    write_report(&report, &out).expect("the report is written");
    let markdown = std::fs::read_to_string(out.join("report.md")).expect("report.md");
    assert!(
        markdown.contains("| TD_SEM_04 | semantic discovery finds the annotated resource | - | pass | pass |"),
        "{markdown}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).expect("report.json")).expect("JSON");
    assert_eq!(json["totals"]["pass"], count);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Answers every request "200 OK, X-M2M-RSC 2000" with an empty resource: a CSE that never creates.
async fn non_conforming_responder() -> String {
    let app = Router::new().fallback(|| async { (StatusCode::OK, [("X-M2M-RSC", "2000")], "{\"m2m:ae\": {}}") });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{address}/cse-in")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_conforming_responder_fails_with_the_reason() {
    let cse = non_conforming_responder().await;
    let suite: Vec<_> =
        book_suite().into_iter().filter(|test| test.id == "TD_REG_01" || test.id == "TD_SEM_01").collect();
    let report = run_suite(&cse, suite, "127.0.0.1").await.expect("the run completes");
    assert!(!report.all_passed());
    let registration = report.tests.iter().find(|test| test.id == "TD_SEM_01").expect("TD_SEM_01 ran");
    assert_eq!(registration.verdict, Some(Verdict::Fail));
    assert_eq!(registration.pro, Some(Verdict::Fail));
    let reasons = &registration.steps[1].reasons;
    assert!(reasons.contains(&"expected HTTP 201, observed HTTP 200".to_owned()), "{reasons:?}");
    assert!(reasons.contains(&"expected X-M2M-RSC 2001, observed 2000".to_owned()), "{reasons:?}");
    assert!(reasons.contains(&"expected a Content-Location header, but there is none".to_owned()), "{reasons:?}");
    assert!(reasons.contains(&"expected `/m2m:ae/aei` in the body, but it is missing".to_owned()), "{reasons:?}");
    assert_eq!(
        registration.reason.as_deref(),
        Some(
            "step 2: expected HTTP 201, observed HTTP 200; expected X-M2M-RSC 2001, observed 2000; expected a \
             Content-Location header, but there is none; expected `/m2m:ae/aei` in the body, but it is missing"
        )
    );
    // without an AE-ID, the later steps of TD_REG_01 cannot even be built: inconclusive, not pass
    let other = report.tests.iter().find(|test| test.id == "TD_REG_01").expect("TD_REG_01 ran");
    assert_eq!(other.verdict, Some(Verdict::Fail));
    assert_eq!(other.iop, Some(Verdict::Inconclusive));
    assert!(
        report
            .to_markdown()
            .contains("| TD_SEM_01 | register the test AE | fail | - | fail | step 2: expected HTTP 201")
    );
}

#[test]
fn a_broken_description_is_reported_with_file_and_line() {
    let dir = scratch("broken");
    std::fs::write(dir.join("TD_X.toml"), "id = \"TD_X\"\ntitle = \"x\"\npurpose = \"p\"\nbogus = 1\n").expect("write");
    let error = load_descriptions(&dir).expect_err("broken description").to_string();
    assert!(error.contains("TD_X.toml:4:1: unknown field `bogus`"), "{error}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_cse_url_names_the_origin_and_the_csebase() {
    let split = xtask::plugtest::split_cse_url;
    assert_eq!(split("http://127.0.0.1:8080/cse-in").expect("ok"), ("http://127.0.0.1:8080".into(), "cse-in".into()));
    assert_eq!(split("http://h:1").expect("ok"), ("http://h:1".into(), "cse-in".into()));
    assert!(split("https://h/cse-in").is_err());
    assert!(split("http://h/a/b").is_err());
}
