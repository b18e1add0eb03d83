use proptest::prelude::*;

use super::*;
use crate::provisions::find_provision;

fn answer(decision: Decision, evidence: &str, justification: &str) -> Answer {
    Answer { decision, evidence: evidence.into(), justification: justification.into() }
}

fn all(decision: Decision) -> Answers {
    PROVISIONS.iter().map(|p| (p.id.to_owned(), answer(decision, "seen", "why"))).collect()
}

#[test]
fn issues_follow_ts_103_701_and_clause_4() {
    let p = |id: &str| find_provision(id).expect(id);
    assert_eq!(issues(p("5.1-3"), &answer(Decision::NotApplicable, "", "")), [Issue::NotApplicableWithoutCondition]);
    assert!(issues(p("5.1-1"), &answer(Decision::NotApplicable, "", "")).is_empty(), "a conditional M may be N/A");
    assert_eq!(issues(p("5.2-2"), &answer(Decision::NotImplemented, "", " ")), [Issue::NoJustification]);
    assert_eq!(issues(p("5.2-1"), &answer(Decision::NotImplemented, "", "")), [Issue::MandatoryNotImplemented]);
    assert_eq!(issues(p("5.2-1"), &answer(Decision::Implemented, "", "")), [Issue::NoEvidence]);
    assert_eq!(issues(p("5.2-1"), &Answer::default()), [Issue::Undecided]);
    assert_eq!(issues(p("5.7-2"), &answer(Decision::NotApplicable, "", "")), [Issue::NoJustification]);
}

#[test]
fn the_conformance_table_names_each_category_verdict() {
    let implemented = all(Decision::Implemented);
    assert!(conforms(&implemented));
    assert_eq!(conformance(&implemented).len(), 14);
    let mut answers = implemented.clone();
    answers.insert("5.6-1".into(), answer(Decision::NotImplemented, "telnet open", ""));
    answers.insert("5.7-1".into(), answer(Decision::NotImplemented, "", "hardware revision planned"));
    answers.remove("5.13-1");
    let table = conformance(&answers);
    let verdict = |id: &str| table.iter().find(|row| row.category.id == id).expect(id).verdict();
    assert_eq!(
        (verdict("5.6"), verdict("5.7"), verdict("5.13"), verdict("5.1")),
        ("does not conform", "conforms", "incomplete", "conforms")
    );
    let row = table.iter().find(|row| row.category.id == "5.6").expect("5.6");
    assert_eq!((row.mandatory_applicable, row.mandatory_implemented), (3, 2));
    assert!(!conforms(&answers));
    let failed: Vec<&str> = not_implemented(&answers).iter().map(|p| p.id).collect();
    assert_eq!(failed, ["5.6-1", "5.7-1"], "mandatory first");
    let reported: Vec<&str> = reporting(&answers).iter().map(|(p, _, _)| p.id).collect();
    assert_eq!(reported, ["5.7-1"]);
}

#[test]
fn the_ics_exports_quote_what_needs_quoting() {
    let mut answers = Answers::new();
    answers.insert("5.1-1".into(), answer(Decision::Implemented, "label says \"unique\", per unit", ""));
    answers.insert("5.2-2".into(), answer(Decision::NotImplemented, "", "a | b\nc"));
    let csv = ics_csv(&answers);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), PROVISIONS.len() + 2, "a header, a row per provision, a final newline");
    assert_eq!(
        lines[1],
        "5.1-1,M C,the device uses passwords (in any state other than the factory default),Yes,\"label says \"\"unique\"\", per unit\","
    );
    assert!(csv.contains("5.2-2,R,,No,,\"a | b\nc\""));
    let md = ics_markdown("PlugWise | Mini", &answers);
    assert!(md.starts_with("# Implementation Conformance Statement: PlugWise \\| Mini"));
    assert!(md.contains("| 5.2-2 | R |  | No |  | a \\| b c |"), "{md}");
    assert!(md.contains("| 5.1 No universal default passwords | 1 of 1 | 0 | incomplete |"), "{md}");
}

fn any_answers() -> impl Strategy<Value = Answers> {
    proptest::collection::vec((0..4usize, any::<bool>(), any::<bool>()), PROVISIONS.len()).prop_map(|choices| {
        PROVISIONS
            .iter()
            .zip(choices)
            .map(|(p, (d, e, j))| {
                let text = |on: bool| if on { "x".to_owned() } else { String::new() };
                (p.id.to_owned(), Answer { decision: Decision::ALL[d], evidence: text(e), justification: text(j) })
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn any_statement_has_one_row_per_provision_and_conforms_only_without_mandatory_failures(answers in any_answers()) {
        let rows = ics(&answers);
        prop_assert_eq!(rows.len(), PROVISIONS.len());
        prop_assert_eq!(ics_csv(&answers).split("\r\n").count(), PROVISIONS.len() + 2);
        let mandatory_failure = rows.iter().any(|row| row.provision.is_mandatory() && row.answer.decision == Decision::NotImplemented);
        if mandatory_failure {
            prop_assert!(!conforms(&answers));
        }
        let undecided = rows.iter().any(|row| row.answer.decision == Decision::Undecided);
        if conforms(&answers) {
            prop_assert!(!undecided);
            prop_assert!(reporting(&answers).iter().all(|(_, _, why)| !why.trim().is_empty()));
        }
    }
}
