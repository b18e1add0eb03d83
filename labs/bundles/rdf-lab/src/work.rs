//! Everything the student writes, as saved, exported and imported: the alignment, the two queries and the
//! predictions. An import is checked whole before anything changes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::alignment::CANDIDATES;
use crate::platforms::{STARTING_ALIGNMENT, STARTING_ALIGNMENT_QUERY, STARTING_SPARQL_QUERY};

/// The longest text the lab keeps in one field.
pub const MAX_TEXT: usize = 20_000;

/// What the exported file says it is.
pub const FILE_KIND: &str = "rdf-lab";
pub const FILE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Work {
    /// The student's alignment, in Turtle.
    pub alignment: String,
    /// The query that should find the three readings.
    pub alignment_query: String,
    /// The query of the SPARQL exercises.
    pub sparql_query: String,
    /// Predicted entailment per candidate statement (`true`: entailed).
    #[serde(default)]
    pub predictions: BTreeMap<String, bool>,
    /// Whether the predictions were committed (then the lab shows the reasoner's answer).
    #[serde(default)]
    pub predictions_committed: bool,
}

impl Default for Work {
    fn default() -> Self {
        Work {
            alignment: STARTING_ALIGNMENT.to_owned(),
            alignment_query: STARTING_ALIGNMENT_QUERY.to_owned(),
            sparql_query: STARTING_SPARQL_QUERY.to_owned(),
            predictions: BTreeMap::new(),
            predictions_committed: false,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    lab: String,
    version: u32,
    work: Work,
}

impl Work {
    /// Whether the work is something this lab can hold: texts within [`MAX_TEXT`], known candidates only.
    pub fn check(&self) -> Result<(), String> {
        for (name, text) in [
            ("alignment", &self.alignment),
            ("alignment query", &self.alignment_query),
            ("SPARQL query", &self.sparql_query),
        ] {
            if text.chars().count() > MAX_TEXT {
                return Err(format!("the {name} is longer than {MAX_TEXT} characters"));
            }
        }
        if let Some(unknown) = self.predictions.keys().find(|id| !CANDIDATES.iter().any(|c| c.id == id.as_str())) {
            return Err(format!("“{unknown}” is not one of the lab's statements"));
        }
        Ok(())
    }

    pub fn export_json(&self) -> String {
        let file = File { lab: FILE_KIND.to_owned(), version: FILE_VERSION, work: self.clone() };
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// Reads an exported file; a file that is not one, of another version, or holding bad work is refused whole.
    pub fn import_json(text: &str) -> Result<Work, String> {
        let file: File =
            serde_json::from_str(text).map_err(|error| format!("this is not an RDF lab file ({error})"))?;
        if file.lab != FILE_KIND {
            return Err(format!("this file is from “{}”, not the RDF lab", file.lab));
        }
        if file.version != FILE_VERSION {
            return Err(format!("this file is version {}; the lab reads version {FILE_VERSION}", file.version));
        }
        file.work.check()?;
        Ok(file.work)
    }

    /// The work as Markdown for a report: the alignment and the two queries.
    pub fn export_markdown(&self) -> String {
        format!(
            "# RDF lab\n\n## Alignment (Turtle)\n\n```turtle\n{}\n```\n\n## The query that finds the three readings\n\n```sparql\n{}\n```\n\n## The building query\n\n```sparql\n{}\n```\n",
            self.alignment.trim_end(),
            self.alignment_query.trim_end(),
            self.sparql_query.trim_end()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_round_trips_and_bad_files_are_refused_with_a_reason() {
        let mut work = Work::default();
        work.predictions.insert("vendor-is-observation".into(), true);
        let back = Work::import_json(&work.export_json()).expect("round trip");
        assert_eq!(back, work);
        assert!(Work::import_json("{").expect_err("not json").contains("not an RDF lab file"));
        let other = work.export_json().replace("\"rdf-lab\"", "\"acl-lab\"");
        assert!(Work::import_json(&other).expect_err("other lab").contains("acl-lab"));
        let newer = work.export_json().replace("\"version\": 1", "\"version\": 9");
        assert!(Work::import_json(&newer).expect_err("version").contains("version 9"));
        let unknown = work.export_json().replace("vendor-is-observation", "moon-is-cheese");
        assert!(Work::import_json(&unknown).expect_err("candidate").contains("moon-is-cheese"));
        let long = Work { sparql_query: "x".repeat(MAX_TEXT + 1), ..Work::default() };
        assert!(Work::import_json(&long.export_json()).expect_err("too long").contains("SPARQL query"));
        assert!(work.export_markdown().contains("```sparql"));
    }
}
