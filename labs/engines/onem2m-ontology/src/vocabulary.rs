//! The ontology data the lab ships: subsets of SAREF core and of the oneM2M Base Ontology, and the
//! book's mapping between them, as Turtle files compiled into the crate.

use crate::terms::{BASE, OLD_SAREF, OWL, RDF, RDF_TYPE, RDFS_SUBCLASS_OF, SAREF};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The SAREF core subset (V4.1.1 terms, from the facts file), in Turtle.
pub const SAREF_CORE_SUBSET: &str = include_str!("../data/saref-core-subset.ttl");
/// The oneM2M Base Ontology subset (TS-0012 terms, from the facts file), in Turtle.
pub const BASE_ONTOLOGY_SUBSET: &str = include_str!("../data/base-ontology-subset.ttl");
/// The book's lab mapping, SAREF term `rdfs:subClassOf` / `rdfs:subPropertyOf` Base Ontology term.
pub const BOOK_MAPPING: &str = include_str!("../data/saref-to-base.ttl");

/// Whether a term is a class or a property in the shipped subsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermRole {
    Class,
    Property,
}

/// The terms of both subsets, and their class hierarchies.
#[derive(Debug)]
pub struct Vocabulary {
    pub terms: BTreeMap<String, TermRole>,
    /// Direct `rdfs:subClassOf` statements inside the subsets (subclass -> superclasses).
    pub superclasses: BTreeMap<String, BTreeSet<String>>,
}

impl Vocabulary {
    pub fn role(&self, iri: &str) -> Option<TermRole> {
        self.terms.get(iri).copied()
    }

    /// True when `iri` belongs to a namespace whose terms the lab checks (SAREF core or the Base Ontology).
    pub fn is_checked_namespace(iri: &str) -> bool {
        iri.starts_with(SAREF) || iri.starts_with(BASE)
    }

    /// The older SAREF namespace `iri` uses, if any.
    pub fn old_saref_namespace(iri: &str) -> Option<&'static str> {
        OLD_SAREF.into_iter().find(|namespace| iri.starts_with(namespace))
    }

    /// True when `sub` is `sup` or below it through the subsets' subclass statements.
    pub fn is_subclass_of(&self, sub: &str, sup: &str) -> bool {
        let mut stack = vec![sub.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(class) = stack.pop() {
            if class == sup {
                return true;
            }
            if seen.insert(class.clone())
                && let Some(parents) = self.superclasses.get(&class)
            {
                stack.extend(parents.iter().cloned());
            }
        }
        false
    }
}

fn shipped_triples(text: &str) -> Vec<Triple> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .filter_map(Result::ok)
        .map(Triple::from)
        .collect()
}

/// The vocabulary of the shipped subsets, parsed once.
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let mut terms = BTreeMap::new();
        let mut superclasses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let class = format!("{OWL}Class");
        let property_types =
            [format!("{OWL}ObjectProperty"), format!("{OWL}DatatypeProperty"), format!("{RDF}Property")];
        for text in [SAREF_CORE_SUBSET, BASE_ONTOLOGY_SUBSET] {
            for triple in shipped_triples(text) {
                let NamedOrBlankNode::NamedNode(subject) = &triple.subject else {
                    continue;
                };
                let subject = subject.as_str().to_owned();
                let Term::NamedNode(object) = &triple.object else {
                    continue;
                };
                if triple.predicate.as_str() == RDF_TYPE {
                    if object.as_str() == class {
                        terms.insert(subject, TermRole::Class);
                    } else if property_types.iter().any(|p| p == object.as_str()) {
                        terms.insert(subject, TermRole::Property);
                    }
                } else if triple.predicate.as_str() == RDFS_SUBCLASS_OF {
                    superclasses.entry(subject).or_default().insert(object.as_str().to_owned());
                }
            }
        }
        Vocabulary { terms, superclasses }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subsets_define_the_facts_terms() {
        let vocabulary = vocabulary();
        let saref_classes = [
            "Device",
            "Function",
            "ActuatingFunction",
            "SensingFunction",
            "MeteringFunction",
            "EventFunction",
            "Command",
            "State",
            "Service",
            "Property",
            "Measurement",
            "UnitOfMeasure",
            "FeatureOfInterest",
            "Task",
            "Commodity",
            "Profile",
        ];
        for class in saref_classes {
            assert_eq!(vocabulary.role(&format!("{SAREF}{class}")), Some(TermRole::Class), "{class}");
        }
        let saref_properties = [
            "hasFunction",
            "hasCommand",
            "isCommandOf",
            "actsUpon",
            "offers",
            "isOfferedBy",
            "represents",
            "measuresProperty",
            "controlsProperty",
            "makesMeasurement",
            "measurementMadeBy",
            "relatesToProperty",
            "relatesToMeasurement",
            "isMeasuredIn",
            "hasState",
            "accomplishes",
            "consistsOf",
            "hasMeasurement",
            "hasProperty",
            "hasValue",
            "hasTimestamp",
            "hasManufacturer",
            "hasModel",
        ];
        for property in saref_properties {
            assert_eq!(vocabulary.role(&format!("{SAREF}{property}")), Some(TermRole::Property), "{property}");
        }
        let base_classes = [
            "Thing",
            "ThingProperty",
            "Device",
            "InterworkedDevice",
            "AreaNetwork",
            "Service",
            "Operation",
            "OperationInput",
            "OperationOutput",
            "OperationState",
            "Command",
            "Functionality",
            "ControllingFunctionality",
            "MeasuringFunctionality",
            "InputDataPoint",
            "OutputDataPoint",
            "Variable",
            "SimpleTypeVariable",
            "Aspect",
            "MetaData",
        ];
        for class in base_classes {
            assert_eq!(vocabulary.role(&format!("{BASE}{class}")), Some(TermRole::Class), "{class}");
        }
        let base_properties = [
            "hasService",
            "hasSubService",
            "hasOperation",
            "hasCommand",
            "exposesCommand",
            "exposesFunctionality",
            "hasFunctionality",
            "hasThingProperty",
            "hasThingRelation",
            "hasInput",
            "hasOutput",
            "hasInputDataPoint",
            "hasOutputDataPoint",
            "hasValue",
        ];
        for property in base_properties {
            assert_eq!(vocabulary.role(&format!("{BASE}{property}")), Some(TermRole::Property), "{property}");
        }
        assert_eq!(
            vocabulary.terms.len(),
            saref_classes.len() + saref_properties.len() + base_classes.len() + base_properties.len()
        );
        assert!(vocabulary.is_subclass_of(&format!("{SAREF}SensingFunction"), &format!("{SAREF}Function")));
        assert!(!vocabulary.is_subclass_of(&format!("{SAREF}Function"), &format!("{SAREF}SensingFunction")));
        assert_eq!(vocabulary.role(&format!("{BASE}MeasuringFunction")), None);
    }

    #[test]
    fn the_shipped_files_name_the_versions_they_follow() {
        assert!(SAREF_CORE_SUBSET.contains("V4.1.1"));
        assert!(BASE_ONTOLOGY_SUBSET.contains("TS-0012"));
        assert!(BOOK_MAPPING.contains("book's lab mapping"));
    }
}
