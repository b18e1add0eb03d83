//! The threshold analysis (ISO/IEC 29134 6.2; GDPR Art. 35(1), (3)): the nine criteria of the WP 248 rev.01
//! guidelines and the three cases of Art. 35(3), checked against one of three services, and the decision whether
//! a DPIA is required. Each scenario states its facts; the lab knows which criteria they meet, which they do not,
//! and which are arguable either way (not graded).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// A WP 248 rev.01 criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Criterion {
    Evaluation,
    AutomatedDecision,
    SystematicMonitoring,
    SensitiveData,
    LargeScale,
    Combining,
    Vulnerable,
    Innovative,
    PreventsRight,
}

impl Criterion {
    pub const ALL: [Criterion; 9] = [
        Criterion::Evaluation,
        Criterion::AutomatedDecision,
        Criterion::SystematicMonitoring,
        Criterion::SensitiveData,
        Criterion::LargeScale,
        Criterion::Combining,
        Criterion::Vulnerable,
        Criterion::Innovative,
        Criterion::PreventsRight,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Criterion::Evaluation => "evaluation",
            Criterion::AutomatedDecision => "automated-decision",
            Criterion::SystematicMonitoring => "systematic-monitoring",
            Criterion::SensitiveData => "sensitive-data",
            Criterion::LargeScale => "large-scale",
            Criterion::Combining => "combining",
            Criterion::Vulnerable => "vulnerable",
            Criterion::Innovative => "innovative",
            Criterion::PreventsRight => "prevents-right",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Criterion::Evaluation => "Evaluation or scoring, including profiling",
            Criterion::AutomatedDecision => "Automated decisions with legal or similarly significant effect",
            Criterion::SystematicMonitoring => "Systematic monitoring",
            Criterion::SensitiveData => "Sensitive data or data of a highly personal nature",
            Criterion::LargeScale => "Data processed on a large scale",
            Criterion::Combining => "Matching or combining data sets",
            Criterion::Vulnerable => "Data concerning vulnerable people",
            Criterion::Innovative => "Innovative use or new technological solutions",
            Criterion::PreventsRight => "Processing that prevents people from exercising a right or using a service",
        }
    }
    pub fn parse(text: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|criterion| criterion.key() == text)
    }
}

/// A case of GDPR Art. 35(3), in which a DPIA is always required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Art35Case {
    A,
    B,
    C,
}

impl Art35Case {
    pub const ALL: [Art35Case; 3] = [Art35Case::A, Art35Case::B, Art35Case::C];
    pub fn key(self) -> &'static str {
        match self {
            Art35Case::A => "a",
            Art35Case::B => "b",
            Art35Case::C => "c",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Art35Case::A => {
                "Art. 35(3)(a): systematic and extensive automated evaluation, including profiling, with decisions of legal or similarly significant effect"
            }
            Art35Case::B => "Art. 35(3)(b): special categories or criminal-offence data on a large scale",
            Art35Case::C => "Art. 35(3)(c): systematic monitoring of a publicly accessible area on a large scale",
        }
    }
    pub fn parse(text: &str) -> Option<Art35Case> {
        Art35Case::ALL.into_iter().find(|case| case.key() == text)
    }
}

/// What a scenario's facts say about a criterion or case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    Met(&'static str),
    NotMet(&'static str),
    /// Reasonable people differ; either answer is accepted.
    Arguable(&'static str),
}

impl Finding {
    pub fn reason(self) -> &'static str {
        match self {
            Finding::Met(reason) | Finding::NotMet(reason) | Finding::Arguable(reason) => reason,
        }
    }
}

/// A service whose threshold the student analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    #[default]
    Household,
    Homesense,
    ConnectedToy,
}

impl Scenario {
    pub const ALL: [Scenario; 3] = [Scenario::Household, Scenario::Homesense, Scenario::ConnectedToy];
    pub fn key(self) -> &'static str {
        match self {
            Scenario::Household => "household",
            Scenario::Homesense => "homesense",
            Scenario::ConnectedToy => "connected-toy",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Scenario::Household => "NordWatt's household energy service (the privacy lab's household)",
            Scenario::Homesense => "HomeSense with Care and lifestyle segments (the chapter's worked example)",
            Scenario::ConnectedToy => "A connected toy that talks with children",
        }
    }
    pub fn facts(self) -> &'static str {
        match self {
            Scenario::Household => {
                "NordWatt's platform receives, from 40 000 homes such as Ana Lind's, smart-meter energy every 15 minutes, motion per room and temperature per room, around the clock. NordWatt bills from the energy, a heating app reads the temperatures and an analytics partner studies occupancy. The residents are adults; nobody is scored and no decision is taken about them automatically; nothing is combined with other data sets."
            }
            Scenario::Homesense => {
                "NordWatt's HomeSense for 100 000 homes: a clamp measures power every ten seconds and motion sensors report activity; appliance recognition from energy signatures; Care alerts a relative when an older customer living alone shows no activity by 10:00; grid statistics; and marketing's lifestyle segments sold to partners. Sensor data is joined with customer and billing records."
            }
            Scenario::ConnectedToy => {
                "A talking doll sold in 200 000 homes across the EU: while a child holds its button, it records the child's voice and sends it to the manufacturer's cloud for speech recognition, which answers; transcripts are kept to improve the speech model; parents see the conversations in an app. Nothing is decided about the child, and the toy works only with its cloud account."
            }
        }
    }

    /// What the facts say about each WP 248 criterion.
    pub fn criterion(self, criterion: Criterion) -> Finding {
        use Criterion::*;
        use Finding::*;
        match (self, criterion) {
            (Scenario::Household, Evaluation) => {
                NotMet("nobody is scored or profiled: the study counts occupied hours")
            }
            (Scenario::Household, AutomatedDecision) => NotMet("no decision is taken about the residents"),
            (Scenario::Household, SystematicMonitoring) => Met("energy and motion are sensed continuously in the home"),
            (Scenario::Household, SensitiveData) => Met("readings from inside the home reveal private life"),
            (Scenario::Household, LargeScale) => Met("40 000 homes, around the clock"),
            (Scenario::Household, Combining) => NotMet("no data set is matched with another"),
            (Scenario::Household, Vulnerable) => NotMet("the residents are adults, with no imbalance of power"),
            (Scenario::Household, Innovative) => {
                Arguable("smart meters are established, but motion per room on an energy platform is less so")
            }
            (Scenario::Household, PreventsRight) => NotMet("no right or service depends on the data"),
            (Scenario::Homesense, Evaluation) => Met("lifestyle segments profile households"),
            (Scenario::Homesense, AutomatedDecision) => {
                NotMet("no decision with legal or similar effect is taken automatically; a relative decides")
            }
            (Scenario::Homesense, SystematicMonitoring) => Met("continuous power and motion sensing"),
            (Scenario::Homesense, SensitiveData) => Met("life at home, and health-related inferences for Care"),
            (Scenario::Homesense, LargeScale) => Met("100 000 homes"),
            (Scenario::Homesense, Combining) => Met("sensor data joined with customer and billing records"),
            (Scenario::Homesense, Vulnerable) => Met("older customers living alone"),
            (Scenario::Homesense, Innovative) => Met("appliance recognition from energy signatures"),
            (Scenario::Homesense, PreventsRight) => NotMet("no right or service is made conditional on the data"),
            (Scenario::ConnectedToy, Evaluation) => NotMet("the child is not scored or profiled"),
            (Scenario::ConnectedToy, AutomatedDecision) => NotMet("nothing is decided about the child"),
            (Scenario::ConnectedToy, SystematicMonitoring) => {
                Arguable("it records only while the button is held, but in the home, day after day")
            }
            (Scenario::ConnectedToy, SensitiveData) => Met("a child's voice and conversations at home"),
            (Scenario::ConnectedToy, LargeScale) => Met("200 000 homes across the EU"),
            (Scenario::ConnectedToy, Combining) => NotMet("no data set is matched with another"),
            (Scenario::ConnectedToy, Vulnerable) => Met("children"),
            (Scenario::ConnectedToy, Innovative) => {
                Met("speech recognition in a toy, with a model trained on transcripts")
            }
            (Scenario::ConnectedToy, PreventsRight) => {
                Arguable("the toy works only with its cloud account, but no right is blocked")
            }
        }
    }

    /// What the facts say about each case of Art. 35(3).
    pub fn case(self, case: Art35Case) -> Finding {
        use Finding::*;
        match (self, case) {
            (_, Art35Case::A) => {
                NotMet("no decision with legal or similarly significant effect is based on the evaluation")
            }
            (Scenario::Homesense, Art35Case::B) => Arguable(
                "Care's daily fact about an older person's morning can hint at their health, but it concerns only the Care customers",
            ),
            (Scenario::Household, Art35Case::B) => NotMet("energy, motion and temperature are not special categories"),
            (Scenario::ConnectedToy, Art35Case::B) => {
                NotMet("a voice processed to be understood, not to identify the child, is not biometric data here")
            }
            (_, Art35Case::C) => NotMet("a home is not a publicly accessible area"),
        }
    }

    pub fn parse(text: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|scenario| scenario.key() == text)
    }
}

/// The student's threshold analysis.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ThresholdAnswer {
    pub scenario: Scenario,
    #[serde(default)]
    pub criteria: BTreeSet<Criterion>,
    #[serde(default)]
    pub cases: BTreeSet<Art35Case>,
    /// `Some(true)`: a DPIA is required.
    #[serde(default)]
    pub decision: Option<bool>,
}

/// How the student's analysis compares with the facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThresholdReview {
    /// Criteria the facts meet that are not ticked.
    pub missed: Vec<Criterion>,
    /// Criteria ticked that the facts do not meet.
    pub wrong: Vec<Criterion>,
    pub missed_cases: Vec<Art35Case>,
    pub wrong_cases: Vec<Art35Case>,
    /// Whether the facts require a DPIA.
    pub required: bool,
}

/// Whether the scenario needs a DPIA: an Art. 35(3) case, or two or more WP 248 criteria (in most cases, per the
/// guidelines).
pub fn required(scenario: Scenario) -> bool {
    let met = Criterion::ALL.into_iter().filter(|criterion| matches!(scenario.criterion(*criterion), Finding::Met(_)));
    met.count() >= 2 || Art35Case::ALL.into_iter().any(|case| matches!(scenario.case(case), Finding::Met(_)))
}

impl ThresholdAnswer {
    pub fn review(&self) -> ThresholdReview {
        let scenario = self.scenario;
        let missed = Criterion::ALL
            .into_iter()
            .filter(|criterion| {
                matches!(scenario.criterion(*criterion), Finding::Met(_)) && !self.criteria.contains(criterion)
            })
            .collect();
        let wrong = Criterion::ALL
            .into_iter()
            .filter(|criterion| {
                matches!(scenario.criterion(*criterion), Finding::NotMet(_)) && self.criteria.contains(criterion)
            })
            .collect();
        let missed_cases = Art35Case::ALL
            .into_iter()
            .filter(|case| matches!(scenario.case(*case), Finding::Met(_)) && !self.cases.contains(case))
            .collect();
        let wrong_cases = Art35Case::ALL
            .into_iter()
            .filter(|case| matches!(scenario.case(*case), Finding::NotMet(_)) && self.cases.contains(case))
            .collect();
        ThresholdReview { missed, wrong, missed_cases, wrong_cases, required: required(scenario) }
    }

    /// The decision as the student's ticks support it: an Art. 35(3) case or at least two criteria.
    pub fn ticks_support_a_dpia(&self) -> bool {
        !self.cases.is_empty() || self.criteria.len() >= 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_of_the_book_needs_a_dpia_for_its_own_reasons() {
        for scenario in Scenario::ALL {
            assert!(required(scenario), "{scenario:?}");
        }
        let met = |scenario: Scenario| {
            Criterion::ALL
                .into_iter()
                .filter(|criterion| matches!(scenario.criterion(*criterion), Finding::Met(_)))
                .count()
        };
        assert_eq!(met(Scenario::Household), 3);
        assert_eq!(met(Scenario::Homesense), 7, "the worked example's seven criteria");
        assert_eq!(met(Scenario::ConnectedToy), 4);
    }

    #[test]
    fn the_review_names_missed_and_wrong_ticks_and_ignores_arguable_ones() {
        let mut answer = ThresholdAnswer { scenario: Scenario::Household, ..ThresholdAnswer::default() };
        answer.criteria.extend([Criterion::SystematicMonitoring, Criterion::Vulnerable, Criterion::Innovative]);
        answer.cases.insert(Art35Case::C);
        let review = answer.review();
        assert_eq!(review.missed, vec![Criterion::SensitiveData, Criterion::LargeScale]);
        assert_eq!(review.wrong, vec![Criterion::Vulnerable]);
        assert_eq!((review.missed_cases, review.wrong_cases), (vec![], vec![Art35Case::C]));
        assert!(review.required && answer.ticks_support_a_dpia());
    }

    #[test]
    fn keys_parse_back() {
        for criterion in Criterion::ALL {
            assert_eq!(Criterion::parse(criterion.key()), Some(criterion));
        }
        for scenario in Scenario::ALL {
            assert_eq!(Scenario::parse(scenario.key()), Some(scenario));
        }
        for case in Art35Case::ALL {
            assert_eq!(Art35Case::parse(case.key()), Some(case));
        }
        assert_eq!(Criterion::parse("vibes"), None);
    }
}
