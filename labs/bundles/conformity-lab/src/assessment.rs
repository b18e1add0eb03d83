//! Mode 2's assessment, shaped like ETSI TS 103 701: the student's decision per provision (not applicable,
//! implemented, not implemented) with evidence and a justification; from it the Implementation Conformance
//! Statement (ICS), the reporting clause 4 asks for (a justification for every recommendation not implemented
//! or not applicable), a conformance table per category and the book's cross-walk of what is not implemented
//! to the CRA's Annex I and EN 18031. Exports as CSV and Markdown. Pure.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::provisions::{CATEGORIES, Category, PROVISIONS, Provision, Strength};

/// What the student decided about a provision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    #[default]
    Undecided,
    NotApplicable,
    Implemented,
    NotImplemented,
}

impl Decision {
    pub const ALL: [Decision; 4] =
        [Decision::Undecided, Decision::NotApplicable, Decision::Implemented, Decision::NotImplemented];

    pub fn key(self) -> &'static str {
        match self {
            Decision::Undecided => "undecided",
            Decision::NotApplicable => "not-applicable",
            Decision::Implemented => "implemented",
            Decision::NotImplemented => "not-implemented",
        }
    }

    pub fn from_key(key: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|decision| decision.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Undecided => "not decided",
            Decision::NotApplicable => "not applicable",
            Decision::Implemented => "implemented",
            Decision::NotImplemented => "not implemented",
        }
    }

    /// The ICS's support column.
    pub fn support(self) -> &'static str {
        match self {
            Decision::Undecided => "?",
            Decision::NotApplicable => "N/A",
            Decision::Implemented => "Yes",
            Decision::NotImplemented => "No",
        }
    }
}

/// The student's answer for one provision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub decision: Decision,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub justification: String,
}

/// The answers, by provision number.
pub type Answers = BTreeMap<String, Answer>;

/// What is wrong or missing in the student's statement about a provision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    Undecided,
    /// "Not applicable" for a provision without a condition: it always applies.
    NotApplicableWithoutCondition,
    /// Implemented, but no evidence named.
    NoEvidence,
    /// A recommendation not implemented or not applicable without a justification (clause 4).
    NoJustification,
    /// A mandatory provision not implemented: the product does not conform.
    MandatoryNotImplemented,
}

impl Issue {
    pub fn describe(&self) -> &'static str {
        match self {
            Issue::Undecided => "not decided yet",
            Issue::NotApplicableWithoutCondition => {
                "has no condition, so it always applies: it cannot be “not applicable”"
            }
            Issue::NoEvidence => "implemented, but no evidence is named",
            Issue::NoJustification => {
                "a recommendation not implemented or not applicable needs a justification (clause 4)"
            }
            Issue::MandatoryNotImplemented => "mandatory and not implemented: the product does not conform",
        }
    }
}

/// The answer to a provision, or the default (undecided).
pub fn answer_for<'a>(answers: &'a Answers, provision: &Provision) -> std::borrow::Cow<'a, Answer> {
    answers.get(provision.id).map_or_else(|| std::borrow::Cow::Owned(Answer::default()), std::borrow::Cow::Borrowed)
}

/// The issues of one answer.
pub fn issues(provision: &Provision, answer: &Answer) -> Vec<Issue> {
    let mut issues = vec![];
    match answer.decision {
        Decision::Undecided => issues.push(Issue::Undecided),
        Decision::NotApplicable if provision.condition.is_none() => issues.push(Issue::NotApplicableWithoutCondition),
        Decision::Implemented if answer.evidence.trim().is_empty() => issues.push(Issue::NoEvidence),
        _ => {}
    }
    let reported = matches!(answer.decision, Decision::NotApplicable | Decision::NotImplemented);
    if provision.strength == Strength::Recommended && reported && answer.justification.trim().is_empty() {
        issues.push(Issue::NoJustification);
    }
    if provision.strength == Strength::Mandatory && answer.decision == Decision::NotImplemented {
        issues.push(Issue::MandatoryNotImplemented);
    }
    issues
}

/// One row of the Implementation Conformance Statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsRow {
    pub provision: &'static Provision,
    pub answer: Answer,
    pub issues: Vec<Issue>,
}

/// The ICS: one row per provision, in the standard's order.
pub fn ics(answers: &Answers) -> Vec<IcsRow> {
    PROVISIONS
        .iter()
        .map(|provision| {
            let answer = answer_for(answers, provision).into_owned();
            IcsRow { provision, issues: issues(provision, &answer), answer }
        })
        .collect()
}

/// The conformance of one category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryConformance {
    pub category: &'static Category,
    pub mandatory_applicable: usize,
    pub mandatory_implemented: usize,
    pub recommended_implemented: usize,
    pub recommended_reported: usize,
    pub undecided: usize,
    /// Rows with an issue that stops conformance (everything but missing evidence).
    pub blocking: usize,
}

impl CategoryConformance {
    pub fn verdict(&self) -> &'static str {
        if self.undecided > 0 {
            "incomplete"
        } else if self.blocking > 0 {
            "does not conform"
        } else {
            "conforms"
        }
    }
}

/// A conformance table: one row per category.
pub fn conformance(answers: &Answers) -> Vec<CategoryConformance> {
    let rows = ics(answers);
    CATEGORIES
        .iter()
        .map(|category| {
            let rows: Vec<&IcsRow> = rows.iter().filter(|row| row.provision.category == category.id).collect();
            let count = |keep: &dyn Fn(&IcsRow) -> bool| rows.iter().filter(|row| keep(row)).count();
            let mandatory = |row: &IcsRow| row.provision.is_mandatory();
            CategoryConformance {
                category,
                mandatory_applicable: count(&|row| {
                    mandatory(row) && matches!(row.answer.decision, Decision::Implemented | Decision::NotImplemented)
                }),
                mandatory_implemented: count(&|row| mandatory(row) && row.answer.decision == Decision::Implemented),
                recommended_implemented: count(&|row| !mandatory(row) && row.answer.decision == Decision::Implemented),
                recommended_reported: count(&|row| {
                    !mandatory(row) && matches!(row.answer.decision, Decision::NotApplicable | Decision::NotImplemented)
                }),
                undecided: count(&|row| row.issues.contains(&Issue::Undecided)),
                blocking: count(&|row| {
                    row.issues.iter().any(|issue| !matches!(issue, Issue::Undecided | Issue::NoEvidence))
                }),
            }
        })
        .collect()
}

/// Whether the whole statement conforms: every category does.
pub fn conforms(answers: &Answers) -> bool {
    conformance(answers).iter().all(|row| row.verdict() == "conforms")
}

/// The clause 4 reporting: each recommendation not implemented or not applicable, with its justification.
pub fn reporting(answers: &Answers) -> Vec<(&'static Provision, Decision, String)> {
    ics(answers)
        .into_iter()
        .filter(|row| {
            row.provision.strength == Strength::Recommended
                && matches!(row.answer.decision, Decision::NotApplicable | Decision::NotImplemented)
        })
        .map(|row| (row.provision, row.answer.decision, row.answer.justification))
        .collect()
}

/// The provisions marked not implemented (mandatory first), for the cross-walk.
pub fn not_implemented(answers: &Answers) -> Vec<&'static Provision> {
    let mut failed: Vec<&'static Provision> = PROVISIONS
        .iter()
        .filter(|provision| answer_for(answers, provision).decision == Decision::NotImplemented)
        .collect();
    failed.sort_by_key(|provision| !provision.is_mandatory());
    failed
}

fn condition_text(provision: &Provision) -> &'static str {
    provision.condition.map_or("", |condition| condition.describe())
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

/// The ICS as CSV (RFC 4180 quoting), for a spreadsheet.
pub fn ics_csv(answers: &Answers) -> String {
    let mut csv = String::from("Provision,Status (as worded),Condition,Support,Evidence,Justification\r\n");
    for row in ics(answers) {
        let fields = [
            row.provision.id,
            row.provision.status(),
            condition_text(row.provision),
            row.answer.decision.support(),
            &row.answer.evidence,
            &row.answer.justification,
        ];
        csv.push_str(&fields.iter().map(|field| csv_field(field)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    csv
}

fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// The ICS, the clause 4 reporting and the conformance table as Markdown, for a report.
pub fn ics_markdown(product: &str, answers: &Answers) -> String {
    let mut md = format!("# Implementation Conformance Statement: {}\n\n", markdown_cell(product));
    md.push_str("ETSI EN 303 645 V2.1.1 provisions; statuses as worded (Annex B is authoritative).\n\n");
    md.push_str("| Provision | Status | Condition | Support | Evidence | Justification |\n|---|---|---|---|---|---|\n");
    for row in ics(answers) {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            row.provision.id,
            row.provision.status(),
            markdown_cell(condition_text(row.provision)),
            row.answer.decision.support(),
            markdown_cell(&row.answer.evidence),
            markdown_cell(&row.answer.justification)
        ));
    }
    md.push_str("\n## Conformance per category\n\n| Category | Mandatory implemented | Recommendations reported | Verdict |\n|---|---|---|---|\n");
    for row in conformance(answers) {
        md.push_str(&format!(
            "| {} {} | {} of {} | {} | {} |\n",
            row.category.id,
            row.category.title,
            row.mandatory_implemented,
            row.mandatory_applicable,
            row.recommended_reported,
            row.verdict()
        ));
    }
    md
}

#[cfg(test)]
mod tests;
