//! Versioned progress in the reader's browser (localStorage), shared by every lab bundle. Nothing leaves the browser.
//!
//! Every value is stored as `{"version": N, "data": ...}`. Reading distinguishes a missing value, a good
//! one, and one that is corrupt or from another version, so a widget can report and reset it instead of crashing.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The prefix of every key the book stores.
pub const KEY_PREFIX: &str = "iot-book/";

/// What was found under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded<T> {
    Missing,
    Found(T),
    /// Present but unreadable; the reason is shown to the reader.
    Corrupt(String),
}

/// Decodes a stored text (pure; tested natively).
pub fn decode<T: DeserializeOwned>(text: &str, version: u32) -> Loaded<T> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => return Loaded::Corrupt(format!("it is not valid JSON ({error})")),
    };
    match value.get("version").and_then(Value::as_u64) {
        Some(found) if found == u64::from(version) => {}
        Some(found) => return Loaded::Corrupt(format!("it was saved by another version of the book (version {found}, expected {version})")),
        None => return Loaded::Corrupt("it has no version".to_owned()),
    }
    match value.get("data").cloned().map(serde_json::from_value::<T>) {
        Some(Ok(data)) => Loaded::Found(data),
        Some(Err(error)) => Loaded::Corrupt(format!("its content does not fit ({error})")),
        None => Loaded::Corrupt("it has no data".to_owned()),
    }
}

/// Encodes a value with its version.
pub fn encode<T: Serialize>(data: &T, version: u32) -> String {
    serde_json::json!({ "version": version, "data": data }).to_string()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads `KEY_PREFIX + key`. Without storage (private mode, disabled) everything is Missing.
pub fn load<T: DeserializeOwned>(key: &str, version: u32) -> Loaded<T> {
    let Some(storage) = local_storage() else { return Loaded::Missing };
    match storage.get_item(&format!("{KEY_PREFIX}{key}")) {
        Ok(Some(text)) => decode(&text, version),
        _ => Loaded::Missing,
    }
}

/// Writes `KEY_PREFIX + key`; a full or disabled storage is ignored (progress is a convenience).
pub fn save<T: Serialize>(key: &str, version: u32, data: &T) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(&format!("{KEY_PREFIX}{key}"), &encode(data, version));
    }
}

/// Removes `KEY_PREFIX + key`.
pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(&format!("{KEY_PREFIX}{key}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_round_trips() {
        let text = encode(&vec![1, 2, 3], 1);
        assert_eq!(decode::<Vec<u32>>(&text, 1), Loaded::Found(vec![1, 2, 3]));
    }

    #[test]
    fn corrupt_and_foreign_values_are_told_apart() {
        assert!(matches!(decode::<Vec<u32>>("{oops", 1), Loaded::Corrupt(reason) if reason.contains("not valid JSON")));
        assert!(matches!(decode::<Vec<u32>>(&encode(&vec![1], 2), 1), Loaded::Corrupt(reason) if reason.contains("version 2")));
        assert!(matches!(decode::<Vec<u32>>(r#"{"version":1,"data":"text"}"#, 1), Loaded::Corrupt(reason) if reason.contains("does not fit")));
        assert!(matches!(decode::<Vec<u32>>(r#"[1,2]"#, 1), Loaded::Corrupt(reason) if reason.contains("no version")));
    }
}
