//! A lab session: the CSE engine running in the page, the simulated clock, and everything the student
//! did, recorded as replayable steps. The engine is deterministic (seeded ids, the caller's clock), so the
//! steps alone reproduce the whole state: they are what is saved, exported and shared.

use std::collections::BTreeMap;

use onem2m_cse::{
    Cse, CseConfig, NotificationKind, NotificationTarget, OutgoingNotification, Request, Response, Timestamp,
    TraceEvent, TraceKind,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// When every lab session starts: Monday 5 January 2026, 09:00 UTC.
pub const LAB_EPOCH_MILLIS: u64 = 1_767_603_600_000;

/// One thing the student (or an exercise's setup) did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "lowercase")]
pub enum Step {
    /// A request sent at `at` (milliseconds since the Unix epoch).
    Send { at: u64, request: Value },
    /// The clock moved forward to `at`.
    Clock { at: u64 },
}

/// Everything needed to rebuild a session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The exercise the session belongs to, if any.
    #[serde(default)]
    pub exercise: Option<String>,
    /// How many of the steps are the exercise's setup (the student's own steps follow).
    #[serde(default)]
    pub setup_steps: usize,
    pub steps: Vec<Step>,
}

/// A notification that reached a simulated AE.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxItem {
    pub at: Timestamp,
    pub subscription: String,
    pub kind: NotificationKind,
    pub content: Value,
}

/// A request and the response it got.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    pub at: Timestamp,
    pub request: Request,
    pub response: Response,
}

/// The running session.
#[derive(Debug, Clone)]
pub struct LabSession {
    pub cse: Cse,
    pub now: Timestamp,
    pub record: SessionRecord,
    /// Every trace event of the session, in order.
    pub trace: Vec<TraceEvent>,
    /// The trace sequence number at which the student's own work starts (after the setup).
    pub student_trace_start: u64,
    /// Notifications delivered to simulated AEs, by AE-ID.
    pub inboxes: BTreeMap<String, Vec<InboxItem>>,
    /// Notifications to URIs outside the page, which a browser cannot deliver.
    pub undelivered: Vec<OutgoingNotification>,
    /// The student's last exchange, shown in the response panel.
    pub last: Option<Exchange>,
    request_counter: u64,
}

/// Why a saved or shared session could not be rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayError(pub String);

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Default for LabSession {
    fn default() -> Self {
        Self::new()
    }
}

impl LabSession {
    /// A fresh CSE (`/id-in`, `cse-in`, admin `CAdmin`) at the lab's epoch.
    pub fn new() -> Self {
        let now = Timestamp::from_millis(LAB_EPOCH_MILLIS);
        let config = CseConfig { trace_capacity: 100_000, ..CseConfig::default() };
        LabSession {
            cse: Cse::new(config, now),
            now,
            record: SessionRecord::default(),
            trace: Vec::new(),
            student_trace_start: 0,
            inboxes: BTreeMap::new(),
            undelivered: Vec::new(),
            last: None,
            request_counter: 0,
        }
    }

    /// Rebuilds a session from its record. Malformed steps are an error, never a panic.
    pub fn replay(record: &SessionRecord) -> Result<Self, ReplayError> {
        let mut session = LabSession::new();
        session.record.exercise = record.exercise.clone();
        for (index, step) in record.steps.iter().enumerate() {
            if index == record.setup_steps {
                session.mark_student_start();
            }
            match step {
                Step::Send { at, request } => {
                    if *at < session.now.as_millis() {
                        return Err(ReplayError(format!("step {} goes back in time", index + 1)));
                    }
                    let request = Request::from_value(request.clone())
                        .map_err(|error| ReplayError(format!("step {} is not a oneM2M request: {error}", index + 1)))?;
                    session.now = Timestamp::from_millis(*at);
                    session.send(request);
                }
                Step::Clock { at } => {
                    if *at < session.now.as_millis() {
                        return Err(ReplayError(format!("step {} moves the clock backwards", index + 1)));
                    }
                    session.set_clock(Timestamp::from_millis(*at));
                }
            }
        }
        if record.setup_steps >= record.steps.len() {
            session.mark_student_start();
        }
        session.record.setup_steps = record.setup_steps.min(record.steps.len());
        Ok(session)
    }

    /// From here on, steps and trace events are the student's.
    pub fn mark_student_start(&mut self) {
        self.record.setup_steps = self.record.steps.len();
        self.student_trace_start = self.trace.last().map(|event| event.sequence + 1).unwrap_or(0);
    }

    /// Sends a request at the current time; gives it a request identifier when it has none.
    pub fn send(&mut self, mut request: Request) -> Response {
        self.request_counter += 1;
        if request.rqi.trim().is_empty() {
            request.rqi = format!("lab-{}", self.request_counter);
        }
        self.record.steps.push(Step::Send { at: self.now.as_millis(), request: request.to_json() });
        let response = self.cse.handle_request(request.clone(), self.now);
        self.collect();
        self.last = Some(Exchange { at: self.now, request, response: response.clone() });
        response
    }

    /// Moves the simulated clock forward by `seconds` (expiry runs; time-window policies see the new time).
    pub fn advance(&mut self, seconds: u64) {
        let to = self.now.plus_seconds(seconds);
        self.set_clock(to);
        self.record.steps.push(Step::Clock { at: to.as_millis() });
    }

    fn set_clock(&mut self, to: Timestamp) {
        self.now = to;
        self.cse.advance(to);
        self.collect();
    }

    /// Moves what the engine produced into the session: trace events and notifications.
    fn collect(&mut self) {
        while let Some(event) = self.cse.poll_trace() {
            self.trace.push(event);
        }
        while let Some(notification) = self.cse.poll_notifications() {
            match &notification.target {
                NotificationTarget::Ae { aei, .. } => self.inboxes.entry(aei.clone()).or_default().push(InboxItem {
                    at: notification.at,
                    subscription: notification.subscription.clone(),
                    kind: notification.kind,
                    content: notification.content.clone(),
                }),
                NotificationTarget::Uri(_) => self.undelivered.push(notification),
            }
        }
    }

    /// The trace events of the student's own work.
    pub fn student_trace(&self) -> impl Iterator<Item = &TraceEvent> {
        self.trace.iter().filter(move |event| event.sequence >= self.student_trace_start)
    }

    /// The student's exchanges (request with its response), in order; group fan-out sub-requests excluded.
    pub fn student_exchanges(&self) -> Vec<(Request, Response)> {
        let mut pending: BTreeMap<String, Request> = BTreeMap::new();
        let mut exchanges = Vec::new();
        for event in self.student_trace().filter(|event| event.depth == 0) {
            match &event.kind {
                TraceKind::Request(request) => {
                    pending.insert(request.rqi.clone(), (**request).clone());
                }
                TraceKind::Response(response) => {
                    if let Some(request) = pending.remove(&response.rqi) {
                        exchanges.push((request, (**response).clone()));
                    }
                }
                _ => {}
            }
        }
        exchanges
    }

    /// The resource an address points at, if it exists.
    pub fn resolve(&self, address: &str) -> Option<String> {
        self.cse.resolve_address(address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use onem2m_cse::ResponseStatusCode;
    use serde_json::json;

    fn register(session: &mut LabSession, name: &str) -> String {
        let response = session.send(Request::create(
            "cse-in",
            "C",
            2,
            json!({"m2m:ae": {"rn": name, "api": "Nlab", "rr": true, "srv": ["3"], "poa": [format!("sim://{name}")]}}),
        ));
        assert_eq!(response.rsc, ResponseStatusCode::Created, "{response:?}");
        response.attribute("aei").and_then(Value::as_str).expect("aei").to_owned()
    }

    #[test]
    fn the_epoch_is_a_monday_morning() {
        assert_eq!(Timestamp::from_millis(LAB_EPOCH_MILLIS).to_onem2m_seconds(), "20260105T090000");
    }

    #[test]
    fn replaying_the_record_rebuilds_the_same_state() {
        let mut session = LabSession::new();
        let aei = register(&mut session, "lamp");
        session.advance(60);
        session.send(Request::create("cse-in/lamp", &aei, 3, json!({"m2m:cnt": {"rn": "state", "mni": 2}})));
        let replayed = LabSession::replay(&session.record).expect("replays");
        assert_eq!(replayed.cse.snapshot(), session.cse.snapshot());
        assert_eq!(replayed.now, session.now);
        assert_eq!(replayed.trace.len(), session.trace.len());
    }

    #[test]
    fn notifications_reach_the_simulated_ae_inbox() {
        let mut session = LabSession::new();
        let aei = register(&mut session, "lamp");
        session.send(Request::create("cse-in/lamp", &aei, 3, json!({"m2m:cnt": {"rn": "state"}})));
        let subscribed = session.send(Request::create(
            "cse-in/lamp/state",
            &aei,
            23,
            json!({"m2m:sub": {"rn": "watch", "nu": [aei.clone()], "enc": {"net": [3]}}}),
        ));
        assert_eq!(subscribed.rsc, ResponseStatusCode::Created, "{subscribed:?}");
        session.send(Request::create("cse-in/lamp/state", &aei, 4, json!({"m2m:cin": {"con": "on"}})));
        let inbox = session.inboxes.get(&aei).expect("an inbox");
        assert_eq!(inbox.len(), 1, "{inbox:?}");
        assert_eq!(inbox[0].kind, NotificationKind::Event);
    }

    #[test]
    fn malformed_records_are_errors() {
        let record = SessionRecord {
            exercise: None,
            setup_steps: 0,
            steps: vec![Step::Send { at: LAB_EPOCH_MILLIS, request: json!({"op": 99}) }],
        };
        assert!(LabSession::replay(&record).expect_err("bad op").0.contains("step 1 is not a oneM2M request"));
        let record = SessionRecord { exercise: None, setup_steps: 0, steps: vec![Step::Clock { at: 5 }] };
        assert!(LabSession::replay(&record).expect_err("backwards").0.contains("backwards"));
    }

    #[test]
    fn the_student_trace_starts_after_the_setup() {
        let mut session = LabSession::new();
        register(&mut session, "setup");
        session.mark_student_start();
        session.send(Request::retrieve("cse-in", "CAdmin"));
        let exchanges = session.student_exchanges();
        assert_eq!(exchanges.len(), 1);
        assert_eq!(exchanges[0].0.to, "cse-in");
        let replayed = LabSession::replay(&session.record).expect("replays");
        assert_eq!(replayed.student_exchanges().len(), 1, "the setup boundary survives a replay");
    }
}
