//! The RDF lab: the same temperature reading published by three platforms in three vocabularies (SAREF, W3C
//! SOSA, a vendor's own); the student aligns them with RDFS and writes one SPARQL query that finds all three,
//! and sees what RDFS entails (pattern and premises) and what is not found without the alignment. A SPARQL
//! exercise set over a building's devices (SELECT, FILTER, OPTIONAL, aggregates) is graded on result sets.
//!
//! The model modules (free of UI and browser calls, tested natively): `platforms.rs` (the data and the known
//! prefixes), `query.rs` (prefixes declared for the student, errors at the student's `line:column`, result
//! sets compared), `alignment.rs` (the merge, the alignment, the entailment with and without it),
//! `exercises.rs` (the graded checks), `work.rs` (what is saved, exported and imported). `model.rs` is the
//! widget's one reducer; `components/` the views. RDF, SPARQL and RDFS entailment are `onem2m-ontology`'s
//! (oxigraph).

pub mod alignment;
pub mod components;
pub mod download;
pub mod exercises;
pub mod model;
pub mod platforms;
pub mod query;
pub mod work;

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "rdf-lab";

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::rdf_lab::{RdfLab, RdfLabProps};
use model::Mode;

/// The lab's props from its mount point's options (`mode`, `exercise`, checked against the catalog).
pub fn props(options: &LabOptions) -> Result<RdfLabProps, String> {
    Ok(RdfLabProps {
        mode: Mode::from_option(options.text("mode")),
        exercise: options.text("exercise").map(str::to_owned),
    })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<RdfLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the RDF lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    lab_kit::mount_lab::<RdfLab>(element, lab, options_json, props)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_choose_the_mode_and_the_exercise() {
        let props = decode_props(r#"{"mode": "sparql", "exercise": "filter-warm"}"#).expect("valid");
        assert_eq!((props.mode, props.exercise.as_deref()), (Mode::Sparql, Some("filter-warm")));
        assert_eq!(decode_props("{}").expect("valid").mode, Mode::Both);
        assert!(decode_props(r#"{"exercise": "juggling"}"#).expect_err("unknown").contains("juggling"));
        assert!(decode_props(r#"{"mode": "poetry"}"#).is_err());
        assert!(decode_props("{oops").is_err());
    }

    #[test]
    fn the_catalog_lists_the_labs_exercises_in_order() {
        let ids: Vec<&str> = exercises::EXERCISES.iter().map(|exercise| exercise.id).collect();
        assert_eq!(ids, lab_catalog::RDF_LAB_EXERCISES);
    }
}
