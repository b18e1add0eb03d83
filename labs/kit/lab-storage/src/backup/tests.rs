use super::*;
use crate::encode;

fn sample_entries() -> StoredEntries {
    StoredEntries::from([
        (
            "iot-book/quiz/access-control".to_owned(),
            encode(&json!({"responses": [{"single": 1}], "results": [true]}), 1),
        ),
        ("iot-book/acl-lab/progress".to_owned(), encode(&json!({"solved": ["meters-wildcard"]}), 2)),
    ])
}

fn file(entries: Value) -> String {
    json!({"format": "iot-book-progress", "version": 1, "entries": entries}).to_string()
}

#[test]
fn a_backup_round_trips_every_entry() {
    let entries = sample_entries();
    let backup = encode_backup(&entries);
    assert_eq!((backup.exported, backup.left_out.clone()), (2, vec![]));
    let decoded = decode_backup(&backup.json).expect("our own file imports");
    assert_eq!(decoded.keys().collect::<Vec<_>>(), entries.keys().collect::<Vec<_>>());
    for (key, text) in &entries {
        let original: Value = serde_json::from_str(text).expect("stored JSON");
        let restored: Value = serde_json::from_str(&decoded[key]).expect("restored JSON");
        assert_eq!(restored, original, "{key}");
    }
    assert_eq!(
        crate::decode::<Value>(&decoded["iot-book/acl-lab/progress"], 2),
        crate::Loaded::Found(json!({"solved": ["meters-wildcard"]}))
    );
}

#[test]
fn the_file_is_readable_json_with_values_not_strings() {
    let backup = encode_backup(&sample_entries());
    let document: Value = serde_json::from_str(&backup.json).expect("JSON");
    assert_eq!(document["format"], "iot-book-progress");
    assert_eq!(document["version"], 1);
    assert_eq!(
        document["entries"]["iot-book/quiz/access-control"]["data"]["results"],
        json!([true]),
        "an entry is a JSON value"
    );
    assert!(backup.json.contains("\n  \"entries\""), "pretty-printed:\n{}", backup.json);
}

#[test]
fn unreadable_entries_are_left_out_of_an_export_and_named() {
    let mut entries = sample_entries();
    entries.insert("iot-book/privacy-lab/progress".into(), "{corrupt".into());
    entries.insert("iot-book/cse-lab/progress".into(), "[1, 2]".into());
    let backup = encode_backup(&entries);
    assert_eq!(backup.exported, 2);
    assert_eq!(
        backup.left_out,
        vec!["iot-book/cse-lab/progress".to_owned(), "iot-book/privacy-lab/progress".to_owned()]
    );
    assert_eq!(decode_backup(&backup.json).expect("still importable").len(), 2, "what was exported imports");
}

#[test]
fn an_empty_browser_exports_an_empty_file_that_imports() {
    let backup = encode_backup(&StoredEntries::new());
    assert_eq!(backup.exported, 0);
    assert_eq!(decode_backup(&backup.json), Ok(StoredEntries::new()));
}

#[test]
fn a_file_that_is_not_json_is_refused() {
    let error = decode_backup("{ this is not json").expect_err("not JSON");
    assert!(matches!(error, BackupError::NotJson(_)), "{error:?}");
    assert!(error.to_string().starts_with("the file is not JSON (key must be a string at line 1"), "{error}");
}

#[test]
fn json_that_is_not_our_format_is_refused() {
    let cases = [
        ("[1, 2, 3]", "it holds a list, not an object"),
        (r#"{"version": 1, "entries": {}}"#, "it has no \"format\""),
        (r#"{"format": "cse-lab-session", "version": 1, "entries": {}}"#, "its \"format\" is \"cse-lab-session\""),
        (r#"{"format": "iot-book-progress", "version": 1}"#, "it has no \"entries\""),
        (r#"{"format": "iot-book-progress", "version": 1, "entries": []}"#, "its \"entries\" is a list, not an object"),
    ];
    for (text, expected) in cases {
        let error = decode_backup(text).expect_err(text);
        assert!(matches!(error, BackupError::NotOurFormat(_)), "{text}: {error:?}");
        assert!(error.to_string().contains(expected), "{text}: {error}");
        assert!(error.to_string().contains("not a progress file of this book"), "{error}");
    }
    // a single stored value (a CSE lab session export) is not a backup either
    let error = decode_backup(&encode(&json!({"steps": []}), 1)).expect_err("a session file");
    assert_eq!(error, BackupError::NotOurFormat("it has no \"format\"".into()));
}

#[test]
fn another_version_of_the_format_is_refused() {
    let error =
        decode_backup(r#"{"format": "iot-book-progress", "version": 2, "entries": {}}"#).expect_err("version 2");
    assert_eq!(error, BackupError::OtherVersion(Some("2".into())));
    assert_eq!(error.to_string(), "the file is version 2 of the progress format; this book reads version 1");
    let error = decode_backup(r#"{"format": "iot-book-progress", "entries": {}}"#).expect_err("no version");
    assert_eq!(error, BackupError::OtherVersion(None));
    assert!(error.to_string().contains("no version number"), "{error}");
    let error =
        decode_backup(r#"{"format": "iot-book-progress", "version": "1", "entries": {}}"#).expect_err("a string");
    assert_eq!(error, BackupError::OtherVersion(Some("\"1\"".into())));
}

#[test]
fn a_key_outside_the_book_prefix_is_refused() {
    let good = json!({"version": 1, "data": {}});
    for key in ["session", "other-site/quiz/x", "iot-book", "iot-book/"] {
        let error = decode_backup(&file(json!({ key: good }))).expect_err(key);
        assert_eq!(error, BackupError::KeyOutsidePrefix(key.into()));
        assert!(error.to_string().contains("every key starts with \"iot-book/\""), "{error}");
    }
}

#[test]
fn an_entry_that_is_not_a_stored_value_is_refused() {
    let cases = [
        (json!("{\"version\":1,\"data\":{}}"), "expected an object with \"version\" and \"data\", found a string"),
        (json!({"data": {}}), "it has no \"version\""),
        (json!({"version": -1, "data": {}}), "its \"version\" must be a whole number, found -1"),
        (json!({"version": 1}), "it has no \"data\""),
    ];
    for (value, reason) in cases {
        let error = decode_backup(&file(json!({ "iot-book/quiz/x": value }))).expect_err(reason);
        assert_eq!(error, BackupError::InvalidEntry { key: "iot-book/quiz/x".into(), reason: reason.into() });
        assert_eq!(error.to_string(), format!("the entry \"iot-book/quiz/x\" is not saved progress: {reason}"));
    }
}

#[test]
fn a_bad_file_is_refused_before_anything_is_written() {
    let mut browser = sample_entries();
    let before = browser.clone();
    // good entries first, one bad one last: a writer that wrote while checking would have changed the quiz
    let bad_files = [
        "not json".to_owned(),
        file(json!({
            "iot-book/quiz/access-control": {"version": 1, "data": {"responses": [], "results": []}},
            "iot-book/zz-last": {"data": {}},
        })),
        file(json!({
            "iot-book/quiz/access-control": {"version": 1, "data": {"responses": [], "results": []}},
            "zz-elsewhere": {"version": 1, "data": {}},
        })),
        json!({"format": "iot-book-progress", "version": 9, "entries": {"iot-book/quiz/access-control": {"version": 1, "data": 0}}}).to_string(),
    ];
    for text in &bad_files {
        let mut writes = 0;
        let error = restore_backup(text, |entries| {
            writes += 1;
            browser.extend(entries.clone());
            Ok(())
        })
        .expect_err("a bad file");
        assert!(matches!(error, RestoreError::Invalid(_)), "{error:?}");
        assert!(error.to_string().ends_with("Nothing was changed."), "{error}");
        assert_eq!(writes, 0, "the writer was never called for {text}");
        assert_eq!(browser, before, "the entries are untouched");
    }
}

#[test]
fn a_good_file_is_written_in_one_call_and_counted() {
    let backup = encode_backup(&sample_entries());
    let mut browser = StoredEntries::from([("iot-book/quiz/other".to_owned(), encode(&json!({}), 1))]);
    let mut calls = 0;
    let restored = restore_backup(&backup.json, |entries| {
        calls += 1;
        browser.extend(entries.clone());
        Ok(())
    });
    assert_eq!(restored, Ok(2));
    assert_eq!(calls, 1);
    assert_eq!(browser.len(), 3, "entries not in the file are kept");
    let refused = restore_backup(&backup.json, |_| Err("QuotaExceededError".to_owned())).expect_err("storage full");
    assert_eq!(refused.to_string(), "the browser did not store the progress (QuotaExceededError)");
}
