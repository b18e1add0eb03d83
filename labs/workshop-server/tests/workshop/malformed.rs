//! Bad input: every problem is answered with the right oneM2M status, X-M2M-RSC and an `m2m:dbg`.

use serde_json::json;

use crate::support::{Http, TestServer};

/// (what, method, path, headers, body, expected HTTP status, expected rsc, words the dbg must contain)
type Case<'a> = (&'a str, &'a str, String, Vec<(&'a str, &'a str)>, String, u16, u16, &'a str);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_onem2m_errors() {
    let server = TestServer::start("malformed").await;
    let http = Http::default();
    let base = &server.base;
    let big = format!("{{\"m2m:cin\": {{\"con\": \"{}\"}}}}", "a".repeat(1024 * 1024 + 10));
    let cases: Vec<Case> = vec![
        (
            "bad JSON",
            "POST",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "C"), ("X-M2M-RI", "m1"), ("Content-Type", "application/json;ty=2")],
            "{\"m2m:ae\": {".into(),
            400,
            4000,
            "JSON",
        ),
        (
            "a body that is not an object",
            "POST",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "C"), ("X-M2M-RI", "m2"), ("Content-Type", "application/json;ty=2")],
            "[1,2]".into(),
            400,
            4000,
            "object",
        ),
        (
            "body too big",
            "POST",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m3"), ("Content-Type", "application/json;ty=3")],
            big,
            400,
            4000,
            "larger",
        ),
        (
            "a create that forgot ty= (a Notify carrying an AE)",
            "POST",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "Cforgetful"), ("X-M2M-RI", "m2b"), ("Content-Type", "application/json")],
            "{\"m2m:ae\": {\"rn\": \"forgetful\", \"api\": \"Nf\", \"rr\": false}}".into(),
            400,
            4000,
            "ty=2",
        ),
        (
            "missing X-M2M-Origin",
            "GET",
            "/cse-in".into(),
            vec![("X-M2M-RI", "m4")],
            String::new(),
            400,
            4000,
            "X-M2M-Origin",
        ),
        (
            "missing X-M2M-RI",
            "GET",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "CAdmin")],
            String::new(),
            400,
            4000,
            "X-M2M-RI",
        ),
        (
            "bad ty",
            "POST",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m5"), ("Content-Type", "application/json;ty=cnt")],
            "{}".into(),
            400,
            4000,
            "ty",
        ),
        (
            "unknown ty number",
            "POST",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m6"), ("Content-Type", "application/json;ty=999")],
            "{\"m2m:x\": {}}".into(),
            400,
            4000,
            "999",
        ),
        (
            "unknown content type",
            "POST",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m7"), ("Content-Type", "application/xml;ty=3")],
            "<m2m:cnt/>".into(),
            415,
            4015,
            "Content-Type",
        ),
        (
            "POST without content type",
            "POST",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m8")],
            "{}".into(),
            415,
            4015,
            "Content-Type",
        ),
        (
            "bad query number",
            "GET",
            "/cse-in?rcn=lots".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m9")],
            String::new(),
            400,
            4000,
            "rcn",
        ),
        (
            "unknown query parameter",
            "GET",
            "/cse-in?colour=blue".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m10")],
            String::new(),
            400,
            4000,
            "colour",
        ),
        (
            "bad filter value",
            "GET",
            "/cse-in?fu=7".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m11")],
            String::new(),
            400,
            4000,
            "fu",
        ),
        (
            "bad timestamp",
            "GET",
            "/cse-in?fu=1&crb=yesterday".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m12")],
            String::new(),
            400,
            4000,
            "timestamp",
        ),
        (
            "unknown oneM2M header",
            "GET",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m13"), ("X-M2M-Colour", "blue")],
            String::new(),
            400,
            4000,
            "X-M2M-Colour",
        ),
        (
            "unsupported release",
            "GET",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m14"), ("X-M2M-RVI", "1")],
            String::new(),
            501,
            4001,
            "release",
        ),
        (
            "method without operation",
            "PATCH",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m15")],
            String::new(),
            405,
            4005,
            "PATCH",
        ),
        (
            "ty on an update",
            "PUT",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m16"), ("Content-Type", "application/json;ty=5")],
            "{}".into(),
            400,
            4000,
            "ty",
        ),
        (
            "broken percent escape",
            "GET",
            "/cse-in/%zz".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m17")],
            String::new(),
            400,
            4000,
            "percent",
        ),
        (
            "no such resource",
            "GET",
            "/cse-in/nothing".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m18")],
            String::new(),
            404,
            4004,
            "nothing",
        ),
        (
            "another CSE",
            "GET",
            "/~/id-other/cse".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m19")],
            String::new(),
            404,
            5103,
            "another CSE",
        ),
        (
            "empty body on create",
            "POST",
            "/cse-in".into(),
            vec![("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "m20"), ("Content-Type", "application/json;ty=3")],
            String::new(),
            400,
            4000,
            "body",
        ),
    ];
    for (what, method, path, headers, body, status, rsc, words) in cases {
        let reply = http.send(method, &format!("{base}{path}"), &headers, body).await;
        assert_eq!((reply.status, reply.rsc()), (status, rsc), "{what}: {}", reply.text);
        let dbg = reply.dbg();
        assert!(dbg.to_lowercase().contains(&words.to_lowercase()), "{what}: m2m:dbg \"{dbg}\" should mention {words}");
        assert_eq!(reply.header("content-type").as_deref(), Some("application/json"), "{what}");
        if let Some((_, rqi)) = headers.iter().find(|(name, _)| *name == "X-M2M-RI") {
            assert_eq!(reply.header("x-m2m-ri").as_deref(), Some(*rqi), "{what}: the rqi is echoed even in errors");
        }
    }
    // nothing of the above changed the CSE, and it still answers
    let alive = http.get(&format!("{base}/cse-in?fu=1&ty=2+3"), "CAdmin").await;
    assert_eq!(alive.json(), json!({"m2m:uril": []}), "{}", alive.text);
    server.stop().await;
}
