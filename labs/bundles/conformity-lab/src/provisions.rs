//! The provisions of ETSI EN 303 645 V2.1.1 (clause 5, thirteen categories, and clause 6), with their status as
//! worded (the book's facts: "shall" is M, "should" is R, a leading condition adds C; Annex B, Table B.1, is
//! authoritative), the condition that decides a conditional one, and the book's cross-walk to the Cyber
//! Resilience Act's Annex I and the EN 18031 mechanisms. Pure data.

use serde::{Deserialize, Serialize};

/// Where the provision list comes from.
pub const PROVISIONS_SOURCE: &str = "ETSI EN 303 645 V2.1.1 (2020-06), clauses 5 and 6; statuses as worded (Annex B, Table B.1, is authoritative). V3.1.3 (2024-09) is the current version: it keeps the 13 categories and clause 6 and adds and splits provisions, so the numbers here are V2.1.1's.";

/// Where the cross-walk comes from: this book, not ETSI or the Commission.
pub const CROSSWALK_SOURCE: &str = "The book's mapping (not an official one): each provision to the Cyber Resilience Act (EU) 2024/2847 Annex I requirement and the EN 18031 mechanism it also touches.";

/// Mandatory or recommended, as worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Strength {
    Mandatory,
    Recommended,
}

/// What decides whether a conditional provision applies to a product; a dossier says which hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Condition {
    /// The device uses passwords (in any state other than the factory default).
    UsesPasswords,
    /// The device has pre-installed unique per-device passwords.
    PreinstalledPasswords,
    /// Users authenticate against the device.
    UserAuthentication,
    /// The device is not a constrained device.
    NotConstrained,
    /// The device's software can be updated.
    Updatable,
    /// A constrained device whose software cannot be updated.
    ConstrainedNotUpdatable,
    /// A hard-coded unique per-device identity is used for security.
    HardCodedIdentity,
    /// The device has a physically accessible debug interface.
    DebugInterface,
    /// The device can detect an unauthorised change to its software.
    DetectsSoftwareChange,
    /// Sensitive personal data is communicated to associated services.
    SensitivePersonalData,
    /// Telemetry is collected from the device.
    Telemetry,
    /// Personal data is processed on the basis of consumer consent.
    ConsentBasis,
}

impl Condition {
    /// The condition in words, as the ICS states it.
    pub fn describe(self) -> &'static str {
        match self {
            Condition::UsesPasswords => "the device uses passwords (in any state other than the factory default)",
            Condition::PreinstalledPasswords => "pre-installed unique per-device passwords are used",
            Condition::UserAuthentication => "users authenticate against the device",
            Condition::NotConstrained => "the device is not constrained",
            Condition::Updatable => "the device's software can be updated",
            Condition::ConstrainedNotUpdatable => "the device is constrained and its software cannot be updated",
            Condition::HardCodedIdentity => "a hard-coded unique per-device identity is used for security",
            Condition::DebugInterface => "the device has a physically accessible debug interface",
            Condition::DetectsSoftwareChange => "the device can detect an unauthorised change to its software",
            Condition::SensitivePersonalData => "sensitive personal data goes to associated services",
            Condition::Telemetry => "telemetry is collected",
            Condition::ConsentBasis => "personal data is processed on the basis of consent",
        }
    }
}

/// A provision: its number, what it asks, its status as worded and the book's cross-walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provision {
    /// "5.1-1" ... "5.13-1", "6-1" ... "6-5".
    pub id: &'static str,
    /// The category's number ("5.1" ... "5.13", "6").
    pub category: &'static str,
    pub text: &'static str,
    pub strength: Strength,
    /// `Some`: the provision is conditional (status "M C" or "R C"), and this decides it.
    pub condition: Option<Condition>,
    /// The Cyber Resilience Act Annex I requirement it also touches (the book's mapping).
    pub cra: &'static str,
    /// The EN 18031 mechanism it also touches (the book's mapping).
    pub en18031: &'static str,
}

impl Provision {
    /// "M", "R", "M C" or "R C".
    pub fn status(&self) -> &'static str {
        match (self.strength, self.condition.is_some()) {
            (Strength::Mandatory, false) => "M",
            (Strength::Mandatory, true) => "M C",
            (Strength::Recommended, false) => "R",
            (Strength::Recommended, true) => "R C",
        }
    }

    pub fn is_mandatory(&self) -> bool {
        self.strength == Strength::Mandatory
    }
}

/// A category of clause 5, or clause 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    pub id: &'static str,
    pub title: &'static str,
}

pub const CATEGORIES: &[Category] = &[
    Category { id: "5.1", title: "No universal default passwords" },
    Category { id: "5.2", title: "Implement a means to manage reports of vulnerabilities" },
    Category { id: "5.3", title: "Keep software updated" },
    Category { id: "5.4", title: "Securely store sensitive security parameters" },
    Category { id: "5.5", title: "Communicate securely" },
    Category { id: "5.6", title: "Minimize exposed attack surfaces" },
    Category { id: "5.7", title: "Ensure software integrity" },
    Category { id: "5.8", title: "Ensure that personal data is secure" },
    Category { id: "5.9", title: "Make systems resilient to outages" },
    Category { id: "5.10", title: "Examine system telemetry data" },
    Category { id: "5.11", title: "Make it easy for users to delete user data" },
    Category { id: "5.12", title: "Make installation and maintenance of devices easy" },
    Category { id: "5.13", title: "Validate input data" },
    Category { id: "6", title: "Data protection provisions for consumer IoT" },
];

use Condition::*;
use Strength::{Mandatory as M, Recommended as R};

const AUTH: &str = "Annex I Part I (2)(d): protection from unauthorised access (authentication, access control)";
const SECURE_DEFAULT: &str = "Annex I Part I (2)(b): secure by default configuration";
const UPDATES: &str = "Annex I Part I (2)(c): vulnerabilities addressed through security updates";
const CONFIDENTIALITY: &str = "Annex I Part I (2)(e): confidentiality of stored, transmitted or processed data";
const INTEGRITY: &str = "Annex I Part I (2)(f): integrity of data, programs and configuration";
const MINIMISATION: &str = "Annex I Part I (2)(g): data minimisation";
const AVAILABILITY: &str = "Annex I Part I (2)(h): availability of essential functions, resilience";
const ATTACK_SURFACE: &str = "Annex I Part I (2)(j): limit attack surfaces, including external interfaces";
const MONITORING: &str = "Annex I Part I (2)(l): security information by recording and monitoring internal activity";
const REMOVAL: &str = "Annex I Part I (2)(m): remove all data and settings securely and easily";
const RISK: &str = "Annex I Part I (1): a level of cybersecurity appropriate to the risks";
const CVD_POLICY: &str = "Annex I Part II (5): a coordinated vulnerability disclosure policy";
const HANDLING: &str = "Annex I Part II (2): address and remediate vulnerabilities without delay";
const UPDATE_DISTRIBUTION: &str = "Annex I Part II (7): secure distribution of updates";
const INFORMATION: &str = "Annex II: information and instructions to the user";
const GDPR_NOT_CRA: &str = "none in Annex I (GDPR Arts. 6, 7 and 13 carry this)";

const fn p(
    id: &'static str,
    category: &'static str,
    text: &'static str,
    strength: Strength,
    condition: Option<Condition>,
    cra: &'static str,
    en18031: &'static str,
) -> Provision {
    Provision { id, category, text, strength, condition, cra, en18031 }
}

/// Every provision of EN 303 645 V2.1.1, in the standard's order.
pub const PROVISIONS: &[Provision] = &[
    p(
        "5.1-1",
        "5.1",
        "Passwords are unique per device or defined by the user.",
        M,
        Some(UsesPasswords),
        SECURE_DEFAULT,
        "EN 18031-1 AUM (authentication)",
    ),
    p(
        "5.1-2",
        "5.1",
        "Pre-installed unique passwords are generated so as to resist automated attacks on a device class.",
        M,
        Some(PreinstalledPasswords),
        SECURE_DEFAULT,
        "EN 18031-1 AUM (authentication)",
    ),
    p(
        "5.1-3",
        "5.1",
        "User authentication against the device uses best-practice cryptography.",
        M,
        None,
        AUTH,
        "EN 18031-1 AUM, CRY",
    ),
    p(
        "5.1-4",
        "5.1",
        "A simple way to change the authentication value is provided.",
        M,
        Some(UserAuthentication),
        AUTH,
        "EN 18031-1 AUM",
    ),
    p(
        "5.1-5",
        "5.1",
        "Brute force over the network is made impracticable.",
        M,
        Some(NotConstrained),
        AUTH,
        "EN 18031-1 AUM",
    ),
    p("5.2-1", "5.2", "A vulnerability disclosure policy is published.", M, None, CVD_POLICY, "none (organisational)"),
    p(
        "5.2-2",
        "5.2",
        "Disclosed vulnerabilities are acted on in a timely manner.",
        R,
        None,
        HANDLING,
        "none (organisational)",
    ),
    p(
        "5.2-3",
        "5.2",
        "Vulnerabilities are monitored, identified and rectified during the defined support period.",
        R,
        None,
        HANDLING,
        "none (organisational)",
    ),
    p(
        "5.3-1",
        "5.3",
        "All software components are securely updateable.",
        R,
        None,
        UPDATES,
        "EN 18031-1 SUM (secure update)",
    ),
    p("5.3-2", "5.3", "The device has a secure update mechanism.", M, Some(NotConstrained), UPDATES, "EN 18031-1 SUM"),
    p("5.3-3", "5.3", "Updates are simple for the user to apply.", M, Some(Updatable), UPDATES, "EN 18031-1 SUM"),
    p("5.3-4", "5.3", "Automatic updates are used.", R, Some(Updatable), UPDATES, "EN 18031-1 SUM"),
    p(
        "5.3-5",
        "5.3",
        "The device checks for updates after initialisation and then periodically.",
        R,
        Some(Updatable),
        UPDATES,
        "EN 18031-1 SUM",
    ),
    p(
        "5.3-6",
        "5.3",
        "Automatic updates or update notifications are on by default and can be configured.",
        R,
        Some(Updatable),
        UPDATES,
        "EN 18031-1 SUM",
    ),
    p(
        "5.3-7",
        "5.3",
        "The update mechanism uses best-practice cryptography.",
        M,
        Some(Updatable),
        UPDATE_DISTRIBUTION,
        "EN 18031-1 SUM, CRY",
    ),
    p("5.3-8", "5.3", "Security updates are timely.", M, Some(Updatable), HANDLING, "EN 18031-1 SUM"),
    p(
        "5.3-9",
        "5.3",
        "The device verifies the authenticity and integrity of updates.",
        R,
        Some(Updatable),
        INTEGRITY,
        "EN 18031-1 SUM",
    ),
    p(
        "5.3-10",
        "5.3",
        "Updates over a network are verified through a trust relationship.",
        M,
        Some(Updatable),
        UPDATE_DISTRIBUTION,
        "EN 18031-1 SUM",
    ),
    p(
        "5.3-11",
        "5.3",
        "The user is told that an update is required and what it mitigates.",
        R,
        Some(Updatable),
        UPDATES,
        "EN 18031-2 UNM (user notification)",
    ),
    p(
        "5.3-12",
        "5.3",
        "The user is notified when an update will disrupt basic functioning.",
        R,
        Some(Updatable),
        UPDATES,
        "EN 18031-2 UNM",
    ),
    p("5.3-13", "5.3", "The defined support period is published.", M, None, INFORMATION, "none (information)"),
    p(
        "5.3-14",
        "5.3",
        "For a constrained device that cannot be updated: the rationale, replacement support and support period are published.",
        R,
        Some(ConstrainedNotUpdatable),
        INFORMATION,
        "none (information)",
    ),
    p(
        "5.3-15",
        "5.3",
        "Such a device can be isolated and its hardware replaced.",
        R,
        Some(ConstrainedNotUpdatable),
        AVAILABILITY,
        "none",
    ),
    p("5.3-16", "5.3", "The model designation is clearly recognisable.", M, None, INFORMATION, "none (information)"),
    p(
        "5.4-1",
        "5.4",
        "Sensitive security parameters in persistent storage are stored securely.",
        M,
        None,
        CONFIDENTIALITY,
        "EN 18031-1 SSM (secure storage)",
    ),
    p(
        "5.4-2",
        "5.4",
        "A hard-coded unique per-device identity resists tampering.",
        M,
        Some(HardCodedIdentity),
        INTEGRITY,
        "EN 18031-1 SSM",
    ),
    p(
        "5.4-3",
        "5.4",
        "No hard-coded critical security parameters in the device software's source code.",
        M,
        None,
        CONFIDENTIALITY,
        "EN 18031-1 CCK (confidential cryptographic keys)",
    ),
    p(
        "5.4-4",
        "5.4",
        "Critical security parameters for update integrity and for associated services are unique per device and resist automated attacks.",
        M,
        None,
        CONFIDENTIALITY,
        "EN 18031-1 CCK",
    ),
    p(
        "5.5-1",
        "5.5",
        "The device communicates using best-practice cryptography.",
        M,
        None,
        CONFIDENTIALITY,
        "EN 18031-1 SCM (secure communication), CRY",
    ),
    p("5.5-2", "5.5", "Implementations are reviewed or evaluated.", R, None, RISK, "EN 18031-1 SCM"),
    p("5.5-3", "5.5", "Cryptographic algorithms and primitives can be updated.", R, None, UPDATES, "EN 18031-1 CRY"),
    p(
        "5.5-4",
        "5.5",
        "Network access to device functionality only after authentication.",
        R,
        None,
        AUTH,
        "EN 18031-1 ACM (access control)",
    ),
    p(
        "5.5-5",
        "5.5",
        "Security-relevant configuration changes over a network only after authentication.",
        M,
        None,
        AUTH,
        "EN 18031-1 ACM, AUM",
    ),
    p(
        "5.5-6",
        "5.5",
        "Critical security parameters are encrypted in transit.",
        R,
        None,
        CONFIDENTIALITY,
        "EN 18031-1 SCM",
    ),
    p(
        "5.5-7",
        "5.5",
        "Critical security parameters keep their confidentiality over remotely accessible interfaces.",
        M,
        None,
        CONFIDENTIALITY,
        "EN 18031-1 SCM",
    ),
    p(
        "5.5-8",
        "5.5",
        "Critical security parameters are managed by secure processes.",
        M,
        None,
        CONFIDENTIALITY,
        "EN 18031-1 CCK",
    ),
    p(
        "5.6-1",
        "5.6",
        "Unused network and logical interfaces are disabled.",
        M,
        None,
        ATTACK_SURFACE,
        "EN 18031-1 GEC (general equipment capabilities)",
    ),
    p(
        "5.6-2",
        "5.6",
        "Unauthenticated disclosure of security-relevant information is minimised.",
        M,
        None,
        ATTACK_SURFACE,
        "EN 18031-1 GEC",
    ),
    p("5.6-3", "5.6", "No unnecessary physical interfaces are exposed.", R, None, ATTACK_SURFACE, "EN 18031-1 GEC"),
    p(
        "5.6-4",
        "5.6",
        "A physically accessible debug interface is disabled in software.",
        M,
        Some(DebugInterface),
        ATTACK_SURFACE,
        "EN 18031-1 GEC",
    ),
    p(
        "5.6-5",
        "5.6",
        "Only software services that are used or required are enabled.",
        R,
        None,
        ATTACK_SURFACE,
        "EN 18031-1 GEC",
    ),
    p(
        "5.6-6",
        "5.6",
        "Code is minimised to what the service or device needs.",
        R,
        None,
        ATTACK_SURFACE,
        "EN 18031-1 GEC",
    ),
    p("5.6-7", "5.6", "Software runs with least privilege.", R, None, AUTH, "EN 18031-1 ACM"),
    p("5.6-8", "5.6", "Hardware-level access control for memory.", R, None, INTEGRITY, "EN 18031-1 GEC"),
    p("5.6-9", "5.6", "Secure development processes are followed.", R, None, RISK, "none (process)"),
    p("5.7-1", "5.7", "Software is verified with secure boot.", R, None, INTEGRITY, "EN 18031-1 GEC"),
    p(
        "5.7-2",
        "5.7",
        "On an unauthorised software change, the user or administrator is alerted and connectivity limited.",
        R,
        Some(DetectsSoftwareChange),
        MONITORING,
        "EN 18031-1 NMM (network monitoring)",
    ),
    p(
        "5.8-1",
        "5.8",
        "Personal data in transit is kept confidential with best-practice cryptography.",
        R,
        None,
        CONFIDENTIALITY,
        "EN 18031-2 SCM",
    ),
    p(
        "5.8-2",
        "5.8",
        "Sensitive personal data sent to associated services is protected.",
        M,
        Some(SensitivePersonalData),
        CONFIDENTIALITY,
        "EN 18031-2 SCM",
    ),
    p("5.8-3", "5.8", "All external sensing capabilities are documented.", M, None, INFORMATION, "none (information)"),
    p(
        "5.9-1",
        "5.9",
        "The device is resilient to network and power outages.",
        R,
        None,
        AVAILABILITY,
        "EN 18031-1 RLM (resilience)",
    ),
    p(
        "5.9-2",
        "5.9",
        "The device stays locally functional and recovers cleanly.",
        R,
        None,
        AVAILABILITY,
        "EN 18031-1 RLM",
    ),
    p("5.9-3", "5.9", "The device connects in an expected, orderly way.", R, None, AVAILABILITY, "EN 18031-1 RLM, TCM"),
    p(
        "5.10-1",
        "5.10",
        "Collected telemetry is examined for security anomalies.",
        R,
        Some(Telemetry),
        MONITORING,
        "EN 18031-1 NMM",
    ),
    p(
        "5.11-1",
        "5.11",
        "User data can be erased from the device simply.",
        M,
        None,
        REMOVAL,
        "EN 18031-2 DLM (deletion)",
    ),
    p(
        "5.11-2",
        "5.11",
        "Personal data can be removed from associated services simply.",
        R,
        None,
        REMOVAL,
        "EN 18031-2 DLM",
    ),
    p(
        "5.11-3",
        "5.11",
        "Users get clear instructions for deleting their data.",
        R,
        None,
        INFORMATION,
        "EN 18031-2 DLM",
    ),
    p("5.11-4", "5.11", "Users get clear confirmation that data was deleted.", R, None, REMOVAL, "EN 18031-2 DLM"),
    p(
        "5.12-1",
        "5.12",
        "Installation and maintenance need minimal steps and follow security best practice on usability.",
        R,
        None,
        SECURE_DEFAULT,
        "none",
    ),
    p("5.12-2", "5.12", "Guidance on how to set the device up securely.", R, None, INFORMATION, "none (information)"),
    p(
        "5.12-3",
        "5.12",
        "Guidance on how to check that the set-up is secure.",
        R,
        None,
        INFORMATION,
        "none (information)",
    ),
    p(
        "5.13-1",
        "5.13",
        "Data input through user interfaces, APIs and between networks is validated.",
        M,
        None,
        INTEGRITY,
        "EN 18031-1 GEC",
    ),
    p(
        "6-1",
        "6",
        "Clear, transparent information on what personal data is processed, how, by whom and why, third parties included.",
        M,
        None,
        GDPR_NOT_CRA,
        "EN 18031-2 (personal data)",
    ),
    p(
        "6-2",
        "6",
        "Consent is obtained in a valid way where consent is the basis for processing.",
        M,
        Some(ConsentBasis),
        GDPR_NOT_CRA,
        "EN 18031-2 (personal data)",
    ),
    p(
        "6-3",
        "6",
        "Consent can be withdrawn at any time.",
        M,
        Some(ConsentBasis),
        GDPR_NOT_CRA,
        "EN 18031-2 (personal data)",
    ),
    p(
        "6-4",
        "6",
        "Telemetry: personal data is kept to the minimum necessary.",
        R,
        Some(Telemetry),
        MINIMISATION,
        "EN 18031-2 (personal data)",
    ),
    p(
        "6-5",
        "6",
        "Telemetry: consumers are told what is collected, how, by whom and why.",
        M,
        Some(Telemetry),
        INFORMATION,
        "EN 18031-2 (personal data)",
    ),
];

/// The provision with this number.
pub fn find_provision(id: &str) -> Option<&'static Provision> {
    PROVISIONS.iter().find(|provision| provision.id == id)
}

/// The provisions of a category, in order.
pub fn provisions_in(category: &str) -> impl Iterator<Item = &'static Provision> + '_ {
    PROVISIONS.iter().filter(move |provision| provision.category == category)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_every_provision_once_in_its_category() {
        assert_eq!(PROVISIONS.len(), 67, "EN 303 645 V2.1.1 has 62 clause 5 and 5 clause 6 provisions");
        let mut ids: Vec<&str> = PROVISIONS.iter().map(|provision| provision.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), PROVISIONS.len(), "no provision twice");
        for provision in PROVISIONS {
            let (category, number) = provision.id.split_once('-').expect("a dash");
            assert_eq!(category, provision.category, "{}", provision.id);
            assert!(number.parse::<u32>().is_ok_and(|n| n >= 1), "{}", provision.id);
            assert!(CATEGORIES.iter().any(|c| c.id == category), "{}", provision.id);
            assert!(!provision.cra.is_empty() && !provision.en18031.is_empty());
        }
        let counts: Vec<usize> = CATEGORIES.iter().map(|c| provisions_in(c.id).count()).collect();
        assert_eq!(counts, [5, 3, 16, 4, 8, 9, 2, 3, 3, 1, 4, 3, 1, 5]);
    }

    #[test]
    fn clause_6_is_numbered_without_subclauses() {
        assert!(PROVISIONS.iter().filter(|p| p.category == "6").all(|p| p.id.starts_with("6-")));
        assert!(find_provision("6.1-1").is_none());
    }

    #[test]
    fn statuses_are_those_of_the_wording() {
        let status = |id: &str| find_provision(id).expect(id).status();
        assert_eq!(status("5.1-1"), "M C");
        assert_eq!(status("5.1-3"), "M");
        assert_eq!(status("5.2-1"), "M");
        assert_eq!(status("5.2-2"), "R");
        assert_eq!(status("5.3-4"), "R C");
        assert_eq!(status("5.3-13"), "M");
        assert_eq!(status("5.6-4"), "M C");
        assert_eq!(status("5.10-1"), "R C");
        assert_eq!(status("6-5"), "M C");
        let mandatory = PROVISIONS.iter().filter(|p| p.is_mandatory()).count();
        assert_eq!(mandatory, 32);
    }
}
