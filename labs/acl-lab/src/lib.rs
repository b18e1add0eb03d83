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

use wasm_bindgen::prelude::*;

use components::acl_lab::{AclLab, AclLabProps};

/// Reads the directive's options: `challenge` names the challenge to start with.
pub fn decode_props(options_json: &str) -> Result<AclLabProps, String> {
    let options: serde_json::Value =
        serde_json::from_str(options_json).map_err(|error| format!("the lab's options are not valid JSON: {error}"))?;
    let challenge = match options.get("challenge") {
        None => challenges::CHALLENGE_IDS[0].to_owned(),
        Some(value) => match value.as_str() {
            Some(id) if challenges::CHALLENGE_IDS.contains(&id) => id.to_owned(),
            _ => {
                return Err(format!(
                    "the lab's option “challenge” must be one of {}, found {value}",
                    challenges::CHALLENGE_IDS.join(", ")
                ));
            }
        },
    };
    Ok(AclLabProps { challenge })
}

/// Mounts the access-control lab into `element`.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    if lab != "acl-lab" {
        return Err(JsValue::from_str(&format!("this bundle carries the lab “acl-lab”, not “{lab}”")));
    }
    let props = decode_props(options_json).map_err(|message| JsValue::from_str(&message))?;
    element.set_inner_html("");
    yew::Renderer::<AclLab>::with_root_and_props(element, props).render();
    Ok(())
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
