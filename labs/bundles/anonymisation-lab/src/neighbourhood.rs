//! The neighbourhood: the privacy lab's household (Ana Lind and Ben, meter NW-4471-0932, a heat pump in
//! postcode 2612) among a few hundred generated households of the same district, each with its quasi-identifiers
//! (postcode, household size, heating type), a daily routine (the sensitive attribute, as the privacy lab infers it
//! from the meter) and a week of daily energy totals. Deterministic: everything comes from the seed passed in,
//! through the ChaCha generator of `rand_chacha`.

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use serde::{Deserialize, Serialize};

/// The neighbourhood the lab opens with.
pub const SEED: u64 = 0x4E45_1647_2026;
/// How many households the district has.
pub const HOUSEHOLDS: usize = 320;
/// The postcodes of the neighbourhood: four digits, in two districts (26.. and 27..) of three sectors (261., 262., 271.).
pub const POSTCODES: [&str; 7] = ["2611", "2612", "2613", "2621", "2622", "2711", "2712"];
/// Customer numbers are five digits: a small identifier space anyone can enumerate.
pub const CUSTOMER_NUMBERS: std::ops::Range<u32> = 10_000..100_000;
/// The privacy lab's household, always the first one.
pub const ANA_CUSTOMER: u32 = 44_710;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Heating {
    Gas,
    Oil,
    HeatPump,
    Electric,
    District,
}

impl Heating {
    pub const ALL: [Heating; 5] = [Heating::Gas, Heating::Oil, Heating::HeatPump, Heating::Electric, Heating::District];

    pub fn label(self) -> &'static str {
        match self {
            Heating::Gas => "gas boiler",
            Heating::Oil => "oil boiler",
            Heating::HeatPump => "heat pump",
            Heating::Electric => "electric",
            Heating::District => "district heating",
        }
    }
}

/// The daily routine the meter reveals (the privacy lab's occupancy inference): the sensitive attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Routine {
    AwayWeekdays,
    HomeAllDay,
    NightShift,
}

impl Routine {
    pub const ALL: [Routine; 3] = [Routine::AwayWeekdays, Routine::HomeAllDay, Routine::NightShift];

    pub fn label(self) -> &'static str {
        match self {
            Routine::AwayWeekdays => "away on weekdays",
            Routine::HomeAllDay => "home all day",
            Routine::NightShift => "night shift",
        }
    }
}

/// One household of the district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Household {
    pub customer: u32,
    pub postcode: &'static str,
    pub size: u8,
    pub heating: Heating,
    pub routine: Routine,
    /// Whether the household takes part in the energy study whose table is released (the sample).
    pub in_study: bool,
    /// Energy used each day of the week, Monday to Sunday, in kWh.
    pub daily_kwh: [f64; 7],
}

impl Household {
    pub fn weekly_kwh(&self) -> f64 {
        self.daily_kwh.iter().sum()
    }
}

/// A uniform number in [0, 1) from the generator.
pub fn unit(generator: &mut ChaCha20Rng) -> f64 {
    (generator.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn pick<T: Copy>(generator: &mut ChaCha20Rng, weighted: &[(T, u32)]) -> T {
    let total: u32 = weighted.iter().map(|(_, weight)| weight).sum();
    let mut draw = (generator.next_u64() % u64::from(total)) as u32;
    for &(value, weight) in weighted {
        if draw < weight {
            return value;
        }
        draw -= weight;
    }
    weighted[weighted.len() - 1].0
}

fn daily(generator: &mut ChaCha20Rng, size: u8, heating: Heating, routine: Routine) -> [f64; 7] {
    let base = 4.0 + 2.2 * f64::from(size);
    let heat = match heating {
        Heating::HeatPump => 9.0,
        Heating::Electric => 14.0,
        _ => 0.0,
    };
    let mut days = [0.0; 7];
    for (day, kwh) in days.iter_mut().enumerate() {
        let weekend = day >= 5;
        let presence = match routine {
            Routine::AwayWeekdays if !weekend => 0.8,
            Routine::HomeAllDay => 1.2,
            _ => 1.0,
        };
        let jitter = 0.85 + 0.3 * unit(generator);
        *kwh = ((base * presence + heat) * jitter * 10.0).round() / 10.0;
    }
    days
}

/// The neighbourhood generated from `seed`: [`HOUSEHOLDS`] households, the privacy lab's first.
pub fn generate(seed: u64) -> Vec<Household> {
    let mut generator = ChaCha20Rng::seed_from_u64(seed);
    let mut customers = std::collections::BTreeSet::from([ANA_CUSTOMER]);
    let mut households = Vec::with_capacity(HOUSEHOLDS);
    let ana_days = daily(&mut generator, 2, Heating::HeatPump, Routine::AwayWeekdays);
    households.push(Household {
        customer: ANA_CUSTOMER,
        postcode: "2612",
        size: 2,
        heating: Heating::HeatPump,
        routine: Routine::AwayWeekdays,
        in_study: true,
        daily_kwh: ana_days,
    });
    while households.len() < HOUSEHOLDS {
        let span = u64::from(CUSTOMER_NUMBERS.end - CUSTOMER_NUMBERS.start);
        let customer = CUSTOMER_NUMBERS.start + (generator.next_u64() % span) as u32;
        if !customers.insert(customer) {
            continue;
        }
        let postcode = POSTCODES[(generator.next_u64() % POSTCODES.len() as u64) as usize];
        let size = pick(&mut generator, &[(1u8, 28), (2, 34), (3, 15), (4, 14), (5, 6), (6, 3)]);
        let heating = pick(
            &mut generator,
            &[
                (Heating::Gas, 40),
                (Heating::Oil, 6),
                (Heating::HeatPump, 22),
                (Heating::Electric, 12),
                (Heating::District, 20),
            ],
        );
        let routine =
            pick(&mut generator, &[(Routine::AwayWeekdays, 55), (Routine::HomeAllDay, 33), (Routine::NightShift, 12)]);
        let in_study = generator.next_u64() % 100 < 70;
        let daily_kwh = daily(&mut generator, size, heating, routine);
        households.push(Household { customer, postcode, size, heating, routine, in_study, daily_kwh });
    }
    households
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_neighbourhood_is_the_same_for_a_seed_and_holds_the_privacy_labs_household() {
        let first = generate(SEED);
        assert_eq!(first, generate(SEED));
        assert_ne!(first, generate(SEED + 1));
        assert_eq!(first.len(), HOUSEHOLDS);
        assert_eq!((first[0].customer, first[0].postcode, first[0].size), (ANA_CUSTOMER, "2612", 2));
        let unique: std::collections::BTreeSet<u32> = first.iter().map(|household| household.customer).collect();
        assert_eq!(unique.len(), HOUSEHOLDS, "customer numbers are unique");
        assert!(first.iter().all(|household| CUSTOMER_NUMBERS.contains(&household.customer)));
        let studied = first.iter().filter(|household| household.in_study).count();
        assert!((180..=260).contains(&studied), "about 70% take part: {studied}");
        for routine in Routine::ALL {
            assert!(first.iter().any(|household| household.routine == routine));
        }
        assert!(first.iter().all(|household| household.daily_kwh.iter().all(|kwh| *kwh > 0.0 && *kwh < 60.0)));
    }
}
