//! The lab's state, its one action enum and its reducer. No IO: the component's effects load and
//! save [`SavedProgress`]; the reducer only computes (it rebuilds the simulated CSE when the
//! policies change and grades on request, both pure).

use std::collections::BTreeMap;
use std::rc::Rc;

use lab_kit::{Notice, SaveGate, Shared};
use lab_storage::Loaded;
use onem2m_cse::AccessOperation;
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::challenges::{self, Challenge, Grade};
use crate::policy_draft::{PolicyDraft, RuleDraft, RuleField, RuleSet};
use crate::scenario::{ADMIN, RequestContext, Setup, World};

/// The storage key (under lab-storage's prefix) and the version of the saved format.
pub const STORAGE_KEY: &str = lab_catalog::storage_keys::ACL_LAB_PROGRESS;
pub const PROGRESS_VERSION: u32 = 1;

/// What is saved: the current challenge, and per challenge the student's policies and whether it was solved.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SavedProgress {
    pub current: String,
    pub challenges: BTreeMap<String, SavedChallenge>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedChallenge {
    pub setup: Setup,
    pub solved: bool,
}

/// The simulated CSE of the current setup; compared by identity (it is rebuilt, never changed).
pub type SharedWorld = Shared<World>;

/// A cell of the decision matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub originator: String,
    pub operation: AccessOperation,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    pub challenges: Rc<Vec<Challenge>>,
    /// Index of the current challenge.
    pub current: usize,
    /// The student's work per challenge (same order as `challenges`).
    pub setups: Vec<Setup>,
    pub solved: Vec<bool>,
    /// The last check of the current challenge.
    pub grade: Option<Grade>,
    /// The policy shown in the editor.
    pub selected_policy: usize,
    /// The JSON view of the selected policy, as typed.
    pub json_text: String,
    /// Why the JSON view's text is not applied.
    pub json_error: Option<String>,
    /// The resource the matrix shows.
    pub target: String,
    pub context: RequestContext,
    pub selected_cell: Option<Cell>,
    /// A message such as "saved progress was unreadable and has been reset".
    pub notice: Option<Notice>,
    /// Saves once saved progress was read and the reader changed something that is saved (a policy, a link,
    /// the challenge, a check), or saved progress was unreadable.
    pub gate: SaveGate,
    pub world: SharedWorld,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LabAction {
    SelectChallenge(String),
    SelectPolicy(usize),
    AddPolicy,
    RemovePolicy(usize),
    RenamePolicy(usize, String),
    AddRule(usize, RuleSet),
    RemoveRule(usize, RuleSet, usize),
    EditRule(usize, RuleSet, usize, RuleField, String),
    ToggleOperation(usize, RuleSet, usize, AccessOperation, bool),
    EditJson(String),
    Attach { target: String, policy: String, attached: bool },
    SetTarget(String),
    SetWeekday(String),
    SetHour(String),
    SetIp(String),
    SetCountry(String),
    SelectCell(Cell),
    Check,
    ResetChallenge,
    Restore(Loaded<SavedProgress>),
    DismissNotice,
}

impl LabAction {
    /// Whether the action changes what is saved (the policies and links, the current challenge, what is
    /// solved); looking at the matrix, choosing a policy to edit or dismissing a message does not.
    fn changes_what_is_saved(&self) -> bool {
        match self {
            LabAction::SelectChallenge(_)
            | LabAction::AddPolicy
            | LabAction::RemovePolicy(_)
            | LabAction::RenamePolicy(..)
            | LabAction::AddRule(..)
            | LabAction::RemoveRule(..)
            | LabAction::EditRule(..)
            | LabAction::ToggleOperation(..)
            | LabAction::EditJson(_)
            | LabAction::Attach { .. }
            | LabAction::Check
            | LabAction::ResetChallenge => true,
            LabAction::SelectPolicy(_)
            | LabAction::SetTarget(_)
            | LabAction::SetWeekday(_)
            | LabAction::SetHour(_)
            | LabAction::SetIp(_)
            | LabAction::SetCountry(_)
            | LabAction::SelectCell(_)
            | LabAction::Restore(_)
            | LabAction::DismissNotice => false,
        }
    }
}

impl LabState {
    /// The lab at the start of challenge `id` (the first when unknown).
    pub fn new(id: &str) -> Self {
        let challenges = Rc::new(challenges::challenges());
        let current = challenges.iter().position(|challenge| challenge.id == id).unwrap_or(0);
        let setups: Vec<Setup> = challenges.iter().map(|challenge| challenge.start.clone()).collect();
        let solved = vec![false; challenges.len()];
        let mut state = LabState {
            current,
            setups,
            solved,
            grade: None,
            selected_policy: 0,
            json_text: String::new(),
            json_error: None,
            target: String::new(),
            context: RequestContext::default(),
            selected_cell: None,
            notice: None,
            gate: SaveGate::default(),
            world: Shared::new(World::build(&Setup::default())),
            challenges,
        };
        state.enter_challenge(current);
        state
    }

    pub fn challenge(&self) -> &Challenge {
        &self.challenges[self.current]
    }

    pub fn setup(&self) -> &Setup {
        &self.setups[self.current]
    }

    /// What the save effect writes: nothing until saved progress was read and the reader did something.
    pub fn to_save(&self) -> Option<SavedProgress> {
        self.gate.to_save(|| self.saved())
    }

    /// What is saved.
    pub fn saved(&self) -> SavedProgress {
        SavedProgress {
            current: self.challenge().id.to_owned(),
            challenges: self
                .challenges
                .iter()
                .zip(self.setups.iter().zip(&self.solved))
                .map(|(challenge, (setup, solved))| {
                    (challenge.id.to_owned(), SavedChallenge { setup: setup.clone(), solved: *solved })
                })
                .collect(),
        }
    }

    /// The resources the matrix can show: the scenario's tree, then the policies.
    pub fn targets(&self) -> Vec<String> {
        let mut targets: Vec<String> = crate::scenario::TREE.iter().map(|(path, _)| (*path).to_owned()).collect();
        targets.extend(
            self.setup().policies.iter().map(|policy| format!("{}/{}", crate::scenario::CSE_BASE, policy.name.trim())),
        );
        targets
    }

    fn enter_challenge(&mut self, index: usize) {
        self.current = index.min(self.challenges.len() - 1);
        self.grade = None;
        self.selected_policy = 0;
        self.selected_cell = None;
        self.target = self.challenge().focus.to_owned();
        self.rebuild();
    }

    /// After the setup changed: rebuild the CSE, refresh the JSON view, forget the last check.
    fn rebuild(&mut self) {
        let count = self.setup().policies.len();
        if self.selected_policy >= count {
            self.selected_policy = count.saturating_sub(1);
        }
        self.refresh_json();
        self.world = Shared::new(World::build(self.setup()));
        self.grade = None;
    }

    fn refresh_json(&mut self) {
        self.json_text =
            self.setup().policies.get(self.selected_policy).map(PolicyDraft::to_json_text).unwrap_or_default();
        self.json_error = None;
    }

    fn edit_setup(&mut self, change: impl FnOnce(&mut Setup)) {
        change(&mut self.setups[self.current]);
        self.rebuild();
    }

    fn edit_rule(&mut self, policy: usize, set: RuleSet, rule: usize, change: impl FnOnce(&mut RuleDraft)) {
        self.edit_setup(|setup| {
            if let Some(rule) = setup.policies.get_mut(policy).and_then(|policy| policy.rules_mut(set).get_mut(rule)) {
                change(rule);
            }
        });
    }

    fn restore(&mut self, loaded: Loaded<SavedProgress>) {
        let restored = self.gate.restore(loaded, |reason| {
            format!(
                "Your saved progress in the access-control lab could not be read ({reason}), so the lab has been reset to its starting policies."
            )
        });
        match restored {
            Ok(None) => {}
            Ok(Some(saved)) => {
                for (index, challenge) in self.challenges.clone().iter().enumerate() {
                    if let Some(saved) = saved.challenges.get(challenge.id) {
                        self.setups[index] = saved.setup.clone();
                        self.solved[index] = saved.solved;
                    }
                }
                if let Some(index) = self.challenges.iter().position(|challenge| challenge.id == saved.current) {
                    self.current = index;
                }
                self.enter_challenge(self.current);
            }
            Err(notice) => self.notice = Some(notice),
        }
    }
}

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let mut next = (*self).clone();
        if action.changes_what_is_saved() {
            next.gate.touch();
        }
        match action {
            LabAction::SelectChallenge(id) => {
                if let Some(index) = next.challenges.iter().position(|challenge| challenge.id == id) {
                    next.enter_challenge(index);
                }
            }
            LabAction::SelectPolicy(index) => {
                if index < next.setup().policies.len() {
                    next.selected_policy = index;
                    next.refresh_json();
                }
            }
            LabAction::AddPolicy => {
                let names: Vec<String> =
                    next.setup().policies.iter().map(|policy| policy.name.trim().to_owned()).collect();
                let name = (1..).map(|n| format!("acpNew{n}")).find(|name| !names.contains(name)).unwrap_or_default();
                next.edit_setup(|setup| {
                    setup.policies.push(PolicyDraft::new(
                        &name,
                        vec![RuleDraft::new("", 0)],
                        vec![RuleDraft::new(ADMIN, 63)],
                    ))
                });
                next.selected_policy = next.setup().policies.len() - 1;
                next.refresh_json();
            }
            LabAction::RemovePolicy(index) => next.edit_setup(|setup| {
                if index < setup.policies.len() {
                    let removed = setup.policies.remove(index);
                    for names in setup.attachments.values_mut() {
                        names.remove(removed.name.trim());
                    }
                    setup.attachments.retain(|_, names| !names.is_empty());
                }
            }),
            LabAction::RenamePolicy(index, name) => next.edit_setup(|setup| {
                if let Some(policy) = setup.policies.get_mut(index) {
                    let old = policy.name.trim().to_owned();
                    policy.name = name.clone();
                    // links follow the policy they were made to
                    for names in setup.attachments.values_mut() {
                        if names.remove(&old) {
                            names.insert(name.trim().to_owned());
                        }
                    }
                }
            }),
            LabAction::AddRule(policy, set) => next.edit_setup(|setup| {
                if let Some(policy) = setup.policies.get_mut(policy) {
                    policy.rules_mut(set).push(RuleDraft::new("", 0));
                }
            }),
            LabAction::RemoveRule(policy, set, rule) => next.edit_setup(|setup| {
                if let Some(rules) = setup.policies.get_mut(policy).map(|policy| policy.rules_mut(set))
                    && rule < rules.len()
                {
                    rules.remove(rule);
                }
            }),
            LabAction::EditRule(policy, set, rule, field, text) => {
                next.edit_rule(policy, set, rule, |rule| *rule.field_mut(field) = text)
            }
            LabAction::ToggleOperation(policy, set, rule, operation, granted) => {
                next.edit_rule(policy, set, rule, |rule| *rule = rule.toggled(operation, granted))
            }
            LabAction::EditJson(text) => match PolicyDraft::from_json_text(&text) {
                Ok(policy) => {
                    let index = next.selected_policy;
                    let old = next.setup().policies.get(index).map(|policy| policy.name.trim().to_owned());
                    next.edit_setup(|setup| {
                        if let Some(slot) = setup.policies.get_mut(index) {
                            let new_name = policy.name.trim().to_owned();
                            *slot = policy;
                            if let Some(old) = old {
                                for names in setup.attachments.values_mut() {
                                    if names.remove(&old) {
                                        names.insert(new_name.clone());
                                    }
                                }
                            }
                        }
                    });
                    // keep the student's text (and cursor) as typed
                    next.json_text = text;
                }
                Err(error) => {
                    next.json_text = text;
                    next.json_error = Some(error);
                }
            },
            LabAction::Attach { target, policy, attached } => next.edit_setup(|setup| {
                let names = setup.attachments.entry(target.clone()).or_default();
                if attached {
                    names.insert(policy);
                } else {
                    names.remove(&policy);
                }
                if names.is_empty() {
                    setup.attachments.remove(&target);
                }
            }),
            LabAction::SetTarget(target) => {
                if next.targets().contains(&target) {
                    next.target = target;
                    next.selected_cell = None;
                }
            }
            LabAction::SetWeekday(text) => {
                if let Some(day) = text.trim().parse::<u32>().ok().filter(|day| *day < 7) {
                    next.context.weekday = day;
                }
            }
            LabAction::SetHour(text) => {
                if let Some(hour) = text.trim().parse::<u32>().ok().filter(|hour| *hour < 24) {
                    next.context.hour = hour;
                }
            }
            LabAction::SetIp(text) => next.context.ip = text,
            LabAction::SetCountry(text) => next.context.country = text,
            LabAction::SelectCell(cell) => next.selected_cell = Some(cell),
            LabAction::Check => {
                let grade = challenges::grade(next.challenge(), next.setup());
                if grade.passed() {
                    next.solved[next.current] = true;
                }
                next.grade = Some(grade);
            }
            LabAction::ResetChallenge => {
                let start = next.challenge().start.clone();
                next.setups[next.current] = start;
                next.solved[next.current] = false;
                next.enter_challenge(next.current);
            }
            LabAction::Restore(loaded) => next.restore(loaded),
            LabAction::DismissNotice => next.notice = None,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: LabState, action: LabAction) -> LabState {
        (*Rc::new(state).reduce(action)).clone()
    }

    fn reduce_all(state: LabState, actions: Vec<LabAction>) -> LabState {
        actions.into_iter().fold(state, reduce)
    }

    #[test]
    fn a_challenge_starts_from_its_policies_and_focus() {
        let state = LabState::new("meters-wildcard");
        assert_eq!(state.challenge().id, "meters-wildcard");
        assert_eq!(state.target, "cse-in/energy");
        assert!(state.json_text.contains("\"C*\""), "{}", state.json_text);
        assert_eq!(LabState::new("nope").challenge().id, "thermostat-hours");
    }

    #[test]
    fn form_edits_update_json_and_the_engine() {
        let state = LabState::new("analytics-read-discover");
        let context = state.context.clone();
        let before = state
            .world
            .decide("Canalytics", "cse-in/thermostat/temperature", AccessOperation::Discovery, &context)
            .expect("exists");
        assert!(!before.granted);
        let state = reduce_all(
            state,
            vec![
                LabAction::ToggleOperation(0, RuleSet::Privileges, 1, AccessOperation::Create, false),
                LabAction::ToggleOperation(0, RuleSet::Privileges, 1, AccessOperation::Discovery, true),
            ],
        );
        assert_eq!(state.setup().policies[0].pv[1].acop, 34);
        assert!(state.json_text.contains("\"acop\": 34"), "{}", state.json_text);
        let after = state
            .world
            .decide("Canalytics", "cse-in/thermostat/temperature", AccessOperation::Discovery, &context)
            .expect("exists");
        assert!(after.granted, "{after}");
        let state = reduce(state, LabAction::Check);
        assert!(state.grade.as_ref().is_some_and(Grade::passed));
        assert!(state.solved[state.current]);
        assert!(state.saved().challenges["analytics-read-discover"].solved);
    }

    #[test]
    fn json_edits_update_the_form_and_bad_json_is_explained_and_kept() {
        let state = LabState::new("meters-wildcard");
        let text = state.json_text.replace("\"C*\"", "\"Cmeter-*\"");
        let state = reduce(state, LabAction::EditJson(text.clone()));
        assert_eq!(state.setup().policies[0].pv[0].acor, "Cmeter-*");
        assert_eq!((state.json_text.clone(), state.json_error.clone()), (text, None));
        let state = reduce(
            state,
            LabAction::EditJson(
                "{\"m2m:acp\": {\"rn\": \"acpEnergy\", \"pv\": {\"acr\": [{\"acor\": [\"x\"], \"acop\": 99}]}}}".into(),
            ),
        );
        assert!(
            state.json_error.as_deref().is_some_and(|error| error.contains("pv.acr[0].acop")),
            "{:?}",
            state.json_error
        );
        assert_eq!(state.setup().policies[0].pv[0].acor, "Cmeter-*", "the last valid policy stays");
        let state = reduce(state, LabAction::EditRule(0, RuleSet::Privileges, 0, RuleField::Acor, "Cmeter-0*".into()));
        assert_eq!(state.json_error, None, "a form edit replaces the broken text");
        assert!(state.json_text.contains("Cmeter-0*"));
    }

    #[test]
    fn attachments_renames_and_removals_stay_consistent() {
        let state = LabState::new("discovery-leak");
        let state = reduce(
            state,
            LabAction::Attach {
                target: "cse-in/thermostat/temperature".into(),
                policy: "acpPublic".into(),
                attached: false,
            },
        );
        assert!(!state.setup().is_attached("cse-in/thermostat/temperature", "acpPublic"));
        let state = reduce(state, LabAction::RenamePolicy(0, "acpVisitors".into()));
        assert!(state.setup().is_attached("cse-in/notices", "acpVisitors"));
        assert!(state.targets().contains(&"cse-in/acpVisitors".to_owned()));
        let state = reduce(state, LabAction::AddPolicy);
        assert_eq!((state.setup().policies.len(), state.selected_policy), (2, 1));
        assert!(state.json_text.contains("acpNew1"));
        let state = reduce(state, LabAction::RemovePolicy(0));
        assert_eq!(state.setup().policies.len(), 1);
        assert!(state.setup().attachments.is_empty());
        assert_eq!(state.selected_policy, 0);
    }

    #[test]
    fn a_refused_policy_shows_the_engine_message() {
        let state = LabState::new("thermostat-hours");
        let state = reduce(state, LabAction::AddRule(0, RuleSet::Privileges));
        let state = reduce(state, LabAction::EditRule(0, RuleSet::Privileges, 1, RuleField::Actw, "8-17".into()));
        assert!(state.world.problems.iter().any(|problem| problem.contains("actw")), "{:?}", state.world.problems);
        let state = reduce(state, LabAction::RemoveRule(0, RuleSet::Privileges, 1));
        assert!(state.world.problems.is_empty());
    }

    #[test]
    fn the_context_ignores_impossible_values() {
        let state = reduce_all(
            LabState::new("thermostat-hours"),
            vec![
                LabAction::SetHour("19".into()),
                LabAction::SetHour("99".into()),
                LabAction::SetWeekday("x".into()),
                LabAction::SetIp("10.0.0.1".into()),
            ],
        );
        assert_eq!((state.context.hour, state.context.weekday, state.context.ip.as_str()), (19, 3, "10.0.0.1"));
        let state = reduce(state, LabAction::SetTarget("cse-in/nowhere".into()));
        assert_eq!(state.target, "cse-in/thermostat/temperature");
    }

    #[test]
    fn reset_restores_the_start_and_progress_is_restored_or_reported() {
        let state = LabState::new("meters-wildcard");
        let state = reduce(state, LabAction::EditRule(0, RuleSet::Privileges, 0, RuleField::Acor, "Cmeter-*".into()));
        let state = reduce(state, LabAction::Check);
        assert!(state.solved[2]);
        let saved = state.saved();

        let fresh = reduce(LabState::new("thermostat-hours"), LabAction::Restore(Loaded::Found(saved)));
        assert_eq!(fresh.challenge().id, "meters-wildcard");
        assert!(fresh.solved[2] && fresh.gate.restored());
        assert_eq!(fresh.setup().policies[0].pv[0].acor, "Cmeter-*");

        let reset = reduce(fresh, LabAction::ResetChallenge);
        assert_eq!(reset.setup().policies[0].pv[0].acor, "C*");
        assert!(!reset.solved[2]);

        let corrupt =
            reduce(LabState::new("public-notices"), LabAction::Restore(Loaded::Corrupt("it is not valid JSON".into())));
        assert!(corrupt.gate.restored());
        assert!(corrupt.to_save().is_some(), "the unreadable progress is replaced");
        assert!(
            corrupt
                .notice
                .as_ref()
                .is_some_and(|notice| notice.error && notice.text.contains("could not be read (it is not valid JSON)"))
        );
        assert_eq!(corrupt.challenge().id, "public-notices");
        let dismissed = reduce(corrupt, LabAction::DismissNotice);
        assert_eq!(dismissed.notice, None);
    }

    #[test]
    fn an_opened_lab_has_nothing_to_save_until_the_reader_changes_something() {
        assert_eq!(LabState::new("thermostat-hours").to_save(), None, "a fresh lab");
        let opened = reduce(LabState::new("thermostat-hours"), LabAction::Restore(Loaded::Missing));
        assert_eq!(opened.to_save(), None, "opened, nothing stored");
        let looked = reduce_all(
            opened.clone(),
            vec![
                LabAction::SetHour("19".into()),
                LabAction::SetTarget("cse-in/energy".into()),
                LabAction::SelectPolicy(0),
                LabAction::DismissNotice,
            ],
        );
        assert_eq!(looked.to_save(), None, "exploring the matrix saves nothing");
        let edited = reduce(
            opened.clone(),
            LabAction::EditRule(0, RuleSet::Privileges, 0, RuleField::Acor, "Cthermostat ".into()),
        );
        assert_eq!(edited.to_save().map(|saved| saved.current), Some("thermostat-hours".to_owned()));
        assert!(reduce(opened.clone(), LabAction::Check).to_save().is_some(), "a check is kept");
        assert!(reduce(opened, LabAction::SelectChallenge("public-notices".into())).to_save().is_some());
        let before_restore = reduce(LabState::new("thermostat-hours"), LabAction::Check);
        assert_eq!(before_restore.to_save(), None, "nothing is written before saved progress was read");
        let saved =
            reduce(reduce(LabState::new("meters-wildcard"), LabAction::Restore(Loaded::Missing)), LabAction::Check)
                .saved();
        let reopened = reduce(LabState::new("thermostat-hours"), LabAction::Restore(Loaded::Found(saved)));
        assert_eq!(reopened.to_save(), None, "what was read is not written back");
        assert_eq!(reopened.challenge().id, "meters-wildcard");
    }
}
