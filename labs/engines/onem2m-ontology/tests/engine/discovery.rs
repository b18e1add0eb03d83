use onem2m_ontology::exercises::{fixture_descriptors, room1_temperature_resources};
use onem2m_ontology::resources::DescriptorContent;
use onem2m_ontology::{
    DescriptorFormat, DescriptorRecord, QueryErrorKind, TextLocation, descriptor_matches, discover, fixtures,
    semantic_query,
};
use std::collections::BTreeSet;

#[test]
fn all_devices_in_room_1_that_measure_temperature() {
    for content in [DescriptorContent::Original, DescriptorContent::Both] {
        let records = fixture_descriptors(content);
        assert_eq!(records.len(), 5);
        let outcome = discover(fixtures::ROOM1_TEMPERATURE_QUERY, &records).expect("valid query");
        let found: BTreeSet<String> = outcome.matches.iter().cloned().collect();
        assert_eq!(found, room1_temperature_resources(), "{content:?}");
        // Input order is kept, and every descriptor has a verdict.
        assert_eq!(outcome.matches, vec!["cse-in/thermo1AE/thermo1", "cse-in/tempSensor1AE/tempSensor1"]);
        assert_eq!(outcome.verdicts.len(), 5);
        assert!(outcome.verdicts.iter().all(|v| v.error.is_none()));
        assert_eq!(
            outcome.to_uril(),
            serde_json::json!({"m2m:uril": ["cse-in/thermo1AE/thermo1", "cse-in/tempSensor1AE/tempSensor1"]})
        );
    }
}

#[test]
fn base_ontology_queries_find_saref_devices_only_through_the_mapped_triples() {
    let query = "PREFIX base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#>\n\
                 ASK { ?device a base:Device ; base:hasFunctionality ?f . ?f a base:ControllingFunctionality }";
    let with_mapping = discover(query, &fixture_descriptors(DescriptorContent::Both)).expect("valid");
    assert_eq!(with_mapping.matches, vec!["cse-in/plug1AE/plug1", "cse-in/thermo1AE/thermo1"]);
    let without = discover(query, &fixture_descriptors(DescriptorContent::Original)).expect("valid");
    assert!(without.matches.is_empty(), "{:?}", without.matches);
}

#[test]
fn descriptor_matches_is_the_callback_for_the_cse() {
    let ask =
        "PREFIX saref: <https://saref.etsi.org/core/>\nASK { ?d saref:hasFunction ?f . ?f a saref:SensingFunction }";
    assert_eq!(descriptor_matches(ask, fixtures::THERMOSTAT, DescriptorFormat::Turtle), Ok(true));
    assert_eq!(descriptor_matches(ask, fixtures::SMART_PLUG, DescriptorFormat::Turtle), Ok(false));
    // The chapter's negative case: an actuating function is not a sensing function.
    let negative = ask.replace("SensingFunction", "ActuatingFunction");
    assert_eq!(descriptor_matches(&negative, fixtures::TEMPERATURE_SENSOR, DescriptorFormat::Turtle), Ok(false));
    // SELECT matches when it has a row; CONSTRUCT when it builds a triple.
    let select = "PREFIX saref: <https://saref.etsi.org/core/>\nSELECT ?m WHERE { ?d saref:hasModel ?m }";
    assert_eq!(descriptor_matches(select, fixtures::THERMOSTAT, DescriptorFormat::Turtle), Ok(true));
    let construct =
        "PREFIX saref: <https://saref.etsi.org/core/>\nCONSTRUCT { ?d a saref:Device } WHERE { ?d saref:offers ?s }";
    assert_eq!(descriptor_matches(construct, fixtures::SMART_PLUG, DescriptorFormat::Turtle), Ok(true));
    assert_eq!(descriptor_matches(construct, fixtures::THERMOSTAT, DescriptorFormat::Turtle), Ok(false));
    // The signature fits a plain function pointer.
    let callback: fn(&str, &str, DescriptorFormat) -> Result<bool, onem2m_ontology::QueryError> = descriptor_matches;
    assert_eq!(callback(ask, fixtures::THERMOSTAT, DescriptorFormat::Turtle), Ok(true));
}

#[test]
fn query_syntax_errors_are_located_not_panics() {
    let broken = "PREFIX saref: <https://saref.etsi.org/core/>\nSELECT ?d WHERE {\n  ?d saref:hasFunction \n}";
    let error = discover(broken, &fixture_descriptors(DescriptorContent::Original)).expect_err("broken query");
    assert_eq!(error.kind, QueryErrorKind::Syntax);
    assert_eq!(error.location, Some(TextLocation { line: 4, column: 1 }));
    let undeclared = "SELECT ?d WHERE { ?d a saref:Device }";
    let error = descriptor_matches(undeclared, fixtures::THERMOSTAT, DescriptorFormat::Turtle).expect_err("no prefix");
    assert_eq!(error.kind, QueryErrorKind::Syntax);
    assert!(error.location.is_some(), "{error:?}");
    assert_eq!(error.to_diagnostic().location, error.location);
}

#[test]
fn non_deterministic_functions_and_service_are_refused() {
    for query in [
        "SELECT ?t WHERE { BIND(NOW() AS ?t) }",
        "SELECT ?r WHERE { BIND(RAND() AS ?r) }",
        "SELECT ?u WHERE { BIND(UUID() AS ?u) }",
        "SELECT ?u WHERE { BIND(struuid() AS ?u) }",
        "SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ] {
        let error = descriptor_matches(query, fixtures::THERMOSTAT, DescriptorFormat::Turtle).expect_err(query);
        assert_eq!(error.kind, QueryErrorKind::Unsupported, "{query}");
    }
}

#[test]
fn a_broken_descriptor_fails_only_its_own_verdict() {
    let mut records = fixture_descriptors(DescriptorContent::Original);
    records.push(DescriptorRecord::new("cse-in/brokenAE/broken", "this is not turtle", DescriptorFormat::Turtle));
    let outcome = discover(fixtures::ROOM1_TEMPERATURE_QUERY, &records).expect("valid query");
    assert_eq!(outcome.matches.len(), 2);
    let broken = outcome.verdicts.last().expect("a verdict");
    assert!(!broken.matched);
    assert_eq!(broken.error.as_ref().map(|e| e.kind), Some(QueryErrorKind::Descriptor));
    let error = descriptor_matches("ASK {}", "this is not turtle", DescriptorFormat::Turtle).expect_err("broken");
    assert_eq!(error.kind, QueryErrorKind::Descriptor);
    assert_eq!(error.location.map(|l| l.line), Some(1));
    // A semantic query needs every descriptor.
    let error = semantic_query("ASK {}", &records).expect_err("broken descriptor");
    assert_eq!(error.kind, QueryErrorKind::Descriptor);
}

#[test]
fn a_semantic_query_returns_a_table_over_the_merged_descriptors() {
    let records = fixture_descriptors(DescriptorContent::Original);
    let table = semantic_query(fixtures::ROOM1_TEMPERATURE_QUERY, &records).expect("valid");
    assert_eq!(table.variables, vec!["device"]);
    let devices: Vec<String> = table.column("device");
    // The merge is a set: room 1's statements appear in two descriptors but count once.
    assert_eq!(devices.len(), 2, "{devices:?}");
    assert_eq!(
        devices.iter().cloned().collect::<BTreeSet<_>>(),
        BTreeSet::from(["ex:tempSensor1".to_owned(), "ex:thermo1".to_owned()])
    );
    let json = table.to_sparql_json();
    assert_eq!(json["head"]["vars"], serde_json::json!(["device"]));
    assert_eq!(json["results"]["bindings"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["results"]["bindings"][0]["device"]["type"], "uri");
    // GRAPH tells which resource a row came from.
    let by_graph = "PREFIX saref: <https://saref.etsi.org/core/>\n\
                    SELECT ?g ?model WHERE { GRAPH ?g { ?d saref:hasModel ?model } } ORDER BY ?g";
    let table = semantic_query(by_graph, &records).expect("valid");
    assert_eq!(table.rows.len(), 5);
    assert_eq!(table.column("g")[0], "<urn:onem2m:resource:cse-in/humSensor1AE/humSensor1>");
    assert_eq!(table.column("model")[0], "H-3");
    // ASK gives a boolean.
    let ask = semantic_query("ASK { ?s ?p ?o }", &records).expect("valid");
    assert_eq!(ask.boolean, Some(true));
    assert_eq!(ask.to_sparql_json(), serde_json::json!({"head": {}, "boolean": true}));
}

#[test]
fn smf_matcher_fits_the_cse_engine_callback() {
    use onem2m_ontology::smf_matcher;
    let matcher: fn(&str, &str, u64) -> Result<bool, String> = smf_matcher;
    let ask = "PREFIX saref: <https://saref.etsi.org/core/> ASK { ?d saref:hasFunction ?f }";
    assert_eq!(matcher(ask, onem2m_ontology::fixtures::THERMOSTAT, 5), Ok(true));
    let none = "PREFIX saref: <https://saref.etsi.org/core/> ASK { ?d saref:offers ?s }";
    assert_eq!(matcher(none, onem2m_ontology::fixtures::THERMOSTAT, 5), Ok(false));
    assert_eq!(matcher(ask, "this is not Turtle", 5), Ok(false), "a broken descriptor does not match");
    assert_eq!(matcher(ask, onem2m_ontology::fixtures::THERMOSTAT, 1), Ok(false), "dcrp 1 (IRI) is not parsed");
    let error = matcher("ASK {", onem2m_ontology::fixtures::THERMOSTAT, 5).expect_err("a broken query");
    assert!(error.contains("SPARQL syntax error"), "{error}");
}

#[test]
fn qres_evaluator_fits_the_cse_engine_callback_and_skips_unreadable_descriptors() {
    use onem2m_ontology::qres_evaluator;
    // the shape of the CSE engine's SemanticQuery: (query, [(described resource, descriptor, dcrp)])
    type SemanticQuery = fn(&str, &[(&str, &str, u64)]) -> Result<String, String>;
    let evaluator: SemanticQuery = qres_evaluator;
    let descriptors = [
        ("cse-in/thermo1AE/thermo1", fixtures::THERMOSTAT, 5),
        ("cse-in/tempSensor1AE/tempSensor1", fixtures::TEMPERATURE_SENSOR, 5),
        ("cse-in/plug1AE/plug1", fixtures::SMART_PLUG, 5),
        ("cse-in/brokenAE/broken", "this is not Turtle", 5),
        ("cse-in/iriAE/iri", "http://example.org/home#thermo1", 1),
    ];
    let answer = evaluator(fixtures::ROOM1_TEMPERATURE_QUERY, &descriptors).expect("a valid query");
    let results: serde_json::Value = serde_json::from_str(&answer).expect("the answer is SPARQL JSON results");
    assert_eq!(results["head"]["vars"], serde_json::json!(["device"]));
    let devices: BTreeSet<&str> = results["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .filter_map(|binding| binding["device"]["value"].as_str())
        .collect();
    assert_eq!(
        devices,
        BTreeSet::from(["http://example.org/home#thermo1", "http://example.org/home#tempSensor1"]),
        "the readable descriptors were merged; the broken one and the IRI were left out"
    );
    let error = evaluator("SELECT ?x WHERE {", &descriptors).expect_err("a broken query");
    assert!(error.contains("SPARQL syntax error"), "{error}");
}
