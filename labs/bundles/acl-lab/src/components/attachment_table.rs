//! Which resources link which policies (`acpi`): a checkbox per resource and policy.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::LabAction;
use crate::scenario::{ATTACHABLE, Setup};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AttachmentTableProps {
    pub setup: Setup,
    pub on_dispatch: Callback<LabAction>,
}

#[function_component(AttachmentTable)]
pub fn attachment_table(props: &AttachmentTableProps) -> Html {
    let names: Vec<String> = props.setup.policies.iter().map(|policy| policy.name.trim().to_owned()).collect();
    let header = names.iter().map(|name| html! { <th scope="col">{ name.clone() }</th> });
    let rows = ATTACHABLE.iter().map(|target| {
        let cells = names.iter().map(|name| {
            let attached = props.setup.is_attached(target, name);
            let on_dispatch = props.on_dispatch.clone();
            let (target_owned, policy) = ((*target).to_owned(), name.clone());
            let on_change = Callback::from(move |event: Event| {
                let input: HtmlInputElement = event.target_unchecked_into();
                on_dispatch.emit(LabAction::Attach { target: target_owned.clone(), policy: policy.clone(), attached: input.checked() });
            });
            html! {
                <td>
                    <input type="checkbox" class="attach" data-target={*target} data-policy={name.clone()} checked={attached}
                        aria-label={format!("{target} links {name}")} onchange={on_change} />
                </td>
            }
        });
        html! { <tr><th scope="row"><code>{ *target }</code></th>{ for cells }</tr> }
    });
    html! {
        <section class="acl-attachments" aria-label="Policy links (acpi)">
            <h4>{ "Links (acpi)" }</h4>
            <p class="acl-note">{ "A contentInstance has no acpi: its container's policies decide. A resource with no acpi is reachable by its creator and the administrator only." }</p>
            if names.is_empty() {
                <p>{ "No policy to link." }</p>
            } else {
                <div class="acl-scroll" role="region" aria-label="Links table" tabindex="0">
                    <table class="attachment-table">
                        <thead><tr><th scope="col">{ "resource" }</th>{ for header }</tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
        </section>
    }
}
