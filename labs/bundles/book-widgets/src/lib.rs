//! The book's lab widgets, written with Yew and mounted into chapter pages (and slides) from WebAssembly.
//!
//! The theme's loader (`theme/head.hbs`) imports this bundle only on pages that have a lab mount point
//! and calls [`mount`] for each. Widgets hold no protocol logic: they render engine state (the CSE engine,
//! the quiz model of `lab-catalog`) and dispatch actions to one reducer per widget. Storage lives in effects.
//! The widgets: the acop calculator, the self-check quiz, "Your progress" (export, import, forget, hand in to a
//! workshop server), and the lecturers' class view (students' exported progress files counted in the page).

pub mod components;

use std::rc::Rc;

use lab_catalog::QUIZ_WIDGET;
use lab_catalog::quiz::Quiz;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use components::acop_calculator::{AcopCalculator, AcopCalculatorProps};
use components::class_view::{ClassViewProps, ClassViewWidget};
use components::progress_manager::{ProgressManager, ProgressManagerProps};
use components::quiz::{QuizProps, QuizWidget};

/// What a mount point asks for, decoded from its `data-lab` and `data-options`.
#[derive(Debug, Clone, PartialEq)]
pub enum Widget {
    AcopCalculator(AcopCalculatorProps),
    Quiz(QuizProps),
    ProgressManager(ProgressManagerProps),
    ClassView(ClassViewProps),
}

/// Decodes a mount point's lab name and options (the build validated them; this guards against stale pages).
pub fn decode_widget(lab: &str, options_json: &str) -> Result<Widget, String> {
    let options: Value =
        serde_json::from_str(options_json).map_err(|error| format!("the lab's options are not valid JSON: {error}"))?;
    match lab {
        "acop-calculator" => {
            let initial = options.get("value").and_then(Value::as_u64).unwrap_or(0);
            let initial = u32::try_from(initial).ok().filter(|value| *value <= 63).unwrap_or(0);
            Ok(Widget::AcopCalculator(AcopCalculatorProps { initial }))
        }
        "progress" => {
            // the build names each quiz's chapter; a page without that (or with a malformed map) shows quiz ids
            let quiz_titles = options
                .get("quizzes")
                .cloned()
                .and_then(|titles| serde_json::from_value(titles).ok())
                .unwrap_or_default();
            Ok(Widget::ProgressManager(ProgressManagerProps { quiz_titles: Rc::new(quiz_titles) }))
        }
        "class-view" => Ok(Widget::ClassView(ClassViewProps {})),
        QUIZ_WIDGET => {
            let quiz: Quiz =
                serde_json::from_value(options).map_err(|error| format!("the quiz is malformed: {error}"))?;
            Ok(Widget::Quiz(QuizProps { quiz: Rc::new(quiz) }))
        }
        other => Err(format!("this page asks for a lab named “{other}”, which this version of the labs does not have")),
    }
}

/// Mounts the widget `lab` with its options into `element`, replacing the element's fallback text.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, lab: &str, options_json: &str) -> Result<(), JsValue> {
    match decode_widget(lab, options_json).map_err(|message| JsValue::from_str(&message))? {
        Widget::AcopCalculator(props) => lab_kit::render_lab::<AcopCalculator>(element, props),
        Widget::Quiz(props) => lab_kit::render_lab::<QuizWidget>(element, props),
        Widget::ProgressManager(props) => lab_kit::render_lab::<ProgressManager>(element, props),
        Widget::ClassView(props) => lab_kit::render_lab::<ClassViewWidget>(element, props),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calculator_starts_from_its_option() {
        assert_eq!(
            decode_widget("acop-calculator", r#"{"value": 5}"#),
            Ok(Widget::AcopCalculator(AcopCalculatorProps { initial: 5 }))
        );
        assert_eq!(
            decode_widget("acop-calculator", "{}"),
            Ok(Widget::AcopCalculator(AcopCalculatorProps { initial: 0 }))
        );
        assert_eq!(
            decode_widget("acop-calculator", r#"{"value": 99}"#),
            Ok(Widget::AcopCalculator(AcopCalculatorProps { initial: 0 }))
        );
    }

    #[test]
    fn the_progress_lab_mounts_the_progress_manager() {
        assert_eq!(decode_widget("progress", "{}"), Ok(Widget::ProgressManager(ProgressManagerProps::default())));
        let titled = decode_widget("progress", r#"{"quizzes": {"access-control": "Access control"}}"#);
        let Ok(Widget::ProgressManager(props)) = titled else { panic!("a progress widget: {titled:?}") };
        assert_eq!(props.quiz_titles.get("access-control").map(String::as_str), Some("Access control"));
        assert_eq!(
            decode_widget("progress", r#"{"quizzes": 7}"#),
            Ok(Widget::ProgressManager(ProgressManagerProps::default())),
            "a malformed map falls back to ids"
        );
    }

    #[test]
    fn the_class_view_mounts_without_options() {
        assert_eq!(decode_widget("class-view", "{}"), Ok(Widget::ClassView(ClassViewProps {})));
    }

    #[test]
    fn bad_mounts_are_explained_not_panicked() {
        assert!(decode_widget("acop-calculator", "{not json").expect_err("bad json").contains("not valid JSON"));
        assert!(decode_widget("teleporter", "{}").expect_err("unknown").contains("“teleporter”"));
        assert!(decode_widget("quiz", r#"{"id": "x"}"#).expect_err("no questions").contains("malformed"));
    }
}
