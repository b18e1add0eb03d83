//! The graded least-privilege challenges, and their grading.
//!
//! Each challenge starts from policies with a typical mistake in them. Its hidden matrix is a list
//! of [`Probe`]s: a request (originator, operation, target, context) and whether it must be granted.
//! Grading builds the student's [`World`] through real requests and asks the CSE engine about each
//! probe; a failed probe shows what is required, the engine's explanation, and the usual mistake
//! behind it only when the student's policies actually have that mistake ([`Mistake`]).

use onem2m_cse::{AccessDecision, AccessOperation, DecisionBasis, PrivilegeSet, ResponseStatusCode};
use serde::{Deserialize, Serialize};

use crate::policy_draft::{PolicyDraft, RuleDraft, RuleSet, lines, words};
use crate::scenario::{ADMIN, RequestContext, Setup, World, describe_response};

/// What a probe asks the CSE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeAction {
    /// May the originator perform the operation on the target? (`Cse::explain_access`)
    Access(AccessOperation),
    /// A real request creating a subscription to the target: granted when it is created.
    Subscribe,
    /// A real request creating a contentInstance in the target: granted when it is created.
    AddInstance,
    /// A real discovery from the CSEBase: granted when the target's path is in the result.
    Discover,
}

/// One request of a challenge's hidden matrix, with the outcome least privilege requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub originator: &'static str,
    pub action: ProbeAction,
    pub target: &'static str,
    pub context: RequestContext,
    pub granted: bool,
    /// Why the outcome must be so: true whatever the student wrote.
    pub why: &'static str,
    /// The usual mistakes behind a wrong outcome, each with its advice; the first one the student's
    /// policies actually have is shown.
    pub mistakes: &'static [MistakeAdvice],
}

/// A typical mistake, recognised from the engine's decision and the student's own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mistake {
    /// The resource that decided links no policy, so its creator may do anything with it.
    NoPolicyLinked,
    /// The rule that granted the request has no time window (actw).
    NoTimeWindow,
    /// The rule that granted the request has a time window, and it covers the request's hour.
    WindowCoversHour,
    /// The rule that granted the request has no network condition (acip).
    NoNetworkCondition,
    /// The rule that granted the request holds the operation's bit.
    OperationBit,
    /// The rule that granted the request names everyone (`all`) or a wildcard pattern.
    WideOriginators,
    /// The rule that granted the request is in a policy linked from the target.
    GrantedByLinkedPolicy,
    /// The policy's pvs rule that granted the request is a copy of its pv.
    SelfPrivilegesCopied,
    /// The policy (the request's target) has no pvs rule at all.
    NoSelfPrivileges,
    /// A rule that applies to the originator grants Notify (16).
    NotifyBit,
    /// A rule that applies to the originator grants Create (1) without child types (acod chty).
    CreateWithoutChildTypes,
}

/// A mistake and what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MistakeAdvice {
    pub mistake: Mistake,
    pub advice: &'static str,
}

/// `advice!(Mistake::X, "...")`: a [`MistakeAdvice`] literal (promoted to a `'static` slice item in place).
macro_rules! advice {
    ($mistake:expr, $advice:expr $(,)?) => {
        MistakeAdvice { mistake: $mistake, advice: $advice }
    };
}

impl Probe {
    /// "Cthermostat: Create on cse-in/thermostat/temperature, Wednesday 10:00 UTC, from ..."
    pub fn describe(&self) -> String {
        let what = match self.action {
            ProbeAction::Access(operation) => format!("{operation} on {}", self.target),
            ProbeAction::Subscribe => format!("subscribe to {} (Create a subscription)", self.target),
            ProbeAction::AddInstance => format!("add a contentInstance to {}", self.target),
            ProbeAction::Discover => format!("discovery from cse-in: is {} in the result?", self.target),
        };
        format!("{}: {what}; {}", self.originator, self.context.describe())
    }

    fn expected_text(&self) -> &'static str {
        match (self.action, self.granted) {
            (ProbeAction::Discover, true) => "listed",
            (ProbeAction::Discover, false) => "not listed",
            (_, true) => "granted",
            (_, false) => "denied",
        }
    }
}

/// A least-privilege exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub id: &'static str,
    pub title: &'static str,
    /// The requirement, as a client would state it.
    pub task: &'static str,
    /// The resource the decision matrix shows first.
    pub focus: &'static str,
    /// Where the student starts: policies with a mistake in them.
    pub start: Setup,
    pub probes: Vec<Probe>,
    pub hints: &'static [&'static str],
}

/// The outcome of one probe against the student's policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeResult {
    pub request: String,
    pub expected: String,
    pub actual: String,
    pub correct: bool,
    pub why: String,
    /// The mistake in the student's policies behind a wrong outcome, when it is a usual one.
    #[serde(default)]
    pub mistake: Option<String>,
    /// The engine's explanation, line by line.
    pub explanation: Vec<String>,
}

/// The result of checking a challenge.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Grade {
    pub results: Vec<ProbeResult>,
    /// Policies the CSE refused, links it could not make.
    pub problems: Vec<String>,
}

impl Grade {
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && !self.results.is_empty() && self.results.iter().all(|result| result.correct)
    }

    pub fn failures(&self) -> impl Iterator<Item = &ProbeResult> {
        self.results.iter().filter(|result| !result.correct)
    }
}

fn explain(
    world: &World,
    originator: &str,
    target: &str,
    operation: AccessOperation,
    context: &RequestContext,
) -> Vec<String> {
    match world.decide(originator, target, operation, context) {
        Ok(decision) => world.explain(&decision),
        Err(error) => vec![error],
    }
}

/// The operation the engine decides for a probe.
fn decided_operation(action: ProbeAction) -> AccessOperation {
    match action {
        ProbeAction::Access(operation) => operation,
        ProbeAction::Subscribe | ProbeAction::AddInstance => AccessOperation::Create,
        ProbeAction::Discover => AccessOperation::Discovery,
    }
}

/// One of the student's rules, found from an `acpi` entry or policy id of the engine's decision.
struct StudentRule<'a> {
    policy: &'a PolicyDraft,
    set: RuleSet,
    index: usize,
    rule: &'a RuleDraft,
}

impl StudentRule<'_> {
    /// "pv rule 0 of acpThermostat", as the policy form titles it.
    fn name(&self) -> String {
        format!("{} rule {} of {}", self.set.short_name(), self.index, self.policy.name.trim())
    }
}

fn student_rule<'a>(
    world: &World,
    setup: &'a Setup,
    policy: &str,
    set: PrivilegeSet,
    index: usize,
) -> Option<StudentRule<'a>> {
    let ri = world.cse.resolve_address(policy)?;
    let rn = world.cse.resource(&ri)?.rn.clone();
    let policy = setup.policies.iter().find(|draft| draft.name.trim() == rn)?;
    let set = match set {
        PrivilegeSet::Privileges => RuleSet::Privileges,
        PrivilegeSet::SelfPrivileges => RuleSet::SelfPrivileges,
    };
    let rule = policy.rules(set).get(index)?;
    Some(StudentRule { policy, set, index, rule })
}

/// The student's rule that granted a decision.
fn granting_rule<'a>(world: &World, setup: &'a Setup, decision: &AccessDecision) -> Option<StudentRule<'a>> {
    match &decision.basis {
        DecisionBasis::RuleMatched { policy, set, rule } => student_rule(world, setup, policy, *set, *rule),
        _ => None,
    }
}

/// Every student rule that applies to the request of a decision (the engine evaluated it and found no failure).
fn applying_rules<'a>(world: &World, setup: &'a Setup, decision: &AccessDecision) -> Vec<StudentRule<'a>> {
    decision
        .policies
        .iter()
        .flat_map(|policy| policy.rules.iter().filter(|rule| rule.matched()).map(move |rule| (policy, rule.index)))
        .filter_map(|(policy, index)| student_rule(world, setup, &policy.policy, policy.set, index))
        .collect()
}

/// The hour field (third of seven) of each schedule line of a rule's actw.
fn hour_fields(rule: &RuleDraft) -> Vec<String> {
    lines(&rule.actw).iter().filter_map(|line| line.split_whitespace().nth(2).map(str::to_owned)).collect()
}

/// Whether the student's setup has `mistake` behind the wrong outcome of `probe`, and if so the facts,
/// in the student's own terms (their rule, their text).
fn find_mistake(world: &World, setup: &Setup, probe: &Probe, mistake: Mistake) -> Option<String> {
    let operation = decided_operation(probe.action);
    let decision = world.decide(probe.originator, probe.target, operation, &probe.context).ok()?;
    let granting = granting_rule(world, setup, &decision);
    let who = probe.originator;
    match mistake {
        Mistake::NoPolicyLinked => match &decision.basis {
            DecisionBasis::Creator { creator } => Some(format!(
                "{} links no policy (acpi), so {creator}, which created it, may do anything with it.",
                probe.target
            )),
            _ => None,
        },
        Mistake::NoTimeWindow => granting.filter(|granting| lines(&granting.rule.actw).is_empty()).map(|granting| {
            format!("Your {} granted it and has no time window (actw), so it applies at any hour.", granting.name())
        }),
        Mistake::WindowCoversHour => {
            granting.filter(|granting| !lines(&granting.rule.actw).is_empty()).map(|granting| {
                let hour = probe.context.hour;
                format!(
                    "Your {} granted it: its time window's hour field {} also covers {hour:02}:00-{hour:02}:59.",
                    granting.name(),
                    hour_fields(granting.rule).join(", ")
                )
            })
        }
        Mistake::NoNetworkCondition => granting
            .filter(|granting| words(&granting.rule.ipv4).is_empty() && words(&granting.rule.ipv6).is_empty())
            .map(|granting| {
                format!(
                    "Your {} granted it and has no network condition (acip), so it applies from any address.",
                    granting.name()
                )
            }),
        Mistake::OperationBit => granting.map(|granting| {
            format!(
                "Your {} granted it: its acop is {}, which includes {operation} ({}).",
                granting.name(),
                granting.rule.operations().explain(),
                operation.bit()
            )
        }),
        Mistake::WideOriginators => granting.and_then(|granting| {
            let entries = words(&granting.rule.acor);
            // a rule that names the originator itself granted it by name, not through a pattern
            if entries.iter().any(|entry| entry == who) {
                return None;
            }
            let wide: Vec<String> = entries.into_iter().filter(|entry| entry == "all" || entry.contains('*')).collect();
            (!wide.is_empty()).then(|| {
                format!("Your {} granted it to `{}`, which also matches {who}.", granting.name(), wide.join(" "))
            })
        }),
        Mistake::GrantedByLinkedPolicy => granting.map(|granting| {
            format!(
                "{} links {}, and its {} rule {} grants {who} {operation} ({}).",
                probe.target,
                granting.policy.name.trim(),
                granting.set.short_name(),
                granting.index,
                operation.bit()
            )
        }),
        Mistake::SelfPrivilegesCopied => granting
            .filter(|granting| granting.set == RuleSet::SelfPrivileges && granting.policy.pvs == granting.policy.pv)
            .map(|granting| {
                format!(
                    "The pvs of {} is a copy of its pv, so its {} lets {who} in.",
                    granting.policy.name.trim(),
                    granting.name()
                )
            }),
        Mistake::NoSelfPrivileges => {
            let name = probe.target.strip_prefix(&format!("{}/", crate::scenario::CSE_BASE))?;
            let policy = setup.policies.iter().find(|policy| policy.name.trim() == name)?;
            policy.pvs.is_empty().then(|| {
                format!(
                    "{name} has no pvs rule, and the CSE refuses such a policy (4000): pvs must hold at least one rule."
                )
            })
        }
        Mistake::NotifyBit => {
            let notify = world.decide(who, probe.target, AccessOperation::Notify, &probe.context).ok()?;
            let rules = applying_rules(world, setup, &notify);
            rules.first().map(|rule| format!("Your {} gives {who} the Notify bit (16).", rule.name()))
        }
        Mistake::CreateWithoutChildTypes => {
            let rules = applying_rules(world, setup, &decision);
            rules
                .iter()
                .find(|rule| words(&rule.rule.chty).is_empty())
                .map(|rule| format!("Your {} gives {who} Create (1) without child types (acod chty), so it may create any child, readings included.", rule.name()))
        }
    }
}

/// The first usual mistake behind a wrong outcome that the setup has, with its advice.
fn mistake_behind(world: &World, setup: &Setup, probe: &Probe) -> Option<String> {
    probe.mistakes.iter().find_map(|candidate| {
        find_mistake(world, setup, probe, candidate.mistake).map(|facts| format!("{facts} {}", candidate.advice))
    })
}

/// Runs one probe against a world built from `setup`.
pub fn run_probe(world: &World, setup: &Setup, probe: &Probe) -> ProbeResult {
    let (actual, mut explanation) = match probe.action {
        ProbeAction::Access(operation) => match world.decide(probe.originator, probe.target, operation, &probe.context)
        {
            Ok(decision) => (decision.granted, world.explain(&decision)),
            Err(error) => (false, vec![error]),
        },
        ProbeAction::Subscribe | ProbeAction::AddInstance => {
            let response = match probe.action {
                ProbeAction::Subscribe => world.subscribe(probe.originator, probe.target, &probe.context),
                _ => world.add_instance(probe.originator, probe.target, &probe.context),
            };
            let mut lines = vec![format!("the CSE answered {}", describe_response(&response))];
            lines.extend(explain(world, probe.originator, probe.target, AccessOperation::Create, &probe.context));
            if probe.action == ProbeAction::Subscribe {
                lines.extend(explain(world, probe.originator, probe.target, AccessOperation::Retrieve, &probe.context));
            }
            (response.rsc == ResponseStatusCode::Created, lines)
        }
        ProbeAction::Discover => match world.discover(probe.originator, &probe.context) {
            Ok(found) => {
                let mut lines = vec![format!("the discovery returned [{}]", found.join(", "))];
                lines.extend(explain(
                    world,
                    probe.originator,
                    probe.target,
                    AccessOperation::Discovery,
                    &probe.context,
                ));
                (found.iter().any(|path| path == probe.target), lines)
            }
            Err(error) => (false, vec![format!("the discovery failed: {error}")]),
        },
    };
    explanation.dedup();
    let actual_text = match (probe.action, actual) {
        (ProbeAction::Discover, true) => "listed",
        (ProbeAction::Discover, false) => "not listed",
        (_, true) => "granted",
        (_, false) => "denied",
    };
    let correct = actual == probe.granted;
    ProbeResult {
        request: probe.describe(),
        expected: probe.expected_text().to_owned(),
        actual: actual_text.to_owned(),
        correct,
        why: probe.why.to_owned(),
        mistake: if correct { None } else { mistake_behind(world, setup, probe) },
        explanation,
    }
}

/// Checks a student's setup against the challenge's hidden matrix.
pub fn grade(challenge: &Challenge, setup: &Setup) -> Grade {
    let world = World::build(setup);
    Grade {
        results: challenge.probes.iter().map(|probe| run_probe(&world, setup, probe)).collect(),
        problems: world.problems.clone(),
    }
}

fn attach(pairs: &[(&str, &str)]) -> crate::scenario::Attachments {
    let mut attachments = crate::scenario::Attachments::new();
    for (target, policy) in pairs {
        attachments.entry((*target).to_owned()).or_default().insert((*policy).to_owned());
    }
    attachments
}

fn admin_only() -> Vec<RuleDraft> {
    vec![RuleDraft::new(ADMIN, 63)]
}

fn probe(
    originator: &'static str,
    action: ProbeAction,
    target: &'static str,
    context: RequestContext,
    granted: bool,
    why: &'static str,
) -> Probe {
    Probe { originator, action, target, context, granted, why, mistakes: &[] }
}

impl Probe {
    /// The same probe with the usual mistakes behind a wrong outcome.
    fn or_mistakes(self, mistakes: &'static [MistakeAdvice]) -> Probe {
        Probe { mistakes, ..self }
    }
}

use AccessOperation::{Create, Delete, Discovery, Retrieve, Update};
use ProbeAction::{Access, AddInstance, Discover, Subscribe};

const TEMPERATURE: &str = "cse-in/thermostat/temperature";
const READING: &str = "cse-in/thermostat/temperature/reading-1";
const SETPOINT: &str = "cse-in/thermostat/setpoint";
const ENERGY: &str = "cse-in/energy";
const NOTICES: &str = "cse-in/notices";
const NOTICE: &str = "cse-in/notices/notice-1";

/// Advice for a missing time window in the thermostat challenge.
const OFFICE_HOURS: &str =
    "Add a time window to the rule's acco: `* * 8-17 * * * *` (second minute hour day month weekday year, UTC).";

const WRITE_ONLY: &[MistakeAdvice] = &[
    advice!(Mistake::NoPolicyLinked, "Link the policy from the container in the attachments table."),
    advice!(Mistake::OperationBit, "Write-only is Create alone: acop 1."),
];

const PUBLIC_READ_ONLY: &[MistakeAdvice] = &[advice!(
    Mistake::OperationBit,
    "Give `all` only Retrieve + Discovery (34), and the facility manager a rule of its own."
)];

const SELF_PRIVILEGES: &[MistakeAdvice] =
    &[advice!(Mistake::NoSelfPrivileges, "Add pvs rules: CAdmin with 63, Cfacility with Retrieve (2).")];

/// The ids of the challenges, in order (the catalog's `challenge` option lists the same).
pub const CHALLENGE_IDS: &[&str] = &[
    "thermostat-hours",
    "analytics-read-discover",
    "meters-wildcard",
    "public-notices",
    "policy-self-privileges",
    "dashboard-subscribe",
    "discovery-leak",
];

/// Every challenge, in order.
pub fn challenges() -> Vec<Challenge> {
    let office = RequestContext::default();
    let at = |hour: u32| RequestContext::new(3, hour, "10.20.1.15", "FR");
    let remote = RequestContext::new(3, 10, "203.0.113.7", "FR");
    let anywhere = RequestContext::new(6, 23, "198.51.100.20", "US");
    vec![
        Challenge {
            id: "thermostat-hours",
            title: "Thermostat: write only, office hours, building network",
            task: "The thermostat (Cthermostat) may only add readings (Create) to its own container cse-in/thermostat/temperature, \
                   from 08:00 to 18:00 UTC, and only from the building network 10.20.0.0/16. It may not read, change or delete \
                   anything there, and no other app may write.",
            focus: TEMPERATURE,
            start: Setup {
                policies: vec![PolicyDraft::new("acpThermostat", vec![RuleDraft::new("Cthermostat", 63)], admin_only())],
                attachments: attach(&[(TEMPERATURE, "acpThermostat")]),
            },
            probes: vec![
                probe("Cthermostat", Access(Create), TEMPERATURE, office.clone(), true, "The thermostat must still be able to write during office hours from the building network."),
                probe("Cthermostat", Access(Create), TEMPERATURE, at(17), true, "17:00-17:59 is inside office hours (08:00 to 18:00), so writing must be granted: the hour field 8-17 covers hours 8 to 17 inclusive."),
                probe("Cthermostat", Access(Create), TEMPERATURE, at(18), false, "Office hours end at 18:00: from 18:00 writing must be refused.")
                    .or_mistakes(&[advice!(Mistake::NoTimeWindow, OFFICE_HOURS), advice!(Mistake::WindowCoversHour, "Write 8-17: hours 8 to 17 inclusive end at 17:59.")]),
                probe("Cthermostat", Access(Create), TEMPERATURE, at(7), false, "Office hours start at 08:00: before 08:00 writing must be refused.")
                    .or_mistakes(&[advice!(Mistake::NoTimeWindow, OFFICE_HOURS), advice!(Mistake::WindowCoversHour, "Start the hour field at 8: 8-17.")]),
                probe("Cthermostat", Access(Create), TEMPERATURE, remote, false, "From outside the building network (10.20.0.0/16) writing must be refused.").or_mistakes(&[advice!(
                    Mistake::NoNetworkCondition,
                    "Add acip ipv4 10.20.0.0/16 to the same acco as the time window: every condition of one context must hold.",
                )]),
                probe("Cthermostat", Access(Retrieve), TEMPERATURE, office.clone(), false, "Write-only: the thermostat may not read the container.").or_mistakes(WRITE_ONLY),
                probe("Cthermostat", Access(Delete), TEMPERATURE, office.clone(), false, "Write-only: the thermostat may not delete the container.").or_mistakes(WRITE_ONLY),
                probe("Canalytics", Access(Create), TEMPERATURE, office.clone(), false, "Only the thermostat may write.")
                    .or_mistakes(&[advice!(Mistake::WideOriginators, "Name Cthermostat only.")]),
            ],
            hints: &[
                "acop is a sum of bits: Create 1, Retrieve 2, Update 4, Delete 8, Notify 16, Discovery 32. Write-only is 1.",
                "A time window (actw) has seven fields: second minute hour day-of-month month day-of-week year, in UTC. Office hours: `* * 8-17 * * * *`.",
                "acip takes CIDR blocks: 10.20.0.0/16 is every address 10.20.x.y.",
                "Put the time window and the network in the same rule: all conditions of one acco context must hold together.",
            ],
        },
        Challenge {
            id: "analytics-read-discover",
            title: "Analytics: retrieve and discover, nothing more",
            task: "The analytics app (Canalytics) may only find (Discovery) and read (Retrieve) the temperature container and its \
                   readings. It may not create, change or delete anything. The thermostat keeps adding readings (Create), as now.",
            focus: TEMPERATURE,
            start: Setup {
                policies: vec![PolicyDraft::new("acpTemperature", vec![RuleDraft::new("Cthermostat", 1), RuleDraft::new("Canalytics", 3)], admin_only())],
                attachments: attach(&[(TEMPERATURE, "acpTemperature")]),
            },
            probes: vec![
                probe("Canalytics", Access(Retrieve), TEMPERATURE, office.clone(), true, "Reading is Retrieve, bit 2."),
                probe("Canalytics", Access(Discovery), TEMPERATURE, office.clone(), true, "Finding the container is Discovery, bit 32: Retrieve + Discovery is 2 + 32 = 34."),
                probe("Canalytics", Access(Retrieve), READING, office.clone(), true, "A contentInstance has no acpi of its own: its container's policies decide, so reading the readings is Retrieve on the container's policy."),
                probe("Canalytics", Access(Create), TEMPERATURE, office.clone(), false, "Find and read only: the analytics app may not create anything.").or_mistakes(&[advice!(
                    Mistake::OperationBit,
                    "acop is a sum of bits, not a count of operations: Retrieve + Discovery is 2 + 32 = 34.",
                )]),
                probe("Canalytics", Access(Update), TEMPERATURE, office.clone(), false, "Find and read only: the analytics app may not change the container.")
                    .or_mistakes(&[advice!(Mistake::OperationBit, "Retrieve + Discovery is 2 + 32 = 34.")]),
                probe("Canalytics", Access(Delete), READING, office.clone(), false, "Deleting a reading is decided by the container's policies: the analytics app may not delete.")
                    .or_mistakes(&[advice!(Mistake::OperationBit, "Retrieve + Discovery is 2 + 32 = 34.")]),
                probe("Cthermostat", Access(Create), TEMPERATURE, office.clone(), true, "The thermostat keeps adding readings: once a container links a policy, its creator has no access of its own, so a rule must grant it Create (1)."),
            ],
            hints: &[
                "Retrieve is 2 and Discovery is 32: the rule needs acop 34.",
                "Tick the operations instead of typing numbers, and read the sum next to the checkboxes.",
                "Readings (contentInstances) follow their container's acpi: there is nothing to attach to them.",
            ],
        },
        Challenge {
            id: "meters-wildcard",
            title: "Energy meters: a wildcard, but not too wide",
            task: "Every energy meter may add readings (Create) to cse-in/energy. Meters have AE-IDs Cmeter-01, Cmeter-02, … \
                   (always `Cmeter-` and a number), and new ones are installed every month. No one else may write there. \
                   The facility manager (Cfacility) may read the container (Retrieve); the meters may not.",
            focus: ENERGY,
            start: Setup {
                policies: vec![PolicyDraft::new("acpEnergy", vec![RuleDraft::new("C*", 1), RuleDraft::new("Cfacility", 2)], admin_only())],
                attachments: attach(&[(ENERGY, "acpEnergy")]),
            },
            probes: vec![
                probe("Cmeter-01", Access(Create), ENERGY, office.clone(), true, "The meters must be able to write."),
                probe("Cmeter-42", Access(Create), ENERGY, office.clone(), true, "A meter installed next month must work without editing the policy: use a pattern, not a list of AE-IDs."),
                probe("Cthermostat", Access(Create), ENERGY, office.clone(), false, "Only the meters may write: the thermostat may not.")
                    .or_mistakes(&[advice!(Mistake::WideOriginators, "Make the pattern as narrow as the naming scheme allows: `Cmeter-*`.")]),
                probe("Cvisitor", Access(Create), ENERGY, office.clone(), false, "Unregistered apps may not write.")
                    .or_mistakes(&[advice!(Mistake::WideOriginators, "Make the pattern as narrow as the naming scheme allows: `Cmeter-*`.")]),
                probe("Cmeterhack", Access(Create), ENERGY, office.clone(), false, "Cmeterhack is not a meter (meters are `Cmeter-` and a number): it may not write.")
                    .or_mistakes(&[advice!(Mistake::WideOriginators, "Keep the dash in the pattern: `Cmeter-*`.")]),
                probe("Cfacility", Access(Retrieve), ENERGY, office.clone(), true, "The facility manager reads the container: Retrieve, 2."),
                probe("Cmeter-01", Access(Retrieve), ENERGY, office.clone(), false, "The meters only write: they may not read the container.")
                    .or_mistakes(&[advice!(Mistake::OperationBit, "The meters' rule is Create alone, acop 1.")]),
            ],
            hints: &[
                "`*` in an acor entry matches any sequence of characters: `C*` is nearly everyone.",
                "Include as much of the fixed prefix as you can, separator included: `Cmeter-*`.",
                "A wildcard is only as safe as the registration rules: who else can register an AE-ID that matches?",
            ],
        },
        Challenge {
            id: "public-notices",
            title: "Public notices: “all”, with care",
            task: "Everyone, registered or not, may find (Discovery) and read (Retrieve) the notices in cse-in/notices. Only the \
                   facility manager (Cfacility) may post notices (Create) and remove them (Delete).",
            focus: NOTICES,
            start: Setup {
                policies: vec![PolicyDraft::new("acpNotices", vec![RuleDraft::new("all", 63)], admin_only())],
                attachments: attach(&[(NOTICES, "acpNotices")]),
            },
            probes: vec![
                probe("Cvisitor", Access(Retrieve), NOTICES, anywhere.clone(), true, "Anyone may read: `all` with Retrieve (2)."),
                probe("Cvisitor", Access(Retrieve), NOTICE, anywhere.clone(), true, "The notices themselves (contentInstances) use the container's policies."),
                probe("Cvisitor", Access(Discovery), NOTICES, anywhere.clone(), true, "Anyone may find the notices: Discovery (32)."),
                probe("Cvisitor", Access(Create), NOTICES, anywhere.clone(), false, "Visitors may not post notices.").or_mistakes(PUBLIC_READ_ONLY),
                probe("Cvisitor", Access(Delete), NOTICE, anywhere.clone(), false, "Visitors may not remove notices.").or_mistakes(PUBLIC_READ_ONLY),
                probe("Cvisitor", Access(Update), NOTICES, anywhere.clone(), false, "Visitors may not change the container (e.g. its maxNrOfInstances).").or_mistakes(PUBLIC_READ_ONLY),
                probe("Cfacility", Access(Create), NOTICES, office.clone(), true, "The facility manager posts notices: a second rule for Cfacility with Create (1)."),
                probe("Cfacility", Access(Delete), NOTICE, office.clone(), true, "The facility manager removes notices: Delete (8), so its rule is 1 + 8 = 9."),
            ],
            hints: &[
                "Rules only permit, and any matching rule grants: split the policy into one rule per audience.",
                "`all` matches every originator, registered or not: give it only what you would give a stranger.",
                "Create + Delete is 1 + 8 = 9.",
            ],
        },
        Challenge {
            id: "policy-self-privileges",
            title: "Who may change the policy? selfPrivileges",
            task: "The notices policy works (everyone reads, the facility manager posts and removes), but its pvs was filled in \
                   as a copy of its pv. Now protect the policy itself: the facility manager (Cfacility) may read it (Retrieve) \
                   to check what it grants, but not change (Update) or delete it; no one else may even read it. (The \
                   administrator, CAdmin, is granted everything anyway; name it in pvs all the same.)",
            focus: "cse-in/acpNotices",
            start: Setup {
                policies: vec![PolicyDraft::new(
                    "acpNotices",
                    vec![RuleDraft::new("all", 34), RuleDraft::new("Cfacility", 9)],
                    vec![RuleDraft::new("all", 34), RuleDraft::new("Cfacility", 9)],
                )],
                attachments: attach(&[(NOTICES, "acpNotices")]),
            },
            probes: vec![
                probe("Cfacility", Access(Retrieve), "cse-in/acpNotices", office.clone(), true, "The facility manager reads the policy: a pvs rule for Cfacility with Retrieve (2).").or_mistakes(SELF_PRIVILEGES),
                probe("Cfacility", Access(Delete), "cse-in/acpNotices", office.clone(), false, "Whoever may delete a policy can lift every protection it gives: the manager may not delete it.").or_mistakes(&[
                    advice!(Mistake::SelfPrivilegesCopied, "pvs needs its own, narrower rules: Cfacility with Retrieve (2) only."),
                    advice!(Mistake::OperationBit, "Give Cfacility only Retrieve (2) in pvs."),
                ]),
                probe("Cfacility", Access(Update), "cse-in/acpNotices", office.clone(), false, "Whoever may update a policy can grant itself anything: the manager may not update it.").or_mistakes(&[
                    advice!(Mistake::SelfPrivilegesCopied, "pvs needs its own, narrower rules: Cfacility with Retrieve (2) only."),
                    advice!(Mistake::OperationBit, "Give Cfacility only Retrieve (2) in pvs."),
                ]),
                probe("Cvisitor", Access(Retrieve), "cse-in/acpNotices", anywhere.clone(), false, "Visitors may not even read the policy: it tells who may do what.").or_mistakes(&[
                    advice!(Mistake::SelfPrivilegesCopied, "pvs needs its own, narrower rules: CAdmin and Cfacility only."),
                    advice!(Mistake::WideOriginators, "pvs rules name CAdmin and Cfacility only."),
                ]),
                probe("Cvisitor", Access(Retrieve), NOTICES, anywhere.clone(), true, "Everyone still reads the notices: keep pv as it was."),
                probe("Cfacility", Access(Create), NOTICES, office.clone(), true, "The facility manager still posts notices: keep pv as it was."),
            ],
            hints: &[
                "pv applies to the resources that link the policy; pvs applies to the policy resource itself.",
                "Replace the copied pvs rules: CAdmin with 63, Cfacility with Retrieve (2).",
                "In the decision matrix, choose the policy cse-in/acpNotices as the target to see its pvs at work.",
            ],
        },
        Challenge {
            id: "dashboard-subscribe",
            title: "Dashboard: subscribe without being able to write",
            task: "The dashboard (Cdashboard) must be notified of every new temperature reading: it subscribes to \
                   cse-in/thermostat/temperature, with notifications sent to itself. Grant what subscribing needs, and nothing \
                   that would let the dashboard add readings, change or delete the container. The thermostat keeps writing.",
            focus: TEMPERATURE,
            start: Setup {
                policies: vec![PolicyDraft::new("acpTemperature", vec![RuleDraft::new("Cthermostat", 1), RuleDraft::new("Cdashboard", 16)], admin_only())],
                attachments: attach(&[(TEMPERATURE, "acpTemperature")]),
            },
            probes: vec![
                probe("Cdashboard", Subscribe, TEMPERATURE, office.clone(), true, "A subscription is a child resource: creating it needs Create (1) on the container, and the CSE also requires Retrieve (2) on the subscribed-to resource, or it answers 4101 SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE.")
                    .or_mistakes(&[advice!(Mistake::NotifyBit, "The Notify bit is about sending notifications to a resource, not receiving them.")]),
                probe("Cdashboard", AddInstance, TEMPERATURE, office.clone(), false, "The dashboard may not add readings.")
                    .or_mistakes(&[advice!(Mistake::CreateWithoutChildTypes, "Restrict that rule with acod chty 23 (only subscriptions).")]),
                probe("Cdashboard", Access(Update), TEMPERATURE, office.clone(), false, "Subscribing does not need Update (4)."),
                probe("Cdashboard", Access(Delete), TEMPERATURE, office.clone(), false, "Subscribing does not need Delete (8)."),
                probe("Cthermostat", AddInstance, TEMPERATURE, office.clone(), true, "Keep the thermostat's rule: it still adds readings."),
            ],
            hints: &[
                "Subscribing = creating a <subscription> child (Create, 1) + Retrieve (2) on the subscribed-to resource; without Retrieve the answer is 4101.",
                "acod chty lists the child types a rule's Create may make; subscription is type 23.",
                "acod applies to every operation of its rule, and a Retrieve creates no child: put Create (chty 23) and Retrieve in two separate rules.",
            ],
        },
        Challenge {
            id: "discovery-leak",
            title: "Discovery leaks names",
            task: "Visitors (Cvisitor, and any unregistered app) may find (Discovery) and read (Retrieve) the public notices. \
                   A discovery from the CSEBase must not reveal that the thermostat's containers exist, and visitors may not read \
                   them. The thermostat keeps adding readings.",
            focus: TEMPERATURE,
            start: Setup {
                policies: vec![PolicyDraft::new("acpPublic", vec![RuleDraft::new("all", 34)], admin_only())],
                attachments: attach(&[(NOTICES, "acpPublic"), (TEMPERATURE, "acpPublic"), (SETPOINT, "acpPublic")]),
            },
            probes: vec![
                probe("Cvisitor", Discover, NOTICES, anywhere.clone(), true, "Visitors must find the notices: Discovery (32) on the notices' policy."),
                probe("Cvisitor", Discover, TEMPERATURE, anywhere.clone(), false, "A discovery must not reveal that the thermostat's containers exist.")
                    .or_mistakes(&[advice!(Mistake::GrantedByLinkedPolicy, "Unlink the public policy from the thermostat's containers (acpi) in the attachments table.")]),
                probe("Cvisitor", Discover, SETPOINT, anywhere.clone(), false, "Even a name says something (a setpoint means a controllable heater): a discovery must not list setpoint.")
                    .or_mistakes(&[advice!(Mistake::GrantedByLinkedPolicy, "Unlink the public policy from setpoint (acpi) in the attachments table.")]),
                probe("Cvisitor", Access(Retrieve), TEMPERATURE, anywhere.clone(), false, "Visitors must not read the temperature: no policy linked from it may grant `all` Retrieve.")
                    .or_mistakes(&[advice!(Mistake::GrantedByLinkedPolicy, "Unlink the public policy from the temperature container (acpi).")]),
                probe("Cvisitor", Access(Retrieve), NOTICES, anywhere.clone(), true, "Visitors read the notices."),
                probe("Cthermostat", Access(Create), TEMPERATURE, office.clone(), true, "The thermostat still writes: without acpi its creator keeps access, or link a policy that grants it Create."),
            ],
            hints: &[
                "Discovery results list only the resources the originator may DISCOVER: that is decided per resource, by its acpi.",
                "Look at the attachments table: which resources link acpPublic?",
                "Removing every policy from a resource leaves it to its creator and the administrator.",
            ],
        },
    ]
}

/// The challenge with this id.
pub fn find(id: &str) -> Option<Challenge> {
    challenges().into_iter().find(|challenge| challenge.id == id)
}

#[cfg(test)]
mod tests;
