//! A conversation with one CSE and a manual clock (in the spirit of quinn-proto's test `Pair`).

use onem2m_cse::{
    Cse, CseConfig, NotificationTransport, OutgoingNotification, Request, Response, ResponseStatusCode, Timestamp,
    TraceEvent,
};
use serde_json::{Value, json};

pub use onem2m_cse::ResponseStatusCode as Rsc;

pub const ADMIN: &str = "CAdmin";

pub struct Conversation {
    pub cse: Cse,
    pub now: Timestamp,
    counter: u64,
}

impl Conversation {
    /// A CSE with the default configuration; the clock reads 2026-11-25T12:00:00Z (a Wednesday).
    pub fn new() -> Self {
        Self::with_config(CseConfig::default())
    }

    pub fn with_config(config: CseConfig) -> Self {
        let now = Timestamp::parse_onem2m("20261125T120000").expect("valid time");
        Conversation { cse: Cse::new(config, now), now, counter: 0 }
    }

    /// Moves the clock forward.
    pub fn tick(&mut self, seconds: u64) {
        self.now = self.now.plus_seconds(seconds);
    }

    /// Sends a request (with a fresh rqi) and returns the response.
    pub fn send(&mut self, mut request: Request) -> Response {
        self.counter += 1;
        if request.rqi.is_empty() {
            request.rqi = format!("rqi-{}", self.counter);
        }
        let rqi = request.rqi.clone();
        let response = self.cse.handle_request(request, self.now);
        assert_eq!(response.rqi, rqi, "the response echoes rqi");
        response
    }

    /// Sends a request with a custom verification transport.
    pub fn send_with(&mut self, request: Request, transport: &mut dyn NotificationTransport) -> Response {
        self.cse.handle_request_with(request, self.now, transport)
    }

    /// Sends a request and asserts the status code.
    #[track_caller]
    pub fn expect(&mut self, request: Request, rsc: ResponseStatusCode) -> Response {
        let description = format!("{} {} as {:?}", request.op, request.to, request.fr);
        let response = self.send(request);
        assert_eq!(response.rsc, rsc, "{description}: {:?}", response.debug_message());
        response
    }

    /// Registers an AE named `rn` with the given originator ("C" for an assigned AE-ID), with a poa.
    #[track_caller]
    pub fn register(&mut self, rn: &str, originator: &str) -> String {
        let response = self.expect(
            Request::create(
                "cse-in",
                originator,
                2,
                json!({"m2m:ae": {"rn": rn, "api": format!("N{rn}"), "rr": true, "srv": ["3"], "poa": [format!("http://{rn}.example:8080")]}}),
            ),
            Rsc::Created,
        );
        response.attribute("aei").and_then(Value::as_str).expect("aei in the response").to_owned()
    }

    /// Creates a resource and returns its ri.
    #[track_caller]
    pub fn create(&mut self, to: &str, originator: &str, ty: u32, pc: Value) -> String {
        let response = self.expect(Request::create(to, originator, ty, pc), Rsc::Created);
        response.attribute("ri").and_then(Value::as_str).expect("ri in the response").to_owned()
    }

    pub fn notifications(&mut self) -> Vec<OutgoingNotification> {
        std::iter::from_fn(|| self.cse.poll_notifications()).collect()
    }

    pub fn trace(&mut self) -> Vec<TraceEvent> {
        std::iter::from_fn(|| self.cse.poll_trace()).collect()
    }
}

/// The `m2m:uril` list of a discovery response.
pub fn uri_list(response: &Response) -> Vec<String> {
    response
        .pc
        .as_ref()
        .and_then(|pc| pc.get("m2m:uril"))
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// A policy body with one `pv` rule and admin-only `pvs`.
pub fn policy(rn: &str, acor: &[&str], acop: u32) -> Value {
    json!({"m2m:acp": {"rn": rn, "pv": {"acr": [{"acor": acor, "acop": acop}]}, "pvs": {"acr": [{"acor": [ADMIN], "acop": 63}]}}})
}
