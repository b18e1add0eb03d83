use super::*;
use onem2m_cse::ResponseStatusCode;

fn run(state: ConsoleState, actions: Vec<ConsoleAction>) -> ConsoleState {
    let mut state = Rc::new(state);
    for action in actions {
        state = state.reduce(action);
    }
    (*state).clone()
}

#[test]
fn a_draft_becomes_a_request() {
    let draft = Draft {
        operation: Operation::Retrieve,
        to: " cse-in ".into(),
        discovery: true,
        filter_types: "2+3, 4".into(),
        filter_labels: "room:1 floor:2".into(),
        filter_limit: "5".into(),
        rcn: "6".into(),
        ..Draft::default()
    };
    let request = draft.to_request().expect("valid");
    assert_eq!(request.to, "cse-in");
    assert_eq!(request.rcn, Some(6));
    let fc = request.fc.expect("filter");
    assert_eq!(
        (fc.fu, fc.ty, fc.lbl, fc.lim),
        (Some(1), vec![2, 3, 4], vec!["room:1".to_owned(), "floor:2".to_owned()], Some(5))
    );
}

#[test]
fn draft_mistakes_are_explained_at_their_field() {
    let bad_json = Draft { operation: Operation::Create, body: "{oops".into(), ..Draft::default() };
    let problem = bad_json.to_request().expect_err("bad body");
    assert_eq!(problem.field, DraftField::Body);
    assert!(problem.sentence().starts_with("The body is not valid JSON: "), "{}", problem.sentence());
    assert!(problem.not_sent().starts_with("Not sent: the body is not valid JSON: "), "{}", problem.not_sent());
    let bad_type = Draft { filter_types: "container".into(), ..Draft::default() };
    let problem = bad_type.to_request().expect_err("bad ty");
    assert_eq!(problem.field, DraftField::FilterTypes);
    assert!(problem.message.contains("“container” is not a number"), "{}", problem.message);
    let bad_limit = Draft { filter_limit: "ten".into(), ..Draft::default() };
    assert_eq!(bad_limit.to_request().expect_err("bad lim").field, DraftField::FilterLimit);
    let bad_rcn = Draft { rcn: "all".into(), ..Draft::default() };
    assert_eq!(bad_rcn.to_request().expect_err("bad rcn").field, DraftField::Rcn);
    let no_target = Draft { to: "  ".into(), ..Draft::default() };
    let problem = no_target.to_request().expect_err("no target");
    assert_eq!(problem.field, DraftField::To);
    assert_eq!(problem.sentence(), "The target is empty: enter an address such as cse-in.");
    for problem in [bad_json, bad_type, bad_limit, bad_rcn, no_target]
        .iter()
        .map(|draft| draft.to_request().expect_err("a problem"))
    {
        assert!(
            !problem.sentence().contains('`') && !problem.not_sent().contains('`'),
            "no Markdown in UI text: {}",
            problem.sentence()
        );
    }
}

#[test]
fn sending_a_bad_draft_sends_nothing_and_says_why_at_the_field() {
    let state = run(
        ConsoleState::new(None),
        vec![
            ConsoleAction::SetOperation(Operation::Create),
            ConsoleAction::Edit(DraftField::Body, "{".into()),
            ConsoleAction::Send,
        ],
    );
    let problem = state.problem_at(DraftField::Body).expect("the body is marked");
    assert!(problem.message.starts_with("the body is not valid JSON"), "{}", problem.message);
    assert_eq!(state.problem_at(DraftField::To), None);
    assert_eq!(state.notice, None, "not in the banner at the top of the lab");
    assert_eq!(state.session.record.steps.len(), 0);
    assert_eq!(state.revision, 0);
    assert!(!state.gate.touched(), "nothing changed that is saved");

    // editing another field keeps the mark; editing the body clears it; a good Send clears it too
    let state = run(state, vec![ConsoleAction::Edit(DraftField::Originator, "C".into())]);
    assert!(state.problem_at(DraftField::Body).is_some());
    let edited = run(state.clone(), vec![ConsoleAction::Edit(DraftField::Body, "{\"m2m:ae\": {".into())]);
    assert_eq!(edited.draft_problem, None);
    let sent = run(state, vec![ConsoleAction::SetType(2), ConsoleAction::Send]);
    assert_eq!(sent.draft_problem, None);
    assert_eq!(sent.session.record.steps.len(), 1);
}

#[test]
fn an_opened_lab_has_nothing_to_save_until_the_reader_acts() {
    let fresh = ConsoleState::new(Some("first-contact"));
    assert!(!fresh.has_something_to_save(), "a fresh lab");
    let opened =
        run(fresh, vec![ConsoleAction::Restore { saved: Loaded::Missing, progress: Loaded::Missing, shared: None }]);
    assert!(!opened.has_something_to_save(), "opened, nothing stored");
    let looked = run(
        opened.clone(),
        vec![ConsoleAction::ShowHint, ConsoleAction::Edit(DraftField::To, "cse-in/x".into()), ConsoleAction::Dismiss],
    );
    assert!(!looked.has_something_to_save(), "hints and a draft are not saved");
    assert!(run(opened.clone(), vec![ConsoleAction::Send]).has_something_to_save(), "a request changes the session");
    assert!(run(opened.clone(), vec![ConsoleAction::Advance(60)]).has_something_to_save());
    assert!(run(opened, vec![ConsoleAction::StartExercise("register-ae".into())]).has_something_to_save());
    let sent = run(ConsoleState::new(Some("first-contact")), vec![ConsoleAction::Send]);
    assert!(!sent.has_something_to_save(), "nothing is written before saved state was read");
    let reopened = run(
        ConsoleState::new(None),
        vec![ConsoleAction::Restore {
            saved: Loaded::Found(sent.session.record.clone()),
            progress: Loaded::Found(sent.progress()),
            shared: None,
        }],
    );
    assert!(!reopened.has_something_to_save(), "what was read is not written back");
    assert!(reopened.tracker.is_completed("first-contact"));
}

#[test]
fn completing_an_exercise_is_recorded() {
    let state = run(ConsoleState::new(Some("first-contact")), vec![ConsoleAction::Send]);
    assert_eq!(state.session.last.as_ref().map(|exchange| exchange.response.rsc), Some(ResponseStatusCode::Ok));
    assert!(state.tracker.outcome().is_some_and(|outcome| outcome.passed));
    assert!(state.tracker.is_completed("first-contact"));
    let state = run(state, vec![ConsoleAction::StartExercise("register-ae".into())]);
    assert!(state.tracker.is_completed("first-contact"), "progress outlives the session");
    assert_eq!(state.exercise().map(|exercise| exercise.id), Some("register-ae"));
    assert_eq!(state.tracker.hints_shown(), 0);
}

#[test]
fn hints_are_revealed_one_at_a_time_up_to_the_last() {
    let state = run(
        ConsoleState::new(Some("first-contact")),
        vec![ConsoleAction::ShowHint, ConsoleAction::ShowHint, ConsoleAction::ShowHint],
    );
    assert_eq!(state.tracker.hints_shown(), 2);
}

#[test]
fn a_shared_session_round_trips_and_reproduces_the_state() {
    let state = run(
        ConsoleState::new(Some("register-ae")),
        vec![
            ConsoleAction::SetOperation(Operation::Create),
            ConsoleAction::SetType(2),
            ConsoleAction::Edit(DraftField::Originator, "C".into()),
            ConsoleAction::Send,
        ],
    );
    let shared = encode_share(&state.session.record);
    assert!(shared.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "URL-safe: {shared}");
    let opened = run(
        ConsoleState::new(None),
        vec![ConsoleAction::Restore { saved: Loaded::Missing, progress: Loaded::Missing, shared: Some(shared) }],
    );
    assert_eq!(opened.session.cse.snapshot(), state.session.cse.snapshot());
    assert_eq!(opened.exercise().map(|exercise| exercise.id), Some("register-ae"));
    assert!(opened.tracker.outcome().is_some_and(|outcome| outcome.passed));
}

#[test]
fn corrupt_storage_is_reported_and_the_lab_starts_fresh() {
    let state = run(
        ConsoleState::new(Some("first-contact")),
        vec![ConsoleAction::Restore {
            saved: Loaded::Corrupt("it is not valid JSON".into()),
            progress: Loaded::Corrupt("it has no version".into()),
            shared: Some("!!!".into()),
        }],
    );
    let notice = state.notice.clone().expect("a notice");
    assert!(notice.error);
    assert!(notice.text.contains("could not be read (it is not valid JSON)"), "{}", notice.text);
    assert!(notice.text.contains("exercise progress"), "{}", notice.text);
    assert!(notice.text.contains("shared link"), "{}", notice.text);
    assert!(state.gate.restored());
    assert!(state.revision > 0 && state.has_something_to_save(), "the unreadable data will be overwritten");
    let state = run(state, vec![ConsoleAction::Send]);
    assert!(state.tracker.is_completed("first-contact"), "the lab works after the reset");
}

#[test]
fn an_unreplayable_saved_session_is_reported() {
    let record = SessionRecord { exercise: None, setup_steps: 0, steps: vec![crate::session::Step::Clock { at: 1 }] };
    let state = run(
        ConsoleState::new(None),
        vec![ConsoleAction::Restore { saved: Loaded::Found(record), progress: Loaded::Missing, shared: None }],
    );
    assert!(state.notice.is_some_and(|notice| notice.text.contains("could not be replayed")));
}

#[test]
fn importing_checks_the_file() {
    let state = run(ConsoleState::new(None), vec![ConsoleAction::Import("not json".into())]);
    assert!(state.notice.as_ref().is_some_and(|notice| notice.error && notice.text.contains("Nothing was imported")));
    let exported = run(ConsoleState::new(Some("first-contact")), vec![ConsoleAction::Send]);
    let file = lab_storage::encode(&exported.session.record, SESSION_VERSION);
    let state = run(state, vec![ConsoleAction::Import(file)]);
    assert_eq!(state.session.cse.snapshot(), exported.session.cse.snapshot());
    assert!(state.tracker.is_completed("first-contact"));
}

#[test]
fn the_clock_advances_and_is_replayed() {
    let state = run(ConsoleState::new(None), vec![ConsoleAction::Advance(3600)]);
    assert_eq!(state.session.now.to_onem2m_seconds(), "20260105T100000");
    let replayed = LabSession::replay(&state.session.record).expect("replay");
    assert_eq!(replayed.now, state.session.now);
}

#[test]
fn choosing_update_fills_a_body_for_the_target_type() {
    let state = run(ConsoleState::new(None), vec![ConsoleAction::SetOperation(Operation::Update)]);
    assert!(state.draft.body.contains("\"m2m:cb\""), "the target is the CSEBase: {}", state.draft.body);
}
