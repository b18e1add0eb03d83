//! Semantic discovery (`smf`): the engine asks a plugged-in matcher about each semanticDescriptor
//! and returns the described resources (the descriptors' parents). These tests plug in a tiny fake
//! matcher (substring search), so the engine crate stays free of any RDF library.

use onem2m_cse::{Cse, FilterCriteria, Request, encode_base64};
use serde_json::json;

use crate::harness::{Conversation, Rsc, uri_list};

/// A fake SPARQL engine: the "query" is a word the descriptor must contain; `BROKEN` is a
/// malformed query; only Turtle (dcrp 5) is understood.
fn substring_matcher(query: &str, descriptor: &str, dcrp: u64) -> Result<bool, String> {
    if query.contains("BROKEN") {
        return Err("syntax error at 1:1".into());
    }
    Ok(dcrp == 5 && descriptor.contains(query.trim()))
}

/// `cse-in/home` with devices `thermo` (descriptor mentions Temperature and room1), `plug`
/// (Power, kitchen) and `lamp` (no descriptor), and a `sensor` whose descriptor is RDF/XML (dcrp 4).
fn home() -> (Conversation, String) {
    let mut c = Conversation::new();
    let ae = c.register("home", "Chome");
    for device in ["thermo", "plug", "lamp", "sensor"] {
        c.tick(1);
        c.create("cse-in/home", &ae, 3, json!({"m2m:cnt": {"rn": device}}));
    }
    for (device, rdf, dcrp) in [
        ("thermo", "ex:thermo a ex:Thermostat ; ex:measures ex:Temperature ; ex:in ex:room1 .", 5),
        ("plug", "ex:plug a ex:SmartPlug ; ex:measures ex:Power ; ex:in ex:kitchen .", 5),
        ("sensor", "<rdf:RDF>Temperature room1</rdf:RDF>", 4),
    ] {
        c.tick(1);
        c.create(
            &format!("cse-in/home/{device}"),
            &ae,
            24,
            json!({"m2m:smd": {"rn": "desc", "dcrp": dcrp, "dsp": encode_base64(rdf.as_bytes())}}),
        );
    }
    (c, ae)
}

fn semantic(query: &str) -> FilterCriteria {
    FilterCriteria { smf: Some(query.into()), ..FilterCriteria::discovery() }
}

#[test]
fn without_a_matcher_a_semantic_filter_is_not_implemented() {
    let (mut c, ae) = home();
    let response =
        c.expect(Request::retrieve("cse-in/home", &ae).with_fc(semantic("Temperature")), Rsc::NotImplemented);
    assert!(response.debug_message().is_some_and(|m| m.contains("smf")), "{:?}", response.debug_message());
}

#[test]
fn discovery_with_smf_returns_the_described_resources() {
    let (mut c, ae) = home();
    c.cse.set_semantic_matcher(Some(substring_matcher));
    let found = uri_list(&c.expect(Request::retrieve("cse-in/home", &ae).with_fc(semantic("Temperature")), Rsc::Ok));
    assert_eq!(
        found,
        vec!["cse-in/home/thermo".to_owned()],
        "the descriptor's parent, not the descriptor; RDF/XML not understood by this matcher"
    );
    let found = uri_list(&c.expect(Request::retrieve("cse-in/home", &ae).with_fc(semantic("ex:in")), Rsc::Ok));
    assert_eq!(found, vec!["cse-in/home/thermo".to_owned(), "cse-in/home/plug".to_owned()]);
    let none = uri_list(&c.expect(Request::retrieve("cse-in/home", &ae).with_fc(semantic("Humidity")), Rsc::Ok));
    assert!(none.is_empty(), "{none:?}");
}

#[test]
fn smf_combines_with_the_other_criteria() {
    let (mut c, ae) = home();
    c.cse.set_semantic_matcher(Some(substring_matcher));
    // AND (default): a container described as measuring something
    let both = uri_list(&c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(FilterCriteria { ty: vec![3], ..semantic("ex:measures") }),
        Rsc::Ok,
    ));
    assert_eq!(both.len(), 2, "{both:?}");
    // AND with a type nothing described has
    let nothing = uri_list(&c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(FilterCriteria { ty: vec![24], ..semantic("ex:measures") }),
        Rsc::Ok,
    ));
    assert!(nothing.is_empty(), "{nothing:?}");
    // OR: the semanticDescriptors themselves, or what is described as a plug
    let either = uri_list(&c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(FilterCriteria {
            ty: vec![24],
            fo: Some(2),
            ..semantic("SmartPlug")
        }),
        Rsc::Ok,
    ));
    assert_eq!(either.len(), 4, "three descriptors and the plug: {either:?}");
    assert!(either.contains(&"cse-in/home/plug".to_owned()));
}

#[test]
fn a_query_the_matcher_rejects_is_a_bad_request_with_its_message() {
    let (mut c, ae) = home();
    c.cse.set_semantic_matcher(Some(substring_matcher));
    let response = c.expect(Request::retrieve("cse-in/home", &ae).with_fc(semantic("BROKEN {")), Rsc::BadRequest);
    let message = response.debug_message().unwrap_or_default();
    assert!(message.contains("smf") && message.contains("syntax error at 1:1"), "{message}");
}

#[test]
fn discovery_only_lists_what_the_originator_may_discover() {
    let (mut c, _) = home();
    c.cse.set_semantic_matcher(Some(substring_matcher));
    let stranger = c.register("stranger", "Cstranger");
    let found = uri_list(&c.expect(Request::retrieve("cse-in", &stranger).with_fc(semantic("Temperature")), Rsc::Ok));
    assert!(found.is_empty(), "another AE's devices are not discoverable: {found:?}");
}

#[test]
fn the_matcher_is_configuration_not_snapshot_state() {
    let (mut c, ae) = home();
    c.cse.set_semantic_matcher(Some(substring_matcher));
    let restored = Cse::restore(&c.cse.snapshot()).expect("a snapshot restores");
    assert!(restored.semantic_matcher().is_none(), "snapshots do not carry the matcher");
    c.cse = restored;
    c.expect(Request::retrieve("cse-in/home", &ae).with_fc(semantic("Temperature")), Rsc::NotImplemented);
    c.cse.set_semantic_matcher(Some(substring_matcher));
    c.expect(Request::retrieve("cse-in/home", &ae).with_fc(semantic("Temperature")), Rsc::Ok);
}

/// A fake semantic query engine: lists, in order, the described resources whose descriptor contains
/// the "query" word (and only Turtle); `BROKEN` is a malformed query.
fn listing_query(query: &str, descriptors: &[(&str, &str, u64)]) -> Result<String, String> {
    if query.contains("BROKEN") {
        return Err("syntax error at 1:1".into());
    }
    let hits: Vec<&str> = descriptors
        .iter()
        .filter(|(_, text, dcrp)| *dcrp == 5 && text.contains(query.trim()))
        .map(|(resource, _, _)| *resource)
        .collect();
    Ok(hits.join(" "))
}

fn semantic_query(query: &str, originator: &str) -> Request {
    let mut request = Request::retrieve("cse-in/home", originator)
        .with_fc(FilterCriteria { smf: Some(query.into()), ..FilterCriteria::default() });
    request.rcn = Some(10);
    request
}

#[test]
fn a_semantic_query_answers_m2m_qres_over_the_visible_descriptors() {
    let (mut c, ae) = home();
    // without an evaluator: 5001, and it says what is missing
    let response = c.expect(semantic_query("ex:in", &ae), Rsc::NotImplemented);
    assert!(response.debug_message().is_some_and(|m| m.contains("rcn=10")), "{:?}", response.debug_message());
    c.cse.set_semantic_query(Some(listing_query));
    // the evaluator sees every descriptor below the target, each with its described resource
    let response = c.expect(semantic_query("ex:in", &ae), Rsc::Ok);
    let qres = response.pc.as_ref().and_then(|pc| pc.get("m2m:qres")).and_then(|qres| qres.as_str());
    assert_eq!(qres, Some("cse-in/home/thermo cse-in/home/plug"), "{:?}", response.pc);
    // the other criteria still select: one level below cse-in/home holds no descriptor
    let mut shallow = semantic_query("ex:in", &ae);
    if let Some(fc) = shallow.fc.as_mut() {
        fc.lvl = Some(1);
    }
    let response = c.expect(shallow, Rsc::Ok);
    assert_eq!(response.pc.as_ref().and_then(|pc| pc.get("m2m:qres")), Some(&json!("")));
    // a stranger may not discover the home's descriptors: an empty answer, not their content
    let stranger = c.register("stranger", "Cstranger");
    let mut from_cse = semantic_query("ex:in", &stranger);
    from_cse.to = "cse-in".into();
    let response = c.expect(from_cse, Rsc::Ok);
    assert_eq!(response.pc.as_ref().and_then(|pc| pc.get("m2m:qres")), Some(&json!("")));
    // a wrong query is the requester's mistake, explained
    let response = c.expect(semantic_query("BROKEN {", &ae), Rsc::BadRequest);
    assert!(response.debug_message().is_some_and(|m| m.contains("syntax error at 1:1")));
    // rcn=10 without a query
    let mut no_query = Request::retrieve("cse-in/home", &ae);
    no_query.rcn = Some(10);
    let response = c.expect(no_query, Rsc::BadRequest);
    assert!(response.debug_message().is_some_and(|m| m.contains("smf")));
    // like the matcher, the evaluator is configuration: a restored CSE has none
    let restored = Cse::restore(&c.cse.snapshot()).expect("a snapshot restores");
    c.cse = restored;
    c.expect(semantic_query("ex:in", &ae), Rsc::NotImplemented);
}
