use super::*;

fn run(actions: Vec<HandInAction>) -> HandInState {
    let mut state = Rc::new(HandInState::default());
    for action in actions {
        state = state.reduce(action);
    }
    (*state).clone()
}

fn available() -> HandInAction {
    HandInAction::Detected(Some(("/workshop/api/hand-in".into(), "http://10.0.0.5:8080".into())))
}

#[test]
fn only_a_path_on_this_origin_is_taken_from_the_header() {
    assert_eq!(hand_in_path(Some(" /workshop/api/hand-in ")).as_deref(), Some("/workshop/api/hand-in"));
    for foreign in [None, Some(""), Some("//evil.example/x"), Some("http://evil.example/x"), Some("x"), Some("/a b")] {
        assert_eq!(hand_in_path(foreign), None, "{foreign:?}");
    }
}

#[test]
fn the_form_appears_only_once_the_server_is_detected() {
    assert_eq!(run(vec![]).availability, Availability::Unknown);
    assert_eq!(run(vec![HandInAction::Detected(None)]).availability, Availability::Unavailable);
    assert!(matches!(run(vec![available()]).availability, Availability::Available { .. }));
}

#[test]
fn a_refused_name_is_said_at_the_field_and_typing_clears_it() {
    let refused = run(vec![available(), HandInAction::NameRefused("give the name".into())]);
    assert_eq!(refused.name_error.as_deref(), Some("give the name"));
    let typed = run(vec![available(), HandInAction::NameRefused("x".into()), HandInAction::Name("Ann".into())]);
    assert_eq!((typed.name.as_str(), typed.name_error), ("Ann", None));
}

#[test]
fn the_answer_is_reported_and_sending_ends() {
    let sent = run(vec![available(), HandInAction::Sending]);
    assert!(sent.sending);
    let ok = run(vec![
        available(),
        HandInAction::Sending,
        HandInAction::Answered(Ok("Ann handed in: 1 quiz, 0 labs.".into())),
    ]);
    assert!(!ok.sending);
    assert_eq!(ok.notice, Some(Notice { text: "Ann handed in: 1 quiz, 0 labs.".into(), error: false }));
    let refused = run(vec![available(), HandInAction::Sending, HandInAction::Answered(Err("too large".into()))]);
    assert_eq!(refused.notice, Some(Notice { text: "Not handed in: too large".into(), error: true }));
}

#[derive(Debug, Clone, PartialEq, Properties)]
struct ShownProps {
    state: HandInState,
    entries: usize,
}

#[function_component(Shown)]
fn shown(props: &ShownProps) -> Html {
    view(&props.state, props.entries, 7, Callback::noop(), Callback::noop())
}

fn render(state: HandInState, entries: usize) -> String {
    lab_kit::testing::render::<Shown>(ShownProps { state, entries })
}

#[test]
fn the_form_says_exactly_what_is_sent_and_to_whom() {
    let html = render(run(vec![available()]), 2);
    assert!(html.contains("served by the workshop server at http://10.0.0.5:8080"), "{html}");
    assert!(html.contains("the name you type below, and your progress file"), "{html}");
    assert!(html.contains("(2 entries, everything listed above)"), "{html}");
    assert!(html.contains("<label for=\"hand-in-name-7\">"), "the field is labelled: {html}");
    assert!(html.contains("Hand in my progress"));
    assert!(!lab_kit::testing::tag_with_id(&html, "hand-in-name-7").contains("aria-describedby"));
}

#[test]
fn nothing_is_offered_before_detection_or_on_a_static_site() {
    assert!(!render(HandInState::default(), 2).contains("<form"));
    assert!(!render(run(vec![HandInAction::Detected(None)]), 2).contains("<form"));
    let component = lab_kit::testing::render::<HandIn>(HandInProps { entries: 2 });
    assert!(!component.contains("<form"), "the component asks first: {component}");
}

#[test]
fn a_refused_name_is_announced_at_the_field() {
    let html =
        render(run(vec![available(), HandInAction::NameRefused("the name is longer than 60 characters".into())]), 2);
    let field = lab_kit::testing::tag_with_id(&html, "hand-in-name-7");
    assert!(
        field.contains("aria-invalid=\"true\"") && field.contains("aria-describedby=\"hand-in-name-error-7\""),
        "{field}"
    );
    assert!(html.contains("the name is longer than 60 characters"));
}

#[test]
fn with_nothing_stored_there_is_nothing_to_hand_in() {
    let html = render(run(vec![available()]), 0);
    assert!(html.contains("disabled"), "{html}");
}
