//! The countermeasure catalogue: each countermeasure names the threat categories it counters, how much it lowers
//! likelihood or impact on the chapter's 1-3 scale, and the requirement it implements: an ETSI EN 303 645
//! provision (V2.1.1 numbering; clause 6 provisions are 6-1 to 6-5), a GDPR article or a oneM2M security mechanism
//! (TS-0003 clause).

use crate::method::Category;

/// Where a requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    En303645,
    Gdpr,
    OneM2m,
}

/// The requirement a countermeasure implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    pub framework: Framework,
    /// "5.1-1", "Art. 25", "TS-0003 7.1 (ACP)"
    pub clause: &'static str,
    pub summary: &'static str,
}

impl Requirement {
    /// "EN 303 645 5.1-1", "GDPR Art. 25", "oneM2M TS-0003 7.1 (ACP)"
    pub fn citation(&self) -> String {
        let framework = match self.framework {
            Framework::En303645 => "EN 303 645",
            Framework::Gdpr => "GDPR",
            Framework::OneM2m => "oneM2M",
        };
        format!("{framework} {}", self.clause)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Countermeasure {
    pub id: &'static str,
    pub name: &'static str,
    pub implements: &'static [Requirement],
    pub counters: &'static [Category],
    pub lowers_likelihood: u8,
    pub lowers_impact: u8,
}

impl Countermeasure {
    /// "EN 303 645 5.1-1; GDPR Art. 25"
    pub fn citations(&self) -> String {
        self.implements.iter().map(Requirement::citation).collect::<Vec<_>>().join("; ")
    }
}

const fn en(clause: &'static str, summary: &'static str) -> Requirement {
    Requirement { framework: Framework::En303645, clause, summary }
}

const fn gdpr(clause: &'static str, summary: &'static str) -> Requirement {
    Requirement { framework: Framework::Gdpr, clause, summary }
}

const fn onem2m(clause: &'static str, summary: &'static str) -> Requirement {
    Requirement { framework: Framework::OneM2m, clause, summary }
}

use Category::*;

/// Every countermeasure the lab offers, security first, then privacy.
pub static CATALOGUE: &[Countermeasure] = &[
    Countermeasure {
        id: "unique-passwords",
        name: "Unique password per device",
        implements: &[en("5.1-1", "passwords unique per device or defined by the user")],
        counters: &[Spoofing, ElevationOfPrivilege],
        lowers_likelihood: 2,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "brute-force-limits",
        name: "Brute-force protection on network logins",
        implements: &[en("5.1-5", "brute force over the network made impracticable")],
        counters: &[Spoofing, ElevationOfPrivilege],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "management-network",
        name: "Admin interface only on the management network",
        implements: &[en("5.6-1", "unused network and logical interfaces disabled")],
        counters: &[Spoofing, Tampering, ElevationOfPrivilege],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "debug-disabled",
        name: "Debug interface disabled in production",
        implements: &[en("5.6-4", "physically accessible debug interface disabled in software")],
        counters: &[Tampering, InformationDisclosure, ElevationOfPrivilege],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "per-device-keys",
        name: "Unique per-device keys",
        implements: &[en("5.4-4", "critical security parameters unique per device")],
        counters: &[Spoofing, Tampering, InformationDisclosure],
        lowers_likelihood: 1,
        lowers_impact: 1,
    },
    Countermeasure {
        id: "secure-key-storage",
        name: "Keys kept in secure storage",
        implements: &[en("5.4-1", "sensitive security parameters stored securely")],
        counters: &[InformationDisclosure, Tampering],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "signed-updates",
        name: "Signed updates checked before installation",
        implements: &[en("5.3-9", "authenticity and integrity of updates verified")],
        counters: &[Tampering, ElevationOfPrivilege],
        lowers_likelihood: 2,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "secure-boot",
        name: "Secure boot",
        implements: &[en("5.7-1", "software verified with secure boot")],
        counters: &[Tampering],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "tls-verified",
        name: "TLS with the server certificate verified",
        implements: &[
            en("5.5-1", "best-practice cryptography to communicate"),
            en("5.8-1", "personal data confidential in transit"),
        ],
        counters: &[Tampering, InformationDisclosure, Spoofing, DataDisclosure],
        lowers_likelihood: 2,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "saef",
        name: "Mutual authentication of AEs and CSEs (SAEF)",
        implements: &[onem2m("TS-0003 8.2 (SAEF)", "security association establishment, mutual authentication")],
        counters: &[Spoofing, Tampering, InformationDisclosure],
        lowers_likelihood: 2,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "radio-authentication",
        name: "Per-device authentication on the radio link",
        implements: &[en("5.5-4", "network access to functionality only after authentication")],
        counters: &[Spoofing, Tampering],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "acp-least-privilege",
        name: "Least-privilege accessControlPolicy",
        implements: &[
            onem2m("TS-0003 7.1 (ACP)", "access control with accessControlPolicy resources"),
            en("5.6-7", "least privilege"),
        ],
        counters: &[ElevationOfPrivilege, InformationDisclosure, DataDisclosure],
        lowers_likelihood: 1,
        lowers_impact: 1,
    },
    Countermeasure {
        id: "esprim",
        name: "End-to-end security of primitives (ESPrim)",
        implements: &[onem2m("TS-0003 8.4 (ESPrim)", "end-to-end protection of requests and responses")],
        counters: &[Tampering, InformationDisclosure, Repudiation],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "command-log",
        name: "Command log with the authenticated originator, examined for anomalies",
        implements: &[en("5.10-1", "telemetry examined for security anomalies")],
        counters: &[Repudiation],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "input-validation",
        name: "Validate input from APIs and other networks",
        implements: &[en("5.13-1", "input data validated")],
        counters: &[Tampering, ElevationOfPrivilege, DenialOfService],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "rate-limits",
        name: "Rate limits and resilience to outages",
        implements: &[en("5.9-1", "resilience to network and power outages")],
        counters: &[DenialOfService],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "local-operation",
        name: "Gateway keeps local control when offline",
        implements: &[en("5.9-2", "remain locally functional and recover cleanly")],
        counters: &[DenialOfService],
        lowers_likelihood: 0,
        lowers_impact: 1,
    },
    Countermeasure {
        id: "aggregate-at-gateway",
        name: "Aggregate readings at the gateway before they leave",
        implements: &[
            gdpr("Art. 5(1)(c)", "data minimisation"),
            gdpr("Art. 25", "data protection by design and by default"),
        ],
        counters: &[Linking, Identifying, Detecting, DataDisclosure, InformationDisclosure],
        lowers_likelihood: 1,
        lowers_impact: 1,
    },
    Countermeasure {
        id: "keyed-pseudonyms",
        name: "Keyed pseudonyms, rotated, key kept apart",
        implements: &[gdpr("Art. 4(5)", "pseudonymisation"), gdpr("Art. 32(1)(a)", "pseudonymisation and encryption")],
        counters: &[Linking, Identifying],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "retention-limit",
        name: "Retention limit on the platform (mia on containers)",
        implements: &[
            gdpr("Art. 5(1)(e)", "storage limitation"),
            onem2m("TS-0001 container mia", "maximum instance age of contentInstances"),
        ],
        counters: &[NonCompliance, DataDisclosure, Linking],
        lowers_likelihood: 1,
        lowers_impact: 1,
    },
    Countermeasure {
        id: "privacy-notice",
        name: "Clear notice of what is collected, by whom and why",
        implements: &[
            en("6-1", "clear, transparent information on personal data processed"),
            gdpr("Art. 13", "information to be provided"),
        ],
        counters: &[Unawareness, NonCompliance],
        lowers_likelihood: 2,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "consent-withdrawal",
        name: "Consent per purpose, withdrawable at any time",
        implements: &[gdpr("Art. 7", "conditions for consent"), en("6-3", "consent can be withdrawn")],
        counters: &[Unawareness, NonCompliance],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "traffic-shaping",
        name: "Constant-rate uploads (padding) hide when something happens",
        implements: &[gdpr("Art. 25", "data protection by design and by default")],
        counters: &[Detecting],
        lowers_likelihood: 2,
        lowers_impact: 0,
    },
    Countermeasure {
        id: "owner-only-logs",
        name: "Activity logs minimal and readable only by the person concerned",
        implements: &[gdpr("Art. 5(1)(c)", "data minimisation"), gdpr("Art. 25", "data protection by default")],
        counters: &[NonRepudiation],
        lowers_likelihood: 1,
        lowers_impact: 1,
    },
    Countermeasure {
        id: "dpia",
        name: "Data protection impact assessment before deployment",
        implements: &[gdpr("Art. 35", "data protection impact assessment")],
        counters: &[NonCompliance],
        lowers_likelihood: 1,
        lowers_impact: 0,
    },
];

pub fn find_countermeasure(id: &str) -> Option<&'static Countermeasure> {
    CATALOGUE.iter().find(|countermeasure| countermeasure.id == id)
}

/// The countermeasures that counter `category`.
pub fn countering(category: Category) -> impl Iterator<Item = &'static Countermeasure> {
    CATALOGUE.iter().filter(move |countermeasure| countermeasure.counters.contains(&category))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_countermeasure_cites_a_requirement_and_does_something() {
        let mut ids: Vec<&str> = CATALOGUE.iter().map(|countermeasure| countermeasure.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CATALOGUE.len(), "ids are unique");
        for countermeasure in CATALOGUE {
            assert!(
                !countermeasure.implements.is_empty() && !countermeasure.counters.is_empty(),
                "{}",
                countermeasure.id
            );
            assert!(countermeasure.lowers_likelihood + countermeasure.lowers_impact > 0, "{}", countermeasure.id);
        }
    }

    #[test]
    fn en_303_645_citations_use_the_standard_numbering() {
        for requirement in CATALOGUE.iter().flat_map(|countermeasure| countermeasure.implements) {
            if requirement.framework == Framework::En303645 {
                let clause = requirement.clause;
                let clause_five = clause.starts_with("5.") && clause.contains('-');
                let clause_six = ["6-1", "6-2", "6-3", "6-4", "6-5"].contains(&clause);
                assert!(clause_five || clause_six, "{clause} is not a provision number");
            }
        }
    }

    #[test]
    fn every_category_has_a_countermeasure() {
        for category in Category::ALL {
            assert!(countering(category).next().is_some(), "nothing counters {category:?}");
        }
        assert_eq!(find_countermeasure("unique-passwords").map(|c| c.citations()).as_deref(), Some("EN 303 645 5.1-1"));
    }
}
