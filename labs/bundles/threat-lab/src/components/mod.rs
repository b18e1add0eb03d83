//! The threat-modelling lab's views, one component per file. They read the lab state and dispatch actions.

pub mod attack_tree_panel;
pub mod diagram_editor;
pub mod diagram_view;
pub mod file_bar;
pub mod register_panel;
pub mod risk_panel;
pub mod threat_card;
pub mod threat_lab;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The value of the `<input>` that fired `event`.
pub(crate) fn input_value(event: &Event) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

/// The value of the `<select>` that fired `event`.
pub(crate) fn select_value(event: &Event) -> String {
    event.target_unchecked_into::<HtmlSelectElement>().value()
}

/// The value of the `<textarea>` that fired `event`.
pub(crate) fn textarea_value(event: &Event) -> String {
    event.target_unchecked_into::<HtmlTextAreaElement>().value()
}

/// The current value of a form control held by `node` (empty when it is not on the page).
pub(crate) fn value_of(node: &NodeRef) -> String {
    if let Some(input) = node.cast::<HtmlInputElement>() {
        input.value()
    } else if let Some(select) = node.cast::<HtmlSelectElement>() {
        select.value()
    } else {
        node.cast::<HtmlTextAreaElement>().map(|area| area.value()).unwrap_or_default()
    }
}

/// Empties a text field after its form was used.
pub(crate) fn clear(node: &NodeRef) {
    if let Some(input) = node.cast::<HtmlInputElement>() {
        input.set_value("");
    }
}

/// The error under a form field, announced when it appears; `id` is what the field's `aria-describedby` names.
pub(crate) fn field_error(id: &str, message: Option<&str>) -> Html {
    match message {
        Some(message) => html! { <p id={id.to_owned()} class="field-error" role="alert">{ message.to_owned() }</p> },
        None => html! {},
    }
}

#[cfg(test)]
mod tests;
