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
    assert_eq!((fc.fu, fc.ty, fc.lbl, fc.lim), (Some(1), vec![2, 3, 4], vec!["room:1".to_owned(), "floor:2".to_owned()], Some(5)));
}

#[test]
fn draft_mistakes_are_explained() {
    let bad_json = Draft { operation: Operation::Create, body: "{oops".into(), ..Draft::default() };
    assert!(bad_json.to_request().expect_err("bad body").contains("not valid JSON"));
    let bad_type = Draft { filter_types: "container".into(), ..Draft::default() };
    assert!(bad_type.to_request().expect_err("bad ty").contains("`container` is not a number"));
    let no_target = Draft { to: "  ".into(), ..Draft::default() };
    assert!(no_target.to_request().expect_err("no target").contains("target"));
}

#[test]
fn sending_a_bad_draft_sends_nothing_and_says_why() {
    let state = run(ConsoleState::new(None), vec![ConsoleAction::SetOperation(Operation::Create), ConsoleAction::Edit(DraftField::Body, "{".into()), ConsoleAction::Send]);
    assert!(state.notice.as_ref().is_some_and(|notice| notice.error));
    assert_eq!(state.session.record.steps.len(), 0);
    assert_eq!(state.revision, 0);
}

#[test]
fn completing_an_exercise_is_recorded() {
    let state = run(ConsoleState::new(Some("first-contact")), vec![ConsoleAction::Send]);
    assert_eq!(state.session.last.as_ref().map(|exchange| exchange.response.rsc), Some(ResponseStatusCode::Ok));
    assert!(state.outcome.as_ref().is_some_and(|outcome| outcome.passed));
    assert!(state.completed.contains("first-contact"));
    let state = run(state, vec![ConsoleAction::StartExercise("register-ae".into())]);
    assert!(state.completed.contains("first-contact"), "progress outlives the session");
    assert_eq!(state.exercise.map(|exercise| exercise.id), Some("register-ae"));
    assert_eq!(state.hints_shown, 0);
}

#[test]
fn hints_are_revealed_one_at_a_time_up_to_the_last() {
    let state = run(ConsoleState::new(Some("first-contact")), vec![ConsoleAction::ShowHint, ConsoleAction::ShowHint, ConsoleAction::ShowHint]);
    assert_eq!(state.hints_shown, 2);
}

#[test]
fn a_shared_session_round_trips_and_reproduces_the_state() {
    let state = run(
        ConsoleState::new(Some("register-ae")),
        vec![ConsoleAction::SetOperation(Operation::Create), ConsoleAction::SetType(2), ConsoleAction::Edit(DraftField::Originator, "C".into()), ConsoleAction::Send],
    );
    let shared = encode_share(&state.session.record);
    assert!(shared.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "URL-safe: {shared}");
    let opened = run(ConsoleState::new(None), vec![ConsoleAction::Restore { saved: Loaded::Missing, progress: Loaded::Missing, shared: Some(shared) }]);
    assert_eq!(opened.session.cse.snapshot(), state.session.cse.snapshot());
    assert_eq!(opened.exercise.map(|exercise| exercise.id), Some("register-ae"));
    assert!(opened.outcome.as_ref().is_some_and(|outcome| outcome.passed));
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
    assert!(state.restored);
    assert!(state.revision > 0, "the unreadable data will be overwritten");
    let state = run(state, vec![ConsoleAction::Send]);
    assert!(state.completed.contains("first-contact"), "the lab works after the reset");
}

#[test]
fn an_unreplayable_saved_session_is_reported() {
    let record = SessionRecord { exercise: None, setup_steps: 0, steps: vec![crate::session::Step::Clock { at: 1 }] };
    let state = run(ConsoleState::new(None), vec![ConsoleAction::Restore { saved: Loaded::Found(record), progress: Loaded::Missing, shared: None }]);
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
    assert!(state.completed.contains("first-contact"));
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
