//! The Base Ontology instance the mapping produces, each triple with the reason it was produced,
//! and what stayed unmapped.

use yew::prelude::*;

use super::with_code_spans;
use lab_kit::Shared;

use crate::model::Analysis;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct InstanceViewProps {
    pub analysis: Shared<Analysis>,
}

/// One sentence per reason, without the produced triple (shown in its own column).
fn reasons(explanation: &onem2m_ontology::Explanation) -> Vec<String> {
    explanation
        .reasons
        .iter()
        .map(|reason| match &reason.rule {
            Some(rule) => {
                format!("from `{}` by the rule `{}` (via {})", reason.from, rule.to_turtle(), reason.via.join(" → "))
            }
            None => format!("copied from `{}`: already a Base Ontology term", reason.from),
        })
        .collect()
}

#[function_component(InstanceView)]
pub fn instance_view(props: &InstanceViewProps) -> Html {
    let mapping = &props.analysis.mapping;
    html! {
        <section class="ontology-instance" aria-label="The Base Ontology instance">
            <h4>{ format!("4. The Base Ontology instance ({} triples)", mapping.explanations.len()) }</h4>
            if mapping.explanations.is_empty() {
                <p class="empty">{ "The mapping produces nothing: no term of the description reaches the Base Ontology." }</p>
            } else {
                <div class="table-scroll" tabindex="0">
                    <table class="instance">
                        <caption>{ "Produced triples and why" }</caption>
                        <thead><tr><th scope="col">{ "Triple" }</th><th scope="col">{ "Why" }</th></tr></thead>
                        <tbody>
                            { for mapping.explanations.iter().map(|explanation| html! {
                                <tr>
                                    <td><code>{ explanation.produced.to_string() }</code></td>
                                    <td>{ for reasons(explanation).iter().map(|reason| html! { <p class="reason">{ with_code_spans(reason) }</p> }) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            if !mapping.unmapped.is_empty() {
                <p class="unmapped">
                    <strong>{ "Not mapped: " }</strong>
                    { mapping.unmapped.iter().map(|u| format!("{} ({} use{})", u.shown, u.uses, if u.uses == 1 { "" } else { "s" })).collect::<Vec<_>>().join(", ") }
                </p>
            }
        </section>
    }
}
