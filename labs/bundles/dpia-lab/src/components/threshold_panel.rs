//! Part 1, the threshold analysis: the scenario and its facts, the WP 248 criteria and the Art. 35(3) cases to
//! tick, and the decision.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::model::LabAction;
use crate::threshold::{Art35Case, Criterion, Scenario, ThresholdAnswer};

#[derive(Clone, PartialEq, Properties)]
pub struct ThresholdPanelProps {
    pub id: u32,
    pub threshold: ThresholdAnswer,
    pub on_action: Callback<LabAction>,
}

fn checked(event: Event) -> bool {
    event.target_unchecked_into::<HtmlInputElement>().checked()
}

#[function_component(ThresholdPanel)]
pub fn threshold_panel(props: &ThresholdPanelProps) -> Html {
    let threshold = &props.threshold;
    let field = |name: &str| format!("dpia-{name}-{}", props.id);
    let on_scenario = props
        .on_action
        .reform(|event: Event| LabAction::SetScenario(event.target_unchecked_into::<HtmlSelectElement>().value()));
    let on_decision = props
        .on_action
        .reform(|event: Event| LabAction::SetDecision(event.target_unchecked_into::<HtmlSelectElement>().value()));
    let decision = match threshold.decision {
        Some(true) => "required",
        Some(false) => "not-required",
        None => "",
    };
    html! {
        <section class="dpia-threshold" aria-label="Threshold analysis">
            <h4>{ "1. Threshold: is a DPIA required?" }</h4>
            <div class="row">
                <label for={field("scenario")}>{ "Processing" }</label>
                <select id={field("scenario")} class="scenario" onchange={on_scenario}>
                    { for Scenario::ALL.iter().map(|scenario| html! {
                        <option value={scenario.key()} selected={*scenario == threshold.scenario}>{ scenario.label() }</option>
                    }) }
                </select>
            </div>
            <p class="facts">{ threshold.scenario.facts() }</p>
            <fieldset class="criteria">
                <legend>{ "WP 248 rev.01 criteria the facts meet" }</legend>
                { for Criterion::ALL.iter().map(|criterion| {
                    let criterion = *criterion;
                    let id = field(&format!("criterion-{}", criterion.key()));
                    html! {
                        <div class="check">
                            <input type="checkbox" id={id.clone()} class={format!("criterion-{}", criterion.key())}
                                checked={threshold.criteria.contains(&criterion)}
                                onchange={props.on_action.reform(move |event| LabAction::SetCriterion(criterion, checked(event)))} />
                            <label for={id}>{ criterion.label() }</label>
                        </div>
                    }
                }) }
            </fieldset>
            <fieldset class="cases">
                <legend>{ "GDPR Art. 35(3): a DPIA is always required in these cases" }</legend>
                { for Art35Case::ALL.iter().map(|case| {
                    let case = *case;
                    let id = field(&format!("case-{}", case.key()));
                    html! {
                        <div class="check">
                            <input type="checkbox" id={id.clone()} class={format!("case-{}", case.key())}
                                checked={threshold.cases.contains(&case)}
                                onchange={props.on_action.reform(move |event| LabAction::SetCase(case, checked(event)))} />
                            <label for={id}>{ case.label() }</label>
                        </div>
                    }
                }) }
            </fieldset>
            <div class="row">
                <label for={field("decision")}>{ "Decision" }</label>
                <select id={field("decision")} class="decision" onchange={on_decision}>
                    <option value="" selected={decision.is_empty()}>{ "not decided" }</option>
                    <option value="required" selected={decision == "required"}>{ "A DPIA is required" }</option>
                    <option value="not-required" selected={decision == "not-required"}>{ "No DPIA is required" }</option>
                </select>
            </div>
            <p class="tally" aria-live="polite">
                { format!(
                    "{} criteria and {} Art. 35(3) cases ticked. Two or more criteria mean a DPIA in most cases (WP 248 rev.01); one case of Art. 35(3) always does. Check the supervisory authority's list too (Art. 35(4)).",
                    threshold.criteria.len(),
                    threshold.cases.len()
                ) }
            </p>
        </section>
    }
}
