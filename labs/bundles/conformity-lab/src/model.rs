//! The conformity lab's one reducer: the student's work (product, prediction, assessment, fixes, policy), the
//! exercise tracker, messages and the save gate. Pure: storage and downloads are effects in the components.

use std::rc::Rc;

use lab_kit::{ExerciseTracker, Notice, SaveGate};
use lab_storage::Loaded;
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::assessment::{Answer, Decision};
use crate::dossier::{OWN_PRODUCT, find_dossier};
use crate::exercises::{EXERCISES, LabExercise, find_exercise};
use crate::fixes::find_fix;
use crate::provisions::find_provision;
use crate::rules::{self, Act, CraKind, Date, Product};
use crate::work::{MAX_TEXT, Work};

/// The version of what the lab stores in the browser.
pub const PROGRESS_VERSION: u32 = 1;

/// What is saved: the exercises done, the exercise being worked on, and the work.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub completed: Vec<String>,
    #[serde(default)]
    pub exercise: Option<String>,
    #[serde(default)]
    pub work: Option<Work>,
}

/// The yes/no questions of the product form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Radio,
    Internet,
    Consumer,
    PersonalData,
    ReadsBeyondService,
    GeneratesUseData,
    TransfersMoney,
    PasswordOptional,
    CriticalSectorOperator,
    ToyOrChildcare,
    Medical,
}

impl Flag {
    pub const ALL: [Flag; 11] = [
        Flag::Radio,
        Flag::Internet,
        Flag::Consumer,
        Flag::PersonalData,
        Flag::ReadsBeyondService,
        Flag::GeneratesUseData,
        Flag::TransfersMoney,
        Flag::PasswordOptional,
        Flag::CriticalSectorOperator,
        Flag::ToyOrChildcare,
        Flag::Medical,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Flag::Radio => "radio",
            Flag::Internet => "internet",
            Flag::Consumer => "consumer",
            Flag::PersonalData => "personal-data",
            Flag::ReadsBeyondService => "reads-beyond-service",
            Flag::GeneratesUseData => "generates-use-data",
            Flag::TransfersMoney => "transfers-money",
            Flag::PasswordOptional => "password-optional",
            Flag::CriticalSectorOperator => "critical-sector-operator",
            Flag::ToyOrChildcare => "toy-or-childcare",
            Flag::Medical => "medical",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Flag::Radio => "Has a radio (Wi-Fi, Bluetooth, Zigbee, cellular...)",
            Flag::Internet => "Communicates over the internet (directly or through a gateway or phone)",
            Flag::Consumer => "Sold to consumers",
            Flag::PersonalData => "Processes personal data",
            Flag::ReadsBeyondService => {
                "The vendor stores or reads information on the device beyond what the requested service strictly needs"
            }
            Flag::GeneratesUseData => "Generates data about its use or environment that it can communicate",
            Flag::TransfersMoney => "Lets the user transfer money or virtual currency",
            Flag::PasswordOptional => "Lets the user choose not to set a password",
            Flag::CriticalSectorOperator => "Run by an essential or important entity (e.g. an energy network operator)",
            Flag::ToyOrChildcare => "A toy or childcare equipment",
            Flag::Medical => "A medical device (MDR or IVDR)",
        }
    }

    pub fn get(self, product: &Product) -> bool {
        match self {
            Flag::Radio => product.radio,
            Flag::Internet => product.internet,
            Flag::Consumer => product.consumer,
            Flag::PersonalData => product.personal_data,
            Flag::ReadsBeyondService => product.reads_beyond_service,
            Flag::GeneratesUseData => product.generates_use_data,
            Flag::TransfersMoney => product.transfers_money,
            Flag::PasswordOptional => product.password_optional,
            Flag::CriticalSectorOperator => product.critical_sector_operator,
            Flag::ToyOrChildcare => product.toy_or_childcare,
            Flag::Medical => product.medical,
        }
    }

    fn set(self, product: &mut Product, value: bool) {
        let field = match self {
            Flag::Radio => &mut product.radio,
            Flag::Internet => &mut product.internet,
            Flag::Consumer => &mut product.consumer,
            Flag::PersonalData => &mut product.personal_data,
            Flag::ReadsBeyondService => &mut product.reads_beyond_service,
            Flag::GeneratesUseData => &mut product.generates_use_data,
            Flag::TransfersMoney => &mut product.transfers_money,
            Flag::PasswordOptional => &mut product.password_optional,
            Flag::CriticalSectorOperator => &mut product.critical_sector_operator,
            Flag::ToyOrChildcare => &mut product.toy_or_childcare,
            Flag::Medical => &mut product.medical,
        };
        *field = value;
    }
}

/// A field of the disclosure policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyField {
    Contact,
    AcknowledgeDays,
    UpdateDays,
    Scope,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    pub work: Work,
    pub tracker: ExerciseTracker,
    pub notice: Option<Notice>,
    pub gate: SaveGate,
    /// The placing-on-the-market date as typed, and why it cannot be read.
    pub date_text: String,
    pub date_error: Option<String>,
}

/// What the views dispatch. Choices arrive as the text of the form control and are parsed here.
#[derive(Debug, Clone, PartialEq)]
pub enum LabAction {
    LoadProduct(String),
    SetName(String),
    SetFlag(Flag, bool),
    SetCraKind(String),
    SetMarketDate(String),
    SetPredicted(Act, bool),
    CommitPrediction,
    RevisePrediction,
    ChooseDossier(String),
    SetDecision(String, String),
    SetEvidence(String, String),
    SetJustification(String, String),
    SetFix(String, bool),
    SetPolicy(PolicyField, String),
    StartExercise(String),
    ShowHint,
    ResetExercise,
    Restore(Box<Loaded<Progress>>),
    Import(String),
    Refuse(String),
    Dismiss,
}

fn bounded(text: String) -> String {
    text.chars().take(MAX_TEXT / 4).collect()
}

impl LabState {
    pub fn new(exercise: Option<&str>) -> Self {
        let mut state = LabState {
            date_text: String::new(),
            work: Work::default(),
            tracker: ExerciseTracker::default(),
            notice: None,
            gate: SaveGate::default(),
            date_error: None,
        };
        state.start(exercise.and_then(find_exercise));
        state
    }

    /// The exercise being worked on.
    pub fn exercise(&self) -> Option<&'static LabExercise> {
        self.tracker.current_in(EXERCISES)
    }

    /// Whether mode 1 keeps its answer hidden: a prediction exercise is open and nothing is committed yet.
    pub fn answer_hidden(&self) -> bool {
        self.work.committed.is_none() && self.exercise().is_some_and(|exercise| exercise.id.starts_with("predict-"))
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

    fn set_product(&mut self, product: Product) {
        if product != self.work.product {
            self.work.committed = None;
        }
        self.date_text = product.placed_on_market.iso();
        self.date_error = None;
        self.work.product = product;
    }

    /// Opens an exercise (or free play), preparing its product and dossier.
    fn start(&mut self, exercise: Option<&'static LabExercise>) {
        self.tracker.start_exercise(exercise);
        if let Some(exercise) = exercise {
            self.set_product((exercise.setup.product)());
            self.work.dossier = exercise.setup.dossier.key.to_owned();
        }
        self.date_text = self.work.product.placed_on_market.iso();
        self.tracker.check(EXERCISES, &self.work);
    }

    /// Back to the start of the current exercise: its part of the work is cleared.
    fn reset_exercise(&mut self) {
        if let Some(exercise) = self.exercise() {
            match exercise.id {
                "predict-connected-toy" | "predict-household-meter" => {
                    self.work.prediction.clear();
                    self.work.committed = None;
                }
                "smart-plug-mandatory-failures" | "not-applicable-or-not-implemented" => {
                    self.work.answers.remove(exercise.setup.dossier.key);
                }
                "cheapest-fixes" => self.work.fixes.clear(),
                _ => self.work.policy = Default::default(),
            }
            self.set_product((exercise.setup.product)());
            self.work.dossier = exercise.setup.dossier.key.to_owned();
        }
        self.tracker.reset();
        self.tracker.check(EXERCISES, &self.work);
    }

    fn answer_mut(&mut self, id: &str) -> Option<&mut Answer> {
        let provision = find_provision(id)?;
        Some(
            self.work.answers.entry(self.work.dossier.clone()).or_default().entry(provision.id.to_owned()).or_default(),
        )
    }

    fn apply(&mut self, action: LabAction) {
        if !matches!(action, LabAction::Restore(_) | LabAction::Dismiss | LabAction::ShowHint | LabAction::Refuse(_)) {
            self.gate.touch();
        }
        match action {
            LabAction::LoadProduct(key) => {
                if let Some(product) = rules::book_product(&key) {
                    self.set_product(product);
                    if let Some(dossier) = find_dossier(&key) {
                        self.work.dossier = dossier.key.to_owned();
                    }
                }
            }
            LabAction::SetName(name) => self.work.product.name = bounded(name),
            LabAction::SetFlag(flag, value) => {
                let mut product = self.work.product.clone();
                flag.set(&mut product, value);
                self.set_product(product);
            }
            LabAction::SetCraKind(key) => {
                if let Some(kind) = CraKind::from_key(&key) {
                    let product = Product { cra_kind: kind, ..self.work.product.clone() };
                    self.set_product(product);
                }
            }
            LabAction::SetMarketDate(text) => match Date::parse(&text) {
                Ok(date) => {
                    let product = Product { placed_on_market: date, ..self.work.product.clone() };
                    self.set_product(product);
                }
                Err(reason) => {
                    self.date_text = bounded(text);
                    self.date_error = Some(format!("The date was not changed: {reason}."));
                }
            },
            LabAction::SetPredicted(act, on) => {
                if on {
                    self.work.prediction.insert(act);
                } else {
                    self.work.prediction.remove(&act);
                }
            }
            LabAction::CommitPrediction => self.work.committed = Some(self.work.prediction.clone()),
            LabAction::RevisePrediction => self.work.committed = None,
            LabAction::ChooseDossier(key) => {
                if let Some(dossier) = find_dossier(&key) {
                    self.work.dossier = dossier.key.to_owned();
                    if dossier.key != OWN_PRODUCT.key {
                        self.set_product((dossier.product)());
                    }
                }
            }
            LabAction::SetDecision(id, key) => {
                if let Some(decision) = Decision::from_key(&key)
                    && let Some(answer) = self.answer_mut(&id)
                {
                    answer.decision = decision;
                }
            }
            LabAction::SetEvidence(id, text) => {
                if let Some(answer) = self.answer_mut(&id) {
                    answer.evidence = bounded(text);
                }
            }
            LabAction::SetJustification(id, text) => {
                if let Some(answer) = self.answer_mut(&id) {
                    answer.justification = bounded(text);
                }
            }
            LabAction::SetFix(key, on) => {
                if let Some(fix) = find_fix(&key) {
                    if on {
                        self.work.fixes.insert(fix.key.to_owned());
                    } else {
                        self.work.fixes.remove(fix.key);
                    }
                }
            }
            LabAction::SetPolicy(field, text) => {
                let text = bounded(text);
                let policy = &mut self.work.policy;
                match field {
                    PolicyField::Contact => policy.contact = text,
                    PolicyField::AcknowledgeDays => policy.acknowledge_days = text,
                    PolicyField::UpdateDays => policy.update_days = text,
                    PolicyField::Scope => policy.scope = text,
                }
            }
            LabAction::StartExercise(id) => {
                self.start(find_exercise(&id));
                return;
            }
            LabAction::ShowHint => self.tracker.show_hint(),
            LabAction::ResetExercise => {
                self.reset_exercise();
                return;
            }
            LabAction::Restore(loaded) => {
                match self.gate.restore(*loaded, |reason| {
                    format!("Your saved conformity lab work could not be read ({reason}); the lab starts afresh.")
                }) {
                    Ok(Some(progress)) => {
                        self.tracker.restore_completed(progress.completed, |id| find_exercise(id).is_some());
                        if let Some(work) = progress.work.filter(|work| work.problems().is_empty()) {
                            self.date_text = work.product.placed_on_market.iso();
                            self.work = work;
                        }
                        let exercise = progress.exercise.as_deref().and_then(find_exercise);
                        if exercise.is_some() {
                            self.tracker.start_exercise(exercise);
                        }
                    }
                    Ok(None) => {}
                    Err(notice) => self.notice = Some(notice),
                }
            }
            LabAction::Import(text) => match Work::import_json(&text) {
                Ok(work) => {
                    self.date_text = work.product.placed_on_market.iso();
                    self.date_error = None;
                    self.work = work;
                    self.notice = Some(Notice::info("The assessment was imported."));
                }
                Err(reason) => {
                    self.notice = Some(Notice::error(format!("Nothing was imported: {reason}.")));
                }
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

/// The acts in order, for the views.
pub fn acts() -> [Act; 6] {
    Act::ALL
}

#[cfg(test)]
mod tests;
