//! Everything the student builds in the lab, in one value: the product description (shared by both modes), the
//! prediction of mode 1, the answers of mode 2 per dossier, the chosen fixes and the disclosure policy. It is
//! what the browser keeps, what the JSON export writes and what an import reads back (validated as a whole, so
//! a bad file changes nothing and says why). Pure.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::assessment::Answers;
use crate::disclosure_policy::DisclosurePolicy;
use crate::dossier::{Dossier, SMART_PLUG, find_dossier};
use crate::fixes::find_fix;
use crate::provisions::find_provision;
use crate::rules::{self, Act, Product};

/// The `format` of an exported assessment.
pub const FILE_FORMAT: &str = "iot-book-conformity-assessment";
/// The version of the exported file.
pub const FILE_VERSION: u32 = 1;
/// The longest text a field may hold (an import refuses longer ones).
pub const MAX_TEXT: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    pub product: Product,
    /// The acts the student predicts, before committing.
    #[serde(default)]
    pub prediction: BTreeSet<Act>,
    /// The prediction the student committed to for the current product (mode 1's "predict, then observe").
    #[serde(default)]
    pub committed: Option<BTreeSet<Act>>,
    pub dossier: String,
    /// The answers, by dossier, then provision.
    #[serde(default)]
    pub answers: BTreeMap<String, Answers>,
    #[serde(default)]
    pub fixes: BTreeSet<String>,
    #[serde(default)]
    pub policy: DisclosurePolicy,
}

impl Default for Work {
    fn default() -> Self {
        Work {
            product: (SMART_PLUG.product)(),
            prediction: BTreeSet::new(),
            committed: None,
            dossier: SMART_PLUG.key.to_owned(),
            answers: BTreeMap::new(),
            fixes: BTreeSet::new(),
            policy: DisclosurePolicy::default(),
        }
    }
}

/// An exported assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentFile {
    pub format: String,
    pub version: u32,
    pub work: Work,
}

impl Work {
    /// The dossier being assessed (the smart plug's if the key is unknown).
    pub fn dossier(&self) -> &'static Dossier {
        find_dossier(&self.dossier).unwrap_or(&SMART_PLUG)
    }

    /// The answers for the current dossier.
    pub fn current_answers(&self) -> Answers {
        self.answers.get(&self.dossier).cloned().unwrap_or_default()
    }

    /// Whether the product described is one of the book's, by key.
    pub fn is_book_product(&self, key: &str) -> bool {
        rules::book_product(key).is_some_and(|product| product == self.product)
    }

    /// Everything that makes this work unusable, in words; empty when it is sound.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = vec![];
        if find_dossier(&self.dossier).is_none() {
            problems.push(format!("it names a dossier “{}” this lab does not have", self.dossier));
        }
        for (dossier, answers) in &self.answers {
            if find_dossier(dossier).is_none() {
                problems.push(format!("it has answers for an unknown dossier “{dossier}”"));
            }
            for (id, answer) in answers {
                if find_provision(id).is_none() {
                    problems.push(format!("it answers “{id}”, which is not an EN 303 645 provision"));
                }
                if answer.evidence.len() > MAX_TEXT || answer.justification.len() > MAX_TEXT {
                    problems.push(format!("the text for {id} is longer than {MAX_TEXT} characters"));
                }
            }
        }
        for fix in &self.fixes {
            if find_fix(fix).is_none() {
                problems.push(format!("it chooses an unknown fix “{fix}”"));
            }
        }
        let texts = [&self.product.name, &self.policy.contact, &self.policy.scope];
        if texts.iter().any(|text| text.len() > MAX_TEXT) {
            problems.push(format!("a text is longer than {MAX_TEXT} characters"));
        }
        problems
    }

    /// The whole assessment as a JSON file.
    pub fn export_json(&self) -> String {
        let file = AssessmentFile { format: FILE_FORMAT.to_owned(), version: FILE_VERSION, work: self.clone() };
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// Reads an exported assessment; the reason in words when the file cannot be used.
    pub fn import_json(text: &str) -> Result<Work, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|error| format!("the file is not valid JSON ({error})"))?;
        match value.get("format").and_then(|format| format.as_str()) {
            Some(FILE_FORMAT) => {}
            Some(other) => return Err(format!("the file is a “{other}”, not a conformity lab assessment")),
            None => return Err("the file has no “format”: it is not a conformity lab assessment".to_owned()),
        }
        match value.get("version").and_then(|version| version.as_u64()) {
            Some(version) if version == u64::from(FILE_VERSION) => {}
            Some(version) => {
                return Err(format!("the file is version {version}; this lab reads version {FILE_VERSION}"));
            }
            None => return Err("the file has no version number".to_owned()),
        }
        let file: AssessmentFile = serde_json::from_value(value)
            .map_err(|error| format!("the assessment is incomplete or damaged ({error})"))?;
        let problems = file.work.problems();
        if problems.is_empty() { Ok(file.work) } else { Err(problems.join("; ")) }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::assessment::{Answer, Decision};

    fn some_work() -> Work {
        let mut work = Work::default();
        work.prediction.insert(Act::Gdpr);
        work.committed = Some(work.prediction.clone());
        let answer = Answer {
            decision: Decision::NotImplemented,
            evidence: "port scan: 23/tcp".into(),
            justification: String::new(),
        };
        work.answers.entry("smart-plug".into()).or_default().insert("5.6-1".into(), answer);
        work.fixes.insert("remove-telnet".into());
        work.policy.contact = "security@plugwise.example".into();
        work
    }

    #[test]
    fn an_export_imports_back_unchanged() {
        let work = some_work();
        assert_eq!(Work::import_json(&work.export_json()), Ok(work));
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let reason = |text: &str| Work::import_json(text).expect_err("refused");
        assert!(reason("{oops").contains("not valid JSON"));
        assert!(reason(r#"{"version": 1}"#).contains("no “format”"));
        assert!(reason(r#"{"format": "iot-book-progress", "version": 1}"#).contains("not a conformity lab"));
        assert!(reason(&format!(r#"{{"format": "{FILE_FORMAT}", "version": 9}}"#)).contains("version 9"));
        assert!(reason(&format!(r#"{{"format": "{FILE_FORMAT}", "version": 1}}"#)).contains("incomplete"));
        let text = some_work().export_json().replace("\"5.6-1\"", "\"5.6-99\"");
        assert!(reason(&text).contains("5.6-99"), "an unknown provision is named");
        let text = some_work().export_json().replace("remove-telnet", "magic");
        assert!(reason(&text).contains("magic"));
        let text = some_work().export_json().replace("\"dossier\": \"smart-plug\"", "\"dossier\": \"toaster\"");
        assert!(reason(&text).contains("toaster"));
    }

    proptest! {
        #[test]
        fn any_evidence_round_trips(evidence in "\\PC{0,80}", justification in "\\PC{0,80}") {
            let mut work = some_work();
            let answer = Answer { decision: Decision::Implemented, evidence, justification };
            work.answers.entry("thermostat".into()).or_default().insert("5.1-3".into(), answer);
            prop_assert_eq!(Work::import_json(&work.export_json()), Ok(work));
        }
    }
}
