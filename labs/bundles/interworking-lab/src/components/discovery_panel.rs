//! Semantic discovery: a SPARQL query sent as the `smf` of a discovery from the CSEBase, and what it found.

use lab_kit::Shared;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::exercises::Work;
use crate::ipe::DiscoveryAnswer;
use crate::model::LabAction;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct DiscoveryPanelProps {
    pub id: u32,
    pub work: Shared<Work>,
    pub answer: Option<DiscoveryAnswer>,
    pub on_action: Callback<LabAction>,
}

#[function_component(DiscoveryPanel)]
pub fn discovery_panel(props: &DiscoveryPanelProps) -> Html {
    let query_id = format!("interworking-query-{}", props.id);
    let error_id = format!("{query_id}-error");
    let on_input = props
        .on_action
        .reform(|e: InputEvent| LabAction::EditQuery(e.target_unchecked_into::<HtmlTextAreaElement>().value()));
    let refused = props.answer.as_ref().filter(|a| a.rsc != 2000);
    let result = props.answer.as_ref().filter(|a| a.rsc == 2000).map(|answer| {
        let items = answer.matches.iter().map(|m| html! { <li><code>{ props.work.lab.structured(m) }</code></li> });
        html! {
            <div class="discovery-result" aria-live="polite">
                <p>{ format!("{} resources found (m2m:uril):", answer.matches.len()) }</p>
                <ul>{ for items }</ul>
            </div>
        }
    });
    let descriptors = props.work.lab.registered.iter().map(|r| {
        html! { <li><code>{ format!("{}/semantics", r.path) }</code></li> }
    });
    html! {
        <section class="interworking-discovery" aria-label="Semantic discovery">
            <h4>{ "4. Semantic discovery (smf)" }</h4>
            <p class="explanation">{ "The IPE wrote a semanticDescriptor (Turtle: Base Ontology and SAREF) for each device it represents; the native thermometer wrote its own. The query runs against every descriptor." }</p>
            <ul class="descriptors">{ for descriptors }<li><code>{ format!("{}/semantics", props.work.lab.native_path) }</code>{ " (native)" }</li></ul>
            <label for={query_id.clone()}>{ "SPARQL query" }</label>
            <textarea id={query_id} class="query" rows="5" spellcheck="false" value={props.work.query.clone()} oninput={on_input}
                aria-invalid={refused.is_some().to_string()} aria-describedby={error_id.clone()} />
            <p id={error_id} class="field-error" role="alert">
                { refused.map(|a| format!("{} {}: {}", a.rsc, a.status, a.debug.clone().unwrap_or_default())).unwrap_or_default() }
            </p>
            <button type="button" class="run-query" onclick={props.on_action.reform(|_| LabAction::RunQuery)}>{ "Discover" }</button>
            { for result }
        </section>
    }
}
