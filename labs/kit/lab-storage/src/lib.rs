//! Versioned progress in the reader's browser (localStorage), shared by every lab bundle. Nothing leaves the browser
//! unless the reader downloads it ([`download_json`], the backup file of [`backup`]).
//!
//! Every value is stored as `{"version": N, "data": ...}`. Reading distinguishes a missing value, a good
//! one, and one that is corrupt or from another version, so a widget can report and reset it instead of crashing.

pub mod backup;

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
        Some(found) => {
            return Loaded::Corrupt(format!(
                "it was saved by another version of the book (version {found}, expected {version})"
            ));
        }
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

/// Every entry the book stored in this browser (keys under [`KEY_PREFIX`]), with its stored text.
pub fn stored_entries() -> backup::StoredEntries {
    let mut entries = backup::StoredEntries::new();
    let Some(storage) = local_storage() else { return entries };
    for index in 0..storage.length().unwrap_or(0) {
        if let Ok(Some(key)) = storage.key(index)
            && key.starts_with(KEY_PREFIX)
            && let Ok(Some(text)) = storage.get_item(&key)
        {
            entries.insert(key, text);
        }
    }
    entries
}

/// Writes every entry under its full key; stops at the first one the browser refuses (storage full or disabled).
pub fn write_entries(entries: &backup::StoredEntries) -> Result<(), String> {
    let storage =
        local_storage().ok_or("this browser does not let the page store anything (local storage is disabled)")?;
    for (key, text) in entries {
        storage.set_item(key, text).map_err(|error| js_error_text(&error))?;
    }
    Ok(())
}

/// Removes every entry the book stored in this browser (keys under [`KEY_PREFIX`]), and nothing else.
pub fn remove_all_entries() {
    if let Some(storage) = local_storage() {
        for key in stored_entries().keys() {
            let _ = storage.remove_item(key);
        }
    }
}

/// Offers `text` to the reader as a JSON file named `name` (a download; nothing is sent anywhere).
pub fn download_json(name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    download_text(name, "application/json", text)
}

/// Offers `text` to the reader as a file named `name` of type `mime` (e.g. `text/csv`, `text/markdown`), a download;
/// nothing is sent anywhere.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|window| window.document()).ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Reads the file a reader chose in an `<input type="file">` (its `change` event) as text, then calls `done`
/// with the text or a readable reason. The input is cleared, so choosing the same file again is a new change.
pub fn read_chosen_file(event: &web_sys::Event, done: impl FnOnce(Result<String, String>) + 'static) {
    use wasm_bindgen::JsCast;
    let Some(input) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return;
    };
    let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
    input.set_value("");
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.text()).await {
            Ok(text) => done(Ok(text.as_string().unwrap_or_default())),
            Err(error) => done(Err(js_error_text(&error))),
        }
    });
}

/// A JavaScript error as text a reader can read.
pub fn js_error_text(error: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    error
        .as_string()
        .or_else(|| error.dyn_ref::<js_sys::Error>().map(|error| String::from(error.message())))
        .unwrap_or_else(|| format!("{error:?}"))
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
        assert!(
            matches!(decode::<Vec<u32>>(&encode(&vec![1], 2), 1), Loaded::Corrupt(reason) if reason.contains("version 2"))
        );
        assert!(
            matches!(decode::<Vec<u32>>(r#"{"version":1,"data":"text"}"#, 1), Loaded::Corrupt(reason) if reason.contains("does not fit"))
        );
        assert!(matches!(decode::<Vec<u32>>(r#"[1,2]"#, 1), Loaded::Corrupt(reason) if reason.contains("no version")));
    }
}
