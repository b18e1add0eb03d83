//! The oneM2M community curriculum, end to end over real HTTP: first contact, basic resources,
//! discovery, access control, subscriptions with a real receiver, groups; plus addressing forms,
//! CORS, the book and the live view.

use std::time::Duration;

use serde_json::json;

use crate::support::{Behaviour, Http, Receiver, TempDir, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_contact_and_basic_resources() {
    let server = TestServer::start("basics").await;
    let http = Http::default();
    let base = &server.base;

    // retrieve the CSEBase, in every addressing form
    for path in ["/cse-in", "/~/id-in", "/~/id-in/cse-in", "/_/example.org/id-in/cse-in", "/id-in"] {
        let reply = http.get(&format!("{base}{path}"), "CAdmin").await;
        assert_eq!((reply.status, reply.rsc()), (200, 2000), "{path}: {}", reply.text);
        assert_eq!(reply.json()["m2m:cb"]["csi"], "/id-in", "{path}");
        assert_eq!(reply.header("x-m2m-rvi").as_deref(), Some("3"));
    }

    // register an AE with originator C: the CSE assigns an AE-ID
    let registered = http
        .create(
            &format!("{base}/cse-in"),
            "C",
            2,
            json!({"m2m:ae": {"rn": "sensor", "api": "Nsensor", "rr": true, "srv": ["3"]}}),
        )
        .await;
    assert_eq!((registered.status, registered.rsc()), (201, 2001), "{}", registered.text);
    assert_eq!(registered.header("content-location").as_deref(), Some("/cse-in/sensor"));
    let aei = registered.json()["m2m:ae"]["aei"].as_str().expect("aei").to_owned();
    assert!(aei.starts_with('C'), "{aei}");
    // registering again with the same AE-ID: 4117
    let again = http
        .create(
            &format!("{base}/cse-in"),
            &aei,
            2,
            json!({"m2m:ae": {"rn": "sensor2", "api": "Nsensor", "rr": true, "srv": ["3"]}}),
        )
        .await;
    assert_eq!((again.status, again.rsc()), (403, 4117), "{}", again.text);

    // a container (vnd.onem2m-res+json works like application/json) and instances
    let container = http
        .send(
            "POST",
            &format!("{base}/cse-in/sensor"),
            &[
                ("X-M2M-Origin", &aei),
                ("X-M2M-RI", "c1"),
                ("X-M2M-RVI", "3"),
                ("Content-Type", "application/vnd.onem2m-res+json; ty=3"),
            ],
            json!({"m2m:cnt": {"rn": "temperature", "mni": 10, "lbl": ["room:kitchen"]}}).to_string(),
        )
        .await;
    assert_eq!((container.status, container.rsc()), (201, 2001), "{}", container.text);
    assert_eq!(container.header("content-location").as_deref(), Some("/cse-in/sensor/temperature"));
    for value in ["20.5", "21.0", "21.5"] {
        let cin = http
            .create(
                &format!("{base}/cse-in/sensor/temperature"),
                &aei,
                4,
                json!({"m2m:cin": {"cnf": "text/plain:0", "con": value}}),
            )
            .await;
        assert_eq!(cin.rsc(), 2001, "{}", cin.text);
    }
    let latest = http.get(&format!("{base}/cse-in/sensor/temperature/la"), &aei).await;
    assert_eq!((latest.rsc(), latest.json()["m2m:cin"]["con"].as_str()), (2000, Some("21.5")));
    let oldest = http.get(&format!("{base}/~/id-in/cse-in/sensor/temperature/ol"), &aei).await;
    assert_eq!(oldest.json()["m2m:cin"]["con"], "20.5");
    let container_now = http.get(&format!("{base}/cse-in/sensor/temperature"), &aei).await;
    assert_eq!(container_now.json()["m2m:cnt"]["cni"], 3);

    // update mni, then a contentInstance cannot be updated (4005), then delete
    let updated = http
        .m2m("PUT", &format!("{base}/cse-in/sensor/temperature"), &aei, None, Some(json!({"m2m:cnt": {"mni": 2}})))
        .await;
    assert_eq!((updated.status, updated.rsc()), (200, 2004), "{}", updated.text);
    let cin_ri = latest.json()["m2m:cin"]["ri"].as_str().expect("ri").to_owned();
    let no_update =
        http.m2m("PUT", &format!("{base}/{cin_ri}"), &aei, None, Some(json!({"m2m:cin": {"con": "x"}}))).await;
    assert_eq!((no_update.status, no_update.rsc()), (405, 4005), "{}", no_update.text);
    // unstructured address of the instance
    let by_ri = http.get(&format!("{base}/{cin_ri}"), &aei).await;
    assert_eq!(by_ri.rsc(), 2000);
    let deleted = http.m2m("DELETE", &format!("{base}/cse-in/sensor/temperature"), &aei, None, None).await;
    assert_eq!((deleted.status, deleted.rsc()), (200, 2002));
    let gone = http.get(&format!("{base}/cse-in/sensor/temperature"), &aei).await;
    assert_eq!((gone.status, gone.rsc()), (404, 4004));
    // the CSEBase cannot be deleted
    let base_delete = http.m2m("DELETE", &format!("{base}/cse-in"), "CAdmin", None, None).await;
    assert_eq!((base_delete.status, base_delete.rsc()), (405, 4005));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_with_labels_types_and_result_content() {
    let server = TestServer::start("discovery").await;
    let http = Http::default();
    let base = &server.base;
    http.create(
        &format!("{base}/cse-in"),
        "Chome",
        2,
        json!({"m2m:ae": {"rn": "home", "api": "Nhome", "rr": false, "srv": ["3"]}}),
    )
    .await;
    for (name, label) in [("kitchen", "room:kitchen"), ("hall", "room:hall"), ("garage", "room:garage")] {
        let reply = http
            .create(
                &format!("{base}/cse-in/home"),
                "Chome",
                3,
                json!({"m2m:cnt": {"rn": name, "lbl": [label, "kind:temperature"]}}),
            )
            .await;
        assert_eq!(reply.rsc(), 2001);
    }
    http.create(&format!("{base}/cse-in/home/kitchen"), "Chome", 4, json!({"m2m:cin": {"con": "19"}})).await;

    let by_label = http.get(&format!("{base}/cse-in?fu=1&lbl=room:kitchen"), "Chome").await;
    assert_eq!(by_label.json(), json!({"m2m:uril": ["cse-in/home/kitchen"]}), "{}", by_label.text);
    // several labels (any of), '+' separated
    let two = http.get(&format!("{base}/cse-in?fu=1&lbl=room:kitchen+room:hall"), "Chome").await;
    assert_eq!(two.json()["m2m:uril"].as_array().map(Vec::len), Some(2));
    // ty=2+3 and the repeated-key form find the AE and the containers
    let types = http.get(&format!("{base}/cse-in?fu=1&ty=2+3"), "Chome").await;
    let repeated = http.get(&format!("{base}/cse-in?fu=1&ty=2&ty=3"), "Chome").await;
    assert_eq!(types.json()["m2m:uril"].as_array().map(Vec::len), Some(4), "{}", types.text);
    assert_eq!(types.json(), repeated.json());
    // instances only, unstructured (drt=2), with a limit
    let instances = http.get(&format!("{base}/~/id-in/cse-in?fu=1&ty=4&drt=2"), "Chome").await;
    let list = instances.json()["m2m:uril"].as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 1);
    assert!(!list[0].as_str().unwrap_or_default().contains('/'), "unstructured: {list:?}");
    let limited = http.get(&format!("{base}/cse-in?fu=1&ty=3&lim=2"), "Chome").await;
    assert_eq!(limited.json()["m2m:uril"].as_array().map(Vec::len), Some(2));
    // rcn=6 lists child references
    let children = http.get(&format!("{base}/cse-in/home?rcn=6"), "Chome").await;
    assert_eq!(children.rsc(), 2000, "{}", children.text);
    assert!(children.text.contains("kitchen"), "{}", children.text);
    // discovery shows only what the originator may discover
    let stranger = http.get(&format!("{base}/cse-in?fu=1&ty=3"), "Cstranger").await;
    assert_eq!(stranger.json()["m2m:uril"].as_array().map(Vec::len).unwrap_or(0), 0, "{}", stranger.text);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_control_denies_with_4103_then_a_policy_grants() {
    let server = TestServer::start("acp").await;
    let http = Http::default();
    let base = &server.base;
    http.create(
        &format!("{base}/cse-in"),
        "Cowner",
        2,
        json!({"m2m:ae": {"rn": "owner", "api": "Nowner", "rr": false, "srv": ["3"]}}),
    )
    .await;
    http.create(
        &format!("{base}/cse-in"),
        "Cguest",
        2,
        json!({"m2m:ae": {"rn": "guest", "api": "Nguest", "rr": false, "srv": ["3"]}}),
    )
    .await;
    http.create(&format!("{base}/cse-in/owner"), "Cowner", 3, json!({"m2m:cnt": {"rn": "door"}})).await;

    let denied =
        http.create(&format!("{base}/cse-in/owner/door"), "Cguest", 4, json!({"m2m:cin": {"con": "open"}})).await;
    assert_eq!((denied.status, denied.rsc()), (403, 4103), "{}", denied.text);
    assert!(!denied.dbg().is_empty(), "a denial explains itself");

    let policy = http
        .create(
            &format!("{base}/cse-in/owner"),
            "Cowner",
            1,
            json!({"m2m:acp": {"rn": "doorPolicy",
                "pv": {"acr": [{"acor": ["Cowner"], "acop": 63}, {"acor": ["Cguest"], "acop": 3}]},
                "pvs": {"acr": [{"acor": ["Cowner"], "acop": 63}]}}}),
        )
        .await;
    assert_eq!(policy.rsc(), 2001, "{}", policy.text);
    let acp_ri = policy.json()["m2m:acp"]["ri"].as_str().expect("acp ri").to_owned();
    let linked = http
        .m2m("PUT", &format!("{base}/cse-in/owner/door"), "Cowner", None, Some(json!({"m2m:cnt": {"acpi": [acp_ri]}})))
        .await;
    assert_eq!(linked.rsc(), 2004, "{}", linked.text);

    let granted =
        http.create(&format!("{base}/cse-in/owner/door"), "Cguest", 4, json!({"m2m:cin": {"con": "open"}})).await;
    assert_eq!((granted.status, granted.rsc()), (201, 2001), "{}", granted.text);
    // the policy grants create and retrieve, not delete
    let no_delete = http.m2m("DELETE", &format!("{base}/cse-in/owner/door"), "Cguest", None, None).await;
    assert_eq!(no_delete.rsc(), 4103);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscription_verifies_then_a_real_receiver_gets_the_notification() {
    let server = TestServer::start("subscription").await;
    let http = Http::default();
    let base = &server.base;
    let receiver = Receiver::start(Behaviour::Accept).await;
    http.create(
        &format!("{base}/cse-in"),
        "Capp",
        2,
        json!({"m2m:ae": {"rn": "app", "api": "Napp", "rr": true, "srv": ["3"]}}),
    )
    .await;
    http.create(&format!("{base}/cse-in/app"), "Capp", 3, json!({"m2m:cnt": {"rn": "data"}})).await;

    let subscription = http
        .create(
            &format!("{base}/cse-in/app/data"),
            "Capp",
            23,
            json!({"m2m:sub": {"rn": "watch", "nu": [receiver.url], "enc": {"net": [3]}, "nct": 1}}),
        )
        .await;
    assert_eq!((subscription.status, subscription.rsc()), (201, 2001), "{}", subscription.text);
    let verification = receiver.all();
    assert_eq!(verification.len(), 1, "the verification request arrived before the create answered");
    assert_eq!(verification[0].body["m2m:sgn"]["vrq"], true);
    assert_eq!(verification[0].origin, "/id-in", "X-M2M-Origin is the CSE-ID");
    assert!(!verification[0].rqi.is_empty(), "X-M2M-RI is set");

    let cin = http.create(&format!("{base}/cse-in/app/data"), "Capp", 4, json!({"m2m:cin": {"con": "42"}})).await;
    assert_eq!(cin.rsc(), 2001);
    let received = receiver.wait_for(2, Duration::from_secs(5)).await;
    assert_eq!(received.len(), 2, "{received:?}");
    let sgn = &received[1].body["m2m:sgn"];
    assert_eq!(sgn["nev"]["net"], 3);
    assert_eq!(sgn["nev"]["rep"]["m2m:cin"]["con"], "42");
    assert_eq!(received[1].origin, "/id-in");
    // `sur` names the subscription: its resource ID (TS-0004; older engines sent its structured address)
    let sur = sgn["sur"].as_str().unwrap_or_default();
    let sub_ri = subscription.json()["m2m:sub"]["ri"].as_str().unwrap_or_default().to_owned();
    assert!(!sub_ri.is_empty() && (sur == sub_ri || sur.ends_with("/watch")), "{sgn}");

    // a target that refuses the connection: the subscription create fails with 5204
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address")
    };
    let refused = http
        .create(
            &format!("{base}/cse-in/app/data"),
            "Capp",
            23,
            json!({"m2m:sub": {"nu": [format!("http://{closed}/n")], "enc": {"net": [3]}}}),
        )
        .await;
    assert_eq!((refused.status, refused.rsc()), (500, 5204), "{}", refused.text);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_fan_out_reaches_every_member() {
    let server = TestServer::start("group").await;
    let http = Http::default();
    let base = &server.base;
    http.create(
        &format!("{base}/cse-in"),
        "Chome",
        2,
        json!({"m2m:ae": {"rn": "home", "api": "Nhome", "rr": false, "srv": ["3"]}}),
    )
    .await;
    for lamp in ["lamp1", "lamp2", "lamp3"] {
        http.create(&format!("{base}/cse-in/home"), "Chome", 3, json!({"m2m:cnt": {"rn": lamp}})).await;
    }
    let group = http
        .create(&format!("{base}/cse-in/home"), "Chome", 9, json!({"m2m:grp": {"rn": "lamps", "mt": 3, "mnm": 5, "mid": ["cse-in/home/lamp1", "cse-in/home/lamp2", "cse-in/home/lamp3"]}}))
        .await;
    assert_eq!(group.rsc(), 2001, "{}", group.text);
    let fanned =
        http.create(&format!("{base}/cse-in/home/lamps/fopt"), "Chome", 4, json!({"m2m:cin": {"con": "on"}})).await;
    assert_eq!(fanned.rsc(), 2000, "{}", fanned.text);
    let items = fanned.json()["m2m:agr"]["m2m:rsp"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 3, "{}", fanned.text);
    assert!(items.iter().all(|item| item["rsc"] == 2001));
    for lamp in ["lamp1", "lamp2", "lamp3"] {
        let latest = http.get(&format!("{base}/cse-in/home/{lamp}/la"), "Chome").await;
        assert_eq!(latest.json()["m2m:cin"]["con"], "on", "{lamp}");
    }
    let latest_all = http.get(&format!("{base}/cse-in/home/lamps/fopt/la"), "Chome").await;
    assert_eq!(latest_all.json()["m2m:agr"]["m2m:rsp"].as_array().map(Vec::len), Some(3));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_preflight_the_book_and_the_live_view() {
    let server = TestServer::start_with(TempDir::new("cors"), |config| {
        config.cors_origins = vec!["http://lab.example".into()];
    })
    .await;
    let http = Http::default();
    let base = &server.base;
    let preflight = http
        .send(
            "OPTIONS",
            &format!("{base}/cse-in"),
            &[
                ("Origin", "http://lab.example"),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "x-m2m-origin, x-m2m-ri, content-type"),
            ],
            "",
        )
        .await;
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin").as_deref(), Some("http://lab.example"));
    assert!(preflight.header("access-control-allow-methods").unwrap_or_default().contains("POST"));
    assert!(preflight.header("access-control-allow-headers").unwrap_or_default().contains("x-m2m-origin"));
    let reply = http
        .send(
            "GET",
            &format!("{base}/cse-in"),
            &[("Origin", "http://lab.example"), ("X-M2M-Origin", "CAdmin"), ("X-M2M-RI", "x")],
            "",
        )
        .await;
    assert_eq!(reply.header("access-control-allow-origin").as_deref(), Some("http://lab.example"));
    assert!(reply.header("access-control-expose-headers").unwrap_or_default().contains("X-M2M-RSC"));

    let root = http.send("GET", &format!("{base}/"), &[], "").await;
    assert_eq!((root.status, root.header("location").as_deref()), (303, Some("/book/")));
    let book = http.send("GET", &format!("{base}/book/"), &[], "").await;
    assert!(book.status == 200 && book.text.contains("The book"), "{book:?}");
    let icon = http.send("GET", &format!("{base}/favicon.ico"), &[], "").await;
    assert_eq!(icon.status, 204, "the browser's favicon request is answered, not handed to the CSE");
    // a wrong page of the book: the book's 404 page, looking for its assets under /book/, not at the CSE
    let missing = http.send("GET", &format!("{base}/book/no/such/page.html"), &[], "").await;
    assert!(
        missing.status == 404 && missing.text.contains("<base href=\"/book/\">") && missing.text.contains("Missing"),
        "{missing:?}"
    );

    let page = http.send("GET", &format!("{base}/workshop/"), &[], "").await;
    assert!(page.status == 200 && page.text.contains("Resource tree"));
    assert!(!page.text.contains("http://") && !page.text.contains("https://"), "the page loads nothing from elsewhere");
    let tree = http.send("GET", &format!("{base}/workshop/api/tree"), &[], "").await;
    assert_eq!(tree.json()["root"]["rn"], "cse-in", "{}", tree.text);
    let log = http.send("GET", &format!("{base}/workshop/api/log"), &[], "").await;
    let entries = log.json()["entries"].as_array().cloned().unwrap_or_default();
    assert!(entries.iter().any(|entry| entry["path"] == "/cse-in" && entry["rsc"] == 2000), "{}", log.text);
    server.stop().await;
}

/// Percent-encodes a query-string value (everything but unreserved characters).
fn encode_query(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn semantic_discovery_with_smf_finds_the_described_resources() {
    let server = TestServer::start("semantic").await;
    let http = Http::default();
    let base = &server.base;
    http.create(
        &format!("{base}/cse-in"),
        "Chome",
        2,
        json!({"m2m:ae": {"rn": "home", "api": "Nhome", "rr": false, "srv": ["3"]}}),
    )
    .await;
    let devices = [
        ("thermostat", "ex:thermostat a saref:Device ; saref:measuresProperty ex:temperature ."),
        ("plug", "ex:plug a saref:Device ; saref:measuresProperty ex:power ."),
    ];
    for (name, turtle) in devices {
        let reply = http.create(&format!("{base}/cse-in/home"), "Chome", 3, json!({"m2m:cnt": {"rn": name}})).await;
        assert_eq!(reply.rsc(), 2001);
        let rdf = format!(
            "@prefix saref: <https://saref.etsi.org/core/> .\n@prefix ex: <http://example.org/home#> .\n{turtle}\n"
        );
        let reply = http
            .create(
                &format!("{base}/cse-in/home/{name}"),
                "Chome",
                24,
                json!({"m2m:smd": {"rn": "description", "dcrp": 5, "dsp": onem2m_cse::encode_base64(rdf.as_bytes())}}),
            )
            .await;
        assert_eq!(reply.rsc(), 2001, "{}", reply.dbg());
    }
    let query = "PREFIX saref: <https://saref.etsi.org/core/> PREFIX ex: <http://example.org/home#> ASK { ?device saref:measuresProperty ex:temperature }";
    let found = http.get(&format!("{base}/cse-in?fu=1&smf={}", encode_query(query)), "Chome").await;
    assert_eq!(found.rsc(), 2000, "{}", found.dbg());
    assert_eq!(found.json(), json!({"m2m:uril": ["cse-in/home/thermostat"]}));
    let broken = http.get(&format!("{base}/cse-in?fu=1&smf={}", encode_query("ASK { ?x")), "Chome").await;
    assert_eq!(broken.rsc(), 4000, "a query that does not parse is a bad request");
    // a semantic query (rcn=10): the query runs over the merge of the descriptors, the answer is m2m:qres
    let select = "PREFIX saref: <https://saref.etsi.org/core/> SELECT ?device ?property WHERE { ?device saref:measuresProperty ?property } ORDER BY ?device";
    let answer = http.get(&format!("{base}/cse-in?sqi=true&rcn=10&smf={}", encode_query(select)), "Chome").await;
    assert_eq!(answer.rsc(), 2000, "{}", answer.dbg());
    let qres = answer.json()["m2m:qres"].as_str().map(str::to_owned).expect("m2m:qres holds the results as text");
    let results: serde_json::Value = serde_json::from_str(&qres).expect("SPARQL JSON results");
    let rows: Vec<(&str, &str)> = results["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .filter_map(|row| Some((row["device"]["value"].as_str()?, row["property"]["value"].as_str()?)))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("http://example.org/home#plug", "http://example.org/home#power"),
            ("http://example.org/home#thermostat", "http://example.org/home#temperature"),
        ]
    );
    server.stop().await;
}
