//! The device description editor (Turtle), a choice of fixture devices, and the diagnostics beside
//! it: syntax errors with line and column, unknown SAREF terms, classes and properties left unmapped.

use onem2m_ontology::DiagnosticKind;
use onem2m_ontology::fixtures::FIXTURES;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::diagnostic_list;
use lab_kit::Shared;

use crate::model::Analysis;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct DescriptionEditorProps {
    pub id: u32,
    /// The description's text, as typed.
    pub text: AttrValue,
    /// The fixture the text came from (empty once edited).
    pub fixture: AttrValue,
    pub analysis: Shared<Analysis>,
    /// The id of the fixture chosen.
    pub on_fixture: Callback<String>,
    /// The text as the reader edits it.
    pub on_edit: Callback<String>,
}

#[function_component(DescriptionEditor)]
pub fn description_editor(props: &DescriptionEditorProps) -> Html {
    let on_fixture = props.on_fixture.reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
    let on_input =
        props.on_edit.reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let analysis = &props.analysis;
    let mut diagnostics = analysis.description.diagnostics.clone();
    diagnostics.extend(
        analysis
            .mapping
            .diagnostics
            .iter()
            .filter(|d| matches!(d.kind, DiagnosticKind::UnmappedClass | DiagnosticKind::UnmappedProperty))
            .cloned(),
    );
    let fixture_id = format!("ontology-fixture-{}", props.id);
    let editor_id = format!("ontology-description-{}", props.id);
    let lines = props.text.lines().count().clamp(8, 24);
    html! {
        <section class="ontology-description" aria-label="Device description">
            <h4>{ "1. The device description (Turtle, SAREF)" }</h4>
            <div class="row">
                <label for={fixture_id.clone()}>{ "Start from" }</label>
                <select id={fixture_id} class="fixture" onchange={on_fixture}>
                    <option value="" selected={props.fixture.is_empty()} disabled=true>{ "(your own text)" }</option>
                    { for FIXTURES.iter().map(|f| html! { <option value={f.id} selected={f.id == props.fixture.as_str()}>{ f.title }</option> }) }
                </select>
            </div>
            <div class="editor-with-diagnostics">
                <div class="editor">
                    <label for={editor_id.clone()}>{ "Description" }</label>
                    <textarea id={editor_id} class="description" rows={lines.to_string()} spellcheck="false" wrap="off"
                        value={props.text.clone()} oninput={on_input} />
                </div>
                <div class="diagnostics-panel" aria-live="polite" tabindex="0">
                    <h5>{ format!("Diagnostics ({})", diagnostics.len()) }</h5>
                    { diagnostic_list(&diagnostics, "No problems: the description parses and every class and property is mapped.") }
                </div>
            </div>
        </section>
    }
}
