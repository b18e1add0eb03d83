//! The alignment part: the three platforms' graphs merged, the student's alignment added, what RDFS entails
//! from the merge (with and without the alignment), and what the student's query finds in each.

use onem2m_ontology::reasoning::{Entailment, rdfs_entailment};
use onem2m_ontology::{DescriptorFormat, Diagnostic, QueryResultTable, parse_description};
use oxigraph::model::{NamedNode, Term, Triple};

use crate::platforms::{KNOWN_PREFIXES, PLATFORMS, Platform};
use crate::query::{EditorError, run, terms_not_in_graph};

/// The three platforms' triples, merged (their IRIs do not clash, and no blank nodes are used).
pub fn platform_triples() -> Vec<Triple> {
    PLATFORMS.iter().flat_map(|platform| parse_description(platform.turtle, DescriptorFormat::Turtle).triples).collect()
}

/// The prefixes for showing triples.
pub fn display_prefixes() -> Vec<(String, String)> {
    KNOWN_PREFIXES.iter().map(|(p, n)| ((*p).to_owned(), (*n).to_owned())).collect()
}

/// What a reading is found with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub platform: &'static Platform,
    pub without_alignment: bool,
    pub with_alignment: bool,
}

/// The alignment part evaluated: the alignment's diagnostics and triples, the entailment of the merge with
/// it, and the query's results with and without it.
#[derive(Debug, Clone)]
pub struct AlignmentAnalysis {
    /// Syntax errors and warnings in the alignment (Turtle, with `line:column`).
    pub diagnostics: Vec<Diagnostic>,
    pub alignment_triples: Vec<Triple>,
    /// The merge plus the alignment, and what it entails.
    pub entailment: Entailment,
    /// The query over the merge and what it entails without the alignment, and with it.
    pub without: Result<QueryResultTable, EditorError>,
    pub with: Result<QueryResultTable, EditorError>,
    pub declared_for_you: Vec<&'static str>,
    /// Terms of the query that name nothing in the data, the alignment or what they entail (likely typos).
    pub query_terms_unused: Vec<String>,
    /// Terms of the alignment that no platform's data uses (likely typos).
    pub alignment_terms_unused: Vec<String>,
}

/// Whether `table` mentions `iri` in any row.
pub fn mentions(table: &QueryResultTable, iri: &str) -> bool {
    table.rows.iter().flatten().flatten().any(|term| term.kind == "uri" && term.value == iri)
}

impl AlignmentAnalysis {
    pub fn of(alignment: &str, query: &str) -> Self {
        let parsed = parse_description(alignment, DescriptorFormat::Turtle);
        let diagnostics: Vec<Diagnostic> = parsed.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
        let data = platform_triples();
        let plain = rdfs_entailment(&data).closure();
        let mut with_alignment = data;
        with_alignment.extend(parsed.triples.iter().cloned());
        let alignment_terms_unused = terms_not_in_graph(alignment, &plain);
        let entailment = rdfs_entailment(&with_alignment);
        let closure = entailment.closure();
        let query_terms_unused = terms_not_in_graph(query, &closure);
        let without = run(query, &plain).map(|(table, _)| table);
        let with = run(query, &closure);
        let declared_for_you = with.as_ref().map(|(_, declared)| declared.clone()).unwrap_or_default();
        AlignmentAnalysis {
            diagnostics,
            alignment_triples: parsed.triples,
            entailment,
            without,
            with: with.map(|(table, _)| table),
            declared_for_you,
            query_terms_unused,
            alignment_terms_unused,
        }
    }

    /// Per platform: is its reading in the results without and with the alignment?
    pub fn found(&self) -> Vec<Found> {
        PLATFORMS
            .iter()
            .map(|platform| Found {
                platform,
                without_alignment: self.without.as_ref().is_ok_and(|table| mentions(table, platform.reading)),
                with_alignment: self.with.as_ref().is_ok_and(|table| mentions(table, platform.reading)),
            })
            .collect()
    }

    /// The entailed triples about the three readings (what the alignment made a query see).
    pub fn entailed_about_readings(&self) -> Vec<&onem2m_ontology::Derivation> {
        self.entailment
            .entailed
            .iter()
            .filter(|derivation| {
                PLATFORMS.iter().any(|platform| match &derivation.triple.subject {
                    oxigraph::model::NamedOrBlankNode::NamedNode(node) => node.as_str() == platform.reading,
                    _ => false,
                })
            })
            .collect()
    }
}

/// A statement whose entailment the student predicts, judged with the reference alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub id: &'static str,
    /// The statement in Turtle with the lab's prefixes.
    pub shown: &'static str,
    pub subject: &'static str,
    pub predicate: &'static str,
    pub object: CandidateObject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateObject {
    Iri(&'static str),
    Decimal(&'static str),
}

impl Candidate {
    pub fn triple(&self) -> Triple {
        let object: Term = match self.object {
            CandidateObject::Iri(iri) => NamedNode::new_unchecked(iri).into(),
            CandidateObject::Decimal(value) => oxigraph::model::Literal::new_typed_literal(
                value,
                NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#decimal"),
            )
            .into(),
        };
        Triple::new(NamedNode::new_unchecked(self.subject), NamedNode::new_unchecked(self.predicate), object)
    }
}

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// The statements of the prediction exercise.
pub const CANDIDATES: [Candidate; 4] = [
    Candidate {
        id: "vendor-is-observation",
        shown: "acme:rd5521 rdf:type sosa:Observation .",
        subject: "http://example.com/acme-bms#rd5521",
        predicate: RDF_TYPE,
        object: CandidateObject::Iri("http://www.w3.org/ns/sosa/Observation"),
    },
    Candidate {
        id: "research-is-vendor-reading",
        shown: "lab:obs17 rdf:type acme:TempReading .",
        subject: "http://example.org/research/obs17",
        predicate: RDF_TYPE,
        object: CandidateObject::Iri("http://example.com/acme-bms#TempReading"),
    },
    Candidate {
        id: "gateway-has-simple-result",
        shown: "gw:m0900 sosa:hasSimpleResult \"21.5\"^^xsd:decimal .",
        subject: "http://example.org/gateway/m0900",
        predicate: "http://www.w3.org/ns/sosa/hasSimpleResult",
        object: CandidateObject::Decimal("21.5"),
    },
    Candidate {
        id: "gateway-is-vendor-reading",
        shown: "gw:m0900 rdf:type acme:TempReading .",
        subject: "http://example.org/gateway/m0900",
        predicate: RDF_TYPE,
        object: CandidateObject::Iri("http://example.com/acme-bms#TempReading"),
    },
];

/// The merge with the reference alignment, and what it entails.
pub fn reference_entailment() -> Entailment {
    let mut triples = platform_triples();
    triples.extend(parse_description(crate::platforms::REFERENCE_ALIGNMENT, DescriptorFormat::Turtle).triples);
    rdfs_entailment(&triples)
}
