//! The ontology lab's one reducer. Pure: storage is an effect in the root component, which
//! dispatches [`LabAction::Restore`] with what it read.
//!
//! The student edits three texts (the device description, the mapping, the SPARQL query); every
//! edit re-runs the ontology engine ([`Analysis`]). "Generate" sends the generated requests into
//! the page's CSE; "Run" sends a real discovery request with `smf`. An exercise's answer is the
//! editor its kind names (the mapping, the description, the query) or a separate term list.

use std::rc::Rc;

use lab_kit::{ExerciseTracker, Notice, SaveGate, Shared};
use lab_storage::Loaded;
use onem2m_ontology::fixtures::{FIXTURES, ROOM1_TEMPERATURE_QUERY, fixture};
use onem2m_ontology::{
    Alignment, AlignmentRule, AnswerKind, CheckOutcome, Description, DescriptorFormat, Exercise, MAPPING_EXERCISES,
    Mapping, QueryResultTable, ResourceOptions, check_mapping_answer, exercise, generate_resources, map_description,
    parse_description,
};
#[cfg(feature = "sparql")]
use onem2m_ontology::{check_answer, discover, semantic_query};
use yew::Reducible;

use crate::page_cse::{DiscoveryAnswer, Exchange, PageCse};

/// Version of the progress the lab stores in the browser.
pub const PROGRESS_VERSION: u32 = 1;

/// The fixture the lab starts with.
pub const DEFAULT_FIXTURE: &str = "smart-plug";

/// Saved progress: the exercises solved, in the kit's format.
pub type Progress = lab_kit::CompletedExercises;

/// What a mount point of the lab offers (its `mode` option).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Everything: mapping, the page's CSE, semantic discovery (SPARQL) and all the exercises.
    #[default]
    Full,
    /// Parsing, mapping and the page's CSE, with the exercises whose check runs no SPARQL
    /// ([`MAPPING_EXERCISES`]): no discovery panel. The lean bundle (`ontology_lab_mapping`, built without the
    /// `sparql` feature) offers only this mode, and the catalog gives it to mount points with `mode = "mapping"`.
    Mapping,
}

impl Mode {
    /// The mode a mount point's `mode` option asks for (the catalog checked the word). A bundle built without
    /// SPARQL always runs in [`Mode::Mapping`].
    pub fn from_option(option: Option<&str>) -> Self {
        if cfg!(feature = "sparql") && option != Some("mapping") { Mode::Full } else { Mode::Mapping }
    }

    /// Whether this mode offers the exercise `id`.
    pub fn offers(self, id: &str) -> bool {
        match self {
            Mode::Full => exercise(id).is_some(),
            Mode::Mapping => MAPPING_EXERCISES.contains(&id),
        }
    }

    /// The exercises this mode offers, in teaching order.
    pub fn exercises(self) -> impl Iterator<Item = &'static Exercise> {
        onem2m_ontology::exercises().iter().filter(move |e| self.offers(e.id))
    }

    /// Whether the semantic discovery panel (SPARQL) is shown.
    pub fn has_discovery(self) -> bool {
        self == Mode::Full
    }
}

/// The engine's verdict on `answer` to exercise `id`. Without the `sparql` feature only the mapping exercises
/// are checked (the others are never offered there), so the bundle never links the SPARQL evaluator.
fn check(id: &str, answer: &str) -> CheckOutcome {
    if let Some(outcome) = check_mapping_answer(id, answer) {
        return outcome;
    }
    #[cfg(feature = "sparql")]
    {
        check_answer(id, answer)
    }
    #[cfg(not(feature = "sparql"))]
    {
        let explanation =
            format!("the exercise {id} runs SPARQL, which this page's lab (built for mapping only) does not carry");
        CheckOutcome { passed: false, findings: vec![explanation.clone()], explanation, diagnostics: Vec::new() }
    }
}

/// What the ontology engine makes of the description and the mapping.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub description: Description,
    pub alignment: Alignment,
    pub mapping: Mapping,
}

impl Analysis {
    pub fn of(description_text: &str, alignment_text: &str) -> Self {
        let description = parse_description(description_text, DescriptorFormat::Turtle);
        let alignment = Alignment::from_turtle(alignment_text);
        let mapping = map_description(&description, &alignment);
        Analysis { description, alignment, mapping }
    }
}

/// The result of the last "Run" of the SPARQL editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryRun {
    pub discovery: DiscoveryAnswer,
    /// The same query as a semantic query over every descriptor of the CSE (`rcn=10` style).
    pub table: Result<QueryResultTable, String>,
    /// Every described resource of the CSE and whether its descriptor matches (the discovery's
    /// reasoning made visible; empty when the query is wrong).
    pub verdicts: Vec<(String, bool)>,
}

/// A new alignment rule being typed in the mapping table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleDraft {
    pub source: String,
    pub property: bool,
    pub target: String,
}

/// Why "Add rule" added nothing: shown next to the add-rule form, the fields it names marked invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    /// The fields that do not hold a term.
    pub fields: Vec<RuleField>,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct LabState {
    /// What this mount point offers.
    pub mode: Mode,
    pub fixture: String,
    pub description_text: String,
    pub alignment_text: String,
    pub query_text: String,
    /// The answer of a term-list exercise.
    pub terms_text: String,
    pub analysis: Rc<Analysis>,
    /// The page's CSE, replaced (never changed in place) by what changes it, so views compare it cheaply.
    pub page: Shared<PageCse>,
    /// The requests of the last generation and their answers.
    pub exchanges: Vec<Exchange>,
    pub query_run: Option<QueryRun>,
    pub rule_draft: RuleDraft,
    /// Why the last "Add rule" added nothing (cleared when a field it names changes).
    pub rule_problem: Option<RuleProblem>,
    /// The exercise, hints shown, the engine's verdict and the exercises done.
    pub tracker: ExerciseTracker<CheckOutcome>,
    pub notice: Option<Notice>,
    /// Saves once progress was read and the reader checked an answer (the only thing that changes the
    /// saved progress), or saved progress was unreadable.
    pub gate: SaveGate,
    /// Counts changes of the CSE, for views.
    pub revision: u64,
}

impl PartialEq for LabState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && self.mode == other.mode
            && self.fixture == other.fixture
            && self.description_text == other.description_text
            && self.alignment_text == other.alignment_text
            && self.query_text == other.query_text
            && self.terms_text == other.terms_text
            && self.exchanges == other.exchanges
            && self.query_run == other.query_run
            && self.rule_draft == other.rule_draft
            && self.rule_problem == other.rule_problem
            && self.gate == other.gate
            && self.tracker == other.tracker
            && self.notice == other.notice
    }
}

/// The three text editors and the term list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editor {
    Description,
    Alignment,
    Query,
    Terms,
}

/// A field of the new-rule form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleField {
    Source,
    Target,
}

pub enum LabAction {
    Edit(Editor, String),
    ChooseFixture(String),
    /// Back to the book's mapping.
    ResetMapping,
    RemoveRule(usize),
    EditRuleDraft(RuleField, String),
    SetRuleDraftProperty(bool),
    AddRule,
    /// Generate the resources of the current description into the page's CSE.
    Generate,
    /// Generate every fixture device into the page's CSE (a population to discover in).
    GenerateAllFixtures,
    /// Empty the page's CSE.
    ClearCse,
    /// Run the SPARQL editor's query: semantic discovery and the semantic query table.
    RunQuery,
    StartExercise(String),
    ShowHint,
    Check,
    ResetExercise,
    Restore(Loaded<Progress>),
    Dismiss,
}

fn book_mapping_text() -> String {
    Alignment::book_mapping().to_turtle()
}

fn fixture_text(id: &str) -> &'static str {
    fixture(id).map(|f| f.turtle).unwrap_or(FIXTURES[0].turtle)
}

impl LabState {
    /// The lab in [`Mode::Full`] (in [`Mode::Mapping`] when built without SPARQL), on `exercise_id` if given.
    pub fn new(exercise_id: Option<&str>) -> Self {
        Self::with_mode(Mode::from_option(None), exercise_id)
    }

    /// The lab in `mode` ([`Mode::Mapping`] whatever is asked when built without SPARQL), on `exercise_id` if
    /// this mode offers it.
    pub fn with_mode(mode: Mode, exercise_id: Option<&str>) -> Self {
        let mode = if cfg!(feature = "sparql") { mode } else { Mode::Mapping };
        let description_text = fixture_text(DEFAULT_FIXTURE).to_owned();
        let alignment_text = book_mapping_text();
        let analysis = Rc::new(Analysis::of(&description_text, &alignment_text));
        let mut state = LabState {
            mode,
            fixture: DEFAULT_FIXTURE.to_owned(),
            description_text,
            alignment_text,
            query_text: ROOM1_TEMPERATURE_QUERY.to_owned(),
            terms_text: String::new(),
            analysis,
            page: Shared::new(PageCse::new()),
            exchanges: Vec::new(),
            query_run: None,
            rule_draft: RuleDraft::default(),
            rule_problem: None,
            tracker: ExerciseTracker::default(),
            notice: None,
            gate: SaveGate::default(),
            revision: 0,
        };
        if let Some(found) = exercise_id.filter(|id| mode.offers(id)).and_then(exercise) {
            state.start_exercise(found);
        }
        state
    }

    fn reanalyse(&mut self) {
        self.analysis = Rc::new(Analysis::of(&self.description_text, &self.alignment_text));
    }

    /// The exercise being worked on.
    pub fn exercise(&self) -> Option<&'static Exercise> {
        self.tracker.current().and_then(exercise)
    }

    fn start_exercise(&mut self, chosen: &'static Exercise) {
        self.tracker.start(Some((chosen.id, chosen.hints.len())));
        match chosen.answer_kind {
            AnswerKind::Alignment => {
                self.alignment_text = chosen.starter.to_owned();
                self.description_text = chosen.material.to_owned();
                self.fixture = String::new();
            }
            AnswerKind::Description => {
                self.description_text = chosen.starter.to_owned();
                self.alignment_text = book_mapping_text();
                self.query_text = chosen.material.to_owned();
                self.fixture = String::new();
            }
            AnswerKind::Query => {
                self.query_text = chosen.starter.to_owned();
                self.alignment_text = book_mapping_text();
            }
            AnswerKind::TermList => {
                self.terms_text = chosen.starter.to_owned();
                self.description_text = chosen.material.to_owned();
                self.alignment_text = book_mapping_text();
                self.fixture = String::new();
            }
        }
        self.reanalyse();
    }

    /// The text an exercise's answer is read from.
    pub fn answer_text(&self, kind: AnswerKind) -> &str {
        match kind {
            AnswerKind::Alignment => &self.alignment_text,
            AnswerKind::Description => &self.description_text,
            AnswerKind::Query => &self.query_text,
            AnswerKind::TermList => &self.terms_text,
        }
    }

    /// The progress to save.
    pub fn progress(&self) -> Progress {
        self.tracker.completed_exercises()
    }

    /// What the save effect writes: nothing until saved progress was read and the reader checked an answer.
    pub fn to_save(&self) -> Option<Progress> {
        self.gate.to_save(|| self.progress())
    }

    /// The problem of the last "Add rule" if it concerns `field`.
    pub fn rule_problem_at(&self, field: RuleField) -> bool {
        self.rule_problem.as_ref().is_some_and(|problem| problem.fields.contains(&field))
    }

    fn set_rules(&mut self, rules: Vec<AlignmentRule>) {
        let alignment = Alignment { rules, diagnostics: Vec::new() };
        self.alignment_text = alignment.to_turtle();
        self.reanalyse();
    }

    fn generate(&mut self) {
        let analysis = self.analysis.clone();
        if analysis.description.has_syntax_errors() {
            self.notice = Some(Notice::error(
                "The description has a syntax error: fix it first (see the diagnostics beside the editor).",
            ));
            return;
        }
        let generated = generate_resources(&analysis.description, &analysis.mapping, &ResourceOptions::default());
        if generated.requests.is_empty() {
            self.notice = Some(Notice::error(
                "Nothing to generate: the mapping finds no base:Device in the description (map its device class to base:Device).",
            ));
            return;
        }
        self.exchanges = self.page.update(|page| page.send_generated(&generated.requests));
        self.revision += 1;
        self.notice = None;
    }
}

/// Expands `saref:Device`-style names (or `<iri>`) typed into the new-rule form.
fn expand(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(iri) = text.strip_prefix('<').and_then(|rest| rest.strip_suffix('>')) {
        return (!iri.is_empty()).then(|| iri.to_owned());
    }
    onem2m_ontology::terms::expand_term(text)
}

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            LabAction::Edit(editor, text) => {
                match editor {
                    Editor::Description => next.description_text = text,
                    Editor::Alignment => next.alignment_text = text,
                    Editor::Query => next.query_text = text,
                    Editor::Terms => next.terms_text = text,
                }
                if matches!(editor, Editor::Description | Editor::Alignment) {
                    next.reanalyse();
                }
            }
            LabAction::ChooseFixture(id) => {
                if let Some(chosen) = fixture(&id) {
                    next.fixture = chosen.id.to_owned();
                    next.description_text = chosen.turtle.to_owned();
                    next.reanalyse();
                }
            }
            LabAction::ResetMapping => {
                next.alignment_text = book_mapping_text();
                next.reanalyse();
            }
            LabAction::RemoveRule(index) => {
                let mut rules = next.analysis.alignment.rules.clone();
                if index < rules.len() {
                    rules.remove(index);
                    next.set_rules(rules);
                }
            }
            LabAction::EditRuleDraft(field, text) => {
                match field {
                    RuleField::Source => next.rule_draft.source = text,
                    RuleField::Target => next.rule_draft.target = text,
                }
                if next.rule_problem_at(field) {
                    next.rule_problem = None;
                }
            }
            LabAction::SetRuleDraftProperty(property) => next.rule_draft.property = property,
            LabAction::AddRule => {
                let draft = next.rule_draft.clone();
                match (expand(&draft.source), expand(&draft.target)) {
                    (Some(source), Some(target)) => {
                        let relation = if draft.property {
                            onem2m_ontology::RuleRelation::SubPropertyOf
                        } else {
                            onem2m_ontology::RuleRelation::SubClassOf
                        };
                        let mut rules = next.analysis.alignment.rules.clone();
                        rules.push(AlignmentRule::new(source, relation, target));
                        next.set_rules(rules);
                        next.rule_draft = RuleDraft { property: draft.property, ..RuleDraft::default() };
                        next.rule_problem = None;
                    }
                    (source, target) => {
                        let mut fields = Vec::new();
                        let mut wrong = Vec::new();
                        for (field, what, typed, term) in [
                            (RuleField::Source, "SAREF term", &draft.source, source),
                            (RuleField::Target, "Base Ontology term", &draft.target, target),
                        ] {
                            if term.is_none() {
                                fields.push(field);
                                wrong.push(if typed.trim().is_empty() {
                                    format!("the {what} is empty")
                                } else {
                                    format!("the {what} “{}” is not one", typed.trim())
                                });
                            }
                        }
                        next.rule_problem = Some(RuleProblem {
                            fields,
                            message: format!(
                                "No rule was added: a rule needs two terms written as prefixed names (saref:..., base:...) or <full IRIs>, and {}.",
                                wrong.join(" and ")
                            ),
                        });
                    }
                }
            }
            LabAction::Generate => next.generate(),
            LabAction::GenerateAllFixtures => {
                let alignment = Alignment::book_mapping();
                next.exchanges = next.page.update(|page| {
                    let mut exchanges = Vec::new();
                    for device in FIXTURES.iter() {
                        let description = parse_description(device.turtle, DescriptorFormat::Turtle);
                        let mapping = map_description(&description, &alignment);
                        let generated = generate_resources(&description, &mapping, &ResourceOptions::default());
                        exchanges.extend(page.send_generated(&generated.requests));
                    }
                    exchanges
                });
                next.revision += 1;
            }
            LabAction::ClearCse => {
                next.page = Shared::new(PageCse::new());
                next.exchanges.clear();
                next.query_run = None;
                next.revision += 1;
            }
            #[cfg(feature = "sparql")]
            LabAction::RunQuery if next.mode.has_discovery() => {
                let query = next.query_text.clone();
                let discovery = next.page.update(|page| page.discover(&query));
                let records = next.page.descriptor_records();
                let table = semantic_query(&next.query_text, &records).map_err(|e| e.to_string());
                let verdicts = discover(&next.query_text, &records)
                    .map(|outcome| outcome.verdicts.into_iter().map(|v| (v.resource, v.matched)).collect())
                    .unwrap_or_default();
                next.query_run = Some(QueryRun { discovery, table, verdicts });
                next.revision += 1;
            }
            // no discovery panel in this mode, so nothing sends it
            LabAction::RunQuery => {}
            LabAction::StartExercise(id) => match exercise(&id).filter(|chosen| next.mode.offers(chosen.id)) {
                Some(chosen) => next.start_exercise(chosen),
                None => next.tracker.start(None),
            },
            LabAction::ShowHint => next.tracker.show_hint(),
            LabAction::Check => {
                next.gate.touch();
                if let Some(current) = next.exercise() {
                    let outcome = check(current.id, next.answer_text(current.answer_kind));
                    let passed = outcome.passed;
                    next.tracker.record(Some(outcome), passed);
                }
            }
            LabAction::ResetExercise => {
                if let Some(current) = next.exercise() {
                    next.start_exercise(current);
                    next.notice = Some(Notice::info("The exercise was reset to its starting text."));
                }
            }
            LabAction::Restore(progress) => {
                let restored = next.gate.restore(progress, |reason| {
                    format!("Your saved exercise progress could not be read ({reason}). It has been reset.")
                });
                match restored {
                    Ok(Some(progress)) => {
                        next.tracker.restore_completed(progress.completed, |id| exercise(id).is_some())
                    }
                    Ok(None) => {}
                    Err(notice) => next.notice = Some(notice),
                }
            }
            LabAction::Dismiss => next.notice = None,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;
