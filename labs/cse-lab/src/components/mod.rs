//! The CSE lab's views, one component per file. They read the console state and dispatch actions.

pub mod clock;
pub mod composer;
pub mod console;
pub mod exercise_panel;
pub mod inboxes;
pub mod resource_tree;
pub mod response_panel;
pub mod sequence_diagram;
pub mod session_tools;

use yew::prelude::*;

/// Text with `code` spans (the exercises' goals and hints) as HTML, without trusting it as markup.
pub fn with_code_spans(text: &str) -> Html {
    let parts = text.split('`').enumerate().map(|(index, part)| {
        if index % 2 == 1 { html! { <code>{ part }</code> } } else { html! { { part } } }
    });
    html! { <>{ for parts }</> }
}

/// A number unique among the widgets of a page, for element ids.
pub fn next_widget_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
