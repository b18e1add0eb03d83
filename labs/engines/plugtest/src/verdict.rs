//! Verdicts: pass, fail, inconclusive.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A step's or a test's verdict. `Inconclusive`: the test could not be completed for a reason
/// outside the implementation under test (a pre-condition not met, no response, a missing
/// capability of the runner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Inconclusive,
    Fail,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Inconclusive => "inconclusive",
            Verdict::Fail => "fail",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The worse of two verdicts: fail over inconclusive over pass.
pub fn worst(a: Verdict, b: Verdict) -> Verdict {
    a.max(b)
}
