use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use axum::body::Body;
use http::Request;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::*;

fn question() -> QuestionText {
    QuestionText {
        quiz: "access-control".into(),
        number: 2,
        kind: Kind::Single,
        prompt: "Who may delete the container?".into(),
        choices: vec!["Anyone".into(), "Its creator".into(), "The CSE only".into()],
        correct: vec![1],
        explanation: "The creator holds the delete right.".into(),
    }
}

fn answer(device: &str, poll: u64, round: u8, choices: &[usize]) -> Answer {
    Answer { device: device.into(), poll, round, choices: choices.to_vec() }
}

const ALICE: &str = "0123456789abcdef0123456789abcdef";
const BOB: &str = "fedcba9876543210fedcba9876543210";

#[test]
fn one_answer_per_device_per_round_and_a_second_round_after_discussion() {
    let mut room = Room::default();
    let id = room.open(question()).expect("a valid question").id;
    assert_eq!(room.answer(answer(ALICE, id, 1, &[0])).expect("first answer").answers, 1);
    assert_eq!(room.answer(answer(BOB, id, 1, &[1])).expect("another device").answers, 2);
    let again = room.answer(answer(ALICE, id, 1, &[1])).expect_err("a second answer in the round");
    assert_eq!(again.status, StatusCode::CONFLICT);
    let poll = room.current().expect("open");
    assert_eq!(poll.rounds[0].counts, vec![1, 1, 0], "the refused answer counted nothing");

    room.close().expect("close");
    let closed = room.answer(answer("closedclosedclosed", id, 1, &[0])).expect_err("closed");
    assert_eq!(closed.status, StatusCode::CONFLICT);

    let poll = room.second_round().expect("round two");
    assert_eq!((poll.round, poll.open, poll.rounds.len()), (2, true, 2));
    let stale = room.answer(answer(ALICE, id, 1, &[1])).expect_err("an answer for round one");
    assert_eq!(stale.status, StatusCode::CONFLICT);
    room.answer(answer(ALICE, id, 2, &[1])).expect("alice answers again in round two");
    room.answer(answer(BOB, id, 2, &[1])).expect("bob too");
    assert_eq!(room.second_round().expect_err("only one second round").status, StatusCode::CONFLICT);

    let poll = room.reveal().expect("reveal");
    assert!(poll.revealed && !poll.open);
    assert_eq!(poll.rounds[0].counts, vec![1, 1, 0]);
    assert_eq!(poll.rounds[1].counts, vec![0, 2, 0]);
    assert_eq!(room.answer(answer(BOB, id, 2, &[0])).expect_err("revealed").status, StatusCode::CONFLICT);
    assert_eq!(room.second_round().expect_err("after the reveal").status, StatusCode::CONFLICT);

    let next = room.open(question()).expect("the next question").id;
    assert_ne!(next, id);
    assert_eq!(Room::starting_at(1_700_000_000_000).open(question()).expect("valid").id, 1_700_000_000_000);
    let old = room.answer(answer("latecomerlatecomer", id, 1, &[0])).expect_err("the old question");
    assert_eq!(old.status, StatusCode::CONFLICT);
    room.end();
    let none = room.answer(answer(ALICE, next, 1, &[0])).expect_err("nothing asked");
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert_eq!(room.close().expect_err("nothing to close").status, StatusCode::CONFLICT);
}

#[test]
fn bad_answers_are_refused_and_store_nothing() {
    let mut room = Room::default();
    let id = room.open(question()).expect("valid").id;
    for (bad_answer, why) in [
        (answer("short", id, 1, &[0]), "device id too short"),
        (answer(&"x".repeat(65), id, 1, &[0]), "device id too long"),
        (answer("0123456789abcdef<script>", id, 1, &[0]), "device id with markup"),
        (answer(ALICE, id, 1, &[]), "no choice"),
        (answer(ALICE, id, 1, &[3]), "choice out of range"),
        (answer(ALICE, id, 1, &[usize::MAX]), "a huge position"),
        (answer(ALICE, id, 1, &[0, 1]), "two choices on a single-choice question"),
    ] {
        let refusal = room.answer(bad_answer).expect_err(why);
        assert_eq!(refusal.status, StatusCode::BAD_REQUEST, "{why}: {}", refusal.message);
    }
    let poll = room.current().expect("open");
    assert_eq!((poll.rounds[0].answers, poll.rounds[0].counts.clone()), (0, vec![0, 0, 0]));
    room.answer(answer(ALICE, id, 1, &[2])).expect("alice may still answer: the bad tries were not counted");

    let mut multiple = question();
    multiple.kind = Kind::Multiple;
    multiple.correct = vec![0, 2];
    let id = room.open(multiple).expect("multiple").id;
    let twice = room.answer(answer(ALICE, id, 1, &[0, 0])).expect_err("a choice twice");
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    room.answer(answer(ALICE, id, 1, &[0, 2])).expect("two ticks");
    assert_eq!(room.current().expect("open").rounds[0].counts, vec![1, 0, 1]);
}

#[test]
fn the_host_cannot_open_a_malformed_question() {
    let mut room = Room::default();
    let cases: Vec<(QuestionText, &str)> = vec![
        (QuestionText { choices: vec!["Only".into()], correct: vec![0], ..question() }, "one choice"),
        (QuestionText { choices: vec!["x".into(); MAX_CHOICES + 1], ..question() }, "too many choices"),
        (QuestionText { correct: vec![3], ..question() }, "correct out of range"),
        (QuestionText { correct: vec![0, 1], ..question() }, "single with two correct"),
        (QuestionText { correct: vec![], kind: Kind::Multiple, ..question() }, "nothing correct"),
        (QuestionText { prompt: " ".into(), ..question() }, "empty prompt"),
        (QuestionText { prompt: "p".repeat(MAX_PROMPT_CHARS + 1), ..question() }, "long prompt"),
        (QuestionText { quiz: "Not An Id".into(), ..question() }, "bad quiz id"),
        (QuestionText { number: 0, ..question() }, "number 0"),
        (QuestionText { choices: vec!["a".into(), "".into()], correct: vec![0], ..question() }, "empty choice"),
    ];
    for (bad_question, why) in cases {
        assert_eq!(room.open(bad_question).expect_err(why).status, StatusCode::BAD_REQUEST, "{why}");
    }
    assert!(room.current().is_none(), "nothing was opened");
}

#[test]
fn a_full_round_takes_no_more_answers() {
    let mut room = Room::default();
    let id = room.open(question()).expect("valid").id;
    for n in 0..MAX_ANSWERS_PER_ROUND {
        room.answer(answer(&format!("device-{n:020}"), id, 1, &[0])).expect("room for it");
    }
    let full = room.answer(answer(ALICE, id, 1, &[0])).expect_err("full");
    assert_eq!(full.status, StatusCode::SERVICE_UNAVAILABLE);
}

// ---- over the routes: who may do what

const HOST: &str = "127.0.0.1:8080";
const PARTICIPANT: &str = "192.0.2.7:50000";

async fn call(
    app: &Router,
    method: &str,
    path: &str,
    peer: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (StatusCode, String) {
    let mut request = Request::builder().method(method).uri(path).header("host", "127.0.0.1:8080");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::from(body.to_owned())).expect("request");
    let peer: SocketAddr = peer.parse().expect("peer");
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

const JSON: &[(&str, &str)] = &[("content-type", "application/json")];

fn open_body() -> String {
    serde_json::to_string(&question()).expect("json")
}

fn answer_body(device: &str, poll: u64, round: u8, choices: &[usize]) -> String {
    json!({ "device": device, "poll": poll, "round": round, "choices": choices }).to_string()
}

async fn host_view(app: &Router) -> Value {
    let (status, body) = call(app, "GET", "/workshop/api/question", HOST, &[], "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).expect("json")
}

#[tokio::test]
async fn only_the_host_controls_the_question_and_participants_only_answer() {
    let app: Router = routes(&ServerConfig::default());
    // a participant (another machine) may do none of the host's actions
    for path in ["/workshop/api/question/open", "/workshop/api/question/close", "/workshop/api/question/reveal"] {
        let (status, body) = call(&app, "POST", path, PARTICIPANT, JSON, &open_body()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
    }
    let (status, _) = call(&app, "GET", "/workshop/api/question", PARTICIPANT, &[], "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the host's view shows the correct answer");
    assert!(host_view(&app).await["poll"].is_null(), "nothing was opened by the participant");

    // a page of another site, open in the host's browser, may not either
    let foreign = &[("content-type", "application/json"), ("origin", "http://evil.example")];
    let (status, _) = call(&app, "POST", "/workshop/api/question/open", HOST, foreign, &open_body()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // nor with a form's content type (no preflight)
    let form = &[("content-type", "text/plain")];
    let (status, _) = call(&app, "POST", "/workshop/api/question/open", HOST, form, &open_body()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(host_view(&app).await["poll"].is_null());

    // the host, from its own page
    let own = &[("content-type", "application/json"), ("origin", "http://127.0.0.1:8080")];
    let (status, body) = call(&app, "POST", "/workshop/api/question/open", HOST, own, &open_body()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let view: Value = serde_json::from_str(&body).expect("json");
    let id = view["poll"]["id"].as_u64().expect("id");
    assert_eq!(view["poll"]["correct"], json!([1]));

    // participants see the question, not the answer
    let (status, body) = call(&app, "GET", "/q/api", PARTICIPANT, &[], "").await;
    assert_eq!(status, StatusCode::OK);
    let public: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(public["poll"]["prompt"], "Who may delete the container?");
    assert!(public["poll"].get("correct").is_none() && public["poll"].get("explanation").is_none(), "{body}");
    assert!(public["poll"].get("rounds").is_none(), "no counts before the reveal");

    let (status, body) = call(&app, "POST", "/q/api/answer", PARTICIPANT, JSON, &answer_body(ALICE, id, 1, &[0])).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = call(&app, "POST", "/q/api/answer", PARTICIPANT, JSON, &answer_body(ALICE, id, 1, &[1])).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("already answered"), "{body}");

    // bad input: a clear 4xx, nothing stored
    for (headers, body, expected) in [
        (JSON, "{not json".to_owned(), StatusCode::BAD_REQUEST),
        (
            JSON,
            json!({ "device": BOB, "poll": id, "round": 1, "choices": [1], "extra": 1 }).to_string(),
            StatusCode::BAD_REQUEST,
        ),
        (JSON, json!({ "device": BOB, "poll": id, "round": 1, "choices": "b" }).to_string(), StatusCode::BAD_REQUEST),
        (JSON, answer_body(BOB, id, 1, &[7]), StatusCode::BAD_REQUEST),
        (&[("content-type", "text/plain")][..], answer_body(BOB, id, 1, &[1]), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (JSON, format!("{{\"device\":\"{}\"}}", "a".repeat(BODY_LIMIT)), StatusCode::PAYLOAD_TOO_LARGE),
    ] {
        let (status, reply) = call(&app, "POST", "/q/api/answer", PARTICIPANT, headers, &body).await;
        assert_eq!(status, expected, "{reply}");
        assert!(!reply.trim().is_empty(), "a refusal says why");
    }
    assert_eq!(host_view(&app).await["poll"]["rounds"][0]["answers"], 1, "only alice's answer counted");

    // round two, then the reveal: participants now see the answer and the counts
    let (status, _) = call(&app, "POST", "/workshop/api/question/second-round", HOST, JSON, "{}").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(&app, "POST", "/q/api/answer", PARTICIPANT, JSON, &answer_body(ALICE, id, 2, &[1])).await;
    assert_eq!(status, StatusCode::CREATED, "a device answers again in round two");
    let (status, body) = call(&app, "POST", "/workshop/api/question/reveal", HOST, JSON, "{}").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = call(&app, "GET", "/q/api", PARTICIPANT, &[], "").await;
    let public: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(public["poll"]["correct"], json!([1]));
    assert_eq!(public["poll"]["rounds"][0]["counts"], json!([1, 0, 0]));
    assert_eq!(public["poll"]["rounds"][1]["counts"], json!([0, 1, 0]));
    assert!(public["poll"]["rounds"][0].get("devices").is_none(), "device ids are never shown");

    let (status, _) = call(&app, "POST", "/workshop/api/question/end", HOST, JSON, "{}").await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = call(&app, "GET", "/q/api", PARTICIPANT, &[], "").await;
    assert_eq!(serde_json::from_str::<Value>(&body).expect("json")["poll"], Value::Null);
    let (status, body) = call(&app, "GET", "/q", PARTICIPANT, &[], "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("/q/api/answer"), "the participant page");
}

#[tokio::test]
async fn the_host_learns_where_participants_answer() {
    let local: Router = routes(&ServerConfig::default());
    assert_eq!(host_view(&local).await["addresses"], json!([]), "on loopback nobody else can reach it");
    let config = ServerConfig {
        host: "192.0.2.10".into(),
        allowed_hosts: vec!["workshop.local".into()],
        ..ServerConfig::default()
    };
    let named: Router = routes(&config);
    assert_eq!(
        host_view(&named).await["addresses"],
        json!(["http://workshop.local:8080/q", "http://192.0.2.10:8080/q"]),
        "the port comes from the host's own request"
    );
}

/// Sends one raw HTTP/1.1 request to a running server and returns the status and body.
fn raw(address: SocketAddr, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.write_all(request.as_bytes()).expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    let status = reply.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let body = reply.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default();
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_routes_the_short_address_and_guards_the_host_api() {
    let dir = std::env::temp_dir().join(format!("live-question-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("site")).expect("site");
    let config =
        ServerConfig { port: 0, data_dir: dir.join("data"), site_dir: dir.join("site"), ..ServerConfig::default() };
    let server = crate::start(config).await.expect("server");
    let address = server.address;
    let (q, state, rebinding, open) = tokio::task::spawn_blocking(move || {
        let q = raw(address, &format!("GET /q HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"));
        let state = raw(address, &format!("GET /q/api HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"));
        let rebinding = raw(
            address,
            "GET /workshop/api/question HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        );
        let body = serde_json::to_string(&question()).expect("json");
        let open = raw(
            address,
            &format!(
                "POST /workshop/api/question/open HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        );
        (q, state, rebinding, open)
    })
    .await
    .expect("requests");
    server.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(q.0, 200);
    assert!(q.1.contains("Live question"), "the participant page, not the CSE");
    assert_eq!(state.0, 200);
    assert!(state.1.contains("\"poll\":null"), "{}", state.1);
    assert_eq!(rebinding.0, 403, "a rebound name is refused: {}", rebinding.1);
    assert_eq!(open.0, 200, "the host, on its own machine: {}", open.1);
    assert!(open.1.contains("\"round\":1"), "{}", open.1);
}
