//! `actw` schedule entries (TS-0004 Table 7.4.9.1-4): seven cron-like fields
//! "second minute hour day-of-month month day-of-week year", evaluated in UTC.
//!
//! Each field is `*`, a number, a range `a-b`, a step `*/n`, `a/n` or `a-b/n`, or a comma list of those.
//! Day-of-week counts from 0 = Sunday (7 is accepted as Sunday too).

use std::fmt;

use crate::time::Timestamp;

const FIELDS: [(&str, u32, u32); 7] = [
    ("second", 0, 59),
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day-of-month", 1, 31),
    ("month", 1, 12),
    ("day-of-week", 0, 7),
    ("year", 1970, 9999),
];

/// One item of a field: every value from `start` to `end` stepping by `step`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    start: u32,
    end: u32,
    step: u32,
}

/// A parsed schedule entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleEntry {
    text: String,
    fields: Vec<Vec<Item>>,
}

/// Why a schedule entry does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    pub entry: String,
    pub message: String,
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "schedule entry \"{}\": {}", self.entry, self.message)
    }
}

impl std::error::Error for ScheduleError {}

impl ScheduleEntry {
    /// Parses an entry such as `"* 0-59 8-17 * * 1-5 *"` (working hours, Monday to Friday).
    pub fn parse(text: &str) -> Result<Self, ScheduleError> {
        let error = |message: String| ScheduleError { entry: text.to_owned(), message };
        let parts: Vec<&str> = text.split_whitespace().collect();
        if parts.len() != 7 {
            return Err(error(format!(
                "expected 7 fields (second minute hour day-of-month month day-of-week year), found {}",
                parts.len()
            )));
        }
        let mut fields = Vec::with_capacity(7);
        for (part, (name, min, max)) in parts.iter().zip(FIELDS) {
            let mut items = Vec::new();
            for piece in part.split(',') {
                items.push(
                    parse_item(piece, min, max)
                        .map_err(|message| error(format!("{name} field \"{part}\": {message}")))?,
                );
            }
            fields.push(items);
        }
        Ok(ScheduleEntry { text: text.to_owned(), fields })
    }

    /// The entry as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether `now` (UTC) falls in the schedule.
    pub fn matches(&self, now: Timestamp) -> bool {
        let c = now.civil();
        let values = [c.second, c.minute, c.hour, c.day, c.month, c.weekday, u32::try_from(c.year).unwrap_or(u32::MAX)];
        self.fields.iter().zip(values).enumerate().all(|(index, (items, value))| {
            items.iter().any(|item| {
                let hit = |v: u32| v >= item.start && v <= item.end && (v - item.start).is_multiple_of(item.step);
                // day-of-week 7 is Sunday as well
                hit(value) || (index == 5 && value == 0 && hit(7))
            })
        })
    }
}

impl fmt::Display for ScheduleEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn parse_number(text: &str, min: u32, max: u32) -> Result<u32, String> {
    let value: u32 = text.parse().map_err(|_| format!("\"{text}\" is not a number"))?;
    if value < min || value > max {
        return Err(format!("{value} is outside {min}-{max}"));
    }
    Ok(value)
}

fn parse_item(piece: &str, min: u32, max: u32) -> Result<Item, String> {
    let (range, step) = match piece.split_once('/') {
        Some((range, step)) => {
            let step: u32 = step.parse().map_err(|_| format!("step \"{step}\" is not a number"))?;
            if step == 0 {
                return Err("a step must be at least 1".into());
            }
            (range, Some(step))
        }
        None => (piece, None),
    };
    let (start, end) = if range == "*" {
        (min, max)
    } else if let Some((a, b)) = range.split_once('-') {
        let (a, b) = (parse_number(a, min, max)?, parse_number(b, min, max)?);
        if a > b {
            return Err(format!("range {a}-{b} runs backwards"));
        }
        (a, b)
    } else {
        let a = parse_number(range, min, max)?;
        // "a/n" means from a to the maximum in steps of n
        (a, if step.is_some() { max } else { a })
    };
    Ok(Item { start, end, step: step.unwrap_or(1) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_onem2m(text).unwrap()
    }

    #[test]
    fn working_hours_on_weekdays() {
        let entry = ScheduleEntry::parse("* * 8-17 * * 1-5 *").unwrap();
        assert!(entry.matches(at("20261125T093000")), "Wednesday morning");
        assert!(!entry.matches(at("20261125T183000")), "Wednesday evening");
        assert!(!entry.matches(at("20261129T093000")), "Sunday");
    }

    #[test]
    fn steps_lists_and_sunday_as_seven() {
        let entry = ScheduleEntry::parse("0 */15 * * * * *").unwrap();
        assert!(entry.matches(at("20261125T104500")));
        assert!(!entry.matches(at("20261125T104501")));
        assert!(!entry.matches(at("20261125T104600")));
        let sunday = ScheduleEntry::parse("* * * * * 7 2026").unwrap();
        assert!(sunday.matches(at("20261129T000000")));
        let list = ScheduleEntry::parse("* * 1,3,5-6 * 11 * *").unwrap();
        assert!(list.matches(at("20261101T050000")));
        assert!(!list.matches(at("20261101T040000")));
    }

    #[test]
    fn malformed_entries_are_explained() {
        for bad in ["* * *", "* * 25 * * * *", "* * 5-3 * * * *", "* * */0 * * * *", "* * x * * * *"] {
            assert!(ScheduleEntry::parse(bad).is_err(), "{bad}");
        }
        let error = ScheduleEntry::parse("* * 25 * * * *").unwrap_err();
        assert!(error.to_string().contains("hour field"), "{error}");
    }
}
