//! The processing the DPIA describes: the privacy lab's household energy service. NordWatt's oneM2M platform
//! receives Ana Lind's household's smart-meter energy, motion per room and temperature per room from the home
//! gateway, under the privacy lab's policy (resolution, identifiers, retention, who may retrieve what), and serves
//! the purposes below. The policy is read in the privacy lab's own saved format ([`PrivacyLabProgress`]), so a
//! student who set a policy there assesses that policy here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The contract holder and the meter, as on the privacy lab's readings.
pub const CUSTOMER_NAME: &str = "Ana Lind";
pub const METER_ID: &str = "NW-4471-0932";
/// The homes NordWatt runs the service for (this household among them).
pub const HOMES: u32 = 40_000;

/// A data stream leaving the home (the privacy lab's channels and their containers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Energy,
    Motion,
    Temperature,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Energy, Channel::Motion, Channel::Temperature];
    pub fn key(self) -> &'static str {
        match self {
            Channel::Energy => "energy",
            Channel::Motion => "motion",
            Channel::Temperature => "temperature",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Channel::Energy => "Smart-meter energy",
            Channel::Motion => "Motion per room",
            Channel::Temperature => "Temperature per room",
        }
    }
    /// The container on the platform that holds it (the privacy lab's `cse-in/<ae>/<container>`).
    pub fn path(self) -> &'static str {
        match self {
            Channel::Energy => "cse-in/meter/energy",
            Channel::Motion => "cse-in/motion-sensors/motion",
            Channel::Temperature => "cse-in/thermostat/temperature",
        }
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// How finely a channel leaves the home, from finest to coarsest (`Building` and `Off` send no per-home data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Resolution {
    Raw,
    Hourly,
    Daily,
    Building,
    Off,
}

impl Resolution {
    pub const ALL: [Resolution; 5] =
        [Resolution::Raw, Resolution::Hourly, Resolution::Daily, Resolution::Building, Resolution::Off];
    pub fn key(self) -> &'static str {
        match self {
            Resolution::Raw => "raw",
            Resolution::Hourly => "hourly",
            Resolution::Daily => "daily",
            Resolution::Building => "building",
            Resolution::Off => "off",
        }
    }
    /// How the resolution reads for a channel (temperature is measured hourly).
    pub fn label(self, channel: Channel) -> &'static str {
        match (self, channel) {
            (Resolution::Raw, Channel::Temperature) => "As measured (hourly)",
            (Resolution::Raw, _) => "As measured (15 min)",
            (Resolution::Hourly, _) => "Hourly sums",
            (Resolution::Daily, _) => "Daily sums",
            (Resolution::Building, _) => "Hourly sums of the whole building (12 homes)",
            (Resolution::Off, _) => "Not sent",
        }
    }
    pub fn parse(text: &str) -> Option<Resolution> {
        Resolution::ALL.into_iter().find(|resolution| resolution.key() == text)
    }
    /// Whether the privacy lab offers this resolution for the channel.
    pub fn applies_to(self, channel: Channel) -> bool {
        match self {
            Resolution::Building => channel == Channel::Energy,
            Resolution::Hourly => channel != Channel::Temperature,
            _ => true,
        }
    }
    /// Whether per-home readings leave the home at all.
    pub fn per_home(self) -> bool {
        !matches!(self, Resolution::Building | Resolution::Off)
    }
}

/// What happens to identifiers: the customer's name and meter number on energy, residents' names in room names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Identifiers {
    Clear,
    Pseudonymised,
    Removed,
}

impl Identifiers {
    pub const ALL: [Identifiers; 3] = [Identifiers::Clear, Identifiers::Pseudonymised, Identifiers::Removed];
    pub fn key(self) -> &'static str {
        match self {
            Identifiers::Clear => "clear",
            Identifiers::Pseudonymised => "pseudonymised",
            Identifiers::Removed => "removed",
        }
    }
    pub fn label(self, channel: Channel) -> &'static str {
        match (self, channel) {
            (Identifiers::Clear, Channel::Energy) => "Name and meter number in clear",
            (Identifiers::Clear, _) => "Rooms named after residents",
            (Identifiers::Pseudonymised, _) => "Keyed pseudonyms",
            (Identifiers::Removed, Channel::Motion) => "Removed (rooms merged)",
            (Identifiers::Removed, _) => "Removed",
        }
    }
    pub fn parse(text: &str) -> Option<Identifiers> {
        Identifiers::ALL.into_iter().find(|identifiers| identifiers.key() == text)
    }
}

/// A recipient that reads the platform (the privacy lab's granted observers and their originators).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Recipient {
    Supplier,
    Heating,
    Analytics,
}

impl Recipient {
    pub const ALL: [Recipient; 3] = [Recipient::Supplier, Recipient::Heating, Recipient::Analytics];
    pub fn key(self) -> &'static str {
        match self {
            Recipient::Supplier => "supplier",
            Recipient::Heating => "heating",
            Recipient::Analytics => "analytics",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Recipient::Supplier => "Energy supplier (NordWatt)",
            Recipient::Heating => "Heating app",
            Recipient::Analytics => "Analytics partner",
        }
    }
    /// The originator it uses towards the CSE.
    pub fn originator(self) -> &'static str {
        match self {
            Recipient::Supplier => "C-supplier",
            Recipient::Heating => "C-heating",
            Recipient::Analytics => "C-analytics",
        }
    }
    pub fn parse(text: &str) -> Option<Recipient> {
        Recipient::ALL.into_iter().find(|recipient| recipient.key() == text)
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// Retention choices of the privacy lab, in days (each container's maximum instance age).
pub const RETENTION_CHOICES: [u32; 5] = [7, 5, 3, 2, 1];

/// The privacy lab's policy, field for field as the privacy lab saves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub energy: Resolution,
    pub energy_identifiers: Identifiers,
    pub motion: Resolution,
    pub motion_identifiers: Identifiers,
    pub temperature: Resolution,
    pub retention_days: u32,
    /// `access[recipient][channel]`: whether the recipient may retrieve the channel.
    pub access: [[bool; 3]; 3],
}

impl Default for Policy {
    /// The privacy lab's starting point, a careless service: everything as measured, names in clear, kept all week.
    fn default() -> Self {
        Policy {
            energy: Resolution::Raw,
            energy_identifiers: Identifiers::Clear,
            motion: Resolution::Raw,
            motion_identifiers: Identifiers::Clear,
            temperature: Resolution::Raw,
            retention_days: 7,
            access: [[true, false, false], [false, true, true], [false, true, false]],
        }
    }
}

impl Policy {
    pub fn resolution(&self, channel: Channel) -> Resolution {
        match channel {
            Channel::Energy => self.energy,
            Channel::Motion => self.motion,
            Channel::Temperature => self.temperature,
        }
    }
    pub fn set_resolution(&mut self, channel: Channel, resolution: Resolution) {
        match channel {
            Channel::Energy => self.energy = resolution,
            Channel::Motion => self.motion = resolution,
            Channel::Temperature => self.temperature = resolution,
        }
    }
    /// The identifier treatment of a channel (temperature carries room names the privacy lab leaves as they are).
    pub fn identifiers(&self, channel: Channel) -> Identifiers {
        match channel {
            Channel::Energy => self.energy_identifiers,
            Channel::Motion => self.motion_identifiers,
            Channel::Temperature => Identifiers::Clear,
        }
    }
    pub fn may_read(&self, recipient: Recipient, channel: Channel) -> bool {
        self.access[recipient.index()][channel.index()]
    }
    pub fn set_access(&mut self, recipient: Recipient, channel: Channel, allowed: bool) {
        self.access[recipient.index()][channel.index()] = allowed;
    }
    /// Whether the recipient actually receives per-home readings of the channel.
    pub fn receives(&self, recipient: Recipient, channel: Channel) -> bool {
        self.may_read(recipient, channel) && self.resolution(channel) != Resolution::Off
    }
    /// What makes a policy one the privacy lab could not have saved, in words.
    pub fn check(&self) -> Result<(), String> {
        for channel in Channel::ALL {
            let resolution = self.resolution(channel);
            if !resolution.applies_to(channel) {
                return Err(format!(
                    "`{}` is not a resolution for {}",
                    resolution.key(),
                    channel.label().to_lowercase()
                ));
            }
        }
        if !RETENTION_CHOICES.contains(&self.retention_days) {
            return Err(format!("a retention of {} days is not one the privacy lab offers", self.retention_days));
        }
        Ok(())
    }
}

/// What the privacy lab saves (`privacy-lab/progress`, version [`PRIVACY_LAB_VERSION`]); only its policy is read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PrivacyLabProgress {
    #[serde(default)]
    pub policy: Option<Policy>,
}

/// The version of the privacy lab's saved progress this lab reads.
pub const PRIVACY_LAB_VERSION: u32 = 1;

/// A purpose of the household energy service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    Billing,
    Heating,
    Study,
    Segments,
}

/// What a purpose needs from one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub channel: Channel,
    /// The coarsest per-home resolution that still serves the purpose.
    pub coarsest: Resolution,
    /// The least identifying treatment that still serves it (`Clear`: names are needed).
    pub identifiers: Identifiers,
}

impl Purpose {
    pub const ALL: [Purpose; 4] = [Purpose::Billing, Purpose::Heating, Purpose::Study, Purpose::Segments];
    pub fn key(self) -> &'static str {
        match self {
            Purpose::Billing => "billing",
            Purpose::Heating => "heating",
            Purpose::Study => "study",
            Purpose::Segments => "segments",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Purpose::Billing => "Billing the household",
            Purpose::Heating => "Heating control by the heating app",
            Purpose::Study => "Occupancy study for the heat-demand forecast",
            Purpose::Segments => "Lifestyle segments sold to partners (proposed by marketing)",
        }
    }
    /// What the purpose is, in the scenario's facts.
    pub fn facts(self) -> &'static str {
        match self {
            Purpose::Billing => {
                "NordWatt bills each day's consumption to the contract holder; its billing job fetches the previous day's total the next morning (2 days on the platform leave a day to retry)."
            }
            Purpose::Heating => {
                "The heating app sets each room's radiator from that room's hourly temperature; it reads the platform once a day, so 1 day on the platform is enough."
            }
            Purpose::Study => {
                "The analytics partner forecasts heat demand from how many hours a day homes are occupied: it needs hourly motion of the whole household, not of each room, and fetches it daily."
            }
            Purpose::Segments => {
                "Marketing proposes weekly lifestyle profiles sold to partners for targeted offers, with labels such as `irregular sleep` or `empty on weekends` and health-related ones: every reading as measured, per room, named, for the whole week."
            }
        }
    }
    pub fn recipient(self) -> Recipient {
        match self {
            Purpose::Billing => Recipient::Supplier,
            Purpose::Heating => Recipient::Heating,
            Purpose::Study | Purpose::Segments => Recipient::Analytics,
        }
    }
    pub fn needs(self) -> &'static [Need] {
        match self {
            Purpose::Billing => {
                &[Need { channel: Channel::Energy, coarsest: Resolution::Daily, identifiers: Identifiers::Clear }]
            }
            Purpose::Heating => {
                &[Need { channel: Channel::Temperature, coarsest: Resolution::Raw, identifiers: Identifiers::Clear }]
            }
            Purpose::Study => {
                &[Need { channel: Channel::Motion, coarsest: Resolution::Hourly, identifiers: Identifiers::Removed }]
            }
            Purpose::Segments => &[
                Need { channel: Channel::Energy, coarsest: Resolution::Raw, identifiers: Identifiers::Clear },
                Need { channel: Channel::Motion, coarsest: Resolution::Raw, identifiers: Identifiers::Clear },
            ],
        }
    }
    /// The days of readings the purpose needs on the platform.
    pub fn retention_days(self) -> u32 {
        match self {
            Purpose::Billing => 2,
            Purpose::Heating | Purpose::Study => 1,
            Purpose::Segments => 7,
        }
    }
    /// Whether the purpose processes special categories of data (GDPR Art. 9(1)): the segments' health-related
    /// labels are data concerning health.
    pub fn special_categories(self) -> bool {
        self == Purpose::Segments
    }
    /// The lawful bases (Art. 6(1)) that can fit the purpose in this scenario.
    pub fn fitting_bases(self) -> &'static [LawfulBasis] {
        match self {
            Purpose::Billing => &[LawfulBasis::Contract],
            Purpose::Heating => &[LawfulBasis::Contract, LawfulBasis::Consent],
            Purpose::Study => &[LawfulBasis::Consent, LawfulBasis::LegitimateInterests],
            Purpose::Segments => &[LawfulBasis::Consent],
        }
    }
    pub fn parse(text: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|purpose| purpose.key() == text)
    }
}

/// GDPR Art. 6(1) lawful bases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LawfulBasis {
    Consent,
    Contract,
    LegalObligation,
    VitalInterests,
    PublicTask,
    LegitimateInterests,
}

impl LawfulBasis {
    pub const ALL: [LawfulBasis; 6] = [
        LawfulBasis::Consent,
        LawfulBasis::Contract,
        LawfulBasis::LegalObligation,
        LawfulBasis::VitalInterests,
        LawfulBasis::PublicTask,
        LawfulBasis::LegitimateInterests,
    ];
    pub fn key(self) -> &'static str {
        match self {
            LawfulBasis::Consent => "consent",
            LawfulBasis::Contract => "contract",
            LawfulBasis::LegalObligation => "legal-obligation",
            LawfulBasis::VitalInterests => "vital-interests",
            LawfulBasis::PublicTask => "public-task",
            LawfulBasis::LegitimateInterests => "legitimate-interests",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            LawfulBasis::Consent => "Consent, Art. 6(1)(a)",
            LawfulBasis::Contract => "Contract, Art. 6(1)(b)",
            LawfulBasis::LegalObligation => "Legal obligation, Art. 6(1)(c)",
            LawfulBasis::VitalInterests => "Vital interests, Art. 6(1)(d)",
            LawfulBasis::PublicTask => "Public task, Art. 6(1)(e)",
            LawfulBasis::LegitimateInterests => "Legitimate interests, Art. 6(1)(f)",
        }
    }
    pub fn parse(text: &str) -> Option<LawfulBasis> {
        LawfulBasis::ALL.into_iter().find(|basis| basis.key() == text)
    }
}

/// What the student records for a purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PurposeChoice {
    pub enabled: bool,
    #[serde(default)]
    pub basis: Option<LawfulBasis>,
    /// Whether explicit consent under Art. 9(2)(a) is recorded for special categories.
    #[serde(default)]
    pub explicit_consent: bool,
}

/// Where the description's policy came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicySource {
    #[default]
    Default,
    PrivacyLab,
}

/// The description of the processing (Art. 35(7)(a)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Processing {
    pub policy: Policy,
    pub purposes: BTreeMap<Purpose, PurposeChoice>,
    #[serde(default)]
    pub source: PolicySource,
}

impl Default for Processing {
    fn default() -> Self {
        Processing::with_policy(Policy::default(), PolicySource::Default)
    }
}

/// A lawful-basis problem of a purpose, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasisProblem {
    pub purpose: Purpose,
    pub text: String,
}

impl Processing {
    /// The service with `policy`: billing, heating and the study enabled, no lawful basis recorded yet.
    pub fn with_policy(policy: Policy, source: PolicySource) -> Self {
        let purposes = Purpose::ALL
            .into_iter()
            .map(|purpose| {
                (purpose, PurposeChoice { enabled: purpose != Purpose::Segments, ..PurposeChoice::default() })
            })
            .collect();
        Processing { policy, purposes, source }
    }

    pub fn choice(&self, purpose: Purpose) -> PurposeChoice {
        self.purposes.get(&purpose).copied().unwrap_or_default()
    }

    pub fn enabled(&self) -> impl Iterator<Item = Purpose> + '_ {
        Purpose::ALL.into_iter().filter(|purpose| self.choice(*purpose).enabled)
    }

    /// What makes a description unusable (from a file or the browser's storage), in words.
    pub fn check(&self) -> Result<(), String> {
        self.policy.check()?;
        if let Some(purpose) = Purpose::ALL.into_iter().find(|purpose| !self.purposes.contains_key(purpose)) {
            return Err(format!("the purpose `{}` is missing", purpose.key()));
        }
        Ok(())
    }

    /// Each enabled purpose without a fitting lawful basis, or processing special categories without an Art. 9(2)
    /// condition.
    pub fn basis_problems(&self) -> Vec<BasisProblem> {
        let mut problems = Vec::new();
        for purpose in self.enabled() {
            let choice = self.choice(purpose);
            let text = match choice.basis {
                None => format!("{}: no lawful basis recorded (Art. 6(1)).", purpose.label()),
                Some(basis) if !purpose.fitting_bases().contains(&basis) => {
                    format!(
                        "{}: {} does not fit this purpose. {}",
                        purpose.label(),
                        basis.label(),
                        basis_reason(purpose)
                    )
                }
                Some(_) if purpose.special_categories() && !choice.explicit_consent => format!(
                    "{}: its health-related labels are special categories (Art. 9(1)), so it also needs a condition of Art. 9(2), here explicit consent (Art. 9(2)(a)).",
                    purpose.label()
                ),
                Some(_) => continue,
            };
            problems.push(BasisProblem { purpose, text });
        }
        problems
    }

    /// The recipients each channel reaches, for the flow table.
    pub fn flows(&self) -> Vec<Flow> {
        let mut flows = Vec::new();
        for channel in Channel::ALL {
            let resolution = self.policy.resolution(channel);
            if resolution == Resolution::Off {
                continue;
            }
            for recipient in Recipient::ALL {
                if self.policy.may_read(recipient, channel) {
                    flows.push(Flow { channel, recipient, resolution, identifiers: self.policy.identifiers(channel) });
                }
            }
        }
        flows
    }

    /// The categories of personal data as the policy sends them.
    pub fn categories(&self) -> Vec<String> {
        let mut categories = Vec::new();
        for channel in Channel::ALL {
            let resolution = self.policy.resolution(channel);
            if resolution == Resolution::Off {
                continue;
            }
            let identifiers = match channel {
                Channel::Temperature => "room names".to_owned(),
                _ => self.policy.identifiers(channel).label(channel).to_lowercase(),
            };
            categories.push(format!(
                "{}: {}, {}",
                channel.label(),
                resolution.label(channel).to_lowercase(),
                if resolution == Resolution::Building { "no identifiers".to_owned() } else { identifiers }
            ));
        }
        if self.enabled().any(Purpose::special_categories) {
            categories.push(
                "Health-related labels inferred from sleep and activity: special categories, Art. 9(1)".to_owned(),
            );
        }
        categories
    }
}

fn basis_reason(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Billing => "Billing is what the customer signed the contract for (Art. 6(1)(b)).",
        Purpose::Heating => {
            "The heating app is a service the customer ordered (contract) or chose to connect (consent)."
        }
        Purpose::Study => {
            "The study is not needed for the contract: consent, or legitimate interests after a balancing test, can fit."
        }
        Purpose::Segments => {
            "Selling profiles is not needed for the contract and fails a legitimate-interests balance against people's expectations at home: only consent can fit."
        }
    }
}

/// One flow of per-home data from a container to a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    pub channel: Channel,
    pub recipient: Recipient,
    pub resolution: Resolution,
    pub identifiers: Identifiers,
}
