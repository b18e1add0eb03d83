//! Mounting a lab into its mount point: the page's options decoded and checked against the lab's spec in
//! `lab-catalog`, made into the lab's props, and the lab rendered. A wrong option is reported, never a panic.

use lab_catalog::options::LabOptions;
use yew::BaseComponent;

/// Decodes the options of the lab named `lab` (its directive name) into props with `props` (pure).
pub fn decode_lab<P>(
    lab: &str,
    options_json: &str,
    props: impl FnOnce(&LabOptions) -> Result<P, String>,
) -> Result<P, String> {
    let spec = lab_catalog::find_lab(lab).ok_or_else(|| {
        format!("this page asks for a lab named “{lab}”, which this version of the labs does not have")
    })?;
    props(&spec.decode_options(options_json)?)
}

/// Mounts lab `C` into `element` (replacing its fallback text) with the props `props` makes of the page's
/// checked options. The error is the reason in words, for the loader to show in place of the lab.
pub fn mount_lab<C: BaseComponent>(
    element: web_sys::Element,
    lab: &str,
    options_json: &str,
    props: impl FnOnce(&LabOptions) -> Result<C::Properties, String>,
) -> Result<(), wasm_bindgen::JsValue> {
    let props = decode_lab(lab, options_json, props).map_err(|message| wasm_bindgen::JsValue::from_str(&message))?;
    render_lab::<C>(element, props);
    Ok(())
}

/// Renders `C` with `props` into `element`, replacing its fallback text (for a bundle that decodes its own
/// options, as the widgets bundle does for quizzes).
pub fn render_lab<C: BaseComponent>(element: web_sys::Element, props: C::Properties) {
    element.set_inner_html("");
    yew::Renderer::<C>::with_root_and_props(element, props).render();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(options: &LabOptions) -> Result<Option<String>, String> {
        Ok(options.text("exercise").map(str::to_owned))
    }

    #[test]
    fn options_become_props_and_mistakes_become_words() {
        assert_eq!(
            decode_lab("privacy-lab", r#"{"exercise": "stop-linkage"}"#, exercise),
            Ok(Some("stop-linkage".to_owned()))
        );
        assert!(decode_lab("privacy-lab", r#"{"exercise": 3}"#, exercise).expect_err("a number").contains("exercise"));
        assert!(decode_lab("teleporter", "{}", exercise).expect_err("unknown lab").contains("“teleporter”"));
        let refused = decode_lab("privacy-lab", "{}", |_| Err::<(), _>("the lab refuses".to_owned()));
        assert_eq!(refused, Err("the lab refuses".to_owned()));
    }
}
