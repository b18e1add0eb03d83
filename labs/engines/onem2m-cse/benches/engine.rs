//! Criterion benchmarks of the CSE engine: create contentInstance, retrieve, discovery over
//! 10,000 resources, access decision. The trace is switched off (trace_capacity 0) to measure the
//! engine alone.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use onem2m_cse::{
    AccessOperation, Cse, CseConfig, FilterCriteria, OriginatorContext, Request, ResponseStatusCode, Timestamp,
};
use serde_json::json;

fn start() -> Timestamp {
    Timestamp::parse_onem2m("20261125T120000").expect("valid time")
}

fn cse_with_container(mni: u64) -> (Cse, Timestamp) {
    let now = start();
    let mut cse = Cse::new(CseConfig { trace_capacity: 0, ..CseConfig::default() }, now);
    let ae = Request::create(
        "cse-in",
        "Cbench",
        2,
        json!({"m2m:ae": {"rn": "bench", "api": "Nbench", "rr": true, "poa": ["http://b.example"]}}),
    );
    assert_eq!(cse.handle_request(ae, now).rsc, ResponseStatusCode::Created);
    let cnt = Request::create("cse-in/bench", "Cbench", 3, json!({"m2m:cnt": {"rn": "data", "mni": mni}}));
    assert_eq!(cse.handle_request(cnt, now).rsc, ResponseStatusCode::Created);
    (cse, now)
}

fn create_content_instance(c: &mut Criterion) {
    let (mut cse, mut now) = cse_with_container(1000);
    c.bench_function("create contentInstance (container at mni 1000, evicting)", |b| {
        b.iter(|| {
            now = now.plus_millis(1);
            let request = Request::create(
                "cse-in/bench/data",
                "Cbench",
                4,
                json!({"m2m:cin": {"cnf": "text/plain:0", "con": "21.5"}}),
            );
            let response = cse.handle_request(black_box(request), now);
            debug_assert_eq!(response.rsc, ResponseStatusCode::Created);
            response
        })
    });
}

fn retrieve(c: &mut Criterion) {
    let (mut cse, now) = cse_with_container(1000);
    for i in 0..100 {
        let request = Request::create("cse-in/bench/data", "Cbench", 4, json!({"m2m:cin": {"con": i}}));
        cse.handle_request(request, now);
    }
    c.bench_function("retrieve container by structured path", |b| {
        b.iter(|| cse.handle_request(black_box(Request::retrieve("cse-in/bench/data", "Cbench")), now))
    });
    c.bench_function("retrieve la", |b| {
        b.iter(|| cse.handle_request(black_box(Request::retrieve("cse-in/bench/data/la", "Cbench")), now))
    });
}

fn discovery(c: &mut Criterion) {
    let now = start();
    let mut cse = Cse::new(CseConfig { trace_capacity: 0, notification_capacity: 16, ..CseConfig::default() }, now);
    let ae = Request::create("cse-in", "Cbench", 2, json!({"m2m:ae": {"rn": "bench", "api": "Nbench", "rr": true}}));
    cse.handle_request(ae, now);
    for container in 0..10 {
        let label = if container == 3 { "hot" } else { "cold" };
        let request = Request::create(
            "cse-in/bench",
            "Cbench",
            3,
            json!({"m2m:cnt": {"rn": format!("c{container}"), "lbl": [label]}}),
        );
        cse.handle_request(request, now);
        for i in 0..999 {
            let request =
                Request::create(format!("cse-in/bench/c{container}"), "Cbench", 4, json!({"m2m:cin": {"con": i}}));
            cse.handle_request(request, now);
        }
    }
    assert!(cse.resource_count() >= 10_000, "{}", cse.resource_count());
    let by_label = FilterCriteria { lbl: vec!["hot".into()], ..FilterCriteria::discovery() };
    c.bench_function("discovery over 10,000 resources (lbl, 1 match)", |b| {
        b.iter(|| cse.handle_request(black_box(Request::retrieve("cse-in", "CAdmin").with_fc(by_label.clone())), now))
    });
    let by_type = FilterCriteria { ty: vec![4], lim: Some(100), ..FilterCriteria::discovery() };
    c.bench_function("discovery over 10,000 resources (ty=4, lim 100)", |b| {
        b.iter(|| {
            cse.handle_request(black_box(Request::retrieve("cse-in/bench", "Cbench").with_fc(by_type.clone())), now)
        })
    });
    let all_instances = FilterCriteria { ty: vec![4], ..FilterCriteria::discovery() };
    c.bench_function("discovery over 10,000 resources (ty=4, 9,990 matches)", |b| {
        b.iter(|| {
            cse.handle_request(
                black_box(Request::retrieve("cse-in/bench", "Cbench").with_fc(all_instances.clone())),
                now,
            )
        })
    });
}

fn access_decision(c: &mut Criterion) {
    let (mut cse, now) = cse_with_container(10);
    let policy = json!({"m2m:acp": {"rn": "p", "pv": {"acr": [
        {"acor": ["Cother", "Cthird"], "acop": 63},
        {"acor": ["C*"], "acop": 2, "acco": [{"actw": ["* * 8-17 * * 1-5 *"], "acip": {"ipv4": ["10.0.0.0/8"], "ipv6": ["2001:db8::/32"]}}]},
        {"acor": ["all"], "acop": 32, "acco": [{"aclr": {"accc": ["FR"], "accr": [48.85, 2.35, 5000]}}]}
    ]}, "pvs": {"acr": [{"acor": ["Cbench"], "acop": 63}]}}});
    let response = cse.handle_request(Request::create("cse-in/bench", "Cbench", 1, policy), now);
    let acp = response.attribute("ri").and_then(|v| v.as_str()).expect("policy").to_owned();
    cse.handle_request(Request::update("cse-in/bench/data", "Cbench", json!({"m2m:cnt": {"acpi": [acp]}})), now);
    let context = OriginatorContext::from_ip("10.1.2.3");
    c.bench_function("access decision (3 rules, contexts, granted by rule 1)", |b| {
        b.iter(|| {
            cse.explain_access(black_box("Cguest"), "cse-in/bench/data", AccessOperation::Retrieve, &context, now)
        })
    });
}

criterion_group!(benches, create_content_instance, retrieve, discovery, access_decision);
criterion_main!(benches);
