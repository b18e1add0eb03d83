//! A query (or Turtle) editor: a labelled text area, the known prefixes offered (a click declares one), the
//! prefixes the last run declared for the reader, a Run button (also Ctrl+Enter), and the error at its
//! `line:column`, announced at the field.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::platforms::KNOWN_PREFIXES;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct QueryEditorProps {
    pub id: AttrValue,
    /// The editor's own class (the browser tests and the styles find it by it).
    pub class: AttrValue,
    pub label: AttrValue,
    pub text: AttrValue,
    /// The error of the last run, as `line:column: message`.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The prefixes the last run declared for the reader.
    #[prop_or_default]
    pub declared_for_you: Vec<&'static str>,
    /// Terms the text uses that name nothing in the data (shown as a note, not an error).
    #[prop_or_default]
    pub unused_terms: Vec<String>,
    /// Whether to offer the known prefixes (the SPARQL editors).
    #[prop_or_default]
    pub offer_prefixes: bool,
    /// The Run button's text; no button when empty.
    #[prop_or_default]
    pub run_label: AttrValue,
    pub on_edit: Callback<String>,
    #[prop_or_default]
    pub on_run: Callback<()>,
    #[prop_or_default]
    pub on_declare: Callback<&'static str>,
}

#[function_component(QueryEditor)]
pub fn query_editor(props: &QueryEditorProps) -> Html {
    let on_input =
        props.on_edit.reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let on_keydown = {
        let on_run = props.on_run.clone();
        let runs = !props.run_label.is_empty();
        Callback::from(move |event: KeyboardEvent| {
            if runs && event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                on_run.emit(());
            }
        })
    };
    let error_id = format!("{}-error", props.id);
    let rows = props.text.lines().count().clamp(4, 16);
    html! {
        <div class={classes!("rdf-editor", props.class.clone())}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if props.offer_prefixes {
                <p class="rdf-prefixes">
                    { "Known prefixes, declared for you when used (click to write the declaration): " }
                    { for KNOWN_PREFIXES.iter().map(|(prefix, namespace)| {
                        let on_declare = props.on_declare.clone();
                        let prefix: &'static str = prefix;
                        html! {
                            <button type="button" class="rdf-prefix" title={*namespace}
                                aria-label={format!("Declare the prefix {prefix}: for {namespace}")}
                                onclick={Callback::from(move |_| on_declare.emit(prefix))}>
                                { format!("{prefix}:") }
                            </button>
                        }
                    }) }
                </p>
            }
            <textarea id={props.id.clone()} class="rdf-text" rows={rows.to_string()} spellcheck="false" wrap="off"
                value={props.text.clone()} oninput={on_input} onkeydown={on_keydown}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={props.error.is_some().then(|| error_id.clone())} />
            if !props.run_label.is_empty() {
                <div class="rdf-run-row">
                    <button type="button" class="rdf-run" onclick={props.on_run.reform(|_| ())}>{ props.run_label.clone() }</button>
                    <span class="rdf-shortcut">{ "or Ctrl+Enter in the editor" }</span>
                    if !props.declared_for_you.is_empty() {
                        <span class="rdf-declared">{ format!("Declared for you: {}", props.declared_for_you.join(", ")) }</span>
                    }
                </div>
            }
            if !props.unused_terms.is_empty() {
                <p class="rdf-unused" role="status">
                    { format!("Not in the data (a typo?): {}", props.unused_terms.join(", ")) }
                </p>
            }
            if let Some(error) = &props.error {
                <p id={error_id} class="rdf-error" role="alert">{ error.clone() }</p>
            }
        </div>
    }
}
