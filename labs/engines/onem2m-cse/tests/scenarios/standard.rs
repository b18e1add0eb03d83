//! The facts file's "Rules the engine must also follow" (issue 15): behaviours students meet
//! unchanged on a real CSE. The addressing rules (`-`, trailing `/`) are in `basics.rs`.

use onem2m_cse::{NotificationKind, NotificationTarget, Request, Timestamp};
use serde_json::{Value, json};

use crate::harness::{ADMIN, Conversation, Rsc};

#[test]
fn the_creator_attribute_is_set_only_when_requested_with_null() {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    let plain = c.expect(Request::create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "plain"}})), Rsc::Created);
    assert_eq!(plain.attribute("cr"), None, "no cr unless asked for");
    let asked = c.expect(
        Request::create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "asked", "cr": null}})),
        Rsc::Created,
    );
    assert_eq!(asked.attribute("cr"), Some(&json!(owner)));
    let read = c.expect(Request::retrieve("cse-in/owner/asked", &owner), Rsc::Ok);
    assert_eq!(read.attribute("cr"), Some(&json!(owner)));
    assert_eq!(c.expect(Request::retrieve("cse-in/owner/plain", &owner), Rsc::Ok).attribute("cr"), None);
    // a value is refused, at creation and in an update
    let refused = c.expect(
        Request::create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "forged", "cr": "Cother"}})),
        Rsc::BadRequest,
    );
    assert!(refused.debug_message().unwrap_or_default().contains("'cr'"));
    c.expect(Request::update("cse-in/owner/plain", &owner, json!({"m2m:cnt": {"cr": null}})), Rsc::BadRequest);
    // the creator still has its rights on a resource without acpi, whether or not cr is shown
    c.expect(Request::delete("cse-in/owner/plain", &owner), Rsc::Deleted);
    // an AE registration may ask for it too
    let ae = c.expect(
        Request::create(
            "cse-in",
            "Cshown",
            2,
            json!({"m2m:ae": {"api": "Nshown", "rr": true, "srv": ["3"], "cr": null}}),
        ),
        Rsc::Created,
    );
    assert_eq!(ae.attribute("cr"), Some(&json!("Cshown")));
    // and a snapshot keeps both
    let restored = onem2m_cse::Cse::restore(&c.cse.snapshot()).expect("restores");
    let asked_ri = c.cse.resolve_address("cse-in/owner/asked").expect("exists");
    let resource = restored.resource(&asked_ri).expect("restored");
    assert_eq!(resource.to_json()["m2m:cnt"]["cr"], json!(owner));
}

#[test]
fn deleting_a_subscription_tells_its_subscriber() {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "data"}}));
    let sub = c.create(
        "cse-in/owner/data",
        &owner,
        23,
        json!({"m2m:sub": {"rn": "watch", "nu": [owner], "su": "http://owner.example/deleted"}}),
    );
    let _ = c.notifications();
    c.expect(Request::delete("cse-in/owner/data/watch", &owner), Rsc::Deleted);
    let sent = c.notifications();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].kind, NotificationKind::SubscriptionDeleted);
    assert_eq!(sent[0].target, NotificationTarget::Uri("http://owner.example/deleted".into()));
    assert_eq!(sent[0].content["m2m:sgn"]["sud"], true);
    assert_eq!(sent[0].content["m2m:sgn"]["sur"], json!(sub), "sur is the subscription's resource ID");
}

#[test]
fn an_ae_registered_not_reachable_gets_no_pushed_notifications() {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    let register =
        |rr: bool| json!({"m2m:ae": {"api": "Nquiet", "rr": rr, "srv": ["3"], "poa": ["http://quiet.example"]}});
    c.expect(Request::create("cse-in", "Cquiet", 2, register(false)), Rsc::Created);
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "data"}}));
    // the administrator may notify anyone: the subscription itself is accepted
    c.create(
        "cse-in/owner/data",
        ADMIN,
        23,
        json!({"m2m:sub": {"rn": "toQuiet", "nu": ["Cquiet"], "enc": {"net": [3]}}}),
    );
    let _ = c.notifications();
    c.create("cse-in/owner/data", &owner, 4, json!({"m2m:cin": {"con": "1"}}));
    assert!(c.notifications().is_empty(), "rr false: nothing is pushed");
    // a Notify addressed to it is not reachable either
    c.expect(Request::notify("cse-in/Cquiet", ADMIN, json!({"m2m:sgn": {"sur": "x"}})), Rsc::TargetNotReachable);
    // once it says it is reachable, it is notified
    c.expect(Request::update("cse-in/Cquiet", "Cquiet", json!({"m2m:ae": {"rr": true}})), Rsc::Updated);
    c.create("cse-in/owner/data", &owner, 4, json!({"m2m:cin": {"con": "2"}}));
    let sent = c.notifications();
    assert_eq!(sent.len(), 1);
    assert!(matches!(&sent[0].target, NotificationTarget::Ae { aei, .. } if aei == "Cquiet"));
}

#[test]
fn request_and_result_expiry_and_execution_time() {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    let past = Timestamp::parse_onem2m("20261125T115959").expect("time").to_onem2m_seconds();
    let future = c.now.plus_seconds(60).to_onem2m_seconds();
    let later = c.now.plus_seconds(120).to_onem2m_seconds();
    let retrieve = || Request::retrieve("cse-in/owner", "Cowner");
    let expired = c.expect(Request { rqet: Some(past.clone()), ..retrieve() }, Rsc::RequestTimeout);
    assert!(expired.debug_message().unwrap_or_default().contains("rqet"));
    let expired = c.expect(Request { rset: Some(past.clone()), ..retrieve() }, Rsc::RequestTimeout);
    assert!(expired.debug_message().unwrap_or_default().contains("rset"));
    c.expect(Request { rset: Some(future.clone()), rqet: Some(future.clone()), ..retrieve() }, Rsc::Ok);
    c.expect(Request { rset: Some("soon".into()), ..retrieve() }, Rsc::BadRequest);
    // oet: in the past or now runs at once; malformed is 4000; not before rqet could never run
    c.expect(Request { oet: Some(past), ..retrieve() }, Rsc::Ok);
    c.expect(Request { oet: Some("tomorrow".into()), ..retrieve() }, Rsc::BadRequest);
    c.expect(Request { oet: Some(later.clone()), rqet: Some(future.clone()), ..retrieve() }, Rsc::RequestTimeout);
    // in the future: the engine never waits; the shell holds the request until deferred_until
    let early = Request { oet: Some(future.clone()), rqet: Some(later), ..retrieve() };
    let deferred = early.deferred_until(c.now).expect("deferred");
    assert_eq!(deferred.to_onem2m_seconds(), future);
    c.expect(early.clone(), Rsc::NotImplemented);
    c.tick(60);
    assert_eq!(early.deferred_until(c.now), None);
    let response = c.expect(early, Rsc::Ok);
    assert_eq!(response.attribute("aei"), Some(&json!(owner)));
}

#[test]
fn content_info_serializations_and_notification_content_types_are_validated() {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "data"}}));
    let cin = |cnf: &str| json!({"m2m:cin": {"cnf": cnf, "con": "1"}});
    for good in
        ["text/plain:0", "application/json:0", "application/octet-stream:2", "text/plain:1:0", "image/svg+xml:0"]
    {
        c.expect(Request::create("cse-in/owner/data", &owner, 4, cin(good)), Rsc::Created);
    }
    for bad in ["text/plain", "text:0", "plain text:0", "text/plain:7", "text/plain:0:x", "/plain:0", "text/:0", ""] {
        let refused = c.expect(Request::create("cse-in/owner/data", &owner, 4, cin(bad)), Rsc::BadRequest);
        assert!(refused.debug_message().unwrap_or_default().contains("cnf"), "{bad}");
    }
    // csz lists serializations
    let ae = |csz: Value| json!({"m2m:ae": {"api": "Nz", "rr": true, "srv": ["3"], "csz": csz}});
    c.expect(Request::create("cse-in", "Cz1", 2, ae(json!(["application/json", "application/cbor"]))), Rsc::Created);
    c.expect(Request::create("cse-in", "Cz2", 2, ae(json!(["application/yaml"]))), Rsc::BadRequest);
    c.expect(Request::create("cse-in", "Cz3", 2, ae(json!("application/json"))), Rsc::BadRequest);
    c.expect(Request::update("cse-in/Cz1", "Cz1", json!({"m2m:ae": {"csz": ["json"]}})), Rsc::BadRequest);
    // nct: 1-3 notified, 4-5 not implemented, anything else refused
    let sub = |nct: Value| json!({"m2m:sub": {"nu": ["http://x.example/n"], "nct": nct}});
    for nct in [1, 2, 3] {
        c.expect(Request::create("cse-in/owner/data", &owner, 23, sub(json!(nct))), Rsc::Created);
    }
    for nct in [4, 5] {
        c.expect(Request::create("cse-in/owner/data", &owner, 23, sub(json!(nct))), Rsc::NotImplemented);
    }
    for nct in [json!(0), json!(6), json!(-1), json!("1")] {
        c.expect(Request::create("cse-in/owner/data", &owner, 23, sub(nct)), Rsc::BadRequest);
    }
}
