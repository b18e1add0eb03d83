//! Snapshot and restore.

use onem2m_cse::{Cse, Request, SnapshotError};
use serde_json::{Value, json};

use crate::harness::{Conversation, Rsc};

#[test]
fn a_restored_cse_behaves_like_the_original() {
    let mut c = Conversation::new();
    let ae = c.register("app", "C");
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "data", "mni": 2}}));
    c.create("cse-in/app/data", &ae, 4, json!({"m2m:cin": {"con": "1"}}));
    let acp = c.create("cse-in/app", &ae, 1, crate::harness::policy("p", &["Cguest"], 2));
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "shared", "acpi": [acp]}}));
    let text = c.cse.snapshot();
    let mut restored = Cse::restore(&text).expect("restores");
    assert_eq!(restored.snapshot(), text, "snapshot(restore(s)) == s");
    let request = Request::create("cse-in/app/data", &ae, 4, json!({"m2m:cin": {"con": "2"}})).with_rqi("same");
    let original = c.cse.handle_request(request.clone(), c.now);
    let copy = restored.handle_request(request, c.now);
    assert_eq!(original, copy, "same identifiers, same answers");
    assert_eq!(restored.handle_request(Request::retrieve("cse-in/app/shared", "Cguest"), c.now).rsc, Rsc::Ok);
    assert_eq!(
        restored.handle_request(Request::retrieve("cse-in/app/shared", "Cother"), c.now).rsc,
        Rsc::OriginatorHasNoPrivilege
    );
}

#[test]
fn damaged_snapshots_are_errors() {
    let mut c = Conversation::new();
    let ae = c.register("app", "C");
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "data"}}));
    c.create("cse-in/app/data", &ae, 4, json!({"m2m:cin": {"con": "1"}}));
    let text = c.cse.snapshot();
    assert!(matches!(Cse::restore("{"), Err(SnapshotError::NotJson { .. })));
    assert_eq!(Cse::restore("{}").err(), Some(SnapshotError::NotASnapshot));
    let mut value: Value = serde_json::from_str(&text).expect("json");
    value["version"] = json!(99);
    assert_eq!(Cse::restore(&value.to_string()).err(), Some(SnapshotError::UnsupportedVersion { found: Some(99) }));
    let mut value: Value = serde_json::from_str(&text).expect("json");
    let resources = value["resources"].as_array_mut().expect("list");
    let ae = resources.iter().position(|r| r["ty"] == 2).expect("the AE");
    resources.remove(ae);
    assert!(matches!(Cse::restore(&value.to_string()), Err(SnapshotError::Corrupt { .. })), "a missing parent");
    let mut value: Value = serde_json::from_str(&text).expect("json");
    let resources = value["resources"].as_array_mut().expect("list");
    let container = resources.iter_mut().find(|r| r["ty"] == 3).expect("container");
    container["attributes"]["cni"] = json!(5);
    let error = Cse::restore(&value.to_string()).expect_err("corrupt");
    assert!(error.to_string().contains("cni"), "{error}");
    let mut value: Value = serde_json::from_str(&text).expect("json");
    value["resources"][0]["ty"] = json!(3);
    assert!(matches!(Cse::restore(&value.to_string()), Err(SnapshotError::Corrupt { .. })));
    let mut value: Value = serde_json::from_str(&text).expect("json");
    value["resources"] = json!("nothing");
    assert!(matches!(Cse::restore(&value.to_string()), Err(SnapshotError::Corrupt { .. })));
}
