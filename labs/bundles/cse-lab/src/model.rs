//! The CSE lab's one reducer: the request being composed, the session, the exercise, and messages.
//! Pure: storage, files and the URL are effects in the components, which dispatch [`ConsoleAction`]s.

use std::rc::Rc;

pub use lab_kit::Notice;
use lab_kit::{ExerciseTracker, SaveGate, Shared};
use lab_storage::Loaded;
use onem2m_cse::{FilterCriteria, Operation, Request, decode_base64, encode_base64};
use serde_json::Value;
use yew::Reducible;

use crate::exercises::{EXERCISES, Exercise, find_exercise};
use crate::session::{LabSession, SessionRecord};
use crate::templates;

/// Versions of what the lab stores in the browser.
pub const SESSION_VERSION: u32 = 1;
pub const PROGRESS_VERSION: u32 = 1;

/// The panels a lab directive can show (`panels = "composer,tree"`); all by default.
pub const PANELS: &[&str] = lab_catalog::CSE_LAB_PANELS;

/// The request being composed, as the student typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub operation: Operation,
    pub to: String,
    pub originator: String,
    pub ty: u32,
    pub body: String,
    pub rcn: String,
    pub discovery: bool,
    pub filter_types: String,
    pub filter_labels: String,
    pub filter_limit: String,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            operation: Operation::Retrieve,
            to: "cse-in".into(),
            originator: "CAdmin".into(),
            ty: 2,
            body: String::new(),
            rcn: String::new(),
            discovery: false,
            filter_types: String::new(),
            filter_labels: String::new(),
            filter_limit: String::new(),
        }
    }
}

/// A text field of the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftField {
    To,
    Originator,
    Body,
    Rcn,
    FilterTypes,
    FilterLabels,
    FilterLimit,
}

/// Why a draft cannot be sent, and the field to fix: shown at that field and in the Response panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftProblem {
    pub field: DraftField,
    /// What is wrong, as the end of a sentence: "the body is not valid JSON: ...".
    pub message: String,
}

impl DraftProblem {
    fn new(field: DraftField, message: impl Into<String>) -> Self {
        DraftProblem { field, message: message.into() }
    }

    /// The message as a sentence, shown below the field.
    pub fn sentence(&self) -> String {
        let mut characters = self.message.chars();
        let first = characters.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
        format!("{first}{}.", characters.as_str())
    }

    /// The Response panel's text: "Not sent: the body is not valid JSON: ...".
    pub fn not_sent(&self) -> String {
        format!("Not sent: {}.", self.message)
    }
}

fn numbers(text: &str, what: &str, field: DraftField) -> Result<Vec<u32>, DraftProblem> {
    text.split(|c: char| c == ',' || c == '+' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<u32>().map_err(|_| DraftProblem::new(field, format!("{what} “{part}” is not a number")))
        })
        .collect()
}

impl Draft {
    /// The oneM2M request the draft describes, or what is wrong with it and where.
    pub fn to_request(&self) -> Result<Request, DraftProblem> {
        let to = self.to.trim();
        if to.is_empty() {
            return Err(DraftProblem::new(DraftField::To, "the target is empty: enter an address such as cse-in"));
        }
        let body = || -> Result<Value, DraftProblem> {
            serde_json::from_str(&self.body)
                .map_err(|error| DraftProblem::new(DraftField::Body, format!("the body is not valid JSON: {error}")))
        };
        let mut request = match self.operation {
            Operation::Create => Request::create(to, self.originator.trim(), self.ty, body()?),
            Operation::Retrieve => Request::retrieve(to, self.originator.trim()),
            Operation::Update => Request::update(to, self.originator.trim(), body()?),
            Operation::Delete => Request::delete(to, self.originator.trim()),
            Operation::Notify => Request::notify(to, self.originator.trim(), body()?),
        };
        request = request.with_rvi("3");
        if !self.rcn.trim().is_empty() {
            let rcn = self.rcn.trim().parse::<u32>().map_err(|_| {
                DraftProblem::new(
                    DraftField::Rcn,
                    format!("the result content (rcn) “{}” is not a number", self.rcn.trim()),
                )
            })?;
            request = request.with_rcn(rcn);
        }
        let types = numbers(&self.filter_types, "the resource type (ty)", DraftField::FilterTypes)?;
        let labels: Vec<String> = self
            .filter_labels
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|label| !label.is_empty())
            .map(str::to_owned)
            .collect();
        let limit = match self.filter_limit.trim() {
            "" => None,
            text => Some(text.parse::<u64>().map_err(|_| {
                DraftProblem::new(DraftField::FilterLimit, format!("the limit (lim) “{text}” is not a number"))
            })?),
        };
        if self.discovery || !types.is_empty() || !labels.is_empty() || limit.is_some() {
            request = request.with_fc(FilterCriteria {
                fu: self.discovery.then_some(1),
                ty: types,
                lbl: labels,
                lim: limit,
                ..FilterCriteria::default()
            });
        }
        Ok(request)
    }
}

/// Saved progress: which exercises are done (kept across sessions and resets), in the kit's format.
pub type Progress = lab_kit::CompletedExercises;

/// Everything the console shows.
#[derive(Debug, Clone)]
pub struct ConsoleState {
    /// The session, replaced (never changed in place) by a request or the clock, so views compare it cheaply.
    pub session: Shared<LabSession>,
    pub draft: Draft,
    /// The exercise, hints shown, verdict and exercises done.
    pub tracker: ExerciseTracker,
    pub notice: Option<Notice>,
    /// Why the last Send sent nothing, shown at the field to fix (cleared when that field changes).
    pub draft_problem: Option<DraftProblem>,
    /// Saves once saved state was read (a reload must not erase progress) and the reader changed the session
    /// (sent, moved the clock, chose or reset an exercise, imported, opened a share link), or saved data was
    /// unreadable.
    pub gate: SaveGate,
    /// Counts changes to the session, so effects save only when it changed.
    pub revision: u64,
}

impl PartialEq for ConsoleState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && self.draft == other.draft
            && self.tracker == other.tracker
            && self.notice == other.notice
            && self.draft_problem == other.draft_problem
            && self.gate == other.gate
    }
}

pub enum ConsoleAction {
    Edit(DraftField, String),
    SetOperation(Operation),
    SetType(u32),
    ToggleDiscovery(bool),
    /// Use this address as the target (a click in the resource tree).
    Target(String),
    Send,
    Advance(u64),
    StartExercise(String),
    ShowHint,
    ResetExercise,
    /// Saved session, saved progress and a shared session from the URL, read by the mount effect.
    Restore {
        saved: Loaded<SessionRecord>,
        progress: Loaded<Progress>,
        shared: Option<String>,
    },
    /// The text of an exported session file.
    Import(String),
    Notify(Notice),
    Dismiss,
}

impl ConsoleState {
    pub fn new(exercise: Option<&str>) -> Self {
        let exercise = exercise.and_then(find_exercise);
        let mut tracker: ExerciseTracker = ExerciseTracker::default();
        tracker.start_exercise(exercise);
        ConsoleState {
            session: Shared::new(start_session(exercise)),
            draft: Draft::default(),
            tracker,
            notice: None,
            draft_problem: None,
            gate: SaveGate::default(),
            revision: 0,
        }
    }

    /// The exercise being worked on.
    pub fn exercise(&self) -> Option<&'static Exercise> {
        self.tracker.current_in(EXERCISES)
    }

    fn evaluate(&mut self) {
        self.tracker.check(EXERCISES, &*self.session);
    }

    fn with_session(&self, session: LabSession, exercise: Option<&'static Exercise>) -> Self {
        let mut next = self.clone();
        next.session = Shared::new(session);
        next.tracker.start_exercise(exercise);
        next.revision += 1;
        next.draft = Draft { body: next.draft.body.clone(), ..Draft::default() };
        next.draft_problem = None;
        next.evaluate();
        next
    }

    /// The progress to save.
    pub fn progress(&self) -> Progress {
        self.tracker.completed_exercises()
    }

    /// Whether the save effect writes the session and the progress: only once saved state was read and the
    /// reader did something, so opening a chapter stores nothing.
    pub fn has_something_to_save(&self) -> bool {
        self.gate.is_open()
    }

    /// The session the save effect writes, when [`Self::has_something_to_save`].
    pub fn session_to_save(&self) -> Option<SessionRecord> {
        self.gate.to_save(|| self.session.record.clone())
    }

    /// The exercise progress the save effect writes, when [`Self::has_something_to_save`].
    pub fn progress_to_save(&self) -> Option<Progress> {
        self.gate.to_save(|| self.progress())
    }

    /// The problem of the last Send if it concerns `field`.
    pub fn problem_at(&self, field: DraftField) -> Option<&DraftProblem> {
        self.draft_problem.as_ref().filter(|problem| problem.field == field)
    }

    fn clear_problem_at(&mut self, fields: &[DraftField]) {
        if self.draft_problem.as_ref().is_some_and(|problem| fields.contains(&problem.field)) {
            self.draft_problem = None;
        }
    }
}

/// A fresh session with the exercise's setup applied.
pub fn start_session(exercise: Option<&'static Exercise>) -> LabSession {
    let mut session = LabSession::new();
    session.record.exercise = exercise.map(|exercise| exercise.id.to_owned());
    if let Some(exercise) = exercise {
        for request in (exercise.setup)() {
            session.send(request);
        }
    }
    session.mark_student_start();
    session.last = None;
    session
}

/// A session as text for a URL (`#cse-lab=...`): base64url of its JSON record.
pub fn encode_share(record: &SessionRecord) -> String {
    let json = serde_json::to_string(record).unwrap_or_default();
    encode_base64(json.as_bytes()).replace('+', "-").replace('/', "_").trim_end_matches('=').to_owned()
}

/// The record in a shared text, or why it cannot be read.
pub fn decode_share(text: &str) -> Result<SessionRecord, String> {
    let mut standard = text.trim().replace('-', "+").replace('_', "/");
    while !standard.len().is_multiple_of(4) {
        standard.push('=');
    }
    let bytes = decode_base64(&standard).ok_or("the link is damaged (not base64)")?;
    serde_json::from_slice(&bytes).map_err(|error| format!("the link does not hold a lab session ({error})"))
}

fn restored_from(record: &SessionRecord) -> Result<(LabSession, Option<&'static Exercise>), String> {
    let session = LabSession::replay(record).map_err(|error| error.to_string())?;
    let exercise = record.exercise.as_deref().and_then(find_exercise);
    Ok((session, exercise))
}

impl Reducible for ConsoleState {
    type Action = ConsoleAction;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ConsoleAction::Edit(field, text) => {
                let slot = match field {
                    DraftField::To => &mut next.draft.to,
                    DraftField::Originator => &mut next.draft.originator,
                    DraftField::Body => &mut next.draft.body,
                    DraftField::Rcn => &mut next.draft.rcn,
                    DraftField::FilterTypes => &mut next.draft.filter_types,
                    DraftField::FilterLabels => &mut next.draft.filter_labels,
                    DraftField::FilterLimit => &mut next.draft.filter_limit,
                };
                *slot = text;
                next.clear_problem_at(&[field]);
            }
            ConsoleAction::SetOperation(operation) => {
                next.draft.operation = operation;
                next.clear_problem_at(&[DraftField::Body]);
                next.draft.body = match operation {
                    Operation::Create => templates::create_template(next.draft.ty, &next.draft.originator),
                    Operation::Update => {
                        let wrapper = next
                            .session
                            .resolve(&next.draft.to)
                            .and_then(|ri| next.session.cse.resource(&ri).map(|resource| resource.wrapper_key()))
                            .unwrap_or_else(|| "m2m:cnt".to_owned());
                        templates::update_template(&wrapper)
                    }
                    Operation::Notify => templates::notify_template(),
                    Operation::Retrieve | Operation::Delete => String::new(),
                };
            }
            ConsoleAction::SetType(ty) => {
                next.draft.ty = ty;
                next.draft.body = templates::create_template(ty, &next.draft.originator);
                next.clear_problem_at(&[DraftField::Body]);
            }
            ConsoleAction::ToggleDiscovery(on) => next.draft.discovery = on,
            ConsoleAction::Target(address) => {
                next.draft.to = address;
                next.clear_problem_at(&[DraftField::To]);
            }
            ConsoleAction::Send => match next.draft.to_request() {
                Ok(request) => {
                    next.session.update(|session| session.send(request));
                    next.revision += 1;
                    next.gate.touch();
                    next.notice = None;
                    next.draft_problem = None;
                    next.evaluate();
                }
                Err(problem) => next.draft_problem = Some(problem),
            },
            ConsoleAction::Advance(seconds) => {
                next.session.update(|session| session.advance(seconds));
                next.revision += 1;
                next.gate.touch();
                next.evaluate();
            }
            ConsoleAction::StartExercise(id) => {
                let exercise = find_exercise(&id);
                next = next.with_session(start_session(exercise), exercise);
                next.gate.touch();
                next.notice = None;
            }
            ConsoleAction::ShowHint => next.tracker.show_hint(),
            ConsoleAction::ResetExercise => {
                let exercise = self.exercise();
                next = next.with_session(start_session(exercise), exercise);
                next.gate.touch();
                next.notice = Some(Notice::info("The exercise was reset to its starting state."));
            }
            ConsoleAction::Restore { saved, progress, shared } => {
                let mut problems = Vec::new();
                match next
                    .gate
                    .restore(progress, |reason| format!("your exercise progress could not be read ({reason})"))
                {
                    Ok(Some(progress)) => next.tracker.restore_completed(progress.completed, |_| true),
                    Ok(None) => {}
                    Err(notice) => problems.push(notice.text),
                }
                let mut restored_shared = false;
                if let Some(text) = shared {
                    match decode_share(&text).and_then(|record| restored_from(&record)) {
                        Ok((session, exercise)) => {
                            next = next.with_session(session, exercise);
                            next.revision += 1;
                            restored_shared = true;
                        }
                        Err(reason) => problems.push(format!("the shared link could not be opened: {reason}")),
                    }
                }
                if !restored_shared {
                    match saved {
                        Loaded::Found(record) => match restored_from(&record) {
                            Ok((session, exercise)) => next = next.with_session(session, exercise),
                            Err(reason) => {
                                problems.push(format!("your saved lab session could not be replayed ({reason})"))
                            }
                        },
                        Loaded::Corrupt(reason) => {
                            problems.push(format!("your saved lab session could not be read ({reason})"))
                        }
                        Loaded::Missing => {}
                    }
                }
                next.notice = if !problems.is_empty() {
                    Some(Notice::error(format!("The lab started fresh: {}. It has been reset.", problems.join("; "))))
                } else if restored_shared {
                    Some(Notice::info("Opened the shared lab session from the link."))
                } else {
                    None
                };
                if !problems.is_empty() {
                    next.revision += 1; // overwrite what could not be read
                }
                // a shared session the reader opened is kept; unreadable data is replaced; good data is only read
                if restored_shared || !problems.is_empty() {
                    next.gate.touch();
                }
                next.evaluate();
            }
            ConsoleAction::Import(text) => {
                let record = serde_json::from_str::<Value>(&text)
                    .map_err(|error| format!("the file is not JSON ({error})"))
                    .and_then(|value| {
                        match lab_storage::decode::<SessionRecord>(&value.to_string(), SESSION_VERSION) {
                            Loaded::Found(record) => Ok(record),
                            Loaded::Corrupt(reason) => Err(format!("the file is not a lab session: {reason}")),
                            Loaded::Missing => Err("the file is empty".to_owned()),
                        }
                    });
                match record.and_then(|record| restored_from(&record)) {
                    Ok((session, exercise)) => {
                        next = next.with_session(session, exercise);
                        next.gate.touch();
                        next.notice = Some(Notice::info("Imported the lab session."));
                    }
                    Err(reason) => next.notice = Some(Notice::error(format!("Nothing was imported: {reason}."))),
                }
            }
            ConsoleAction::Notify(notice) => next.notice = Some(notice),
            ConsoleAction::Dismiss => next.notice = None,
        }
        Rc::new(next)
    }
}

/// The exercises, for views.
pub fn exercises() -> &'static [Exercise] {
    EXERCISES
}

#[cfg(test)]
mod tests;
