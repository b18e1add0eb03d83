//! Device management: `<node>` and its `<mgmtObj>` children, triggers handed to the
//! device-management hook, discovery over devices.

use onem2m_cse::{
    ActionStatus, Cse, DeviceAction, DeviceActionOutcome, FilterCriteria, Request, TraceKind, simulated_device,
};
use serde_json::{Map, Value, json};

use crate::harness::{ADMIN, Conversation, Rsc, uri_list};

/// `cse-in/thermostat` (a node) with a firmware and a deviceInfo mgmtObj, created by the host.
fn device() -> Conversation {
    let mut c = Conversation::new();
    c.create(
        "cse-in",
        ADMIN,
        14,
        json!({"m2m:nod": {"rn": "thermostat", "ni": "urn:dev:thermostat-1", "lbl": ["site:lab"]}}),
    );
    c.create(
        "cse-in/thermostat",
        ADMIN,
        13,
        json!({"m2m:fwr": {"rn": "firmware", "vr": "1.0.0", "fwn": "thermo-fw", "url": "https://example.org/fw/1.0.0", "lbl": ["site:lab"]}}),
    );
    c.create(
        "cse-in/thermostat",
        ADMIN,
        13,
        json!({"m2m:dvi": {"rn": "info", "dty": "thermostat", "man": "Acme", "mod": "T1"}}),
    );
    c
}

fn update(to: &str, wrapper: &str, attributes: Value) -> Request {
    Request::update(to, ADMIN, json!({ wrapper: attributes }))
}

#[test]
fn a_node_holds_management_objects_wrapped_in_their_specialization() {
    let mut c = device();
    let firmware = c.expect(Request::retrieve("cse-in/thermostat/firmware", ADMIN), Rsc::Ok);
    let body = &firmware.pc.as_ref().expect("content")["m2m:fwr"];
    assert_eq!(body["ty"], json!(13));
    assert_eq!(body["mgd"], json!(1001), "mgd comes from the specialization");
    assert!(body.get("uds").is_none(), "no update was asked for yet");
    let node = c.expect(Request::retrieve("cse-in/thermostat", ADMIN), Rsc::Ok);
    assert_eq!(node.pc.as_ref().expect("content")["m2m:nod"]["ni"], json!("urn:dev:thermostat-1"));
    // the rules of the facts file
    c.expect(Request::create("cse-in", ADMIN, 14, json!({"m2m:nod": {"rn": "nameless"}})), Rsc::BadRequest);
    c.expect(Request::create("cse-in", ADMIN, 13, json!({"m2m:bat": {"btl": 50}})), Rsc::InvalidChildResourceType);
    c.expect(Request::create("cse-in/thermostat", ADMIN, 13, json!({"m2m:bat": {"btl": 150}})), Rsc::BadRequest);
    c.expect(Request::create("cse-in/thermostat", ADMIN, 13, json!({"m2m:bat": {"btl": 80, "bts": 1}})), Rsc::Created);
    c.expect(Request::create("cse-in/thermostat", ADMIN, 13, json!({"m2m:dvi": {"man": "Acme"}})), Rsc::BadRequest);
    c.expect(
        Request::create("cse-in/thermostat", ADMIN, 13, json!({"m2m:mem": {"mgd": 1001, "mmt": 64}})),
        Rsc::BadRequest,
    );
    c.expect(Request::create("cse-in/thermostat", ADMIN, 13, json!({"m2m:xyz": {}})), Rsc::BadRequest);
    c.expect(
        Request::create(
            "cse-in/thermostat",
            ADMIN,
            13,
            json!({"m2m:fwr": {"vr": "1", "fwn": "f", "url": "u", "ud": true}}),
        ),
        Rsc::BadRequest,
    );
    // status attributes are the device's to set, and mgd is fixed
    c.expect(
        update("cse-in/thermostat/firmware", "m2m:fwr", json!({"uds": {"acn": "update", "sus": 1}})),
        Rsc::BadRequest,
    );
    c.expect(update("cse-in/thermostat/firmware", "m2m:fwr", json!({"mgd": 1002})), Rsc::BadRequest);
    c.expect(update("cse-in/thermostat/firmware", "m2m:swr", json!({"vr": "2"})), Rsc::BadRequest);
    // it all snapshots and restores
    let restored = Cse::restore(&c.cse.snapshot()).expect("restores");
    assert_eq!(restored.snapshot(), c.cse.snapshot());
}

#[test]
fn a_firmware_update_is_handed_to_the_device_and_its_outcome_shows_in_uds() {
    let mut c = device();
    let _ = c.trace();
    let response = c.expect(
        update(
            "cse-in/thermostat/firmware",
            "m2m:fwr",
            json!({"vr": "1.1.0", "url": "https://example.org/fw/1.1.0", "ud": true}),
        ),
        Rsc::Updated,
    );
    let body = &response.pc.as_ref().expect("content")["m2m:fwr"];
    assert_eq!(body["uds"], json!({"acn": "update", "sus": 1}), "the default device succeeds");
    let actions: Vec<(String, ActionStatus)> = c
        .trace()
        .into_iter()
        .filter_map(|e| match e.kind {
            TraceKind::DeviceAction { trigger, status, .. } => Some((trigger, status)),
            _ => None,
        })
        .collect();
    assert_eq!(actions, [("ud".to_owned(), ActionStatus::Successful)]);

    // a lab simulates a device that refuses unsigned images and reports its version
    fn picky_device(action: &DeviceAction) -> DeviceActionOutcome {
        let url = action.attributes.get("url").and_then(Value::as_str).unwrap_or_default();
        let mut attributes = Map::new();
        if url.ends_with(".signed") {
            attributes.insert("vr".into(), json!("2.0.0-device"));
            DeviceActionOutcome { status: ActionStatus::Successful, attributes }
        } else {
            DeviceActionOutcome { status: ActionStatus::Failure, attributes }
        }
    }
    c.cse.set_device_management(picky_device);
    let refused = c.expect(
        update(
            "cse-in/thermostat/firmware",
            "m2m:fwr",
            json!({"vr": "2.0.0", "url": "https://example.org/fw/2.0.0", "ud": true}),
        ),
        Rsc::Updated,
    );
    assert_eq!(refused.pc.as_ref().expect("content")["m2m:fwr"]["uds"], json!({"acn": "update", "sus": 2}));
    let accepted = c.expect(
        update(
            "cse-in/thermostat/firmware",
            "m2m:fwr",
            json!({"url": "https://example.org/fw/2.0.0.signed", "ud": true}),
        ),
        Rsc::Updated,
    );
    let body = &accepted.pc.as_ref().expect("content")["m2m:fwr"];
    assert_eq!(body["uds"], json!({"acn": "update", "sus": 1}));
    assert_eq!(body["vr"], json!("2.0.0-device"), "what the device reported");
    // an Update that does not set a trigger does not reach the device
    let _ = c.trace();
    c.expect(update("cse-in/thermostat/firmware", "m2m:fwr", json!({"dc": "main board"})), Rsc::Updated);
    assert!(!c.trace().iter().any(|e| matches!(e.kind, TraceKind::DeviceAction { .. })));
    // the hook is configuration: a restored CSE has the default device
    let mut restored = Cse::restore(&c.cse.snapshot()).expect("restores");
    let again = restored.handle_request(
        update("cse-in/thermostat/firmware", "m2m:fwr", json!({"url": "https://example.org/x", "ud": true})),
        c.now,
    );
    assert_eq!(again.pc.as_ref().expect("content")["m2m:fwr"]["uds"]["sus"], json!(1));
    c.cse.set_device_management(simulated_device);
}

#[test]
fn software_and_reboot_triggers_reach_the_device() {
    let mut c = device();
    c.create(
        "cse-in/thermostat",
        ADMIN,
        13,
        json!({"m2m:swr": {"rn": "agent", "vr": "0.9", "swn": "telemetry-agent", "url": "https://example.org/agent"}}),
    );
    c.create("cse-in/thermostat", ADMIN, 13, json!({"m2m:rbo": {"rn": "reboot"}}));
    let installed = c.expect(update("cse-in/thermostat/agent", "m2m:swr", json!({"in": true})), Rsc::Updated);
    assert_eq!(installed.pc.as_ref().expect("content")["m2m:swr"]["ins"], json!({"acn": "install", "sus": 1}));
    let active = c.expect(update("cse-in/thermostat/agent", "m2m:swr", json!({"act": true})), Rsc::Updated);
    assert_eq!(active.pc.as_ref().expect("content")["m2m:swr"]["acts"], json!({"acn": "activate", "sus": 1}));
    let _ = c.trace();
    c.expect(update("cse-in/thermostat/reboot", "m2m:rbo", json!({"rbo": true})), Rsc::Updated);
    assert!(c.trace().iter().any(|e| matches!(&e.kind, TraceKind::DeviceAction { trigger, .. } if trigger == "rbo")));
}

#[test]
fn discovery_finds_devices_by_type_and_label() {
    let mut c = device();
    c.create("cse-in", ADMIN, 14, json!({"m2m:nod": {"rn": "plug", "ni": "urn:dev:plug-7", "lbl": ["site:home"]}}));
    let discover = |c: &mut Conversation, ty: Vec<u32>, lbl: Vec<String>| {
        let mut fc = FilterCriteria::discovery();
        fc.ty = ty;
        fc.lbl = lbl;
        let response = c.expect(Request::retrieve("cse-in", ADMIN).with_fc(fc), Rsc::Ok);
        let mut found = uri_list(&response);
        found.sort();
        found
    };
    assert_eq!(discover(&mut c, vec![14], vec![]), ["cse-in/plug", "cse-in/thermostat"]);
    assert_eq!(discover(&mut c, vec![13], vec![]), ["cse-in/thermostat/firmware", "cse-in/thermostat/info"]);
    assert_eq!(
        discover(&mut c, vec![13, 14], vec!["site:lab".into()]),
        ["cse-in/thermostat", "cse-in/thermostat/firmware"]
    );
}
