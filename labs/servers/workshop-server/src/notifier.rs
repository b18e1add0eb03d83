//! Real notifications: `m2m:sgn` POSTed over HTTP to notification URIs and AE points of access.
//!
//! Verification requests come out of the engine (`Cse::poll_verification`) while a subscription's
//! Create or Update is pending; [`Notifier::verify`] POSTs each with a short timeout, outside the
//! engine lock: a 2xx answer is Accepted, any other status Rejected, a refused connection or a
//! timeout Unreachable. The server hands the outcome back with `Cse::handle_verification`. Event notifications are
//! queued per target address and delivered by one task per target, in order, with a timeout per
//! attempt and a few retries with backoff; a slow or dead target only delays its own queue.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use http::{HeaderValue, Method, Uri, header};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use onem2m_cse::{NotificationTarget, OutgoingNotification, VerificationOutcome, VerificationRequest};
use serde_json::Value;
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
        Notifier { client, originator, policy, queues: Arc::default(), log }
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

    /// Delivers one verification request the engine emitted (`Cse::poll_verification`), with the
    /// verification timeout, and says what the target answered. Never called under the engine lock.
    pub async fn verify(&self, request: &VerificationRequest) -> VerificationOutcome {
        let started = Instant::now();
        let Some(url) = target_url(&request.target) else {
            return VerificationOutcome::Unreachable;
        };
        let timeout = self.policy.verification_timeout;
        let (outcome, note) = outcome_of(self.post(&url, &request.rqi, &request.content, timeout).await);
        self.log.push(LogEntry::notification(&url, &request.rqi, &note, started.elapsed()));
        outcome
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

/// What a verification POST's result means: a 2xx answer is Accepted, any other status Rejected,
/// a refused connection or a timeout Unreachable.
fn outcome_of(result: Result<u16, DeliveryError>) -> (VerificationOutcome, String) {
    match result {
        Ok(status) => (VerificationOutcome::Accepted, format!("verification accepted: HTTP {status}")),
        Err(DeliveryError::Status(status)) => {
            (VerificationOutcome::Rejected, format!("verification rejected: HTTP {status}"))
        }
        Err(DeliveryError::Unreachable(why)) => {
            (VerificationOutcome::Unreachable, format!("verification failed: {why}"))
        }
    }
}
