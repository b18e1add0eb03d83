//! The anonymisation lab: the privacy lab's household among a seeded neighbourhood of 320 households, released
//! three ways. k-anonymity and l-diversity with the student's generalisation hierarchies and suppression (risk
//! under the prosecutor, journalist and marketer models, utility lost); differential privacy (Laplace counts and
//! averages, an epsilon ledger, a differencing attack); pseudonyms (keyed HMAC-SHA256 against plain hashes that
//! the page brute-forces).
//!
//! The model modules (free of UI and browser calls, tested natively): `neighbourhood.rs` (the seeded households),
//! `anonymity.rs`, `privacy.rs`, `pseudonyms.rs`, `work.rs` (the setup, its exports and import), `exercises.rs` (the
//! graded checks). `model.rs` is the widget's one reducer; `components/` the views.

pub mod anonymity;
pub mod components;
pub mod exercises;
pub mod model;
pub mod neighbourhood;
pub mod privacy;
pub mod pseudonyms;
pub mod work;

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "anonymisation-lab";

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::anonymisation_lab::{AnonymisationLab, AnonymisationLabProps};

/// The lab's props from its mount point's options (`exercise`, checked against the catalog).
pub fn props(options: &LabOptions) -> Result<AnonymisationLabProps, String> {
    Ok(AnonymisationLabProps { exercise: options.text("exercise").map(str::to_owned) })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<AnonymisationLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the anonymisation lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    lab_kit::mount_lab::<AnonymisationLab>(element, lab, options_json, props)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_choose_the_exercise() {
        assert_eq!(
            decode_props(r#"{"exercise": "differencing"}"#).expect("valid").exercise.as_deref(),
            Some("differencing")
        );
        assert_eq!(decode_props("{}").expect("valid").exercise, None);
        assert!(decode_props(r#"{"exercise": "juggling"}"#).expect_err("unknown").contains("juggling"));
        assert!(decode_props("{oops").is_err());
    }
}
