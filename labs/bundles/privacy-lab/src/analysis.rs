//! One run of the lab: the week through the platform under a policy, every observer's view and inferences.

use crate::household::{Household, SEED};
use crate::inference::{Inferences, infer};
use crate::platform::{ContainerSummary, ObserverView, Platform};
use crate::policy::{Observer, Policy};

/// What each observer retrieved and inferred under one policy.
#[derive(Debug, Clone, PartialEq)]
pub struct ObserverResult {
    pub view: ObserverView,
    pub inferences: Inferences,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub household: Household,
    pub policy: Policy,
    /// In the order of [`Observer::ALL`].
    pub observers: Vec<ObserverResult>,
    /// The containers and policies on the platform at the end of the week.
    pub containers: Vec<ContainerSummary>,
    /// How many oneM2M requests built the platform.
    pub requests: usize,
    pub failures: Vec<String>,
}

impl Analysis {
    pub fn run(policy: &Policy) -> Analysis {
        let household = Household::simulate(SEED);
        let mut platform = Platform::run(&household, policy);
        let observers = Observer::ALL
            .into_iter()
            .map(|observer| {
                let view = platform.observe(observer);
                let inferences = infer(&view, &household);
                ObserverResult { view, inferences }
            })
            .collect();
        let containers = platform.summaries();
        Analysis {
            household,
            policy: policy.clone(),
            observers,
            containers,
            requests: platform.requests,
            failures: platform.failures,
        }
    }

    pub fn of(&self, observer: Observer) -> &ObserverResult {
        let index = Observer::ALL.iter().position(|&candidate| candidate == observer).unwrap_or(0);
        &self.observers[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inference::Linkage;
    use crate::policy::{Identifiers, Resolution};

    #[test]
    fn fine_energy_reveals_routine_sleep_and_holiday_and_daily_sums_hide_the_routine() {
        let raw = Analysis::run(&Policy::default());
        let supplier = &raw.of(Observer::Supplier).inferences;
        assert!(
            supplier.occupancy.accuracy > 0.95 && supplier.occupancy.reveals_routine(),
            "{:?}",
            supplier.occupancy.accuracy
        );
        assert!(supplier.sleep.inferable(), "{:?}", supplier.sleep.mean_error_minutes);
        assert!(supplier.holiday.matches_truth);
        let daily = Analysis::run(&Policy { energy: Resolution::Daily, ..Policy::default() });
        let supplier = &daily.of(Observer::Supplier).inferences;
        assert!(!supplier.occupancy.reveals_routine());
        assert!(!supplier.sleep.inferable(), "a day with one number has no times in it");
        assert!(supplier.holiday.matches_truth, "daily totals still show the empty days");
        let building = Analysis::run(&Policy { energy: Resolution::Building, ..Policy::default() });
        let supplier = &building.of(Observer::Supplier).inferences;
        assert!(
            !supplier.occupancy.reveals_routine(),
            "{} vs {}",
            supplier.occupancy.accuracy,
            supplier.occupancy.day_only_baseline
        );
        assert!(!supplier.holiday.matches_truth, "twelve homes hide one home's absence");
    }

    #[test]
    fn linkage_names_pseudonymises_and_merges() {
        let clear = Analysis::run(&Policy::default());
        assert!(matches!(clear.of(Observer::Analytics).inferences.linkage, Linkage::NamedInData { .. }));
        let pseudonymised =
            Analysis::run(&Policy { motion_identifiers: Identifiers::Pseudonymised, ..Policy::default() });
        assert!(matches!(pseudonymised.of(Observer::Analytics).inferences.linkage, Linkage::ReIdentified { .. }));
        assert!(
            matches!(pseudonymised.of(Observer::Supplier).inferences.linkage, Linkage::Failed { .. }),
            "no motion, no linkage"
        );
        let merged = Analysis::run(&Policy { motion_identifiers: Identifiers::Removed, ..Policy::default() });
        assert!(!merged.of(Observer::Analytics).inferences.linkage.identifies_ana());
        let short = Analysis::run(&Policy {
            motion_identifiers: Identifiers::Pseudonymised,
            retention_days: 2,
            ..Policy::default()
        });
        assert!(!short.of(Observer::Analytics).inferences.linkage.identifies_ana(), "a weekend holds no office hours");
    }

    #[test]
    fn retention_leaves_the_intruder_no_holiday_and_no_failures() {
        let kept = Analysis::run(&Policy { retention_days: 3, ..Policy::default() });
        assert!(kept.failures.is_empty(), "{:?}", kept.failures);
        assert!(!kept.of(Observer::Intruder).inferences.holiday.matches_truth);
        assert!(kept.of(Observer::Intruder).inferences.occupancy.hours_with_data <= 72);
    }
}
