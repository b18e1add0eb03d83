//! What an observer can infer from the data it retrieved, computed only from its [`ObserverView`], and compared
//! with the household's ground truth: active occupancy per hour, wake-up and bedtimes, re-identification by
//! linkage with a second dataset (Ana's employer's badge log), and the holiday absence.

use serde_json::Value;

use crate::household::{DAYS, HOLIDAY_HOURS, HOURS, Household, RESIDENTS, ROOMS, SLOTS, SLOTS_PER_HOUR, ana_badged_in};
use crate::platform::ObserverView;
use crate::policy::{Channel, pseudonym};

/// Whether a stream name is the given room, in clear or under its pseudonym (the lab knows the key; the attacker does not).
fn is_room(stream: &str, room: usize) -> bool {
    ROOMS.get(room).is_some_and(|name| stream == *name || stream == pseudonym("room", name))
}

/// Where an occupancy estimate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Energy,
    Motion,
    Nothing,
}

/// Per hour of the week: an inferred level of activity, if the observer has data for that hour.
fn hourly_energy(view: &ObserverView) -> Vec<Option<f64>> {
    let mut hours = vec![None; HOURS];
    for record in view.records(Channel::Energy) {
        let (Some(start), Some(wh)) =
            (record.get("start").and_then(Value::as_u64), record.get("wh").and_then(Value::as_u64))
        else {
            continue;
        };
        let span = match record.get("period").and_then(Value::as_str) {
            Some("P1D") => 96,
            Some("PT1H") => 4,
            _ => 1,
        };
        let start = start as usize;
        let per_slot = wh as f64 / span as f64;
        for slot in start..(start + span).min(SLOTS) {
            let hour = slot / SLOTS_PER_HOUR;
            *hours[hour].get_or_insert(0.0) += per_slot;
        }
    }
    hours
}

/// Motion events per hour and stream name (rooms, pseudonyms, or the merged household), if hourly or finer.
fn hourly_motion(view: &ObserverView) -> (Vec<String>, Vec<Vec<f64>>, bool) {
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<Vec<f64>> = Vec::new();
    let mut covered = [false; HOURS];
    let mut fine = true;
    for record in view.records(Channel::Motion) {
        let (Some(start), Some(events), Some(room)) = (
            record.get("start").and_then(Value::as_u64),
            record.get("events").and_then(Value::as_u64),
            record.get("room").and_then(Value::as_str),
        ) else {
            continue;
        };
        let span = match record.get("period").and_then(Value::as_str) {
            Some("P1D") => {
                fine = false;
                96
            }
            Some("PT1H") => 4,
            _ => 1,
        };
        let index = match names.iter().position(|name| name == room) {
            Some(index) => index,
            None => {
                names.push(room.to_owned());
                counts.push(vec![0.0; HOURS]);
                names.len() - 1
            }
        };
        let start = start as usize;
        for slot in start..(start + span).min(SLOTS) {
            counts[index][slot / SLOTS_PER_HOUR] += events as f64 / span as f64;
            covered[slot / SLOTS_PER_HOUR] = true;
        }
    }
    (names, counts, fine && covered.iter().any(|&covered| covered))
}

/// Active occupancy per hour as the observer infers it, and how well.
#[derive(Debug, Clone, PartialEq)]
pub struct Occupancy {
    pub source: Source,
    /// Per hour: `None` where the observer has no data.
    pub inferred: Vec<Option<bool>>,
    /// Share of the hours with data that are inferred correctly.
    pub accuracy: f64,
    /// The best guess knowing only which days someone was at home (per day, the more common state): "chance"
    /// for the daily routine.
    pub day_only_baseline: f64,
    pub hours_with_data: usize,
}

impl Occupancy {
    /// The inference reveals the daily routine: clearly better than the day-only guess.
    pub fn reveals_routine(&self) -> bool {
        self.hours_with_data > 0 && self.accuracy > self.day_only_baseline + 0.02
    }
}

/// Infers active occupancy from energy (a threshold above the lowest use seen) or, without energy, from motion.
pub fn occupancy(view: &ObserverView, household: &Household) -> Occupancy {
    let energy = hourly_energy(view);
    let (_, motion, motion_fine) = hourly_motion(view);
    let (source, inferred): (Source, Vec<Option<bool>>) = if energy.iter().any(Option::is_some) {
        let lowest = energy.iter().flatten().copied().fold(f64::INFINITY, f64::min);
        let threshold = lowest + 100.0;
        (Source::Energy, energy.iter().map(|value| value.map(|wh| wh > threshold)).collect())
    } else if !motion.is_empty() && motion_fine {
        // Readings exist only when there is motion: the observer assumes the sensors report from the first reading on.
        let first = (0..HOURS).find(|&hour| motion.iter().any(|stream| stream[hour] > 0.0)).unwrap_or(HOURS);
        let any: Vec<Option<bool>> =
            (0..HOURS).map(|hour| (hour >= first).then(|| motion.iter().any(|stream| stream[hour] > 0.0))).collect();
        (Source::Motion, any)
    } else {
        (Source::Nothing, vec![None; HOURS])
    };
    let truth = &household.active_hours;
    let judged: Vec<(bool, bool)> =
        inferred.iter().zip(truth).filter_map(|(guess, &actual)| guess.map(|guess| (guess, actual))).collect();
    let correct = judged.iter().filter(|(guess, actual)| guess == actual).count();
    let hours_with_data = judged.len();
    let accuracy = if hours_with_data == 0 { 0.0 } else { correct as f64 / hours_with_data as f64 };
    let mut baseline_correct = 0;
    for day in 0..DAYS {
        let hours: Vec<usize> = (day * 24..day * 24 + 24).filter(|&hour| inferred[hour].is_some()).collect();
        let active = hours.iter().filter(|&&hour| truth[hour]).count();
        baseline_correct += active.max(hours.len() - active);
    }
    let day_only_baseline = if hours_with_data == 0 { 0.0 } else { baseline_correct as f64 / hours_with_data as f64 };
    Occupancy { source, inferred, accuracy, day_only_baseline, hours_with_data }
}

/// Wake-up and bedtime per day, as inferred and as true (hours of the week; bedtime is the end of the last active hour).
#[derive(Debug, Clone, PartialEq)]
pub struct SleepDay {
    pub day: usize,
    pub inferred: Option<(usize, usize)>,
    pub actual: Option<(usize, usize)>,
}

/// Sleep and wake times: needs hourly or finer data (a day with one number has no times in it).
#[derive(Debug, Clone, PartialEq)]
pub struct Sleep {
    pub days: Vec<SleepDay>,
    /// Mean error of the inferred times, in minutes, over the days both are known.
    pub mean_error_minutes: Option<f64>,
}

impl Sleep {
    pub fn inferable(&self) -> bool {
        self.mean_error_minutes.is_some_and(|error| error <= 90.0)
    }
}

pub fn sleep(occupancy: &Occupancy, household: &Household) -> Sleep {
    // A day of data all with one value tells no times: only hourly-varying data counts.
    let mut days = Vec::new();
    let mut errors = Vec::new();
    for day in 0..DAYS {
        let window: Vec<usize> = (day * 24 + 4..(day * 24 + 28).min(HOURS)).collect();
        let values: Vec<Option<bool>> = window.iter().map(|&hour| occupancy.inferred[hour]).collect();
        let same_day = &values[..20];
        let varies = same_day.iter().flatten().any(|&value| value) && same_day.iter().flatten().any(|&value| !value);
        let inferred = if varies && values.iter().all(Option::is_some) {
            let first = window.iter().find(|&&hour| occupancy.inferred[hour] == Some(true)).copied();
            let last = window.iter().rev().find(|&&hour| occupancy.inferred[hour] == Some(true)).copied();
            first.zip(last).map(|(first, last)| (first, last + 1))
        } else {
            None
        };
        let actual = household.wake_bed[day].map(|(wake, bed)| (wake / SLOTS_PER_HOUR, bed.div_ceil(SLOTS_PER_HOUR)));
        if let (Some(guess), Some(truth)) = (inferred, household.wake_bed[day]) {
            let wake_error = (guess.0 as f64 * 60.0 - truth.0 as f64 * 15.0).abs();
            let bed_error = (guess.1 as f64 * 60.0 - truth.1 as f64 * 15.0).abs();
            errors.push((wake_error + bed_error) / 2.0);
        }
        days.push(SleepDay { day, inferred, actual });
    }
    let mean_error_minutes = (!errors.is_empty()).then(|| errors.iter().sum::<f64>() / errors.len() as f64);
    Sleep { days, mean_error_minutes }
}

/// The outcome of the linkage attack on the motion data.
#[derive(Debug, Clone, PartialEq)]
pub enum Linkage {
    /// The data names the resident outright.
    NamedInData { stream: String },
    /// A pseudonymous stream matches Ana's badge log, and it is indeed her room.
    ReIdentified { stream: String, share_during_office: f64, next_best: f64 },
    /// The attack could not single out Ana; the reason says why.
    Failed { reason: String },
}

impl Linkage {
    pub fn identifies_ana(&self) -> bool {
        !matches!(self, Linkage::Failed { .. })
    }
}

/// Matches each motion stream with Ana's badge log: her room is the stream with (almost) no motion while she
/// is badged in at work. Needs per-room streams at hourly resolution or finer, and office hours in the data.
pub fn linkage(view: &ObserverView) -> Linkage {
    let (names, counts, fine) = hourly_motion(view);
    if names.is_empty() {
        return Linkage::Failed { reason: "no motion data to link".into() };
    }
    if let Some(named) = names.iter().find(|name| name.to_lowercase().contains(&RESIDENTS[0].name.to_lowercase())) {
        return Linkage::NamedInData { stream: named.clone() };
    }
    if !fine {
        return Linkage::Failed { reason: "daily sums carry no times of day to compare with the badge log".into() };
    }
    if names.len() < 2 {
        return Linkage::Failed {
            reason: "one stream for the whole household: nothing singles out one resident".into(),
        };
    }
    let office_hours: Vec<bool> =
        (0..HOURS).map(|hour| (hour * SLOTS_PER_HOUR..(hour + 1) * SLOTS_PER_HOUR).all(ana_badged_in)).collect();
    let mut scores: Vec<(f64, &String)> = names
        .iter()
        .zip(&counts)
        .filter_map(|(name, stream)| {
            let total: f64 = stream.iter().sum();
            let office: f64 =
                stream.iter().zip(&office_hours).filter(|(_, office)| **office).map(|(count, _)| count).sum();
            let observed_office = office_hours.iter().any(|&office| office);
            (total > 0.0 && observed_office).then_some((office / total, name))
        })
        .collect();
    if scores.len() < 2 || !office_hours.iter().any(|&office| office) {
        return Linkage::Failed { reason: "the data kept holds none of Ana's office hours".into() };
    }
    scores.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (best, stream) = scores[0];
    let next_best = scores[1].0;
    if next_best - best < 0.05 {
        return Linkage::Failed { reason: "no stream matches the badge log clearly".into() };
    }
    if is_room(stream, 2) {
        Linkage::ReIdentified { stream: stream.clone(), share_during_office: best, next_best }
    } else {
        Linkage::Failed { reason: format!("the best match, {stream}, is not Ana's room") }
    }
}

/// The holiday as an observer sees it: the longest run of inactive hours (of at least 30 hours).
#[derive(Debug, Clone, PartialEq)]
pub struct Holiday {
    /// Inferred absence (hours of the week, end exclusive).
    pub found: Option<(usize, usize)>,
    /// Whether it overlaps the real holiday for at least half of it.
    pub matches_truth: bool,
}

pub fn holiday(occupancy: &Occupancy) -> Holiday {
    let mut best: Option<(usize, usize)> = None;
    let mut run_start = None;
    for hour in 0..=HOURS {
        let inactive = hour < HOURS && occupancy.inferred[hour] == Some(false);
        match (inactive, run_start) {
            (true, None) => run_start = Some(hour),
            (false, Some(start)) => {
                if best.is_none_or(|(from, to)| hour - start > to - from) {
                    best = Some((start, hour));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    let found = best.filter(|(from, to)| to - from >= 30);
    let matches_truth = found.is_some_and(|(from, to)| {
        let overlap = to.min(HOLIDAY_HOURS.1).saturating_sub(from.max(HOLIDAY_HOURS.0));
        overlap * 2 >= HOLIDAY_HOURS.1 - HOLIDAY_HOURS.0
    });
    Holiday { found, matches_truth }
}

/// Every inference for one observer.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferences {
    pub occupancy: Occupancy,
    pub sleep: Sleep,
    pub linkage: Linkage,
    pub holiday: Holiday,
}

pub fn infer(view: &ObserverView, household: &Household) -> Inferences {
    let occupancy = occupancy(view, household);
    let sleep = sleep(&occupancy, household);
    let holiday = holiday(&occupancy);
    Inferences { linkage: linkage(view), occupancy, sleep, holiday }
}
