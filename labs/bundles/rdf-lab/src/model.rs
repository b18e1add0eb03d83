//! The RDF lab's one reducer: the student's work, the editors' drafts, the last analysis and query result,
//! the exercise tracker, messages and the save gate. Storage and downloads are effects in the components.

use std::rc::Rc;

use lab_kit::{ExerciseTracker, Notice, SaveGate, Shared, find_exercise};
use lab_storage::Loaded;
use onem2m_ontology::QueryResultTable;
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::alignment::AlignmentAnalysis;
use crate::exercises::{EXERCISES, LabExercise, Part, building, part_of};
use crate::platforms::KNOWN_PREFIXES;
use crate::query::{EditorError, run, terms_not_in_graph};
use crate::work::{MAX_TEXT, Work};

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

/// Which parts the lab shows (a lab directive option).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Alignment,
    Sparql,
    Both,
}

impl Mode {
    pub fn from_option(value: Option<&str>) -> Mode {
        match value {
            Some("alignment") => Mode::Alignment,
            Some("sparql") => Mode::Sparql,
            _ => Mode::Both,
        }
    }

    pub fn shows(self, part: Part) -> bool {
        matches!((self, part), (Mode::Both, _) | (Mode::Alignment, Part::Alignment) | (Mode::Sparql, Part::Sparql))
    }
}

/// The editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editor {
    Alignment,
    AlignmentQuery,
    Sparql,
}

/// The SPARQL part's last run.
pub type SparqlRun = Result<(QueryResultTable, Vec<&'static str>), EditorError>;

#[derive(Debug, Clone)]
pub struct LabState {
    pub mode: Mode,
    pub work: Work,
    pub alignment_draft: String,
    pub alignment_query_draft: String,
    pub sparql_draft: String,
    pub analysis: Shared<AlignmentAnalysis>,
    pub sparql_run: Option<Shared<SparqlRun>>,
    /// Terms of the last SPARQL run that name nothing in the building (likely typos).
    pub sparql_terms_unused: Vec<String>,
    pub tracker: ExerciseTracker,
    pub notice: Option<Notice>,
    pub gate: SaveGate,
}

#[derive(Debug)]
pub enum LabAction {
    Edit(Editor, String),
    /// Adds `PREFIX p: <...>` in front of the editor's text.
    DeclarePrefix(Editor, &'static str),
    RunAlignment,
    RunSparql,
    Predict(&'static str, bool),
    CommitPredictions,
    StartExercise(String),
    ShowHint,
    ResetExercise,
    Restore(Box<Loaded<Progress>>),
    Import(String),
    Refuse(String),
    Dismiss,
}

impl LabState {
    pub fn new(mode: Mode, exercise: Option<&str>) -> Self {
        let work = Work::default();
        let mut state = LabState {
            mode,
            alignment_draft: work.alignment.clone(),
            alignment_query_draft: work.alignment_query.clone(),
            sparql_draft: work.sparql_query.clone(),
            analysis: Shared::new(AlignmentAnalysis::of(&work.alignment, &work.alignment_query)),
            sparql_run: None,
            sparql_terms_unused: Vec::new(),
            work,
            tracker: ExerciseTracker::default(),
            notice: None,
            gate: SaveGate::default(),
        };
        let exercise =
            exercise.and_then(|id| find_exercise(EXERCISES, id)).filter(|exercise| mode.shows(part_of(exercise.id)));
        state.tracker.start_exercise(exercise);
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

    /// The exercises this lab shows, for the exercise panel.
    pub fn shown_exercises(&self) -> Vec<&'static LabExercise> {
        EXERCISES.iter().filter(|exercise| self.mode.shows(part_of(exercise.id))).collect()
    }

    fn take_work(&mut self, work: Work) {
        self.alignment_draft = work.alignment.clone();
        self.alignment_query_draft = work.alignment_query.clone();
        self.sparql_draft = work.sparql_query.clone();
        self.work = work;
        self.analyse();
        self.sparql_run = None;
        self.sparql_terms_unused.clear();
    }

    fn analyse(&mut self) {
        self.analysis = Shared::new(AlignmentAnalysis::of(&self.work.alignment, &self.work.alignment_query));
    }

    fn draft_mut(&mut self, editor: Editor) -> &mut String {
        match editor {
            Editor::Alignment => &mut self.alignment_draft,
            Editor::AlignmentQuery => &mut self.alignment_query_draft,
            Editor::Sparql => &mut self.sparql_draft,
        }
    }

    fn reset_exercise(&mut self) {
        if let Some(exercise) = self.exercise() {
            let fresh = Work::default();
            match part_of(exercise.id) {
                Part::Sparql => {
                    self.work.sparql_query = fresh.sparql_query;
                    self.sparql_draft = self.work.sparql_query.clone();
                    self.sparql_run = None;
                }
                Part::Alignment if exercise.id == "predict-entailment" => {
                    self.work.predictions.clear();
                    self.work.predictions_committed = false;
                }
                Part::Alignment => {
                    self.work.alignment = fresh.alignment;
                    self.work.alignment_query = fresh.alignment_query;
                    self.alignment_draft = self.work.alignment.clone();
                    self.alignment_query_draft = self.work.alignment_query.clone();
                    self.analyse();
                }
            }
        }
        self.tracker.reset();
    }

    fn apply(&mut self, action: LabAction) {
        // Typing changes only a draft: nothing to grade until the draft is run.
        let regrade = !matches!(
            action,
            LabAction::Edit(..)
                | LabAction::DeclarePrefix(..)
                | LabAction::ShowHint
                | LabAction::Dismiss
                | LabAction::Refuse(_)
        );
        if !matches!(action, LabAction::Restore(_) | LabAction::Dismiss | LabAction::ShowHint | LabAction::Refuse(_)) {
            self.gate.touch();
        }
        match action {
            LabAction::Edit(editor, text) => *self.draft_mut(editor) = text.chars().take(MAX_TEXT).collect(),
            LabAction::DeclarePrefix(editor, prefix) => {
                if let Some((prefix, namespace)) = KNOWN_PREFIXES.iter().find(|(p, _)| *p == prefix) {
                    let line = match editor {
                        Editor::Alignment => format!("@prefix {prefix}: <{namespace}> .\n"),
                        Editor::AlignmentQuery | Editor::Sparql => format!("PREFIX {prefix}: <{namespace}>\n"),
                    };
                    let draft = self.draft_mut(editor);
                    if !draft.contains(line.trim_end()) {
                        draft.insert_str(0, &line);
                    }
                }
            }
            LabAction::RunAlignment => {
                self.work.alignment = self.alignment_draft.clone();
                self.work.alignment_query = self.alignment_query_draft.clone();
                self.analyse();
            }
            LabAction::RunSparql => {
                self.work.sparql_query = self.sparql_draft.clone();
                self.sparql_run = Some(Shared::new(run(&self.work.sparql_query, building())));
                self.sparql_terms_unused = terms_not_in_graph(&self.work.sparql_query, building());
            }
            LabAction::Predict(id, entailed) => {
                self.work.predictions.insert(id.to_owned(), entailed);
                self.work.predictions_committed = false;
            }
            LabAction::CommitPredictions => {
                self.work.predictions_committed = true;
            }
            LabAction::StartExercise(id) => {
                self.tracker.start_exercise(find_exercise(EXERCISES, &id));
            }
            LabAction::ShowHint => self.tracker.show_hint(),
            LabAction::ResetExercise => self.reset_exercise(),
            LabAction::Restore(loaded) => {
                match self.gate.restore(*loaded, |reason| {
                    format!("Your saved RDF lab work could not be read ({reason}); the lab starts afresh.")
                }) {
                    Ok(Some(progress)) => {
                        self.tracker.restore_completed(progress.completed, |id| find_exercise(EXERCISES, id).is_some());
                        if let Some(work) = progress.work.filter(|work| work.check().is_ok()) {
                            self.take_work(work);
                        }
                        if let Some(exercise) = progress
                            .exercise
                            .as_deref()
                            .and_then(|id| find_exercise(EXERCISES, id))
                            .filter(|exercise| self.mode.shows(part_of(exercise.id)))
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
                    self.take_work(work);
                    self.notice = Some(Notice::info("The work was imported."));
                }
                Err(reason) => self.notice = Some(Notice::error(format!("Nothing was imported: {reason}."))),
            },
            LabAction::Refuse(text) => self.notice = Some(Notice::error(text)),
            LabAction::Dismiss => self.notice = None,
        }
        if regrade {
            self.tracker.check(EXERCISES, &self.work);
        }
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
