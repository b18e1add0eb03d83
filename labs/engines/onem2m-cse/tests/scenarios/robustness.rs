//! Robustness at intake (issue 15): whatever the CSE accepts it can snapshot and restore; names,
//! labels and lists are bounded ([`onem2m_cse::Limits`]); resource type numbers are answered
//! consistently.

use onem2m_cse::{Cse, CseConfig, FilterCriteria, Limits, Request};
use serde_json::{Value, json};

use crate::harness::{ADMIN, Conversation, Rsc};

/// `levels` nested arrays around a string: `[[["x"]]]` is 3 levels.
fn nested(levels: usize) -> Value {
    (0..levels).fold(json!("x"), |inner, _| json!([inner]))
}

#[test]
fn content_nesting_is_bounded_and_everything_accepted_restores() {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "data"}}));
    let depth = Limits::default().max_content_depth;
    // {"m2m:cin": {"con": ...}} takes two levels of the bound
    let deepest = nested(depth - 2);
    c.create("cse-in/owner/data", &owner, 4, json!({"m2m:cin": {"rn": "deep", "con": deepest.clone()}}));
    let refused = c.expect(
        Request::create("cse-in/owner/data", &owner, 4, json!({"m2m:cin": {"con": nested(depth - 1)}})),
        Rsc::BadRequest,
    );
    assert!(refused.debug_message().unwrap_or_default().contains("max_content_depth"), "{:?}", refused.debug_message());
    // the request: 124 levels
    c.expect(
        Request::create("cse-in/owner/data", &owner, 4, json!({"m2m:cin": {"con": nested(124)}})),
        Rsc::BadRequest,
    );
    // a filter value too
    let mut fc = FilterCriteria::discovery();
    fc.atr = vec![onem2m_cse::AttributeFilter { nm: "con".into(), val: nested(depth + 1) }];
    c.expect(Request::retrieve("cse-in", &owner).with_fc(fc), Rsc::BadRequest);
    // snapshot -> text -> plain serde_json -> text -> restore
    let text = c.cse.snapshot();
    let parsed: Value = serde_json::from_str(&text).expect("plain serde_json reads the snapshot");
    // a journal-like record wrapping the snapshot a few more levels still parses
    let wrapped = json!({"record": [{"snapshot": parsed.clone()}]}).to_string();
    serde_json::from_str::<Value>(&wrapped).expect("wrapped deeper still parses");
    let mut restored = Cse::restore(&parsed.to_string()).expect("restores");
    let read = restored.handle_request(Request::retrieve("cse-in/owner/data/deep", &owner), c.now);
    assert_eq!(read.rsc, Rsc::Ok);
    assert_eq!(read.attribute("con"), Some(&deepest));
}

#[test]
fn names_labels_and_lists_are_bounded() {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    let limits = Limits::default();
    let long_name = "n".repeat(limits.max_name_length + 1);
    let refused =
        c.expect(Request::create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": long_name}})), Rsc::BadRequest);
    assert!(refused.debug_message().unwrap_or_default().contains("max_name_length"));
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "n".repeat(limits.max_name_length)}}));
    let labels: Vec<String> = (0..=limits.max_labels).map(|i| format!("l{i}")).collect();
    let refused =
        c.expect(Request::create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"lbl": labels}})), Rsc::BadRequest);
    assert!(refused.debug_message().unwrap_or_default().contains("max_labels"));
    let long_label = "l".repeat(limits.max_label_length + 1);
    c.expect(Request::create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"lbl": [long_label]}})), Rsc::BadRequest);
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "labelled", "lbl": ["a", "b"]}}));
    c.expect(Request::update("cse-in/owner/labelled", &owner, json!({"m2m:cnt": {"lbl": labels}})), Rsc::BadRequest);
    // policy originators
    let many: Vec<String> = (0..=limits.max_list_entries).map(|i| format!("C{i}")).collect();
    let acp = |acor: Value| json!({"m2m:acp": {"pv": {"acr": [{"acor": acor, "acop": 2}]}, "pvs": {"acr": [{"acor": [ADMIN], "acop": 63}]}}});
    let refused = c.expect(Request::create("cse-in/owner", &owner, 1, acp(json!(many))), Rsc::BadRequest);
    assert!(refused.debug_message().unwrap_or_default().contains("max_list_entries"));
    let long_entry = format!("C{}", "x".repeat(limits.max_text_length));
    c.expect(Request::create("cse-in/owner", &owner, 1, acp(json!([long_entry]))), Rsc::BadRequest);
    // notification URIs
    let url = format!("http://example.org/{}", "x".repeat(limits.max_text_length));
    let refused = c.expect(
        Request::create("cse-in/owner/labelled", &owner, 23, json!({"m2m:sub": {"nu": [url]}})),
        Rsc::BadRequest,
    );
    assert!(refused.debug_message().unwrap_or_default().contains("max_text_length"));
    let urls: Vec<String> = (0..=limits.max_list_entries).map(|i| format!("http://example.org/{i}")).collect();
    c.expect(Request::create("cse-in/owner/labelled", &owner, 23, json!({"m2m:sub": {"nu": urls}})), Rsc::BadRequest);
    // lists and texts deeper inside an attribute
    let events: Vec<u64> = (0..=limits.max_list_entries as u64).map(|i| 1 + i % 4).collect();
    c.expect(
        Request::create(
            "cse-in/owner/labelled",
            &owner,
            23,
            json!({"m2m:sub": {"nu": ["http://a.example"], "enc": {"net": events}}}),
        ),
        Rsc::BadRequest,
    );
    c.expect(
        Request::create(
            "cse-in/owner/labelled",
            &owner,
            23,
            json!({"m2m:sub": {"nu": ["http://a.example"], "enc": {"net": [3]}}}),
        ),
        Rsc::Created,
    );
    // an originator too long to be an AE-ID
    let registration = json!({"m2m:ae": {"api": "Nx", "rr": false, "srv": ["3"]}});
    c.expect(
        Request::create("cse-in", format!("C{}", "x".repeat(limits.max_text_length)), 2, registration),
        Rsc::BadRequest,
    );
}

#[test]
fn limits_are_configurable_and_old_configurations_load() {
    let config = CseConfig { limits: Limits { max_labels: 1, ..Limits::default() }, ..CseConfig::default() };
    let mut c = Conversation::with_config(config);
    let owner = c.register("owner", "Cowner");
    c.expect(Request::create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"lbl": ["a", "b"]}})), Rsc::BadRequest);
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"lbl": ["a"]}}));
    // a restored CSE takes new bounds for new requests; what was accepted stays
    let mut restored = Cse::restore(&c.cse.snapshot()).expect("restores");
    restored.set_limits(Limits { max_labels: 0, ..Limits::default() });
    let labelled = Request::create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"lbl": ["a"]}}));
    assert_eq!(restored.handle_request(labelled, c.now).rsc, Rsc::BadRequest);
    assert_eq!(Cse::restore(&restored.snapshot()).expect("restores").config().limits.max_labels, 0);
    // a configuration (as in a snapshot) written before the limits existed
    let mut old = serde_json::to_value(CseConfig::default()).expect("serializes");
    old.as_object_mut().expect("object").remove("limits");
    let read: CseConfig = serde_json::from_value(old).expect("loads");
    assert_eq!(read.limits, Limits::default());
}

#[test]
fn resource_types_are_implemented_not_implemented_or_not_types() {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    // (13 mgmtObj and 14 node are hosted since device management came; their announced variants are not)
    for ty in [10, 16, 18, 29, 30, 48, 10_001, 10_002, 10_003, 10_013, 10_014, 10_017, 10_028] {
        let response = c.expect(Request::create("cse-in/owner", &owner, ty, json!({"m2m:x": {}})), Rsc::NotImplemented);
        assert!(response.debug_message().unwrap_or_default().contains("not implemented"), "{ty}");
    }
    // a <request> (17) is hosted, but made by the CSE for non-blocking requests only
    c.expect(Request::create("cse-in", &owner, 17, json!({"m2m:req": {}})), Rsc::OperationNotAllowed);
    for ty in [0, 6, 7, 8, 11, 12, 15, 19, 99, 10_000, 10_006, 10_099, 65_535] {
        let response = c.expect(Request::create("cse-in/owner", &owner, ty, json!({"m2m:x": {}})), Rsc::BadRequest);
        assert!(response.debug_message().unwrap_or_default().contains("not a oneM2M resource type"), "{ty}");
    }
    // a group's memberType follows the same rule
    let group = |mt: u32| json!({"m2m:grp": {"mt": mt, "mnm": 2, "mid": []}});
    c.expect(Request::create("cse-in/owner", &owner, 9, group(18)), Rsc::NotImplemented);
    c.expect(Request::create("cse-in/owner", &owner, 9, group(7)), Rsc::BadRequest);
    // and a discovery filter: a type of the standard matches nothing, a number that is none is refused
    let mut fc = FilterCriteria::discovery();
    fc.ty = vec![18];
    c.expect(Request::retrieve("cse-in", ADMIN).with_fc(fc.clone()), Rsc::Ok);
    fc.ty = vec![7];
    c.expect(Request::retrieve("cse-in", ADMIN).with_fc(fc), Rsc::BadRequest);
}
