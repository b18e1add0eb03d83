//! The lab's views: one component per file. They render [`crate::model::LabState`] and only
//! dispatch [`crate::model::LabAction`]s through their `on_dispatch` callback; the root component
//! owns the reducer and the storage effects.

pub mod access_models_panel;
pub mod acl_lab;
pub mod attachment_table;
pub mod challenge_panel;
pub mod decision_matrix;
pub mod grade_report;
pub mod policy_editor;
pub mod rule_editor;

use yew::prelude::*;

/// Text with `code` spans (tasks, hints, explanations) as HTML, without trusting it as markup: the
/// backticks become `<code>` elements, never text.
pub(crate) fn with_code_spans(text: &str) -> Html {
    let parts = text.split('`').enumerate().map(|(index, part)| {
        if index % 2 == 1 { html! { <code>{ part }</code> } } else { html! { { part } } }
    });
    html! { <>{ for parts }</> }
}

/// A number unique among the widgets of a page, for element ids.
pub(crate) fn next_widget_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
