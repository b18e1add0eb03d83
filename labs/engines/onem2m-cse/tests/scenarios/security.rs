//! The security defects of issue 15: no privilege escalation through `acpi`, no lock-out of the
//! host, no notifications pushed to an AE without Notify privilege on it.

use onem2m_cse::{AccessOperation, DecisionBasis, OriginatorContext, PrivilegeSet, Request};
use serde_json::json;

use crate::harness::{ADMIN, Conversation, Rsc};

/// An owner AE with a container `cse-in/owner/data` linked to a policy `shared` that lets the
/// guest retrieve and update it (pv) and only the administrator change the policy (pvs); the guest
/// AE owns a policy of its own, `cse-in/guest/mine`. Returns (conversation, owner, guest, shared, mine).
fn shared_container() -> (Conversation, String, String, String, String) {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    let guest = c.register("guest", "Cguest");
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "data"}}));
    let shared = c.create(
        "cse-in/owner",
        &owner,
        1,
        json!({"m2m:acp": {"rn": "shared",
            "pv": {"acr": [{"acor": [owner], "acop": 63}, {"acor": [guest], "acop": 1 + 2 + 4}]},
            "pvs": {"acr": [{"acor": [ADMIN], "acop": 63}]}}}),
    );
    c.expect(
        Request::update("cse-in/owner/data", &owner, json!({"m2m:cnt": {"acpi": [shared.clone()]}})),
        Rsc::Updated,
    );
    let mine = c.create(
        "cse-in/guest",
        &guest,
        1,
        json!({"m2m:acp": {"rn": "mine",
            "pv": {"acr": [{"acor": [guest], "acop": 63}]},
            "pvs": {"acr": [{"acor": [guest], "acop": 63}]}}}),
    );
    (c, owner, guest, shared, mine)
}

#[test]
fn update_in_pv_does_not_let_an_originator_repoint_acpi() {
    let (mut c, owner, guest, shared, mine) = shared_container();
    // the guest may update the container's other attributes (pv) ...
    c.expect(Request::update("cse-in/owner/data", &guest, json!({"m2m:cnt": {"lbl": ["room"]}})), Rsc::Updated);
    // ... but not take it over: acpi is decided by the pvs of the policy linked now
    let denied = c.expect(
        Request::update("cse-in/owner/data", &guest, json!({"m2m:cnt": {"acpi": [mine.clone()]}})),
        Rsc::OriginatorHasNoPrivilege,
    );
    let message = denied.debug_message().unwrap_or_default();
    assert!(message.contains("pvs") && message.contains("acpi"), "{message}");
    // together with another attribute, still refused
    c.expect(
        Request::update("cse-in/owner/data", &guest, json!({"m2m:cnt": {"lbl": ["x"], "acpi": [mine.clone()]}})),
        Rsc::OriginatorHasNoPrivilege,
    );
    // the owner keeps its access and the guest cannot delete
    c.expect(Request::retrieve("cse-in/owner/data", &owner), Rsc::Ok);
    c.expect(Request::delete("cse-in/owner/data", &guest), Rsc::OriginatorHasNoPrivilege);
    // the explanation shows the rule
    let decision =
        c.cse.explain_acpi_change(&guest, "cse-in/owner/data", &OriginatorContext::default(), c.now).expect("exists");
    assert!(!decision.granted && decision.acpi_change);
    assert_eq!(decision.policies.len(), 1);
    assert_eq!(
        (decision.policies[0].policy.as_str(), decision.policies[0].set),
        (shared.as_str(), PrivilegeSet::SelfPrivileges)
    );
    let text = decision.to_string();
    assert!(text.contains("Update of acpi") && text.contains("selfPrivileges (pvs)"), "{text}");
    let update = c
        .cse
        .explain_access(&guest, "cse-in/owner/data", AccessOperation::Update, &OriginatorContext::default(), c.now)
        .expect("exists");
    assert!(
        update.granted && update.to_string().contains("changes acpi is decided by these policies' pvs"),
        "{update}"
    );
    // whoever the pvs names may repoint acpi
    c.expect(
        Request::update("cse-in/owner/data", ADMIN, json!({"m2m:cnt": {"acpi": [shared.clone(), mine.clone()]}})),
        Rsc::Updated,
    );
    // now the guest's own policy is linked, and its pvs names the guest
    c.expect(Request::update("cse-in/owner/data", &guest, json!({"m2m:cnt": {"acpi": [mine]}})), Rsc::Updated);
}

#[test]
fn a_policy_needs_at_least_one_self_privilege_rule() {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    let empty = json!({"m2m:acp": {"rn": "p", "pv": {"acr": [{"acor": [owner], "acop": 63}]}, "pvs": {"acr": []}}});
    let refused = c.expect(Request::create("cse-in/owner", &owner, 1, empty), Rsc::BadRequest);
    assert!(refused.debug_message().unwrap_or_default().contains("pvs"), "{:?}", refused.debug_message());
    let body = json!({"m2m:acp": {"rn": "p", "pv": {"acr": []}, "pvs": {"acr": [{"acor": [owner], "acop": 63}]}}});
    c.create("cse-in/owner", &owner, 1, body);
    c.expect(Request::update("cse-in/owner/p", &owner, json!({"m2m:acp": {"pvs": {"acr": []}}})), Rsc::BadRequest);
    c.expect(Request::update("cse-in/owner/p", &owner, json!({"m2m:acp": {"pvs": {}}})), Rsc::BadRequest);
}

#[test]
fn the_administrator_is_granted_everything_and_can_repair_an_orphaned_resource() {
    let mut c = Conversation::new();
    let owner = c.register("owner", "Cowner");
    c.create("cse-in/owner", &owner, 3, json!({"m2m:cnt": {"rn": "data"}}));
    let only_owner = json!({"m2m:acp": {"rn": "p",
        "pv": {"acr": [{"acor": [owner], "acop": 63}]}, "pvs": {"acr": [{"acor": [owner], "acop": 63}]}}});
    let policy = c.create("cse-in/owner", &owner, 1, only_owner);
    c.expect(
        Request::update("cse-in/owner/data", &owner, json!({"m2m:cnt": {"acpi": [policy.clone()]}})),
        Rsc::Updated,
    );
    // a policy that omits the administrator does not lock the host out
    c.expect(Request::retrieve("cse-in/owner/data", ADMIN), Rsc::Ok);
    c.expect(Request::retrieve("cse-in/owner/p", ADMIN), Rsc::Ok);
    let decision = c
        .cse
        .explain_access(ADMIN, "cse-in/owner/data", AccessOperation::Delete, &OriginatorContext::default(), c.now)
        .expect("exists");
    assert!(decision.granted);
    assert_eq!(decision.basis, DecisionBasis::Administrator);
    assert!(decision.to_string().contains("administrator, granted every operation"), "{decision}");
    // the only policy is deleted: nobody but the administrator can reach the container
    c.expect(Request::delete("cse-in/owner/p", &owner), Rsc::Deleted);
    let denied = c.expect(Request::retrieve("cse-in/owner/data", &owner), Rsc::OriginatorHasNoPrivilege);
    let message = denied.debug_message().unwrap_or_default();
    assert!(message.contains(&policy) && message.contains("deleted") && message.contains(ADMIN), "{message}");
    let orphan = c
        .cse
        .explain_access(&owner, "cse-in/owner/data", AccessOperation::Retrieve, &OriginatorContext::default(), c.now)
        .expect("exists");
    assert_eq!(orphan.basis, DecisionBasis::PoliciesMissing { policies: vec![policy], administrator: ADMIN.into() });
    // the host repairs it
    let fresh = c.create(
        "cse-in/owner",
        ADMIN,
        1,
        json!({"m2m:acp": {"rn": "q", "pv": {"acr": [{"acor": [owner], "acop": 63}]}, "pvs": {"acr": [{"acor": [ADMIN], "acop": 63}]}}}),
    );
    c.expect(Request::update("cse-in/owner/data", ADMIN, json!({"m2m:cnt": {"acpi": [fresh]}})), Rsc::Updated);
    c.expect(Request::retrieve("cse-in/owner/data", &owner), Rsc::Ok);
    c.expect(Request::delete("cse-in/owner/data", ADMIN), Rsc::Deleted);
}

#[test]
fn a_subscription_may_only_notify_an_ae_it_has_notify_privilege_on() {
    let (mut c, owner, guest, _shared, _mine) = shared_container();
    // the guest may retrieve the container, but may not point its notifications at the owner's AE
    let sub = |nu: &str| json!({"m2m:sub": {"rn": "watch", "nu": [nu], "enc": {"net": [3]}}});
    let refused =
        c.expect(Request::create("cse-in/owner/data", &guest, 23, sub(&owner)), Rsc::OriginatorHasNoPrivilege);
    assert!(refused.debug_message().unwrap_or_default().contains("Notify"), "{:?}", refused.debug_message());
    c.expect(Request::create("cse-in/owner/data", &guest, 23, sub("cse-in/owner")), Rsc::OriginatorHasNoPrivilege);
    c.expect(Request::create("cse-in/owner/data", &guest, 23, sub("/id-in/Cowner")), Rsc::OriginatorHasNoPrivilege);
    // a resource that is not an AE is refused on privilege first too
    c.expect(Request::create("cse-in/owner/data", &guest, 23, sub("cse-in/owner/data")), Rsc::OriginatorHasNoPrivilege);
    // its own AE and URLs are fine
    c.expect(Request::create("cse-in/owner/data", &guest, 23, sub(&guest)), Rsc::Created);
    c.expect(Request::delete("cse-in/owner/data/watch", &guest), Rsc::Deleted);
    c.expect(Request::create("cse-in/owner/data", &guest, 23, sub("http://guest.example:9000/n")), Rsc::Created);
    // adding the owner's AE by an update is refused the same way
    c.expect(
        Request::update(
            "cse-in/owner/data/watch",
            &guest,
            json!({"m2m:sub": {"nu": ["http://guest.example:9000/n", owner]}}),
        ),
        Rsc::OriginatorHasNoPrivilege,
    );
    // once the owner grants Notify, the subscription may target it
    let notify = c.create(
        "cse-in/owner",
        &owner,
        1,
        json!({"m2m:acp": {"rn": "inbox", "pv": {"acr": [{"acor": [owner], "acop": 63}, {"acor": [guest], "acop": 16}]}, "pvs": {"acr": [{"acor": [owner], "acop": 63}]}}}),
    );
    c.expect(Request::update("cse-in/owner", &owner, json!({"m2m:ae": {"acpi": [notify]}})), Rsc::Updated);
    c.expect(
        Request::create(
            "cse-in/owner/data",
            &guest,
            23,
            json!({"m2m:sub": {"rn": "w2", "nu": [owner], "enc": {"net": [3]}}}),
        ),
        Rsc::Created,
    );
}
