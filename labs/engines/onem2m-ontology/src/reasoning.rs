//! RDFS reasoning, shown explicitly: the triples a graph RDFS-entails through six of the entailment
//! patterns of W3C RDF 1.1 Semantics (section 9.2.1, "Patterns of RDFS entailment"), each entailed triple
//! with the pattern and the two triples it came from.
//!
//! | pattern | if the graph contains | then it entails |
//! | --- | --- | --- |
//! | rdfs2 | `aaa rdfs:domain xxx .` and `yyy aaa zzz .` | `yyy rdf:type xxx .` |
//! | rdfs3 | `aaa rdfs:range xxx .` and `yyy aaa zzz .` | `zzz rdf:type xxx .` |
//! | rdfs5 | `xxx rdfs:subPropertyOf yyy .` and `yyy rdfs:subPropertyOf zzz .` | `xxx rdfs:subPropertyOf zzz .` |
//! | rdfs7 | `aaa rdfs:subPropertyOf bbb .` and `xxx aaa yyy .` | `xxx bbb yyy .` |
//! | rdfs9 | `xxx rdfs:subClassOf yyy .` and `zzz rdf:type xxx .` | `zzz rdf:type yyy .` |
//! | rdfs11 | `xxx rdfs:subClassOf yyy .` and `yyy rdfs:subClassOf zzz .` | `xxx rdfs:subClassOf zzz .` |
//!
//! What is left out, on purpose, so that the list a student reads is the part that carries meaning: the
//! axiomatic triples, rdfs1 and rdfs4a/4b (every IRI and literal is an `rdfs:Resource`), rdfs6 and rdfs10
//! (everything is its own sub-property and subclass), rdfs8, rdfs12 and rdfs13. The patterns are applied
//! to plain RDF, not to the generalized RDF the specification allows: rdfs3 on a literal object would give a
//! literal subject, which RDF 1.1 has no syntax for, so it is not written (the specification's own
//! conclusions are legal RDF only after such steps too), and rdfs7 never produces a blank-node predicate.
//!
//! The closure is computed by applying the six patterns until nothing new appears (a fixpoint), in a fixed
//! order, so the same graph always gives the same list. It is bounded by [`MAX_ENTAILED`] triples.

use crate::terms::{RDF_TYPE, RDFS_SUBCLASS_OF, RDFS_SUBPROPERTY_OF, TripleText};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasherDefault, DefaultHasher};

/// `rdfs:domain`.
pub const RDFS_DOMAIN: &str = "http://www.w3.org/2000/01/rdf-schema#domain";
/// `rdfs:range`.
pub const RDFS_RANGE: &str = "http://www.w3.org/2000/01/rdf-schema#range";

/// At most this many triples are entailed; a larger closure is cut and said so ([`Entailment::truncated`]).
pub const MAX_ENTAILED: usize = 5_000;

/// One of the RDFS entailment patterns the reasoner applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RdfsRule {
    Rdfs2,
    Rdfs3,
    Rdfs5,
    Rdfs7,
    Rdfs9,
    Rdfs11,
}

impl RdfsRule {
    pub const ALL: [RdfsRule; 6] =
        [RdfsRule::Rdfs2, RdfsRule::Rdfs3, RdfsRule::Rdfs5, RdfsRule::Rdfs7, RdfsRule::Rdfs9, RdfsRule::Rdfs11];

    /// The pattern's name in RDF 1.1 Semantics, e.g. `rdfs9`.
    pub fn name(self) -> &'static str {
        match self {
            RdfsRule::Rdfs2 => "rdfs2",
            RdfsRule::Rdfs3 => "rdfs3",
            RdfsRule::Rdfs5 => "rdfs5",
            RdfsRule::Rdfs7 => "rdfs7",
            RdfsRule::Rdfs9 => "rdfs9",
            RdfsRule::Rdfs11 => "rdfs11",
        }
    }

    /// What the pattern says, in words.
    pub fn meaning(self) -> &'static str {
        match self {
            RdfsRule::Rdfs2 => "the subject of a property is an instance of the property's domain",
            RdfsRule::Rdfs3 => "the object of a property is an instance of the property's range",
            RdfsRule::Rdfs5 => "rdfs:subPropertyOf is transitive",
            RdfsRule::Rdfs7 => "a statement with a sub-property also holds with its super-property",
            RdfsRule::Rdfs9 => "an instance of a subclass is an instance of its superclass",
            RdfsRule::Rdfs11 => "rdfs:subClassOf is transitive",
        }
    }
}

/// One entailed triple: the pattern that gave it and its two premises (the schema triple first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    pub triple: Triple,
    pub rule: RdfsRule,
    pub premises: [Triple; 2],
}

impl Derivation {
    /// The derivation for people: `ex:r1 rdf:type ex:Observation by rdfs9 (...), from ... and ...`.
    pub fn explain(&self, prefixes: &[(String, String)]) -> String {
        let shown = |triple: &Triple| {
            let text = TripleText::of(triple, prefixes);
            format!("{} {} {}", text.subject, text.predicate, text.object)
        };
        format!(
            "{} by {} ({}), from {} and {}",
            shown(&self.triple),
            self.rule.name(),
            self.rule.meaning(),
            shown(&self.premises[0]),
            shown(&self.premises[1]),
        )
    }
}

type TripleSet = HashSet<Triple, BuildHasherDefault<DefaultHasher>>;

/// A graph and what it RDFS-entails through the six patterns.
#[derive(Debug, Clone, Default)]
pub struct Entailment {
    /// The graph's own triples, in order.
    pub asserted: Vec<Triple>,
    /// The triples entailed and not asserted, in the order they were found, each with its derivation.
    pub entailed: Vec<Derivation>,
    /// True when the closure was cut at [`MAX_ENTAILED`] triples.
    pub truncated: bool,
}

impl Entailment {
    /// The asserted and the entailed triples together (the graph a query sees with reasoning).
    pub fn closure(&self) -> Vec<Triple> {
        self.asserted.iter().cloned().chain(self.entailed.iter().map(|d| d.triple.clone())).collect()
    }

    /// Whether `triple` is asserted.
    pub fn is_asserted(&self, triple: &Triple) -> bool {
        self.asserted.contains(triple)
    }

    /// How `triple` was entailed, if it was (and is not asserted).
    pub fn derivation_of(&self, triple: &Triple) -> Option<&Derivation> {
        self.entailed.iter().find(|d| &d.triple == triple)
    }

    /// Whether the graph contains or entails `triple`.
    pub fn holds(&self, triple: &Triple) -> bool {
        self.is_asserted(triple) || self.derivation_of(triple).is_some()
    }

    /// The whole proof of `triple`: its derivation, then the derivations of its entailed premises, depth
    /// first, each once. Empty for an asserted triple or one that does not hold.
    pub fn proof(&self, triple: &Triple) -> Vec<&Derivation> {
        let mut proof = Vec::new();
        let mut stack = vec![triple.clone()];
        while let Some(next) = stack.pop() {
            if let Some(derivation) = self.derivation_of(&next)
                && !proof.iter().any(|d: &&Derivation| d.triple == derivation.triple)
            {
                proof.push(derivation);
                stack.extend(derivation.premises.iter().rev().cloned());
            }
        }
        proof
    }

    /// How many entailed triples each pattern gave.
    pub fn count_by_rule(&self) -> BTreeMap<RdfsRule, usize> {
        let mut counts = BTreeMap::new();
        for derivation in &self.entailed {
            *counts.entry(derivation.rule).or_insert(0) += 1;
        }
        counts
    }
}

/// The schema statements of a graph, indexed for the patterns.
#[derive(Default)]
struct Schema {
    domain: BTreeMap<String, Vec<Triple>>,
    range: BTreeMap<String, Vec<Triple>>,
    sub_property: BTreeMap<String, Vec<Triple>>,
    sub_class: BTreeMap<String, Vec<Triple>>,
}

fn subject_key(subject: &NamedOrBlankNode) -> String {
    subject.to_string()
}

fn term_key(term: &Term) -> String {
    term.to_string()
}

impl Schema {
    fn of(triples: &[Triple]) -> Self {
        let mut schema = Schema::default();
        for triple in triples {
            let map = match triple.predicate.as_str() {
                RDFS_DOMAIN => &mut schema.domain,
                RDFS_RANGE => &mut schema.range,
                RDFS_SUBPROPERTY_OF => &mut schema.sub_property,
                RDFS_SUBCLASS_OF => &mut schema.sub_class,
                _ => continue,
            };
            map.entry(subject_key(&triple.subject)).or_default().push(triple.clone());
        }
        schema
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(node) => Some(NamedOrBlankNode::NamedNode(node.clone())),
        Term::BlankNode(node) => Some(NamedOrBlankNode::BlankNode(node.clone())),
        _ => None,
    }
}

/// What one round of the six patterns gives from `triples` (new or not), in a fixed order.
fn one_round(triples: &[Triple]) -> Vec<Derivation> {
    let schema = Schema::of(triples);
    let rdf_type = NamedNode::new_unchecked(RDF_TYPE);
    let mut found = Vec::new();
    for triple in triples {
        let predicate_key = subject_key(&NamedOrBlankNode::NamedNode(triple.predicate.clone()));
        for domain in schema.domain.get(&predicate_key).into_iter().flatten() {
            found.push(Derivation {
                triple: Triple::new(triple.subject.clone(), rdf_type.clone(), domain.object.clone()),
                rule: RdfsRule::Rdfs2,
                premises: [domain.clone(), triple.clone()],
            });
        }
        if let Some(object) = as_subject(&triple.object) {
            for range in schema.range.get(&predicate_key).into_iter().flatten() {
                found.push(Derivation {
                    triple: Triple::new(object.clone(), rdf_type.clone(), range.object.clone()),
                    rule: RdfsRule::Rdfs3,
                    premises: [range.clone(), triple.clone()],
                });
            }
        }
        for sub_property in schema.sub_property.get(&predicate_key).into_iter().flatten() {
            if let Term::NamedNode(super_property) = &sub_property.object {
                found.push(Derivation {
                    triple: Triple::new(triple.subject.clone(), super_property.clone(), triple.object.clone()),
                    rule: RdfsRule::Rdfs7,
                    premises: [sub_property.clone(), triple.clone()],
                });
            }
        }
        match triple.predicate.as_str() {
            RDF_TYPE => {
                for sub_class in schema.sub_class.get(&term_key(&triple.object)).into_iter().flatten() {
                    found.push(Derivation {
                        triple: Triple::new(triple.subject.clone(), rdf_type.clone(), sub_class.object.clone()),
                        rule: RdfsRule::Rdfs9,
                        premises: [sub_class.clone(), triple.clone()],
                    });
                }
            }
            RDFS_SUBCLASS_OF => {
                for next in schema.sub_class.get(&term_key(&triple.object)).into_iter().flatten() {
                    found.push(Derivation {
                        triple: Triple::new(triple.subject.clone(), triple.predicate.clone(), next.object.clone()),
                        rule: RdfsRule::Rdfs11,
                        premises: [triple.clone(), next.clone()],
                    });
                }
            }
            RDFS_SUBPROPERTY_OF => {
                for next in schema.sub_property.get(&term_key(&triple.object)).into_iter().flatten() {
                    found.push(Derivation {
                        triple: Triple::new(triple.subject.clone(), triple.predicate.clone(), next.object.clone()),
                        rule: RdfsRule::Rdfs5,
                        premises: [triple.clone(), next.clone()],
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// What `triples` RDFS-entail through rdfs2, 3, 5, 7, 9 and 11, to a fixpoint: every entailed triple that is
/// not asserted, once, with the first derivation found for it.
pub fn rdfs_entailment(triples: &[Triple]) -> Entailment {
    let mut seen: TripleSet = TripleSet::default();
    let mut asserted = Vec::new();
    for triple in triples {
        if seen.insert(triple.clone()) {
            asserted.push(triple.clone());
        }
    }
    let mut entailment = Entailment { asserted, entailed: Vec::new(), truncated: false };
    loop {
        let all = entailment.closure();
        let mut added = false;
        for derivation in one_round(&all) {
            if seen.contains(&derivation.triple) {
                continue;
            }
            if entailment.entailed.len() >= MAX_ENTAILED {
                entailment.truncated = true;
                return entailment;
            }
            seen.insert(derivation.triple.clone());
            entailment.entailed.push(derivation);
            added = true;
        }
        if !added {
            return entailment;
        }
    }
}
