//! Black-box tests of the ontology engine on the fixture devices.

mod discovery;
mod exercises;
mod mapping;
mod parsing;
mod reasoning;
mod resources;

use onem2m_ontology::{Alignment, Description, DescriptorFormat, Mapping, map_description, parse_description};

pub const SAREF: &str = "https://saref.etsi.org/core/";
pub const BASE: &str = "http://www.onem2m.org/ontology/Base_Ontology/base_ontology#";
pub const EX: &str = "http://example.org/home#";
pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

pub fn saref(local: &str) -> String {
    format!("{SAREF}{local}")
}
pub fn base(local: &str) -> String {
    format!("{BASE}{local}")
}
pub fn ex(local: &str) -> String {
    format!("{EX}{local}")
}

pub fn turtle(text: &str) -> Description {
    parse_description(text, DescriptorFormat::Turtle)
}

pub fn book_mapping_of(text: &str) -> (Description, Mapping) {
    let description = turtle(text);
    let mapping = map_description(&description, &Alignment::book_mapping());
    (description, mapping)
}
