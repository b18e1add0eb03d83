//! The TLS lab's one reducer: the work ([`Work`]), the scenario being looked at and the prediction being written,
//! the last run (its transcript is not saved: a reload keeps what was observed, not the bytes), the enrolment
//! form, the exercise tracker, messages and the save gate. Storage and downloads are effects in the components.

use std::rc::Rc;

use lab_kit::{ExerciseTracker, Notice, SaveGate, find_exercise};
use lab_storage::Loaded;
use onem2m_cse::Cse;
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::enrolment::{make_request, new_cse, register, sign_request};
use crate::exercises::{ATTACK_SCENARIOS, CERTIFICATE_SCENARIOS, EXERCISES, LabExercise};
use crate::pki::{Pki, lab_now};
use crate::scenarios::{Aborts, PREDICTABLE_ALERTS, Run, SCENARIOS, find_scenario, run_scenario};
use crate::work::{MAX_REGISTRATIONS, Prediction, Work};

/// The version of what the lab stores in the browser.
pub const PROGRESS_VERSION: u32 = 1;

/// What is saved: the exercises done, the exercise being worked on, and the work.
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
    /// The scenario shown.
    pub scenario: &'static str,
    /// The prediction being written for it.
    pub draft_aborts: Option<Aborts>,
    pub draft_alert: Option<u8>,
    pub prediction_error: Option<String>,
    /// The last handshake run, shown in full.
    pub last_run: Option<(&'static str, Rc<Run>)>,
    /// The enrolment form.
    pub originator: String,
    pub originator_error: Option<String>,
    pub claimed: String,
    pub tracker: ExerciseTracker,
    pub notice: Option<Notice>,
    pub gate: SaveGate,
}

#[derive(Debug)]
pub enum LabAction {
    ChooseScenario(String),
    PredictAborts(String),
    PredictAlert(String),
    CommitPrediction,
    RunScenario,
    SetOriginator(String),
    MakeRequest,
    SignRequest,
    SetClaimed(String),
    Register,
    StartExercise(String),
    ShowHint,
    ResetExercise,
    Restore(Box<Loaded<Progress>>),
    Import(String),
    Refuse(String),
    Dismiss,
}

impl LabState {
    pub fn new(exercise: Option<&str>) -> Self {
        let mut state = LabState {
            work: Work::default(),
            scenario: SCENARIOS[0].id,
            draft_aborts: None,
            draft_alert: None,
            prediction_error: None,
            last_run: None,
            originator: "Cplug-17".to_owned(),
            originator_error: None,
            claimed: "Cplug-17".to_owned(),
            tracker: ExerciseTracker::default(),
            notice: None,
            gate: SaveGate::default(),
        };
        state.tracker.start_exercise(exercise.and_then(|id| find_exercise(EXERCISES, id)));
        state.follow_exercise();
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

    /// The prediction committed for the scenario shown.
    pub fn prediction(&self) -> Option<&Prediction> {
        self.work.predictions.get(self.scenario)
    }

    /// Opening an exercise shows its first scenario.
    fn follow_exercise(&mut self) {
        let first = match self.tracker.current() {
            Some("observe-handshake") => Some("baseline"),
            Some("predict-certificate-failures") => CERTIFICATE_SCENARIOS.first().copied(),
            Some("predict-attacks") => ATTACK_SCENARIOS.first().copied(),
            _ => None,
        };
        if let Some(scenario) = first.and_then(find_scenario) {
            self.show_scenario(scenario.id);
        }
    }

    fn show_scenario(&mut self, id: &'static str) {
        self.scenario = id;
        let committed = self.work.predictions.get(id).copied();
        self.draft_aborts = committed.map(|prediction| prediction.aborts);
        self.draft_alert = committed.map(|prediction| prediction.alert);
        self.prediction_error = None;
    }

    fn pki(&mut self) -> Result<Pki, String> {
        if let Some(pki) = &self.work.pki {
            return Ok(pki.clone());
        }
        let pki = Pki::generate().map_err(|reason| format!("The PKI could not be made: {reason}"))?;
        self.work.pki = Some(pki.clone());
        Ok(pki)
    }

    fn run_scenario(&mut self) {
        let Some(scenario) = find_scenario(self.scenario) else { return };
        if scenario.predicted && self.prediction().is_none() {
            self.prediction_error = Some("Commit your prediction before running the handshake.".to_owned());
            return;
        }
        let pki = match self.pki() {
            Ok(pki) => pki,
            Err(reason) => return self.notice = Some(Notice::error(reason)),
        };
        match run_scenario(scenario, &pki, lab_now()) {
            Ok(run) => {
                self.work.observations.insert(scenario.id.to_owned(), run.observation.clone());
                self.last_run = Some((scenario.id, Rc::new(run)));
            }
            Err(reason) => {
                self.notice = Some(Notice::error(format!("The handshake could not be set up: {}", reason.0)))
            }
        }
    }

    fn commit_prediction(&mut self) {
        let Some(scenario) = find_scenario(self.scenario).filter(|scenario| scenario.predicted) else { return };
        if self.work.observations.contains_key(scenario.id) && self.work.predictions.contains_key(scenario.id) {
            self.prediction_error = Some("Already run: reset the exercise to predict again.".to_owned());
            return;
        }
        let (Some(aborts), Some(alert)) = (self.draft_aborts, self.draft_alert) else {
            self.prediction_error = Some("Choose who aborts and which alert the other side receives.".to_owned());
            return;
        };
        if (aborts == Aborts::Nobody) != (alert == 0) {
            self.prediction_error = Some(if aborts == Aborts::Nobody {
                "If nobody aborts, no alert is sent: choose “no alert”.".to_owned()
            } else {
                "A side that aborts sends an alert: choose which.".to_owned()
            });
            return;
        }
        self.work.predictions.insert(scenario.id.to_owned(), Prediction { aborts, alert });
        self.prediction_error = None;
    }

    fn make_request(&mut self) {
        let originator = self.originator.trim().to_owned();
        if let Err(reason) = crate::enrolment::check_originator(&originator) {
            self.originator_error = Some(reason);
            return;
        }
        if let Err(reason) = self.pki() {
            return self.notice = Some(Notice::error(reason));
        }
        match make_request(&originator) {
            Ok(request) => {
                self.work.device = Some(request);
                self.work.issued = None;
                self.claimed = originator;
            }
            Err(reason) => self.originator_error = Some(reason),
        }
    }

    fn sign_request(&mut self) {
        let (Some(pki), Some(device)) = (self.work.pki.clone(), self.work.device.clone()) else {
            return self.notice = Some(Notice::error("Make the device's key pair and CSR first."));
        };
        match sign_request(&pki, &device.csr_pem) {
            Ok(issued) => {
                self.work.bindings.insert(issued.fingerprint.clone(), issued.originator.clone());
                self.work.issued = Some(issued);
            }
            Err(reason) => self.notice = Some(Notice::error(reason)),
        }
    }

    fn register(&mut self) {
        let (Some(pki), Some(device), Some(issued)) =
            (self.work.pki.clone(), self.work.device.clone(), self.work.issued.clone())
        else {
            return self.notice = Some(Notice::error("Enrol the device first: its CSR must be signed."));
        };
        if self.work.registrations.len() >= MAX_REGISTRATIONS {
            return self.notice = Some(Notice::error("Enough registrations are kept; reset the exercise."));
        }
        let mut cse = match &self.work.cse_snapshot {
            Some(snapshot) => Cse::restore(snapshot).unwrap_or_else(|_| new_cse()),
            None => new_cse(),
        };
        let claimed = self.claimed.trim().to_owned();
        match register(
            &pki,
            &self.work.bindings,
            &mut cse,
            &issued.certificate_pem,
            &device.key_pem,
            &claimed,
            lab_now(),
        ) {
            Ok(registration) => {
                self.work.registrations.push(registration);
                self.work.cse_snapshot = Some(cse.snapshot());
            }
            Err(reason) => {
                self.notice = Some(Notice::error(format!("The handshake could not be set up: {}", reason.0)))
            }
        }
    }

    fn reset_exercise(&mut self) {
        match self.tracker.current() {
            Some("observe-handshake") => {
                self.work.observations.remove("baseline");
                self.work.observations.remove("mutual");
            }
            Some("predict-certificate-failures") | Some("predict-attacks") => {
                let ids = if self.tracker.current() == Some("predict-attacks") {
                    ATTACK_SCENARIOS
                } else {
                    CERTIFICATE_SCENARIOS
                };
                for id in ids {
                    self.work.predictions.remove(*id);
                    self.work.observations.remove(*id);
                }
            }
            Some("enrol-device") | Some("register-device") => {
                self.work.device = None;
                self.work.issued = None;
                self.work.bindings.clear();
                self.work.registrations.clear();
                self.work.cse_snapshot = None;
                self.originator = "Cplug-17".to_owned();
                self.claimed = "Cplug-17".to_owned();
            }
            _ => {}
        }
        self.last_run = None;
        self.show_scenario(self.scenario);
        self.tracker.reset();
    }

    fn apply(&mut self, action: LabAction) {
        if !matches!(action, LabAction::Restore(_) | LabAction::Dismiss | LabAction::ShowHint | LabAction::Refuse(_)) {
            self.gate.touch();
        }
        match action {
            LabAction::ChooseScenario(id) => {
                if let Some(scenario) = find_scenario(&id) {
                    self.show_scenario(scenario.id);
                }
            }
            LabAction::PredictAborts(key) => {
                self.draft_aborts = Aborts::from_key(&key);
                self.prediction_error = None;
            }
            LabAction::PredictAlert(code) => {
                self.draft_alert = code.parse().ok().filter(|code| PREDICTABLE_ALERTS.contains(code));
                self.prediction_error = None;
            }
            LabAction::CommitPrediction => self.commit_prediction(),
            LabAction::RunScenario => self.run_scenario(),
            LabAction::SetOriginator(text) => {
                self.originator = text.chars().take(64).collect();
                self.originator_error = None;
            }
            LabAction::MakeRequest => self.make_request(),
            LabAction::SignRequest => self.sign_request(),
            LabAction::SetClaimed(text) => self.claimed = text.chars().take(64).collect(),
            LabAction::Register => self.register(),
            LabAction::StartExercise(id) => {
                self.tracker.start_exercise(find_exercise(EXERCISES, &id));
                self.follow_exercise();
            }
            LabAction::ShowHint => self.tracker.show_hint(),
            LabAction::ResetExercise => self.reset_exercise(),
            LabAction::Restore(loaded) => {
                match self.gate.restore(*loaded, |reason| {
                    format!("Your saved TLS lab work could not be read ({reason}); the lab starts afresh.")
                }) {
                    Ok(Some(progress)) => {
                        self.tracker.restore_completed(progress.completed, |id| find_exercise(EXERCISES, id).is_some());
                        if let Some(work) = progress.work.filter(|work| work.check().is_ok()) {
                            self.work = work;
                        }
                        if let Some(exercise) = progress.exercise.as_deref().and_then(|id| find_exercise(EXERCISES, id))
                        {
                            self.tracker.start_exercise(Some(exercise));
                            self.follow_exercise();
                        }
                        self.show_scenario(self.scenario);
                    }
                    Ok(None) => {}
                    Err(notice) => self.notice = Some(notice),
                }
            }
            LabAction::Import(text) => match Work::import_json(&text) {
                Ok(work) => {
                    self.work = work;
                    self.last_run = None;
                    self.show_scenario(self.scenario);
                    self.notice = Some(Notice::info("The work was imported."));
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

    fn predict_and_run(id: &str, aborts: &str, alert: &str) -> Vec<LabAction> {
        vec![
            LabAction::ChooseScenario(id.into()),
            LabAction::PredictAborts(aborts.into()),
            LabAction::PredictAlert(alert.into()),
            LabAction::CommitPrediction,
            LabAction::RunScenario,
        ]
    }

    #[test]
    fn a_student_predicts_and_runs_the_certificate_failures_and_a_wrong_prediction_is_graded() {
        let mut actions = vec![LabAction::ChooseScenario("expired".into()), LabAction::RunScenario];
        actions.extend(predict_and_run("expired", "client", "45"));
        actions.extend(predict_and_run("wrong-name", "server", "42"));
        actions.extend(predict_and_run("untrusted-root", "client", "48"));
        let state = run(LabState::new(Some("predict-certificate-failures")), actions);
        assert!(state.work.observations.contains_key("expired"), "ran once the prediction was committed");
        let outcome = state.tracker.outcome().expect("checked");
        assert!(!outcome.passed && outcome.feedback.contains("missing"), "{}", outcome.feedback);
        let state = run(state, predict_and_run("missing-intermediate", "client", "48"));
        let outcome = state.tracker.outcome().expect("checked");
        assert!(outcome.passed, "{}", outcome.feedback);
        assert!(outcome.feedback.starts_with("3 of 4"), "{}", outcome.feedback);
        assert!(outcome.feedback.contains("bad_certificate"), "says what happened instead: {}", outcome.feedback);
        assert!(state.tracker.is_completed("predict-certificate-failures"));
        let last = state.last_run.as_ref().expect("the last run is shown");
        assert_eq!(last.0, "missing-intermediate");
    }

    #[test]
    fn a_run_needs_a_committed_prediction_and_a_consistent_one() {
        let state =
            run(LabState::new(None), vec![LabAction::ChooseScenario("downgrade".into()), LabAction::RunScenario]);
        assert!(state.prediction_error.is_some() && state.work.observations.is_empty());
        let state = run(
            state,
            vec![
                LabAction::PredictAborts("nobody".into()),
                LabAction::PredictAlert("47".into()),
                LabAction::CommitPrediction,
            ],
        );
        assert!(state.prediction_error.as_deref().is_some_and(|error| error.contains("no alert")));
        let state = run(state, vec![LabAction::PredictAlert("999".into()), LabAction::CommitPrediction]);
        assert!(state.prediction_error.is_some(), "an unknown alert is no prediction");
        assert!(state.work.predictions.is_empty());
    }

    #[test]
    fn the_provisioning_exercises_are_solved_through_actions() {
        let state = run(
            LabState::new(Some("enrol-device")),
            vec![LabAction::SetOriginator("plug".into()), LabAction::MakeRequest],
        );
        assert!(state.originator_error.is_some() && state.work.device.is_none());
        let state = run(
            state,
            vec![LabAction::SetOriginator("Cplug-17".into()), LabAction::MakeRequest, LabAction::SignRequest],
        );
        assert!(state.tracker.outcome().is_some_and(|outcome| outcome.passed), "{:?}", state.tracker.outcome());
        let state = run(
            state,
            vec![
                LabAction::StartExercise("register-device".into()),
                LabAction::Register,
                LabAction::SetClaimed("Cgateway-01".into()),
                LabAction::Register,
            ],
        );
        assert_eq!(
            state.work.registrations.iter().map(|registration| registration.rsc).collect::<Vec<_>>(),
            [Some(2001), Some(4103)]
        );
        assert!(state.tracker.is_completed("register-device") && state.tracker.is_completed("enrol-device"));
        assert!(state.work.cse_snapshot.is_some());
        // the CSE keeps the AE across registrations: the same originator again is refused as already registered (4117)
        let again = run(state, vec![LabAction::SetClaimed("Cplug-17".into()), LabAction::Register]);
        assert_eq!(again.work.registrations.last().and_then(|registration| registration.rsc), Some(4117));
    }

    #[test]
    fn saved_progress_restores_and_corrupt_progress_is_reported() {
        let solved = run(
            LabState::new(Some("observe-handshake")),
            vec![LabAction::RunScenario, LabAction::ChooseScenario("mutual".into()), LabAction::RunScenario],
        );
        assert!(solved.tracker.is_completed("observe-handshake"));
        let saved = solved.to_save();
        assert!(saved.is_none(), "nothing is saved before the saved progress was read");
        let progress = solved.progress();
        let restored = run(LabState::new(None), vec![LabAction::Restore(Box::new(Loaded::Found(progress.clone())))]);
        assert!(restored.tracker.is_completed("observe-handshake"));
        assert_eq!(restored.work, progress.work.expect("work"));
        assert_eq!(restored.to_save(), None, "what was read is not written back");
        let corrupt = run(LabState::new(None), vec![LabAction::Restore(Box::new(Loaded::Corrupt("not JSON".into())))]);
        assert!(corrupt.notice.as_ref().is_some_and(|notice| notice.text.contains("could not be read")));
        assert!(corrupt.to_save().is_some(), "the lab saves over what it could not read");
    }

    #[test]
    fn a_bad_import_changes_nothing_and_says_why() {
        let state = run(LabState::new(None), vec![LabAction::RunScenario]);
        let before = state.work.clone();
        let after = run(state, vec![LabAction::Import("{\"format\": \"iot-book/tls-lab\"}".into())]);
        assert_eq!(after.work, before);
        assert!(after.notice.as_ref().is_some_and(|notice| notice.text.starts_with("Nothing was imported")));
    }
}
