//! The risk register: threats written as "who could do what to which asset" with the vulnerability behind them,
//! their status (candidate, accepted, rejected with a reason), scores on the chapter's scale (likelihood and impact
//! 1-3, risk = likelihood x impact; 1-2 low, 3-4 medium, 6-9 high), treatment, countermeasures and residual risk;
//! the risk matrix, and the register as CSV and Markdown.

use serde::{Deserialize, Serialize};

use crate::catalogue::find_countermeasure;
use crate::diagram::Diagram;
use crate::method::Category;

/// Where a threat stands in the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum Status {
    /// Generated, not reviewed yet.
    Candidate,
    Accepted,
    Rejected {
        reason: String,
    },
}

/// The four classic risk treatments (ISO/IEC 27005): reduce, avoid, share (transfer), accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Treatment {
    Reduce,
    Avoid,
    Share,
    Accept,
}

impl Treatment {
    pub const ALL: [Treatment; 4] = [Treatment::Reduce, Treatment::Avoid, Treatment::Share, Treatment::Accept];

    pub fn label(self) -> &'static str {
        match self {
            Treatment::Reduce => "Reduce",
            Treatment::Avoid => "Avoid",
            Treatment::Share => "Share (transfer)",
            Treatment::Accept => "Accept",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Treatment::Reduce => "reduce",
            Treatment::Avoid => "avoid",
            Treatment::Share => "share",
            Treatment::Accept => "accept",
        }
    }

    pub fn parse(text: &str) -> Option<Treatment> {
        Treatment::ALL.into_iter().find(|treatment| treatment.code() == text.trim())
    }
}

/// A likelihood and an impact, each 1 to 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Score {
    pub likelihood: u8,
    pub impact: u8,
}

/// A risk's band on the chapter's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

impl Score {
    /// A score on the 1-3 scale, or `None` outside it.
    pub fn new(likelihood: u8, impact: u8) -> Option<Score> {
        let on_scale = |value: u8| (1..=3).contains(&value);
        (on_scale(likelihood) && on_scale(impact)).then_some(Score { likelihood, impact })
    }

    pub fn risk(self) -> u8 {
        self.likelihood * self.impact
    }

    pub fn level(self) -> Level {
        match self.risk() {
            0..=2 => Level::Low,
            3..=4 => Level::Medium,
            _ => Level::High,
        }
    }
}

/// How much an attacker needs for one factor of attack potential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Little,
    Medium,
    ALot,
}

impl Need {
    pub const ALL: [Need; 3] = [Need::Little, Need::Medium, Need::ALot];

    pub fn label(self) -> &'static str {
        match self {
            Need::Little => "little",
            Need::Medium => "some",
            Need::ALot => "a lot",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Need::Little => "little",
            Need::Medium => "some",
            Need::ALot => "a-lot",
        }
    }

    pub fn parse(text: &str) -> Option<Need> {
        Need::ALL.into_iter().find(|need| need.code() == text.trim())
    }

    fn points(self) -> u8 {
        match self {
            Need::Little => 0,
            Need::Medium => 1,
            Need::ALot => 2,
        }
    }
}

/// The attack-potential factors the chapter names (elapsed time, expertise, knowledge of the target, window of
/// opportunity, equipment), in that order.
pub const POTENTIAL_FACTORS: [&str; 5] =
    ["Elapsed time", "Expertise", "Knowledge of the target", "Window of opportunity", "Equipment"];

/// A likelihood on the 1-3 scale from what an attack needs: the less attack potential it needs, the likelier it is.
/// A deliberate simplification of TS 102 165-1's calculation (which has its own values): each factor counts 0
/// (little), 1 (some) or 2 (a lot); a total of 0-3 is likely (3), 4-6 possible (2), 7-10 unlikely (1).
pub fn likelihood_from_potential(needs: [Need; 5]) -> u8 {
    match needs.iter().map(|need| need.points()).sum::<u8>() {
        0..=3 => 3,
        4..=6 => 2,
        _ => 1,
    }
}

/// The highest residual risk the lab calls acceptable (a medium risk of 3, as in the chapter's worked example).
pub const ACCEPTABLE_RISK: u8 = 3;

/// One row of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threat {
    pub id: String,
    /// The element or flow it is about.
    pub target: String,
    pub category: Category,
    pub who: String,
    pub what: String,
    pub asset: String,
    #[serde(default)]
    pub vulnerability: String,
    pub status: Status,
    /// 1 to 3, once the student chose it.
    #[serde(default)]
    pub likelihood: Option<u8>,
    #[serde(default)]
    pub impact: Option<u8>,
    #[serde(default)]
    pub treatment: Option<Treatment>,
    #[serde(default)]
    pub countermeasures: Vec<String>,
    /// The student's priority (1 = fix first).
    #[serde(default)]
    pub rank: Option<u8>,
    /// Why the residual risk is what it is, and who owns it.
    #[serde(default)]
    pub residual_note: String,
}

impl Threat {
    pub fn is_accepted(&self) -> bool {
        self.status == Status::Accepted
    }

    /// "An attacker could pretend to be the gateway, harming the gateway's admin account"
    pub fn sentence(&self) -> String {
        format!("{} could {}, harming {}", self.who.trim(), self.what.trim(), self.asset.trim())
    }

    /// Likelihood and impact, once both are chosen.
    pub fn score(&self) -> Option<Score> {
        Score::new(self.likelihood?, self.impact?)
    }

    pub fn risk(&self) -> Option<u8> {
        self.score().map(Score::risk)
    }

    /// The score after treatment: accepting keeps the risk; sharing moves part of the impact to another party
    /// (impact - 1); reducing and avoiding apply the chosen countermeasures (each lowers likelihood or impact,
    /// never below 1). Without a treatment the residual is the risk itself.
    pub fn residual(&self) -> Option<Score> {
        let score = self.score()?;
        let (mut likelihood, mut impact) = (score.likelihood, score.impact);
        let treatment = self.treatment;
        if treatment == Some(Treatment::Share) {
            impact = impact.saturating_sub(1);
        }
        if matches!(treatment, Some(Treatment::Reduce | Treatment::Avoid | Treatment::Share)) {
            for countermeasure in self.countermeasures.iter().filter_map(|id| find_countermeasure(id)) {
                if countermeasure.counters.contains(&self.category) {
                    likelihood = likelihood.saturating_sub(countermeasure.lowers_likelihood);
                    impact = impact.saturating_sub(countermeasure.lowers_impact);
                }
            }
        }
        Some(Score { likelihood: likelihood.max(1), impact: impact.max(1) })
    }

    pub fn residual_risk(&self) -> Option<u8> {
        self.residual().map(Score::risk)
    }
}

/// The accepted threats, highest risk first (unscored last), ties in register order.
pub fn by_risk(threats: &[Threat]) -> Vec<&Threat> {
    let mut accepted: Vec<&Threat> = threats.iter().filter(|threat| threat.is_accepted()).collect();
    accepted.sort_by_key(|threat| std::cmp::Reverse(threat.risk().unwrap_or(0)));
    accepted
}

/// How many accepted threats fall in each cell: `matrix[likelihood - 1][impact - 1]`, before treatment or after.
pub fn risk_matrix(threats: &[Threat], residual: bool) -> [[usize; 3]; 3] {
    let mut matrix = [[0; 3]; 3];
    for threat in threats.iter().filter(|threat| threat.is_accepted()) {
        let score = if residual { threat.residual() } else { threat.score() };
        if let Some(score) = score {
            matrix[usize::from(score.likelihood) - 1][usize::from(score.impact) - 1] += 1;
        }
    }
    matrix
}

const COLUMNS: [&str; 13] = [
    "ID",
    "Element or flow",
    "Category",
    "Threat",
    "Asset",
    "Vulnerability",
    "L",
    "I",
    "Risk",
    "Treatment",
    "Countermeasures (implements)",
    "Residual",
    "Residual note",
];

fn rows(diagram: &Diagram, threats: &[Threat]) -> Vec<[String; 13]> {
    by_risk(threats)
        .into_iter()
        .map(|threat| {
            let number = |value: Option<u8>| value.map(|value| value.to_string()).unwrap_or_default();
            let countermeasures = threat
                .countermeasures
                .iter()
                .filter_map(|id| find_countermeasure(id))
                .map(|countermeasure| format!("{} ({})", countermeasure.name, countermeasure.citations()))
                .collect::<Vec<_>>()
                .join("; ");
            [
                threat.id.clone(),
                diagram.name_of(&threat.target).unwrap_or(&threat.target).to_owned(),
                threat.category.label().to_owned(),
                format!("{} could {}", threat.who.trim(), threat.what.trim()),
                threat.asset.trim().to_owned(),
                threat.vulnerability.trim().to_owned(),
                number(threat.likelihood),
                number(threat.impact),
                number(threat.risk()),
                threat.treatment.map(|treatment| treatment.label().to_owned()).unwrap_or_default(),
                countermeasures,
                number(threat.residual_risk()),
                threat.residual_note.trim().to_owned(),
            ]
        })
        .collect()
}

/// A CSV field: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-` or `@` is prefixed with
/// `'` so that a spreadsheet shows the text instead of running it as a formula.
pub fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// The accepted threats as CSV (RFC 4180, CRLF line ends), highest risk first.
pub fn register_csv(diagram: &Diagram, threats: &[Threat]) -> String {
    let mut lines = vec![COLUMNS.iter().map(|column| csv_field(column)).collect::<Vec<_>>().join(",")];
    for row in rows(diagram, threats) {
        lines.push(row.iter().map(|field| csv_field(field)).collect::<Vec<_>>().join(","));
    }
    lines.join("\r\n") + "\r\n"
}

fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The accepted threats as a Markdown table, highest risk first, for a report.
pub fn register_markdown(title: &str, diagram: &Diagram, threats: &[Threat]) -> String {
    let mut text = format!("# {}\n\n", markdown_cell(title));
    text.push_str("Likelihood (L) and impact (I) on the 1-3 scale; risk = L x I.\n\n");
    text.push_str(&format!("| {} |\n", COLUMNS.join(" | ")));
    text.push_str(&format!("|{}\n", "---|".repeat(COLUMNS.len())));
    for row in rows(diagram, threats) {
        let cells: Vec<String> = row.iter().map(|cell| markdown_cell(cell)).collect();
        text.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn threat(category: Category, likelihood: u8, impact: u8) -> Threat {
        Threat {
            id: "t1".into(),
            target: "gateway".into(),
            category,
            who: "A visitor on the guest Wi-Fi".into(),
            what: "log in to the admin page".into(),
            asset: "the gateway".into(),
            vulnerability: "the same default password on every gateway".into(),
            status: Status::Accepted,
            likelihood: Some(likelihood),
            impact: Some(impact),
            treatment: None,
            countermeasures: vec![],
            rank: None,
            residual_note: String::new(),
        }
    }

    #[test]
    fn mirai_needed_almost_no_attack_potential() {
        use Need::*;
        assert_eq!(likelihood_from_potential([Little; 5]), 3, "a published password list and a laptop");
        assert_eq!(likelihood_from_potential([Medium, Medium, Medium, Little, Medium]), 2);
        assert_eq!(likelihood_from_potential([ALot, ALot, Medium, ALot, Medium]), 1, "a lab and insider documents");
        assert_eq!(likelihood_from_potential([ALot, ALot, ALot, Little, Little]), 2, "6 points is still possible");
        assert_eq!(likelihood_from_potential([ALot, ALot, ALot, Medium, Little]), 1);
        for need in Need::ALL {
            assert_eq!(Need::parse(need.code()), Some(need));
        }
    }

    #[test]
    fn the_chapter_scale() {
        assert_eq!(Score::new(3, 3).map(Score::risk), Some(9));
        assert_eq!(Score::new(0, 2), None);
        assert_eq!(Score::new(2, 4), None);
        assert_eq!(Score::new(2, 2).map(Score::level), Some(Level::Medium));
        assert_eq!(Score::new(2, 3).map(Score::level), Some(Level::High));
        assert_eq!(Score::new(1, 2).map(Score::level), Some(Level::Low));
    }

    #[test]
    fn residual_risk_follows_the_treatment_and_only_fitting_countermeasures() {
        let mut risk = threat(Category::ElevationOfPrivilege, 3, 3);
        risk.countermeasures = vec!["unique-passwords".into(), "rate-limits".into()];
        assert_eq!(risk.residual_risk(), Some(9), "no treatment chosen yet");
        risk.treatment = Some(Treatment::Accept);
        assert_eq!(risk.residual_risk(), Some(9), "accepting keeps the risk");
        risk.treatment = Some(Treatment::Reduce);
        assert_eq!(risk.residual(), Score::new(1, 3), "rate limits do not counter elevation of privilege");
        risk.treatment = Some(Treatment::Share);
        assert_eq!(risk.residual(), Score::new(1, 2));
        risk.countermeasures.push("management-network".into());
        risk.treatment = Some(Treatment::Reduce);
        assert_eq!(risk.residual(), Score::new(1, 3), "never below 1");
    }

    #[test]
    fn the_matrix_counts_accepted_threats_only() {
        let mut rejected = threat(Category::Spoofing, 3, 3);
        rejected.status = Status::Rejected { reason: "no radio".into() };
        let mut reduced = threat(Category::Spoofing, 3, 3);
        reduced.treatment = Some(Treatment::Reduce);
        reduced.countermeasures = vec!["unique-passwords".into()];
        let threats = vec![threat(Category::Tampering, 2, 3), rejected, reduced];
        let before = risk_matrix(&threats, false);
        assert_eq!((before[2][2], before[1][2]), (1, 1));
        let after = risk_matrix(&threats, true);
        assert_eq!((after[2][2], after[0][2], after[1][2]), (0, 1, 1));
        assert_eq!(by_risk(&threats).iter().map(|threat| threat.risk()).collect::<Vec<_>>(), vec![Some(9), Some(6)]);
    }

    #[test]
    fn exports_escape_what_the_student_wrote() {
        let diagram = crate::reference::security().diagram;
        let mut risky = threat(Category::Spoofing, 3, 3);
        risky.vulnerability = "a \"default\" password, admin|admin\nprinted".into();
        risky.who = "=HYPERLINK(\"x\")".into();
        risky.treatment = Some(Treatment::Reduce);
        risky.countermeasures = vec!["unique-passwords".into()];
        let csv = register_csv(&diagram, std::slice::from_ref(&risky));
        assert!(csv.starts_with("ID,Element or flow,Category,Threat,"), "{csv}");
        assert!(csv.contains("\"a \"\"default\"\" password, admin|admin\nprinted\""), "{csv}");
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\") could"), "a formula is defused: {csv}");
        assert!(csv.contains("Gateway MN-CSE") && csv.contains("EN 303 645 5.1-1"), "{csv}");
        let markdown = register_markdown("Risk register", &diagram, &[risky]);
        let row = markdown.lines().last().expect("a row");
        assert!(row.contains("admin\\|admin printed") && row.ends_with(" |"), "{markdown}");
        assert_eq!(row.matches(" | ").count(), COLUMNS.len() - 1, "one cell per column: {row}");
    }

    proptest! {
        #[test]
        fn residual_never_exceeds_the_risk_and_stays_on_the_scale(
            likelihood in 1u8..=3,
            impact in 1u8..=3,
            treatment in prop::option::of(prop::sample::select(Treatment::ALL.to_vec())),
            picks in prop::collection::vec(0usize..crate::catalogue::CATALOGUE.len(), 0..5),
            category in prop::sample::select(Category::ALL.to_vec()),
        ) {
            let mut risk = threat(category, likelihood, impact);
            risk.treatment = treatment;
            risk.countermeasures = picks.iter().map(|pick| crate::catalogue::CATALOGUE[*pick].id.to_owned()).collect();
            let residual = risk.residual().expect("scored");
            prop_assert!(Score::new(residual.likelihood, residual.impact).is_some());
            prop_assert!(residual.likelihood <= likelihood && residual.impact <= impact);
        }

        #[test]
        fn csv_fields_never_break_a_row(text in ".{0,40}") {
            let field = csv_field(&text);
            let quoted = field.starts_with('"') && field.ends_with('"') && field.len() >= 2;
            prop_assert!(quoted || !field.contains([',', '"', '\n', '\r']));
            if quoted {
                let inner = &field[1..field.len() - 1];
                prop_assert!(!inner.replace("\"\"", "").contains('"'));
            }
        }
    }
}
