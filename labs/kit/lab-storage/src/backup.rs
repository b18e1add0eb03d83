//! The progress backup file: every entry the book stored in this browser, in one readable JSON document that a
//! reader can keep, carry to another computer or hand to a lecturer, and import again. Pure: text in, data out.
//!
//! ```json
//! {
//!   "format": "iot-book-progress",
//!   "version": 1,
//!   "entries": {
//!     "iot-book/quiz/access-control": { "version": 1, "data": { "responses": [...], "results": [...] } }
//!   }
//! }
//! ```
//!
//! Each entry is the stored value itself (`{"version": N, "data": ...}`, see [`crate::encode`]) as a JSON value,
//! not a string, so the file reads like the data it holds. Importing validates the whole file before anything is
//! written ([`restore_backup`]): a bad file changes nothing.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value, json};

use crate::KEY_PREFIX;

/// The `format` field of a backup file.
pub const BACKUP_FORMAT: &str = "iot-book-progress";

/// The version of the backup file format this code writes and reads.
pub const BACKUP_VERSION: u64 = 1;

/// The name of the downloaded backup file.
pub const BACKUP_FILE_NAME: &str = "iot-book-progress.json";

/// Stored entries: the full key (with [`KEY_PREFIX`]) and the stored text, in key order.
pub type StoredEntries = BTreeMap<String, String>;

/// An encoded backup, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// The file's text (pretty-printed JSON).
    pub json: String,
    /// How many entries the file holds.
    pub exported: usize,
    /// The keys left out because their stored value is unreadable (a lab resets those when it next opens).
    pub left_out: Vec<String>,
}

/// Why a file cannot be imported. Nothing is written when decoding fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupError {
    /// The text is not JSON at all.
    NotJson(String),
    /// JSON, but not a progress file of this book; says what is missing.
    NotOurFormat(String),
    /// A progress file of another version of the format (`None` when the file has no version).
    OtherVersion(Option<String>),
    /// An entry whose key is not one of the book's.
    KeyOutsidePrefix(String),
    /// An entry that is not a stored value `{"version": N, "data": ...}`.
    InvalidEntry { key: String, reason: String },
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupError::NotJson(error) => write!(f, "the file is not JSON ({error})"),
            BackupError::NotOurFormat(what) => {
                write!(
                    f,
                    "the file is not a progress file of this book: {what} (expected \"format\": \"{BACKUP_FORMAT}\")"
                )
            }
            BackupError::OtherVersion(Some(found)) => {
                write!(
                    f,
                    "the file is version {found} of the progress format; this book reads version {BACKUP_VERSION}"
                )
            }
            BackupError::OtherVersion(None) => {
                write!(
                    f,
                    "the file has no version number; this book reads version {BACKUP_VERSION} of the progress format"
                )
            }
            BackupError::KeyOutsidePrefix(key) => {
                write!(f, "the entry \"{key}\" is not progress of this book (every key starts with \"{KEY_PREFIX}\")")
            }
            BackupError::InvalidEntry { key, reason } => {
                write!(f, "the entry \"{key}\" is not saved progress: {reason}")
            }
        }
    }
}

impl std::error::Error for BackupError {}

/// Why an import did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreError {
    /// The file is bad; nothing was written.
    Invalid(BackupError),
    /// The file was good but the browser refused to store it (storage full or disabled).
    NotStored(String),
}

impl fmt::Display for RestoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestoreError::Invalid(error) => write!(f, "{error}. Nothing was changed."),
            RestoreError::NotStored(reason) => write!(f, "the browser did not store the progress ({reason})"),
        }
    }
}

impl std::error::Error for RestoreError {}

/// Whether `value` has the shape every stored value has: `{"version": N, "data": ...}`. Says why not.
pub fn check_stored_value(value: &Value) -> Result<(), String> {
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

/// Parses a stored text into its JSON value when it is a readable stored value.
pub fn stored_value(text: &str) -> Option<Value> {
    let value: Value = serde_json::from_str(text).ok()?;
    check_stored_value(&value).ok().map(|()| value)
}

/// Encodes every readable entry into one backup file; unreadable ones are left out and named.
pub fn encode_backup(entries: &StoredEntries) -> Backup {
    let mut kept = Map::new();
    let mut left_out = Vec::new();
    for (key, text) in entries {
        match stored_value(text) {
            Some(value) => {
                kept.insert(key.clone(), value);
            }
            None => left_out.push(key.clone()),
        }
    }
    let exported = kept.len();
    let document = json!({ "format": BACKUP_FORMAT, "version": BACKUP_VERSION, "entries": kept });
    let json = serde_json::to_string_pretty(&document).unwrap_or_else(|_| document.to_string());
    Backup { json, exported, left_out }
}

/// Decodes and validates a whole backup file: every entry, or an error and nothing.
pub fn decode_backup(text: &str) -> Result<StoredEntries, BackupError> {
    let document: Value = serde_json::from_str(text).map_err(|error| BackupError::NotJson(error.to_string()))?;
    let Some(document) = document.as_object() else {
        return Err(BackupError::NotOurFormat(format!("it holds {}, not an object", kind_of(&document))));
    };
    match document.get("format") {
        Some(Value::String(format)) if format == BACKUP_FORMAT => {}
        Some(other) => return Err(BackupError::NotOurFormat(format!("its \"format\" is {other}"))),
        None => return Err(BackupError::NotOurFormat("it has no \"format\"".to_owned())),
    }
    match document.get("version") {
        Some(version) if version.as_u64() == Some(BACKUP_VERSION) => {}
        Some(version) => return Err(BackupError::OtherVersion(Some(version.to_string()))),
        None => return Err(BackupError::OtherVersion(None)),
    }
    let entries = match document.get("entries") {
        Some(Value::Object(entries)) => entries,
        Some(other) => {
            return Err(BackupError::NotOurFormat(format!("its \"entries\" is {}, not an object", kind_of(other))));
        }
        None => return Err(BackupError::NotOurFormat("it has no \"entries\"".to_owned())),
    };
    let mut decoded = StoredEntries::new();
    for (key, value) in entries {
        if !key.starts_with(KEY_PREFIX) || key.len() == KEY_PREFIX.len() {
            return Err(BackupError::KeyOutsidePrefix(key.clone()));
        }
        check_stored_value(value).map_err(|reason| BackupError::InvalidEntry { key: key.clone(), reason })?;
        decoded.insert(key.clone(), value.to_string());
    }
    Ok(decoded)
}

/// Imports a backup file: decodes and validates all of it first, then hands every entry to `write` in one call.
/// A bad file never reaches `write`, so it changes nothing. Returns how many entries were restored.
pub fn restore_backup(
    text: &str,
    write: impl FnOnce(&StoredEntries) -> Result<(), String>,
) -> Result<usize, RestoreError> {
    let entries = decode_backup(text).map_err(RestoreError::Invalid)?;
    write(&entries).map_err(RestoreError::NotStored)?;
    Ok(entries.len())
}

#[cfg(test)]
mod tests;
