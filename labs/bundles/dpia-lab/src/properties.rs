//! Property tests over every description the privacy lab can save and every set of measures.

use std::collections::BTreeSet;

use proptest::prelude::*;

use crate::necessity;
use crate::processing::{
    Channel, Identifiers, LawfulBasis, Policy, PolicySource, Processing, Purpose, RETENTION_CHOICES, Resolution,
};
use crate::report::report;
use crate::risks::{Measure, Threat, consultation_needed, register};
use crate::work::Work;

fn resolution(channel: Channel) -> impl Strategy<Value = Resolution> {
    prop::sample::select(
        Resolution::ALL.into_iter().filter(|resolution| resolution.applies_to(channel)).collect::<Vec<_>>(),
    )
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        resolution(Channel::Energy),
        prop::sample::select(Identifiers::ALL.to_vec()),
        resolution(Channel::Motion),
        prop::sample::select(Identifiers::ALL.to_vec()),
        resolution(Channel::Temperature),
        prop::sample::select(RETENTION_CHOICES.to_vec()),
        prop::array::uniform3(prop::array::uniform3(any::<bool>())),
    )
        .prop_map(
            |(energy, energy_identifiers, motion, motion_identifiers, temperature, retention_days, access)| Policy {
                energy,
                energy_identifiers,
                motion,
                motion_identifiers,
                temperature,
                retention_days,
                access,
            },
        )
}

fn work() -> impl Strategy<Value = Work> {
    (
        policy(),
        prop::collection::vec(any::<bool>(), 4),
        prop::collection::vec(prop::option::of(prop::sample::select(LawfulBasis::ALL.to_vec())), 4),
        prop::collection::btree_set(prop::sample::select(Measure::ALL.to_vec()), 0..=7),
        any::<bool>(),
    )
        .prop_map(|(policy, enabled, bases, measures, consultation)| {
            let mut processing = Processing::with_policy(policy, PolicySource::Default);
            for (index, purpose) in Purpose::ALL.into_iter().enumerate() {
                let choice = processing.purposes.entry(purpose).or_default();
                choice.enabled = enabled[index];
                choice.basis = bases[index];
            }
            Work { processing, measures, consultation, ..Work::default() }
        })
}

proptest! {
    #[test]
    fn measures_never_raise_a_risk_and_more_measures_never_hurt(work in work()) {
        let without = register(&work.processing, &BTreeSet::new());
        let with = work.register();
        prop_assert_eq!(without.len(), with.len(), "measures do not add or remove threats");
        for (before, after) in without.iter().zip(&with) {
            prop_assert!(after.residual.severity <= before.residual.severity);
            prop_assert!(after.residual.likelihood <= before.residual.likelihood);
            prop_assert_eq!(before.inherent, after.inherent);
        }
        let every: BTreeSet<Measure> = Measure::ALL.into_iter().collect();
        prop_assert!(consultation_needed(&register(&work.processing, &every)) <= consultation_needed(&with));
    }

    #[test]
    fn flags_and_risks_agree(work in work()) {
        let flags = necessity::flags(&work.processing);
        let disclosure = work.register().into_iter().any(|risk| risk.threat == Threat::MoreThanNeeded);
        prop_assert_eq!(flags.is_empty(), !disclosure);
        let asked: BTreeSet<String> = necessity::questions(&work.processing).into_iter().map(|question| question.id).collect();
        prop_assert!(flags.is_subset(&asked));
    }

    #[test]
    fn every_assessment_exports_imports_and_reports(work in work()) {
        prop_assert_eq!(Work::import_json(&work.export_json()), Ok(work.clone()));
        let markdown = report(&work).to_markdown();
        for item in ["Art. 35(7)(a)", "Art. 35(7)(b)", "Art. 35(7)(c)", "Art. 35(7)(d)", "Art. 36"] {
            prop_assert!(markdown.contains(item), "{} missing", item);
        }
        let html = report(&work).to_html();
        prop_assert_eq!(html.matches("<section>").count(), 6);
    }
}
