//! The mapping the IPE applies, edited as JSON, with where a mistake is, and a summary of what it makes.

use lab_kit::Shared;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::exercises::Work;
use crate::mapping::{DeviceAs, MappingError, UnitAs};
use crate::model::LabAction;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct MappingEditorProps {
    pub id: u32,
    pub text: AttrValue,
    pub error: Option<MappingError>,
    pub work: Shared<Work>,
    pub on_action: Callback<LabAction>,
}

#[function_component(MappingEditor)]
pub fn mapping_editor(props: &MappingEditorProps) -> Html {
    let editor_id = format!("interworking-mapping-{}", props.id);
    let error_id = format!("{editor_id}-error");
    let on_input = props
        .on_action
        .reform(|e: InputEvent| LabAction::EditMapping(e.target_unchecked_into::<HtmlTextAreaElement>().value()));
    let rows = props.work.lab.registered.iter().flat_map(|r| {
        let as_word = match props.work.lab.mapping.device(&r.device).map(|d| d.device_as) {
            Some(DeviceAs::Node) => "node",
            _ => "AE",
        };
        let device = r.device.clone();
        let path = r.path.clone();
        let head = html! { <tr class="device-row"><td>{ device }</td><td>{ as_word }</td><td>{ path }</td><td></td></tr> };
        let units = r.units.iter().map(|u| {
            let kind = match &u.mapping.unit_as {
                UnitAs::FlexContainer { specialisation, .. } => format!("flexContainer {specialisation}"),
                UnitAs::Container => "container".into(),
            };
            let attributes: Vec<String> = u.mapping.points.iter().map(|p| format!("{} ← {}", p.attribute, p.point)).chain(
                u.mapping.actions.iter().map(|a| format!("{} = {} → command {}", a.attribute, a.value, a.command)),
            ).collect();
            html! { <tr><td>{ format!("  {}", u.mapping.unit) }</td><td>{ kind }</td><td>{ u.path.clone() }</td><td>{ attributes.join("; ") }</td></tr> }
        }).collect::<Vec<_>>();
        std::iter::once(head).chain(units)
    });
    let lines = props.text.lines().count().clamp(10, 28);
    html! {
        <section class="interworking-mapping" aria-label="The IPE's mapping">
            <h4>{ "2. The mapping the IPE applies" }</h4>
            <p class="explanation">{ lab_kit::with_code_spans("A device becomes an AE or a node; an object or cluster a flexContainer (TS-0023 style: `specialisation` and `definition`) or a container; a resource or attribute a custom attribute (`scale` multiplies the device value); a command an action (an Update setting `attribute` to `value` invokes `command`).") }</p>
            <label for={editor_id.clone()}>{ "Mapping (JSON)" }</label>
            <textarea id={editor_id} class="mapping" rows={lines.to_string()} spellcheck="false" wrap="off" value={props.text.clone()} oninput={on_input}
                aria-invalid={props.error.is_some().to_string()} aria-describedby={error_id.clone()} />
            <p id={error_id} class="field-error" role="alert">{ props.error.as_ref().map(|e| format!("Not applied: {e}")).unwrap_or_default() }</p>
            <div class="actions">
                <button type="button" class="apply-mapping" onclick={props.on_action.reform(|_| LabAction::ApplyMapping)}>{ "Apply mapping (the IPE registers again)" }</button>
                <button type="button" class="reset-mapping" onclick={props.on_action.reform(|_| LabAction::ResetMapping)}>{ "Back to the naive mapping" }</button>
            </div>
            <table class="mapping-summary" tabindex="0">
                <caption>{ "What the IPE made of it" }</caption>
                <thead><tr><th scope="col">{ "device / unit" }</th><th scope="col">{ "as" }</th><th scope="col">{ "resource" }</th><th scope="col">{ "attributes and actions" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </section>
    }
}
