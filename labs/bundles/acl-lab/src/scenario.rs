//! The smart-building scenario and the simulated CSE built from a student's policies.
//!
//! Every world is made by real requests to the CSE engine: the AEs register themselves, each
//! creates its containers and readings, the administrator `CAdmin` creates the student's policies
//! and links them through `acpi`. Every decision then comes from `Cse::explain_access` or from a
//! real request: the lab has no access-control logic of its own.

use std::collections::{BTreeMap, BTreeSet};

use onem2m_cse::{
    AccessDecision, AccessOperation, Cse, CseConfig, FilterCriteria, Location, OriginatorContext, Request, Response,
    ResponseStatusCode, Timestamp,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::policy_draft::PolicyDraft;

/// The CSEBase's resource name; policies are created under it.
pub const CSE_BASE: &str = "cse-in";
/// The administrator originator of the simulated CSE.
pub const ADMIN: &str = "CAdmin";

/// The originators shown as rows of the decision matrix.
pub const ORIGINATORS: &[&str] =
    &["Cthermostat", "Canalytics", "Cdashboard", "Cmeter-01", "Cfacility", "Cvisitor", ADMIN];

/// What each originator is, for the matrix's row headers.
pub fn originator_role(originator: &str) -> &'static str {
    match originator {
        "Cthermostat" => "thermostat AE",
        "Canalytics" => "analytics app",
        "Cdashboard" => "dashboard app",
        "Cmeter-01" => "energy meter",
        "Cfacility" => "facility manager",
        "Cvisitor" => "visitor app (not registered)",
        ADMIN => "CSE administrator",
        _ => "originator",
    }
}

/// Resources that carry `acpi`: the rows of the attachment table.
pub const ATTACHABLE: &[&str] = &[
    "cse-in/thermostat",
    "cse-in/thermostat/temperature",
    "cse-in/thermostat/setpoint",
    "cse-in/energy",
    "cse-in/notices",
];

/// Every resource of the scenario, with its type, as the tree shows it.
pub const TREE: &[(&str, &str)] = &[
    ("cse-in", "CSEBase"),
    ("cse-in/thermostat", "AE Cthermostat"),
    ("cse-in/thermostat/temperature", "container"),
    ("cse-in/thermostat/temperature/reading-1", "contentInstance"),
    ("cse-in/thermostat/setpoint", "container"),
    ("cse-in/analytics", "AE Canalytics"),
    ("cse-in/dashboard", "AE Cdashboard"),
    ("cse-in/meter-01", "AE Cmeter-01"),
    ("cse-in/energy", "container (created by CAdmin)"),
    ("cse-in/notices", "container (created by CAdmin)"),
    ("cse-in/notices/notice-1", "contentInstance"),
];

/// Which policies each resource links through `acpi`: resource path -> policy names.
pub type Attachments = BTreeMap<String, BTreeSet<String>>;

/// The policies and their links: what a student edits in a challenge.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Setup {
    pub policies: Vec<PolicyDraft>,
    pub attachments: Attachments,
}

impl Setup {
    /// Whether `target` links the policy `name`.
    pub fn is_attached(&self, target: &str, name: &str) -> bool {
        self.attachments.get(target).is_some_and(|names| names.contains(name))
    }
}

/// The circumstances of a request: when (UTC) and from where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestContext {
    /// 0 = Sunday .. 6 = Saturday.
    pub weekday: u32,
    /// 0..=23; the request is made at the start of the hour.
    pub hour: u32,
    /// Source IP address (may be empty: then the request carries none).
    pub ip: String,
    /// Country code of the originator's location (may be empty).
    pub country: String,
}

pub const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

impl Default for RequestContext {
    fn default() -> Self {
        RequestContext::new(3, 10, "10.20.1.15", "FR")
    }
}

/// Sunday 22 November 2026, 00:00 UTC: the week the scenario's requests happen in.
fn week_start() -> Timestamp {
    Timestamp::from_seconds(1_795_305_600)
}

impl RequestContext {
    pub fn new(weekday: u32, hour: u32, ip: &str, country: &str) -> Self {
        RequestContext { weekday: weekday % 7, hour: hour % 24, ip: ip.to_owned(), country: country.to_owned() }
    }

    /// The request's time.
    pub fn now(&self) -> Timestamp {
        week_start().plus_seconds(u64::from(self.weekday % 7) * 86_400 + u64::from(self.hour % 24) * 3600)
    }

    /// What the CSE knows about the originator: the inputs of `acco` checks.
    pub fn originator_context(&self) -> OriginatorContext {
        let ip = self.ip.trim();
        let country = self.country.trim();
        OriginatorContext {
            ip: (!ip.is_empty()).then(|| ip.to_owned()),
            location: (!country.is_empty()).then(|| Location {
                country: Some(country.to_ascii_uppercase()),
                lat: None,
                lon: None,
            }),
            authenticated: false,
        }
    }

    /// "Wednesday 10:00 UTC from 10.20.1.15 in FR".
    pub fn describe(&self) -> String {
        let ip = if self.ip.trim().is_empty() { "no source IP".to_owned() } else { format!("from {}", self.ip.trim()) };
        let place = if self.country.trim().is_empty() {
            "no location".to_owned()
        } else {
            format!("in {}", self.country.trim().to_ascii_uppercase())
        };
        format!("{} {:02}:00 UTC, {ip}, {place}", WEEKDAYS[(self.weekday % 7) as usize], self.hour % 24)
    }
}

/// A CSE holding the scenario and a student's policies, with what went wrong building it.
#[derive(Debug, Clone)]
pub struct World {
    pub cse: Cse,
    /// Policies the CSE refused and links it could not make, as the engine explained them.
    pub problems: Vec<String>,
}

fn time_of_creation() -> Timestamp {
    week_start().plus_seconds(3600)
}

fn expect_created(response: &Response, what: &str, problems: &mut Vec<String>) -> bool {
    if matches!(response.rsc, ResponseStatusCode::Created | ResponseStatusCode::Updated) {
        return true;
    }
    problems.push(format!(
        "{what}: {} {}{}",
        response.rsc.code(),
        response.rsc.name(),
        response.debug_message().map(|message| format!(": {message}")).unwrap_or_default()
    ));
    false
}

impl World {
    /// Builds the scenario, then creates the policies and links them, all through requests.
    pub fn build(setup: &Setup) -> World {
        let now = time_of_creation();
        let config = CseConfig { admin_originator: ADMIN.to_owned(), ..CseConfig::default() };
        let mut cse = Cse::new(config, now);
        let mut problems = Vec::new();
        let mut send = |cse: &mut Cse, request: Request, what: &str| {
            let response = cse.handle_request(request, now);
            expect_created(&response, what, &mut problems)
        };
        for (name, aei) in [
            ("thermostat", "Cthermostat"),
            ("analytics", "Canalytics"),
            ("dashboard", "Cdashboard"),
            ("meter-01", "Cmeter-01"),
        ] {
            let ae = json!({"m2m:ae": {"rn": name, "api": format!("N{name}"), "rr": true, "srv": ["3"]}});
            send(&mut cse, Request::create(CSE_BASE, aei, 2, ae), name);
        }
        let container = |rn: &str| json!({"m2m:cnt": {"rn": rn}});
        let instance = |rn: &str, content: &str| json!({"m2m:cin": {"rn": rn, "cnf": "text/plain:0", "con": content}});
        send(&mut cse, Request::create("cse-in/thermostat", "Cthermostat", 3, container("temperature")), "temperature");
        send(
            &mut cse,
            Request::create("cse-in/thermostat/temperature", "Cthermostat", 4, instance("reading-1", "21.5")),
            "reading-1",
        );
        send(&mut cse, Request::create("cse-in/thermostat", "Cthermostat", 3, container("setpoint")), "setpoint");
        send(&mut cse, Request::create(CSE_BASE, ADMIN, 3, container("energy")), "energy");
        send(&mut cse, Request::create(CSE_BASE, ADMIN, 3, container("notices")), "notices");
        send(
            &mut cse,
            Request::create("cse-in/notices", ADMIN, 4, instance("notice-1", "Lift 2 out of order")),
            "notice-1",
        );

        let mut created = BTreeSet::new();
        for policy in &setup.policies {
            let name = policy.name.trim();
            if send(
                &mut cse,
                Request::create(CSE_BASE, ADMIN, 1, policy.to_json()),
                &format!("policy \"{name}\" was refused"),
            ) {
                created.insert(name.to_owned());
            }
        }
        for (target, names) in &setup.attachments {
            let linked: Vec<String> =
                names.iter().filter(|name| created.contains(*name)).map(|name| format!("{CSE_BASE}/{name}")).collect();
            if linked.is_empty() {
                continue;
            }
            let key =
                if cse.resolve_address(target).and_then(|ri| cse.resource(&ri).map(|r| r.wrapper_key())).as_deref()
                    == Some("m2m:ae")
                {
                    "m2m:ae"
                } else {
                    "m2m:cnt"
                };
            let update = json!({ key: { "acpi": linked } });
            send(&mut cse, Request::update(target.clone(), ADMIN, update), &format!("linking {target}"));
        }
        World { cse, problems }
    }

    /// The engine's explained decision for one request.
    pub fn decide(
        &self,
        originator: &str,
        target: &str,
        operation: AccessOperation,
        context: &RequestContext,
    ) -> Result<AccessDecision, String> {
        self.cse
            .explain_access(originator, target, operation, &context.originator_context(), context.now())
            .map_err(|rsc| format!("{target}: {} {}", rsc.code(), rsc.name()))
    }

    /// The engine's explanation of a decision, line by line, with resource ids replaced by their
    /// structured paths (the engine writes ids; students know the names).
    pub fn explain(&self, decision: &AccessDecision) -> Vec<String> {
        let mut ids: Vec<&str> = vec![decision.target.as_str(), decision.governed_by.as_str()];
        ids.extend(decision.policies.iter().map(|policy| policy.policy.as_str()));
        ids.sort_by_key(|id| std::cmp::Reverse(id.len()));
        ids.dedup();
        let mut text = decision.to_string();
        for id in ids {
            // an AE's id is its AE-ID, which is also how it appears as an originator: keep it
            let is_ae = self.cse.resource(id).is_some_and(|resource| resource.wrapper_key() == "m2m:ae");
            if let Some(path) = self.cse.structured_path(id).filter(|path| path != id && !is_ae) {
                text = text.replace(id, &path);
            }
        }
        text.lines().map(str::trim_end).filter(|line| !line.trim().is_empty()).map(str::to_owned).collect()
    }

    /// Sends a real request on a copy of the world (the world itself is not changed) and returns the response.
    pub fn try_request(&self, request: Request, context: &RequestContext) -> Response {
        let mut cse = self.cse.clone();
        cse.handle_request(request.with_context(context.originator_context()), context.now())
    }

    /// Creates a subscription to `target` as `originator` (notifications go to the originator's own AE).
    pub fn subscribe(&self, originator: &str, target: &str, context: &RequestContext) -> Response {
        let subscription = json!({"m2m:sub": {"rn": "watch", "nu": [originator], "enc": {"net": [3]}}});
        self.try_request(Request::create(target, originator, 23, subscription), context)
    }

    /// Creates a contentInstance in `target` as `originator`.
    pub fn add_instance(&self, originator: &str, target: &str, context: &RequestContext) -> Response {
        let instance = json!({"m2m:cin": {"cnf": "text/plain:0", "con": "22.0"}});
        self.try_request(Request::create(target, originator, 4, instance), context)
    }

    /// The paths a discovery from the CSEBase returns to `originator`.
    pub fn discover(&self, originator: &str, context: &RequestContext) -> Result<Vec<String>, String> {
        let response =
            self.try_request(Request::retrieve(CSE_BASE, originator).with_fc(FilterCriteria::discovery()), context);
        if response.rsc != ResponseStatusCode::Ok {
            return Err(describe_response(&response));
        }
        Ok(response
            .pc
            .as_ref()
            .and_then(|pc| pc.get("m2m:uril"))
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default())
    }
}

/// "4101 SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE: <the engine's m2m:dbg>".
pub fn describe_response(response: &Response) -> String {
    format!(
        "{} {}{}",
        response.rsc.code(),
        response.rsc.name(),
        response.debug_message().map(|message| format!(": {message}")).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_week_starts_on_a_sunday() {
        let civil = week_start().civil();
        assert_eq!((civil.year, civil.month, civil.day, civil.hour, civil.weekday), (2026, 11, 22, 0, 0));
        let wednesday = RequestContext::default().now().civil();
        assert_eq!((wednesday.day, wednesday.hour, wednesday.weekday), (25, 10, 3));
    }

    #[test]
    fn the_scenario_builds_without_problems() {
        let world = World::build(&Setup::default());
        assert_eq!(world.problems, Vec::<String>::new());
        for (path, _) in TREE {
            assert!(world.cse.resolve_address(path).is_some(), "{path} exists");
        }
    }

    #[test]
    fn the_context_reaches_the_engine() {
        let context = RequestContext::new(1, 9, " 10.0.0.1 ", "fr");
        let engine = context.originator_context();
        assert_eq!(engine.ip.as_deref(), Some("10.0.0.1"));
        assert_eq!(engine.location.and_then(|l| l.country).as_deref(), Some("FR"));
        assert!(RequestContext::new(1, 9, "", "").originator_context().is_empty());
        assert_eq!(context.describe(), "Monday 09:00 UTC, from 10.0.0.1, in FR");
    }
}
