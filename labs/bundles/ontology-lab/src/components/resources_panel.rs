//! "Generate oneM2M resources": the generated requests sent to the CSE running in the page, their
//! answers, and the CSE's resource tree.

use onem2m_cse::ResourceType;
use yew::prelude::*;

use lab_kit::Shared;

use crate::page_cse::{Exchange, PageCse};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ResourcesPanelProps {
    /// The CSE running in the page.
    pub page: Shared<PageCse>,
    /// The requests of the last generation and their answers.
    pub exchanges: Vec<Exchange>,
    pub on_generate: Callback<()>,
    pub on_generate_all: Callback<()>,
    pub on_clear: Callback<()>,
}

fn render_node(page: &PageCse, ri: &str, depth: usize) -> Html {
    let cse = &page.cse;
    let Some(resource) = cse.resource(ri) else { return html! {} };
    let path = cse.structured_path(ri).unwrap_or_else(|| ri.to_owned());
    let children = cse.children_of(ri);
    let details = match resource.ty {
        ResourceType::FlexContainer => resource
            .attribute("cnd")
            .and_then(|cnd| cnd.as_str())
            .map(|cnd| format!("{} · cnd {cnd}", resource.specialization.clone().unwrap_or_default()))
            .unwrap_or_default(),
        ResourceType::SemanticDescriptor => format!(
            "dcrp {} · dsp {} base64 characters",
            resource.attribute_u64("dcrp").unwrap_or_default(),
            resource.attribute("dsp").and_then(|dsp| dsp.as_str()).map(str::len).unwrap_or_default()
        ),
        ResourceType::Ae => format!("AE-ID {}", resource.attribute("aei").and_then(|aei| aei.as_str()).unwrap_or("?")),
        _ => String::new(),
    };
    html! {
        <li role="treeitem" aria-level={(depth + 1).to_string()} aria-expanded={if children.is_empty() { None } else { Some("true") }} data-path={path}>
            <span class="rn">{ resource.rn.clone() }</span>
            <span class="ty">{ format!(" {}", resource.ty.long_name()) }</span>
            if !details.is_empty() {
                <span class="details">{ format!(" · {details}") }</span>
            }
            if !children.is_empty() {
                <ul role="group">{ for children.iter().map(|child| render_node(page, child, depth + 1)) }</ul>
            }
        </li>
    }
}

#[function_component(ResourcesPanel)]
pub fn resources_panel(props: &ResourcesPanelProps) -> Html {
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    let base = props.page.cse.cse_base_ri().to_owned();
    html! {
        <section class="ontology-resources" aria-label="oneM2M resources">
            <h4>{ format!("5. oneM2M resources in the page's CSE ({})", props.page.resource_count()) }</h4>
            <p class="explain">{ "Each device becomes an AE, a flexContainer for the device and one per functionality, and a semanticDescriptor (dcrp 5, Turtle in base64) carrying the description and its Base Ontology instance." }</p>
            <div class="actions">
                <button type="button" class="generate" onclick={click(&props.on_generate)}>{ "Generate oneM2M resources" }</button>
                <button type="button" class="generate-all" onclick={click(&props.on_generate_all)}>{ "Add all five fixture devices" }</button>
                <button type="button" class="clear-cse" onclick={click(&props.on_clear)}>{ "Empty the CSE" }</button>
            </div>
            if !props.exchanges.is_empty() {
                <details class="exchanges">
                    <summary>{ format!("Requests sent ({})", props.exchanges.len()) }</summary>
                    <ol>
                        { for props.exchanges.iter().map(|exchange| html! {
                            <li class={classes!(if exchange.rsc < 3000 { "ok" } else { "wrong" })}>
                                { format!("{} → {} {}", exchange.summary, exchange.rsc, exchange.status) }
                                if let Some(debug) = &exchange.debug {
                                    <span class="debug">{ format!(" ({debug})") }</span>
                                }
                            </li>
                        }) }
                    </ol>
                </details>
            }
            <ul role="tree" class="resource-tree" aria-label="Resources of the page's CSE">{ render_node(&props.page, &base, 0) }</ul>
        </section>
    }
}
