//! A pure ontology engine for the book's ontology mapping lab: from a SAREF device description to
//! the oneM2M Base Ontology, to oneM2M resources, and back through semantic discovery.
//!
//! # Contract
//!
//! - **Pure.** No IO, no clock, no randomness of its own: every function takes text and options
//!   and returns data. The same code runs in the browser (wasm32-unknown-unknown), in the
//!   workshop server and in tests. Blank nodes are renamed in order of appearance (`_:n0`,
//!   `_:n1`, ...) so that every output is deterministic. SPARQL queries that call `NOW()`,
//!   `RAND()`, `UUID()` or `STRUUID()` are refused with a diagnostic, because their answers would
//!   depend on the clock or on chance. (On wasm32 oxigraph's `js` feature is enabled only because
//!   its SPARQL evaluator reads the clock when it starts, even when a query never uses `NOW()`.)
//! - **A real RDF engine.** Parsing (Turtle, RDF/XML, JSON-LD), serialisation and SPARQL 1.1 are
//!   oxigraph's (in-memory store, no RocksDB). This crate writes no parser and no query engine.
//! - **Diagnostics, not failures.** Broken input produces [`Diagnostic`]s (severity, kind,
//!   message, 1-based line and column when known), never a panic. A malformed SPARQL query is a
//!   [`QueryError`] carrying the same location information.
//! - **Terms from the facts.** The shipped ontology subsets ([`vocabulary`]) are written from
//!   `shared/facts/semantics.md` only: SAREF core V4.1.1 (`https://saref.etsi.org/core/`) and the
//!   oneM2M Base Ontology of TS-0012 (`http://www.onem2m.org/ontology/Base_Ontology/base_ontology#`,
//!   prefix `base:`). The default [`Alignment`] is the book's own teaching mapping, stated as
//!   SAREF term `rdfs:subClassOf` / `rdfs:subPropertyOf` Base Ontology term, not a quotation of a
//!   standard. Fixture devices use `ex:` (`http://example.org/home#`) for their own terms.
//! - **Independent of the CSE engine.** oneM2M requests are plain `serde_json` values with the
//!   short names of TS-0004; a CSE engine takes [`smf_matcher`] (a plain `fn`) as its semantic
//!   matcher for `smf` discovery, and [`qres_evaluator`] for semantic queries (rcn=10), without
//!   depending on oxigraph.
//!
//! # The pipeline
//!
//! 1. [`parse_description`]: text + [`DescriptorFormat`] -> [`Description`] (triples, prefixes,
//!    diagnostics: syntax errors, unknown SAREF / Base Ontology terms, old SAREF namespaces).
//! 2. [`Alignment::book_mapping`] or [`Alignment::from_turtle`] (the student's editable mapping) and
//!    [`map_description`] -> [`Mapping`]: the Base Ontology instance, one [`Explanation`] per
//!    produced triple, and what could not be mapped ([`Unmapped`]).
//! 3. [`generate_resources`] -> [`GeneratedResources`]: ordered oneM2M create requests (AE,
//!    flexContainers or containers, semanticDescriptor with `dcrp` and base64 `dsp`).
//! 4. [`discover`] (semantic discovery, one verdict per descriptor, returns the described
//!    resources) and [`semantic_query`] (a result table over all descriptors, for `rcn=10`).
//! 5. [`exercises`]: graded exercises whose checks run the engine on the student's answer.
//! 6. [`reasoning`]: what a graph RDFS-entails (rdfs2, 3, 5, 7, 9, 11), every entailed triple with its
//!    pattern and premises, and [`query_graph`] to query a graph with or without what it entails.
//!
//! ```
//! use onem2m_ontology::{
//!     discover, fixtures, generate_resources, map_description, parse_description, Alignment,
//!     DescriptorFormat, ResourceOptions,
//! };
//!
//! let description = parse_description(fixtures::THERMOSTAT, DescriptorFormat::Turtle);
//! assert!(description.diagnostics.is_empty());
//! let mapping = map_description(&description, &Alignment::book_mapping());
//! let resources = generate_resources(&description, &mapping, &ResourceOptions::default());
//! let records = resources.descriptor_records();
//! let query = "PREFIX base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#>
//!              ASK { ?device a base:Device }";
//! let outcome = discover(query, &records).expect("a valid query");
//! assert_eq!(outcome.matches, vec!["cse-in/thermo1AE/thermo1".to_owned()]);
//! ```

pub mod diagnostic;
pub mod discovery;
pub mod exercises;
pub mod fixtures;
pub mod format;
pub mod mapping;
pub mod parse;
pub mod reasoning;
pub mod resources;
pub mod terms;
pub mod vocabulary;

pub use diagnostic::{Diagnostic, DiagnosticKind, Severity, TextLocation};
pub use discovery::{
    DescriptorRecord, DescriptorVerdict, DiscoveryOutcome, QueryError, QueryErrorKind, QueryResultTable,
    descriptor_matches, discover, qres_evaluator, query_graph, semantic_query, smf_matcher,
};
pub use exercises::{
    AnswerKind, CheckOutcome, Exercise, MAPPING_EXERCISES, check_answer, check_mapping_answer, exercise, exercises,
};
pub use format::DescriptorFormat;
pub use mapping::{
    Alignment, AlignmentRule, Explanation, Mapping, RuleRelation, Unmapped, UnmappedKind, map_description,
};
pub use parse::{Description, parse_description};
pub use reasoning::{Derivation, Entailment, RdfsRule, rdfs_entailment};
pub use resources::{
    GeneratedResources, ResourceModel, ResourceOptions, decode_descriptor, encode_descriptor, generate_resources,
};
