//! Expiration against the caller's clock.

use onem2m_cse::{NotificationKind, Request, TraceKind};
use serde_json::json;

use crate::harness::{Conversation, Rsc};

#[test]
fn expired_resources_vanish_with_notifications() {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    c.create("cse-in/app", &ae, 23, json!({"m2m:sub": {"nu": ["Capp"], "enc": {"net": [4]}}}));
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "brief", "et": "20261125T120100"}}));
    c.create("cse-in/app/brief", &ae, 23, json!({"m2m:sub": {"nu": ["Capp"], "su": "Capp", "enc": {"net": [2]}}}));
    let _ = c.notifications();
    c.trace();
    c.tick(59);
    c.expect(Request::retrieve("cse-in/app/brief", &ae), Rsc::Ok);
    c.tick(1);
    c.cse.advance(c.now);
    let trace = c.trace();
    assert!(trace.iter().any(|e| matches!(&e.kind, TraceKind::Expired { path, .. } if path == "cse-in/app/brief")));
    let kinds: Vec<(NotificationKind, Option<u64>)> =
        c.notifications().iter().map(|n| (n.kind, n.content["m2m:sgn"]["nev"]["net"].as_u64())).collect();
    assert_eq!(
        kinds,
        [
            (NotificationKind::Event, Some(2)),
            (NotificationKind::SubscriptionDeleted, None),
            (NotificationKind::Event, Some(4))
        ]
    );
    c.expect(Request::retrieve("cse-in/app/brief", &ae), Rsc::NotFound);
    // et must lie in the future
    c.expect(Request::create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"et": "20261125T115900"}})), Rsc::BadRequest);
    c.expect(Request::create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"et": "soon"}})), Rsc::BadRequest);
}

#[test]
fn max_instance_age_removes_old_instances() {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "recent", "mia": 60}}));
    c.create("cse-in/app/recent", &ae, 4, json!({"m2m:cin": {"con": "old"}}));
    c.tick(30);
    c.create("cse-in/app/recent", &ae, 4, json!({"m2m:cin": {"con": "new"}}));
    c.tick(31);
    let container = c.expect(Request::retrieve("cse-in/app/recent", &ae), Rsc::Ok);
    assert_eq!(container.attribute("cni"), Some(&json!(1)));
    let oldest = c.expect(Request::retrieve("cse-in/app/recent/ol", &ae), Rsc::Ok);
    assert_eq!(oldest.attribute("con"), Some(&json!("new")));
    // shortening mia applies to the instances already there
    c.expect(Request::update("cse-in/app/recent", &ae, json!({"m2m:cnt": {"mia": 10}})), Rsc::Updated);
    let container = c.expect(Request::retrieve("cse-in/app/recent", &ae), Rsc::Ok);
    assert_eq!(container.attribute("cni"), Some(&json!(0)));
}

#[test]
fn default_lifetime_sets_et() {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    let response = c.expect(Request::retrieve("cse-in/app", &ae), Rsc::Ok);
    assert_eq!(response.attribute("et"), Some(&json!("20271125T120000,000000")));
}

#[test]
fn a_shell_that_arms_a_timer_on_poll_timeout_expires_resources_on_time() {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    let registered_expiry = c.cse.poll_timeout().expect("the AE expires after the default lifetime, a year");
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "brief", "et": "20261125T120030"}}));
    c.create("cse-in/app/brief", &ae, 23, json!({"m2m:sub": {"nu": ["Capp"], "su": "Capp", "enc": {"net": [2]}}}));
    let _ = c.notifications();
    let deadline = c.cse.poll_timeout().expect("a deadline");
    assert_eq!(deadline.to_onem2m_seconds(), "20261125T120030");
    assert!(deadline < registered_expiry);
    // the shell's timer fires at the deadline: no request, only the clock
    c.cse.advance(deadline);
    assert!(c.cse.resolve_address("cse-in/app/brief").is_none(), "gone without other traffic");
    let kinds: Vec<NotificationKind> = c.notifications().iter().map(|n| n.kind).collect();
    assert_eq!(kinds, [NotificationKind::Event, NotificationKind::SubscriptionDeleted]);
    // the next deadline is the next expiry; a contentInstance's mia counts too
    assert_eq!(c.cse.poll_timeout(), Some(registered_expiry));
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "aged", "mia": 10}}));
    c.create("cse-in/app/aged", &ae, 4, json!({"m2m:cin": {"con": "x"}}));
    assert_eq!(c.cse.poll_timeout(), Some(c.now.plus_seconds(10)));
    c.cse.advance(c.now.plus_seconds(10));
    c.expect(Request::retrieve("cse-in/app/aged/la", &ae), Rsc::NotFound);
}
