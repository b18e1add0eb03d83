//! The plugtest lab: the book's oneM2M interoperability test descriptions, run step by step against the CSE in the
//! page (the `onem2m-cse` engine with the ontology engine for semantic discovery), against a faulty CSE with one
//! deliberate defect, or against a CSE at a URL (the workshop server started with `--cors-origin`); every message
//! on a sequence diagram, every verdict with its reason; the student completes, corrects and writes descriptions.
//!
//! The model modules (free of UI and browser calls, tested natively): `page_cse.rs` (the page's CSE behind the
//! HTTP binding's request and response shapes), `work.rs` (what is saved and exported), `exercises.rs` (the graded
//! checks). The runner, the format and the verdicts are the `plugtest` engine's. `model.rs` is the widget's one
//! reducer; `components/` the views.

pub mod components;
pub mod exercises;
pub mod model;
pub mod page_cse;
pub mod work;

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "plugtest-lab";

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::plugtest_lab::{PlugtestLab, PlugtestLabProps};

/// The lab's props from its mount point's options (`exercise`, checked against the catalog).
pub fn props(options: &LabOptions) -> Result<PlugtestLabProps, String> {
    Ok(PlugtestLabProps { exercise: options.text("exercise").map(str::to_owned) })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<PlugtestLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the plugtest lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    lab_kit::mount_lab::<PlugtestLab>(element, lab, options_json, props)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_choose_the_exercise() {
        assert_eq!(
            decode_props(r#"{"exercise": "find-the-defect"}"#).expect("valid").exercise.as_deref(),
            Some("find-the-defect")
        );
        assert_eq!(decode_props("{}").expect("valid").exercise, None);
        assert!(decode_props(r#"{"exercise": "juggling"}"#).expect_err("unknown").contains("juggling"));
    }

    #[test]
    fn the_exercises_are_the_catalogs() {
        let ids: Vec<&str> = exercises::EXERCISES.iter().map(|exercise| exercise.id).collect();
        assert_eq!(ids, lab_catalog::PLUGTEST_LAB_EXERCISES);
    }
}
