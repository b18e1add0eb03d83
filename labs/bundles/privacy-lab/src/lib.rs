//! The privacy lab: a simulated household's sensor data flows through the CSE engine; the student applies
//! privacy policies and sees what observers with access can still infer.
//!
//! The core has no side effects and is tested natively: `household.rs` (the seeded week and its ground truth), `policy.rs`
//! (minimisation, pseudonymisation, aggregation as gateway transforms), `platform.rs` (the CSE: AEs, containers
//! with `mia` retention, accessControlPolicies, observers' Retrieve requests), `inference.rs` (occupancy, sleep,
//! linkage, holiday), `analysis.rs` (one run), `exercises.rs` (the graded checks). `model.rs` is the widget's one
//! reducer; `components/` holds the views, which only dispatch actions. Progress is saved in the browser.

pub mod analysis;
pub mod components;
pub mod exercises;
pub mod household;
pub mod inference;
pub mod model;
pub mod platform;
pub mod policy;

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::privacy_lab::{PrivacyLab, PrivacyLabProps};

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "privacy-lab";

/// The lab's props from its mount point's options (`exercise`, checked against the catalog).
pub fn props(options: &LabOptions) -> Result<PrivacyLabProps, String> {
    Ok(PrivacyLabProps { exercise: options.text("exercise").map(str::to_owned) })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<PrivacyLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the privacy lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    lab_kit::mount_lab::<PrivacyLab>(element, lab, options_json, props)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_choose_the_exercise() {
        assert_eq!(
            decode_props(r#"{"exercise": "stop-linkage"}"#).expect("valid").exercise.as_deref(),
            Some("stop-linkage")
        );
        assert_eq!(decode_props("{}").expect("valid").exercise, None);
        assert!(decode_props(r#"{"exercise": "juggling"}"#).expect_err("unknown").contains("juggling"));
        assert!(decode_props("{oops").is_err());
    }

    fn render(props: PrivacyLabProps) -> String {
        lab_kit::testing::render::<PrivacyLab>(props)
    }

    #[test]
    fn the_lab_renders_policy_observer_and_exercise_with_labelled_controls() {
        let html = render(PrivacyLabProps { exercise: Some("routine-from-energy".into()) });
        for expected in [
            "Exercises (0 of 5 done)",
            "Goal: ",
            "Show a hint (0 of 3)",
            "Reset this exercise",
            "Not yet: ",
            "Leaves the home",
            "Keep readings for",
            "Energy supplier (NordWatt) may retrieve energy",
            "<svg",
            "role=\"img\"",
            "The oneM2M resources your policy produced",
            "672 / none",
        ] {
            assert!(html.contains(expected), "missing {expected}");
        }
        assert!(
            html.contains("cse-in/meter/energy") && html.contains("2000 OK") && html.contains("4103"),
            "the supplier's responses are shown"
        );
        assert!(html.contains("The daily routine is exposed"), "raw energy exposes the routine");
        for id in ["privacy-exercise-", "privacy-energy-resolution-", "privacy-retention-", "privacy-observer-"] {
            let labelled = html.match_indices(&format!("for=\"{id}")).count();
            assert!(labelled >= 1, "{id} has no label");
        }
        let free = render(PrivacyLabProps { exercise: None });
        assert!(free.contains("Free exploration") && !free.contains("Goal: "));
    }
}
