use super::*;

fn run(state: LabState, actions: Vec<LabAction>) -> LabState {
    actions.into_iter().fold(Rc::new(state), |state, action| state.reduce(action)).as_ref().clone()
}

const UPDATE_STEPS: &str = r#"
[[step]]
kind = "stimulus"
description = "It tries to change r1."
request = { op = "update", to = "/${cse}/plugLabAE/power/r1", from = "${AEI}", body = { "m2m:cin" = { con = "0" } } }

[[step]]
kind = "check"
description = "Refused."
expect = { status = 405, rsc = 4005 }
"#;

#[test]
fn completing_the_description_from_its_purpose_and_running_it_solves_the_first_exercise() {
    let state = run(
        LabState::new(Some("complete-from-purpose")),
        vec![LabAction::Restore(Box::new(Loaded::Missing)), LabAction::RunAll],
    );
    assert_eq!(state.scope, SCOPE_OWN);
    assert!(!state.tracker.is_completed("complete-from-purpose"), "the template alone checks nothing");
    let text = format!("{TEMPLATE_UPDATE_CIN}{UPDATE_STEPS}");
    let state = run(state, vec![LabAction::SetDescription(text.clone())]);
    assert!(!state.tracker.is_completed("complete-from-purpose"), "not yet run");
    let state = run(state, vec![LabAction::RunAll]);
    assert_eq!(state.work.own_run.as_ref().map(|run| run.verdict), Some(Verdict::Pass));
    assert!(state.tracker.is_completed("complete-from-purpose"), "{:?}", state.tracker.outcome());
    // a wrong expectation runs and fails, with the reason in the step
    let wrong = text.replace("status = 405, rsc = 4005", "status = 200, rsc = 2004");
    let state =
        run(LabState::new(Some("complete-from-purpose")), vec![LabAction::SetDescription(wrong), LabAction::RunAll]);
    assert_eq!(state.work.own_run.as_ref().map(|run| run.verdict), Some(Verdict::Fail));
    let (result, _) = state.viewed().expect("the failing test is shown");
    assert!(result.reason.as_deref().is_some_and(|reason| reason.contains("expected HTTP 200, observed HTTP 405")));
}

#[test]
fn a_description_that_does_not_parse_is_said_at_the_field_and_runs_nothing() {
    let state = run(LabState::new(None), vec![LabAction::SetDescription("id = \"TD_X\"\ntitle = 3\n".into())]);
    assert!(
        state.description_error.as_deref().is_some_and(|error| error.starts_with("your description:2:")),
        "{:?}",
        state.description_error
    );
    let state = run(state, vec![LabAction::SetScope(SCOPE_OWN.into()), LabAction::RunAll]);
    assert!(state.session.is_none());
    assert!(state.notice.as_ref().is_some_and(|notice| notice.error));
}

#[test]
fn the_faulty_cse_is_caught_by_td_sem_06_step_3_and_pointing_there_solves_the_second_exercise() {
    let state = run(
        LabState::new(Some("find-the-defect")),
        vec![LabAction::SetPointTest("TD_SEM_06".into()), LabAction::SetPointStep("3".into()), LabAction::Point],
    );
    assert_eq!(state.target, Target::Faulty);
    assert!(!state.tracker.is_completed("find-the-defect"), "no run yet");
    let state = run(state, vec![LabAction::Predict("TD_SEM_06".into()), LabAction::RunAll]);
    assert_eq!(state.viewing.as_deref(), Some("TD_SEM_06"), "the failing test is shown");
    assert!(state.tracker.is_completed("find-the-defect"), "{:?}", state.tracker.outcome());
    let wrong_step = run(
        LabState::new(Some("find-the-defect")),
        vec![
            LabAction::RunAll,
            LabAction::SetPointTest("TD_SEM_06".into()),
            LabAction::SetPointStep("1".into()),
            LabAction::Point,
        ],
    );
    assert!(!wrong_step.tracker.is_completed("find-the-defect"));
    let outcome = wrong_step.tracker.outcome().expect("checked");
    assert!(outcome.feedback.contains("Step 1 of TD_SEM_06 is not"), "{outcome:?}");
    let out_of_range = run(wrong_step, vec![LabAction::SetPointStep("9".into()), LabAction::Point]);
    assert_eq!(out_of_range.point_error.as_deref(), Some("TD_SEM_06 has steps 1 to 3."));
}

#[test]
fn the_new_requirement_is_written_from_the_template_and_passes() {
    let body = r#"
[[step]]
kind = "stimulus"
description = "Try to change ty of the descriptor."
request = { op = "update", to = "/${cse}/semTestAE/thermo/desc", from = "${AEI}", body = { "m2m:smd" = { ty = 3 } } }

[[step]]
kind = "check"
description = "Refused as a bad request."
expect = { status = 400, rsc = 4000 }
"#;
    let text = TEMPLATE_NEW
        .replace("title = \"\"", "title = \"ty is read-only\"")
        .replace("purpose = \"\"", "purpose = \"Updating the read-only attribute ty of a descriptor fails with 4000.\"")
        .replacen("spec = \"\"", "spec = \"oneM2M TS-0004 (ETSI TS 118 104)\"", 1)
        + body;
    let state = run(
        LabState::new(Some("new-requirement")),
        vec![LabAction::UseTemplate(TEMPLATE_NEW), LabAction::SetDescription(text), LabAction::RunAll],
    );
    let session = state.session.as_ref().expect("ran");
    let ids: Vec<&str> = session.runner.results().iter().map(|result| result.id.as_str()).collect();
    assert_eq!(ids, ["TD_SEM_01", "TD_SEM_02", "TD_SEM_10"], "the description's dependencies ran first");
    assert!(state.tracker.is_completed("new-requirement"), "{:?}", state.tracker.outcome());
}

#[test]
fn stepping_shows_one_exchange_at_a_time() {
    let state = run(LabState::new(None), vec![LabAction::SetScope("TD_REG_01".into()), LabAction::Step]);
    let session = state.session.as_ref().expect("started");
    assert_eq!(session.runner.results()[0].messages.len(), 2, "one request and its response");
    let state = run(state, vec![LabAction::Step]);
    let result = &state.session.as_ref().expect("running").runner.results()[0];
    assert_eq!(result.messages.len(), 4, "the check settles without a message; the verify step exchanges");
    assert_eq!(result.steps[1].verdict, Some(Verdict::Pass));
    assert_eq!(state.viewing.as_deref(), Some("TD_REG_01"));
}

#[test]
fn a_url_target_hands_requests_to_the_view_and_takes_the_answers() {
    let state = run(
        LabState::new(None),
        vec![
            LabAction::SetUrl("ftp://x".into()),
            LabAction::SetTarget("url".into()),
            LabAction::SetScope("TD_SEM_01".into()),
            LabAction::RunAll,
        ],
    );
    assert!(state.url_error.as_deref().is_some_and(|error| error.contains("not an http")));
    assert!(state.session.is_none());
    let state = run(state, vec![LabAction::SetUrl("http://127.0.0.1:8080/cse-in".into()), LabAction::RunAll]);
    assert_eq!(state.url_error, None);
    let session = state.session.as_ref().expect("started");
    assert_eq!(session.origin, "http://127.0.0.1:8080");
    let request = session.outgoing.clone().expect("a request to send");
    assert_eq!(request.path, "/cse-in");
    let exchange = session.exchange;
    let stale = run(state.clone(), vec![LabAction::RemoteAnswer(exchange + 1, Err("late".into()), 1)]);
    assert!(stale.session.as_ref().is_some_and(|session| session.outgoing.is_some()), "a stale answer is ignored");
    let answer = WireResponse {
        status: 201,
        headers: vec![("X-M2M-RSC".into(), "2001".into()), ("Content-Location".into(), "/cse-in/semTestAE".into())],
        body: r#"{"m2m:ae": {"aei": "Cremote"}}"#.into(),
    };
    let done = run(state, vec![LabAction::RemoteAnswer(exchange, Ok(answer), 12)]);
    let session = done.session.as_ref().expect("ran");
    assert!(session.runner.is_finished());
    assert_eq!(session.runner.results()[0].verdict, Some(Verdict::Pass));
    assert_eq!(session.runner.results()[0].elapsed_ms, 12);
}

#[test]
fn saved_progress_restores_and_corrupt_progress_is_reported() {
    let solved = run(
        LabState::new(Some("find-the-defect")),
        vec![
            LabAction::Restore(Box::new(Loaded::Missing)),
            LabAction::RunAll,
            LabAction::SetPointTest("TD_SEM_06".into()),
            LabAction::SetPointStep("3".into()),
            LabAction::Point,
        ],
    );
    let progress = solved.to_save().expect("touched");
    let restored = run(LabState::new(None), vec![LabAction::Restore(Box::new(Loaded::Found(progress)))]);
    assert!(restored.tracker.is_completed("find-the-defect"));
    assert_eq!(restored.work.pointed, Some(("TD_SEM_06".into(), 3)));
    assert_eq!(restored.to_save(), None, "what was read is not written back");
    let corrupt = run(LabState::new(None), vec![LabAction::Restore(Box::new(Loaded::Corrupt("bad".into())))]);
    assert!(corrupt.notice.as_ref().is_some_and(|notice| notice.error && notice.text.contains("bad")));
}

#[test]
fn a_bad_import_changes_nothing_and_an_export_imports_back() {
    let state = run(LabState::new(None), vec![LabAction::SetDescription("id = \"TD_MINE\"".into())]);
    let after = run(state.clone(), vec![LabAction::Import("{\"format\": \"other\"}".into())]);
    assert_eq!(after.work, state.work);
    assert!(
        after.notice.as_ref().is_some_and(|notice| notice.error && notice.text.starts_with("Nothing was imported"))
    );
    let fresh = run(LabState::new(None), vec![LabAction::Import(state.work.export_json())]);
    assert_eq!(fresh.work.description, "id = \"TD_MINE\"");
}
