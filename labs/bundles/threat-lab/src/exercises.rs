//! The graded exercises: each checks the threat model the student built (its diagram, register and attack tree),
//! never the words they typed, and says what is still missing by name.

use lab_kit::{CheckOutcome, Exercise};

use crate::attack_tree::{Gate, NodeKind};
use crate::catalogue::{Framework, find_countermeasure};
use crate::method::{Category, Method, categories_for};
use crate::reference::{CLOUD, GATEWAY, SUPPLIER_FLOW};
use crate::register::{ACCEPTABLE_RISK, Status, Threat, Treatment};
use crate::workspace::{Mode, Workspace};

/// Everything the student built: one workspace per mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work {
    pub security: Workspace,
    pub privacy: Workspace,
}

impl Work {
    pub fn reference() -> Work {
        Work { security: Mode::Security.reference(), privacy: Mode::Privacy.reference() }
    }

    pub fn workspace(&self, mode: Mode) -> &Workspace {
        match mode {
            Mode::Security => &self.security,
            Mode::Privacy => &self.privacy,
        }
    }

    pub fn workspace_mut(&mut self, mode: Mode) -> &mut Workspace {
        match mode {
            Mode::Security => &mut self.security,
            Mode::Privacy => &mut self.privacy,
        }
    }
}

/// An exercise; its setup is the mode it is done in.
pub type ThreatExercise = Exercise<Work, Mode>;

pub static EXERCISES: &[ThreatExercise] = &[
    Exercise {
        id: "triage-gateway",
        title: "1. Triage the gateway's STRIDE threats",
        goal: "Generate the STRIDE candidates and review every one on the `Gateway MN-CSE`: accept each threat you find plausible and write the vulnerability behind it, reject the others with a reason. The gateway's admin page is reachable from the guest Wi-Fi and every gateway ships with the same password.",
        hints: &[
            "Press “Generate candidates”, then filter the register on the gateway.",
            "A process gets all six STRIDE letters. Spoofing and elevation of privilege are the chapter's risk R1.",
            "A rejection needs a reason, such as “the gateway keeps no log that could be denied”: say why no plausible vulnerability exists.",
        ],
        setup: Mode::Security,
        check: check_triage_gateway,
    },
    Exercise {
        id: "boundary-flows",
        title: "2. STRIDE on the flows into the cloud",
        goal: "Find every STRIDE threat on the data flows that cross the cloud's trust boundary: each such flow needs an accepted tampering, information-disclosure and denial-of-service threat with its vulnerability.",
        hints: &[
            "A flow crosses a boundary when its two ends are not inside the same one; the diagram draws those flows thicker.",
            "STRIDE per element gives a data flow three letters: T, I and D.",
            "The Mcc link and both Mca APIs cross into the cloud. A vulnerability is a weakness, such as “the gateway does not verify the IN-CSE certificate”.",
        ],
        setup: Mode::Security,
        check: check_boundary_flows,
    },
    Exercise {
        id: "rank-top-three",
        title: "3. Rank the top three risks",
        goal: "Score at least five accepted threats (likelihood and impact, 1-3) and give priorities 1, 2 and 3 to the three you would fix first, consistently with the scores.",
        hints: &[
            "Risk = likelihood x impact; 6 and 9 are high.",
            "Priority 1 must have the highest risk; no unranked threat may score higher than one you ranked.",
            "Ties are fine: any order among equal scores is consistent.",
        ],
        setup: Mode::Security,
        check: check_rank_top_three,
    },
    Exercise {
        id: "treat-high-risks",
        title: "4. Treat every risk of 4 or more",
        goal: "With at least three accepted risks of 4 or more, choose a treatment and countermeasures from the catalogue that bring every risk of 4 or more down to a residual risk of 3 or less.",
        hints: &[
            "Accepting a risk keeps it as it is; reduce, avoid or share it.",
            "A countermeasure helps only against the categories it counters: rate limits do nothing against spoofing.",
            "Each countermeasure shows the EN 303 645 provision, GDPR article or oneM2M mechanism it implements; unique passwords (5.1-1) lower the likelihood of R1 by two steps.",
        ],
        setup: Mode::Security,
        check: check_treat_high_risks,
    },
    Exercise {
        id: "explain-residual",
        title: "5. Explain a residual risk",
        goal: "Pick a treated risk of 4 or more whose residual risk is still 2 or more, and write in its residual note why that much risk remains and who owns it.",
        hints: &[
            "Countermeasures rarely remove a risk: a unique password still leaves phishing.",
            "The residual note is in the threat's treatment section.",
            "Name what still makes the incident possible and who signs the remaining risk off (at least eight words).",
        ],
        setup: Mode::Security,
        check: check_explain_residual,
    },
    Exercise {
        id: "mirai-tree",
        title: "6. An attack tree for a Mirai-style takeover",
        goal: "Build the attack tree for taking over the building's gateways, with at least two ways in (an OR at the goal), at least one AND node and four steps, so that its cheapest path is Mirai's: scanning for Telnet and logging in with a default password.",
        hints: &[
            "Add an AND node under the goal for the Mirai path, then its two steps under it.",
            "Add other ways in under the goal: an unpatched flaw, phishing the administrator...",
            "An AND node is as hard as its hardest step and an OR as easy as its easiest: the default-password path must be strictly the cheapest.",
        ],
        setup: Mode::Security,
        check: check_mirai_tree,
    },
    Exercise {
        id: "smart-meter-linddun",
        title: "7. LINDDUN on the smart-meter flow",
        goal: "In privacy mode, review every LINDDUN candidate on the flow `Smart-meter readings to the supplier`: accept the plausible ones with their vulnerability, reject the others with a reason.",
        hints: &[
            "Switch to privacy mode and generate the LINDDUN candidates.",
            "15-minute readings tied to a customer account are linkable and identifying, and reveal more than billing needs.",
            "Linking, identifying and data disclosure must be accepted; the others are your call, with a reason if you reject them.",
        ],
        setup: Mode::Privacy,
        check: check_smart_meter_linddun,
    },
    Exercise {
        id: "privacy-treatment",
        title: "8. Treat the household's privacy risks",
        goal: "In privacy mode, with at least two accepted risks of 4 or more, bring each down to 3 or less with countermeasures, at least one of them implementing a GDPR article or an EN 303 645 clause 6 provision.",
        hints: &[
            "Score the household's threats from the residents' point of view.",
            "Aggregation at the gateway implements data minimisation (GDPR Art. 5(1)(c)); a retention limit implements storage limitation.",
            "Choose “Reduce” or “Avoid” as the treatment, or the countermeasures do not count.",
        ],
        setup: Mode::Privacy,
        check: check_privacy_treatment,
    },
];

pub fn find_exercise(id: &str) -> Option<&'static ThreatExercise> {
    lab_kit::find_exercise(EXERCISES, id)
}

fn target_name<'a>(work: &'a Workspace, threat: &'a Threat) -> &'a str {
    work.diagram.name_of(&threat.target).unwrap_or(&threat.target)
}

/// What is wrong with the review of `category` on `target`, if anything: missing, still a candidate, accepted
/// without a vulnerability, rejected without a reason, or rejected when `must_accept`.
fn review_problem(work: &Workspace, target: &str, category: Category, must_accept: bool) -> Option<String> {
    let name = work.diagram.name_of(target).unwrap_or(target);
    let threats: Vec<&Threat> = work.threats_on(target).filter(|threat| threat.category == category).collect();
    let label = category.label();
    if threats.is_empty() {
        return Some(format!("“{name}” has no {label} threat."));
    }
    if threats.iter().any(|threat| threat.is_accepted() && !threat.vulnerability.trim().is_empty()) {
        return None;
    }
    if threats.iter().any(|threat| threat.is_accepted()) {
        return Some(format!("The accepted {label} threat on “{name}” names no vulnerability."));
    }
    if threats.iter().all(|threat| threat.status == Status::Candidate) {
        return Some(format!(
            "The {label} threat on “{name}” is still a candidate: accept it or reject it with a reason."
        ));
    }
    if must_accept {
        return Some(format!("{label} on “{name}” is rejected, but it is plausible here: look at the goal again."));
    }
    None
}

fn check_triage_gateway(work: &Work) -> CheckOutcome {
    let work = &work.security;
    let Some(gateway) = work.diagram.element(GATEWAY) else {
        return CheckOutcome::not_yet("The diagram no longer has the `Gateway MN-CSE`: reset the exercise.");
    };
    let method = Method::Stride;
    let must = [Category::Spoofing, Category::ElevationOfPrivilege];
    let problems: Vec<String> = categories_for(method, crate::diagram::TargetKind::Element(gateway.kind))
        .into_iter()
        .filter_map(|category| review_problem(work, GATEWAY, category, must.contains(&category)))
        .collect();
    match problems.first() {
        None => CheckOutcome::pass(
            "Every STRIDE letter on the gateway is reviewed, and spoofing and elevation of privilege (risk R1) are accepted with their vulnerability.",
        ),
        Some(first) => CheckOutcome::not_yet(format!("{first} ({} to go)", problems.len())),
    }
}

fn check_boundary_flows(work: &Work) -> CheckOutcome {
    let work = &work.security;
    if work.diagram.boundary(CLOUD).is_none() {
        return CheckOutcome::not_yet("The cloud's trust boundary is gone: reset the exercise.");
    }
    let crossing: Vec<&str> = work
        .diagram
        .flows
        .iter()
        .filter(|flow| work.diagram.crosses(&flow.id, CLOUD))
        .map(|flow| flow.id.as_str())
        .collect();
    if crossing.is_empty() {
        return CheckOutcome::not_yet("No flow crosses the cloud's boundary any more: reset the exercise.");
    }
    let wanted = [Category::Tampering, Category::InformationDisclosure, Category::DenialOfService];
    let problems: Vec<String> = crossing
        .iter()
        .flat_map(|flow| wanted.iter().map(move |category| (*flow, *category)))
        .filter_map(|(flow, category)| {
            let accepted = work.threats_on(flow).any(|threat| {
                threat.category == category && threat.is_accepted() && !threat.vulnerability.trim().is_empty()
            });
            let name = work.diagram.name_of(flow).unwrap_or(flow);
            (!accepted).then(|| {
                format!("The flow “{name}” has no accepted {} threat with its vulnerability.", category.label())
            })
        })
        .collect();
    match problems.first() {
        None => CheckOutcome::pass(format!(
            "All {} flows into the cloud have their tampering, information-disclosure and denial-of-service threats.",
            crossing.len()
        )),
        Some(first) => CheckOutcome::not_yet(format!("{first} ({} missing)", problems.len())),
    }
}

fn check_rank_top_three(work: &Work) -> CheckOutcome {
    let work = &work.security;
    let scored: Vec<&Threat> =
        work.threats.iter().filter(|threat| threat.is_accepted() && threat.score().is_some()).collect();
    if scored.len() < 5 {
        return CheckOutcome::not_yet(format!("{} accepted threats are scored; score at least five.", scored.len()));
    }
    let mut ranked = Vec::new();
    for rank in 1..=3 {
        match work.threats.iter().find(|threat| threat.rank == Some(rank)) {
            Some(threat) if threat.is_accepted() && threat.score().is_some() => ranked.push(threat),
            Some(threat) => {
                return CheckOutcome::not_yet(format!(
                    "Priority {rank} is on a threat of “{}” that is not an accepted, scored threat.",
                    target_name(work, threat)
                ));
            }
            None => return CheckOutcome::not_yet(format!("No threat has priority {rank} yet.")),
        }
    }
    let risk = |threat: &Threat| threat.risk().unwrap_or(0);
    for pair in ranked.windows(2) {
        if risk(pair[0]) < risk(pair[1]) {
            return CheckOutcome::not_yet(format!(
                "Priority {} (risk {}) scores lower than priority {} (risk {}).",
                pair[0].rank.unwrap_or(0),
                risk(pair[0]),
                pair[1].rank.unwrap_or(0),
                risk(pair[1])
            ));
        }
    }
    let lowest = ranked.iter().map(|threat| risk(threat)).min().unwrap_or(0);
    if let Some(higher) = scored.iter().find(|threat| threat.rank.is_none() && risk(threat) > lowest) {
        return CheckOutcome::not_yet(format!(
            "The {} threat on “{}” has risk {}, more than one you ranked ({lowest}), but no priority.",
            higher.category.label(),
            target_name(work, higher),
            risk(higher)
        ));
    }
    CheckOutcome::pass("Your top three follow the scores: fix them in that order.")
}

fn high_risks(work: &Workspace) -> Vec<&Threat> {
    work.threats.iter().filter(|threat| threat.is_accepted() && threat.risk().is_some_and(|risk| risk >= 4)).collect()
}

fn treatment_problem(work: &Workspace, threat: &Threat) -> Option<String> {
    let name = target_name(work, threat);
    let category = threat.category.label();
    let risk = threat.risk().unwrap_or(0);
    match threat.treatment {
        None => return Some(format!("The {category} risk on “{name}” (risk {risk}) has no treatment yet.")),
        Some(Treatment::Accept) => {
            return Some(format!("The {category} risk on “{name}” is accepted at {risk}, above the acceptable 3."));
        }
        Some(_) => {}
    }
    let residual = threat.residual_risk().unwrap_or(risk);
    (residual > ACCEPTABLE_RISK).then(|| {
        format!(
            "The {category} risk on “{name}” still has a residual risk of {residual}; add countermeasures that counter {}.",
            category.to_lowercase()
        )
    })
}

fn check_treat_high_risks(work: &Work) -> CheckOutcome {
    let work = &work.security;
    let high = high_risks(work);
    if high.len() < 3 {
        return CheckOutcome::not_yet(format!(
            "{} accepted risks score 4 or more; score at least three that high.",
            high.len()
        ));
    }
    let problems: Vec<String> = high.iter().filter_map(|threat| treatment_problem(work, threat)).collect();
    match problems.first() {
        None => CheckOutcome::pass(format!("All {} risks of 4 or more are down to 3 or less.", high.len())),
        Some(first) => CheckOutcome::not_yet(format!("{first} ({} to go)", problems.len())),
    }
}

fn check_explain_residual(work: &Work) -> CheckOutcome {
    let work = &work.security;
    let candidates: Vec<&Threat> = high_risks(work)
        .into_iter()
        .filter(|threat| threat.treatment.is_some() && threat.residual_risk().is_some_and(|residual| residual >= 2))
        .collect();
    if candidates.is_empty() {
        return CheckOutcome::not_yet("No treated risk of 4 or more has a residual risk of 2 or more yet.");
    }
    let explained = candidates.iter().find(|threat| threat.residual_note.split_whitespace().count() >= 8);
    match explained {
        Some(threat) => CheckOutcome::pass(format!(
            "The residual risk of the {} threat on “{}” ({}) is explained and owned.",
            threat.category.label(),
            target_name(work, threat),
            threat.residual_risk().unwrap_or(0)
        )),
        None => CheckOutcome::not_yet(format!(
            "The {} risk on “{}” keeps a residual risk of {}, but its residual note does not say why yet (at least eight words).",
            candidates[0].category.label(),
            target_name(work, candidates[0]),
            candidates[0].residual_risk().unwrap_or(0)
        )),
    }
}

fn check_mirai_tree(work: &Work) -> CheckOutcome {
    let tree = &work.security.tree;
    let Some(root) = tree.root() else { return CheckOutcome::not_yet("The tree has no goal: reset the exercise.") };
    if root.kind != (NodeKind::Gate { gate: Gate::Or }) {
        return CheckOutcome::not_yet("The goal should be an OR node: any one way in is enough.");
    }
    let ways = tree.children(&root.id).count();
    if ways < 2 {
        let plural = if ways == 1 { "" } else { "s" };
        return CheckOutcome::not_yet(format!("The goal has {ways} way{plural} in; add at least two."));
    }
    let ands = tree
        .nodes
        .iter()
        .filter(|node| node.kind == NodeKind::Gate { gate: Gate::And } && tree.children(&node.id).count() >= 2)
        .count();
    if ands == 0 {
        return CheckOutcome::not_yet("No AND node has two steps under it yet.");
    }
    if let Some(empty) = tree
        .nodes
        .iter()
        .find(|node| matches!(node.kind, NodeKind::Gate { .. }) && tree.children(&node.id).next().is_none())
    {
        return CheckOutcome::not_yet(format!("“{}” has nothing under it.", empty.label));
    }
    let steps = tree.nodes.iter().filter(|node| matches!(node.kind, NodeKind::Step { .. })).count();
    if steps < 4 {
        return CheckOutcome::not_yet(format!("The tree has {steps} steps; it needs at least four."));
    }
    let cheapest = tree.cheapest_steps();
    for (step, words) in
        [("scan-telnet", "scanning for Telnet"), ("default-password", "logging in with a default password")]
    {
        if !cheapest.contains(&step) {
            return CheckOutcome::not_yet(format!("The cheapest path does not include {words}."));
        }
    }
    let (cost, without) = (tree.cost(), tree.cost_without(&["default-password"]));
    if without.is_some() && without <= cost {
        return CheckOutcome::not_yet(
            "Another path is as cheap as the default password: with unique passwords the goal would be no harder. Make the Mirai path strictly the cheapest.",
        );
    }
    CheckOutcome::pass(
        "The cheapest path is Mirai's: unique passwords (EN 303 645 5.1-1) would make the whole goal harder.",
    )
}

fn check_smart_meter_linddun(work: &Work) -> CheckOutcome {
    let work = &work.privacy;
    if work.diagram.flow(SUPPLIER_FLOW).is_none() {
        return CheckOutcome::not_yet("The smart-meter flow to the supplier is gone: reset the exercise.");
    }
    let must = [Category::Linking, Category::Identifying, Category::DataDisclosure];
    let problems: Vec<String> = categories_for(Method::Linddun, crate::diagram::TargetKind::Flow)
        .into_iter()
        .filter_map(|category| review_problem(work, SUPPLIER_FLOW, category, must.contains(&category)))
        .collect();
    match problems.first() {
        None => CheckOutcome::pass(
            "Every LINDDUN category on the smart-meter flow is reviewed; linking, identifying and data disclosure are accepted.",
        ),
        Some(first) => CheckOutcome::not_yet(format!("{first} ({} to go)", problems.len())),
    }
}

fn check_privacy_treatment(work: &Work) -> CheckOutcome {
    let work = &work.privacy;
    let high = high_risks(work);
    if high.len() < 2 {
        return CheckOutcome::not_yet(format!(
            "{} accepted privacy risks score 4 or more; score at least two that high.",
            high.len()
        ));
    }
    if let Some(problem) = high.iter().find_map(|threat| treatment_problem(work, threat)) {
        return CheckOutcome::not_yet(problem);
    }
    let privacy_requirement = |id: &String| {
        find_countermeasure(id).is_some_and(|countermeasure| {
            countermeasure.implements.iter().any(|requirement| {
                requirement.framework == Framework::Gdpr
                    || (requirement.framework == Framework::En303645 && requirement.clause.starts_with("6-"))
            })
        })
    };
    let counted = |threat: &&Threat| {
        threat.countermeasures.iter().any(|id| {
            privacy_requirement(id) && find_countermeasure(id).is_some_and(|c| c.counters.contains(&threat.category))
        })
    };
    if !high.iter().any(counted) {
        return CheckOutcome::not_yet(
            "None of the countermeasures you chose implements a GDPR article or an EN 303 645 clause 6 provision.",
        );
    }
    CheckOutcome::pass("The household's high privacy risks are down to 3 or less, with data protection measures.")
}

#[cfg(test)]
mod tests;
