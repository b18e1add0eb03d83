//! The CRA Art. 14 clock, as `shared/facts/security-privacy.md` words it: an actively exploited vulnerability is
//! reported with an early warning within 24 hours, a notification within 72 hours and a final report at the latest
//! 14 days after a corrective measure is available; users are informed (Art. 14(8)). Times are hours after the
//! manufacturer became aware of the exploitation.

use serde::{Deserialize, Serialize};

/// When the manufacturer became aware (hour 0): Monday 2 November 2026, 09:00 UTC.
pub const AWARE_AT: &str = "2026-11-02 09:00 UTC";
/// When firmware 1.3.0, the corrective measure, is available: hour 150 (Sunday 8 November, 15:00 UTC).
pub const FIX_AVAILABLE_HOUR: u32 = 150;

/// What the manufacturer must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Duty {
    EarlyWarning,
    Notification,
    FinalReport,
    InformUsers,
}

impl Duty {
    pub const ALL: [Duty; 4] = [Duty::EarlyWarning, Duty::Notification, Duty::FinalReport, Duty::InformUsers];

    pub fn label(self) -> &'static str {
        match self {
            Duty::EarlyWarning => "Early warning (ENISA's single reporting platform, to the coordinating CSIRT)",
            Duty::Notification => "Vulnerability notification",
            Duty::FinalReport => "Final report",
            Duty::InformUsers => "Inform the users (Art. 14(8))",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Duty::EarlyWarning => "early-warning",
            Duty::Notification => "notification",
            Duty::FinalReport => "final-report",
            Duty::InformUsers => "inform-users",
        }
    }

    /// The latest hour the facts file allows, if it gives one.
    pub fn deadline_hour(self) -> Option<u32> {
        match self {
            Duty::EarlyWarning => Some(24),
            Duty::Notification => Some(72),
            Duty::FinalReport => Some(FIX_AVAILABLE_HOUR + 14 * 24),
            Duty::InformUsers => None,
        }
    }

    pub fn rule(self) -> &'static str {
        match self {
            Duty::EarlyWarning => "within 24 hours of becoming aware",
            Duty::Notification => "within 72 hours of becoming aware",
            Duty::FinalReport => "at the latest 14 days after a corrective measure is available",
            Duty::InformUsers => "users are informed; the facts give no hour, so the lab checks that you planned it",
        }
    }
}

/// The student's plan: the hour of each duty (none: not planned).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub early_warning: Option<u32>,
    pub notification: Option<u32>,
    pub final_report: Option<u32>,
    pub inform_users: Option<u32>,
}

impl Schedule {
    pub fn get(&self, duty: Duty) -> Option<u32> {
        match duty {
            Duty::EarlyWarning => self.early_warning,
            Duty::Notification => self.notification,
            Duty::FinalReport => self.final_report,
            Duty::InformUsers => self.inform_users,
        }
    }

    pub fn set(&mut self, duty: Duty, hour: Option<u32>) {
        let slot = match duty {
            Duty::EarlyWarning => &mut self.early_warning,
            Duty::Notification => &mut self.notification,
            Duty::FinalReport => &mut self.final_report,
            Duty::InformUsers => &mut self.inform_users,
        };
        *slot = hour;
    }
}

/// The check of one duty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyCheck {
    pub duty: Duty,
    pub hour: Option<u32>,
    pub ok: bool,
    pub explanation: String,
}

/// Checks every duty against its deadline.
pub fn check(schedule: &Schedule) -> Vec<DutyCheck> {
    Duty::ALL
        .into_iter()
        .map(|duty| {
            let hour = schedule.get(duty);
            let (ok, explanation) = match (hour, duty.deadline_hour()) {
                (None, _) => (false, format!("not planned; the rule: {}", duty.rule())),
                (Some(hour), Some(deadline)) if hour > deadline => (
                    false,
                    format!(
                        "{} is {} h late: the rule is {} (by {})",
                        at(hour),
                        hour - deadline,
                        duty.rule(),
                        at(deadline)
                    ),
                ),
                (Some(hour), Some(deadline)) => {
                    (true, format!("{} meets “{}” (deadline {})", at(hour), duty.rule(), at(deadline)))
                }
                (Some(hour), None) => (true, format!("planned for {}", at(hour))),
            };
            DutyCheck { duty, hour, ok, explanation }
        })
        .collect()
}

/// Hour `hour` after awareness as a UTC date and time.
pub fn at(hour: u32) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let total = 9 + hour;
    let (day_offset, hour_of_day) = (total / 24, total % 24);
    // November 2026 has 30 days; the timeline starts on Monday 2 November
    let (month, day) = if 2 + day_offset <= 30 { ("Nov", 2 + day_offset) } else { ("Dec", 2 + day_offset - 30) };
    format!("{} {day} {month} 2026 {hour_of_day:02}:00 UTC (hour {hour})", DAYS[(day_offset % 7) as usize])
}
