//! The access-control lab: write accessControlPolicy resources, link them to the resources of a
//! smart building, and see every decision of the CSE engine explained; then solve least-privilege
//! challenges graded against a hidden matrix of requests.
//!
//! The lab has no access-control logic of its own: policies are created and linked through real
//! requests (`Cse::handle_request`), and every decision comes from `Cse::explain_access` or from a
//! real request ([`scenario`]). Challenge data and grading ([`challenges`]), the policy form and its
//! JSON ([`policy_draft`]), the role- and attribute-based readings ([`access_models`]) and the
//! reducer ([`model`]) have no side effects and are tested natively; [`components`] are thin Yew views that only
//! dispatch actions. Progress is saved per challenge with `lab-storage` (in an effect).

pub mod access_models;
pub mod challenges;
pub mod components;
pub mod model;
pub mod policy_draft;
pub mod scenario;

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::acl_lab::{AclLab, AclLabProps};

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "acl-lab";

/// The lab's props from its mount point's options: `challenge` (checked against the catalog) names the challenge
/// to start with, the first when absent.
pub fn props(options: &LabOptions) -> Result<AclLabProps, String> {
    Ok(AclLabProps { challenge: options.text("challenge").unwrap_or(challenges::CHALLENGE_IDS[0]).to_owned() })
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str) -> Result<AclLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, props)
}

/// Mounts the access-control lab into `element`.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    if lab != LAB {
        return Err(JsValue::from_str(&format!("this bundle carries the lab “{LAB}”, not “{lab}”")));
    }
    lab_kit::mount_lab::<AclLab>(element, lab, options_json, props)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_choose_the_first_challenge() {
        assert_eq!(decode_props("{}").map(|props| props.challenge), Ok("thermostat-hours".to_owned()));
        assert_eq!(
            decode_props(r#"{"challenge": "discovery-leak"}"#).map(|props| props.challenge),
            Ok("discovery-leak".to_owned())
        );
        assert!(decode_props(r#"{"challenge": "nope"}"#).expect_err("unknown").contains("thermostat-hours"));
        assert!(decode_props("{oops").expect_err("json").contains("not valid JSON"));
    }
}
