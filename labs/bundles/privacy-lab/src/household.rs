//! The simulated household: one week (Monday 5 to Sunday 11 January 2026, UTC) of two residents' schedule,
//! and the sensor readings it produces. Deterministic: the only source of variation is a seeded generator.
//!
//! Ana works at an office on weekdays (her employer's badge log is the linkage attack's second dataset);
//! Ben works later hours, from home on Monday, and plays sport on Saturday morning. Both are away on a family
//! visit from Tuesday 07:00 to Thursday 19:00: the "holiday" a burglar would like to know about.

use onem2m_cse::Timestamp;

/// Monday 5 January 2026, 00:00 UTC: the start of the simulated week.
pub const WEEK_START_SECONDS: u64 = 1_767_571_200;
pub const DAYS: usize = 7;
pub const HOURS: usize = DAYS * 24;
pub const SLOTS_PER_HOUR: usize = 4;
pub const SLOTS: usize = HOURS * SLOTS_PER_HOUR;
pub const SLOT_SECONDS: u64 = 900;
pub const DAY_NAMES: [&str; DAYS] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// The household's seed: the same week every time.
pub const SEED: u64 = 0x5EED_2026;

/// The rooms with a motion sensor and a thermometer. Bedrooms are named after their resident, as in the
/// household's app: this is the identifier pseudonymisation replaces.
pub const ROOMS: [&str; 4] = ["living-room", "kitchen", "bedroom-ana", "bedroom-ben"];
/// The contract holder, on the meter's readings.
pub const CUSTOMER_NAME: &str = "Ana Lind";
pub const METER_ID: &str = "NW-4471-0932";
/// The holiday, in hours from the week's start: Tuesday 07:00 to Thursday 19:00.
pub const HOLIDAY_HOURS: (usize, usize) = (24 + 7, 3 * 24 + 19);

/// What a resident is doing in a 15-minute slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Away,
    Asleep,
    Awake,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resident {
    pub name: &'static str,
    pub bedroom: &'static str,
}

pub const RESIDENTS: [Resident; 2] =
    [Resident { name: "Ana", bedroom: "bedroom-ana" }, Resident { name: "Ben", bedroom: "bedroom-ben" }];

/// A small deterministic generator (xorshift64*), so the crate has no randomness of its own.
#[derive(Debug, Clone)]
pub struct SeededGenerator(u64);

impl SeededGenerator {
    pub fn new(seed: u64) -> Self {
        SeededGenerator(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }
}

fn minutes_of(slot: usize) -> (usize, usize) {
    let day = slot / (24 * SLOTS_PER_HOUR);
    let minute = (slot % (24 * SLOTS_PER_HOUR)) * 15;
    (day, minute)
}

fn within(minute: usize, from: (usize, usize), to: (usize, usize)) -> bool {
    let (from, to) = (from.0 * 60 + from.1, to.0 * 60 + to.1);
    if from <= to { minute >= from && minute < to } else { minute >= from || minute < to }
}

/// Whether the whole household is away on the family visit in this slot.
pub fn on_holiday(slot: usize) -> bool {
    let hour = slot / SLOTS_PER_HOUR;
    hour >= HOLIDAY_HOURS.0 && hour < HOLIDAY_HOURS.1
}

/// What `resident` does in `slot` (the ground truth).
pub fn presence(resident: usize, slot: usize) -> Presence {
    if on_holiday(slot) {
        return Presence::Away;
    }
    let (day, minute) = minutes_of(slot);
    let weekday = day < 5;
    match resident {
        0 => {
            if within(minute, (23, 0), (6, 30)) {
                Presence::Asleep
            } else if weekday && within(minute, (7, 30), (17, 30)) {
                Presence::Away
            } else {
                Presence::Awake
            }
        }
        _ => {
            if within(minute, (0, 30), (8, 0)) {
                Presence::Asleep
            } else if (weekday && day != 0 && within(minute, (9, 0), (18, 30)))
                || (day == 5 && within(minute, (10, 0), (14, 0)))
            {
                Presence::Away
            } else {
                Presence::Awake
            }
        }
    }
}

/// Ana's office hours from her employer's badge log (the second dataset of the linkage attack): the weekday
/// slots she was badged in at work.
pub fn ana_badged_in(slot: usize) -> bool {
    let (day, minute) = minutes_of(slot);
    day < 5 && !on_holiday(slot) && within(minute, (8, 0), (17, 0))
}

/// One motion reading: events counted by a room's sensor in a 15-minute slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionReading {
    pub slot: usize,
    pub room: usize,
    pub events: u32,
}

/// The week as it happened: readings and ground truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Household {
    /// Energy used per 15-minute slot, in Wh.
    pub energy_wh: Vec<u32>,
    /// Motion readings, in slot order (only slots with motion).
    pub motion: Vec<MotionReading>,
    /// Temperature per room per hour, in tenths of a degree Celsius.
    pub temperature_decidegrees: Vec<[i32; 4]>,
    /// Ground truth per hour: someone at home and awake for at least half of the hour.
    pub active_hours: Vec<bool>,
    /// Ground truth per day: first slot someone is awake at home after 04:00, and the end of the last awake
    /// slot before 04:00 the next day (slot indices within the week).
    pub wake_bed: Vec<Option<(usize, usize)>>,
}

fn anyone_awake(slot: usize) -> bool {
    (0..RESIDENTS.len()).any(|resident| presence(resident, slot) == Presence::Awake)
}

impl Household {
    /// Simulates the week from `seed`.
    pub fn simulate(seed: u64) -> Household {
        let mut random = SeededGenerator::new(seed);
        let mut energy_wh = Vec::with_capacity(SLOTS);
        let mut motion = Vec::new();
        for slot in 0..SLOTS {
            let (_, minute) = minutes_of(slot);
            let awake: Vec<usize> =
                (0..RESIDENTS.len()).filter(|&resident| presence(resident, slot) == Presence::Awake).collect();
            let mut wh = 25 + if slot % 4 == 0 { 15 } else { 0 } + random.below(8) as u32;
            if !awake.is_empty() {
                wh += 30 + 40 * awake.len() as u32 + random.below(20) as u32;
                if within(minute, (7, 0), (7, 30)) || within(minute, (19, 0), (19, 45)) {
                    wh += 300 + random.below(100) as u32;
                }
            }
            energy_wh.push(wh);
            let mut counts = [0u32; 4];
            for &resident in &awake {
                let previous_awake = slot > 0 && presence(resident, slot - 1) == Presence::Awake;
                let next_awake = slot + 1 < SLOTS && presence(resident, slot + 1) == Presence::Awake;
                let bedroom = 2 + resident;
                let room = if !previous_awake || !next_awake {
                    bedroom
                } else {
                    match random.below(4) {
                        0 | 1 => 0,
                        2 => 1,
                        _ => bedroom,
                    }
                };
                counts[room] += 1 + random.below(4) as u32;
            }
            for (room, events) in counts.into_iter().enumerate() {
                if events > 0 {
                    motion.push(MotionReading { slot, room, events });
                }
            }
        }
        let temperature_decidegrees = (0..HOURS)
            .map(|hour| {
                let day_time = (6..23).contains(&(hour % 24));
                let mut row = [0i32; 4];
                for (room, value) in row.iter_mut().enumerate() {
                    let setpoint = match (room >= 2, day_time) {
                        (false, true) => 210,
                        (false, false) => 175,
                        (true, true) => 190,
                        (true, false) => 170,
                    };
                    *value = setpoint + random.below(7) as i32 - 3;
                }
                row
            })
            .collect();
        let active_hours = (0..HOURS)
            .map(|hour| {
                (hour * SLOTS_PER_HOUR..(hour + 1) * SLOTS_PER_HOUR).filter(|&slot| anyone_awake(slot)).count() >= 2
            })
            .collect();
        let wake_bed = (0..DAYS)
            .map(|day| {
                let from = day * 96 + 16;
                let to = ((day + 1) * 96 + 16).min(SLOTS);
                let first = (from..to).find(|&slot| anyone_awake(slot))?;
                let last = (from..to).rev().find(|&slot| anyone_awake(slot))?;
                Some((first, last + 1))
            })
            .collect();
        Household { energy_wh, motion, temperature_decidegrees, active_hours, wake_bed }
    }

    /// The true energy use of each day, in Wh (what a bill needs).
    pub fn daily_totals(&self) -> Vec<u64> {
        self.energy_wh.chunks(96).map(|day| day.iter().map(|&wh| u64::from(wh)).sum()).collect()
    }
}

/// The start of a slot.
pub fn slot_time(slot: usize) -> Timestamp {
    Timestamp::from_seconds(WEEK_START_SECONDS + slot as u64 * SLOT_SECONDS)
}

/// "Tue 07:00" for a slot index.
pub fn slot_label(slot: usize) -> String {
    let (day, minute) = minutes_of(slot);
    let day_name = DAY_NAMES.get(day).copied().unwrap_or("Mon+7");
    format!("{day_name} {:02}:{:02}", minute / 60, minute % 60)
}

/// The slot a oneM2M timestamp falls into, if within the week.
pub fn slot_of(time: Timestamp) -> Option<usize> {
    let seconds = time.as_millis() / 1000;
    let offset = seconds.checked_sub(WEEK_START_SECONDS)?;
    let slot = (offset / SLOT_SECONDS) as usize;
    (slot < SLOTS).then_some(slot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_week_is_deterministic_and_follows_the_schedule() {
        let week = Household::simulate(SEED);
        assert_eq!(week, Household::simulate(SEED));
        assert_eq!(week.energy_wh.len(), SLOTS);
        assert_eq!(presence(0, 9 * 4), Presence::Away, "Ana is at work on Monday 09:00");
        assert_eq!(presence(1, 12 * 4), Presence::Awake, "Ben works from home on Monday");
        assert_eq!(presence(0, 2 * 4), Presence::Asleep);
        assert!(on_holiday(2 * 96) && !on_holiday(4 * 96));
        let active = week.active_hours.iter().filter(|&&active| active).count();
        assert!((50..90).contains(&active), "{active} active hours");
        assert!(week.active_hours[24 * 2 + 12..24 * 3].iter().all(|&active| !active), "nobody on Wednesday");
        assert_eq!(slot_label(24 * 4 + 29), "Tue 07:15");
        assert_eq!(slot_of(slot_time(100)), Some(100));
        assert!(
            week.motion.iter().any(|reading| reading.room == 2) && week.motion.iter().any(|reading| reading.room == 3)
        );
    }
}
