use super::*;
use crate::policy::{Identifiers, Policy, Resolution};

fn outcome(id: &str, policy: Policy) -> CheckOutcome {
    let exercise = find_exercise(id).expect("known exercise");
    (exercise.check)(&Analysis::run(&policy))
}

fn assert_passes(id: &str, policy: Policy) {
    let result = outcome(id, policy);
    assert!(result.passed, "{id} should pass: {}", result.feedback);
}

fn assert_fails(id: &str, policy: Policy, expected: &str) {
    let result = outcome(id, policy);
    assert!(!result.passed, "{id} should fail: {}", result.feedback);
    assert!(result.feedback.contains(expected), "{id}: `{}` lacks `{expected}`", result.feedback);
}

#[test]
fn the_exercise_ids_match_the_catalog() {
    let ids: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.id).collect();
    assert_eq!(ids, lab_catalog::PRIVACY_LAB_EXERCISES);
    assert!(EXERCISES.iter().all(|exercise| exercise.hints.len() >= 2));
}

#[test]
fn billing_without_the_routine_needs_daily_sums() {
    let id = "routine-from-energy";
    assert_passes(id, Policy { energy: Resolution::Daily, ..Policy::default() });
    assert_fails(id, Policy::default(), "still infers");
    assert_fails(id, Policy { energy: Resolution::Hourly, ..Policy::default() }, "still infers");
    assert_fails(id, Policy { energy: Resolution::Off, ..Policy::default() }, "cannot retrieve");
    assert_fails(id, Policy { energy: Resolution::Building, ..Policy::default() }, "differ from the meter's");
    let mut no_access = Policy { energy: Resolution::Daily, ..Policy::default() };
    no_access.set_access(Observer::Supplier, Channel::Energy, false);
    assert_fails(id, no_access, "4103");
    assert_fails(id, Policy { energy: Resolution::Daily, retention_days: 3, ..Policy::default() }, "no complete data");
    let passed = outcome(id, Policy { energy: Resolution::Daily, ..Policy::default() });
    assert!(passed.feedback.contains("holiday row"), "daily totals still reveal the holiday: {}", passed.feedback);
}

#[test]
fn retention_hides_the_holiday_but_keeps_the_last_day() {
    let id = "holiday-retention";
    for days in [3, 2, 1] {
        assert_passes(id, Policy { retention_days: days, ..Policy::default() });
    }
    assert_fails(id, Policy::default(), "away from Tue 07:00");
    assert_fails(id, Policy { retention_days: 5, ..Policy::default() }, "away from");
    assert_fails(id, Policy { energy: Resolution::Daily, motion: Resolution::Off, ..Policy::default() }, "away from");
    assert_fails(
        id,
        Policy { energy: Resolution::Off, motion: Resolution::Off, retention_days: 2, ..Policy::default() },
        "last 24 hours",
    );
}

#[test]
fn pseudonymised_motion_passes_yet_linkage_re_identifies_ana() {
    let id = "pseudonymise-motion";
    let policy = Policy { motion_identifiers: Identifiers::Pseudonymised, ..Policy::default() };
    let result = outcome(id, policy.clone());
    assert!(result.passed, "{}", result.feedback);
    assert!(result.feedback.contains("Recital 26") && result.feedback.contains("her bedroom"), "{}", result.feedback);
    assert_passes(id, Policy { motion: Resolution::Hourly, ..policy });
    assert_fails(id, Policy::default(), "`ana`");
    assert_fails(id, Policy { motion_identifiers: Identifiers::Removed, ..Policy::default() }, "one stream per room");
    assert_fails(
        id,
        Policy { motion_identifiers: Identifiers::Pseudonymised, motion: Resolution::Daily, ..Policy::default() },
        "hourly or finer",
    );
    let mut denied = Policy { motion_identifiers: Identifiers::Pseudonymised, ..Policy::default() };
    denied.set_access(Observer::Analytics, Channel::Motion, false);
    assert_fails(id, denied, "4103");
}

#[test]
fn merging_rooms_defeats_linkage_but_pseudonyms_do_not() {
    let id = "stop-linkage";
    assert_passes(id, Policy { motion_identifiers: Identifiers::Removed, ..Policy::default() });
    assert_passes(
        id,
        Policy { motion_identifiers: Identifiers::Removed, motion: Resolution::Hourly, ..Policy::default() },
    );
    assert_fails(
        id,
        Policy { motion_identifiers: Identifiers::Pseudonymised, ..Policy::default() },
        "still singles out Ana",
    );
    assert_fails(id, Policy::default(), "`ana`");
    assert_fails(
        id,
        Policy { motion_identifiers: Identifiers::Pseudonymised, motion: Resolution::Daily, ..Policy::default() },
        "hourly or finer",
    );
    assert_fails(
        id,
        Policy { motion_identifiers: Identifiers::Removed, retention_days: 2, ..Policy::default() },
        "whole week",
    );
}

#[test]
fn the_heating_app_gets_temperature_only() {
    let id = "heating-least-privilege";
    let mut right = Policy::default();
    right.set_access(Observer::Heating, Channel::Motion, false);
    assert_passes(id, right.clone());
    assert_fails(id, Policy::default(), "can still retrieve motion");
    assert_fails(id, Policy { motion: Resolution::Off, ..Policy::default() }, "analytics partner lost");
    let mut no_temperature = right.clone();
    no_temperature.set_access(Observer::Heating, Channel::Temperature, false);
    assert_fails(id, no_temperature, "0 of 4 rooms");
    let mut energy_too = right;
    energy_too.set_access(Observer::Heating, Channel::Energy, true);
    assert_fails(id, energy_too, "can still retrieve smart-meter energy");
}
