use super::*;
use crate::assessment::Answer;
use crate::provisions::{Provision, find_provision};
use crate::rules::Act;

fn set_up(id: &str) -> Work {
    let exercise = find_exercise(id).expect(id);
    Work { product: (exercise.setup.product)(), dossier: exercise.setup.dossier.key.to_owned(), ..Work::default() }
}

fn check(id: &str, work: &Work) -> CheckOutcome {
    (find_exercise(id).expect(id).check)(work)
}

fn decide(work: &mut Work, dossier: &Dossier, keep: impl Fn(&Provision) -> bool) {
    for provision in PROVISIONS.iter().filter(|provision| keep(provision)) {
        let answer = Answer {
            decision: expected(dossier.truth(provision)),
            evidence: "dossier".into(),
            justification: "reported".into(),
        };
        work.answers.entry(dossier.key.to_owned()).or_default().insert(provision.id.to_owned(), answer);
    }
}

#[test]
fn the_catalog_lists_the_exercises_in_order() {
    let ids: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.id).collect();
    assert_eq!(ids, lab_catalog::CONFORMITY_LAB_EXERCISES);
}

#[test]
fn a_prediction_passes_only_once_committed_and_right() {
    let mut work = set_up("predict-connected-toy");
    assert!(check("predict-connected-toy", &work).feedback.contains("commit"));
    work.committed = Some([Act::Gdpr, Act::Cra, Act::EPrivacy].into());
    let outcome = check("predict-connected-toy", &work);
    assert!(!outcome.passed && outcome.feedback.starts_with("3 difference(s)"), "{}", outcome.feedback);
    work.committed = Some(applicable_acts(&work.product));
    assert!(check("predict-connected-toy", &work).passed);
    work.product.toy_or_childcare = false;
    assert!(check("predict-connected-toy", &work).feedback.contains("Load the connected toy"), "a changed product");
    let mut meter = set_up("predict-household-meter");
    meter.committed = Some(applicable_acts(&meter.product));
    assert!(check("predict-household-meter", &meter).passed);
    assert!(meter.committed.as_ref().is_some_and(|acts| acts.contains(&Act::Nis2)));
}

#[test]
fn the_mandatory_failures_are_found_by_deciding_as_the_dossier_shows() {
    let mut work = set_up("smart-plug-mandatory-failures");
    assert!(check("smart-plug-mandatory-failures", &work).feedback.starts_with("32 mandatory provision(s)"));
    decide(&mut work, &SMART_PLUG, |provision| provision.is_mandatory());
    let outcome = check("smart-plug-mandatory-failures", &work);
    assert!(
        outcome.passed && outcome.feedback.contains("5.1-1, 5.2-1, 5.3-13, 5.5-5, 5.6-1, 5.6-4, 6-2"),
        "{}",
        outcome.feedback
    );
    // the classic mistake: 5.1-2 marked "not implemented" when it does not apply
    let answers = work.answers.get_mut("smart-plug").expect("answers");
    answers.insert("5.1-2".into(), Answer { decision: Decision::NotImplemented, ..Answer::default() });
    let outcome = check("smart-plug-mandatory-failures", &work);
    assert!(!outcome.passed && outcome.feedback.contains("5.1-2"), "{}", outcome.feedback);
}

#[test]
fn conditions_and_clause_4_justifications_are_both_checked() {
    let mut work = set_up("not-applicable-or-not-implemented");
    decide(&mut work, &THERMOSTAT, |provision| provision.condition.is_some());
    assert!(check("not-applicable-or-not-implemented", &work).passed);
    let answers = work.answers.get_mut("thermostat").expect("answers");
    answers.get_mut("5.7-2").expect("5.7-2").justification.clear();
    let outcome = check("not-applicable-or-not-implemented", &work);
    assert!(!outcome.passed && outcome.feedback.contains("justification for 5.7-2"), "{}", outcome.feedback);
    let answers = work.answers.get_mut("thermostat").expect("answers");
    answers.get_mut("5.7-2").expect("5.7-2").justification = "alerting needs an app release".into();
    answers.get_mut("5.6-4").expect("5.6-4").decision = Decision::NotImplemented;
    let outcome = check("not-applicable-or-not-implemented", &work);
    assert!(!outcome.passed && outcome.feedback.contains("5.6-4"), "{}", outcome.feedback);
    assert_eq!(find_provision("5.6-4").map(|p| THERMOSTAT.truth(p)), Some(Truth::NotApplicable));
}

#[test]
fn only_the_cheapest_complete_plan_passes() {
    let mut work = set_up("cheapest-fixes");
    assert!(check("cheapest-fixes", &work).feedback.starts_with("Still failing: 5.1-1"));
    for key in [
        "unique-label-passwords",
        "authenticate-setup",
        "remove-telnet",
        "new-board",
        "publish-vdp",
        "publish-support-period",
        "consent-opt-in",
    ] {
        work.fixes.insert(key.into());
    }
    let outcome = check("cheapest-fixes", &work);
    assert!(!outcome.passed && outcome.feedback.contains("costs less"), "{}", outcome.feedback);
    work.fixes.remove("unique-label-passwords");
    work.fixes.remove("new-board");
    work.fixes.insert("password-at-setup".into());
    work.fixes.insert("disable-uart-console".into());
    assert!(check("cheapest-fixes", &work).passed);
}

#[test]
fn the_policy_passes_with_contact_timelines_and_scope() {
    let mut work = set_up("disclosure-policy");
    assert!(!check("disclosure-policy", &work).passed);
    work.policy.contact = "security@plugwise.example".into();
    work.policy.acknowledge_days = "5".into();
    work.policy.update_days = "30".into();
    let outcome = check("disclosure-policy", &work);
    assert!(!outcome.passed && outcome.feedback.contains("products and versions"), "{}", outcome.feedback);
    work.policy.scope = "PW-MINI-EU smart plugs, every firmware version in the support period".into();
    assert!(check("disclosure-policy", &work).passed);
}
