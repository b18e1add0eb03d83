//! The HomeSense platform: the CSE engine with one AE per device (meter, motion sensors, thermostat), one
//! container per channel and one accessControlPolicy per channel. The gateway's records really flow through
//! the engine: each AE creates contentInstances at the simulated time their period ends; retention is the
//! containers' `mia`; and each observer's view is what its own Retrieve requests return at the end of the week.

use onem2m_cse::{Cse, CseConfig, FilterCriteria, Request, ResponseStatusCode, Timestamp};
use serde_json::{Value, json};

use crate::household::{Household, SLOTS, WEEK_START_SECONDS, slot_time};
use crate::policy::{Channel, Observer, Policy, Resolution, WEEK_DAYS, records};

/// When the observers look: the end of the week (Monday 12 January 2026, 00:00 UTC) plus one minute.
pub fn observation_time() -> Timestamp {
    slot_time(SLOTS).plus_seconds(60)
}

/// What one Retrieve of a channel returned to an observer.
#[derive(Debug, Clone, PartialEq)]
pub struct Retrieval {
    pub channel: Channel,
    pub status: ResponseStatusCode,
    /// The contents of the contentInstances returned (parsed from `con`).
    pub records: Vec<Value>,
}

impl Retrieval {
    pub fn granted(&self) -> bool {
        self.status == ResponseStatusCode::Ok
    }
}

/// Everything an observer could retrieve.
#[derive(Debug, Clone, PartialEq)]
pub struct ObserverView {
    pub observer: Observer,
    pub retrievals: Vec<Retrieval>,
}

impl ObserverView {
    pub fn records(&self, channel: Channel) -> &[Value] {
        self.retrievals
            .iter()
            .find(|retrieval| retrieval.channel == channel)
            .map(|retrieval| retrieval.records.as_slice())
            .unwrap_or(&[])
    }
    pub fn retrieval(&self, channel: Channel) -> Option<&Retrieval> {
        self.retrievals.iter().find(|retrieval| retrieval.channel == channel)
    }
}

/// A channel's container and access control policy as the administrator retrieves them (shown to the student).
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerSummary {
    pub channel: Channel,
    /// `None` when the channel is minimised away (no container).
    pub cni: Option<u64>,
    pub mia: Option<u64>,
    /// The policy's `pv` rules as JSON text.
    pub rules: String,
}

/// The platform after the week, and how many requests built it.
#[derive(Debug, Clone)]
pub struct Platform {
    pub cse: Cse,
    pub requests: usize,
    /// Requests that did not succeed while building (should be none; shown if any).
    pub failures: Vec<String>,
}

fn retention_seconds(days: u32) -> Option<u64> {
    (days < WEEK_DAYS).then(|| u64::from(days) * 86_400)
}

impl Platform {
    /// Runs the week through the CSE under `policy`.
    pub fn run(household: &Household, policy: &Policy) -> Platform {
        let start = Timestamp::from_seconds(WEEK_START_SECONDS - 60);
        let config = CseConfig { trace_capacity: 0, notification_capacity: 16, ..CseConfig::default() };
        let mut platform = Platform { cse: Cse::new(config, start), requests: 0, failures: Vec::new() };
        let mut originators = Vec::new();
        for channel in Channel::ALL {
            let ae = channel.ae();
            let originator = format!("C{ae}");
            let registered = platform.send(
                Request::create(
                    "cse-in",
                    &originator,
                    2,
                    json!({"m2m:ae": {"rn": ae, "api": format!("N{ae}"), "rr": false, "srv": ["3"]}}),
                ),
                start,
            );
            let aei = registered
                .and_then(|pc| pc.pointer("/m2m:ae/aei").and_then(Value::as_str).map(str::to_owned))
                .unwrap_or(originator);
            let mut rules = vec![json!({"acor": [aei.clone(), "CAdmin".to_owned()], "acop": 63})];
            let readers: Vec<&str> = Observer::GRANTED
                .into_iter()
                .filter(|&observer| policy.may_read(observer, channel))
                .map(Observer::originator)
                .collect();
            if !readers.is_empty() {
                rules.push(json!({"acor": readers, "acop": 34}));
            }
            let acp = platform.send(
                Request::create(
                    "cse-in",
                    "CAdmin",
                    1,
                    json!({"m2m:acp": {"rn": format!("acp-{}", channel.key()), "pv": {"acr": rules}, "pvs": {"acr": [{"acor": ["CAdmin"], "acop": 63}]}}}),
                ),
                start,
            );
            let acp_ri = acp
                .and_then(|pc| pc.pointer("/m2m:acp/ri").and_then(Value::as_str).map(str::to_owned))
                .unwrap_or_default();
            let mut container = json!({"rn": channel.key(), "acpi": [acp_ri]});
            if let Some(seconds) = retention_seconds(policy.retention_days) {
                container["mia"] = json!(seconds);
            }
            // A channel minimised away has no container at all: there is nothing to retrieve (4004).
            if policy.resolution(channel) != Resolution::Off {
                platform.send(Request::create(format!("cse-in/{ae}"), &aei, 3, json!({ "m2m:cnt": container })), start);
            }
            originators.push(aei);
        }
        let mut writes: Vec<(usize, usize, Value)> = Vec::new();
        for (index, channel) in Channel::ALL.into_iter().enumerate() {
            if policy.resolution(channel) == Resolution::Off {
                continue;
            }
            writes.extend(
                records(household, policy, channel).into_iter().map(|record| (record.end_slot, index, record.content)),
            );
        }
        writes.sort_by_key(|(end_slot, index, _)| (*end_slot, *index));
        for (end_slot, index, content) in writes {
            let channel = Channel::ALL[index];
            let request = Request::create(
                channel.path(),
                &originators[index],
                4,
                json!({"m2m:cin": {"cnf": "application/json:0", "con": content.to_string()}}),
            );
            platform.send(request, slot_time(end_slot));
        }
        platform.cse.advance(observation_time());
        platform
    }

    fn send(&mut self, request: Request, now: Timestamp) -> Option<Value> {
        self.requests += 1;
        let description = format!("{:?} {}", request.op, request.to);
        let response = self.cse.handle_request(request, now);
        if !response.rsc.is_success() {
            self.failures.push(format!(
                "{description}: {} {}",
                response.rsc.code(),
                response.debug_message().unwrap_or_default()
            ));
        }
        response.pc
    }

    /// Each channel's container (`cni`, `mia`) and policy rules, retrieved as the administrator.
    pub fn summaries(&mut self) -> Vec<ContainerSummary> {
        let now = observation_time();
        Channel::ALL
            .into_iter()
            .map(|channel| {
                let container = self.cse.handle_request(Request::retrieve(channel.path(), "CAdmin"), now);
                let attribute = |name: &str| {
                    container.pc.as_ref().and_then(|pc| pc.pointer(&format!("/m2m:cnt/{name}"))).and_then(Value::as_u64)
                };
                let policy =
                    self.cse.handle_request(Request::retrieve(format!("cse-in/acp-{}", channel.key()), "CAdmin"), now);
                let rules = policy
                    .pc
                    .as_ref()
                    .and_then(|pc| pc.pointer("/m2m:acp/pv"))
                    .map(Value::to_string)
                    .unwrap_or_default();
                ContainerSummary { channel, cni: attribute("cni"), mia: attribute("mia"), rules }
            })
            .collect()
    }

    /// What `observer` gets when it retrieves every channel's container with its contentInstances (rcn=4).
    pub fn observe(&mut self, observer: Observer) -> ObserverView {
        let now = observation_time();
        let retrievals = Channel::ALL
            .into_iter()
            .map(|channel| {
                let request = Request::retrieve(channel.path(), observer.originator())
                    .with_rcn(4)
                    .with_fc(FilterCriteria { ty: vec![4], ..FilterCriteria::default() });
                let response = self.cse.handle_request(request, now);
                let records = response
                    .pc
                    .as_ref()
                    .and_then(|pc| pc.pointer("/m2m:cnt/m2m:cin"))
                    .and_then(Value::as_array)
                    .map(|instances| {
                        instances
                            .iter()
                            .filter_map(|instance| instance.get("con").and_then(Value::as_str))
                            .filter_map(|con| serde_json::from_str::<Value>(con).ok())
                            .collect()
                    })
                    .unwrap_or_default();
                Retrieval { channel, status: response.rsc, records }
            })
            .collect();
        ObserverView { observer, retrievals }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::household::SEED;
    use crate::policy::Policy;

    #[test]
    fn the_data_flows_through_the_cse_and_access_is_enforced() {
        let week = Household::simulate(SEED);
        let mut platform = Platform::run(&week, &Policy::default());
        assert!(platform.failures.is_empty(), "{:?}", platform.failures);
        let supplier = platform.observe(Observer::Supplier);
        assert_eq!(supplier.records(Channel::Energy).len(), SLOTS);
        assert_eq!(
            supplier.retrieval(Channel::Motion).map(|retrieval| retrieval.status),
            Some(ResponseStatusCode::OriginatorHasNoPrivilege)
        );
        let intruder = platform.observe(Observer::Intruder);
        assert!(intruder.retrievals.iter().all(Retrieval::granted));
        let short = Policy { retention_days: 2, ..Policy::default() };
        let mut platform = Platform::run(&week, &short);
        let energy = &platform.summaries()[0];
        assert_eq!((energy.cni, energy.mia), (Some(2 * 96), Some(2 * 86_400)));
        assert!(energy.rules.contains("C-supplier") && energy.rules.contains("34"), "{}", energy.rules);
        let kept = platform.observe(Observer::Supplier);
        assert_eq!(kept.records(Channel::Energy).len(), 2 * 96, "mia keeps the last two days");
    }
}
