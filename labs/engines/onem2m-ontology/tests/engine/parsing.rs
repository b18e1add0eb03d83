use crate::{saref, turtle};
use onem2m_ontology::{DescriptorFormat, DiagnosticKind, Severity, TextLocation, fixtures, parse_description};

#[test]
fn every_fixture_parses_cleanly() {
    for fixture in fixtures::FIXTURES {
        let description = turtle(fixture.turtle);
        assert!(description.diagnostics.is_empty(), "{}: {:?}", fixture.id, description.diagnostics);
        assert!(description.triples.len() > 5, "{}", fixture.id);
    }
}

#[test]
fn a_missing_dot_is_a_syntax_error_with_line_and_column() {
    let text = "@prefix saref: <https://saref.etsi.org/core/> .\n\
                @prefix ex: <http://example.org/home#> .\n\
                ex:a a saref:Device ;\n  saref:hasFunction ex:f\n\
                ex:b a saref:Device .\n";
    let description = turtle(text);
    let errors: Vec<_> = description.diagnostics.iter().filter(|d| d.kind == DiagnosticKind::Syntax).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].severity, Severity::Error);
    assert_eq!(errors[0].location, Some(TextLocation { line: 5, column: 1 }));
    assert!(errors[0].message.contains("dot"), "{}", errors[0].message);
    assert!(description.has_syntax_errors());
}

#[test]
fn an_undeclared_prefix_is_located_and_the_rest_still_parses() {
    let text = "@prefix ex: <http://example.org/home#> .\nex:a a ex:Thing .\nex:b a sarf:Device .\nex:c a ex:Thing .\n";
    let description = turtle(text);
    let error = description.diagnostics.iter().find(|d| d.kind == DiagnosticKind::Syntax).expect("a syntax error");
    assert_eq!(error.location.map(|l| l.line), Some(3));
    // The parser recovers: the statements before and after the broken one are kept.
    assert_eq!(description.triples.len(), 2);
}

#[test]
fn misspelt_saref_terms_are_unknown_classes_and_properties_with_locations() {
    let text = "@prefix saref: <https://saref.etsi.org/core/> .\n\
                @prefix ex: <http://example.org/home#> .\n\
                ex:a a saref:Devise ;\n    saref:hasFunctoin ex:f .\n\
                ex:f a saref:SensingFunction .\n";
    let description = turtle(text);
    let class = description.diagnostics.iter().find(|d| d.kind == DiagnosticKind::UnknownClass).expect("unknown class");
    assert_eq!(class.term.as_deref(), Some(saref("Devise").as_str()));
    assert_eq!(class.location, Some(TextLocation { line: 3, column: 8 }));
    assert_eq!(class.severity, Severity::Warning);
    let property =
        description.diagnostics.iter().find(|d| d.kind == DiagnosticKind::UnknownProperty).expect("unknown property");
    assert_eq!(property.term.as_deref(), Some(saref("hasFunctoin").as_str()));
    assert_eq!(property.location, Some(TextLocation { line: 4, column: 5 }));
    assert_eq!(description.diagnostics.len(), 2, "{:?}", description.diagnostics);
}

#[test]
fn base_ontology_spelling_mistakes_are_caught() {
    let text = "@prefix base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#> .\n\
                <http://example.org/home#f> a base:MeasuringFunction .\n";
    let description = turtle(text);
    assert_eq!(description.diagnostics.len(), 1);
    assert_eq!(description.diagnostics[0].kind, DiagnosticKind::UnknownClass);
}

#[test]
fn a_property_used_as_a_class_is_reported() {
    let text = "@prefix saref: <https://saref.etsi.org/core/> .\n<http://example.org/home#a> a saref:hasFunction .\n";
    let description = turtle(text);
    assert_eq!(description.diagnostics.len(), 1);
    assert!(description.diagnostics[0].message.contains("is a property"));
}

#[test]
fn old_saref_namespaces_are_flagged() {
    let text = "@prefix saref: <https://w3id.org/saref#> .\n<http://example.org/home#a> a saref:Device .\n";
    let description = turtle(text);
    assert_eq!(description.diagnostics.len(), 1);
    assert_eq!(description.diagnostics[0].kind, DiagnosticKind::OldNamespace);
    assert_eq!(description.diagnostics[0].location.map(|l| l.line), Some(2));
}

#[test]
fn rdf_xml_and_json_ld_give_the_same_triples_as_turtle() {
    let rdf_xml = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:saref="https://saref.etsi.org/core/">
  <saref:Device rdf:about="http://example.org/home#d1">
    <saref:hasFunction rdf:resource="http://example.org/home#f1"/>
  </saref:Device>
</rdf:RDF>"#;
    let json_ld = r#"{
  "@context": {"saref": "https://saref.etsi.org/core/"},
  "@id": "http://example.org/home#d1",
  "@type": "saref:Device",
  "saref:hasFunction": {"@id": "http://example.org/home#f1"}
}"#;
    let turtle_text = "<http://example.org/home#d1> a <https://saref.etsi.org/core/Device> ;\n\
                       <https://saref.etsi.org/core/hasFunction> <http://example.org/home#f1> .";
    let mut expected = turtle(turtle_text).triples;
    expected.sort_by_key(ToString::to_string);
    for (text, format) in [(rdf_xml, DescriptorFormat::RdfXml), (json_ld, DescriptorFormat::JsonLd)] {
        let description = parse_description(text, format);
        assert!(description.diagnostics.is_empty(), "{format:?}: {:?}", description.diagnostics);
        let mut triples = description.triples.clone();
        triples.sort_by_key(ToString::to_string);
        assert_eq!(triples, expected, "{format:?}");
    }
}

#[test]
fn broken_json_ld_has_a_location_and_broken_rdf_xml_an_error() {
    let description =
        parse_description("{\n  \"@id\": \"http://example.org/home#d1\",\n  \"@type\" \n}", DescriptorFormat::JsonLd);
    let error = description.diagnostics.iter().find(|d| d.kind == DiagnosticKind::Syntax).expect("syntax error");
    assert!(error.location.is_some(), "{error:?}");
    let description = parse_description(
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description></rdf:RDF>",
        DescriptorFormat::RdfXml,
    );
    assert!(description.has_syntax_errors(), "{:?}", description.diagnostics);
}

#[test]
fn blank_nodes_are_renamed_deterministically() {
    let text = "@prefix saref: <https://saref.etsi.org/core/> .\n\
                [] a saref:Device ; saref:hasFunction [ a saref:SensingFunction ] .";
    let first = turtle(text);
    let second = turtle(text);
    assert_eq!(first.triples, second.triples);
    let shown: Vec<String> = first.triples.iter().map(ToString::to_string).collect();
    assert!(shown[0].starts_with("_:n0 "), "{shown:?}");
    assert!(shown.iter().any(|t| t.contains("_:n1")), "{shown:?}");
}
