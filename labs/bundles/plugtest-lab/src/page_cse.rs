//! The CSE in the page, spoken to as over the oneM2M HTTP binding: a [`WireRequest`] becomes a
//! request primitive for the `onem2m-cse` engine (with the ontology engine for semantic discovery
//! and semantic query), its response becomes a [`WireResponse`] with the TS-0009 status mapping.
//! Notifications (verification requests included) are handed to the test system's receiver.
//!
//! The faulty variant has one deliberate defect, for the lab's "find the defect" exercise: its
//! discovery ignores access control (it answers every discovery as if the administrator asked).

use onem2m_cse::{Cse, CseConfig, FilterCriteria, NotificationTarget, Request, Timestamp, VerificationOutcome};
use plugtest::{WireRequest, WireResponse};
use serde_json::{Value, json};

/// The clock the page's CSE starts at (the engine takes time as an argument; each request adds a second).
const LAB_EPOCH: &str = "20261205T090000";

/// Where the test system receives notifications when it runs against the page's CSE.
pub const PAGE_NOTIFY_URL: &str = "http://test-system.example/notify";

/// Which CSE the page runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Conforming,
    /// Discovery ignores access control.
    Faulty,
}

#[derive(Debug, Clone)]
pub struct PageCse {
    cse: Cse,
    now: Timestamp,
    flavour: Flavour,
    admin: String,
}

/// Collects the verification requests the engine sends, and accepts them.
struct Receiver<'a>(&'a mut Vec<String>);

impl onem2m_cse::NotificationTransport for Receiver<'_> {
    fn verify(&mut self, target: &NotificationTarget, content: &Value) -> VerificationOutcome {
        match target {
            NotificationTarget::Uri(uri) if uri == PAGE_NOTIFY_URL => {
                self.0.push(content.to_string());
                VerificationOutcome::Accepted
            }
            NotificationTarget::Uri(_) => VerificationOutcome::Unreachable,
            NotificationTarget::Ae { poa, .. } if poa.is_empty() => VerificationOutcome::Unreachable,
            NotificationTarget::Ae { .. } => VerificationOutcome::Accepted,
        }
    }
}

fn bad_request(request: &WireRequest, message: &str) -> WireResponse {
    WireResponse {
        status: 400,
        headers: vec![
            ("X-M2M-RSC".into(), "4000".into()),
            ("X-M2M-RI".into(), request.header("X-M2M-RI").unwrap_or("").to_owned()),
        ],
        body: json!({ "m2m:dbg": message }).to_string(),
    }
}

fn apply_query(query: &[(String, String)], request: &mut Request) -> Result<(), String> {
    let mut fc = FilterCriteria::default();
    let mut has_fc = false;
    let number = |key: &str, value: &str| -> Result<u32, String> {
        value.trim().parse().map_err(|_| format!("query parameter {key}=\"{value}\" is not a number"))
    };
    for (key, value) in query {
        match key.as_str() {
            "rcn" => request.rcn = Some(number(key, value)?),
            "drt" => request.drt = Some(number(key, value)?),
            "sqi" => request.sqi = Some(matches!(value.as_str(), "true" | "1")),
            "fu" => fc.fu = Some(number(key, value)?),
            "lim" => fc.lim = Some(number(key, value)?.into()),
            "lvl" => fc.lvl = Some(number(key, value)?.into()),
            "smf" => fc.smf = Some(value.clone()),
            "ty" => {
                for ty in value.split('+') {
                    fc.ty.push(number(key, ty)?);
                }
            }
            "lbl" => fc.lbl.extend(value.split('+').map(str::to_owned)),
            other => {
                return Err(format!(
                    "unknown query parameter \"{other}\" (the page's binding knows rcn, drt, sqi, fu, lim, lvl, smf, ty, lbl)"
                ));
            }
        }
        if !matches!(key.as_str(), "rcn" | "drt" | "sqi") {
            has_fc = true;
        }
    }
    if has_fc {
        request.fc = Some(fc);
    }
    Ok(())
}

impl PageCse {
    pub fn new(flavour: Flavour) -> Self {
        let now = Timestamp::parse_onem2m(LAB_EPOCH).unwrap_or_else(|| Timestamp::from_millis(0));
        let config = CseConfig::default();
        let admin = config.admin_originator.clone();
        let mut cse = Cse::new(config, now);
        cse.set_semantic_matcher(Some(onem2m_ontology::smf_matcher));
        cse.set_semantic_query(Some(onem2m_ontology::qres_evaluator));
        PageCse { cse, now, flavour, admin }
    }

    /// Answers `request` as the HTTP binding would; the notifications it caused (verification
    /// requests first, then events for the test system's receiver) come back as JSON texts.
    pub fn handle(&mut self, request: &WireRequest) -> (WireResponse, Vec<String>) {
        let origin = request.header("X-M2M-Origin").unwrap_or("").to_owned();
        let ty = request
            .header("Content-Type")
            .and_then(|content_type| content_type.split(';').find_map(|part| part.trim().strip_prefix("ty=")))
            .and_then(|ty| ty.parse::<u32>().ok());
        let body = match request.body.as_deref().map(serde_json::from_str::<Value>) {
            Some(Ok(body)) => Some(body),
            Some(Err(error)) => return (bad_request(request, &format!("the body is not JSON: {error}")), Vec::new()),
            None => None,
        };
        let to = request.path.trim_start_matches('/').to_owned();
        let mut primitive = match (request.method.as_str(), ty) {
            ("POST", Some(ty)) => Request::create(to, origin, ty, body.unwrap_or(Value::Null)),
            ("POST", None) => {
                let mut notify = Request::new(onem2m_cse::Operation::Notify, to, origin);
                notify.pc = body;
                notify
            }
            ("GET", _) => Request::retrieve(to, origin),
            ("PUT", _) => Request::update(to, origin, body.unwrap_or(Value::Null)),
            ("DELETE", _) => Request::delete(to, origin),
            (other, _) => {
                return (bad_request(request, &format!("the method {other} is not in the binding")), Vec::new());
            }
        };
        primitive.rqi = request.header("X-M2M-RI").unwrap_or("").to_owned();
        primitive.rvi = request.header("X-M2M-RVI").map(str::to_owned);
        if let Err(message) = apply_query(&request.query, &mut primitive) {
            return (bad_request(request, &message), Vec::new());
        }
        let discovery = primitive.fc.as_ref().is_some_and(|fc| fc.fu == Some(1));
        if self.flavour == Flavour::Faulty && discovery {
            primitive.fr = self.admin.clone();
        }
        self.now = self.now.plus_seconds(1);
        let mut received = Vec::new();
        let response = self.cse.handle_request_with(primitive, self.now, &mut Receiver(&mut received));
        while let Some(notification) = self.cse.poll_notifications() {
            if notification.target.address() == Some(PAGE_NOTIFY_URL) {
                received.push(notification.content.to_string());
            }
        }
        let mut headers = vec![
            ("X-M2M-RSC".to_owned(), response.rsc.code().to_string()),
            ("X-M2M-RI".to_owned(), response.rqi.clone()),
        ];
        if let Some(location) = &response.location {
            headers.push(("Content-Location".to_owned(), format!("/{}", location.trim_start_matches('/'))));
        }
        let body = response.pc.as_ref().map(Value::to_string).unwrap_or_default();
        (WireResponse { status: response.rsc.http_status(), headers, body }, received)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plugtest::{Action, RunSettings, SuiteRunner, Verdict, book_suite};

    fn run(flavour: Flavour) -> Vec<plugtest::TestResult> {
        let mut cse = PageCse::new(flavour);
        let settings = RunSettings { cse_name: "cse-in".into(), notify_url: Some(PAGE_NOTIFY_URL.into()) };
        let mut runner = SuiteRunner::new(book_suite(), settings);
        loop {
            match runner.poll_action() {
                Action::Finished => break,
                Action::Send { request, .. } => {
                    let (response, notifications) = cse.handle(&request);
                    for body in notifications {
                        runner.handle_notification(&body);
                    }
                    runner.handle_response(response, 0);
                }
                Action::AwaitNotification { .. } => runner.handle_notification_timeout(),
            }
        }
        runner.results().to_vec()
    }

    #[test]
    fn the_book_suite_passes_against_the_page_cse() {
        let results = run(Flavour::Conforming);
        for result in &results {
            assert_eq!(result.verdict, Some(Verdict::Pass), "{}: {:?}", result.id, result.reason);
        }
        assert_eq!(results.len(), 13);
    }

    #[test]
    fn the_faulty_cse_leaks_through_discovery_and_only_td_sem_06_fails() {
        let results = run(Flavour::Faulty);
        let failed: Vec<&str> = results
            .iter()
            .filter(|result| result.verdict != Some(Verdict::Pass))
            .map(|result| result.id.as_str())
            .collect();
        assert_eq!(failed, ["TD_SEM_06"]);
        let leak = results.iter().find(|result| result.id == "TD_SEM_06").expect("ran");
        assert_eq!(leak.iop, Some(Verdict::Fail));
        assert_eq!(leak.steps[2].verdict, Some(Verdict::Fail));
        assert!(leak.steps[2].reasons[0].contains("not to contain `semTestAE/thermo`"), "{:?}", leak.steps[2]);
    }

    #[test]
    fn a_bad_query_parameter_is_4000() {
        let mut cse = PageCse::new(Flavour::Conforming);
        let request = WireRequest {
            method: "GET".into(),
            path: "/cse-in".into(),
            query: vec![("colour".into(), "red".into())],
            headers: vec![("X-M2M-Origin".into(), "C".into()), ("X-M2M-RI".into(), "q".into())],
            body: None,
        };
        let (response, _) = cse.handle(&request);
        assert_eq!((response.status, response.rsc()), (400, Some(4000)));
        assert!(response.body.contains("colour"));
    }
}
