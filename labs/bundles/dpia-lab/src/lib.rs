//! The DPIA lab: a data protection impact assessment of the privacy lab's household energy service (NordWatt's
//! oneM2M platform and Ana Lind's household), from the threshold analysis to the report. The student checks the
//! WP 248 criteria and GDPR Art. 35(3) for the household service, HomeSense or a connected toy; describes the
//! processing (starting from the policy saved by the privacy lab); answers the necessity questions and compares
//! them with the lab's flags; treats the LINDDUN risks with measures linked to GDPR articles and ISO/IEC 29100
//! principles; decides on prior consultation (Art. 36); and downloads the report as Markdown or printable HTML, or
//! the assessment as JSON to import again.
//!
//! The model modules (free of UI and browser calls, tested natively): `threshold.rs`, `processing.rs` (the
//! description, in the privacy lab's saved format), `necessity.rs`, `risks.rs`, `work.rs` (the assessment, its
//! export and import, the start from the privacy lab), `report.rs`, `exercises.rs` (the graded checks). `model.rs`
//! is the widget's one reducer; `components/` the views.

pub mod components;
pub mod exercises;
pub mod model;
pub mod necessity;
pub mod processing;
#[cfg(test)]
mod properties;
pub mod report;
pub mod risks;
pub mod threshold;
pub mod work;

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "dpia-lab";

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::dpia_lab::{DpiaLab, DpiaLabProps};

/// The lab's props from its mount point's options (`exercise`, checked against the catalog).
pub fn props(options: &LabOptions) -> Result<DpiaLabProps, String> {
    Ok(DpiaLabProps { exercise: options.text("exercise").map(str::to_owned) })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<DpiaLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the DPIA lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    lab_kit::mount_lab::<DpiaLab>(element, lab, options_json, props)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_choose_the_exercise() {
        assert_eq!(
            decode_props(r#"{"exercise": "risk-acceptable"}"#).expect("valid").exercise.as_deref(),
            Some("risk-acceptable")
        );
        assert_eq!(decode_props("{}").expect("valid").exercise, None);
        assert!(decode_props(r#"{"exercise": "juggling"}"#).expect_err("unknown").contains("juggling"));
        assert!(decode_props("{oops").is_err());
    }
}
