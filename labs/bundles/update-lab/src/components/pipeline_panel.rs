//! Vendor and device: the keys (the offline root, the certified signing key), the image to build, its manifest
//! as it will be signed, the buttons to sign and ship and to rotate the key; the device's slots and counter.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::device::slot_name;
use crate::firmware::{IMAGES, image};
use crate::model::LabAction;
use crate::work::Work;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct PipelinePanelProps {
    pub id: u32,
    pub work: Work,
    pub image: String,
    pub on_action: Callback<LabAction>,
}

fn short(text: &str) -> String {
    format!("{}…", text.get(..16).unwrap_or(text))
}

#[function_component(PipelinePanel)]
pub fn pipeline_panel(props: &PipelinePanelProps) -> Html {
    let id = props.id;
    let work = &props.work;
    let vendor = &work.vendor;
    let serial = vendor.signing_serial;
    let on_image = props
        .on_action
        .reform(|event: Event| LabAction::ChooseImage(event.target_unchecked_into::<HtmlSelectElement>().value()));
    let on_ship = props.on_action.reform(|_: MouseEvent| LabAction::Ship);
    let on_rotate = props.on_action.reform(|_: MouseEvent| LabAction::RotateKey);
    let manifest = image(&props.image).map(|image| {
        let envelope = vendor.release(image).envelope;
        serde_json::to_string_pretty(&envelope).unwrap_or_default()
    });
    let device = &work.device;
    html! {
        <div class="update-pipeline">
            <section class="vendor" aria-label="Vendor">
                <h4>{ "Vendor: keys, image, manifest" }</h4>
                <dl class="keys">
                    <dt>{ "Root key (offline: certifies signing keys, signs revocations)" }</dt>
                    <dd><code>{ short(&vendor.root().public_hex()) }</code></dd>
                    <dt>{ format!("Signing key #{serial} (certified by the root)") }</dt>
                    <dd><code>{ short(&vendor.signing_key(serial).public_hex()) }</code></dd>
                </dl>
                <div class="row">
                    <label for={format!("update-image-{id}")}>{ "Firmware image" }</label>
                    <select id={format!("update-image-{id}")} class="image" onchange={on_image}>
                        { for IMAGES.iter().map(|image| html! {
                            <option value={image.key} selected={image.key == props.image}>{ image.title }</option>
                        }) }
                    </select>
                </div>
                <details class="manifest">
                    <summary>{ "The signed manifest (SUIT-style fields, Ed25519 signature, key certificate)" }</summary>
                    <pre><code>{ manifest.unwrap_or_default() }</code></pre>
                </details>
                <div class="actions">
                    <button type="button" class="ship" onclick={on_ship}>{ "Sign and ship to the plug" }</button>
                    <button type="button" class="rotate" onclick={on_rotate}>{ format!("Rotate the signing key (certify #{}, revoke #{serial} and older)", serial + 1) }</button>
                </div>
            </section>
            <section class="device" aria-label="Device">
                <h4>{ "Device: the smart plug's bootloader" }</h4>
                <ul class="slots">
                    { for device.slots.iter().enumerate().map(|(slot, installed)| {
                        let running = slot == device.active_slot;
                        let text = installed.as_ref().map(|image| format!("{} (sequence {})", image.version, image.sequence)).unwrap_or_else(|| "empty".to_owned());
                        html! {
                            <li class={classes!("slot", running.then_some("running"))}>
                                { format!("Slot {}: {text}{}", slot_name(slot), if running { " ← running" } else { "" }) }
                            </li>
                        }
                    }) }
                </ul>
                <p class="counter">
                    { format!("Anti-rollback counter: {}. Trusts the root key {}. Revoked signing keys: {}.",
                        device.sequence,
                        short(&device.root_public_key),
                        if device.revoked_serials.is_empty() { "none".to_owned() } else { device.revoked_serials.iter().map(|s| format!("#{s}")).collect::<Vec<_>>().join(", ") }) }
                </p>
            </section>
        </div>
    }
}
