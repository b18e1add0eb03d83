//! k-anonymity and l-diversity on the energy study's table: the student's generalisation of each
//! quasi-identifier (a level in its hierarchy) and suppression of small classes; the equivalence classes, k and l,
//! the re-identification risk under the prosecutor, journalist and marketer models, and the utility lost.
//!
//! The released table is the study's sample (households with `in_study`); the population is the whole
//! neighbourhood. Prosecutor: the attacker knows the target is in the release, risk 1/f for a class of f released
//! records. Journalist: the attacker does not know, and matches against the population, risk 1/F for the F
//! households of the neighbourhood that generalise to the same class. Marketer: the share of released records
//! re-identified on average when the attacker links everyone, (1/n) Σ f/F.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::neighbourhood::{Heating, Household, Routine};

/// The generalisation levels, 0 the value as collected; the last level of each hierarchy is `*`.
pub const POSTCODE_LEVELS: u8 = 3;
pub const SIZE_LEVELS: u8 = 3;
pub const HEATING_LEVELS: u8 = 2;

/// The student's choices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generalisation {
    /// 0: 2612, 1: 261*, 2: 26**, 3: *
    pub postcode: u8,
    /// 0: exact, 1: 1, 2, 3-4, 5+, 2: 1-2, 3+, 3: *
    pub size: u8,
    /// 0: exact, 1: combustion, electric, district, 2: *
    pub heating: u8,
    /// Classes with fewer released records than this are suppressed (0 or 1: nothing suppressed).
    pub suppress_below: u8,
}

impl Generalisation {
    /// Whether every level is within its hierarchy.
    pub fn check(&self) -> Result<(), String> {
        if self.postcode > POSTCODE_LEVELS {
            return Err(format!(
                "the postcode level is {}, the hierarchy has levels 0 to {POSTCODE_LEVELS}",
                self.postcode
            ));
        }
        if self.size > SIZE_LEVELS {
            return Err(format!(
                "the household size level is {}, the hierarchy has levels 0 to {SIZE_LEVELS}",
                self.size
            ));
        }
        if self.heating > HEATING_LEVELS {
            return Err(format!(
                "the heating level is {}, the hierarchy has levels 0 to {HEATING_LEVELS}",
                self.heating
            ));
        }
        if self.suppress_below > 50 {
            return Err(format!(
                "suppressing classes below {} records would suppress nearly everything",
                self.suppress_below
            ));
        }
        Ok(())
    }

    /// Every generalisation without suppression and with suppression below 0 to 10, for searching.
    pub fn all() -> impl Iterator<Item = Generalisation> {
        (0..=POSTCODE_LEVELS).flat_map(|postcode| {
            (0..=SIZE_LEVELS).flat_map(move |size| {
                (0..=HEATING_LEVELS).flat_map(move |heating| {
                    (0..=10).map(move |suppress_below| Generalisation { postcode, size, heating, suppress_below })
                })
            })
        })
    }
}

pub fn postcode_at(postcode: &str, level: u8) -> String {
    match level {
        0 => postcode.to_owned(),
        1 => format!("{}*", &postcode[..3.min(postcode.len())]),
        2 => format!("{}**", &postcode[..2.min(postcode.len())]),
        _ => "*".to_owned(),
    }
}

pub fn size_at(size: u8, level: u8) -> String {
    match (level, size) {
        (0, size) => size.to_string(),
        (1, 1 | 2) => size.to_string(),
        (1, 3 | 4) => "3-4".to_owned(),
        (1, _) => "5+".to_owned(),
        (2, 1 | 2) => "1-2".to_owned(),
        (2, _) => "3+".to_owned(),
        _ => "*".to_owned(),
    }
}

pub fn heating_at(heating: Heating, level: u8) -> String {
    match (level, heating) {
        (0, heating) => heating.label().to_owned(),
        (1, Heating::Gas | Heating::Oil) => "combustion".to_owned(),
        (1, Heating::HeatPump | Heating::Electric) => "electric".to_owned(),
        (1, Heating::District) => "district heating".to_owned(),
        _ => "*".to_owned(),
    }
}

/// The generalised quasi-identifiers of a household.
pub type ClassKey = (String, String, String);

pub fn class_key(household: &Household, generalisation: &Generalisation) -> ClassKey {
    (
        postcode_at(household.postcode, generalisation.postcode),
        size_at(household.size, generalisation.size),
        heating_at(household.heating, generalisation.heating),
    )
}

/// One equivalence class of the released table.
#[derive(Debug, Clone, PartialEq)]
pub struct EquivalenceClass {
    pub key: ClassKey,
    /// Indices into the neighbourhood of the released records in the class.
    pub members: Vec<usize>,
    /// How many households of the whole neighbourhood share the class.
    pub population: usize,
    pub routines: BTreeSet<Routine>,
    pub suppressed: bool,
}

/// The released table and what it exposes.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    pub generalisation: Generalisation,
    pub classes: Vec<EquivalenceClass>,
    /// Records in the study (before suppression).
    pub sample: usize,
    pub released: usize,
    pub suppressed: usize,
    /// The smallest released class (0 when nothing is released).
    pub k: usize,
    /// The fewest distinct routines in a released class.
    pub l: usize,
    pub prosecutor_max: f64,
    pub prosecutor_average: f64,
    pub journalist_max: f64,
    pub marketer: f64,
    /// The utility lost, 0 to 1: generalisation (each quasi-identifier's level over its hierarchy's height,
    /// averaged) for released records, and everything for a suppressed one.
    pub utility_lost: f64,
}

impl Release {
    /// The released records' indices, in the neighbourhood's order.
    pub fn released_records(&self) -> Vec<usize> {
        let mut records: Vec<usize> =
            self.classes.iter().filter(|class| !class.suppressed).flat_map(|class| class.members.clone()).collect();
        records.sort_unstable();
        records
    }
}

/// Applies `generalisation` to the study's table.
pub fn release(households: &[Household], generalisation: &Generalisation) -> Release {
    let mut population: BTreeMap<ClassKey, usize> = BTreeMap::new();
    for household in households {
        *population.entry(class_key(household, generalisation)).or_default() += 1;
    }
    let mut members: BTreeMap<ClassKey, Vec<usize>> = BTreeMap::new();
    for (index, household) in households.iter().enumerate().filter(|(_, household)| household.in_study) {
        members.entry(class_key(household, generalisation)).or_default().push(index);
    }
    let threshold = usize::from(generalisation.suppress_below);
    let classes: Vec<EquivalenceClass> = members
        .into_iter()
        .map(|(key, members)| EquivalenceClass {
            population: population.get(&key).copied().unwrap_or(members.len()),
            routines: members.iter().map(|&index| households[index].routine).collect(),
            suppressed: members.len() < threshold,
            key,
            members,
        })
        .collect();
    let sample = classes.iter().map(|class| class.members.len()).sum::<usize>();
    let shown: Vec<&EquivalenceClass> = classes.iter().filter(|class| !class.suppressed).collect();
    let released = shown.iter().map(|class| class.members.len()).sum::<usize>();
    let k = shown.iter().map(|class| class.members.len()).min().unwrap_or(0);
    let l = shown.iter().map(|class| class.routines.len()).min().unwrap_or(0);
    let prosecutor_max = if k == 0 { 0.0 } else { 1.0 / k as f64 };
    let per_record = |risk: &dyn Fn(&EquivalenceClass) -> f64| {
        if released == 0 {
            0.0
        } else {
            shown.iter().map(|class| class.members.len() as f64 * risk(class)).sum::<f64>() / released as f64
        }
    };
    let prosecutor_average = per_record(&|class| 1.0 / class.members.len() as f64);
    let marketer = per_record(&|class| 1.0 / class.population as f64);
    let journalist_max = shown.iter().map(|class| 1.0 / class.population as f64).fold(0.0, f64::max);
    let level_loss = (f64::from(generalisation.postcode) / f64::from(POSTCODE_LEVELS)
        + f64::from(generalisation.size) / f64::from(SIZE_LEVELS)
        + f64::from(generalisation.heating) / f64::from(HEATING_LEVELS))
        / 3.0;
    let utility_lost =
        if sample == 0 { 0.0 } else { (released as f64 * level_loss + (sample - released) as f64) / sample as f64 };
    Release {
        generalisation: *generalisation,
        sample,
        released,
        suppressed: sample - released,
        k,
        l,
        prosecutor_max,
        prosecutor_average,
        journalist_max,
        marketer,
        utility_lost,
        classes,
    }
}

/// The least utility lost by any generalisation (with suppression below at most 10) whose release has k ≥ `k`
/// and releases at least half the study.
pub fn least_loss_for_k(households: &[Household], k: usize) -> Option<(Generalisation, f64)> {
    Generalisation::all()
        .map(|generalisation| release(households, &generalisation))
        .filter(|release| release.k >= k && release.released * 2 >= release.sample)
        .map(|release| (release.generalisation, release.utility_lost))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// The released table as CSV: one line per released record, its generalised quasi-identifiers, routine and
/// weekly energy (no customer number).
pub fn release_csv(households: &[Household], release: &Release) -> String {
    let mut csv = String::from("postcode,household_size,heating,routine,weekly_kwh\n");
    for index in release.released_records() {
        let household = &households[index];
        let (postcode, size, heating) = class_key(household, &release.generalisation);
        csv.push_str(&format!(
            "{postcode},{size},{heating},{},{:.1}\n",
            household.routine.label(),
            household.weekly_kwh()
        ));
    }
    csv
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::neighbourhood::{SEED, generate};

    #[test]
    fn raw_quasi_identifiers_single_out_households_and_generalising_hides_them() {
        let households = generate(SEED);
        let raw = release(&households, &Generalisation::default());
        assert_eq!(raw.k, 1, "some household is alone in its class");
        assert_eq!(raw.prosecutor_max, 1.0);
        assert_eq!(raw.utility_lost, 0.0);
        assert_eq!(raw.sample, households.iter().filter(|household| household.in_study).count());
        let all_stars = release(&households, &Generalisation { postcode: 3, size: 3, heating: 2, suppress_below: 0 });
        assert_eq!(all_stars.classes.len(), 1);
        assert_eq!(all_stars.k, all_stars.sample);
        assert_eq!(all_stars.l, 3);
        assert!((all_stars.utility_lost - 1.0).abs() < 1e-9);
        assert!((all_stars.marketer - 1.0 / households.len() as f64).abs() < 1e-9, "one class of the whole population");
    }

    #[test]
    fn suppression_removes_small_classes_and_costs_their_records() {
        let households = generate(SEED);
        let generalisation = Generalisation { postcode: 1, size: 1, heating: 1, suppress_below: 5 };
        let release = release(&households, &generalisation);
        assert!(release.k >= 5);
        assert!(release.suppressed > 0);
        assert_eq!(release.released + release.suppressed, release.sample);
        let csv = release_csv(&households, &release);
        assert_eq!(csv.lines().count(), release.released + 1);
        assert!(csv.starts_with("postcode,household_size,heating,routine,weekly_kwh\n"));
        assert!(!csv.contains("44710"), "no customer number is released");
    }

    #[test]
    fn the_least_loss_for_k5_is_reachable_and_beats_generalising_everything() {
        let households = generate(SEED);
        let (best, loss) = least_loss_for_k(&households, 5).expect("k = 5 is reachable");
        assert!(release(&households, &best).k >= 5);
        assert!(loss < 0.6, "{loss}");
        assert!(Generalisation::all().all(|other| {
            let other = release(&households, &other);
            other.k < 5 || other.released * 2 < other.sample || other.utility_lost >= loss
        }));
    }

    #[test]
    fn levels_outside_a_hierarchy_are_refused() {
        assert!(Generalisation { postcode: 4, ..Default::default() }.check().expect_err("4").contains("postcode"));
        assert!(Generalisation { heating: 3, ..Default::default() }.check().is_err());
        assert!(Generalisation { suppress_below: 51, ..Default::default() }.check().is_err());
        assert!(Generalisation { postcode: 3, size: 3, heating: 2, suppress_below: 50 }.check().is_ok());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn every_released_class_has_at_least_k_records_and_risks_are_ordered(
            seed in any::<u64>(), postcode in 0..=POSTCODE_LEVELS, size in 0..=SIZE_LEVELS,
            heating in 0..=HEATING_LEVELS, suppress_below in 0u8..12,
        ) {
            let households = generate(seed);
            let generalisation = Generalisation { postcode, size, heating, suppress_below };
            let release = release(&households, &generalisation);
            for class in release.classes.iter().filter(|class| !class.suppressed) {
                prop_assert!(class.members.len() >= release.k);
                prop_assert!(class.members.len() >= usize::from(suppress_below));
                prop_assert!(class.routines.len() >= release.l);
                prop_assert!(class.population >= class.members.len());
                for &index in &class.members {
                    prop_assert_eq!(&class_key(&households[index], &generalisation), &class.key);
                }
            }
            prop_assert!(release.journalist_max <= release.prosecutor_max + 1e-12);
            prop_assert!(release.marketer <= release.prosecutor_average + 1e-12);
            prop_assert!(release.prosecutor_average <= release.prosecutor_max + 1e-12);
            prop_assert!((0.0..=1.0).contains(&release.utility_lost));
            // generalising one step further never lowers k (without suppression)
            if postcode < POSTCODE_LEVELS && suppress_below == 0 {
                let coarser = super::release(&households, &Generalisation { postcode: postcode + 1, ..generalisation });
                prop_assert!(coarser.k >= release.k);
            }
        }
    }
}
