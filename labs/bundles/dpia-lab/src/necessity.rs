//! Necessity and proportionality (Art. 35(7)(b); Art. 5(1)(b), (c), (e)): each question about the description
//! (is this channel sent finer than the purposes need, with identifiers they do not need, to a recipient that does
//! not need it, for longer than they need?) and the lab's answer, a flag, computed from the purposes' needs. The
//! student answers the same questions first, then compares.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::processing::{Channel, Identifiers, Processing, Purpose, Recipient, Resolution};

/// A question the assessment asks about the description, with a stable id (`finer:energy`, `access:heating:motion`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// The lab's finding when the answer is "yes, excessive"; `None` when the data is needed as sent.
    pub flag: Option<String>,
}

/// The finest per-home resolution and the least identifying treatment the enabled purposes need from a channel.
fn needed(processing: &Processing, channel: Channel) -> Option<(Resolution, Identifiers)> {
    processing
        .enabled()
        .flat_map(|purpose| purpose.needs().iter().filter(move |need| need.channel == channel))
        .map(|need| (need.coarsest, need.identifiers))
        .reduce(|(resolution, identifiers), (other, other_identifiers)| {
            (resolution.min(other), identifiers.min(other_identifiers))
        })
}

/// The questions for the current description, in order, each with the lab's flag.
pub fn questions(processing: &Processing) -> Vec<Question> {
    let policy = &processing.policy;
    let mut questions = Vec::new();
    for channel in Channel::ALL {
        let sent = policy.resolution(channel);
        if sent == Resolution::Off {
            continue;
        }
        let need = needed(processing, channel);
        let flag = match need {
            None => Some(format!("{} is sent, but no purpose needs it.", channel.label())),
            Some((coarsest, _)) if sent < coarsest => Some(format!(
                "{} is sent {}; the purposes need no more than {}.",
                channel.label(),
                sent.label(channel).to_lowercase(),
                coarsest.label(channel).to_lowercase()
            )),
            _ => None,
        };
        questions.push(Question {
            id: format!("finer:{}", channel.key()),
            text: format!("{}: is it sent finer than the purposes need?", channel.label()),
            flag,
        });
        if channel != Channel::Temperature && sent.per_home() {
            let treatment = policy.identifiers(channel);
            let least = need.map(|(_, identifiers)| identifiers).unwrap_or(Identifiers::Removed);
            let flag = (treatment < least).then(|| {
                format!(
                    "{} carries {} where the purposes need {}.",
                    channel.label(),
                    treatment.label(channel).to_lowercase(),
                    least.label(channel).to_lowercase()
                )
            });
            questions.push(Question {
                id: format!("identifiers:{}", channel.key()),
                text: format!("{}: does it carry identifiers the purposes do not need?", channel.label()),
                flag,
            });
        }
        for recipient in Recipient::ALL {
            if !policy.may_read(recipient, channel) {
                continue;
            }
            let serves = processing
                .enabled()
                .filter(|purpose| purpose.recipient() == recipient)
                .any(|purpose| purpose.needs().iter().any(|need| need.channel == channel));
            questions.push(Question {
                id: format!("access:{}:{}", recipient.key(), channel.key()),
                text: format!(
                    "{} may retrieve {}: does none of its purposes need it?",
                    recipient.label(),
                    channel.label().to_lowercase()
                ),
                flag: (!serves).then(|| {
                    format!(
                        "{} may retrieve {}, which none of its purposes needs.",
                        recipient.label(),
                        channel.label().to_lowercase()
                    )
                }),
            });
        }
    }
    let longest = longest_retention(processing);
    questions.push(Question {
        id: "retention".to_owned(),
        text: format!("Readings are kept {} days: longer than the purposes need?", policy.retention_days),
        flag: (policy.retention_days > longest)
            .then(|| format!("Readings are kept {} days; the purposes need {longest}.", policy.retention_days)),
    });
    questions
}

/// The days of readings the enabled purposes need on the platform (at least 1).
pub fn longest_retention(processing: &Processing) -> u32 {
    processing.enabled().map(Purpose::retention_days).max().unwrap_or(1)
}

/// The lab's flags: the ids of the questions answered "excessive".
pub fn flags(processing: &Processing) -> BTreeSet<String> {
    questions(processing).into_iter().filter(|question| question.flag.is_some()).map(|question| question.id).collect()
}

/// Each enabled purpose the description no longer serves, in words.
pub fn unserved(processing: &Processing) -> Vec<String> {
    let policy = &processing.policy;
    let mut problems = Vec::new();
    for purpose in processing.enabled() {
        for need in purpose.needs() {
            let sent = policy.resolution(need.channel);
            let why = if !sent.per_home() {
                Some(format!("{} no longer leaves the home per household", need.channel.label().to_lowercase()))
            } else if sent > need.coarsest {
                Some(format!(
                    "{} is too coarse ({})",
                    need.channel.label().to_lowercase(),
                    sent.label(need.channel).to_lowercase()
                ))
            } else if policy.identifiers(need.channel) > need.identifiers {
                Some(format!("{} lacks the identifiers it needs", need.channel.label().to_lowercase()))
            } else if !policy.may_read(purpose.recipient(), need.channel) {
                Some(format!(
                    "the {} may not retrieve {}",
                    purpose.recipient().label(),
                    need.channel.label().to_lowercase()
                ))
            } else {
                None
            };
            if let Some(why) = why {
                problems.push(format!("{}: {why}.", purpose.label()));
            }
        }
        if policy.retention_days < purpose.retention_days() {
            problems.push(format!(
                "{}: it needs {} days of readings, the platform keeps {}.",
                purpose.label(),
                purpose.retention_days(),
                policy.retention_days
            ));
        }
    }
    problems
}

/// The student's answers: the questions marked "excessive", and what was compared with the lab.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NecessityAnswer {
    #[serde(default)]
    pub marks: BTreeSet<String>,
    /// The marks at the last comparison; the lab's flags are shown from then on.
    #[serde(default)]
    pub compared: Option<BTreeSet<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::processing::{Identifiers, Policy, PolicySource};

    #[test]
    fn the_careless_default_has_five_flags() {
        let processing = Processing::default();
        let flags: Vec<String> = flags(&processing).into_iter().collect();
        assert_eq!(
            flags,
            vec!["access:heating:motion", "finer:energy", "finer:motion", "identifiers:motion", "retention"],
            "{:#?}",
            questions(&processing)
        );
        assert!(unserved(&processing).is_empty(), "the careless service serves every purpose");
    }

    #[test]
    fn a_proportionate_policy_has_no_flag_and_serves_every_purpose() {
        let policy = Policy {
            energy: Resolution::Daily,
            motion: Resolution::Hourly,
            motion_identifiers: Identifiers::Removed,
            retention_days: 2,
            access: [[true, false, false], [false, false, true], [false, true, false]],
            ..Policy::default()
        };
        let processing = Processing::with_policy(policy, PolicySource::Default);
        assert_eq!(flags(&processing), BTreeSet::new());
        assert!(unserved(&processing).is_empty());
    }

    #[test]
    fn cutting_too_much_leaves_a_purpose_unserved() {
        let policy = Policy { energy: Resolution::Building, retention_days: 1, ..Policy::default() };
        let problems = unserved(&Processing::with_policy(policy, PolicySource::Default));
        assert!(problems.iter().any(|problem| problem.starts_with("Billing") && problem.contains("per household")));
        assert!(problems.iter().any(|problem| problem.contains("needs 2 days")));
    }

    #[test]
    fn enabling_the_segments_makes_fine_named_data_needed() {
        let mut processing = Processing::default();
        processing.purposes.get_mut(&Purpose::Segments).expect("listed").enabled = true;
        let flags = flags(&processing);
        assert!(
            !flags.contains("finer:energy") && !flags.contains("identifiers:motion") && !flags.contains("retention")
        );
        assert!(
            unserved(&processing)
                .iter()
                .any(|problem| problem.contains("Analytics partner may not retrieve smart-meter energy")),
            "the partner needs energy for the segments"
        );
    }
}
