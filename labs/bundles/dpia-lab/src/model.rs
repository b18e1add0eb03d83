//! The DPIA lab's one reducer: the assessment ([`Work`]), the description it started from, the exercise tracker,
//! messages and the save gate. Storage and downloads are effects in the components.

use std::rc::Rc;

use lab_kit::{ExerciseTracker, Notice, SaveGate, find_exercise};
use lab_storage::Loaded;
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::exercises::{EXERCISES, LabExercise};
use crate::processing::{
    Channel, Identifiers, LawfulBasis, PrivacyLabProgress, Processing, Purpose, RETENTION_CHOICES, Recipient,
    Resolution,
};
use crate::risks::Measure;
use crate::threshold::{Art35Case, Criterion, Scenario, ThresholdAnswer};
use crate::work::{Work, prefill};

/// The version of what the lab stores in the browser.
pub const PROGRESS_VERSION: u32 = 1;

/// What is saved: the exercises done, the exercise being worked on, and the assessment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub completed: Vec<String>,
    #[serde(default)]
    pub exercise: Option<String>,
    #[serde(default)]
    pub work: Option<Work>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    pub work: Work,
    /// The description the assessment started from (the privacy lab's policy or its default), for resets.
    pub origin: Processing,
    pub tracker: ExerciseTracker,
    pub notice: Option<Notice>,
    pub gate: SaveGate,
}

/// What the views dispatch. Choices arrive as the text of the form control and are parsed here.
#[derive(Debug)]
pub enum LabAction {
    SetScenario(String),
    SetCriterion(Criterion, bool),
    SetCase(Art35Case, bool),
    SetDecision(String),
    SetResolution(Channel, String),
    SetIdentifiers(Channel, String),
    SetRetention(String),
    SetAccess(Recipient, Channel, bool),
    SetPurpose(Purpose, bool),
    SetBasis(Purpose, String),
    SetExplicitConsent(Purpose, bool),
    /// The privacy lab's saved progress, read when the student asks for their privacy lab policy.
    TakePrivacyLabPolicy(Box<Loaded<PrivacyLabProgress>>),
    UseDefaultPolicy,
    SetMark(String, bool),
    Compare,
    SetMeasure(Measure, bool),
    SetConsultation(bool),
    StartExercise(String),
    ShowHint,
    ResetExercise,
    /// This lab's saved progress, and the privacy lab's (to start the description from).
    Restore(Box<(Loaded<Progress>, Loaded<PrivacyLabProgress>)>),
    Import(String),
    Refuse(String),
    Dismiss,
}

impl LabState {
    pub fn new(exercise: Option<&str>) -> Self {
        let mut state = LabState {
            work: Work::default(),
            origin: Processing::default(),
            tracker: ExerciseTracker::default(),
            notice: None,
            gate: SaveGate::default(),
        };
        state.tracker.start_exercise(exercise.and_then(|id| find_exercise(EXERCISES, id)));
        state.tracker.check(EXERCISES, &state.work);
        state
    }

    pub fn exercise(&self) -> Option<&'static LabExercise> {
        self.tracker.current_in(EXERCISES)
    }

    pub fn progress(&self) -> Progress {
        Progress {
            completed: self.tracker.completed_ids(),
            exercise: self.tracker.current().map(str::to_owned),
            work: Some(self.work.clone()),
        }
    }

    /// What the save effect writes: nothing until saved progress was read and the reader did something.
    pub fn to_save(&self) -> Option<Progress> {
        self.gate.to_save(|| self.progress())
    }

    fn refuse(&mut self, text: String) {
        self.notice = Some(Notice::error(text));
    }

    fn set_description(&mut self, processing: Processing) {
        self.work.processing = processing;
        self.work.necessity.compared = None;
    }

    fn reset_exercise(&mut self) {
        match self.exercise().map(|exercise| exercise.id) {
            Some("threshold-household") => self.work.threshold = ThresholdAnswer::default(),
            Some("threshold-toy") => {
                self.work.threshold = ThresholdAnswer { scenario: Scenario::ConnectedToy, ..ThresholdAnswer::default() }
            }
            Some("necessity-flags") => {
                self.set_description(self.origin.clone());
                self.work.necessity = Default::default();
            }
            Some(_) => {
                self.set_description(self.origin.clone());
                self.work.measures.clear();
                self.work.consultation = false;
            }
            None => {}
        }
        self.tracker.reset();
        if self.exercise().is_some() {
            self.notice = Some(Notice::info(
                "This exercise's part of the assessment is back to its start (completed exercises are kept).",
            ));
        }
    }

    fn apply(&mut self, action: LabAction) {
        if !matches!(action, LabAction::Restore(_) | LabAction::Dismiss | LabAction::ShowHint | LabAction::Refuse(_)) {
            self.gate.touch();
        }
        match action {
            LabAction::SetScenario(text) => match Scenario::parse(&text) {
                Some(scenario) if scenario != self.work.threshold.scenario => {
                    self.work.threshold = ThresholdAnswer { scenario, ..ThresholdAnswer::default() }
                }
                Some(_) => {}
                None => self.refuse(format!("`{text}` is not a scenario of this lab.")),
            },
            LabAction::SetCriterion(criterion, ticked) => {
                if ticked {
                    self.work.threshold.criteria.insert(criterion);
                } else {
                    self.work.threshold.criteria.remove(&criterion);
                }
            }
            LabAction::SetCase(case, ticked) => {
                if ticked {
                    self.work.threshold.cases.insert(case);
                } else {
                    self.work.threshold.cases.remove(&case);
                }
            }
            LabAction::SetDecision(text) => {
                self.work.threshold.decision = match text.as_str() {
                    "required" => Some(true),
                    "not-required" => Some(false),
                    _ => None,
                }
            }
            LabAction::SetResolution(channel, text) => {
                match Resolution::parse(&text).filter(|resolution| resolution.applies_to(channel)) {
                    Some(resolution) => {
                        let mut next = self.work.processing.clone();
                        next.policy.set_resolution(channel, resolution);
                        self.set_description(next);
                    }
                    None => self.refuse(format!(
                        "`{text}` is not a resolution the privacy lab offers for {}.",
                        channel.label().to_lowercase()
                    )),
                }
            }
            LabAction::SetIdentifiers(channel, text) => match (Identifiers::parse(&text), channel) {
                (Some(identifiers), Channel::Energy | Channel::Motion) => {
                    let mut next = self.work.processing.clone();
                    if channel == Channel::Energy {
                        next.policy.energy_identifiers = identifiers;
                    } else {
                        next.policy.motion_identifiers = identifiers;
                    }
                    self.set_description(next);
                }
                _ => self
                    .refuse(format!("`{text}` is not an identifier treatment for {}.", channel.label().to_lowercase())),
            },
            LabAction::SetRetention(text) => {
                match text.trim().parse::<u32>().ok().filter(|days| RETENTION_CHOICES.contains(days)) {
                    Some(days) => {
                        let mut next = self.work.processing.clone();
                        next.policy.retention_days = days;
                        self.set_description(next);
                    }
                    None => self.refuse(format!("`{text}` is not a retention period the privacy lab offers.")),
                }
            }
            LabAction::SetAccess(recipient, channel, allowed) => {
                let mut next = self.work.processing.clone();
                next.policy.set_access(recipient, channel, allowed);
                self.set_description(next);
            }
            LabAction::SetPurpose(purpose, enabled) => {
                let mut next = self.work.processing.clone();
                next.purposes.entry(purpose).or_default().enabled = enabled;
                self.set_description(next);
            }
            LabAction::SetBasis(purpose, text) => {
                let basis = if text.is_empty() { Ok(None) } else { LawfulBasis::parse(&text).map(Some).ok_or(()) };
                match basis {
                    Ok(basis) => self.work.processing.purposes.entry(purpose).or_default().basis = basis,
                    Err(()) => self.refuse(format!("`{text}` is not a lawful basis of Art. 6(1).")),
                }
            }
            LabAction::SetExplicitConsent(purpose, given) => {
                self.work.processing.purposes.entry(purpose).or_default().explicit_consent = given;
            }
            LabAction::TakePrivacyLabPolicy(saved) => {
                let (processing, said) = prefill(*saved);
                let mut next = self.work.processing.clone();
                next.policy = processing.policy;
                next.source = processing.source;
                self.origin = next.clone();
                self.set_description(next);
                self.notice = Some(said);
            }
            LabAction::UseDefaultPolicy => {
                let mut next = self.work.processing.clone();
                let fresh = Processing::default();
                next.policy = fresh.policy;
                next.source = fresh.source;
                self.origin = next.clone();
                self.set_description(next);
                self.notice = Some(Notice::info("The description starts from the privacy lab's default policy."));
            }
            LabAction::SetMark(id, marked) => {
                if marked {
                    self.work.necessity.marks.insert(id);
                } else {
                    self.work.necessity.marks.remove(&id);
                }
            }
            LabAction::Compare => {
                // only the questions of the current description count
                let asked: std::collections::BTreeSet<String> = crate::necessity::questions(&self.work.processing)
                    .into_iter()
                    .map(|question| question.id)
                    .collect();
                self.work.necessity.marks.retain(|id| asked.contains(id));
                self.work.necessity.compared = Some(self.work.necessity.marks.clone());
            }
            LabAction::SetMeasure(measure, chosen) => {
                if chosen {
                    self.work.measures.insert(measure);
                } else {
                    self.work.measures.remove(&measure);
                }
            }
            LabAction::SetConsultation(needed) => self.work.consultation = needed,
            LabAction::StartExercise(id) => {
                if id.is_empty() {
                    self.tracker.start_exercise(None::<&LabExercise>);
                } else {
                    match find_exercise(EXERCISES, &id) {
                        Some(exercise) => self.tracker.start_exercise(Some(exercise)),
                        None => self.refuse(format!("There is no exercise `{id}`.")),
                    }
                }
            }
            LabAction::ShowHint => self.tracker.show_hint(),
            LabAction::ResetExercise => self.reset_exercise(),
            LabAction::Restore(loaded) => {
                let (own, privacy) = *loaded;
                let (prefilled, said) = prefill(privacy);
                let restored = self.gate.restore(own, |reason| {
                    format!("Your saved DPIA lab work could not be read ({reason}); the lab starts afresh and will save over it.")
                });
                match restored {
                    Ok(Some(progress)) => {
                        self.tracker.restore_completed(progress.completed, |id| find_exercise(EXERCISES, id).is_some());
                        match progress.work.map(|work| work.check().map(|()| work)) {
                            Some(Ok(work)) => {
                                self.origin = work.processing.clone();
                                self.work = work;
                            }
                            Some(Err(reason)) => {
                                self.refuse(format!(
                                    "Your saved assessment could not be used ({reason}). {}",
                                    said.text
                                ));
                                self.origin = prefilled.clone();
                                self.work.processing = prefilled;
                            }
                            None => {
                                self.origin = prefilled.clone();
                                self.work.processing = prefilled;
                            }
                        }
                        if let Some(exercise) = progress.exercise.as_deref().and_then(|id| find_exercise(EXERCISES, id))
                        {
                            self.tracker.start_exercise(Some(exercise));
                        }
                    }
                    Ok(None) => {
                        self.origin = prefilled.clone();
                        self.work.processing = prefilled;
                        self.notice = Some(said);
                    }
                    Err(notice) => {
                        self.origin = prefilled.clone();
                        self.work.processing = prefilled;
                        self.notice = Some(Notice::error(format!("{} {}", notice.text, said.text)));
                    }
                }
            }
            LabAction::Import(text) => match Work::import_json(&text) {
                Ok(work) => {
                    self.origin = work.processing.clone();
                    self.work = work;
                    self.notice = Some(Notice::info("The assessment was imported."));
                }
                Err(reason) => self.refuse(format!("Nothing was imported: {reason}.")),
            },
            LabAction::Refuse(text) => self.refuse(text),
            LabAction::Dismiss => self.notice = None,
        }
        self.tracker.check(EXERCISES, &self.work);
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
    use crate::processing::Policy;

    fn run(state: LabState, actions: Vec<LabAction>) -> LabState {
        actions.into_iter().fold(Rc::new(state), |state, action| state.reduce(action)).as_ref().clone()
    }

    fn restore(own: Loaded<Progress>, privacy: Loaded<PrivacyLabProgress>) -> LabAction {
        LabAction::Restore(Box::new((own, privacy)))
    }

    #[test]
    fn a_student_decides_the_threshold_through_actions() {
        let state = run(
            LabState::new(Some("threshold-household")),
            vec![
                restore(Loaded::Missing, Loaded::Missing),
                LabAction::SetCriterion(Criterion::SystematicMonitoring, true),
                LabAction::SetCriterion(Criterion::SensitiveData, true),
                LabAction::SetCriterion(Criterion::LargeScale, true),
                LabAction::SetDecision("required".into()),
            ],
        );
        assert!(state.tracker.is_completed("threshold-household"), "{:?}", state.tracker.outcome());
        let saved = state.to_save().expect("touched");
        assert_eq!(saved.completed, vec!["threshold-household".to_owned()]);
        let toy = run(
            state,
            vec![LabAction::StartExercise("threshold-toy".into()), LabAction::SetScenario("connected-toy".into())],
        );
        assert!(toy.work.threshold.criteria.is_empty(), "another scenario starts a fresh analysis");
        let odd = run(toy, vec![LabAction::SetScenario("moon-base".into())]);
        assert!(odd.notice.as_ref().is_some_and(|notice| notice.error && notice.text.contains("moon-base")));
        assert_eq!(odd.work.threshold.scenario, Scenario::ConnectedToy);
    }

    #[test]
    fn the_description_starts_from_the_privacy_labs_policy_and_says_so() {
        let policy = Policy { energy: Resolution::Daily, ..Policy::default() };
        let state = run(
            LabState::new(None),
            vec![restore(Loaded::Missing, Loaded::Found(PrivacyLabProgress { policy: Some(policy.clone()) }))],
        );
        assert_eq!(state.work.processing.policy, policy);
        assert!(state.notice.as_ref().is_some_and(|notice| !notice.error && notice.text.contains("privacy lab")));
        assert_eq!(state.to_save(), None, "reading prefilled data saves nothing");
        let absent = run(LabState::new(None), vec![restore(Loaded::Missing, Loaded::Corrupt("bad".into()))]);
        assert_eq!(absent.work.processing, Processing::default());
        assert!(absent.notice.as_ref().is_some_and(|notice| notice.text.contains("could not be read (bad)")));
    }

    #[test]
    fn saved_work_wins_over_the_privacy_lab_and_corrupt_work_is_reported() {
        let mut work = Work::default();
        work.processing.policy.retention_days = 3;
        let saved =
            Progress { completed: vec!["proportionate".into(), "retired".into()], exercise: None, work: Some(work) };
        let state = run(
            LabState::new(None),
            vec![restore(Loaded::Found(saved), Loaded::Found(PrivacyLabProgress { policy: Some(Policy::default()) }))],
        );
        assert_eq!(state.work.processing.policy.retention_days, 3);
        assert_eq!(state.tracker.completed_ids(), vec!["proportionate".to_owned()]);
        assert_eq!(state.to_save(), None, "what was read is not written back");
        let corrupt =
            run(LabState::new(None), vec![restore(Loaded::Corrupt("it has no version".into()), Loaded::Missing)]);
        assert!(
            corrupt.notice.as_ref().is_some_and(|notice| notice.error && notice.text.contains("it has no version"))
        );
        assert!(corrupt.to_save().is_some(), "unreadable progress is replaced, as the notice says");
    }

    #[test]
    fn bad_choices_and_bad_imports_change_nothing_and_say_why() {
        let state = run(LabState::new(None), vec![LabAction::SetRetention("2".into())]);
        let after = run(
            state.clone(),
            vec![
                LabAction::SetResolution(Channel::Temperature, "hourly".into()),
                LabAction::SetRetention("forever".into()),
                LabAction::SetBasis(Purpose::Billing, "because".into()),
                LabAction::Import("{\"lab\": \"dpia-lab\"}".into()),
            ],
        );
        assert_eq!(after.work, state.work);
        assert!(
            after.notice.as_ref().is_some_and(|notice| notice.error && notice.text.starts_with("Nothing was imported"))
        );
        let exported = state.work.export_json();
        let fresh = run(LabState::new(None), vec![LabAction::Import(exported)]);
        assert_eq!(fresh.work.processing.policy.retention_days, 2);
    }

    #[test]
    fn comparing_freezes_the_marks_and_a_change_of_description_asks_again() {
        let flags = Work::default().flags();
        let mut actions: Vec<LabAction> = flags.iter().map(|id| LabAction::SetMark(id.clone(), true)).collect();
        actions.push(LabAction::SetMark("not-a-question".into(), true));
        actions.push(LabAction::Compare);
        let state = run(LabState::new(Some("necessity-flags")), actions);
        assert!(state.tracker.is_completed("necessity-flags"), "{:?}", state.tracker.outcome());
        assert_eq!(state.work.necessity.compared.as_ref(), Some(&flags));
        let changed = run(state, vec![LabAction::SetResolution(Channel::Energy, "daily".into())]);
        assert_eq!(changed.work.necessity.compared, None);
        let reset = run(changed, vec![LabAction::ResetExercise]);
        assert!(reset.work.necessity.marks.is_empty() && reset.work.processing == Processing::default());
        assert!(reset.tracker.is_completed("necessity-flags"), "reset keeps what is done");
    }

    #[test]
    fn measures_and_consultation_are_recorded() {
        let state = run(
            LabState::new(Some("prior-consultation")),
            vec![
                LabAction::SetMeasure(Measure::Encryption, true),
                LabAction::SetMeasure(Measure::Consent, true),
                LabAction::SetMeasure(Measure::Consent, false),
                LabAction::SetConsultation(true),
                LabAction::SetPurpose(Purpose::Segments, true),
            ],
        );
        assert_eq!(state.work.measures.iter().copied().collect::<Vec<_>>(), vec![Measure::Encryption]);
        assert!(state.work.consultation && state.work.processing.choice(Purpose::Segments).enabled);
        let reset = run(state, vec![LabAction::ResetExercise]);
        assert!(reset.work.measures.is_empty() && !reset.work.consultation);
    }
}
