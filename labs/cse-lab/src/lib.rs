//! The CSE lab: a oneM2M console running the CSE engine in the page, with guided, self-checking exercises.
//!
//! `session.rs` (the engine, the clock and replayable steps), `exercises.rs` and `templates.rs` have no side
//! effects and are tested natively; `model.rs` is the widget's one reducer; `components/` holds the views, which only dispatch
//! actions. The session is saved in the browser as replayable steps, exported as a file, or shared in a link.

pub mod components;
pub mod exercises;
pub mod model;
pub mod session;
pub mod templates;

use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;
use wasm_bindgen::prelude::*;

use components::console::{CseLab, CseLabProps};
use model::PANELS;

/// Decodes a mount point's options: `exercise` and `panels` (validated by the build; checked again here).
pub fn decode_props(options_json: &str, storage_key: String, shared: Option<String>) -> Result<CseLabProps, String> {
    let options: Value =
        serde_json::from_str(options_json).map_err(|error| format!("the lab's options are not valid JSON: {error}"))?;
    let exercise = options.get("exercise").and_then(Value::as_str).map(str::to_owned);
    if let Some(id) = &exercise
        && exercises::find_exercise(id).is_none()
    {
        return Err(format!("this page asks for an exercise “{id}” that this version of the lab does not have"));
    }
    let panels: Vec<String> = options
        .get("panels")
        .and_then(Value::as_str)
        .map(|text| text.split(',').map(str::trim).filter(|panel| !panel.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    if let Some(unknown) = panels.iter().find(|panel| !PANELS.contains(&panel.as_str())) {
        return Err(format!("unknown panel “{unknown}”; panels are {}", PANELS.join(", ")));
    }
    Ok(CseLabProps { exercise, panels, storage_key, shared })
}

static SHARE_TAKEN: AtomicBool = AtomicBool::new(false);

/// Mounts the CSE lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, _lab: &str, options_json: &str) -> Result<(), JsValue> {
    let location = web_sys::window().map(|window| window.location());
    let path = location.as_ref().and_then(|location| location.pathname().ok()).unwrap_or_default();
    let storage_key = format!("{}{path}#{}", lab_catalog::storage_keys::CSE_LAB_SESSION_PREFIX, element.id());
    let shared = location
        .and_then(|location| location.hash().ok())
        .and_then(|hash| hash.strip_prefix("#cse-lab=").map(str::to_owned))
        .filter(|_| !SHARE_TAKEN.swap(true, Ordering::Relaxed));
    let props = decode_props(options_json, storage_key, shared).map_err(|message| JsValue::from_str(&message))?;
    element.set_inner_html("");
    yew::Renderer::<CseLab>::with_root_and_props(element, props).render();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_choose_the_exercise_and_panels() {
        let props =
            decode_props(r#"{"exercise": "discovery", "panels": "composer, tree"}"#, "k".into(), None).expect("valid");
        assert_eq!(props.exercise.as_deref(), Some("discovery"));
        assert_eq!(props.panels, vec!["composer".to_owned(), "tree".to_owned()]);
        assert!(
            decode_props(r#"{"exercise": "juggling"}"#, "k".into(), None).expect_err("unknown").contains("juggling")
        );
        assert!(
            decode_props(r#"{"panels": "composer,radar"}"#, "k".into(), None)
                .expect_err("unknown panel")
                .contains("radar")
        );
    }

    fn render(props: CseLabProps) -> String {
        lab_ui::testing::render::<CseLab>(props)
    }

    #[test]
    fn the_lab_renders_its_panels_with_labelled_controls() {
        let html = render(CseLabProps {
            exercise: Some("discovery".into()),
            panels: Vec::new(),
            storage_key: "k".into(),
            shared: None,
        });
        for expected in [
            "Exercises (0 of 8 done)",
            "To (target)",
            "From (originator)",
            "Resource tree (",
            "Building",
            "Clock",
            "Send",
            "Export session",
            "20260105T090000",
        ] {
            assert!(html.to_lowercase().contains(&expected.to_lowercase()), "missing {expected}");
        }
        assert!(html.contains("data-path=\"cse-in/building/room1\""), "the exercise's setup is in the tree");
        assert!(!html.contains('`'), "no Markdown backtick is shown as text");
        let only_composer = render(CseLabProps {
            exercise: None,
            panels: vec!["composer".into()],
            storage_key: "k".into(),
            shared: None,
        });
        assert!(only_composer.contains("To (target)"));
        assert!(!only_composer.contains("Resource tree"), "panels not asked for are hidden");
    }
}
