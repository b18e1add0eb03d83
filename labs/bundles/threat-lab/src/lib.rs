//! The threat-modelling lab: a TVRA (ETSI TS 102 165-1) of the book's own deployments, in the page. The student
//! edits a data flow diagram with trust boundaries, generates candidate threats per element with STRIDE (security
//! mode) or LINDDUN (privacy mode), accepts or rejects them, scores them on the chapter's scale, treats them with
//! countermeasures that cite the EN 303 645 provision, GDPR article or oneM2M mechanism they implement, sees the
//! residual risk and the risk matrix, builds an attack tree, and exports the register.
//!
//! The core has no side effects and is tested natively: `diagram.rs` (the diagram, its checks and layout),
//! `method.rs` (STRIDE and LINDDUN per element), `register.rs` (threats, scores, residual risk, matrix, CSV and
//! Markdown), `catalogue.rs` (countermeasures), `attack_tree.rs` (AND/OR, cheapest path), `workspace.rs` (one
//! model, its edits and its JSON file), `reference.rs` (the book's deployments), `exercises.rs` (the graded checks),
//! `threat_dragon.rs` (the model as an OWASP Threat Dragon v2 file).
//! `model.rs` is the widget's one reducer; `components/` holds the views, which only dispatch actions.

pub mod attack_tree;
pub mod catalogue;
pub mod components;
pub mod diagram;
pub mod exercises;
pub mod method;
pub mod model;
pub mod reference;
pub mod register;
pub mod threat_dragon;
pub mod workspace;

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::threat_lab::{ThreatLab, ThreatLabProps};
use workspace::Mode;

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "threat-lab";

/// The lab's props from its mount point's options (`mode`, `exercise`, checked against the catalog).
pub fn props(options: &LabOptions) -> Result<ThreatLabProps, String> {
    let mode = match options.text("mode") {
        Some(text) => Mode::parse(text).ok_or_else(|| format!("`{text}` is not a mode of the threat-modelling lab"))?,
        None => Mode::Security,
    };
    Ok(ThreatLabProps { mode, exercise: options.text("exercise").map(str::to_owned) })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<ThreatLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the threat-modelling lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    lab_kit::mount_lab::<ThreatLab>(element, lab, options_json, props)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_kit::testing::{render, tag_with_id};

    #[test]
    fn options_choose_the_mode_and_the_exercise() {
        let props = decode_props(r#"{"mode": "privacy", "exercise": "smart-meter-linddun"}"#).expect("valid");
        assert_eq!((props.mode, props.exercise.as_deref()), (Mode::Privacy, Some("smart-meter-linddun")));
        assert_eq!(decode_props("{}").expect("valid").mode, Mode::Security);
        assert!(decode_props(r#"{"mode": "safety"}"#).expect_err("unknown").contains("safety"));
        assert!(decode_props(r#"{"exercise": "juggling"}"#).is_err());
    }

    #[test]
    fn the_exercise_list_is_the_catalog_s() {
        let ids: Vec<&str> = exercises::EXERCISES.iter().map(|exercise| exercise.id).collect();
        assert_eq!(ids, lab_catalog::THREAT_LAB_EXERCISES);
    }

    #[test]
    fn the_lab_renders_the_diagram_register_matrix_tree_and_exercise_with_labelled_controls() {
        let html =
            render::<ThreatLab>(ThreatLabProps { mode: Mode::Security, exercise: Some("triage-gateway".into()) });
        for expected in [
            "Exercises (0 of 8 done)",
            "Goal: ",
            "Show a hint (0 of 3)",
            "Not yet: ",
            "Generate STRIDE candidates",
            "role=\"img\"",
            "Gateway MN-CSE",
            "Mcc over TLS",
            "(crosses a trust boundary)",
            "Before treatment",
            "After treatment (residual)",
            "Take over the building",
            "Before you look: how hard is the goal now?",
            "Export the model (JSON)",
            "Register as CSV",
            "Register as Markdown",
            "Model for OWASP Threat Dragon",
        ] {
            assert!(html.contains(expected), "missing {expected}");
        }
        assert!(!html.contains("cheapest path"), "the cheapest path waits for a prediction");
        for label in [
            "threat-mode-",
            "threat-exercise-",
            "threat-selected-",
            "threat-element-name-",
            "threat-flow-from-",
            "threat-filter-",
            "threat-node-parent-",
            "threat-prediction-",
            "threat-import-",
        ] {
            let at = html.find(&format!("for=\"{label}")).unwrap_or_else(|| panic!("no label for {label}"));
            let id_end = html[at + 5..].find('"').expect("end of for") + at + 5;
            let id = &html[at + 5..id_end];
            assert!(tag_with_id(&html, id).starts_with('<'), "{id} is labelled");
        }
        let privacy = render::<ThreatLab>(ThreatLabProps { mode: Mode::Privacy, exercise: None });
        assert!(
            privacy.contains("Generate LINDDUN candidates") && privacy.contains("Smart-meter readings to the supplier")
        );
        assert!(privacy.contains("Free modelling") && !privacy.contains("Goal: "));
    }
}
