//! The server: routing, the CSE handler, the expiry timer; journaling before answering,
//! notification delivery after the lock is released.
//!
//! No network IO ever happens under the engine lock. A request runs once, through the engine's
//! handle/poll API (`state.rs`): a subscription whose targets must be verified stays pending in
//! the engine, its verification requests are POSTed from tasks without the lock (up to the
//! verification timeout, while other requests go on), and each answer is handed back and
//! journaled; the request is answered when the engine completes it. A timer armed from
//! `Cse::poll_timeout` advances the engine when something expires, with no other traffic.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request as HttpRequest, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response as HttpResponse};
use axum::routing::get;
use http::{HeaderValue, Method, StatusCode, header};
use onem2m_cse::{Operation, Request, Response, ResponseStatusCode, VerificationRequest};
use tokio::net::TcpListener;
use tokio::sync::{Mutex, Notify, oneshot};
use tokio::task::JoinHandle;

use crate::binding::{self, ALLOWED_HEADERS, EXPOSED_HEADERS, Echo, HttpInput};
use crate::commit::Committer;
use crate::config::ServerConfig;
use crate::guard::Guard;
use crate::listen::{self, ConnectionLimits, PeerCertificate};
use crate::live;
use crate::live_question;
use crate::log::{LogEntry, RequestLog};
use crate::notifier::Notifier;
use crate::state::{AppState, Engine, Reply, Step, wall_clock};
use crate::store::Store;
use crate::tls::{Credentials, Secure};
use tokio_rustls::TlsAcceptor;

/// A server started by [`start`].
#[derive(Debug)]
pub struct RunningServer {
    /// Where it listens (the real port when 0 was asked).
    pub address: SocketAddr,
    /// What startup found in the data directory.
    pub replayed: usize,
    pub torn_tail: bool,
    pub created: bool,
    /// Records that could not be read back and were moved aside (one sentence each).
    pub damaged: Vec<String>,
    /// In secure mode: the SHA-256 fingerprint of the workshop CA certificate (to compare with
    /// what participants downloaded).
    pub ca_fingerprint: Option<String>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
    timer: JoinHandle<()>,
    engine: Arc<Mutex<Engine>>,
}

impl RunningServer {
    /// The base URL, e.g. `http://127.0.0.1:8080` (`https://` in secure mode).
    pub fn url(&self) -> String {
        let scheme = if self.ca_fingerprint.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.address)
    }

    /// Stops accepting, lets running requests finish (at most 2 s), then compacts the journal.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if tokio::time::timeout(Duration::from_secs(2), &mut self.task).await.is_err() {
            self.task.abort();
        }
        self.timer.abort();
        let _ = (&mut self.timer).await;
        self.engine.lock().await.compact();
    }

    /// Waits until the server stops (e.g. after an error).
    pub async fn wait(&mut self) {
        let _ = (&mut self.task).await;
        self.timer.abort();
    }
}

/// Opens the data directory (replaying the journal), binds, and serves in the background.
pub async fn start(config: ServerConfig) -> Result<RunningServer> {
    config.check()?;
    let data_dir = config.data_dir.clone();
    let fresh = config.cse_config();
    let now = wall_clock();
    let (store, recovered) = tokio::task::spawn_blocking(move || Store::open(&data_dir, fresh, now))
        .await
        .context("opening the data directory")??;
    let journal = store.journal_handle().context("opening the journal for syncing")?;
    let committer = Arc::new(Committer::new(journal, store.last_seq()));
    let engine = Arc::new(Mutex::new(Engine {
        cse: recovered.cse,
        store,
        clock: recovered.now,
        snapshot_every: config.snapshot_every,
        broken: None,
        committer: committer.clone(),
        waiters: HashMap::new(),
        armed: None,
    }));
    let log = RequestLog::new(config.log_capacity);
    let notifier = Notifier::new(config.cse_id.clone(), config.delivery_policy(), log.clone());
    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .with_context(|| format!("listening on {}:{}", config.host, config.port))?;
    let address = listener.local_addr().context("reading the listening address")?;
    let guard = Arc::new(Guard::new(&config, address));
    let secure = if config.tls {
        let names = crate::tls::server_names(&config.host, &config.allowed_hosts, &crate::lan_addresses());
        let data_dir = config.data_dir.clone();
        let pki = tokio::task::spawn_blocking(move || crate::tls::prepare(&data_dir, &names))
            .await
            .context("preparing the certificates")??;
        Some(Arc::new(Secure { pki, credentials: Credentials::new(&config.data_dir) }))
    } else {
        None
    };
    let acceptor = secure.as_ref().map(|secure| TlsAcceptor::from(secure.pki.server_config.clone()));
    let ca_fingerprint = secure.as_ref().map(|secure| secure.pki.ca_fingerprint.clone());
    let state = AppState {
        engine: engine.clone(),
        notifier,
        log,
        config: Arc::new(config),
        guard,
        committer,
        timer: Arc::new(Notify::new()),
        secure,
    };
    // requests pending when the server stopped were never answered: they are not applied
    let abandoned = tokio::task::spawn_blocking({
        let engine = engine.clone();
        move || engine.blocking_lock().abandon_pending()
    })
    .await
    .unwrap_or(0);
    if abandoned > 0 {
        eprintln!(
            "workshop-server: {abandoned} verification request(s) of subscriptions pending when the server stopped were \
             not sent again; those requests were never answered and are not applied"
        );
    }
    // the timer keeps expiry on time
    let timer = tokio::spawn(expiry_timer(state.clone()));
    let limits = ConnectionLimits {
        header_read: Duration::from_millis(state.config.header_read_timeout_ms),
        idle: Duration::from_millis(state.config.idle_timeout_ms),
        max_connections: state.config.max_connections,
        max_per_peer: state.config.max_connections_per_peer,
    };
    let app = router(state);
    let (shutdown, shutdown_signal) = oneshot::channel::<()>();
    let task = tokio::spawn(listen::serve(listener, app, limits, acceptor, shutdown_signal));
    Ok(RunningServer {
        address,
        ca_fingerprint,
        replayed: recovered.replayed,
        torn_tail: recovered.torn_tail,
        created: recovered.created,
        damaged: recovered.damaged,
        shutdown: Some(shutdown),
        task,
        timer,
        engine,
    })
}

fn router(state: AppState) -> Router {
    let site = static_site::router_at(&state.config.site_dir, "/book/");
    Router::new()
        // the book's pages say that this server takes hand-ins (a header: "Your progress" shows its button)
        .nest_service("/book", crate::hand_in::announced(site))
        .route("/workshop/", get(live::page))
        .route("/workshop/api/tree", get(live::tree))
        .route("/workshop/api/log", get(live::log))
        .route("/workshop/ca.pem", get(ca_certificate))
        .route("/workshop/trust", get(trust_page))
        // browsers ask every host for one; without this it would reach the CSE and fill the host's request log
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        // hand-ins from the book (/workshop/api/hand-in) and the host's class view (/workshop/class, class.csv)
        .merge(crate::hand_in::routes(&state.config))
        // live questions: the participants' short address /q and the host's /workshop/api/question
        .merge(live_question::routes(&state.config))
        // plugtests: the host's session view /workshop/plugtests, its runs and the participants' notification receivers
        .merge(crate::plugtests::routes(&state.config))
        .fallback(cse)
        .layer(middleware::from_fn_with_state(state.clone(), guard_redirects_and_cors))
        .with_state(state)
}

/// First the `Host` check (DNS rebinding: see [`crate::guard`]); then `/` and `/book` lead to the
/// book, `/workshop` to the live view; the CSE's answers carry CORS headers (and preflights are
/// answered) for the origins the host allowed, and for no other.
async fn guard_redirects_and_cors(State(state): State<AppState>, request: HttpRequest, next: Next) -> HttpResponse {
    let path = request.uri().path();
    let guard = &state.guard;
    let is_cse = !(path.starts_with("/book/")
        || path.starts_with("/workshop/")
        || path == "/workshop"
        || live_question::is_participant_path(path));
    if guard.checks_host_of(path) && !guard.names_this_server(request.headers()) {
        let named: String = request
            .headers()
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("nothing")
            .chars()
            .take(100)
            .collect();
        let why = format!(
            "the Host header names {named}, which is not this server (a page on another site may have had its name \
             point here: DNS rebinding); use the server's address or localhost, or start it with --allow-host NAME"
        );
        if is_cse && !matches!(path, "/" | "/book" | "/favicon.ico") {
            let echo = Echo::from_headers(request.headers());
            return binding::to_http(&echo.error(ResponseStatusCode::BadRequest, why));
        }
        let mut response = HttpResponse::new(Body::from(why + "\n"));
        *response.status_mut() = StatusCode::FORBIDDEN;
        return response;
    }
    if request.method() == Method::GET {
        match path {
            "/" | "/book" => return Redirect::to("/book/").into_response(),
            "/workshop" => return Redirect::to("/workshop/").into_response(),
            _ => {}
        }
    }
    if !is_cse {
        return next.run(request).await;
    }
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .filter(|origin| origin.to_str().is_ok_and(|origin| guard.allows_origin(origin, request.headers())))
        .cloned();
    let preflight =
        request.method() == Method::OPTIONS && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let Some(allow_origin) = origin else {
            let mut response = HttpResponse::new(Body::from(
                "cross-origin requests to this CSE are allowed from the origins the host configured only (--cors-origin)\n",
            ));
            *response.status_mut() = StatusCode::FORBIDDEN;
            response.headers_mut().insert(header::VARY, HeaderValue::from_static("Origin"));
            return response;
        };
        let allowed_headers = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned()
            .unwrap_or(HeaderValue::from_static(ALLOWED_HEADERS));
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        headers
            .insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"));
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allowed_headers);
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        return response;
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Some(allow_origin) = origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED_HEADERS));
    }
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    response
}

/// Every path that is not the book or the live view is a oneM2M request.
async fn cse(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: HttpRequest,
) -> HttpResponse {
    let started = Instant::now();
    let (mut parts, body) = request.into_parts();
    let refused = state.secure.as_ref().and_then(|secure| authenticate(secure, &mut parts));
    let echo = Echo::from_headers(&parts.headers);
    let limit = state.config.body_limit_bytes;
    let outcome = match read_body(body, limit, parts.headers.get(header::CONTENT_LENGTH)).await {
        Err(why) => Err(echo.refuse(ResponseStatusCode::BadRequest, why)),
        Ok(_) if refused.is_some() => {
            Err(echo.refuse(ResponseStatusCode::OriginatorHasNoPrivilege, refused.unwrap_or_default()))
        }
        Ok(bytes) => binding::to_primitive(HttpInput {
            method: &parts.method,
            path: parts.uri.path(),
            query: parts.uri.query(),
            headers: &parts.headers,
            body: &bytes,
            peer: Some(peer.ip()),
        }),
    };
    let response = match outcome {
        Err(error) => *error,
        Ok(request) => execute(&state, request).await,
    };
    state.log.push(LogEntry {
        seq: 0,
        at: 0,
        method: parts.method.to_string(),
        path: parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned()),
        originator: echo.originator.clone().unwrap_or_default(),
        rqi: echo.rqi.clone(),
        rsc: response.rsc.code(),
        http: response.rsc.http_status(),
        micros: started.elapsed().as_micros().try_into().unwrap_or(u64::MAX),
        peer: peer.ip().to_string(),
        note: response.debug_message().unwrap_or_default().to_owned(),
    });
    binding::to_http(&response)
}

/// Secure mode: binds the request to its credential (a client certificate, else an
/// `Authorization: Bearer` token). The originator is the credential's: an absent `X-M2M-Origin`
/// is set to it, a different one refused (TS-0003's AE impersonation prevention), as is a
/// request without a credential the host issued. Returns why the request is refused, if it is.
fn authenticate(secure: &Secure, parts: &mut http::request::Parts) -> Option<String> {
    let certificate = parts.extensions.get::<PeerCertificate>();
    let token = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    let bound = match (certificate, token) {
        (Some(certificate), _) => secure.credentials.of_certificate(&certificate.0).ok_or(
            "the client certificate is signed by the workshop CA but bound to no originator (the host issues \
             participants' certificates with `workshop-server issue-cert NAME`)",
        ),
        (None, Some(token)) => secure
            .credentials
            .of_token(token)
            .ok_or("the token is not one the host issued (`workshop-server issue-token NAME`)"),
        (None, None) => {
            Err("this CSE runs in secure mode: every request carries the credential the host issued you, a client \
             certificate (curl --cert NAME.cert.pem --key NAME.key.pem) or a token (Authorization: Bearer TOKEN)")
        }
    };
    let originator = match bound {
        Ok(originator) => originator,
        Err(why) => return Some(why.to_owned()),
    };
    match parts.headers.get("x-m2m-origin").map(|value| value.to_str().unwrap_or_default().trim().to_owned()) {
        Some(claimed) if claimed != originator => Some(format!(
            "X-M2M-Origin says {claimed}, but the credential presented is {originator}'s: in secure mode the CSE takes \
             the originator from the credential and refuses another (TS-0003 clause 7.2, AE impersonation \
             prevention); send X-M2M-Origin: {originator} or leave it out"
        )),
        _ => {
            if let Ok(value) = HeaderValue::from_str(&originator) {
                parts.headers.insert("x-m2m-origin", value);
            }
            None
        }
    }
}

/// Secure mode: the workshop CA certificate, for participants to trust (it is public).
async fn ca_certificate(State(state): State<AppState>) -> HttpResponse {
    let Some(secure) = &state.secure else {
        return (StatusCode::NOT_FOUND, "this server runs without TLS: there is no workshop CA\n").into_response();
    };
    let mut response = secure.pki.ca_pem.clone().into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-pem-file"));
    response
}

/// Secure mode: how to trust the workshop CA in curl, Python and a browser.
async fn trust_page(State(state): State<AppState>, request: HttpRequest) -> HttpResponse {
    let Some(secure) = &state.secure else {
        return (StatusCode::NOT_FOUND, "this server runs without TLS: there is no workshop CA\n").into_response();
    };
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']')))
        .unwrap_or("this-server")
        .to_owned();
    let fingerprint = &secure.pki.ca_fingerprint;
    let cse = &state.config.cse_name;
    axum::response::Html(format!(
        r#"<!doctype html><html lang="en"><meta charset="utf-8"><title>Trust the workshop CA</title>
<style>body{{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}code,pre{{background:#f3f3f3;padding:.1rem .3rem}}pre{{padding:.6rem;overflow-x:auto}}</style>
<h1>Trust the workshop CA</h1>
<p>This server speaks HTTPS with a certificate signed by the workshop's own certificate authority. Download
<a href="/workshop/ca.pem">ca.pem</a> and check that its SHA-256 fingerprint is the one the host shows on the
screen: <code>{fingerprint}</code> (<code>openssl x509 -in ca.pem -noout -fingerprint -sha256</code> prints it
the same way). Only then trust it: whoever controls a CA you trust can impersonate any site.</p>
<h2>curl</h2>
<pre>curl --cacert ca.pem --cert Calice.cert.pem --key Calice.key.pem https://{host}/{cse}</pre>
<h2>Python (requests)</h2>
<pre>requests.get("https://{host}/{cse}", verify="ca.pem",
             cert=("Calice.cert.pem", "Calice.key.pem"),
             headers={{"X-M2M-RI": "1", "X-M2M-RVI": "3"}})</pre>
<h2>A browser</h2>
<p>Firefox: Settings, Privacy &amp; Security, Certificates, View Certificates, Authorities, Import ca.pem, tick
"trust this CA to identify websites". Chromium/Chrome: Settings, Privacy and security, Security, Manage
certificates, Authorities (or "Installed by you"), Import. Remove it after the workshop.</p>
<h2>Who you are</h2>
<p>The CSE takes your originator from your credential: a client certificate the host issued
(<code>workshop-server issue-cert Calice</code>) or a token (<code>workshop-server issue-token Calice</code>, sent as
<code>Authorization: Bearer TOKEN</code>). A request whose <code>X-M2M-Origin</code> names someone else is refused
with 4103: one participant cannot act as another (TS-0003, AE impersonation prevention).</p>
"#
    ))
    .into_response()
}

/// Reads a request body of at most `limit` bytes. A larger body is read on and discarded (up to
/// eight times the limit) so that the client, still sending, gets the answer rather than a reset.
async fn read_body(mut body: Body, limit: usize, declared: Option<&HeaderValue>) -> Result<Bytes, String> {
    use http_body_util::BodyExt;
    let too_big = || format!("the request body is larger than this server accepts ({limit} bytes)");
    let drain_limit = limit.saturating_mul(8);
    let declared = declared.and_then(|value| value.to_str().ok()).and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > drain_limit) {
        return Err(too_big());
    }
    let mut buffer = Vec::with_capacity(declared.unwrap_or(0).min(limit));
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| format!("the request body could not be read: {error}"))?;
        if let Ok(data) = frame.into_data() {
            total = total.saturating_add(data.len());
            if total > drain_limit {
                break;
            }
            if total <= limit {
                buffer.extend_from_slice(&data);
            }
        }
    }
    if total > limit {
        return Err(too_big());
    }
    Ok(Bytes::from(buffer))
}

/// Runs a request on the engine. Retrievals run right here (they do no IO); everything else runs on
/// a blocking thread, because it writes the journal. A request left pending for verification is
/// answered once its targets have answered (their POSTs go out from tasks, never under the lock).
async fn execute(state: &AppState, request: Request) -> Response {
    let rqi = request.rqi.clone();
    let failure = |why: String| {
        let mut failed = Response::error(ResponseStatusCode::InternalServerError, why);
        failed.rqi = rqi.clone();
        failed
    };
    let is_retrieve = request.op == Operation::Retrieve;
    let step = if is_retrieve {
        state.engine.lock().await.submit(request)
    } else {
        let mut engine = state.engine.clone().lock_owned().await;
        match tokio::task::spawn_blocking(move || engine.submit(request)).await {
            Ok(step) => step,
            Err(error) => {
                return failure(format!("the request failed inside the server: {error}"));
            }
        }
    };
    // the lock is released
    let Step { reply, durable_at, verifications, rearm } = step;
    if rearm {
        state.timer.notify_one();
    }
    deliver_verifications(state, verifications);
    let (response, durable_at) = match reply {
        Reply::Now(response) => (*response, durable_at),
        Reply::Later(waiting) => match waiting.await {
            Ok(completed) => completed,
            Err(_) => return failure("the server stopped waiting for the verification answers".into()),
        },
    };
    // nothing goes out before the journal is on disk up to this request
    if let Err(reason) = state.committer.wait_durable(durable_at).await {
        if is_retrieve {
            // what it shows may be lost at restart, but a read changes nothing: answer it
            return response;
        }
        return failure(format!("the change could not be stored ({reason}); it may be lost at restart"));
    }
    // delivery happens in the background, in the order the engine produced the notifications
    state.committer.release(|notification| state.notifier.enqueue(notification));
    response
}

/// POSTs each verification request from its own task, outside the engine lock, and hands the
/// answer back to the engine (journaled); a request whose targets have all answered completes.
fn deliver_verifications(state: &AppState, verifications: Vec<VerificationRequest>) {
    for verification in verifications {
        let state = state.clone();
        tokio::spawn(async move {
            let outcome = state.notifier.verify(&verification).await;
            let mut engine = state.engine.clone().lock_owned().await;
            let answered = tokio::task::spawn_blocking(move || engine.answer(&verification, outcome)).await;
            let Ok((durable_at, more)) = answered else {
                return;
            };
            state.timer.notify_one();
            deliver_verifications(&state, more);
            if state.committer.wait_durable(durable_at).await.is_ok() {
                state.committer.release(|notification| state.notifier.enqueue(notification));
            }
        });
    }
}

/// The expiry timer: sleeps until `Cse::poll_timeout` (re-read whenever the engine changed), then
/// advances the engine (journaled), so that an expired resource goes, and its subscribers are
/// notified, on time and with no other traffic. The longest sleep is bounded so that a change of
/// the wall clock is noticed.
async fn expiry_timer(state: AppState) {
    const LONGEST: Duration = Duration::from_secs(60);
    loop {
        let (refusing, due) = {
            let engine = state.engine.lock().await;
            (engine.refusing(), engine.cse.poll_timeout())
        };
        let wait = match due {
            // nothing is due, or nothing can be journaled any more: wait for a change
            _ if refusing => LONGEST,
            None => LONGEST,
            Some(due) => Duration::from_millis(due.as_millis().saturating_sub(wall_clock().as_millis())).min(LONGEST),
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = state.timer.notified() => continue,
        }
        let mut engine = state.engine.clone().lock_owned().await;
        let Ok(Some((durable_at, verifications))) = tokio::task::spawn_blocking(move || engine.tick()).await else {
            continue;
        };
        deliver_verifications(&state, verifications);
        if state.committer.wait_durable(durable_at).await.is_ok() {
            state.committer.release(|notification| state.notifier.enqueue(notification));
        }
    }
}
