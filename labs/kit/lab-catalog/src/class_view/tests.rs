use serde_json::json;

use super::*;
use crate::quiz::Response;

/// A "Your progress" export holding `entries` (key without the prefix -> data, stored at version 1).
fn export(entries: Value) -> Value {
    let mut stored = Map::new();
    for (key, data) in entries.as_object().expect("an object") {
        stored.insert(format!("{KEY_PREFIX}{key}"), json!({"version": 1, "data": data}));
    }
    json!({"format": PROGRESS_FORMAT, "version": 1, "entries": stored})
}

fn quiz(responses: Value, results: Value) -> Value {
    json!({"responses": responses, "results": results})
}

fn participant(name: &str, entries: Value) -> Participant {
    Participant { name: name.into(), progress: read_progress(&export(entries)).expect("a good export") }
}

/// Ann: q1 wrong (choice 1), q2 right, q3 wrong ("4104"); privacy lab: one done, working on another.
fn ann() -> Participant {
    participant(
        "Ann",
        json!({
            "quiz/access-control": quiz(
                json!([{"Single": 0}, {"Multiple": [0, 2]}, {"Short": " 4104 "}]),
                json!([false, true, false])
            ),
            "privacy-lab/progress": {"completed": ["routine-from-energy"], "exercise": "holiday-retention", "policy": null},
        }),
    )
}

/// Ben: q1 wrong (choice 1), q2 wrong (only choice 1), q3 unanswered; privacy lab: two done, open one is done.
fn ben() -> Participant {
    participant(
        "Ben",
        json!({
            "quiz/access-control": quiz(
                json!([{"Single": 0}, {"Multiple": [0]}, {"Short": ""}]),
                json!([false, false, null])
            ),
            "privacy-lab/progress": {"completed": ["routine-from-energy", "holiday-retention"], "exercise": "holiday-retention"},
            "cse-lab/progress": {"completed": ["first-contact", "register-ae"]},
        }),
    )
}

#[test]
fn two_students_are_counted_per_question() {
    let view = aggregate(&[ben(), ann()]);
    assert_eq!(view.participants, ["Ann", "Ben"], "sorted by name");
    assert_eq!(view.questions.len(), 3);
    let q1 = &view.questions[0];
    assert_eq!((q1.quiz.as_str(), q1.number, q1.checked, q1.correct), ("access-control", 1, 2, 0));
    assert_eq!(q1.common_wrong, Some(WrongAnswer { answer: "choice 1".into(), count: 2 }));
    assert_eq!(q1.stuck, ["Ann", "Ben"]);
    let q2 = &view.questions[1];
    assert_eq!((q2.checked, q2.correct), (2, 1));
    assert_eq!(q2.common_wrong, Some(WrongAnswer { answer: "choice 1 only".into(), count: 1 }));
    assert_eq!(q2.stuck, ["Ben"]);
    let q3 = &view.questions[2];
    assert_eq!((q3.checked, q3.correct), (1, 0), "an unanswered question is not counted");
    assert_eq!(q3.common_wrong, Some(WrongAnswer { answer: "“4104”".into(), count: 1 }));
}

#[test]
fn lab_exercises_count_solvers_and_who_is_stuck() {
    let view = aggregate(&[ann(), ben()]);
    let privacy: Vec<&ExerciseRow> = view.exercises.iter().filter(|row| row.lab == "Privacy lab").collect();
    assert_eq!(privacy.len(), crate::PRIVACY_LAB_EXERCISES.len(), "every exercise of the lab, solved or not");
    assert_eq!((privacy[0].exercise, privacy[0].solved, privacy[0].in_lab), ("routine-from-energy", 2, 2));
    assert_eq!((privacy[1].exercise, privacy[1].solved), ("holiday-retention", 1));
    assert_eq!(privacy[1].stuck, Some(vec!["Ann".to_owned()]), "Ben has it open but done");
    assert_eq!(privacy[2].solved, 0);
    let cse: Vec<&ExerciseRow> = view.exercises.iter().filter(|row| row.lab == "CSE lab").collect();
    assert_eq!((cse[0].solved, cse[0].in_lab), (1, 1), "only Ben worked in the CSE lab");
    assert_eq!(cse[0].stuck, None, "the CSE lab does not keep the open exercise");
    assert!(view.exercises.iter().all(|row| row.lab != "Threat-modelling lab"), "labs nobody worked in are left out");
}

#[test]
fn who_is_stuck_where_lists_each_participant_once() {
    let view = aggregate(&[ann(), ben()]);
    assert_eq!(
        view.stuck_where(),
        [
            (
                "Ann".to_owned(),
                vec![
                    "Quiz access-control, question 1".to_owned(),
                    "Quiz access-control, question 3".to_owned(),
                    "Privacy lab: holiday-retention".to_owned()
                ]
            ),
            (
                "Ben".to_owned(),
                vec!["Quiz access-control, question 1".to_owned(), "Quiz access-control, question 2".to_owned()]
            ),
        ]
    );
}

#[test]
fn the_order_of_the_files_does_not_change_the_view() {
    assert_eq!(aggregate(&[ann(), ben()]), aggregate(&[ben(), ann()]));
}

#[test]
fn no_participants_give_an_empty_view() {
    let view = aggregate(&[]);
    assert!(view.participants.is_empty() && view.questions.is_empty() && view.exercises.is_empty());
    assert_eq!(view.to_csv().lines().count(), 1, "the header only");
}

#[test]
fn a_tie_between_wrong_answers_is_broken_by_text_order() {
    let one = |name: &str, choice: usize| {
        participant(name, json!({"quiz/q": quiz(json!([{"Single": choice}]), json!([false]))}))
    };
    let view = aggregate(&[one("A", 2), one("B", 1), one("C", 2), one("D", 1)]);
    assert_eq!(view.questions[0].common_wrong, Some(WrongAnswer { answer: "choice 2".into(), count: 2 }));
    let view = aggregate(&[one("A", 2), one("B", 1), one("C", 2)]);
    assert_eq!(view.questions[0].common_wrong, Some(WrongAnswer { answer: "choice 3".into(), count: 2 }));
}

#[test]
fn answered_but_unchecked_questions_are_not_counted() {
    let view = aggregate(&[participant("A", json!({"quiz/q": quiz(json!([{"Single": 1}]), json!([null]))}))]);
    assert_eq!((view.questions[0].checked, view.questions[0].correct), (0, 0));
    assert_eq!(view.questions[0].common_wrong, None);
}

#[test]
fn responses_read_as_the_quiz_shows_them() {
    assert_eq!(describe_response(&Response::Single(2)), "choice 3");
    assert_eq!(describe_response(&Response::Multiple(vec![3, 0, 1])), "choices 1, 2 and 4");
    assert_eq!(describe_response(&Response::Multiple(vec![1, 0])), "choices 1 and 2");
    assert_eq!(describe_response(&Response::Multiple(vec![])), "nothing ticked");
    assert_eq!(describe_response(&Response::Short("  ORIGINATOR   has ".into())), "“originator has”");
    let long = describe_response(&Response::Short("x".repeat(100)));
    assert!(long.ends_with("…”") && long.chars().count() == 63, "{long}");
}

#[test]
fn the_access_control_lab_counts_solved_challenges_and_the_current_one() {
    let data = json!({"acl-lab/progress": {"current": "meters-wildcard", "challenges": {
        "thermostat-hours": {"setup": {}, "solved": true},
        "meters-wildcard": {"setup": {}, "solved": false},
        "not-a-challenge": {"setup": {}, "solved": true}
    }}});
    let view = aggregate(&[participant("Cy", data)]);
    let rows: Vec<&ExerciseRow> = view.exercises.iter().filter(|row| row.lab == "Access-control lab").collect();
    assert_eq!(rows.len(), crate::ACL_LAB_CHALLENGES.len());
    assert_eq!(rows[0].solved, 1);
    let meters = rows.iter().find(|row| row.exercise == "meters-wildcard").expect("listed");
    assert_eq!((meters.solved, meters.stuck.clone()), (0, Some(vec!["Cy".to_owned()])));
    let progress = &participant("Cy", json!({"acl-lab/progress": {"current": "x", "challenges": {}}})).progress;
    assert_eq!(progress.labs[storage_keys::ACL_LAB_PROGRESS].open, None, "an unknown challenge is not open");
}

#[test]
fn entries_of_another_version_or_shape_are_named_not_counted() {
    let mut file = export(json!({
        "quiz/old": quiz(json!([{"Single": 0}]), json!([true])),
        "quiz/odd": quiz(json!([{"Single": 0}, {"Single": 1}]), json!([true])),
        "threat-lab/progress": {"mode": "security"},
        "cse-lab/session/intro.html#lab-1": {"steps": []},
    }));
    file["entries"]["iot-book/quiz/old"]["version"] = json!(2);
    let progress = read_progress(&file).expect("the file itself is good");
    assert_eq!(progress.entries, 4);
    assert!(progress.quizzes.is_empty() && progress.labs.is_empty());
    assert_eq!(progress.unread.len(), 3, "{:?}", progress.unread);
    assert!(progress.unread.iter().any(|line| line.starts_with("quiz old: saved by another version")));
    assert!(progress.unread.iter().any(|line| line.contains("answers and grades do not match")));
    assert!(progress.unread.iter().any(|line| line.starts_with("Threat-modelling lab: its progress has no list")));
    let view = aggregate(&[Participant { name: "Di".into(), progress }]);
    assert_eq!(view.unread.len(), 3);
    assert!(view.unread[0].starts_with("Di: "));
}

#[test]
fn foreign_and_corrupt_files_are_refused_with_a_reason() {
    let refuse = |text: &str| read_dropped_file("x.json", text).expect_err(text).to_string();
    assert!(refuse("{not json").starts_with("the file is not JSON"));
    assert!(refuse("[1, 2]").contains("it holds a list, not an object"));
    assert!(refuse(r#"{"format": "threat-dragon"}"#).contains("its \"format\" is \"threat-dragon\""));
    assert!(refuse(r#"{"entries": {}}"#).contains("it has no \"format\""));
    assert!(refuse(r#"{"format": "iot-book-progress", "version": 2, "entries": {}}"#).contains("version 2"));
    assert!(refuse(r#"{"format": "iot-book-progress", "entries": {}}"#).contains("no version number"));
    assert!(refuse(r#"{"format": "iot-book-progress", "version": 1, "entries": []}"#).contains("not an object"));
    assert!(
        refuse(r#"{"format": "iot-book-progress", "version": 1, "entries": {"other/x": {"version": 1, "data": 1}}}"#)
            .contains("\"other/x\" is not progress of this book")
    );
    assert!(
        refuse(r#"{"format": "iot-book-progress", "version": 1, "entries": {"iot-book/quiz/a": {"data": 1}}}"#)
            .contains("it has no \"version\"")
    );
    assert_eq!(refuse(r#"{"format": "iot-book-progress", "version": 1, "entries": {}}"#), FileError::Empty.to_string());
    let huge = format!("{{\"pad\": \"{}\"}}", "x".repeat(MAX_FILE_BYTES));
    assert!(refuse(&huge).contains("more than the 1048576"));
}

#[test]
fn hand_ins_carry_a_checked_name() {
    let progress = export(json!({"quiz/q": quiz(json!([{"Single": 0}]), json!([true]))}));
    let document = hand_in_document("  Ann   Lee ", &progress, None);
    let hand_in = read_hand_in(&document.to_string()).expect("a good hand-in");
    assert_eq!(hand_in.participant, "Ann Lee");
    assert_eq!(hand_in.progress_file, progress);
    assert_eq!(hand_in.progress.quizzes.len(), 1);
    let stored = hand_in_document(&hand_in.participant, &hand_in.progress_file, Some(1_700_000_000_000));
    assert_eq!(stored["received_at"], json!(1_700_000_000_000u64));
    let (name, again) = read_dropped_file("whatever.json", &stored.to_string()).expect("a stored hand-in reads");
    assert_eq!((name.as_str(), again), ("Ann Lee", hand_in.progress));
    for (bad, why) in [
        (hand_in_document("", &progress, None), "give the name"),
        (hand_in_document(&"n".repeat(61), &progress, None), "longer than 60"),
        (hand_in_document("a\u{7}b", &progress, None), "control character"),
        (hand_in_document("Ann", &json!({"format": "x"}), None), "not a progress file"),
        (json!({"format": HAND_IN_FORMAT, "version": 1, "progress": progress}), "names no participant"),
        (json!({"format": HAND_IN_FORMAT, "version": 3, "participant": "A", "progress": progress}), "version 3"),
        (progress.clone(), "without a name"),
    ] {
        let error = read_hand_in(&bad.to_string()).expect_err(why).to_string();
        assert!(error.contains(why), "{why}: {error}");
    }
}

#[test]
fn names_fold_and_compare_without_case() {
    assert_eq!(check_name(" Ann \t Lee ").expect("a name"), "Ann Lee");
    assert_eq!(name_key("Ann  LEE"), name_key("ann lee"));
    assert_ne!(name_key("Ann"), name_key("Anne"));
    assert_eq!(check_name(&"é".repeat(60)).expect("60 characters, not bytes").chars().count(), 60);
}

#[test]
fn dropped_files_are_named_after_the_file() {
    assert_eq!(name_from_file_name("alice.json"), "alice");
    assert_eq!(name_from_file_name("Bob Smith.JSON"), "Bob Smith");
    assert_eq!(name_from_file_name("iot-book-progress (2).json"), "iot-book-progress (2)");
    assert_eq!(name_from_file_name(".json"), "unnamed file");
    assert_eq!(name_from_file_name(&format!("{}.json", "n".repeat(80))).chars().count(), MAX_NAME_CHARS);
    let file = export(json!({"cse-lab/progress": {"completed": []}})).to_string();
    assert_eq!(read_dropped_file("carla.json", &file).expect("good").0, "carla");
}

#[test]
fn csv_quotes_every_cell_and_defuses_formulas() {
    assert_eq!(csv_cell("plain"), "\"plain\"");
    assert_eq!(csv_cell("say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
    for formula in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
        assert!(csv_cell(formula).starts_with("\"'"), "{formula}");
    }
    assert_eq!(csv_cell("a=b"), "\"a=b\"", "only a leading sign is a formula");
}

#[test]
fn the_csv_has_a_row_per_question_and_exercise() {
    let mut evil = ann();
    evil.name = "=HYPERLINK(\"http://x\")".into();
    let view = aggregate(&[evil, ben()]);
    let csv = view.to_csv();
    let lines: Vec<&str> = csv.split("\r\n").filter(|line| !line.is_empty()).collect();
    assert_eq!(lines.len(), 1 + view.questions.len() + view.exercises.len());
    assert!(lines[0].starts_with("\"item\",\"kind\",\"participants\""));
    assert_eq!(
        lines[1],
        "\"Quiz access-control, question 1\",\"quiz question\",\"2\",\"2\",\"0\",\"choice 1\",\"2\",\"'=HYPERLINK(\"\"http://x\"\"); Ben\""
    );
    assert!(lines.iter().any(|line| line.starts_with("\"CSE lab: first-contact\",\"lab exercise\",\"2\",\"1\",\"1\"")));
    assert!(csv.contains(NOT_RECORDED) && csv.contains(OPEN_NOT_RECORDED));
}

#[test]
fn every_lab_with_progress_is_read_by_the_class_view() {
    for (key, name) in storage_keys::LAB_PROGRESS {
        let lab = LAB_EXERCISES.iter().find(|lab| lab.key == *key);
        assert!(lab.is_some_and(|lab| !lab.exercises.is_empty()), "{name} ({key}) is missing from LAB_EXERCISES");
    }
    assert_eq!(LAB_EXERCISES.len(), storage_keys::LAB_PROGRESS.len());
}
