//! Real notifications: `m2m:sgn` POSTed over HTTP to notification URIs and AE points of access.
//!
//! Verification requests are sent while a subscription is created or gets a new `nu` (the engine
//! asks synchronously through [`NotificationTransport`]) with a short timeout: a 2xx answer is
//! Accepted, any other status Rejected, a refused connection or a timeout Unreachable. They are
//! never sent while the engine lock is held: the server first runs the request on a copy of the
//! engine with a [`Verifier`] (real POSTs, answers recorded by target address), then runs it on the
//! real engine, under the lock, with a [`Replay`] of those answers. Event notifications are
//! queued per target address and delivered by one task per target, in order, with a timeout per
//! attempt and a few retries with backoff; a slow or dead target only delays its own queue.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use http::{HeaderValue, Method, Uri, header};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use onem2m_cse::{NotificationTarget, NotificationTransport, OutgoingNotification, VerificationOutcome};
use serde_json::Value;
use tokio::runtime::Handle;
use tokio::sync::mpsc;

use crate::log::{LogEntry, RequestLog};

/// How long a per-target worker waits for more work before it stops.
const IDLE: Duration = Duration::from_secs(30);
/// Notifications waiting for one target; more are dropped (and logged).
const QUEUE_PER_TARGET: usize = 256;

/// Timeouts and retries.
#[derive(Debug, Clone, Copy)]
pub struct DeliveryPolicy {
    pub verification_timeout: Duration,
    pub attempt_timeout: Duration,
    pub attempts: u32,
    pub first_backoff: Duration,
}

/// Why a POST did not get a 2xx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryError {
    /// The target answered with this HTTP status.
    Status(u16),
    /// Connection refused, reset, timed out, or the address is not an http URL.
    Unreachable(String),
}

/// Sends notifications. Cheap to clone.
#[derive(Clone)]
pub struct Notifier {
    client: Client<HttpConnector, Full<Bytes>>,
    originator: String,
    policy: DeliveryPolicy,
    queues: Arc<Mutex<HashMap<String, mpsc::Sender<OutgoingNotification>>>>,
    log: RequestLog,
    sequence: Arc<std::sync::atomic::AtomicU64>,
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier").field("originator", &self.originator).finish_non_exhaustive()
    }
}

/// The http URL of a target (an AE's first http `poa`, or the URI).
pub fn target_url(target: &NotificationTarget) -> Option<String> {
    match target {
        NotificationTarget::Ae { poa, .. } => poa.iter().find(|poa| poa.starts_with("http://")).cloned(),
        NotificationTarget::Uri(uri) => uri.starts_with("http://").then(|| uri.clone()),
    }
}

impl Notifier {
    /// A notifier that sends as `originator` (the CSE-ID).
    pub fn new(originator: String, policy: DeliveryPolicy, log: RequestLog) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(policy.attempt_timeout));
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(4)
            .build(connector);
        Notifier { client, originator, policy, queues: Arc::default(), log, sequence: Arc::default() }
    }

    /// POSTs `content` to `url` with X-M2M-Origin (the CSE-ID) and X-M2M-RI.
    pub async fn post(&self, url: &str, rqi: &str, content: &Value, timeout: Duration) -> Result<u16, DeliveryError> {
        let uri: Uri = url.parse().map_err(|_| DeliveryError::Unreachable(format!("\"{url}\" is not a URL")))?;
        if uri.scheme_str() != Some("http") {
            return Err(DeliveryError::Unreachable(format!(
                "\"{url}\" is not an http:// URL; this server delivers over plain HTTP only"
            )));
        }
        let body = serde_json::to_vec(content).unwrap_or_default();
        let request = http::Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header("X-M2M-Origin", self.originator.as_str())
            .header("X-M2M-RI", rqi)
            .header("X-M2M-RVI", "3")
            .body(Full::new(Bytes::from(body)))
            .map_err(|error| DeliveryError::Unreachable(format!("cannot build a request to {url}: {error}")))?;
        match tokio::time::timeout(timeout, self.client.request(request)).await {
            Err(_) => {
                Err(DeliveryError::Unreachable(format!("no answer from {url} within {} ms", timeout.as_millis())))
            }
            Ok(Err(error)) => Err(DeliveryError::Unreachable(format!("{url}: {error}"))),
            Ok(Ok(response)) => {
                let status = response.status().as_u16();
                if response.status().is_success() { Ok(status) } else { Err(DeliveryError::Status(status)) }
            }
        }
    }

    fn next_rqi(&self, prefix: &str) -> String {
        let n = self.sequence.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        format!("{prefix}-{n}")
    }

    /// A transport for the engine that sends verification requests for real. Call it only from a
    /// thread that may block (e.g. inside `spawn_blocking`).
    pub fn verifier(&self, handle: Handle) -> Verifier {
        Verifier { notifier: self.clone(), handle, answers: Answers::default() }
    }

    /// Queues an event or deletion notification for its target; returns at once.
    pub fn enqueue(&self, notification: OutgoingNotification) {
        let Some(url) = target_url(&notification.target) else {
            self.log_delivery(&notification, "-", "dropped: the target has no http:// address");
            return;
        };
        let Ok(mut queues) = self.queues.lock() else {
            return;
        };
        if queues.len() > 64 {
            // forget the queues of workers that stopped after being idle
            queues.retain(|_, sender| !sender.is_closed());
        }
        let mut notification = notification;
        for _ in 0..2 {
            let sender = queues.entry(url.clone()).or_insert_with(|| {
                let (sender, receiver) = mpsc::channel(QUEUE_PER_TARGET);
                tokio::spawn(self.clone().worker(url.clone(), receiver));
                sender
            });
            match sender.try_send(notification) {
                Ok(()) => return,
                Err(mpsc::error::TrySendError::Full(dropped)) => {
                    self.log_delivery(&dropped, &url, "dropped: too many notifications waiting for this target");
                    return;
                }
                Err(mpsc::error::TrySendError::Closed(back)) => {
                    // the worker stopped after being idle: start a new one
                    queues.remove(&url);
                    notification = back;
                }
            }
        }
    }

    async fn worker(self, url: String, mut receiver: mpsc::Receiver<OutgoingNotification>) {
        loop {
            match tokio::time::timeout(IDLE, receiver.recv()).await {
                Ok(Some(notification)) => self.deliver(&url, &notification).await,
                Ok(None) => return,
                Err(_) => {
                    receiver.close();
                    while let Ok(notification) = receiver.try_recv() {
                        self.deliver(&url, &notification).await;
                    }
                    return;
                }
            }
        }
    }

    async fn deliver(&self, url: &str, notification: &OutgoingNotification) {
        let started = Instant::now();
        let mut backoff = self.policy.first_backoff;
        let attempts = self.policy.attempts.max(1);
        for attempt in 1..=attempts {
            match self.post(url, &notification.rqi, &notification.content, self.policy.attempt_timeout).await {
                Ok(status) => {
                    self.log_timed(notification, url, &format!("delivered: HTTP {status}"), started);
                    return;
                }
                Err(DeliveryError::Status(status)) if (400..500).contains(&status) => {
                    self.log_timed(notification, url, &format!("refused by the target: HTTP {status}"), started);
                    return;
                }
                Err(error) => {
                    if attempt == attempts {
                        let why = match error {
                            DeliveryError::Status(status) => format!("HTTP {status}"),
                            DeliveryError::Unreachable(why) => why,
                        };
                        self.log_timed(
                            notification,
                            url,
                            &format!("given up after {attempts} attempts: {why}"),
                            started,
                        );
                        return;
                    }
                    tokio::time::sleep(backoff).await;
                    backoff = backoff.saturating_mul(2);
                }
            }
        }
    }

    fn log_timed(&self, notification: &OutgoingNotification, url: &str, note: &str, started: Instant) {
        self.log.push(LogEntry::notification(
            url,
            &notification.rqi,
            &format!("{:?} for {}: {note}", notification.kind, notification.subscription),
            started.elapsed(),
        ));
    }

    fn log_delivery(&self, notification: &OutgoingNotification, url: &str, note: &str) {
        self.log_timed(notification, url, note, Instant::now());
    }
}

/// Verification answers by target address, each address's answers in the order they were given.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    by_url: HashMap<String, VecDeque<VerificationOutcome>>,
}

impl Answers {
    /// Records an answer from `url`.
    pub fn push(&mut self, url: &str, outcome: VerificationOutcome) {
        self.by_url.entry(url.to_owned()).or_default().push_back(outcome);
    }

    /// Takes the oldest answer not yet taken from `url`.
    pub fn take(&mut self, url: &str) -> Option<VerificationOutcome> {
        self.by_url.get_mut(url)?.pop_front()
    }

    pub fn is_empty(&self) -> bool {
        self.by_url.values().all(VecDeque::is_empty)
    }
}

/// The [`NotificationTransport`] that really asks: POSTs each verification request and records the
/// answer by target address. It blocks for up to the verification timeout per target, so it runs
/// on a copy of the engine, never under the engine lock.
pub struct Verifier {
    notifier: Notifier,
    handle: Handle,
    pub answers: Answers,
}

impl NotificationTransport for Verifier {
    fn verify(&mut self, target: &NotificationTarget, content: &Value) -> VerificationOutcome {
        let started = Instant::now();
        match target_url(target) {
            None => VerificationOutcome::Unreachable,
            Some(url) => {
                let rqi = self.notifier.next_rqi("verify");
                let timeout = self.notifier.policy.verification_timeout;
                let result = self.handle.block_on(self.notifier.post(&url, &rqi, content, timeout));
                let (outcome, note) = match result {
                    Ok(status) => (VerificationOutcome::Accepted, format!("verification accepted: HTTP {status}")),
                    Err(DeliveryError::Status(status)) => {
                        (VerificationOutcome::Rejected, format!("verification rejected: HTTP {status}"))
                    }
                    Err(DeliveryError::Unreachable(why)) => {
                        (VerificationOutcome::Unreachable, format!("verification failed: {why}"))
                    }
                };
                self.notifier.log.push(LogEntry::notification(&url, &rqi, &note, started.elapsed()));
                self.answers.push(&url, outcome);
                outcome
            }
        }
    }
}

/// The [`NotificationTransport`] used under the engine lock: answers from what a [`Verifier`]
/// recorded, without any IO. A target it has no answer for (the state changed between the two
/// runs, so the real run asks something the first did not) is Unreachable, and remembered in
/// `missed`; whatever it answers is journaled, so a restart replays the same outcome.
#[derive(Debug, Default)]
pub struct Replay {
    answers: Answers,
    pub missed: Vec<String>,
}

impl Replay {
    pub fn new(answers: Answers) -> Self {
        Replay { answers, missed: Vec::new() }
    }
}

impl NotificationTransport for Replay {
    fn verify(&mut self, target: &NotificationTarget, _: &Value) -> VerificationOutcome {
        let Some(url) = target_url(target) else {
            // the Verifier answers the same without asking anyone
            return VerificationOutcome::Unreachable;
        };
        self.answers.take(&url).unwrap_or_else(|| {
            self.missed.push(url);
            VerificationOutcome::Unreachable
        })
    }
}

/// The transport used where no verification can happen (retrievals): answers Unreachable.
#[derive(Debug, Default)]
pub struct NoTransport;

impl NotificationTransport for NoTransport {
    fn verify(&mut self, _: &NotificationTarget, _: &Value) -> VerificationOutcome {
        VerificationOutcome::Unreachable
    }
}
