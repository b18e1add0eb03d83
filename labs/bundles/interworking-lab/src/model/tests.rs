use super::*;

fn act(state: &mut LabState, action: LabAction) {
    state.apply(action);
}

fn edit(state: &mut LabState, from: &str, to: &str) {
    assert!(state.editor.contains(from), "the editor has {from}");
    let text = state.editor.replacen(from, to, 1);
    act(state, LabAction::EditMapping(text));
}

#[test]
fn a_student_solves_two_exercises_through_actions_and_progress_is_saved_only_after_restore() {
    let mut state = LabState::new(Some("switch-matter-light"));
    act(
        &mut state,
        LabAction::Update {
            path: "cse-in/interworking-ipe/hall-light-switch".into(),
            attribute: "powerState".into(),
            value: "true".into(),
        },
    );
    assert!(!state.tracker.is_completed("switch-matter-light"));
    assert!(state.work.lab.log.iter().any(|e| e.failed && e.text.contains("0x88")), "the refusal is logged");
    assert_eq!(state.to_save(), None, "nothing is saved before the saved progress was read");
    act(&mut state, LabAction::Restore(Box::new(Loaded::Missing)));
    // the last unit of the editor is the Matter switch
    let at = state.editor.rfind("\"actions\": []").expect("the switch's actions");
    let mut text = state.editor.clone();
    text.replace_range(
        at..at + "\"actions\": []".len(),
        "\"actions\": [{\"command\": 1, \"attribute\": \"powerState\", \"value\": true}, {\"command\": 0, \"attribute\": \"powerState\", \"value\": false}]",
    );
    act(&mut state, LabAction::EditMapping(text));
    act(&mut state, LabAction::ApplyMapping);
    assert_eq!(state.editor_error, None);
    assert!(state.tracker.is_completed("switch-matter-light"), "{:?}", state.tracker.outcome());

    act(&mut state, LabAction::StartExercise("read-lwm2m-temperature".into()));
    edit(
        &mut state,
        "\"kind\": \"container\"",
        "\"kind\": \"flexcontainer\", \"specialisation\": \"cod:tempe\", \"definition\": \"org.onem2m.common.moduleclass.temperature\"",
    );
    edit(&mut state, "\"attribute\": \"5700\"", "\"attribute\": \"currentTemperature\"");
    act(&mut state, LabAction::ApplyMapping);
    assert!(state.tracker.is_completed("read-lwm2m-temperature"), "{:?}", state.tracker.outcome());

    let saved = state.to_save().expect("saved");
    assert_eq!(saved.completed, vec!["read-lwm2m-temperature".to_owned(), "switch-matter-light".to_owned()]);
    let mut reloaded = LabState::new(None);
    act(&mut reloaded, LabAction::Restore(Box::new(Loaded::Found(saved.clone()))));
    assert_eq!(reloaded.work.lab.mapping, state.work.lab.mapping, "the mapping comes back and is applied");
    assert!(reloaded.work.lab.cse.resolve_address("cse-in/roof-01/3303-0").is_some());
}

#[test]
fn bad_values_bad_mappings_corrupt_progress_and_bad_imports_change_nothing() {
    let mut state = LabState::new(None);
    act(&mut state, LabAction::Sense { device: "roof-01".into(), unit: "3303/0".into(), value: "warm".into() });
    assert!(state.field_error.is_some());
    act(&mut state, LabAction::EditMapping("{ \"devices\": [ oops".into()));
    let before = state.work.lab.mapping.clone();
    act(&mut state, LabAction::ApplyMapping);
    assert!(state.editor_error.as_ref().is_some_and(|e| e.at.starts_with("line 1:")), "{:?}", state.editor_error);
    assert_eq!(state.work.lab.mapping, before, "the IPE keeps the mapping it had");
    for bad in ["{\"format\": 3}", "not json", "{\"completed\": [], \"mapping\": \"{}\", \"query\": \"\"}"] {
        act(&mut state, LabAction::Import(bad.into()));
        assert!(state.notice.as_ref().is_some_and(|n| n.error && n.text.starts_with("Nothing was imported")), "{bad}");
        assert_eq!(state.work.lab.mapping, before);
    }
    let mut fresh = LabState::new(None);
    act(&mut fresh, LabAction::Restore(Box::new(Loaded::Corrupt("it is not valid JSON".into()))));
    assert!(fresh.notice.as_ref().is_some_and(|notice| notice.error));
    assert!(fresh.gate.is_open(), "the lab saves over what it could not read");
}

#[test]
fn an_export_imports_back_and_a_bare_mapping_is_applied() {
    let mut state = LabState::new(None);
    act(&mut state, LabAction::Restore(Box::new(Loaded::Missing)));
    edit(&mut state, "\"attribute\": \"5700\"", "\"attribute\": \"temperature\"");
    act(&mut state, LabAction::ApplyMapping);
    act(&mut state, LabAction::EditQuery("SELECT ?d WHERE { ?d ?p ?o }".into()));
    let export = serde_json::to_string(&state.progress()).expect("json");
    let mut other = LabState::new(None);
    act(&mut other, LabAction::Import(export));
    assert_eq!(other.work.lab.mapping, state.work.lab.mapping);
    assert_eq!(other.work.query, "SELECT ?d WHERE { ?d ?p ?o }");
    let mut third = LabState::new(None);
    act(&mut third, LabAction::Import(state.work.lab.mapping.to_json()));
    assert_eq!(third.work.lab.mapping, state.work.lab.mapping);
}

#[test]
fn a_prediction_is_compared_with_what_happened() {
    let mut state = LabState::new(None);
    act(&mut state, LabAction::Predict("follows".into()));
    act(
        &mut state,
        LabAction::Update {
            path: "cse-in/interworking-ipe/hall-light-switch".into(),
            attribute: "powerState".into(),
            value: "true".into(),
        },
    );
    let notice = state.notice.clone().expect("a verdict");
    assert!(
        notice.text.starts_with("Not what you predicted") && notice.text.contains("the device refuses"),
        "{}",
        notice.text
    );
    assert_eq!(state.prediction, None, "a prediction is used once");
    act(&mut state, LabAction::Predict("follows".into()));
    act(
        &mut state,
        LabAction::Update { path: "cse-in/roof-01/light".into(), attribute: "powerState".into(), value: "true".into() },
    );
    assert!(state.notice.as_ref().is_some_and(|n| n.text.starts_with("Your prediction was right")));
    act(&mut state, LabAction::Predict("nonsense".into()));
    assert_eq!(state.prediction, None);
}
