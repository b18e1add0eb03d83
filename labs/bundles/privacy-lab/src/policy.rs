//! The privacy policy the student sets: what leaves the home, at which granularity, under which identifiers,
//! for how long, and who may read it. Minimisation, pseudonymisation and aggregation are transforms the home
//! gateway applies before writing to the platform ([`records`]); retention and access are oneM2M features
//! (container `mia`/`mni`, accessControlPolicy) applied by [`crate::platform`].

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::household::{CUSTOMER_NAME, DAYS, HOURS, Household, METER_ID, ROOMS, SLOTS_PER_HOUR};

/// A data stream leaving the home.
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
    /// The AE that writes the channel, and its container (`cse-in/<ae>/<container>`).
    pub fn ae(self) -> &'static str {
        match self {
            Channel::Energy => "meter",
            Channel::Motion => "motion-sensors",
            Channel::Temperature => "thermostat",
        }
    }
    pub fn path(self) -> String {
        format!("cse-in/{}/{}", self.ae(), self.key())
    }
    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|channel| channel.key() == text)
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// How finely a channel leaves the home (aggregation, or minimisation when `Off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Resolution {
    /// Every 15 minutes (temperature: every hour, its native rate).
    Raw,
    Hourly,
    Daily,
    /// Energy only: hourly sums of the whole building (this home and its neighbours), as a grid operator would
    /// publish them; the household's own readings are not sent.
    Building,
    /// Not sent at all.
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
    pub fn label(self) -> &'static str {
        match self {
            Resolution::Raw => "As measured (15 min)",
            Resolution::Hourly => "Hourly sums",
            Resolution::Daily => "Daily sums",
            Resolution::Building => "Hourly sums of the whole building (12 homes)",
            Resolution::Off => "Not sent (minimised away)",
        }
    }
    pub fn parse(text: &str) -> Option<Resolution> {
        Resolution::ALL.into_iter().find(|resolution| resolution.key() == text)
    }
    /// Whether a channel can be sent at this resolution (only energy has neighbours to sum with).
    pub fn applies_to(self, channel: Channel) -> bool {
        match self {
            Resolution::Building => channel == Channel::Energy,
            Resolution::Hourly => channel != Channel::Temperature,
            _ => true,
        }
    }
    /// Length of one record in slots.
    pub fn slots(self) -> usize {
        match self {
            Resolution::Raw | Resolution::Off => 1,
            Resolution::Hourly | Resolution::Building => SLOTS_PER_HOUR,
            Resolution::Daily => 24 * SLOTS_PER_HOUR,
        }
    }
}

/// What happens to identifiers (the customer's name and meter number; the residents' names in room names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Identifiers {
    /// Sent as they are.
    Clear,
    /// Replaced by keyed pseudonyms; the key stays in the home.
    Pseudonymised,
    /// Removed: energy without customer fields; motion of all rooms summed into one household stream.
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
            (Identifiers::Clear, _) => "In clear",
            (Identifiers::Pseudonymised, _) => "Keyed pseudonyms",
            (Identifiers::Removed, Channel::Motion) => "Removed (rooms merged)",
            (Identifiers::Removed, _) => "Removed",
        }
    }
    pub fn parse(text: &str) -> Option<Identifiers> {
        Identifiers::ALL.into_iter().find(|identifiers| identifiers.key() == text)
    }
}

/// Who reads the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Observer {
    Supplier,
    Heating,
    Analytics,
    /// Someone who broke into the platform with the administrator's credentials: reads everything stored.
    Intruder,
}

impl Observer {
    pub const ALL: [Observer; 4] = [Observer::Supplier, Observer::Heating, Observer::Analytics, Observer::Intruder];
    /// The observers the policy grants access to (the intruder is not granted anything: it reads all).
    pub const GRANTED: [Observer; 3] = [Observer::Supplier, Observer::Heating, Observer::Analytics];
    pub fn key(self) -> &'static str {
        match self {
            Observer::Supplier => "supplier",
            Observer::Heating => "heating",
            Observer::Analytics => "analytics",
            Observer::Intruder => "intruder",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Observer::Supplier => "Energy supplier (NordWatt)",
            Observer::Heating => "Heating app",
            Observer::Analytics => "Analytics partner",
            Observer::Intruder => "Intruder with the platform's admin credentials",
        }
    }
    /// The originator it uses towards the CSE.
    pub fn originator(self) -> &'static str {
        match self {
            Observer::Supplier => "C-supplier",
            Observer::Heating => "C-heating",
            Observer::Analytics => "C-analytics",
            Observer::Intruder => "CAdmin",
        }
    }
    pub fn parse(text: &str) -> Option<Observer> {
        Observer::ALL.into_iter().find(|observer| observer.key() == text)
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// Retention choices, in days (7 keeps the whole week).
pub const RETENTION_CHOICES: [u32; 5] = [7, 5, 3, 2, 1];

/// Everything the student decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub energy: Resolution,
    pub energy_identifiers: Identifiers,
    pub motion: Resolution,
    pub motion_identifiers: Identifiers,
    /// Temperature is hourly at most (`Raw` = hourly).
    pub temperature: Resolution,
    pub retention_days: u32,
    /// `access[observer][channel]`: whether the observer may retrieve the channel.
    pub access: [[bool; 3]; 3],
}

impl Default for Policy {
    /// What a careless service does: everything as measured, names in clear, kept all week, shared widely.
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
    pub fn may_read(&self, observer: Observer, channel: Channel) -> bool {
        match observer {
            Observer::Intruder => true,
            other => self.access[other.index()][channel.index()],
        }
    }
    pub fn set_access(&mut self, observer: Observer, channel: Channel, allowed: bool) {
        if observer != Observer::Intruder {
            self.access[observer.index()][channel.index()] = allowed;
        }
    }
    pub fn resolution(&self, channel: Channel) -> Resolution {
        match channel {
            Channel::Energy => self.energy,
            Channel::Motion => self.motion,
            Channel::Temperature => self.temperature,
        }
    }
}

/// The household's pseudonymisation key. It never leaves the home (it is not in any record).
pub const PSEUDONYM_KEY: &str = "homesense-household-key-7f3a";

/// A keyed pseudonym (FNV-1a over key and identifier; a real system would use HMAC-SHA-256). The same
/// identifier always gets the same pseudonym, which is what keeps the data useful, and linkable.
pub fn pseudonym(prefix: &str, identifier: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in PSEUDONYM_KEY.bytes().chain([0]).chain(identifier.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{prefix}-{:04x}", hash & 0xffff)
}

/// One contentInstance the gateway writes: at the end of its period (`end_slot`), with its JSON content.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub end_slot: usize,
    pub content: Value,
}

/// What the home gateway writes into a channel's container under the policy, in time order.
pub fn records(household: &Household, policy: &Policy, channel: Channel) -> Vec<Record> {
    let resolution = policy.resolution(channel);
    if resolution == Resolution::Off {
        return Vec::new();
    }
    match channel {
        Channel::Energy => energy_records(household, policy, resolution),
        Channel::Motion => motion_records(household, policy, resolution),
        Channel::Temperature => temperature_records(household, resolution),
    }
}

fn period_label(resolution: Resolution) -> &'static str {
    match resolution {
        Resolution::Raw | Resolution::Off => "PT15M",
        Resolution::Hourly | Resolution::Building => "PT1H",
        Resolution::Daily => "P1D",
    }
}

/// The homes of the building, this one included.
pub const BUILDING_HOMES: usize = 12;

/// The building's energy per slot: this home and eleven neighbours. A neighbour's week is this household's
/// readings shifted by a few days and hours (deterministic), so their routines and absences fall elsewhere.
pub fn building_energy(household: &Household) -> Vec<u64> {
    let slots = household.energy_wh.len();
    (0..slots)
        .map(|slot| {
            (0..BUILDING_HOMES)
                .map(|home| {
                    let shift = if home == 0 { 0 } else { home * 96 * 3 + home * 7 };
                    u64::from(household.energy_wh[(slot + shift) % slots.max(1)])
                })
                .sum()
        })
        .collect()
}

fn energy_records(household: &Household, policy: &Policy, resolution: Resolution) -> Vec<Record> {
    let span = resolution.slots();
    if resolution == Resolution::Building {
        return building_energy(household)
            .chunks(span)
            .enumerate()
            .map(|(index, chunk)| Record {
                end_slot: (index + 1) * span,
                content: json!({"start": index * span, "period": "PT1H", "building": "Storgatan 5", "homes": BUILDING_HOMES, "wh": chunk.iter().sum::<u64>()}),
            })
            .collect();
    }
    household
        .energy_wh
        .chunks(span)
        .enumerate()
        .map(|(index, chunk)| {
            let start = index * span;
            let wh: u64 = chunk.iter().map(|&wh| u64::from(wh)).sum();
            let mut content = json!({"start": start, "period": period_label(resolution), "wh": wh});
            match policy.energy_identifiers {
                Identifiers::Clear => {
                    content["customer"] = json!(CUSTOMER_NAME);
                    content["meter"] = json!(METER_ID);
                }
                Identifiers::Pseudonymised => {
                    content["customer"] = json!(pseudonym("customer", CUSTOMER_NAME));
                    content["meter"] = json!(pseudonym("meter", METER_ID));
                }
                Identifiers::Removed => {}
            }
            Record { end_slot: start + span, content }
        })
        .collect()
}

fn room_name(policy: &Policy, room: usize) -> String {
    let name = ROOMS.get(room).copied().unwrap_or("room");
    match policy.motion_identifiers {
        Identifiers::Clear => name.to_owned(),
        Identifiers::Pseudonymised => pseudonym("room", name),
        Identifiers::Removed => "household".to_owned(),
    }
}

fn motion_records(household: &Household, policy: &Policy, resolution: Resolution) -> Vec<Record> {
    let span = resolution.slots();
    let streams = if policy.motion_identifiers == Identifiers::Removed { 1 } else { ROOMS.len() };
    let periods = HOURS * SLOTS_PER_HOUR / span;
    let mut counts = vec![vec![0u32; streams]; periods];
    for reading in &household.motion {
        let stream = if streams == 1 { 0 } else { reading.room };
        counts[reading.slot / span][stream] += reading.events;
    }
    let mut records = Vec::new();
    for (period, row) in counts.into_iter().enumerate() {
        for (stream, events) in row.into_iter().enumerate() {
            if events > 0 {
                records.push(Record {
                    end_slot: (period + 1) * span,
                    content: json!({"start": period * span, "period": period_label(resolution), "room": room_name(policy, stream), "events": events}),
                });
            }
        }
    }
    records
}

fn temperature_records(household: &Household, resolution: Resolution) -> Vec<Record> {
    let hours = if resolution == Resolution::Daily { 24 } else { 1 };
    let mut records = Vec::new();
    for period in 0..HOURS / hours {
        let rows = &household.temperature_decidegrees[period * hours..(period + 1) * hours];
        for (room, name) in ROOMS.iter().enumerate() {
            let mean = rows.iter().map(|row| row[room]).sum::<i32>() as f64 / hours as f64 / 10.0;
            records.push(Record {
                end_slot: (period + 1) * hours * SLOTS_PER_HOUR,
                content: json!({"start": period * hours * SLOTS_PER_HOUR, "period": if hours == 24 { "P1D" } else { "PT1H" }, "room": name, "celsius": (mean * 10.0).round() / 10.0}),
            });
        }
    }
    records
}

/// The number of days in the week (for retention arithmetic).
pub const WEEK_DAYS: u32 = DAYS as u32;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::household::SEED;

    #[test]
    fn aggregation_keeps_totals_and_pseudonyms_are_stable() {
        let week = Household::simulate(SEED);
        let policy = Policy { energy: Resolution::Daily, ..Policy::default() };
        let daily = records(&week, &policy, Channel::Energy);
        assert_eq!(daily.len(), 7);
        let totals: Vec<u64> = daily.iter().map(|record| record.content["wh"].as_u64().unwrap_or(0)).collect();
        assert_eq!(totals, week.daily_totals());
        assert_eq!(pseudonym("room", "bedroom-ana"), pseudonym("room", "bedroom-ana"));
        assert_ne!(pseudonym("room", "bedroom-ana"), pseudonym("room", "bedroom-ben"));
        let merged =
            Policy { motion_identifiers: Identifiers::Removed, motion: Resolution::Hourly, ..Policy::default() };
        assert!(records(&week, &merged, Channel::Motion).iter().all(|record| record.content["room"] == "household"));
        let building = Policy { energy: Resolution::Building, ..Policy::default() };
        let sums = records(&week, &building, Channel::Energy);
        assert_eq!(sums.len(), 168);
        assert!(sums.iter().all(|record| record.content.get("customer").is_none() && record.content["homes"] == 12));
        assert!(Resolution::Building.applies_to(Channel::Energy) && !Resolution::Building.applies_to(Channel::Motion));
        let off = Policy { motion: Resolution::Off, ..Policy::default() };
        assert!(records(&week, &off, Channel::Motion).is_empty());
    }
}
