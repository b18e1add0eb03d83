//! The lab's graded exercises. Each checks the assessment the student produced (the ticks and decision of the
//! threshold analysis, the necessity answers against the lab's flags, the description, the residual risks and the
//! decision on prior consultation), never wording.

use lab_kit::{CheckOutcome, Exercise};

use crate::necessity;
use crate::processing::Purpose;
use crate::risks;
use crate::threshold::{Scenario, ThresholdAnswer};
use crate::work::Work;

pub type LabExercise = Exercise<Work>;

pub static EXERCISES: &[LabExercise] = &[
    Exercise {
        id: "threshold-household",
        title: "1. Does the household energy service need a DPIA?",
        goal: "For NordWatt's household energy service, tick every WP 248 criterion and every case of Art. 35(3) its facts meet, and no other, then decide whether a DPIA is required.",
        hints: &[
            "Read the facts sentence by sentence: around the clock, inside the home, 40 000 homes.",
            "Three criteria are clearly met; the facts rule out scoring, automated decisions, combining, vulnerable people and blocked rights.",
            "None of the Art. 35(3) cases applies: no legal effects, no special categories, and a home is not a publicly accessible area. Two criteria are enough for a DPIA in most cases.",
        ],
        setup: (),
        check: check_threshold_household,
    },
    Exercise {
        id: "threshold-toy",
        title: "2. And the connected toy?",
        goal: "Switch the threshold analysis to the connected toy and do the same: every criterion and case its facts meet, none they do not, and the decision.",
        hints: &[
            "Who talks to the toy? The WP 248 guidelines count them among vulnerable data subjects.",
            "Four criteria are met: think of who, what, how many and how new.",
        ],
        setup: (),
        check: check_threshold_toy,
    },
    Exercise {
        id: "necessity-flags",
        title: "3. Find what is not necessary",
        goal: "Answer every necessity question on the description as it stands (mark what is finer, more identifying, more widely shared or kept longer than the purposes need), then compare with the lab: done when your marks and the lab's flags agree and at least one flag is found.",
        hints: &[
            "For each channel, compare how it is sent with what the purposes' facts say they need.",
            "Billing needs one total a day with the customer's name; the study needs hourly motion of the whole household; the heating app needs temperatures only.",
            "Retention: the longest any purpose needs is 2 days.",
        ],
        setup: (),
        check: check_necessity_flags,
    },
    Exercise {
        id: "proportionate",
        title: "4. A proportionate description",
        goal: "Change the description (resolutions, identifiers, access, retention) until no necessity flag remains, while billing, heating control and the occupancy study are all still served.",
        hints: &[
            "Each flag names what to change. Change the least you can: every purpose must still get what it needs.",
            "Energy: daily sums with names. Motion: hourly, rooms merged. The heating app: temperature only. Retention: 2 days.",
        ],
        setup: (),
        check: check_proportionate,
    },
    Exercise {
        id: "risk-acceptable",
        title: "5. Bring every risk down to acceptable",
        goal: "Treat the risks with the description and the measures until no risk in the register is high after treatment, without the segments purpose, and record that no prior consultation (Art. 36) is needed.",
        hints: &[
            "Fix the description first: most of the risks come from data that is not needed.",
            "Every purpose needs a fitting lawful basis, or non-compliance stays at maximum likelihood.",
            "Names must reach the supplier for billing, and motion shows presence: which two measures lower those likelihoods?",
        ],
        setup: (),
        check: check_risk_acceptable,
    },
    Exercise {
        id: "prior-consultation",
        title: "6. When a high risk remains",
        goal: "Marketing insists on the lifestyle segments. Enable that purpose, make the description serve it, record a fitting lawful basis for every purpose (Art. 6, and Art. 9 for the health-related labels), choose the measures that help, and record what the controller must do before processing when a high risk remains.",
        hints: &[
            "The segments need energy and motion as measured, per room, named, for 7 days, retrieved by the analytics partner.",
            "Try every measure on the segments risk: which one lowers it? Consent changes the lawful basis, not what can happen to the people.",
            "A DPIA that ends with a high residual risk means Art. 36(1): consult the supervisory authority before processing. The other answer is to drop the purpose.",
        ],
        setup: (),
        check: check_prior_consultation,
    },
];

fn list<T>(items: &[T], name: impl Fn(&T) -> &'static str) -> String {
    items.iter().map(|item| format!("`{}`", name(item))).collect::<Vec<_>>().join(", ")
}

fn check_threshold(answer: &ThresholdAnswer, scenario: Scenario) -> CheckOutcome {
    if answer.scenario != scenario {
        return CheckOutcome::not_yet(format!("Choose the scenario `{}` first.", scenario.label()));
    }
    let review = answer.review();
    if !review.wrong.is_empty() || !review.wrong_cases.is_empty() {
        let mut wrong: Vec<&'static str> = review.wrong.iter().map(|criterion| criterion.label()).collect();
        wrong.extend(review.wrong_cases.iter().map(|case| case.label()));
        return CheckOutcome::not_yet(format!(
            "The facts do not meet {}: untick {}.",
            list(&wrong, |label| label),
            if wrong.len() == 1 { "it" } else { "them" }
        ));
    }
    if !review.missed.is_empty() || !review.missed_cases.is_empty() {
        let count = review.missed.len() + review.missed_cases.len();
        return CheckOutcome::not_yet(format!(
            "{count} more {} the facts meet {} not ticked.",
            if count == 1 { "criterion" } else { "criteria" },
            if count == 1 { "is" } else { "are" }
        ));
    }
    match answer.decision {
        None => CheckOutcome::not_yet("The ticks are right. Now decide: is a DPIA required?"),
        Some(decision) if decision != review.required => CheckOutcome::not_yet(format!(
            "With {} criteria met, the WP 248 guidelines say a DPIA is required in most cases: reconsider the decision.",
            answer.criteria.len()
        )),
        Some(_) => CheckOutcome::pass(format!(
            "{} WP 248 criteria are met and no Art. 35(3) case: a DPIA is required. Keep the analysis: accountability (Art. 5(2)) means showing why.",
            answer.criteria.len()
        )),
    }
}

fn check_threshold_household(work: &Work) -> CheckOutcome {
    check_threshold(&work.threshold, Scenario::Household)
}

fn check_threshold_toy(work: &Work) -> CheckOutcome {
    check_threshold(&work.threshold, Scenario::ConnectedToy)
}

fn check_necessity_flags(work: &Work) -> CheckOutcome {
    let Some(compared) = &work.necessity.compared else {
        return CheckOutcome::not_yet("Answer the questions, then compare your answers with the lab's flags.");
    };
    let flags = work.flags();
    if flags.is_empty() {
        return CheckOutcome::not_yet(
            "The description has no necessity flag left to find: reset the exercise to start from the careless policy.",
        );
    }
    let missed = flags.difference(compared).count();
    let extra = compared.difference(&flags).count();
    if missed + extra > 0 {
        return CheckOutcome::not_yet(format!(
            "At your last comparison, {missed} of the lab's {} flags were not marked and {extra} marks were not flags. Read the flags, change your marks and compare again.",
            flags.len()
        ));
    }
    CheckOutcome::pass(format!(
        "Your {} marks are the lab's flags: each is data the purposes do not need (Art. 5(1)(c) and (e)).",
        flags.len()
    ))
}

fn check_proportionate(work: &Work) -> CheckOutcome {
    let unserved = necessity::unserved(&work.processing);
    if let Some(problem) = unserved.first() {
        return CheckOutcome::not_yet(format!("A purpose is no longer served: {problem}"));
    }
    for purpose in [Purpose::Billing, Purpose::Heating, Purpose::Study] {
        if !work.processing.choice(purpose).enabled {
            return CheckOutcome::not_yet(format!(
                "Keep the purpose `{}`: it is part of the service.",
                purpose.label()
            ));
        }
    }
    let flags = work.flags();
    if !flags.is_empty() {
        return CheckOutcome::not_yet(format!("{} necessity flags remain.", flags.len()));
    }
    CheckOutcome::pass("Every purpose is served and nothing leaves the home that a purpose does not need.")
}

fn check_risk_acceptable(work: &Work) -> CheckOutcome {
    if work.processing.choice(Purpose::Segments).enabled {
        return CheckOutcome::not_yet("This exercise is about the service without the segments purpose.");
    }
    let register = work.register();
    let high: Vec<&'static str> =
        register.iter().filter(|risk| risk.residual.high()).map(|risk| risk.threat.category().label()).collect();
    if !high.is_empty() {
        return CheckOutcome::not_yet(format!(
            "{} high after treatment ({}).",
            if high.len() == 1 { "One risk is still".to_owned() } else { format!("{} risks are still", high.len()) },
            high.join(", ")
        ));
    }
    if work.consultation {
        return CheckOutcome::not_yet(
            "No high risk remains, so prior consultation (Art. 36) is not needed: untick it.",
        );
    }
    CheckOutcome::pass(format!(
        "Every risk is acceptable after treatment, with {} measures; no prior consultation is needed.",
        work.measures.len()
    ))
}

fn check_prior_consultation(work: &Work) -> CheckOutcome {
    if !work.processing.choice(Purpose::Segments).enabled {
        return CheckOutcome::not_yet("Enable the lifestyle segments purpose, as marketing insists.");
    }
    let unserved = necessity::unserved(&work.processing);
    if let Some(problem) = unserved.iter().find(|problem| problem.starts_with(Purpose::Segments.label())) {
        return CheckOutcome::not_yet(format!("The description does not serve the segments yet: {problem}"));
    }
    if let Some(problem) = work.processing.basis_problems().first() {
        return CheckOutcome::not_yet(format!("Record a fitting lawful basis for every purpose: {}", problem.text));
    }
    let register = work.register();
    if !risks::consultation_needed(&register) {
        return CheckOutcome::not_yet("No high risk remains: nothing to consult about.");
    }
    if !work.consultation {
        return CheckOutcome::not_yet(
            "The segments risk stays high whatever the measures, and consent does not lower it. What must the controller do before processing?",
        );
    }
    CheckOutcome::pass(
        "A high risk remains, so the controller consults the supervisory authority before processing (Art. 36(1)), or drops the segments, as the HomeSense team did.",
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use lab_kit::find_exercise;

    use super::*;
    use crate::processing::{Identifiers, LawfulBasis, Policy, PolicySource, Processing, Resolution};
    use crate::risks::Measure;
    use crate::threshold::{Art35Case, Criterion};

    fn check(id: &str, work: &Work) -> CheckOutcome {
        (find_exercise(EXERCISES, id).expect("known").check)(work)
    }

    fn proportionate() -> Processing {
        let policy = Policy {
            energy: Resolution::Daily,
            motion: Resolution::Hourly,
            motion_identifiers: Identifiers::Removed,
            retention_days: 2,
            access: [[true, false, false], [false, false, true], [false, true, false]],
            ..Policy::default()
        };
        let mut processing = Processing::with_policy(policy, PolicySource::Default);
        for (purpose, basis) in [
            (Purpose::Billing, LawfulBasis::Contract),
            (Purpose::Heating, LawfulBasis::Contract),
            (Purpose::Study, LawfulBasis::LegitimateInterests),
        ] {
            processing.purposes.get_mut(&purpose).expect("listed").basis = Some(basis);
        }
        processing
    }

    #[test]
    fn the_exercise_list_is_the_catalogs() {
        let ids: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.id).collect();
        assert_eq!(ids, lab_catalog::DPIA_LAB_EXERCISES);
    }

    #[test]
    fn the_threshold_needs_the_met_criteria_no_wrong_tick_and_the_decision() {
        let mut work = Work::default();
        work.threshold.criteria.extend([Criterion::SystematicMonitoring, Criterion::SensitiveData]);
        assert!(check("threshold-household", &work).feedback.contains("1 more criterion"));
        work.threshold.criteria.insert(Criterion::Vulnerable);
        let outcome = check("threshold-household", &work);
        assert!(outcome.feedback.contains("Data concerning vulnerable people"), "{outcome:?}");
        work.threshold.criteria.remove(&Criterion::Vulnerable);
        work.threshold.criteria.insert(Criterion::LargeScale);
        work.threshold.criteria.insert(Criterion::Innovative);
        assert!(check("threshold-household", &work).feedback.contains("Now decide"), "arguable ticks are accepted");
        work.threshold.decision = Some(false);
        assert!(check("threshold-household", &work).feedback.contains("reconsider"));
        work.threshold.decision = Some(true);
        assert!(check("threshold-household", &work).passed);
        work.threshold.cases.insert(Art35Case::C);
        assert!(!check("threshold-household", &work).passed, "a home is not a publicly accessible area");
        assert!(check("threshold-toy", &work).feedback.contains("Choose the scenario"));
        let toy = ThresholdAnswer {
            scenario: Scenario::ConnectedToy,
            criteria: BTreeSet::from([
                Criterion::SensitiveData,
                Criterion::LargeScale,
                Criterion::Vulnerable,
                Criterion::Innovative,
            ]),
            cases: BTreeSet::new(),
            decision: Some(true),
        };
        assert!(check("threshold-toy", &Work { threshold: toy, ..Work::default() }).passed);
    }

    #[test]
    fn necessity_flags_are_graded_at_the_last_comparison() {
        let mut work = Work::default();
        assert!(check("necessity-flags", &work).feedback.contains("compare"));
        work.necessity.compared =
            Some(BTreeSet::from(["finer:energy".to_owned(), "access:supplier:energy".to_owned()]));
        let outcome = check("necessity-flags", &work);
        assert!(
            outcome.feedback.contains("4 of the lab's 5 flags") && outcome.feedback.contains("1 marks"),
            "{outcome:?}"
        );
        work.necessity.compared = Some(work.flags());
        assert!(check("necessity-flags", &work).passed);
        let flagless = Work { processing: proportionate(), ..Work::default() };
        let flagless = Work {
            necessity: crate::necessity::NecessityAnswer { marks: BTreeSet::new(), compared: Some(BTreeSet::new()) },
            ..flagless
        };
        assert!(!check("necessity-flags", &flagless).passed, "there must be something to find");
    }

    #[test]
    fn a_proportionate_description_serves_every_purpose() {
        assert!(check("proportionate", &Work::default()).feedback.contains("5 necessity flags"));
        let off = Work {
            processing: Processing::with_policy(
                Policy { energy: Resolution::Off, ..Policy::default() },
                PolicySource::Default,
            ),
            ..Work::default()
        };
        assert!(check("proportionate", &off).feedback.contains("Billing"));
        assert!(check("proportionate", &Work { processing: proportionate(), ..Work::default() }).passed);
    }

    #[test]
    fn risks_are_acceptable_only_with_description_and_measures() {
        let mut work = Work { processing: proportionate(), ..Work::default() };
        assert!(check("risk-acceptable", &work).feedback.contains("2 risks are still high"));
        work.measures.extend([Measure::Encryption, Measure::LeastPrivilege]);
        assert!(check("risk-acceptable", &work).passed);
        work.consultation = true;
        assert!(check("risk-acceptable", &work).feedback.contains("untick"));
        let careless = Work { measures: Measure::ALL.into_iter().collect(), ..Work::default() };
        assert!(
            !check("risk-acceptable", &careless).passed,
            "measures alone do not make the careless service acceptable"
        );
    }

    #[test]
    fn a_high_residual_risk_means_prior_consultation() {
        let mut work = Work { processing: proportionate(), ..Work::default() };
        assert!(check("prior-consultation", &work).feedback.contains("Enable"));
        work.processing.purposes.get_mut(&Purpose::Segments).expect("listed").enabled = true;
        assert!(check("prior-consultation", &work).feedback.contains("does not serve the segments"));
        // the segments need fine, named, week-long data for the analytics partner
        work.processing.policy =
            Policy { access: [[true, false, false], [false, false, true], [true, true, false]], ..Policy::default() };
        assert!(check("prior-consultation", &work).feedback.contains("Art. 6(1)"), "no basis for the segments yet");
        let segments = work.processing.purposes.get_mut(&Purpose::Segments).expect("listed");
        segments.basis = Some(LawfulBasis::Consent);
        assert!(check("prior-consultation", &work).feedback.contains("Art. 9(2)(a)"));
        work.processing.purposes.get_mut(&Purpose::Segments).expect("listed").explicit_consent = true;
        work.measures = Measure::ALL.into_iter().collect();
        assert!(check("prior-consultation", &work).feedback.contains("What must the controller do"));
        work.consultation = true;
        assert!(check("prior-consultation", &work).passed);
    }
}
