//! The alignment part: the three platforms' publications, the reader's alignment and query, which readings
//! the query finds without and with the alignment, what RDFS entails about the readings (pattern and
//! premises), and the predictions judged by the reasoner.

use std::collections::BTreeMap;

use lab_kit::Shared;
use yew::prelude::*;

use super::query_editor::QueryEditor;
use super::result_table::ResultTable;
use crate::alignment::{AlignmentAnalysis, CANDIDATES, display_prefixes, reference_entailment};
use crate::model::{Editor, LabAction};
use crate::platforms::{PLATFORMS, REFERENCE_ALIGNMENT};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AlignmentPanelProps {
    pub id: u32,
    pub alignment: AttrValue,
    pub query: AttrValue,
    pub analysis: Shared<AlignmentAnalysis>,
    pub predictions: BTreeMap<String, bool>,
    pub committed: bool,
    pub on_action: Callback<LabAction>,
}

fn yes_no(found: bool) -> Html {
    if found {
        html! { <td class="found">{ "found" }</td> }
    } else {
        html! { <td class="not-found">{ "not found" }</td> }
    }
}

#[function_component(AlignmentPanel)]
pub fn alignment_panel(props: &AlignmentPanelProps) -> Html {
    let on = props.on_action.clone();
    let analysis = &props.analysis;
    let prefixes = display_prefixes();
    let alignment_error = analysis.diagnostics.first().map(|d| match d.location {
        Some(at) => AttrValue::from(format!("{}:{}: {}", at.line, at.column, d.message)),
        None => AttrValue::from(d.message.clone()),
    });
    let query_error = analysis.with.as_ref().err().map(|e| AttrValue::from(e.shown()));
    let entailed = analysis.entailed_about_readings();
    let counts = analysis.entailment.count_by_rule();
    html! {
        <section class="rdf-alignment" aria-label="Three platforms, one reading">
            <h4>{ "Three platforms, one reading" }</h4>
            <p>{ "Room 101's temperature at 09:00, 21.5 °C, as three platforms publish it. The IRIs differ, and so do the vocabularies; nothing says they are the same kind of thing." }</p>
            <div class="rdf-platforms">
                { for PLATFORMS.iter().map(|p| html! {
                    <figure class="rdf-platform">
                        <figcaption><strong>{ p.name }</strong>{ format!(": {}", p.vocabulary) }</figcaption>
                        <pre tabindex="0"><code>{ p.turtle }</code></pre>
                    </figure>
                }) }
            </div>
            <QueryEditor id={format!("rdf-alignment-{}", props.id)} class="alignment-editor" label="Your alignment (Turtle: rdfs:subClassOf, rdfs:subPropertyOf, rdfs:domain, rdfs:range)"
                text={props.alignment.clone()} error={alignment_error} unused_terms={analysis.alignment_terms_unused.clone()}
                on_edit={on.reform(|text| LabAction::Edit(Editor::Alignment, text))} />
            <QueryEditor id={format!("rdf-alignment-query-{}", props.id)} class="alignment-query-editor" label="Your query (SPARQL)"
                text={props.query.clone()} error={query_error} offer_prefixes=true
                declared_for_you={analysis.declared_for_you.clone()} unused_terms={analysis.query_terms_unused.clone()}
                run_label="Reason and run the query"
                on_edit={on.reform(|text| LabAction::Edit(Editor::AlignmentQuery, text))}
                on_run={on.reform(|()| LabAction::RunAlignment)}
                on_declare={on.reform(|prefix| LabAction::DeclarePrefix(Editor::AlignmentQuery, prefix))} />
            <div class="rdf-results-scroll">
            <table class="rdf-found">
                <caption>{ "Which readings the query finds (over the data and what RDFS entails from it)" }</caption>
                <thead><tr><th scope="col">{ "Platform" }</th><th scope="col">{ "Without your alignment" }</th><th scope="col">{ "With your alignment" }</th></tr></thead>
                <tbody>
                    { for analysis.found().iter().map(|f| html! {
                        <tr><th scope="row">{ f.platform.name }</th>{ yes_no(f.without_alignment) }{ yes_no(f.with_alignment) }</tr>
                    }) }
                </tbody>
            </table>
            </div>
            if let Ok(table) = &analysis.with {
                <ResultTable caption="The query's result with your alignment" table={table.clone()} />
            }
            <details class="rdf-entailed" open=true>
                <summary>{ format!("What RDFS entails about the readings ({} statements; {} in the whole graph)", entailed.len(), analysis.entailment.entailed.len()) }</summary>
                if entailed.is_empty() {
                    <p>{ "Nothing: without an alignment the three vocabularies stay apart, and a query in one finds only its own platform's reading." }</p>
                } else {
                    <ul>
                        { for entailed.iter().map(|d| html! { <li><code>{ d.explain(&prefixes) }</code></li> }) }
                    </ul>
                }
                <p class="rdf-rule-counts">
                    { "By pattern (RDF 1.1 Semantics 9.2.1): " }
                    { counts.iter().map(|(rule, count)| format!("{} ×{count}", rule.name())).collect::<Vec<_>>().join(", ") }
                </p>
            </details>
            <Predictions id={props.id} predictions={props.predictions.clone()} committed={props.committed} on_action={props.on_action.clone()} />
        </section>
    }
}

#[derive(Debug, Clone, PartialEq, Properties)]
struct PredictionsProps {
    id: u32,
    predictions: BTreeMap<String, bool>,
    committed: bool,
    on_action: Callback<LabAction>,
}

#[function_component(Predictions)]
fn predictions(props: &PredictionsProps) -> Html {
    let on = props.on_action.clone();
    let entailment = use_memo((), |_| reference_entailment());
    let prefixes = display_prefixes();
    html! {
        <fieldset class="rdf-predictions">
            <legend>{ "Predict, then ask the reasoner (the lab's reference alignment)" }</legend>
            <pre tabindex="0"><code>{ REFERENCE_ALIGNMENT }</code></pre>
            { for CANDIDATES.iter().map(|candidate| {
                let name = format!("rdf-predict-{}-{}", candidate.id, props.id);
                let chosen = props.predictions.get(candidate.id).copied();
                let triple = candidate.triple();
                let answer = props.committed.then(|| match entailment.derivation_of(&triple) {
                    Some(_) => entailment.proof(&triple).iter().map(|d| d.explain(&prefixes)).collect::<Vec<_>>().join("; then "),
                    None if entailment.is_asserted(&triple) => "asserted in the data".to_owned(),
                    None => "not entailed: no RDFS pattern derives it from the data and the alignment".to_owned(),
                });
                let id = candidate.id;
                html! {
                    <div class={classes!("rdf-candidate", format!("candidate-{id}"))} role="radiogroup" aria-label={candidate.shown}>
                        <code>{ candidate.shown }</code>
                        <label><input type="radio" name={name.clone()} value="entailed" checked={chosen == Some(true)}
                            onchange={on.reform(move |_| LabAction::Predict(id, true))} />{ " entailed" }</label>
                        <label><input type="radio" name={name} value="not-entailed" checked={chosen == Some(false)}
                            onchange={on.reform(move |_| LabAction::Predict(id, false))} />{ " not entailed" }</label>
                        if let Some(answer) = answer {
                            <p class="rdf-reasoner">{ format!("Reasoner: {answer}") }</p>
                        }
                    </div>
                }
            }) }
            <button type="button" class="rdf-commit" disabled={props.predictions.len() < CANDIDATES.len()}
                onclick={on.reform(|_| LabAction::CommitPredictions)}>{ "Commit my predictions" }</button>
        </fieldset>
    }
}
