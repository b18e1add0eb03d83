//! The threat-modelling lab's one reducer: the work of both modes, the mode shown, the exercise, what is selected,
//! the attack-tree prediction, progress and messages. Pure: storage, downloads and file reading are effects in the
//! components, which dispatch [`LabAction`]s with what they read.

use std::rc::Rc;

use lab_kit::{ExerciseTracker, Notice, SaveGate};
use lab_storage::Loaded;
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::attack_tree::Gate;
use crate::diagram::ElementKind;
use crate::exercises::{EXERCISES, ThreatExercise, Work, find_exercise};
use crate::register::Treatment;
use crate::workspace::{Mode, ThreatDraft, ThreatField, WorkError, Workspace};

/// The version of what the lab stores in the browser.
pub const PROGRESS_VERSION: u32 = 1;

/// What is saved: the exercises done, the exercise and mode open, and the model of each mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub completed: Vec<String>,
    #[serde(default)]
    pub exercise: Option<String>,
    pub mode: Mode,
    pub security: Workspace,
    pub privacy: Workspace,
}

/// An error shown at the form field it is about (`aria-invalid` there), named by the field's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    pub work: Work,
    pub mode: Mode,
    pub tracker: ExerciseTracker,
    pub notice: Option<Notice>,
    pub field_error: Option<FieldError>,
    /// The element, flow or boundary being edited.
    pub selected: Option<String>,
    /// Show only the threats on this element or flow.
    pub filter: Option<String>,
    /// The goal's difficulty the student predicted (1-3) before the tree's cost is shown; any edit of the tree
    /// hides the cost again.
    pub prediction: Option<u8>,
    pub gate: SaveGate,
}

/// What the views dispatch. Form values arrive as text and are parsed here.
#[derive(Debug, Clone, PartialEq)]
pub enum LabAction {
    SetMode(String),
    Select(String),
    AddElement { name: String, kind: String, boundary: String },
    Connect { name: String, from: String, to: String },
    AddBoundary { name: String },
    Rename { id: String, name: String },
    MoveToBoundary { id: String, boundary: String },
    RemoveItem(String),
    Generate,
    Filter(String),
    Accept(String),
    Reject { id: String, reason: String },
    Reopen(String),
    RemoveThreat(String),
    SetText { id: String, field: ThreatField, text: String },
    SetLikelihood { id: String, value: String },
    SetImpact { id: String, value: String },
    SetTreatment { id: String, value: String },
    AddCountermeasure { id: String, countermeasure: String },
    RemoveCountermeasure { id: String, countermeasure: String },
    SetRank { id: String, value: String },
    AddThreat(ThreatDraft),
    AddGate { parent: String, gate: String, label: String },
    AddStep { parent: String, step: String, label: String, cost: String },
    SetCost { id: String, value: String },
    SetGate { id: String, value: String },
    RemoveNode(String),
    Predict(String),
    StartExercise(String),
    ShowHint,
    ResetExercise,
    Import(String),
    FileFailed(String),
    Restore(Loaded<Progress>),
    Dismiss,
}

fn optional_number(text: &str) -> Result<Option<u8>, ()> {
    let text = text.trim();
    if text.is_empty() { Ok(None) } else { text.parse().map(Some).map_err(|_| ()) }
}

impl LabState {
    /// A lab showing `mode` (the page's option), opened on `exercise` when given.
    pub fn new(mode: Mode, exercise: Option<&str>) -> Self {
        let mut state = LabState {
            work: Work::reference(),
            mode,
            tracker: ExerciseTracker::default(),
            notice: None,
            field_error: None,
            selected: None,
            filter: None,
            prediction: None,
            gate: SaveGate::default(),
        };
        if let Some(exercise) = exercise.and_then(find_exercise) {
            state.tracker.start_exercise(Some(exercise));
            state.mode = exercise.setup;
        }
        state.evaluate();
        state
    }

    pub fn workspace(&self) -> &Workspace {
        self.work.workspace(self.mode)
    }

    pub fn exercise(&self) -> Option<&'static ThreatExercise> {
        self.tracker.current_in(EXERCISES)
    }

    pub fn progress(&self) -> Progress {
        Progress {
            completed: self.tracker.completed_ids(),
            exercise: self.tracker.current().map(str::to_owned),
            mode: self.mode,
            security: self.work.security.clone(),
            privacy: self.work.privacy.clone(),
        }
    }

    /// What the save effect writes: nothing until saved progress was read and the reader did something.
    pub fn to_save(&self) -> Option<Progress> {
        self.gate.to_save(|| self.progress())
    }

    fn evaluate(&mut self) {
        self.tracker.check(EXERCISES, &self.work);
    }

    /// Runs an edit of the shown workspace; a refusal becomes an error at `field` (or a notice without one).
    fn edit<T>(
        &mut self,
        field: Option<&str>,
        change: impl FnOnce(&mut Workspace) -> Result<T, WorkError>,
    ) -> Option<T> {
        let mode = self.mode;
        let before = self.work.workspace(mode).clone();
        match change(self.work.workspace_mut(mode)) {
            Ok(value) => {
                self.field_error = None;
                self.gate.touch();
                self.evaluate();
                Some(value)
            }
            Err(error) => {
                // A refused edit changes nothing, not even the next fresh id.
                *self.work.workspace_mut(mode) = before;
                let message = capitalised(&error.to_string());
                match field {
                    Some(field) => self.field_error = Some(FieldError { field: field.to_owned(), message }),
                    None => self.notice = Some(Notice::error(message)),
                }
                None
            }
        }
    }

    fn refuse(&mut self, field: &str, message: String) {
        self.field_error = Some(FieldError { field: field.to_owned(), message });
    }

    /// The error shown at the form field `field`, if any.
    pub fn error_at(&self, field: &str) -> Option<&str> {
        self.field_error.as_ref().filter(|error| error.field == field).map(|error| error.message.as_str())
    }

    fn apply(&mut self, action: LabAction) {
        match action {
            LabAction::SetMode(text) => match Mode::parse(&text) {
                Some(mode) => {
                    self.mode = mode;
                    self.selected = None;
                    self.filter = None;
                    self.prediction = None;
                    self.field_error = None;
                }
                None => self.notice = Some(Notice::error(format!("`{text}` is not a mode of this lab."))),
            },
            LabAction::Select(id) => {
                self.selected = (!id.is_empty() && self.workspace().diagram.name_of(&id).is_some()).then_some(id);
                self.field_error = None;
            }
            LabAction::AddElement { name, kind, boundary } => {
                let Some(kind) = ElementKind::parse(&kind) else {
                    return self.refuse("element-kind", format!("`{kind}` is not a kind of element."));
                };
                let boundary = (!boundary.is_empty()).then_some(boundary);
                if let Some(id) =
                    self.edit(Some("element-name"), |work| work.add_element(&name, kind, boundary.as_deref()))
                {
                    self.selected = Some(id);
                }
            }
            LabAction::Connect { name, from, to } => {
                if let Some(id) = self.edit(Some("flow-name"), |work| work.connect(&name, &from, &to)) {
                    self.selected = Some(id);
                }
            }
            LabAction::AddBoundary { name } => {
                if let Some(id) = self.edit(Some("boundary-name"), |work| work.add_boundary(&name)) {
                    self.selected = Some(id);
                }
            }
            LabAction::Rename { id, name } => {
                self.edit(Some("rename"), |work| Ok(work.diagram.rename(&id, &name)?));
            }
            LabAction::MoveToBoundary { id, boundary } => {
                let boundary = (!boundary.is_empty()).then_some(boundary);
                self.edit(Some("move"), |work| Ok(work.diagram.set_boundary(&id, boundary.as_deref())?));
            }
            LabAction::RemoveItem(id) => {
                let name = self.workspace().diagram.name_of(&id).unwrap_or_default().to_owned();
                if let Some(threats) = self.edit(None, |work| work.remove_from_diagram(&id)) {
                    self.selected = None;
                    if self.filter.as_deref() == Some(id.as_str()) {
                        self.filter = None;
                    }
                    self.notice = Some(Notice::info(format!("“{name}” removed, with {threats} threats on it.")));
                }
            }
            LabAction::Generate => {
                if let Some(added) = self.edit(None, |work| Ok(work.generate())) {
                    let method = self.mode.method().label();
                    self.notice = Some(Notice::info(match added {
                        0 => format!("Every {method} category that applies already has a threat on each element."),
                        added => format!("{added} {method} candidates added: review each one."),
                    }));
                }
            }
            LabAction::Filter(target) => {
                self.filter =
                    (!target.is_empty() && self.workspace().diagram.target_kind(&target).is_some()).then_some(target);
            }
            LabAction::Accept(id) => {
                self.edit(None, |work| work.accept(&id));
            }
            LabAction::Reject { id, reason } => {
                let field = format!("reason-{id}");
                self.edit(Some(&field), |work| work.reject(&id, &reason));
            }
            LabAction::Reopen(id) => {
                self.edit(None, |work| work.reopen(&id));
            }
            LabAction::RemoveThreat(id) => {
                self.edit(None, |work| work.remove_threat(&id));
            }
            LabAction::SetText { id, field, text } => {
                let key = format!("{}-{id}", field_key(field));
                self.edit(Some(&key), |work| work.set_text(&id, field, &text));
            }
            LabAction::SetLikelihood { id, value } => {
                let key = format!("likelihood-{id}");
                match optional_number(&value) {
                    Ok(value) => {
                        self.edit(Some(&key), |work| work.set_likelihood(&id, value));
                    }
                    Err(()) => self.refuse(&key, format!("`{value}` is not a likelihood.")),
                }
            }
            LabAction::SetImpact { id, value } => {
                let key = format!("impact-{id}");
                match optional_number(&value) {
                    Ok(value) => {
                        self.edit(Some(&key), |work| work.set_impact(&id, value));
                    }
                    Err(()) => self.refuse(&key, format!("`{value}` is not an impact.")),
                }
            }
            LabAction::SetTreatment { id, value } => {
                let treatment = Treatment::parse(&value);
                if treatment.is_none() && !value.is_empty() {
                    return self.refuse(&format!("treatment-{id}"), format!("`{value}` is not a treatment."));
                }
                self.edit(None, |work| work.set_treatment(&id, treatment));
            }
            LabAction::AddCountermeasure { id, countermeasure } => {
                let key = format!("countermeasure-{id}");
                self.edit(Some(&key), |work| work.add_countermeasure(&id, &countermeasure));
            }
            LabAction::RemoveCountermeasure { id, countermeasure } => {
                self.edit(None, |work| work.remove_countermeasure(&id, &countermeasure));
            }
            LabAction::SetRank { id, value } => {
                let key = format!("rank-{id}");
                match optional_number(&value) {
                    Ok(rank) => {
                        self.edit(Some(&key), |work| work.set_rank(&id, rank));
                    }
                    Err(()) => self.refuse(&key, format!("`{value}` is not a priority.")),
                }
            }
            LabAction::AddThreat(draft) => {
                if self.edit(Some("new-threat"), |work| work.add_threat(&draft)).is_some() {
                    self.notice = Some(Notice::info("Your threat is in the register, accepted."));
                }
            }
            LabAction::AddGate { parent, gate, label } => {
                let Some(gate) = Gate::parse(&gate) else {
                    return self.refuse("node-kind", format!("`{gate}` is not AND or OR."));
                };
                self.edit_tree(|work| {
                    let id = work.fresh_id("n");
                    Ok(work.tree.add_gate(id, &parent, gate, &label)?)
                });
            }
            LabAction::AddStep { parent, step, label, cost } => match cost.trim().parse::<u8>() {
                Ok(cost) => {
                    self.edit_tree(|work| {
                        let id = work.fresh_id("n");
                        Ok(work.tree.add_step(id, &parent, &step, &label, cost)?)
                    });
                }
                Err(_) => self.refuse("node-label", format!("`{cost}` is not a cost.")),
            },
            LabAction::SetCost { id, value } => match value.trim().parse::<u8>() {
                Ok(cost) => {
                    self.edit_tree(|work| Ok(work.tree.edit(&id, None, None, Some(cost))?));
                }
                Err(_) => self.notice = Some(Notice::error(format!("`{value}` is not a cost."))),
            },
            LabAction::SetGate { id, value } => match Gate::parse(&value) {
                Some(gate) => {
                    self.edit_tree(|work| Ok(work.tree.edit(&id, None, Some(gate), None)?));
                }
                None => self.notice = Some(Notice::error(format!("`{value}` is not AND or OR."))),
            },
            LabAction::RemoveNode(id) => {
                self.edit_tree(|work| Ok(work.tree.remove(&id)?));
            }
            LabAction::Predict(value) => match value.trim().parse::<u8>().ok().filter(|cost| (1..=3).contains(cost)) {
                Some(cost) => self.prediction = Some(cost),
                None => self.refuse("prediction", "Choose easy, moderate or hard first.".to_owned()),
            },
            LabAction::StartExercise(id) => {
                self.gate.touch();
                if id.is_empty() {
                    self.tracker.start_exercise(None::<&ThreatExercise>);
                } else if let Some(exercise) = find_exercise(&id) {
                    self.tracker.start_exercise(Some(exercise));
                    self.mode = exercise.setup;
                    self.filter = None;
                    self.prediction = None;
                } else {
                    self.notice = Some(Notice::error(format!("There is no exercise `{id}`.")));
                }
                self.evaluate();
            }
            LabAction::ShowHint => self.tracker.show_hint(),
            LabAction::ResetExercise => {
                self.gate.touch();
                self.tracker.reset();
                *self.work.workspace_mut(self.mode) = self.mode.reference();
                self.selected = None;
                self.filter = None;
                self.prediction = None;
                self.field_error = None;
                self.notice = Some(Notice::info(format!(
                    "The {} model is back to the book's deployment (your completed exercises are kept).",
                    self.mode.code()
                )));
                self.evaluate();
            }
            LabAction::Import(text) => match Workspace::from_json(&text) {
                Ok(workspace) => {
                    self.gate.touch();
                    self.mode = workspace.mode;
                    *self.work.workspace_mut(self.mode) = workspace;
                    self.selected = None;
                    self.filter = None;
                    self.prediction = None;
                    self.notice = Some(Notice::info(format!("The {} model was imported.", self.mode.code())));
                    self.evaluate();
                }
                Err(error) => {
                    self.notice = Some(Notice::error(format!("Nothing was imported: {error}.")));
                }
            },
            LabAction::FileFailed(reason) => self.notice = Some(Notice::error(reason)),
            LabAction::Restore(loaded) => {
                let restored = self.gate.restore(loaded, |reason| {
                    format!(
                        "Your saved threat-modelling progress could not be read ({reason}), so the lab starts afresh and will save over it."
                    )
                });
                match restored {
                    Ok(None) => {}
                    Ok(Some(progress)) => self.restore(progress),
                    Err(notice) => self.notice = Some(notice),
                }
                self.evaluate();
            }
            LabAction::Dismiss => self.notice = None,
        }
    }

    fn edit_tree(&mut self, change: impl FnOnce(&mut Workspace) -> Result<(), WorkError>) {
        if self.edit(Some("node-label"), change).is_some() {
            self.prediction = None;
        }
    }

    fn restore(&mut self, progress: Progress) {
        self.tracker.restore_completed(progress.completed, |id| find_exercise(id).is_some());
        let mut broken = Vec::new();
        for (mode, workspace) in [(Mode::Security, progress.security), (Mode::Privacy, progress.privacy)] {
            match workspace.validate() {
                Ok(()) if workspace.mode == mode => *self.work.workspace_mut(mode) = workspace,
                _ => broken.push(mode.code()),
            }
        }
        if !broken.is_empty() {
            self.gate.touch();
            self.notice = Some(Notice::error(format!(
                "Your saved {} model could not be used, so it starts again from the book's deployment.",
                broken.join(" and ")
            )));
        }
        self.mode = progress.mode;
        if let Some(exercise) = progress.exercise.as_deref().and_then(find_exercise) {
            self.tracker.start_exercise(Some(exercise));
            self.mode = exercise.setup;
        }
    }
}

/// The key of a threat's text field in form ids and field errors.
pub fn field_key(field: ThreatField) -> &'static str {
    match field {
        ThreatField::Who => "who",
        ThreatField::What => "what",
        ThreatField::Asset => "asset",
        ThreatField::Vulnerability => "vulnerability",
        ThreatField::ResidualNote => "residual-note",
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
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
