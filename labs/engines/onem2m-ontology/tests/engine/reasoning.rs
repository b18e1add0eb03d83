//! RDFS entailment (rdfs2, 3, 5, 7, 9, 11): what is entailed, what is not, and why.

use onem2m_ontology::reasoning::{MAX_ENTAILED, RdfsRule, rdfs_entailment};
use onem2m_ontology::{DescriptorFormat, QueryErrorKind, parse_description, query_graph};
use oxigraph::model::{Literal, NamedNode, Triple};

const PREFIXES: &str = "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/home#> .
";

fn triples(turtle: &str) -> Vec<Triple> {
    let description = parse_description(&format!("{PREFIXES}{turtle}"), DescriptorFormat::Turtle);
    assert!(description.diagnostics.iter().all(|d| !d.is_error()), "{:?}", description.diagnostics);
    description.triples
}

fn iri(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("http://example.org/home#{local}"))
}

fn rdf_type() -> NamedNode {
    NamedNode::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
}

fn typed(subject: &str, class: &str) -> Triple {
    Triple::new(iri(subject), rdf_type(), iri(class))
}

#[test]
fn each_pattern_entails_its_conclusion_from_its_two_premises() {
    let cases: [(&str, Triple, RdfsRule); 6] = [
        ("ex:hasReading rdfs:domain ex:Sensor . ex:t1 ex:hasReading ex:r1 .", typed("t1", "Sensor"), RdfsRule::Rdfs2),
        ("ex:hasReading rdfs:range ex:Reading . ex:t1 ex:hasReading ex:r1 .", typed("r1", "Reading"), RdfsRule::Rdfs3),
        (
            "ex:p rdfs:subPropertyOf ex:q . ex:q rdfs:subPropertyOf ex:r .",
            Triple::new(
                iri("p"),
                NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"),
                iri("r"),
            ),
            RdfsRule::Rdfs5,
        ),
        (
            "ex:celsius rdfs:subPropertyOf ex:value . ex:r1 ex:celsius ex:v .",
            Triple::new(iri("r1"), iri("value"), iri("v")),
            RdfsRule::Rdfs7,
        ),
        (
            "ex:TempReading rdfs:subClassOf ex:Observation . ex:r1 a ex:TempReading .",
            typed("r1", "Observation"),
            RdfsRule::Rdfs9,
        ),
        (
            "ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:C .",
            Triple::new(
                iri("A"),
                NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                iri("C"),
            ),
            RdfsRule::Rdfs11,
        ),
    ];
    for (turtle, expected, rule) in cases {
        let graph = triples(turtle);
        let entailment = rdfs_entailment(&graph);
        let derivation = entailment.derivation_of(&expected).unwrap_or_else(|| panic!("{turtle} entails {expected}"));
        assert_eq!(derivation.rule, rule, "{turtle}");
        assert!(
            derivation.premises.iter().all(|premise| graph.contains(premise)),
            "premises are the two asserted triples"
        );
        assert_eq!(entailment.entailed.len(), 1, "{turtle} entails exactly one triple: {:?}", entailment.entailed);
    }
}

#[test]
fn chains_reach_a_fixpoint_and_the_proof_walks_back_to_asserted_triples() {
    let graph = triples(
        "ex:TempReading rdfs:subClassOf ex:Reading . ex:Reading rdfs:subClassOf ex:Observation .
         ex:celsius rdfs:subPropertyOf ex:value . ex:value rdfs:domain ex:Measured .
         ex:r1 a ex:TempReading ; ex:celsius \"21.5\" .",
    );
    let entailment = rdfs_entailment(&graph);
    assert!(!entailment.truncated);
    let observation = typed("r1", "Observation");
    assert!(entailment.holds(&observation));
    let proof = entailment.proof(&observation);
    assert!(!proof.is_empty());
    for step in &proof {
        for premise in &step.premises {
            assert!(
                entailment.is_asserted(premise) || proof.iter().any(|d| &d.triple == premise),
                "{premise} is explained"
            );
        }
    }
    // rdfs7 then rdfs2: the literal value moves to the super-property, whose domain types the reading.
    let value = Triple::new(iri("r1"), iri("value"), Literal::new_simple_literal("21.5"));
    assert_eq!(entailment.derivation_of(&value).map(|d| d.rule), Some(RdfsRule::Rdfs7));
    assert_eq!(entailment.derivation_of(&typed("r1", "Measured")).map(|d| d.rule), Some(RdfsRule::Rdfs2));
    // Running the reasoner on its own closure adds nothing: a fixpoint.
    assert!(rdfs_entailment(&entailment.closure()).entailed.is_empty());
    let counts = entailment.count_by_rule();
    assert_eq!(counts.values().sum::<usize>(), entailment.entailed.len());
}

#[test]
fn what_is_not_entailed() {
    let graph = triples(
        "ex:TempReading rdfs:subClassOf ex:Observation . ex:r1 a ex:Observation .
         ex:hasUnit rdfs:range ex:Unit . ex:r1 ex:hasUnit \"celsius\" .",
    );
    let entailment = rdfs_entailment(&graph);
    // subClassOf is not symmetric: an Observation is not thereby a TempReading.
    assert!(!entailment.holds(&typed("r1", "TempReading")));
    // rdfs3 on a literal would need a literal subject: nothing is written.
    assert!(entailment.entailed.is_empty(), "{:?}", entailment.entailed);
}

#[test]
fn a_query_finds_the_entailed_types_only_in_the_closure() {
    let graph =
        triples("ex:TempReading rdfs:subClassOf ex:Observation . ex:r1 a ex:TempReading . ex:r2 a ex:Observation .");
    let query = "PREFIX ex: <http://example.org/home#> SELECT ?o WHERE { ?o a ex:Observation } ORDER BY ?o";
    let without = query_graph(query, &graph).expect("valid");
    assert_eq!(without.column("o"), vec!["ex:r2"]);
    let with = query_graph(query, &rdfs_entailment(&graph).closure()).expect("valid");
    assert_eq!(with.column("o"), vec!["ex:r1", "ex:r2"]);
    let error = query_graph("SELECT ?o WHERE {\n  ?o a ex:Observation }", &graph).expect_err("undeclared prefix");
    assert_eq!(error.kind, QueryErrorKind::Syntax);
    assert!(error.location.is_some(), "{error}");
}

#[test]
fn the_closure_is_bounded() {
    // A subclass chain of n classes entails about n²/2 subClassOf triples: enough to cross the bound.
    let mut turtle = String::new();
    for index in 0..120 {
        turtle.push_str(&format!("ex:C{index} rdfs:subClassOf ex:C{} .\n", index + 1));
    }
    let entailment = rdfs_entailment(&triples(&turtle));
    assert!(entailment.truncated);
    assert_eq!(entailment.entailed.len(), MAX_ENTAILED);
}

#[test]
fn a_derivation_is_explained_with_its_pattern_and_premises() {
    let graph = triples("ex:TempReading rdfs:subClassOf ex:Observation . ex:r1 a ex:TempReading .");
    let entailment = rdfs_entailment(&graph);
    let prefixes = vec![("ex".to_owned(), "http://example.org/home#".to_owned())];
    assert_eq!(
        entailment.entailed[0].explain(&prefixes),
        "ex:r1 rdf:type ex:Observation by rdfs9 (an instance of a subclass is an instance of its superclass), \
         from ex:TempReading rdfs:subClassOf ex:Observation and ex:r1 rdf:type ex:TempReading"
    );
}
