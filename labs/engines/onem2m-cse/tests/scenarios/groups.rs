//! Groups: member validation and fan-out through fopt.

use onem2m_cse::Request;
use serde_json::{Value, json};

use crate::harness::{Conversation, Rsc};

fn lamps() -> (Conversation, String) {
    let mut c = Conversation::new();
    let ae = c.register("home", "Chome");
    for lamp in ["lamp1", "lamp2", "lamp3"] {
        c.create("cse-in/home", &ae, 3, json!({"m2m:cnt": {"rn": lamp}}));
    }
    (c, ae)
}

fn responses(response: &onem2m_cse::Response) -> Vec<Value> {
    response.pc.as_ref().and_then(|pc| pc["m2m:agr"]["m2m:rsp"].as_array().cloned()).unwrap_or_default()
}

#[test]
fn fan_out_creates_and_retrieves_in_every_member() {
    let (mut c, ae) = lamps();
    let group = c.expect(
        Request::create("cse-in/home", &ae, 9, json!({"m2m:grp": {"rn": "all", "mt": 3, "mnm": 5, "mid": ["cse-in/home/lamp1", "cse-in/home/lamp2", "cse-in/home/lamp3"]}})),
        Rsc::Created,
    );
    assert_eq!(group.attribute("cnm"), Some(&json!(3)));
    assert_eq!(group.attribute("mtv"), Some(&json!(true)));
    let created = c.expect(Request::create("cse-in/home/all/fopt", &ae, 4, json!({"m2m:cin": {"con": "on"}})), Rsc::Ok);
    let items = responses(&created);
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|item| item["rsc"] == 2001), "{items:?}");
    assert_eq!(items[0]["fr"], "cse-in/home/lamp1");
    let latest = c.expect(Request::retrieve("cse-in/home/all/fopt/la", &ae), Rsc::Ok);
    assert!(responses(&latest).iter().all(|item| item["pc"]["m2m:cin"]["con"] == "on"));
    // a member that vanished answers 4004 inside the aggregate
    c.expect(Request::delete("cse-in/home/lamp3", &ae), Rsc::Deleted);
    let retrieved = c.expect(Request::retrieve("cse-in/home/all/fopt", &ae), Rsc::Ok);
    let codes: Vec<u64> = responses(&retrieved).iter().filter_map(|item| item["rsc"].as_u64()).collect();
    assert_eq!(codes, [2000, 2000, 4004]);
    // members are checked with their own policies; the group needs the privilege first
    c.expect(Request::retrieve("cse-in/home/all/fopt", "Cstranger"), Rsc::OriginatorHasNoPrivilege);
}

#[test]
fn member_validation_strategies() {
    let (mut c, ae) = lamps();
    let acp = c.create("cse-in/home", &ae, 1, crate::harness::policy("p", &["all"], 2));
    let members = json!(["cse-in/home/lamp1", acp, "cse-in/home/missing"]);
    // abandon member (default): the policy and the missing member are dropped
    let kept = c.expect(
        Request::create("cse-in/home", &ae, 9, json!({"m2m:grp": {"rn": "g1", "mt": 3, "mnm": 5, "mid": members}})),
        Rsc::Created,
    );
    assert_eq!(kept.attribute("mid"), Some(&json!(["cse-in/home/lamp1"])));
    // abandon group
    c.expect(
        Request::create(
            "cse-in/home",
            &ae,
            9,
            json!({"m2m:grp": {"rn": "g2", "mt": 3, "mnm": 5, "csy": 2, "mid": members}}),
        ),
        Rsc::GroupMemberTypeInconsistent,
    );
    // set mixed
    let mixed = c.expect(
        Request::create(
            "cse-in/home",
            &ae,
            9,
            json!({"m2m:grp": {"rn": "g3", "mt": 3, "mnm": 5, "csy": 3, "mid": members}}),
        ),
        Rsc::Created,
    );
    assert_eq!(mixed.attribute("mt"), Some(&json!(0)));
    assert_eq!(mixed.attribute("cnm"), Some(&json!(2)));
    c.expect(
        Request::create("cse-in/home", &ae, 9, json!({"m2m:grp": {"rn": "g4", "mt": 3, "mnm": 2, "mid": ["cse-in/home/lamp1", "cse-in/home/lamp2", "cse-in/home/lamp3"]}})),
        Rsc::MaxNumberOfMemberExceeded,
    );
    c.expect(
        Request::create("cse-in/home", &ae, 9, json!({"m2m:grp": {"rn": "g5", "mt": 77, "mnm": 2, "mid": []}})),
        Rsc::BadRequest,
    );
    c.expect(
        Request::update(
            "cse-in/home/g1",
            &ae,
            json!({"m2m:grp": {"mnm": 1, "mid": ["cse-in/home/lamp1", "cse-in/home/lamp2"]}}),
        ),
        Rsc::MaxNumberOfMemberExceeded,
    );
    let updated = c.expect(
        Request::update("cse-in/home/g1", &ae, json!({"m2m:grp": {"mid": ["cse-in/home/lamp2", "cse-in/home/lamp2"]}})),
        Rsc::Updated,
    );
    assert_eq!(updated.attribute("mid"), Some(&json!(["cse-in/home/lamp2"])), "duplicates removed");
    // an empty group has nobody to fan out to
    c.create("cse-in/home", &ae, 9, json!({"m2m:grp": {"rn": "empty", "mt": 3, "mnm": 2, "mid": []}}));
    c.expect(Request::retrieve("cse-in/home/empty/fopt", &ae), Rsc::NoMembers);
    c.expect(Request::update("cse-in/home/g1", &ae, json!({"m2m:grp": {"cnm": 4}})), Rsc::BadRequest);
}
