//! Parsing a device description (or any descriptor) into triples, with diagnostics.

use crate::diagnostic::{Diagnostic, DiagnosticKind, Severity, TextLocation, locate_term};
use crate::format::DescriptorFormat;
use crate::terms::{RDF_TYPE, compact_iri};
use crate::vocabulary::{TermRole, Vocabulary, vocabulary};
use oxigraph::io::{RdfParser, RdfSyntaxError};
use oxigraph::model::{BlankNode, Graph, NamedOrBlankNode, Term, Triple};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::{BuildHasherDefault, DefaultHasher};

/// At most this many syntax errors are reported for one text; the parser recovers after each.
const MAX_SYNTAX_ERRORS: usize = 20;

/// A parsed description: its triples in the order they were read (duplicates removed), the
/// prefixes it declared, and what was found wrong with it.
#[derive(Debug, Clone)]
pub struct Description {
    /// The text that was parsed (kept to locate terms for later diagnostics).
    pub text: String,
    pub format: DescriptorFormat,
    pub triples: Vec<Triple>,
    /// Prefixes declared by the text (Turtle), as (prefix, namespace).
    pub prefixes: Vec<(String, String)>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Description {
    /// True when the text had a syntax error (its triples are then only the part that could be read).
    pub fn has_syntax_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.kind == DiagnosticKind::Syntax)
    }

    /// The triples as an oxigraph graph.
    pub fn graph(&self) -> Graph {
        self.triples.iter().collect()
    }

    /// The subjects typed `class` (directly, not through subclasses).
    pub fn subjects_of_type(&self, class: &str) -> Vec<NamedOrBlankNode> {
        self.triples
            .iter()
            .filter(|t| t.predicate.as_str() == RDF_TYPE)
            .filter(|t| matches!(&t.object, Term::NamedNode(n) if n.as_str() == class))
            .map(|t| t.subject.clone())
            .collect()
    }
}

/// Parses `text` in `format`. Never fails: syntax errors (with 1-based line and column for Turtle
/// and JSON-LD; RDF/XML errors carry no location), unknown SAREF / Base Ontology terms and older
/// SAREF namespaces become [`Diagnostic`]s. Blank nodes are renamed `n0`, `n1`, ... in order of
/// appearance, so the result is the same on every run.
pub fn parse_description(text: &str, format: DescriptorFormat) -> Description {
    let mut diagnostics = Vec::new();
    let mut triples = Vec::new();
    // A fixed hasher: the engine has no randomness of its own (oxrdf's Triple is not Ord, so no BTreeSet).
    let mut seen: HashSet<Triple, BuildHasherDefault<DefaultHasher>> = HashSet::default();
    let mut blank_nodes: BTreeMap<String, BlankNode> = BTreeMap::new();
    let mut rename = |node: &BlankNode| -> BlankNode {
        let next = blank_nodes.len();
        blank_nodes
            .entry(node.as_str().to_owned())
            .or_insert_with(|| BlankNode::new_unchecked(format!("n{next}")))
            .clone()
    };
    let mut parser = RdfParser::from_format(format.rdf_format()).without_named_graphs().for_slice(text.as_bytes());
    let mut syntax_errors = 0;
    for result in parser.by_ref() {
        match result {
            Ok(quad) => {
                let subject = match quad.subject {
                    NamedOrBlankNode::BlankNode(node) => NamedOrBlankNode::BlankNode(rename(&node)),
                    other => other,
                };
                let object = match quad.object {
                    Term::BlankNode(node) => Term::BlankNode(rename(&node)),
                    other => other,
                };
                let triple = Triple::new(subject, quad.predicate, object);
                if seen.insert(triple.clone()) {
                    triples.push(triple);
                }
            }
            Err(error) => {
                syntax_errors += 1;
                if syntax_errors <= MAX_SYNTAX_ERRORS {
                    diagnostics.push(syntax_diagnostic(&error, format));
                } else {
                    diagnostics.push(Diagnostic::new(
                        Severity::Error,
                        DiagnosticKind::Syntax,
                        format!("more than {MAX_SYNTAX_ERRORS} syntax errors; stopped reading"),
                    ));
                    break;
                }
            }
        }
    }
    let prefixes =
        parser.prefixes().map(|(prefix, namespace)| (prefix.to_owned(), namespace.to_owned())).collect::<Vec<_>>();
    diagnostics.extend(term_diagnostics(&triples, text, &prefixes));
    Description { text: text.to_owned(), format, triples, prefixes, diagnostics }
}

fn syntax_diagnostic(error: &RdfSyntaxError, format: DescriptorFormat) -> Diagnostic {
    let message = error.to_string();
    let location = error
        .location()
        .map(|range| TextLocation { line: range.start.line + 1, column: range.start.column + 1 })
        .or_else(|| location_from_message(&message));
    Diagnostic::new(Severity::Error, DiagnosticKind::Syntax, format!("{} syntax error: {message}", format.name()))
        .at(location)
}

/// Some parsers put the position only in their message, as "at LINE:COLUMN" (1-based).
pub(crate) fn location_from_message(message: &str) -> Option<TextLocation> {
    for (index, _) in message.match_indices("at ") {
        let rest = &message[index + 3..];
        let line: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Some(after) = rest[line.len()..].strip_prefix(':') else {
            continue;
        };
        let column: String = after.chars().take_while(char::is_ascii_digit).collect();
        if let (Ok(line), Ok(column)) = (line.parse(), column.parse()) {
            return Some(TextLocation { line, column });
        }
    }
    None
}

/// Unknown SAREF / Base Ontology terms and old SAREF namespaces.
fn term_diagnostics(triples: &[Triple], text: &str, prefixes: &[(String, String)]) -> Vec<Diagnostic> {
    let vocabulary = vocabulary();
    let mut diagnostics = Vec::new();
    let mut reported = BTreeSet::new();
    let mut check = |iri: &str, position: Position, diagnostics: &mut Vec<Diagnostic>| {
        if let Some(namespace) = Vocabulary::old_saref_namespace(iri) {
            if reported.insert(namespace.to_owned()) {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Warning,
                        DiagnosticKind::OldNamespace,
                        format!(
                            "{namespace} is an older SAREF namespace; SAREF core V4.1.1 uses \
                             https://saref.etsi.org/core/, and queries written for one find nothing in the other"
                        ),
                    )
                    .at(locate_term(text, iri))
                    .about(iri),
                );
            }
            return;
        }
        if !Vocabulary::is_checked_namespace(iri) || !reported.insert(iri.to_owned()) {
            return;
        }
        let shown = compact_iri(iri, prefixes);
        let role = vocabulary.role(iri);
        let (kind, message) = match (position, role) {
            (_, None) => {
                let (kind, what) = match position {
                    Position::Class => (DiagnosticKind::UnknownClass, "class"),
                    Position::Property => (DiagnosticKind::UnknownProperty, "property"),
                    Position::Other => (DiagnosticKind::UnknownTerm, "term"),
                };
                (
                    kind,
                    format!("unknown {what} {shown}: the lab's ontology subsets do not define it (check the spelling)"),
                )
            }
            (Position::Class, Some(TermRole::Property)) => {
                (DiagnosticKind::UnknownClass, format!("{shown} is a property, used here as a class"))
            }
            (Position::Property, Some(TermRole::Class)) => {
                (DiagnosticKind::UnknownProperty, format!("{shown} is a class, used here as a property"))
            }
            _ => return,
        };
        diagnostics.push(Diagnostic::new(Severity::Warning, kind, message).at(locate_term(text, iri)).about(iri));
    };
    for triple in triples {
        let predicate = triple.predicate.as_str();
        check(predicate, Position::Property, &mut diagnostics);
        if let NamedOrBlankNode::NamedNode(subject) = &triple.subject {
            check(subject.as_str(), Position::Other, &mut diagnostics);
        }
        if let Term::NamedNode(object) = &triple.object {
            let position = if predicate == RDF_TYPE || predicate == crate::terms::RDFS_SUBCLASS_OF {
                Position::Class
            } else if predicate == crate::terms::RDFS_SUBPROPERTY_OF {
                Position::Property
            } else {
                Position::Other
            };
            check(object.as_str(), position, &mut diagnostics);
        }
    }
    diagnostics
}

#[derive(Debug, Clone, Copy)]
enum Position {
    Class,
    Property,
    Other,
}
