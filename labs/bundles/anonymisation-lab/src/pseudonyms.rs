//! Pseudonymisation done right and wrong. The study replaces each customer number by a pseudonym. Wrong: a plain
//! SHA-256 of the number; anyone can hash all 90 000 five-digit customer numbers and look the pseudonyms up
//! (the brute force the lab runs in the page). Right: HMAC-SHA256 under a key the utility keeps apart (GDPR
//! Art. 4(5): the additional information kept separately); without the key the same dictionary finds nothing.
//! Both from RustCrypto (`sha2`, `hmac`).

use std::collections::HashMap;

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::neighbourhood::CUSTOMER_NUMBERS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scheme {
    /// SHA-256 of the customer number.
    PlainHash,
    /// HMAC-SHA256 of the customer number under the utility's key.
    KeyedHmac,
}

impl Scheme {
    pub fn label(self) -> &'static str {
        match self {
            Scheme::PlainHash => "plain SHA-256 of the customer number",
            Scheme::KeyedHmac => "HMAC-SHA256 under the utility's secret key",
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

pub fn plain_hash(customer: u32) -> String {
    hex(&Sha256::digest(customer.to_string().as_bytes()))
}

pub fn keyed(key: &[u8], customer: u32) -> String {
    // HMAC accepts keys of any length
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(customer.to_string().as_bytes());
    hex(&mac.finalize().into_bytes())
}

pub fn pseudonym(scheme: Scheme, key: &[u8], customer: u32) -> String {
    match scheme {
        Scheme::PlainHash => plain_hash(customer),
        Scheme::KeyedHmac => keyed(key, customer),
    }
}

/// What the brute force found: how many identifiers it tried and which pseudonyms it reversed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BruteForce {
    pub scheme: Scheme,
    pub tried: usize,
    pub pseudonyms: usize,
    /// (pseudonym index, customer number) for every pseudonym reversed.
    pub reversed: Vec<(usize, u32)>,
}

/// The attacker hashes every customer number with plain SHA-256 (they do not have the key) and looks the
/// released pseudonyms up.
pub fn brute_force(scheme: Scheme, released: &[String]) -> BruteForce {
    let wanted: HashMap<&str, usize> =
        released.iter().enumerate().map(|(index, pseudonym)| (pseudonym.as_str(), index)).collect();
    let mut reversed = Vec::new();
    for customer in CUSTOMER_NUMBERS {
        if let Some(&index) = wanted.get(plain_hash(customer).as_str()) {
            reversed.push((index, customer));
        }
    }
    reversed.sort_unstable();
    BruteForce { scheme, tried: CUSTOMER_NUMBERS.len(), pseudonyms: released.len(), reversed }
}

/// A key the page makes from the seed the student chose (never sent anywhere).
pub fn key_from_seed(seed: u64) -> Vec<u8> {
    Sha256::digest(format!("anonymisation-lab key {seed}").as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neighbourhood::{SEED, generate};

    #[test]
    fn hmac_sha256_matches_rfc_4231_test_case_2() {
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").expect("any key length");
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(plain_hash(0), hex(&Sha256::digest(b"0")));
    }

    #[test]
    fn plain_hashes_of_customer_numbers_are_all_reversed_and_keyed_pseudonyms_are_not() {
        let households: Vec<u32> = generate(SEED).iter().take(40).map(|household| household.customer).collect();
        let plain: Vec<String> =
            households.iter().map(|&customer| pseudonym(Scheme::PlainHash, &[], customer)).collect();
        let found = brute_force(Scheme::PlainHash, &plain);
        assert_eq!(found.reversed.len(), households.len());
        assert!(found.reversed.iter().all(|&(index, customer)| households[index] == customer));
        let key = key_from_seed(1);
        let hmac: Vec<String> =
            households.iter().map(|&customer| pseudonym(Scheme::KeyedHmac, &key, customer)).collect();
        assert_eq!(brute_force(Scheme::KeyedHmac, &hmac).reversed, vec![]);
        assert_ne!(keyed(&key, 44_710), keyed(&key_from_seed(2), 44_710), "another key, another pseudonym");
        assert_eq!(keyed(&key, 44_710), keyed(&key, 44_710), "the same key links the same customer");
    }
}
