//! The runner: a state machine that walks a suite of test descriptions. It never waits and does
//! no IO: [`SuiteRunner::poll_action`] says what the shell must do next (send a request, wait for
//! a notification, or nothing more), and the shell hands back what happened
//! ([`SuiteRunner::handle_response`], [`SuiteRunner::handle_transport_error`],
//! [`SuiteRunner::handle_notification`], [`SuiteRunner::handle_notification_timeout`]). The page,
//! the command line and the tests drive the same machine.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::description::{StepKind, TestDescription};
use crate::expectation::{judge_body, judge_response};
use crate::verdict::{Verdict, worst};
use crate::wire::{WireRequest, WireResponse, build_request};

/// What the runner knows of the CSE and of itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSettings {
    /// The CSEBase resource name: `${cse}` in paths.
    pub cse_name: String,
    /// Where notifications reach the runner (`${notify_url}`); `None` when the shell cannot
    /// receive them (a web page), and then descriptions that require it are inconclusive.
    pub notify_url: Option<String>,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings { cse_name: "cse-in".into(), notify_url: None }
    }
}

/// What the shell must do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Send this request to the CSE and hand back the response (or the transport error).
    Send { test: String, step: usize, request: WireRequest },
    /// Hand over notifications as they arrive; call the timeout handler after `timeout_ms`.
    AwaitNotification { test: String, step: usize, timeout_ms: u64 },
    /// Every test has a verdict.
    Finished,
}

/// The outcome of one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepResult {
    /// 1-based, as the tables number steps.
    pub number: usize,
    pub kind: StepKind,
    pub description: String,
    /// `None` for a stimulus that was sent and answered (it has no verdict of its own), and for
    /// a step not reached yet.
    pub verdict: Option<Verdict>,
    /// Why the verdict is not pass, or what the stimulus left unset.
    pub reasons: Vec<String>,
    /// Whether the step ran.
    pub done: bool,
}

/// A message on the wire, in the order it was seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Message {
    Request { step: usize, request: WireRequest },
    Response { step: usize, response: WireResponse, elapsed_ms: u64 },
    TransportError { step: usize, message: String, elapsed_ms: u64 },
    Notification { body: String },
}

/// The outcome of one test description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    pub id: String,
    pub title: String,
    pub steps: Vec<StepResult>,
    pub messages: Vec<Message>,
    /// The protocol verdict: from the check steps (`None` when there are none).
    pub pro: Option<Verdict>,
    /// The interoperability verdict: from the verify steps (`None` when there are none).
    pub iop: Option<Verdict>,
    /// Overall: the worst of every step's verdict (`None` until the test is finished).
    pub verdict: Option<Verdict>,
    /// The first reason the verdict is not pass ("step 2: expected HTTP 201, observed HTTP 200").
    pub reason: Option<String>,
    /// Time spent in exchanges, as the shell measured it.
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Nothing,
    Response,
    Notification { timeout_ms: u64 },
}

/// Runs a suite (ordered: see [`crate::order_suite`]) step by step.
#[derive(Debug, Clone)]
pub struct SuiteRunner {
    tests: Vec<TestDescription>,
    settings: RunSettings,
    variables: BTreeMap<String, String>,
    results: Vec<TestResult>,
    test: usize,
    step: usize,
    started: bool,
    pending: Pending,
    last_response: Option<WireResponse>,
    inbox: Vec<String>,
}

impl SuiteRunner {
    pub fn new(tests: Vec<TestDescription>, settings: RunSettings) -> Self {
        let results = tests
            .iter()
            .map(|test| TestResult {
                id: test.id.clone(),
                title: test.title.clone(),
                steps: test
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(index, step)| StepResult {
                        number: index + 1,
                        kind: step.kind,
                        description: step.description.clone(),
                        verdict: None,
                        reasons: Vec::new(),
                        done: false,
                    })
                    .collect(),
                messages: Vec::new(),
                pro: None,
                iop: None,
                verdict: None,
                reason: None,
                elapsed_ms: 0,
            })
            .collect();
        let mut variables = BTreeMap::new();
        variables.insert("cse".to_owned(), settings.cse_name.clone());
        if let Some(url) = &settings.notify_url {
            variables.insert("notify_url".to_owned(), url.clone());
        }
        SuiteRunner {
            tests,
            settings,
            variables,
            results,
            test: 0,
            step: 0,
            started: false,
            pending: Pending::Nothing,
            last_response: None,
            inbox: Vec::new(),
        }
    }

    /// The results so far (finished tests have a verdict).
    pub fn results(&self) -> &[TestResult] {
        &self.results
    }

    /// The descriptions being run.
    pub fn tests(&self) -> &[TestDescription] {
        &self.tests
    }

    /// The variables set so far (built-ins, the descriptions' own, and those saved from responses).
    pub fn variables(&self) -> &BTreeMap<String, String> {
        &self.variables
    }

    /// The test and step (1-based) that runs next, while the run is not finished.
    pub fn position(&self) -> Option<(usize, usize)> {
        (self.test < self.tests.len()).then_some((self.test, self.step + 1))
    }

    pub fn is_finished(&self) -> bool {
        self.test >= self.tests.len()
    }

    fn capability_available(&self, capability: &str) -> bool {
        match capability {
            "notification-receiver" => self.settings.notify_url.is_some(),
            _ => false,
        }
    }

    fn set_step(&mut self, verdict: Option<Verdict>, reasons: Vec<String>) {
        let step = &mut self.results[self.test].steps[self.step];
        step.verdict = verdict;
        step.reasons = reasons;
        step.done = true;
        self.step += 1;
    }

    fn skip_test(&mut self, reason: String) {
        let result = &mut self.results[self.test];
        for step in &mut result.steps {
            step.reasons = vec!["not run".to_owned()];
        }
        result.verdict = Some(Verdict::Inconclusive);
        result.reason = Some(reason);
        self.test += 1;
        self.step = 0;
        self.started = false;
    }

    fn finish_test(&mut self) {
        let result = &mut self.results[self.test];
        let of_kind = |kind: StepKind| {
            result.steps.iter().filter(|step| step.kind == kind).filter_map(|step| step.verdict).reduce(worst)
        };
        result.pro = of_kind(StepKind::Check);
        result.iop = of_kind(StepKind::Verify);
        let overall = result.steps.iter().filter_map(|step| step.verdict).reduce(worst);
        result.verdict = Some(overall.unwrap_or(Verdict::Inconclusive));
        result.reason = match overall {
            None => Some("no step gave a verdict".to_owned()),
            Some(Verdict::Pass) => None,
            Some(verdict) => result
                .steps
                .iter()
                .find(|step| step.verdict == Some(verdict))
                .map(|step| format!("step {}: {}", step.number, step.reasons.join("; "))),
        };
        self.test += 1;
        self.step = 0;
        self.started = false;
        self.last_response = None;
    }

    /// What the shell must do next. Steps that need nothing from outside (checks of the last
    /// response, skipped tests) are settled here; calling it again without handing anything
    /// back returns the same action.
    pub fn poll_action(&mut self) -> Action {
        loop {
            if self.test >= self.tests.len() {
                return Action::Finished;
            }
            let test_id = self.tests[self.test].id.clone();
            match self.pending {
                Pending::Response => {
                    let request = self.current_request().unwrap_or_else(|_| unreachable_request());
                    return Action::Send { test: test_id, step: self.step + 1, request };
                }
                Pending::Notification { timeout_ms } => {
                    return Action::AwaitNotification { test: test_id, step: self.step + 1, timeout_ms };
                }
                Pending::Nothing => {}
            }
            if !self.started {
                let test = &self.tests[self.test];
                let unmet = test.depends_on.iter().find(|dependency| {
                    self.results.iter().find(|result| &result.id == *dependency).and_then(|result| result.verdict)
                        != Some(Verdict::Pass)
                });
                if let Some(dependency) = unmet {
                    let reason = format!("pre-condition not met: {dependency} did not pass");
                    self.skip_test(reason);
                    continue;
                }
                if let Some(missing) = test.requires.iter().find(|capability| !self.capability_available(capability)) {
                    let reason = format!("this runner has no {missing}, which the test requires");
                    self.skip_test(reason);
                    continue;
                }
                for (name, value) in &test.variables {
                    self.variables.insert(name.clone(), value.clone());
                }
                self.started = true;
                self.inbox.clear();
                self.last_response = None;
            }
            let test = &self.tests[self.test];
            if self.step >= test.steps.len() {
                self.finish_test();
                continue;
            }
            let step = &test.steps[self.step];
            match step.kind {
                StepKind::Stimulus | StepKind::Verify => match self.current_request() {
                    Ok(request) => {
                        self.pending = Pending::Response;
                        return Action::Send { test: test_id, step: self.step + 1, request };
                    }
                    Err(reason) => {
                        self.last_response = None;
                        self.set_step(
                            Some(Verdict::Inconclusive),
                            vec![format!("could not build the request: {reason}")],
                        );
                    }
                },
                StepKind::Check => {
                    let Some(expect) = step.expect.clone() else {
                        self.set_step(Some(Verdict::Inconclusive), vec!["the check has nothing to expect".into()]);
                        continue;
                    };
                    if expect.notification {
                        if self.take_matching_notification().is_some() {
                            self.set_step(Some(Verdict::Pass), Vec::new());
                        } else {
                            self.pending = Pending::Notification { timeout_ms: expect.timeout_ms };
                        }
                        continue;
                    }
                    let outcome = match &self.last_response {
                        None => (Some(Verdict::Inconclusive), vec!["there is no response to check".to_owned()]),
                        Some(response) => match judge_response(&expect, response, &self.variables) {
                            Ok(problems) if problems.is_empty() => (Some(Verdict::Pass), problems),
                            Ok(problems) => (Some(Verdict::Fail), problems),
                            Err(reason) => (Some(Verdict::Inconclusive), vec![reason]),
                        },
                    };
                    self.set_step(outcome.0, outcome.1);
                }
            }
        }
    }

    fn current_request(&self) -> Result<WireRequest, String> {
        let test = &self.tests[self.test];
        let step = &test.steps[self.step];
        let Some(template) = &step.request else { return Err("the step has no request".into()) };
        let default_rqi = format!("{}-{}", test.id.to_ascii_lowercase().replace('_', "-"), self.step + 1);
        build_request(template, &default_rqi, &self.variables)
    }

    /// The response to the request of the last [`Action::Send`], and how long it took.
    pub fn handle_response(&mut self, response: WireResponse, elapsed_ms: u64) {
        if self.pending != Pending::Response {
            return;
        }
        self.pending = Pending::Nothing;
        let step = self.tests[self.test].steps[self.step].clone();
        let number = self.step + 1;
        if let Ok(request) = self.current_request() {
            self.results[self.test].messages.push(Message::Request { step: number, request });
        }
        let result = &mut self.results[self.test];
        result.messages.push(Message::Response { step: number, response: response.clone(), elapsed_ms });
        result.elapsed_ms += elapsed_ms;
        let mut notes = Vec::new();
        let body = serde_json::from_str::<serde_json::Value>(&response.body).ok();
        for (name, pointer) in &step.save {
            match body.as_ref().and_then(|json| json.pointer(pointer)) {
                Some(serde_json::Value::String(text)) => {
                    self.variables.insert(name.clone(), text.clone());
                }
                Some(other) => {
                    self.variables.insert(name.clone(), other.to_string());
                }
                None => notes.push(format!("`{pointer}` is not in the response, so `{name}` is not set")),
            }
        }
        let verdict = match (&step.kind, &step.expect) {
            (StepKind::Verify, Some(expect)) => match judge_response(expect, &response, &self.variables) {
                Ok(problems) if problems.is_empty() => Some(Verdict::Pass),
                Ok(problems) => {
                    notes.extend(problems);
                    Some(Verdict::Fail)
                }
                Err(reason) => {
                    notes.push(reason);
                    Some(Verdict::Inconclusive)
                }
            },
            _ => None,
        };
        self.last_response = Some(response);
        self.set_step(verdict, notes);
    }

    /// The request of the last [`Action::Send`] could not be delivered or answered.
    pub fn handle_transport_error(&mut self, message: &str, elapsed_ms: u64) {
        if self.pending != Pending::Response {
            return;
        }
        self.pending = Pending::Nothing;
        let number = self.step + 1;
        if let Ok(request) = self.current_request() {
            self.results[self.test].messages.push(Message::Request { step: number, request });
        }
        let result = &mut self.results[self.test];
        result.messages.push(Message::TransportError { step: number, message: message.to_owned(), elapsed_ms });
        result.elapsed_ms += elapsed_ms;
        self.last_response = None;
        self.set_step(Some(Verdict::Inconclusive), vec![format!("no response: {message}")]);
    }

    /// A notification (its JSON body) reached the runner's receiver. It is kept until a check
    /// step of the current test looks for it.
    pub fn handle_notification(&mut self, body: &str) {
        if self.test < self.results.len() {
            self.results[self.test].messages.push(Message::Notification { body: body.to_owned() });
        }
        self.inbox.push(body.to_owned());
        if matches!(self.pending, Pending::Notification { .. }) && self.take_matching_notification().is_some() {
            self.pending = Pending::Nothing;
            self.set_step(Some(Verdict::Pass), Vec::new());
        }
    }

    /// The wait of the last [`Action::AwaitNotification`] is over without a matching notification.
    pub fn handle_notification_timeout(&mut self) {
        let Pending::Notification { timeout_ms } = self.pending else { return };
        self.pending = Pending::Nothing;
        let mut reasons = vec![format!("no matching notification arrived within {timeout_ms} ms")];
        if let Some(expect) = &self.tests[self.test].steps[self.step].expect {
            for body in &self.inbox {
                if let Ok(problems) = judge_body(&expect.body, body, &self.variables) {
                    reasons.push(format!("a notification arrived, but {}", problems.join("; ")));
                }
            }
        }
        self.set_step(Some(Verdict::Fail), reasons);
    }

    fn take_matching_notification(&mut self) -> Option<String> {
        let expect = self.tests[self.test].steps[self.step].expect.as_ref()?;
        let index = self.inbox.iter().position(|body| {
            judge_body(&expect.body, body, &self.variables).is_ok_and(|problems| problems.is_empty())
        })?;
        Some(self.inbox.remove(index))
    }
}

fn unreachable_request() -> WireRequest {
    WireRequest { method: "GET".into(), path: "/".into(), query: Vec::new(), headers: Vec::new(), body: None }
}
