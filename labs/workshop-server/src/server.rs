//! The server: routing, the engine behind one lock, journaling before answering, notification
//! delivery after the lock is released.
//!
//! No network IO ever happens under the engine lock. A request that may send verification
//! requests (a Create of a subscription, an Update carrying `m2m:sub`) runs twice: first on a copy
//! of the engine taken under a brief lock, with a [`Verifier`] that POSTs for real (up to the
//! verification timeout, while other requests go on), then on the real engine, under the lock,
//! with a [`Replay`] of the recorded answers. The second run is the one that counts (its response
//! is answered, its outcomes journaled), so concurrent requests are ordered by the lock as usual.
//! A target the second run asks about but the first did not (the state changed in between) is
//! treated as unreachable, and that outcome is journaled like any other.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request as HttpRequest, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response as HttpResponse};
use axum::routing::get;
use http::{HeaderValue, Method, StatusCode, header};
use onem2m_cse::{
    Cse, NotificationTarget, NotificationTransport, Operation, Request, ResourceType, Response, ResponseStatusCode,
    Timestamp, VerificationOutcome,
};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::{Mutex, oneshot};
use tokio::task::JoinHandle;

use crate::binding::{self, ALLOWED_HEADERS, EXPOSED_HEADERS, Echo, HttpInput};
use crate::commit::Committer;
use crate::config::ServerConfig;
use crate::guard::Guard;
use crate::listen::{self, ConnectionLimits};
use crate::live;
use crate::log::{LogEntry, RequestLog};
use crate::notifier::{Answers, NoTransport, Notifier, Replay, Verifier};
use crate::store::Store;

/// The engine and its journal: one writer at a time.
#[derive(Debug)]
pub(crate) struct Engine {
    pub(crate) cse: Cse,
    store: Store,
    clock: Timestamp,
    snapshot_every: u64,
    /// set when the journal could not be written: the server refuses further writes
    broken: Option<String>,
    /// makes the journal durable outside the lock (group commit)
    committer: Arc<Committer>,
}

/// What running a request under the lock gives: the answer, and the journal sequence number that
/// must be on disk before it goes out (its notifications are held by the [`Committer`] until then).
struct Ran {
    response: Response,
    durable_at: u64,
}

impl Engine {
    /// The engine clock: the wall clock, never going backwards.
    fn now(&mut self) -> Timestamp {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis().try_into().unwrap_or(u64::MAX))
            .unwrap_or(0);
        self.clock = self.clock.max(Timestamp::from_millis(wall));
        self.clock
    }

    /// Runs one request. A request that may have changed state is written to the journal before
    /// this returns; the answer and the notifications may go out once the journal is on disk up to
    /// `durable_at` (for a retrieval: every change it may show). `transport` must not do IO: the
    /// lock is held.
    fn run(&mut self, request: Request, transport: &mut dyn NotificationTransport) -> Ran {
        let refused = |reason: &str| {
            let mut response = Response::error(
                ResponseStatusCode::InternalServerError,
                format!("the server cannot store changes any more ({reason}); ask the host to restart it"),
            );
            response.rqi = request.rqi.clone();
            Ran { response, durable_at: 0 }
        };
        if request.op != Operation::Retrieve {
            if let Some(reason) = &self.broken {
                return refused(reason);
            }
            if let Some(reason) = self.committer.failure() {
                return refused(reason);
            }
        }
        let now = self.now();
        let before = self.cse.resource_count();
        let mut recording = Recording { inner: transport, outcomes: Vec::new() };
        let response = self.cse.handle_request_with(request.clone(), now, &mut recording);
        let outcomes = recording.outcomes;
        let mut notifications = Vec::new();
        while let Some(notification) = self.cse.poll_notifications() {
            notifications.push(notification);
        }
        while self.cse.poll_trace().is_some() {}
        // a retrieval changes nothing unless time expired something or it notified (net 5)
        let changed = request.op != Operation::Retrieve
            || !notifications.is_empty()
            || before != self.cse.resource_count()
            || !outcomes.is_empty();
        if changed {
            match self.store.write(now, &request, &outcomes) {
                Ok(seq) => {
                    self.committer.written(seq);
                    self.committer.hold(seq, notifications);
                }
                Err(error) => {
                    let reason = format!("writing the journal failed: {error}");
                    eprintln!("workshop-server: {reason}");
                    self.broken = Some(reason.clone());
                    let mut failed = Response::error(
                        ResponseStatusCode::InternalServerError,
                        format!("the change could not be stored ({reason}); it may be lost at restart"),
                    );
                    failed.rqi = request.rqi.clone();
                    return Ran { response: failed, durable_at: 0 };
                }
            }
            if self.store.entries_since_snapshot() >= self.snapshot_every.max(1) {
                self.compact();
            }
        }
        Ran { response, durable_at: self.store.last_seq() }
    }

    /// A copy of the engine and the time to run a request on it at (`None` when writes are
    /// refused anyway).
    fn copy(&mut self) -> Option<(Cse, Timestamp)> {
        if self.broken.is_some() {
            return None;
        }
        let now = self.now();
        Some((self.cse.clone(), now))
    }

    pub(crate) fn compact(&mut self) {
        let now = self.clock;
        if let Err(error) = self.store.compact(&self.cse, now) {
            // the journal still holds everything: keep going, try again later
            eprintln!("workshop-server: compaction failed: {error:#}");
        }
    }
}

/// Passes verification requests on and remembers the outcomes in order (the journal needs them).
struct Recording<'a> {
    inner: &'a mut dyn NotificationTransport,
    outcomes: Vec<VerificationOutcome>,
}

impl NotificationTransport for Recording<'_> {
    fn verify(&mut self, target: &NotificationTarget, content: &Value) -> VerificationOutcome {
        let outcome = self.inner.verify(target, content);
        self.outcomes.push(outcome);
        outcome
    }
}

/// Whether the engine may send verification requests for `request`: a Create of a subscription,
/// or an Update whose content is a subscription (both also through a group's `fopt`, which passes
/// the same request on). Anything else never verifies.
fn may_verify(request: &Request) -> bool {
    match request.op {
        Operation::Create => request.ty.and_then(ResourceType::from_ty) == Some(ResourceType::Subscription),
        Operation::Update => {
            request.pc.as_ref().and_then(Value::as_object).is_some_and(|content| content.contains_key("m2m:sub"))
        }
        _ => false,
    }
}

/// Shared by every handler.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) engine: Arc<Mutex<Engine>>,
    notifier: Notifier,
    pub(crate) log: RequestLog,
    pub(crate) config: Arc<ServerConfig>,
    guard: Arc<Guard>,
    committer: Arc<Committer>,
}

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
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
    engine: Arc<Mutex<Engine>>,
}

impl RunningServer {
    /// The base URL, e.g. `http://127.0.0.1:8080`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Stops accepting, lets running requests finish (at most 2 s), then compacts the journal.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if tokio::time::timeout(Duration::from_secs(2), &mut self.task).await.is_err() {
            self.task.abort();
        }
        self.engine.lock().await.compact();
    }

    /// Waits until the server stops (e.g. after an error).
    pub async fn wait(&mut self) {
        let _ = (&mut self.task).await;
    }
}

/// Opens the data directory (replaying the journal), binds, and serves in the background.
pub async fn start(config: ServerConfig) -> Result<RunningServer> {
    config.check()?;
    let data_dir = config.data_dir.clone();
    let fresh = config.cse_config();
    let now = Timestamp::from_millis(
        SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis().try_into().unwrap_or(u64::MAX)).unwrap_or(0),
    );
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
    }));
    let log = RequestLog::new(config.log_capacity);
    let notifier = Notifier::new(config.cse_id.clone(), config.delivery_policy(), log.clone());
    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .with_context(|| format!("listening on {}:{}", config.host, config.port))?;
    let address = listener.local_addr().context("reading the listening address")?;
    let guard = Arc::new(Guard::new(&config, address));
    let state = AppState { engine: engine.clone(), notifier, log, config: Arc::new(config), guard, committer };
    let limits = ConnectionLimits {
        header_read: Duration::from_millis(state.config.header_read_timeout_ms),
        idle: Duration::from_millis(state.config.idle_timeout_ms),
        max_connections: state.config.max_connections,
        max_per_peer: state.config.max_connections_per_peer,
    };
    let app = router(state);
    let (shutdown, shutdown_signal) = oneshot::channel::<()>();
    let task = tokio::spawn(listen::serve(listener, app, limits, shutdown_signal));
    Ok(RunningServer {
        address,
        replayed: recovered.replayed,
        torn_tail: recovered.torn_tail,
        created: recovered.created,
        damaged: recovered.damaged,
        shutdown: Some(shutdown),
        task,
        engine,
    })
}

fn router(state: AppState) -> Router {
    let site = static_site::router_at(&state.config.site_dir, "/book/");
    Router::new()
        .nest_service("/book", site)
        .route("/workshop/", get(live::page))
        .route("/workshop/api/tree", get(live::tree))
        .route("/workshop/api/log", get(live::log))
        // browsers ask every host for one; without this it would reach the CSE and fill the host's request log
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
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
    let is_cse = !(path.starts_with("/book/") || path.starts_with("/workshop/") || path == "/workshop");
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
    let (parts, body) = request.into_parts();
    let echo = Echo::from_headers(&parts.headers);
    let limit = state.config.body_limit_bytes;
    let outcome = match read_body(body, limit, parts.headers.get(header::CONTENT_LENGTH)).await {
        Err(why) => Err(echo.refuse(ResponseStatusCode::BadRequest, why)),
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
/// a blocking thread, because it writes the journal. Verification requests are sent beforehand,
/// from a copy of the engine, without the lock (see the module comment).
async fn execute(state: &AppState, request: Request) -> Response {
    let rqi = request.rqi.clone();
    let failed = |error: tokio::task::JoinError| {
        let mut failed = Response::error(
            ResponseStatusCode::InternalServerError,
            format!("the request failed inside the server: {error}"),
        );
        failed.rqi = rqi.clone();
        Ran { response: failed, durable_at: 0 }
    };
    let is_retrieve = request.op == Operation::Retrieve;
    let ran = if is_retrieve {
        let mut engine = state.engine.lock().await;
        engine.run(request, &mut NoTransport)
    } else {
        let answers = if may_verify(&request) {
            let verifier = state.notifier.verifier(tokio::runtime::Handle::current());
            ask_targets(state.engine.clone(), request.clone(), verifier).await
        } else {
            Answers::default()
        };
        let mut engine = state.engine.clone().lock_owned().await;
        let log = state.log.clone();
        tokio::task::spawn_blocking(move || {
            let mut replay = Replay::new(answers);
            let done = engine.run(request, &mut replay);
            drop(engine);
            for url in replay.missed {
                log.push(LogEntry::notification(
                    &url,
                    "-",
                    "verification not sent: the resources changed while targets were being asked; treated as unreachable",
                    Duration::ZERO,
                ));
            }
            done
        })
        .await
        .unwrap_or_else(failed)
    };
    // the lock is released; nothing goes out before the journal is on disk up to this request
    let Ran { response, durable_at } = ran;
    if let Err(reason) = state.committer.wait_durable(durable_at).await {
        if is_retrieve {
            // what it shows may be lost at restart, but a read changes nothing: answer it
            return response;
        }
        let mut failed = Response::error(
            ResponseStatusCode::InternalServerError,
            format!("the change could not be stored ({reason}); it may be lost at restart"),
        );
        failed.rqi = rqi;
        return failed;
    }
    // delivery happens in the background, in the order the engine produced the notifications
    state.committer.release(|notification| state.notifier.enqueue(notification));
    response
}

/// The first run of a request that may verify: on a copy of the engine (the lock is held only to
/// copy it), with real verification POSTs. Its response, notifications and state are thrown away;
/// only the answers are kept.
async fn ask_targets(engine: Arc<Mutex<Engine>>, request: Request, mut verifier: Verifier) -> Answers {
    tokio::task::spawn_blocking(move || {
        let copied = engine.blocking_lock().copy();
        let Some((mut copy, now)) = copied else {
            return Answers::default();
        };
        let _ = copy.handle_request_with(request, now, &mut verifier);
        drop(copy);
        verifier.answers
    })
    .await
    .unwrap_or_default()
}

/// The peer is this machine (the live view answers only it unless configured otherwise).
pub(crate) fn is_local(peer: &SocketAddr) -> bool {
    peer.ip().is_loopback()
}

/// A plain error page for the live view.
pub(crate) fn forbidden() -> HttpResponse {
    let mut response = HttpResponse::new(Body::from(
        "The live view shows every participant's resources: it answers the host's machine only (set live_view_from_lan = true to change that).\n",
    ));
    *response.status_mut() = StatusCode::FORBIDDEN;
    response
}
