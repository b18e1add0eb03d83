//! What to do about it: a plan of fixes with its cost and what it still leaves failing (the dossier's facts),
//! and the vulnerability disclosure policy with each missing element named at its field.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::disclosure_policy::{DisclosurePolicy, markdown, problems};
use crate::dossier::Dossier;
use crate::exercises::SMART_PLUG_MODEL;
use crate::fixes::{FIXES, cost, still_failing};
use crate::model::{LabAction, PolicyField};

#[derive(Clone, PartialEq, Properties)]
pub struct RemediationPanelProps {
    pub id: u32,
    pub dossier: &'static str,
    pub fixes: std::collections::BTreeSet<String>,
    pub policy: DisclosurePolicy,
    pub on_action: Callback<LabAction>,
}

fn dossier(key: &str) -> &'static Dossier {
    crate::dossier::find_dossier(key).unwrap_or(&crate::dossier::SMART_PLUG)
}

#[function_component(RemediationPanel)]
pub fn remediation_panel(props: &RemediationPanelProps) -> Html {
    let id = props.id;
    let failing = still_failing(dossier("smart-plug"), &props.fixes);
    let policy_problems = problems(&props.policy, SMART_PLUG_MODEL);
    let started = props.policy != DisclosurePolicy::default();
    let field = |field: PolicyField, key: &'static str, label: &'static str, value: &str| {
        let input_id = format!("conformity-policy-{key}-{id}");
        let error_id = format!("conformity-policy-{key}-error-{id}");
        let problem = policy_problems.iter().find(|(name, _)| *name == key.replace('-', "_")).filter(|_| started);
        let on_input = props.on_action.reform(move |event: InputEvent| {
            LabAction::SetPolicy(field, event.target_unchecked_into::<HtmlInputElement>().value())
        });
        html! {
            <div class="row">
                <label for={input_id.clone()}>{ label }</label>
                <input id={input_id} class={classes!("policy", key)} type="text" value={value.to_owned()} oninput={on_input}
                    aria-invalid={problem.is_some().then_some("true")} aria-describedby={problem.is_some().then(|| error_id.clone())} />
                if let Some((_, reason)) = problem {
                    <p id={error_id} class="field-error">{ reason.clone() }</p>
                }
            </div>
        }
    };
    html! {
        <section class="conformity-remediation" aria-label="Fixes and disclosure policy">
            <h4>{ "Fixes for the smart plug (cost in engineer-days, invented)" }</h4>
            <ul class="fixes">
                { for FIXES.iter().map(|fix| {
                    let key = fix.key;
                    let on_toggle = props.on_action.reform(move |event: Event| {
                        LabAction::SetFix(key.to_owned(), event.target_unchecked_into::<HtmlInputElement>().checked())
                    });
                    let input_id = format!("conformity-fix-{key}-{id}");
                    html! {
                        <li>
                            <input id={input_id.clone()} class={classes!("fix", key)} type="checkbox" checked={props.fixes.contains(key)} onchange={on_toggle} />
                            <label for={input_id}>{ format!("{} ({} days; {})", fix.label, fix.cost, fix.implements.join(", ")) }</label>
                        </li>
                    }
                }) }
            </ul>
            <p class="plan" role="status">
                { format!("Plan: {} days. ", cost(&props.fixes)) }
                { if failing.is_empty() { "Every applicable mandatory provision would be implemented.".to_owned() } else { format!("Mandatory provisions still failing: {}.", failing.join(", ")) } }
            </p>
            <h4>{ "Vulnerability disclosure policy (5.2-1)" }</h4>
            { field(PolicyField::Contact, "contact", "Where to report (e-mail or https:// address)", &props.policy.contact) }
            { field(PolicyField::AcknowledgeDays, "acknowledge-days", "We acknowledge a report within (days)", &props.policy.acknowledge_days) }
            { field(PolicyField::UpdateDays, "update-days", "Status updates at least every (days)", &props.policy.update_days) }
            { field(PolicyField::Scope, "scope", "Products and versions covered", &props.policy.scope) }
            if started && policy_problems.is_empty() {
                <pre class="policy-preview" tabindex="0">{ markdown(&props.policy, "PlugWise Mini") }</pre>
            }
        </section>
    }
}
