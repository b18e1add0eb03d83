//! The same policies read as role-based and as attribute-based access control.

use yew::prelude::*;

use crate::access_models::{attribute_based, role_based};
use crate::scenario::Setup;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AccessModelsPanelProps {
    pub setup: Setup,
}

#[function_component(AccessModelsPanel)]
pub fn access_models_panel(props: &AccessModelsPanelProps) -> Html {
    let roles = role_based(&props.setup);
    let conditional = roles.iter().any(|role| !role.conditions.is_empty());
    let role_items = roles.into_iter().map(|role| {
        let conditions = if role.conditions.is_empty() { String::new() } else { format!(" *only when: {}", role.conditions.join("; ")) };
        html! {
            <li><strong>{ role.role }</strong>{ " → " }{ role.permissions.join("; ") }<span class="conditions">{ conditions }</span></li>
        }
    });
    let rules = attribute_based(&props.setup).into_iter().map(|rule| html! { <li><code>{ rule }</code></li> });
    html! {
        <section class="acl-models" aria-label="The same policies as role-based and attribute-based rules">
            <h4>{ "Read as access-control models" }</h4>
            <div class="acl-model-columns">
                <div>
                    <h5>{ "Role-based: role → permissions" }</h5>
                    <ul class="rbac">{ for role_items }</ul>
                    if conditional {
                        <p class="acl-note">{ "* Time, network and place are attributes of the request, not of a role: plain RBAC cannot express them." }</p>
                    }
                </div>
                <div>
                    <h5>{ "Attribute-based: IF subject, operation, resource, context THEN permit" }</h5>
                    <ul class="abac">{ for rules }</ul>
                </div>
            </div>
        </section>
    }
}
