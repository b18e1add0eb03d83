//! Property tests: arbitrary requests and JSON never panic; invariants hold after any sequence.

use onem2m_cse::{AccessOperation, Cse, CseConfig, FilterCriteria, Operation, Request, ResourceType, Timestamp};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::harness::{ADMIN, uri_list};

/// Weighted towards the two registered AEs, so that sequences build real trees.
const ORIGINATORS: [&str; 11] =
    ["Calpha", "Calpha", "Calpha", "Calpha", "Cbeta", "Cbeta", ADMIN, "C", "", "/id-in", "Cgamma"];

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (0u64..100).prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[a-zA-Z0-9:/_ .*-]{0,12}".prop_map(Value::from),
        prop::sample::select(vec!["cse-in", "la", "all", "Calpha", "20261125T130000", "* * * * * * *", "10.0.0.0/8"])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "rn", "lbl", "acpi", "et", "mni", "mbs", "mia", "con", "cnf", "api", "rr", "poa", "nu", "enc",
                    "net", "nct", "exc", "su", "pv", "pvs", "acr", "acor", "acop", "acco", "actw", "acip", "aclr",
                    "accc", "accr", "mt", "mnm", "mid", "csy", "dcrp", "dsp", "cnd", "curT0", "ri", "ty", "x",
                ])
                .prop_map(str::to_owned),
                inner,
                0..5
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn wrapper_for(ty: u32) -> &'static str {
    match ty {
        1 => "m2m:acp",
        2 => "m2m:ae",
        3 => "m2m:cnt",
        4 => "m2m:cin",
        9 => "m2m:grp",
        23 => "m2m:sub",
        24 => "m2m:smd",
        28 => "cod:tempe",
        _ => "m2m:xyz",
    }
}

/// A plausible request body for `ty`, with values drawn from `noise`.
fn body(ty: u32, variant: u8, noise: Value, target: &str) -> Value {
    let inner = match (ty, variant % 4) {
        (2, 0) => json!({"api": "Napp", "rr": true, "poa": ["http://x.example"]}),
        (3, 0) => json!({"mni": 2, "mbs": 20}),
        (3, 1) => json!({"acpi": [target]}),
        (4, _) => json!({"con": noise}),
        (1, 0) => {
            json!({"pv": {"acr": [{"acor": ["Calpha", "all"], "acop": 2 + 32}]}, "pvs": {"acr": [{"acor": ["Calpha"], "acop": 63}]}})
        }
        (1, 1) => {
            json!({"pv": {"acr": [{"acor": ["Cbeta"], "acop": 63, "acco": [{"actw": ["* * 12 * * * *"]}]}]}, "pvs": {"acr": []}})
        }
        (9, _) => json!({"mt": 0, "mnm": 3, "mid": [target]}),
        (23, 0) => {
            json!({"nu": ["Calpha"], "enc": {"net": [1, 2, 3, 4]}, "exc": 3, "su": "Calpha"})
        }
        (23, _) => json!({"nu": ["http://n.example"], "nct": 2}),
        (24, _) => json!({"dcrp": 5, "dsp": "PGE+IDxiPiA8Yz4gLg=="}),
        (28, _) => json!({"cnd": "org.example", "curT0": noise}),
        _ => noise,
    };
    json!({ wrapper_for(ty): inner })
}

#[derive(Debug, Clone)]
struct Step {
    op: u8,
    target: usize,
    suffix: u8,
    originator: usize,
    ty: u32,
    variant: u8,
    noise: Value,
    rcn: Option<u32>,
    discovery: bool,
    advance: u32,
}

fn step() -> impl Strategy<Value = Step> {
    (
        prop::sample::select(vec![1u8, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5]),
        any::<usize>(),
        0u8..24,
        0..ORIGINATORS.len(),
        prop::sample::select(vec![1u32, 1, 2, 3, 3, 3, 4, 4, 4, 4, 9, 23, 23, 24, 28, 16, 99]),
        any::<u8>(),
        arbitrary_json(),
        prop::option::weighted(0.2, 0u32..12),
        any::<bool>(),
        0u32..120,
    )
        .prop_map(|(op, target, suffix, originator, ty, variant, noise, rcn, discovery, advance)| Step {
            op,
            target,
            suffix,
            originator,
            ty,
            variant,
            noise,
            rcn,
            discovery,
            advance,
        })
}

fn request_for(cse: &Cse, step: &Step) -> Request {
    let resources: Vec<&onem2m_cse::Resource> = cse.resources().collect();
    let originator = ORIGINATORS[step.originator];
    // most steps act on the originator's own resources, so that trees grow
    let own: Vec<&onem2m_cse::Resource> =
        resources.iter().copied().filter(|r| r.cr.as_deref() == Some(originator)).collect();
    let picked = if step.variant % 4 != 3 && !own.is_empty() {
        own[step.target % own.len()]
    } else {
        resources[step.target % resources.len()]
    };
    let base = cse.structured_path(&picked.ri).unwrap_or_default();
    let to = match step.suffix {
        6 => picked.ri.clone(),
        7 => format!("{base}/la"),
        8 => format!("{base}/fopt"),
        9 => format!("/id-in/{}", picked.ri),
        10 => format!("{base}/nothing"),
        _ => base,
    };
    let policies: Vec<&onem2m_cse::Resource> =
        resources.iter().copied().filter(|r| r.ty == ResourceType::AccessControlPolicy).collect();
    let other = if step.variant.is_multiple_of(2) && !policies.is_empty() {
        policies[(step.target / 7) % policies.len()].ri.clone()
    } else {
        resources[(step.target / 7) % resources.len()].ri.clone()
    };
    let op = Operation::try_from(step.op).unwrap_or(Operation::Retrieve);
    let mut request = Request::new(op, to, originator);
    match op {
        Operation::Create => {
            request.ty = Some(step.ty);
            request.pc = Some(body(step.ty, step.variant, step.noise.clone(), &other));
        }
        Operation::Update => {
            let key = picked.wrapper_key();
            request.pc = Some(if picked.ty == ResourceType::Container {
                json!({ key: {"lbl": ["x"], "mni": step.variant % 3} })
            } else {
                json!({ key: {"lbl": [step.noise.to_string()]} })
            });
        }
        Operation::Notify => request.pc = Some(step.noise.clone()),
        _ => {}
    }
    request.rcn = step.rcn;
    if step.discovery && op == Operation::Retrieve {
        request.fc = Some(FilterCriteria { ty: vec![3, 4], ..FilterCriteria::discovery() });
    }
    request
}

/// The structural invariants.
fn check_invariants(cse: &Cse) -> Result<(), TestCaseError> {
    for resource in cse.resources() {
        if resource.ty == ResourceType::CseBase {
            prop_assert!(resource.pi.is_empty());
            continue;
        }
        let parent = cse.resource(&resource.pi);
        prop_assert!(parent.is_some(), "{} has no parent {}", resource.ri, resource.pi);
        prop_assert!(cse.children_of(&resource.pi).contains(&resource.ri));
        if resource.ty == ResourceType::Container {
            let instances: Vec<&onem2m_cse::Resource> = cse
                .children_of(&resource.ri)
                .iter()
                .filter_map(|ri| cse.resource(ri))
                .filter(|child| child.ty == ResourceType::ContentInstance)
                .collect();
            let bytes: u64 = instances.iter().filter_map(|cin| cin.attribute_u64("cs")).sum();
            prop_assert_eq!(resource.attribute_u64("cni"), Some(instances.len() as u64));
            prop_assert_eq!(resource.attribute_u64("cbs"), Some(bytes));
            if let Some(mni) = resource.attribute_u64("mni") {
                prop_assert!(instances.len() as u64 <= mni);
            }
        }
    }
    for ri in cse.resources().map(|r| r.ri.clone()) {
        for child in cse.children_of(&ri) {
            prop_assert!(cse.resource(child).is_some_and(|c| c.pi == ri));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn sequences_keep_the_invariants_and_never_leak(steps in prop::collection::vec(step(), 1..40)) {
        let mut now = Timestamp::parse_onem2m("20261125T115500").expect("time");
        let mut cse = Cse::new(CseConfig::default(), now);
        // two AEs to act with
        for (name, id) in [("alpha", "Calpha"), ("beta", "Cbeta")] {
            let request = Request::create("cse-in", id, 2, json!({"m2m:ae": {"rn": name, "api": "Napp", "rr": true, "poa": ["http://x.example"]}}));
            prop_assert_eq!(cse.handle_request(request, now).rsc, onem2m_cse::ResponseStatusCode::Created);
        }
        for step in steps {
            now = now.plus_seconds(u64::from(step.advance));
            let request = request_for(&cse, &step);
            let originator = request.fr.clone();
            let is_discovery = request.fc.as_ref().is_some_and(|fc| fc.fu == Some(1));
            let to = request.to.clone();
            let response = cse.handle_request(request.clone(), now);
            check_invariants(&cse)?;
            // nothing readable without privilege
            if request.op == Operation::Retrieve && response.rsc == onem2m_cse::ResponseStatusCode::Ok && !to.contains("fopt") {
                let operation = if is_discovery { AccessOperation::Discovery } else { AccessOperation::Retrieve };
                if let Ok(decision) = cse.explain_access(&originator, &to, operation, &request.context, now) {
                    prop_assert!(decision.granted, "{} read {} without privilege", originator, to);
                }
                for found in uri_list(&response) {
                    let decision = cse.explain_access(&originator, &found, AccessOperation::Discovery, &request.context, now);
                    prop_assert!(decision.is_ok_and(|d| d.granted), "{} discovered {} without privilege", originator, found);
                }
            }
            while cse.poll_notifications().is_some() {}
            while cse.poll_trace().is_some() {}
        }
        let snapshot = cse.snapshot();
        let restored = Cse::restore(&snapshot);
        prop_assert!(restored.is_ok(), "{:?}", restored.err());
        prop_assert_eq!(restored.map(|r| r.snapshot()).unwrap_or_default(), snapshot);
    }

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json(), to in "[a-z/~_-]{0,20}", op in 0u8..7) {
        let mut cse = Cse::new(CseConfig::default(), Timestamp::from_seconds(1_800_000_000));
        let _ = Request::from_value(value.clone());
        let _ = Cse::restore(&value.to_string());
        let mut wrapped = json!({"op": op, "to": to, "fr": "Calpha", "ty": 3, "pc": value.clone(), "fc": value.clone()});
        if let Ok(request) = Request::from_value(wrapped.clone()) {
            let _ = cse.handle_request(request, Timestamp::from_seconds(1_800_000_001));
        }
        wrapped["fc"] = Value::Null;
        if let Ok(request) = Request::from_value(wrapped) {
            let _ = cse.handle_request(request, Timestamp::from_seconds(1_800_000_002));
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,80}") {
        let mut cse = Cse::new(CseConfig::default(), Timestamp::from_seconds(1_800_000_000));
        if let Ok(request) = Request::from_json(&text) {
            let _ = cse.handle_request(request, Timestamp::from_seconds(1_800_000_001));
        }
        let _ = Cse::restore(&text);
        let _ = Timestamp::parse_onem2m(&text);
        let _ = onem2m_cse::schedule::ScheduleEntry::parse(&text);
        let _ = onem2m_cse::policy::IpNetwork::parse(&text);
        let _ = cse.handle_request(Request::retrieve(text.clone(), text), Timestamp::from_seconds(1_800_000_002));
    }
}
