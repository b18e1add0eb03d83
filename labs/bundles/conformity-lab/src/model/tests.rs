use super::*;
use crate::rules::applicable_acts;

fn run(state: &mut LabState, actions: impl IntoIterator<Item = LabAction>) {
    for action in actions {
        state.apply(action);
    }
}

#[test]
fn an_exercise_loads_its_product_and_hides_the_answer_until_committed() {
    let mut state = LabState::new(Some("predict-connected-toy"));
    assert!(state.work.is_book_product("connected-toy"));
    assert!(state.answer_hidden());
    for act in applicable_acts(&state.work.product) {
        state.apply(LabAction::SetPredicted(act, true));
    }
    assert!(!state.tracker.is_completed("predict-connected-toy"), "ticking is not committing");
    state.apply(LabAction::CommitPrediction);
    assert!(!state.answer_hidden() && state.tracker.is_completed("predict-connected-toy"));
    state.apply(LabAction::SetFlag(Flag::Medical, true));
    assert_eq!(state.work.committed, None, "a changed product needs a new prediction");
    assert!(state.tracker.is_completed("predict-connected-toy"), "what is done stays done");
}

#[test]
fn form_input_is_parsed_and_bad_input_changes_nothing() {
    let mut state = LabState::new(None);
    let before = state.work.clone();
    run(
        &mut state,
        [
            LabAction::SetMarketDate("2026-02-30".into()),
            LabAction::SetCraKind("spaceship".into()),
            LabAction::SetDecision("5.1-1".into(), "maybe".into()),
            LabAction::SetDecision("9.9-9".into(), "implemented".into()),
            LabAction::SetFix("magic".into(), true),
            LabAction::LoadProduct("toaster".into()),
            LabAction::ChooseDossier("toaster".into()),
        ],
    );
    assert_eq!(state.work, before);
    assert!(state.date_error.as_deref().is_some_and(|error| error.contains("no day 30")));
    assert_eq!(state.date_text, "2026-02-30", "the field keeps what was typed");
    state.apply(LabAction::SetMarketDate("2026-10-01".into()));
    assert_eq!((state.date_error.clone(), state.work.product.placed_on_market), (None, Date::new(2026, 10, 1)));
    state.apply(LabAction::SetCraKind("firewall".into()));
    assert_eq!(state.work.product.cra_kind, CraKind::Firewall);
}

#[test]
fn decisions_are_kept_per_dossier_and_the_shared_product_follows_the_dossier() {
    let mut state = LabState::new(None);
    run(
        &mut state,
        [
            LabAction::SetDecision("5.6-1".into(), "not-implemented".into()),
            LabAction::SetEvidence("5.6-1".into(), "23/tcp telnet".into()),
            LabAction::ChooseDossier("thermostat".into()),
        ],
    );
    assert!(state.work.is_book_product("thermostat"), "mode 1 shows the product mode 2 assesses");
    assert!(state.work.current_answers().is_empty());
    state.apply(LabAction::LoadProduct("smart-plug".into()));
    assert_eq!(state.work.dossier, "smart-plug");
    let answer = state.work.current_answers().get("5.6-1").cloned().expect("kept");
    assert_eq!((answer.decision, answer.evidence.as_str()), (Decision::NotImplemented, "23/tcp telnet"));
}

#[test]
fn resetting_an_exercise_clears_only_its_part() {
    let mut state = LabState::new(Some("cheapest-fixes"));
    run(
        &mut state,
        [
            LabAction::SetFix("remove-telnet".into(), true),
            LabAction::SetPolicy(PolicyField::Contact, "a@b.example".into()),
            LabAction::ShowHint,
        ],
    );
    state.apply(LabAction::ResetExercise);
    assert!(state.work.fixes.is_empty() && state.tracker.hints_shown() == 0);
    assert_eq!(state.work.policy.contact, "a@b.example");
}

#[test]
fn progress_is_saved_only_after_restore_and_an_action_and_corrupt_progress_is_reported() {
    let mut state = LabState::new(None);
    state.apply(LabAction::SetFix("remove-telnet".into(), true));
    assert_eq!(state.to_save(), None, "not before saved progress was read");
    let mut fresh = LabState::new(None);
    fresh.apply(LabAction::Restore(Box::new(Loaded::Missing)));
    assert_eq!(fresh.to_save(), None, "opening the chapter stores nothing");
    fresh.apply(LabAction::SetFix("remove-telnet".into(), true));
    let saved = fresh.to_save().expect("saved");
    let mut reloaded = LabState::new(None);
    reloaded.apply(LabAction::Restore(Box::new(Loaded::Found(saved))));
    assert!(reloaded.work.fixes.contains("remove-telnet"));
    let mut broken = LabState::new(None);
    broken.apply(LabAction::Restore(Box::new(Loaded::Corrupt("expected value".into()))));
    assert!(broken.notice.as_ref().is_some_and(|notice| notice.error && notice.text.contains("could not be read")));
    assert!(broken.to_save().is_some(), "the lab saves over what it could not read");
}

#[test]
fn an_import_replaces_the_work_and_a_bad_file_changes_nothing() {
    let mut source = LabState::new(None);
    source.apply(LabAction::SetFix("publish-vdp".into(), true));
    let file = source.work.export_json();
    let mut state = LabState::new(Some("disclosure-policy"));
    state.apply(LabAction::SetPolicy(PolicyField::Scope, "PW-MINI-EU".into()));
    let before = state.work.clone();
    state.apply(LabAction::Import("{\"format\": \"something-else\", \"version\": 1}".into()));
    assert_eq!(state.work, before);
    assert!(
        state.notice.as_ref().is_some_and(|notice| notice.error && notice.text.starts_with("Nothing was imported"))
    );
    state.apply(LabAction::Import(file));
    assert!(state.work.fixes.contains("publish-vdp") && state.work.policy.scope.is_empty());
    assert!(state.notice.as_ref().is_some_and(|notice| !notice.error));
}

#[test]
fn the_own_product_dossier_keeps_the_student_s_description() {
    let mut state = LabState::new(None);
    run(
        &mut state,
        [
            LabAction::SetName("Garden sprinkler".into()),
            LabAction::SetFlag(Flag::Consumer, false),
            LabAction::ChooseDossier("own-product".into()),
            LabAction::SetDecision("5.2-1".into(), "implemented".into()),
        ],
    );
    assert_eq!((state.work.product.name.as_str(), state.work.product.consumer), ("Garden sprinkler", false));
    assert_eq!(state.work.current_answers().get("5.2-1").map(|a| a.decision), Some(Decision::Implemented));
    let back = Work::import_json(&state.work.export_json()).expect("the own product's work round-trips");
    assert_eq!(back.dossier, "own-product");
}
