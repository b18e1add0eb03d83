//! The privacy lab's views, one component per file. They read the lab state and dispatch actions.

pub mod exercise_panel;
pub mod observer_panel;
pub mod occupancy_timeline;
pub mod platform_resources;
pub mod policy_panel;
pub mod privacy_lab;

use yew::prelude::*;

/// Text with `code` spans (goals, hints, feedback) as HTML, without trusting it as markup.
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
