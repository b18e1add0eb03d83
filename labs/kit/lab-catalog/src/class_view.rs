//! The class view: students' progress files read, checked and counted per quiz question and lab exercise.
//!
//! Shared by the workshop server (students hand their progress in; the host sees the class view) and the book's
//! class-view widget (a lecturer drops exported files onto a page; everything stays in the browser). Text in,
//! data out: no IO, no clock (the server passes the time a hand-in arrived).
//!
//! A progress file is the "Your progress" export (`lab-storage`'s backup: `{"format": "iot-book-progress",
//! "version": 1, "entries": {...}}`); a hand-in wraps one with the participant's name
//! (`{"format": "iot-book-hand-in", "version": 1, "participant": "...", "progress": {...}}`). A file is checked
//! whole before anything is counted: a foreign or corrupt one is refused with a reason ([`FileError`]).
//!
//! What the figures can say follows from what the book stores. A quiz keeps each response and its grade, so a
//! question's most common wrong answer is known. A lab keeps which exercises are done and, in some labs, the one
//! that is open; never the attempts, so an exercise's wrong answers are not known and the view says so
//! ([`NOT_RECORDED`]), and "stuck" for a lab exercise means: open, not done ([`ProgressShape`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value, json};

use crate::quiz::{Response, SAVED_QUIZ_VERSION, SavedQuiz, normalize_short_answer};
use crate::storage_keys;

/// The `format` of a "Your progress" export (`lab_storage::backup::BACKUP_FORMAT`; a test in book-widgets
/// keeps the two equal).
pub const PROGRESS_FORMAT: &str = "iot-book-progress";
/// The version of the export format read here.
pub const PROGRESS_VERSION: u64 = 1;
/// The prefix of every stored key (`lab_storage::KEY_PREFIX`).
pub const KEY_PREFIX: &str = "iot-book/";
/// The `format` of a hand-in: a progress file with the participant's name.
pub const HAND_IN_FORMAT: &str = "iot-book-hand-in";
/// The version of the hand-in format.
pub const HAND_IN_VERSION: u64 = 1;
/// The header the workshop server's book pages carry: the path hand-ins go to ("Your progress" shows its
/// hand-in button only when its page has it).
pub const HAND_IN_HEADER: &str = "x-iot-book-hand-in";
/// Where the workshop server takes hand-ins.
pub const HAND_IN_PATH: &str = "/workshop/api/hand-in";
/// The largest file read (a hand-in or a dropped file), in bytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// The longest participant name, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// What the view says where a lab keeps no wrong answers.
pub const NOT_RECORDED: &str = "not recorded (a lab keeps which exercises are done, not the attempts)";
/// What the view says where a lab does not keep which exercise is open.
pub const OPEN_NOT_RECORDED: &str = "not recorded (this lab does not keep which exercise is open)";

/// How a lab's saved progress says what is done and what is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressShape {
    /// `{"completed": [ids], ...}`: what is done only.
    Completed,
    /// `{"completed": [ids], "exercise": id or null, ...}`: what is done and the exercise open.
    CompletedAndOpen,
    /// The access-control lab: `{"current": id, "challenges": {id: {"solved": bool, ...}}}`.
    Challenges,
}

/// A lab as the class view reads it: its progress key (in [`storage_keys::LAB_PROGRESS`]), its exercises in
/// order (the lists the labs check their own against), and the shape of its progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabExercises {
    pub key: &'static str,
    pub exercises: &'static [&'static str],
    pub shape: ProgressShape,
}

impl LabExercises {
    /// The lab's name as "Your progress" gives it.
    pub fn name(&self) -> &'static str {
        storage_keys::lab_progress_name(self.key).unwrap_or(self.key)
    }
}

/// Every lab's exercises: a new lab adds one line here (a test checks every lab of `LAB_PROGRESS` is listed).
pub const LAB_EXERCISES: &[LabExercises] = &[
    LabExercises {
        key: storage_keys::CSE_LAB_PROGRESS,
        exercises: crate::CSE_LAB_EXERCISES,
        shape: ProgressShape::Completed,
    },
    LabExercises {
        key: storage_keys::ACL_LAB_PROGRESS,
        exercises: crate::ACL_LAB_CHALLENGES,
        shape: ProgressShape::Challenges,
    },
    LabExercises {
        key: storage_keys::PRIVACY_LAB_PROGRESS,
        exercises: crate::PRIVACY_LAB_EXERCISES,
        shape: ProgressShape::CompletedAndOpen,
    },
    LabExercises {
        key: storage_keys::THREAT_LAB_PROGRESS,
        exercises: crate::THREAT_LAB_EXERCISES,
        shape: ProgressShape::CompletedAndOpen,
    },
    LabExercises {
        key: storage_keys::ONTOLOGY_LAB_PROGRESS,
        exercises: crate::ONTOLOGY_LAB_EXERCISES,
        shape: ProgressShape::Completed,
    },
    LabExercises {
        key: storage_keys::CONFORMITY_LAB_PROGRESS,
        exercises: crate::CONFORMITY_LAB_EXERCISES,
        shape: ProgressShape::CompletedAndOpen,
    },
    LabExercises {
        key: storage_keys::UPDATE_LAB_PROGRESS,
        exercises: crate::UPDATE_LAB_EXERCISES,
        shape: ProgressShape::Completed,
    },
    LabExercises {
        key: storage_keys::ANONYMISATION_LAB_PROGRESS,
        exercises: crate::ANONYMISATION_LAB_EXERCISES,
        shape: ProgressShape::CompletedAndOpen,
    },
    LabExercises {
        key: storage_keys::INTERWORKING_LAB_PROGRESS,
        exercises: crate::INTERWORKING_LAB_EXERCISES,
        shape: ProgressShape::Completed,
    },
    LabExercises {
        key: storage_keys::TLS_LAB_PROGRESS,
        exercises: crate::TLS_LAB_EXERCISES,
        shape: ProgressShape::CompletedAndOpen,
    },
    LabExercises {
        key: storage_keys::RDF_LAB_PROGRESS,
        exercises: crate::RDF_LAB_EXERCISES,
        shape: ProgressShape::CompletedAndOpen,
    },
    LabExercises {
        key: storage_keys::PLUGTEST_LAB_PROGRESS,
        exercises: crate::PLUGTEST_LAB_EXERCISES,
        shape: ProgressShape::CompletedAndOpen,
    },
    LabExercises {
        key: storage_keys::DPIA_LAB_PROGRESS,
        exercises: crate::DPIA_LAB_EXERCISES,
        shape: ProgressShape::CompletedAndOpen,
    },
];

/// The version every lab's progress entry is read at (each lab's `PROGRESS_VERSION`).
pub const LAB_PROGRESS_VERSION: u64 = 1;

/// Why a file is refused. Nothing of a refused file is counted or stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge { bytes: usize },
    /// Not JSON at all.
    NotJson(String),
    /// JSON, but neither a progress file of this book nor a hand-in; says what is missing.
    NotOurFormat(String),
    /// A file of another version of the format (`None`: no version).
    OtherVersion { format: &'static str, found: Option<String> },
    /// An entry whose key is not one of the book's.
    KeyOutsidePrefix(String),
    /// An entry that is not a stored value `{"version": N, "data": ...}`.
    InvalidEntry { key: String, reason: String },
    /// A good file that holds no progress.
    Empty,
    /// The participant's name is not usable.
    BadName(String),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::TooLarge { bytes } => write!(
                f,
                "the file is {bytes} bytes, more than the {MAX_FILE_BYTES} a progress file may have; is it the \
                 \"Your progress\" export?"
            ),
            FileError::NotJson(error) => write!(f, "the file is not JSON ({error})"),
            FileError::NotOurFormat(what) => write!(
                f,
                "the file is not a progress file of this book: {what} (expected \"format\": \"{PROGRESS_FORMAT}\", \
                 the \"Your progress\" export)"
            ),
            FileError::OtherVersion { format, found: Some(found) } => {
                write!(f, "the file is version {found} of the {format} format; this book reads version 1")
            }
            FileError::OtherVersion { format, found: None } => {
                write!(f, "the file has no version number; this book reads version 1 of the {format} format")
            }
            FileError::KeyOutsidePrefix(key) => {
                write!(f, "the entry \"{key}\" is not progress of this book (every key starts with \"{KEY_PREFIX}\")")
            }
            FileError::InvalidEntry { key, reason } => write!(f, "the entry \"{key}\" is not saved progress: {reason}"),
            FileError::Empty => f.write_str(
                "the file holds no progress (no quiz answered, no lab worked in): there is nothing to count",
            ),
            FileError::BadName(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for FileError {}

/// One lab's progress as the class view counts it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabProgress {
    /// The exercises done (ids known to the lab's list only).
    pub solved: BTreeSet<String>,
    /// The exercise open, when the lab keeps it.
    pub open: Option<String>,
}

/// One student's progress file, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudentProgress {
    /// Each quiz's answers, by quiz id.
    pub quizzes: BTreeMap<String, SavedQuiz>,
    /// Each lab's progress, by progress key.
    pub labs: BTreeMap<&'static str, LabProgress>,
    /// How many entries the file holds (all kinds, sessions included).
    pub entries: usize,
    /// Entries of the file that could not be counted, one sentence each (another version, another shape).
    pub unread: Vec<String>,
}

/// A hand-in: who, their progress read, and the progress file as sent (to be stored).
#[derive(Debug, Clone, PartialEq)]
pub struct HandIn {
    pub participant: String,
    pub progress: StudentProgress,
    pub progress_file: Value,
}

/// A participant's name as entered, with white space folded; refused when empty, too long or with control
/// characters.
pub fn check_name(raw: &str) -> Result<String, FileError> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(FileError::BadName("give the name you want the host to see (a first name or a nickname)".into()));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(FileError::BadName(format!("the name is longer than {MAX_NAME_CHARS} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(FileError::BadName("the name holds a control character".into()));
    }
    Ok(name)
}

/// The key two names are the same by: a participant handing in again under their name (in any case) replaces
/// their earlier hand-in.
pub fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The name a dropped file stands for: its file name without `.json`, folded and cut to [`MAX_NAME_CHARS`].
pub fn name_from_file_name(file_name: &str) -> String {
    let stem = file_name.strip_suffix(".json").or_else(|| file_name.strip_suffix(".JSON")).unwrap_or(file_name);
    let folded: String = stem.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let name: String = folded.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(MAX_NAME_CHARS).collect();
    if name.is_empty() { "unnamed file".to_owned() } else { name }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn parse(text: &str) -> Result<Map<String, Value>, FileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge { bytes: text.len() });
    }
    let document: Value = serde_json::from_str(text).map_err(|error| FileError::NotJson(error.to_string()))?;
    match document {
        Value::Object(object) => Ok(object),
        other => Err(FileError::NotOurFormat(format!("it holds {}, not an object", kind_of(&other)))),
    }
}

fn check_version(document: &Map<String, Value>, format: &'static str, version: u64) -> Result<(), FileError> {
    match document.get("version") {
        Some(found) if found.as_u64() == Some(version) => Ok(()),
        Some(found) => Err(FileError::OtherVersion { format, found: Some(found.to_string()) }),
        None => Err(FileError::OtherVersion { format, found: None }),
    }
}

/// Reads a "Your progress" export (already parsed): the whole file is checked, then counted.
pub fn read_progress(document: &Value) -> Result<StudentProgress, FileError> {
    let Some(document) = document.as_object() else {
        return Err(FileError::NotOurFormat(format!("it holds {}, not an object", kind_of(document))));
    };
    match document.get("format") {
        Some(Value::String(format)) if format == PROGRESS_FORMAT => {}
        Some(other) => return Err(FileError::NotOurFormat(format!("its \"format\" is {other}"))),
        None => return Err(FileError::NotOurFormat("it has no \"format\"".to_owned())),
    }
    check_version(document, PROGRESS_FORMAT, PROGRESS_VERSION)?;
    let entries = match document.get("entries") {
        Some(Value::Object(entries)) => entries,
        Some(other) => {
            return Err(FileError::NotOurFormat(format!("its \"entries\" is {}, not an object", kind_of(other))));
        }
        None => return Err(FileError::NotOurFormat("it has no \"entries\"".to_owned())),
    };
    for (key, value) in entries {
        if !key.starts_with(KEY_PREFIX) || key.len() == KEY_PREFIX.len() {
            return Err(FileError::KeyOutsidePrefix(key.clone()));
        }
        check_stored_value(value).map_err(|reason| FileError::InvalidEntry { key: key.clone(), reason })?;
    }
    if entries.is_empty() {
        return Err(FileError::Empty);
    }
    let mut progress = StudentProgress { entries: entries.len(), ..StudentProgress::default() };
    for (key, value) in entries {
        let name = &key[KEY_PREFIX.len()..];
        let version = value.get("version").and_then(Value::as_u64).unwrap_or(0);
        let data = value.get("data").cloned().unwrap_or(Value::Null);
        if let Some(quiz) = name.strip_prefix(storage_keys::QUIZ_PREFIX) {
            match read_quiz(version, data) {
                Ok(saved) => {
                    progress.quizzes.insert(quiz.to_owned(), saved);
                }
                Err(why) => progress.unread.push(format!("quiz {quiz}: {why}")),
            }
        } else if let Some(lab) = LAB_EXERCISES.iter().find(|lab| lab.key == name) {
            match read_lab(lab, version, &data) {
                Ok(read) => {
                    progress.labs.insert(lab.key, read);
                }
                Err(why) => progress.unread.push(format!("{}: {why}", lab.name())),
            }
        }
    }
    Ok(progress)
}

/// Whether `value` has the shape of a stored value, `{"version": N, "data": ...}`; says why not.
fn check_stored_value(value: &Value) -> Result<(), String> {
    let Some(object) = value.as_object() else {
        return Err(format!("expected an object with \"version\" and \"data\", found {}", kind_of(value)));
    };
    match object.get("version") {
        Some(version) if version.as_u64().is_some() => {}
        Some(version) => return Err(format!("its \"version\" must be a whole number, found {version}")),
        None => return Err("it has no \"version\"".to_owned()),
    }
    if !object.contains_key("data") {
        return Err("it has no \"data\"".to_owned());
    }
    Ok(())
}

fn read_quiz(version: u64, data: Value) -> Result<SavedQuiz, String> {
    if version != u64::from(SAVED_QUIZ_VERSION) {
        return Err(format!("saved by another version of the quiz (version {version}); not counted"));
    }
    let saved: SavedQuiz =
        serde_json::from_value(data).map_err(|error| format!("its answers do not read ({error}); not counted"))?;
    if saved.responses.len() != saved.results.len() {
        return Err("its answers and grades do not match; not counted".to_owned());
    }
    Ok(saved)
}

fn read_lab(lab: &LabExercises, version: u64, data: &Value) -> Result<LabProgress, String> {
    if version != LAB_PROGRESS_VERSION {
        return Err(format!("saved by another version of the lab (version {version}); not counted"));
    }
    let known = |id: &str| lab.exercises.contains(&id);
    let text = |field: &str| data.get(field).and_then(Value::as_str).filter(|id| known(id)).map(str::to_owned);
    match lab.shape {
        ProgressShape::Completed | ProgressShape::CompletedAndOpen => {
            let Some(completed) = data.get("completed").and_then(Value::as_array) else {
                return Err("its progress has no list of exercises done; not counted".to_owned());
            };
            let solved = completed.iter().filter_map(Value::as_str).filter(|id| known(id)).map(str::to_owned).collect();
            let open = if lab.shape == ProgressShape::CompletedAndOpen { text("exercise") } else { None };
            Ok(LabProgress { solved, open })
        }
        ProgressShape::Challenges => {
            let Some(challenges) = data.get("challenges").and_then(Value::as_object) else {
                return Err("its progress has no challenges; not counted".to_owned());
            };
            let solved = challenges
                .iter()
                .filter(|(id, challenge)| known(id) && challenge.get("solved") == Some(&Value::Bool(true)))
                .map(|(id, _)| id.clone())
                .collect();
            Ok(LabProgress { solved, open: text("current") })
        }
    }
}

/// Reads a hand-in as the workshop server receives it (text of at most [`MAX_FILE_BYTES`]).
pub fn read_hand_in(text: &str) -> Result<HandIn, FileError> {
    let document = parse(text)?;
    read_hand_in_document(&document)
}

fn read_hand_in_document(document: &Map<String, Value>) -> Result<HandIn, FileError> {
    match document.get("format") {
        Some(Value::String(format)) if format == HAND_IN_FORMAT => {}
        Some(Value::String(format)) if format == PROGRESS_FORMAT => {
            return Err(FileError::NotOurFormat(
                "it is a progress file without a name (hand it in from \"Your progress\", which adds your name)".into(),
            ));
        }
        Some(other) => return Err(FileError::NotOurFormat(format!("its \"format\" is {other}"))),
        None => return Err(FileError::NotOurFormat("it has no \"format\"".to_owned())),
    }
    check_version(document, HAND_IN_FORMAT, HAND_IN_VERSION)?;
    let participant = match document.get("participant") {
        Some(Value::String(name)) => check_name(name)?,
        _ => return Err(FileError::BadName("the hand-in names no participant".into())),
    };
    let progress_file = document.get("progress").cloned().unwrap_or(Value::Null);
    let progress = read_progress(&progress_file)?;
    Ok(HandIn { participant, progress, progress_file })
}

/// The hand-in document: what "Your progress" sends and the server stores (`received_at`, milliseconds since
/// the epoch, is added by the server).
pub fn hand_in_document(participant: &str, progress_file: &Value, received_at: Option<u64>) -> Value {
    let mut document = json!({
        "format": HAND_IN_FORMAT,
        "version": HAND_IN_VERSION,
        "participant": participant,
        "progress": progress_file,
    });
    if let (Some(at), Some(object)) = (received_at, document.as_object_mut()) {
        object.insert("received_at".into(), json!(at));
    }
    document
}

/// Reads a file a lecturer dropped: a progress export (named after the file) or a hand-in (named by its
/// participant, e.g. a file copied from the workshop server's data directory).
pub fn read_dropped_file(file_name: &str, text: &str) -> Result<(String, StudentProgress), FileError> {
    let document = parse(text)?;
    if document.get("format").and_then(Value::as_str) == Some(HAND_IN_FORMAT) {
        let hand_in = read_hand_in_document(&document)?;
        return Ok((hand_in.participant, hand_in.progress));
    }
    let progress = read_progress(&Value::Object(document))?;
    Ok((name_from_file_name(file_name), progress))
}

/// A participant and their progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub name: String,
    pub progress: StudentProgress,
}

/// The most common wrong answer to a question, and how many gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrongAnswer {
    pub answer: String,
    pub count: usize,
}

/// One quiz question across the class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRow {
    pub quiz: String,
    /// 1-based, as the quiz shows it.
    pub number: usize,
    /// Answered and checked.
    pub checked: usize,
    pub correct: usize,
    pub common_wrong: Option<WrongAnswer>,
    /// Who answered it wrong (their last checked answer).
    pub stuck: Vec<String>,
}

/// One lab exercise across the class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseRow {
    pub lab: &'static str,
    pub exercise: &'static str,
    /// Participants with progress in this lab.
    pub in_lab: usize,
    pub solved: usize,
    /// Who has it open and not done; `None` when the lab does not keep the open exercise.
    pub stuck: Option<Vec<String>>,
}

/// The class view: every question and exercise, counted over the participants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassView {
    /// The participants' names, sorted.
    pub participants: Vec<String>,
    pub questions: Vec<QuestionRow>,
    /// The exercises of every lab at least one participant worked in, in the lab's order.
    pub exercises: Vec<ExerciseRow>,
    /// What could not be counted, "name: sentence".
    pub unread: Vec<String>,
}

/// How a wrong response reads in the view ("choice 2", "choices 1 and 3", a short answer quoted).
pub fn describe_response(response: &Response) -> String {
    match response {
        Response::Single(choice) => format!("choice {}", choice.saturating_add(1)),
        Response::Multiple(ticked) => {
            let mut ticked: Vec<usize> = ticked.iter().map(|choice| choice.saturating_add(1)).collect();
            ticked.sort_unstable();
            ticked.dedup();
            match ticked.as_slice() {
                [] => "nothing ticked".to_owned(),
                [one] => format!("choice {one} only"),
                [rest @ .., last] => {
                    let rest: Vec<String> = rest.iter().map(usize::to_string).collect();
                    format!("choices {} and {last}", rest.join(", "))
                }
            }
        }
        Response::Short(text) => {
            let text = normalize_short_answer(text);
            let cut: String = text.chars().take(60).collect();
            let more = if cut.len() < text.len() { "…" } else { "" };
            format!("“{cut}{more}”")
        }
    }
}

fn is_answered(response: &Response) -> bool {
    match response {
        Response::Single(choice) => *choice != usize::MAX,
        Response::Multiple(ticked) => !ticked.is_empty(),
        Response::Short(text) => !text.trim().is_empty(),
    }
}

/// Counts every participant's progress (pure; the order of `participants` does not matter).
pub fn aggregate(participants: &[Participant]) -> ClassView {
    let mut sorted: Vec<&Participant> = participants.iter().collect();
    sorted.sort_by(|a, b| name_key(&a.name).cmp(&name_key(&b.name)).then_with(|| a.name.cmp(&b.name)));
    let mut view = ClassView { participants: sorted.iter().map(|p| p.name.clone()).collect(), ..ClassView::default() };
    // quiz questions: every (quiz, question) any participant has
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for participant in &sorted {
        for (quiz, saved) in &participant.progress.quizzes {
            let size = sizes.entry(quiz.as_str()).or_default();
            *size = (*size).max(saved.responses.len());
        }
        for sentence in &participant.progress.unread {
            view.unread.push(format!("{}: {sentence}", participant.name));
        }
    }
    for (quiz, size) in sizes {
        for index in 0..size {
            let mut row = QuestionRow {
                quiz: quiz.to_owned(),
                number: index + 1,
                checked: 0,
                correct: 0,
                common_wrong: None,
                stuck: Vec::new(),
            };
            let mut wrong: BTreeMap<String, usize> = BTreeMap::new();
            for participant in &sorted {
                let Some(saved) = participant.progress.quizzes.get(quiz) else { continue };
                let (Some(response), Some(Some(correct))) = (saved.responses.get(index), saved.results.get(index))
                else {
                    continue;
                };
                if !is_answered(response) {
                    continue;
                }
                row.checked += 1;
                if *correct {
                    row.correct += 1;
                } else {
                    *wrong.entry(describe_response(response)).or_default() += 1;
                    row.stuck.push(participant.name.clone());
                }
            }
            // the most given; on a tie the first in text order (`max_by_key` keeps the last maximum, and the
            // answers are walked in reverse text order)
            row.common_wrong = wrong
                .into_iter()
                .rev()
                .max_by_key(|(_, count)| *count)
                .map(|(answer, count)| WrongAnswer { answer, count });
            view.questions.push(row);
        }
    }
    // lab exercises: every exercise of each lab someone worked in
    for lab in LAB_EXERCISES {
        let in_lab: Vec<(&str, &LabProgress)> = sorted
            .iter()
            .filter_map(|participant| participant.progress.labs.get(lab.key).map(|p| (participant.name.as_str(), p)))
            .collect();
        if in_lab.is_empty() {
            continue;
        }
        let keeps_open = lab.shape != ProgressShape::Completed;
        for exercise in lab.exercises {
            let solved = in_lab.iter().filter(|(_, progress)| progress.solved.contains(*exercise)).count();
            let stuck = keeps_open.then(|| {
                in_lab
                    .iter()
                    .filter(|(_, progress)| {
                        progress.open.as_deref() == Some(*exercise) && !progress.solved.contains(*exercise)
                    })
                    .map(|(name, _)| (*name).to_owned())
                    .collect()
            });
            view.exercises.push(ExerciseRow { lab: lab.name(), exercise, in_lab: in_lab.len(), solved, stuck });
        }
    }
    view
}

impl QuestionRow {
    /// "Quiz access-control, question 2".
    pub fn label(&self) -> String {
        format!("Quiz {}, question {}", self.quiz, self.number)
    }
}

impl ExerciseRow {
    /// "Privacy lab: holiday-retention".
    pub fn label(&self) -> String {
        format!("{}: {}", self.lab, self.exercise)
    }
}

impl ClassView {
    /// Who is stuck where: each participant with the questions they got wrong and the exercises they have open
    /// and not done, in the view's order; participants stuck nowhere are left out.
    pub fn stuck_where(&self) -> Vec<(String, Vec<String>)> {
        self.participants
            .iter()
            .filter_map(|name| {
                let questions = self.questions.iter().filter(|row| row.stuck.contains(name)).map(QuestionRow::label);
                let exercises = self
                    .exercises
                    .iter()
                    .filter(|row| row.stuck.as_ref().is_some_and(|stuck| stuck.contains(name)))
                    .map(ExerciseRow::label);
                let items: Vec<String> = questions.chain(exercises).collect();
                (!items.is_empty()).then(|| (name.clone(), items))
            })
            .collect()
    }

    /// The view as CSV (RFC 4180: every cell quoted; a cell a spreadsheet would run as a formula is prefixed
    /// with `'`): one row per question and exercise.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let mut row = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        };
        row(&[
            "item".into(),
            "kind".into(),
            "participants".into(),
            "answered or in the lab".into(),
            "solved".into(),
            "most common wrong answer".into(),
            "times given".into(),
            "stuck".into(),
        ]);
        let total = self.participants.len().to_string();
        for question in &self.questions {
            let (answer, count) = match &question.common_wrong {
                Some(wrong) => (wrong.answer.clone(), wrong.count.to_string()),
                None => (String::new(), String::new()),
            };
            row(&[
                question.label(),
                "quiz question".into(),
                total.clone(),
                question.checked.to_string(),
                question.correct.to_string(),
                answer,
                count,
                question.stuck.join("; "),
            ]);
        }
        for exercise in &self.exercises {
            row(&[
                exercise.label(),
                "lab exercise".into(),
                total.clone(),
                exercise.in_lab.to_string(),
                exercise.solved.to_string(),
                NOT_RECORDED.into(),
                String::new(),
                match &exercise.stuck {
                    Some(stuck) => stuck.join("; "),
                    None => OPEN_NOT_RECORDED.into(),
                },
            ]);
        }
        out
    }
}

/// One CSV cell, quoted; text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) is prefixed with `'` (OWASP's advice against CSV injection).
pub fn csv_cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

#[cfg(test)]
mod tests;
