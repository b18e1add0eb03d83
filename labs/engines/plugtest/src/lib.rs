//! oneM2M interoperability test descriptions as data, and the runner that executes them.
//!
//! Contract: this crate does no IO, reads no clock and waits for nothing. Descriptions come in as
//! text, responses and notifications come in as data, elapsed times are measured by the caller;
//! requests, verdicts and reports come out as data. The web page (the plugtest lab), the command
//! line (`cargo xtask plugtest`) and the tests drive the same [`SuiteRunner`].
//!
//! # The format
//!
//! A test description is one TOML file (the book's suite is in `suite/`, embedded as
//! [`BOOK_SUITE`]):
//!
//! ```toml
//! id = "TD_REG_01"                        # TD_ + letters, digits, _
//! title = "register an AE"
//! purpose = "The CSE registers an AE and assigns it an AE-ID when the originator is C."
//! depends_on = []                         # descriptions that must pass first
//! pre_conditions = ["No AE named plugRegAE exists."]
//! optional = false                        # an optional feature
//! requires = []                           # ["notification-receiver"]
//!
//! [[reference]]
//! spec = "oneM2M TS-0004 (ETSI TS 118 104)"
//! clause = "6.6.3"
//! text = "2001 CREATED"
//!
//! [configuration]
//! id = "CFG-1"
//! entities = [{ name = "test AE", kind = "AE", role = "test system" }, { name = "CSE", kind = "CSE", role = "IUT" }]
//! links = [{ from = "test AE", to = "CSE", interface = "Mca" }]
//!
//! [variables]                             # texts for ${NAME} and ${base64:NAME}
//!
//! [[step]]
//! kind = "stimulus"                       # send a request; no verdict of its own
//! description = "The test AE registers."
//! request = { op = "create", to = "/${cse}", from = "C", ty = 2, body = { "m2m:ae" = { rn = "plugRegAE", api = "Nplug", rr = false, srv = ["4"] } } }
//! save = { AEI = "/m2m:ae/aei" }          # JSON pointer into the response body
//!
//! [[step]]
//! kind = "check"                          # what is observed on the wire: a PRO verdict
//! description = "The CSE answers CREATED with an AE-ID."
//! expect = { status = 201, rsc = 2001, headers = ["Content-Location"], body = [{ pointer = "/m2m:ae/aei", starts_with = "C" }] }
//!
//! [[step]]
//! kind = "verify"                         # ask the IUT what it shows afterwards: an IOP verdict
//! description = "The AE can be retrieved."
//! request = { op = "retrieve", to = "/${cse}/plugRegAE", from = "${AEI}" }
//! expect = { status = 200, rsc = 2000 }
//! ```
//!
//! A check with `notification = true` is judged on the notifications the runner's receiver got
//! (`${notify_url}`), not on the last response. Built-in variables: `cse` (the CSEBase name) and
//! `notify_url` (when the runner can receive notifications). Errors in a file name the file, line
//! and column ([`ParseError`]).
//!
//! # Verdicts
//!
//! Each check step gives a protocol verdict, each verify step an interoperability verdict; a
//! test's PRO and IOP verdicts are the worst of each kind, its overall verdict the worst of all
//! (fail over inconclusive over pass). A test whose `depends_on` did not pass, or that requires
//! what the runner cannot do, is inconclusive without running.

mod description;
mod expectation;
mod matrix;
mod report;
mod runner;
mod verdict;
mod wire;

pub use description::{
    CAPABILITIES, Configuration, Entity, Expectation, FieldCondition, Link, Operation, ParseError, Reference,
    RequestTemplate, Step, StepKind, TestDescription, order_suite, parse_description, with_dependencies,
};
pub use expectation::{judge_body, judge_response};
pub use matrix::{Column, ResultsMatrix, Tally, pseudonym};
pub use report::{RunReport, Totals, message_line};
pub use runner::{Action, Message, RunSettings, StepResult, SuiteRunner, TestResult};
pub use verdict::{Verdict, worst};
pub use wire::{WireRequest, WireResponse, build_request, percent_encode, substitute};

/// The book's suite: (file name, text) of every description in `suite/`.
pub const BOOK_SUITE: &[(&str, &str)] = &[
    ("TD_REG_01.toml", include_str!("../suite/TD_REG_01.toml")),
    ("TD_DAT_01.toml", include_str!("../suite/TD_DAT_01.toml")),
    ("TD_SUB_01.toml", include_str!("../suite/TD_SUB_01.toml")),
    ("TD_ACP_01.toml", include_str!("../suite/TD_ACP_01.toml")),
    ("TD_SEM_01.toml", include_str!("../suite/TD_SEM_01.toml")),
    ("TD_SEM_02.toml", include_str!("../suite/TD_SEM_02.toml")),
    ("TD_SEM_03.toml", include_str!("../suite/TD_SEM_03.toml")),
    ("TD_SEM_04.toml", include_str!("../suite/TD_SEM_04.toml")),
    ("TD_SEM_05.toml", include_str!("../suite/TD_SEM_05.toml")),
    ("TD_SEM_06.toml", include_str!("../suite/TD_SEM_06.toml")),
    ("TD_SEM_07.toml", include_str!("../suite/TD_SEM_07.toml")),
    ("TD_SEM_08.toml", include_str!("../suite/TD_SEM_08.toml")),
    ("TD_SEM_09.toml", include_str!("../suite/TD_SEM_09.toml")),
];

/// Parses and orders a suite given as (file name, text) pairs; every file's error is reported.
pub fn load_suite<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<TestDescription>, Vec<ParseError>> {
    let mut descriptions = Vec::new();
    let mut errors = Vec::new();
    for (name, text) in files {
        match parse_description(name, text) {
            Ok(description) => descriptions.push(description),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    order_suite(descriptions).map_err(|error| vec![error])
}

/// The book's suite, parsed and ordered.
pub fn book_suite() -> Vec<TestDescription> {
    load_suite(BOOK_SUITE.iter().copied()).unwrap_or_default()
}

#[cfg(test)]
mod tests;
