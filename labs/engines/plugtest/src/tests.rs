use super::*;

const REGISTER: &str = r#"id = "TD_T_01"
title = "register"
purpose = "The CSE registers an AE."

[configuration]
id = "CFG-1"
entities = [{ name = "test AE", kind = "AE", role = "test system" }, { name = "CSE", kind = "CSE", role = "IUT" }]
links = [{ from = "test AE", to = "CSE", interface = "Mca" }]

[[step]]
kind = "stimulus"
description = "register"
request = { op = "create", to = "/${cse}", from = "C", ty = 2, body = { "m2m:ae" = { rn = "a", api = "Na" } } }
save = { AEI = "/m2m:ae/aei" }

[[step]]
kind = "check"
description = "created"
expect = { status = 201, rsc = 2001, body = [{ pointer = "/m2m:ae/aei", starts_with = "C" }] }

[[step]]
kind = "verify"
description = "retrieve"
request = { op = "retrieve", to = "/${cse}/a", from = "${AEI}", query = { rcn = "1" } }
expect = { status = 200, rsc = 2000 }
"#;

fn response(status: u16, rsc: u16, body: &str) -> WireResponse {
    WireResponse { status, headers: vec![("X-M2M-RSC".into(), rsc.to_string())], body: body.into() }
}

fn runner(texts: &[&str], settings: RunSettings) -> SuiteRunner {
    let files: Vec<(String, &str)> =
        texts.iter().enumerate().map(|(index, text)| (format!("t{index}.toml"), *text)).collect();
    let suite = load_suite(files.iter().map(|(name, text)| (name.as_str(), *text))).expect("valid suite");
    SuiteRunner::new(suite, settings)
}

fn expect_send(runner: &mut SuiteRunner) -> WireRequest {
    match runner.poll_action() {
        Action::Send { request, .. } => request,
        other => panic!("expected a request to send, got {other:?}"),
    }
}

#[test]
fn the_book_suite_parses_and_is_ordered_by_dependencies() {
    let suite = load_suite(BOOK_SUITE.iter().copied()).expect("the book's descriptions parse");
    assert_eq!(suite.len(), BOOK_SUITE.len());
    let position = |id: &str| suite.iter().position(|description| description.id == id).expect(id);
    assert!(position("TD_SEM_01") < position("TD_SEM_02"));
    assert!(position("TD_SEM_02") < position("TD_SEM_08"));
    assert!(suite.iter().any(|description| description.id == "TD_SEM_04"));
    for description in &suite {
        assert!(!description.references.is_empty(), "{} cites its clauses", description.id);
    }
}

#[test]
fn a_passing_run_gives_pass_verdicts_and_substitutes_saved_variables() {
    let mut runner = runner(&[REGISTER], RunSettings::default());
    let first = expect_send(&mut runner);
    assert_eq!(first.method, "POST");
    assert_eq!(first.path, "/cse-in");
    assert_eq!(first.header("Content-Type"), Some("application/json;ty=2"));
    assert_eq!(first.header("X-M2M-Origin"), Some("C"));
    assert_eq!(first.header("X-M2M-RI"), Some("td-t-01-1"));
    assert_eq!(expect_send(&mut runner), first, "polling again without an answer repeats the action");
    runner.handle_response(response(201, 2001, r#"{"m2m:ae": {"aei": "Cabc"}}"#), 7);
    let second = expect_send(&mut runner);
    assert_eq!(second.header("X-M2M-Origin"), Some("Cabc"));
    assert_eq!(second.path_and_query(), "/cse-in/a?rcn=1");
    runner.handle_response(response(200, 2000, r#"{"m2m:ae": {}}"#), 3);
    assert_eq!(runner.poll_action(), Action::Finished);
    let result = &runner.results()[0];
    assert_eq!(result.verdict, Some(Verdict::Pass));
    assert_eq!(result.pro, Some(Verdict::Pass));
    assert_eq!(result.iop, Some(Verdict::Pass));
    assert_eq!(result.elapsed_ms, 10);
    assert_eq!(result.messages.len(), 4);
}

#[test]
fn a_non_conforming_answer_fails_the_check_and_says_why() {
    let mut runner = runner(&[REGISTER], RunSettings::default());
    expect_send(&mut runner);
    runner.handle_response(response(200, 2000, r#"{"m2m:ae": {"aei": "Sxyz"}}"#), 1);
    expect_send(&mut runner);
    runner.handle_response(response(200, 2000, "{}"), 1);
    assert_eq!(runner.poll_action(), Action::Finished);
    let result = &runner.results()[0];
    assert_eq!(result.verdict, Some(Verdict::Fail));
    assert_eq!(result.pro, Some(Verdict::Fail));
    assert_eq!(result.iop, Some(Verdict::Pass), "the verify step passed: IOP and PRO verdicts are separate");
    let reasons = &result.steps[1].reasons;
    assert!(reasons.contains(&"expected HTTP 201, observed HTTP 200".to_owned()), "{reasons:?}");
    assert!(reasons.contains(&"expected X-M2M-RSC 2001, observed 2000".to_owned()), "{reasons:?}");
    assert!(reasons.iter().any(|reason| reason.contains("start with `C`")), "{reasons:?}");
    assert!(result.reason.as_deref().is_some_and(|reason| reason.starts_with("step 2:")));
}

#[test]
fn a_transport_error_is_inconclusive_and_a_dependent_test_does_not_run() {
    let dependent = REGISTER
        .replace("TD_T_01", "TD_T_02")
        .replace("title = \"register\"", "title = \"r\"\ndepends_on = [\"TD_T_01\"]");
    let mut runner = runner(&[&dependent, REGISTER], RunSettings::default());
    expect_send(&mut runner);
    runner.handle_transport_error("connection refused", 2);
    // the saved variable was never set, so the verify step cannot be built
    assert_eq!(runner.poll_action(), Action::Finished);
    let results = runner.results();
    assert_eq!(results[0].id, "TD_T_01", "dependencies run first");
    assert_eq!(results[0].verdict, Some(Verdict::Inconclusive));
    assert!(results[0].steps[2].reasons[0].contains("`AEI` is not set"), "{:?}", results[0].steps[2]);
    assert_eq!(results[1].verdict, Some(Verdict::Inconclusive));
    assert_eq!(results[1].reason.as_deref(), Some("pre-condition not met: TD_T_01 did not pass"));
}

const NOTIFIED: &str = r#"id = "TD_N_01"
title = "notify"
purpose = "A notification arrives."
requires = ["notification-receiver"]
[configuration]
id = "CFG"
entities = []
[[step]]
kind = "stimulus"
description = "subscribe"
request = { op = "create", to = "/${cse}/c", from = "Cx", ty = 23, body = { "m2m:sub" = { nu = ["${notify_url}"] } } }
[[step]]
kind = "check"
description = "notified"
expect = { notification = true, timeout_ms = 100, body = [{ pointer = "/m2m:sgn/nev/net", equals = 3 }] }
"#;

#[test]
fn notifications_are_matched_whenever_they_arrive_and_a_missing_one_fails() {
    let settings = RunSettings { cse_name: "cse-in".into(), notify_url: Some("http://127.0.0.1:9/n".into()) };
    let mut early = runner(&[NOTIFIED], settings.clone());
    let request = expect_send(&mut early);
    assert!(request.body.as_deref().is_some_and(|body| body.contains("http://127.0.0.1:9/n")));
    early.handle_notification(r#"{"m2m:sgn": {"vrq": true}}"#);
    early.handle_notification(r#"{"m2m:sgn": {"nev": {"net": 3}}}"#);
    early.handle_response(response(201, 2001, "{}"), 1);
    assert_eq!(early.poll_action(), Action::Finished);
    assert_eq!(early.results()[0].verdict, Some(Verdict::Pass));

    let mut late = runner(&[NOTIFIED], settings);
    expect_send(&mut late);
    late.handle_response(response(201, 2001, "{}"), 1);
    assert!(matches!(late.poll_action(), Action::AwaitNotification { timeout_ms: 100, .. }));
    late.handle_notification(r#"{"m2m:sgn": {"nev": {"net": 1}}}"#);
    assert!(matches!(late.poll_action(), Action::AwaitNotification { .. }), "net 1 does not match");
    late.handle_notification_timeout();
    assert_eq!(late.poll_action(), Action::Finished);
    let reasons = &late.results()[0].steps[1].reasons;
    assert_eq!(late.results()[0].verdict, Some(Verdict::Fail));
    assert!(reasons[0].contains("no matching notification"), "{reasons:?}");
    assert!(reasons[1].contains("expected `/m2m:sgn/nev/net` = 3, observed 1"), "{reasons:?}");
}

#[test]
fn without_a_receiver_a_test_that_needs_one_is_inconclusive_without_sending() {
    let mut runner = runner(&[NOTIFIED], RunSettings::default());
    assert_eq!(runner.poll_action(), Action::Finished);
    assert_eq!(runner.results()[0].verdict, Some(Verdict::Inconclusive));
    assert!(runner.results()[0].messages.is_empty());
}

#[test]
fn parse_errors_name_the_file_line_and_what_was_expected() {
    let unknown_field = REGISTER.replace("kind = \"check\"", "kind = \"check\"\nexpected = 1");
    let error = parse_description("td.toml", &unknown_field).expect_err("unknown field");
    assert_eq!(error.file, "td.toml");
    assert_eq!(error.line, 18, "{error}");
    assert!(error.message.contains("expected"), "{error}");

    let bad_id = REGISTER.replace("TD_T_01", "REG-1");
    let error = parse_description("td.toml", &bad_id).expect_err("bad id");
    assert_eq!((error.line, error.column), (1, 6), "{error}");
    assert!(error.to_string().starts_with("td.toml:1:6: the id `REG-1` must start with `TD_`"), "{error}");

    let check_first = REGISTER.replacen("kind = \"stimulus\"", "kind = \"check\"", 1);
    let error = parse_description("td.toml", &check_first).expect_err("check without request");
    assert_eq!(error.line, 10, "{error}");
    assert!(error.message.contains("has a `request`"), "{error}");

    let no_ty = REGISTER.replace("ty = 2, ", "");
    let error = parse_description("td.toml", &no_ty).expect_err("create without ty");
    assert!(error.message.contains("without `ty`"), "{error}");

    let broken = "id = \"TD_X\"\ntitle = \"x\n";
    let error = parse_description("x.toml", broken).expect_err("broken TOML");
    assert_eq!(error.line, 2, "{error}");
}

#[test]
fn a_suite_with_a_missing_dependency_or_a_duplicate_is_refused() {
    let dependent = REGISTER.replace("title = \"register\"", "title = \"r\"\ndepends_on = [\"TD_NONE\"]");
    let errors = load_suite([("a.toml", dependent.as_str())]).expect_err("missing dependency");
    assert!(errors[0].message.contains("TD_NONE"));
    let errors = load_suite([("a.toml", REGISTER), ("b.toml", REGISTER)]).expect_err("duplicate id");
    assert!(errors[0].to_string().contains("TD_T_01 is also used by"));
}

#[test]
fn placeholders_are_substituted_and_encoded() {
    let mut variables = std::collections::BTreeMap::new();
    variables.insert("X".to_owned(), "ab".to_owned());
    assert_eq!(substitute("a${X}b${base64:X}", &variables), Ok("aabbYWI=".to_owned()));
    assert_eq!(substitute("${Y}", &variables), Err("the variable `Y` is not set".to_owned()));
    assert_eq!(percent_encode("a b?{}"), "a%20b%3F%7B%7D");
}

#[test]
fn with_dependencies_adds_what_a_test_needs() {
    let suite = book_suite();
    let chosen: Vec<String> = with_dependencies(&suite, &["TD_SEM_04"]).into_iter().map(|test| test.id).collect();
    assert_eq!(chosen, ["TD_SEM_01", "TD_SEM_02", "TD_SEM_04"]);
}

#[test]
fn the_matrix_names_pseudonyms_only_and_tallies_each_test() {
    assert_eq!(pseudonym(0), "IUT-A");
    assert_eq!(pseudonym(25), "IUT-Z");
    assert_eq!(pseudonym(26), "IUT-AA");
    let mut matrix = ResultsMatrix::new(vec!["TD_A".into(), "TD_B".into()]);
    let first = matrix.add_implementation();
    let second = matrix.add_implementation();
    matrix.record(&first, "TD_A", Verdict::Pass).expect("known");
    matrix.record(&second, "TD_A", Verdict::Fail).expect("known");
    matrix.record(&second, "TD_B", Verdict::Inconclusive).expect("known");
    assert!(matrix.record("IUT-Q", "TD_A", Verdict::Pass).is_err());
    assert!(matrix.record(&first, "TD_Z", Verdict::Pass).is_err());
    let tally = matrix.tally();
    assert_eq!((tally[0].pass, tally[0].fail, tally[0].not_run), (1, 1, 0));
    assert_eq!((tally[1].inconclusive, tally[1].not_run), (1, 1));
    assert_eq!(matrix.to_csv(), "test,IUT-A,IUT-B\nTD_A,pass,fail\nTD_B,,inconclusive\n");
    assert_eq!(matrix.tally_csv(), "test,pass,fail,inconclusive,not_run\nTD_A,1,1,0,0\nTD_B,0,0,1,1\n");
    assert!(matrix.to_markdown().contains("| TD_A | pass | fail | 1 | 1 | 0 | 0 |"));
}

#[test]
fn the_report_carries_verdicts_steps_and_messages() {
    let mut runner = runner(&[REGISTER], RunSettings::default());
    expect_send(&mut runner);
    runner.handle_response(response(200, 2000, r#"{"m2m:ae": {"aei": "Cx"}}"#), 5);
    expect_send(&mut runner);
    runner.handle_response(response(200, 2000, "{}"), 5);
    runner.poll_action();
    let report = RunReport::new("http://cse", runner.results());
    assert_eq!(report.totals.fail, 1);
    assert!(!report.all_passed());
    let markdown = report.to_markdown();
    assert!(markdown.contains("| TD_T_01 | register | fail | pass | fail |"), "{markdown}");
    assert!(markdown.contains("step 1 -> `POST /cse-in (ty=2)` from `C`"), "{markdown}");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).expect("JSON");
    assert_eq!(json["tests"][0]["verdict"], "fail");
    assert_eq!(json["tests"][0]["steps"][1]["reasons"][0], "expected HTTP 201, observed HTTP 200");
}
