//! The SPARQL part: the building's data, the query editor and the result set.

use lab_kit::Shared;
use yew::prelude::*;

use super::query_editor::QueryEditor;
use super::result_table::ResultTable;
use crate::model::{Editor, LabAction, SparqlRun};
use crate::platforms::BUILDING;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct SparqlPanelProps {
    pub id: u32,
    pub query: AttrValue,
    pub run: Option<Shared<SparqlRun>>,
    #[prop_or_default]
    pub unused_terms: Vec<String>,
    pub on_action: Callback<LabAction>,
}

#[function_component(SparqlPanel)]
pub fn sparql_panel(props: &SparqlPanelProps) -> Html {
    let on = props.on_action.clone();
    let (error, declared, table) = match props.run.as_deref() {
        Some(Err(error)) => (Some(AttrValue::from(error.shown())), Vec::new(), None),
        Some(Ok((table, declared))) => (None, declared.clone(), Some(table.clone())),
        None => (None, Vec::new(), None),
    };
    html! {
        <section class="rdf-sparql" aria-label="SPARQL over the building's devices">
            <h4>{ "SPARQL over the building's devices" }</h4>
            <p>{ "Two floors, four rooms, ten devices, queried with what RDFS entails from them (so a bldg:TemperatureSensor is also a saref:Device). An exercise is graded on the rows your query returns, whatever you call the variables." }</p>
            <details class="rdf-building">
                <summary>{ "The building's data (Turtle)" }</summary>
                <pre><code>{ BUILDING }</code></pre>
            </details>
            <QueryEditor id={format!("rdf-sparql-{}", props.id)} class="sparql-editor" label="Your query (SPARQL)"
                text={props.query.clone()} error={error} offer_prefixes=true declared_for_you={declared} unused_terms={props.unused_terms.clone()}
                run_label="Run the query"
                on_edit={on.reform(|text| LabAction::Edit(Editor::Sparql, text))}
                on_run={on.reform(|()| LabAction::RunSparql)}
                on_declare={on.reform(|prefix| LabAction::DeclarePrefix(Editor::Sparql, prefix))} />
            if let Some(table) = table {
                <ResultTable caption="Result" table={table} />
            }
        </section>
    }
}
