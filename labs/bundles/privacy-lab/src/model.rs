//! The privacy lab's one reducer: the policy, the analysis it produces, the exercise, progress and messages.
//! Pure: storage is an effect in the root component, which dispatches [`LabAction::Restore`].

use std::rc::Rc;

use lab_kit::{ExerciseTracker, Notice, SaveGate};
use lab_storage::Loaded;
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::analysis::Analysis;
use crate::exercises::{EXERCISES, Exercise, find_exercise};
use crate::policy::{Channel, Identifiers, Observer, Policy, RETENTION_CHOICES, Resolution};

/// The version of what the lab stores in the browser.
pub const PROGRESS_VERSION: u32 = 1;

/// What is saved: the exercises done, and the exercise and policy being worked on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub completed: Vec<String>,
    #[serde(default)]
    pub exercise: Option<String>,
    #[serde(default)]
    pub policy: Option<Policy>,
}

#[derive(Debug, Clone)]
pub struct LabState {
    pub policy: Policy,
    pub analysis: Rc<Analysis>,
    /// The exercise, hints shown, verdict and exercises done.
    pub tracker: ExerciseTracker,
    pub observer: Observer,
    pub notice: Option<Notice>,
    /// Saves only once saved progress was read and the reader changed what is saved (the policy, the
    /// exercise), or saved progress was unreadable: opening a chapter stores nothing.
    pub gate: SaveGate,
    /// Counts changes worth saving.
    pub revision: u64,
}

impl PartialEq for LabState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && self.policy == other.policy
            && self.tracker == other.tracker
            && self.observer == other.observer
            && self.notice == other.notice
            && self.gate == other.gate
    }
}

/// What the views dispatch. Choices arrive as the text of the form control and are parsed here.
#[derive(Debug, Clone, PartialEq)]
pub enum LabAction {
    SetResolution(Channel, String),
    SetIdentifiers(Channel, String),
    SetRetention(String),
    SetAccess(Observer, Channel, bool),
    ShowObserver(String),
    StartExercise(String),
    ShowHint,
    ResetExercise,
    Restore(Loaded<Progress>),
    Dismiss,
}

impl LabState {
    pub fn new(exercise: Option<&str>) -> Self {
        let policy = Policy::default();
        let mut tracker: ExerciseTracker = ExerciseTracker::default();
        tracker.start_exercise(exercise.and_then(find_exercise));
        let mut state = LabState {
            analysis: Rc::new(Analysis::run(&policy)),
            policy,
            tracker,
            observer: Observer::Supplier,
            notice: None,
            gate: SaveGate::default(),
            revision: 0,
        };
        state.evaluate();
        state
    }

    /// The exercise being worked on.
    pub fn exercise(&self) -> Option<&'static Exercise> {
        self.tracker.current_in(EXERCISES)
    }

    pub fn progress(&self) -> Progress {
        Progress {
            completed: self.tracker.completed_ids(),
            exercise: self.tracker.current().map(str::to_owned),
            policy: Some(self.policy.clone()),
        }
    }

    /// What the save effect writes: nothing until saved progress was read and the reader did something.
    pub fn to_save(&self) -> Option<Progress> {
        self.gate.to_save(|| self.progress())
    }

    fn evaluate(&mut self) {
        self.tracker.check(EXERCISES, &self.analysis);
    }

    fn set_policy(&mut self, policy: Policy) {
        if policy != self.policy {
            self.analysis = Rc::new(Analysis::run(&policy));
            self.policy = policy;
        }
        self.evaluate();
        self.revision += 1;
    }

    fn refuse(&mut self, text: String) {
        self.notice = Some(Notice::error(text));
    }

    fn apply(&mut self, action: LabAction) {
        let touches = matches!(
            action,
            LabAction::SetResolution(..)
                | LabAction::SetIdentifiers(..)
                | LabAction::SetRetention(_)
                | LabAction::SetAccess(..)
                | LabAction::StartExercise(_)
                | LabAction::ResetExercise
        );
        if touches {
            self.gate.touch();
        }
        match action {
            LabAction::SetResolution(channel, text) => {
                match Resolution::parse(&text).filter(|resolution| resolution.applies_to(channel)) {
                    Some(resolution) => {
                        let mut policy = self.policy.clone();
                        match channel {
                            Channel::Energy => policy.energy = resolution,
                            Channel::Motion => policy.motion = resolution,
                            Channel::Temperature => policy.temperature = resolution,
                        }
                        self.set_policy(policy);
                    }
                    None => self.refuse(format!(
                        "`{text}` is not a resolution this lab offers for {}.",
                        channel.label().to_lowercase()
                    )),
                }
            }
            LabAction::SetIdentifiers(channel, text) => match (Identifiers::parse(&text), channel) {
                (Some(identifiers), Channel::Energy) => {
                    let policy = Policy { energy_identifiers: identifiers, ..self.policy.clone() };
                    self.set_policy(policy);
                }
                (Some(identifiers), Channel::Motion) => {
                    let policy = Policy { motion_identifiers: identifiers, ..self.policy.clone() };
                    self.set_policy(policy);
                }
                _ => self
                    .refuse(format!("`{text}` is not an identifier treatment for {}.", channel.label().to_lowercase())),
            },
            LabAction::SetRetention(text) => {
                match text.trim().parse::<u32>().ok().filter(|days| RETENTION_CHOICES.contains(days)) {
                    Some(days) => {
                        let policy = Policy { retention_days: days, ..self.policy.clone() };
                        self.set_policy(policy);
                    }
                    None => self.refuse(format!("`{text}` is not a retention period this lab offers.")),
                }
            }
            LabAction::SetAccess(observer, channel, allowed) => {
                let mut policy = self.policy.clone();
                policy.set_access(observer, channel, allowed);
                self.set_policy(policy);
            }
            LabAction::ShowObserver(text) => match Observer::parse(&text) {
                Some(observer) => self.observer = observer,
                None => self.refuse(format!("`{text}` is not an observer of this lab.")),
            },
            LabAction::StartExercise(id) => {
                if id.is_empty() {
                    self.tracker.start_exercise(None::<&Exercise>);
                } else if let Some(exercise) = find_exercise(&id) {
                    self.tracker.start_exercise(Some(exercise));
                    self.set_policy(Policy::default());
                    self.observer = observer_for(exercise.id);
                } else {
                    self.refuse(format!("There is no exercise `{id}`."));
                }
                self.revision += 1;
            }
            LabAction::ShowHint => self.tracker.show_hint(),
            LabAction::ResetExercise => {
                self.tracker.reset();
                self.set_policy(Policy::default());
                if let Some(current) = self.tracker.current() {
                    self.observer = observer_for(current);
                }
                self.notice =
                    Some(Notice::info("The policy is back to its starting point (your completed exercises are kept)."));
            }
            LabAction::Restore(loaded) => {
                let restored = self.gate.restore(loaded, |reason| {
                    format!(
                        "Your saved privacy-lab progress could not be read ({reason}), so the lab starts afresh and will save over it."
                    )
                });
                match restored {
                    Ok(None) => {}
                    Ok(Some(progress)) => {
                        self.tracker.restore_completed(progress.completed, |id| find_exercise(id).is_some());
                        // The student's work continues where it was left; the page's exercise only starts a first visit.
                        if let Some(exercise) = progress.exercise.as_deref().and_then(find_exercise) {
                            self.tracker.start_exercise(Some(exercise));
                            self.observer = observer_for(exercise.id);
                        }
                        if let Some(policy) = progress.policy {
                            self.set_policy(sanitised(policy));
                        }
                    }
                    Err(notice) => self.notice = Some(notice),
                }
                self.evaluate();
                self.revision += 1;
            }
            LabAction::Dismiss => self.notice = None,
        }
    }
}

/// A saved policy's retention is checked again (it came from the browser's storage).
fn sanitised(policy: Policy) -> Policy {
    if RETENTION_CHOICES.contains(&policy.retention_days) { policy } else { Policy { retention_days: 7, ..policy } }
}

/// The observer an exercise is about, shown first.
pub fn observer_for(exercise: &str) -> Observer {
    match exercise {
        "holiday-retention" => Observer::Intruder,
        "pseudonymise-motion" | "stop-linkage" => Observer::Analytics,
        "heating-least-privilege" => Observer::Heating,
        _ => Observer::Supplier,
    }
}

pub fn exercises() -> &'static [Exercise] {
    EXERCISES
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

    fn reduce(state: LabState, action: LabAction) -> LabState {
        let next = Rc::new(state).reduce(action);
        (*next).clone()
    }

    #[test]
    fn completing_an_exercise_is_remembered_and_reset_keeps_it() {
        let state = LabState::new(Some("routine-from-energy"));
        assert!(state.tracker.outcome().is_some_and(|outcome| !outcome.passed));
        let state = reduce(state, LabAction::ShowHint);
        assert_eq!(state.tracker.hints_shown(), 1);
        let state = reduce(state, LabAction::SetResolution(Channel::Energy, "daily".into()));
        assert!(state.tracker.outcome().is_some_and(|outcome| outcome.passed), "{:?}", state.tracker.outcome());
        assert!(state.tracker.is_completed("routine-from-energy"));
        let state = reduce(state, LabAction::ResetExercise);
        assert_eq!(state.policy, Policy::default());
        assert_eq!(state.tracker.hints_shown(), 0);
        assert!(state.tracker.is_completed("routine-from-energy"), "reset keeps progress");
        assert_eq!(state.progress().completed, vec!["routine-from-energy".to_owned()]);
    }

    #[test]
    fn bad_input_becomes_a_message_never_a_panic() {
        let state = LabState::new(None);
        let state = reduce(state, LabAction::SetResolution(Channel::Energy, "weekly".into()));
        assert!(state.notice.as_ref().is_some_and(|notice| notice.error && notice.text.contains("weekly")));
        let state = reduce(state, LabAction::SetResolution(Channel::Motion, "building".into()));
        assert!(state.notice.as_ref().is_some_and(|notice| notice.text.contains("building")));
        assert_eq!(state.policy.motion, Resolution::Raw);
        let state = reduce(state, LabAction::SetRetention("forever".into()));
        assert!(state.notice.as_ref().is_some_and(|notice| notice.text.contains("forever")));
        let state = reduce(state, LabAction::SetIdentifiers(Channel::Temperature, "pseudonymised".into()));
        assert!(state.notice.is_some());
        let state = reduce(state, LabAction::StartExercise("juggling".into()));
        assert!(state.exercise().is_none());
        assert_eq!(state.policy, Policy::default());
    }

    #[test]
    fn restore_reads_progress_and_reports_corrupt_storage() {
        let state = LabState::new(None);
        let saved = Progress {
            completed: vec!["stop-linkage".into(), "unknown".into()],
            exercise: Some("holiday-retention".into()),
            policy: Some(Policy { retention_days: 3, ..Policy::default() }),
        };
        let state = reduce(state, LabAction::Restore(Loaded::Found(saved)));
        assert!(state.gate.restored());
        assert_eq!(
            state.tracker.completed().iter().collect::<Vec<_>>(),
            vec!["holiday-retention", "stop-linkage"],
            "the restored policy passes too"
        );
        assert_eq!(state.observer, Observer::Intruder);
        let corrupt = reduce(
            LabState::new(Some("stop-linkage")),
            LabAction::Restore(Loaded::Corrupt("it is not valid JSON".into())),
        );
        assert!(corrupt.gate.restored() && corrupt.tracker.completed().is_empty());
        assert!(
            corrupt.notice.as_ref().is_some_and(|notice| notice.error && notice.text.contains("could not be read"))
        );
        let odd = Progress {
            completed: vec![],
            exercise: None,
            policy: Some(Policy { retention_days: 40, ..Policy::default() }),
        };
        assert_eq!(reduce(LabState::new(None), LabAction::Restore(Loaded::Found(odd))).policy.retention_days, 7);
    }

    #[test]
    fn an_opened_lab_has_nothing_to_save_until_the_reader_changes_something() {
        assert_eq!(LabState::new(Some("routine-from-energy")).to_save(), None, "a fresh lab");
        let opened = reduce(LabState::new(Some("routine-from-energy")), LabAction::Restore(Loaded::Missing));
        assert_eq!(opened.to_save(), None, "opened, nothing stored");
        let looked = reduce(reduce(opened.clone(), LabAction::ShowObserver("intruder".into())), LabAction::ShowHint);
        assert_eq!(looked.to_save(), None, "looking at another observer or a hint saves nothing");
        let changed = reduce(opened, LabAction::SetResolution(Channel::Energy, "daily".into()));
        assert!(changed.to_save().is_some_and(|progress| progress.completed == vec!["routine-from-energy".to_owned()]));
        let saved = Progress { completed: vec!["stop-linkage".into()], exercise: None, policy: None };
        assert_eq!(
            reduce(LabState::new(None), LabAction::Restore(Loaded::Found(saved))).to_save(),
            None,
            "what was read is not written back"
        );
        let corrupt = reduce(LabState::new(None), LabAction::Restore(Loaded::Corrupt("it has no version".into())));
        assert!(corrupt.to_save().is_some(), "unreadable progress is replaced, as the notice says");
    }

    #[test]
    fn access_and_observer_choices() {
        let state = reduce(
            LabState::new(Some("heating-least-privilege")),
            LabAction::SetAccess(Observer::Heating, Channel::Motion, false),
        );
        assert!(state.tracker.is_completed("heating-least-privilege"));
        let state = reduce(state, LabAction::ShowObserver("intruder".into()));
        assert_eq!(state.observer, Observer::Intruder);
        let state = reduce(state, LabAction::ShowObserver("neighbour".into()));
        assert_eq!(state.observer, Observer::Intruder);
        assert!(state.notice.is_some());
    }
}
