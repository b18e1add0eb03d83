//! The host's plugtest session: participants' CSEs registered under pseudonyms, the book's suite
//! (the `plugtest` engine's runner) run against each of them from this server, and the anonymous
//! results matrix filling in live, test by test.
//!
//! - `/workshop/plugtests`: the host's page (polls `/workshop/api/plugtests` every second). Like
//!   the live view it answers the host's own machine only (unless `live_view_from_lan`), because it
//!   shows which participant hides behind which pseudonym.
//! - `POST /workshop/api/plugtests/participants` `{"name", "cse"}` registers a CSE (its CSEBase URL,
//!   plain HTTP) and answers its pseudonym; `POST /workshop/api/plugtests/run` `{"pseudonym"}` runs
//!   the suite against it. Both are host-only JSON POSTs without a foreign `Origin` (a page of
//!   another site open in the host's browser cannot drive them).
//! - `POST /workshop/api/plugtests/notify/<pseudonym>`: the notification receiver of that
//!   participant's run (its `${notify_url}`), reached by the participant's CSE; anything else
//!   posted there is ignored.
//! - `/workshop/plugtests/matrix.md`, `matrix.csv`, `tally.csv`: the exports for an event report,
//!   naming pseudonyms only (host-only too).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use plugtest::{Action, ResultsMatrix, RunSettings, SuiteRunner, WireRequest, WireResponse};
use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, mpsc};

use crate::config::ServerConfig;
use crate::state::is_local;

/// How long one request of a run may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Participants one session takes.
const MAX_PARTICIPANTS: usize = 64;
/// The largest body the plugtest endpoints read (a notification included).
const BODY_LIMIT: usize = 64 * 1024;

const PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plugtests: the host's view</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem; color: #222; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #eee; background: #1d1f21; } }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #888; padding: .25rem .5rem; }
.pass { background: #cdeccd; color: #111; } .fail { background: #f5c6c6; color: #111; } .inconclusive { background: #f3e3b5; color: #111; }
form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; } label { display: flex; flex-direction: column; }
</style></head>
<body>
<h1>Plugtests: the host's view</h1>
<p>Register each participant's CSE (its CSEBase URL over plain HTTP, reachable from this server); it gets a pseudonym.
Run the book's suite against it: the matrix fills in as each test ends. The names column is for you only: the exports name pseudonyms.</p>
<form id="add"><label>Participant <input id="name" required maxlength="80"></label>
<label>CSEBase URL <input id="cse" required placeholder="http://192.168.1.20:8080/cse-in" size="36"></label>
<button type="submit">Register</button></form>
<p id="message" role="status" aria-live="polite"></p>
<table id="participants"><caption>Participants (host only)</caption><thead><tr><th scope="col">Pseudonym</th><th scope="col">Participant</th><th scope="col">CSE</th><th scope="col">Run</th><th scope="col"></th></tr></thead><tbody></tbody></table>
<table id="matrix"><caption>Results matrix</caption><thead></thead><tbody></tbody></table>
<p>Export: <a href="/workshop/plugtests/matrix.md">matrix (Markdown)</a>, <a href="/workshop/plugtests/matrix.csv">matrix (CSV)</a>,
<a href="/workshop/plugtests/tally.csv">counts per test only (CSV)</a>.</p>
<script>
const $ = (id) => document.getElementById(id);
const cell = (text, cls) => { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; };
async function post(path, body) {
  const answer = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await answer.text();
  $('message').textContent = text;
}
$('add').addEventListener('submit', async (event) => { event.preventDefault(); await post('/workshop/api/plugtests/participants', { name: $('name').value, cse: $('cse').value }); refresh(); });
async function refresh() {
  const answer = await fetch('/workshop/api/plugtests');
  if (!answer.ok) { $('message').textContent = await answer.text(); return; }
  const data = await answer.json();
  const rows = $('participants').querySelector('tbody'); rows.replaceChildren();
  for (const p of data.participants) {
    const tr = document.createElement('tr');
    tr.append(cell(p.pseudonym), cell(p.name), cell(p.cse), cell(p.status));
    const td = document.createElement('td'); const button = document.createElement('button');
    button.textContent = 'Run the suite'; button.disabled = p.status === 'running';
    button.addEventListener('click', () => post('/workshop/api/plugtests/run', { pseudonym: p.pseudonym }));
    td.append(button); tr.append(td); rows.append(tr);
  }
  const head = $('matrix').querySelector('thead'); head.replaceChildren();
  const hr = document.createElement('tr'); hr.append(cell('Test'));
  for (const column of data.matrix.columns) hr.append(cell(column.pseudonym));
  for (const label of ['Pass', 'Fail', 'Inconclusive']) hr.append(cell(label));
  head.append(hr);
  const body = $('matrix').querySelector('tbody'); body.replaceChildren();
  data.matrix.tests.forEach((test, index) => {
    const tr = document.createElement('tr'); tr.append(cell(test));
    for (const column of data.matrix.columns) { const verdict = column.verdicts[test] || ''; tr.append(cell(verdict || '-', verdict)); }
    const tally = data.tally[index]; tr.append(cell(tally.pass), cell(tally.fail), cell(tally.inconclusive)); body.append(tr);
  });
}
refresh(); setInterval(refresh, 1000);
</script></body></html>
"#;

type HttpClient = Client<HttpConnector, Full<Bytes>>;

#[derive(Debug, Clone, Serialize)]
struct Participant {
    pseudonym: String,
    name: String,
    cse: String,
    /// "registered", "running", "finished: 12 passed, 1 failed, 0 inconclusive"
    status: String,
}

#[derive(Debug, Default)]
struct Session {
    participants: Vec<Participant>,
    matrix: ResultsMatrix,
    /// The notification receivers of the runs in progress, by pseudonym.
    receivers: HashMap<String, mpsc::UnboundedSender<String>>,
}

#[derive(Clone)]
pub(crate) struct Plugtests {
    session: Arc<Mutex<Session>>,
    client: HttpClient,
    from_lan: bool,
    tls: bool,
}

/// The plugtest routes, with their own state.
pub(crate) fn routes<S: Clone + Send + Sync + 'static>(config: &ServerConfig) -> Router<S> {
    let tests = plugtest::book_suite().into_iter().map(|test| test.id).collect();
    let plugtests = Plugtests {
        session: Arc::new(Mutex::new(Session { matrix: ResultsMatrix::new(tests), ..Session::default() })),
        client: Client::builder(TokioExecutor::new()).build_http(),
        from_lan: config.live_view_from_lan,
        tls: config.tls,
    };
    Router::new()
        .route("/workshop/plugtests", get(page))
        .route("/workshop/api/plugtests", get(overview))
        .route("/workshop/api/plugtests/participants", post(register))
        .route("/workshop/api/plugtests/run", post(run))
        .route("/workshop/api/plugtests/notify/{pseudonym}", post(notify))
        .route("/workshop/plugtests/matrix.md", get(matrix_markdown))
        .route("/workshop/plugtests/matrix.csv", get(matrix_csv))
        .route("/workshop/plugtests/tally.csv", get(tally_csv))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(plugtests)
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, format!("{message}\n")).into_response()
}

/// The refusal of a request from another machine than the host's (`None`: the host may).
fn host_only(plugtests: &Plugtests, peer: &SocketAddr) -> Option<Response> {
    if plugtests.from_lan || is_local(peer) {
        None
    } else {
        Some(refuse(
            StatusCode::FORBIDDEN,
            "The plugtest view shows who is behind each pseudonym: it answers the host's machine only (set live_view_from_lan = true to change that).",
        ))
    }
}

/// A host action must come from this server's own page or a script: no `Origin`, or the `Host` itself.
fn from_own_page(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok()).map(str::to_ascii_lowercase);
    let authority = origin
        .to_str()
        .ok()
        .and_then(crate::guard::normal_origin)
        .and_then(|origin| origin.split_once("://").map(|(_, authority)| authority.to_owned()));
    matches!((authority, host), (Some(authority), Some(host)) if authority == host.trim())
}

/// The refusal of a host action that is not the host's, not from this server's page, or not JSON.
fn host_action(plugtests: &Plugtests, peer: &SocketAddr, headers: &HeaderMap) -> Option<Response> {
    if let Some(response) = host_only(plugtests, peer) {
        return Some(response);
    }
    if !from_own_page(headers) {
        return Some(refuse(StatusCode::FORBIDDEN, "A page of another site cannot drive the plugtest session."));
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().starts_with("application/json"));
    (!json).then(|| refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Send JSON (Content-Type: application/json)."))
}

async fn page(State(plugtests): State<Plugtests>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    host_only(&plugtests, &peer).unwrap_or_else(|| Html(PAGE).into_response())
}

#[derive(Serialize)]
struct Overview {
    participants: Vec<Participant>,
    matrix: ResultsMatrix,
    tally: Vec<plugtest::Tally>,
}

async fn overview(State(plugtests): State<Plugtests>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if let Some(response) = host_only(&plugtests, &peer) {
        return response;
    }
    let session = plugtests.session.lock().await;
    Json(Overview {
        participants: session.participants.clone(),
        matrix: session.matrix.clone(),
        tally: session.matrix.tally(),
    })
    .into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Registration {
    name: String,
    cse: String,
}

/// `http://host[:port]/name`: the origin and the CSEBase name.
fn split_cse_url(url: &str) -> Result<(String, String), String> {
    let rest = url.trim().strip_prefix("http://").ok_or("the CSEBase URL must start with http://")?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    if authority.is_empty() || authority.contains(['@', ' ', '?', '#']) {
        return Err("the CSEBase URL has no usable host".into());
    }
    let name = path.trim_matches('/');
    if name.contains(['/', '?', '#']) {
        return Err("after the host, give only the CSEBase name, e.g. /cse-in".into());
    }
    Ok((format!("http://{authority}"), if name.is_empty() { "cse-in".into() } else { name.to_owned() }))
}

async fn register(
    State(plugtests): State<Plugtests>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(response) = host_action(&plugtests, &peer, &headers) {
        return response;
    }
    let registration: Registration = match serde_json::from_slice(&body) {
        Ok(registration) => registration,
        Err(error) => return refuse(StatusCode::BAD_REQUEST, &format!("Expected {{\"name\", \"cse\"}}: {error}")),
    };
    let name = registration.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return refuse(StatusCode::BAD_REQUEST, "The participant's name must have 1 to 80 characters.");
    }
    if let Err(reason) = split_cse_url(&registration.cse) {
        return refuse(StatusCode::BAD_REQUEST, &format!("Not registered: {reason}."));
    }
    let mut session = plugtests.session.lock().await;
    if session.participants.len() >= MAX_PARTICIPANTS {
        return refuse(StatusCode::BAD_REQUEST, &format!("A session takes at most {MAX_PARTICIPANTS} participants."));
    }
    let pseudonym = session.matrix.add_implementation();
    session.participants.push(Participant {
        pseudonym: pseudonym.clone(),
        name: name.to_owned(),
        cse: registration.cse.trim().to_owned(),
        status: "registered".into(),
    });
    (StatusCode::CREATED, format!("{name} is {pseudonym}.\n")).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunRequest {
    pseudonym: String,
}

async fn run(
    State(plugtests): State<Plugtests>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(response) = host_action(&plugtests, &peer, &headers) {
        return response;
    }
    let Ok(request) = serde_json::from_slice::<RunRequest>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "Expected {\"pseudonym\"}.");
    };
    let Some(host) = headers.get(header::HOST).and_then(|value| value.to_str().ok()).map(str::to_owned) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "The request names no Host: the participant's CSE could not reach the receiver.",
        );
    };
    let (receiver, cse) = {
        let mut session = plugtests.session.lock().await;
        let Some(participant) =
            session.participants.iter_mut().find(|participant| participant.pseudonym == request.pseudonym)
        else {
            return refuse(StatusCode::NOT_FOUND, &format!("{} is not a participant.", request.pseudonym));
        };
        if participant.status == "running" {
            return refuse(StatusCode::CONFLICT, &format!("{} is running already.", request.pseudonym));
        }
        participant.status = "running".into();
        let cse = participant.cse.clone();
        let (sender, receiver) = mpsc::unbounded_channel();
        session.receivers.insert(request.pseudonym.clone(), sender);
        (receiver, cse)
    };
    let scheme = if plugtests.tls { "https" } else { "http" };
    let notify_url = format!("{scheme}://{host}/workshop/api/plugtests/notify/{}", request.pseudonym);
    tokio::spawn(run_suite(plugtests.clone(), request.pseudonym.clone(), cse, notify_url, receiver));
    (StatusCode::ACCEPTED, format!("Running the suite against {}.\n", request.pseudonym)).into_response()
}

async fn notify(State(plugtests): State<Plugtests>, Path(pseudonym): Path<String>, body: Bytes) -> Response {
    let session = plugtests.session.lock().await;
    match session.receivers.get(&pseudonym) {
        Some(sender) => {
            let _ = sender.send(String::from_utf8_lossy(&body).into_owned());
            (StatusCode::OK, [("X-M2M-RSC", "2000")]).into_response()
        }
        None => (StatusCode::NOT_FOUND, [("X-M2M-RSC", "4004")]).into_response(),
    }
}

async fn send(client: &HttpClient, origin: &str, request: &WireRequest) -> Result<WireResponse, String> {
    let mut builder =
        http::Request::builder().method(request.method.as_str()).uri(format!("{origin}{}", request.path_and_query()));
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let body = Full::new(Bytes::from(request.body.clone().unwrap_or_default()));
    let http_request = builder.body(body).map_err(|error| format!("the request cannot be built: {error}"))?;
    let exchange = async {
        let response = client.request(http_request).await.map_err(|error| error.to_string())?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap_or("").to_owned()))
            .collect();
        let bytes = response.into_body().collect().await.map_err(|error| format!("reading the body: {error}"))?;
        Ok(WireResponse { status, headers, body: String::from_utf8_lossy(&bytes.to_bytes()).into_owned() })
    };
    tokio::time::timeout(REQUEST_TIMEOUT, exchange)
        .await
        .unwrap_or_else(|_| Err(format!("no answer within {} s", REQUEST_TIMEOUT.as_secs())))
}

/// Runs the book's suite against one participant, recording each test's verdict as it ends.
async fn run_suite(
    plugtests: Plugtests,
    pseudonym: String,
    cse: String,
    notify_url: String,
    mut notifications: mpsc::UnboundedReceiver<String>,
) {
    let (origin, cse_name) = match split_cse_url(&cse) {
        Ok(split) => split,
        Err(reason) => {
            let mut session = plugtests.session.lock().await;
            if let Some(participant) =
                session.participants.iter_mut().find(|participant| participant.pseudonym == pseudonym)
            {
                participant.status = format!("not run: {reason}");
            }
            return;
        }
    };
    let settings = RunSettings { cse_name, notify_url: Some(notify_url) };
    let mut runner = SuiteRunner::new(plugtest::book_suite(), settings);
    let mut recorded = 0;
    loop {
        while let Ok(body) = notifications.try_recv() {
            runner.handle_notification(&body);
        }
        let action = runner.poll_action();
        // record the tests that ended since the last action: the host's matrix fills in live
        let finished: Vec<(String, plugtest::Verdict)> = runner
            .results()
            .iter()
            .filter_map(|result| result.verdict.map(|verdict| (result.id.clone(), verdict)))
            .collect();
        if finished.len() > recorded {
            let mut session = plugtests.session.lock().await;
            for (test, verdict) in &finished[recorded..] {
                let _ = session.matrix.record(&pseudonym, test, *verdict);
            }
            recorded = finished.len();
        }
        match action {
            Action::Finished => break,
            Action::Send { request, .. } => {
                let started = Instant::now();
                let outcome = send(&plugtests.client, &origin, &request).await;
                let elapsed = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
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
    let report = plugtest::RunReport::new(&cse, runner.results());
    let mut session = plugtests.session.lock().await;
    session.receivers.remove(&pseudonym);
    if let Some(participant) = session.participants.iter_mut().find(|participant| participant.pseudonym == pseudonym) {
        participant.status = format!(
            "finished: {} passed, {} failed, {} inconclusive",
            report.totals.pass, report.totals.fail, report.totals.inconclusive
        );
    }
}

async fn matrix_markdown(State(plugtests): State<Plugtests>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if let Some(response) = host_only(&plugtests, &peer) {
        return response;
    }
    let markdown = plugtests.session.lock().await.matrix.to_markdown();
    ([(header::CONTENT_TYPE, "text/markdown; charset=utf-8")], markdown).into_response()
}

async fn matrix_csv(State(plugtests): State<Plugtests>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if let Some(response) = host_only(&plugtests, &peer) {
        return response;
    }
    let csv = plugtests.session.lock().await.matrix.to_csv();
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response()
}

async fn tally_csv(State(plugtests): State<Plugtests>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if let Some(response) = host_only(&plugtests, &peer) {
        return response;
    }
    let csv = plugtests.session.lock().await.matrix.tally_csv();
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response()
}

#[cfg(test)]
mod tests;
