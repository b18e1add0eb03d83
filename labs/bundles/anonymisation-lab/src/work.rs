//! What the student builds, the lab's whole setup: the generalisation and suppression, the query ledger, the
//! differencing attacks run, and the pseudonymisation scheme with the brute force's result. Exported as JSON
//! and imported back (the ledger is replayed from its seed, never trusted from the file); the released table
//! is exported as CSV.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::anonymity::{self, Generalisation, Release};
use crate::neighbourhood::{self, Household};
use crate::privacy::{self, DEFAULT_BUDGET, Ledger};
use crate::pseudonyms::{self, BruteForce, Scheme};

/// The version of the exported setup.
pub const SETUP_VERSION: u32 = 1;
/// The most queries a ledger keeps (a file with more is refused).
pub const MAX_QUERIES: usize = 60;

/// The neighbourhood the lab works on (generated once).
pub fn households() -> &'static [Household] {
    static NEIGHBOURHOOD: OnceLock<Vec<Household>> = OnceLock::new();
    NEIGHBOURHOOD.get_or_init(|| neighbourhood::generate(neighbourhood::SEED))
}

/// One run of the differencing attack on Ana Lind's household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttackRun {
    /// `None`: exact answers.
    pub epsilon: Option<f64>,
    pub trials: u64,
    pub success_rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Work {
    pub generalisation: Generalisation,
    pub ledger: Ledger,
    #[serde(default)]
    pub attacks: Vec<AttackRun>,
    pub scheme: Scheme,
    /// The seed the utility's HMAC key is made from.
    pub key_seed: u64,
    /// How many pseudonyms the student expects the brute force to reverse, committed before running it.
    #[serde(default)]
    pub prediction: Option<usize>,
    /// The last brute force against each scheme.
    #[serde(default)]
    pub brute_plain: Option<BruteForce>,
    #[serde(default)]
    pub brute_keyed: Option<BruteForce>,
}

impl Default for Work {
    fn default() -> Self {
        Work {
            generalisation: Generalisation::default(),
            ledger: Ledger::new(DEFAULT_BUDGET, 2026),
            attacks: Vec::new(),
            scheme: Scheme::PlainHash,
            key_seed: 4471,
            prediction: None,
            brute_plain: None,
            brute_keyed: None,
        }
    }
}

/// The exported file.
#[derive(Debug, Serialize, Deserialize)]
struct SetupFile {
    lab: String,
    version: u32,
    work: Work,
}

impl Work {
    pub fn release(&self) -> Release {
        anonymity::release(households(), &self.generalisation)
    }

    /// The pseudonyms of the released records under the current scheme.
    pub fn pseudonyms(&self, release: &Release) -> Vec<String> {
        let key = pseudonyms::key_from_seed(self.key_seed);
        release
            .released_records()
            .into_iter()
            .map(|index| pseudonyms::pseudonym(self.scheme, &key, households()[index].customer))
            .collect()
    }

    /// Runs the brute force against the current scheme's pseudonyms and keeps the result.
    pub fn brute_force(&mut self) {
        let release = self.release();
        let result = pseudonyms::brute_force(self.scheme, &self.pseudonyms(&release));
        match self.scheme {
            Scheme::PlainHash => self.brute_plain = Some(result),
            Scheme::KeyedHmac => self.brute_keyed = Some(result),
        }
    }

    /// The released table as CSV, with the pseudonym column of the current scheme.
    pub fn release_csv(&self) -> String {
        let release = self.release();
        let table = anonymisation_csv(&release);
        let pseudonyms = self.pseudonyms(&release);
        let mut lines = table.lines();
        let mut csv = format!("pseudonym,{}\n", lines.next().unwrap_or_default());
        for (line, pseudonym) in lines.zip(pseudonyms) {
            csv.push_str(&format!("{pseudonym},{line}\n"));
        }
        csv
    }

    pub fn export_json(&self) -> String {
        let file = SetupFile { lab: crate::LAB.to_owned(), version: SETUP_VERSION, work: self.clone() };
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// Reads an exported setup; the ledger's answers are replayed from its seed. A bad file is refused with the
    /// reason.
    pub fn import_json(text: &str) -> Result<Work, String> {
        let file: SetupFile = serde_json::from_str(text)
            .map_err(|error| format!("the file is not an anonymisation lab setup ({error})"))?;
        if file.lab != crate::LAB {
            return Err(format!("the file is for the {}, not the anonymisation lab", file.lab));
        }
        if file.version != SETUP_VERSION {
            return Err(format!("the file has version {}, this lab reads version {SETUP_VERSION}", file.version));
        }
        let mut work = file.work;
        work.check()?;
        let mut ledger = Ledger::new(work.ledger.budget, work.ledger.seed);
        for answer in &work.ledger.answers {
            ledger
                .ask(households(), answer.query.clone())
                .map_err(|reason| format!("a query in its ledger is refused: {reason}"))?;
        }
        work.ledger = ledger;
        work.attacks = work.attacks.iter().map(|run| attack(run.epsilon)).collect::<Result<_, _>>()?;
        for brute in [&mut work.brute_plain, &mut work.brute_keyed] {
            brute.take();
        }
        Ok(work)
    }

    /// What makes a setup unusable, in words.
    pub fn check(&self) -> Result<(), String> {
        self.generalisation.check()?;
        if !(self.ledger.budget.is_finite() && self.ledger.budget > 0.0 && self.ledger.budget <= 10.0) {
            return Err("the epsilon budget must be above 0 and at most 10".to_owned());
        }
        if self.ledger.answers.len() > MAX_QUERIES {
            return Err(format!("its ledger has more than {MAX_QUERIES} queries"));
        }
        if self.attacks.len() > MAX_QUERIES {
            return Err(format!("it has more than {MAX_QUERIES} attack runs"));
        }
        Ok(())
    }
}

fn anonymisation_csv(release: &Release) -> String {
    anonymity::release_csv(households(), release)
}

/// Runs the differencing attack on Ana Lind's household 200 times (`None`: exact answers).
pub fn attack(epsilon: Option<f64>) -> Result<AttackRun, String> {
    if let Some(epsilon) = epsilon
        && !(epsilon.is_finite() && epsilon > 0.0 && epsilon <= 10.0)
    {
        return Err("the attack's epsilon must be above 0 and at most 10".to_owned());
    }
    let trials = 200;
    let success_rate = privacy::attack_success_rate(households(), neighbourhood::ANA_CUSTOMER, epsilon, trials);
    Ok(AttackRun { epsilon, trials, success_rate })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::{Filter, Query, Statistic};

    #[test]
    fn a_setup_exports_and_imports_back_with_its_ledger_replayed() {
        let mut work = Work {
            generalisation: Generalisation { postcode: 1, size: 2, heating: 1, suppress_below: 3 },
            ..Work::default()
        };
        work.ledger
            .ask(households(), Query { statistic: Statistic::Count, filter: Filter::everyone(), epsilon: 0.3 })
            .expect("within budget");
        work.attacks.push(attack(None).expect("exact"));
        let text = work.export_json();
        let back = Work::import_json(&text).expect("its own export");
        assert_eq!(back.generalisation, work.generalisation);
        assert_eq!(back.ledger, work.ledger);
        assert_eq!(back.attacks, work.attacks);
        // a tampered answer is replaced by the replayed one
        let tampered = text.replacen("\"truth\": 320.0", "\"truth\": 1.0", 1);
        assert_ne!(tampered, text);
        assert_eq!(Work::import_json(&tampered).expect("replayed").ledger, work.ledger);
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let good = Work::default().export_json();
        for (text, expected) in [
            ("not json".to_owned(), "not an anonymisation lab setup"),
            (good.replace("\"version\": 1", "\"version\": 9"), "version 9"),
            (good.replace("anonymisation-lab", "privacy-lab"), "privacy-lab"),
            (good.replace("\"postcode\": 0", "\"postcode\": 7"), "postcode level"),
            (good.replace("\"budget\": 1.0", "\"budget\": -1.0"), "budget"),
        ] {
            let error = Work::import_json(&text).expect_err(expected);
            assert!(error.contains(expected), "{expected}: {error}");
        }
    }

    #[test]
    fn the_csv_has_a_pseudonym_per_released_record_and_no_customer_number() {
        let mut work = Work {
            generalisation: Generalisation { postcode: 2, size: 2, heating: 1, suppress_below: 5 },
            ..Work::default()
        };
        let csv = work.release_csv();
        let release = work.release();
        assert_eq!(csv.lines().count(), release.released + 1);
        assert!(csv.starts_with("pseudonym,postcode,household_size,heating,routine,weekly_kwh\n"));
        assert!(!csv.contains(",44710,"));
        work.brute_force();
        assert_eq!(work.brute_plain.as_ref().map(|brute| brute.reversed.len()), Some(release.released));
        work.scheme = Scheme::KeyedHmac;
        work.brute_force();
        assert_eq!(work.brute_keyed.as_ref().map(|brute| brute.reversed.len()), Some(0));
    }
}
