//! The graded exercises: a goal, hints, and an automatic check on the outcome of the student's policy (what the
//! observers could actually retrieve from the CSE and infer), not on the settings themselves.

use serde_json::Value;

use crate::analysis::Analysis;
use crate::household::{DAYS, ROOMS, slot_label};
use crate::inference::Linkage;
use crate::policy::{Channel, Observer};

pub use lab_kit::CheckOutcome;

/// A privacy exercise: its check reads the outcome of the student's policy (the [`Analysis`]).
pub type Exercise = lab_kit::Exercise<Analysis>;

fn pass(feedback: impl Into<String>) -> CheckOutcome {
    CheckOutcome::pass(feedback)
}

fn not_yet(feedback: impl Into<String>) -> CheckOutcome {
    CheckOutcome::not_yet(feedback)
}

pub static EXERCISES: &[Exercise] = &[
    Exercise {
        id: "routine-from-energy",
        title: "1. Bill without revealing the daily routine",
        goal: "The energy supplier must still bill every day of the week exactly, but must no longer be able to tell at which hours someone is active at home: its occupancy inference may be no better than a guess that knows only which days someone was home.",
        hints: &[
            "Look at the Energy supplier's timeline: with 15-minute readings the inferred row matches the true row almost hour by hour.",
            "A bill needs one number per day. Which resolution gives exactly that, and nothing finer?",
            "Set the energy resolution to `Daily sums` and keep the supplier's access and a retention of 7 days. Then read the holiday row: what do daily totals still reveal?",
        ],
        setup: (),
        check: check_routine_from_energy,
    },
    Exercise {
        id: "holiday-retention",
        title: "2. Retention: nothing to find for a burglar",
        goal: "Someone who steals the platform's data with the administrator's credentials at the end of the week must not find the household's holiday absence, while the household app still has the last 24 hours of energy readings. Use retention, not deletion.",
        hints: &[
            "Choose the observer `Intruder with the platform's admin credentials`: it reads everything the platform still stores.",
            "The holiday was from Tuesday 07:00 to Thursday 19:00. The intruder looks on Monday 12 January at 00:01. How many days back must the platform forget?",
            "Retention sets each container's `mia` (maximum instance age): the CSE removes older contentInstances by itself. Try 3 days, then 5, and compare.",
        ],
        setup: (),
        check: check_holiday_retention,
    },
    Exercise {
        id: "pseudonymise-motion",
        title: "3. Pseudonymise the motion data, then link it",
        goal: "The analytics partner studies room use and needs motion per room, hourly or finer. Make sure no resident's name reaches it. Then read what the linkage attack does with Ana's employer's badge log.",
        hints: &[
            "The bedrooms are named after the residents (`bedroom-ana`): that name is an identifier.",
            "Set the motion identifiers to `Keyed pseudonyms`: the gateway replaces each room name with a pseudonym computed with a key that stays in the home.",
            "After the check passes, look at the Analytics partner's linkage result: the stream with no motion while Ana is badged in at work is her bedroom. Pseudonymised data is still personal data (GDPR Art. 4(5), Recital 26).",
        ],
        setup: (),
        check: check_pseudonymise_motion,
    },
    Exercise {
        id: "stop-linkage",
        title: "4. Defeat the linkage attack",
        goal: "The analytics partner still gets the household's motion for the whole week at hourly resolution or finer, without names, but the linkage attack with Ana's badge log must no longer single out her data.",
        hints: &[
            "Pseudonyms keep each room's stream separate, and a separate stream has a pattern that can be matched with another dataset.",
            "What if there were only one stream for the whole household? Minimisation can remove the room dimension altogether.",
            "Set the motion identifiers to `Removed (rooms merged)` and keep hourly or 15-minute resolution, 7 days of retention, and the partner's access.",
        ],
        setup: (),
        check: check_stop_linkage,
    },
    Exercise {
        id: "heating-least-privilege",
        title: "5. Least privilege for the heating app",
        goal: "The heating app needs the temperature of every room and nothing else: it must be refused motion and energy by the platform's access control, while the analytics partner keeps its motion data.",
        hints: &[
            "Access is an accessControlPolicy on each channel's container; the checkboxes edit its rules (Retrieve + Discover, `acop` 34).",
            "Untick motion for the heating app only. Do not switch the motion channel off: that would take it from the analytics partner too.",
            "Choose the Heating app observer: motion should now show `4103 ORIGINATOR_HAS_NO_PRIVILEGE`.",
        ],
        setup: (),
        check: check_heating_least_privilege,
    },
];

pub fn find_exercise(id: &str) -> Option<&'static Exercise> {
    lab_kit::find_exercise(EXERCISES, id)
}

fn percent(value: f64) -> String {
    format!("{:.0}%", value * 100.0)
}

fn status_text(analysis: &Analysis, observer: Observer, channel: Channel) -> String {
    analysis
        .of(observer)
        .view
        .retrieval(channel)
        .map(|retrieval| format!("{} {}", retrieval.status.code(), retrieval.status.name()))
        .unwrap_or_else(|| "no response".into())
}

/// Daily totals from energy records of any resolution; `None` for a day with no or partial data.
fn daily_totals(records: &[Value]) -> Vec<Option<u64>> {
    let mut totals = vec![0u64; DAYS];
    let mut slots = vec![0usize; DAYS];
    for record in records {
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
        let day = start as usize / 96;
        if day < DAYS {
            totals[day] += wh;
            slots[day] += span;
        }
    }
    totals.into_iter().zip(slots).map(|(total, slots)| (slots == 96).then_some(total)).collect()
}

fn check_routine_from_energy(analysis: &Analysis) -> CheckOutcome {
    let supplier = analysis.of(Observer::Supplier);
    if !supplier.view.retrieval(Channel::Energy).is_some_and(|retrieval| retrieval.granted()) {
        return not_yet(format!(
            "The supplier cannot retrieve the energy container ({}), so it cannot bill.",
            status_text(analysis, Observer::Supplier, Channel::Energy)
        ));
    }
    if supplier.view.records(Channel::Energy).iter().any(|record| record.get("building").is_some()) {
        return not_yet(
            "Building sums hide this home among twelve, but the supplier's daily totals then differ from the meter's: it can no longer bill this household.",
        );
    }
    let billed = daily_totals(supplier.view.records(Channel::Energy));
    let truth = analysis.household.daily_totals();
    let missing: Vec<&str> = billed
        .iter()
        .zip(crate::household::DAY_NAMES)
        .filter(|(total, _)| total.is_none())
        .map(|(_, day)| day)
        .collect();
    if !missing.is_empty() {
        return not_yet(format!(
            "The supplier has no complete data for {}: it cannot bill those days.",
            missing.join(", ")
        ));
    }
    if billed.iter().zip(&truth).any(|(billed, truth)| *billed != Some(*truth)) {
        return not_yet("The supplier's daily totals differ from the meter's.");
    }
    let occupancy = &supplier.inferences.occupancy;
    if occupancy.reveals_routine() {
        return not_yet(format!(
            "The supplier still infers when someone is active at home: {} of hours right, against {} for a guess that knows only which days someone was home.",
            percent(occupancy.accuracy),
            percent(occupancy.day_only_baseline)
        ));
    }
    let holiday = if analysis.of(Observer::Supplier).inferences.holiday.matches_truth {
        " But notice the holiday row: daily totals still show the days nobody was home."
    } else {
        ""
    };
    pass(format!(
        "Every daily total is exact, and the supplier's hourly guess ({}) is no better than knowing only the day ({}).{holiday}",
        percent(occupancy.accuracy),
        percent(occupancy.day_only_baseline)
    ))
}

fn check_holiday_retention(analysis: &Analysis) -> CheckOutcome {
    let intruder = analysis.of(Observer::Intruder);
    let holiday = &intruder.inferences.holiday;
    if holiday.matches_truth {
        let (from, to) = holiday.found.unwrap_or_default();
        return not_yet(format!(
            "The intruder finds the household away from {} to {}: a burglar's timetable.",
            slot_label(from * 4),
            slot_label(to * 4)
        ));
    }
    let last_day = intruder
        .view
        .records(Channel::Energy)
        .iter()
        .filter_map(|record| record.get("start").and_then(Value::as_u64))
        .any(|start| start as usize >= (DAYS - 1) * 96);
    if !last_day {
        return not_yet(
            "The household app has no energy readings for the last 24 hours: keep the energy channel and at least one day.",
        );
    }
    pass(format!(
        "The platform keeps {} day(s): the intruder finds no holiday, and the last 24 hours are still there. The CSE removed the older contentInstances itself (container `mia`).",
        analysis.policy.retention_days
    ))
}

const NAMES: [&str; 3] = ["ana", "ben", "lind"];

fn names_seen(analysis: &Analysis, observer: Observer) -> Vec<String> {
    let mut seen = Vec::new();
    for retrieval in &analysis.of(observer).view.retrievals {
        for record in &retrieval.records {
            let text = record.to_string().to_lowercase();
            for name in NAMES {
                if text.contains(name) && !seen.iter().any(|found: &String| found == name) {
                    seen.push(name.to_owned());
                }
            }
        }
    }
    seen
}

fn motion_streams(analysis: &Analysis, observer: Observer) -> (usize, bool) {
    let records = analysis.of(observer).view.records(Channel::Motion);
    let mut rooms: Vec<&str> = records.iter().filter_map(|record| record.get("room").and_then(Value::as_str)).collect();
    rooms.sort_unstable();
    rooms.dedup();
    let hourly_or_finer =
        !records.is_empty() && records.iter().all(|record| record.get("period").and_then(Value::as_str) != Some("P1D"));
    (rooms.len(), hourly_or_finer)
}

fn check_pseudonymise_motion(analysis: &Analysis) -> CheckOutcome {
    if !analysis.of(Observer::Analytics).view.retrieval(Channel::Motion).is_some_and(|retrieval| retrieval.granted()) {
        return not_yet(format!(
            "The analytics partner cannot retrieve motion ({}).",
            status_text(analysis, Observer::Analytics, Channel::Motion)
        ));
    }
    let (streams, hourly_or_finer) = motion_streams(analysis, Observer::Analytics);
    if !hourly_or_finer {
        return not_yet("The partner needs motion hourly or finer.");
    }
    if streams < ROOMS.len() {
        return not_yet(format!("The partner needs one stream per room; it gets {streams}."));
    }
    let seen = names_seen(analysis, Observer::Analytics);
    if !seen.is_empty() {
        return not_yet(format!(
            "The analytics partner still sees a resident's name in the data (`{}`).",
            seen.join("`, `")
        ));
    }
    let linkage = match &analysis.of(Observer::Analytics).inferences.linkage {
        Linkage::ReIdentified { stream, share_during_office, next_best } => format!(
            " Yet the linkage attack finds Ana anyway: stream `{stream}` has {} of its motion while she is badged in at work (the next best {}), so it is her bedroom. Pseudonymised data is still personal data (Recital 26).",
            percent(*share_during_office),
            percent(*next_best)
        ),
        _ => String::new(),
    };
    pass(format!("No resident's name reaches the analytics partner.{linkage}"))
}

fn check_stop_linkage(analysis: &Analysis) -> CheckOutcome {
    let analytics = analysis.of(Observer::Analytics);
    if !analytics.view.retrieval(Channel::Motion).is_some_and(|retrieval| retrieval.granted()) {
        return not_yet(format!(
            "The analytics partner cannot retrieve motion ({}).",
            status_text(analysis, Observer::Analytics, Channel::Motion)
        ));
    }
    let (_, hourly_or_finer) = motion_streams(analysis, Observer::Analytics);
    if !hourly_or_finer {
        return not_yet("The partner needs motion hourly or finer.");
    }
    let earliest = analytics
        .view
        .records(Channel::Motion)
        .iter()
        .filter_map(|record| record.get("start").and_then(Value::as_u64))
        .min();
    if earliest.is_none_or(|start| start >= 96) {
        return not_yet("The partner needs the whole week, from Monday on: keep 7 days.");
    }
    let seen = names_seen(analysis, Observer::Analytics);
    if !seen.is_empty() {
        return not_yet(format!(
            "The analytics partner still sees a resident's name in the data (`{}`).",
            seen.join("`, `")
        ));
    }
    match &analytics.inferences.linkage {
        Linkage::Failed { reason } => {
            pass(format!("The linkage attack fails: {reason}. The partner still sees the household's hourly activity."))
        }
        Linkage::ReIdentified { stream, .. } => {
            not_yet(format!("The linkage attack still singles out Ana: stream `{stream}` matches her badge log."))
        }
        Linkage::NamedInData { stream } => not_yet(format!("The data names the resident outright (`{stream}`).")),
    }
}

fn check_heating_least_privilege(analysis: &Analysis) -> CheckOutcome {
    let heating = analysis.of(Observer::Heating);
    let temperature = heating.view.records(Channel::Temperature);
    let rooms = ROOMS
        .iter()
        .filter(|room| temperature.iter().any(|record| record.get("room").and_then(Value::as_str) == Some(room)))
        .count();
    if rooms < ROOMS.len() {
        return not_yet(format!("The heating app sees the temperature of {rooms} of {} rooms.", ROOMS.len()));
    }
    for channel in [Channel::Motion, Channel::Energy] {
        if heating.view.retrieval(channel).is_some_and(|retrieval| retrieval.granted()) {
            return not_yet(format!(
                "The heating app can still retrieve {} (answered {}).",
                channel.label().to_lowercase(),
                status_text(analysis, Observer::Heating, channel)
            ));
        }
    }
    if analysis.of(Observer::Analytics).view.records(Channel::Motion).is_empty() {
        return not_yet("The analytics partner lost its motion data: restrict the heating app, not the channel.");
    }
    pass(format!(
        "The heating app reads every room's temperature; motion is refused with {}, and the analytics partner keeps its data.",
        status_text(analysis, Observer::Heating, Channel::Motion)
    ))
}

#[cfg(test)]
mod tests;
