//! What the student builds, the whole assessment: the threshold analysis, the description, the answers on necessity,
//! the measures chosen and the decision on prior consultation. Exported as JSON and imported back (a bad file is
//! refused with the reason and changes nothing).

use std::collections::BTreeSet;

use lab_kit::Notice;
use serde::{Deserialize, Serialize};

use crate::necessity::{self, NecessityAnswer};
use crate::processing::{PolicySource, PrivacyLabProgress, Processing};
use crate::risks::{self, Measure, Risk};
use crate::threshold::ThresholdAnswer;

/// The version of the exported assessment.
pub const WORK_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Work {
    #[serde(default)]
    pub threshold: ThresholdAnswer,
    #[serde(default)]
    pub processing: Processing,
    #[serde(default)]
    pub necessity: NecessityAnswer,
    #[serde(default)]
    pub measures: BTreeSet<Measure>,
    /// The student's decision that the supervisory authority must be consulted before processing (Art. 36).
    #[serde(default)]
    pub consultation: bool,
}

/// The exported file.
#[derive(Debug, Serialize, Deserialize)]
struct WorkFile {
    lab: String,
    version: u32,
    work: Work,
}

impl Work {
    /// The risk register of the description with the chosen measures.
    pub fn register(&self) -> Vec<Risk> {
        risks::register(&self.processing, &self.measures)
    }

    /// The lab's necessity flags for the description.
    pub fn flags(&self) -> BTreeSet<String> {
        necessity::flags(&self.processing)
    }

    pub fn export_json(&self) -> String {
        let file = WorkFile { lab: crate::LAB.to_owned(), version: WORK_VERSION, work: self.clone() };
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// Reads an exported assessment; a bad file is refused with the reason.
    pub fn import_json(text: &str) -> Result<Work, String> {
        let file: WorkFile =
            serde_json::from_str(text).map_err(|error| format!("the file is not a DPIA lab assessment ({error})"))?;
        if file.lab != crate::LAB {
            return Err(format!("the file is for the {}, not the DPIA lab", file.lab));
        }
        if file.version != WORK_VERSION {
            return Err(format!("the file has version {}, this lab reads version {WORK_VERSION}", file.version));
        }
        file.work.check()?;
        Ok(file.work)
    }

    /// What makes an assessment unusable, in words.
    pub fn check(&self) -> Result<(), String> {
        self.processing.check().map_err(|reason| format!("its description does not fit: {reason}"))?;
        if self.necessity.marks.len() > 64 {
            return Err("it marks more necessity questions than there are".to_owned());
        }
        Ok(())
    }
}

/// The description to start from, with what to tell the student: the privacy lab's saved policy when this
/// browser has one, else the privacy lab's default.
pub fn prefill(saved: lab_storage::Loaded<PrivacyLabProgress>) -> (Processing, Notice) {
    use lab_storage::Loaded;
    let fallback = |why: String| (Processing::default(), Notice::error(why));
    match saved {
        Loaded::Found(PrivacyLabProgress { policy: Some(policy) }) => match policy.check() {
            Ok(()) => (
                Processing::with_policy(policy, PolicySource::PrivacyLab),
                Notice::info("The description starts from the policy you set in the privacy lab."),
            ),
            Err(reason) => fallback(format!(
                "Your privacy lab policy could not be used ({reason}), so the description starts from the privacy lab's default policy."
            )),
        },
        Loaded::Found(PrivacyLabProgress { policy: None }) | Loaded::Missing => (
            Processing::default(),
            Notice::info(
                "No privacy lab policy is saved in this browser, so the description starts from the privacy lab's default policy.",
            ),
        ),
        Loaded::Corrupt(reason) => fallback(format!(
            "Your privacy lab progress could not be read ({reason}), so the description starts from the privacy lab's default policy; the privacy lab's own progress is left as it is."
        )),
    }
}

#[cfg(test)]
mod tests {
    use lab_storage::Loaded;

    use super::*;
    use crate::processing::{Policy, Resolution};
    use crate::threshold::{Criterion, Scenario};

    #[test]
    fn an_assessment_exports_and_imports_back() {
        let mut work = Work::default();
        work.threshold.scenario = Scenario::ConnectedToy;
        work.threshold.criteria.insert(Criterion::Vulnerable);
        work.measures.insert(Measure::Encryption);
        work.consultation = true;
        work.processing.policy.energy = Resolution::Daily;
        let back = Work::import_json(&work.export_json()).expect("its own export");
        assert_eq!(back, work);
    }

    #[test]
    fn a_bad_file_is_refused_with_the_reason() {
        assert!(Work::import_json("{oops").expect_err("not JSON").contains("not a DPIA lab assessment"));
        let other = Work::default().export_json().replace("\"dpia-lab\"", "\"privacy-lab\"");
        assert!(Work::import_json(&other).expect_err("another lab").contains("privacy-lab"));
        let later = Work::default().export_json().replace("\"version\": 1", "\"version\": 9");
        assert!(Work::import_json(&later).expect_err("another version").contains("version 9"));
        let odd = Work::default().export_json().replace("\"retention_days\": 7", "\"retention_days\": 40");
        assert!(Work::import_json(&odd).expect_err("a retention the lab does not offer").contains("40 days"));
        let building_motion = Work::default().export_json().replace("\"motion\": \"raw\"", "\"motion\": \"building\"");
        assert!(Work::import_json(&building_motion).is_err());
    }

    #[test]
    fn the_description_starts_from_the_privacy_labs_policy_or_says_why_not() {
        let policy = Policy { energy: Resolution::Daily, retention_days: 3, ..Policy::default() };
        let (processing, said) = prefill(Loaded::Found(PrivacyLabProgress { policy: Some(policy.clone()) }));
        assert_eq!((processing.policy, processing.source), (policy, PolicySource::PrivacyLab));
        assert!(!said.error && said.text.contains("you set in the privacy lab"));
        let (processing, said) = prefill(Loaded::Missing);
        assert_eq!(processing, Processing::default());
        assert!(!said.error && said.text.contains("No privacy lab policy"));
        let (processing, said) = prefill(Loaded::Corrupt("it is not valid JSON".into()));
        assert_eq!(processing.source, PolicySource::Default);
        assert!(said.error && said.text.contains("could not be read (it is not valid JSON)"));
        let odd = Policy { retention_days: 40, ..Policy::default() };
        let (processing, said) = prefill(Loaded::Found(PrivacyLabProgress { policy: Some(odd) }));
        assert_eq!(processing, Processing::default());
        assert!(said.error && said.text.contains("could not be used"));
    }

    /// The privacy lab's own types, saved the way it saves them, read by this lab.
    #[test]
    fn the_privacy_labs_saved_progress_is_read_as_the_privacy_lab_writes_it() {
        use privacy_lab::policy as theirs;
        let mut policy = theirs::Policy {
            energy: theirs::Resolution::Hourly,
            motion_identifiers: theirs::Identifiers::Pseudonymised,
            retention_days: 2,
            ..theirs::Policy::default()
        };
        policy.set_access(theirs::Observer::Heating, theirs::Channel::Motion, false);
        let saved = privacy_lab::model::Progress {
            completed: vec!["routine-from-energy".into()],
            exercise: Some("holiday-retention".into()),
            policy: Some(policy),
        };
        let text = lab_storage::encode(&saved, privacy_lab::model::PROGRESS_VERSION);
        assert_eq!(privacy_lab::model::PROGRESS_VERSION, crate::processing::PRIVACY_LAB_VERSION);
        let Loaded::Found(read) =
            lab_storage::decode::<PrivacyLabProgress>(&text, crate::processing::PRIVACY_LAB_VERSION)
        else {
            panic!("the privacy lab's progress is readable");
        };
        let ours = read.policy.expect("a policy");
        assert_eq!(ours.energy, Resolution::Hourly);
        assert_eq!(ours.motion_identifiers, crate::processing::Identifiers::Pseudonymised);
        assert_eq!(ours.retention_days, 2);
        assert!(!ours.may_read(crate::processing::Recipient::Heating, crate::processing::Channel::Motion));
        assert!(ours.may_read(crate::processing::Recipient::Analytics, crate::processing::Channel::Motion));
        let default_text = serde_json::to_value(theirs::Policy::default()).expect("JSON");
        assert_eq!(default_text, serde_json::to_value(Policy::default()).expect("JSON"), "the same default policy");
    }

    #[test]
    fn the_names_are_the_privacy_labs() {
        use crate::processing::{Channel, Recipient};
        use privacy_lab::policy as theirs;
        for (ours, their) in Channel::ALL.into_iter().zip(theirs::Channel::ALL) {
            assert_eq!((ours.key(), ours.label(), ours.path().to_owned()), (their.key(), their.label(), their.path()));
        }
        for (ours, their) in Recipient::ALL.into_iter().zip(theirs::Observer::GRANTED) {
            assert_eq!((ours.key(), ours.label(), ours.originator()), (their.key(), their.label(), their.originator()));
        }
        assert_eq!(crate::processing::RETENTION_CHOICES, theirs::RETENTION_CHOICES);
        assert_eq!(
            (crate::processing::CUSTOMER_NAME, crate::processing::METER_ID),
            (privacy_lab::household::CUSTOMER_NAME, privacy_lab::household::METER_ID)
        );
    }
}
