//! One access-control rule as a form: originators, operations as checkboxes with the acop sum (the
//! engine's arithmetic), and the context conditions.

use onem2m_cse::acop::AccessOperation;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::model::LabAction;
use crate::policy_draft::{RuleDraft, RuleField, RuleSet};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct RuleEditorProps {
    pub id_prefix: AttrValue,
    pub policy: usize,
    pub set: RuleSet,
    pub index: usize,
    pub rule: RuleDraft,
    pub on_dispatch: Callback<LabAction>,
}

#[function_component(RuleEditor)]
pub fn rule_editor(props: &RuleEditorProps) -> Html {
    let (policy, set, index) = (props.policy, props.set, props.index);
    let rule = &props.rule;
    let edit = |field: RuleField| {
        let on_dispatch = props.on_dispatch.clone();
        move |text: String| on_dispatch.emit(LabAction::EditRule(policy, set, index, field, text))
    };
    let text_field = |field: RuleField, class: &'static str, label: &'static str, placeholder: &'static str| {
        let id = format!("{}-{class}", props.id_prefix);
        let emit = edit(field);
        let on_input = Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            emit(input.value());
        });
        html! {
            <div class="rule-field">
                <label for={id.clone()}>{ label }</label>
                <input id={id} type="text" class={class} autocomplete="off" spellcheck="false" placeholder={placeholder}
                    value={rule.field(field).to_owned()} oninput={on_input} />
            </div>
        }
    };
    let actw_id = format!("{}-actw", props.id_prefix);
    let on_actw = {
        let emit = edit(RuleField::Actw);
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            emit(area.value());
        })
    };
    let operations = rule.operations();
    let checkboxes = AccessOperation::ALL.iter().map(|operation| {
        let operation = *operation;
        let on_dispatch = props.on_dispatch.clone();
        let on_change = Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            on_dispatch.emit(LabAction::ToggleOperation(policy, set, index, operation, input.checked()));
        });
        html! {
            <label class="operation">
                <input type="checkbox" data-operation={operation.name()} checked={operations.allows(operation)} onchange={on_change} />
                { operation.name() }
                <span class="bit">{ format!("({})", operation.bit()) }</span>
            </label>
        }
    });
    let on_remove = {
        let on_dispatch = props.on_dispatch.clone();
        Callback::from(move |_: MouseEvent| on_dispatch.emit(LabAction::RemoveRule(policy, set, index)))
    };
    let title = format!("{} rule {index}", set.short_name());

    html! {
        <fieldset class="rule" data-set={set.short_name()} data-index={index.to_string()}>
            <legend>{ title.clone() }</legend>
            { text_field(RuleField::Acor, "acor", "acor: originators (AE-IDs, patterns with *, or all)", "e.g. Cthermostat") }
            <fieldset class="operations">
                <legend>{ "acop: operations" }</legend>
                { for checkboxes }
                <output class="acop-sum" aria-live="polite">{ format!("acop = {}", operations.explain()) }</output>
            </fieldset>
            <details class="rule-context" open={rule.has_context() || !rule.chty.trim().is_empty()}>
                <summary>{ "Conditions: time, network, place (acco) and child types (acod)" }</summary>
                <div class="rule-field">
                    <label for={actw_id.clone()}>{ "actw: time windows, UTC, one per line (second minute hour day month weekday year)" }</label>
                    <textarea id={actw_id} class="actw" rows="2" spellcheck="false" placeholder="* * 8-17 * * * *"
                        value={rule.actw.clone()} oninput={on_actw} />
                </div>
                { text_field(RuleField::Ipv4, "ipv4", "acip ipv4: CIDR blocks", "e.g. 10.20.0.0/16") }
                { text_field(RuleField::Ipv6, "ipv6", "acip ipv6: CIDR blocks", "e.g. 2001:db8::/32") }
                { text_field(RuleField::Countries, "countries", "aclr accc: country codes", "e.g. FR DE") }
                { text_field(RuleField::Chty, "chty", "acod chty: child types a Create may make", "e.g. 23") }
            </details>
            <button type="button" class="remove-rule" onclick={on_remove} aria-label={format!("Remove rule: {title}")}>{ "Remove rule" }</button>
        </fieldset>
    }
}
