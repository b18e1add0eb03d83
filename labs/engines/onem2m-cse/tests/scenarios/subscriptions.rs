//! Subscriptions: verification, events (net 1-4), content types (nct 1-3), exc, sud.

use onem2m_cse::{NotificationKind, NotificationTarget, Request, TraceKind, VerificationOutcome};
use serde_json::{Value, json};

use crate::harness::{ADMIN, Conversation, Rsc};

fn setup() -> (Conversation, String) {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "data"}}));
    let _ = c.notifications();
    (c, ae)
}

fn sgn(notification: &onem2m_cse::OutgoingNotification) -> &Value {
    &notification.content["m2m:sgn"]
}

#[test]
fn a_new_instance_notifies_the_subscriber() {
    let (mut c, ae) = setup();
    let watch =
        c.create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"rn": "watch", "nu": ["Capp"], "enc": {"net": [3]}}}));
    assert!(c.notifications().is_empty(), "the subscriber itself needs no verification");
    c.create("cse-in/app/data", &ae, 4, json!({"m2m:cin": {"rn": "r1", "con": "on"}}));
    let sent = c.notifications();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].kind, NotificationKind::Event);
    assert_eq!(
        sent[0].target,
        NotificationTarget::Ae { aei: "Capp".into(), poa: vec!["http://app.example:8080".into()] }
    );
    assert_eq!(sgn(&sent[0])["nev"]["net"], 3);
    assert_eq!(sgn(&sent[0])["nev"]["rep"]["m2m:cin"]["con"], "on");
    // sur is the subscription's resource ID
    assert_eq!(sgn(&sent[0])["sur"], json!(watch));
}

#[test]
fn verification_goes_to_other_targets_first() {
    let (mut c, ae) = setup();
    c.register("display", "Cdisplay");
    // the display lets the app notify it (a subscription may only target an AE it may notify)
    let inbox = c.create(
        "cse-in/display",
        "Cdisplay",
        1,
        json!({"m2m:acp": {"rn": "inbox", "pv": {"acr": [{"acor": ["Cdisplay"], "acop": 63}, {"acor": [ae], "acop": 16}]},
            "pvs": {"acr": [{"acor": ["Cdisplay"], "acop": 63}]}}}),
    );
    c.expect(Request::update("cse-in/display", "Cdisplay", json!({"m2m:ae": {"acpi": [inbox]}})), Rsc::Updated);
    let _ = c.notifications();
    c.trace();
    c.create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": ["Cdisplay", "http://collector.example/notify"]}}));
    let verifications: Vec<_> = c
        .trace()
        .into_iter()
        .filter_map(|event| match event.kind {
            TraceKind::Notification(n) if n.kind == NotificationKind::Verification => Some(n),
            _ => None,
        })
        .collect();
    assert_eq!(verifications.len(), 2);
    assert_eq!(verifications[0].content["m2m:sgn"]["vrq"], true);
    assert_eq!(verifications[0].content["m2m:sgn"]["cr"], "Capp");
    // a target that refuses, or cannot be reached, fails the create
    let mut refuse = |_: &NotificationTarget, _: &Value| VerificationOutcome::Rejected;
    let response = c.send_with(
        Request::create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": ["http://x.example"]}})),
        &mut refuse,
    );
    assert_eq!(response.rsc, Rsc::SubscriptionVerificationInitiationFailed);
    let mut unreachable = |_: &NotificationTarget, _: &Value| VerificationOutcome::Unreachable;
    let response = c.send_with(
        Request::create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": ["Cdisplay"]}})),
        &mut unreachable,
    );
    assert_eq!(response.rsc, Rsc::SubscriptionVerificationInitiationFailed);
    // an AE without a point of access cannot be verified by the simulated transport
    c.expect(
        Request::create("cse-in", "Cmute", 2, json!({"m2m:ae": {"rn": "mute", "api": "Nm", "rr": false}})),
        Rsc::Created,
    );
    // (the app may not notify Cmute at all: 4103; the administrator may, and is stopped by verification)
    c.expect(
        Request::create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": ["Cmute"]}})),
        Rsc::OriginatorHasNoPrivilege,
    );
    c.expect(
        Request::create("cse-in/app/data", ADMIN, 23, json!({"m2m:sub": {"nu": ["Cmute"]}})),
        Rsc::SubscriptionVerificationInitiationFailed,
    );
    c.expect(
        Request::create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": ["cse-in/nobody"]}})),
        Rsc::SubscriptionVerificationInitiationFailed,
    );
    let data = c.expect(Request::retrieve("cse-in/app/data", &ae).with_rcn(8), Rsc::Ok);
    assert_eq!(
        data.pc.as_ref().expect("pc")["m2m:sub"].as_array().map(Vec::len),
        Some(1),
        "only the verified subscription exists"
    );
}

#[test]
fn update_and_delete_events_with_content_types() {
    let (mut c, ae) = setup();
    c.create(
        "cse-in/app/data",
        &ae,
        23,
        json!({"m2m:sub": {"rn": "all", "nu": ["Capp"], "enc": {"net": [1, 2]}, "nct": 1}}),
    );
    c.create(
        "cse-in/app/data",
        &ae,
        23,
        json!({"m2m:sub": {"rn": "modified", "nu": ["Capp"], "enc": {"net": [1]}, "nct": 2}}),
    );
    c.create(
        "cse-in/app/data",
        &ae,
        23,
        json!({"m2m:sub": {"rn": "id", "nu": ["Capp"], "enc": {"net": [1]}, "nct": 3}}),
    );
    let _ = c.notifications();
    c.expect(Request::update("cse-in/app/data", &ae, json!({"m2m:cnt": {"mni": 10}})), Rsc::Updated);
    let sent = c.notifications();
    assert_eq!(sent.len(), 3);
    assert_eq!(sgn(&sent[0])["nev"]["rep"]["m2m:cnt"]["rn"], "data", "nct 1: all attributes");
    assert_eq!(sgn(&sent[1])["nev"]["rep"], json!({"m2m:cnt": {"mni": 10}}), "nct 2: modified attributes");
    let ri = c.cse.resolve_address("cse-in/app/data").expect("container");
    assert_eq!(sgn(&sent[2])["nev"]["rep"], json!({"m2m:uri": ri}), "nct 3: resource ID");
    c.expect(Request::delete("cse-in/app/data", &ae), Rsc::Deleted);
    let sent = c.notifications();
    assert_eq!(sent.len(), 1, "only 'all' asked for net 2; the subscriptions have no su");
    assert_eq!(sgn(&sent[0])["nev"]["net"], 2);
}

#[test]
fn child_deletion_and_type_filter() {
    let (mut c, ae) = setup();
    c.create("cse-in/app", &ae, 23, json!({"m2m:sub": {"nu": ["Capp"], "enc": {"net": [3, 4], "chty": [3]}}}));
    c.create("cse-in/app/data", &ae, 4, json!({"m2m:cin": {"con": "x"}}));
    c.create("cse-in/app", &ae, 1, crate::harness::policy("p", &["all"], 2));
    assert!(c.notifications().is_empty(), "chty [3]: neither an instance nor a policy counts");
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "more"}}));
    c.expect(Request::delete("cse-in/app/more", &ae), Rsc::Deleted);
    let sent = c.notifications();
    let events: Vec<u64> = sent.iter().filter_map(|n| sgn(n)["nev"]["net"].as_u64()).collect();
    assert_eq!(events, [3, 4]);
}

#[test]
fn expiration_counter_and_subscription_deletion() {
    let (mut c, ae) = setup();
    c.create(
        "cse-in/app/data",
        &ae,
        23,
        json!({"m2m:sub": {"rn": "twice", "nu": ["http://collector.example/n"], "su": "Capp", "exc": 2, "enc": {"net": [3]}}}),
    );
    let _ = c.notifications();
    c.create("cse-in/app/data", &ae, 4, json!({"m2m:cin": {"con": "1"}}));
    let after_one = c.expect(Request::retrieve("cse-in/app/data/twice", &ae), Rsc::Ok);
    assert_eq!(after_one.attribute("exc"), Some(&json!(1)));
    c.create("cse-in/app/data", &ae, 4, json!({"m2m:cin": {"con": "2"}}));
    c.expect(Request::retrieve("cse-in/app/data/twice", &ae), Rsc::NotFound);
    let sent = c.notifications();
    let kinds: Vec<NotificationKind> = sent.iter().map(|n| n.kind).collect();
    assert_eq!(kinds, [NotificationKind::Event, NotificationKind::Event, NotificationKind::SubscriptionDeleted]);
    assert_eq!(sent[0].target, NotificationTarget::Uri("http://collector.example/n".into()));
    assert_eq!(sgn(&sent[2])["sud"], true);
    assert_eq!(sent[2].target.address(), Some("http://app.example:8080"));
    // deleting the subscribed-to resource deletes the subscription and tells su
    c.create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": ["Capp"], "su": "Capp"}}));
    let _ = c.notifications();
    c.expect(Request::delete("cse-in/app/data", &ae), Rsc::Deleted);
    let sent = c.notifications();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].kind, NotificationKind::SubscriptionDeleted);
}

#[test]
fn subscription_attributes_are_checked() {
    let (mut c, ae) = setup();
    c.expect(Request::create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": []}})), Rsc::BadRequest);
    c.expect(
        Request::create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": ["Capp"], "enc": {"net": [5]}}})),
        Rsc::NotImplemented,
    );
    c.expect(
        Request::create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": ["Capp"], "enc": {"net": [42]}}})),
        Rsc::BadRequest,
    );
    c.expect(
        Request::create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": ["Capp"], "nct": 4}})),
        Rsc::NotImplemented,
    );
    c.expect(
        Request::create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": ["Capp"], "nct": 9}})),
        Rsc::BadRequest,
    );
    c.expect(
        Request::create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"nu": ["Capp"], "exc": 0}})),
        Rsc::BadRequest,
    );
    c.create("cse-in/app/data", &ae, 23, json!({"m2m:sub": {"rn": "s", "nu": ["Capp"]}}));
    c.expect(Request::update("cse-in/app/data/s", &ae, json!({"m2m:sub": {"su": "Capp"}})), Rsc::BadRequest);
    let mut refuse = |_: &NotificationTarget, _: &Value| VerificationOutcome::Rejected;
    let response = c.send_with(
        Request::update("cse-in/app/data/s", &ae, json!({"m2m:sub": {"nu": ["Capp", "http://new.example"]}})),
        &mut refuse,
    );
    assert_eq!(response.rsc, Rsc::SubscriptionVerificationInitiationFailed, "new nu entries are verified");
}
