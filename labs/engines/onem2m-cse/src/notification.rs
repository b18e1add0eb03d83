//! Notifications the CSE sends (`m2m:sgn`) and the transport that answers verification requests.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::time::Timestamp;

/// Where a notification goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationTarget {
    /// An AE registered with this CSE, reached through its point of access (`poa`).
    Ae { aei: String, poa: Vec<String> },
    /// Any other notification URI (e.g. `http://host:port/path`), delivered by the shell.
    Uri(String),
}

impl NotificationTarget {
    /// The address to send to: the AE's first `poa`, or the URI.
    pub fn address(&self) -> Option<&str> {
        match self {
            NotificationTarget::Ae { poa, .. } => poa.first().map(String::as_str),
            NotificationTarget::Uri(uri) => Some(uri),
        }
    }
}

/// What kind of notification it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NotificationKind {
    /// `vrq: true`, sent while creating a subscription (answered synchronously by the transport).
    Verification,
    /// `nev {rep, net}`: something happened to the subscribed-to resource.
    Event,
    /// `sud: true`: the subscription was deleted.
    SubscriptionDeleted,
}

/// A notification for the shell to deliver (`poll_notifications`) or one already verified
/// synchronously (seen in the trace).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutgoingNotification {
    /// When the CSE sent it (the caller's clock).
    pub at: Timestamp,
    pub target: NotificationTarget,
    /// The ri of the subscription that caused it.
    pub subscription: String,
    pub kind: NotificationKind,
    /// The notify request's identifier.
    pub rqi: String,
    /// `{"m2m:sgn": {...}}`
    pub content: Value,
}

/// The answer of a notification target to a verification request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerificationOutcome {
    Accepted,
    Rejected,
    Unreachable,
}

/// Answers verification requests synchronously while a subscription is created.
pub trait NotificationTransport {
    /// Delivers the verification request `content` (`{"m2m:sgn": {"vrq": true, ...}}`) to `target`.
    fn verify(&mut self, target: &NotificationTarget, content: &Value) -> VerificationOutcome;
}

impl<F> NotificationTransport for F
where
    F: FnMut(&NotificationTarget, &Value) -> VerificationOutcome,
{
    fn verify(&mut self, target: &NotificationTarget, content: &Value) -> VerificationOutcome {
        self(target, content)
    }
}

/// The transport used by [`crate::Cse::handle_request`]: registered AEs are simulated and accept
/// when they have a `poa` (unreachable without one); other URIs are accepted, their
/// notifications go out through the queue.
#[derive(Debug, Clone, Copy, Default)]
pub struct SimulatedTransport;

impl NotificationTransport for SimulatedTransport {
    fn verify(&mut self, target: &NotificationTarget, _content: &Value) -> VerificationOutcome {
        match target {
            NotificationTarget::Ae { poa, .. } if poa.is_empty() => VerificationOutcome::Unreachable,
            _ => VerificationOutcome::Accepted,
        }
    }
}
