//! The ontology mapping lab: a SAREF device description in Turtle, its graph, an editable mapping to
//! the oneM2M Base Ontology and the resulting instance with explanations, the generated oneM2M
//! resources in a CSE running in the page, semantic discovery with SPARQL through the CSE's `smf`,
//! and graded exercises.
//!
//! The ontology engine (`onem2m-ontology`, with oxigraph) and the CSE engine (`onem2m-cse`) do the
//! work; `page_cse.rs` plugs the first into the second as its semantic matcher. `model.rs` is the
//! widget's one reducer; `components/` holds the views, which only dispatch actions. Progress on
//! the exercises is kept in the browser (versioned, see `lab-storage`).
//!
//! The `mode` option (`model::Mode`) is `full` or `mapping`. The default cargo feature `sparql` holds every call
//! into SPARQL (the CSE's `smf` matcher, Run, the query exercises' checks); built without it, the crate is the lean
//! bundle `ontology_lab_mapping`, which runs in `mapping` mode only.

pub mod components;
pub mod model;
pub mod page_cse;

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::ontology_lab::{OntologyLab, OntologyLabProps};

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "ontology-mapper";

/// The lab's props from its mount point's options (`mode` and `exercise`, checked against the catalog).
pub fn props(options: &LabOptions) -> Result<OntologyLabProps, String> {
    Ok(OntologyLabProps {
        exercise: options.text("exercise").map(str::to_owned),
        mode: model::Mode::from_option(options.text("mode")),
    })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<OntologyLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the ontology lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    lab_kit::mount_lab::<OntologyLab>(element, lab, options_json, props)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_choose_the_exercise() {
        let props = decode_props(r#"{"exercise": "map-metering-function"}"#).expect("valid");
        assert_eq!(props.exercise.as_deref(), Some("map-metering-function"));
        assert_eq!(decode_props("{}").expect("valid").exercise, None);
        assert!(decode_props(r#"{"exercise": "juggling"}"#).expect_err("unknown").contains("juggling"));
        assert!(decode_props("{oops").is_err());
    }

    #[cfg(feature = "sparql")]
    #[test]
    fn the_mode_option_chooses_what_the_lab_offers() {
        assert_eq!(decode_props("{}").expect("valid").mode, model::Mode::Full);
        assert_eq!(decode_props(r#"{"mode": "full"}"#).expect("valid").mode, model::Mode::Full);
        let lean = decode_props(r#"{"mode": "mapping", "exercise": "fix-broken-mapping"}"#).expect("valid");
        assert_eq!(lean.mode, model::Mode::Mapping);
        assert!(decode_props(r#"{"mode": "sparql-free"}"#).is_err());
        assert_eq!(
            onem2m_ontology::MAPPING_EXERCISES,
            lab_catalog::ONTOLOGY_LAB_MAPPING_EXERCISES,
            "the catalog lets `mode = \"mapping\"` start exactly the exercises the lean bundle can check"
        );
    }

    #[test]
    fn in_mapping_mode_there_is_no_discovery_and_only_the_mapping_exercises() {
        let html = render(OntologyLabProps { exercise: None, mode: model::Mode::Mapping });
        assert!(html.contains("3. The mapping to the Base Ontology ("), "{html}");
        assert!(html.contains("Generate oneM2M resources"));
        assert!(!html.contains("Semantic discovery"), "no SPARQL panel");
        assert!(html.contains("Exercises (0 of 3 done)"), "{html}");
        assert!(html.contains("Spot the unmapped property"), "{html}");
        assert!(!html.contains("room1-temperature-query"), "a SPARQL exercise is not offered");
    }

    #[test]
    fn the_catalog_lists_exactly_the_engine_exercises() {
        let ids: Vec<&str> = onem2m_ontology::exercises().iter().map(|e| e.id).collect();
        assert_eq!(
            ids,
            lab_catalog::ONTOLOGY_LAB_EXERCISES,
            "the build validates `exercise = ...` against the catalog"
        );
        assert!(ids.len() >= 5);
    }

    fn render(props: OntologyLabProps) -> String {
        lab_kit::testing::render::<OntologyLab>(props)
    }

    #[cfg(feature = "sparql")]
    #[test]
    fn the_lab_renders_every_stage_with_labelled_controls() {
        let html = render(OntologyLabProps { exercise: None, mode: model::Mode::Full });
        for expected in [
            "Exercises (0 of 6 done)",
            "1. The device description",
            "Kitchen smart plug",
            "2. The graph (",
            "ex:plug1",
            "3. The mapping to the Base Ontology (",
            "saref:hasFunction",
            "4. The Base Ontology instance (",
            "base:Device",
            "Generate oneM2M resources",
            "6. Semantic discovery",
            "Run",
            "<svg",
        ] {
            assert!(html.contains(expected), "missing {expected}");
        }
        assert!(!html.contains('`'), "no Markdown backtick is shown as text");
        for id in ["ontology-description-", "ontology-mapping-", "ontology-query-", "ontology-exercise-"] {
            assert!(html.contains(&format!("for=\"{id}")), "{id} has a label");
        }
    }

    #[test]
    fn an_exercise_shows_its_goal_and_where_to_answer() {
        let html = render(OntologyLabProps { exercise: Some("map-metering-function".into()), mode: model::Mode::Full });
        assert!(html.contains("Goal: "), "{html}");
        assert!(html.contains("saref:MeteringFunction"));
        assert!(html.contains("Check my answer"));
        assert!(html.contains("Show a hint (0 of 3)"));
        assert!(html.contains("edit it in the mapping editor"));
        let terms =
            render(OntologyLabProps { exercise: Some("spot-unmapped-property".into()), mode: model::Mode::Full });
        assert!(terms.contains("Your answer (terms)"));
    }

    #[test]
    fn a_broken_description_shows_a_located_syntax_error() {
        // the view reads the state; the state comes from the reducer (tested in model/tests.rs)
        let state = model::LabState::new(None);
        let analysis = model::Analysis::of("@prefix ex: <http://example.org/> .\nex:a ex:b", &state.alignment_text);
        let error = analysis.description.diagnostics.iter().find(|d| d.is_error()).expect("a syntax error");
        assert!(error.location.is_some_and(|l| l.line == 2), "{error}");
    }
}
