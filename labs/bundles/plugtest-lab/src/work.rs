//! What the student produces and keeps: their own test description, the last runs that grade it,
//! the defect they point at, and the URL of a CSE to test. Exported and imported as JSON; a bad
//! import changes nothing and says why.

use plugtest::{TestDescription, Verdict};
use serde::{Deserialize, Serialize};

/// The format of the export.
pub const EXPORT_FORMAT: &str = "plugtest-lab/work";
pub const EXPORT_VERSION: u32 = 1;

/// The longest description the editor keeps (characters).
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;

/// Which CSE a run is against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The conforming CSE in the page.
    Page,
    /// The CSE in the page with one deliberate defect.
    Faulty,
    /// A CSE at the URL the student typed.
    Url,
}

impl Target {
    pub fn label(self) -> &'static str {
        match self {
            Target::Page => "the CSE in this page",
            Target::Faulty => "the faulty CSE in this page (one deliberate defect)",
            Target::Url => "a CSE at a URL",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Target::Page => "page",
            Target::Faulty => "faulty",
            Target::Url => "url",
        }
    }

    pub fn from_key(key: &str) -> Option<Target> {
        [Target::Page, Target::Faulty, Target::Url].into_iter().find(|target| target.key() == key)
    }
}

/// A finished run of the student's own description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnRun {
    /// The text that ran (a later edit makes the run stale).
    pub text: String,
    pub target: Target,
    pub verdict: Verdict,
}

/// A finished run of the book's suite (or part of it) against a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuiteRunRecord {
    pub target: Target,
    /// Per test: its id, verdict and the number of the first step that did not pass.
    pub verdicts: Vec<(String, Verdict, Option<usize>)>,
}

/// The student's work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Work {
    /// The student's own test description (TOML).
    pub description: String,
    #[serde(default)]
    pub own_run: Option<OwnRun>,
    /// The last run of the book's suite against each target (at most one per target).
    #[serde(default)]
    pub suite_runs: Vec<SuiteRunRecord>,
    /// The defect the student points at: a test and a step number.
    #[serde(default)]
    pub pointed: Option<(String, usize)>,
    /// The CSE URL typed for the URL target.
    #[serde(default = "default_url")]
    pub url: String,
}

fn default_url() -> String {
    "http://127.0.0.1:8080/cse-in".to_owned()
}

impl Default for Work {
    fn default() -> Self {
        Work {
            description: crate::exercises::TEMPLATE_UPDATE_CIN.to_owned(),
            own_run: None,
            suite_runs: Vec::new(),
            pointed: None,
            url: default_url(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Export {
    format: String,
    version: u32,
    work: Work,
}

impl Work {
    /// The student's description, parsed (the editor's errors come from here).
    pub fn parsed(&self) -> Result<TestDescription, plugtest::ParseError> {
        plugtest::parse_description("your description", &self.description)
    }

    /// The own run, if it ran the text now in the editor.
    pub fn current_own_run(&self) -> Option<&OwnRun> {
        self.own_run.as_ref().filter(|run| run.text == self.description)
    }

    pub fn suite_run(&self, target: Target) -> Option<&SuiteRunRecord> {
        self.suite_runs.iter().find(|run| run.target == target)
    }

    pub fn record_suite_run(&mut self, record: SuiteRunRecord) {
        self.suite_runs.retain(|run| run.target != record.target);
        self.suite_runs.push(record);
    }

    /// Bounds a restored or imported work must respect.
    pub fn check(&self) -> Result<(), String> {
        if self.description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(format!("the description is longer than {MAX_DESCRIPTION_CHARS} characters"));
        }
        if self.suite_runs.len() > 3 {
            return Err("more than one suite run per target".into());
        }
        if self.url.len() > 500 {
            return Err("the URL is longer than 500 characters".into());
        }
        Ok(())
    }

    pub fn export_json(&self) -> String {
        let export = Export { format: EXPORT_FORMAT.into(), version: EXPORT_VERSION, work: self.clone() };
        serde_json::to_string_pretty(&export).unwrap_or_default()
    }

    pub fn import_json(text: &str) -> Result<Work, String> {
        let export: Export =
            serde_json::from_str(text).map_err(|error| format!("the file is not a plugtest lab export ({error})"))?;
        if export.format != EXPORT_FORMAT {
            return Err(format!("the file's format is {}, not {EXPORT_FORMAT}", export.format));
        }
        if export.version != EXPORT_VERSION {
            return Err(format!("the file's version is {}, this lab reads {EXPORT_VERSION}", export.version));
        }
        export.work.check()?;
        Ok(export.work)
    }
}
