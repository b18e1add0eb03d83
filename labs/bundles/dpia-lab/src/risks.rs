//! The risks to the data subjects (Art. 35(7)(c)), found with the seven LINDDUN threat categories on the
//! description, rated for the people (severity and likelihood on the four-level scale of the CNIL PIA method), the
//! measures that reduce them (Art. 35(7)(d)), each linked to the GDPR article or ISO/IEC 29100 principle it serves,
//! and the residual risk. A risk is high, and prior consultation (Art. 36) is needed if it remains, when severity
//! and likelihood add up to 4 or more on the 0 to 3 scale (the lab's reading of the risk map).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::necessity;
use crate::processing::{Channel, Identifiers, Processing, Purpose, Recipient, Resolution};

/// A level of severity or likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Negligible,
    Limited,
    Significant,
    Maximum,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Negligible, Level::Limited, Level::Significant, Level::Maximum];
    pub fn label(self) -> &'static str {
        match self {
            Level::Negligible => "Negligible",
            Level::Limited => "Limited",
            Level::Significant => "Significant",
            Level::Maximum => "Maximum",
        }
    }
    pub fn value(self) -> u8 {
        self as u8
    }
    fn from_value(value: u8) -> Level {
        Level::ALL[usize::from(value.min(3))]
    }
    pub fn lower(self) -> Level {
        Level::from_value(self.value().saturating_sub(1))
    }
    pub fn raise(self) -> Level {
        Level::from_value(self.value() + 1)
    }
}

/// A rating: severity for the people, and likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating {
    pub severity: Level,
    pub likelihood: Level,
}

impl Rating {
    pub fn high(self) -> bool {
        self.severity.value() + self.likelihood.value() >= 4
    }
    pub fn describe(self) -> String {
        format!("{} / {}", self.severity.label(), self.likelihood.label())
    }
}

/// The seven LINDDUN threat categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Linking,
    Identifying,
    NonRepudiation,
    Detecting,
    DataDisclosure,
    Unawareness,
    NonCompliance,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::Linking => "Linking",
            Category::Identifying => "Identifying",
            Category::NonRepudiation => "Non-repudiation",
            Category::Detecting => "Detecting",
            Category::DataDisclosure => "Data disclosure",
            Category::Unawareness => "Unawareness",
            Category::NonCompliance => "Non-compliance",
        }
    }
}

/// A threat to the household from the description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Threat {
    LinkedByBadgeLog,
    NamedReadings,
    ProvesWhoWasHome,
    EmptyHomeDetected,
    MoreThanNeeded,
    SensedUnaware,
    KeptTooLong,
    SegmentsSold,
}

impl Threat {
    pub const ALL: [Threat; 8] = [
        Threat::LinkedByBadgeLog,
        Threat::NamedReadings,
        Threat::ProvesWhoWasHome,
        Threat::EmptyHomeDetected,
        Threat::MoreThanNeeded,
        Threat::SensedUnaware,
        Threat::KeptTooLong,
        Threat::SegmentsSold,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Threat::LinkedByBadgeLog => "linked-by-badge-log",
            Threat::NamedReadings => "named-readings",
            Threat::ProvesWhoWasHome => "proves-who-was-home",
            Threat::EmptyHomeDetected => "empty-home-detected",
            Threat::MoreThanNeeded => "more-than-needed",
            Threat::SensedUnaware => "sensed-unaware",
            Threat::KeptTooLong => "kept-too-long",
            Threat::SegmentsSold => "segments-sold",
        }
    }
    pub fn category(self) -> Category {
        match self {
            Threat::LinkedByBadgeLog | Threat::SegmentsSold => Category::Linking,
            Threat::NamedReadings => Category::Identifying,
            Threat::ProvesWhoWasHome => Category::NonRepudiation,
            Threat::EmptyHomeDetected => Category::Detecting,
            Threat::MoreThanNeeded => Category::DataDisclosure,
            Threat::SensedUnaware => Category::Unawareness,
            Threat::KeptTooLong => Category::NonCompliance,
        }
    }
    /// The harm to the people, as the register names it.
    pub fn label(self) -> &'static str {
        match self {
            Threat::LinkedByBadgeLog => "Room motion linked with Ana's employer's badge log singles out her bedroom",
            Threat::NamedReadings => "Readings name the customer and the residents to every recipient",
            Threat::ProvesWhoWasHome => "A per-room motion log proves who was at home, and when",
            Threat::EmptyHomeDetected => "The readings show when the home is empty (a burglar's holiday calendar)",
            Threat::MoreThanNeeded => "Recipients receive more than their purposes need",
            Threat::SensedUnaware => "Residents and visitors do not know what the sensors reveal, and cannot act",
            Threat::KeptTooLong => "Processing breaks the law: readings kept too long, purposes without a lawful basis",
            Threat::SegmentsSold => "Lifestyle and health-related profiles sold to partners",
        }
    }
    pub fn parse(text: &str) -> Option<Threat> {
        Threat::ALL.into_iter().find(|threat| threat.key() == text)
    }

    /// The threat's rating before measures, with the reason, or `None` when the description does not raise it.
    pub fn inherent(self, processing: &Processing) -> Option<(Rating, String)> {
        let policy = &processing.policy;
        let rate = |severity, likelihood, why: String| Some((Rating { severity, likelihood }, why));
        match self {
            Threat::LinkedByBadgeLog => {
                if !policy.receives(Recipient::Analytics, Channel::Motion) {
                    return None;
                }
                let likelihood = match (policy.motion_identifiers, policy.motion) {
                    (Identifiers::Removed, _) => Level::Negligible,
                    (_, Resolution::Daily) => Level::Limited,
                    (Identifiers::Pseudonymised, _) => Level::Significant,
                    _ => Level::Maximum,
                };
                rate(
                    Level::Significant,
                    likelihood,
                    format!(
                        "the analytics partner receives motion {} with {}",
                        policy.motion.label(Channel::Motion).to_lowercase(),
                        policy.motion_identifiers.label(Channel::Motion).to_lowercase()
                    ),
                )
            }
            Threat::NamedReadings => {
                let named = [Channel::Energy, Channel::Motion].into_iter().filter(|channel| {
                    policy.resolution(*channel).per_home() && policy.identifiers(*channel) == Identifiers::Clear
                });
                let named: Vec<&str> = named.map(Channel::label).collect();
                let pseudonymised = [Channel::Energy, Channel::Motion].into_iter().any(|channel| {
                    policy.resolution(channel).per_home() && policy.identifiers(channel) == Identifiers::Pseudonymised
                });
                if !named.is_empty() {
                    rate(Level::Limited, Level::Maximum, format!("{} carry names in clear", named.join(" and ")))
                } else if pseudonymised {
                    rate(Level::Limited, Level::Limited, "keyed pseudonyms can be linked back with the key".to_owned())
                } else {
                    None
                }
            }
            Threat::ProvesWhoWasHome => {
                if !policy.motion.per_home() || policy.motion_identifiers == Identifiers::Removed {
                    return None;
                }
                let likelihood = if policy.motion == Resolution::Raw { Level::Significant } else { Level::Limited };
                rate(Level::Limited, likelihood, "motion is kept room by room".to_owned())
            }
            Threat::EmptyHomeDetected => {
                let of = |channel: Channel| match policy.resolution(channel) {
                    Resolution::Raw | Resolution::Hourly if channel != Channel::Temperature => Level::Significant,
                    Resolution::Daily if channel != Channel::Temperature => Level::Limited,
                    _ => Level::Negligible,
                };
                let mut likelihood = of(Channel::Energy).max(of(Channel::Motion));
                if likelihood == Level::Negligible {
                    return None;
                }
                let mut why = "energy or motion show presence".to_owned();
                if policy.retention_days >= 5 {
                    likelihood = likelihood.raise();
                    why.push_str(&format!(
                        ", and {} days on the platform cover a whole absence",
                        policy.retention_days
                    ));
                }
                rate(Level::Significant, likelihood, why)
            }
            Threat::MoreThanNeeded => {
                let flags = necessity::flags(processing).len();
                let likelihood = match flags {
                    0 => return None,
                    1 => Level::Limited,
                    2 | 3 => Level::Significant,
                    _ => Level::Maximum,
                };
                rate(Level::Limited, likelihood, format!("{flags} necessity flags"))
            }
            Threat::SensedUnaware => {
                if !policy.motion.per_home() {
                    return None;
                }
                rate(Level::Limited, Level::Significant, "motion sensors sense visitors too".to_owned())
            }
            Threat::KeptTooLong => {
                let longer = policy.retention_days > necessity::longest_retention(processing);
                let without_basis = !processing.basis_problems().is_empty();
                let likelihood = match (longer, without_basis) {
                    (_, true) => Level::Maximum,
                    (true, false) => Level::Significant,
                    (false, false) => return None,
                };
                let why = match (longer, without_basis) {
                    (true, true) => "readings kept longer than needed and purposes without a fitting lawful basis",
                    (false, true) => "purposes without a fitting lawful basis",
                    _ => "readings kept longer than needed",
                };
                rate(Level::Significant, likelihood, why.to_owned())
            }
            Threat::SegmentsSold => {
                if !processing.choice(Purpose::Segments).enabled {
                    return None;
                }
                rate(Level::Maximum, Level::Maximum, "the segments purpose is kept".to_owned())
            }
        }
    }
}

/// A measure the assessment can envisage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    Encryption,
    LeastPrivilege,
    PurposeContract,
    Transparency,
    Rights,
    RetentionAudit,
    Consent,
}

/// What a measure lowers, by one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Severity(Threat),
    Likelihood(Threat),
}

impl Measure {
    pub const ALL: [Measure; 7] = [
        Measure::Encryption,
        Measure::LeastPrivilege,
        Measure::PurposeContract,
        Measure::Transparency,
        Measure::Rights,
        Measure::RetentionAudit,
        Measure::Consent,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Measure::Encryption => "encryption",
            Measure::LeastPrivilege => "least-privilege",
            Measure::PurposeContract => "purpose-contract",
            Measure::Transparency => "transparency",
            Measure::Rights => "rights",
            Measure::RetentionAudit => "retention-audit",
            Measure::Consent => "consent",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Measure::Encryption => {
                "Encrypt readings in transit and at rest; administrator access to the platform with a second factor"
            }
            Measure::LeastPrivilege => {
                "Least-privilege access: each recipient's accessControlPolicy grants only its own containers"
            }
            Measure::PurposeContract => {
                "Contract with the analytics partner: its purpose only, no matching with other data, no onward sharing"
            }
            Measure::Transparency => {
                "A plain-language notice, a sticker on each sensor, and a dashboard of who reads what"
            }
            Measure::Rights => "Access, erasure and objection from the household app",
            Measure::RetentionAudit => {
                "Retention enforced by each container's maximum instance age (mia), checked by the DPO at each release"
            }
            Measure::Consent => "Ask the household for consent",
        }
    }
    /// The GDPR article or ISO/IEC 29100 principle the measure serves.
    pub fn serves(self) -> &'static str {
        match self {
            Measure::Encryption => "GDPR Art. 32(1)(a); ISO/IEC 29100 information security",
            Measure::LeastPrivilege => "GDPR Art. 25(2); ISO/IEC 29100 use, retention and disclosure limitation",
            Measure::PurposeContract => "GDPR Art. 5(1)(b); ISO/IEC 29100 purpose legitimacy and specification",
            Measure::Transparency => "GDPR Art. 13 and 14; ISO/IEC 29100 openness, transparency and notice",
            Measure::Rights => "GDPR Art. 15 to 21; ISO/IEC 29100 individual participation and access",
            Measure::RetentionAudit => "GDPR Art. 5(1)(e) and 5(2); ISO/IEC 29100 privacy compliance",
            Measure::Consent => "GDPR Art. 6(1)(a) and 7; ISO/IEC 29100 consent and choice",
        }
    }
    pub fn effects(self) -> &'static [Effect] {
        match self {
            Measure::Encryption => &[Effect::Likelihood(Threat::EmptyHomeDetected)],
            Measure::LeastPrivilege => {
                &[Effect::Likelihood(Threat::NamedReadings), Effect::Likelihood(Threat::MoreThanNeeded)]
            }
            Measure::PurposeContract => &[Effect::Likelihood(Threat::LinkedByBadgeLog)],
            Measure::Transparency => &[Effect::Likelihood(Threat::SensedUnaware)],
            Measure::Rights => &[Effect::Severity(Threat::SensedUnaware), Effect::Severity(Threat::ProvesWhoWasHome)],
            Measure::RetentionAudit => &[Effect::Likelihood(Threat::KeptTooLong)],
            // consent changes the lawful basis, not what can happen to the people
            Measure::Consent => &[],
        }
    }
    pub fn parse(text: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|measure| measure.key() == text)
    }
}

/// One row of the risk register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub threat: Threat,
    pub inherent: Rating,
    pub why: String,
    /// The chosen measures that act on this threat.
    pub measures: Vec<Measure>,
    pub residual: Rating,
}

/// The register for the description and the chosen measures.
pub fn register(processing: &Processing, measures: &BTreeSet<Measure>) -> Vec<Risk> {
    Threat::ALL
        .into_iter()
        .filter_map(|threat| {
            let (inherent, why) = threat.inherent(processing)?;
            let mut residual = inherent;
            let mut acting = Vec::new();
            for measure in measures {
                for effect in measure.effects() {
                    match *effect {
                        Effect::Likelihood(target) if target == threat => {
                            residual.likelihood = residual.likelihood.lower()
                        }
                        Effect::Severity(target) if target == threat => residual.severity = residual.severity.lower(),
                        _ => continue,
                    }
                    if !acting.contains(measure) {
                        acting.push(*measure);
                    }
                }
            }
            Some(Risk { threat, inherent, why, measures: acting, residual })
        })
        .collect()
}

/// Whether a high risk remains after the measures, so that the controller must consult the supervisory authority
/// before processing (Art. 36(1)).
pub fn consultation_needed(register: &[Risk]) -> bool {
    register.iter().any(|risk| risk.residual.high())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::processing::{LawfulBasis, Policy, PolicySource};

    fn solved_processing() -> Processing {
        let policy = Policy {
            energy: Resolution::Daily,
            motion: Resolution::Hourly,
            motion_identifiers: Identifiers::Removed,
            retention_days: 2,
            access: [[true, false, false], [false, false, true], [false, true, false]],
            ..Policy::default()
        };
        let mut processing = Processing::with_policy(policy, PolicySource::Default);
        for (purpose, basis) in [
            (Purpose::Billing, LawfulBasis::Contract),
            (Purpose::Heating, LawfulBasis::Contract),
            (Purpose::Study, LawfulBasis::Consent),
        ] {
            processing.purposes.get_mut(&purpose).expect("listed").basis = Some(basis);
        }
        processing
    }

    #[test]
    fn the_careless_service_has_high_risks_in_several_categories() {
        let register = register(&Processing::default(), &BTreeSet::new());
        assert_eq!(register.len(), 7, "one risk per LINDDUN category, as the chapter's worked example counts");
        let high: Vec<Threat> = register.iter().filter(|risk| risk.residual.high()).map(|risk| risk.threat).collect();
        assert_eq!(
            high,
            vec![
                Threat::LinkedByBadgeLog,
                Threat::NamedReadings,
                Threat::EmptyHomeDetected,
                Threat::MoreThanNeeded,
                Threat::KeptTooLong
            ]
        );
        assert!(consultation_needed(&register));
    }

    #[test]
    fn a_proportionate_description_and_measures_bring_every_risk_down() {
        let processing = solved_processing();
        let without = register(&processing, &BTreeSet::new());
        let still: Vec<Threat> = without.iter().filter(|risk| risk.residual.high()).map(|risk| risk.threat).collect();
        assert_eq!(
            still,
            vec![Threat::NamedReadings, Threat::EmptyHomeDetected],
            "billing needs names; motion shows presence"
        );
        let measures = BTreeSet::from([Measure::Encryption, Measure::LeastPrivilege]);
        let treated = register(&processing, &measures);
        assert!(!consultation_needed(&treated), "{treated:#?}");
        let empty_home = treated.iter().find(|risk| risk.threat == Threat::EmptyHomeDetected).expect("raised");
        assert_eq!(empty_home.measures, vec![Measure::Encryption]);
        assert_eq!(empty_home.residual, Rating { severity: Level::Significant, likelihood: Level::Limited });
    }

    #[test]
    fn consent_lowers_no_risk_and_no_measure_saves_the_segments() {
        let mut processing = solved_processing();
        processing.purposes.get_mut(&Purpose::Segments).expect("listed").enabled = true;
        let every = Measure::ALL.into_iter().collect();
        let register = register(&processing, &every);
        let segments = register.iter().find(|risk| risk.threat == Threat::SegmentsSold).expect("raised");
        assert!(segments.residual.high() && segments.measures.is_empty());
        assert!(consultation_needed(&register));
        assert!(Measure::Consent.effects().is_empty());
    }

    #[test]
    fn levels_stay_on_the_scale() {
        assert_eq!(Level::Negligible.lower(), Level::Negligible);
        assert_eq!(Level::Maximum.raise(), Level::Maximum);
        assert!(Rating { severity: Level::Significant, likelihood: Level::Significant }.high());
        assert!(!Rating { severity: Level::Maximum, likelihood: Level::Negligible }.high());
        for measure in Measure::ALL {
            assert_eq!(Measure::parse(measure.key()), Some(measure));
            assert!(measure.serves().contains("GDPR Art.") && measure.serves().contains("ISO/IEC 29100"));
        }
    }
}
