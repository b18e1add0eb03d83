use super::*;

use lab_storage::backup::{StoredEntries, encode_backup};

/// A "Your progress" export as lab-storage writes it.
fn export(entries: &[(&str, serde_json::Value)]) -> String {
    let stored: StoredEntries = entries
        .iter()
        .map(|(key, data)| (format!("{}{key}", lab_storage::KEY_PREFIX), lab_storage::encode(data, 1)))
        .collect();
    encode_backup(&stored).json
}

fn ann() -> String {
    export(&[
        (
            "quiz/access-control",
            serde_json::json!({"responses": [{"Single": 0}, {"Single": 1}], "results": [false, true]}),
        ),
        (
            "privacy-lab/progress",
            serde_json::json!({"completed": ["routine-from-energy"], "exercise": "holiday-retention"}),
        ),
    ])
}

fn ben() -> String {
    export(&[(
        "quiz/access-control",
        serde_json::json!({"responses": [{"Single": 0}, {"Single": 0}], "results": [false, false]}),
    )])
}

fn run(actions: Vec<ClassViewAction>) -> ClassViewState {
    let mut state = Rc::new(ClassViewState::default());
    for action in actions {
        state = state.reduce(action);
    }
    (*state).clone()
}

fn read(file: &str, text: String) -> ClassViewAction {
    ClassViewAction::Read { file: file.into(), text }
}

#[test]
fn the_export_format_is_the_one_the_class_view_reads() {
    assert_eq!(class_view::PROGRESS_FORMAT, lab_storage::backup::BACKUP_FORMAT);
    assert_eq!(class_view::PROGRESS_VERSION, lab_storage::backup::BACKUP_VERSION);
    assert_eq!(class_view::KEY_PREFIX, lab_storage::KEY_PREFIX);
    assert_eq!(crate::components::quiz::PROGRESS_VERSION, lab_catalog::quiz::SAVED_QUIZ_VERSION);
}

#[test]
fn two_files_give_the_class_view() {
    let state = run(vec![read("ann.json", ann()), read("ben.json", ben())]);
    assert_eq!(state.view.participants, ["ann", "ben"]);
    let q1 = &state.view.questions[0];
    assert_eq!((q1.checked, q1.correct, q1.stuck.clone()), (2, 0, vec!["ann".to_owned(), "ben".to_owned()]));
    assert_eq!(q1.common_wrong.as_ref().map(|wrong| (wrong.answer.as_str(), wrong.count)), Some(("choice 1", 2)));
    let participants: Vec<Participant> = state.counted.iter().map(|counted| counted.participant.clone()).collect();
    assert_eq!(state.view, class_view::aggregate(&participants), "the same counting as the server");
}

#[test]
fn a_corrupt_or_foreign_file_is_refused_with_its_reason_and_changes_nothing() {
    let before = run(vec![read("ann.json", ann())]);
    let after = run(vec![
        read("ann.json", ann()),
        read("broken.json", "{\"format\": \"iot-book-progress\", \"vers".into()),
        read("model.json", serde_json::json!({"format": "threat-dragon", "version": 2}).to_string()),
        ClassViewAction::Unreadable { file: "huge.json".into(), reason: "too large".into() },
    ]);
    assert_eq!((after.view.clone(), after.counted.clone()), (before.view, before.counted));
    assert_eq!(after.refused.len(), 3);
    assert_eq!(after.refused[0].0, "broken.json");
    assert!(after.refused[0].1.starts_with("the file is not JSON"), "{:?}", after.refused);
    assert!(after.refused[1].1.contains("\"threat-dragon\""));
}

#[test]
fn the_same_file_again_replaces_itself_and_two_files_of_one_name_are_two_students() {
    let again = run(vec![read("ann.json", ben()), read("ann.json", ann())]);
    assert_eq!(again.counted.len(), 1);
    assert_eq!(again.view.questions[1].correct, 1, "the second reading counts");
    let twins = run(vec![read("iot-book-progress.json", ann()), read("IOT-book-progress.json", ben())]);
    assert_eq!(twins.view.participants, ["iot-book-progress", "IOT-book-progress (2)"]);
}

#[test]
fn clear_forgets_everything() {
    assert_eq!(
        run(vec![read("ann.json", ann()), read("x.json", "x".into()), ClassViewAction::Clear]),
        ClassViewState::default()
    );
}

fn callbacks() -> ClassViewCallbacks {
    ClassViewCallbacks {
        on_choose: Callback::noop(),
        on_drop: Callback::noop(),
        on_drag_over: Callback::noop(),
        on_csv: Callback::noop(),
        on_clear: Callback::noop(),
    }
}

#[derive(Debug, Clone, PartialEq, Properties)]
struct ShownProps {
    state: ClassViewState,
}

#[function_component(Shown)]
fn shown(props: &ShownProps) -> Html {
    view(&props.state, 3, &callbacks())
}

fn render(state: ClassViewState) -> String {
    lab_kit::testing::render::<Shown>(ShownProps { state })
}

#[test]
fn the_empty_widget_offers_a_labelled_file_choice_and_says_nothing_is_uploaded() {
    let html = render(ClassViewState::default());
    assert!(html.contains("nothing is uploaded anywhere"), "{html}");
    assert!(html.contains("<label for=\"class-view-files-3\">choose files</label>"), "{html}");
    assert!(lab_kit::testing::tag_with_id(&html, "class-view-files-3").contains("multiple"));
    assert!(html.contains("No files counted yet."));
    assert!(!html.contains("<table"));
    let component = lab_kit::testing::render::<ClassViewWidget>(ClassViewProps {});
    assert!(component.contains("No files counted yet."), "{component}");
}

#[test]
fn the_figures_refusals_and_stuck_list_are_shown() {
    let html = render(run(vec![read("ann.json", ann()), read("ben.json", ben()), read("bad.json", "[]".into())]));
    assert!(html.contains("2 files counted: ann, ben."), "{html}");
    assert!(html.contains(
        "<th scope=\"row\">Quiz access-control, question 1</th><td class=\"n\">2</td><td class=\"n\">0</td><td>choice 1 (2×)</td><td class=\"stuck\">ann, ben</td>"
    ), "{html}");
    assert!(html.contains("<th scope=\"row\">Privacy lab: holiday-retention</th><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"stuck\">ann</td>"), "{html}");
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(html.contains("<span class=\"file\">bad.json</span>: <span class=\"reason\">the file is not a progress file of this book: it holds a list"), "{html}");
    assert!(html.contains("<strong>ben</strong>: Quiz access-control, question 1; Quiz access-control, question 2"));
    assert!(html.contains(NOT_RECORDED));
}

#[test]
fn names_are_text_never_markup() {
    let html = render(run(vec![read("<img src=x onerror=alert(1)>.json", ann())]));
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
}
