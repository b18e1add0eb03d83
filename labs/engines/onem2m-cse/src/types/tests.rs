use serde_json::Value;

use super::*;
use crate::{Cse, CseConfig, Request, ResponseStatusCode};

/// The resource types of `shared/facts/onem2m.md` ("Resource types", TS-0004 Table 6.3.4.2.1-1):
/// (ty, short name); `None` where the facts give no single short name (mgmtObj, flexContainer).
const FACTS_TABLE: &[(u32, &str, Option<&str>)] = &[
    (1, "accessControlPolicy", Some("acp")),
    (2, "AE", Some("ae")),
    (3, "container", Some("cnt")),
    (4, "contentInstance", Some("cin")),
    (5, "CSEBase", Some("cb")),
    (9, "group", Some("grp")),
    (10, "locationPolicy", Some("lcp")),
    (13, "mgmtObj", None),
    (14, "node", Some("nod")),
    (16, "remoteCSE", Some("csr")),
    (17, "request", Some("req")),
    (18, "schedule", Some("sch")),
    (23, "subscription", Some("sub")),
    (24, "semanticDescriptor", Some("smd")),
    (28, "flexContainer", None),
    (29, "timeSeries", Some("ts")),
    (30, "timeSeriesInstance", Some("tsi")),
    (48, "crossResourceSubscription", Some("crs")),
];

#[test]
fn the_registered_types_agree_with_the_facts_file() {
    let facts: Vec<u32> = FACTS_TABLE.iter().map(|(ty, _, _)| *ty).collect();
    assert_eq!(facts, ResourceType::SPECIFIED, "SPECIFIED is the facts file's table");
    let mut previous = 0;
    for spec in all() {
        let (_, long, short) = FACTS_TABLE
            .iter()
            .find(|(ty, _, _)| *ty == spec.ty.ty())
            .unwrap_or_else(|| panic!("{} is not a type of the facts file", spec.long_name));
        assert_eq!(spec.long_name, *long);
        if let Some(short) = short {
            assert_eq!(spec.short_name, *short, "{long}");
        }
        assert!(spec.ty.ty() > previous, "all() is in ty order, each type once");
        previous = spec.ty.ty();
        assert_eq!(ResourceType::from_ty(spec.ty.ty()), Some(spec.ty));
        assert!(std::ptr::eq(spec.ty.spec(), *spec));
        for parent in spec.parents {
            assert!(parent.spec().ty == *parent, "{long}: parent {parent:?} is registered");
            assert!(parent.may_contain(spec.ty));
        }
        for rule in spec.attributes {
            assert!(!crate::resource::READ_ONLY_COMMON.contains(&rule.name), "{long}: {} is common", rule.name);
        }
        let template = (spec.create_template)("Cme");
        if spec.ty != ResourceType::CseBase && !spec.flags.made_by_the_cse {
            let key = template.as_object().and_then(|o| o.keys().next()).expect("a wrapper");
            assert!(spec.accepts_wrapper(key), "{long}: template wrapped in {key}");
        }
    }
    // the hosted types are those the CSEBase lists in srt
    let cse = Cse::new(CseConfig::default(), crate::Timestamp::parse_onem2m("20261205T120000").expect("time"));
    let srt = cse.resource(cse.cse_base_ri()).and_then(|base| base.attribute("srt")).cloned().expect("srt");
    let listed: Vec<u32> = all().iter().map(|spec| spec.ty.ty()).collect();
    assert_eq!(srt, serde_json::json!(listed));
}

/// Creates a resource of type `ty` from the templates, its ancestors first; returns its address.
fn create_chain(cse: &mut Cse, ty: ResourceType, now: crate::Timestamp) -> String {
    if ty == ResourceType::CseBase {
        return "cse-in".into();
    }
    if ty == ResourceType::Ae {
        return "cse-in/myApp".into();
    }
    let spec = ty.spec();
    if spec.flags.made_by_the_cse {
        // a <request> is made for a non-blocking request
        let mut request = Request::retrieve("cse-in", "CAdmin");
        request.rt = Some(crate::ResponseTypeInfo { rtv: 1, nu: Vec::new() });
        let response = cse.handle_request(request, now);
        assert_eq!(response.rsc, ResponseStatusCode::AcceptedNonBlockingRequestSynch);
        return response.pc.and_then(|pc| pc["m2m:uri"].as_str().map(str::to_owned)).expect("m2m:uri");
    }
    let parent = if ty == ResourceType::Subscription { ResourceType::Container } else { spec.parents[0] };
    let parent_path = create_chain(cse, parent, now);
    let body = (spec.create_template)("cse-in/myApp");
    let response = cse.handle_request(Request::create(&parent_path, "CAdmin", ty.ty(), body), now);
    assert_eq!(response.rsc, ResponseStatusCode::Created, "{}: {:?}", spec.long_name, response.pc);
    response.location.expect("Content-Location")
}

#[test]
fn every_registered_type_round_trips_through_snapshot_and_restore() {
    let now = crate::Timestamp::parse_onem2m("20261205T120000").expect("time");
    for spec in all() {
        let mut cse = Cse::new(CseConfig::default(), now);
        let ae = (ae::SPEC.create_template)("C");
        let registered = cse.handle_request(Request::create("cse-in", "C", 2, ae), now);
        assert_eq!(registered.rsc, ResponseStatusCode::Created);
        let path = create_chain(&mut cse, spec.ty, now);
        let ri = cse.resolve_address(&path).expect("created");
        let original = cse.resource(&ri).cloned().expect("resource");
        assert_eq!(original.ty, spec.ty);
        assert!(!(spec.summary)(&original).is_empty() || spec.ty == ResourceType::CseBase, "{}", spec.long_name);
        let snapshot = cse.snapshot();
        let restored = Cse::restore(&snapshot).unwrap_or_else(|e| panic!("{}: {e}", spec.long_name));
        assert_eq!(restored.resource(&ri), Some(&original), "{}", spec.long_name);
        assert_eq!(restored.snapshot(), snapshot, "{}", spec.long_name);
        let value: Value = serde_json::from_str(&snapshot).expect("json");
        assert!(value.get("resources").and_then(Value::as_array).is_some_and(|r| !r.is_empty()));
    }
}

#[test]
fn typed_views_read_their_attributes_with_the_standard_defaults() {
    let now = crate::Timestamp::parse_onem2m("20261205T120000").expect("time");
    let mut cse = Cse::new(CseConfig::default(), now);
    let create = |cse: &mut Cse, ty: u32, body: Value| {
        let response = cse.handle_request(Request::create("cse-in", "CAdmin", ty, body), now);
        assert_eq!(response.rsc, ResponseStatusCode::Created, "{:?}", response.pc);
        cse.resolve_address(&response.location.expect("location")).expect("ri")
    };
    let box_ri = create(&mut cse, 3, serde_json::json!({"m2m:cnt": {"rn": "box", "mni": 2, "mia": 60}}));
    let view = ContainerAttributes::of(cse.resource(&box_ri).expect("container"));
    assert_eq!(view, ContainerAttributes { mni: Some(2), mbs: None, mia: Some(60), cni: 0, cbs: 0 });
    assert!(!view.over_limits());
    assert!(ContainerAttributes { cni: 3, ..view }.over_limits());
    let sub_ri = create(&mut cse, 23, serde_json::json!({"m2m:sub": {"rn": "s", "nu": ["http://x.example/n"]}}));
    let view = SubscriptionAttributes::of(cse.resource(&sub_ri).expect("subscription"));
    assert_eq!(view.net, [1], "update events when enc is absent");
    assert_eq!((view.nct, view.exc, view.chty, view.su), (1, None, None, None));
    assert_eq!(view.nu, ["http://x.example/n"]);
}
