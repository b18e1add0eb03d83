//! Mode 1's answer: the student's prediction (committed before the answer is shown in a prediction exercise),
//! then each act with its trigger, why, and from when, the differences explained, and the standards.

use std::collections::BTreeSet;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::LabAction;
use crate::rules::{Act, Product, assess, explain_differences, standards};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct RulesPanelProps {
    pub id: u32,
    pub product: Product,
    pub prediction: BTreeSet<Act>,
    pub committed: Option<BTreeSet<Act>>,
    /// A prediction exercise is open and nothing is committed: the answer stays hidden.
    pub answer_hidden: bool,
    pub on_action: Callback<LabAction>,
}

#[function_component(RulesPanel)]
pub fn rules_panel(props: &RulesPanelProps) -> Html {
    let id = props.id;
    let committed = props.committed.is_some();
    let on_commit = props.on_action.reform(|_: MouseEvent| LabAction::CommitPrediction);
    let on_revise = props.on_action.reform(|_: MouseEvent| LabAction::RevisePrediction);
    let prediction = html! {
        <fieldset class="conformity-prediction">
            <legend>{ "Your prediction: which acts apply?" }</legend>
            <ul>
                { for Act::ALL.into_iter().map(|act| {
                    let on_toggle = props.on_action.reform(move |event: Event| {
                        LabAction::SetPredicted(act, event.target_unchecked_into::<HtmlInputElement>().checked())
                    });
                    let input_id = format!("conformity-predict-{}-{id}", act.key());
                    html! {
                        <li>
                            <input id={input_id.clone()} class={classes!("predict", act.key())} type="checkbox"
                                checked={props.prediction.contains(&act)} disabled={committed} onchange={on_toggle} />
                            <label for={input_id}>{ act.title() }</label>
                        </li>
                    }
                }) }
            </ul>
            if committed {
                <button type="button" class="revise" onclick={on_revise}>{ "Change my prediction" }</button>
            } else {
                <button type="button" class="commit" onclick={on_commit}>{ "Commit my prediction" }</button>
            }
        </fieldset>
    };
    if props.answer_hidden {
        return html! {
            <section class="conformity-rules" aria-label="Which rules apply">
                { prediction }
                <p class="hidden-answer">{ "Commit your prediction to see which acts apply and why." }</p>
            </section>
        };
    }
    let differences = props.committed.as_ref().map(|predicted| explain_differences(&props.product, predicted));
    html! {
        <section class="conformity-rules" aria-label="Which rules apply">
            { prediction }
            if let Some(differences) = differences {
                if differences.is_empty() {
                    <p class="message ok differences" role="status">{ "Your prediction matches every act." }</p>
                } else {
                    <div class="differences" role="status">
                        <p>{ format!("{} difference(s) with your prediction:", differences.len()) }</p>
                        <ul>{ for differences.into_iter().map(|difference| html! { <li>{ difference }</li> }) }</ul>
                    </div>
                }
            }
            <h4>{ format!("Which rules apply to {}", props.product.name) }</h4>
            <ul class="findings">
                { for assess(&props.product).into_iter().map(|finding| html! {
                    <li class={classes!("finding", finding.act.key(), if finding.applies { "applies" } else { "not-applies" })}>
                        <p>
                            <strong>{ finding.act.title() }</strong>
                            { if finding.applies { " applies" } else { " does not apply" } }
                            { format!(" ({}; {})", finding.trigger, finding.act.source()) }
                        </p>
                        <p class="why">{ finding.why }</p>
                        if !finding.obligations.is_empty() {
                            <ul class="obligations">
                                { for finding.obligations.iter().map(|obligation| html! {
                                    <li>{ format!("{}: {} — {}", obligation.article, obligation.what, obligation.when()) }</li>
                                }) }
                            </ul>
                        }
                    </li>
                }) }
            </ul>
            <h4>{ "Standards and conformity assessment" }</h4>
            <ul class="standards">
                { for standards(&props.product).into_iter().map(|advice| html! {
                    <li class={classes!("standard", if advice.notified_body { "notified-body" } else { "" })}>
                        <strong>{ advice.standard }</strong>{ format!(" ({}): ", advice.covers) }{ advice.why }
                    </li>
                }) }
            </ul>
        </section>
    }
}
