//! The policy editor: a tab per policy, the selected policy as a form (name, pv and pvs rules) and
//! as JSON, kept in sync by the reducer; the CSE's refusals are shown next to them.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::rule_editor::RuleEditor;
use crate::model::LabAction;
use crate::policy_draft::{PolicyDraft, RuleSet};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct PolicyEditorProps {
    pub id_prefix: AttrValue,
    pub policies: Vec<PolicyDraft>,
    pub selected: usize,
    pub json_text: String,
    pub json_error: Option<String>,
    /// What the CSE refused when the policies were created and linked.
    pub problems: Vec<String>,
    pub on_dispatch: Callback<LabAction>,
}

#[function_component(PolicyEditor)]
pub fn policy_editor(props: &PolicyEditorProps) -> Html {
    let dispatch = |action: LabAction| {
        let on_dispatch = props.on_dispatch.clone();
        Callback::from(move |_: MouseEvent| on_dispatch.emit(action.clone()))
    };
    let tabs = props.policies.iter().enumerate().map(|(index, policy)| {
        let selected = index == props.selected;
        html! {
            <button type="button" class={classes!("policy-tab", selected.then_some("selected"))} aria-pressed={selected.to_string()}
                onclick={dispatch(LabAction::SelectPolicy(index))}>
                { policy.name.trim().to_owned() }
            </button>
        }
    });
    let name_id = format!("{}-policy-name", props.id_prefix);
    let json_id = format!("{}-policy-json", props.id_prefix);
    let json_error_id = format!("{}-policy-json-error", props.id_prefix);
    let index = props.selected;

    let form = match props.policies.get(index) {
        None => html! { <p>{ "No policy yet: add one." }</p> },
        Some(policy) => {
            let on_rename = {
                let on_dispatch = props.on_dispatch.clone();
                Callback::from(move |event: InputEvent| {
                    let input: HtmlInputElement = event.target_unchecked_into();
                    on_dispatch.emit(LabAction::RenamePolicy(index, input.value()));
                })
            };
            let rule_set = |set: RuleSet, legend: &'static str| {
                let rules = policy.rules(set).iter().enumerate().map(|(position, rule)| {
                    html! {
                        <RuleEditor
                            id_prefix={AttrValue::from(format!("{}-{}-{}-{}", props.id_prefix, index, set.short_name(), position))}
                            policy={index}
                            set={set}
                            index={position}
                            rule={rule.clone()}
                            on_dispatch={props.on_dispatch.clone()}
                        />
                    }
                });
                html! {
                    <fieldset class="rule-set" data-set={set.short_name()}>
                        <legend>{ legend }</legend>
                        { for rules }
                        <button type="button" class="add-rule" onclick={dispatch(LabAction::AddRule(index, set))}>
                            { format!("Add a {} rule", set.short_name()) }
                        </button>
                    </fieldset>
                }
            };
            html! {
                <>
                    <div class="acl-row">
                        <label for={name_id.clone()}>{ "Policy name (rn)" }</label>
                        <input id={name_id} type="text" class="policy-name" autocomplete="off" spellcheck="false"
                            value={policy.name.clone()} oninput={on_rename} />
                        <button type="button" class="remove-policy" onclick={dispatch(LabAction::RemovePolicy(index))}>
                            { "Delete this policy" }
                        </button>
                    </div>
                    { rule_set(RuleSet::Privileges, "pv: privileges for the resources that link this policy (acpi)") }
                    { rule_set(RuleSet::SelfPrivileges, "pvs: self-privileges for the policy resource itself") }
                </>
            }
        }
    };
    let on_json = {
        let on_dispatch = props.on_dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_dispatch.emit(LabAction::EditJson(area.value()));
        })
    };
    let problems = props.problems.iter().map(|problem| html! { <li>{ problem.clone() }</li> });

    html! {
        <section class="acl-policies" aria-label="Access-control policies">
            <h4>{ "Policies" }</h4>
            <div class="policy-tabs" role="group" aria-label="Choose a policy to edit">
                { for tabs }
                <button type="button" class="add-policy" onclick={dispatch(LabAction::AddPolicy)}>{ "New policy" }</button>
            </div>
            if !props.problems.is_empty() {
                <div class="message wrong policy-problems" role="alert">
                    <p>{ "The CSE refused:" }</p>
                    <ul>{ for problems }</ul>
                </div>
            }
            <div class="policy-views">
                <div class="policy-form">{ form }</div>
                if props.policies.get(index).is_some() {
                    <div class="policy-json-view">
                        <label for={json_id.clone()}>{ "The same policy as m2m:acp JSON (editable)" }</label>
                        <textarea id={json_id} class="policy-json" rows="16" spellcheck="false"
                            value={props.json_text.clone()} oninput={on_json}
                            aria-invalid={props.json_error.is_some().to_string()} aria-describedby={json_error_id.clone()} />
                        <p id={json_error_id} class="message wrong json-error" role="alert" hidden={props.json_error.is_none()}>
                            { props.json_error.clone().map(|error| format!("Not applied: {error}")).unwrap_or_default() }
                        </p>
                    </div>
                }
            </div>
        </section>
    }
}
