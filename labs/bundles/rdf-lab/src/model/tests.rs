//! The lab driven through its actions, as a student would: the alignment exercises, the predictions, the
//! SPARQL set graded on result sets, saved progress and imports.

use super::*;
use crate::platforms::REFERENCE_ALIGNMENT;

fn run_actions(state: LabState, actions: Vec<LabAction>) -> LabState {
    actions.into_iter().fold(Rc::new(state), |state, action| state.reduce(action)).as_ref().clone()
}

fn outcome(state: &LabState) -> String {
    state.tracker.outcome().map(|outcome| outcome.feedback.clone()).unwrap_or_default()
}

const CLASSES_ONLY: &str = "saref:Measurement rdfs:subClassOf sosa:Observation .
acme:TempReading rdfs:subClassOf sosa:Observation .";

#[test]
fn the_alignment_makes_one_query_find_the_three_readings() {
    let start = LabState::new(Mode::Alignment, Some("find-all-three"));
    assert!(outcome(&start).contains("still misses"), "{}", outcome(&start));
    let found = start.analysis.found();
    assert_eq!(
        found.iter().filter(|f| f.with_alignment).count(),
        1,
        "the starting query finds the research reading only"
    );
    // Classes alone are not enough for a query that also asks for sosa:hasSimpleResult.
    let classes = format!("{}{CLASSES_ONLY}", crate::platforms::STARTING_ALIGNMENT);
    let state = run_actions(start, vec![LabAction::Edit(Editor::Alignment, classes.clone()), LabAction::RunAlignment]);
    assert!(outcome(&state).contains("still misses"), "{}", outcome(&state));
    // The chapter's quiz: with the class statements only, the starting query still returns one reading.
    assert_eq!(state.analysis.found().iter().filter(|found| found.with_alignment).count(), 1);
    // Asking only for the class, the classes do it: three rows, and one without the alignment.
    let state = run_actions(
        state,
        vec![
            LabAction::Edit(Editor::AlignmentQuery, "SELECT ?r WHERE { ?r a sosa:Observation }".into()),
            LabAction::RunAlignment,
        ],
    );
    assert!(state.tracker.is_completed("find-all-three"), "{}", outcome(&state));
    assert_eq!(state.analysis.declared_for_you, vec!["sosa"]);
    // The entailed types are explained by rdfs9.
    let about = state.analysis.entailed_about_readings();
    assert!(about.iter().any(|d| d.rule == onem2m_ontology::RdfsRule::Rdfs9));
    // A UNION over the three vocabularies finds them without the alignment: refused.
    let union = "SELECT ?r WHERE { { ?r a sosa:Observation } UNION { ?r a saref:Measurement } UNION { ?r a acme:TempReading } }";
    let state = run_actions(
        LabState::new(Mode::Both, Some("find-all-three")),
        vec![LabAction::Edit(Editor::AlignmentQuery, union.into()), LabAction::RunAlignment],
    );
    assert!(outcome(&state).contains("even without your alignment"), "{}", outcome(&state));
}

#[test]
fn the_values_need_the_properties_aligned() {
    let state = run_actions(
        LabState::new(Mode::Alignment, Some("one-value-property")),
        vec![LabAction::Edit(Editor::Alignment, REFERENCE_ALIGNMENT.into()), LabAction::RunAlignment],
    );
    assert!(state.tracker.is_completed("one-value-property"), "{}", outcome(&state));
    let state = run_actions(state, vec![LabAction::StartExercise("find-all-three".into()), LabAction::RunAlignment]);
    assert!(state.tracker.is_completed("find-all-three"), "the reference alignment solves both: {}", outcome(&state));
    // A broken alignment is reported with its line and column, and solves nothing.
    let broken = run_actions(
        LabState::new(Mode::Alignment, Some("one-value-property")),
        vec![LabAction::Edit(Editor::Alignment, "acme:celsius rdfs:subPropertyOf".into()), LabAction::RunAlignment],
    );
    assert!(!broken.tracker.is_completed("one-value-property"));
    assert!(
        broken.analysis.diagnostics.first().and_then(|d| d.location).is_some(),
        "{:?}",
        broken.analysis.diagnostics
    );
}

#[test]
fn predictions_are_judged_by_the_reasoner_after_commit() {
    let mut state = LabState::new(Mode::Alignment, Some("predict-entailment"));
    for (id, guess) in [
        ("vendor-is-observation", true),
        ("research-is-vendor-reading", true),
        ("gateway-has-simple-result", true),
        ("gateway-is-vendor-reading", false),
    ] {
        state = run_actions(state, vec![LabAction::Predict(id, guess)]);
    }
    state = run_actions(state, vec![LabAction::CommitPredictions]);
    assert!(outcome(&state).contains("lab:obs17 rdf:type acme:TempReading"), "{}", outcome(&state));
    state = run_actions(state, vec![LabAction::Predict("research-is-vendor-reading", false)]);
    assert!(outcome(&state).contains("Commit"), "changing a prediction uncommits: {}", outcome(&state));
    state = run_actions(state, vec![LabAction::CommitPredictions]);
    assert!(state.tracker.is_completed("predict-entailment"), "{}", outcome(&state));
    let reset = run_actions(state, vec![LabAction::ResetExercise]);
    assert!(reset.work.predictions.is_empty() && !reset.work.predictions_committed);
}

#[test]
fn sparql_exercises_are_graded_on_the_result_set_not_the_text() {
    let solve = |id: &str, query: &str| {
        run_actions(
            LabState::new(Mode::Sparql, Some(id)),
            vec![LabAction::Edit(Editor::Sparql, query.into()), LabAction::RunSparql],
        )
    };
    // Other variable names, other column order, a property path instead of `a`: the same result set.
    let state = solve(
        "select-sensors",
        "SELECT ?where ?thing WHERE {\n  ?thing rdf:type bldg:TemperatureSensor .\n  ?thing bldg:locatedIn ?where .\n}",
    );
    assert!(state.tracker.is_completed("select-sensors"), "{}", outcome(&state));
    let state = solve("select-sensors", "SELECT ?d ?room WHERE { ?d bldg:locatedIn ?room }");
    assert!(outcome(&state).contains("10 row(s); the expected result has 4"), "{}", outcome(&state));
    let state = solve(
        "select-sensors",
        "SELECT * WHERE { ?s a bldg:TemperatureSensor ; bldg:locatedIn ?r ; saref:hasManufacturer ?m }",
    );
    assert!(outcome(&state).contains("3 column(s)"), "{}", outcome(&state));

    let state = solve(
        "filter-warm",
        "SELECT ?s ?v WHERE { ?s a bldg:TemperatureSensor ; saref:makesMeasurement/saref:hasValue ?v . FILTER(?v >= 24.5) }",
    );
    assert!(state.tracker.is_completed("filter-warm"), "{}", outcome(&state));
    let state = solve(
        "filter-warm",
        "SELECT ?s ?v WHERE { ?s a bldg:TemperatureSensor ; saref:makesMeasurement/saref:hasValue ?v . FILTER(?v > 20) }",
    );
    assert!(outcome(&state).contains("3 row(s)"), "{}", outcome(&state));

    let state = solve(
        "optional-battery",
        "SELECT ?device ?level WHERE { ?device a saref:Device . ?device bldg:batteryLevel ?level }",
    );
    assert!(outcome(&state).contains("5 row(s); the expected result has 10"), "without OPTIONAL: {}", outcome(&state));
    let state = solve(
        "optional-battery",
        "SELECT ?level ?device WHERE { ?device bldg:locatedIn ?room OPTIONAL { ?device bldg:batteryLevel ?level } }",
    );
    assert!(state.tracker.is_completed("optional-battery"), "{}", outcome(&state));

    let state =
        solve("count-per-floor", "SELECT ?f (COUNT(*) AS ?n) WHERE { ?d bldg:locatedIn/bldg:onFloor ?f } GROUP BY ?f");
    assert!(state.tracker.is_completed("count-per-floor"), "{}", outcome(&state));
    let expected = crate::exercises::expected_result("count-per-floor").expect("runs");
    let mut counts: Vec<String> = expected.column("devices");
    counts.sort();
    assert_eq!(counts, vec!["4", "6"]);
    let state =
        solve("count-per-floor", "SELECT ?room (COUNT(*) AS ?n) WHERE { ?d bldg:locatedIn ?room } GROUP BY ?room");
    assert!(outcome(&state).contains("4 row(s); the expected result has 2"), "{}", outcome(&state));
}

fn sparql_error(state: LabState, query: &str) -> (LabState, crate::query::EditorError) {
    let state = run_actions(state, vec![LabAction::Edit(Editor::Sparql, query.into()), LabAction::RunSparql]);
    let Some(Err(error)) = state.sparql_run.as_deref().cloned() else { panic!("{query} is refused") };
    (state, error)
}

#[test]
fn errors_point_at_the_students_line_and_column_and_known_prefixes_are_declared() {
    let start = LabState::new(Mode::Sparql, Some("select-sensors"));
    // A bracket closed by the wrong one: said where it happens, naming where the other was opened.
    let (state, error) =
        sparql_error(start, "SELECT ?s WHERE {\n  ?s a bldg:TemperatureSensor .\n  FILTER(?s = bldg:temp101\n}");
    assert_eq!(error.shown(), "4:1: this } does not close the ( opened at 3:9");
    assert!(outcome(&state).contains("does not run: 4:1"), "{}", outcome(&state));
    // An undeclared prefix, at its first use, with the prefixes the editor knows.
    let (state, error) = sparql_error(state, "SELECT ?s WHERE {\n  ?s a foo:Thing }");
    assert_eq!(error.location.map(|l| (l.line, l.column)), Some((2, 8)), "{}", error.shown());
    assert!(error.message.contains("PREFIX foo:") && error.message.contains("declares rdf, rdfs"), "{}", error.message);
    // Strings and unclosed groups.
    let (state, error) = sparql_error(state, "SELECT ?s WHERE {\n  ?s rdfs:label \"Room 101 .\n}");
    assert_eq!(error.location.map(|l| (l.line, l.column)), Some((2, 17)), "{}", error.shown());
    let (state, error) = sparql_error(state, "SELECT ?s WHERE {\n  ?s ?p ?o .");
    assert_eq!(error.shown(), "1:17: this { is never closed");
    // A comparison is not an IRI, and a # in an IRI is not a comment.
    let state = run_actions(
        state,
        vec![
            LabAction::Edit(
                Editor::Sparql,
                "SELECT ?m WHERE { ?m <https://saref.etsi.org/core/hasValue> ?v FILTER(?v<24) }".into(),
            ),
            LabAction::RunSparql,
        ],
    );
    assert!(
        matches!(state.sparql_run.as_deref(), Some(Ok((table, _))) if table.rows.len() == 2),
        "{:?}",
        state.sparql_run
    );
    // What the parser finds is located in the student's text, not in the text with the declarations added.
    let (state, error) = sparql_error(state, "SELECT ?s WHRE {\n  ?s a bldg:Room\n}");
    assert_eq!(error.location.map(|l| l.line), Some(1), "{}", error.shown());
    assert!(error.message.contains("WHERE") && !error.message.contains(" at 2:"), "{}", error.message);
    // Known prefixes used are declared and reported; a prefix declared by the student is left alone.
    let state = run_actions(
        state,
        vec![
            LabAction::Edit(Editor::Sparql, "SELECT ?s WHERE { ?s a bldg:Room ; rdfs:label ?l }".into()),
            LabAction::DeclarePrefix(Editor::Sparql, "rdfs"),
            LabAction::RunSparql,
        ],
    );
    assert!(state.sparql_draft.starts_with("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"));
    let Some(Ok((table, declared))) = state.sparql_run.as_deref().cloned() else { panic!("runs") };
    assert_eq!(declared, vec!["bldg"]);
    assert_eq!(table.rows.len(), 4);
}

#[test]
fn saved_progress_restores_and_corrupt_progress_or_a_bad_import_changes_nothing() {
    let solved = run_actions(
        LabState::new(Mode::Both, Some("select-sensors")),
        vec![
            LabAction::Restore(Box::new(Loaded::Missing)),
            LabAction::Edit(Editor::Sparql, crate::exercises::SPARQL_EXERCISES[0].1.into()),
            LabAction::RunSparql,
        ],
    );
    assert!(solved.tracker.is_completed("select-sensors"));
    let progress = solved.to_save().expect("touched");
    let restored =
        run_actions(LabState::new(Mode::Both, None), vec![LabAction::Restore(Box::new(Loaded::Found(progress)))]);
    assert!(restored.tracker.is_completed("select-sensors"));
    assert_eq!(restored.sparql_draft, crate::exercises::SPARQL_EXERCISES[0].1);
    assert_eq!(restored.to_save(), None, "what was read is not written back");
    let corrupt = run_actions(
        LabState::new(Mode::Both, None),
        vec![LabAction::Restore(Box::new(Loaded::Corrupt("bad json".into())))],
    );
    assert!(corrupt.notice.as_ref().is_some_and(|notice| notice.error && notice.text.contains("bad json")));
    let before = solved.work.clone();
    let after = run_actions(solved, vec![LabAction::Import("{\"lab\": 3}".into())]);
    assert_eq!(after.work, before);
    assert!(
        after.notice.as_ref().is_some_and(|notice| notice.error && notice.text.starts_with("Nothing was imported"))
    );
    let imported = run_actions(LabState::new(Mode::Both, None), vec![LabAction::Import(after.work.export_json())]);
    assert_eq!(imported.work, before);
}

#[test]
fn a_mode_shows_its_own_exercises_only() {
    let sparql = LabState::new(Mode::Sparql, Some("find-all-three"));
    assert_eq!(sparql.tracker.current(), None, "an alignment exercise is not opened in the SPARQL mode");
    assert!(sparql.shown_exercises().iter().all(|exercise| part_of(exercise.id) == Part::Sparql));
    assert_eq!(LabState::new(Mode::Both, None).shown_exercises().len(), EXERCISES.len());
}

/// The numbers the chapters quote ("Ontologies for engineers": the battery round, OPTIONAL, the floors).
#[test]
fn the_chapters_figures_are_what_the_lab_computes() {
    let building = crate::exercises::building();
    let battery = "SELECT ?device ?floor ?battery WHERE {
  ?device bldg:batteryLevel ?battery ;
          bldg:locatedIn/bldg:onFloor ?floor .
  FILTER (?battery < 40)
}
ORDER BY ?floor";
    let (table, _) = crate::query::run(battery, building).expect("runs");
    assert_eq!(
        crate::query::shown_rows(&table),
        vec![vec!["bldg:temp102", "bldg:floor1", "35"], vec!["bldg:co2-201", "bldg:floor2", "12"]]
    );
    let optional = "SELECT ?d ?b WHERE { ?d a saref:Device OPTIONAL { ?d bldg:batteryLevel ?b } }";
    let (table, _) = crate::query::run(optional, building).expect("runs");
    assert_eq!((table.rows.len(), table.rows.iter().filter(|row| row[1].is_none()).count()), (10, 5));
    let floors = "SELECT ?f (COUNT(?d) AS ?n) WHERE { ?d bldg:locatedIn/bldg:onFloor ?f } GROUP BY ?f ORDER BY ?f";
    let (table, _) = crate::query::run(floors, building).expect("runs");
    assert_eq!(table.column("n"), vec!["4", "6"]);
}

#[test]
fn terms_that_name_nothing_in_the_data_are_pointed_out() {
    let state = run_actions(
        LabState::new(Mode::Both, Some("select-sensors")),
        vec![
            LabAction::Edit(Editor::Sparql, "SELECT ?s WHERE { ?s a bldg:TemperatureSenser ; rdfs:label ?l } # bldg:Nothing".into()),
            LabAction::RunSparql,
            LabAction::Edit(Editor::Alignment, "@prefix acme: <http://example.com/acme-bms#> .\n@prefix sosa: <http://www.w3.org/ns/sosa/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\nacme:TempReadng rdfs:subClassOf sosa:Observation .".into()),
            LabAction::Edit(Editor::AlignmentQuery, "SELECT ?r WHERE { ?r a sosa:Observaton }".into()),
            LabAction::RunAlignment,
        ],
    );
    assert_eq!(state.sparql_terms_unused, vec!["bldg:TemperatureSenser"], "comments and rdfs: terms are left out");
    assert_eq!(state.analysis.alignment_terms_unused, vec!["acme:TempReadng"]);
    assert_eq!(state.analysis.query_terms_unused, vec!["sosa:Observaton"]);
    let fine = LabState::new(Mode::Both, None);
    assert!(fine.analysis.query_terms_unused.is_empty() && fine.analysis.alignment_terms_unused.is_empty());
}
