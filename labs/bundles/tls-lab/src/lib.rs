//! The TLS lab: a real TLS 1.3 handshake between a client and a server that both run in the page (rustls with
//! its ring provider), over certificates a small PKI makes in the page (rcgen). The student predicts who aborts
//! and with which alert before running each scenario (an expired certificate, a wrong name, an untrusted root, a
//! missing intermediate, a missing client certificate, an unknown pre-shared key, two men in the middle, a
//! downgrade), reads each flight opened with the secrets rustls logged, and enrols a device by CSR and registers
//! it with the `onem2m-cse` engine under the originator its certificate is bound to.
//!
//! The model modules (free of UI and browser calls, tested natively; the time is an argument, keys and the
//! handshake's randomness come from ring): `pki.rs`, `handshake.rs` (the in-memory handshake), `scenarios.rs`,
//! `records.rs` and `transcript.rs` (reading what went over the wire), `chain.rs`, `enrolment.rs`, `work.rs`,
//! `exercises.rs`. `model.rs` is the widget's one reducer; `components/` the views.

pub mod chain;
pub mod components;
pub mod enrolment;
pub mod exercises;
pub mod handshake;
pub mod model;
pub mod pki;
pub mod records;
pub mod scenarios;
pub mod transcript;
pub mod work;

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "tls-lab";

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::tls_lab::{TlsLab, TlsLabProps};

/// The lab's props from its mount point's options (`exercise` and `part`, checked against the catalog).
pub fn props(options: &LabOptions) -> Result<TlsLabProps, String> {
    Ok(TlsLabProps {
        exercise: options.text("exercise").map(str::to_owned),
        part: options.text("part").map(str::to_owned),
    })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<TlsLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the TLS lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    lab_kit::mount_lab::<TlsLab>(element, lab, options_json, props)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_choose_the_exercise_and_the_part() {
        let props = decode_props(r#"{"exercise": "enrol-device", "part": "provisioning"}"#).expect("valid");
        assert_eq!((props.exercise.as_deref(), props.part.as_deref()), (Some("enrol-device"), Some("provisioning")));
        assert_eq!(decode_props("{}").expect("valid").exercise, None);
        assert!(decode_props(r#"{"exercise": "juggling"}"#).expect_err("unknown").contains("juggling"));
        assert!(decode_props(r#"{"part": "everything"}"#).is_err());
        assert!(decode_props("{oops").is_err());
    }
}
