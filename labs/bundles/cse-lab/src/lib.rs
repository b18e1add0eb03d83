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

use lab_catalog::options::LabOptions;
use wasm_bindgen::prelude::*;

use components::console::{CseLab, CseLabProps};

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "cse-console";

/// The lab's props from its mount point's options (`exercise` and `panels`, checked against the catalog), where
/// its session is saved, and a session shared through the page's URL.
pub fn props(options: &LabOptions, storage_key: String, shared: Option<String>) -> CseLabProps {
    CseLabProps {
        exercise: options.text("exercise").map(str::to_owned),
        panels: options.words("panels").into_iter().map(str::to_owned).collect(),
        storage_key,
        shared,
    }
}

/// Decodes a mount point's options into the lab's props; a wrong option is explained.
pub fn decode_props(options_json: &str, storage_key: String, shared: Option<String>) -> Result<CseLabProps, String> {
    lab_kit::decode_lab(LAB, options_json, |options| Ok(props(options, storage_key, shared)))
}

static SHARE_TAKEN: AtomicBool = AtomicBool::new(false);

/// Mounts the CSE lab into `element`, replacing its fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    let location = web_sys::window().map(|window| window.location());
    let path = location.as_ref().and_then(|location| location.pathname().ok()).unwrap_or_default();
    let storage_key = format!("{}{path}#{}", lab_catalog::storage_keys::CSE_LAB_SESSION_PREFIX, element.id());
    let shared = location
        .and_then(|location| location.hash().ok())
        .and_then(|hash| hash.strip_prefix("#cse-lab=").map(str::to_owned))
        .filter(|_| !SHARE_TAKEN.swap(true, Ordering::Relaxed));
    lab_kit::mount_lab::<CseLab>(element, lab, options_json, |options| Ok(props(options, storage_key, shared)))
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
        lab_kit::testing::render::<CseLab>(props)
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
