//! Access control exactly as the facts file says, with explanations.

use onem2m_cse::{AccessOperation, DecisionBasis, FilterCriteria, Location, OriginatorContext, Request, RuleFailure};
use serde_json::json;

use crate::harness::{ADMIN, Conversation, Rsc, policy, uri_list};

/// An owner AE with a container `cse-in/owner/data` and a contentInstance in it.
fn owned_container() -> (Conversation, String) {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    c.register("guest", "Cguest");
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "data"}}));
    c.create("cse-in/owner/data", &owner, 4, json!({"m2m:cin": {"rn": "reading", "con": "42"}}));
    (c, owner)
}

#[test]
fn without_acpi_only_the_creator_and_the_admin_have_access() {
    let (mut c, owner) = owned_container();
    c.expect(Request::retrieve("cse-in/owner/data", &owner), Rsc::Ok);
    c.expect(Request::retrieve("cse-in/owner/data", ADMIN), Rsc::Ok);
    let denied = c.expect(Request::retrieve("cse-in/owner/data", "Cguest"), Rsc::OriginatorHasNoPrivilege);
    assert!(denied.debug_message().unwrap_or_default().contains("only the creator"), "{:?}", denied.debug_message());
    // the contentInstance inherits from its container
    c.expect(Request::retrieve("cse-in/owner/data/reading", "Cguest"), Rsc::OriginatorHasNoPrivilege);
    c.expect(Request::retrieve("cse-in/owner/data/reading", &owner), Rsc::Ok);
    c.expect(
        Request::create("cse-in/owner/data", "Cguest", 4, json!({"m2m:cin": {"con": "1"}})),
        Rsc::OriginatorHasNoPrivilege,
    );
    c.expect(Request::delete("cse-in/owner/data", "Cguest"), Rsc::OriginatorHasNoPrivilege);
    // the CSEBase policy lets everyone retrieve the CSEBase but only the admin create a container there
    c.expect(Request::create("cse-in", "Cguest", 3, json!({"m2m:cnt": {}})), Rsc::OriginatorHasNoPrivilege);
    c.expect(Request::create("cse-in", ADMIN, 3, json!({"m2m:cnt": {}})), Rsc::Created);
    let explanation = c
        .cse
        .explain_access(
            "Cguest",
            "cse-in/owner/data/reading",
            AccessOperation::Retrieve,
            &OriginatorContext::default(),
            c.now,
        )
        .expect("exists");
    assert!(!explanation.granted);
    assert_eq!(explanation.governed_by, c.cse.resolve_address("cse-in/owner/data").expect("container"));
    assert!(matches!(explanation.basis, DecisionBasis::NoAcpiNotCreator { creator: Some(ref who) } if who == "Cowner"));
    let granted = c
        .cse
        .explain_access(&owner, "cse-in/owner/data", AccessOperation::Delete, &OriginatorContext::default(), c.now)
        .expect("exists");
    assert_eq!(granted.basis, DecisionBasis::Creator { creator: owner.clone() });
    let admin = c
        .cse
        .explain_access(ADMIN, "cse-in/owner/data", AccessOperation::Delete, &OriginatorContext::default(), c.now)
        .expect("exists");
    assert_eq!(admin.basis, DecisionBasis::Administrator);
    assert!(
        c.cse
            .explain_access(ADMIN, "cse-in/none", AccessOperation::Delete, &OriginatorContext::default(), c.now)
            .is_err()
    );
}

#[test]
fn a_linked_policy_grants_by_rule_and_explains_failures() {
    let (mut c, owner) = owned_container();
    let acp = c.create("cse-in/owner", &owner, 1, policy("readers", &["Cguest"], 2 + 32));
    c.expect(Request::update("cse-in/owner/data", &owner, json!({"m2m:cnt": {"acpi": [acp.clone()]}})), Rsc::Updated);
    c.expect(Request::retrieve("cse-in/owner/data/reading", "Cguest"), Rsc::Ok);
    let denied = c.expect(Request::delete("cse-in/owner/data/reading", "Cguest"), Rsc::OriginatorHasNoPrivilege);
    assert!(denied.debug_message().unwrap_or_default().contains("lacks the Delete bit"));
    // with acpi set, the creator has no special rights any more
    c.expect(Request::retrieve("cse-in/owner/data", &owner), Rsc::OriginatorHasNoPrivilege);
    let decision = c
        .cse
        .explain_access("Cguest", "cse-in/owner/data", AccessOperation::Update, &OriginatorContext::default(), c.now)
        .expect("exists");
    assert!(!decision.granted);
    assert_eq!(decision.policies.len(), 1);
    assert_eq!(
        decision.policies[0].rules[0].failures,
        vec![RuleFailure::OperationNotGranted { operation: AccessOperation::Update, acop: 34 }]
    );
    let stranger = c
        .cse
        .explain_access(
            "Cstranger",
            "cse-in/owner/data",
            AccessOperation::Retrieve,
            &OriginatorContext::default(),
            c.now,
        )
        .expect("exists");
    assert!(
        matches!(&stranger.policies[0].rules[0].failures[0], RuleFailure::OriginatorNotInAcor { originator, .. } if originator == "Cstranger")
    );
    let text = stranger.to_string();
    assert!(text.contains("DENIED (4103)") && text.contains("is not in acor [Cguest]"), "{text}");
    let reader = c
        .cse
        .explain_access("Cguest", "cse-in/owner/data", AccessOperation::Retrieve, &OriginatorContext::default(), c.now)
        .expect("exists");
    assert_eq!(
        reader.basis,
        DecisionBasis::RuleMatched { policy: acp.clone(), set: onem2m_cse::PrivilegeSet::Privileges, rule: 0 }
    );
    assert!(reader.to_string().contains("granted by rule 0"));
    // acpi must name existing policies
    c.expect(Request::update("cse-in/owner", &owner, json!({"m2m:ae": {"acpi": ["acp-none"]}})), Rsc::BadRequest);
    // contentInstances and policies have no acpi
    c.expect(
        Request::create("cse-in/owner/data", "Cguest", 4, json!({"m2m:cin": {"con": "1", "acpi": [acp]}})),
        Rsc::OriginatorHasNoPrivilege,
    );
}

#[test]
fn a_policy_is_governed_by_its_self_privileges() {
    let (mut c, owner) = owned_container();
    let body = json!({"m2m:acp": {"rn": "p", "pv": {"acr": [{"acor": ["all"], "acop": 63}]}, "pvs": {"acr": [{"acor": [owner], "acop": 2 + 4}]}}});
    let acp = c.create("cse-in/owner", &owner, 1, body);
    c.expect(Request::retrieve("cse-in/owner/p", &owner), Rsc::Ok);
    c.expect(Request::retrieve("cse-in/owner/p", "Cguest"), Rsc::OriginatorHasNoPrivilege);
    c.expect(Request::update("cse-in/owner/p", &owner, json!({"m2m:acp": {"pv": {"acr": []}}})), Rsc::Updated);
    c.expect(Request::delete("cse-in/owner/p", &owner), Rsc::OriginatorHasNoPrivilege);
    c.expect(Request::update("cse-in/owner/p", &owner, json!({"m2m:acp": {"acpi": [acp]}})), Rsc::BadRequest);
    let decision = c
        .cse
        .explain_access(&owner, "cse-in/owner/p", AccessOperation::Delete, &OriginatorContext::default(), c.now)
        .expect("exists");
    assert_eq!(decision.policies[0].set, onem2m_cse::PrivilegeSet::SelfPrivileges);
    // malformed rules are refused with the place named
    let bad = c.expect(
        Request::create(
            "cse-in/owner",
            &owner,
            1,
            json!({"m2m:acp": {"pv": {"acr": [{"acor": ["x"], "acop": 99}]}, "pvs": {"acr": []}}}),
        ),
        Rsc::BadRequest,
    );
    assert!(bad.debug_message().unwrap_or_default().contains("pv.acr[0].acop"));
    c.expect(Request::create("cse-in/owner", &owner, 1, json!({"m2m:acp": {"pv": {"acr": []}}})), Rsc::BadRequest);
}

#[test]
fn acor_accepts_wildcards_all_and_groups() {
    let (mut c, owner) = owned_container();
    let wildcard = c.create("cse-in/owner", &owner, 1, policy("wild", &["Cgu*"], 2));
    c.expect(Request::update("cse-in/owner/data", &owner, json!({"m2m:cnt": {"acpi": [wildcard]}})), Rsc::Updated);
    c.expect(Request::retrieve("cse-in/owner/data", "Cguest"), Rsc::Ok);
    c.expect(Request::retrieve("cse-in/owner/data", "Cother"), Rsc::OriginatorHasNoPrivilege);
    let everyone = c.create("cse-in/owner", &owner, 1, policy("everyone", &["all"], 2));
    // the administrator is granted everything; the owner is not in the linked policy's pvs, which
    // decides who may change acpi
    c.expect(
        Request::update("cse-in/owner/data", &owner, json!({"m2m:cnt": {"acpi": [everyone.clone()]}})),
        Rsc::OriginatorHasNoPrivilege,
    );
    c.expect(Request::update("cse-in/owner/data", ADMIN, json!({"m2m:cnt": {"acpi": [everyone]}})), Rsc::Updated);
    // the wildcard policy lacks Update for the owner: use a fresh container
    let friends = c.create(
        "cse-in/owner",
        &owner,
        9,
        json!({"m2m:grp": {"rn": "friends", "mt": 2, "mnm": 5, "mid": ["Cguest"]}}),
    );
    let by_group = c.create("cse-in/owner", &owner, 1, policy("friends-read", &[&friends], 2));
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "shared", "acpi": [by_group]}}));
    c.expect(Request::retrieve("cse-in/owner/shared", "Cguest"), Rsc::Ok);
    c.expect(Request::retrieve("cse-in/owner/shared", "Cother"), Rsc::OriginatorHasNoPrivilege);
    let open = c.create("cse-in/owner", &owner, 1, policy("open", &["all"], 2));
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "public", "acpi": [open]}}));
    c.expect(Request::retrieve("cse-in/owner/public", "Canyone"), Rsc::Ok);
    // `all` is every originator, but a request must name one (only an AE registration may not)
    c.expect(Request::retrieve("cse-in/owner/public", ""), Rsc::BadRequest);
}

#[test]
fn acor_names_an_originator_in_any_address_form() {
    let (mut c, owner) = owned_container();
    // `fr` may name an AE SP-relative or absolute; so may acor: "/id-in/Cguest" is Cguest
    let forms =
        c.create("cse-in/owner", &owner, 1, policy("forms", &["/id-in/Cguest", "//example.org/id-in/Cfriend"], 2));
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "shared", "acpi": [forms]}}));
    c.expect(Request::retrieve("cse-in/owner/shared", "Cguest"), Rsc::Ok);
    c.expect(Request::retrieve("cse-in/owner/shared", "/id-in/Cguest"), Rsc::Ok);
    c.expect(Request::retrieve("cse-in/owner/shared", "//example.org/id-in/Cguest"), Rsc::Ok);
    c.expect(Request::retrieve("cse-in/owner/shared", "Cfriend"), Rsc::Ok);
    c.expect(Request::retrieve("cse-in/owner/shared", "Cother"), Rsc::OriginatorHasNoPrivilege);
    c.expect(Request::retrieve("cse-in/owner/shared", "/id-in/Cother"), Rsc::OriginatorHasNoPrivilege);
    // another CSE's AE is not this CSE's AE of the same name
    c.expect(Request::retrieve("cse-in/owner/shared", "/id-mn/Cguest"), Rsc::OriginatorHasNoPrivilege);
}

fn context_policy(c: &mut Conversation, owner: &str, acco: serde_json::Value) {
    let body = json!({"m2m:acp": {"rn": "ctx", "pv": {"acr": [{"acor": ["Cguest"], "acop": 2, "acco": [acco]}]}, "pvs": {"acr": [{"acor": [owner], "acop": 63}]}}});
    let acp = c.create(&format!("cse-in/{}", "owner"), owner, 1, body);
    c.create("cse-in/owner", owner, 3, json!({"m2m:cnt": {"rn": "guarded", "acpi": [acp]}}));
}

#[test]
fn time_windows_follow_the_clock() {
    let (mut c, owner) = owned_container();
    // Monday to Friday, 08:00-17:59 UTC; the clock starts on Wednesday at 12:00
    context_policy(&mut c, &owner, json!({"actw": ["* * 8-17 * * 1-5 *"]}));
    c.expect(Request::retrieve("cse-in/owner/guarded", "Cguest"), Rsc::Ok);
    c.tick(7 * 3600);
    let denied = c.expect(Request::retrieve("cse-in/owner/guarded", "Cguest"), Rsc::OriginatorHasNoPrivilege);
    assert!(denied.debug_message().unwrap_or_default().contains("outside every actw window"));
    c.tick(14 * 3600);
    c.expect(Request::retrieve("cse-in/owner/guarded", "Cguest"), Rsc::Ok);
    c.tick(3 * 24 * 3600);
    c.expect(Request::retrieve("cse-in/owner/guarded", "Cguest"), Rsc::OriginatorHasNoPrivilege);
    c.expect(
        Request::create("cse-in/owner", &owner, 1, json!({"m2m:acp": {"pv": {"acr": [{"acor": ["a"], "acop": 2, "acco": [{"actw": ["* * 25 * * * *"]}]}]}, "pvs": {"acr": []}}})),
        Rsc::BadRequest,
    );
}

#[test]
fn ip_ranges_in_cidr_notation() {
    let (mut c, owner) = owned_container();
    context_policy(&mut c, &owner, json!({"acip": {"ipv4": ["192.168.1.0/24"], "ipv6": ["2001:db8::/32"]}}));
    let from =
        |ip: &str| Request::retrieve("cse-in/owner/guarded", "Cguest").with_context(OriginatorContext::from_ip(ip));
    c.expect(from("192.168.1.20"), Rsc::Ok);
    c.expect(from("2001:db8:5::1"), Rsc::Ok);
    c.expect(from("192.168.2.20"), Rsc::OriginatorHasNoPrivilege);
    c.expect(from("not an address"), Rsc::OriginatorHasNoPrivilege);
    let missing = c.expect(Request::retrieve("cse-in/owner/guarded", "Cguest"), Rsc::OriginatorHasNoPrivilege);
    assert!(missing.debug_message().unwrap_or_default().contains("no source IP"));
}

#[test]
fn location_regions_by_country_and_circle() {
    let (mut c, owner) = owned_container();
    // France, or within 5 km of Geneva
    context_policy(&mut c, &owner, json!({"aclr": {"accc": ["FR"], "accr": [46.2044, 6.1432, 5000]}}));
    let at = |location: Location| {
        Request::retrieve("cse-in/owner/guarded", "Cguest")
            .with_context(OriginatorContext { location: Some(location), ..OriginatorContext::default() })
    };
    c.expect(at(Location { country: Some("FR".into()), ..Location::default() }), Rsc::Ok);
    c.expect(at(Location { country: Some("DE".into()), ..Location::default() }), Rsc::OriginatorHasNoPrivilege);
    c.expect(at(Location { country: Some("CH".into()), lat: Some(46.21), lon: Some(6.15) }), Rsc::Ok);
    c.expect(
        at(Location { country: Some("CH".into()), lat: Some(46.52), lon: Some(6.63) }),
        Rsc::OriginatorHasNoPrivilege,
    );
    c.expect(Request::retrieve("cse-in/owner/guarded", "Cguest"), Rsc::OriginatorHasNoPrivilege);
}

#[test]
fn authentication_flag_and_object_details() {
    let (mut c, owner) = owned_container();
    let body = json!({"m2m:acp": {"rn": "strict", "pv": {"acr": [
        {"acor": ["Cguest"], "acop": 2, "acaf": true},
        {"acor": ["Cguest"], "acop": 1, "acod": [{"chty": [4]}]}
    ]}, "pvs": {"acr": [{"acor": [owner], "acop": 63}]}}});
    let acp = c.create("cse-in/owner", &owner, 1, body);
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "box", "acpi": [acp]}}));
    c.expect(Request::retrieve("cse-in/owner/box", "Cguest"), Rsc::OriginatorHasNoPrivilege);
    let authenticated = OriginatorContext { authenticated: true, ..OriginatorContext::default() };
    c.expect(Request::retrieve("cse-in/owner/box", "Cguest").with_context(authenticated), Rsc::Ok);
    c.expect(Request::create("cse-in/owner/box", "Cguest", 4, json!({"m2m:cin": {"con": "1"}})), Rsc::Created);
    c.expect(Request::create("cse-in/owner/box", "Cguest", 3, json!({"m2m:cnt": {}})), Rsc::OriginatorHasNoPrivilege);
}

#[test]
fn subscribing_needs_retrieve_and_discovery_needs_discover() {
    let (mut c, owner) = owned_container();
    let create_only = c.create("cse-in/owner", &owner, 1, policy("create-only", &["Cguest"], 1));
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "inbox", "acpi": [create_only]}}));
    c.expect(
        Request::create(
            "cse-in/owner/inbox",
            "Cguest",
            23,
            json!({"m2m:sub": {"nu": ["Cguest"], "enc": {"net": [3]}}}),
        ),
        Rsc::SubscriptionCreatorHasNoPrivilege,
    );
    // discovery from the CSEBase lists only what the originator may discover
    let discoverable = c.create("cse-in/owner", &owner, 1, policy("discoverable", &["Cguest"], 32));
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "visible", "acpi": [discoverable]}}));
    let guest = uri_list(&c.expect(
        Request::retrieve("cse-in", "Cguest").with_fc(FilterCriteria { ty: vec![3], ..FilterCriteria::discovery() }),
        Rsc::Ok,
    ));
    assert_eq!(guest, vec!["cse-in/owner/visible".to_owned()]);
    let admin = uri_list(&c.expect(
        Request::retrieve("cse-in", ADMIN).with_fc(FilterCriteria { ty: vec![3], ..FilterCriteria::discovery() }),
        Rsc::Ok,
    ));
    // the administrator is granted everything, whatever the policies say
    assert_eq!(admin, ["cse-in/owner/data", "cse-in/owner/inbox", "cse-in/owner/visible"]);
    // discovery from a target the originator may not discover is refused
    c.expect(
        Request::retrieve("cse-in/owner", "Cguest").with_fc(FilterCriteria::discovery()),
        Rsc::OriginatorHasNoPrivilege,
    );
}
