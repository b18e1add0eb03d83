use std::rc::Rc;

use lab_storage::Loaded;
use onem2m_ontology::MAPPING_EXERCISES;
#[cfg(feature = "sparql")]
use onem2m_ontology::fixtures::ROOM1_TEMPERATURE_QUERY;
use yew::Reducible;

use super::*;

fn apply(state: LabState, actions: Vec<LabAction>) -> LabState {
    let mut state = Rc::new(state);
    for action in actions {
        state = state.reduce(action);
    }
    (*state).clone()
}

const METERING_RULE: &str = "\nsaref:MeteringFunction rdfs:subClassOf base:MeasuringFunctionality .\n";

#[test]
fn the_lab_starts_with_the_smart_plug_and_the_book_mapping() {
    let state = LabState::new(None);
    assert_eq!(state.fixture, "smart-plug");
    assert!(state.analysis.description.diagnostics.is_empty(), "{:?}", state.analysis.description.diagnostics);
    assert!(!state.analysis.alignment.rules.is_empty());
    assert!(!state.analysis.mapping.explanations.is_empty());
    assert_eq!(state.page.resource_count(), 1, "only the CSEBase policy");
}

#[test]
fn editing_the_description_reanalyses_and_reports_located_errors() {
    let state = apply(
        LabState::new(None),
        vec![LabAction::Edit(Editor::Description, "@prefix ex: <http://example.org/home#> .\nex:a ex:b".into())],
    );
    let error = state.analysis.description.diagnostics.iter().find(|d| d.is_error()).expect("syntax error");
    assert_eq!(error.location.map(|l| l.line), Some(2));
    let state = apply(state, vec![LabAction::ChooseFixture("thermostat".into())]);
    assert_eq!(state.fixture, "thermostat");
    assert!(state.analysis.description.diagnostics.is_empty());
    let state = apply(state, vec![LabAction::ChooseFixture("no-such-device".into())]);
    assert_eq!(state.fixture, "thermostat", "an unknown fixture changes nothing");
}

#[test]
fn generating_sends_the_requests_to_the_page_cse() {
    let state = apply(LabState::new(None), vec![LabAction::Generate]);
    assert!(state.exchanges.iter().all(|e| e.rsc == 2001), "{:?}", state.exchanges);
    assert!(state.page.cse.resolve_address("cse-in/plug1AE/plug1/desc").is_some(), "the semanticDescriptor exists");
    let count = state.page.resource_count();
    // generating again replaces the device instead of failing on a name conflict
    let again = apply(state, vec![LabAction::Generate]);
    assert_eq!(again.page.resource_count(), count, "{:?}", again.exchanges);
    assert!(again.exchanges.iter().all(|e| e.rsc < 3000), "{:?}", again.exchanges);
}

#[test]
fn a_description_without_a_device_generates_nothing_and_says_why() {
    let state = apply(
        LabState::new(None),
        vec![
            LabAction::Edit(Editor::Description, "@prefix ex: <http://example.org/home#> .\nex:a ex:b ex:c .".into()),
            LabAction::Generate,
        ],
    );
    assert!(state.notice.as_ref().is_some_and(|n| n.error && n.text.contains("base:Device")));
    assert_eq!(state.page.resource_count(), 1);
}

#[cfg(feature = "sparql")]
#[test]
fn semantic_discovery_goes_through_the_cse_smf() {
    let state = apply(
        LabState::new(None),
        vec![
            LabAction::GenerateAllFixtures,
            LabAction::Edit(Editor::Query, ROOM1_TEMPERATURE_QUERY.into()),
            LabAction::RunQuery,
        ],
    );
    let run = state.query_run.clone().expect("a run");
    assert_eq!(run.discovery.rsc, 2000, "{:?}", run.discovery);
    assert_eq!(
        run.discovery.matches,
        vec!["cse-in/thermo1AE/thermo1".to_owned(), "cse-in/tempSensor1AE/tempSensor1".to_owned()]
    );
    assert_eq!(run.verdicts.len(), 5, "one verdict per described resource");
    assert_eq!(run.verdicts.iter().filter(|(_, matched)| *matched).count(), 2);
    let table = run.table.expect("a table");
    assert_eq!(table.variables, vec!["device".to_owned()]);
    assert_eq!(table.rows.len(), 2);
    // a broken query: 4000 with the message from the SPARQL parser
    let broken = apply(state, vec![LabAction::Edit(Editor::Query, "SELECT ?x WHERE {".into()), LabAction::RunQuery]);
    let run = broken.query_run.expect("a run");
    assert_eq!(run.discovery.rsc, 4000);
    assert!(run.discovery.debug.is_some_and(|m| m.contains("syntax")));
    assert!(run.table.is_err());
    assert!(run.verdicts.is_empty());
}

#[test]
fn the_mapping_table_removes_and_adds_rules() {
    let state = LabState::new(None);
    let rules = state.analysis.alignment.rules.len();
    let state = apply(state, vec![LabAction::RemoveRule(0)]);
    assert_eq!(state.analysis.alignment.rules.len(), rules - 1);
    assert!(state.alignment_text.contains("@prefix"), "the Turtle follows the table");
    let state = apply(
        state,
        vec![
            LabAction::EditRuleDraft(RuleField::Source, "saref:Device".into()),
            LabAction::EditRuleDraft(RuleField::Target, "base:Device".into()),
            LabAction::AddRule,
        ],
    );
    assert_eq!(state.analysis.alignment.rules.len(), rules);
    assert_eq!(state.rule_draft.source, "", "the form is cleared");
    let state = apply(
        state,
        vec![
            LabAction::EditRuleDraft(RuleField::Source, "foo bar".into()),
            LabAction::EditRuleDraft(RuleField::Target, "base:Device".into()),
            LabAction::AddRule,
        ],
    );
    assert_eq!(state.notice, None, "the problem is not in the banner at the top of the lab");
    let problem = state.rule_problem.clone().expect("the form says why");
    assert_eq!(problem.fields, vec![RuleField::Source], "only the offending field is marked");
    assert!(problem.message.contains("the SAREF term “foo bar” is not one"), "{}", problem.message);
    assert_eq!(state.analysis.alignment.rules.len(), rules);
    let edited_other = apply(state.clone(), vec![LabAction::EditRuleDraft(RuleField::Target, "base:Service".into())]);
    assert!(edited_other.rule_problem_at(RuleField::Source), "editing another field keeps the mark");
    let fixed = apply(state, vec![LabAction::EditRuleDraft(RuleField::Source, "saref:Service".into())]);
    assert_eq!(fixed.rule_problem, None, "editing the field clears it");
    let both_empty = apply(
        fixed,
        vec![
            LabAction::EditRuleDraft(RuleField::Source, String::new()),
            LabAction::EditRuleDraft(RuleField::Target, " ".into()),
            LabAction::AddRule,
        ],
    );
    let problem = both_empty.rule_problem.clone().expect("a problem");
    assert_eq!(problem.fields, vec![RuleField::Source, RuleField::Target]);
    assert!(
        problem.message.ends_with("the SAREF term is empty and the Base Ontology term is empty."),
        "{}",
        problem.message
    );
    let state = both_empty;
    let state = apply(state, vec![LabAction::RemoveRule(999)]);
    assert_eq!(state.analysis.alignment.rules.len(), rules, "an index out of range changes nothing");
}

#[test]
fn an_exercise_is_solved_in_the_mapping_editor_and_remembered() {
    let state = LabState::new(Some("map-metering-function"));
    assert_eq!(state.exercise().map(|e| e.id), Some("map-metering-function"));
    let starter = state.alignment_text.clone();
    let state = apply(state, vec![LabAction::Check]);
    assert!(!state.tracker.outcome().expect("checked").passed);
    assert!(state.tracker.completed().is_empty());
    let state = apply(state, vec![LabAction::ShowHint, LabAction::ShowHint, LabAction::ShowHint, LabAction::ShowHint]);
    assert_eq!(state.tracker.hints_shown(), 3, "no more hints than the exercise has");
    let state =
        apply(state, vec![LabAction::Edit(Editor::Alignment, format!("{starter}{METERING_RULE}")), LabAction::Check]);
    assert!(state.tracker.outcome().expect("checked").passed, "{:?}", state.tracker.outcome());
    assert!(state.tracker.is_completed("map-metering-function"));
    assert_eq!(state.progress().completed, vec!["map-metering-function".to_owned()]);
    let state = apply(state, vec![LabAction::ResetExercise]);
    assert_eq!(state.alignment_text, starter);
    assert!(state.tracker.is_completed("map-metering-function"), "a reset keeps the progress");
}

#[cfg(feature = "sparql")]
#[test]
fn each_exercise_kind_starts_in_its_editor() {
    let query = LabState::new(Some("room1-temperature-query"));
    assert!(query.query_text.contains("Narrow it down"));
    let description = LabState::new(Some("describe-thermostat"));
    assert!(description.description_text.contains("ex:thermo2"));
    let terms = apply(
        LabState::new(Some("spot-unmapped-property")),
        vec![LabAction::Edit(Editor::Terms, "saref:hasState".into()), LabAction::Check],
    );
    assert!(terms.tracker.outcome().expect("checked").passed);
    let none = apply(LabState::new(Some("fix-broken-mapping")), vec![LabAction::StartExercise(String::new())]);
    assert!(none.exercise().is_none());
}

#[test]
fn saved_progress_is_restored_and_corrupt_progress_reported() {
    let state = apply(
        LabState::new(None),
        vec![LabAction::Restore(Loaded::Found(Progress {
            completed: vec!["fix-broken-mapping".into(), "gone-exercise".into()],
        }))],
    );
    assert!(state.gate.restored());
    assert_eq!(
        state.tracker.completed().iter().collect::<Vec<_>>(),
        vec!["fix-broken-mapping"],
        "unknown ids are dropped"
    );
    let corrupt = apply(LabState::new(None), vec![LabAction::Restore(Loaded::Corrupt("it is not valid JSON".into()))]);
    assert!(corrupt.gate.restored(), "saving resumes, overwriting the corrupt value");
    assert_eq!(corrupt.to_save(), Some(Progress::default()));
    assert!(corrupt.notice.as_ref().is_some_and(|n| n.error && n.text.contains("could not be read")));
    assert!(corrupt.tracker.completed().is_empty());
    let dismissed = apply(corrupt, vec![LabAction::Dismiss]);
    assert!(dismissed.notice.is_none());
}

#[test]
fn an_opened_lab_has_nothing_to_save_until_an_answer_is_checked() {
    assert_eq!(LabState::new(Some("map-metering-function")).to_save(), None, "a fresh lab");
    let opened = apply(LabState::new(Some("map-metering-function")), vec![LabAction::Restore(Loaded::Missing)]);
    assert_eq!(opened.to_save(), None, "opened, nothing stored");
    let explored = apply(
        opened.clone(),
        vec![
            LabAction::ChooseFixture("thermostat".into()),
            LabAction::Generate,
            LabAction::RunQuery,
            LabAction::ShowHint,
            LabAction::Edit(Editor::Alignment, "x".into()),
        ],
    );
    assert_eq!(explored.to_save(), None, "nothing that is saved has changed");
    let checked = apply(opened, vec![LabAction::Check]);
    assert_eq!(checked.to_save(), Some(Progress::default()), "a checked answer is kept, even a wrong one");
    let found = apply(
        LabState::new(None),
        vec![LabAction::Restore(Loaded::Found(Progress { completed: vec!["fix-broken-mapping".into()] }))],
    );
    assert_eq!(found.to_save(), None, "what was read is not written back");
}

#[test]
fn mapping_mode_offers_the_mapping_exercises_only_and_keeps_the_others_progress() {
    let state = LabState::with_mode(Mode::Mapping, Some("room1-temperature-query"));
    assert_eq!(state.mode, Mode::Mapping);
    assert!(state.exercise().is_none(), "a SPARQL exercise does not start in mapping mode");
    let ids: Vec<&str> = Mode::Mapping.exercises().map(|e| e.id).collect();
    assert_eq!(ids, MAPPING_EXERCISES);
    assert_eq!(Mode::Full.exercises().count(), onem2m_ontology::exercises().len());
    let chosen = apply(state, vec![LabAction::StartExercise("base-ontology-query".into())]);
    assert!(chosen.exercise().is_none(), "nor when chosen later");
    let state = apply(
        chosen,
        vec![
            LabAction::Restore(Loaded::Found(Progress { completed: vec!["room1-temperature-query".into()] })),
            LabAction::StartExercise("spot-unmapped-property".into()),
            LabAction::Edit(Editor::Terms, "saref:hasState".into()),
            LabAction::Check,
        ],
    );
    assert!(state.tracker.outcome().expect("checked").passed, "{:?}", state.tracker.outcome());
    assert_eq!(
        state.to_save().expect("checked").completed,
        vec!["room1-temperature-query".to_owned(), "spot-unmapped-property".to_owned()],
        "what another page's lab solved is saved back, not lost"
    );
    let generated = apply(state, vec![LabAction::GenerateAllFixtures, LabAction::RunQuery]);
    assert!(generated.page.resource_count() > 1, "the page's CSE works in mapping mode");
    assert!(generated.query_run.is_none(), "no discovery runs in mapping mode");
}

#[cfg(feature = "sparql")]
#[test]
fn the_mode_option_reads_full_unless_it_says_mapping() {
    assert_eq!(Mode::from_option(None), Mode::Full);
    assert_eq!(Mode::from_option(Some("full")), Mode::Full);
    assert_eq!(Mode::from_option(Some("mapping")), Mode::Mapping);
    assert!(Mode::Full.has_discovery() && !Mode::Mapping.has_discovery());
    assert_eq!(LabState::new(None).mode, Mode::Full);
}

/// The lean bundle (`--no-default-features`) runs in mapping mode whatever a mount point asks.
#[cfg(not(feature = "sparql"))]
#[test]
fn without_sparql_the_lab_is_always_in_mapping_mode() {
    assert_eq!(Mode::from_option(None), Mode::Mapping);
    assert_eq!(LabState::with_mode(Mode::Full, Some("room1-temperature-query")).mode, Mode::Mapping);
    let state = apply(LabState::new(None), vec![LabAction::GenerateAllFixtures, LabAction::RunQuery]);
    assert!(state.query_run.is_none());
    assert!(check("base-ontology-query", "SELECT * WHERE { ?s ?p ?o }").explanation.contains("does not carry"));
}
