//! The interworking-proxy lab: two simulated non-oneM2M devices (LwM2M objects 3303 and 3311, a Matter node with
//! the OnOff and TemperatureMeasurement clusters), the mapping an interworking proxy entity (IPE) applies, the IPE
//! registering them with a CSE running in the page and keeping both sides in sync, a semanticDescriptor per device
//! so semantic discovery finds interworked devices next to a native one, and graded exercises.
//!
//! The model modules (free of UI and browser calls, tested natively): `devices.rs` (the devices as data, operated),
//! `mapping.rs` (the mapping, its JSON export and import), `semantics.rs` (the descriptors), `ipe.rs` (the IPE, the CSE
//! and the application), `exercises.rs` (the graded checks).

pub mod components;
pub mod devices;
pub mod exercises;
pub mod ipe;
pub mod mapping;
pub mod model;
pub mod semantics;

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "interworking-proxy";

/// The semantic matcher the page's CSE uses: the ontology engine's SPARQL (oxigraph).
#[cfg(feature = "semantic-discovery")]
pub const MATCHER: Option<onem2m_cse::SemanticMatcher> = Some(onem2m_ontology::smf_matcher);
/// Without the `semantic-discovery` feature, the CSE has no matcher (`smf` is 5001).
#[cfg(not(feature = "semantic-discovery"))]
pub const MATCHER: Option<onem2m_cse::SemanticMatcher> = None;

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::interworking_lab::{InterworkingLab, InterworkingLabProps};

/// The lab's props from its mount point's options (`exercise`, checked against the catalog).
pub fn props(options: &LabOptions) -> Result<InterworkingLabProps, String> {
    Ok(InterworkingLabProps { exercise: options.text("exercise").map(str::to_owned) })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<InterworkingLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the interworking-proxy lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    lab_kit::mount_lab::<InterworkingLab>(element, lab, options_json, props)
}
