//! The lab's graded exercises. Each checks the state the student produced (a committed prediction, the
//! decisions of the assessment, a plan of fixes, the fields of a disclosure policy), never wording.

use lab_kit::{CheckOutcome, Exercise};

use crate::assessment::{Decision, answer_for, issues};
use crate::disclosure_policy;
use crate::dossier::{Dossier, SMART_PLUG, THERMOSTAT, Truth};
use crate::fixes::{cheapest_cost, cost, still_failing};
use crate::provisions::{PROVISIONS, Strength};
use crate::rules::{self, Product, applicable_acts, explain_differences};
use crate::work::Work;

/// The model designation on the smart plug (its dossier's documentation).
pub const SMART_PLUG_MODEL: &str = "PW-MINI-EU";

/// What an exercise prepares: the product and dossier it is about.
#[derive(Debug, Clone, Copy)]
pub struct Setup {
    pub product: fn() -> Product,
    pub dossier: &'static Dossier,
}

pub type LabExercise = Exercise<Work, Setup>;

pub static EXERCISES: &[LabExercise] = &[
    Exercise {
        id: "predict-connected-toy",
        title: "1. Which rules apply to the talking teddy?",
        goal: "The talking teddy bear is loaded in “Which rules apply”. Tick the acts you expect to apply, commit to your prediction, then read why each one applies or not. The exercise is done when a committed prediction matches.",
        hints: &[
            "A toy with a radio meets the RED delegated act's Art. 3(3)(e) even without the internet.",
            "ePrivacy Art. 5(3) needs consent only for what goes beyond the service the user asked for: does the toy's description say it does that?",
            "NIS2 binds essential and important entities that operate things, not the makers of toys.",
        ],
        setup: Setup { product: rules::connected_toy, dossier: &SMART_PLUG },
        check: check_toy_prediction,
    },
    Exercise {
        id: "predict-household-meter",
        title: "2. Which rules apply to the household meter?",
        goal: "The household electricity meter, run by the network operator, is loaded. Predict the acts that apply, commit, and compare.",
        hints: &[
            "Who runs the meter? An electricity network operator can be an essential entity under NIS2.",
            "Meter readings every 15 minutes tell when people are at home: personal data.",
            "The meter is placed on the market after 12 September 2026 and generates data about its use.",
        ],
        setup: Setup { product: rules::household_meter, dossier: &SMART_PLUG },
        check: check_meter_prediction,
    },
    Exercise {
        id: "smart-plug-mandatory-failures",
        title: "3. The mandatory provisions the smart plug fails",
        goal: "Read the smart plug's dossier and decide every mandatory provision (M and M C): not applicable, implemented or not implemented, with the evidence. Done when every mandatory decision matches the dossier.",
        hints: &[
            "The port scan shows two services; is each one used, and does each one ask for authentication?",
            "A password printed on every box is the same for every plug: which provision does that fail, and does 5.1-2 (pre-installed unique passwords) even apply?",
            "Look for what the buyer cannot find: a support period, and where to report a vulnerability. And read the consent box in the privacy notice.",
        ],
        setup: Setup { product: rules::smart_plug, dossier: &SMART_PLUG },
        check: check_mandatory_failures,
    },
    Exercise {
        id: "not-applicable-or-not-implemented",
        title: "4. Not applicable, or not implemented?",
        goal: "For the thermostat's dossier, decide every conditional provision (M C and R C): does its condition hold (else not applicable), and if it does, is it implemented? Justify every recommendation you report as not applicable or not implemented (clause 4).",
        hints: &[
            "“Not applicable” is only for a provision whose condition does not hold; a provision without a condition always applies.",
            "The thermostat has no passwords at all, and its JTAG port is fused off: which conditions fail?",
            "The thermostat detects a failed verification but does not tell the app; its telemetry is not described in the privacy notice.",
        ],
        setup: Setup { product: rules::thermostat, dossier: &THERMOSTAT },
        check: check_conditions,
    },
    Exercise {
        id: "cheapest-fixes",
        title: "5. The cheapest fixes",
        goal: "Choose the fixes that make every applicable mandatory provision of the smart plug implemented, at the lowest total cost.",
        hints: &[
            "Recommendations need a justification, not a fix: leave them out of the plan.",
            "A debug interface can be disabled in software; a new board is not needed for 5.6-4.",
            "A password the user sets at set-up satisfies 5.1-1 as well as a unique one printed at the factory.",
        ],
        setup: Setup { product: rules::smart_plug, dossier: &SMART_PLUG },
        check: check_fixes,
    },
    Exercise {
        id: "disclosure-policy",
        title: "6. Write the disclosure policy",
        goal: "Write the vulnerability disclosure policy the smart plug lacks: a contact, the timelines for acknowledging a report and for status updates (5.2-1), and the products it covers.",
        hints: &[
            "The contact is an e-mail address or an https:// page where reports go.",
            "Timelines are whole numbers of days.",
            "Name the model designation printed on the plug in the scope.",
        ],
        setup: Setup { product: rules::smart_plug, dossier: &SMART_PLUG },
        check: check_policy,
    },
];

pub fn find_exercise(id: &str) -> Option<&'static LabExercise> {
    lab_kit::find_exercise(EXERCISES, id)
}

fn check_prediction(work: &Work, key: &str, name: &str) -> CheckOutcome {
    if !work.is_book_product(key) {
        return CheckOutcome::not_yet(format!("Load the {name} under “Book product” (its description was changed)."));
    }
    let Some(committed) = &work.committed else {
        return CheckOutcome::not_yet("Tick the acts you expect, then commit to your prediction.");
    };
    let differences = explain_differences(&work.product, committed);
    if differences.is_empty() {
        CheckOutcome::pass(format!(
            "Your prediction matches: {} apply.",
            applicable_acts(&work.product).iter().map(|act| act.title()).collect::<Vec<_>>().join(", ")
        ))
    } else {
        CheckOutcome::not_yet(format!(
            "{} difference(s). {} Change your prediction and commit again.",
            differences.len(),
            differences.join(" ")
        ))
    }
}

fn check_toy_prediction(work: &Work) -> CheckOutcome {
    check_prediction(work, "connected-toy", "connected toy")
}

fn check_meter_prediction(work: &Work) -> CheckOutcome {
    check_prediction(work, "household-meter", "household meter")
}

fn expected(truth: Truth) -> Decision {
    match truth {
        Truth::NotApplicable => Decision::NotApplicable,
        Truth::Implemented => Decision::Implemented,
        Truth::NotImplemented => Decision::NotImplemented,
    }
}

/// The provisions kept by `keep` that the student decided otherwise than the dossier shows: (undecided, wrong).
fn compare(
    work: &Work,
    dossier: &Dossier,
    keep: impl Fn(&crate::provisions::Provision) -> bool,
) -> (usize, Vec<&'static str>) {
    let answers = work.answers.get(dossier.key).cloned().unwrap_or_default();
    let mut undecided = 0;
    let mut wrong = vec![];
    for provision in PROVISIONS.iter().filter(|provision| keep(provision)) {
        let decision = answer_for(&answers, provision).decision;
        if decision == Decision::Undecided {
            undecided += 1;
        } else if decision != expected(dossier.truth(provision)) {
            wrong.push(provision.id);
        }
    }
    (undecided, wrong)
}

fn check_mandatory_failures(work: &Work) -> CheckOutcome {
    let (undecided, wrong) = compare(work, &SMART_PLUG, |provision| provision.is_mandatory());
    if undecided == 0 && wrong.is_empty() {
        return CheckOutcome::pass(format!(
            "The smart plug fails {} mandatory provisions: {}. Each one stops conformity; the cross-walk shows what each also means under the CRA and EN 18031.",
            SMART_PLUG.failed_mandatory().len(),
            SMART_PLUG.failed_mandatory().join(", ")
        ));
    }
    let mut feedback = String::new();
    if undecided > 0 {
        feedback.push_str(&format!("{undecided} mandatory provision(s) of the smart plug are not decided yet. "));
    }
    if !wrong.is_empty() {
        feedback.push_str(&format!("The dossier says otherwise about {}: read its excerpts again.", wrong.join(", ")));
    }
    CheckOutcome::not_yet(feedback.trim_end().to_owned())
}

fn check_conditions(work: &Work) -> CheckOutcome {
    let (undecided, wrong) = compare(work, &THERMOSTAT, |provision| provision.condition.is_some());
    let answers = work.answers.get(THERMOSTAT.key).cloned().unwrap_or_default();
    let unjustified: Vec<&str> = PROVISIONS
        .iter()
        .filter(|provision| provision.condition.is_some() && provision.strength == Strength::Recommended)
        .filter(|provision| {
            issues(provision, &answer_for(&answers, provision)).contains(&crate::assessment::Issue::NoJustification)
        })
        .map(|provision| provision.id)
        .collect();
    if undecided == 0 && wrong.is_empty() && unjustified.is_empty() {
        return CheckOutcome::pass(
            "Every conditional provision is decided as the dossier shows: where a condition fails the provision is not applicable (5.1-1, 5.1-2, 5.6-4, 6-2...); where it holds and the product falls short, it is not implemented (6-5 is mandatory: the thermostat does not conform until it is fixed).",
        );
    }
    let mut feedback = vec![];
    if undecided > 0 {
        feedback.push(format!("{undecided} conditional provision(s) are not decided yet."));
    }
    if !wrong.is_empty() {
        feedback.push(format!("Check the condition, then the implementation, of {}.", wrong.join(", ")));
    }
    if !unjustified.is_empty() {
        feedback.push(format!("Clause 4 asks a justification for {}.", unjustified.join(", ")));
    }
    CheckOutcome::not_yet(feedback.join(" "))
}

fn check_fixes(work: &Work) -> CheckOutcome {
    let failing = still_failing(&SMART_PLUG, &work.fixes);
    let (spent, cheapest) = (cost(&work.fixes), cheapest_cost(&SMART_PLUG));
    if !failing.is_empty() {
        return CheckOutcome::not_yet(format!("Still failing: {} ({spent} days chosen).", failing.join(", ")));
    }
    if spent > cheapest {
        return CheckOutcome::not_yet(format!(
            "Every mandatory provision is implemented, for {spent} days: a plan that costs less exists."
        ));
    }
    CheckOutcome::pass(format!(
        "Conformant for {spent} days: the cheapest plan. Recommendations not implemented are reported with a justification instead."
    ))
}

fn check_policy(work: &Work) -> CheckOutcome {
    let problems = disclosure_policy::problems(&work.policy, SMART_PLUG_MODEL);
    if problems.is_empty() {
        CheckOutcome::pass(
            "The policy has a contact, both timelines and a scope naming the product: 5.2-1 can be marked implemented once it is published.",
        )
    } else {
        CheckOutcome::not_yet(problems.into_iter().map(|(_, reason)| reason).collect::<Vec<_>>().join(" "))
    }
}

#[cfg(test)]
mod tests;
