//! The anonymisation lab's one reducer: the setup ([`Work`]), the query form's draft, the exercise tracker,
//! messages and the save gate. Pure: storage and downloads are effects in the components.

use std::rc::Rc;

use lab_kit::{ExerciseTracker, Notice, SaveGate, find_exercise};
use lab_storage::Loaded;
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::exercises::{EXERCISES, LabExercise};
use crate::neighbourhood::{Heating, POSTCODES, Routine};
use crate::privacy::{DEFAULT_BUDGET, Filter, Ledger, Query, Statistic};
use crate::pseudonyms::Scheme;
use crate::work::{MAX_QUERIES, Work, attack, households};

/// The version of what the lab stores in the browser.
pub const PROGRESS_VERSION: u32 = 1;

/// What is saved: the exercises done, the exercise being worked on, and the setup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub completed: Vec<String>,
    #[serde(default)]
    pub exercise: Option<String>,
    #[serde(default)]
    pub work: Option<Work>,
}

/// A quasi-identifier whose generalisation level the student sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quasi {
    Postcode,
    Size,
    Heating,
}

/// A field of the query form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftField {
    Statistic,
    Postcode,
    Size,
    Heating,
    Routine,
    Epsilon,
}

/// The query being written, as the form shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub statistic: Statistic,
    pub filter: Filter,
    pub epsilon: String,
    pub epsilon_error: Option<String>,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            statistic: Statistic::Count,
            filter: Filter::everyone(),
            epsilon: "0.3".to_owned(),
            epsilon_error: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    pub work: Work,
    pub draft: Draft,
    /// The prediction being typed (committed into the work).
    pub prediction_text: String,
    pub prediction_error: Option<String>,
    /// Why the suppression field was not taken, shown at the field.
    pub suppress_error: Option<String>,
    pub tracker: ExerciseTracker,
    pub notice: Option<Notice>,
    pub gate: SaveGate,
}

#[derive(Debug)]
pub enum LabAction {
    SetLevel(Quasi, String),
    SetSuppression(String),
    SetDraft(DraftField, String),
    Ask,
    ResetLedger,
    /// Runs the differencing attack: "" for exact answers, else the epsilon.
    Attack(String),
    SetScheme(String),
    SetPrediction(String),
    CommitPrediction,
    BruteForce,
    StartExercise(String),
    ShowHint,
    ResetExercise,
    Restore(Box<Loaded<Progress>>),
    Import(String),
    Refuse(String),
    Dismiss,
}

fn parse_epsilon(text: &str) -> Result<f64, String> {
    let value: f64 =
        text.trim().parse().map_err(|_| format!("“{}” is not a number; write ε as e.g. 0.25", text.trim()))?;
    if value.is_finite() && value > 0.0 && value <= 10.0 {
        Ok(value)
    } else {
        Err("ε must be above 0 and at most 10".to_owned())
    }
}

impl LabState {
    pub fn new(exercise: Option<&str>) -> Self {
        let mut state = LabState {
            work: Work::default(),
            draft: Draft::default(),
            prediction_text: String::new(),
            prediction_error: None,
            suppress_error: None,
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

    fn reset_exercise(&mut self) {
        if let Some(exercise) = self.exercise() {
            let fresh = Work::default();
            match exercise.id {
                "k-anonymity" | "l-diversity" => self.work.generalisation = fresh.generalisation,
                "query-budget" => self.work.ledger = fresh.ledger,
                "differencing" => self.work.attacks.clear(),
                _ => {
                    self.work.prediction = None;
                    self.work.brute_plain = None;
                    self.work.brute_keyed = None;
                    self.work.scheme = Scheme::PlainHash;
                    self.prediction_text.clear();
                }
            }
        }
        self.tracker.reset();
    }

    fn set_draft(&mut self, field: DraftField, value: String) {
        let filter = &mut self.draft.filter;
        match field {
            DraftField::Statistic => {
                self.draft.statistic = if value == "average" { Statistic::AverageWeeklyKwh } else { Statistic::Count }
            }
            DraftField::Postcode => {
                filter.postcode =
                    POSTCODES.iter().find(|postcode| **postcode == value).map(|postcode| (*postcode).to_owned())
            }
            DraftField::Size => filter.size = value.parse().ok().filter(|size| (1..=6).contains(size)),
            DraftField::Heating => {
                filter.heating = Heating::ALL.into_iter().find(|heating| format!("{heating:?}") == value)
            }
            DraftField::Routine => {
                filter.routine = Routine::ALL.into_iter().find(|routine| format!("{routine:?}") == value)
            }
            DraftField::Epsilon => {
                self.draft.epsilon = value.chars().take(16).collect();
                self.draft.epsilon_error = None;
            }
        }
    }

    fn apply(&mut self, action: LabAction) {
        if !matches!(action, LabAction::Restore(_) | LabAction::Dismiss | LabAction::ShowHint | LabAction::Refuse(_)) {
            self.gate.touch();
        }
        match action {
            LabAction::SetLevel(quasi, text) => {
                if let Ok(level) = text.parse::<u8>() {
                    let mut generalisation = self.work.generalisation;
                    match quasi {
                        Quasi::Postcode => generalisation.postcode = level,
                        Quasi::Size => generalisation.size = level,
                        Quasi::Heating => generalisation.heating = level,
                    }
                    if generalisation.check().is_ok() {
                        self.work.generalisation = generalisation;
                    }
                }
            }
            LabAction::SetSuppression(text) => {
                let mut generalisation = self.work.generalisation;
                // an emptied field means no suppression
                let text = if text.trim().is_empty() { "0" } else { text.trim() };
                self.suppress_error = match text.parse::<u8>() {
                    Ok(below) => {
                        generalisation.suppress_below = below;
                        match generalisation.check() {
                            Ok(()) => {
                                self.work.generalisation = generalisation;
                                None
                            }
                            Err(reason) => Some(format!("Suppression unchanged: {reason}.")),
                        }
                    }
                    Err(_) => Some(format!(
                        "Suppression unchanged: “{text}” is not a whole number of households from 0 to 50."
                    )),
                };
            }
            LabAction::SetDraft(field, value) => self.set_draft(field, value),
            LabAction::Ask => match parse_epsilon(&self.draft.epsilon) {
                Err(reason) => self.draft.epsilon_error = Some(reason),
                Ok(_) if self.work.ledger.answers.len() >= MAX_QUERIES => {
                    self.notice =
                        Some(Notice::error(format!("The ledger keeps at most {MAX_QUERIES} queries; reset it.")))
                }
                Ok(epsilon) => {
                    let query = Query { statistic: self.draft.statistic, filter: self.draft.filter.clone(), epsilon };
                    if let Err(reason) = self.work.ledger.ask(households(), query) {
                        self.draft.epsilon_error = Some(format!("Not answered: {reason}."));
                    }
                }
            },
            LabAction::ResetLedger => {
                let seed = self.work.ledger.seed.wrapping_add(1000);
                self.work.ledger = Ledger::new(DEFAULT_BUDGET, seed);
            }
            LabAction::Attack(text) => {
                let epsilon = if text.is_empty() { Ok(None) } else { parse_epsilon(&text).map(Some) };
                match epsilon.and_then(attack) {
                    Ok(run) if self.work.attacks.len() < MAX_QUERIES => self.work.attacks.push(run),
                    Ok(_) => self.notice = Some(Notice::error("Enough attack runs are kept; reset the exercise.")),
                    Err(reason) => self.notice = Some(Notice::error(reason)),
                }
            }
            LabAction::SetScheme(key) => {
                self.work.scheme = if key == "hmac" { Scheme::KeyedHmac } else { Scheme::PlainHash };
            }
            LabAction::SetPrediction(text) => {
                self.prediction_text = text.chars().take(12).collect();
                self.prediction_error = None;
            }
            LabAction::CommitPrediction => match self.prediction_text.trim().parse::<usize>() {
                Ok(count) => self.work.prediction = Some(count),
                Err(_) => {
                    self.prediction_error =
                        Some("Write how many pseudonyms you expect reversed, a whole number.".into())
                }
            },
            LabAction::BruteForce => self.work.brute_force(),
            LabAction::StartExercise(id) => {
                self.tracker.start_exercise(find_exercise(EXERCISES, &id));
            }
            LabAction::ShowHint => self.tracker.show_hint(),
            LabAction::ResetExercise => self.reset_exercise(),
            LabAction::Restore(loaded) => {
                match self.gate.restore(*loaded, |reason| {
                    format!("Your saved anonymisation lab work could not be read ({reason}); the lab starts afresh.")
                }) {
                    Ok(Some(progress)) => {
                        self.tracker.restore_completed(progress.completed, |id| find_exercise(EXERCISES, id).is_some());
                        if let Some(work) = progress.work.filter(|work| work.check().is_ok()) {
                            self.prediction_text = work.prediction.map(|count| count.to_string()).unwrap_or_default();
                            self.work = work;
                        }
                        if let Some(exercise) = progress.exercise.as_deref().and_then(|id| find_exercise(EXERCISES, id))
                        {
                            self.tracker.start_exercise(Some(exercise));
                        }
                    }
                    Ok(None) => {}
                    Err(notice) => self.notice = Some(notice),
                }
            }
            LabAction::Import(text) => match Work::import_json(&text) {
                Ok(work) => {
                    self.prediction_text = work.prediction.map(|count| count.to_string()).unwrap_or_default();
                    self.work = work;
                    self.notice = Some(Notice::info("The setup was imported."));
                }
                Err(reason) => self.notice = Some(Notice::error(format!("Nothing was imported: {reason}."))),
            },
            LabAction::Refuse(text) => self.notice = Some(Notice::error(text)),
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

    fn run(state: LabState, actions: Vec<LabAction>) -> LabState {
        actions.into_iter().fold(Rc::new(state), |state, action| state.reduce(action)).as_ref().clone()
    }

    #[test]
    fn a_student_solves_the_query_set_through_actions_and_bad_epsilons_are_explained() {
        let mut actions = vec![
            LabAction::Restore(Box::new(Loaded::Missing)),
            LabAction::SetDraft(DraftField::Epsilon, "abc".into()),
            LabAction::Ask,
        ];
        let state = run(LabState::new(Some("query-budget")), std::mem::take(&mut actions));
        assert!(state.draft.epsilon_error.as_deref().is_some_and(|error| error.contains("not a number")));
        assert!(state.work.ledger.answers.is_empty());
        let state = run(
            state,
            vec![
                LabAction::SetDraft(DraftField::Epsilon, "0.3".into()),
                LabAction::SetDraft(DraftField::Heating, "HeatPump".into()),
                LabAction::Ask,
                LabAction::SetDraft(DraftField::Heating, String::new()),
                LabAction::SetDraft(DraftField::Postcode, "2612".into()),
                LabAction::Ask,
                LabAction::SetDraft(DraftField::Postcode, String::new()),
                LabAction::SetDraft(DraftField::Routine, "HomeAllDay".into()),
                LabAction::Ask,
            ],
        );
        assert_eq!(state.work.ledger.answers.len(), 3);
        assert!(state.tracker.is_completed("query-budget"));
        let state = run(state, vec![LabAction::Ask]);
        assert!(state.draft.epsilon_error.as_deref().is_some_and(|error| error.contains("refuses")));
        assert_eq!(state.to_save().and_then(|progress| progress.work).map(|work| work.ledger.answers.len()), Some(3));
    }

    #[test]
    fn levels_and_suppression_outside_their_range_change_nothing() {
        let state = run(
            LabState::new(None),
            vec![
                LabAction::SetLevel(Quasi::Postcode, "2".into()),
                LabAction::SetLevel(Quasi::Heating, "9".into()),
                LabAction::SetSuppression("lots".into()),
            ],
        );
        assert_eq!(state.work.generalisation.postcode, 2);
        assert_eq!(state.work.generalisation.heating, 0);
        assert!(state.suppress_error.as_deref().is_some_and(|error| error.contains("“lots”")), "said at the field");
        let state = run(state, vec![LabAction::SetSuppression("51".into())]);
        assert!(state.suppress_error.as_deref().is_some_and(|error| error.contains("nearly everything")));
        let state = run(state, vec![LabAction::SetSuppression("5".into())]);
        assert_eq!((state.work.generalisation.suppress_below, state.suppress_error), (5, None));
        let html = lab_kit::testing::render::<crate::components::anonymisation_lab::AnonymisationLab>(
            crate::components::anonymisation_lab::AnonymisationLabProps { exercise: None },
        );
        assert!(!html.contains("aria-invalid"), "the lab starts with no invalid field");
    }

    #[test]
    fn saved_progress_restores_and_corrupt_progress_is_reported() {
        let solved = run(
            LabState::new(Some("differencing")),
            vec![
                LabAction::Restore(Box::new(Loaded::Missing)),
                LabAction::Attack(String::new()),
                LabAction::Attack("0.1".into()),
            ],
        );
        assert!(solved.tracker.is_completed("differencing"));
        let progress = solved.to_save().expect("touched");
        let restored = run(LabState::new(None), vec![LabAction::Restore(Box::new(Loaded::Found(progress)))]);
        assert!(restored.tracker.is_completed("differencing"));
        assert_eq!(restored.work.attacks.len(), 2);
        assert_eq!(restored.to_save(), None, "what was read is not written back");
        let corrupt = run(LabState::new(None), vec![LabAction::Restore(Box::new(Loaded::Corrupt("bad".into())))]);
        assert!(corrupt.notice.as_ref().is_some_and(|notice| notice.error && notice.text.contains("bad")));
    }

    #[test]
    fn a_bad_import_changes_nothing_and_says_why() {
        let state = run(LabState::new(None), vec![LabAction::SetLevel(Quasi::Size, "2".into())]);
        let after = run(state.clone(), vec![LabAction::Import("{\"lab\": 3}".into())]);
        assert_eq!(after.work, state.work);
        assert!(
            after.notice.as_ref().is_some_and(|notice| notice.error && notice.text.starts_with("Nothing was imported"))
        );
        let exported = after.work.export_json();
        let fresh = run(LabState::new(None), vec![LabAction::Import(exported)]);
        assert_eq!(fresh.work.generalisation.size, 2);
    }

    #[test]
    fn the_hash_exercise_is_solved_by_predicting_and_brute_forcing_both_schemes() {
        let state = run(
            LabState::new(Some("hash-not-pseudonym")),
            vec![LabAction::SetPrediction("many".into()), LabAction::CommitPrediction],
        );
        assert!(state.prediction_error.is_some() && state.work.prediction.is_none());
        let state = run(
            state,
            vec![
                LabAction::SetPrediction("3".into()),
                LabAction::CommitPrediction,
                LabAction::BruteForce,
                LabAction::SetScheme("hmac".into()),
                LabAction::BruteForce,
            ],
        );
        assert!(state.tracker.is_completed("hash-not-pseudonym"), "{:?}", state.tracker.outcome());
        let reset = run(state, vec![LabAction::ResetExercise]);
        assert_eq!((reset.work.prediction, reset.work.brute_plain.is_none()), (None, true));
    }
}
