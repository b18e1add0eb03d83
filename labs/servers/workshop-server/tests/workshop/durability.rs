//! Durability and isolation: `kill -9` of the real binary loses no acknowledged write; a slow or
//! dead notification target never holds up other requests.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{Behaviour, Http, Receiver, TempDir, TestServer, tiny_site};

/// The real binary, killed when dropped.
struct Binary {
    child: Child,
    base: String,
    /// what it printed at startup
    banner: String,
}

impl Binary {
    fn start(data: &Path, site: &Path) -> Binary {
        let mut child = Command::new(env!("CARGO_BIN_EXE_workshop-server"))
            .args(["--port", "0", "--host", "127.0.0.1", "--data"])
            .arg(data)
            .arg("--site")
            .arg(site)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the workshop-server binary");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut banner = String::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                banner.push_str(&line);
                banner.push('\n');
                if line.trim_start().starts_with("live view:") {
                    let _ = sender.send(banner.clone());
                }
            }
        });
        let Ok(banner) = receiver.recv_timeout(Duration::from_secs(20)) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the binary did not print its address");
        };
        let base = banner
            .lines()
            .find_map(|line| line.strip_prefix("workshop-server: listening on "))
            .unwrap_or_default()
            .trim()
            .to_owned();
        Binary { child, base, banner }
    }

    /// SIGKILL: no shutdown code runs.
    fn kill_9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_then_restart_loses_no_acknowledged_write() {
    let dir = TempDir::new("crash");
    let data = dir.path().join("data");
    let site = tiny_site(dir.path());
    let http = Http::default();
    let receiver = Receiver::start(Behaviour::Accept).await;

    let first = Binary::start(&data, &site);
    let base = first.base.clone();
    assert_eq!(
        http.create(
            &format!("{base}/cse-in"),
            "Cmeter",
            2,
            json!({"m2m:ae": {"rn": "meter", "api": "Nmeter", "rr": true, "srv": ["3"]}})
        )
        .await
        .rsc(),
        2001
    );
    assert_eq!(
        http.create(
            &format!("{base}/cse-in/meter"),
            "Cmeter",
            3,
            json!({"m2m:cnt": {"rn": "power", "lbl": ["kind:power"]}})
        )
        .await
        .rsc(),
        2001
    );
    let subscription = http
        .create(
            &format!("{base}/cse-in/meter/power"),
            "Cmeter",
            23,
            json!({"m2m:sub": {"rn": "watch", "nu": [receiver.url], "enc": {"net": [3]}}}),
        )
        .await;
    assert_eq!(subscription.rsc(), 2001, "{}", subscription.text);
    for n in 0..20 {
        let reply = http
            .create(&format!("{base}/cse-in/meter/power"), "Cmeter", 4, json!({"m2m:cin": {"con": format!("{n}")}}))
            .await;
        assert_eq!(reply.rsc(), 2001);
    }
    let updated = http
        .m2m(
            "PUT",
            &format!("{base}/cse-in/meter/power"),
            "Cmeter",
            None,
            Some(json!({"m2m:cnt": {"lbl": ["kind:power", "floor:1"]}})),
        )
        .await;
    assert_eq!(updated.rsc(), 2004);
    assert_eq!(http.m2m("DELETE", &format!("{base}/cse-in/meter/power/ol"), "Cmeter", None, None).await.rsc(), 2002);
    // the verification and the 20 event notifications arrived
    let before = receiver.wait_for(21, Duration::from_secs(5)).await.len();
    assert_eq!(before, 21);
    first.kill_9();

    // a write torn in the middle by the kill: never acknowledged, cut off at restart
    let mut journal =
        std::fs::OpenOptions::new().append(true).open(data.join("journal.jsonl")).expect("journal exists");
    journal
        .write_all(b"{\"seq\":9999,\"now\":1,\"request\":{\"op\":1,\"to\":\"cse-in/meter/po")
        .expect("append a torn line");
    drop(journal);

    let second = Binary::start(&data, &site);
    // 25 requests and the target's answer to the verification request
    assert!(second.banner.contains("restored, 26 journal entries"), "{}", second.banner);
    assert!(second.banner.contains("torn"), "{}", second.banner);
    let base = second.base.clone();
    let container = http.get(&format!("{base}/cse-in/meter/power"), "Cmeter").await;
    assert_eq!(container.rsc(), 2000, "{}", container.text);
    assert_eq!(container.json()["m2m:cnt"]["cni"], 19, "20 instances, the oldest deleted");
    assert_eq!(container.json()["m2m:cnt"]["lbl"], json!(["kind:power", "floor:1"]));
    assert_eq!(http.get(&format!("{base}/cse-in/meter/power/la"), "Cmeter").await.json()["m2m:cin"]["con"], "19");
    assert_eq!(http.get(&format!("{base}/cse-in/meter/power/ol"), "Cmeter").await.json()["m2m:cin"]["con"], "1");
    assert_eq!(http.get(&format!("{base}/cse-in/meter/power/watch"), "Cmeter").await.rsc(), 2000);
    // the replay did not send anything again
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.all().len(), before, "replay must not re-send notifications");
    // and the restored server goes on: the subscription still notifies, ids do not collide
    assert_eq!(
        http.create(&format!("{base}/cse-in/meter/power"), "Cmeter", 4, json!({"m2m:cin": {"con": "after"}}))
            .await
            .rsc(),
        2001
    );
    assert_eq!(receiver.wait_for(before + 1, Duration::from_secs(5)).await.len(), before + 1);
    second.kill_9();

    // a third start replays the post-restart write too
    let third = Binary::start(&data, &site);
    assert!(third.banner.contains("restored, 1 journal entries"), "{}", third.banner);
    let latest = http.get(&format!("{}/cse-in/meter/power/la", third.base), "Cmeter").await;
    assert_eq!(latest.json()["m2m:cin"]["con"], "after");
    third.kill_9();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_stop_compacts_and_a_restart_restores() {
    let dir = TempDir::new("compact");
    let data_dir = dir.path().join("data");
    let server = TestServer::start_with(dir, |config| config.snapshot_every = 3).await;
    let http = Http::default();
    let base = server.base.clone();
    http.create(
        &format!("{base}/cse-in"),
        "Cbox",
        2,
        json!({"m2m:ae": {"rn": "box", "api": "Nbox", "rr": false, "srv": ["3"]}}),
    )
    .await;
    for n in 0..7 {
        assert_eq!(
            http.create(&format!("{base}/cse-in/box"), "Cbox", 3, json!({"m2m:cnt": {"rn": format!("c{n}")}}))
                .await
                .rsc(),
            2001
        );
    }
    let TestServer { server: running, dir, .. } = server;
    if let Some(running) = running {
        running.stop().await;
    }
    let journal = std::fs::read_to_string(data_dir.join("journal.jsonl")).expect("journal");
    assert!(journal.is_empty(), "stop compacts: the journal is empty");
    let restarted = TestServer::start_with(dir, |_| {}).await;
    let found = http.get(&format!("{}/cse-in?fu=1&ty=3", restarted.base), "Cbox").await;
    assert_eq!(found.json()["m2m:uril"].as_array().map(Vec::len), Some(7), "{}", found.text);
    restarted.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_dead_notification_targets_never_block_other_requests() {
    let server = TestServer::start("slow").await;
    let http = Http::default();
    let base = &server.base;
    let hanging = Receiver::start(Behaviour::AcceptThenHang).await;
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address")
    };
    // an AE whose point of access is dead; it subscribes itself (no verification of its own poa)
    http.create(
        &format!("{base}/cse-in"),
        "Cdev",
        2,
        json!({"m2m:ae": {"rn": "dev", "api": "Ndev", "rr": true, "srv": ["3"], "poa": [format!("http://{dead}/")]}}),
    )
    .await;
    http.create(&format!("{base}/cse-in/dev"), "Cdev", 3, json!({"m2m:cnt": {"rn": "out"}})).await;
    let to_dead = http
        .create(
            &format!("{base}/cse-in/dev/out"),
            "Cdev",
            23,
            json!({"m2m:sub": {"rn": "s1", "nu": ["Cdev"], "enc": {"net": [3]}}}),
        )
        .await;
    assert_eq!(to_dead.rsc(), 2001, "{}", to_dead.text);
    let to_hanging = http
        .create(
            &format!("{base}/cse-in/dev/out"),
            "Cdev",
            23,
            json!({"m2m:sub": {"rn": "s2", "nu": [hanging.url], "enc": {"net": [3]}}}),
        )
        .await;
    assert_eq!(to_hanging.rsc(), 2001, "{}", to_hanging.text);

    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    for n in 0..10 {
        let t = Instant::now();
        assert_eq!(
            http.create(&format!("{base}/cse-in/dev/out"), "Cdev", 4, json!({"m2m:cin": {"con": n}})).await.rsc(),
            2001
        );
        assert_eq!(http.get(&format!("{base}/cse-in/dev/out/la"), "Cdev").await.rsc(), 2000);
        slowest = slowest.max(t.elapsed());
    }
    let total = started.elapsed();
    // each notification waits up to 1 s per attempt at the hanging target: none of that shows here
    assert!(slowest < Duration::from_millis(800), "slowest create+get pair took {slowest:?}");
    assert!(total < Duration::from_secs(4), "20 requests took {total:?}");
    // the hanging target did get the first event (it just never answers)
    let got = hanging.wait_for(2, Duration::from_secs(3)).await;
    assert!(got.len() >= 2, "{got:?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_verification_target_never_blocks_other_requests() {
    let dir = TempDir::new("hangverify");
    let data_dir = dir.path().join("data");
    let server = TestServer::start_with(dir, |config| {
        config.verification_timeout_ms = 3000;
        config.snapshot_every = 10_000;
    })
    .await;
    let http = Http::default();
    let base = server.base.clone();
    // a target that accepts the connection and never answers
    let hang = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let hang_url = format!("http://{}/notify", hang.local_addr().expect("address"));
    let (connected, mut connection) = tokio::sync::mpsc::unbounded_channel();
    let hang_task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = hang.accept().await {
            held.push(socket);
            let _ = connected.send(());
        }
    });
    let accepting = Receiver::start(Behaviour::Accept).await;
    let ae = http
        .create(
            &format!("{base}/cse-in"),
            "Cdev",
            2,
            json!({"m2m:ae": {"rn": "dev", "api": "Ndev", "rr": false, "srv": ["3"]}}),
        )
        .await;
    assert_eq!(ae.rsc(), 2001, "{}", ae.text);
    let cnt = http.create(&format!("{base}/cse-in/dev"), "Cdev", 3, json!({"m2m:cnt": {"rn": "out"}})).await;
    assert_eq!(cnt.rsc(), 2001, "{}", cnt.text);

    let subscribe = {
        let (http, base, hang_url) = (http.clone(), base.clone(), hang_url.clone());
        tokio::spawn(async move {
            let started = Instant::now();
            let reply = http
                .create(
                    &format!("{base}/cse-in/dev/out"),
                    "Cdev",
                    23,
                    json!({"m2m:sub": {"rn": "stuck", "nu": [hang_url], "enc": {"net": [3]}}}),
                )
                .await;
            (reply, started.elapsed())
        })
    };
    // the verification request is on its way to the hanging target
    tokio::time::timeout(Duration::from_secs(5), connection.recv())
        .await
        .expect("the hanging target gets the verification request");

    let mut slowest = Duration::ZERO;
    for n in 0..5 {
        let t = Instant::now();
        let created = http.create(&format!("{base}/cse-in/dev/out"), "Cdev", 4, json!({"m2m:cin": {"con": n}})).await;
        assert_eq!(created.rsc(), 2001, "{}", created.text);
        let latest = http.get(&format!("{base}/cse-in/dev/out/la"), "Cdev").await;
        assert_eq!(latest.rsc(), 2000, "{}", latest.text);
        assert_eq!(latest.json()["m2m:cin"]["con"], n);
        slowest = slowest.max(t.elapsed());
    }
    // another subscription, to a target that answers, is created meanwhile
    let t = Instant::now();
    let fine = http
        .create(
            &format!("{base}/cse-in/dev/out"),
            "Cdev",
            23,
            json!({"m2m:sub": {"rn": "fine", "nu": [accepting.url], "enc": {"net": [3]}}}),
        )
        .await;
    assert_eq!(fine.rsc(), 2001, "{}", fine.text);
    slowest = slowest.max(t.elapsed());
    assert!(slowest < Duration::from_millis(800), "a request took {slowest:?} while a verification hung");
    assert!(!subscribe.is_finished(), "the requests above ran while the verification was still waiting");

    let (stuck, took) = subscribe.await.expect("the subscribing task");
    assert_eq!(stuck.rsc(), 5204, "{}", stuck.text);
    assert!(took >= Duration::from_millis(2900), "it waited for the timeout: {took:?}");
    let gone = http.get(&format!("{base}/cse-in/dev/out/stuck"), "Cdev").await;
    assert_eq!(gone.rsc(), 4004, "{}", gone.text);
    let kept = http.get(&format!("{base}/cse-in/dev/out/fine"), "Cdev").await;
    assert_eq!(kept.rsc(), 2000, "{}", kept.text);

    // the journal holds the targets' answers, in the order they were handed to the engine
    let journal = std::fs::read_to_string(data_dir.join("journal.jsonl")).expect("journal");
    let verifications: Vec<serde_json::Value> = journal
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a journal line"))
        .filter_map(|entry| entry.get("answer").map(|answer| answer["outcome"].clone()))
        .collect();
    assert_eq!(verifications, vec![json!("accepted"), json!("unreachable")], "{journal}");
    hang_task.abort();
    // a restart replays the journal to the same state
    let TestServer { server: running, dir, .. } = server;
    if let Some(running) = running {
        running.stop().await;
    }
    let restarted = TestServer::start_with(dir, |_| {}).await;
    let base = restarted.base.clone();
    assert_eq!(http.get(&format!("{base}/cse-in/dev/out/stuck"), "Cdev").await.rsc(), 4004);
    assert_eq!(http.get(&format!("{base}/cse-in/dev/out/fine"), "Cdev").await.rsc(), 2000);
    let latest = http.get(&format!("{base}/cse-in/dev/out/la"), "Cdev").await;
    assert_eq!(latest.json()["m2m:cin"]["con"], 4, "{}", latest.text);
    restarted.stop().await;
}

/// Registers an AE with the originator `C` (the CSE assigns the AE-ID) and a container in it;
/// returns (AE-ID, the container's resource ID).
async fn assigned_identifiers(http: &Http, base: &str, name: &str) -> (String, String) {
    let ae = http
        .create(
            &format!("{base}/cse-in"),
            "C",
            2,
            json!({"m2m:ae": {"rn": name, "api": "Nseed", "rr": false, "srv": ["3"]}}),
        )
        .await;
    assert_eq!(ae.rsc(), 2001, "{}", ae.text);
    let aei = ae.json()["m2m:ae"]["aei"].as_str().unwrap_or_default().to_owned();
    let cnt = http.create(&format!("{base}/cse-in/{name}"), &aei, 3, json!({"m2m:cnt": {"rn": "c"}})).await;
    assert_eq!(cnt.rsc(), 2001, "{}", cnt.text);
    (aei, cnt.json()["m2m:cnt"]["ri"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assigned_identifiers_differ_between_data_directories_and_a_restart_keeps_the_seed() {
    let http = Http::default();
    let first = TestServer::start("seed-a").await;
    let second = TestServer::start("seed-b").await;
    let (aei_a, ri_a) = assigned_identifiers(&http, &first.base, "app").await;
    let (aei_b, ri_b) = assigned_identifiers(&http, &second.base, "app").await;
    assert!(aei_a.starts_with('C') && aei_b.starts_with('C'), "{aei_a} {aei_b}");
    assert_ne!(aei_a, aei_b, "two workshops must not hand out the same AE-IDs");
    assert_ne!(ri_a, ri_b, "two workshops must not hand out the same resource IDs");
    second.stop().await;

    // the seed is kept: a copy of the stopped directory and the original, both restarted, assign the same next IDs
    let seed_path = first.dir.path().join("data").join("seed");
    let seed = std::fs::read_to_string(&seed_path).expect("the seed is kept in the data directory");
    assert_eq!(seed.trim().len(), 16, "{seed}");
    let TestServer { server: running, dir, .. } = first;
    if let Some(running) = running {
        running.stop().await;
    }
    let copy = TempDir::new("seed-copy");
    std::fs::create_dir_all(copy.path().join("data")).expect("copy dir");
    for file in std::fs::read_dir(dir.path().join("data")).expect("data dir").map_while(Result::ok) {
        std::fs::copy(file.path(), copy.path().join("data").join(file.file_name())).expect("copy");
    }
    let restarted = TestServer::start_with(dir, |_| {}).await;
    let copied = TestServer::start_with(copy, |_| {}).await;
    assert_eq!(std::fs::read_to_string(&seed_path).expect("seed"), seed, "a restart keeps the seed");
    let next_a = assigned_identifiers(&http, &restarted.base, "next").await;
    let next_copy = assigned_identifiers(&http, &copied.base, "next").await;
    assert_eq!(next_a, next_copy, "the same directory assigns the same identifiers after a restart");
    assert_ne!(next_a.0, aei_a);
    restarted.stop().await;
    copied.stop().await;
}

/// `value` as JSON with the string `"DEEP"` replaced by arrays nested `levels` deep: text an older
/// server wrote, which serde_json (recursion limit 128) cannot read back once wrapped in a record.
fn with_deep_json(value: &serde_json::Value, levels: usize) -> String {
    let text = value.to_string();
    assert!(text.contains("\"DEEP\""), "{text}");
    text.replace("\"DEEP\"", &format!("{}{}", "[".repeat(levels), "]".repeat(levels)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_record_that_cannot_be_read_back_is_moved_aside_and_every_other_kept() {
    let dir = TempDir::new("damaged-journal");
    let data = dir.path().join("data");
    let site = tiny_site(dir.path());
    let http = Http::default();
    let first = Binary::start(&data, &site);
    let base = first.base.clone();
    let ae = json!({"m2m:ae": {"rn": "meter", "api": "Nmeter", "rr": false, "srv": ["3"]}});
    assert_eq!(http.create(&format!("{base}/cse-in"), "Cmeter", 2, ae).await.rsc(), 2001);
    let cnt = json!({"m2m:cnt": {"rn": "power"}});
    assert_eq!(http.create(&format!("{base}/cse-in/meter"), "Cmeter", 3, cnt).await.rsc(), 2001);
    for con in ["1", "2"] {
        let cin = json!({"m2m:cin": {"con": con}});
        assert_eq!(http.create(&format!("{base}/cse-in/meter/power"), "Cmeter", 4, cin).await.rsc(), 2001);
    }
    first.kill_9();

    // as an older version journaled it: a contentInstance whose con is nested 125 levels (its
    // HTTP body was within the limit, its journal line is not), then one more good record
    let journal = data.join("journal.jsonl");
    let text = std::fs::read_to_string(&journal).expect("journal");
    let last: serde_json::Value = serde_json::from_str(text.lines().last().expect("a record")).expect("a record");
    assert_eq!(last["request"]["pc"]["m2m:cin"]["con"], "2", "{last}");
    let seq = last["seq"].as_u64().expect("seq");
    let mut deep = last.clone();
    deep["seq"] = json!(seq + 1);
    deep["request"]["rqi"] = json!("deep");
    deep["request"]["pc"]["m2m:cin"]["con"] = json!("DEEP");
    let deep_line = with_deep_json(&deep, 125);
    assert!(serde_json::from_str::<serde_json::Value>(&deep_line).is_err(), "the crafted record cannot be read back");
    let mut after = last.clone();
    after["seq"] = json!(seq + 2);
    after["request"]["rqi"] = json!("after");
    after["request"]["pc"]["m2m:cin"]["con"] = json!("3");
    let mut file = std::fs::OpenOptions::new().append(true).open(&journal).expect("journal");
    file.write_all(format!("{deep_line}\n{after}\n").as_bytes()).expect("append");
    drop(file);

    let second = Binary::start(&data, &site);
    assert!(second.banner.contains("restored, 5 journal entries"), "{}", second.banner);
    assert!(
        second.banner.contains("DAMAGED RECORD")
            && second.banner.contains("line 5")
            && second.banner.contains("journal.jsonl.damaged-1"),
        "{}",
        second.banner
    );
    let aside = std::fs::read_to_string(data.join("journal.jsonl.damaged-1")).expect("the bad record is moved aside");
    assert_eq!(aside, format!("{deep_line}\n"), "moved aside as it was");
    let base = second.base.clone();
    let container = http.get(&format!("{base}/cse-in/meter/power"), "Cmeter").await;
    assert_eq!(container.json()["m2m:cnt"]["cni"], 3, "{}", container.text);
    assert_eq!(http.get(&format!("{base}/cse-in/meter/power/la"), "Cmeter").await.json()["m2m:cin"]["con"], "3");
    assert_eq!(http.get(&format!("{base}/cse-in/meter/power/ol"), "Cmeter").await.json()["m2m:cin"]["con"], "1");
    second.kill_9();

    // the journal was compacted: the next start finds nothing damaged
    let third = Binary::start(&data, &site);
    assert!(!third.banner.contains("DAMAGED"), "{}", third.banner);
    let container = http.get(&format!("{}/cse-in/meter/power", third.base), "Cmeter").await;
    assert_eq!(container.json()["m2m:cnt"]["cni"], 3, "{}", container.text);
    third.kill_9();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_resource_that_cannot_be_read_back_is_left_out_and_every_other_kept() {
    let dir = TempDir::new("damaged-snapshot");
    let data = dir.path().join("data");
    let server = TestServer::start_with(dir, |_| {}).await;
    let http = Http::default();
    let base = server.base.clone();
    let ae = json!({"m2m:ae": {"rn": "meter", "api": "Nmeter", "rr": false, "srv": ["3"]}});
    assert_eq!(http.create(&format!("{base}/cse-in"), "Cmeter", 2, ae).await.rsc(), 2001);
    for rn in ["power", "heat"] {
        let cnt = json!({"m2m:cnt": {"rn": rn}});
        assert_eq!(http.create(&format!("{base}/cse-in/meter"), "Cmeter", 3, cnt).await.rsc(), 2001);
        for con in ["1", "2"] {
            let cin = json!({"m2m:cin": {"con": con}});
            assert_eq!(http.create(&format!("{base}/cse-in/meter/{rn}"), "Cmeter", 4, cin).await.rsc(), 2001);
        }
    }
    let TestServer { server: running, dir, .. } = server;
    if let Some(running) = running {
        running.stop().await; // compacts: everything is in the snapshot
    }

    // as an older version wrote it: the latest instance of `power` holds con nested 125 levels
    let path = data.join("cse.snapshot");
    let text = std::fs::read_to_string(&path).expect("snapshot");
    let (header, body) = text.split_once('\n').expect("header line");
    let mut snapshot: serde_json::Value = serde_json::from_str(body).expect("snapshot JSON");
    let resources = snapshot["resources"].as_array_mut().expect("resources");
    let power = resources.iter().find(|r| r["rn"] == "power").and_then(|r| r["ri"].as_str()).expect("power").to_owned();
    let latest = resources.iter_mut().filter(|r| r["pi"] == power.as_str()).last().expect("an instance of power");
    assert_eq!(latest["attributes"]["con"], "2", "{latest}");
    latest["attributes"]["con"] = json!("DEEP");
    let damaged = format!("{header}\n{}", with_deep_json(&snapshot, 125));
    std::fs::write(&path, &damaged).expect("write the damaged snapshot");

    let restarted = TestServer::start_with(dir, |_| {}).await;
    let running = restarted.server.as_ref().expect("running");
    assert_eq!(running.damaged.len(), 1, "{:?}", running.damaged);
    assert!(
        running.damaged[0].contains("cse.snapshot.damaged-1") && running.damaged[0].contains("1 resource"),
        "{:?}",
        running.damaged
    );
    assert_eq!(std::fs::read_to_string(data.join("cse.snapshot.damaged-1")).expect("moved aside"), damaged);
    let base = restarted.base.clone();
    let power = http.get(&format!("{base}/cse-in/meter/power"), "Cmeter").await;
    assert_eq!(power.json()["m2m:cnt"]["cni"], 1, "the unreadable instance is left out: {}", power.text);
    assert_eq!(http.get(&format!("{base}/cse-in/meter/power/la"), "Cmeter").await.json()["m2m:cin"]["con"], "1");
    let heat = http.get(&format!("{base}/cse-in/meter/heat"), "Cmeter").await;
    assert_eq!(heat.json()["m2m:cnt"]["cni"], 2, "{}", heat.text);
    // and it goes on: a new instance, a restart without damage
    let cin = json!({"m2m:cin": {"con": "3"}});
    assert_eq!(http.create(&format!("{base}/cse-in/meter/power"), "Cmeter", 4, cin).await.rsc(), 2001);
    let TestServer { server: running, dir, .. } = restarted;
    if let Some(running) = running {
        running.stop().await;
    }
    let again = TestServer::start_with(dir, |_| {}).await;
    assert!(again.server.as_ref().is_some_and(|server| server.damaged.is_empty()));
    assert_eq!(
        http.get(&format!("{}/cse-in/meter/power/la", again.base), "Cmeter").await.json()["m2m:cin"]["con"],
        "3"
    );
    again.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_notify_in_the_order_the_engine_applied_them() {
    let server = TestServer::start("order").await;
    let http = Http::default();
    let base = server.base.clone();
    let receiver = Receiver::start(Behaviour::Accept).await;
    let ae = json!({"m2m:ae": {"rn": "dev", "api": "Ndev", "rr": false, "srv": ["3"]}});
    assert_eq!(http.create(&format!("{base}/cse-in"), "Cdev", 2, ae).await.rsc(), 2001);
    let cnt = json!({"m2m:cnt": {"rn": "out"}});
    assert_eq!(http.create(&format!("{base}/cse-in/dev"), "Cdev", 3, cnt).await.rsc(), 2001);
    let sub = json!({"m2m:sub": {"rn": "s", "nu": [receiver.url], "enc": {"net": [3]}}});
    assert_eq!(http.create(&format!("{base}/cse-in/dev/out"), "Cdev", 23, sub).await.rsc(), 2001);
    let writers: Vec<_> = (0..24)
        .map(|n| {
            let (http, url) = (http.clone(), format!("{base}/cse-in/dev/out"));
            tokio::spawn(async move { http.create(&url, "Cdev", 4, json!({"m2m:cin": {"con": n}})).await.rsc() })
        })
        .collect();
    for writer in writers {
        assert_eq!(writer.await.expect("writer"), 2001);
    }
    let received = receiver.wait_for(25, Duration::from_secs(5)).await;
    let notified: Vec<String> = received[1..]
        .iter()
        .filter_map(|r| r.body["m2m:sgn"]["nev"]["rep"]["m2m:cin"]["ri"].as_str().map(str::to_owned))
        .collect();
    // the container lists its instances in the order they were created
    let found = http.get(&format!("{base}/cse-in/dev/out?fu=1&ty=4"), "Cdev").await;
    let created: Vec<String> = found.json()["m2m:uril"]
        .as_array()
        .map(|uris| uris.iter().filter_map(|uri| uri.as_str()?.rsplit('/').next().map(str::to_owned)).collect())
        .unwrap_or_default();
    assert_eq!(created.len(), 24, "{}", found.text);
    // an instance's rn is its ri (none was given)
    assert_eq!(notified, created, "events arrive in the order the instances were created");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_concurrent_writes_loses_no_acknowledged_write() {
    let dir = TempDir::new("crash-concurrent");
    let data = dir.path().join("data");
    let site = tiny_site(dir.path());
    let http = Http::default();
    let first = Binary::start(&data, &site);
    let base = first.base.clone();
    let ae = json!({"m2m:ae": {"rn": "meter", "api": "Nmeter", "rr": false, "srv": ["3"]}});
    assert_eq!(http.create(&format!("{base}/cse-in"), "Cmeter", 2, ae).await.rsc(), 2001);
    let cnt = json!({"m2m:cnt": {"rn": "power"}});
    assert_eq!(http.create(&format!("{base}/cse-in/meter"), "Cmeter", 3, cnt).await.rsc(), 2001);

    // eight writers at once (their lines share fsyncs); the server is killed while they write
    // each create is known by its content: replaying a journal that missed a line would still
    // hand out the same resource IDs to the requests after it, not the same contents
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let writers: Vec<_> = (0..8)
        .map(|writer| {
            let (http, url, acknowledged) = (http.clone(), format!("{base}/cse-in/meter/power"), acknowledged.clone());
            tokio::spawn(async move {
                for n in 0..300 {
                    let con = format!("{writer}-{n}");
                    let Some(reply) = http.try_create(&url, "Cmeter", 4, json!({"m2m:cin": {"con": con}})).await else {
                        break;
                    };
                    if reply.rsc() == 2001
                        && let Ok(mut list) = acknowledged.lock()
                    {
                        list.push(con);
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(20);
    while acknowledged.lock().map(|list| list.len()).unwrap_or(0) < 200 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.kill_9();
    for writer in writers {
        let _ = writer.await;
    }
    let acknowledged = acknowledged.lock().map(|list| list.clone()).unwrap_or_default();
    assert!(acknowledged.len() >= 200, "only {} writes were acknowledged", acknowledged.len());

    let second = Binary::start(&data, &site);
    let found = http.get(&format!("{}/cse-in/meter/power?rcn=8", second.base), "Cmeter").await;
    assert_eq!(found.rsc(), 2000, "{}", found.text);
    let mut stored = std::collections::HashSet::new();
    collect_con(&found.json(), &mut stored);
    let lost: Vec<&String> = acknowledged.iter().filter(|con| !stored.contains(*con)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged writes lost: {lost:?}", lost.len(), acknowledged.len());
    second.kill_9();
}

/// Every `con` string anywhere in `value`.
fn collect_con(value: &serde_json::Value, found: &mut std::collections::HashSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("con", serde_json::Value::String(con)) => {
                        found.insert(con.clone());
                    }
                    _ => collect_con(inner, found),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_con(item, found)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscription_pending_at_kill_9_is_not_applied_and_its_target_not_asked_again() {
    let dir = TempDir::new("pending-kill");
    let data = dir.path().join("data");
    let site = tiny_site(dir.path());
    let http = Http::default();
    // a target that accepts connections and never answers: the verification stays pending
    let hang = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let hang_url = format!("http://{}/notify", hang.local_addr().expect("address"));
    let (connected, mut connection) = tokio::sync::mpsc::unbounded_channel();
    let hang_task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = hang.accept().await {
            held.push(socket);
            let _ = connected.send(());
        }
    });
    let first = Binary::start(&data, &site);
    let base = first.base.clone();
    let ae = http
        .create(
            &format!("{base}/cse-in"),
            "Cdev",
            2,
            json!({"m2m:ae": {"rn": "dev", "api": "Ndev", "rr": false, "srv": ["3"]}}),
        )
        .await;
    assert_eq!(ae.rsc(), 2001, "{}", ae.text);
    let subscribe = {
        let (http, base, hang_url) = (http.clone(), base.clone(), hang_url.clone());
        tokio::spawn(async move {
            http.try_create(
                &format!("{base}/cse-in/dev"),
                "Cdev",
                23,
                json!({"m2m:sub": {"rn": "stuck", "nu": [hang_url], "enc": {"net": [3]}}}),
            )
            .await
        })
    };
    tokio::time::timeout(Duration::from_secs(5), connection.recv()).await.expect("the verification request is sent");
    first.kill_9();
    let _ = subscribe.await;

    // the request was never answered: after the restart it is not applied, and nothing is sent again
    let second = Binary::start(&data, &site);
    let base = second.base.clone();
    let gone = http.get(&format!("{base}/cse-in/dev/stuck"), "Cdev").await;
    assert_eq!(gone.rsc(), 4004, "{}", gone.text);
    assert_eq!(http.get(&format!("{base}/cse-in/dev"), "Cdev").await.rsc(), 2000);
    let again = tokio::time::timeout(Duration::from_millis(500), connection.recv()).await;
    assert!(again.is_err(), "the target was asked again after the restart");
    hang_task.abort();
}
