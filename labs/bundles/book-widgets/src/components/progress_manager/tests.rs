use super::*;

use lab_catalog::quiz::Response;

fn quiz_entry(results: Vec<Option<bool>>) -> String {
    let responses = results.iter().map(|_| Response::Short("x".into())).collect();
    lab_storage::encode(&SavedQuiz { responses, results }, QUIZ_PROGRESS_VERSION)
}

fn browser() -> StoredEntries {
    StoredEntries::from([
        ("iot-book/quiz/access-control".to_owned(), quiz_entry(vec![Some(true), Some(false), Some(true), None])),
        ("iot-book/acl-lab/progress".to_owned(), lab_storage::encode(&serde_json::json!({"solved": []}), 1)),
        (
            "iot-book/cse-lab/session/security/attack-surface.html#lab-0".to_owned(),
            lab_storage::encode(&serde_json::json!([]), 1),
        ),
    ])
}

fn run(actions: Vec<ProgressAction>) -> ProgressState {
    let mut state = Rc::new(ProgressState::default());
    for action in actions {
        state = state.reduce(action);
    }
    (*state).clone()
}

fn described(key: &str, text: &str) -> String {
    let entry = describe_entry(key, text, &BTreeMap::new());
    match entry.detail {
        Some(detail) => format!("{} — {detail}", entry.label),
        None => entry.label,
    }
}

#[test]
fn entries_are_described_in_plain_words() {
    let good = lab_storage::encode(&serde_json::json!({}), 1);
    assert_eq!(
        described("iot-book/quiz/access-control", &quiz_entry(vec![Some(true), Some(false), Some(true), None])),
        "Quiz: access-control — 2 of 4 answered correctly"
    );
    assert_eq!(described("iot-book/acl-lab/progress", &good), "Access-control lab");
    assert_eq!(described("iot-book/privacy-lab/progress", &good), "Privacy lab");
    assert_eq!(described("iot-book/ontology-lab/progress", &good), "Ontology mapping lab");
    assert_eq!(described("iot-book/cse-lab/progress", &good), "CSE lab — exercise progress");
    assert_eq!(
        described("iot-book/cse-lab/session/security/attack-surface.html#lab-0", &good),
        "CSE lab — saved session on security/attack-surface.html"
    );
    assert_eq!(described("iot-book/someday-lab/state", &good), "someday-lab/state", "an unknown key is shown by name");
}

#[test]
fn a_quiz_is_named_by_its_chapter_when_the_build_said_which() {
    let titles = BTreeMap::from([("access-control".to_owned(), "Access control".to_owned())]);
    let entry = describe_entry("iot-book/quiz/access-control", &quiz_entry(vec![Some(true)]), &titles);
    assert_eq!(entry.label, "Quiz: Access control");
    assert_eq!(entry.detail.as_deref(), Some("1 of 1 answered correctly"));
    let mut state = Rc::new(ProgressState { quiz_titles: Rc::new(titles), ..ProgressState::default() });
    state = state.reduce(ProgressAction::Listed(browser()));
    assert!(state.entries.iter().any(|entry| entry.label == "Quiz: Access control"), "{:?}", state.entries);
}

#[test]
fn a_quiz_saved_by_another_version_is_named_without_a_score_and_an_unreadable_entry_says_so() {
    let other_version = lab_storage::encode(&serde_json::json!({"answers": []}), QUIZ_PROGRESS_VERSION + 1);
    assert_eq!(described("iot-book/quiz/x", &other_version), "Quiz: x");
    let entry = describe_entry("iot-book/quiz/x", "{corrupt", &BTreeMap::new());
    assert!(!entry.readable);
    assert_eq!(entry.label, "Quiz: x");
    assert!(entry.detail.as_deref().is_some_and(|detail| detail.starts_with("unreadable")), "{entry:?}");
}

#[test]
fn listing_shows_what_storage_holds_in_key_order() {
    let state = run(vec![ProgressAction::Listed(browser())]);
    let labels: Vec<&str> = state.entries.iter().map(|entry| entry.label.as_str()).collect();
    assert_eq!(labels, vec!["Access-control lab", "CSE lab", "Quiz: access-control"]);
    assert_eq!(state.notice, None);
}

#[test]
fn forgetting_asks_first_and_cancel_keeps_everything() {
    let state = run(vec![ProgressAction::Listed(browser()), ProgressAction::AskForget]);
    assert!(state.confirming_forget);
    let state = run(vec![ProgressAction::Listed(browser()), ProgressAction::AskForget, ProgressAction::CancelForget]);
    assert!(!state.confirming_forget);
    assert_eq!(state.entries.len(), 3, "cancel forgets nothing");
    assert_eq!(state.notice, None);
}

#[test]
fn forgotten_progress_empties_the_list_and_says_so() {
    let state = run(vec![
        ProgressAction::Listed(browser()),
        ProgressAction::AskForget,
        ProgressAction::Forgotten(StoredEntries::new()),
    ]);
    assert!(state.entries.is_empty());
    assert!(!state.confirming_forget);
    let notice = state.notice.expect("a notice");
    assert!(
        !notice.error && notice.text.starts_with("All progress of this book in this browser is forgotten."),
        "{notice:?}"
    );
    // a browser that refused to remove an entry: the list shows the truth
    let kept = StoredEntries::from([("iot-book/privacy-lab/progress".to_owned(), "{}".to_owned())]);
    let state = run(vec![ProgressAction::AskForget, ProgressAction::Forgotten(kept)]);
    assert_eq!(state.entries.len(), 1);
    assert!(state.notice.is_some_and(|notice| notice.error && notice.text.contains("kept 1 entry")));
}

#[test]
fn an_export_reports_what_went_into_the_file() {
    let state = run(vec![ProgressAction::Exported { exported: 3, left_out: vec![] }]);
    assert_eq!(
        state.notice,
        Some(Notice {
            text: "Exported 3 entries to iot-book-progress.json (see your downloads).".into(),
            error: false
        })
    );
    let state = run(vec![ProgressAction::Exported { exported: 1, left_out: vec!["iot-book/quiz/x".into()] }]);
    let notice = state.notice.expect("a notice");
    assert!(
        notice.text.starts_with("Exported 1 entry to")
            && notice.text.ends_with("Left out, because unreadable: quiz/x."),
        "{notice:?}"
    );
    let state = run(vec![ProgressAction::ExportFailed("no document".into())]);
    assert!(state.notice.is_some_and(|notice| notice.error && notice.text == "The export failed: no document."));
}

#[test]
fn an_import_lists_the_new_entries_and_asks_to_reload_open_pages() {
    let state = run(vec![ProgressAction::AskForget, ProgressAction::Imported { restored: 2, entries: browser() }]);
    assert_eq!(state.entries.len(), 3);
    assert!(!state.confirming_forget);
    let notice = state.notice.expect("a notice");
    assert!(!notice.error, "{notice:?}");
    assert!(
        notice.text.starts_with("Restored 2 entries from the file.") && notice.text.contains("Reload"),
        "{notice:?}"
    );
    let state = run(vec![ProgressAction::Imported { restored: 0, entries: StoredEntries::new() }]);
    assert!(state.notice.is_some_and(|notice| notice.text.contains("holds no progress")));
}

#[test]
fn a_refused_import_shows_the_reason_and_keeps_the_list() {
    let error = backup::restore_backup("{ nope", |_| Ok(())).expect_err("not JSON");
    let state = run(vec![ProgressAction::Listed(browser()), ProgressAction::ImportFailed(error.to_string())]);
    assert_eq!(state.entries.len(), 3);
    let notice = state.notice.expect("a notice");
    assert!(notice.error);
    assert!(notice.text.starts_with("Could not import the file: the file is not JSON ("), "{notice:?}");
    assert!(notice.text.ends_with("Nothing was changed."), "{notice:?}");
}

fn render() -> String {
    lab_kit::testing::render::<ProgressManager>(ProgressManagerProps::default())
}

#[test]
fn the_widget_renders_its_note_and_labelled_controls() {
    let html = render();
    assert!(html.contains(">Your progress</h3>"), "{html}");
    assert!(html.contains("Nothing leaves it unless you export it"), "{html}");
    assert!(html.contains("holds no progress for the book yet"), "before storage is read the list is empty: {html}");
    assert_eq!(html.matches("<button").count(), 2, "export and forget; no confirmation before it is asked: {html}");
    assert!(html.contains("Export my progress (JSON file)</button>") && html.contains("Forget all progress"), "{html}");
    assert!(!html.contains("Yes, forget everything"), "{html}");
    let label_for =
        html.split("<label for=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("a labelled file input");
    assert!(html.contains(&format!("id=\"{label_for}\" type=\"file\"")), "the label points at the file input: {html}");
    assert!(html.contains(">Import progress</label>"), "{html}");
    assert!(html.contains("aria-expanded=\"false\""), "{html}");
    let export_tag = html
        .split("<button")
        .filter_map(|rest| rest.split('>').next())
        .find(|tag| tag.contains("class=\"export\""))
        .expect("the export button");
    assert!(export_tag.contains("disabled"), "nothing to export before anything is stored: {export_tag}");
    assert!(html.contains("role=\"status\""), "messages are announced: {html}");
}

#[function_component(EntryListHarness)]
fn entry_list_harness() -> Html {
    let mut entries = browser();
    entries.insert("iot-book/privacy-lab/progress".into(), "{corrupt".into());
    entry_list(&summaries(&entries, &BTreeMap::new()))
}

#[test]
fn the_list_says_what_each_entry_is() {
    let html = lab_kit::testing::render::<EntryListHarness>(());
    assert_eq!(html.matches("<li").count(), 4, "{html}");
    assert!(html.contains("<span class=\"label\">Quiz: access-control</span> — <span class=\"detail\">2 of 4 answered correctly</span>"), "{html}");
    assert!(html.contains("data-key=\"iot-book/acl-lab/progress\""), "{html}");
    assert!(html.contains("class=\"unreadable\""), "an unreadable entry is marked: {html}");
}
