use super::*;
use crate::reference::GATEWAY;

fn reduce(state: LabState, action: LabAction) -> LabState {
    (*Rc::new(state).reduce(action)).clone()
}

fn gateway_threat(state: &LabState, category: crate::method::Category) -> String {
    let work = state.workspace();
    work.threats_on(GATEWAY).find(|threat| threat.category == category).expect("a threat").id.clone()
}

#[test]
fn a_student_triages_the_gateway_and_reset_keeps_what_is_done() {
    use crate::method::Category::*;
    let mut state = reduce(LabState::new(Mode::Security, Some("triage-gateway")), LabAction::Restore(Loaded::Missing));
    assert!(state.tracker.outcome().is_some_and(|outcome| !outcome.passed));
    state = reduce(state, LabAction::Generate);
    assert!(state.notice.as_ref().is_some_and(|notice| notice.text.contains("STRIDE candidates added")));
    for category in [Spoofing, Tampering, Repudiation, InformationDisclosure, DenialOfService, ElevationOfPrivilege] {
        let id = gateway_threat(&state, category);
        if category == Repudiation {
            state = reduce(state, LabAction::Reject { id: id.clone(), reason: String::new() });
            assert_eq!(state.error_at(&format!("reason-{id}")).map(|m| m.starts_with("Say why")), Some(true));
            state = reduce(state, LabAction::Reject { id, reason: "no log to deny".into() });
        } else {
            state = reduce(state, LabAction::Accept(id.clone()));
            let text = "the same default password on every gateway".to_owned();
            state = reduce(state, LabAction::SetText { id, field: ThreatField::Vulnerability, text });
        }
    }
    assert!(state.tracker.is_completed("triage-gateway"), "{:?}", state.tracker.outcome());
    assert!(state.to_save().is_some_and(|progress| progress.completed == vec!["triage-gateway".to_owned()]));
    state = reduce(state, LabAction::ResetExercise);
    assert!(state.workspace().threats.is_empty(), "the model is the book's again");
    assert!(state.tracker.is_completed("triage-gateway"), "reset keeps progress");
}

#[test]
fn bad_input_becomes_a_message_at_its_field_never_a_panic() {
    let state = LabState::new(Mode::Security, None);
    let state =
        reduce(state, LabAction::AddElement { name: " ".into(), kind: "process".into(), boundary: String::new() });
    assert_eq!(state.error_at("element-name"), Some("Give it a name."));
    let state =
        reduce(state, LabAction::AddElement { name: "Lift".into(), kind: "robot".into(), boundary: String::new() });
    assert!(state.error_at("element-kind").is_some_and(|message| message.contains("robot")));
    let state = reduce(state, LabAction::Connect { name: "x".into(), from: "sensors".into(), to: "sensors".into() });
    assert!(state.error_at("flow-name").is_some_and(|message| message.contains("two different elements")));
    let state = reduce(state, LabAction::SetLikelihood { id: "t1".into(), value: "lots".into() });
    assert!(state.error_at("likelihood-t1").is_some());
    let state = reduce(state, LabAction::SetMode("chaos".into()));
    assert!(state.notice.as_ref().is_some_and(|notice| notice.error));
    assert_eq!(state.mode, Mode::Security);
    let state = reduce(
        state,
        LabAction::AddStep { parent: "goal".into(), step: "teleport".into(), label: String::new(), cost: "1".into() },
    );
    assert!(state.error_at("node-label").is_some_and(|message| message.contains("teleport")));
    let state = reduce(state, LabAction::Predict("impossible".into()));
    assert!(state.error_at("prediction").is_some() && state.prediction.is_none());
    assert_eq!(state.work, Work::reference(), "nothing changed");
    assert_eq!(state.to_save(), None, "and nothing is saved");
}

#[test]
fn diagram_edits_select_what_was_made_and_a_good_edit_clears_the_error() {
    let state = reduce(LabState::new(Mode::Privacy, None), LabAction::Restore(Loaded::Missing));
    let state = reduce(state, LabAction::AddBoundary { name: "Neighbourhood".into() });
    let boundary = state.selected.clone().expect("selected");
    let state =
        reduce(state, LabAction::AddElement { name: " ".into(), kind: "process".into(), boundary: boundary.clone() });
    assert!(state.field_error.is_some());
    let state = reduce(
        state,
        LabAction::AddElement {
            name: "Street camera".into(),
            kind: "external-entity".into(),
            boundary: boundary.clone(),
        },
    );
    assert!(state.field_error.is_none());
    let camera = state.selected.clone().expect("selected");
    assert_eq!(state.workspace().diagram.element(&camera).and_then(|e| e.boundary.clone()), Some(boundary));
    let state = reduce(state, LabAction::Rename { id: camera.clone(), name: "Doorbell camera".into() });
    assert_eq!(state.workspace().diagram.name_of(&camera), Some("Doorbell camera"));
    let state = reduce(state, LabAction::MoveToBoundary { id: camera.clone(), boundary: String::new() });
    assert_eq!(state.workspace().diagram.element(&camera).and_then(|e| e.boundary.clone()), None);
    let state = reduce(state, LabAction::RemoveItem(camera.clone()));
    assert!(state.workspace().diagram.element(&camera).is_none() && state.selected.is_none());
    assert_eq!(state.work.security, Mode::Security.reference(), "the other mode is untouched");
    assert!(state.to_save().is_some());
}

#[test]
fn the_prediction_comes_before_the_cost_and_tree_edits_hide_it_again() {
    let state = LabState::new(Mode::Security, Some("mirai-tree"));
    let state = reduce(
        state,
        LabAction::AddStep {
            parent: "goal".into(),
            step: "default-password".into(),
            label: String::new(),
            cost: "1".into(),
        },
    );
    let state = reduce(state, LabAction::Predict("2".into()));
    assert_eq!(state.prediction, Some(2));
    let node = state.workspace().tree.nodes[1].id.clone();
    let state = reduce(state, LabAction::SetCost { id: node, value: "3".into() });
    assert_eq!(state.prediction, None, "the tree changed");
    assert_eq!(state.workspace().tree.cost(), Some(3));
}

#[test]
fn restore_reads_progress_and_reports_corrupt_storage() {
    let mut saved = LabState::new(Mode::Security, None);
    saved.work.privacy.generate();
    let progress = Progress {
        completed: vec!["mirai-tree".into(), "retired".into()],
        exercise: Some("smart-meter-linddun".into()),
        ..saved.progress()
    };
    let state = reduce(LabState::new(Mode::Security, None), LabAction::Restore(Loaded::Found(progress.clone())));
    assert_eq!(state.tracker.completed_ids(), vec!["mirai-tree".to_owned()]);
    assert_eq!(state.mode, Mode::Privacy, "the open exercise is in privacy mode");
    assert_eq!(state.work.privacy, saved.work.privacy);
    assert_eq!(state.to_save(), None, "what was read is not written back");

    let corrupt =
        reduce(LabState::new(Mode::Security, None), LabAction::Restore(Loaded::Corrupt("it is not valid JSON".into())));
    assert!(corrupt.notice.as_ref().is_some_and(|notice| notice.error && notice.text.contains("could not be read")));
    assert!(corrupt.to_save().is_some(), "unreadable progress is replaced");

    let mut tampered = progress;
    tampered.security.threats.push(saved.work.privacy.threats[0].clone());
    let state = reduce(LabState::new(Mode::Security, None), LabAction::Restore(Loaded::Found(tampered)));
    assert!(state.notice.as_ref().is_some_and(|notice| notice.text.contains("saved security model could not be used")));
    assert_eq!(state.work.security, Mode::Security.reference());
    assert_eq!(state.work.privacy, saved.work.privacy, "the good one is kept");
}

#[test]
fn import_takes_a_whole_good_file_and_nothing_from_a_bad_one() {
    let mut other = Mode::Privacy.reference();
    other.generate();
    let state = reduce(LabState::new(Mode::Security, None), LabAction::Import(other.to_json()));
    assert_eq!((state.mode, &state.work.privacy), (Mode::Privacy, &other));
    assert!(state.notice.as_ref().is_some_and(|notice| !notice.error));
    let broken = other.to_json().replacen("\"to\": \"supplier\"", "\"to\": \"mars\"", 1);
    assert_ne!(broken, other.to_json());
    let refused = reduce(state.clone(), LabAction::Import(broken));
    assert_eq!(refused.work, state.work);
    assert!(
        refused.notice.as_ref().is_some_and(|notice| notice.error && notice.text.starts_with("Nothing was imported"))
    );
    let refused = reduce(state.clone(), LabAction::Import("[1, 2".into()));
    assert!(refused.notice.as_ref().is_some_and(|notice| notice.text.contains("not JSON")));
}
