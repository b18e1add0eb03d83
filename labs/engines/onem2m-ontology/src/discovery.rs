//! Semantic discovery and semantic queries with SPARQL 1.1 (oxigraph's evaluator).
//!
//! # Design choice
//!
//! - **Discovery ([`discover`], [`descriptor_matches`]) evaluates the query against each
//!   descriptor on its own**, in a fresh in-memory store whose default graph is that descriptor
//!   and nothing else, as TS-0034 describes semantic resource discovery: a descriptor matches
//!   when the query finds a result in it (ASK true, SELECT at least one row, CONSTRUCT/DESCRIBE at
//!   least one triple). The answer lists the described resources (the descriptors' parents), in
//!   input order, like the `m2m:uril` of a discovery. Evaluating per descriptor means that a
//!   triple in one descriptor can never make another one match. No ontology is added behind the
//!   student's back: a query in Base Ontology terms finds a SAREF device only if the descriptor
//!   carries the mapped triples (see [`crate::resources::DescriptorContent::Both`]) or the
//!   alignment.
//! - **A semantic query ([`semantic_query`], for `rcn=10`) evaluates once over all descriptors**:
//!   each descriptor is loaded into a named graph `urn:onem2m:resource:<resource>` and the default
//!   graph is their RDF merge (a triple shared by two descriptors counts once), so `GRAPH ?g { ... }` tells which resource a row came from.
//!
//! Queries calling `NOW()`, `RAND()`, `UUID()` or `STRUUID()` are refused (the engine is
//! deterministic), and so is `SERVICE` (no network). Syntax errors carry 1-based line and column.

use crate::diagnostic::{Diagnostic, DiagnosticKind, Severity, TextLocation};
use crate::format::DescriptorFormat;
use crate::parse::{location_from_message, parse_description};
use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use serde::Serialize;
use serde_json::{Map, Value, json};
use spargebra::{Query, SparqlParser};
use std::fmt;

/// One descriptor to search: the resource it describes and its RDF text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DescriptorRecord {
    /// The described resource (the semanticDescriptor's parent), as the CSE addresses it.
    pub resource: String,
    /// The RDF text (already decoded from base64).
    pub text: String,
    pub format: DescriptorFormat,
}

impl DescriptorRecord {
    pub fn new(resource: impl Into<String>, text: impl Into<String>, format: DescriptorFormat) -> Self {
        Self { resource: resource.into(), text: text.into(), format }
    }
}

/// What went wrong with a query or a descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QueryErrorKind {
    /// The query is not valid SPARQL 1.1.
    Syntax,
    /// Valid SPARQL the lab does not evaluate (NOW, RAND, UUID, STRUUID, SERVICE).
    Unsupported,
    /// The descriptor could not be parsed in its announced format.
    Descriptor,
    /// The engine failed while evaluating.
    Evaluation,
}

/// A query or descriptor problem, as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryError {
    pub kind: QueryErrorKind,
    pub message: String,
    /// 1-based line and column in the query (or descriptor), when known.
    pub location: Option<TextLocation>,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some(location) => write!(f, "{} (at {location})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for QueryError {}

impl QueryError {
    fn new(kind: QueryErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), location: None }
    }

    /// The error as a diagnostic to show beside the query editor.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let kind = match self.kind {
            QueryErrorKind::Syntax | QueryErrorKind::Descriptor => DiagnosticKind::Syntax,
            QueryErrorKind::Unsupported | QueryErrorKind::Evaluation => DiagnosticKind::Query,
        };
        Diagnostic::new(Severity::Error, kind, self.message.clone()).at(self.location)
    }
}

/// Parses a SPARQL query and refuses what the deterministic lab cannot evaluate.
pub fn parse_query(query: &str) -> Result<Query, QueryError> {
    let parsed = SparqlParser::new().parse_query(query).map_err(|error| {
        let message = error.to_string();
        QueryError {
            kind: QueryErrorKind::Syntax,
            location: location_from_message(&message),
            message: format!("SPARQL syntax error: {message}"),
        }
    })?;
    // The parsed query printed back has no comments and normalised keywords.
    let normalised = parsed.to_string().to_ascii_uppercase();
    for (call, why) in [
        ("NOW(", "reads the clock"),
        ("RAND(", "draws a random number"),
        ("STRUUID(", "draws a random identifier"),
        ("UUID(", "draws a random identifier"),
        ("SERVICE ", "calls another SPARQL endpoint over the network"),
    ] {
        if normalised.contains(call) {
            let name = call.trim_end_matches(['(', ' ']);
            return Err(QueryError::new(
                QueryErrorKind::Unsupported,
                format!("{name} {why}; the lab evaluates queries deterministically and does not support it"),
            ));
        }
    }
    Ok(parsed)
}

fn load(store: &Store, record: &DescriptorRecord, graph: &GraphName, blank_prefix: &str) -> Result<(), QueryError> {
    let description = parse_description(&record.text, record.format);
    if let Some(error) = description.diagnostics.iter().find(|d| d.kind == DiagnosticKind::Syntax) {
        return Err(QueryError {
            kind: QueryErrorKind::Descriptor,
            message: format!(
                "the descriptor of {} is not valid {}: {}",
                record.resource,
                record.format.name(),
                error.message
            ),
            location: error.location,
        });
    }
    let rename = |node: &BlankNode| BlankNode::new_unchecked(format!("{blank_prefix}{}", node.as_str()));
    let quads = description.triples.iter().map(|triple| {
        let subject = match &triple.subject {
            NamedOrBlankNode::BlankNode(node) => NamedOrBlankNode::BlankNode(rename(node)),
            other => other.clone(),
        };
        let object = match &triple.object {
            Term::BlankNode(node) => Term::BlankNode(rename(node)),
            other => other.clone(),
        };
        Quad::new(subject, triple.predicate.clone(), object, graph.clone())
    });
    store
        .extend(quads)
        .map_err(|e| QueryError::new(QueryErrorKind::Evaluation, format!("could not load the descriptor: {e}")))
}

fn new_store() -> Result<Store, QueryError> {
    Store::new().map_err(|e| QueryError::new(QueryErrorKind::Evaluation, format!("could not create a store: {e}")))
}

fn evaluation_error(error: impl fmt::Display) -> QueryError {
    QueryError::new(QueryErrorKind::Evaluation, format!("query evaluation failed: {error}"))
}

fn matches_in(query: &Query, store: &Store) -> Result<bool, QueryError> {
    let results =
        SparqlEvaluator::new().for_query(query.clone()).on_store(store).execute().map_err(evaluation_error)?;
    match results {
        QueryResults::Boolean(value) => Ok(value),
        QueryResults::Solutions(mut solutions) => match solutions.next() {
            None => Ok(false),
            Some(Ok(_)) => Ok(true),
            Some(Err(error)) => Err(evaluation_error(error)),
        },
        QueryResults::Graph(mut triples) => match triples.next() {
            None => Ok(false),
            Some(Ok(_)) => Ok(true),
            Some(Err(error)) => Err(evaluation_error(error)),
        },
    }
}

/// Does `descriptor` match `query`? The function the CSE engine can take as a callback
/// (`fn(&str, &str, DescriptorFormat) -> Result<bool, QueryError>`) for `smf` filters, so that it
/// never depends on oxigraph itself.
pub fn descriptor_matches(query: &str, descriptor: &str, format: DescriptorFormat) -> Result<bool, QueryError> {
    let query = parse_query(query)?;
    let store = new_store()?;
    let record = DescriptorRecord::new("the descriptor", descriptor, format);
    load(&store, &record, &GraphName::DefaultGraph, "")?;
    matches_in(&query, &store)
}

/// [`descriptor_matches`] in the shape of the CSE engine's `SemanticMatcher`
/// (`fn(query, descriptor, dcrp) -> Result<bool, String>`), to plug into a CSE with
/// `Cse::set_semantic_matcher(Some(onem2m_ontology::smf_matcher))` for `smf` discovery. A
/// descriptor that cannot be read, or whose `dcrp` names a format the lab does not parse, does not
/// match; only a wrong query is an error (the CSE answers it 4000 with the message).
pub fn smf_matcher(query: &str, descriptor: &str, dcrp: u64) -> Result<bool, String> {
    let Some(format) = DescriptorFormat::from_dcrp(dcrp) else {
        return Ok(false);
    };
    match descriptor_matches(query, descriptor, format) {
        Ok(matched) => Ok(matched),
        Err(error) if error.kind == QueryErrorKind::Descriptor => Ok(false),
        Err(error) => Err(error.to_string()),
    }
}

/// [`semantic_query`] in the shape of the CSE engine's `SemanticQuery`
/// (`fn(query, &[(resource, descriptor, dcrp)]) -> Result<String, String>`), to plug into a CSE with
/// `Cse::set_semantic_query(Some(onem2m_ontology::qres_evaluator))` for semantic queries (rcn=10).
/// The answer is the W3C SPARQL 1.1 JSON results document, as text (the CSE's `m2m:qres`).
/// Descriptors that cannot be read, or whose `dcrp` names a format the lab does not parse, are left
/// out of the merge (one broken descriptor must not silence everyone's queries); only a wrong query
/// is an error.
pub fn qres_evaluator(query: &str, descriptors: &[(&str, &str, u64)]) -> Result<String, String> {
    let records: Vec<DescriptorRecord> = descriptors
        .iter()
        .filter_map(|(resource, text, dcrp)| {
            let format = DescriptorFormat::from_dcrp(*dcrp)?;
            let readable = !parse_description(text, format)
                .diagnostics
                .iter()
                .any(|diagnostic| diagnostic.kind == DiagnosticKind::Syntax);
            readable.then(|| DescriptorRecord::new(*resource, *text, format))
        })
        .collect();
    semantic_query(query, &records).map(|table| table.to_sparql_json().to_string()).map_err(|error| error.to_string())
}

/// The verdict on one descriptor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DescriptorVerdict {
    pub resource: String,
    pub matched: bool,
    /// Why it could not be evaluated (it then does not match).
    pub error: Option<QueryError>,
}

/// The answer of a semantic discovery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiscoveryOutcome {
    /// The matching resources, in input order (the content of an `m2m:uril`).
    pub matches: Vec<String>,
    /// One verdict per descriptor, in input order.
    pub verdicts: Vec<DescriptorVerdict>,
}

impl DiscoveryOutcome {
    /// The answer as a oneM2M discovery result: `{"m2m:uril": [...]}`.
    pub fn to_uril(&self) -> Value {
        json!({"m2m:uril": self.matches})
    }
}

/// Semantic discovery: which of `descriptors` match `query`? A broken query is an `Err`; a broken
/// descriptor only fails its own verdict.
pub fn discover(query: &str, descriptors: &[DescriptorRecord]) -> Result<DiscoveryOutcome, QueryError> {
    let query = parse_query(query)?;
    let mut matches = Vec::new();
    let mut verdicts = Vec::with_capacity(descriptors.len());
    for record in descriptors {
        let store = new_store()?;
        let verdict = load(&store, record, &GraphName::DefaultGraph, "").and_then(|()| matches_in(&query, &store));
        let (matched, error) = match verdict {
            Ok(matched) => (matched, None),
            Err(error) if error.kind == QueryErrorKind::Descriptor => (false, Some(error)),
            Err(error) => return Err(error),
        };
        if matched {
            matches.push(record.resource.clone());
        }
        verdicts.push(DescriptorVerdict { resource: record.resource.clone(), matched, error });
    }
    Ok(DiscoveryOutcome { matches, verdicts })
}

/// One RDF term of a result, in the shape of the W3C SPARQL JSON results format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TermValue {
    /// `uri`, `bnode` or `literal`.
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datatype: Option<String>,
    #[serde(rename = "xml:lang", skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl TermValue {
    fn of(term: &Term) -> Self {
        match term {
            Term::NamedNode(node) => {
                Self { kind: "uri".into(), value: node.as_str().into(), datatype: None, language: None }
            }
            Term::BlankNode(node) => {
                Self { kind: "bnode".into(), value: node.as_str().into(), datatype: None, language: None }
            }
            Term::Literal(literal) => Self {
                kind: "literal".into(),
                value: literal.value().into(),
                datatype: match literal.language() {
                    Some(_) => None,
                    None if literal.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#string" => None,
                    None => Some(literal.datatype().as_str().into()),
                },
                language: literal.language().map(str::to_owned),
            },
        }
    }

    /// The term for people: prefixed IRI, `_:b`, or the literal's lexical form.
    pub fn shown(&self) -> String {
        match self.kind.as_str() {
            "uri" => crate::terms::compact_iri(&self.value, &[]),
            "bnode" => format!("_:{}", self.value),
            _ => self.value.clone(),
        }
    }
}

/// The result of a semantic query: a table for SELECT (and for CONSTRUCT/DESCRIBE, with the
/// columns subject, predicate, object), a boolean for ASK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryResultTable {
    pub variables: Vec<String>,
    pub rows: Vec<Vec<Option<TermValue>>>,
    /// Set for ASK queries (then `variables` and `rows` are empty).
    pub boolean: Option<bool>,
}

impl QueryResultTable {
    /// The rows for people (prefixed names, empty string for unbound).
    pub fn shown_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|row| row.iter().map(|cell| cell.as_ref().map(TermValue::shown).unwrap_or_default()).collect())
            .collect()
    }

    /// The column `variable` of every row, for people.
    pub fn column(&self, variable: &str) -> Vec<String> {
        let Some(index) = self.variables.iter().position(|v| v == variable) else {
            return Vec::new();
        };
        self.rows.iter().map(|row| row.get(index).cloned().flatten().map(|t| t.shown()).unwrap_or_default()).collect()
    }

    /// The W3C SPARQL 1.1 JSON results document (what an `m2m:qres` can carry).
    pub fn to_sparql_json(&self) -> Value {
        if let Some(boolean) = self.boolean {
            return json!({"head": {}, "boolean": boolean});
        }
        let bindings: Vec<Value> = self
            .rows
            .iter()
            .map(|row| {
                let mut binding = Map::new();
                for (variable, cell) in self.variables.iter().zip(row) {
                    if let Some(term) = cell {
                        binding.insert(variable.clone(), serde_json::to_value(term).unwrap_or(Value::Null));
                    }
                }
                Value::Object(binding)
            })
            .collect();
        json!({"head": {"vars": self.variables}, "results": {"bindings": bindings}})
    }
}

/// The named graph a descriptor is loaded into by [`semantic_query`].
pub fn graph_name_for(resource: &str) -> String {
    let mut iri = String::from("urn:onem2m:resource:");
    for byte in resource.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:".contains(&byte) {
            iri.push(char::from(byte));
        } else {
            iri.push_str(&format!("%{byte:02X}"));
        }
    }
    iri
}

/// A semantic query over all `descriptors` at once (their merge is the default graph, each is
/// also the named graph [`graph_name_for`] its resource). Descriptors that cannot be parsed
/// are an `Err` of kind [`QueryErrorKind::Descriptor`], because the answer would be incomplete.
pub fn semantic_query(query: &str, descriptors: &[DescriptorRecord]) -> Result<QueryResultTable, QueryError> {
    let query = parse_query(query)?;
    let store = new_store()?;
    for (index, record) in descriptors.iter().enumerate() {
        let graph = GraphName::NamedNode(NamedNode::new_unchecked(graph_name_for(&record.resource)));
        let blank_prefix = format!("d{index}");
        load(&store, record, &graph, &blank_prefix)?;
        // The default graph is the RDF merge (a set: a triple two descriptors share counts once).
        load(&store, record, &GraphName::DefaultGraph, &blank_prefix)?;
    }
    let results = SparqlEvaluator::new().for_query(query).on_store(&store).execute().map_err(evaluation_error)?;
    table_of(results)
}

/// The results of a query as a table (rows in the evaluator's order).
fn table_of(results: QueryResults<'_>) -> Result<QueryResultTable, QueryError> {
    match results {
        QueryResults::Boolean(value) => {
            Ok(QueryResultTable { variables: Vec::new(), rows: Vec::new(), boolean: Some(value) })
        }
        QueryResults::Solutions(solutions) => {
            let variables: Vec<String> = solutions.variables().iter().map(|v| v.as_str().to_owned()).collect();
            let mut rows = Vec::new();
            for solution in solutions {
                let solution = solution.map_err(evaluation_error)?;
                rows.push(variables.iter().map(|v| solution.get(v.as_str()).map(TermValue::of)).collect());
            }
            Ok(QueryResultTable { variables, rows, boolean: None })
        }
        QueryResults::Graph(triples) => {
            let mut rows = Vec::new();
            for triple in triples {
                let triple = triple.map_err(evaluation_error)?;
                rows.push(vec![
                    Some(TermValue::of(&Term::from(triple.subject))),
                    Some(TermValue::of(&Term::NamedNode(triple.predicate))),
                    Some(TermValue::of(&triple.object)),
                ]);
            }
            Ok(QueryResultTable {
                variables: vec!["subject".into(), "predicate".into(), "object".into()],
                rows,
                boolean: None,
            })
        }
    }
}

/// Evaluates `query` over one graph given as triples (for example a graph and what it RDFS-entails, see
/// [`crate::reasoning`]): the triples are the default graph and nothing else. Refuses what [`parse_query`]
/// refuses; syntax errors carry 1-based line and column.
pub fn query_graph(query: &str, triples: &[oxigraph::model::Triple]) -> Result<QueryResultTable, QueryError> {
    let query = parse_query(query)?;
    let store = new_store()?;
    store
        .extend(triples.iter().map(|triple| triple.clone().in_graph(GraphName::DefaultGraph)))
        .map_err(|e| QueryError::new(QueryErrorKind::Evaluation, format!("could not load the graph: {e}")))?;
    let results = SparqlEvaluator::new().for_query(query).on_store(&store).execute().map_err(evaluation_error)?;
    table_of(results)
}
