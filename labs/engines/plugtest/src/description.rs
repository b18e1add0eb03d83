//! The test description format (TOML) and its parser.
//!
//! One file holds one test description. Unknown fields, a missing field, a step of the wrong
//! shape or an identifier not starting with `TD_` are errors that name the file, the line and the
//! column, and say what was expected ([`ParseError`]).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A test description: what is checked, against which clause, in which configuration, and the
/// sequence of steps that checks it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestDescription {
    /// `TD_...`, stable across editions of a suite.
    pub id: String,
    /// A short name for tables.
    pub title: String,
    /// One sentence: the behaviour that is checked.
    pub purpose: String,
    /// The specifications and clauses the purpose comes from.
    pub references: Vec<Reference>,
    /// Which entities take part and how they are connected.
    pub configuration: Configuration,
    /// What must hold before the first step, in words.
    pub pre_conditions: Vec<String>,
    /// Test descriptions that must pass first (they set up what this one needs).
    pub depends_on: Vec<String>,
    /// An optional feature: a participant that does not declare it is not tested on it.
    pub optional: bool,
    /// What the runner must be able to do (`notification-receiver`).
    pub requires: Vec<String>,
    /// Named texts steps may use as `${NAME}` or `${base64:NAME}`.
    pub variables: BTreeMap<String, String>,
    /// The test sequence.
    pub steps: Vec<Step>,
    /// Where the description came from (a file name), for messages.
    pub source: String,
}

/// A specification and clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The document, with its ETSI number where it has one: "oneM2M TS-0004 (ETSI TS 118 104)".
    pub spec: String,
    /// The clause or table: "6.6.3", "Table 6.3.2-1".
    #[serde(default)]
    pub clause: String,
    /// What the reference says that matters here.
    #[serde(default)]
    pub text: String,
}

/// The test configuration: its name, the entities and the links between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Configuration {
    /// "CFG-1".
    pub id: String,
    /// The entities, left to right in the figure.
    pub entities: Vec<Entity>,
    /// Reference points between entities.
    #[serde(default)]
    pub links: Vec<Link>,
}

/// An AE or a CSE in a configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// The name steps and figures use: "test AE", "CSE".
    pub name: String,
    /// "AE" or "CSE".
    pub kind: String,
    /// "IUT" (implementation under test) or "test system".
    pub role: String,
}

/// A reference point between two entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub from: String,
    pub to: String,
    /// "Mca" or "Mcc".
    pub interface: String,
}

/// What a step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    /// Send a oneM2M request; no verdict of its own.
    Stimulus,
    /// What must be observed on the wire (the last response, or a notification): a protocol (PRO) verdict.
    Check,
    /// Ask the IUT what it shows afterwards (a request and its expected answer): an interoperability (IOP) verdict.
    Verify,
}

impl StepKind {
    pub fn label(self) -> &'static str {
        match self {
            StepKind::Stimulus => "stimulus",
            StepKind::Check => "check",
            StepKind::Verify => "verify",
        }
    }
}

/// One step of the test sequence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub kind: StepKind,
    /// In words, for the table: "The test AE registers with the CSE."
    pub description: String,
    /// The request (stimulus and verify).
    pub request: Option<RequestTemplate>,
    /// What must be observed (check and verify).
    pub expect: Option<Expectation>,
    /// Variables to keep from the response: name -> JSON pointer into its body.
    pub save: BTreeMap<String, String>,
    /// Line of the step in its file.
    pub line: usize,
}

/// A oneM2M operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    Create,
    Retrieve,
    Update,
    Delete,
    Notify,
}

impl Operation {
    /// The HTTP method of the operation (TS-0009 Table 6.2.1-1).
    pub fn http_method(self) -> &'static str {
        match self {
            Operation::Create | Operation::Notify => "POST",
            Operation::Retrieve => "GET",
            Operation::Update => "PUT",
            Operation::Delete => "DELETE",
        }
    }
}

/// A request with `${...}` placeholders, made concrete when the step runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestTemplate {
    pub op: Operation,
    /// The target, CSE-relative with a leading '/': "/${cse}/semTestAE".
    pub to: String,
    /// The originator (`X-M2M-Origin`).
    pub from: String,
    /// The resource type of a Create (`ty=` in Content-Type).
    #[serde(default)]
    pub ty: Option<u16>,
    /// The request identifier (`X-M2M-RI`); the runner makes one from the test and step when absent.
    #[serde(default)]
    pub rqi: Option<String>,
    /// The release version (`X-M2M-RVI`).
    #[serde(default = "default_rvi")]
    pub rvi: String,
    /// Query parameters (filterCriteria, rcn...), in order of their names.
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    /// The primitive content, as JSON.
    #[serde(default)]
    pub body: Option<Value>,
}

fn default_rvi() -> String {
    "4".to_owned()
}

/// What must be observed: status codes, headers, body fields, or a notification.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The HTTP status.
    #[serde(default)]
    pub status: Option<u16>,
    /// The oneM2M response status code (`X-M2M-RSC`).
    #[serde(default)]
    pub rsc: Option<u16>,
    /// Headers that must be present.
    #[serde(default)]
    pub headers: Vec<String>,
    /// Conditions on fields of the body.
    #[serde(default)]
    pub body: Vec<FieldCondition>,
    /// The check is about a notification the test system receives, not about the last response.
    #[serde(default)]
    pub notification: bool,
    /// How long to wait for the notification.
    #[serde(default = "default_notification_timeout")]
    pub timeout_ms: u64,
}

fn default_notification_timeout() -> u64 {
    5000
}

/// A condition on one field of a JSON body, addressed by a JSON pointer (`/m2m:ae/aei`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldCondition {
    pub pointer: String,
    /// The field holds exactly this value.
    #[serde(default)]
    pub equals: Option<Value>,
    /// The field is a text starting with this.
    #[serde(default)]
    pub starts_with: Option<String>,
    /// The field (a text, or a list of texts) contains this text.
    #[serde(default)]
    pub contains: Option<String>,
    /// The field, if present, does not contain this text (nor does any entry of a list).
    #[serde(default)]
    pub not_contains: Option<String>,
    /// The field is base64 whose decoded text contains each of these.
    #[serde(default)]
    pub base64_contains: Vec<String>,
    /// The field is present (true) or absent (false).
    #[serde(default)]
    pub present: Option<bool>,
}

/// A description that could not be read: where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParseError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDescription {
    id: toml::Spanned<String>,
    title: String,
    purpose: String,
    #[serde(default, rename = "reference")]
    references: Vec<Reference>,
    configuration: Configuration,
    #[serde(default)]
    pre_conditions: Vec<String>,
    #[serde(default)]
    depends_on: Vec<String>,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    variables: BTreeMap<String, String>,
    #[serde(default, rename = "step")]
    steps: Vec<toml::Spanned<RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    kind: StepKind,
    description: String,
    #[serde(default)]
    request: Option<RequestTemplate>,
    #[serde(default)]
    expect: Option<Expectation>,
    #[serde(default)]
    save: BTreeMap<String, String>,
}

/// The capabilities a description may require of a runner.
pub const CAPABILITIES: &[&str] = &["notification-receiver"];

/// Line and column (1-based) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |newline| before[newline + 1..].chars().count()) + 1;
    (line, column)
}

/// Reads one test description from the text of `file`.
pub fn parse_description(file: &str, text: &str) -> Result<TestDescription, ParseError> {
    let error_at = |offset: usize, message: String| {
        let (line, column) = position(text, offset);
        ParseError { file: file.to_owned(), line, column, message }
    };
    let raw: RawDescription = toml::from_str(text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        error_at(offset, error.message().trim().to_owned())
    })?;
    let id_offset = raw.id.span().start;
    let id = raw.id.into_inner();
    if !id.starts_with("TD_") || id.len() <= 3 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(error_at(
            id_offset,
            format!("the id `{id}` must start with `TD_` and use only letters, digits and `_`"),
        ));
    }
    if raw.purpose.trim().is_empty() {
        return Err(error_at(0, "the purpose is empty: say in one sentence what is checked".into()));
    }
    for capability in &raw.requires {
        if !CAPABILITIES.contains(&capability.as_str()) {
            return Err(error_at(
                0,
                format!("unknown capability `{capability}` in requires (known: {CAPABILITIES:?})"),
            ));
        }
    }
    let names: Vec<&str> = raw.configuration.entities.iter().map(|entity| entity.name.as_str()).collect();
    for link in &raw.configuration.links {
        for end in [&link.from, &link.to] {
            if !names.contains(&end.as_str()) {
                return Err(error_at(
                    0,
                    format!("the link end `{end}` is not an entity of configuration {}", raw.configuration.id),
                ));
            }
        }
    }
    if raw.steps.is_empty() {
        return Err(error_at(text.len(), "a test description needs at least one [[step]]".into()));
    }
    let mut steps = Vec::with_capacity(raw.steps.len());
    let mut has_response = false;
    for spanned in raw.steps {
        let offset = spanned.span().start;
        let raw_step = spanned.into_inner();
        let (line, _) = position(text, offset);
        let wrong = |message: &str| Err(error_at(offset, format!("this {} step {message}", raw_step.kind.label())));
        match raw_step.kind {
            StepKind::Stimulus => {
                if raw_step.request.is_none() {
                    return wrong("needs a `request`");
                }
                if raw_step.expect.is_some() {
                    return wrong("has an `expect`: put what must be observed in a following check step");
                }
                has_response = true;
            }
            StepKind::Check => {
                if raw_step.request.is_some() {
                    return wrong("has a `request`: a check only observes (use a stimulus, or a verify step)");
                }
                let Some(expect) = &raw_step.expect else { return wrong("needs an `expect`") };
                if !expect.notification && !has_response {
                    return wrong("comes before any request: there is no response to check yet");
                }
                if !raw_step.save.is_empty() {
                    return wrong("has `save`: variables are kept from the request steps");
                }
            }
            StepKind::Verify => {
                if raw_step.request.is_none() || raw_step.expect.is_none() {
                    return wrong("needs both a `request` and an `expect`");
                }
                if raw_step.expect.as_ref().is_some_and(|expect| expect.notification) {
                    return wrong("cannot expect a notification: use a check step");
                }
                has_response = true;
            }
        }
        if let Some(expect) = &raw_step.expect {
            for condition in &expect.body {
                if !condition.pointer.is_empty() && !condition.pointer.starts_with('/') {
                    return wrong(&format!("has the pointer `{}`, which must start with '/'", condition.pointer));
                }
            }
        }
        if let Some(request) = &raw_step.request {
            if request.op == Operation::Create && request.ty.is_none() {
                return wrong("creates without `ty` (the resource type goes in Content-Type)");
            }
            if !request.to.starts_with('/') {
                return wrong(&format!("targets `{}`, which must start with '/'", request.to));
            }
        }
        steps.push(Step {
            kind: raw_step.kind,
            description: raw_step.description,
            request: raw_step.request,
            expect: raw_step.expect,
            save: raw_step.save,
            line,
        });
    }
    Ok(TestDescription {
        id,
        title: raw.title,
        purpose: raw.purpose,
        references: raw.references,
        configuration: raw.configuration,
        pre_conditions: raw.pre_conditions,
        depends_on: raw.depends_on,
        optional: raw.optional,
        requires: raw.requires,
        variables: raw.variables,
        steps,
        source: file.to_owned(),
    })
}

/// Orders descriptions so that each comes after those it depends on (otherwise by id); a
/// dependency on an id not in the set, or a cycle, is an error naming the description's file.
pub fn order_suite(mut descriptions: Vec<TestDescription>) -> Result<Vec<TestDescription>, ParseError> {
    descriptions.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in descriptions.windows(2) {
        if pair[0].id == pair[1].id {
            return Err(ParseError {
                file: pair[1].source.clone(),
                line: 1,
                column: 1,
                message: format!("the id {} is also used by {}", pair[1].id, pair[0].source),
            });
        }
    }
    let ids: Vec<String> = descriptions.iter().map(|description| description.id.clone()).collect();
    for description in &descriptions {
        if let Some(missing) = description.depends_on.iter().find(|dependency| !ids.contains(dependency)) {
            return Err(ParseError {
                file: description.source.clone(),
                line: 1,
                column: 1,
                message: format!("depends_on names {missing}, which is not in the suite"),
            });
        }
    }
    let mut ordered: Vec<TestDescription> = Vec::with_capacity(descriptions.len());
    while !descriptions.is_empty() {
        let ready = descriptions.iter().position(|description| {
            description.depends_on.iter().all(|dependency| ordered.iter().any(|done| &done.id == dependency))
        });
        match ready {
            Some(index) => ordered.push(descriptions.remove(index)),
            None => {
                return Err(ParseError {
                    file: descriptions[0].source.clone(),
                    line: 1,
                    column: 1,
                    message: format!("{} is part of a dependency cycle", descriptions[0].id),
                });
            }
        }
    }
    Ok(ordered)
}

/// The descriptions `wanted` needs, in suite order: the chosen ones and, transitively, what they depend on.
pub fn with_dependencies(suite: &[TestDescription], wanted: &[&str]) -> Vec<TestDescription> {
    let mut needed: Vec<String> = wanted.iter().map(|id| (*id).to_owned()).collect();
    let mut index = 0;
    while index < needed.len() {
        if let Some(description) = suite.iter().find(|description| description.id == needed[index]) {
            for dependency in &description.depends_on {
                if !needed.contains(dependency) {
                    needed.push(dependency.clone());
                }
            }
        }
        index += 1;
    }
    suite.iter().filter(|description| needed.contains(&description.id)).cloned().collect()
}
