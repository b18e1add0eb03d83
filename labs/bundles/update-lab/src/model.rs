//! The widget's one reducer: the student's [`Work`], the exercise tracker, the form choices, the message above
//! the lab and the save gate. Pure: the seed comes in from the page, storage and downloads are effects in the
//! components.

use std::rc::Rc;

use lab_kit::{ExerciseTracker, Notice, SaveGate, find_exercise};
use lab_storage::Loaded;
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::attacks::{self, Attack};
use crate::cra_clock::Duty;
use crate::device::UpdateReport;
use crate::exercises::EXERCISES;
use crate::export::{self, MAX_HOUR};
use crate::vulnerability::VexStatus;
use crate::work::Work;

/// The version of the saved progress.
pub const PROGRESS_VERSION: u32 = 1;

/// What the lab keeps in browser storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub completed: Vec<String>,
    pub work: Work,
}

/// The lab's state.
#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    pub work: Work,
    pub tracker: ExerciseTracker,
    pub notice: Option<Notice>,
    pub gate: SaveGate,
    /// The image chosen in the vendor panel and in the CSE panel.
    pub image: String,
    pub cse_image: String,
    /// The last bootloader report shown.
    pub report: Option<UpdateReport>,
    /// The last CSE exchange: request and response as JSON text.
    pub cse_exchange: Option<(String, String)>,
    /// A schedule field that could not be read: (duty, what was typed, why).
    pub hour_error: Option<(Duty, String, String)>,
}

/// What the views ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum LabAction {
    ChooseImage(String),
    Ship,
    RotateKey,
    Predict(Attack, String),
    RunAttack(Attack),
    ChooseCseImage(String),
    SendCseUpdate,
    Decide(String, String),
    Schedule(Duty, String),
    StartExercise(String),
    ShowHint,
    ResetExercise,
    Restore(Box<Loaded<Progress>>),
    Import(String),
    /// A VEX file or an incident timeline.
    ImportDocument(String),
    Refuse(String),
    Dismiss,
}

impl LabState {
    /// A fresh lab with keys from `seed`, opening `exercise` if it is one of the lab's.
    pub fn new(seed: [u8; 32], exercise: Option<&str>) -> Self {
        let mut state = LabState {
            work: Work::new(seed),
            tracker: ExerciseTracker::default(),
            notice: None,
            gate: SaveGate::default(),
            image: "plug-1.3.0".to_owned(),
            cse_image: "plug-1.3.0".to_owned(),
            report: None,
            cse_exchange: None,
            hour_error: None,
        };
        state.tracker.start_exercise(exercise.and_then(|id| find_exercise(&EXERCISES, id)));
        state.tracker.check(&EXERCISES, &state.work);
        state
    }

    pub fn progress(&self) -> Progress {
        Progress { completed: self.tracker.completed_ids(), work: self.work.clone() }
    }

    /// What the save effect writes: nothing until saved progress was read and the reader did something.
    pub fn to_save(&self) -> Option<Progress> {
        self.gate.to_save(|| self.progress())
    }

    /// The exercise being worked on.
    pub fn exercise(&self) -> Option<&'static lab_kit::Exercise<Work>> {
        self.tracker.current().and_then(|id| find_exercise(&EXERCISES, id))
    }

    /// Resetting an exercise clears the part of the work it grades, so it can be done again.
    fn reset_exercise(&mut self) {
        match self.tracker.current() {
            Some("predict-integrity-attacks") => {
                for attack in [Attack::Unsigned, Attack::TamperedByte, Attack::ServerInTheMiddle] {
                    self.work.predictions.remove(&attack);
                    self.work.runs.remove(&attack);
                }
            }
            Some("predict-policy-attacks") => {
                for attack in [Attack::Downgrade, Attack::OtherClass, Attack::LeakedKey] {
                    self.work.predictions.remove(&attack);
                    self.work.runs.remove(&attack);
                }
            }
            Some("vex-decisions") => self.work.vex.clear(),
            Some("cra-clock") => self.work.schedule = Default::default(),
            _ => {}
        }
        self.tracker.reset();
    }

    fn apply(&mut self, action: LabAction) {
        if !matches!(action, LabAction::Restore(_) | LabAction::Dismiss | LabAction::ShowHint | LabAction::Refuse(_)) {
            self.gate.touch();
        }
        match action {
            LabAction::ChooseImage(key) => {
                if crate::firmware::image(&key).is_some() {
                    self.image = key;
                }
            }
            LabAction::Ship => self.report = self.work.ship(&self.image).cloned(),
            LabAction::RotateKey => {
                let accepted = self.work.rotate_signing_key();
                let serial = self.work.vendor.signing_serial;
                self.notice = Some(if accepted {
                    Notice::info(format!(
                        "The root certified signing key #{serial} and revoked the older keys; the device checked the revocation against its root and accepted it."
                    ))
                } else {
                    Notice::error("The device refused the revocation: it is not signed by the root it trusts.")
                });
            }
            LabAction::Predict(attack, key) => match attacks::result_from_key(&key) {
                Some(result) => {
                    if !self.work.predict(attack, result) {
                        self.notice = Some(Notice::error(
                            "This attack has run: its prediction is kept. Reset the exercise to predict again.",
                        ));
                    }
                }
                None => {
                    self.work.predictions.remove(&attack);
                }
            },
            LabAction::RunAttack(attack) => {
                if let Some(run) = self.work.run_attack(attack) {
                    self.report = Some(run.report.clone());
                } else {
                    self.notice = Some(Notice::error("Predict the outcome first, then run the attack."));
                }
            }
            LabAction::ChooseCseImage(key) => {
                if crate::firmware::image(&key).is_some() {
                    self.cse_image = key;
                }
            }
            LabAction::SendCseUpdate => {
                if let Some(update) = self.work.update_through_cse(&self.cse_image) {
                    let request = serde_json::to_string_pretty(&update.request).unwrap_or_default();
                    let response = serde_json::to_string_pretty(&update.response).unwrap_or_default();
                    self.cse_exchange = Some((request, response));
                    self.report = update.report;
                }
            }
            LabAction::Decide(id, key) => {
                let status = VexStatus::from_key(&key);
                if crate::vulnerability::advisory(&id).is_some() {
                    self.work.decide(&id, status);
                }
            }
            LabAction::Schedule(duty, text) => {
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    self.work.schedule(duty, None);
                    self.hour_error = None;
                } else {
                    match trimmed.parse::<u32>() {
                        Ok(hour) if hour <= MAX_HOUR => {
                            self.work.schedule(duty, Some(hour));
                            self.hour_error = None;
                        }
                        _ => {
                            self.hour_error = Some((
                                duty,
                                text.chars().take(20).collect(),
                                format!("Not changed: give a whole number of hours from 0 to {MAX_HOUR}."),
                            ));
                        }
                    }
                }
            }
            LabAction::StartExercise(id) => {
                self.tracker.start_exercise(find_exercise(&EXERCISES, &id));
            }
            LabAction::ShowHint => self.tracker.show_hint(),
            LabAction::ResetExercise => self.reset_exercise(),
            LabAction::Restore(loaded) => match self.gate.restore(*loaded, |reason| {
                format!("Your saved secure-update lab work could not be read ({reason}); the lab starts afresh.")
            }) {
                Ok(Some(progress)) => {
                    self.tracker.restore_completed(progress.completed, |id| find_exercise(&EXERCISES, id).is_some());
                    let problems = export::problems(&progress.work);
                    if problems.is_empty() {
                        self.work = progress.work;
                    } else {
                        self.notice = Some(Notice::error(format!(
                            "Your saved secure-update lab work could not be used ({}); the lab starts afresh.",
                            problems.join("; ")
                        )));
                    }
                }
                Ok(None) => {}
                Err(notice) => self.notice = Some(notice),
            },
            LabAction::Import(text) => match export::import_work(&text) {
                Ok(work) => {
                    self.work = work;
                    self.report = None;
                    self.cse_exchange = None;
                    self.notice = Some(Notice::info("The work was imported."));
                }
                Err(reason) => self.notice = Some(Notice::error(format!("Nothing was imported: {reason}."))),
            },
            LabAction::ImportDocument(text) => match export::import_document(&text) {
                Ok(export::Document::Vex(decisions)) => {
                    self.work.vex.clear();
                    for (id, status) in decisions {
                        self.work.decide(&id, Some(status));
                    }
                    self.notice = Some(Notice::info("The VEX decisions were imported."));
                }
                Ok(export::Document::Timeline(schedule)) => {
                    self.work.schedule = schedule;
                    self.hour_error = None;
                    self.notice = Some(Notice::info("The incident timeline was imported."));
                }
                Err(reason) => self.notice = Some(Notice::error(format!("Nothing was imported: {reason}."))),
            },
            LabAction::Refuse(text) => self.notice = Some(Notice::error(text)),
            LabAction::Dismiss => self.notice = None,
        }
        self.tracker.check(&EXERCISES, &self.work);
    }
}

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        let mut state = (*self).clone();
        state.apply(action);
        Rc::new(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::{Step, UpdateResult};

    fn act(state: &mut LabState, action: LabAction) {
        state.apply(action);
    }

    #[test]
    fn a_student_solves_two_exercises_through_actions_and_progress_is_saved_only_after_restore() {
        let mut state = LabState::new([1; 32], Some("ship-the-fix"));
        act(&mut state, LabAction::Ship);
        assert_eq!(state.to_save(), None, "nothing is saved before the saved progress was read");
        act(&mut state, LabAction::Restore(Box::new(Loaded::Missing)));
        assert!(state.tracker.is_completed("ship-the-fix"));
        act(&mut state, LabAction::StartExercise("predict-integrity-attacks".into()));
        act(&mut state, LabAction::RunAttack(Attack::Unsigned));
        assert!(state.notice.as_ref().is_some_and(|notice| notice.error), "predict first");
        for (attack, key) in [
            (Attack::Unsigned, "rejected:signature"),
            (Attack::TamperedByte, "rejected:digest"),
            (Attack::ServerInTheMiddle, "rejected:digest"),
        ] {
            act(&mut state, LabAction::Predict(attack, key.into()));
            act(&mut state, LabAction::RunAttack(attack));
        }
        assert!(state.tracker.is_completed("predict-integrity-attacks"));
        let saved = state.to_save().expect("saved");
        assert_eq!(saved.completed, vec!["predict-integrity-attacks".to_owned(), "ship-the-fix".to_owned()]);
        let mut reloaded = LabState::new([2; 32], None);
        act(&mut reloaded, LabAction::Restore(Box::new(Loaded::Found(saved.clone()))));
        assert_eq!(reloaded.work, saved.work, "the keys come back from the saved seed");
        assert_eq!(reloaded.tracker.completed_ids(), saved.completed);
    }

    #[test]
    fn resetting_a_prediction_exercise_lets_the_student_predict_again() {
        let mut state = LabState::new([1; 32], Some("predict-policy-attacks"));
        act(&mut state, LabAction::Predict(Attack::Downgrade, "installed".into()));
        act(&mut state, LabAction::RunAttack(Attack::Downgrade));
        assert_eq!(state.report.as_ref().map(|report| report.result), Some(UpdateResult::Rejected(Step::AntiRollback)));
        act(&mut state, LabAction::Predict(Attack::Downgrade, "rejected:anti-rollback".into()));
        assert!(state.notice.is_some(), "locked once run");
        act(&mut state, LabAction::ResetExercise);
        assert!(state.work.runs.is_empty() && state.work.predictions.is_empty());
    }

    #[test]
    fn bad_hours_corrupt_progress_and_bad_imports_change_nothing() {
        let mut state = LabState::new([1; 32], Some("cra-clock"));
        act(&mut state, LabAction::Schedule(Duty::EarlyWarning, "soon".into()));
        assert!(state.hour_error.is_some() && state.work.schedule.early_warning.is_none());
        act(&mut state, LabAction::Schedule(Duty::EarlyWarning, " 12 ".into()));
        assert_eq!((state.hour_error.clone(), state.work.schedule.early_warning), (None, Some(12)));
        let before = state.work.clone();
        act(&mut state, LabAction::Import("{\"format\": 3}".into()));
        assert_eq!(state.work, before);
        assert!(
            state.notice.as_ref().is_some_and(|notice| notice.error && notice.text.starts_with("Nothing was imported"))
        );
        let mut fresh = LabState::new([1; 32], None);
        act(&mut fresh, LabAction::Restore(Box::new(Loaded::Corrupt("it is not valid JSON".into()))));
        assert!(fresh.notice.as_ref().is_some_and(|notice| notice.error));
        assert!(fresh.gate.is_open(), "the lab saves over what it could not read");
    }
}
