//! One simulated device: its objects or clusters, every resource or attribute with its id and value, and what the
//! reader can do to it (change what the sensor measures, press its button, send a protocol command).

use lab_kit::Shared;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::devices::{Access, Protocol};
use crate::exercises::Work;
use crate::model::LabAction;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct DevicePanelProps {
    pub id: u32,
    pub work: Shared<Work>,
    /// `roof-01` or `hall-light`.
    pub device: AttrValue,
    /// Why the last measurement typed was refused.
    pub error: Option<String>,
    pub on_action: Callback<LabAction>,
}

#[function_component(DevicePanel)]
pub fn device_panel(props: &DevicePanelProps) -> Html {
    let device = props.work.lab.device(&props.device).clone();
    let typed = use_state(String::new);
    let is_matter = device.protocol == Protocol::Matter;
    let (unit_word, point_word, command_word) =
        if is_matter { ("cluster", "attribute", "command") } else { ("object", "resource", "executable resource") };
    let units = device.units.iter().map(|unit| {
        let rows = unit.points.iter().map(|p| {
            let id = if is_matter { format!("0x{:04X}", p.id) } else { p.id.to_string() };
            let access = if p.access == Access::ReadWrite { "R/W" } else { "R" };
            let observed = if p.observed { "yes" } else { "no" };
            html! { <tr><td>{ id }</td><td>{ p.name }</td><td>{ access }</td><td class="value">{ p.value.to_string() }</td><td>{ observed }</td></tr> }
        });
        let commands = unit.commands.iter().map(|c| {
            let on_action = props.on_action.clone();
            let (device_id, key, command) = (device.id.to_owned(), unit.key.clone(), c.id);
            let onclick = Callback::from(move |_: MouseEvent| on_action.emit(LabAction::Execute { device: device_id.clone(), unit: key.clone(), command }));
            let label = if is_matter { format!("Invoke {} (0x{:02X})", c.name, c.id) } else { format!("Execute {} ({})", c.id, c.name) };
            html! { <button type="button" class="device-command" {onclick}>{ label }</button> }
        });
        let sensor = unit.senses.then(|| {
            let input_id = format!("interworking-sense-{}-{}-{}", props.id, device.id, unit.id);
            let oninput = {
                let typed = typed.clone();
                Callback::from(move |e: InputEvent| typed.set(e.target_unchecked_into::<HtmlInputElement>().value()))
            };
            let onclick = {
                let (on_action, typed) = (props.on_action.clone(), typed.clone());
                let (device_id, key) = (device.id.to_owned(), unit.key.clone());
                Callback::from(move |_: MouseEvent| on_action.emit(LabAction::Sense { device: device_id.clone(), unit: key.clone(), value: (*typed).clone() }))
            };
            let hint = if is_matter { "in hundredths of a degree, e.g. 2275" } else { "in degrees Celsius, e.g. 23.5" };
            let error_id = format!("{input_id}-error");
            html! {
                <div class="row sense">
                    <label for={input_id.clone()}>{ format!("The room now measures ({hint})") }</label>
                    <input id={input_id} class="sense-value" type="text" inputmode="decimal" value={(*typed).clone()} {oninput}
                        aria-invalid={props.error.is_some().to_string()} aria-describedby={error_id.clone()} />
                    <button type="button" class="sense" {onclick}>{ "Measure" }</button>
                    <span id={error_id} class="field-error" role="alert">{ props.error.clone().unwrap_or_default() }</span>
                </div>
            }
        });
        let title = if is_matter {
            let (endpoint, _) = unit.key.split_once('/').unwrap_or(("", ""));
            format!("Endpoint {endpoint}, {unit_word} 0x{:04X} {}", unit.id, unit.name)
        } else {
            format!("{} {} {}, instance {}", unit_word, unit.id, unit.name, unit.key.rsplit('/').next().unwrap_or("0"))
        };
        html! {
            <div class="device-unit">
                <h5>{ title }</h5>
                // the table scrolls sideways on a narrow screen: the keyboard reaches it (WCAG 2.1.1)
                <table class="points" tabindex="0">
                    <caption class="visually-hidden">{ format!("{} of {}", point_word, unit.name) }</caption>
                    <thead><tr><th scope="col">{ "id" }</th><th scope="col">{ point_word }</th><th scope="col">{ "access" }</th><th scope="col">{ "value" }</th><th scope="col">{ "observed" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                if !unit.commands.is_empty() {
                    <div class="actions" aria-label={format!("{command_word}s")}>{ for commands }</div>
                }
                { for sensor }
            </div>
        }
    });
    let on_button = {
        let (on_action, id) = (props.on_action.clone(), device.id.to_owned());
        Callback::from(move |_: MouseEvent| on_action.emit(LabAction::PressButton(id.clone())))
    };
    html! {
        <section class={classes!("interworking-device", if is_matter { "matter" } else { "lwm2m" })} aria-label={device.label}>
            <h4>{ format!("{} device: {}", device.protocol.name(), device.label) }</h4>
            { for units }
            <button type="button" class="press-button" onclick={on_button}>{ "Press the light's own button" }</button>
        </section>
    }
}
