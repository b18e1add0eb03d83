//! The lab's graded exercises. Each checks the state the student produced (the release, the ledger, the attack
//! runs, the brute force), never wording.

use std::sync::OnceLock;

use lab_kit::{CheckOutcome, Exercise};

use crate::anonymity::least_loss_for_k;
use crate::neighbourhood::{Heating, Routine};
use crate::privacy::{Filter, Statistic};
use crate::work::{Work, households};

pub type LabExercise = Exercise<Work>;

/// The largest expected error a released count may have in the query-set exercise.
pub const MAX_COUNT_ERROR: f64 = 4.0;

pub static EXERCISES: &[LabExercise] = &[
    Exercise {
        id: "k-anonymity",
        title: "1. Reach k ≥ 5 with the least utility lost",
        goal: "Generalise postcode, household size and heating, and suppress small classes if you like, until every released class has at least 5 households (k ≥ 5) and at least half the study is released, losing as little utility as any such choice can.",
        hints: &[
            "Start from the raw table: which quasi-identifier splits the study into the most classes?",
            "Suppressing a few small classes can cost less than generalising every record one level further.",
            "Try each postcode level with the other two fixed; the utility lost is shown next to k.",
        ],
        setup: (),
        check: check_k_anonymity,
    },
    Exercise {
        id: "l-diversity",
        title: "2. k is not enough: l ≥ 3",
        goal: "A class whose households all have the same routine tells an attacker that routine without singling anyone out. Make the release 5-anonymous and 3-diverse: every released class has at least 5 households and all three routines, so that no routine can be ruled out for anyone.",
        hints: &[
            "Look at the classes table: which classes show a single routine?",
            "Larger classes are more likely to mix routines: generalise further or suppress the uniform classes.",
        ],
        setup: (),
        check: check_l_diversity,
    },
    Exercise {
        id: "query-budget",
        title: "3. Answer a query set within the budget",
        goal: "Release three counts with the Laplace mechanism within the ledger's budget of ε = 1: the households with a heat pump, the households in postcode 2612, and the households home all day; each with an expected error of at most 4 households.",
        hints: &[
            "A count changes by at most 1 when one household is added or removed: its noise has scale 1/ε, which is its expected error.",
            "An expected error of at most 4 needs ε ≥ 0.25 per count; the ledger adds the three epsilons up.",
            "If the ledger is spent, reset it (the budget is per release, so a fresh ledger is a fresh release).",
        ],
        setup: (),
        check: check_query_budget,
    },
    Exercise {
        id: "differencing",
        title: "4. A differencing attack, with and without noise",
        goal: "Run the differencing attack on Ana Lind's household with exact answers, and again with noisy answers of ε at most 0.5 per query. Done when the exact attack is always right and the noisy one is right at most 75% of the time.",
        hints: &[
            "The attacker asks two counts that differ only by Ana's household: the difference is her routine.",
            "With noise, the difference of two noisy counts is mostly noise when ε is small.",
        ],
        setup: (),
        check: check_differencing,
    },
    Exercise {
        id: "hash-not-pseudonym",
        title: "5. Why a hash is not a pseudonym here",
        goal: "Predict how many of the released plain-hash pseudonyms a brute force over every five-digit customer number reverses, commit, run it; then switch to keyed HMAC-SHA256 pseudonyms and run the same attack.",
        hints: &[
            "There are only 90 000 five-digit customer numbers: hashing them all takes a fraction of a second.",
            "A hash has no secret: anyone can compute it. An HMAC needs the key the utility keeps apart.",
        ],
        setup: (),
        check: check_hash,
    },
];

/// The least utility lost at k ≥ 5 (computed once).
pub fn best_k5_loss() -> f64 {
    static BEST: OnceLock<f64> = OnceLock::new();
    *BEST.get_or_init(|| least_loss_for_k(households(), 5).map_or(1.0, |(_, loss)| loss))
}

fn k5(work: &Work) -> Result<crate::anonymity::Release, CheckOutcome> {
    let release = work.release();
    if release.k < 5 {
        return Err(CheckOutcome::not_yet(format!(
            "k is {}: some released class has fewer than 5 households, so a prosecutor singles one of them out with probability {:.0}%.",
            release.k,
            release.prosecutor_max * 100.0
        )));
    }
    if release.released * 2 < release.sample {
        return Err(CheckOutcome::not_yet(format!(
            "Only {} of the study's {} households are released: suppressing more than half is not a release.",
            release.released, release.sample
        )));
    }
    Ok(release)
}

fn check_k_anonymity(work: &Work) -> CheckOutcome {
    let release = match k5(work) {
        Ok(release) => release,
        Err(outcome) => return outcome,
    };
    let best = best_k5_loss();
    if release.utility_lost > best + 1e-9 {
        return CheckOutcome::not_yet(format!(
            "k = {} and {:.1}% of the utility is lost; another choice of levels and suppression loses less.",
            release.k,
            release.utility_lost * 100.0
        ));
    }
    CheckOutcome::pass(format!(
        "k = {} with {:.1}% of the utility lost, the least any 5-anonymous release loses here.",
        release.k,
        release.utility_lost * 100.0
    ))
}

fn check_l_diversity(work: &Work) -> CheckOutcome {
    let release = match k5(work) {
        Ok(release) => release,
        Err(outcome) => return outcome,
    };
    if release.l < 3 {
        let uniform = release.classes.iter().filter(|class| !class.suppressed && class.routines.len() < 3).count();
        return CheckOutcome::not_yet(format!(
            "k = {} but l = {}: {uniform} released class(es) lack a routine, so an attacker who places someone there rules it out.",
            release.k, release.l
        ));
    }
    CheckOutcome::pass(format!(
        "k = {} and l = {}: every released class mixes all three routines.",
        release.k, release.l
    ))
}

fn required_counts() -> [(&'static str, Filter); 3] {
    [
        ("households with a heat pump", Filter { heating: Some(Heating::HeatPump), ..Filter::everyone() }),
        ("households in 2612", Filter { postcode: Some("2612".to_owned()), ..Filter::everyone() }),
        ("households home all day", Filter { routine: Some(Routine::HomeAllDay), ..Filter::everyone() }),
    ]
}

fn check_query_budget(work: &Work) -> CheckOutcome {
    let mut missing = Vec::new();
    for (name, filter) in required_counts() {
        let answered = work.ledger.answers.iter().any(|answer| {
            answer.query.statistic == Statistic::Count
                && answer.query.filter == filter
                && answer.expected_error <= MAX_COUNT_ERROR + 1e-9
        });
        if !answered {
            missing.push(name);
        }
    }
    if !missing.is_empty() {
        return CheckOutcome::not_yet(format!(
            "Still to release with an expected error of at most 4: {}.",
            missing.join(", ")
        ));
    }
    CheckOutcome::pass(format!(
        "The three counts are released for ε = {:.2} in all, within the budget of {:.2}.",
        work.ledger.spent(),
        work.ledger.budget
    ))
}

fn check_differencing(work: &Work) -> CheckOutcome {
    let exact = work.attacks.iter().any(|run| run.epsilon.is_none() && run.success_rate >= 1.0);
    let noisy =
        work.attacks.iter().any(|run| run.epsilon.is_some_and(|epsilon| epsilon <= 0.5) && run.success_rate <= 0.75);
    match (exact, noisy) {
        (true, true) => CheckOutcome::pass(
            "Exact answers give Ana's routine away every time; noisy ones leave the attacker close to guessing.",
        ),
        (false, _) => CheckOutcome::not_yet("Run the attack with exact answers first."),
        (true, false) => CheckOutcome::not_yet("Now run it with noisy answers, ε at most 0.5 per query."),
    }
}

fn check_hash(work: &Work) -> CheckOutcome {
    let Some(plain) = &work.brute_plain else {
        return CheckOutcome::not_yet("Commit a prediction, then run the brute force against the plain hashes.");
    };
    if work.prediction.is_none() {
        return CheckOutcome::not_yet("Commit your prediction before running the brute force.");
    }
    if plain.reversed.len() < plain.pseudonyms || plain.pseudonyms == 0 {
        return CheckOutcome::not_yet("Run the brute force against the plain hashes of the released table.");
    }
    match &work.brute_keyed {
        Some(keyed) if keyed.pseudonyms > 0 && keyed.reversed.is_empty() => CheckOutcome::pass(format!(
            "Every one of the {} plain hashes was reversed; none of the {} keyed pseudonyms was.",
            plain.pseudonyms, keyed.pseudonyms
        )),
        _ => CheckOutcome::not_yet("Now switch to keyed HMAC-SHA256 pseudonyms and run the same attack."),
    }
}

#[cfg(test)]
mod tests {
    use lab_kit::find_exercise;

    use super::*;
    use crate::anonymity::Generalisation;
    use crate::privacy::Query;
    use crate::pseudonyms::Scheme;
    use crate::work::attack;

    fn check(id: &str, work: &Work) -> CheckOutcome {
        (find_exercise(EXERCISES, id).expect("known").check)(work)
    }

    #[test]
    fn the_exercise_list_is_the_catalogs() {
        let ids: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.id).collect();
        assert_eq!(ids, lab_catalog::ANONYMISATION_LAB_EXERCISES);
    }

    #[test]
    fn k_anonymity_needs_k5_and_the_least_loss() {
        let raw = Work::default();
        assert!(check("k-anonymity", &raw).feedback.contains("k is 1"));
        let (best, _) = least_loss_for_k(households(), 5).expect("reachable");
        let solved = Work { generalisation: best, ..Work::default() };
        assert!(check("k-anonymity", &solved).passed);
        let coarse = Work {
            generalisation: Generalisation { postcode: 3, size: 3, heating: 2, suppress_below: 0 },
            ..Work::default()
        };
        let outcome = check("k-anonymity", &coarse);
        assert!(!outcome.passed && outcome.feedback.contains("loses less"), "{outcome:?}");
    }

    #[test]
    fn l_diversity_needs_every_routine_in_every_class() {
        let everyone = Work {
            generalisation: Generalisation { postcode: 3, size: 3, heating: 2, suppress_below: 0 },
            ..Work::default()
        };
        assert!(check("l-diversity", &everyone).passed);
        let (best_k5, _) = least_loss_for_k(households(), 5).expect("reachable");
        let k5_only = Work { generalisation: best_k5, ..Work::default() };
        assert!(k5_only.release().l < 3, "the neighbourhood makes exercise 2 more than exercise 1");
        let outcome = check("l-diversity", &k5_only);
        assert!(!outcome.passed && outcome.feedback.contains("lack a routine"), "{outcome:?}");
    }

    #[test]
    fn the_query_set_needs_three_precise_counts() {
        let mut work = Work::default();
        let [heat_pumps, postcode, home] = required_counts().map(|(_, filter)| filter);
        for (filter, epsilon) in [(heat_pumps, 0.3), (postcode, 0.2)] {
            work.ledger.ask(households(), Query { statistic: Statistic::Count, filter, epsilon }).expect("ok");
        }
        let outcome = check("query-budget", &work);
        assert!(outcome.feedback.contains("in 2612") && outcome.feedback.contains("home all day"), "{outcome:?}");
        work.ledger
            .ask(households(), Query { statistic: Statistic::Count, filter: home.clone(), epsilon: 0.25 })
            .expect("ok");
        assert!(!check("query-budget", &work).passed, "2612 was answered with ε = 0.2 (expected error 5)");
        assert!(
            work.ledger
                .ask(
                    households(),
                    Query { statistic: Statistic::Count, filter: required_counts()[1].1.clone(), epsilon: 0.3 }
                )
                .is_err(),
            "0.75 + 0.3 exceeds the budget"
        );
        work.ledger = crate::privacy::Ledger::new(1.0, 5);
        for (_, filter) in required_counts() {
            work.ledger.ask(households(), Query { statistic: Statistic::Count, filter, epsilon: 0.3 }).expect("ok");
        }
        assert!(check("query-budget", &work).passed);
    }

    #[test]
    fn the_differencing_exercise_needs_both_runs() {
        let mut work = Work::default();
        work.attacks.push(attack(Some(0.1)).expect("noisy"));
        assert!(check("differencing", &work).feedback.contains("exact answers first"));
        work.attacks.push(attack(None).expect("exact"));
        assert!(check("differencing", &work).passed);
        let loud = Work {
            attacks: vec![attack(None).expect("exact"), attack(Some(5.0)).expect("weak noise")],
            ..Work::default()
        };
        assert!(!check("differencing", &loud).passed, "ε = 5 is too weak to count");
    }

    #[test]
    fn the_hash_exercise_needs_a_prediction_and_both_brute_forces() {
        let mut work = Work {
            generalisation: Generalisation { postcode: 1, size: 1, heating: 1, suppress_below: 5 },
            ..Work::default()
        };
        work.brute_force();
        assert!(check("hash-not-pseudonym", &work).feedback.contains("prediction"));
        work.prediction = Some(0);
        assert!(check("hash-not-pseudonym", &work).feedback.contains("HMAC"));
        work.scheme = Scheme::KeyedHmac;
        work.brute_force();
        assert!(check("hash-not-pseudonym", &work).passed);
    }
}
