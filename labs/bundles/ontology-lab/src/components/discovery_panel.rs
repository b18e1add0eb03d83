//! Semantic discovery: a SPARQL editor; Run sends a discovery request with `smf` to the page's CSE
//! and shows the matching resources, and the same query as a semantic query over every descriptor.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::model::QueryRun;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct DiscoveryPanelProps {
    pub id: u32,
    /// The SPARQL query, as typed.
    pub query: AttrValue,
    /// The result of the last Run.
    pub run: Option<QueryRun>,
    /// The query as the reader edits it.
    pub on_edit: Callback<String>,
    pub on_run: Callback<()>,
}

#[function_component(DiscoveryPanel)]
pub fn discovery_panel(props: &DiscoveryPanelProps) -> Html {
    let on_input =
        props.on_edit.reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let on_run = props.on_run.reform(|_: MouseEvent| ());
    let editor_id = format!("ontology-query-{}", props.id);
    html! {
        <section class="ontology-discovery" aria-label="Semantic discovery">
            <h4>{ "6. Semantic discovery (SPARQL)" }</h4>
            <label for={editor_id.clone()}>{ "Query (sent as the filterCriteria smf of a discovery from cse-in)" }</label>
            <textarea id={editor_id} class="query" rows="11" spellcheck="false" wrap="off" value={props.query.clone()} oninput={on_input} />
            <div class="actions">
                <button type="button" class="run-query" onclick={on_run}>{ "Run" }</button>
            </div>
            if let Some(run) = &props.run {
                <div class="discovery-result" aria-live="polite">
                    <p class={classes!("rsc", if run.discovery.rsc < 3000 { "ok" } else { "wrong" })}>
                        { format!("GET cse-in?fu=1&smf=… → {} {}", run.discovery.rsc, run.discovery.status) }
                    </p>
                    if let Some(debug) = &run.discovery.debug {
                        <p class="debug">{ debug.clone() }</p>
                    }
                    if run.discovery.rsc < 3000 {
                        <p class="matches-title">{ format!("m2m:uril: {} matching resource{}", run.discovery.matches.len(), if run.discovery.matches.len() == 1 { "" } else { "s" }) }</p>
                        <ul class="matches">{ for run.discovery.matches.iter().map(|m| html! { <li><code>{ m.clone() }</code></li> }) }</ul>
                    }
                    if !run.verdicts.is_empty() {
                        <details class="verdicts">
                            <summary>{ format!("Every described resource ({})", run.verdicts.len()) }</summary>
                            <ul>
                                { for run.verdicts.iter().map(|(resource, matched)| html! {
                                    <li class={classes!(if *matched { "ok" } else { "no-match" })}>
                                        <code>{ resource.clone() }</code>
                                        { if *matched { " matches" } else { " does not match" } }
                                    </li>
                                }) }
                            </ul>
                        </details>
                    }
                    if let Ok(table) = &run.table {
                        <div class="table-scroll" tabindex="0">
                            <table class="query-table">
                                <caption>{ "The same query as a semantic query over all descriptors (rcn=10)" }</caption>
                                if let Some(answer) = table.boolean {
                                    <tbody><tr><td>{ format!("ASK: {answer}") }</td></tr></tbody>
                                } else {
                                    <thead><tr>{ for table.variables.iter().map(|v| html! { <th scope="col">{ format!("?{v}") }</th> }) }</tr></thead>
                                    <tbody>
                                        { for table.shown_rows().iter().map(|row| html! {
                                            <tr>{ for row.iter().map(|cell| html! { <td>{ cell.clone() }</td> }) }</tr>
                                        }) }
                                    </tbody>
                                }
                            </table>
                        </div>
                    }
                </div>
            }
        </section>
    }
}
