use super::*;

fn quiz() -> Rc<Quiz> {
    Rc::new(
        serde_json::from_value(serde_json::json!({
            "id": "sample",
            "question": [
                {"kind": "single", "prompt": "<code>acop</code> for Create+Update?", "choices": ["3", "5"], "answer": 1, "explanation": "1 + 4"},
                {"kind": "multiple", "prompt": "principles?", "choices": ["a", "b", "c"], "answers": [0, 2], "explanation": "Art. 5"},
                {"kind": "short", "prompt": "status?", "accept": ["4103"], "explanation": "6.6.3"}
            ]
        }))
        .expect("valid quiz"),
    )
}

fn run(actions: Vec<QuizAction>) -> QuizState {
    let mut state = Rc::new(QuizState::new(quiz()));
    for action in actions {
        state = state.reduce(action);
    }
    (*state).clone()
}

#[test]
fn checking_grades_answered_questions_only() {
    let state = run(vec![QuizAction::Choose(0, 1), QuizAction::Tick(1, 0, true), QuizAction::Check]);
    assert_eq!(state.results, vec![Some(true), Some(false), None]);
    assert_eq!(state.score(), (1, 2));
}

#[test]
fn retry_clears_only_wrong_answers() {
    let state = run(vec![
        QuizAction::Choose(0, 1),
        QuizAction::Tick(1, 0, true),
        QuizAction::Type(2, "4103".into()),
        QuizAction::Check,
        QuizAction::RetryWrong,
    ]);
    assert_eq!(state.results, vec![Some(true), None, Some(true)]);
    assert_eq!(state.responses[1], Response::Multiple(vec![]));
    assert_eq!(state.responses[0], Response::Single(1));
    assert!(!state.has_wrong());
}

#[test]
fn changing_an_answer_forgets_its_grade() {
    let state = run(vec![QuizAction::Choose(0, 0), QuizAction::Check, QuizAction::Choose(0, 1)]);
    assert_eq!(state.results[0], None);
}

#[test]
fn untick_removes_a_choice() {
    let state = run(vec![QuizAction::Tick(1, 2, true), QuizAction::Tick(1, 0, true), QuizAction::Tick(1, 2, false)]);
    assert_eq!(state.responses[1], Response::Multiple(vec![0]));
}

#[test]
fn saved_progress_is_restored() {
    let saved = run(vec![QuizAction::Choose(0, 1), QuizAction::Check]).saved();
    let state = run(vec![QuizAction::Restore(Loaded::Found(saved.clone()))]);
    assert_eq!(state.saved(), saved);
    assert!(state.gate.restored());
    assert_eq!(state.notice, None);
}

#[test]
fn corrupt_or_mismatched_progress_is_reported_and_reset() {
    let state =
        run(vec![QuizAction::Choose(0, 1), QuizAction::Restore(Loaded::Corrupt("it is not valid JSON".into()))]);
    assert_eq!(state.responses[0], Response::Single(usize::MAX), "reset");
    assert!(state.notice.as_deref().is_some_and(|notice| notice.contains("could not be read (it is not valid JSON)")));
    let mismatched = SavedQuiz { responses: vec![Response::Short("x".into())], results: vec![None] };
    let state = run(vec![QuizAction::Restore(Loaded::Found(mismatched))]);
    assert!(state.notice.as_deref().is_some_and(|notice| notice.contains("earlier version")));
}

fn render(quiz: Rc<Quiz>) -> String {
    lab_kit::testing::render::<QuizWidget>(QuizProps { quiz })
}

#[test]
fn the_quiz_renders_every_question_with_labelled_controls() {
    let html = render(quiz());
    assert_eq!(html.matches("class=\"question\"").count(), 3, "{html}");
    assert!(html.contains("<code>acop</code> for Create+Update?"), "prompts are HTML from the build: {html}");
    assert_eq!(html.matches("type=\"radio\"").count(), 2);
    assert_eq!(html.matches("type=\"checkbox\"").count(), 3);
    assert!(html.contains("Your answer: "));
    assert!(html.contains("Check answers"));
    assert!(!html.contains("Correct."), "nothing is graded before Check");
    assert!(
        html.contains("<span role=\"status\" aria-live=\"polite\" class=\"status\"><span class=\"score\">"),
        "the score is in the status line: {html}"
    );
}

#[test]
fn checking_with_nothing_answered_says_so_in_the_status_line() {
    let state = run(vec![QuizAction::Check]);
    assert_eq!(state.results, vec![None, None, None]);
    assert_eq!(state.status.as_deref(), Some("Answer at least one question first, then check."));
    let answered = run(vec![QuizAction::Check, QuizAction::Choose(0, 1)]);
    assert_eq!(answered.status, None, "answering clears the request");
    let checked = run(vec![QuizAction::Choose(0, 1), QuizAction::Check]);
    assert_eq!(checked.status, None, "a check with an answer is scored, not refused");
}

#[test]
fn a_quiz_only_opened_has_nothing_to_save() {
    assert_eq!(QuizState::new(quiz()).storage_change(), StorageChange::Nothing, "a fresh quiz");
    let opened = run(vec![QuizAction::Restore(Loaded::Missing)]);
    assert_eq!(opened.storage_change(), StorageChange::Nothing, "opened, nothing stored, nothing done");
    let saved = run(vec![QuizAction::Restore(Loaded::Missing), QuizAction::Choose(0, 1), QuizAction::Check]).saved();
    let reopened = run(vec![QuizAction::Restore(Loaded::Found(saved.clone()))]);
    assert_eq!(reopened.storage_change(), StorageChange::Nothing, "what was read is not written back");
}

#[test]
fn answering_saves_and_starting_over_or_unreadable_answers_remove() {
    let answered = run(vec![QuizAction::Restore(Loaded::Missing), QuizAction::Choose(0, 1)]);
    assert_eq!(answered.storage_change(), StorageChange::Save(answered.saved()));
    let before_restore = run(vec![QuizAction::Choose(0, 1)]);
    assert_eq!(
        before_restore.storage_change(),
        StorageChange::Nothing,
        "nothing is written before the saved answers are read"
    );
    let reset = run(vec![QuizAction::Restore(Loaded::Missing), QuizAction::Choose(0, 1), QuizAction::Reset]);
    assert_eq!(reset.storage_change(), StorageChange::Remove);
    let corrupt = run(vec![QuizAction::Restore(Loaded::Corrupt("it has no version".into()))]);
    assert_eq!(corrupt.storage_change(), StorageChange::Remove, "the unreadable entry is reset, as the notice says");
    let checked_nothing = run(vec![QuizAction::Restore(Loaded::Missing), QuizAction::Check]);
    assert_eq!(checked_nothing.storage_change(), StorageChange::Remove, "nothing answered: nothing is kept");
}
