//! Mode 1, "Which rules apply": a product description, and the EU acts that apply to it (GDPR, ePrivacy
//! Art. 5(3), the Cyber Resilience Act and its class, the RED delegated act's Art. 3(3)(d)(e)(f), the Data Act,
//! NIS2 for the operator), each with the article that triggers it, from when, why, and its source; then the
//! harmonised standards that give a presumption of conformity, and when a notified body is needed. The rules are
//! data and plain functions of the description and a date: no clock, no IO.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    pub const fn new(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    /// Reads `YYYY-MM-DD` (what a date field gives); explains what is wrong otherwise.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let mut parts = text.split('-');
        let (Some(year), Some(month), Some(day), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("“{text}” is not a date written YYYY-MM-DD"));
        };
        let number =
            |part: &str, what: &str| part.parse::<u16>().map_err(|_| format!("the {what} “{part}” is not a number"));
        let (year, month, day) = (number(year, "year")?, number(month, "month")?, number(day, "day")?);
        if !(2000..=2100).contains(&year) {
            return Err(format!("the year {year} is outside 2000-2100"));
        }
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month}"));
        }
        let days = match month {
            2 if year.is_multiple_of(4) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=days).contains(&day) {
            return Err(format!("month {month} of {year} has no day {day}"));
        }
        // both fit in a u8: checked above
        Ok(Date { year, month: month as u8, day: day as u8 })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month = MONTHS.get(usize::from(self.month).saturating_sub(1)).copied().unwrap_or("?");
        write!(f, "{} {month} {}", self.day, self.year)
    }
}

/// The day the lab's rules describe ("Where things stand in December 2026"): "now" for every "applies since".
pub const AS_OF: Date = Date::new(2026, 12, 5);

/// What a product is under the Cyber Resilience Act's Annexes III and IV (the kinds the book's products meet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CraKind {
    NotListed,
    SmartHomeSecurity,
    VirtualAssistant,
    ToyInteractiveOrTracking,
    RouterOrModem,
    Firewall,
    SmartMeterGateway,
}

/// The CRA's categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CraClass {
    Default,
    ImportantClassI,
    ImportantClassII,
    Critical,
}

impl CraKind {
    pub const ALL: [CraKind; 7] = [
        CraKind::NotListed,
        CraKind::SmartHomeSecurity,
        CraKind::VirtualAssistant,
        CraKind::ToyInteractiveOrTracking,
        CraKind::RouterOrModem,
        CraKind::Firewall,
        CraKind::SmartMeterGateway,
    ];

    /// The form's value.
    pub fn key(self) -> &'static str {
        match self {
            CraKind::NotListed => "not-listed",
            CraKind::SmartHomeSecurity => "smart-home-security",
            CraKind::VirtualAssistant => "virtual-assistant",
            CraKind::ToyInteractiveOrTracking => "toy-interactive",
            CraKind::RouterOrModem => "router",
            CraKind::Firewall => "firewall",
            CraKind::SmartMeterGateway => "smart-meter-gateway",
        }
    }

    pub fn from_key(key: &str) -> Option<CraKind> {
        CraKind::ALL.into_iter().find(|kind| kind.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            CraKind::NotListed => "none of those below (not in Annex III or IV)",
            CraKind::SmartHomeSecurity => {
                "smart home product with security functions (door lock, security camera, baby monitor, alarm)"
            }
            CraKind::VirtualAssistant => "smart home general purpose virtual assistant",
            CraKind::ToyInteractiveOrTracking => {
                "internet-connected toy with social interactive or location tracking features"
            }
            CraKind::RouterOrModem => "router, modem for internet connection, or switch",
            CraKind::Firewall => "firewall, intrusion detection or prevention system",
            CraKind::SmartMeterGateway => "smart meter gateway, or another device for advanced security purposes",
        }
    }

    pub fn class(self) -> CraClass {
        match self {
            CraKind::NotListed => CraClass::Default,
            CraKind::SmartHomeSecurity
            | CraKind::VirtualAssistant
            | CraKind::ToyInteractiveOrTracking
            | CraKind::RouterOrModem => CraClass::ImportantClassI,
            CraKind::Firewall => CraClass::ImportantClassII,
            CraKind::SmartMeterGateway => CraClass::Critical,
        }
    }
}

impl CraClass {
    pub fn describe(self) -> &'static str {
        match self {
            CraClass::Default => "default category (not listed in Annex III or IV)",
            CraClass::ImportantClassI => "important product, class I (Annex III)",
            CraClass::ImportantClassII => "important product, class II (Annex III)",
            CraClass::Critical => "critical product (Annex IV)",
        }
    }

    /// The conformity assessment it allows (CRA Art. 32).
    pub fn route(self) -> &'static str {
        match self {
            CraClass::Default => "self-assessment: internal control (module A) is enough (Art. 32(1)).",
            CraClass::ImportantClassI => {
                "internal control (module A) only when harmonised standards, common specifications or a European cybersecurity certification are applied in full; otherwise a notified body: EU-type examination (modules B and C) or full quality assurance (module H) (Art. 32(2))."
            }
            CraClass::ImportantClassII => {
                "a notified body: EU-type examination (modules B and C) or full quality assurance (module H), or a European cybersecurity certification scheme (Art. 32(3))."
            }
            CraClass::Critical => {
                "a European cybersecurity certificate where a delegated act requires one; otherwise as class II (Arts. 8(1) and 32(4))."
            }
        }
    }
}

/// What the student says about the product (mode 1's form; mode 2 assesses the same product).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub name: String,
    /// Has a radio (Wi-Fi, Bluetooth, Zigbee, cellular...).
    pub radio: bool,
    /// Communicates over the internet, directly or through other equipment (a gateway, a phone).
    pub internet: bool,
    /// Sold to consumers (else to businesses or industry).
    pub consumer: bool,
    /// Processes personal data (of the buyer, the household, a child...).
    pub personal_data: bool,
    /// The vendor's service stores or reads information on the device beyond what the service the user asked
    /// for strictly needs (analytics, advertising identifiers...).
    pub reads_beyond_service: bool,
    /// Generates data about its use or environment that it can communicate (a "connected product").
    pub generates_use_data: bool,
    /// Lets the user transfer money, monetary value or virtual currency.
    pub transfers_money: bool,
    /// Lets the user choose not to set a password.
    pub password_optional: bool,
    /// Operated by an essential or important entity of a NIS2 sector (an energy network operator...).
    pub critical_sector_operator: bool,
    /// A toy, or radio equipment for childcare.
    pub toy_or_childcare: bool,
    /// A medical device (Regulation (EU) 2017/745 or 2017/746).
    pub medical: bool,
    pub cra_kind: CraKind,
    /// First placed on the EU market.
    pub placed_on_market: Date,
}

/// The acts the lab knows, in the order it lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Act {
    Gdpr,
    EPrivacy,
    Cra,
    Red,
    DataAct,
    Nis2,
}

impl Act {
    pub const ALL: [Act; 6] = [Act::Gdpr, Act::EPrivacy, Act::Cra, Act::Red, Act::DataAct, Act::Nis2];

    pub fn key(self) -> &'static str {
        match self {
            Act::Gdpr => "gdpr",
            Act::EPrivacy => "eprivacy",
            Act::Cra => "cra",
            Act::Red => "red",
            Act::DataAct => "data-act",
            Act::Nis2 => "nis2",
        }
    }

    pub fn from_key(key: &str) -> Option<Act> {
        Act::ALL.into_iter().find(|act| act.key() == key)
    }

    pub fn title(self) -> &'static str {
        match self {
            Act::Gdpr => "GDPR",
            Act::EPrivacy => "ePrivacy Directive Art. 5(3)",
            Act::Cra => "Cyber Resilience Act",
            Act::Red => "RED delegated act (Art. 3(3)(d)(e)(f))",
            Act::DataAct => "Data Act",
            Act::Nis2 => "NIS2 (for the operator)",
        }
    }

    /// The act's reference: where the rule comes from.
    pub fn source(self) -> &'static str {
        match self {
            Act::Gdpr => "Regulation (EU) 2016/679",
            Act::EPrivacy => "Directive 2002/58/EC (the ePrivacy Regulation proposal was withdrawn in 2025)",
            Act::Cra => "Regulation (EU) 2024/2847",
            Act::Red => "Directive 2014/53/EU, Delegated Regulation (EU) 2022/30",
            Act::DataAct => "Regulation (EU) 2023/2854",
            Act::Nis2 => "Directive (EU) 2022/2555",
        }
    }
}

/// An obligation with the date it applies from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obligation {
    pub article: &'static str,
    pub what: &'static str,
    /// `None`: in force for years, through national law (a directive).
    pub from: Option<Date>,
}

impl Obligation {
    /// "since" a date up to [`AS_OF`], "from" a later one.
    pub fn when(&self) -> String {
        match self.from {
            None => "in force (national law)".to_owned(),
            Some(from) if from <= AS_OF => format!("applies since {from}"),
            Some(from) => format!("applies from {from}"),
        }
    }
}

/// Whether an act applies to a product, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub act: Act,
    pub applies: bool,
    /// The article that triggers it (or that keeps it out).
    pub trigger: &'static str,
    pub why: String,
    pub obligations: Vec<Obligation>,
}

const GDPR_APPLIES: Date = Date::new(2018, 5, 25);
const NIS2_MEASURES: Date = Date::new(2024, 10, 18);
const CRA_REPORTING: Date = Date::new(2026, 9, 11);
const CRA_MAIN: Date = Date::new(2027, 12, 11);
const RED_DA: Date = Date::new(2025, 8, 1);
const DATA_ACT: Date = Date::new(2025, 9, 12);
const DATA_ACT_DESIGN: Date = Date::new(2026, 9, 12);

/// What each act asks of this product: one finding per act, in [`Act::ALL`] order.
pub fn assess(product: &Product) -> Vec<Finding> {
    Act::ALL.into_iter().map(|act| finding(act, product)).collect()
}

/// The acts that apply.
pub fn applicable_acts(product: &Product) -> BTreeSet<Act> {
    assess(product).into_iter().filter(|finding| finding.applies).map(|finding| finding.act).collect()
}

fn finding(act: Act, product: &Product) -> Finding {
    let connected = product.internet || product.radio;
    match act {
        Act::Gdpr => Finding {
            act,
            applies: product.personal_data,
            trigger: "Art. 2(1) material scope, Art. 4(1) personal data",
            why: if product.personal_data {
                "It processes personal data: the principles (Art. 5), a lawful basis (Art. 6), data protection by design and by default (Art. 25) and security of processing (Art. 32) apply to whoever decides why and how (the controller).".into()
            } else {
                "It processes no information relating to an identified or identifiable person (Art. 4(1)).".into()
            },
            obligations: if product.personal_data {
                vec![Obligation {
                    article: "Arts. 5, 6, 25, 32, 33",
                    what: "principles, lawful basis, by design and by default, security, breach notification within 72 hours",
                    from: Some(GDPR_APPLIES),
                }]
            } else {
                vec![]
            },
        },
        Act::EPrivacy => {
            let applies = product.internet && product.reads_beyond_service;
            Finding {
                act,
                applies,
                trigger: "Art. 5(3) storing or reading information on terminal equipment",
                why: if applies {
                    "The vendor's service stores or reads information on the device (terminal equipment) beyond what the service the user asked for strictly needs: that needs prior consent after clear and comprehensive information, whether or not the information is personal data.".into()
                } else if product.internet {
                    "What is stored or read on the device only carries the transmission or is strictly necessary for the service the user asked for: the exemption of Art. 5(3) applies, no consent is needed.".into()
                } else {
                    "Nothing reaches the device over a public network.".into()
                },
                obligations: if applies {
                    vec![Obligation {
                        article: "Art. 5(3)",
                        what: "prior consent after clear and comprehensive information",
                        from: None,
                    }]
                } else {
                    vec![]
                },
            }
        }
        Act::Cra => {
            let applies = connected && !product.medical;
            let class = product.cra_kind.class();
            Finding {
                act,
                applies,
                trigger: if product.medical {
                    "Art. 2(2) exclusion of medical devices"
                } else {
                    "Art. 2(1) products with digital elements made available on the market"
                },
                why: if product.medical {
                    "A medical device under Regulation (EU) 2017/745 or 2017/746 is outside the CRA (Art. 2(2)); those regulations carry its cybersecurity.".into()
                } else if applies {
                    format!(
                        "It is a product with digital elements with a data connection. Its category: {} ({}). Conformity assessment: {} Reporting of actively exploited vulnerabilities and severe incidents (Art. 14) applies also to products placed on the market before 11 December 2027 (Art. 69(3)).",
                        class.describe(),
                        product.cra_kind.label(),
                        class.route()
                    )
                } else {
                    "It has no data connection to a device or network.".into()
                },
                obligations: if applies {
                    vec![
                        Obligation {
                            article: "Art. 14",
                            what: "report actively exploited vulnerabilities (early warning 24 h, notification 72 h, final report 14 days after a fix) and severe incidents, through ENISA's single reporting platform",
                            from: Some(CRA_REPORTING),
                        },
                        Obligation {
                            article: "Art. 13, Annex I",
                            what: "the essential requirements (Part I product properties, Part II vulnerability handling with an SBOM), conformity assessment, CE marking",
                            from: Some(CRA_MAIN),
                        },
                    ]
                } else {
                    vec![]
                },
            }
        }
        Act::Red => {
            let radio = product.radio && !product.medical;
            let d = radio && product.internet;
            let e = radio && product.personal_data && (product.internet || product.toy_or_childcare);
            let f = radio && product.internet && product.transfers_money;
            let applies = d || e || f;
            let mut obligations = vec![];
            if d {
                obligations.push(Obligation {
                    article: "Art. 3(3)(d)",
                    what: "no harm to the network or its functioning",
                    from: Some(RED_DA),
                });
            }
            if e {
                obligations.push(Obligation {
                    article: "Art. 3(3)(e)",
                    what: "safeguards for personal data and privacy",
                    from: Some(RED_DA),
                });
            }
            if f {
                obligations.push(Obligation {
                    article: "Art. 3(3)(f)",
                    what: "protection from fraud",
                    from: Some(RED_DA),
                });
            }
            Finding {
                act,
                applies,
                trigger: if product.medical && product.radio {
                    "Delegated Regulation (EU) 2022/30, Art. 2 (medical devices excluded)"
                } else {
                    "Delegated Regulation (EU) 2022/30, Art. 1"
                },
                why: if product.medical && product.radio {
                    "Radio equipment covered by the medical device regulations is outside the delegated act (its Art. 2); the MDR or IVDR carries its cybersecurity.".into()
                } else if !product.radio {
                    "It has no radio: the Radio Equipment Directive does not cover it.".into()
                } else if applies {
                    let mut why = String::from("Radio equipment");
                    if product.internet {
                        why.push_str(" that communicates over the internet");
                    }
                    if product.toy_or_childcare {
                        why.push_str(" (a toy or childcare equipment processing personal data: (e) applies even without the internet)");
                    }
                    why.push_str(": the delegated act makes the listed essential requirements apply.");
                    why
                } else {
                    "Radio equipment, but not internet-connected, and not a toy or childcare equipment that processes personal data.".into()
                },
                obligations,
            }
        }
        Act::DataAct => {
            let applies = product.generates_use_data && connected;
            let design = applies && product.placed_on_market > DATA_ACT_DESIGN;
            let mut obligations = vec![];
            if applies {
                obligations.push(Obligation { article: "Arts. 3(2)-(3), 4, 5", what: "pre-contract information; the user's right to access and use the data and to share it with a third party", from: Some(DATA_ACT) });
            }
            if design {
                obligations.push(Obligation {
                    article: "Art. 3(1)",
                    what: "data accessible to the user by design and by default",
                    from: Some(product.placed_on_market.max(DATA_ACT_DESIGN)),
                });
            }
            Finding {
                act,
                applies,
                trigger: "Art. 1 connected products and related services",
                why: if applies {
                    format!(
                        "It is a connected product: it generates data about its use or environment and can communicate it. Art. 3(1) (access by design) {} because it is placed on the market on {} ({} 12 September 2026).",
                        if design { "applies" } else { "does not apply" },
                        product.placed_on_market,
                        if design { "after" } else { "not after" }
                    )
                } else {
                    "It generates no use data it can communicate.".into()
                },
                obligations,
            }
        }
        Act::Nis2 => Finding {
            act,
            applies: product.critical_sector_operator,
            trigger: "Arts. 2-3 essential and important entities; Arts. 21, 23",
            why: if product.critical_sector_operator {
                "The product is run by an essential or important entity: NIS2 binds that operator (risk-management measures, incident reporting), not the manufacturer; the operator passes its needs to suppliers (supply-chain security, Art. 21(2)(d)).".into()
            } else {
                "No essential or important entity runs it: NIS2 binds operators, not products.".into()
            },
            obligations: if product.critical_sector_operator {
                vec![Obligation {
                    article: "Arts. 21, 23",
                    what: "risk-management measures; incident reporting (early warning 24 h, notification 72 h, final report one month), as transposed nationally",
                    from: Some(NIS2_MEASURES),
                }]
            } else {
                vec![]
            },
        },
    }
}

/// A harmonised standard or baseline, and what it gives this product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardAdvice {
    pub standard: &'static str,
    pub covers: &'static str,
    /// It gives a presumption of conformity for this product.
    pub presumption: bool,
    /// A notified body is needed for what it covers.
    pub notified_body: bool,
    pub why: String,
}

/// The EN 18031 restrictions of Implementing Decision (EU) 2025/138 that bite for this product.
pub fn en18031_restrictions(product: &Product, part: u8) -> Vec<&'static str> {
    let mut restrictions = vec![];
    if product.password_optional {
        restrictions.push("the user may choose not to set a password");
    }
    if product.toy_or_childcare && (part == 2 || part == 3) {
        restrictions.push("some provisions for toys and childcare equipment");
    }
    restrictions
}

/// Which standards give a presumption of conformity, and when a notified body is needed.
pub fn standards(product: &Product) -> Vec<StandardAdvice> {
    let mut advice = vec![];
    if let Some(red) = assess(product).into_iter().find(|finding| finding.act == Act::Red && finding.applies) {
        for (part, article, covers) in [
            (1, "Art. 3(3)(d)", "network harm"),
            (2, "Art. 3(3)(e)", "personal data and privacy"),
            (3, "Art. 3(3)(f)", "fraud"),
        ] {
            if !red.obligations.iter().any(|obligation| obligation.article == article) {
                continue;
            }
            let restrictions = en18031_restrictions(product, part);
            let standard = match part {
                1 => "EN 18031-1:2024",
                2 => "EN 18031-2:2024",
                _ => "EN 18031-3:2024",
            };
            advice.push(StandardAdvice {
                standard,
                covers: match part {
                    1 => "RED Art. 3(3)(d)",
                    2 => "RED Art. 3(3)(e)",
                    _ => "RED Art. 3(3)(f)",
                },
                presumption: restrictions.is_empty(),
                notified_body: !restrictions.is_empty(),
                why: if restrictions.is_empty() {
                    format!("Cited in the Official Journal by Implementing Decision (EU) 2025/138: applied in full, it presumes conformity with {article} ({covers}); self-assessment is possible.")
                } else {
                    format!(
                        "A restriction of Implementing Decision (EU) 2025/138 bites ({}): for that, the standard gives no presumption of conformity with {article}, so a notified body is needed.",
                        restrictions.join("; ")
                    )
                },
            });
        }
    }
    if product.consumer && (product.internet || product.radio) {
        advice.push(StandardAdvice {
            standard: "ETSI EN 303 645 V3.1.3",
            covers: "consumer IoT baseline",
            presumption: false,
            notified_body: false,
            why: "The consumer IoT baseline (mode 2 assesses against it): the book's facts give it no Official Journal citation, so use it as evidence and a checklist, not as a presumption of conformity.".into(),
        });
    }
    advice
}

/// The book's products, described.
pub fn book_products() -> Vec<(&'static str, Product)> {
    vec![
        ("thermostat", thermostat()),
        ("smart-plug", smart_plug()),
        ("household-meter", household_meter()),
        ("connected-toy", connected_toy()),
    ]
}

/// A book product by key.
pub fn book_product(key: &str) -> Option<Product> {
    book_products().into_iter().find(|(k, _)| *k == key).map(|(_, product)| product)
}

pub fn thermostat() -> Product {
    Product {
        name: "HomeSense thermostat (Wi-Fi)".into(),
        radio: true,
        internet: true,
        consumer: true,
        personal_data: true,
        reads_beyond_service: false,
        generates_use_data: true,
        transfers_money: false,
        password_optional: false,
        critical_sector_operator: false,
        toy_or_childcare: false,
        medical: false,
        cra_kind: CraKind::NotListed,
        placed_on_market: Date::new(2026, 10, 1),
    }
}

pub fn smart_plug() -> Product {
    Product {
        name: "PlugWise Mini smart plug (Wi-Fi)".into(),
        radio: true,
        internet: true,
        consumer: true,
        personal_data: true,
        reads_beyond_service: true,
        generates_use_data: true,
        transfers_money: false,
        password_optional: true,
        critical_sector_operator: false,
        toy_or_childcare: false,
        medical: false,
        cra_kind: CraKind::NotListed,
        placed_on_market: Date::new(2026, 3, 2),
    }
}

pub fn household_meter() -> Product {
    Product {
        name: "Household electricity meter (cellular, run by the network operator)".into(),
        radio: true,
        internet: true,
        consumer: false,
        personal_data: true,
        reads_beyond_service: false,
        generates_use_data: true,
        transfers_money: false,
        password_optional: false,
        critical_sector_operator: true,
        toy_or_childcare: false,
        medical: false,
        cra_kind: CraKind::NotListed,
        placed_on_market: Date::new(2026, 11, 2),
    }
}

pub fn connected_toy() -> Product {
    Product {
        name: "Talking teddy bear (Wi-Fi, microphone)".into(),
        radio: true,
        internet: true,
        consumer: true,
        personal_data: true,
        reads_beyond_service: false,
        generates_use_data: true,
        transfers_money: false,
        password_optional: false,
        critical_sector_operator: false,
        toy_or_childcare: true,
        medical: false,
        cra_kind: CraKind::ToyInteractiveOrTracking,
        placed_on_market: Date::new(2027, 1, 15),
    }
}

/// The differences between a predicted and the actual set, each explained.
pub fn explain_differences(product: &Product, predicted: &BTreeSet<Act>) -> Vec<String> {
    assess(product)
        .into_iter()
        .filter(|finding| finding.applies != predicted.contains(&finding.act))
        .map(|finding| {
            let verdict = if finding.applies { "applies (you left it out)" } else { "does not apply (you ticked it)" };
            format!("{} {verdict}: {} [{}]", finding.act.title(), finding.why, finding.trigger)
        })
        .collect()
}

#[cfg(test)]
mod tests;
