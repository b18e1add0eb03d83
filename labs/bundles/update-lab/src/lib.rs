//! The secure-update lab. Part A: the student plays vendor and device. An offline root key certifies a signing key;
//! firmware images of the book's smart plug get a manifest in the spirit of IETF SUIT (RFC 9019: vendor id, class
//! id, sequence number, digest, size, payload location), signed with Ed25519; the plug's bootloader checks
//! certificate, signature, class, anti-rollback counter, size and SHA-256 digest, installs to the inactive slot,
//! reboots and falls back on a failed self-test. Attacks are predicted, then run on a bench copy of the device.
//! The same update goes through the CSE engine's firmware `<mgmtObj>` (`url`, `vr`, `ud`, `uds`), with this
//! lab's bootloader plugged in as the device-management hook. Part B: the firmware's SBOM in CycloneDX JSON,
//! invented CSAF-like advisories, VEX decisions graded against the ground truth, and the CRA Art. 14 clock.
//!
//! The model modules are free of UI and browser calls and repeatable: every key comes from one 32-byte seed passed in
//! (the page draws it from the browser's crypto). `crypto.rs` (RustCrypto's ed25519-dalek and sha2), `firmware.rs`,
//! `manifest.rs`, `vendor.rs`, `device.rs` (the bootloader), `attacks.rs`, `cse_update.rs`, `vulnerability.rs`,
//! `cra_clock.rs`, `work.rs` (the student's work), `exercises.rs`, `export.rs`; `model.rs` is the widget's reducer and
//! `components/` its views.

pub mod attacks;
pub mod components;
pub mod cra_clock;
pub mod crypto;
pub mod cse_update;
pub mod device;
pub mod exercises;
pub mod export;
pub mod firmware;
pub mod manifest;
pub mod model;
pub mod vendor;
pub mod vulnerability;
pub mod work;

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::update_lab::{UpdateLab, UpdateLabProps};

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "update-lab";

/// The lab's props from its mount point's options (`exercise`, checked against the catalog).
pub fn props(options: &LabOptions) -> Result<UpdateLabProps, String> {
    Ok(UpdateLabProps { exercise: options.text("exercise").map(str::to_owned) })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<UpdateLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the secure-update lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    lab_kit::mount_lab::<UpdateLab>(element, lab, options_json, props)
}
