//! The conformity lab. Mode 1, "Which rules apply": a product description and the EU acts that apply to it, with
//! the triggering article, from when and why, and the harmonised standards that give a presumption of
//! conformity. Mode 2: an EN 303 645 self-assessment shaped like TS 103 701 (a product dossier, the student's
//! decision per provision, the Implementation Conformance Statement, clause 4 reporting, a conformance table per
//! category, a cross-walk to the CRA and EN 18031).
//!
//! The model modules (free of UI and browser calls, tested natively): `rules.rs` (the acts as data and functions of the
//! description), `provisions.rs` (EN 303 645's provisions with their statuses as worded), `dossier.rs` (the invented
//! product dossiers and what they show), `assessment.rs` (the student's decisions, the ICS, the reporting, exports and
//! import), `exercises.rs` (the graded checks). `model.rs` is the widget's one reducer; `components/` the views.

pub mod assessment;
pub mod components;
pub mod disclosure_policy;
pub mod dossier;
pub mod exercises;
pub mod fixes;
pub mod model;
pub mod provisions;
pub mod rules;
pub mod work;

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::conformity_lab::{ConformityLab, ConformityLabProps, Mode};

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "conformity-lab";

/// The lab's props from its mount point's options (`mode`, `exercise`, checked against the catalog).
pub fn props(options: &LabOptions) -> Result<ConformityLabProps, String> {
    Ok(ConformityLabProps {
        exercise: options.text("exercise").map(str::to_owned),
        mode: Mode::from_option(options.text("mode")),
    })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<ConformityLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the conformity lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    lab_kit::mount_lab::<ConformityLab>(element, lab, options_json, props)
}
