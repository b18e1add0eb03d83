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

/// Reads until the server closes the connection (or `limit` passes: `None`); returns what came.
async fn read_until_closed(stream: &mut tokio::net::TcpStream, limit: std::time::Duration) -> Option<String> {
    use tokio::io::AsyncReadExt;
    let mut got = Vec::new();
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(String::from_utf8_lossy(&got).into_owned()),
            Ok(Ok(n)) => got.extend_from_slice(&buffer[..n]),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off() {
    use std::time::{Duration, Instant};

    use tokio::io::AsyncWriteExt;

    let server = crate::support::TestServer::start_with(crate::support::TempDir::new("slowloris"), |config| {
        config.header_read_timeout_ms = 300;
        config.idle_timeout_ms = 400;
    })
    .await;
    let address = server.base.trim_start_matches("http://").to_owned();

    // half a request's headers, then nothing (slowloris)
    let started = Instant::now();
    let mut half = tokio::net::TcpStream::connect(&address).await.expect("connect");
    half.write_all(b"GET /cse-in HTTP/1.1\r\nHost: 127.0.0.1\r\nX-M2M-Origin: Cslow\r\nX-M2M-R").await.expect("send");
    let closed = read_until_closed(&mut half, Duration::from_secs(3)).await;
    assert!(closed.is_some(), "a half-sent request is still held after 3 s");
    assert!(started.elapsed() >= Duration::from_millis(250), "closed before the timeout: {:?}", started.elapsed());

    // headers dribbled one byte at a time, each within the idle timeout: the header timeout still applies
    let started = Instant::now();
    let mut dribble = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let mut cut = false;
    for byte in b"GET /cse-in HTTP/1.1\r\nHost: 127.0.0.1\r\nX-M2M-Origin: Cslow\r\n".iter() {
        if dribble.write_all(&[*byte]).await.is_err() {
            cut = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        if started.elapsed() > Duration::from_secs(3) {
            break;
        }
    }
    let closed = cut || read_until_closed(&mut dribble, Duration::from_millis(500)).await.is_some();
    assert!(closed && started.elapsed() < Duration::from_secs(3), "dribbled headers held for {:?}", started.elapsed());

    // complete headers, then half the announced body, then nothing: the idle timeout closes it
    let started = Instant::now();
    let mut stalled = tokio::net::TcpStream::connect(&address).await.expect("connect");
    stalled
        .write_all(
            b"POST /cse-in HTTP/1.1\r\nHost: 127.0.0.1\r\nX-M2M-Origin: Cslow\r\nX-M2M-RI: s1\r\nContent-Type: application/json;ty=2\r\nContent-Length: 100\r\n\r\n{\"m2m:ae\"",
        )
        .await
        .expect("send");
    let closed = read_until_closed(&mut stalled, Duration::from_secs(3)).await;
    assert!(closed.is_some(), "a stalled body is still held after 3 s");
    assert!(started.elapsed() >= Duration::from_millis(350), "closed before the idle timeout: {:?}", started.elapsed());

    // and a client that sends its request whole is answered as always
    let http = Http::default();
    assert_eq!(http.get(&format!("{}/cse-in", server.base), "Cfine").await.rsc(), 2000);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    use std::time::Duration;

    let server = crate::support::TestServer::start_with(crate::support::TempDir::new("cap"), |config| {
        config.max_connections = 2;
    })
    .await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let first = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let _second = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let http = Http::default();
    let url = format!("{}/cse-in", server.base);
    let third = tokio::spawn(async move { http.get(&url, "Cthird").await });
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(!third.is_finished(), "a third connection was served while two were open (cap 2)");
    drop(first);
    let answered = tokio::time::timeout(Duration::from_secs(5), third).await.expect("answered once one closed");
    assert_eq!(answered.expect("the request task").rsc(), 2000);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_limits_apply_to_new_requests_after_a_restart() {
    let server = crate::support::TestServer::start("limits").await;
    let http = Http::default();
    let base = server.base.clone();
    let ae = json!({"m2m:ae": {"rn": "a-long-name", "api": "Nlim", "rr": false, "srv": ["3"]}});
    assert_eq!(http.create(&format!("{base}/cse-in"), "Clim", 2, ae).await.rsc(), 2001);
    let crate::support::TestServer { server: running, dir, .. } = server;
    if let Some(running) = running {
        running.stop().await;
    }

    let strict = crate::support::TestServer::start_with(dir, |config| config.limits.max_name_length = 8).await;
    let base = strict.base.clone();
    let refused =
        http.create(&format!("{base}/cse-in/a-long-name"), "Clim", 3, json!({"m2m:cnt": {"rn": "ninechars"}})).await;
    assert_eq!((refused.status, refused.rsc()), (400, 4000), "{}", refused.text);
    assert!(refused.dbg().contains("max_name_length"), "{}", refused.dbg());
    let short =
        http.create(&format!("{base}/cse-in/a-long-name"), "Clim", 3, json!({"m2m:cnt": {"rn": "short"}})).await;
    assert_eq!(short.rsc(), 2001, "{}", short.text);
    assert_eq!(http.get(&format!("{base}/cse-in/a-long-name"), "Clim").await.rsc(), 2000, "what was accepted stays");
    let crate::support::TestServer { server: running, dir, .. } = strict;
    if let Some(running) = running {
        running.stop().await;
    }

    let relaxed = crate::support::TestServer::start_with(dir, |_| {}).await;
    let accepted = http
        .create(&format!("{}/cse-in/a-long-name", relaxed.base), "Clim", 3, json!({"m2m:cnt": {"rn": "ninechars"}}))
        .await;
    assert_eq!(accepted.rsc(), 2001, "the default bound again: {}", accepted.text);
    relaxed.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_cannot_take_every_connection() {
    use std::time::Duration;

    use tokio::io::AsyncWriteExt;

    let server = crate::support::TestServer::start_with(crate::support::TempDir::new("per-peer"), |config| {
        config.max_connections = 8;
        config.max_connections_per_peer = 2;
    })
    .await;
    let address: std::net::SocketAddr = server.base.trim_start_matches("http://").parse().expect("address");
    let _first = tokio::net::TcpStream::connect(address).await.expect("connect");
    let _second = tokio::net::TcpStream::connect(address).await.expect("connect");
    let mut third = tokio::net::TcpStream::connect(address).await.expect("connect");
    let answer = read_until_closed(&mut third, Duration::from_secs(3)).await.expect("answered and closed at once");
    assert!(answer.starts_with("HTTP/1.1 503") && answer.contains("too many connections"), "{answer}");

    // another address (127.0.0.2 is this machine too) still gets in
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.bind("127.0.0.2:0".parse().expect("address")).expect("bind 127.0.0.2");
    let mut other = socket.connect(address).await.expect("connect from 127.0.0.2");
    other
        .write_all(b"GET /cse-in HTTP/1.1\r\nHost: 127.0.0.1\r\nX-M2M-Origin: Cother\r\nX-M2M-RI: p1\r\nConnection: close\r\n\r\n")
        .await
        .expect("send");
    let answer = read_until_closed(&mut other, Duration::from_secs(3)).await.expect("answered").to_ascii_lowercase();
    assert!(answer.starts_with("http/1.1 200") && answer.contains("x-m2m-rsc: 2000"), "{answer}");
    server.stop().await;
}
