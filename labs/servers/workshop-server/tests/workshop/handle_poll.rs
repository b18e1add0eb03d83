//! The engine driven handle/poll over real HTTP: a verifying subscription runs once (one
//! verification POST, journaled as the answer the engine was handed), and a timer armed from
//! `poll_timeout` expires resources on time, notifying their subscribers with no other request;
//! a restart replays both without sending anything again.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use onem2m_cse::Timestamp;
use serde_json::{Value, json};

use crate::support::{Behaviour, Http, Receiver, TempDir, TestServer};

fn journal(server: &TestServer) -> Vec<Value> {
    let text = std::fs::read_to_string(server.dir.path().join("data").join("journal.jsonl")).unwrap_or_default();
    text.lines().map(|line| serde_json::from_str(line).expect("a journal line")).collect()
}

async fn register(http: &Http, base: &str) {
    let ae = http
        .create(
            &format!("{base}/cse-in"),
            "Capp",
            2,
            json!({"m2m:ae": {"rn": "app", "api": "Napp", "rr": true, "srv": ["3"]}}),
        )
        .await;
    assert_eq!(ae.rsc(), 2001, "{}", ae.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verifying_subscription_makes_exactly_one_verification_post_and_a_restart_sends_none() {
    let server = TestServer::start_with(TempDir::new("one-verification"), |config| config.snapshot_every = 1000).await;
    let http = Http::default();
    let base = server.base.clone();
    let receiver = Receiver::start(Behaviour::Accept).await;
    register(&http, &base).await;
    let sub = http
        .create(
            &format!("{base}/cse-in/app"),
            "Capp",
            23,
            json!({"m2m:sub": {"rn": "watch", "nu": [receiver.url], "enc": {"net": [3]}}}),
        )
        .await;
    assert_eq!(sub.rsc(), 2001, "{}", sub.text);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let received = receiver.all();
    assert_eq!(received.len(), 1, "one verification POST: {received:?}");
    assert_eq!(received[0].body["m2m:sgn"]["vrq"], true);
    // journaled as submitted once, then the target's answer handed to the engine
    let lines = journal(&server);
    let subscribes = lines.iter().filter(|line| line["request"]["ty"] == 23).count();
    let answers: Vec<&Value> = lines.iter().filter_map(|line| line.get("answer")).collect();
    assert_eq!(subscribes, 1, "{lines:?}");
    assert_eq!(answers.len(), 1, "{lines:?}");
    assert_eq!(answers[0]["outcome"], "accepted");
    assert_eq!(answers[0]["nu"], receiver.url.as_str());

    let TestServer { server: running, dir, .. } = server;
    if let Some(running) = running {
        running.stop().await;
    }
    let restarted = TestServer::start_with(dir, |_| {}).await;
    let base = restarted.base.clone();
    assert_eq!(http.get(&format!("{base}/cse-in/app/watch"), "Capp").await.rsc(), 2000);
    let cin = http.create(&format!("{base}/cse-in/app"), "Capp", 3, json!({"m2m:cnt": {"rn": "c"}})).await;
    assert_eq!(cin.rsc(), 2001, "{}", cin.text);
    let received = receiver.wait_for(2, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 2, "no second verification after the restart, then the event: {received:?}");
    assert_eq!(received[1].body["m2m:sgn"]["nev"]["net"], 3);
    restarted.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resource_with_a_short_et_vanishes_and_its_subscriber_is_notified_with_no_other_request() {
    let server = TestServer::start("expiry-timer").await;
    let http = Http::default();
    let base = server.base.clone();
    let receiver = Receiver::start(Behaviour::Accept).await;
    register(&http, &base).await;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_millis();
    let et = Timestamp::from_millis(u64::try_from(now).expect("millis") + 1500).to_onem2m();
    let cnt =
        http.create(&format!("{base}/cse-in/app"), "Capp", 3, json!({"m2m:cnt": {"rn": "brief", "et": et}})).await;
    assert_eq!(cnt.rsc(), 2001, "{}", cnt.text);
    let sub = http
        .create(
            &format!("{base}/cse-in/app/brief"),
            "Capp",
            23,
            json!({"m2m:sub": {"nu": [receiver.url], "su": receiver.url, "enc": {"net": [2]}}}),
        )
        .await;
    assert_eq!(sub.rsc(), 2001, "{}", sub.text);
    // no request from here on: the timer alone expires the container and notifies
    let received = receiver.wait_for(3, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 3, "verification, then the deletion event and the subscription's end: {received:?}");
    assert_eq!(received[1].body["m2m:sgn"]["nev"]["net"], 2, "{:?}", received[1].body);
    assert_eq!(received[2].body["m2m:sgn"]["sud"], true, "{:?}", received[2].body);
    let gone = http.get(&format!("{base}/cse-in/app/brief"), "Capp").await;
    assert_eq!(gone.rsc(), 4004, "{}", gone.text);
    assert!(journal(&server).iter().any(|line| line["advance"] == true), "the timer's advance is journaled");

    // a restart replays the expiry and sends nothing again
    let TestServer { server: running, dir, .. } = server;
    if let Some(running) = running {
        running.stop().await;
    }
    let restarted = TestServer::start_with(dir, |_| {}).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(http.get(&format!("{}/cse-in/app/brief", restarted.base), "Capp").await.rsc(), 4004);
    assert_eq!(receiver.all().len(), 3, "{:?}", receiver.all());
    restarted.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_line_of_the_synchronous_version_replays_with_its_recorded_outcome_and_sends_nothing() {
    let server = TestServer::start("legacy-journal").await;
    let http = Http::default();
    let receiver = Receiver::start(Behaviour::Accept).await;
    register(&http, &server.base).await;
    let TestServer { server: running, dir, .. } = server;
    if let Some(running) = running {
        running.stop().await;
    }
    // a line as the version before handle/poll wrote it: the request and the outcomes it saw
    let data = dir.path().join("data");
    let snapshot = std::fs::read_to_string(data.join("cse.snapshot")).expect("a snapshot");
    let header: Value = serde_json::from_str(snapshot.lines().next().unwrap_or_default()).expect("a header");
    let seq = header["seq"].as_u64().expect("seq") + 1;
    let now = header["now"].as_u64().expect("now") + 1;
    let mut request = onem2m_cse::Request::create(
        "cse-in/app",
        "Capp",
        23,
        json!({"m2m:sub": {"rn": "old", "nu": [receiver.url], "enc": {"net": [3]}}}),
    );
    request.rqi = "legacy-1".into();
    let line = json!({"seq": seq, "now": now, "request": request, "verifications": ["accepted"]});
    std::fs::write(data.join("journal.jsonl"), format!("{line}\n")).expect("a journal line");

    let restarted = TestServer::start_with(dir, |_| {}).await;
    let http = Http::default();
    let sub = http.get(&format!("{}/cse-in/app/old", restarted.base), "Capp").await;
    assert_eq!(sub.rsc(), 2000, "replayed with the recorded outcome: {}", sub.text);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(receiver.all().is_empty(), "nothing sent again: {:?}", receiver.all());
    restarted.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_content_instance_older_than_mia_goes_on_time_and_its_deletion_is_notified_with_no_other_request() {
    let server = TestServer::start("mia-timer").await;
    let http = Http::default();
    let base = server.base.clone();
    let receiver = Receiver::start(Behaviour::Accept).await;
    register(&http, &base).await;
    let cnt = http.create(&format!("{base}/cse-in/app"), "Capp", 3, json!({"m2m:cnt": {"rn": "aged", "mia": 1}})).await;
    assert_eq!(cnt.rsc(), 2001, "{}", cnt.text);
    let sub = http
        .create(
            &format!("{base}/cse-in/app/aged"),
            "Capp",
            23,
            json!({"m2m:sub": {"nu": [receiver.url], "enc": {"net": [4]}}}),
        )
        .await;
    assert_eq!(sub.rsc(), 2001, "{}", sub.text);
    let cin = http.create(&format!("{base}/cse-in/app/aged"), "Capp", 4, json!({"m2m:cin": {"con": "old"}})).await;
    assert_eq!(cin.rsc(), 2001, "{}", cin.text);
    // no request from here on: one second later the timer removes the instance and notifies
    let received = receiver.wait_for(2, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 2, "verification, then the deletion of the instance: {received:?}");
    assert_eq!(received[1].body["m2m:sgn"]["nev"]["net"], 4, "{:?}", received[1].body);
    let container = http.get(&format!("{base}/cse-in/app/aged"), "Capp").await;
    assert_eq!(container.json()["m2m:cnt"]["cni"], 0, "{}", container.text);
    server.stop().await;
}
