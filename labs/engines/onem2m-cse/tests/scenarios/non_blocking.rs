//! Non-blocking synchronous requests (`rt` 1): 1001 at once, the outcome kept in a `<request>`
//! resource the originator retrieves.

use onem2m_cse::{Request, ResponseTypeInfo, TraceKind};
use serde_json::json;

use crate::harness::{ADMIN, Conversation, Rsc};

fn non_blocking(mut request: Request) -> Request {
    request.rt = Some(ResponseTypeInfo { rtv: 1, nu: Vec::new() });
    request
}

#[test]
fn the_originator_retrieves_the_outcome_from_a_request_resource() {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    let mut create = non_blocking(Request::create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "later"}})));
    create.rqi = "rqi-later".into();
    let accepted = c.send(create);
    assert_eq!(accepted.rsc, Rsc::AcceptedNonBlockingRequestSynch);
    assert_eq!(accepted.rsc.http_status(), 202);
    let reference = accepted.pc.as_ref().and_then(|pc| pc["m2m:uri"].as_str()).expect("m2m:uri").to_owned();
    // the operation ran: the container is there
    c.expect(Request::retrieve("cse-in/app/later", &ae), Rsc::Ok);
    let kept = c.expect(Request::retrieve(&reference, &ae), Rsc::Ok);
    let body = &kept.pc.as_ref().expect("content")["m2m:req"];
    assert_eq!(body["ty"], json!(17));
    assert_eq!(body["op"], json!(1));
    assert_eq!(body["tg"], json!("cse-in/app"));
    assert_eq!(body["og"], json!(ae));
    assert_eq!(body["rid"], json!("rqi-later"));
    assert_eq!(body["rs"], json!(1), "completed");
    assert_eq!(body["ol"]["rsc"], json!(2001), "the operation's own response");
    assert_eq!(body["ol"]["pc"]["m2m:cnt"]["rn"], json!("later"));
    // a failed operation is kept the same way
    let denied = c.send(non_blocking(Request::delete("cse-in/app", "Cstranger")));
    let reference = denied.pc.as_ref().and_then(|pc| pc["m2m:uri"].as_str()).expect("m2m:uri").to_owned();
    let kept = c.expect(Request::retrieve(&reference, ADMIN), Rsc::Ok);
    assert_eq!(kept.pc.as_ref().expect("content")["m2m:req"]["ol"]["rsc"], json!(4103));
    // only its originator (and the administrator) may read it; nobody may change it
    c.expect(Request::retrieve(&reference, &ae), Rsc::OriginatorHasNoPrivilege);
    c.expect(Request::update(&reference, ADMIN, json!({"m2m:req": {"lbl": ["x"]}})), Rsc::OperationNotAllowed);
    // the trace shows the request and the 1001 it was answered
    let responses: Vec<u16> = c
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Response(response) => Some(response.rsc.code()),
            _ => None,
        })
        .collect();
    assert!(responses.contains(&1001));
    // it expires with the request's rqet, or after REQUEST_RESOURCE_LIFETIME_SECONDS
    assert!(c.cse.poll_timeout().is_some());
    c.tick(onem2m_cse::types::REQUEST_RESOURCE_LIFETIME_SECONDS);
    c.expect(Request::retrieve(&reference, ADMIN), Rsc::NotFound);
    // non-blocking asynchronous (rt 2) is still not implemented
    let mut asynchronous = Request::retrieve("cse-in", ADMIN);
    asynchronous.rt = Some(ResponseTypeInfo { rtv: 2, nu: Vec::new() });
    let refused = c.expect(asynchronous, Rsc::NotImplemented);
    assert!(refused.debug_message().unwrap_or_default().contains("rtv 1"));
}
