//! Namespaces and the display of RDF terms with prefixes.

use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use serde::Serialize;

/// SAREF core, current namespace (V4.1.1).
pub const SAREF: &str = "https://saref.etsi.org/core/";
/// The oneM2M Base Ontology term namespace (TS-0012); prefix `base:` in this book.
pub const BASE: &str = "http://www.onem2m.org/ontology/Base_Ontology/base_ontology#";
/// SAREF namespaces of older versions: v2/v3 era and v1.
pub const OLD_SAREF: [&str; 2] = ["https://w3id.org/saref#", "http://ontology.tno.nl/saref#"];
/// The examples' own namespace, as in the book's Part III chapters.
pub const EX: &str = "http://example.org/home#";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub const RDFS_SUBCLASS_OF: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";
pub const RDFS_SUBPROPERTY_OF: &str = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf";

/// The prefixes every display in the lab knows, in the order they are tried.
pub const WELL_KNOWN_PREFIXES: [(&str, &str); 7] =
    [("rdf", RDF), ("rdfs", RDFS), ("owl", OWL), ("xsd", XSD), ("saref", SAREF), ("base", BASE), ("ex", EX)];

/// The part of an IRI after its last `#` or `/`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

/// `saref:Device` for a SAREF IRI, `<iri>` when no well-known or extra prefix applies.
pub fn compact_iri(iri: &str, extra_prefixes: &[(String, String)]) -> String {
    let extra = extra_prefixes.iter().map(|(p, n)| (p.as_str(), n.as_str()));
    for (prefix, namespace) in WELL_KNOWN_PREFIXES.into_iter().chain(extra) {
        if let Some(local) = iri.strip_prefix(namespace)
            && !local.is_empty()
            && local.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return format!("{prefix}:{local}");
        }
    }
    format!("<{iri}>")
}

/// A term for people: prefixed IRIs, `_:n0` blank nodes, literals in Turtle syntax.
pub fn display_term(term: &Term, extra_prefixes: &[(String, String)]) -> String {
    match term {
        Term::NamedNode(node) => compact_iri(node.as_str(), extra_prefixes),
        Term::BlankNode(node) => node.to_string(),
        Term::Literal(literal) => {
            let datatype = literal.datatype().as_str();
            if literal.language().is_some() || datatype == "http://www.w3.org/2001/XMLSchema#string" {
                literal.to_string()
            } else {
                format!(
                    "\"{}\"^^{}",
                    literal.value().replace('\\', "\\\\").replace('"', "\\\""),
                    compact_iri(datatype, extra_prefixes)
                )
            }
        }
    }
}

pub fn display_subject(subject: &NamedOrBlankNode, extra_prefixes: &[(String, String)]) -> String {
    display_term(&Term::from(subject.clone()), extra_prefixes)
}

/// A triple as three display strings, for tables and explanations.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TripleText {
    pub subject: String,
    pub predicate: String,
    pub object: String,
}

impl TripleText {
    pub fn of(triple: &Triple, extra_prefixes: &[(String, String)]) -> Self {
        Self {
            subject: display_subject(&triple.subject, extra_prefixes),
            predicate: compact_iri(triple.predicate.as_str(), extra_prefixes),
            object: display_term(&triple.object, extra_prefixes),
        }
    }
}

impl std::fmt::Display for TripleText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {} .", self.subject, self.predicate, self.object)
    }
}

/// Expands `saref:Device`, `base:Device`, `ex:x` (well-known prefixes) or `<iri>` to a full IRI.
/// Returns `None` for anything else.
pub fn expand_term(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(iri) = text.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
        return Some(iri.to_owned());
    }
    if text.starts_with("http://") || text.starts_with("https://") {
        return Some(text.to_owned());
    }
    let (prefix, local) = text.split_once(':')?;
    WELL_KNOWN_PREFIXES.iter().find(|(p, _)| *p == prefix).map(|(_, namespace)| format!("{namespace}{local}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_are_compacted_and_expanded() {
        assert_eq!(compact_iri("https://saref.etsi.org/core/Device", &[]), "saref:Device");
        assert_eq!(compact_iri(&format!("{BASE}hasFunctionality"), &[]), "base:hasFunctionality");
        assert_eq!(compact_iri("http://other.org/x", &[]), "<http://other.org/x>");
        let extra = vec![("o".to_owned(), "http://other.org/".to_owned())];
        assert_eq!(compact_iri("http://other.org/x", &extra), "o:x");
        assert_eq!(expand_term("saref:Device").as_deref(), Some("https://saref.etsi.org/core/Device"));
        assert_eq!(expand_term(" <http://a/b> ").as_deref(), Some("http://a/b"));
        assert_eq!(expand_term("nope:x"), None);
        assert_eq!(local_name(&format!("{BASE}Device")), "Device");
        assert_eq!(local_name("https://saref.etsi.org/core/Device"), "Device");
    }
}
