//! The resource tree as it changes: every resource under the CSEBase; choosing one makes it the target.

use onem2m_cse::{Resource, ResourceType};
use yew::prelude::*;

use lab_kit::Shared;

use crate::session::LabSession;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ResourceTreeProps {
    pub session: Shared<LabSession>,
    /// The path of the resource chosen as the target.
    pub on_target: Callback<String>,
}

/// What a node shows beside its name: the summary of its type's spec.
pub fn node_details(resource: &Resource) -> String {
    match resource.ty {
        // a tree node needs no more about these
        ResourceType::CseBase
        | ResourceType::AccessControlPolicy
        | ResourceType::Subscription
        | ResourceType::SemanticDescriptor => String::new(),
        _ => resource.summary(),
    }
}

fn render_node(session: &LabSession, on_target: &Callback<String>, ri: &str, depth: usize) -> Html {
    let Some(resource) = session.cse.resource(ri) else { return html! {} };
    let path = session.cse.structured_path(ri).unwrap_or_else(|| ri.to_owned());
    let children = session.cse.children_of(ri);
    let on_click = {
        let path = path.clone();
        on_target.reform(move |_: MouseEvent| path.clone())
    };
    let details = node_details(resource);
    // the name a screen reader hears starts with the words the button shows (WCAG 2.5.3, label in name)
    let shown = if details.is_empty() { String::new() } else { format!(" · {details}") };
    let label = format!("{} {}{shown}, use {path} as the target", resource.rn, resource.ty.short_name());
    html! {
        <li role="treeitem" aria-expanded={if children.is_empty() { None } else { Some("true") }} aria-level={(depth + 1).to_string()}>
            <button type="button" class="node" onclick={on_click} aria-label={label} data-path={path.clone()}>
                <span class="rn">{ resource.rn.clone() }</span>
                <span class="ty">{ format!(" {}", resource.ty.short_name()) }</span>
                if !details.is_empty() {
                    <span class="details">{ format!(" · {details}") }</span>
                }
            </button>
            if !children.is_empty() {
                <ul role="group">
                    { for children.iter().map(|child| render_node(session, on_target, child, depth + 1)) }
                </ul>
            }
        </li>
    }
}

#[function_component(ResourceTree)]
pub fn resource_tree(props: &ResourceTreeProps) -> Html {
    let base = props.session.cse.cse_base_ri().to_owned();
    let count = props.session.cse.resource_count();
    html! {
        <section class="cse-tree" aria-label="Resource tree">
            <h4>{ format!("Resource tree ({count})") }</h4>
            <ul role="tree" aria-label="Resources of the CSE">{ render_node(&props.session, &props.on_target, &base, 0) }</ul>
        </section>
    }
}
