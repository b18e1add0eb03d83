//! Fixes for the smart plug's dossier: what each costs (engineer-days, invented) and which provisions it makes
//! implemented; the cheapest set that makes every applicable mandatory provision implemented is found by
//! trying every set (there are few fixes). Pure.

use std::collections::BTreeSet;

use crate::dossier::{Dossier, Truth};
use crate::provisions::PROVISIONS;

/// A change the manufacturer could make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fix {
    pub key: &'static str,
    pub label: &'static str,
    /// Engineer-days (invented for the exercise).
    pub cost: u32,
    pub implements: &'static [&'static str],
}

pub const FIXES: &[Fix] = &[
    Fix {
        key: "unique-label-passwords",
        label: "Print a unique random password on each plug's label (per-unit factory provisioning)",
        cost: 6,
        implements: &["5.1-1"],
    },
    Fix {
        key: "password-at-setup",
        label: "Make the user set their own password during set-up (no default)",
        cost: 2,
        implements: &["5.1-1"],
    },
    Fix {
        key: "authenticate-setup",
        label: "Require the device password for changes through /setup",
        cost: 2,
        implements: &["5.5-5", "5.5-4"],
    },
    Fix {
        key: "remove-telnet",
        label: "Remove the telnet daemon from the firmware build",
        cost: 1,
        implements: &["5.6-1", "5.6-5"],
    },
    Fix {
        key: "disable-uart-console",
        label: "Disable the UART console in software (release builds)",
        cost: 1,
        implements: &["5.6-4"],
    },
    Fix {
        key: "new-board",
        label: "New board revision without debug pads, with secure boot",
        cost: 25,
        implements: &["5.6-4", "5.6-3", "5.7-1"],
    },
    Fix { key: "publish-vdp", label: "Publish a vulnerability disclosure policy", cost: 1, implements: &["5.2-1"] },
    Fix {
        key: "publish-support-period",
        label: "Publish the defined support period (box, website, app)",
        cost: 1,
        implements: &["5.3-13"],
    },
    Fix {
        key: "consent-opt-in",
        label: "Leave the analytics box unticked; analytics only after opt-in",
        cost: 1,
        implements: &["6-2"],
    },
    Fix {
        key: "automatic-updates",
        label: "Automatic updates on by default, with a periodic check",
        cost: 5,
        implements: &["5.3-4", "5.3-5", "5.3-6"],
    },
    Fix {
        key: "telemetry-monitoring",
        label: "Examine telemetry for security anomalies",
        cost: 8,
        implements: &["5.10-1"],
    },
];

pub fn find_fix(key: &str) -> Option<&'static Fix> {
    FIXES.iter().find(|fix| fix.key == key)
}

/// The total cost of the chosen fixes (unknown keys cost nothing and fix nothing).
pub fn cost(chosen: &BTreeSet<String>) -> u32 {
    chosen.iter().filter_map(|key| find_fix(key)).map(|fix| fix.cost).sum()
}

/// The applicable mandatory provisions the dossier's product still fails after the chosen fixes.
pub fn still_failing(dossier: &Dossier, chosen: &BTreeSet<String>) -> Vec<&'static str> {
    let fixed: BTreeSet<&str> =
        chosen.iter().filter_map(|key| find_fix(key)).flat_map(|fix| fix.implements.iter().copied()).collect();
    PROVISIONS
        .iter()
        .filter(|provision| provision.is_mandatory() && dossier.truth(provision) == Truth::NotImplemented)
        .map(|provision| provision.id)
        .filter(|id| !fixed.contains(id))
        .collect()
}

/// The lowest cost at which every applicable mandatory provision is implemented.
pub fn cheapest_cost(dossier: &Dossier) -> u32 {
    (0u32..1 << FIXES.len())
        .filter_map(|mask| {
            let chosen: BTreeSet<String> = FIXES
                .iter()
                .enumerate()
                .filter(|(index, _)| mask & (1 << index) != 0)
                .map(|(_, fix)| fix.key.to_owned())
                .collect();
            still_failing(dossier, &chosen).is_empty().then(|| cost(&chosen))
        })
        .min()
        .unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::SMART_PLUG;

    fn chosen(keys: &[&str]) -> BTreeSet<String> {
        keys.iter().map(|key| (*key).to_owned()).collect()
    }

    #[test]
    fn the_cheapest_plan_fixes_every_mandatory_failure() {
        let plan = chosen(&[
            "password-at-setup",
            "authenticate-setup",
            "remove-telnet",
            "disable-uart-console",
            "publish-vdp",
            "publish-support-period",
            "consent-opt-in",
        ]);
        assert!(still_failing(&SMART_PLUG, &plan).is_empty());
        assert_eq!(cost(&plan), 9);
        assert_eq!(cheapest_cost(&SMART_PLUG), 9);
        let mut dearer = plan.clone();
        dearer.remove("disable-uart-console");
        dearer.insert("new-board".into());
        assert!(still_failing(&SMART_PLUG, &dearer).is_empty() && cost(&dearer) > 9);
        assert_eq!(still_failing(&SMART_PLUG, &chosen(&["publish-vdp"])).len(), 6);
        assert_eq!(cost(&chosen(&["no-such-fix"])), 0);
    }

    #[test]
    fn every_fix_names_known_provisions() {
        for fix in FIXES {
            assert!(fix.cost > 0);
            for id in fix.implements {
                assert!(crate::provisions::find_provision(id).is_some(), "{} names {id}", fix.key);
            }
        }
    }
}
