//! Test helpers: temporary directories, an in-process server on 127.0.0.1:0, an HTTP client
//! (hyper's own, over real TCP), and a notification receiver that records what it gets.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use tokio::sync::Notify;
use workshop_server::{RunningServer, ServerConfig};

/// A directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("workshop-test-{}-{label}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A tiny built site: an index page and a 404 page.
pub fn tiny_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    std::fs::create_dir_all(&site).expect("site dir");
    std::fs::write(site.join("index.html"), "<!doctype html><title>Book</title><h1>The book</h1>").expect("index");
    std::fs::write(site.join("404.html"), "<!doctype html><base href=\"/\"><title>Missing</title>").expect("404");
    site
}

/// A configuration for a test server: loopback, free port, temp data, fast notification timeouts.
pub fn test_config(dir: &Path) -> ServerConfig {
    ServerConfig {
        host: "127.0.0.1".into(),
        port: 0,
        data_dir: dir.join("data"),
        site_dir: tiny_site(dir),
        verification_timeout_ms: 1000,
        notification_timeout_ms: 1000,
        notification_attempts: 2,
        notification_backoff_ms: 50,
        ..ServerConfig::default()
    }
}

/// An in-process server with its own temp directory.
pub struct TestServer {
    pub server: Option<RunningServer>,
    pub base: String,
    pub dir: TempDir,
}

impl TestServer {
    pub async fn start(label: &str) -> Self {
        let dir = TempDir::new(label);
        Self::start_with(dir, |_| {}).await
    }

    pub async fn start_with(dir: TempDir, adjust: impl FnOnce(&mut ServerConfig)) -> Self {
        let mut config = test_config(dir.path());
        adjust(&mut config);
        let server = workshop_server::start(config).await.expect("server starts");
        let base = server.url();
        TestServer { server: Some(server), base, dir }
    }

    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn rsc(&self) -> u16 {
        self.header("x-m2m-rsc").and_then(|value| value.parse().ok()).unwrap_or(0)
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    /// The `m2m:dbg` text of an error.
    pub fn dbg(&self) -> String {
        self.json()["m2m:dbg"].as_str().unwrap_or_default().to_owned()
    }
}

/// A real HTTP client over TCP.
#[derive(Clone)]
pub struct Http {
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Default for Http {
    fn default() -> Self {
        Http { client: Client::builder(TokioExecutor::new()).build_http() }
    }
}

static RQI: AtomicU64 = AtomicU64::new(0);

impl Http {
    /// Any request, headers as given.
    pub async fn send(&self, method: &str, url: &str, headers: &[(&str, &str)], body: impl Into<Bytes>) -> Reply {
        let mut builder = http::Request::builder().method(method).uri(url);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder.body(Full::new(body.into())).expect("request");
        let response = tokio::time::timeout(Duration::from_secs(10), self.client.request(request))
            .await
            .expect("answer within 10 s")
            .expect("HTTP exchange");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        Reply { status, headers, text: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// A oneM2M request with X-M2M-Origin, a fresh X-M2M-RI and X-M2M-RVI 3; `ty` makes a POST a Create.
    pub async fn m2m(&self, method: &str, url: &str, origin: &str, ty: Option<u32>, body: Option<Value>) -> Reply {
        let rqi = format!("t{}", RQI.fetch_add(1, Ordering::Relaxed));
        let content_type = match ty {
            Some(ty) => format!("application/json;ty={ty}"),
            None => "application/json".to_owned(),
        };
        let mut headers = vec![("X-M2M-Origin", origin), ("X-M2M-RI", rqi.as_str()), ("X-M2M-RVI", "3")];
        if body.is_some() {
            headers.push(("Content-Type", content_type.as_str()));
        }
        let body = body.map(|value| value.to_string()).unwrap_or_default();
        let reply = self.send(method, url, &headers, body).await;
        assert_eq!(reply.header("x-m2m-ri").as_deref(), Some(rqi.as_str()), "X-M2M-RI is echoed");
        reply
    }

    /// A Create like [`Http::create`], but `None` when the exchange fails (e.g. the server was killed).
    pub async fn try_create(&self, url: &str, origin: &str, ty: u32, body: Value) -> Option<Reply> {
        let request = http::Request::builder()
            .method("POST")
            .uri(url)
            .header("X-M2M-Origin", origin)
            .header("X-M2M-RI", format!("t{}", RQI.fetch_add(1, Ordering::Relaxed)))
            .header("X-M2M-RVI", "3")
            .header("Content-Type", format!("application/json;ty={ty}"))
            .body(Full::new(Bytes::from(body.to_string())))
            .ok()?;
        let response = tokio::time::timeout(Duration::from_secs(10), self.client.request(request)).await.ok()?.ok()?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.ok()?.to_bytes();
        Some(Reply { status, headers, text: String::from_utf8_lossy(&bytes).into_owned() })
    }

    pub async fn get(&self, url: &str, origin: &str) -> Reply {
        self.m2m("GET", url, origin, None, None).await
    }

    pub async fn create(&self, url: &str, origin: &str, ty: u32, body: Value) -> Reply {
        self.m2m("POST", url, origin, Some(ty), Some(body)).await
    }
}

/// How a receiver answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// 200 to everything
    Accept,
    /// 200 to verification requests, then never answers (sleeps) to anything else
    AcceptThenHang,
}

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub origin: String,
    pub rqi: String,
    pub body: Value,
}

/// A notification receiver: an HTTP server on 127.0.0.1:0 that records every POST.
pub struct Receiver {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Clone)]
struct ReceiverState {
    received: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<Notify>,
    behaviour: Behaviour,
}

async fn receive(State(state): State<ReceiverState>, request: Request) -> axum::response::Response {
    let (origin, rqi) = {
        let header =
            |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        (header("x-m2m-origin"), header("x-m2m-ri"))
    };
    let bytes = request.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let is_verification = body["m2m:sgn"]["vrq"] == Value::Bool(true);
    if let Ok(mut received) = state.received.lock() {
        received.push(Received { origin, rqi: rqi.clone(), body });
    }
    state.arrived.notify_waiters();
    if state.behaviour == Behaviour::AcceptThenHang && !is_verification {
        tokio::time::sleep(Duration::from_secs(60)).await;
    }
    let mut response = (StatusCode::OK, Body::empty()).into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(&rqi) {
        response.headers_mut().insert("x-m2m-ri", value);
    }
    response.headers_mut().insert("x-m2m-rsc", axum::http::HeaderValue::from_static("2000"));
    response
}

impl Receiver {
    pub async fn start(behaviour: Behaviour) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let arrived = Arc::new(Notify::new());
        let state = ReceiverState { received: received.clone(), arrived: arrived.clone(), behaviour };
        let app = Router::new().fallback(receive).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind receiver");
        let address: SocketAddr = listener.local_addr().expect("address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { url: format!("http://{address}/notify"), received, arrived, task }
    }

    pub fn all(&self) -> Vec<Received> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Waits (at most `limit`) until `count` requests have arrived.
    pub async fn wait_for(&self, count: usize, limit: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let notified = self.arrived.notified();
            let all = self.all();
            if all.len() >= count || tokio::time::Instant::now() >= deadline {
                return all;
            }
            let _ = tokio::time::timeout_at(deadline, notified).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}
