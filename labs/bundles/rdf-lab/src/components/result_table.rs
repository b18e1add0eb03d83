//! A SPARQL result set as a table (unbound cells shown as such).

use onem2m_ontology::QueryResultTable;
use yew::prelude::*;

use crate::query::shown_rows;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ResultTableProps {
    pub caption: AttrValue,
    pub table: QueryResultTable,
}

#[function_component(ResultTable)]
pub fn result_table(props: &ResultTableProps) -> Html {
    if let Some(answer) = props.table.boolean {
        return html! { <p class="rdf-results">{ format!("{}: {answer}", props.caption) }</p> };
    }
    let rows = shown_rows(&props.table);
    html! {
        <div class="rdf-results-scroll">
            <table class="rdf-results">
                <caption>{ format!("{} ({} row{})", props.caption, rows.len(), if rows.len() == 1 { "" } else { "s" }) }</caption>
                <thead><tr>{ for props.table.variables.iter().map(|v| html! { <th scope="col">{ format!("?{v}") }</th> }) }</tr></thead>
                <tbody>
                    { for rows.iter().map(|row| html! {
                        <tr>{ for row.iter().map(|cell| if cell.is_empty() {
                            html! { <td class="unbound">{ "(unbound)" }</td> }
                        } else {
                            html! { <td><code>{ cell.clone() }</code></td> }
                        }) }</tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
