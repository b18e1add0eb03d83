//! `cargo xtask plugtest --cse URL [--td DIR] [--out DIR] [--notify-host HOST]`: runs every test
//! description of a folder against a CSE over the oneM2M HTTP binding (TS-0009) and writes a report.
//!
//! The runner is the `plugtest` engine's state machine; this file is its shell: it sends each
//! request the machine emits with hyper's client (hyper-util's legacy client, plain HTTP; already in
//! the tree through axum and the workshop server), measures each exchange, and runs a small
//! notification receiver (axum) whose URL the descriptions use as `${notify_url}`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use plugtest::{Action, RunReport, RunSettings, SuiteRunner, TestDescription, WireRequest, WireResponse};
use tokio::sync::mpsc;

use crate::project::Project;

/// What `cargo xtask plugtest` was told.
#[derive(Debug, Clone)]
pub struct PlugtestOptions {
    /// The CSEBase's URL: `http://127.0.0.1:8080/cse-in` (scheme, host, port and the CSEBase name).
    pub cse: String,
    /// The folder of test descriptions (`*.toml`); the book's suite when absent.
    pub td_dir: Option<PathBuf>,
    /// Where the reports go; `target/plugtest` when absent.
    pub out_dir: Option<PathBuf>,
    /// The host the CSE reaches the notification receiver at (default 127.0.0.1: a CSE on this machine).
    pub notify_host: Option<String>,
}

/// How long one request may take before its step is inconclusive.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Splits `http://host:port/cse-in` into the origin and the CSEBase name.
pub fn split_cse_url(url: &str) -> Result<(String, String)> {
    let Some(rest) = url.strip_prefix("http://") else {
        bail!("--cse {url}: give the CSEBase's URL over plain HTTP, e.g. http://127.0.0.1:8080/cse-in");
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    if authority.is_empty() {
        bail!("--cse {url}: the URL has no host");
    }
    let name = path.trim_matches('/');
    if name.contains('/') {
        bail!("--cse {url}: after the host, give only the CSEBase name (e.g. /cse-in)");
    }
    let name = if name.is_empty() { "cse-in" } else { name };
    Ok((format!("http://{authority}"), name.to_owned()))
}

/// Reads every `*.toml` of `dir` (sorted by name) as a test description and orders the suite;
/// every file's error is reported as `file:line:column: message`.
pub fn load_descriptions(dir: &Path) -> Result<Vec<TestDescription>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading the test descriptions in {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("{} holds no test description (*.toml)", dir.display());
    }
    let mut texts = Vec::with_capacity(files.len());
    for file in &files {
        let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        texts.push((file.display().to_string(), text));
    }
    plugtest::load_suite(texts.iter().map(|(name, text)| (name.as_str(), text.as_str()))).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the test descriptions have errors:\n{}", lines.join("\n"))
    })
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

async fn send(client: &HttpClient, origin: &str, request: &WireRequest) -> Result<WireResponse, String> {
    let mut builder =
        http::Request::builder().method(request.method.as_str()).uri(format!("{origin}{}", request.path_and_query()));
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let body = Full::new(Bytes::from(request.body.clone().unwrap_or_default()));
    let http_request = builder.body(body).map_err(|error| format!("the request cannot be built: {error}"))?;
    let exchange = async {
        let response = client.request(http_request).await.map_err(|error| format!("{error}"))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap_or("").to_owned()))
            .collect();
        let bytes = response.into_body().collect().await.map_err(|error| format!("reading the body: {error}"))?;
        Ok(WireResponse { status, headers, body: String::from_utf8_lossy(&bytes.to_bytes()).into_owned() })
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, exchange).await {
        Ok(result) => result,
        Err(_) => Err(format!("no answer within {} s", REQUEST_TIMEOUT.as_secs())),
    }
}

async fn receive(State(sender): State<mpsc::UnboundedSender<String>>, body: Bytes) -> impl IntoResponse {
    let _ = sender.send(String::from_utf8_lossy(&body).into_owned());
    (StatusCode::OK, [("X-M2M-RSC", "2000")])
}

/// A notification receiver on `listen` (port 0 picks one): its address, and the bodies it gets.
async fn start_receiver(listen: &str) -> Result<(SocketAddr, mpsc::UnboundedReceiver<String>)> {
    let (sender, receiver) = mpsc::unbounded_channel();
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("binding the notification receiver on {listen}"))?;
    let address = listener.local_addr().context("the notification receiver's address")?;
    let app = Router::new().fallback(receive).with_state(sender);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((address, receiver))
}

/// Runs `suite` against the CSEBase at `cse_url` and returns the report. A notification receiver
/// listens on `notify_host` (an ephemeral port) for the descriptions that need one.
pub async fn run_suite(cse_url: &str, suite: Vec<TestDescription>, notify_host: &str) -> Result<RunReport> {
    let (origin, cse_name) = split_cse_url(cse_url)?;
    let listen = if notify_host.contains(':') { format!("[{notify_host}]:0") } else { format!("{notify_host}:0") };
    let (address, mut notifications) = start_receiver(&listen).await?;
    let settings = RunSettings { cse_name, notify_url: Some(format!("http://{address}/notify")) };
    let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();
    let mut runner = SuiteRunner::new(suite, settings);
    loop {
        while let Ok(body) = notifications.try_recv() {
            runner.handle_notification(&body);
        }
        match runner.poll_action() {
            Action::Finished => break,
            Action::Send { request, .. } => {
                let started = Instant::now();
                let outcome = send(&client, &origin, &request).await;
                let elapsed = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                // notifications sent while the request ran (a verification request) come first
                tokio::task::yield_now().await;
                while let Ok(body) = notifications.try_recv() {
                    runner.handle_notification(&body);
                }
                match outcome {
                    Ok(response) => runner.handle_response(response, elapsed),
                    Err(message) => runner.handle_transport_error(&message, elapsed),
                }
            }
            Action::AwaitNotification { timeout_ms, .. } => {
                match tokio::time::timeout(Duration::from_millis(timeout_ms), notifications.recv()).await {
                    Ok(Some(body)) => runner.handle_notification(&body),
                    Ok(None) | Err(_) => runner.handle_notification_timeout(),
                }
            }
        }
    }
    Ok(RunReport::new(cse_url, runner.results()))
}

/// `cargo xtask plugtest`: runs, writes `report.md` and `report.json`, prints the summary; an error
/// when a test failed or stayed inconclusive.
pub fn plugtest(project: &Project, options: &PlugtestOptions) -> Result<RunReport> {
    let suite = match &options.td_dir {
        Some(dir) => load_descriptions(dir)?,
        None => load_descriptions(&project.root.join("labs/engines/plugtest/suite"))?,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let notify_host = options.notify_host.clone().unwrap_or_else(|| "127.0.0.1".to_owned());
    let report = runtime.block_on(run_suite(&options.cse, suite, &notify_host))?;
    let out_dir = options.out_dir.clone().unwrap_or_else(|| project.root.join("target/plugtest"));
    write_report(&report, &out_dir)?;
    for test in &report.tests {
        let verdict = test.verdict.map_or("-", |verdict| verdict.label());
        let reason = test.reason.as_deref().map(|reason| format!(": {reason}")).unwrap_or_default();
        println!("{:<10} {:<13} {verdict}{reason}", test.id, format!("({} ms)", test.elapsed_ms));
    }
    println!(
        "xtask: {} passed, {} failed, {} inconclusive; report in {}",
        report.totals.pass,
        report.totals.fail,
        report.totals.inconclusive,
        out_dir.display()
    );
    Ok(report)
}

/// Writes `report.md` and `report.json` into `out_dir`.
pub fn write_report(report: &RunReport, out_dir: &Path) -> Result<()> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let markdown = out_dir.join("report.md");
    std::fs::write(&markdown, report.to_markdown()).with_context(|| format!("writing {}", markdown.display()))?;
    let json = out_dir.join("report.json");
    std::fs::write(&json, report.to_json()).with_context(|| format!("writing {}", json.display()))?;
    Ok(())
}
