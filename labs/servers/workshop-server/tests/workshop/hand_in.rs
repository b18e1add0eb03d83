//! Hand-ins and the class view: participants hand in their progress, the host sees the class view and its CSV;
//! a foreign, corrupt or oversized hand-in is refused with a reason and changes nothing; a hand-in under the
//! same name replaces the earlier one; hand-ins survive a restart.

use serde_json::{Value, json};

use crate::support::{Http, Reply, TempDir, TestServer};

/// A hand-in as "Your progress" sends it: the participant's name and their progress export.
fn hand_in(name: &str, entries: Value) -> String {
    let mut stored = serde_json::Map::new();
    for (key, data) in entries.as_object().expect("entries") {
        stored.insert(format!("iot-book/{key}"), json!({"version": 1, "data": data}));
    }
    json!({
        "format": "iot-book-hand-in",
        "version": 1,
        "participant": name,
        "progress": {"format": "iot-book-progress", "version": 1, "entries": stored},
    })
    .to_string()
}

fn ann() -> String {
    hand_in(
        "Ann",
        json!({
            "quiz/access-control": {"responses": [{"Single": 0}, {"Single": 1}], "results": [false, true]},
            "privacy-lab/progress": {"completed": ["routine-from-energy"], "exercise": "holiday-retention"},
        }),
    )
}

fn ben() -> String {
    hand_in(
        "=Ben",
        json!({
            "quiz/access-control": {"responses": [{"Single": 0}, {"Single": 0}], "results": [false, false]},
            "privacy-lab/progress": {"completed": ["routine-from-energy", "holiday-retention"], "exercise": null},
        }),
    )
}

async fn post(http: &Http, base: &str, body: &str) -> Reply {
    http.send("POST", &format!("{base}/workshop/api/hand-in"), &[("Content-Type", "application/json")], body.to_owned())
        .await
}

async fn class_page(http: &Http, base: &str) -> Reply {
    http.send("GET", &format!("{base}/workshop/class"), &[], "").await
}

fn stored_files(server: &TestServer) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(server.dir.path().join("data/hand-ins"))
        .map(|listing| listing.filter_map(|entry| entry.ok()?.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_participants_hand_in_and_the_host_sees_the_class_view() {
    let dir = TempDir::new("hand-in");
    let server = TestServer::start_with(dir, |_| {}).await;
    let http = Http::default();
    let base = server.base.clone();

    // the book's pages say where hand-ins go; the endpoint says what it takes
    let book = http.send("HEAD", &format!("{base}/book/"), &[], "").await;
    assert_eq!(book.header("x-iot-book-hand-in").as_deref(), Some("/workshop/api/hand-in"), "{book:?}");
    let accepts = http.send("GET", &format!("{base}/workshop/api/hand-in"), &[], "").await;
    assert_eq!((accepts.status, accepts.json()["format"].clone()), (200, json!("iot-book-hand-in")));
    assert_eq!(accepts.json()["max_bytes"], json!(1024 * 1024));

    let first = post(&http, &base, &ann()).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!((first.json()["handed_in"].clone(), first.json()["replaced"].clone()), (json!(true), json!(false)));
    assert_eq!(first.json()["message"], json!("Ann handed in: 1 quiz, 1 lab."));
    let second = post(&http, &base, &ben()).await;
    assert_eq!(second.status, 200, "{}", second.text);
    assert_eq!(stored_files(&server).len(), 2);

    let page = class_page(&http, &base).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("2 hand-ins so far"), "{}", page.text);
    assert!(
        page.text.contains("<td>Quiz access-control, question 1</td><td class=\"n\">2</td><td class=\"n\">0</td><td>choice 1 (2×)</td><td class=\"stuck\">=Ben, Ann</td>"),
        "{}",
        page.text
    );
    assert!(page.text.contains("<td>Quiz access-control, question 2</td><td class=\"n\">2</td><td class=\"n\">1</td><td>choice 1 (1×)</td><td class=\"stuck\">=Ben</td>"));
    assert!(page.text.contains("<td>Privacy lab: holiday-retention</td><td class=\"n\">2</td><td class=\"n\">1</td><td class=\"stuck\">Ann</td>"));
    assert!(page.text.contains("not recorded (a lab keeps which exercises are done, not the attempts)"));

    let csv = http.send("GET", &format!("{base}/workshop/class.csv"), &[], "").await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type").as_deref(), Some("text/csv; charset=utf-8"));
    assert!(csv.header("content-disposition").unwrap_or_default().contains("class-view.csv"));
    assert!(
        csv.text.contains(
            "\"Quiz access-control, question 1\",\"quiz question\",\"2\",\"2\",\"0\",\"choice 1\",\"2\",\"'=Ben; Ann\""
        ),
        "{}",
        csv.text
    );
    assert!(csv.text.contains("\"Privacy lab: routine-from-energy\",\"lab exercise\",\"2\",\"2\",\"2\""));
    assert!(
        csv.text.contains(
            "\"Quiz access-control, question 2\",\"quiz question\",\"2\",\"2\",\"1\",\"choice 1\",\"1\",\"'=Ben\""
        ),
        "a name never starts a cell as a formula: {}",
        csv.text
    );
    assert!(!csv.text.contains(",\"="), "{}", csv.text);

    // the same participant (any case) hands in again: the earlier hand-in is replaced
    let again = post(
        &http,
        &base,
        &hand_in(
            "ann",
            json!({"quiz/access-control": {"responses": [{"Single": 1}, {"Single": 1}], "results": [true, true]}}),
        ),
    )
    .await;
    assert_eq!((again.status, again.json()["replaced"].clone()), (200, json!(true)), "{}", again.text);
    assert_eq!(stored_files(&server).len(), 2, "replaced, not added");
    let page = class_page(&http, &base).await;
    assert!(page.text.contains("<td>Quiz access-control, question 1</td><td class=\"n\">2</td><td class=\"n\">1</td><td>choice 1 (1×)</td><td class=\"stuck\">=Ben</td>"), "{}", page.text);
    assert!(page.text.contains("Handed in: =Ben, ann."), "the name as handed in last");

    // another site's Host never sees the class view (DNS rebinding), as the live view
    let rebound = http.send("GET", &format!("{base}/workshop/class"), &[("Host", "evil.example")], "").await;
    assert_eq!(rebound.status, 403);

    // a restart reads the hand-ins back
    let before = class_page(&http, &base).await.text;
    let TestServer { server: running, dir, .. } = server;
    if let Some(running) = running {
        running.stop().await;
    }
    let server = TestServer::start_with(dir, |_| {}).await;
    let after = class_page(&http, &server.base).await.text;
    assert_eq!(after, before, "the class view survives a restart");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn foreign_corrupt_and_oversized_hand_ins_are_refused_and_change_nothing() {
    let server = TestServer::start("hand-in-refused").await;
    let http = Http::default();
    let base = server.base.clone();
    assert_eq!(post(&http, &base, &ann()).await.status, 200);
    let files = stored_files(&server);
    let page = class_page(&http, &base).await.text;

    let progress_only = json!({"format": "iot-book-progress", "version": 1, "entries": {}}).to_string();
    let foreign_progress = hand_in("Ann", json!({})).replace("iot-book-progress", "threat-dragon");
    let cases: Vec<(String, &str, u16, &str)> = vec![
        ("{\"format\": \"iot-book-hand-in\", \"version\": 1, \"partic".into(), "application/json", 400, "not JSON"),
        (json!({"format": "threat-dragon", "version": 2}).to_string(), "application/json", 400, "\"threat-dragon\""),
        (progress_only, "application/json", 400, "without a name"),
        (foreign_progress, "application/json", 400, "not a progress file of this book"),
        (hand_in("Ann", json!({})), "application/json", 400, "holds no progress"),
        (hand_in("   ", json!({"cse-lab/progress": {"completed": []}})), "application/json", 422, "give the name"),
        (ann(), "text/plain", 415, "application/json"),
        (ann(), "application/json+evil-origin", 403, "not another site"),
        (format!("{{\"pad\": \"{}\"}}", "x".repeat(1024 * 1024 + 10)), "application/json", 413, "larger than"),
    ];
    for (body, content_type, status, reason) in cases {
        // a page of another site sends its Origin
        let headers: &[(&str, &str)] = match content_type.strip_suffix("+evil-origin") {
            Some(content_type) => &[("Content-Type", content_type), ("Origin", "http://evil.example")],
            None => &[("Content-Type", content_type)],
        };
        let reply = http.send("POST", &format!("{base}/workshop/api/hand-in"), headers, body).await;
        assert_eq!(reply.status, status, "{reason}: {}", reply.text);
        assert_eq!(reply.json()["handed_in"], json!(false));
        let text = reply.json()["reason"].as_str().unwrap_or_default().to_owned();
        assert!(text.contains(reason) && text.ends_with("Nothing was stored."), "{reason}: {text}");
        assert_eq!(stored_files(&server), files, "{reason}: nothing stored");
        assert_eq!(class_page(&http, &base).await.text, page, "{reason}: the class view is unchanged");
    }
    server.stop().await;
}
