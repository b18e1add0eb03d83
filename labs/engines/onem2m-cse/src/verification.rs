//! Subscription verification as handle/poll (quinn-proto style): the core never waits.
//!
//! [`Cse::submit`] handles a request like [`Cse::handle_request`], except that a Create or Update
//! of a subscription whose notification targets must be verified does not ask a transport: it
//! stays pending ([`Submission::Pending`]), its verification requests come out of
//! [`Cse::poll_verification`], the shell delivers them and hands each answer to
//! [`Cse::handle_verification`]; when every target has answered (or one refused, or the deadline
//! of [`VERIFICATION_TIMEOUT_SECONDS`] passed in [`Cse::advance`]) the request is completed and its
//! response comes out of [`Cse::poll_completed`].
//!
//! While pending nothing of the subscription is in the tree; its resource ID is reserved (it is
//! the `sur` of the verification requests) and used when the request completes. The request runs
//! its checks again at completion, against the tree as it is then. Pending requests are part of
//! snapshots, so a journal of `submit` / `handle_verification` / `advance` calls replays exactly.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cse::{Cse, Failure};
use crate::notification::{NotificationTarget, NotificationTransport, VerificationOutcome};
use crate::primitive::{Request, Response};
use crate::status::ResponseStatusCode as Rsc;
use crate::time::Timestamp;
use crate::trace::TraceKind;

/// How long a pending verification waits for answers; unanswered targets then count as unreachable.
pub const VERIFICATION_TIMEOUT_SECONDS: u64 = 30;

/// Names a pending request (from [`Cse::submit`]) in [`Cse::handle_verification`] and
/// [`Cse::poll_completed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PendingId(pub u64);

/// What [`Cse::submit`] did with a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Submission {
    /// Handled: here is the response.
    Answered(Box<Response>),
    /// Waiting for verification answers; the response comes out of [`Cse::poll_completed`].
    Pending(PendingId),
}

/// A verification request (`m2m:sgn` with `vrq: true`) for the shell to deliver.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerificationRequest {
    pub pending: PendingId,
    /// The notification URI as the subscription names it (pass it back to `handle_verification`).
    pub nu: String,
    pub target: NotificationTarget,
    /// `{"m2m:sgn": {"vrq": true, "sur": ..., "cr": ...}}`
    pub content: Value,
    /// The notify request's identifier.
    pub rqi: String,
    /// After this instant an unanswered target counts as unreachable.
    pub deadline: Timestamp,
}

/// One target of a pending verification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PendingTarget {
    pub nu: String,
    pub target: NotificationTarget,
    pub content: Value,
    pub rqi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<VerificationOutcome>,
    /// Whether `poll_verification` handed it out (not saved: a restored CSE emits it again).
    #[serde(skip)]
    pub sent: bool,
}

/// A request waiting for verification answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PendingRequest {
    pub id: PendingId,
    pub request: Request,
    pub deadline: Timestamp,
    /// The subscription's resource ID, named as `sur` in the verification requests.
    pub reserved_ri: String,
    pub targets: Vec<PendingTarget>,
}

/// Answers verifications from the recorded outcomes when a pending request completes.
struct RecordedOutcomes<'a>(&'a [PendingTarget]);

impl NotificationTransport for RecordedOutcomes<'_> {
    fn verify(&mut self, target: &NotificationTarget, _content: &Value) -> VerificationOutcome {
        self.0
            .iter()
            .find(|pending| &pending.target == target)
            .and_then(|pending| pending.outcome)
            .unwrap_or(VerificationOutcome::Unreachable)
    }
}

/// Verification requests collected while a submitted request runs (they make it pending).
#[derive(Debug, Clone, Default)]
pub(crate) struct Collected {
    pub subscription: String,
    pub targets: Vec<PendingTarget>,
}

impl Failure {
    /// The request waits for verification answers: `submit` makes it pending. (Should it ever be
    /// answered as such, 5204 is what it would mean.)
    pub(crate) fn waiting() -> Failure {
        Failure {
            rsc: Rsc::SubscriptionVerificationInitiationFailed,
            message: "the notification targets have not answered the verification requests".into(),
            waiting: true,
        }
    }
}

impl Cse {
    /// Handles one request without waiting: a subscription whose targets need verification
    /// stays pending (see the module documentation); anything else is answered at once.
    pub fn submit(&mut self, request: Request, now: Timestamp) -> Submission {
        self.advance(now);
        self.depth = 0;
        self.record(now, TraceKind::Request(Box::new(request.clone())));
        self.collecting = Some(Collected::default());
        let result = self.process(&request, now, &mut crate::notification::SimulatedTransport);
        let collected = self.collecting.take().unwrap_or_default();
        if collected.targets.is_empty() {
            return Submission::Answered(Box::new(self.finish(&request, result, now)));
        }
        self.pending_sequence += 1;
        let id = PendingId(self.pending_sequence);
        self.pending.push(PendingRequest {
            id,
            request,
            deadline: now.plus_seconds(VERIFICATION_TIMEOUT_SECONDS),
            reserved_ri: collected.subscription,
            targets: collected.targets,
        });
        Submission::Pending(id)
    }

    /// The next verification request to deliver, oldest first.
    pub fn poll_verification(&mut self) -> Option<VerificationRequest> {
        for pending in &mut self.pending {
            if let Some(target) = pending.targets.iter_mut().find(|t| !t.sent && t.outcome.is_none()) {
                target.sent = true;
                return Some(VerificationRequest {
                    pending: pending.id,
                    nu: target.nu.clone(),
                    target: target.target.clone(),
                    content: target.content.clone(),
                    rqi: target.rqi.clone(),
                    deadline: pending.deadline,
                });
            }
        }
        None
    }

    /// A target's answer to a verification request. When every target of the request has
    /// answered, or this one did not accept, the request completes ([`Cse::poll_completed`]).
    /// An answer for an unknown request or target is ignored (it came too late).
    pub fn handle_verification(&mut self, pending: PendingId, nu: &str, outcome: VerificationOutcome, now: Timestamp) {
        self.advance(now);
        let Some(index) = self.pending.iter().position(|p| p.id == pending) else {
            return;
        };
        let Some(target) = self.pending[index].targets.iter_mut().find(|t| t.nu == nu && t.outcome.is_none()) else {
            return;
        };
        target.outcome = Some(outcome);
        let entry = &self.pending[index];
        let settled = outcome != VerificationOutcome::Accepted || entry.targets.iter().all(|t| t.outcome.is_some());
        if settled {
            let entry = self.pending.remove(index);
            self.complete(entry, now);
        }
    }

    /// The response to a request that was pending, once it completed.
    pub fn poll_completed(&mut self) -> Option<(PendingId, Response)> {
        self.completed.pop_front()
    }

    /// Requests waiting for verification answers.
    pub fn pending_count(&self) -> usize {
        self.pending.len()
    }

    /// Completes pending requests whose deadline passed (unanswered targets are unreachable).
    pub(crate) fn expire_pending(&mut self, now: Timestamp) {
        while let Some(index) = self.pending.iter().position(|p| p.deadline <= now) {
            let entry = self.pending.remove(index);
            self.complete(entry, now);
        }
    }

    /// The earliest deadline of a pending request.
    pub(crate) fn next_pending_deadline(&self) -> Option<Timestamp> {
        self.pending.iter().map(|p| p.deadline).min()
    }

    /// Runs a pending request again with its recorded answers and queues its response.
    fn complete(&mut self, entry: PendingRequest, now: Timestamp) {
        for target in &entry.targets {
            let outcome = target.outcome.unwrap_or(VerificationOutcome::Unreachable);
            self.record(now, TraceKind::Verification { target: target.nu.clone(), outcome });
        }
        self.depth = 0;
        self.reserved_ri = Some(entry.reserved_ri.clone());
        self.replaying_verification = true;
        let result = self.process(&entry.request, now, &mut RecordedOutcomes(&entry.targets));
        self.replaying_verification = false;
        self.reserved_ri = None;
        let response = self.finish(&entry.request, result, now);
        self.completed.push_back((entry.id, response));
    }
}
