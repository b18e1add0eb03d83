//! What a web page open in the host's browser can do: cross-origin requests only from the origins
//! the host allowed (CORS), and nothing through a name that is not this server's (DNS rebinding).

use crate::support::{Http, TempDir, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_configured_and_own_origins_get_cors_headers() {
    let server = TestServer::start_with(TempDir::new("origins"), |config| {
        config.cors_origins = vec!["http://127.0.0.1:3000".into()];
    })
    .await;
    let http = Http::default();
    let base = &server.base;
    let retrieve = |origin: &'static str| {
        let (http, url) = (http.clone(), format!("{base}/cse-in"));
        async move {
            http.send("GET", &url, &[("Origin", origin), ("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "o1")], "").await
        }
    };
    let preflight = |origin: &'static str| {
        let (http, url) = (http.clone(), format!("{base}/cse-in"));
        async move {
            http.send(
                "OPTIONS",
                &url,
                &[
                    ("Origin", origin),
                    ("Access-Control-Request-Method", "DELETE"),
                    ("Access-Control-Request-Headers", "x-m2m-origin"),
                ],
                "",
            )
            .await
        }
    };

    // a page from any other site: no CORS headers, so the browser hides the answer; no preflight
    let foreign = retrieve("http://evil.example").await;
    assert_eq!(foreign.header("access-control-allow-origin"), None, "{:?}", foreign.headers);
    let refused = preflight("http://evil.example").await;
    assert_eq!(refused.status, 403, "{refused:?}");
    assert_eq!(refused.header("access-control-allow-origin"), None);
    assert!(refused.text.contains("--cors-origin"), "{}", refused.text);

    // the configured origin
    let allowed = retrieve("http://127.0.0.1:3000").await;
    assert_eq!(allowed.rsc(), 2000, "{}", allowed.text);
    assert_eq!(allowed.header("access-control-allow-origin").as_deref(), Some("http://127.0.0.1:3000"));
    assert!(allowed.header("access-control-expose-headers").unwrap_or_default().contains("X-M2M-RSC"));
    let answered = preflight("http://127.0.0.1:3000").await;
    assert_eq!(answered.status, 204);
    assert_eq!(answered.header("access-control-allow-origin").as_deref(), Some("http://127.0.0.1:3000"));

    // the server's own origin (the book's pages)
    let own: &'static str = Box::leak(base.clone().into_boxed_str());
    assert_eq!(retrieve(own).await.header("access-control-allow-origin").as_deref(), Some(own));
    // no Origin (curl, scripts): no CORS headers needed, the request is answered
    let plain = http.get(&format!("{base}/cse-in"), "Cscript").await;
    assert_eq!((plain.rsc(), plain.header("access-control-allow-origin")), (2000, None));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_host_is_refused_on_loopback() {
    let server = TestServer::start_with(TempDir::new("rebinding"), |config| {
        config.allowed_hosts = vec!["workshop.local".into()];
    })
    .await;
    let http = Http::default();
    let base = &server.base;
    let port = server.base.rsplit(':').next().unwrap_or_default().to_owned();
    let evil = format!("evil.example:{port}");

    // a rebound name: same address, same port, the attacker's Host
    for path in ["/workshop/", "/workshop/api/tree", "/workshop/api/log", "/book/"] {
        let reply = http.send("GET", &format!("{base}{path}"), &[("Host", evil.as_str())], "").await;
        assert_eq!(reply.status, 403, "{path}: {reply:?}");
        assert!(reply.text.contains("Host"), "{path}: {}", reply.text);
        assert!(!reply.text.contains("cse-in"), "{path}: nothing of the CSE leaks: {}", reply.text);
    }
    let cse = http
        .send(
            "GET",
            &format!("{base}/cse-in"),
            &[("Host", evil.as_str()), ("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "h1")],
            "",
        )
        .await;
    assert_eq!((cse.status, cse.rsc()), (400, 4000), "{cse:?}");
    assert!(cse.dbg().contains("Host") && cse.dbg().contains("evil.example"), "{}", cse.dbg());
    assert_eq!(cse.header("x-m2m-ri").as_deref(), Some("h1"));
    let deleted = http
        .send(
            "DELETE",
            &format!("{base}/cse-in/acpCSEBase"),
            &[("Host", evil.as_str()), ("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "h2")],
            "",
        )
        .await;
    assert_eq!(deleted.rsc(), 4000, "{deleted:?}");

    // the names of this server
    for host in
        [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}"), "workshop.local".into()]
    {
        let page = http.send("GET", &format!("{base}/workshop/api/tree"), &[("Host", host.as_str())], "").await;
        assert_eq!(page.status, 200, "{host}: {page:?}");
        let cse = http
            .send(
                "GET",
                &format!("{base}/cse-in"),
                &[("Host", host.as_str()), ("X-M2M-Origin", "C1"), ("X-M2M-RI", "h3")],
                "",
            )
            .await;
        assert_eq!(cse.rsc(), 2000, "{host}: {cse:?}");
    }
    let policy = http.get(&format!("{base}/cse-in/acpCSEBase"), "CAdmin").await;
    assert_eq!(policy.rsc(), 2000, "the forged DELETE did nothing: {}", policy.text);
    server.stop().await;
}
