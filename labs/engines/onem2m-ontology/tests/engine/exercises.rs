use onem2m_ontology::{AnswerKind, MAPPING_EXERCISES, check_answer, check_mapping_answer, exercise, exercises};

const RULE_PREFIXES: &str = "@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .\n\
                             @prefix saref: <https://saref.etsi.org/core/> .\n\
                             @prefix base:  <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#> .\n";

fn assert_passes(id: &str, answer: &str) {
    let outcome = check_answer(id, answer);
    assert!(outcome.passed, "{id} should pass: {outcome:#?}");
    assert!(outcome.explanation.starts_with("Correct"), "{}", outcome.explanation);
}

fn assert_fails(id: &str, answer: &str, reason: &str) {
    let outcome = check_answer(id, answer);
    assert!(!outcome.passed, "{id} should fail: {outcome:#?}");
    assert!(
        outcome.findings.iter().any(|f| f.contains(reason)),
        "{id}: expected a finding containing {reason:?}, got {:#?}",
        outcome.findings
    );
}

#[test]
fn there_are_at_least_five_exercises_with_goals_hints_and_starters() {
    assert!(exercises().len() >= 5);
    for exercise in exercises() {
        assert!(
            !exercise.goal.is_empty() && !exercise.hints.is_empty() && !exercise.title.is_empty(),
            "{}",
            exercise.id
        );
        // The starting text is never already a correct answer.
        assert!(!check_answer(exercise.id, exercise.starter).passed, "{} passes with its starter", exercise.id);
    }
    assert!(exercise("nope").is_none());
    assert!(!check_answer("nope", "").passed);
}

#[test]
fn the_mapping_exercises_are_checked_without_sparql_with_the_same_verdicts() {
    let ids: Vec<&str> = exercises().iter().map(|e| e.id).filter(|id| MAPPING_EXERCISES.contains(id)).collect();
    assert_eq!(ids, MAPPING_EXERCISES, "every mapping exercise exists, in teaching order");
    for exercise in exercises() {
        let mapping = check_mapping_answer(exercise.id, exercise.starter);
        if MAPPING_EXERCISES.contains(&exercise.id) {
            assert_eq!(mapping, Some(check_answer(exercise.id, exercise.starter)), "{}", exercise.id);
            assert_ne!(exercise.answer_kind, AnswerKind::Query, "{} needs no query", exercise.id);
        } else {
            assert_eq!(mapping, None, "{} runs SPARQL, so the mapping-only checker declines it", exercise.id);
        }
    }
    let starter = exercise("map-metering-function").expect("exists").starter;
    let good = format!("{starter}saref:MeteringFunction rdfs:subClassOf base:MeasuringFunctionality .\n");
    assert!(check_mapping_answer("map-metering-function", &good).is_some_and(|outcome| outcome.passed));
    assert_eq!(check_mapping_answer("nope", ""), None);
}

#[test]
fn map_a_new_saref_class() {
    let starter = exercise("map-metering-function").expect("exists").starter;
    assert_fails("map-metering-function", starter, "ex:plug1Metering should be a base:MeasuringFunctionality");
    let good = format!("{starter}saref:MeteringFunction rdfs:subClassOf base:MeasuringFunctionality .\n");
    assert_passes("map-metering-function", &good);
    let wrong = format!("{starter}saref:MeteringFunction rdfs:subClassOf base:ControllingFunctionality .\n");
    assert_fails("map-metering-function", &wrong, "metering measures, it does not control");
    let misspelt = format!("{starter}saref:MeteringFunction rdfs:subClassOf base:MeasuringFunction .\n");
    let outcome = check_answer("map-metering-function", &misspelt);
    assert!(!outcome.passed);
    assert!(outcome.diagnostics.iter().any(|d| d.message.contains("base:MeasuringFunction")), "{outcome:#?}");
    let broken = format!("{starter}saref:MeteringFunction rdfs:subClassOf\n");
    let outcome = check_answer("map-metering-function", &broken);
    assert!(!outcome.passed && outcome.explanation.contains("syntax error"));
    assert!(outcome.diagnostics.iter().any(|d| d.location.is_some()));
}

#[test]
fn fix_a_broken_mapping() {
    let fixed = format!(
        "{RULE_PREFIXES}saref:Device rdfs:subClassOf base:Device .\n\
         saref:Function rdfs:subClassOf base:Functionality .\n\
         saref:SensingFunction rdfs:subClassOf base:MeasuringFunctionality .\n\
         saref:ActuatingFunction rdfs:subClassOf base:ControllingFunctionality .\n\
         saref:Command rdfs:subClassOf base:Command .\n\
         saref:hasFunction rdfs:subPropertyOf base:hasFunctionality .\n\
         saref:hasCommand rdfs:subPropertyOf base:hasCommand .\n"
    );
    assert_passes("fix-broken-mapping", &fixed);
    assert_passes("fix-broken-mapping", onem2m_ontology::vocabulary::BOOK_MAPPING);
    let only_direction_fixed = fixed.replace(
        "saref:SensingFunction rdfs:subClassOf base:MeasuringFunctionality",
        "saref:SensingFunction rdfs:subClassOf base:ControllingFunctionality",
    );
    assert_fails("fix-broken-mapping", &only_direction_fixed, "sensing is measuring");
    let services = fixed.replace(
        "saref:hasFunction rdfs:subPropertyOf base:hasFunctionality",
        "saref:hasFunction rdfs:subPropertyOf base:hasService",
    );
    assert_fails("fix-broken-mapping", &services, "a function is not a service");
    let reversed =
        fixed.replace("saref:Device rdfs:subClassOf base:Device", "base:Device rdfs:subClassOf saref:Device");
    assert_fails("fix-broken-mapping", &reversed, "ex:thermo1 should be a base:Device");
}

#[test]
fn write_the_discovery_query() {
    assert_passes("room1-temperature-query", onem2m_ontology::fixtures::ROOM1_TEMPERATURE_QUERY);
    let prefixes = "PREFIX saref: <https://saref.etsi.org/core/>\nPREFIX ex: <http://example.org/home#>\n";
    let ask = format!(
        "{prefixes}ASK {{ ?d saref:measuresProperty ?p . ?p a ex:Temperature . ex:room1 saref:hasProperty ?p }}"
    );
    assert_passes("room1-temperature-query", &ask);
    let only_room = format!("{prefixes}ASK {{ ?d saref:measuresProperty ?p . ex:room1 saref:hasProperty ?p }}");
    assert_fails("room1-temperature-query", &only_room, "cse-in/humSensor1AE/humSensor1 matches");
    let only_temperature = format!("{prefixes}ASK {{ ?d saref:measuresProperty ?p . ?p a ex:Temperature }}");
    assert_fails("room1-temperature-query", &only_temperature, "cse-in/tempSensor2AE/tempSensor2 matches");
    let wrong_room = format!(
        "{prefixes}ASK {{ ?d saref:measuresProperty ?p . ?p a ex:Temperature . ex:room2 saref:hasProperty ?p }}"
    );
    assert_fails("room1-temperature-query", &wrong_room, "your query does not find it");
    let outcome = check_answer("room1-temperature-query", "SELECT ?d WHERE { ?d a saref:Device ");
    assert!(!outcome.passed && outcome.diagnostics[0].location.is_some(), "{outcome:#?}");
}

const THERMOSTAT2: &str = "\
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix saref: <https://saref.etsi.org/core/> .
@prefix ex:    <http://example.org/home#> .

ex:Thermostat  rdfs:subClassOf saref:Device .
ex:Temperature rdfs:subClassOf saref:Property .

ex:thermo2 a ex:Thermostat ;
    rdfs:label \"Second room 1 thermostat\"@en ;
    saref:hasFunction ex:thermo2Sensing , ex:thermo2Control ;
    saref:measuresProperty ex:room1Temperature .
ex:thermo2Sensing a saref:SensingFunction .
ex:thermo2Control a saref:ActuatingFunction .
ex:room1 saref:hasProperty ex:room1Temperature .
ex:room1Temperature a ex:Temperature .
";

#[test]
fn describe_a_thermostat_so_discovery_finds_it() {
    assert_passes("describe-thermostat", THERMOSTAT2);
    let room2 = THERMOSTAT2.replace("ex:room1 saref:hasProperty", "ex:room2 saref:hasProperty");
    assert_fails("describe-thermostat", &room2, "does not find it");
    let no_actuator = THERMOSTAT2
        .replace("ex:thermo2Control a saref:ActuatingFunction .", "ex:thermo2Control a saref:SensingFunction .");
    assert_fails("describe-thermostat", &no_actuator, "no base:hasFunctionality to a base:ControllingFunctionality");
    let misspelt = THERMOSTAT2.replace("saref:measuresProperty", "saref:measureProperty");
    assert_fails("describe-thermostat", &misspelt, "unknown property saref:measureProperty");
    let broken = THERMOSTAT2.replace("ex:room1Temperature a ex:Temperature .", "ex:room1Temperature a ex:Temperature");
    let outcome = check_answer("describe-thermostat", &broken);
    assert!(!outcome.passed && outcome.explanation.contains("syntax error"), "{outcome:#?}");
}

#[test]
fn spot_the_unmapped_property() {
    assert_passes("spot-unmapped-property", "saref:hasState");
    assert_passes("spot-unmapped-property", "  <https://saref.etsi.org/core/hasState>\n");
    assert_fails(
        "spot-unmapped-property",
        "saref:hasCommand",
        "saref:hasCommand is mapped, by the rule `saref:hasCommand rdfs:subPropertyOf base:hasCommand .`",
    );
    assert_fails("spot-unmapped-property", "saref:hasState, saref:offers", "saref:offers is mapped");
    assert_fails("spot-unmapped-property", "saref:hasValue", "one more property is unmapped");
    assert_fails("spot-unmapped-property", "has state", "cannot read");
    assert_eq!(exercise("spot-unmapped-property").map(|e| e.answer_kind), Some(AnswerKind::TermList));
}

#[test]
fn query_in_base_ontology_terms() {
    let good = "PREFIX base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#>\n\
                SELECT ?device ?functionality WHERE {\n\
                  ?device a base:Device ; base:hasFunctionality ?functionality .\n\
                  ?functionality a base:MeasuringFunctionality .\n}";
    assert_passes("base-ontology-query", good);
    let saref_terms = "PREFIX saref: <https://saref.etsi.org/core/>\n\
                       SELECT ?device ?functionality WHERE { ?device saref:hasFunction ?functionality }";
    assert_fails("base-ontology-query", saref_terms, "the query returns no rows");
    let all_functionalities = "PREFIX base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#>\n\
                               SELECT ?device ?functionality WHERE { ?device base:hasFunctionality ?functionality }";
    assert_fails("base-ontology-query", all_functionalities, "extra row: ex:plug1 with ex:plug1Switching");
    let wrong_columns = "SELECT ?x WHERE { ?x ?p ?o }";
    assert_fails("base-ontology-query", wrong_columns, "?device and ?functionality");
}
