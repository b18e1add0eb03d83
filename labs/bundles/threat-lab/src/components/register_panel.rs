//! The threats: generate the checklist's candidates per element, filter by element or flow, review each threat in
//! its card, and add your own, written as "who could do what to which asset" with the vulnerability behind it.

use yew::prelude::*;

use super::threat_card::ThreatCard;
use super::{clear, field_error, select_value, value_of};
use crate::model::{LabAction, LabState};
use crate::register::Status;
use crate::workspace::ThreatDraft;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct RegisterPanelProps {
    pub lab: UseReducerHandle<LabState>,
    pub id: u32,
}

#[function_component(RegisterPanel)]
pub fn register_panel(props: &RegisterPanelProps) -> Html {
    let lab = props.lab.clone();
    let id = props.id;
    let work = lab.workspace();
    let method = work.method();
    let field = |name: &str| format!("threat-{name}-{id}");
    let refs = use_memo((), |_| [(); 6].map(|_| NodeRef::default()));
    let [target, category, who, what, asset, vulnerability] = (*refs).clone();
    let on_generate = {
        let lab = lab.clone();
        Callback::from(move |_: MouseEvent| lab.dispatch(LabAction::Generate))
    };
    let on_filter = {
        let lab = lab.clone();
        Callback::from(move |event: Event| lab.dispatch(LabAction::Filter(select_value(&event))))
    };
    let on_add = {
        let lab = lab.clone();
        let refs = (*refs).clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let [target, category, who, what, asset, vulnerability] = &refs;
            lab.dispatch(LabAction::AddThreat(ThreatDraft {
                target: value_of(target),
                category: value_of(category),
                who: value_of(who),
                what: value_of(what),
                asset: value_of(asset),
                vulnerability: value_of(vulnerability),
            }));
            if lab.error_at("new-threat").is_none() {
                [who, what, asset, vulnerability].into_iter().for_each(clear);
            }
        })
    };
    let count = |wanted: fn(&Status) -> bool| work.threats.iter().filter(|threat| wanted(&threat.status)).count();
    let candidates = count(|status| *status == Status::Candidate);
    let accepted = count(|status| *status == Status::Accepted);
    let rejected = count(|status| matches!(status, Status::Rejected { .. }));
    let shown: Vec<_> = work
        .threats
        .iter()
        .filter(|threat| lab.filter.as_deref().is_none_or(|filter| threat.target == filter))
        .cloned()
        .collect();
    let invalid = lab.error_at("new-threat").map(|_| "true");
    let described = lab.error_at("new-threat").map(|_| field("new-threat-error"));
    html! {
        <section class="threat-register" aria-label="Threats">
            <h4>{ format!("2. Threats ({} per element)", method.label()) }</h4>
            <div class="actions">
                <button type="button" class="generate" onclick={on_generate}>{ format!("Generate {} candidates", method.label()) }</button>
                <span class="counts" aria-live="polite">
                    { format!("{candidates} to review, {accepted} accepted, {rejected} rejected") }
                </span>
            </div>
            <div class="row">
                <label for={field("filter")}>{ "Show threats on" }</label>
                <select id={field("filter")} class="filter" onchange={on_filter}>
                    <option value="" selected={lab.filter.is_none()}>{ "Every element and flow" }</option>
                    { for work.diagram.targets().into_iter().map(|(target, name)| html! {
                        <option value={target.to_owned()} selected={lab.filter.as_deref() == Some(target)}>{ name.to_owned() }</option>
                    }) }
                </select>
            </div>
            if shown.is_empty() {
                <p class="empty">{ "No threats here yet: generate the candidates, or add your own below." }</p>
            }
            <ol class="threat-list">
                { for shown.into_iter().map(|threat| {
                    let key = threat.id.clone();
                    html! { <ThreatCard key={key} lab={lab.clone()} threat={threat} id={id} /> }
                }) }
            </ol>
            <details class="add-threat">
                <summary>{ "Add your own threat" }</summary>
                <form onsubmit={on_add}>
                    <label for={field("new-target")}>{ "On" }</label>
                    <select id={field("new-target")} ref={target}>
                        { for work.diagram.targets().into_iter().map(|(target, name)| html! { <option value={target.to_owned()}>{ name.to_owned() }</option> }) }
                    </select>
                    <label for={field("new-category")}>{ "Category" }</label>
                    <select id={field("new-category")} ref={category}>
                        { for method.categories().iter().map(|category| html! { <option value={category.code()}>{ category.label() }</option> }) }
                    </select>
                    <label for={field("new-who")}>{ "Who" }</label>
                    <input id={field("new-who")} ref={who} type="text" placeholder="e.g. A visitor on the guest Wi-Fi" aria-invalid={invalid} aria-describedby={described.clone()} />
                    <label for={field("new-what")}>{ "could do what" }</label>
                    <input id={field("new-what")} ref={what} type="text" placeholder="e.g. log in to the admin page" aria-invalid={invalid} aria-describedby={described.clone()} />
                    <label for={field("new-asset")}>{ "to which asset" }</label>
                    <input id={field("new-asset")} ref={asset} type="text" placeholder="e.g. the gateway's configuration" aria-invalid={invalid} aria-describedby={described.clone()} />
                    <label for={field("new-vulnerability")}>{ "Vulnerability" }</label>
                    <input id={field("new-vulnerability")} ref={vulnerability} type="text" placeholder="e.g. the same default password on every gateway" />
                    <button type="submit">{ "Add threat" }</button>
                </form>
                { field_error(&field("new-threat-error"), lab.error_at("new-threat")) }
            </details>
        </section>
    }
}
