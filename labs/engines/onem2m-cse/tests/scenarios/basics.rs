//! First contact, AE registration, containers and contentInstances, addressing, rcn, trace.

use onem2m_cse::{FilterCriteria, Request, ResponseTypeInfo, TraceKind};
use serde_json::{Value, json};

use crate::harness::{ADMIN, Conversation, Rsc};

#[test]
fn first_contact_retrieves_the_cse_base() {
    let mut c = Conversation::new();
    let response = c.expect(Request::retrieve("cse-in", ADMIN).with_rvi("3"), Rsc::Ok);
    let cb = response.pc.as_ref().and_then(|pc| pc.get("m2m:cb")).expect("m2m:cb");
    assert_eq!(cb["csi"], "/id-in");
    assert_eq!(cb["rn"], "cse-in");
    assert_eq!(cb["ty"], 5);
    assert_eq!(cb["ct"], "20261125T120000,000000");
    assert_eq!(response.rvi.as_deref(), Some("3"));
    assert_eq!(response.fr.as_deref(), Some("/id-in"));
    assert_eq!(response.to.as_deref(), Some(ADMIN));
    // anyone may retrieve the CSEBase through acpCSEBase
    c.expect(Request::retrieve("cse-in", "Cstranger"), Rsc::Ok);
}

#[test]
fn unsupported_release_version_is_refused() {
    let mut c = Conversation::new();
    let response = c.expect(Request::retrieve("cse-in", ADMIN).with_rvi("1"), Rsc::ReleaseVersionNotSupported);
    assert!(response.debug_message().unwrap_or_default().contains("2a, 3, 4, 5"));
}

#[test]
fn ae_registration_assigns_ids_and_refuses_re_registration() {
    let mut c = Conversation::new();
    let assigned = c.register("lamp", "C");
    assert!(assigned.starts_with('C') && assigned.len() > 1, "{assigned}");
    let empty = c.register("switch", "");
    assert!(empty.starts_with('C') && empty != assigned);
    let own = c.register("meter", "Cmeter");
    assert_eq!(own, "Cmeter");
    // the AE's ri is its AE-ID and it is reachable by name and by ID
    c.expect(Request::retrieve("cse-in/meter", "Cmeter"), Rsc::Ok);
    c.expect(Request::retrieve("Cmeter", "Cmeter"), Rsc::Ok);
    let again =
        Request::create("cse-in", "Cmeter", 2, json!({"m2m:ae": {"rn": "meter2", "api": "Nmeter", "rr": false}}));
    c.expect(again, Rsc::OriginatorHasAlreadyRegistered);
    // the CSE-ID is not an AE originator
    let as_cse = Request::create("cse-in", "/id-in", 2, json!({"m2m:ae": {"rn": "x", "api": "Nx", "rr": false}}));
    c.expect(as_cse, Rsc::SecurityAssociationRequired);
    let odd = Request::create("cse-in", "robot", 2, json!({"m2m:ae": {"rn": "x", "api": "Nx", "rr": false}}));
    c.expect(odd, Rsc::SecurityAssociationRequired);
    // after deregistration the AE-ID can register again
    c.expect(Request::delete("cse-in/meter", "Cmeter"), Rsc::Deleted);
    c.register("meter", "Cmeter");
}

#[test]
fn ae_registration_checks_its_attributes() {
    let mut c = Conversation::new();
    let bad_api = Request::create("cse-in", "C", 2, json!({"m2m:ae": {"api": "lamp", "rr": true}}));
    let response = c.expect(bad_api, Rsc::BadRequest);
    assert!(response.debug_message().unwrap_or_default().contains("'R'"));
    // release 3 does not require the R/N prefix
    c.expect(
        Request::create("cse-in", "C", 2, json!({"m2m:ae": {"api": "lamp", "rr": true}})).with_rvi("3"),
        Rsc::Created,
    );
    c.expect(Request::create("cse-in", "C", 2, json!({"m2m:ae": {"api": "Nlamp"}})), Rsc::BadRequest);
    c.expect(Request::create("cse-in", "C", 2, json!({"m2m:ae": {"api": "Nlamp", "rr": "yes"}})), Rsc::BadRequest);
    c.expect(
        Request::create("cse-in", "C", 2, json!({"m2m:ae": {"api": "Nlamp", "rr": true, "aei": "Cme"}})),
        Rsc::BadRequest,
    );
    c.expect(Request::create("cse-in", "C", 2, json!({"m2m:cnt": {}})), Rsc::BadRequest);
    c.expect(Request::create("cse-in", "C", 2, json!("text")), Rsc::BadRequest);
}

#[test]
fn containers_and_content_instances() {
    let mut c = Conversation::new();
    let ae = c.register("sensor", "Csensor");
    let cnt = c.create("cse-in/sensor", &ae, 3, json!({"m2m:cnt": {"rn": "temperature", "lbl": ["room:kitchen"]}}));
    c.tick(1);
    let first = c.expect(
        Request::create(
            "cse-in/sensor/temperature",
            &ae,
            4,
            json!({"m2m:cin": {"cnf": "text/plain:0", "con": "21.5"}}),
        ),
        Rsc::Created,
    );
    assert_eq!(first.attribute("cs"), Some(&json!(4)));
    assert_eq!(first.attribute("pi"), Some(&json!(cnt)));
    assert_eq!(first.location.as_deref().map(|l| l.starts_with("cse-in/sensor/temperature/")), Some(true));
    c.tick(1);
    c.expect(
        Request::create("cse-in/sensor/temperature", &ae, 4, json!({"m2m:cin": {"rn": "second", "con": "22"}})),
        Rsc::Created,
    );
    let container = c.expect(Request::retrieve("cse-in/sensor/temperature", &ae), Rsc::Ok);
    assert_eq!(container.attribute("cni"), Some(&json!(2)));
    assert_eq!(container.attribute("cbs"), Some(&json!(6)));
    assert_eq!(container.attribute("st"), Some(&json!(2)), "st increments on each change");
    let latest = c.expect(Request::retrieve("cse-in/sensor/temperature/la", &ae), Rsc::Ok);
    assert_eq!(latest.attribute("con"), Some(&json!("22")));
    let oldest = c.expect(Request::retrieve("cse-in/sensor/temperature/ol", &ae), Rsc::Ok);
    assert_eq!(oldest.attribute("con"), Some(&json!("21.5")));
    // contentInstances cannot be updated; la is virtual
    c.expect(
        Request::update("cse-in/sensor/temperature/second", &ae, json!({"m2m:cin": {"con": "x"}})),
        Rsc::OperationNotAllowed,
    );
    c.expect(
        Request::update("cse-in/sensor/temperature/la", &ae, json!({"m2m:cin": {"con": "x"}})),
        Rsc::OperationNotAllowed,
    );
    c.expect(
        Request::create("cse-in/sensor/temperature/la", &ae, 4, json!({"m2m:cin": {"con": "x"}})),
        Rsc::OperationNotAllowed,
    );
    // deleting la removes the latest instance
    c.expect(Request::delete("cse-in/sensor/temperature/la", &ae), Rsc::Deleted);
    let container = c.expect(Request::retrieve("cse-in/sensor/temperature", &ae), Rsc::Ok);
    assert_eq!(container.attribute("cni"), Some(&json!(1)));
    assert_eq!(container.attribute("cbs"), Some(&json!(4)));
    // an empty container has no la
    c.expect(Request::delete("cse-in/sensor/temperature/ol", &ae), Rsc::Deleted);
    c.expect(Request::retrieve("cse-in/sensor/temperature/la", &ae), Rsc::NotFound);
    c.expect(Request::retrieve("cse-in/sensor/temperature/nothing", &ae), Rsc::NotFound);
}

#[test]
fn container_limits_evict_the_oldest_instances() {
    let mut c = Conversation::new();
    let ae = c.register("sensor", "Csensor");
    c.create("cse-in/sensor", &ae, 3, json!({"m2m:cnt": {"rn": "data", "mni": 3, "mbs": 10}}));
    for value in ["a", "bb", "ccc", "dddd"] {
        c.tick(1);
        c.expect(Request::create("cse-in/sensor/data", &ae, 4, json!({"m2m:cin": {"con": value}})), Rsc::Created);
    }
    let container = c.expect(Request::retrieve("cse-in/sensor/data", &ae), Rsc::Ok);
    assert_eq!(container.attribute("cni"), Some(&json!(3)), "mni 3 evicted the oldest");
    assert_eq!(container.attribute("cbs"), Some(&json!(9)));
    let oldest = c.expect(Request::retrieve("cse-in/sensor/data/ol", &ae), Rsc::Ok);
    assert_eq!(oldest.attribute("con"), Some(&json!("bb")));
    // mbs 10: a 4-byte instance pushes out "bb" and "ccc"
    c.expect(Request::create("cse-in/sensor/data", &ae, 4, json!({"m2m:cin": {"con": "eeee"}})), Rsc::Created);
    let container = c.expect(Request::retrieve("cse-in/sensor/data", &ae), Rsc::Ok);
    assert_eq!(container.attribute("cbs"), Some(&json!(8)));
    assert_eq!(container.attribute("cni"), Some(&json!(2)));
    // bigger than mbs on its own: refused
    c.expect(
        Request::create("cse-in/sensor/data", &ae, 4, json!({"m2m:cin": {"con": "01234567890"}})),
        Rsc::NotAcceptable,
    );
    // lowering mni evicts at once
    let updated = c.expect(Request::update("cse-in/sensor/data", &ae, json!({"m2m:cnt": {"mni": 1}})), Rsc::Updated);
    assert_eq!(updated.attribute("cni"), Some(&json!(1)));
    assert_eq!(updated.attribute("mni"), Some(&json!(1)));
}

#[test]
fn resource_names_and_child_types() {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    for bad in ["a/b", "with space", "q?", "la"] {
        c.expect(Request::create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": bad}})), Rsc::BadRequest);
    }
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "box"}}));
    c.expect(Request::create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "box"}})), Rsc::Conflict);
    // an AE under an AE, a contentInstance under an AE, anything under a contentInstance
    c.expect(
        Request::create("cse-in/app", &ae, 2, json!({"m2m:ae": {"api": "Nx", "rr": true}})),
        Rsc::InvalidChildResourceType,
    );
    c.expect(Request::create("cse-in/app", &ae, 4, json!({"m2m:cin": {"con": "x"}})), Rsc::InvalidChildResourceType);
    c.create("cse-in/app/box", &ae, 4, json!({"m2m:cin": {"rn": "one", "con": "x"}}));
    c.expect(Request::create("cse-in/app/box/one", &ae, 3, json!({"m2m:cnt": {}})), Rsc::InvalidChildResourceType);
    // the CSEBase cannot be created, updated or deleted
    c.expect(Request::create("cse-in", ADMIN, 5, json!({"m2m:cb": {}})), Rsc::InvalidChildResourceType);
    c.expect(Request::update("cse-in", ADMIN, json!({"m2m:cb": {"lbl": ["x"]}})), Rsc::OperationNotAllowed);
    c.expect(Request::delete("cse-in", ADMIN), Rsc::OperationNotAllowed);
    // resource types this CSE does not host
    c.expect(Request::create("cse-in/app", &ae, 29, json!({"m2m:ts": {}})), Rsc::NotImplemented);
    c.expect(Request::create("cse-in/app", &ae, 77, json!({"m2m:xyz": {}})), Rsc::BadRequest);
    c.expect(Request::new(onem2m_cse::Operation::Create, "cse-in/app", &ae), Rsc::BadRequest);
}

#[test]
fn updates_refuse_read_only_and_unknown_attributes() {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "box"}}));
    for attribute in ["ri", "ty", "pi", "ct", "lt", "st", "cr", "cni", "cbs", "rn", "colour"] {
        let response =
            c.expect(Request::update("cse-in/app/box", &ae, json!({"m2m:cnt": {attribute: "x"}})), Rsc::BadRequest);
        assert!(response.debug_message().unwrap_or_default().contains(attribute), "{attribute}");
    }
    c.expect(Request::update("cse-in/app/box", &ae, json!({"m2m:ae": {"lbl": ["x"]}})), Rsc::BadRequest);
    c.expect(Request::update("cse-in/app", &ae, json!({"m2m:ae": {"api": "Nother"}})), Rsc::BadRequest);
    c.expect(Request::update("cse-in/app/box", &ae, json!({"m2m:cnt": {"mni": -1}})), Rsc::BadRequest);
    c.expect(Request::update("cse-in/app/box", &ae, json!({"m2m:cnt": {"et": "20200101T000000"}})), Rsc::BadRequest);
    c.tick(5);
    let response = c.expect(
        Request::update("cse-in/app/box", &ae, json!({"m2m:cnt": {"lbl": ["a", "b"], "mni": 5}})).with_rcn(9),
        Rsc::Updated,
    );
    assert_eq!(response.pc, Some(json!({"m2m:cnt": {"lbl": ["a", "b"], "mni": 5}})));
    let response = c.expect(Request::retrieve("cse-in/app/box", &ae), Rsc::Ok);
    assert_eq!(response.attribute("lt"), Some(&json!("20261125T120005,000000")));
    assert_eq!(response.attribute("st"), Some(&json!(1)));
    // a create may send cr as null (asking for the creator), not a value
    c.expect(Request::create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"cr": null}})), Rsc::Created);
    c.expect(Request::create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"cr": "Cother"}})), Rsc::BadRequest);
    // mandatory attributes cannot be removed
    c.expect(Request::update("cse-in/app", &ae, json!({"m2m:ae": {"rr": null}})), Rsc::BadRequest);
}

#[test]
fn every_address_form_resolves() {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    let cnt = c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "box"}}));
    let forms = [
        "cse-in/app/box".to_owned(),
        "/cse-in/app/box".to_owned(),
        cnt.clone(),
        "Capp/box".to_owned(),
        "/id-in/cse-in/app/box".to_owned(),
        format!("/id-in/{cnt}"),
        "//example.org/id-in/cse-in/app/box".to_owned(),
        format!("//example.org/id-in/{cnt}"),
        "/~/id-in/cse-in/app/box".to_owned(),
        "~/id-in/cse-in/app/box".to_owned(),
        "/_/example.org/id-in/cse-in/app/box".to_owned(),
        "_/example.org/id-in/cse-in/app/box".to_owned(),
        // `-` stands for the CSEBase's name, in every structured form
        "-/app/box".to_owned(),
        "/id-in/-/app/box".to_owned(),
        "//example.org/id-in/-/app/box".to_owned(),
        "/~/id-in/-/app/box".to_owned(),
        "/_/example.org/id-in/-/app/box".to_owned(),
    ];
    for to in forms {
        let response = c.expect(Request::retrieve(&to, &ae), Rsc::Ok);
        assert_eq!(response.attribute("ri"), Some(&json!(cnt)), "{to}");
    }
    // a trailing '/' is refused, in every form
    for to in ["cse-in/app/box/", "/id-in/cse-in/app/box/", "_/example.org/id-in/cse-in/app/box/", "-/", "cse-in/"] {
        let refused = c.expect(Request::retrieve(to, &ae), Rsc::BadRequest);
        assert!(refused.debug_message().unwrap_or_default().contains("ends with '/'"), "{to}");
    }
    c.expect(Request::retrieve("-", ADMIN), Rsc::Ok);
    c.expect(Request::retrieve("/id-in", ADMIN), Rsc::Ok);
    c.expect(Request::retrieve("id-in", ADMIN), Rsc::Ok);
    // SP-relative originator forms name the same AE
    c.expect(Request::retrieve("cse-in/app/box", "/id-in/Capp"), Rsc::Ok);
    c.expect(Request::retrieve("/id-mn/cse-mn/app", &ae), Rsc::TargetNotReachable);
    c.expect(Request::retrieve("//other.org/id-in/cse-in", &ae), Rsc::TargetNotReachable);
    c.expect(Request::retrieve("nowhere/app", &ae), Rsc::NotFound);
    c.expect(Request::retrieve("cse-in//app", &ae), Rsc::NotFound);
    c.expect(Request::retrieve("", &ae), Rsc::BadRequest);
}

#[test]
fn result_content_of_create_update_delete() {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    let none =
        c.expect(Request::create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "a"}})).with_rcn(0), Rsc::Created);
    assert_eq!(none.pc, None);
    let address =
        c.expect(Request::create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "b"}})).with_rcn(2), Rsc::Created);
    assert_eq!(address.pc, Some(json!({"m2m:uri": "cse-in/app/b"})));
    let both =
        c.expect(Request::create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "c"}})).with_rcn(3), Rsc::Created);
    let rce = both.pc.as_ref().and_then(|pc| pc.get("m2m:rce")).expect("m2m:rce");
    assert_eq!(rce["uri"], "cse-in/app/c");
    assert_eq!(rce["m2m:cnt"]["rn"], "c");
    c.expect(Request::create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "d"}})).with_rcn(4), Rsc::BadRequest);
    c.expect(Request::update("cse-in/app/a", &ae, json!({"m2m:cnt": {"mni": 2}})).with_rcn(2), Rsc::BadRequest);
    c.expect(Request::delete("cse-in/app/a", &ae).with_rcn(9), Rsc::BadRequest);
    let deleted = c.expect(Request::delete("cse-in/app/a", &ae).with_rcn(1), Rsc::Deleted);
    assert_eq!(deleted.attribute("rn"), Some(&json!("a")));
    c.expect(Request::retrieve("cse-in/app/a", &ae), Rsc::NotFound);
}

#[test]
fn request_parameters_the_cse_checks() {
    let mut c = Conversation::new();
    // a request without an originator: refused, except an AE registration (the CSE assigns its AE-ID)
    for anonymous in ["", "  "] {
        let refused = c.expect(Request::retrieve("cse-in", anonymous), Rsc::BadRequest);
        assert!(refused.debug_message().is_some_and(|m| m.contains("originator")), "{:?}", refused.debug_message());
    }
    c.expect(Request::delete("cse-in/acpCSEBase", ""), Rsc::BadRequest);
    let mut expired = Request::retrieve("cse-in", ADMIN);
    expired.rqet = Some("20261125T115959".into());
    c.expect(expired, Rsc::RequestTimeout);
    let mut later = Request::retrieve("cse-in", ADMIN);
    later.rqet = Some("20261125T120500".into());
    c.expect(later, Rsc::Ok);
    let mut garbage = Request::retrieve("cse-in", ADMIN);
    garbage.rqet = Some("tomorrow".into());
    c.expect(garbage, Rsc::BadRequest);
    let mut asynchronous = Request::retrieve("cse-in", ADMIN);
    asynchronous.rt = Some(ResponseTypeInfo { rtv: 2, nu: Vec::new() });
    c.expect(asynchronous, Rsc::NotImplemented);
    let mut bad_drt = Request::retrieve("cse-in", ADMIN).with_fc(FilterCriteria::discovery());
    bad_drt.drt = Some(7);
    c.expect(bad_drt, Rsc::BadRequest);
}

#[test]
fn notify_requests_reach_aes_with_a_point_of_access() {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    c.expect(
        Request::create("cse-in", "Cquiet", 2, json!({"m2m:ae": {"rn": "quiet", "api": "Nq", "rr": false}})),
        Rsc::Created,
    );
    let _ = c.notifications();
    c.expect(Request::notify("cse-in/app", &ae, json!({"m2m:sgn": {"nev": {"net": 1}}})), Rsc::Ok);
    let delivered = c.notifications();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].target.address(), Some("http://app.example:8080"));
    c.expect(Request::notify("cse-in/quiet", "Cquiet", json!({"m2m:sgn": {}})), Rsc::TargetNotReachable);
    c.expect(Request::notify("cse-in", &ae, json!({"m2m:sgn": {}})), Rsc::Ok);
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "box"}}));
    c.expect(Request::notify("cse-in/app/box", &ae, json!({"m2m:sgn": {}})), Rsc::OperationNotAllowed);
    c.expect(Request::notify("cse-in/app", "Cstranger", json!({"m2m:sgn": {}})), Rsc::OriginatorHasNoPrivilege);
    // a Create that forgot its ty arrives as a Notify carrying a resource: refused, and it says why
    let slip = c.expect(
        Request::notify("cse-in", "Cnew", json!({"m2m:ae": {"rn": "new", "api": "Nnew", "rr": false}})),
        Rsc::BadRequest,
    );
    let message = slip.debug_message().expect("an explanation");
    assert!(message.contains("Notify") && message.contains("ty=2"), "{message}");
    let slip = c.expect(Request::notify("cse-in/app", &ae, json!({"m2m:cin": {"con": "21.5"}})), Rsc::BadRequest);
    assert!(slip.debug_message().expect("an explanation").contains("ty=4"));
    assert!(c.notifications().is_empty(), "nothing was delivered for the slips");
}

#[test]
fn the_trace_records_requests_and_responses_in_order() {
    let mut c = Conversation::new();
    c.trace();
    let ae = c.register("app", "C");
    c.tick(3);
    c.expect(Request::retrieve("cse-in/app", &ae), Rsc::Ok);
    let trace = c.trace();
    assert_eq!(trace.len(), 4);
    assert!(matches!(&trace[0].kind, TraceKind::Request(r) if r.op == onem2m_cse::Operation::Create));
    assert!(matches!(&trace[1].kind, TraceKind::Response(r) if r.rsc == Rsc::Created));
    assert!(matches!(&trace[3].kind, TraceKind::Response(r) if r.rsc == Rsc::Ok));
    assert_eq!(trace[2].at.as_millis() - trace[1].at.as_millis(), 3000, "stamped with the caller's clock");
    assert!(trace.windows(2).all(|pair| pair[0].sequence + 1 == pair[1].sequence));
}

#[test]
fn identical_seeds_give_identical_conversations() {
    let run = || {
        let mut c = Conversation::new();
        let ae = c.register("app", "C");
        let cnt = c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {}}));
        (ae, cnt, c.cse.snapshot())
    };
    assert_eq!(run(), run());
    let response_value: Value = serde_json::to_value(run().0).expect("json");
    assert!(response_value.is_string());
}
