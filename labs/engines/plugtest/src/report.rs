//! A run's report, as JSON (serde) and as Markdown for an event report or a bug ticket.

use serde::{Deserialize, Serialize};

use crate::runner::{Message, TestResult};
use crate::verdict::Verdict;

/// Everything a run produced: the target, every test's verdicts, steps and messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// What was tested: a URL, or "the CSE in the page".
    pub target: String,
    pub tests: Vec<TestResult>,
    pub totals: Totals,
}

/// How many tests got each verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub pass: usize,
    pub fail: usize,
    pub inconclusive: usize,
    pub elapsed_ms: u64,
}

impl RunReport {
    pub fn new(target: &str, tests: &[TestResult]) -> Self {
        let mut totals = Totals::default();
        for test in tests {
            match test.verdict {
                Some(Verdict::Pass) => totals.pass += 1,
                Some(Verdict::Fail) => totals.fail += 1,
                Some(Verdict::Inconclusive) | None => totals.inconclusive += 1,
            }
            totals.elapsed_ms += test.elapsed_ms;
        }
        RunReport { target: target.to_owned(), tests: tests.to_vec(), totals }
    }

    /// True when no test failed or stayed inconclusive.
    pub fn all_passed(&self) -> bool {
        self.totals.fail == 0 && self.totals.inconclusive == 0
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
    }

    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!("# Plugtest report: {}\n\n", self.target));
        out.push_str(&format!(
            "{} passed, {} failed, {} inconclusive; {} ms in exchanges.\n\n",
            self.totals.pass, self.totals.fail, self.totals.inconclusive, self.totals.elapsed_ms
        ));
        out.push_str("| Test | Title | PRO | IOP | Verdict | Reason | ms |\n|---|---|---|---|---|---|---|\n");
        for test in &self.tests {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                test.id,
                cell(&test.title),
                label(test.pro),
                label(test.iop),
                label(test.verdict),
                cell(test.reason.as_deref().unwrap_or("")),
                test.elapsed_ms
            ));
        }
        for test in &self.tests {
            out.push_str(&format!("\n## {}: {}\n\nVerdict: **{}**", test.id, test.title, label(test.verdict)));
            if let Some(reason) = &test.reason {
                out.push_str(&format!(" ({reason})"));
            }
            out.push_str("\n\n| Step | Kind | Description | Verdict | Observed |\n|---|---|---|---|---|\n");
            for step in &test.steps {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    step.number,
                    step.kind.label(),
                    cell(&step.description),
                    step.verdict.map_or("", Verdict::label),
                    cell(&step.reasons.join("; "))
                ));
            }
            if !test.messages.is_empty() {
                out.push_str("\nMessages:\n\n");
                for message in &test.messages {
                    out.push_str(&format!("- {}\n", message_line(message)));
                }
            }
        }
        out
    }
}

/// One line per message, as the report and the sequence diagram show it.
pub fn message_line(message: &Message) -> String {
    match message {
        Message::Request { step, request } => format!(
            "step {step} -> `{}` from `{}`, RI `{}`",
            request.summary(),
            request.header("X-M2M-Origin").unwrap_or(""),
            request.header("X-M2M-RI").unwrap_or("")
        ),
        Message::Response { step, response, elapsed_ms } => {
            format!("step {step} <- {} ({elapsed_ms} ms)", response.summary())
        }
        Message::TransportError { step, message, elapsed_ms } => {
            format!("step {step} <- no response: {message} ({elapsed_ms} ms)")
        }
        Message::Notification { body } => {
            let short: String = body.chars().take(120).collect();
            format!("notification <- `{short}`")
        }
    }
}

fn label(verdict: Option<Verdict>) -> &'static str {
    verdict.map_or("-", Verdict::label)
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
