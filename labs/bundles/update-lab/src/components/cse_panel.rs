//! The same update through the CSE: choose the image whose `url` and `vr` the operator sets with `ud`, send the
//! Update to the firmware `<mgmtObj>`, and read the resource tree, the mgmtObj (`vr`, `uds`) and the exchange.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::cse_update::{FIRMWARE_PATH, firmware_resource, resource_tree};
use crate::firmware::{IMAGES, PLUG_CLASS};
use crate::model::LabAction;
use crate::work::Work;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct CsePanelProps {
    pub id: u32,
    pub work: Work,
    pub image: String,
    pub exchange: Option<(String, String)>,
    pub on_action: Callback<LabAction>,
}

#[function_component(CsePanel)]
pub fn cse_panel(props: &CsePanelProps) -> Html {
    let id = props.id;
    let mut cse = props.work.cse();
    let tree = resource_tree(&cse);
    let firmware = firmware_resource(&mut cse)
        .map(|value| serde_json::to_string_pretty(&value).unwrap_or_default())
        .unwrap_or_default();
    let on_image = props
        .on_action
        .reform(|event: Event| LabAction::ChooseCseImage(event.target_unchecked_into::<HtmlSelectElement>().value()));
    let on_send = props.on_action.reform(|_: MouseEvent| LabAction::SendCseUpdate);
    html! {
        <section class="update-cse" aria-label="The update through the CSE">
            <h4>{ "The same update through the CSE (firmware mgmtObj, mgd 1001)" }</h4>
            <div class="row">
                <label for={format!("update-cse-image-{id}")}>{ "Set url and vr to" }</label>
                <select id={format!("update-cse-image-{id}")} class="cse-image" onchange={on_image}>
                    { for IMAGES.iter().filter(|image| image.class_id == PLUG_CLASS).map(|image| html! {
                        <option value={image.key} selected={image.key == props.image}>{ format!("{} ({})", image.version, image.uri()) }</option>
                    }) }
                </select>
                <button type="button" class="send-update" onclick={on_send}>{ format!("Update {FIRMWARE_PATH} with ud = true") }</button>
            </div>
            <ul class="resource-tree" aria-label="Resource tree">
                { for tree.iter().map(|(depth, name, kind)| html! {
                    <li style={format!("margin-left: {depth}em")}><code>{ name }</code>{ format!(" {kind}") }</li>
                }) }
            </ul>
            <details class="mgmt-obj" open=true>
                <summary>{ "The firmware mgmtObj (m2m:fwr)" }</summary>
                <pre><code>{ firmware }</code></pre>
            </details>
            if let Some((request, response)) = &props.exchange {
                <details class="exchange">
                    <summary>{ "The last Update and its response" }</summary>
                    <pre><code>{ request }</code></pre>
                    <pre><code>{ response }</code></pre>
                </details>
            }
            <ol class="cse-log">
                { for props.work.cse_log.iter().map(|entry| html! {
                    <li>{ format!("url {} → rsc {}, uds.sus {} ({}), vr {}", entry.url, entry.rsc, entry.status,
                        if entry.status == 1 { "successful" } else { "failure" }, entry.reported_version) }</li>
                }) }
            </ol>
        </section>
    }
}
