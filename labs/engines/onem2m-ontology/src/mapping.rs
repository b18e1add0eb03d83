//! The mapping engine: declarative alignment rules applied to a SAREF description, producing a
//! Base Ontology instance with an explanation for every produced triple.
//!
//! # How a rule applies
//!
//! An [`Alignment`] is a list of rules `A rdfs:subClassOf B` and `P rdfs:subPropertyOf Q`, read
//! from Turtle so students can edit it. For every triple `x rdf:type C` of the description, the
//! engine climbs from `C` through the description's own `rdfs:subClassOf` statements (for
//! example `ex:SmartPlug rdfs:subClassOf saref:Device`), the SAREF subset's hierarchy (for example
//! `saref:SensingFunction rdfs:subClassOf saref:Function`) and the alignment rules, and produces
//! `x rdf:type B` for the most specific Base Ontology classes `B` it reaches. For every triple
//! `s P o` it climbs the description's `rdfs:subPropertyOf` statements and the property rules and
//! produces `s Q o` for every Base Ontology property `Q` reached. Terms already in the Base
//! Ontology namespace are kept as they are. Annotation and schema triples (`rdfs:label`,
//! `rdfs:comment`, `rdfs:subClassOf`, ...) are neither mapped nor reported; every other class or
//! property that reaches no Base Ontology term is reported as [`Unmapped`].

use crate::diagnostic::{Diagnostic, DiagnosticKind, Severity, locate_term};
use crate::format::DescriptorFormat;
use crate::parse::{Description, parse_description};
use crate::terms::{
    BASE, OWL, RDF, RDF_TYPE, RDFS, RDFS_SUBCLASS_OF, RDFS_SUBPROPERTY_OF, SAREF, TripleText, compact_iri,
};
use crate::vocabulary::{BOOK_MAPPING, TermRole, Vocabulary, vocabulary};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Graph, NamedNode, NamedOrBlankNode, Term, Triple};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The relation of an alignment rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RuleRelation {
    SubClassOf,
    SubPropertyOf,
}

impl RuleRelation {
    pub fn iri(self) -> &'static str {
        match self {
            Self::SubClassOf => RDFS_SUBCLASS_OF,
            Self::SubPropertyOf => RDFS_SUBPROPERTY_OF,
        }
    }

    pub fn prefixed(self) -> &'static str {
        match self {
            Self::SubClassOf => "rdfs:subClassOf",
            Self::SubPropertyOf => "rdfs:subPropertyOf",
        }
    }
}

/// One alignment rule: `source relation target`, all full IRIs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct AlignmentRule {
    pub source: String,
    pub relation: RuleRelation,
    pub target: String,
}

impl AlignmentRule {
    pub fn new(source: impl Into<String>, relation: RuleRelation, target: impl Into<String>) -> Self {
        Self { source: source.into(), relation, target: target.into() }
    }

    /// The rule as a Turtle statement with the lab's prefixes, e.g.
    /// `saref:Device rdfs:subClassOf base:Device .`
    pub fn to_turtle(&self) -> String {
        format!("{} {} {} .", compact_iri(&self.source, &[]), self.relation.prefixed(), compact_iri(&self.target, &[]))
    }
}

/// A set of alignment rules, with the diagnostics found while reading them.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    pub rules: Vec<AlignmentRule>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Alignment {
    /// The book's lab mapping (`data/saref-to-base.ttl`).
    pub fn book_mapping() -> Self {
        Self::from_turtle(BOOK_MAPPING)
    }

    /// Reads rules from Turtle. Every `rdfs:subClassOf` / `rdfs:subPropertyOf` statement between
    /// two IRIs is a rule. Never fails: syntax errors, statements with other predicates
    /// (ignored), reversed rules (Base Ontology term below a SAREF term), a class used with
    /// `rdfs:subPropertyOf` (or the reverse) and unknown SAREF / Base Ontology terms become
    /// diagnostics.
    pub fn from_turtle(text: &str) -> Self {
        let parsed = parse_description(text, DescriptorFormat::Turtle);
        let mut diagnostics: Vec<Diagnostic> = parsed.diagnostics.clone();
        let vocabulary = vocabulary();
        let mut rules = Vec::new();
        for triple in &parsed.triples {
            let shown = TripleText::of(triple, &parsed.prefixes);
            let relation = match triple.predicate.as_str() {
                RDFS_SUBCLASS_OF => RuleRelation::SubClassOf,
                RDFS_SUBPROPERTY_OF => RuleRelation::SubPropertyOf,
                other => {
                    let mut message = format!(
                        "ignored: {shown} is not a rule; the lab's mapping uses only rdfs:subClassOf and rdfs:subPropertyOf"
                    );
                    if other.starts_with(OWL) && other.contains("equivalent") {
                        message.push_str(" (an equivalence would also import every Base Ontology member into SAREF)");
                    }
                    diagnostics.push(
                        Diagnostic::new(Severity::Warning, DiagnosticKind::Rule, message)
                            .at(subject_location(&parsed, triple)),
                    );
                    continue;
                }
            };
            let (NamedOrBlankNode::NamedNode(source), Term::NamedNode(target)) = (&triple.subject, &triple.object)
            else {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Warning,
                        DiagnosticKind::Rule,
                        format!("ignored: {shown} relates a blank node or a literal, not two named terms"),
                    )
                    .at(subject_location(&parsed, triple)),
                );
                continue;
            };
            let rule = AlignmentRule::new(source.as_str(), relation, target.as_str());
            let location = locate_term(text, &rule.source);
            if rule.source.starts_with(BASE) && !rule.target.starts_with(BASE) {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Warning,
                        DiagnosticKind::Rule,
                        format!(
                            "reversed: {shown} puts a Base Ontology term below another term; the lab's mapping \
                             places SAREF terms below Base Ontology terms, so this rule maps nothing into the Base Ontology"
                        ),
                    )
                    .at(location)
                    .about(&rule.source),
                );
            }
            let expected = match relation {
                RuleRelation::SubClassOf => TermRole::Class,
                RuleRelation::SubPropertyOf => TermRole::Property,
            };
            for term in [&rule.source, &rule.target] {
                if let Some(role) = vocabulary.role(term)
                    && role != expected
                {
                    let (is, needs) = match role {
                        TermRole::Class => ("a class", "rdfs:subClassOf"),
                        TermRole::Property => ("a property", "rdfs:subPropertyOf"),
                    };
                    diagnostics.push(
                        Diagnostic::new(
                            Severity::Warning,
                            DiagnosticKind::Rule,
                            format!(
                                "{} is {is}: relate it with {needs}, not {}",
                                compact_iri(term, &[]),
                                relation.prefixed()
                            ),
                        )
                        .at(location)
                        .about(term.as_str()),
                    );
                }
            }
            if !rules.contains(&rule) {
                rules.push(rule);
            }
        }
        Self { rules, diagnostics }
    }

    /// The rules as Turtle, with the lab's prefixes.
    pub fn to_turtle(&self) -> String {
        let mut text = String::from(
            "@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .\n\
             @prefix saref: <https://saref.etsi.org/core/> .\n\
             @prefix base:  <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#> .\n\n",
        );
        for rule in &self.rules {
            text.push_str(&rule.to_turtle());
            text.push('\n');
        }
        text
    }

    /// The rules whose source is `iri`.
    pub fn rules_from<'a>(&'a self, iri: &'a str) -> impl Iterator<Item = &'a AlignmentRule> + 'a {
        self.rules.iter().filter(move |rule| rule.source == iri)
    }
}

fn subject_location(description: &Description, triple: &Triple) -> Option<crate::TextLocation> {
    match &triple.subject {
        NamedOrBlankNode::NamedNode(node) => locate_term(&description.text, node.as_str()),
        NamedOrBlankNode::BlankNode(_) => None,
    }
}

/// Why one triple of the Base Ontology instance was produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The description's triple it was produced from.
    pub from: TripleText,
    /// The alignment rule that crossed into the Base Ontology; `None` when the description already
    /// used the Base Ontology term.
    pub rule: Option<AlignmentRule>,
    /// The chain climbed, from the stated term to the Base Ontology term (prefixed names).
    pub via: Vec<String>,
}

/// One produced triple and every reason it was produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub produced: TripleText,
    pub reasons: Vec<Reason>,
}

impl Explanation {
    /// A sentence for people.
    pub fn describe(&self) -> String {
        let reasons = self
            .reasons
            .iter()
            .map(|reason| {
                let chain = reason.via.join(" -> ");
                match &reason.rule {
                    Some(rule) => format!("from `{}` by the rule `{}` (via {chain})", reason.from, rule.to_turtle()),
                    None => format!("copied from `{}`: already a Base Ontology term", reason.from),
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        format!("`{}` {reasons}", self.produced)
    }
}

/// Whether an unmapped term is a class or a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum UnmappedKind {
    Class,
    Property,
}

/// A class or property of the description that no rule maps to the Base Ontology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmapped {
    pub kind: UnmappedKind,
    /// The full IRI of the term as it is used in the description.
    pub term: String,
    /// The term with a prefix, e.g. `saref:measuresProperty`.
    pub shown: String,
    /// SAREF classes the stated class climbs to (for `ex:Temperature`: `saref:Property`).
    pub saref_terms: Vec<String>,
    /// How many triples use it.
    pub uses: usize,
}

/// The result of applying an alignment to a description.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// The Base Ontology instance, sorted.
    pub instance: Vec<Triple>,
    /// One explanation per produced triple, in the same order as `instance`.
    pub explanations: Vec<Explanation>,
    /// Classes and properties that reach no Base Ontology term, classes first, sorted by name.
    pub unmapped: Vec<Unmapped>,
    /// `unmapped` as diagnostics (with the location of the term's first use), plus the
    /// alignment's own diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// The prefixes of the description, for display.
    pub prefixes: Vec<(String, String)>,
}

impl Mapping {
    pub fn instance_graph(&self) -> Graph {
        self.instance.iter().collect()
    }

    /// True when the instance contains `subject predicate object` (full IRIs; the object may be
    /// an IRI only).
    pub fn contains(&self, subject: &str, predicate: &str, object: &str) -> bool {
        self.instance.iter().any(|t| {
            matches!(&t.subject, NamedOrBlankNode::NamedNode(s) if s.as_str() == subject)
                && t.predicate.as_str() == predicate
                && matches!(&t.object, Term::NamedNode(o) if o.as_str() == object)
        })
    }

    /// The Base Ontology classes the instance gives `subject` (full IRIs, sorted).
    pub fn types_of(&self, subject: &str) -> Vec<String> {
        self.instance
            .iter()
            .filter(|t| matches!(&t.subject, NamedOrBlankNode::NamedNode(s) if s.as_str() == subject))
            .filter(|t| t.predicate.as_str() == RDF_TYPE)
            .filter_map(|t| match &t.object {
                Term::NamedNode(o) => Some(o.as_str().to_owned()),
                _ => None,
            })
            .collect()
    }

    /// The subjects the instance types `class` (full IRIs of named nodes, sorted).
    pub fn subjects_of_type(&self, class: &str) -> Vec<String> {
        self.instance
            .iter()
            .filter(|t| t.predicate.as_str() == RDF_TYPE)
            .filter(|t| matches!(&t.object, Term::NamedNode(o) if o.as_str() == class))
            .filter_map(|t| match &t.subject {
                NamedOrBlankNode::NamedNode(s) => Some(s.as_str().to_owned()),
                NamedOrBlankNode::BlankNode(_) => None,
            })
            .collect()
    }

    /// The objects of `subject predicate ?` in the instance (IRIs only).
    pub fn objects(&self, subject: &str, predicate: &str) -> Vec<String> {
        self.instance
            .iter()
            .filter(|t| matches!(&t.subject, NamedOrBlankNode::NamedNode(s) if s.as_str() == subject))
            .filter(|t| t.predicate.as_str() == predicate)
            .filter_map(|t| match &t.object {
                Term::NamedNode(o) => Some(o.as_str().to_owned()),
                _ => None,
            })
            .collect()
    }

    /// The explanation of a produced triple, if the instance contains it.
    pub fn explain(&self, triple: &Triple) -> Option<&Explanation> {
        self.instance.iter().position(|t| t == triple).and_then(|i| self.explanations.get(i))
    }

    /// The unmapped properties (full IRIs).
    pub fn unmapped_properties(&self) -> BTreeSet<String> {
        self.unmapped.iter().filter(|u| u.kind == UnmappedKind::Property).map(|u| u.term.clone()).collect()
    }

    /// The instance in Turtle, with the `base:` prefix and the description's prefixes.
    pub fn to_turtle(&self) -> String {
        triples_to_turtle(&self.instance, &self.prefixes)
    }
}

/// Serialises triples as Turtle with the lab's well-known prefixes and `extra_prefixes`.
pub fn triples_to_turtle(triples: &[Triple], extra_prefixes: &[(String, String)]) -> String {
    let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
    let mut declared = BTreeSet::new();
    let well_known = crate::terms::WELL_KNOWN_PREFIXES.iter().map(|(p, n)| ((*p).to_owned(), (*n).to_owned()));
    for (prefix, namespace) in extra_prefixes.iter().cloned().chain(well_known) {
        let used = triples.iter().any(|t| triple_mentions(t, &namespace));
        if used && declared.insert(prefix.clone()) {
            serializer = match serializer.clone().with_prefix(prefix, namespace) {
                Ok(with_prefix) => with_prefix,
                Err(_) => serializer,
            };
        }
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in triples {
        // Writing into a Vec cannot fail.
        let _ = writer.serialize_triple(triple);
    }
    let bytes = writer.finish().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn triple_mentions(triple: &Triple, namespace: &str) -> bool {
    let subject = matches!(&triple.subject, NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(namespace));
    let object = match &triple.object {
        Term::NamedNode(n) => n.as_str().starts_with(namespace),
        Term::Literal(l) => l.datatype().as_str().starts_with(namespace),
        Term::BlankNode(_) => false,
    };
    subject || object || triple.predicate.as_str().starts_with(namespace)
}

/// Predicates that are schema or annotation: neither mapped nor reported.
fn is_schema_or_annotation(predicate: &str) -> bool {
    predicate == RDFS_SUBCLASS_OF
        || predicate == RDFS_SUBPROPERTY_OF
        || predicate.starts_with(RDFS)
        || predicate.starts_with(OWL)
        || (predicate.starts_with(RDF) && predicate != RDF_TYPE)
}

/// An edge of the term graph the engine climbs.
#[derive(Debug, Clone)]
struct Edge {
    to: String,
    rule: Option<usize>,
}

/// What climbing from one term found: every Base Ontology term reached, with the chain and the
/// rule used, and the SAREF terms passed.
#[derive(Debug, Default)]
struct Climb {
    reached: Vec<(String, Option<usize>, Vec<String>)>,
    saref_terms: Vec<String>,
}

fn climb(start: &str, edges: &BTreeMap<String, Vec<Edge>>) -> Climb {
    let mut result = Climb::default();
    let mut queue = VecDeque::from([(start.to_owned(), None::<usize>, vec![start.to_owned()])]);
    let mut seen = BTreeSet::from([start.to_owned()]);
    while let Some((term, rule, chain)) = queue.pop_front() {
        if term.starts_with(SAREF) {
            result.saref_terms.push(term.clone());
        }
        if term.starts_with(BASE) {
            // Stop at the first Base Ontology term on each path: its own superclasses are the
            // Base Ontology's business, not the mapping's.
            result.reached.push((term, rule, chain));
            continue;
        }
        for edge in edges.get(&term).into_iter().flatten() {
            if seen.insert(edge.to.clone()) {
                let mut next_chain = chain.clone();
                next_chain.push(edge.to.clone());
                queue.push_back((edge.to.clone(), edge.rule.or(rule), next_chain));
            }
        }
    }
    result
}

/// Applies `alignment` to `description`. See the module documentation for the rules.
pub fn map_description(description: &Description, alignment: &Alignment) -> Mapping {
    let vocabulary = vocabulary();
    let prefixes = &description.prefixes;
    // The term graphs: description statements, the SAREF subset's hierarchy, the rules.
    let mut class_edges: BTreeMap<String, Vec<Edge>> = BTreeMap::new();
    let mut property_edges: BTreeMap<String, Vec<Edge>> = BTreeMap::new();
    for triple in &description.triples {
        let (NamedOrBlankNode::NamedNode(sub), Term::NamedNode(sup)) = (&triple.subject, &triple.object) else {
            continue;
        };
        let edges = match triple.predicate.as_str() {
            RDFS_SUBCLASS_OF => &mut class_edges,
            RDFS_SUBPROPERTY_OF => &mut property_edges,
            _ => continue,
        };
        edges.entry(sub.as_str().to_owned()).or_default().push(Edge { to: sup.as_str().to_owned(), rule: None });
    }
    for (index, rule) in alignment.rules.iter().enumerate() {
        let edges = match rule.relation {
            RuleRelation::SubClassOf => &mut class_edges,
            RuleRelation::SubPropertyOf => &mut property_edges,
        };
        edges.entry(rule.source.clone()).or_default().push(Edge { to: rule.target.clone(), rule: Some(index) });
    }
    for (sub, sups) in &vocabulary.superclasses {
        if sub.starts_with(SAREF) {
            for sup in sups {
                class_edges.entry(sub.clone()).or_default().push(Edge { to: sup.clone(), rule: None });
            }
        }
    }

    let show = |iri: &str| compact_iri(iri, prefixes);
    // Keyed by the N-Triples form, so the instance comes out sorted and deterministic.
    let mut produced: BTreeMap<String, (Triple, Vec<Reason>)> = BTreeMap::new();
    let mut unmapped: BTreeMap<(UnmappedKind, String), Unmapped> = BTreeMap::new();
    let mut add_unmapped = |kind: UnmappedKind, term: &str, saref_terms: Vec<String>| {
        unmapped
            .entry((kind, term.to_owned()))
            .or_insert_with(|| Unmapped {
                kind,
                term: term.to_owned(),
                shown: compact_iri(term, prefixes),
                saref_terms: saref_terms.iter().map(|t| compact_iri(t, prefixes)).collect(),
                uses: 0,
            })
            .uses += 1;
    };
    let mut class_climbs: BTreeMap<String, Climb> = BTreeMap::new();
    let mut property_climbs: BTreeMap<String, Climb> = BTreeMap::new();

    for triple in &description.triples {
        let predicate = triple.predicate.as_str();
        let from = TripleText::of(triple, prefixes);
        if predicate == RDF_TYPE {
            let Term::NamedNode(class) = &triple.object else {
                continue;
            };
            let class = class.as_str();
            if class.starts_with(RDF) || class.starts_with(RDFS) || class.starts_with(OWL) {
                continue;
            }
            let found = class_climbs.entry(class.to_owned()).or_insert_with(|| climb(class, &class_edges));
            let targets = most_specific(&found.reached, vocabulary);
            if targets.is_empty() {
                add_unmapped(UnmappedKind::Class, class, found.saref_terms.clone());
            }
            for (target, rule, chain) in targets {
                let output = Triple::new(
                    triple.subject.clone(),
                    NamedNode::new_unchecked(RDF_TYPE),
                    NamedNode::new_unchecked(target.as_str()),
                );
                produced.entry(output.to_string()).or_insert_with(|| (output.clone(), Vec::new())).1.push(Reason {
                    from: from.clone(),
                    rule: rule.and_then(|i| alignment.rules.get(i).cloned()),
                    via: chain.iter().map(|t| show(t)).collect(),
                });
            }
        } else if !is_schema_or_annotation(predicate) {
            let found =
                property_climbs.entry(predicate.to_owned()).or_insert_with(|| climb(predicate, &property_edges));
            if found.reached.is_empty() {
                add_unmapped(UnmappedKind::Property, predicate, Vec::new());
            }
            for (target, rule, chain) in &found.reached {
                let output = Triple::new(
                    triple.subject.clone(),
                    NamedNode::new_unchecked(target.as_str()),
                    triple.object.clone(),
                );
                produced.entry(output.to_string()).or_insert_with(|| (output.clone(), Vec::new())).1.push(Reason {
                    from: from.clone(),
                    rule: rule.and_then(|i| alignment.rules.get(i).cloned()),
                    via: chain.iter().map(|t| show(t)).collect(),
                });
            }
        }
    }

    let mut instance = Vec::with_capacity(produced.len());
    let mut explanations = Vec::with_capacity(produced.len());
    for (triple, reasons) in produced.into_values() {
        explanations.push(Explanation { produced: TripleText::of(&triple, prefixes), reasons });
        instance.push(triple);
    }
    let unmapped: Vec<Unmapped> = unmapped.into_values().collect();
    let mut diagnostics = alignment.diagnostics.clone();
    for item in &unmapped {
        let (kind, what) = match item.kind {
            UnmappedKind::Class => (DiagnosticKind::UnmappedClass, "class"),
            UnmappedKind::Property => (DiagnosticKind::UnmappedProperty, "property"),
        };
        let mut message = format!(
            "unmapped {what} {}: no alignment rule places it below a Base Ontology term ({} use{})",
            item.shown,
            item.uses,
            if item.uses == 1 { "" } else { "s" }
        );
        if !item.saref_terms.is_empty() && item.saref_terms != [item.shown.clone()] {
            message.push_str(&format!("; it is a kind of {}", item.saref_terms.join(", ")));
        }
        diagnostics.push(
            Diagnostic::new(Severity::Warning, kind, message)
                .at(locate_term(&description.text, &item.term))
                .about(&item.term),
        );
    }
    Mapping { instance, explanations, unmapped, diagnostics, prefixes: prefixes.clone() }
}

/// Keeps the reached Base Ontology classes that have no reached strict subclass (per the Base
/// Ontology subset), one entry per class (the first path found).
fn most_specific(
    reached: &[(String, Option<usize>, Vec<String>)],
    vocabulary: &Vocabulary,
) -> Vec<(String, Option<usize>, Vec<String>)> {
    let mut kept: Vec<(String, Option<usize>, Vec<String>)> = Vec::new();
    for candidate in reached {
        if kept.iter().any(|k| k.0 == candidate.0) {
            continue;
        }
        let has_more_specific =
            reached.iter().any(|other| other.0 != candidate.0 && vocabulary.is_subclass_of(&other.0, &candidate.0));
        if !has_more_specific {
            kept.push(candidate.clone());
        }
    }
    kept
}
