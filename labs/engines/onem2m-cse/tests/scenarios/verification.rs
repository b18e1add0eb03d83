//! Subscription verification as handle/poll: `submit`, `poll_verification`,
//! `handle_verification`, `poll_completed`, deadlines through `poll_timeout`, snapshots of a
//! pending request.

use onem2m_cse::{Cse, NotificationKind, Request, Submission, VERIFICATION_TIMEOUT_SECONDS, VerificationOutcome};
use serde_json::json;

use crate::harness::{Conversation, Rsc};

fn subscribe_to_urls(rn: &str) -> serde_json::Value {
    json!({"m2m:sub": {"rn": rn, "nu": ["http://a.example/n", "http://b.example/n"], "enc": {"net": [3]}}})
}

/// A conversation with an AE `app` and a container `box`.
fn setup() -> (Conversation, String) {
    let mut c = Conversation::new();
    let ae = c.register("app", "Capp");
    c.create("cse-in/app", &ae, 3, json!({"m2m:cnt": {"rn": "box"}}));
    let _ = c.notifications();
    (c, ae)
}

fn pending(submission: Submission) -> onem2m_cse::PendingId {
    match submission {
        Submission::Pending(id) => id,
        Submission::Answered(response) => panic!("expected pending, got {:?}", response.rsc),
    }
}

#[test]
fn a_verifying_create_stays_pending_until_every_target_answers() {
    let (mut c, ae) = setup();
    let mut request = Request::create("cse-in/app/box", &ae, 23, subscribe_to_urls("watch"));
    request.rqi = "rqi-watch".into();
    let id = pending(c.cse.submit(request, c.now));
    assert!(c.cse.resolve_address("cse-in/app/box/watch").is_none(), "nothing is created while pending");
    assert_eq!(c.cse.pending_count(), 1);
    let first = c.cse.poll_verification().expect("a verification request");
    let second = c.cse.poll_verification().expect("another");
    assert!(c.cse.poll_verification().is_none(), "each is handed out once");
    assert_eq!((first.nu.as_str(), second.nu.as_str()), ("http://a.example/n", "http://b.example/n"));
    assert_eq!(first.content["m2m:sgn"]["vrq"], true);
    let sur = first.content["m2m:sgn"]["sur"].as_str().expect("sur").to_owned();
    assert_eq!(first.deadline, c.now.plus_seconds(VERIFICATION_TIMEOUT_SECONDS));
    assert_eq!(c.cse.poll_timeout(), Some(first.deadline), "the deadline comes before any expiry");
    // other requests go on meanwhile
    c.expect(Request::retrieve("cse-in/app/box", &ae), Rsc::Ok);
    c.tick(1);
    c.cse.handle_verification(id, &first.nu, VerificationOutcome::Accepted, c.now);
    assert!(c.cse.poll_completed().is_none(), "one target has not answered yet");
    c.cse.handle_verification(id, &second.nu, VerificationOutcome::Accepted, c.now);
    let (done, response) = c.cse.poll_completed().expect("completed");
    assert_eq!(done, id);
    assert_eq!(response.rsc, Rsc::Created);
    assert_eq!(response.rqi, "rqi-watch");
    assert_eq!(response.attribute("ri").and_then(|ri| ri.as_str()), Some(sur.as_str()), "the sur sent is its ri");
    assert_eq!(c.cse.pending_count(), 0);
    // it works: a new child is notified to both targets
    let _ = c.notifications();
    c.create("cse-in/app/box", &ae, 4, json!({"m2m:cin": {"con": "1"}}));
    let events: Vec<_> = c.notifications().into_iter().filter(|n| n.kind == NotificationKind::Event).collect();
    assert_eq!(events.len(), 2);
}

#[test]
fn a_refusal_or_silence_fails_the_create_with_5204() {
    let (mut c, ae) = setup();
    let id = pending(c.cse.submit(Request::create("cse-in/app/box", &ae, 23, subscribe_to_urls("refused")), c.now));
    let first = c.cse.poll_verification().expect("a verification request");
    c.cse.handle_verification(id, &first.nu, VerificationOutcome::Rejected, c.now);
    let (_, response) = c.cse.poll_completed().expect("one refusal settles it");
    assert_eq!(response.rsc, Rsc::SubscriptionVerificationInitiationFailed);
    assert!(c.cse.resolve_address("cse-in/app/box/refused").is_none());
    // a late answer is ignored
    c.cse.handle_verification(id, "http://b.example/n", VerificationOutcome::Accepted, c.now);
    assert!(c.cse.poll_completed().is_none());

    // nobody answers: the shell's timer fires at poll_timeout, with no other request
    pending(c.cse.submit(Request::create("cse-in/app/box", &ae, 23, subscribe_to_urls("silent")), c.now));
    while c.cse.poll_verification().is_some() {}
    let deadline = c.cse.poll_timeout().expect("a deadline");
    c.cse.advance(deadline);
    let (_, response) = c.cse.poll_completed().expect("the deadline settles it");
    assert_eq!(response.rsc, Rsc::SubscriptionVerificationInitiationFailed);
    assert!(response.debug_message().unwrap_or_default().contains("could not be reached"));
}

#[test]
fn requests_without_verification_are_answered_at_once() {
    let (mut c, ae) = setup();
    // the subscriber notifies itself: nothing to verify
    let own = json!({"m2m:sub": {"rn": "self", "nu": [ae.clone()]}});
    match c.cse.submit(Request::create("cse-in/app/box", &ae, 23, own), c.now) {
        Submission::Answered(response) => assert_eq!(response.rsc, Rsc::Created),
        Submission::Pending(_) => panic!("nothing to verify"),
    }
    match c.cse.submit(Request::retrieve("cse-in/app/box", &ae), c.now) {
        Submission::Answered(response) => assert_eq!(response.rsc, Rsc::Ok),
        Submission::Pending(_) => panic!("a retrieve never waits"),
    }
    // an Update adding a target verifies the new target only
    let id = pending(c.cse.submit(
        Request::update("cse-in/app/box/self", &ae, json!({"m2m:sub": {"nu": [ae.clone(), "http://c.example/n"]}})),
        c.now,
    ));
    let only = c.cse.poll_verification().expect("the new target");
    assert_eq!(only.nu, "http://c.example/n");
    assert!(c.cse.poll_verification().is_none());
    c.cse.handle_verification(id, &only.nu, VerificationOutcome::Accepted, c.now);
    assert_eq!(c.cse.poll_completed().expect("completed").1.rsc, Rsc::Updated);
}

#[test]
fn a_pending_request_survives_snapshot_and_replays_deterministically() {
    let (mut c, ae) = setup();
    let before = c.cse.snapshot();
    assert!(!before.contains("pending"), "a snapshot without pending requests is as before");
    let id = pending(c.cse.submit(Request::create("cse-in/app/box", &ae, 23, subscribe_to_urls("kept")), c.now));
    let snapshot = c.cse.snapshot();
    let mut restored = Cse::restore(&snapshot).expect("restores");
    assert_eq!(restored.snapshot(), snapshot);
    assert_eq!(restored.pending_count(), 1);
    // the restored engine emits the verification requests again and completes the same way
    let answer = |cse: &mut Cse| {
        while let Some(request) = cse.poll_verification() {
            cse.handle_verification(id, &request.nu, VerificationOutcome::Accepted, c.now);
        }
        cse.poll_completed().expect("completed").1
    };
    let original = answer(&mut c.cse);
    let replayed = answer(&mut restored);
    assert_eq!(original.rsc, Rsc::Created);
    assert_eq!(original, replayed);
    assert_eq!(c.cse.snapshot(), restored.snapshot());
    // and an old snapshot (no pending fields) still loads
    assert_eq!(Cse::restore(&before).expect("loads").pending_count(), 0);
}

#[test]
fn a_non_blocking_subscription_waits_for_its_verification_too() {
    let (mut c, ae) = setup();
    let mut request = Request::create("cse-in/app/box", &ae, 23, subscribe_to_urls("later"));
    request.rt = Some(onem2m_cse::ResponseTypeInfo { rtv: 1, nu: Vec::new() });
    let id = pending(c.cse.submit(request, c.now));
    while let Some(verification) = c.cse.poll_verification() {
        c.cse.handle_verification(id, &verification.nu, VerificationOutcome::Accepted, c.now);
    }
    let (_, response) = c.cse.poll_completed().expect("completed");
    assert_eq!(response.rsc, Rsc::AcceptedNonBlockingRequestSynch);
    let reference = response.pc.as_ref().and_then(|pc| pc["m2m:uri"].as_str()).expect("m2m:uri").to_owned();
    let kept = c.expect(Request::retrieve(&reference, &ae), Rsc::Ok);
    assert_eq!(kept.pc.as_ref().expect("content")["m2m:req"]["ol"]["rsc"], json!(2001));
    c.expect(Request::retrieve("cse-in/app/box/later", &ae), Rsc::Ok);
}
