//! The plugtest lab's one reducer: the student's work, the run in progress (the `plugtest` runner
//! and, for the page's targets, the page's CSE), the exercise tracker, messages and the save gate.
//! Requests to a CSE at a URL are left in the session for the view's effect to send; the answer
//! comes back as an action.

use std::rc::Rc;

use lab_kit::{ExerciseTracker, Notice, SaveGate, find_exercise};
use lab_storage::Loaded;
use plugtest::{Action, RunSettings, SuiteRunner, TestDescription, Verdict, WireRequest, WireResponse};
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::exercises::{EXERCISES, LabExercise, TEMPLATE_NEW, TEMPLATE_UPDATE_CIN};
use crate::page_cse::{Flavour, PAGE_NOTIFY_URL, PageCse};
use crate::work::{MAX_DESCRIPTION_CHARS, OwnRun, SuiteRunRecord, Target, Work};

/// The version of what the lab stores in the browser.
pub const PROGRESS_VERSION: u32 = 1;

/// The most actions one "Run to the end" takes in the page (every suite here needs far fewer).
const MAX_STEPS: usize = 2000;

/// What is saved: the exercises done, the exercise being worked on, and the work.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub completed: Vec<String>,
    #[serde(default)]
    pub exercise: Option<String>,
    #[serde(default)]
    pub work: Option<Work>,
}

/// What to run: the whole suite, one test with what it depends on, or the student's description.
pub const SCOPE_SUITE: &str = "suite";
pub const SCOPE_OWN: &str = "own";

/// A run in progress or finished.
#[derive(Debug, Clone)]
pub struct Session {
    pub target: Target,
    pub scope: String,
    pub runner: SuiteRunner,
    /// The page's CSE (page and faulty targets).
    pub cse: Option<PageCse>,
    /// The origin (`http://host:port`) of a URL target.
    pub origin: String,
    /// The request the view must send to the URL target, and its number (each send is a new one).
    pub outgoing: Option<WireRequest>,
    pub exchange: u64,
    /// Keep stepping after each answer.
    pub run_all: bool,
    /// The student's description's id, when it is part of the run.
    pub own_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LabState {
    pub work: Work,
    pub target: Target,
    pub scope: String,
    pub session: Option<Session>,
    /// The test whose steps and sequence diagram are shown.
    pub viewing: Option<String>,
    pub description_error: Option<String>,
    pub url_error: Option<String>,
    /// The defect finder's fields.
    pub point_test: String,
    pub point_step: String,
    pub point_error: Option<String>,
    /// Which test the student predicts the faulty CSE fails (committed before the run).
    pub prediction: Option<String>,
    pub tracker: ExerciseTracker,
    pub notice: Option<Notice>,
    pub gate: SaveGate,
}

#[derive(Debug)]
pub enum LabAction {
    SetTarget(String),
    SetUrl(String),
    SetScope(String),
    /// Starts a fresh run (a fresh CSE in the page).
    Start,
    /// One action of the runner.
    Step,
    /// Steps until the run is finished.
    RunAll,
    /// The answer of the URL target to the outgoing request: the response or a transport error, and the time taken.
    RemoteAnswer(u64, Result<WireResponse, String>, u64),
    View(String),
    SetDescription(String),
    UseTemplate(&'static str),
    SetPointTest(String),
    SetPointStep(String),
    Point,
    Predict(String),
    StartExercise(String),
    ShowHint,
    ResetExercise,
    Restore(Box<Loaded<Progress>>),
    Import(String),
    Refuse(String),
    Dismiss,
}

/// Splits `http(s)://host:port/cse-in` into the origin and the CSEBase name.
pub fn split_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let (scheme, rest) = url
        .split_once("://")
        .filter(|(scheme, _)| matches!(*scheme, "http" | "https"))
        .ok_or_else(|| format!("“{url}” is not an http:// or https:// URL, e.g. http://127.0.0.1:8080/cse-in"))?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    if authority.is_empty() || authority.contains(['@', '?', '#', ' ']) {
        return Err(format!("“{url}” has no usable host"));
    }
    let name = path.trim_matches('/');
    if name.contains(['/', '?', '#']) {
        return Err("after the host, give only the CSEBase name, e.g. /cse-in".into());
    }
    Ok((format!("{scheme}://{authority}"), if name.is_empty() { "cse-in".into() } else { name.to_owned() }))
}

impl LabState {
    pub fn new(exercise: Option<&str>) -> Self {
        let mut state = LabState {
            work: Work::default(),
            target: Target::Page,
            scope: SCOPE_SUITE.to_owned(),
            session: None,
            viewing: None,
            description_error: None,
            url_error: None,
            point_test: "TD_SEM_01".to_owned(),
            point_step: "1".to_owned(),
            point_error: None,
            prediction: None,
            tracker: ExerciseTracker::default(),
            notice: None,
            gate: SaveGate::default(),
        };
        state.enter_exercise(exercise.unwrap_or(""));
        state.tracker.check(EXERCISES, &state.work);
        state
    }

    /// Starts an exercise (or free play) and sets up what it runs against.
    fn enter_exercise(&mut self, id: &str) {
        let exercise = find_exercise(EXERCISES, id);
        self.tracker.start_exercise(exercise);
        match exercise.map(|exercise| exercise.id) {
            Some("find-the-defect") => {
                self.target = Target::Faulty;
                self.scope = SCOPE_SUITE.to_owned();
            }
            Some(_) => {
                self.target = Target::Page;
                self.scope = SCOPE_OWN.to_owned();
            }
            None => {}
        }
    }

    pub fn exercise(&self) -> Option<&'static LabExercise> {
        self.tracker.current_in(EXERCISES)
    }

    pub fn progress(&self) -> Progress {
        Progress {
            completed: self.tracker.completed_ids(),
            exercise: self.tracker.current().map(str::to_owned),
            work: Some(self.work.clone()),
        }
    }

    /// What the save effect writes: nothing until saved progress was read and the reader did something.
    pub fn to_save(&self) -> Option<Progress> {
        self.gate.to_save(|| self.progress())
    }

    /// The result of the test being viewed, and its description.
    pub fn viewed(&self) -> Option<(&plugtest::TestResult, &TestDescription)> {
        let session = self.session.as_ref()?;
        let id = self.viewing.as_deref()?;
        let index = session.runner.results().iter().position(|result| result.id == id)?;
        Some((&session.runner.results()[index], &session.runner.tests()[index]))
    }

    fn tests_for_run(&mut self) -> Option<(Vec<TestDescription>, Option<String>)> {
        let suite = plugtest::book_suite();
        if self.scope == SCOPE_OWN {
            let own = match self.work.parsed() {
                Ok(own) => own,
                Err(error) => {
                    self.description_error = Some(error.to_string());
                    self.notice = Some(Notice::error(format!("Your description does not parse: {error}")));
                    return None;
                }
            };
            let id = own.id.clone();
            let mut all = suite;
            all.push(own);
            match plugtest::order_suite(all) {
                Ok(ordered) => Some((plugtest::with_dependencies(&ordered, &[&id]), Some(id))),
                Err(error) => {
                    self.description_error = Some(error.to_string());
                    self.notice =
                        Some(Notice::error(format!("Your description cannot join the suite: {}", error.message)));
                    None
                }
            }
        } else if self.scope == SCOPE_SUITE {
            Some((suite, None))
        } else {
            let chosen = plugtest::with_dependencies(&suite, &[self.scope.as_str()]);
            if chosen.is_empty() { None } else { Some((chosen, None)) }
        }
    }

    fn start(&mut self) {
        let Some((tests, own_id)) = self.tests_for_run() else { return };
        let (cse, origin, settings) = match self.target {
            Target::Page | Target::Faulty => {
                let flavour = if self.target == Target::Faulty { Flavour::Faulty } else { Flavour::Conforming };
                let settings = RunSettings { cse_name: "cse-in".into(), notify_url: Some(PAGE_NOTIFY_URL.into()) };
                (Some(PageCse::new(flavour)), String::new(), settings)
            }
            Target::Url => match split_url(&self.work.url) {
                Ok((origin, cse_name)) => (None, origin, RunSettings { cse_name, notify_url: None }),
                Err(reason) => {
                    self.url_error = Some(reason);
                    return;
                }
            },
        };
        self.viewing = tests.first().map(|test| test.id.clone());
        self.session = Some(Session {
            target: self.target,
            scope: self.scope.clone(),
            runner: SuiteRunner::new(tests, settings),
            cse,
            origin,
            outgoing: None,
            exchange: 0,
            run_all: false,
            own_id,
        });
    }

    /// One runner action; returns false when nothing more can happen now (finished, or waiting for the URL target).
    fn step(&mut self) -> bool {
        let Some(session) = self.session.as_mut() else { return false };
        if session.outgoing.is_some() {
            return false;
        }
        let action = session.runner.poll_action();
        if let Some((test, _)) = session.runner.position() {
            self.viewing = session.runner.tests().get(test).map(|test| test.id.clone());
        }
        match action {
            Action::Finished => {
                self.finish();
                false
            }
            Action::Send { request, .. } => match session.cse.as_mut() {
                Some(cse) => {
                    let (response, notifications) = cse.handle(&request);
                    for body in notifications {
                        session.runner.handle_notification(&body);
                    }
                    session.runner.handle_response(response, 0);
                    true
                }
                None => {
                    session.exchange += 1;
                    session.outgoing = Some(request);
                    false
                }
            },
            Action::AwaitNotification { .. } => {
                // the page's CSE has delivered everything it will: nothing more can arrive
                session.runner.handle_notification_timeout();
                true
            }
        }
    }

    fn finish(&mut self) {
        let Some(session) = self.session.as_ref() else { return };
        let results = session.runner.results();
        if let Some(id) = &session.own_id {
            if let Some(verdict) = results.iter().find(|result| &result.id == id).and_then(|result| result.verdict) {
                self.work.own_run =
                    Some(OwnRun { text: self.work.description.clone(), target: session.target, verdict });
            }
        } else if session.scope == SCOPE_SUITE {
            let verdicts = results
                .iter()
                .map(|result| {
                    let first = result
                        .steps
                        .iter()
                        .find(|step| step.verdict.is_some_and(|verdict| verdict != Verdict::Pass))
                        .map(|step| step.number);
                    (result.id.clone(), result.verdict.unwrap_or(Verdict::Inconclusive), first)
                })
                .collect();
            self.work.record_suite_run(SuiteRunRecord { target: session.target, verdicts });
        }
        if let Some(failing) = results.iter().find(|result| result.verdict != Some(Verdict::Pass)) {
            self.viewing = Some(failing.id.clone());
        }
    }

    fn reset_exercise(&mut self) {
        match self.exercise().map(|exercise| exercise.id) {
            Some("complete-from-purpose") => {
                self.work.description = TEMPLATE_UPDATE_CIN.to_owned();
                self.work.own_run = None;
            }
            Some("find-the-defect") => {
                self.work.pointed = None;
                self.work.suite_runs.retain(|run| run.target != Target::Faulty);
                self.prediction = None;
            }
            Some(_) => {
                self.work.description = TEMPLATE_NEW.to_owned();
                self.work.own_run = None;
            }
            None => {}
        }
        self.description_error = None;
        self.tracker.reset();
    }

    fn apply(&mut self, action: LabAction) {
        if !matches!(action, LabAction::Restore(_) | LabAction::Dismiss | LabAction::ShowHint | LabAction::Refuse(_)) {
            self.gate.touch();
        }
        match action {
            LabAction::SetTarget(key) => {
                if let Some(target) = Target::from_key(&key) {
                    self.target = target;
                }
            }
            LabAction::SetUrl(url) => {
                self.url_error = split_url(&url).err();
                self.work.url = url.chars().take(500).collect();
            }
            LabAction::SetScope(scope) => {
                let known = scope == SCOPE_SUITE
                    || scope == SCOPE_OWN
                    || plugtest::BOOK_SUITE.iter().any(|(file, _)| file.trim_end_matches(".toml") == scope);
                if known {
                    self.scope = scope;
                }
            }
            LabAction::Start => self.start(),
            LabAction::Step => {
                if self.session.as_ref().is_none_or(|session| session.runner.is_finished()) {
                    self.start();
                }
                self.step();
            }
            LabAction::RunAll => {
                if self.session.as_ref().is_none_or(|session| session.runner.is_finished()) {
                    self.start();
                }
                if let Some(session) = self.session.as_mut() {
                    session.run_all = true;
                }
                let mut budget = MAX_STEPS;
                while budget > 0 && self.step() {
                    budget -= 1;
                }
            }
            LabAction::RemoteAnswer(exchange, result, elapsed_ms) => {
                let Some(session) = self.session.as_mut() else { return };
                if session.exchange != exchange || session.outgoing.is_none() {
                    return;
                }
                session.outgoing = None;
                match result {
                    Ok(response) => session.runner.handle_response(response, elapsed_ms),
                    Err(message) => session.runner.handle_transport_error(&message, elapsed_ms),
                }
                if session.run_all {
                    let mut budget = MAX_STEPS;
                    while budget > 0 && self.step() {
                        budget -= 1;
                    }
                } else if session.runner.is_finished() {
                    self.finish();
                }
            }
            LabAction::View(id) => self.viewing = Some(id),
            LabAction::SetDescription(text) => {
                self.work.description = text.chars().take(MAX_DESCRIPTION_CHARS).collect();
                self.description_error = self.work.parsed().err().map(|error| error.to_string());
            }
            LabAction::UseTemplate(template) => {
                self.work.description = template.to_owned();
                self.description_error = None;
                self.scope = SCOPE_OWN.to_owned();
            }
            LabAction::SetPointTest(test) => {
                self.point_test = test.chars().take(40).collect();
                self.point_error = None;
            }
            LabAction::SetPointStep(step) => {
                self.point_step = step.chars().take(6).collect();
                self.point_error = None;
            }
            LabAction::Point => match self.point_step.trim().parse::<usize>() {
                Ok(step) if step >= 1 => {
                    let steps = plugtest::book_suite()
                        .into_iter()
                        .find(|test| test.id == self.point_test)
                        .map(|test| test.steps.len());
                    match steps {
                        Some(count) if step <= count => self.work.pointed = Some((self.point_test.clone(), step)),
                        Some(count) => {
                            self.point_error = Some(format!("{} has steps 1 to {count}.", self.point_test));
                        }
                        None => self.point_error = Some(format!("{} is not a test of the suite.", self.point_test)),
                    }
                }
                _ => self.point_error = Some("Write the step's number, 1 or more.".into()),
            },
            LabAction::Predict(test) => {
                if plugtest::BOOK_SUITE.iter().any(|(file, _)| file.trim_end_matches(".toml") == test) {
                    self.prediction = Some(test);
                }
            }
            LabAction::StartExercise(id) => self.enter_exercise(&id),
            LabAction::ShowHint => self.tracker.show_hint(),
            LabAction::ResetExercise => self.reset_exercise(),
            LabAction::Restore(loaded) => {
                match self.gate.restore(*loaded, |reason| {
                    format!("Your saved plugtest lab work could not be read ({reason}); the lab starts afresh.")
                }) {
                    Ok(Some(progress)) => {
                        self.tracker.restore_completed(progress.completed, |id| find_exercise(EXERCISES, id).is_some());
                        if let Some(work) = progress.work.filter(|work| work.check().is_ok()) {
                            self.work = work;
                        }
                        if let Some(exercise) = progress.exercise.as_deref().and_then(|id| find_exercise(EXERCISES, id))
                        {
                            self.tracker.start_exercise(Some(exercise));
                        }
                    }
                    Ok(None) => {}
                    Err(notice) => self.notice = Some(notice),
                }
            }
            LabAction::Import(text) => match Work::import_json(&text) {
                Ok(work) => {
                    self.work = work;
                    self.description_error = None;
                    self.notice = Some(Notice::info("Your work was imported."));
                }
                Err(reason) => self.notice = Some(Notice::error(format!("Nothing was imported: {reason}."))),
            },
            LabAction::Refuse(text) => self.notice = Some(Notice::error(text)),
            LabAction::Dismiss => self.notice = None,
        }
        self.tracker.check(EXERCISES, &self.work);
    }
}

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        let mut state = (*self).clone();
        state.apply(action);
        Rc::new(state)
    }
}

#[cfg(test)]
mod tests;
