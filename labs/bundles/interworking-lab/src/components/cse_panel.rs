//! The CSE in the page as the dashboard (a oneM2M application that knows nothing of LwM2M or Matter) sees it: the
//! resources the IPE made and their attributes, Retrieve / Update / Subscribe, the last response, the log of what
//! the device, the IPE, the CSE and the application did, and the notifications the dashboard received.

use lab_kit::Shared;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::exercises::Work;
use crate::ipe::Side;
use crate::model::{LabAction, OUTCOMES};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct CsePanelProps {
    pub id: u32,
    pub work: Shared<Work>,
    pub response: Option<String>,
    /// The reader's prediction for the next Update.
    pub prediction: Option<String>,
    /// Why the attribute field was refused.
    pub error: Option<String>,
    pub on_action: Callback<LabAction>,
}

/// Every resource the dashboard may address: the IPE's units and the native thermometer's.
pub fn addressable(work: &Work) -> Vec<String> {
    let mut paths: Vec<String> =
        work.lab.registered.iter().flat_map(|r| r.units.iter().map(|u| u.path.clone())).collect();
    paths.push(format!("{}/temperature", work.lab.native_path));
    paths
}

#[function_component(CsePanel)]
pub fn cse_panel(props: &CsePanelProps) -> Html {
    let work = &props.work;
    let paths = addressable(work);
    let chosen = use_state(|| paths.first().cloned().unwrap_or_default());
    let attribute = use_state(|| "powerState".to_owned());
    let value = use_state(|| "true".to_owned());
    let target = if paths.contains(&*chosen) { (*chosen).clone() } else { paths.first().cloned().unwrap_or_default() };
    let tree = paths.iter().map(|path| {
        let resource = work.lab.cse.resolve_address(path).and_then(|ri| work.lab.cse.resource(&ri).cloned());
        let Some(resource) = resource else {
            return html! { <li>{ format!("{path} (missing)") }</li> };
        };
        let summary = (resource.ty.spec().summary)(&resource);
        let names: Vec<String> = work
            .lab
            .registered
            .iter()
            .flat_map(|r| r.units.iter())
            .find(|u| &u.path == path)
            .map(|u| u.mapping.points.iter().map(|p| p.attribute.clone()).collect())
            .unwrap_or_else(|| vec!["currentTemperature".into(), "unit".into()]);
        let attributes: Vec<String> = names
            .iter()
            .filter_map(|n| resource.attribute(n).map(|v| format!("{n} = {v}")))
            .collect();
        html! {
            <li><code>{ path.clone() }</code>{ format!(" ({}, {summary}) ", resource.ty.long_name()) }<span class="attributes">{ attributes.join(", ") }</span></li>
        }
    });
    let predict_id = format!("interworking-predict-{}", props.id);
    let on_predict =
        props.on_action.reform(|e: Event| LabAction::Predict(e.target_unchecked_into::<HtmlSelectElement>().value()));
    let predicted = props.prediction.clone().unwrap_or_default();
    let path_id = format!("interworking-path-{}", props.id);
    let attribute_id = format!("interworking-attribute-{}", props.id);
    let value_id = format!("interworking-value-{}", props.id);
    let error_id = format!("{attribute_id}-error");
    let on_path = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| chosen.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_attribute = {
        let attribute = attribute.clone();
        Callback::from(move |e: InputEvent| attribute.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_value = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| value.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let send = |make: fn(String, String, String) -> LabAction| {
        let (on_action, target, attribute, value) =
            (props.on_action.clone(), target.clone(), attribute.clone(), value.clone());
        Callback::from(move |_: MouseEvent| {
            on_action.emit(make(target.clone(), (*attribute).clone(), (*value).clone()))
        })
    };
    let log = work.lab.log.iter().rev().take(14).map(|entry| {
        let side = match entry.side {
            Side::Device => "device",
            Side::Ipe => "IPE",
            Side::Cse => "CSE",
            Side::App => "dashboard",
        };
        html! { <li class={classes!(entry.failed.then_some("failed"))}><span class="side">{ side }</span>{ " " }{ entry.text.clone() }</li> }
    });
    html! {
        <section class="interworking-cse" aria-label="The CSE and the dashboard">
            <h4>{ "3. The CSE in the page, seen by the dashboard" }</h4>
            <ul class="resource-tree">{ for tree }</ul>
            <div class="row">
                <label for={path_id.clone()}>{ "Resource" }</label>
                <select id={path_id} class="path" onchange={on_path}>
                    { for paths.iter().map(|p| html! { <option value={p.clone()} selected={*p == target}>{ p.clone() }</option> }) }
                </select>
            </div>
            <div class="row">
                <label for={attribute_id.clone()}>{ "Attribute" }</label>
                <input id={attribute_id} class="attribute" type="text" value={(*attribute).clone()} oninput={on_attribute}
                    aria-invalid={props.error.is_some().to_string()} aria-describedby={error_id.clone()} />
                <label for={value_id.clone()}>{ "Value (JSON)" }</label>
                <input id={value_id} class="value" type="text" value={(*value).clone()} oninput={on_value} />
                <span id={error_id} class="field-error" role="alert">{ props.error.clone().unwrap_or_default() }</span>
            </div>
            <div class="row">
                <label for={predict_id.clone()}>{ "Before you update, predict" }</label>
                <select id={predict_id} class="prediction" onchange={on_predict}>
                    <option value="" selected={predicted.is_empty()}>{ "(no prediction)" }</option>
                    { for OUTCOMES.iter().map(|(key, words)| html! { <option value={*key} selected={predicted == *key}>{ *words }</option> }) }
                </select>
            </div>
            <div class="actions">
                <button type="button" class="retrieve" onclick={send(|path, _, _| LabAction::Retrieve(path))}>{ "Retrieve" }</button>
                <button type="button" class="update" onclick={send(|path, attribute, value| LabAction::Update { path, attribute, value })}>{ "Update" }</button>
                <button type="button" class="subscribe" onclick={send(|path, _, _| LabAction::Subscribe(path))}>{ "Subscribe" }</button>
            </div>
            if let Some(response) = props.response.clone() {
                <pre class="response" aria-label="The last response">{ response }</pre>
            }
            <h5>{ format!("Log (latest first; the dashboard received {} notifications)", work.lab.app_notifications.len()) }</h5>
            <ol class="interworking-log" aria-live="polite">{ for log }</ol>
        </section>
    }
}
