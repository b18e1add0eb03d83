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
    FilterCriteria {
        smf: Some(query.into()),
        ..FilterCriteria::discovery()
    }
}

#[test]
fn without_a_matcher_a_semantic_filter_is_not_implemented() {
    let (mut c, ae) = home();
    let response = c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(semantic("Temperature")),
        Rsc::NotImplemented,
    );
    assert!(
        response.debug_message().is_some_and(|m| m.contains("smf")),
        "{:?}",
        response.debug_message()
    );
}

#[test]
fn discovery_with_smf_returns_the_described_resources() {
    let (mut c, ae) = home();
    c.cse.set_semantic_matcher(Some(substring_matcher));
    let found = uri_list(&c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(semantic("Temperature")),
        Rsc::Ok,
    ));
    assert_eq!(found, vec!["cse-in/home/thermo".to_owned()], "the descriptor's parent, not the descriptor; RDF/XML not understood by this matcher");
    let found = uri_list(&c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(semantic("ex:in")),
        Rsc::Ok,
    ));
    assert_eq!(found, vec!["cse-in/home/thermo".to_owned(), "cse-in/home/plug".to_owned()]);
    let none = uri_list(&c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(semantic("Humidity")),
        Rsc::Ok,
    ));
    assert!(none.is_empty(), "{none:?}");
}

#[test]
fn smf_combines_with_the_other_criteria() {
    let (mut c, ae) = home();
    c.cse.set_semantic_matcher(Some(substring_matcher));
    // AND (default): a container described as measuring something
    let both = uri_list(&c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(FilterCriteria {
            ty: vec![3],
            ..semantic("ex:measures")
        }),
        Rsc::Ok,
    ));
    assert_eq!(both.len(), 2, "{both:?}");
    // AND with a type nothing described has
    let nothing = uri_list(&c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(FilterCriteria {
            ty: vec![24],
            ..semantic("ex:measures")
        }),
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
    let response = c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(semantic("BROKEN {")),
        Rsc::BadRequest,
    );
    let message = response.debug_message().unwrap_or_default();
    assert!(message.contains("smf") && message.contains("syntax error at 1:1"), "{message}");
}

#[test]
fn discovery_only_lists_what_the_originator_may_discover() {
    let (mut c, _) = home();
    c.cse.set_semantic_matcher(Some(substring_matcher));
    let stranger = c.register("stranger", "Cstranger");
    let found = uri_list(&c.expect(
        Request::retrieve("cse-in", &stranger).with_fc(semantic("Temperature")),
        Rsc::Ok,
    ));
    assert!(found.is_empty(), "another AE's devices are not discoverable: {found:?}");
}

#[test]
fn the_matcher_is_configuration_not_snapshot_state() {
    let (mut c, ae) = home();
    c.cse.set_semantic_matcher(Some(substring_matcher));
    let restored = Cse::restore(&c.cse.snapshot()).expect("a snapshot restores");
    assert!(restored.semantic_matcher().is_none(), "snapshots do not carry the matcher");
    c.cse = restored;
    c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(semantic("Temperature")),
        Rsc::NotImplemented,
    );
    c.cse.set_semantic_matcher(Some(substring_matcher));
    c.expect(
        Request::retrieve("cse-in/home", &ae).with_fc(semantic("Temperature")),
        Rsc::Ok,
    );
}
