//! A threat model being built: the diagram, the register of threats and the attack tree of one mode (security with
//! STRIDE, privacy with LINDDUN). Every edit is checked and explained; the model file (JSON) is validated as a
//! whole, so a bad file changes nothing.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::attack_tree::{AttackTree, TreeError};
use crate::catalogue::find_countermeasure;
use crate::diagram::{Diagram, DiagramError, ElementKind};
use crate::method::{Category, Method, categories_for};
use crate::register::{Score, Status, Threat, Treatment};

/// The lab's two modes, each with its checklist and its starting deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Security,
    Privacy,
}

impl Mode {
    pub fn method(self) -> Method {
        match self {
            Mode::Security => Method::Stride,
            Mode::Privacy => Method::Linddun,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Mode::Security => "security",
            Mode::Privacy => "privacy",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mode::Security => "Security (STRIDE)",
            Mode::Privacy => "Privacy (LINDDUN)",
        }
    }

    pub fn parse(text: &str) -> Option<Mode> {
        match text.trim() {
            "security" => Some(Mode::Security),
            "privacy" => Some(Mode::Privacy),
            _ => None,
        }
    }

    /// The book's deployment this mode starts from.
    pub fn reference(self) -> Workspace {
        match self {
            Mode::Security => crate::reference::security(),
            Mode::Privacy => crate::reference::privacy(),
        }
    }
}

/// A text field of a threat the student writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreatField {
    Who,
    What,
    Asset,
    Vulnerability,
    ResidualNote,
}

impl ThreatField {
    pub fn label(self) -> &'static str {
        match self {
            ThreatField::Who => "Who",
            ThreatField::What => "could do what",
            ThreatField::Asset => "to which asset",
            ThreatField::Vulnerability => "Vulnerability",
            ThreatField::ResidualNote => "Residual risk: why, and who owns it",
        }
    }
}

/// The longest text the lab keeps in one field.
pub const MAX_TEXT: usize = 400;

/// Why an edit was refused, in words for the student.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkError {
    Diagram(DiagramError),
    Tree(TreeError),
    NoSuchThreat(String),
    NoSuchTarget(String),
    Missing(ThreatField),
    ReasonNeeded,
    TooLong,
    WrongMethod(Category, Method),
    UnknownCountermeasure(String),
    DoesNotCounter { countermeasure: &'static str, category: Category },
    ScoreOffScale,
    RankOffScale(u8),
}

impl fmt::Display for WorkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkError::Diagram(error) => error.fmt(f),
            WorkError::Tree(error) => error.fmt(f),
            WorkError::NoSuchThreat(id) => write!(f, "there is no threat `{id}`"),
            WorkError::NoSuchTarget(id) => write!(f, "the diagram has no element or flow `{id}`"),
            WorkError::Missing(field) => write!(f, "write “{}” first", field.label()),
            WorkError::ReasonNeeded => f.write_str("say why you reject it (for example: no plausible vulnerability)"),
            WorkError::TooLong => write!(f, "at most {MAX_TEXT} characters"),
            WorkError::WrongMethod(category, method) => {
                write!(f, "{} is not a {} category", category.label(), method.label())
            }
            WorkError::UnknownCountermeasure(id) => write!(f, "`{id}` is not in the catalogue"),
            WorkError::DoesNotCounter { countermeasure, category } => {
                write!(f, "“{countermeasure}” does not counter {}", category.label().to_lowercase())
            }
            WorkError::ScoreOffScale => f.write_str("likelihood and impact are 1, 2 or 3"),
            WorkError::RankOffScale(rank) => write!(f, "a priority is 1 to 9, not {rank}"),
        }
    }
}

impl From<DiagramError> for WorkError {
    fn from(error: DiagramError) -> Self {
        WorkError::Diagram(error)
    }
}

impl From<TreeError> for WorkError {
    fn from(error: TreeError) -> Self {
        WorkError::Tree(error)
    }
}

/// A threat the student adds by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreatDraft {
    pub target: String,
    pub category: String,
    pub who: String,
    pub what: String,
    pub asset: String,
    pub vulnerability: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub mode: Mode,
    pub diagram: Diagram,
    pub threats: Vec<Threat>,
    pub tree: AttackTree,
    /// Where fresh ids continue.
    pub next_id: u32,
}

fn checked_text(text: &str) -> Result<String, WorkError> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT { Err(WorkError::TooLong) } else { Ok(text.to_owned()) }
}

impl Workspace {
    pub fn new(mode: Mode, diagram: Diagram, tree: AttackTree) -> Workspace {
        Workspace { mode, diagram, threats: Vec::new(), tree, next_id: 1 }
    }

    pub fn method(&self) -> Method {
        self.mode.method()
    }

    /// An id no element, flow, boundary, threat or tree node has.
    pub fn fresh_id(&mut self, prefix: &str) -> String {
        loop {
            let id = format!("{prefix}{}", self.next_id);
            self.next_id += 1;
            let taken = self.diagram.has_id(&id)
                || self.threats.iter().any(|threat| threat.id == id)
                || self.tree.node(&id).is_some();
            if !taken {
                return id;
            }
        }
    }

    pub fn threat(&self, id: &str) -> Option<&Threat> {
        self.threats.iter().find(|threat| threat.id == id)
    }

    fn threat_mut(&mut self, id: &str) -> Result<&mut Threat, WorkError> {
        self.threats.iter_mut().find(|threat| threat.id == id).ok_or_else(|| WorkError::NoSuchThreat(id.to_owned()))
    }

    /// The threats about the element or flow `target`.
    pub fn threats_on<'a>(&'a self, target: &'a str) -> impl Iterator<Item = &'a Threat> + 'a {
        self.threats.iter().filter(move |threat| threat.target == target)
    }

    /// Adds a candidate threat for every category of the mode's checklist that applies to each element and flow
    /// (per element), unless one is already there; returns how many were added.
    pub fn generate(&mut self) -> usize {
        let method = self.method();
        let mut wanted = Vec::new();
        for (target, name) in self.diagram.targets() {
            let Some(kind) = self.diagram.target_kind(target) else { continue };
            for category in categories_for(method, kind) {
                if !self.threats.iter().any(|threat| threat.target == target && threat.category == category) {
                    wanted.push((target.to_owned(), name.to_owned(), category));
                }
            }
        }
        let added = wanted.len();
        for (target, name, category) in wanted {
            let (who, what) = category.draft(&name);
            let id = self.fresh_id("t");
            self.threats.push(Threat {
                id,
                target,
                category,
                who,
                what,
                asset: name,
                vulnerability: String::new(),
                status: Status::Candidate,
                likelihood: None,
                impact: None,
                treatment: None,
                countermeasures: Vec::new(),
                rank: None,
                residual_note: String::new(),
            });
        }
        added
    }

    /// Adds a threat written by the student (accepted: they wrote it because they believe it).
    pub fn add_threat(&mut self, draft: &ThreatDraft) -> Result<String, WorkError> {
        if self.diagram.target_kind(&draft.target).is_none() {
            return Err(WorkError::NoSuchTarget(draft.target.clone()));
        }
        let category = Category::parse(&draft.category).ok_or(WorkError::Missing(ThreatField::What))?;
        if category.method() != self.method() {
            return Err(WorkError::WrongMethod(category, self.method()));
        }
        let mut texts = Vec::new();
        for (field, text) in
            [(ThreatField::Who, &draft.who), (ThreatField::What, &draft.what), (ThreatField::Asset, &draft.asset)]
        {
            let text = checked_text(text)?;
            if text.is_empty() {
                return Err(WorkError::Missing(field));
            }
            texts.push(text);
        }
        let vulnerability = checked_text(&draft.vulnerability)?;
        let id = self.fresh_id("t");
        let [who, what, asset]: [String; 3] = texts.try_into().map_err(|_| WorkError::Missing(ThreatField::Who))?;
        self.threats.push(Threat {
            id: id.clone(),
            target: draft.target.clone(),
            category,
            who,
            what,
            asset,
            vulnerability,
            status: Status::Accepted,
            likelihood: None,
            impact: None,
            treatment: None,
            countermeasures: Vec::new(),
            rank: None,
            residual_note: String::new(),
        });
        Ok(id)
    }

    pub fn set_text(&mut self, id: &str, field: ThreatField, text: &str) -> Result<(), WorkError> {
        let text = checked_text(text)?;
        let threat = self.threat_mut(id)?;
        if text.is_empty() && matches!(field, ThreatField::Who | ThreatField::What | ThreatField::Asset) {
            return Err(WorkError::Missing(field));
        }
        match field {
            ThreatField::Who => threat.who = text,
            ThreatField::What => threat.what = text,
            ThreatField::Asset => threat.asset = text,
            ThreatField::Vulnerability => threat.vulnerability = text,
            ThreatField::ResidualNote => threat.residual_note = text,
        }
        Ok(())
    }

    pub fn accept(&mut self, id: &str) -> Result<(), WorkError> {
        self.threat_mut(id)?.status = Status::Accepted;
        Ok(())
    }

    pub fn reject(&mut self, id: &str, reason: &str) -> Result<(), WorkError> {
        let reason = checked_text(reason)?;
        if reason.is_empty() {
            return Err(WorkError::ReasonNeeded);
        }
        self.threat_mut(id)?.status = Status::Rejected { reason };
        Ok(())
    }

    /// Back to a candidate, to be reviewed again.
    pub fn reopen(&mut self, id: &str) -> Result<(), WorkError> {
        self.threat_mut(id)?.status = Status::Candidate;
        Ok(())
    }

    pub fn remove_threat(&mut self, id: &str) -> Result<(), WorkError> {
        self.threat_mut(id)?;
        self.threats.retain(|threat| threat.id != id);
        Ok(())
    }

    pub fn score(&mut self, id: &str, likelihood: u8, impact: u8) -> Result<(), WorkError> {
        let score = Score::new(likelihood, impact).ok_or(WorkError::ScoreOffScale)?;
        let threat = self.threat_mut(id)?;
        threat.likelihood = Some(score.likelihood);
        threat.impact = Some(score.impact);
        Ok(())
    }

    /// Sets the likelihood (`None`: not chosen), keeping the impact.
    pub fn set_likelihood(&mut self, id: &str, likelihood: Option<u8>) -> Result<(), WorkError> {
        if likelihood.is_some_and(|value| !(1..=3).contains(&value)) {
            return Err(WorkError::ScoreOffScale);
        }
        self.threat_mut(id)?.likelihood = likelihood;
        Ok(())
    }

    /// Sets the impact (`None`: not chosen), keeping the likelihood.
    pub fn set_impact(&mut self, id: &str, impact: Option<u8>) -> Result<(), WorkError> {
        if impact.is_some_and(|value| !(1..=3).contains(&value)) {
            return Err(WorkError::ScoreOffScale);
        }
        self.threat_mut(id)?.impact = impact;
        Ok(())
    }

    pub fn set_treatment(&mut self, id: &str, treatment: Option<Treatment>) -> Result<(), WorkError> {
        self.threat_mut(id)?.treatment = treatment;
        Ok(())
    }

    pub fn add_countermeasure(&mut self, id: &str, countermeasure: &str) -> Result<(), WorkError> {
        let known = find_countermeasure(countermeasure)
            .ok_or_else(|| WorkError::UnknownCountermeasure(countermeasure.into()))?;
        let threat = self.threat_mut(id)?;
        if !known.counters.contains(&threat.category) {
            return Err(WorkError::DoesNotCounter { countermeasure: known.name, category: threat.category });
        }
        if !threat.countermeasures.iter().any(|chosen| chosen == known.id) {
            threat.countermeasures.push(known.id.to_owned());
        }
        Ok(())
    }

    pub fn remove_countermeasure(&mut self, id: &str, countermeasure: &str) -> Result<(), WorkError> {
        self.threat_mut(id)?.countermeasures.retain(|chosen| chosen != countermeasure);
        Ok(())
    }

    /// Sets a threat's priority (1 = first); a priority another threat had is taken from it.
    pub fn set_rank(&mut self, id: &str, rank: Option<u8>) -> Result<(), WorkError> {
        if let Some(rank) = rank.filter(|rank| !(1..=9).contains(rank)) {
            return Err(WorkError::RankOffScale(rank));
        }
        self.threat_mut(id)?;
        for threat in &mut self.threats {
            if threat.id == id {
                threat.rank = rank;
            } else if rank.is_some() && threat.rank == rank {
                threat.rank = None;
            }
        }
        Ok(())
    }

    /// Adds an element (fresh id), returning its id.
    pub fn add_element(&mut self, name: &str, kind: ElementKind, boundary: Option<&str>) -> Result<String, WorkError> {
        let id = self.fresh_id("e");
        self.diagram.add_element(id.clone(), name, kind, boundary)?;
        Ok(id)
    }

    pub fn connect(&mut self, name: &str, from: &str, to: &str) -> Result<String, WorkError> {
        let id = self.fresh_id("f");
        self.diagram.connect(id.clone(), name, from, to)?;
        Ok(id)
    }

    pub fn add_boundary(&mut self, name: &str) -> Result<String, WorkError> {
        let id = self.fresh_id("b");
        self.diagram.add_boundary(id.clone(), name)?;
        Ok(id)
    }

    /// Removes an element (with its flows), a flow or a boundary, and the threats on what was removed; returns how
    /// many threats went with it.
    pub fn remove_from_diagram(&mut self, id: &str) -> Result<usize, WorkError> {
        let removed = self.diagram.remove(id)?;
        let before = self.threats.len();
        self.threats.retain(|threat| !removed.contains(&threat.target));
        Ok(before - self.threats.len())
    }

    /// The model as the lab's JSON file.
    pub fn to_json(&self) -> String {
        let file = ModelFile { format: MODEL_FORMAT.to_owned(), version: MODEL_VERSION, workspace: self.clone() };
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// Reads a model file, checking all of it: nothing is taken from a file with any fault.
    pub fn from_json(text: &str) -> Result<Workspace, ImportError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|error| ImportError::NotJson(error.to_string()))?;
        if value.get("format").and_then(serde_json::Value::as_str) != Some(MODEL_FORMAT) {
            return Err(ImportError::WrongFormat);
        }
        let version = value.get("version").and_then(serde_json::Value::as_u64);
        if version != Some(u64::from(MODEL_VERSION)) {
            return Err(ImportError::WrongVersion(version));
        }
        let file: ModelFile = serde_json::from_value(value).map_err(|error| ImportError::Invalid(error.to_string()))?;
        file.workspace.validate()?;
        Ok(file.workspace)
    }

    /// Checks what a file or the browser's storage held.
    pub fn validate(&self) -> Result<(), ImportError> {
        self.diagram.validate().map_err(|error| ImportError::Invalid(error.to_string()))?;
        self.tree.validate().map_err(|error| ImportError::Invalid(error.to_string()))?;
        let mut ids = BTreeSet::new();
        for threat in &self.threats {
            let invalid = |why: String| ImportError::Invalid(format!("threat `{}`: {why}", threat.id));
            if threat.id.trim().is_empty() || !ids.insert(threat.id.as_str()) {
                return Err(invalid("its id is empty or repeated".into()));
            }
            if self.diagram.target_kind(&threat.target).is_none() {
                return Err(invalid(format!("it is about `{}`, which the diagram does not have", threat.target)));
            }
            if threat.category.method() != self.method() {
                return Err(invalid(WorkError::WrongMethod(threat.category, self.method()).to_string()));
            }
            if [threat.likelihood, threat.impact].into_iter().flatten().any(|value| !(1..=3).contains(&value)) {
                return Err(invalid(WorkError::ScoreOffScale.to_string()));
            }
            if let Some(rank) = threat.rank.filter(|rank| !(1..=9).contains(rank)) {
                return Err(invalid(WorkError::RankOffScale(rank).to_string()));
            }
            let texts = [&threat.who, &threat.what, &threat.asset, &threat.vulnerability, &threat.residual_note];
            if texts.iter().any(|text| text.chars().count() > MAX_TEXT) {
                return Err(invalid(WorkError::TooLong.to_string()));
            }
            for countermeasure in &threat.countermeasures {
                match find_countermeasure(countermeasure) {
                    None => return Err(invalid(WorkError::UnknownCountermeasure(countermeasure.clone()).to_string())),
                    Some(known) if !known.counters.contains(&threat.category) => {
                        let error = WorkError::DoesNotCounter { countermeasure: known.name, category: threat.category };
                        return Err(invalid(error.to_string()));
                    }
                    Some(_) => {}
                }
            }
        }
        Ok(())
    }
}

/// What the model file says it is.
pub const MODEL_FORMAT: &str = "iot-book-threat-model";
pub const MODEL_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct ModelFile {
    format: String,
    version: u32,
    #[serde(flatten)]
    workspace: Workspace,
}

/// Why a model file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    NotJson(String),
    WrongFormat,
    WrongVersion(Option<u64>),
    Invalid(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotJson(error) => write!(f, "the file is not JSON ({error})"),
            ImportError::WrongFormat => {
                write!(f, "the file is not a threat model exported by this lab (no \"format\": \"{MODEL_FORMAT}\")")
            }
            ImportError::WrongVersion(Some(version)) => {
                write!(f, "the file is a version {version} threat model; this lab reads version {MODEL_VERSION}")
            }
            ImportError::WrongVersion(None) => f.write_str("the file does not say which version of the model it is"),
            ImportError::Invalid(why) => write!(f, "the model in the file is not valid: {why}"),
        }
    }
}

#[cfg(test)]
mod tests;
