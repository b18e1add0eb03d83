//! The widget's one reducer: the lab (devices, IPE, CSE, application) with the student's query, the mapping
//! editor's text, the exercise tracker, the message above the lab and the save gate. Pure: storage is an effect in
//! the root component.

use std::rc::Rc;

use lab_kit::{ExerciseTracker, Notice, SaveGate, Shared, find_exercise};
use lab_storage::Loaded;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use yew::prelude::*;

use crate::exercises::{EXERCISES, Work};
use crate::ipe::{DiscoveryAnswer, Interworking};
use crate::mapping::{Mapping, MappingError};

/// The version of the saved progress.
pub const PROGRESS_VERSION: u32 = 1;

/// The query the discovery panel starts with (finds only interworked devices).
pub const STARTING_QUERY: &str = "PREFIX base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#>
SELECT ?device WHERE { ?device a base:InterworkedDevice }";

/// What an Update from the dashboard can lead to, for "predict, then observe": (key, words).
pub const OUTCOMES: &[(&str, &str)] = &[
    ("follows", "the device follows the Update"),
    ("device-refuses", "the CSE accepts, the device refuses, and the IPE puts its real value back"),
    ("cse-refuses", "the CSE refuses the Update"),
];

fn outcome_words(key: &str) -> &'static str {
    OUTCOMES.iter().find(|(k, _)| *k == key).map(|(_, words)| *words).unwrap_or("nothing")
}

/// What the lab keeps in browser storage (and exports): the exercises done, the mapping applied, the query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub completed: Vec<String>,
    /// The applied mapping, as exported (`interworking-mapping/1`).
    pub mapping: String,
    pub query: String,
}

/// The lab's state.
#[derive(Debug, Clone)]
pub struct LabState {
    pub work: Shared<Work>,
    /// The mapping editor's text (applied or not).
    pub editor: String,
    pub editor_error: Option<MappingError>,
    pub discovery: Option<DiscoveryAnswer>,
    /// The application's last response, as JSON text.
    pub response: Option<String>,
    /// What the reader predicts the next Update will do (a key of [`OUTCOMES`]), if anything.
    pub prediction: Option<String>,
    /// A value field that could not be read: (field, why).
    pub field_error: Option<(&'static str, String)>,
    pub tracker: ExerciseTracker,
    pub notice: Option<Notice>,
    pub gate: SaveGate,
}

/// What the views ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum LabAction {
    EditMapping(String),
    ApplyMapping,
    /// Back to the naive mapping (in the editor and applied).
    ResetMapping,
    /// The sensor of `device`'s `unit` now measures the typed value.
    Sense {
        device: String,
        unit: String,
        value: String,
    },
    PressButton(String),
    Execute {
        device: String,
        unit: String,
        command: u32,
    },
    Retrieve(String),
    Subscribe(String),
    Update {
        path: String,
        attribute: String,
        value: String,
    },
    /// The reader's prediction for the next Update (empty: none).
    Predict(String),
    EditQuery(String),
    RunQuery,
    StartExercise(String),
    ShowHint,
    ResetExercise,
    Restore(Box<Loaded<Progress>>),
    Import(String),
    Refuse(String),
    Dismiss,
}

fn new_lab(mapping: Mapping) -> Interworking {
    Interworking::new(crate::MATCHER, mapping)
}

impl LabState {
    pub fn new(exercise: Option<&str>) -> Self {
        let mapping = Mapping::naive();
        let mut state = LabState {
            editor: mapping.to_json(),
            work: Shared::new(Work { lab: new_lab(mapping), query: STARTING_QUERY.to_owned() }),
            editor_error: None,
            discovery: None,
            response: None,
            prediction: None,
            field_error: None,
            tracker: ExerciseTracker::default(),
            notice: None,
            gate: SaveGate::default(),
        };
        state.tracker.start_exercise(exercise.and_then(|id| find_exercise(EXERCISES, id)));
        state
    }

    pub fn progress(&self) -> Progress {
        Progress {
            completed: self.tracker.completed_ids(),
            mapping: self.work.lab.mapping.to_json(),
            query: self.work.query.clone(),
        }
    }

    /// What the save effect writes: nothing until saved progress was read and the reader did something.
    pub fn to_save(&self) -> Option<Progress> {
        self.gate.to_save(|| self.progress())
    }

    /// The exercise being worked on.
    pub fn exercise(&self) -> Option<&'static lab_kit::Exercise<Work>> {
        self.tracker.current().and_then(|id| find_exercise(EXERCISES, id))
    }

    /// Takes a progress (saved or imported) if its mapping reads; says why not otherwise.
    fn adopt(&mut self, progress: Progress) -> Result<(), String> {
        let mapping = Mapping::from_json(&progress.mapping, &self.work.lab.devices)
            .map_err(|error| format!("its mapping: {error}"))?;
        self.tracker.restore_completed(progress.completed, |id| find_exercise(EXERCISES, id).is_some());
        self.editor = mapping.to_json();
        self.editor_error = None;
        self.work = Shared::new(Work { lab: new_lab(mapping), query: progress.query });
        Ok(())
    }

    fn import(&mut self, text: &str) -> Result<(), String> {
        let value: Value = serde_json::from_str(text)
            .map_err(|error| format!("not JSON (line {}:{})", error.line(), error.column()))?;
        if value.get("completed").is_some() {
            let progress: Progress =
                serde_json::from_value(value).map_err(|error| format!("not an interworking lab export: {error}"))?;
            self.adopt(progress)
        } else {
            // a mapping alone
            let mapping = Mapping::from_json(text, &self.work.lab.devices).map_err(|error| error.to_string())?;
            self.editor = mapping.to_json();
            self.apply_editor();
            Ok(())
        }
    }

    fn apply_editor(&mut self) {
        match Mapping::from_json(&self.editor, &self.work.lab.devices) {
            Ok(mapping) => {
                self.editor_error = None;
                let result = self.work.update(|work| work.lab.apply_mapping(mapping));
                if let Err(error) = result {
                    self.editor_error = Some(error);
                }
            }
            Err(error) => self.editor_error = Some(error),
        }
    }

    fn apply(&mut self, action: LabAction) {
        if !matches!(action, LabAction::Restore(_) | LabAction::Dismiss | LabAction::ShowHint | LabAction::Refuse(_)) {
            self.gate.touch();
        }
        self.field_error = None;
        match action {
            LabAction::EditMapping(text) => self.editor = text,
            LabAction::ApplyMapping => self.apply_editor(),
            LabAction::ResetMapping => {
                self.editor = Mapping::naive().to_json();
                self.apply_editor();
            }
            LabAction::Sense { device, unit, value } => match value.trim().parse::<f64>() {
                Ok(number) if number.is_finite() => {
                    let integer = device == "hall-light";
                    let value =
                        if integer { serde_json::json!(number.round() as i64) } else { serde_json::json!(number) };
                    self.work.update(|work| work.lab.sense(&device, &unit, value));
                }
                _ => {
                    self.field_error = Some((
                        "sense",
                        format!("Not changed: `{}` is not a number.", value.chars().take(20).collect::<String>()),
                    ))
                }
            },
            LabAction::PressButton(device) => self.work.update(|work| work.lab.press_button(&device)),
            LabAction::Execute { device, unit, command } => {
                self.work.update(|work| work.lab.execute_on_device(&device, &unit, command))
            }
            LabAction::Retrieve(path) => {
                let response = self.work.update(|work| work.lab.app_retrieve(&path));
                self.response = Some(serde_json::to_string_pretty(&response.to_json()).unwrap_or_default());
            }
            LabAction::Subscribe(path) => {
                let response = self.work.update(|work| work.lab.app_subscribe(&path));
                self.response = Some(serde_json::to_string_pretty(&response.to_json()).unwrap_or_default());
            }
            LabAction::Update { path, attribute, value } => {
                let parsed: Value =
                    serde_json::from_str(value.trim()).unwrap_or_else(|_| Value::String(value.trim().to_owned()));
                if attribute.trim().is_empty() {
                    self.field_error = Some(("attribute", "Name the attribute to update.".into()));
                } else {
                    let before = self.work.lab.log.len();
                    let response = self.work.update(|work| work.lab.app_update(&path, attribute.trim(), parsed));
                    self.response = Some(serde_json::to_string_pretty(&response.to_json()).unwrap_or_default());
                    let log = &self.work.lab.log;
                    let observed = if response.rsc.code() >= 4000 {
                        "cse-refuses"
                    } else if log[before.min(log.len())..]
                        .iter()
                        .any(|e| e.failed && e.side == crate::ipe::Side::Device)
                    {
                        "device-refuses"
                    } else {
                        "follows"
                    };
                    if let Some(predicted) = self.prediction.take() {
                        let verdict =
                            if predicted == observed { "Your prediction was right" } else { "Not what you predicted" };
                        self.notice = Some(Notice::info(format!(
                            "{verdict}: you predicted that {}; observed: {}. The log says why.",
                            outcome_words(&predicted),
                            outcome_words(observed)
                        )));
                    }
                }
            }
            LabAction::Predict(key) => {
                self.prediction = OUTCOMES.iter().any(|(k, _)| *k == key).then_some(key);
            }
            LabAction::EditQuery(text) => self.work.update(|work| work.query = text),
            LabAction::RunQuery => {
                let answer = self.work.update(|work| {
                    let query = work.query.clone();
                    work.lab.discover(&query)
                });
                self.discovery = Some(answer);
            }
            LabAction::StartExercise(id) => self.tracker.start_exercise(find_exercise(EXERCISES, &id)),
            LabAction::ShowHint => self.tracker.show_hint(),
            LabAction::ResetExercise => self.tracker.reset(),
            LabAction::Restore(loaded) => {
                let restored = self.gate.restore(*loaded, |reason| {
                    format!("Your saved interworking lab work could not be read ({reason}); the lab starts afresh.")
                });
                match restored {
                    Ok(Some(progress)) => {
                        if let Err(reason) = self.adopt(progress) {
                            self.notice = Some(Notice::error(format!(
                                "Your saved interworking lab work could not be used ({reason}); the lab starts afresh."
                            )));
                        }
                    }
                    Ok(None) => {}
                    Err(notice) => self.notice = Some(notice),
                }
            }
            LabAction::Import(text) => match self.import(&text) {
                Ok(()) => self.notice = Some(Notice::info("The work was imported and the IPE applied its mapping.")),
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
mod tests;
