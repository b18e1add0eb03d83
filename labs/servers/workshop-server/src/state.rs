//! The server's state and its access checks: the engine behind one lock with its journal, what
//! every handler shares ([`AppState`]), and who may see the host's pages. `server.rs` (routing,
//! the CSE handler) and `live.rs` (the live view) both build on this module; neither imports the
//! other.
//!
//! The engine is driven handle/poll: [`Engine::submit`] hands a request to `Cse::submit`; a
//! subscription whose targets must be verified stays pending, its verification requests come out
//! of `Cse::poll_verification` and are POSTed by the caller outside the lock; each answer comes back
//! through [`Engine::answer`] (`Cse::handle_verification`), and the pending request's response,
//! out of `Cse::poll_completed`, goes to the handler waiting for it. [`Engine::tick`] is called
//! when the timer armed from `Cse::poll_timeout` fires (`Cse::advance`). Each of the three is
//! journaled before anything it caused goes out, so a restart replays it exactly and sends nothing
//! again.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::response::Response as HttpResponse;
use http::StatusCode;
use onem2m_cse::{
    Cse, Operation, PendingId, Request, Response, ResponseStatusCode, Submission, Timestamp, VerificationOutcome,
    VerificationRequest,
};
use tokio::sync::{Mutex, Notify, oneshot};

use crate::commit::Committer;
use crate::config::ServerConfig;
use crate::guard::Guard;
use crate::log::RequestLog;
use crate::notifier::Notifier;
use crate::store::{Event, RecordedAnswer, Store};
use crate::tls::Secure;

/// The wall clock in milliseconds since the epoch.
pub(crate) fn wall_clock() -> Timestamp {
    Timestamp::from_millis(
        SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis().try_into().unwrap_or(u64::MAX)).unwrap_or(0),
    )
}

/// The answer to a request that was pending, and the journal sequence number that must be on disk
/// before it goes out.
pub(crate) type Completed = (Response, u64);

/// How a submitted request is answered.
#[derive(Debug)]
pub(crate) enum Reply {
    Now(Box<Response>),
    /// Pending verification: the answer arrives here.
    Later(oneshot::Receiver<Completed>),
}

/// What one step of the engine gives: the reply (for a request), the journal sequence number that
/// must be on disk before anything it caused goes out (its notifications are held by the
/// [`Committer`] until then), and the verification requests to deliver.
#[derive(Debug)]
pub(crate) struct Step {
    pub(crate) reply: Reply,
    pub(crate) durable_at: u64,
    pub(crate) verifications: Vec<VerificationRequest>,
    /// `Cse::poll_timeout` changed: the timer must be armed again
    pub(crate) rearm: bool,
}

/// The engine and its journal: one writer at a time.
#[derive(Debug)]
pub(crate) struct Engine {
    pub(crate) cse: Cse,
    pub(crate) store: Store,
    pub(crate) clock: Timestamp,
    pub(crate) snapshot_every: u64,
    /// set when the journal could not be written: the server refuses further writes
    pub(crate) broken: Option<String>,
    /// makes the journal durable outside the lock (group commit)
    pub(crate) committer: Arc<Committer>,
    /// the handlers waiting for pending requests' answers
    pub(crate) waiters: HashMap<PendingId, oneshot::Sender<Completed>>,
    /// `Cse::poll_timeout` when the timer was last told (a request that leaves it alone does not
    /// wake the timer)
    pub(crate) armed: Option<Timestamp>,
}

impl Engine {
    /// The engine clock: the wall clock, never going backwards.
    pub(crate) fn now(&mut self) -> Timestamp {
        self.clock = self.clock.max(wall_clock());
        self.clock
    }

    /// Whether writes are refused (the journal cannot be written): the timer then has nothing to do.
    pub(crate) fn refusing(&self) -> bool {
        self.refusal().is_some()
    }

    /// Why writes are refused, if they are.
    fn refusal(&self) -> Option<String> {
        self.broken.clone().or_else(|| self.committer.failure().cloned())
    }

    /// Submits one request. A request that may have changed state is written to the journal before
    /// this returns. `Cse::submit` does no IO: the lock is held.
    pub(crate) fn submit(&mut self, request: Request) -> Step {
        let answer_now = |response: Response, durable_at: u64| Step {
            reply: Reply::Now(Box::new(response)),
            durable_at,
            verifications: Vec::new(),
            rearm: false,
        };
        if request.op != Operation::Retrieve
            && let Some(reason) = self.refusal()
        {
            let mut response = Response::error(
                ResponseStatusCode::InternalServerError,
                format!("the server cannot store changes any more ({reason}); ask the host to restart it"),
            );
            response.rqi = request.rqi.clone();
            return answer_now(response, 0);
        }
        let now = self.now();
        let before = (self.cse.resource_count(), self.cse.pending_count());
        let submission = self.cse.submit(request.clone(), now);
        let reply = match submission {
            Submission::Answered(response) => Reply::Now(response),
            Submission::Pending(id) => {
                let (sender, receiver) = oneshot::channel();
                self.waiters.insert(id, sender);
                Reply::Later(receiver)
            }
        };
        // a retrieval changes nothing unless time expired something or it notified (net 5)
        let always = request.op != Operation::Retrieve;
        match self.settle(now, Event::Request(&request), always, before) {
            Ok((durable_at, verifications)) => {
                let due = self.cse.poll_timeout();
                let rearm = due != self.armed;
                self.armed = due;
                Step { reply, durable_at, verifications, rearm }
            }
            Err(reason) => {
                let mut failed = Response::error(
                    ResponseStatusCode::InternalServerError,
                    format!("the change could not be stored ({reason}); it may be lost at restart"),
                );
                failed.rqi = request.rqi.clone();
                answer_now(failed, 0)
            }
        }
    }

    /// A target's answer to a verification request (`Cse::handle_verification`), journaled.
    /// Returns the journal sequence number to wait for before releasing what it caused, and any
    /// further verification requests.
    pub(crate) fn answer(
        &mut self,
        request: &VerificationRequest,
        outcome: VerificationOutcome,
    ) -> (u64, Vec<VerificationRequest>) {
        if self.refusal().is_some() {
            // the pending request completes at its deadline (not journaled either way)
            return (0, Vec::new());
        }
        let now = self.now();
        let before = (self.cse.resource_count(), self.cse.pending_count());
        self.cse.handle_verification(request.pending, &request.nu, outcome, now);
        let recorded = RecordedAnswer { pending: request.pending.0, nu: request.nu.clone(), outcome: outcome.into() };
        let settled = self.settle(now, Event::Answer(&recorded), true, before).unwrap_or_default();
        // the caller wakes the timer, which reads poll_timeout again
        self.armed = self.cse.poll_timeout();
        settled
    }

    /// Called when the timer armed from `Cse::poll_timeout` fires: brings the engine to now
    /// (`Cse::advance`: expiry with its notifications, verification deadlines) when something is
    /// due, journaled. `None` when nothing was due (the timer was stale).
    pub(crate) fn tick(&mut self) -> Option<(u64, Vec<VerificationRequest>)> {
        let now = self.now();
        if self.refusal().is_some() || self.cse.poll_timeout().is_none_or(|due| due > now) {
            return None;
        }
        let before = (self.cse.resource_count(), self.cse.pending_count());
        self.cse.advance(now);
        let settled = self.settle(now, Event::Advance, true, before).ok();
        // the timer reads poll_timeout again right after this
        self.armed = self.cse.poll_timeout();
        settled
    }

    /// After one engine call: collects its notifications, writes `event` to the journal when
    /// anything may have changed (`always`, or something visibly did), holds the notifications
    /// until that line is on disk, hands completed answers to their waiters and returns the
    /// verification requests to deliver.
    fn settle(
        &mut self,
        now: Timestamp,
        event: Event<'_>,
        always: bool,
        before: (usize, usize),
    ) -> Result<(u64, Vec<VerificationRequest>), String> {
        let mut notifications = Vec::new();
        while let Some(notification) = self.cse.poll_notifications() {
            notifications.push(notification);
        }
        while self.cse.poll_trace().is_some() {}
        let mut completed = Vec::new();
        while let Some(done) = self.cse.poll_completed() {
            completed.push(done);
        }
        let changed = always
            || !notifications.is_empty()
            || !completed.is_empty()
            || before != (self.cse.resource_count(), self.cse.pending_count());
        if changed {
            match self.store.write(now, event) {
                Ok(seq) => {
                    self.committer.written(seq);
                    self.committer.hold(seq, notifications);
                }
                Err(error) => {
                    let reason = format!("writing the journal failed: {error}");
                    eprintln!("workshop-server: {reason}");
                    self.broken = Some(reason.clone());
                    return Err(reason);
                }
            }
            if self.store.entries_since_snapshot() >= self.snapshot_every.max(1) {
                self.compact();
            }
        }
        let durable_at = self.store.last_seq();
        for (id, response) in completed {
            if let Some(waiter) = self.waiters.remove(&id) {
                // the handler may have gone (the client disconnected): nothing to answer then
                let _ = waiter.send((response, durable_at));
            }
        }
        let mut verifications = Vec::new();
        while let Some(request) = self.cse.poll_verification() {
            verifications.push(request);
        }
        Ok((durable_at, verifications))
    }

    /// At startup: requests that were pending when the server stopped (restored from the snapshot
    /// or the journal) were never answered, and their clients are gone. Like a torn journal line,
    /// they are not applied: each target is recorded as unreachable (journaled), which completes
    /// them as 5204, and nothing is sent. Returns how many verification requests were dropped.
    pub(crate) fn abandon_pending(&mut self) -> usize {
        let mut requests = Vec::new();
        while let Some(request) = self.cse.poll_verification() {
            requests.push(request);
        }
        for request in &requests {
            // a request already completed by an earlier target's answer ignores the later ones
            let _ = self.answer(request, VerificationOutcome::Unreachable);
        }
        requests.len()
    }

    pub(crate) fn compact(&mut self) {
        let now = self.clock;
        if let Err(error) = self.store.compact(&self.cse, now) {
            // the journal still holds everything: keep going, try again later
            eprintln!("workshop-server: compaction failed: {error:#}");
        }
    }
}

/// Shared by every handler.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) engine: Arc<Mutex<Engine>>,
    pub(crate) notifier: Notifier,
    pub(crate) log: RequestLog,
    pub(crate) config: Arc<ServerConfig>,
    pub(crate) guard: Arc<Guard>,
    pub(crate) committer: Arc<Committer>,
    /// wakes the expiry timer to re-read `Cse::poll_timeout` after the engine changed
    pub(crate) timer: Arc<Notify>,
    /// secure mode (`--tls`): the workshop CA and the credentials bound to originators
    pub(crate) secure: Option<Arc<Secure>>,
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
