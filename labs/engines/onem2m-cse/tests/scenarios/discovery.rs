//! Discovery (fu=1) and conditional retrieval with filterCriteria and rcn.

use onem2m_cse::{AttributeFilter, FilterCriteria, Request};
use serde_json::{Value, json};

use crate::harness::{Conversation, Rsc, uri_list};

/// `cse-in/home` with containers `kitchen` (2 instances) and `garage` (1), created a minute apart.
fn home() -> (Conversation, String) {
    let mut c = Conversation::new();
    let ae = c.register("home", "Chome");
    c.tick(60);
    c.create("cse-in/home", &ae, 3, json!({"m2m:cnt": {"rn": "kitchen", "lbl": ["room", "indoor"]}}));
    c.tick(60);
    c.create("cse-in/home/kitchen", &ae, 4, json!({"m2m:cin": {"rn": "k1", "cnf": "text/plain:0", "con": "21"}}));
    c.tick(60);
    c.create(
        "cse-in/home/kitchen",
        &ae,
        4,
        json!({"m2m:cin": {"rn": "k2", "cnf": "application/json:0", "con": "{\"t\":22.5}"}}),
    );
    c.tick(60);
    c.create("cse-in/home", &ae, 3, json!({"m2m:cnt": {"rn": "garage", "lbl": ["room"], "et": "20261226T000000"}}));
    c.tick(60);
    c.create("cse-in/home/garage", &ae, 4, json!({"m2m:cin": {"rn": "g1", "con": "8"}}));
    (c, ae)
}

fn discover(c: &mut Conversation, originator: &str, fc: FilterCriteria) -> Vec<String> {
    uri_list(
        &c.expect(Request::retrieve("cse-in/home", originator).with_fc(FilterCriteria { fu: Some(1), ..fc }), Rsc::Ok),
    )
}

fn names(list: &[String]) -> Vec<&str> {
    list.iter().map(|uri| uri.rsplit('/').next().unwrap_or_default()).collect()
}

#[test]
fn by_type_label_and_several_types() {
    let (mut c, ae) = home();
    assert_eq!(
        names(&discover(&mut c, &ae, FilterCriteria { ty: vec![3], ..Default::default() })),
        ["kitchen", "garage"]
    );
    assert_eq!(names(&discover(&mut c, &ae, FilterCriteria { ty: vec![4], ..Default::default() })), ["k1", "k2", "g1"]);
    assert_eq!(discover(&mut c, &ae, FilterCriteria { ty: vec![3, 4], ..Default::default() }).len(), 5);
    assert_eq!(
        names(&discover(&mut c, &ae, FilterCriteria { lbl: vec!["indoor".into()], ..Default::default() })),
        ["kitchen"]
    );
    assert_eq!(
        discover(&mut c, &ae, FilterCriteria { lbl: vec!["room".into(), "x".into()], ..Default::default() }).len(),
        2
    );
    assert_eq!(discover(&mut c, &ae, FilterCriteria::default()).len(), 5, "no condition: every descendant");
}

#[test]
fn by_time_state_expiry_and_size() {
    let (mut c, ae) = home();
    // created at 12:01 (kitchen), 12:02 (k1), 12:03 (k2), 12:04 (garage), 12:05 (g1)
    let after = FilterCriteria { cra: Some("20261125T120230".into()), ..Default::default() };
    assert_eq!(names(&discover(&mut c, &ae, after)), ["k2", "garage", "g1"]);
    let before = FilterCriteria { crb: Some("20261125T120230".into()), ..Default::default() };
    assert_eq!(names(&discover(&mut c, &ae, before)), ["kitchen", "k1"]);
    // the kitchen was modified when k2 arrived (12:03); the garage when g1 arrived (12:05)
    let modified = FilterCriteria { ms: Some("20261125T120430".into()), ty: vec![3], ..Default::default() };
    assert_eq!(names(&discover(&mut c, &ae, modified)), ["garage"]);
    let unmodified = FilterCriteria { us: Some("20261125T120430".into()), ty: vec![3], ..Default::default() };
    assert_eq!(names(&discover(&mut c, &ae, unmodified)), ["kitchen"]);
    // stateTag: the kitchen's st is 2, the garage's 1
    assert_eq!(
        names(&discover(&mut c, &ae, FilterCriteria { stb: Some(1), ty: vec![3], ..Default::default() })),
        ["kitchen"]
    );
    assert_eq!(
        names(&discover(&mut c, &ae, FilterCriteria { sts: Some(2), ty: vec![3], ..Default::default() })),
        ["garage"]
    );
    // the garage expires in December; everything else a year from now
    assert_eq!(
        names(&discover(&mut c, &ae, FilterCriteria { exb: Some("20270101T000000".into()), ..Default::default() })),
        ["garage"]
    );
    assert_eq!(
        discover(&mut c, &ae, FilterCriteria { exa: Some("20270101T000000".into()), ..Default::default() }).len(),
        4
    );
    // sizes: k1 2 bytes, k2 10 bytes, g1 1 byte
    assert_eq!(names(&discover(&mut c, &ae, FilterCriteria { sza: Some(2), ..Default::default() })), ["k1", "k2"]);
    assert_eq!(names(&discover(&mut c, &ae, FilterCriteria { szb: Some(2), ..Default::default() })), ["g1"]);
    assert_eq!(
        names(&discover(&mut c, &ae, FilterCriteria { cty: vec!["application/json".into()], ..Default::default() })),
        ["k2"]
    );
    let bad = Request::retrieve("cse-in/home", &ae)
        .with_fc(FilterCriteria { cra: Some("yesterday".into()), ..FilterCriteria::discovery() });
    c.expect(bad, Rsc::BadRequest);
}

#[test]
fn limit_offset_level_and_filter_operation() {
    let (mut c, ae) = home();
    assert_eq!(names(&discover(&mut c, &ae, FilterCriteria { lim: Some(2), ..Default::default() })), ["kitchen", "k1"]);
    assert_eq!(
        names(&discover(&mut c, &ae, FilterCriteria { ofst: Some(2), lim: Some(2), ..Default::default() })),
        ["k1", "k2"]
    );
    assert_eq!(
        names(&discover(&mut c, &ae, FilterCriteria { lvl: Some(1), ..Default::default() })),
        ["kitchen", "garage"]
    );
    let or = FilterCriteria { lbl: vec!["indoor".into()], ty: vec![4], fo: Some(2), ..Default::default() };
    assert_eq!(names(&discover(&mut c, &ae, or)), ["kitchen", "k1", "k2", "g1"]);
    let and = FilterCriteria { lbl: vec!["indoor".into()], ty: vec![4], ..Default::default() };
    assert!(discover(&mut c, &ae, and).is_empty());
    let with_child = FilterCriteria { chty: vec![4], ..Default::default() };
    assert_eq!(names(&discover(&mut c, &ae, with_child)), ["kitchen", "garage"]);
    let attribute =
        FilterCriteria { atr: vec![AttributeFilter { nm: "con".into(), val: json!("8") }], ..Default::default() };
    assert_eq!(names(&discover(&mut c, &ae, attribute)), ["g1"]);
    c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(FilterCriteria { fo: Some(3), ..FilterCriteria::discovery() }),
        Rsc::BadRequest,
    );
    c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(FilterCriteria { fu: Some(9), ..Default::default() }),
        Rsc::BadRequest,
    );
    c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(FilterCriteria { fu: Some(3), ..Default::default() }),
        Rsc::NotImplemented,
    );
    c.expect(
        Request::retrieve("cse-in/home", &ae)
            .with_fc(FilterCriteria { smf: Some("SELECT ?s".into()), ..FilterCriteria::discovery() }),
        Rsc::NotImplemented,
    );
}

#[test]
fn discovery_result_forms() {
    let (mut c, ae) = home();
    let fc = FilterCriteria { ty: vec![3], ..FilterCriteria::discovery() };
    let mut unstructured = Request::retrieve("cse-in/home", &ae).with_fc(fc.clone());
    unstructured.drt = Some(2);
    let ids = uri_list(&c.expect(unstructured, Rsc::Ok));
    assert!(ids.iter().all(|id| id.starts_with("cnt")), "{ids:?}");
    let references = c.expect(Request::retrieve("cse-in/home", &ae).with_fc(fc.clone()).with_rcn(6), Rsc::Ok);
    let rrf = &references.pc.as_ref().expect("pc")["m2m:rrl"]["rrf"];
    assert_eq!(rrf[0], json!({"nm": "kitchen", "typ": 3, "val": "cse-in/home/kitchen"}));
    let resources = c.expect(Request::retrieve("cse-in/home", &ae).with_fc(fc.clone()).with_rcn(8), Rsc::Ok);
    assert_eq!(resources.pc.as_ref().expect("pc")["m2m:cnt"].as_array().map(Vec::len), Some(2));
    let with_target = c.expect(Request::retrieve("cse-in/home", &ae).with_fc(fc.clone()).with_rcn(4), Rsc::Ok);
    assert_eq!(with_target.attribute("rn"), Some(&json!("home")));
    assert_eq!(with_target.attribute("m2m:cnt").and_then(Value::as_array).map(Vec::len), Some(2));
    for rcn in [0, 1, 2, 3, 7, 9] {
        c.expect(Request::retrieve("cse-in/home", &ae).with_fc(fc.clone()).with_rcn(rcn), Rsc::BadRequest);
    }
}

#[test]
fn retrieve_with_result_content_and_conditions() {
    let (mut c, ae) = home();
    let nested = c.expect(Request::retrieve("cse-in/home", &ae).with_rcn(4), Rsc::Ok);
    let kitchen = &nested.attribute("m2m:cnt").and_then(Value::as_array).expect("containers")[0];
    assert_eq!(kitchen["m2m:cin"].as_array().map(Vec::len), Some(2), "rcn=4 nests grandchildren");
    let references = c.expect(Request::retrieve("cse-in/home", &ae).with_rcn(5), Rsc::Ok);
    assert_eq!(references.attribute("ch").and_then(Value::as_array).map(Vec::len), Some(2));
    let children = c.expect(Request::retrieve("cse-in/home/kitchen", &ae).with_rcn(8), Rsc::Ok);
    assert_eq!(children.pc.as_ref().expect("pc")["m2m:cin"].as_array().map(Vec::len), Some(2));
    let conditional = c.expect(
        Request::retrieve("cse-in/home/kitchen", &ae)
            .with_rcn(6)
            .with_fc(FilterCriteria { cty: vec!["text/plain".into()], ..Default::default() }),
        Rsc::Ok,
    );
    assert_eq!(conditional.pc.as_ref().expect("pc")["m2m:rrl"]["rrf"].as_array().map(Vec::len), Some(1));
    for rcn in [0, 2, 3, 7, 9, 10, 11] {
        c.expect(Request::retrieve("cse-in/home", &ae).with_rcn(rcn), Rsc::BadRequest);
    }
    // children the originator may not retrieve are left out
    let stranger = c.expect(Request::retrieve("cse-in", "Cstranger").with_rcn(6), Rsc::Ok);
    let visible = stranger.pc.as_ref().expect("pc")["m2m:rrl"]["rrf"].as_array().map(Vec::len);
    assert_eq!(visible, Some(0), "acpCSEBase (its pvs) and the AE (no acpi) are closed to strangers");
    let admin = c.expect(Request::retrieve("cse-in", crate::harness::ADMIN).with_rcn(6), Rsc::Ok);
    assert_eq!(admin.pc.as_ref().expect("pc")["m2m:rrl"]["rrf"].as_array().map(Vec::len), Some(2));
}
