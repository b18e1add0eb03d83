//! The ontology lab's views, one component per file. They read the lab state and dispatch actions.

pub mod description_editor;
pub mod discovery_panel;
pub mod exercise_panel;
pub mod graph_view;
pub mod instance_view;
pub mod mapping_table;
pub mod ontology_lab;
pub mod resources_panel;

use onem2m_ontology::{Diagnostic, Severity};
use yew::prelude::*;

/// Text with `code` spans (explanations, hints) as HTML, without trusting it as markup.
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

/// A list of diagnostics: severity, `line:column` when known, message.
pub fn diagnostic_list(diagnostics: &[Diagnostic], empty: &str) -> Html {
    if diagnostics.is_empty() {
        return html! { <p class="diagnostics-empty">{ empty.to_owned() }</p> };
    }
    html! {
        <ul class="diagnostics">
            { for diagnostics.iter().map(|diagnostic| {
                let (class, word) = match diagnostic.severity {
                    Severity::Error => ("diagnostic-error", "Error"),
                    Severity::Warning => ("diagnostic-warning", "Warning"),
                    Severity::Info => ("diagnostic-info", "Note"),
                };
                let place = diagnostic.location.map(|l| format!(" {}:{}", l.line, l.column)).unwrap_or_default();
                html! {
                    <li class={classes!("diagnostic", class)}>
                        <strong>{ format!("{word}{place}") }</strong>{ " " }{ with_code_spans(&diagnostic.message) }
                    </li>
                }
            }) }
        </ul>
    }
}
