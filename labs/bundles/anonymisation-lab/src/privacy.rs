//! Differential privacy on the neighbourhood: counts and averages released with the Laplace mechanism, an epsilon
//! budget ledger (sequential composition: the epsilons of the answered queries add up, and a query that would
//! exceed the budget is refused), the error against the truth, and a differencing attack that works on exact
//! answers and fails on noisy ones.
//!
//! The noise is Laplace(0, Δ/ε), drawn by inverting its distribution function from uniform numbers of the
//! seeded ChaCha generator: deterministic for a seed, so a saved ledger replays to the same answers.

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::neighbourhood::{Heating, Household, POSTCODES, Routine, unit};

/// Weekly energy is clamped to this many kWh before summing: the sum's sensitivity.
pub const WEEKLY_KWH_BOUND: f64 = 250.0;
/// The budget a student starts with.
pub const DEFAULT_BUDGET: f64 = 1.0;

/// Which households a query is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// `None`: every postcode.
    pub postcode: Option<String>,
    /// `None`: every size.
    pub size: Option<u8>,
    pub heating: Option<Heating>,
    pub routine: Option<Routine>,
    /// Leave out one customer (what a differencing attacker asks for).
    pub except_customer: Option<u32>,
}

impl Filter {
    pub fn everyone() -> Self {
        Filter { postcode: None, size: None, heating: None, routine: None, except_customer: None }
    }

    pub fn matches(&self, household: &Household) -> bool {
        self.postcode.as_deref().is_none_or(|postcode| postcode == household.postcode)
            && self.size.is_none_or(|size| size == household.size)
            && self.heating.is_none_or(|heating| heating == household.heating)
            && self.routine.is_none_or(|routine| routine == household.routine)
            && self.except_customer != Some(household.customer)
    }

    pub fn check(&self) -> Result<(), String> {
        if let Some(postcode) = &self.postcode
            && !POSTCODES.contains(&postcode.as_str())
        {
            return Err(format!("the neighbourhood has no postcode {postcode}"));
        }
        if let Some(size) = self.size
            && !(1..=6).contains(&size)
        {
            return Err(format!("households have 1 to 6 people, not {size}"));
        }
        Ok(())
    }

    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(postcode) = &self.postcode {
            parts.push(format!("in {postcode}"));
        }
        if let Some(size) = self.size {
            parts.push(format!("of {size}"));
        }
        if let Some(heating) = self.heating {
            parts.push(format!("with {}", heating.label()));
        }
        if let Some(routine) = self.routine {
            parts.push(routine.label().to_owned());
        }
        if let Some(customer) = self.except_customer {
            parts.push(format!("except customer {customer}"));
        }
        if parts.is_empty() { "all households".to_owned() } else { format!("households {}", parts.join(", ")) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Statistic {
    Count,
    /// The average weekly energy in kWh (a noisy clamped sum over a noisy count, ε split in half).
    AverageWeeklyKwh,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub statistic: Statistic,
    pub filter: Filter,
    pub epsilon: f64,
}

/// One answered query in the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub query: Query,
    pub noisy: f64,
    pub truth: f64,
    /// The expected absolute error of the mechanism (for a count, Δ/ε).
    pub expected_error: f64,
}

/// A Laplace(0, `scale`) draw from the generator.
pub fn laplace(generator: &mut ChaCha20Rng, scale: f64) -> f64 {
    // u uniform in (-1/2, 1/2), never exactly -1/2
    let u = unit(generator) - 0.5;
    let u = if u <= -0.5 { -0.5 + f64::EPSILON } else { u };
    -scale * u.signum() * (1.0 - 2.0 * u.abs()).ln()
}

/// The exact answer to a query.
pub fn truth(households: &[Household], statistic: Statistic, filter: &Filter) -> f64 {
    let chosen: Vec<&Household> = households.iter().filter(|household| filter.matches(household)).collect();
    match statistic {
        Statistic::Count => chosen.len() as f64,
        Statistic::AverageWeeklyKwh if chosen.is_empty() => 0.0,
        Statistic::AverageWeeklyKwh => {
            chosen.iter().map(|household| household.weekly_kwh().min(WEEKLY_KWH_BOUND)).sum::<f64>()
                / chosen.len() as f64
        }
    }
}

/// The noisy answer, from a generator seeded with `seed`.
pub fn answer(households: &[Household], query: &Query, seed: u64) -> Answer {
    let mut generator = ChaCha20Rng::seed_from_u64(seed);
    let exact = truth(households, query.statistic, &query.filter);
    let (noisy, expected_error) = match query.statistic {
        Statistic::Count => (exact + laplace(&mut generator, 1.0 / query.epsilon), 1.0 / query.epsilon),
        Statistic::AverageWeeklyKwh => {
            let count = truth(households, Statistic::Count, &query.filter);
            let half = query.epsilon / 2.0;
            let noisy_sum = exact * count + laplace(&mut generator, WEEKLY_KWH_BOUND / half);
            let noisy_count = (count + laplace(&mut generator, 1.0 / half)).max(1.0);
            let average = (noisy_sum / noisy_count).clamp(0.0, WEEKLY_KWH_BOUND);
            (average, WEEKLY_KWH_BOUND / half / count.max(1.0))
        }
    };
    Answer { query: query.clone(), noisy, truth: exact, expected_error }
}

/// The queries answered so far and the budget they spend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub budget: f64,
    /// The seed of the noise: the n-th answer draws from `seed + n`.
    pub seed: u64,
    pub answers: Vec<Answer>,
}

impl Ledger {
    pub fn new(budget: f64, seed: u64) -> Self {
        Ledger { budget, seed, answers: Vec::new() }
    }

    pub fn spent(&self) -> f64 {
        self.answers.iter().fold(0.0, |spent, answer| spent + answer.query.epsilon)
    }

    pub fn remaining(&self) -> f64 {
        (self.budget - self.spent()).max(0.0)
    }

    /// Answers `query` if the budget allows it; otherwise says why and changes nothing.
    pub fn ask(&mut self, households: &[Household], query: Query) -> Result<&Answer, String> {
        query.filter.check()?;
        if !(query.epsilon.is_finite() && query.epsilon > 0.0 && query.epsilon <= 10.0) {
            return Err("epsilon must be a number above 0 and at most 10".to_owned());
        }
        if self.spent() + query.epsilon > self.budget + 1e-9 {
            return Err(format!(
                "this query needs ε = {:.2} but only {:.2} of the budget {:.2} is left: the ledger refuses it",
                query.epsilon,
                self.remaining(),
                self.budget
            ));
        }
        let seed = self.seed.wrapping_add(self.answers.len() as u64);
        self.answers.push(answer(households, &query, seed));
        Ok(&self.answers[self.answers.len() - 1])
    }
}

/// The differencing attack: "how many households in the target's postcode are home all day" minus the same
/// question leaving the target out. The attacker concludes the target is home all day when the difference is
/// above one half. `epsilon` `None`: exact answers. Returns the attacker's conclusion per trial seed.
pub fn differencing_attack(households: &[Household], target: u32, epsilon: Option<f64>, seed: u64) -> bool {
    let postcode =
        households.iter().find(|household| household.customer == target).map(|household| household.postcode.to_owned());
    let with = Filter { postcode, routine: Some(Routine::HomeAllDay), ..Filter::everyone() };
    let without = Filter { except_customer: Some(target), ..with.clone() };
    let difference = match epsilon {
        None => truth(households, Statistic::Count, &with) - truth(households, Statistic::Count, &without),
        Some(epsilon) => {
            let first = answer(households, &Query { statistic: Statistic::Count, filter: with, epsilon }, seed);
            let second =
                answer(households, &Query { statistic: Statistic::Count, filter: without, epsilon }, seed ^ 0x9E37);
            first.noisy - second.noisy
        }
    };
    difference > 0.5
}

/// How often the attack's conclusion is right over `trials` noise seeds.
pub fn attack_success_rate(households: &[Household], target: u32, epsilon: Option<f64>, trials: u64) -> f64 {
    let home_all_day =
        households.iter().any(|household| household.customer == target && household.routine == Routine::HomeAllDay);
    let right =
        (0..trials).filter(|&trial| differencing_attack(households, target, epsilon, trial) == home_all_day).count();
    right as f64 / trials.max(1) as f64
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::neighbourhood::{ANA_CUSTOMER, SEED, generate};

    #[test]
    fn the_ledger_adds_up_epsilons_and_refuses_what_exceeds_the_budget() {
        let households = generate(SEED);
        let mut ledger = Ledger::new(1.0, 7);
        let count = |epsilon| Query { statistic: Statistic::Count, filter: Filter::everyone(), epsilon };
        let first = ledger.ask(&households, count(0.5)).expect("within budget").clone();
        assert_eq!(first.truth, households.len() as f64);
        assert_eq!(first.expected_error, 2.0);
        ledger.ask(&households, count(0.4)).expect("within budget");
        let before = ledger.clone();
        let refused = ledger.ask(&households, count(0.2)).expect_err("over budget");
        assert!(refused.contains("refuses"), "{refused}");
        assert_eq!(ledger, before, "a refused query changes nothing");
        assert!(ledger.ask(&households, count(0.0)).is_err());
        assert!(ledger.ask(&households, count(f64::NAN)).is_err());
        let bad = Query { filter: Filter { postcode: Some("9999".into()), ..Filter::everyone() }, ..count(0.05) };
        assert!(ledger.ask(&households, bad).expect_err("postcode").contains("9999"));
        assert!((ledger.remaining() - 0.1).abs() < 1e-9);
        // the same seed replays to the same answers
        let mut again = Ledger::new(1.0, 7);
        assert_eq!(again.ask(&households, count(0.5)).expect("ok"), &first);
    }

    #[test]
    fn the_differencing_attack_works_on_exact_answers_and_fails_on_noisy_ones() {
        let mut households = generate(SEED);
        for routine in [Routine::HomeAllDay, Routine::AwayWeekdays] {
            households[0].routine = routine;
            assert_eq!(attack_success_rate(&households, ANA_CUSTOMER, None, 20), 1.0);
            let noisy = attack_success_rate(&households, ANA_CUSTOMER, Some(0.1), 400);
            assert!(noisy < 0.6, "{routine:?}: {noisy}");
        }
    }

    #[test]
    fn averages_are_close_with_a_large_epsilon() {
        let households = generate(SEED);
        let query = Query { statistic: Statistic::AverageWeeklyKwh, filter: Filter::everyone(), epsilon: 5.0 };
        let answer = answer(&households, &query, 3);
        assert!(answer.truth > 20.0 && (answer.noisy - answer.truth).abs() < 5.0, "{answer:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn laplace_noise_has_mean_zero_and_mean_absolute_value_its_scale(seed in any::<u64>(), scale in 0.5f64..20.0) {
            let mut generator = ChaCha20Rng::seed_from_u64(seed);
            let draws: Vec<f64> = (0..4000).map(|_| laplace(&mut generator, scale)).collect();
            let mean = draws.iter().sum::<f64>() / draws.len() as f64;
            let mean_absolute = draws.iter().map(|draw| draw.abs()).sum::<f64>() / draws.len() as f64;
            // standard deviation of the mean: scale·√2/√4000 ≈ 0.022·scale; of the mean |x|: scale/√4000 ≈ 0.016·scale
            prop_assert!(mean.abs() < 0.1 * scale, "mean {}", mean);
            prop_assert!((mean_absolute - scale).abs() < 0.08 * scale, "mean |x| {}", mean_absolute);
            prop_assert!(draws.iter().all(|draw| draw.is_finite()));
        }

        #[test]
        fn a_ledger_never_spends_more_than_its_budget(epsilons in proptest::collection::vec(0.01f64..0.6, 1..12)) {
            let households = generate(SEED);
            let mut ledger = Ledger::new(1.0, 1);
            for epsilon in epsilons {
                let _ = ledger.ask(&households, Query { statistic: Statistic::Count, filter: Filter::everyone(), epsilon });
                prop_assert!(ledger.spent() <= 1.0 + 1e-9);
            }
        }
    }
}
