//! The anonymous results matrix of an event: one column per implementation, named by a
//! pseudonym (`IUT-A`, `IUT-B`, ...), one row per test. Which participant hides behind which
//! pseudonym is the host's to keep; the exports name pseudonyms only, and the tally says how
//! many implementations passed, failed or were inconclusive on each test without naming any.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::RunReport;
use crate::verdict::Verdict;

/// The pseudonym of the `index`-th implementation (0-based): IUT-A ... IUT-Z, IUT-AA, ...
pub fn pseudonym(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(digit).unwrap_or(0)));
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    format!("IUT-{}", letters.into_iter().collect::<String>())
}

/// One implementation's column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub pseudonym: String,
    pub verdicts: BTreeMap<String, Verdict>,
}

/// How many implementations got each verdict on one test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub test: String,
    pub pass: usize,
    pub fail: usize,
    pub inconclusive: usize,
    pub not_run: usize,
}

/// Tests down, pseudonyms across.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ResultsMatrix {
    pub tests: Vec<String>,
    pub columns: Vec<Column>,
}

impl ResultsMatrix {
    pub fn new(tests: Vec<String>) -> Self {
        ResultsMatrix { tests, columns: Vec::new() }
    }

    /// Adds a column for the next implementation and returns its pseudonym.
    pub fn add_implementation(&mut self) -> String {
        let name = pseudonym(self.columns.len());
        self.columns.push(Column { pseudonym: name.clone(), verdicts: BTreeMap::new() });
        name
    }

    /// Records one verdict (a later one for the same cell replaces it: a re-run after a fix).
    /// An unknown pseudonym or test is refused with a message.
    pub fn record(&mut self, pseudonym: &str, test: &str, verdict: Verdict) -> Result<(), String> {
        if !self.tests.iter().any(|known| known == test) {
            return Err(format!("{test} is not a test of this session"));
        }
        let column = self
            .columns
            .iter_mut()
            .find(|column| column.pseudonym == pseudonym)
            .ok_or_else(|| format!("{pseudonym} is not an implementation of this session"))?;
        column.verdicts.insert(test.to_owned(), verdict);
        Ok(())
    }

    /// Records every finished test of a report.
    pub fn record_report(&mut self, pseudonym: &str, report: &RunReport) -> Result<(), String> {
        for test in &report.tests {
            if let Some(verdict) = test.verdict {
                self.record(pseudonym, &test.id, verdict)?;
            }
        }
        Ok(())
    }

    pub fn verdict(&self, pseudonym: &str, test: &str) -> Option<Verdict> {
        self.columns.iter().find(|column| column.pseudonym == pseudonym)?.verdicts.get(test).copied()
    }

    /// Per test, how many implementations passed, failed, were inconclusive or have not run it.
    pub fn tally(&self) -> Vec<Tally> {
        self.tests
            .iter()
            .map(|test| {
                let mut tally = Tally { test: test.clone(), pass: 0, fail: 0, inconclusive: 0, not_run: 0 };
                for column in &self.columns {
                    match column.verdicts.get(test) {
                        Some(Verdict::Pass) => tally.pass += 1,
                        Some(Verdict::Fail) => tally.fail += 1,
                        Some(Verdict::Inconclusive) => tally.inconclusive += 1,
                        None => tally.not_run += 1,
                    }
                }
                tally
            })
            .collect()
    }

    /// The matrix and the tally as Markdown tables, for an event report.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("| Test |");
        for column in &self.columns {
            out.push_str(&format!(" {} |", column.pseudonym));
        }
        out.push_str(" Pass | Fail | Inconclusive | Not run |\n|---|");
        out.push_str(&"---|".repeat(self.columns.len() + 4));
        out.push('\n');
        for (test, tally) in self.tests.iter().zip(self.tally()) {
            out.push_str(&format!("| {test} |"));
            for column in &self.columns {
                out.push_str(&format!(" {} |", column.verdicts.get(test).map_or("-", |verdict| verdict.label())));
            }
            out.push_str(&format!(" {} | {} | {} | {} |\n", tally.pass, tally.fail, tally.inconclusive, tally.not_run));
        }
        out
    }

    /// The matrix as CSV: `test,IUT-A,IUT-B,...`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("test");
        for column in &self.columns {
            out.push(',');
            out.push_str(&column.pseudonym);
        }
        out.push('\n');
        for test in &self.tests {
            out.push_str(test);
            for column in &self.columns {
                out.push(',');
                out.push_str(column.verdicts.get(test).map_or("", |verdict| verdict.label()));
            }
            out.push('\n');
        }
        out
    }

    /// Only the counts per test (no column at all): what to publish when even pseudonyms say too
    /// much, e.g. with two participants.
    pub fn tally_csv(&self) -> String {
        let mut out = String::from("test,pass,fail,inconclusive,not_run\n");
        for tally in self.tally() {
            out.push_str(&format!(
                "{},{},{},{},{}\n",
                tally.test, tally.pass, tally.fail, tally.inconclusive, tally.not_run
            ));
        }
        out
    }
}
