use crate::{RDF_TYPE, base, book_mapping_of, ex, saref, turtle};
use onem2m_ontology::{
    Alignment, AlignmentRule, DiagnosticKind, RuleRelation, UnmappedKind, fixtures, map_description,
};
use std::collections::BTreeSet;

#[test]
fn the_book_mapping_has_the_ten_rules_of_the_chapter() {
    let alignment = Alignment::book_mapping();
    assert!(alignment.diagnostics.is_empty(), "{:?}", alignment.diagnostics);
    let expected = [
        ("Device", RuleRelation::SubClassOf, "Device"),
        ("Function", RuleRelation::SubClassOf, "Functionality"),
        ("SensingFunction", RuleRelation::SubClassOf, "MeasuringFunctionality"),
        ("MeteringFunction", RuleRelation::SubClassOf, "MeasuringFunctionality"),
        ("ActuatingFunction", RuleRelation::SubClassOf, "ControllingFunctionality"),
        ("Command", RuleRelation::SubClassOf, "Command"),
        ("Service", RuleRelation::SubClassOf, "Service"),
        ("hasFunction", RuleRelation::SubPropertyOf, "hasFunctionality"),
        ("hasCommand", RuleRelation::SubPropertyOf, "hasCommand"),
        ("offers", RuleRelation::SubPropertyOf, "hasService"),
    ];
    let expected: Vec<AlignmentRule> =
        expected.iter().map(|(s, r, t)| AlignmentRule::new(saref(s), *r, base(t))).collect();
    assert_eq!(alignment.rules, expected);
    // Written back and read again, the rules are the same.
    assert_eq!(Alignment::from_turtle(&alignment.to_turtle()).rules, expected);
}

/// Each rule of the book's mapping, applied on its own, produces its triple and is named in the explanation.
#[test]
fn each_rule_produces_its_triple_with_an_explanation() {
    let cases = [
        ("Device", "plug1", RDF_TYPE, "Device"),
        ("ActuatingFunction", "plug1Switching", RDF_TYPE, "ControllingFunctionality"),
        ("MeteringFunction", "plug1Metering", RDF_TYPE, "MeasuringFunctionality"),
        ("Command", "plug1On", RDF_TYPE, "Command"),
        ("Service", "plug1SwitchService", RDF_TYPE, "Service"),
    ];
    // Turtle documents can be concatenated: the plug and the thermostat use every rule between them.
    let devices = turtle(&format!("{}\n{}", fixtures::SMART_PLUG, fixtures::THERMOSTAT));
    assert!(devices.diagnostics.is_empty());
    for rule in Alignment::book_mapping().rules {
        let alone = Alignment { rules: vec![rule.clone()], diagnostics: Vec::new() };
        let mapping = map_description(&devices, &alone);
        assert!(!mapping.instance.is_empty(), "{rule:?} produced nothing");
        for (triple, explanation) in mapping.instance.iter().zip(&mapping.explanations) {
            assert_eq!(
                explanation.produced.to_string(),
                onem2m_ontology::terms::TripleText::of(triple, &mapping.prefixes).to_string()
            );
            assert!(
                explanation.reasons.iter().all(|reason| reason.rule.as_ref() == Some(&rule)),
                "{explanation:?} not explained by {rule:?}"
            );
            assert!(explanation.describe().contains(&rule.to_turtle()));
        }
    }
    let book = Alignment::book_mapping();
    let mapping = map_description(&turtle(fixtures::SMART_PLUG), &book);
    for (source, subject, predicate, object) in cases {
        assert!(mapping.contains(&ex(subject), predicate, &base(object)), "{source}: {subject} a base:{object}");
    }
    for (property, object) in [
        ("hasFunctionality", "plug1Switching"),
        ("hasFunctionality", "plug1Metering"),
        ("hasService", "plug1SwitchService"),
    ] {
        assert!(mapping.contains(&ex("plug1"), &base(property), &ex(object)), "{property} {object}");
    }
    assert!(mapping.contains(&ex("plug1Switching"), &base("hasCommand"), &ex("plug1On")));
    // saref:Function and saref:SensingFunction on the thermostat.
    let (_, thermostat) = book_mapping_of(fixtures::THERMOSTAT);
    assert_eq!(thermostat.types_of(&ex("thermo1Sensing")), vec![base("MeasuringFunctionality")]);
    let generic = "@prefix saref: <https://saref.etsi.org/core/> .\n<http://example.org/home#f> a saref:Function .";
    let (_, generic) = book_mapping_of(generic);
    assert_eq!(generic.types_of(&ex("f")), vec![base("Functionality")]);
}

#[test]
fn explanations_show_the_chain_through_the_descriptions_own_subclass() {
    let (_, mapping) = book_mapping_of(fixtures::SMART_PLUG);
    let index = mapping
        .instance
        .iter()
        .position(|t| t.to_string() == format!("<{}> <{RDF_TYPE}> <{}>", ex("plug1"), base("Device")))
        .expect("plug1 a base:Device");
    let explanation = &mapping.explanations[index];
    assert_eq!(explanation.reasons.len(), 1);
    assert_eq!(explanation.reasons[0].via, vec!["ex:SmartPlug", "saref:Device", "base:Device"]);
    assert_eq!(explanation.reasons[0].from.to_string(), "ex:plug1 rdf:type ex:SmartPlug .");
    assert!(mapping.explain(&mapping.instance[index]).is_some());
}

#[test]
fn only_the_most_specific_base_class_is_produced() {
    // saref:SensingFunction reaches base:MeasuringFunctionality by its rule and base:Functionality
    // through saref:Function; only the first is kept.
    let (_, mapping) = book_mapping_of(fixtures::TEMPERATURE_SENSOR);
    assert_eq!(mapping.types_of(&ex("tempSensor1Sensing")), vec![base("MeasuringFunctionality")]);
    // Without the specific rule, the general one still applies through SAREF's own hierarchy.
    let mut alignment = Alignment::book_mapping();
    alignment.rules.retain(|r| r.source != saref("SensingFunction"));
    let mapping = map_description(&turtle(fixtures::TEMPERATURE_SENSOR), &alignment);
    assert_eq!(mapping.types_of(&ex("tempSensor1Sensing")), vec![base("Functionality")]);
    let explanation =
        mapping.explanations.iter().find(|e| e.produced.subject == "ex:tempSensor1Sensing").expect("explained");
    assert_eq!(explanation.reasons[0].via, vec!["saref:SensingFunction", "saref:Function", "base:Functionality"]);
}

#[test]
fn the_unmapped_report_lists_what_the_mapping_leaves_out() {
    let (_, mapping) = book_mapping_of(fixtures::SMART_PLUG);
    let classes: BTreeSet<&str> =
        mapping.unmapped.iter().filter(|u| u.kind == UnmappedKind::Class).map(|u| u.shown.as_str()).collect();
    assert_eq!(classes, BTreeSet::from(["ex:Power", "saref:FeatureOfInterest", "saref:Property", "saref:State"]));
    let power = mapping.unmapped.iter().find(|u| u.shown == "ex:Power").expect("ex:Power");
    assert_eq!(power.saref_terms, vec!["saref:Property"]);
    let properties: BTreeSet<String> = mapping.unmapped_properties();
    let expected: BTreeSet<String> = [
        "actsUpon",
        "controlsProperty",
        "hasManufacturer",
        "hasModel",
        "hasProperty",
        "measuresProperty",
        "represents",
    ]
    .iter()
    .map(|p| saref(p))
    .collect();
    assert_eq!(properties, expected);
    let acts_upon = mapping.unmapped.iter().find(|u| u.term == saref("actsUpon")).expect("actsUpon");
    assert_eq!(acts_upon.uses, 2);
    // Each is also a located diagnostic.
    let diagnostic = mapping
        .diagnostics
        .iter()
        .find(|d| d.term.as_deref() == Some(saref("measuresProperty").as_str()))
        .expect("diagnostic");
    assert_eq!(diagnostic.kind, DiagnosticKind::UnmappedProperty);
    assert_eq!(diagnostic.location.map(|l| l.line), Some(16));
    // rdfs:label and the schema statements are neither mapped nor reported.
    assert!(!mapping.unmapped.iter().any(|u| u.term.contains("rdf-schema")));
}

#[test]
fn the_instance_holds_only_base_ontology_terms_and_is_deterministic() {
    for fixture in fixtures::FIXTURES {
        let (_, first) = book_mapping_of(fixture.turtle);
        let (_, second) = book_mapping_of(fixture.turtle);
        assert_eq!(first.instance, second.instance);
        assert_eq!(first.to_turtle(), second.to_turtle());
        assert_eq!(first.instance.len(), first.explanations.len());
        for triple in &first.instance {
            let predicate = triple.predicate.as_str();
            assert!(predicate == RDF_TYPE || predicate.starts_with(crate::BASE), "{triple}");
            if predicate == RDF_TYPE {
                assert!(triple.object.to_string().contains(crate::BASE), "{triple}");
            }
        }
        assert!(first.contains(fixture.device, RDF_TYPE, &base("Device")), "{}", fixture.id);
    }
}

#[test]
fn the_mapped_instance_in_turtle_parses_back_to_the_same_triples() {
    let (_, mapping) = book_mapping_of(fixtures::SMART_PLUG);
    let back = turtle(&mapping.to_turtle());
    assert!(back.diagnostics.is_empty(), "{:?}", back.diagnostics);
    let mut parsed = back.triples.clone();
    parsed.sort_by_key(ToString::to_string);
    assert_eq!(parsed, mapping.instance);
}

#[test]
fn alignment_problems_are_diagnostics() {
    let text = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
                @prefix owl: <http://www.w3.org/2002/07/owl#> .\n\
                @prefix saref: <https://saref.etsi.org/core/> .\n\
                @prefix base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#> .\n\
                base:Device rdfs:subClassOf saref:Device .\n\
                saref:Service owl:equivalentClass base:Service .\n\
                saref:hasFunction rdfs:subClassOf base:hasFunctionality .\n\
                saref:Command rdfs:subClassOf base:Comand .\n";
    let alignment = Alignment::from_turtle(text);
    let messages: Vec<String> = alignment.diagnostics.iter().map(ToString::to_string).collect();
    assert!(messages.iter().any(|m| m.contains("reversed") && m.contains("line 5")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("ignored") && m.contains("equivalence")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("saref:hasFunction is a property")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("unknown class base:Comand")), "{messages:?}");
    assert_eq!(alignment.rules.len(), 3, "the equivalence is not a rule");
    // The reversed rule maps nothing into the Base Ontology.
    let (plug, _) = book_mapping_of(fixtures::SMART_PLUG);
    let mapping = map_description(&plug, &alignment);
    assert!(!mapping.contains(&ex("plug1"), RDF_TYPE, &base("Device")));
    assert!(mapping.unmapped.iter().any(|u| u.shown == "ex:SmartPlug"));
}

#[test]
fn a_student_rule_for_an_unmapped_property_takes_effect() {
    let mut text = onem2m_ontology::vocabulary::BOOK_MAPPING.to_owned();
    text.push_str("saref:hasState rdfs:subPropertyOf base:hasThingProperty .\n");
    let alignment = Alignment::from_turtle(&text);
    let lamp = turtle(onem2m_ontology::exercises::LAMP);
    let mapping = map_description(&lamp, &alignment);
    assert!(mapping.contains(&ex("lamp1"), &base("hasThingProperty"), &ex("lamp1State")));
    assert!(mapping.unmapped_properties().is_empty(), "{:?}", mapping.unmapped_properties());
}

#[test]
fn base_ontology_terms_in_the_description_are_kept() {
    let text = "@prefix base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#> .\n\
                <http://example.org/home#d> a base:Device ; base:hasFunctionality <http://example.org/home#f> .";
    let (_, mapping) = book_mapping_of(text);
    assert_eq!(mapping.instance.len(), 2);
    assert!(mapping.explanations.iter().all(|e| e.reasons[0].rule.is_none()));
    assert!(mapping.explanations[0].describe().contains("already a Base Ontology term"));
}
