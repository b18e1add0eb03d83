use super::*;
use onem2m_cse::FilterCriteria;

/// A session at the start of an exercise: setup applied, student's work starting.
fn start(id: &str) -> LabSession {
    let exercise = find_exercise(id).expect("known exercise");
    let mut session = LabSession::new();
    for request in (exercise.setup)() {
        let response = session.send(request.clone());
        assert!(response.rsc.is_success(), "setup of {id} failed on {request:?}: {response:?}");
    }
    session.mark_student_start();
    let outcome = (exercise.check)(&session);
    assert!(!outcome.passed, "{id} must not pass before the student does anything");
    session
}

fn check(session: &LabSession, id: &str) -> CheckOutcome {
    (find_exercise(id).expect("known").check)(session)
}

#[test]
fn ids_are_unique_and_every_exercise_has_hints() {
    let mut ids: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), EXERCISES.len());
    assert!(EXERCISES.len() >= 8);
    assert!(EXERCISES.iter().all(|exercise| !exercise.hints.is_empty() && !exercise.goal.is_empty()));
}

#[test]
fn the_catalog_lists_exactly_these_exercises_in_order() {
    let ids: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.id).collect();
    assert_eq!(ids, lab_catalog::CSE_LAB_EXERCISES, "the build validates `exercise = ...` against the catalog");
}

#[test]
fn first_contact() {
    let mut session = start("first-contact");
    session.send(Request::retrieve("cse-in/nothing", "CAdmin"));
    assert!(!check(&session, "first-contact").passed, "a 4004 does not count");
    session.send(Request::retrieve("cse-in", "CAdmin"));
    assert!(check(&session, "first-contact").passed);
}

#[test]
fn register_ae_wants_a_poa() {
    let mut session = start("register-ae");
    session.send(Request::create(
        "cse-in",
        "C",
        2,
        json!({"m2m:ae": {"rn": "noPoa", "api": "Nx", "rr": true, "srv": ["3"]}}),
    ));
    let outcome = check(&session, "register-ae");
    assert!(!outcome.passed && outcome.feedback.contains("no `poa`"), "{outcome:?}");
    session.send(Request::create(
        "cse-in",
        "C",
        2,
        json!({"m2m:ae": {"rn": "lamp", "api": "Nlamp", "rr": true, "srv": ["3"], "poa": ["sim://lamp"]}}),
    ));
    assert!(check(&session, "register-ae").passed);
}

#[test]
fn register_ae_wants_an_assigned_ae_id() {
    let mut session = start("register-ae");
    let poa = json!({"m2m:ae": {"rn": "admin-app", "api": "Nx", "rr": true, "srv": ["3"], "poa": ["sim://x"]}});
    session.send(Request::create("cse-in", "CAdmin", 2, poa));
    let outcome = check(&session, "register-ae");
    assert!(
        !outcome.passed && outcome.feedback.contains("`CAdmin`") && outcome.feedback.contains("administrator"),
        "{outcome:?}"
    );
    session.send(Request::create(
        "cse-in",
        "Cmine",
        2,
        json!({"m2m:ae": {"rn": "mine", "api": "Nx", "rr": true, "srv": ["3"], "poa": ["sim://y"]}}),
    ));
    let outcome = check(&session, "register-ae");
    assert!(
        !outcome.passed
            && outcome.feedback.contains("kept the name you gave")
            && !outcome.feedback.contains("administrator"),
        "{outcome:?}"
    );
    session.send(Request::create(
        "cse-in",
        "",
        2,
        json!({"m2m:ae": {"rn": "assigned", "api": "Nx", "rr": true, "srv": ["3"], "poa": ["sim://z"]}}),
    ));
    assert!(check(&session, "register-ae").passed, "an empty originator also asks the CSE for an AE-ID");
}

#[test]
fn containers_need_eviction_and_la() {
    let mut session = start("containers");
    session.send(Request::create("cse-in/sensor", "Csensor", 3, json!({"m2m:cnt": {"rn": "temp", "mni": 3}})));
    for value in ["1", "2", "3"] {
        session.send(Request::create("cse-in/sensor/temp", "Csensor", 4, json!({"m2m:cin": {"con": value}})));
    }
    session.send(Request::retrieve("cse-in/sensor/temp/la", "Csensor"));
    assert!(!check(&session, "containers").passed, "three instances evict nothing");
    session.send(Request::create("cse-in/sensor/temp", "Csensor", 4, json!({"m2m:cin": {"con": "4"}})));
    let outcome = check(&session, "containers");
    assert!(
        !outcome.passed && outcome.feedback.contains("`la`"),
        "the earlier `la` came before the eviction: {outcome:?}"
    );
    let latest = session.send(Request::retrieve("cse-in/sensor/temp/la", "Csensor"));
    assert_eq!(latest.attribute("con").and_then(Value::as_str), Some("4"));
    assert!(check(&session, "containers").passed);
}

#[test]
fn discovery_needs_type_and_label() {
    let mut session = start("discovery");
    let by_type = FilterCriteria { ty: vec![4], ..FilterCriteria::discovery() };
    session.send(Request::retrieve("cse-in", "Cnobody").with_fc(by_type.clone()));
    assert!(!check(&session, "discovery").passed, "a stranger discovers nothing");
    session.send(Request::retrieve("cse-in", "Cbuilding").with_fc(by_type));
    assert!(check(&session, "discovery").feedback.contains("now discover by label"));
    let by_label = FilterCriteria { lbl: vec!["room:1".into()], ..FilterCriteria::discovery() };
    session.send(Request::retrieve("cse-in", "Cbuilding").with_fc(by_label));
    assert!(check(&session, "discovery").passed);
}

#[test]
fn groups_fan_out() {
    let mut session = start("groups");
    let group = session.send(Request::create(
        "cse-in/lights",
        "Clights",
        9,
        json!({"m2m:grp": {"rn": "all", "mt": 3, "mnm": 10, "mid": ["cse-in/lights/lamp1", "cse-in/lights/lamp2"]}}),
    ));
    assert!(group.rsc.is_success(), "{group:?}");
    session.send(Request::retrieve("cse-in/lights/all", "Clights"));
    assert!(!check(&session, "groups").passed, "retrieving the group itself is not a fan-out");
    session.send(Request::retrieve("cse-in/lights/all/fopt", "Clights"));
    assert!(check(&session, "groups").passed);
}

#[test]
fn access_control_denial_then_fix() {
    let mut session = start("access-control");
    let acp = session.send(Request::create(
        "cse-in/meter",
        "Cmeter",
        1,
        json!({"m2m:acp": {"rn": "viewers", "pv": {"acr": [{"acor": ["Cviewer"], "acop": 2}, {"acor": ["Cmeter"], "acop": 63}]}, "pvs": {"acr": [{"acor": ["Cmeter"], "acop": 63}]}}}),
    ));
    assert!(acp.rsc.is_success(), "{acp:?}");
    let acp_ri = acp.attribute("ri").and_then(Value::as_str).expect("ri").to_owned();
    session.send(Request::update("cse-in/meter/reading", "Cmeter", json!({"m2m:cnt": {"acpi": [acp_ri]}})));
    session.send(Request::retrieve("cse-in/meter/reading", "Cviewer"));
    let outcome = check(&session, "access-control");
    assert!(
        !outcome.passed && outcome.feedback.contains("First get the denial"),
        "fixing before seeing the denial: {outcome:?}"
    );

    let mut session = start("access-control");
    let denied = session.send(Request::retrieve("cse-in/meter/reading", "Cviewer"));
    assert_eq!(denied.rsc, ResponseStatusCode::OriginatorHasNoPrivilege);
    let acp = session.send(Request::create(
        "cse-in/meter",
        "Cmeter",
        1,
        json!({"m2m:acp": {"rn": "viewers", "pv": {"acr": [{"acor": ["Cviewer"], "acop": 2}, {"acor": ["Cmeter"], "acop": 63}]}, "pvs": {"acr": [{"acor": ["Cmeter"], "acop": 63}]}}}),
    ));
    let acp_ri = acp.attribute("ri").and_then(Value::as_str).expect("ri").to_owned();
    session.send(Request::update("cse-in/meter/reading", "Cmeter", json!({"m2m:cnt": {"acpi": [acp_ri]}})));
    let granted = session.send(Request::retrieve("cse-in/meter/reading", "Cviewer"));
    assert_eq!(granted.rsc, ResponseStatusCode::Ok, "{granted:?}");
    assert!(check(&session, "access-control").passed);
}

#[test]
fn subscription_notifies_the_display() {
    let mut session = start("subscriptions");
    let subscription = session.send(Request::create(
        "cse-in/thermo/temperature",
        "Cthermo",
        23,
        json!({"m2m:sub": {"rn": "toDisplay", "nu": ["Cdisplay"], "enc": {"net": [1]}}}),
    ));
    assert!(subscription.rsc.is_success(), "{subscription:?}");
    session.send(Request::create("cse-in/thermo/temperature", "Cthermo", 4, json!({"m2m:cin": {"con": "20.5"}})));
    assert!(!check(&session, "subscriptions").passed, "net 1 (update) does not fire on a new child");
    session.send(Request::create(
        "cse-in/thermo/temperature",
        "Cthermo",
        23,
        json!({"m2m:sub": {"rn": "children", "nu": ["Cdisplay"], "enc": {"net": [3]}}}),
    ));
    session.send(Request::create("cse-in/thermo/temperature", "Cthermo", 4, json!({"m2m:cin": {"con": "20.7"}})));
    assert!(check(&session, "subscriptions").passed);
    assert!(session.inboxes.get("Cdisplay").is_some_and(|inbox| !inbox.is_empty()));
}

#[test]
fn flexcontainer_update_counts_in_st() {
    let mut session = start("flexcontainer");
    let created = session.send(Request::create(
        "cse-in/plug",
        "Cplug",
        28,
        json!({"cod:binSh": {"rn": "switch", "cnd": "org.onem2m.common.moduleclass.binarySwitch", "powerState": false}}),
    ));
    assert!(created.rsc.is_success(), "{created:?}");
    assert!(!check(&session, "flexcontainer").passed);
    let updated =
        session.send(Request::update("cse-in/plug/switch", "Cplug", json!({"cod:binSh": {"powerState": true}})));
    assert_eq!(updated.rsc, ResponseStatusCode::Updated, "{updated:?}");
    assert!(check(&session, "flexcontainer").passed);
}
