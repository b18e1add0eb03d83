//! The attacks: for each, the story, the student's prediction (committed before the run) and the observed
//! result with a verdict on the prediction.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::attacks::{Attack, prediction_choices, result_key};
use crate::model::LabAction;
use crate::work::Work;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AttackPanelProps {
    pub id: u32,
    pub work: Work,
    pub on_action: Callback<LabAction>,
}

#[function_component(AttackPanel)]
pub fn attack_panel(props: &AttackPanelProps) -> Html {
    let id = props.id;
    let work = &props.work;
    html! {
        <section class="update-attacks" aria-label="Attacks">
            <h4>{ "Attacks: predict, then run (on a bench copy of the plug)" }</h4>
            <ul class="attacks">
                { for Attack::ALL.into_iter().map(|attack| {
                    let predicted = work.predictions.get(&attack).copied();
                    let run = work.runs.get(&attack);
                    let locked = run.is_some() && !(attack == Attack::LeakedKey && work.vendor.signing_serial > 1);
                    let select_id = format!("update-predict-{}-{id}", attack.key());
                    let on_predict = props.on_action.reform(move |event: Event| {
                        LabAction::Predict(attack, event.target_unchecked_into::<HtmlSelectElement>().value())
                    });
                    let on_run = props.on_action.reform(move |_: MouseEvent| LabAction::RunAttack(attack));
                    html! {
                        <li class="attack" data-attack={attack.key()}>
                            <strong>{ attack.title() }</strong>
                            <p class="story">{ attack.story() }</p>
                            <div class="row">
                                <label for={select_id.clone()}>{ "Your prediction" }</label>
                                <select id={select_id} class="prediction" onchange={on_predict} disabled={locked}>
                                    <option value="" selected={predicted.is_none()}>{ "(predict first)" }</option>
                                    { for prediction_choices().into_iter().map(|choice| html! {
                                        <option value={result_key(choice)} selected={predicted == Some(choice)}>{ choice.describe() }</option>
                                    }) }
                                </select>
                                <button type="button" class="run" onclick={on_run} disabled={predicted.is_none()}>{ "Run the attack" }</button>
                            </div>
                            if let Some(run) = run {
                                <p class={classes!("message", "observed", if run.predicted == run.report.result { "ok" } else { "wrong" })}>
                                    { format!("Observed: {}. {}", run.report.result.describe(),
                                        if run.predicted == run.report.result { "Your prediction was right." } else { "Your prediction was different." }) }
                                </p>
                            }
                        </li>
                    }
                }) }
            </ul>
            <p class="note">
                { "Why TLS alone is not enough: TLS authenticates the server and protects the link, so it stops a stranger on the network, but not a compromised server, a mirror or a CDN that hands out bad bytes over a perfectly valid connection. The device must verify what it installs against the vendor's signature, end to end (EN 303 645 provisions 5.3-9 and 5.3-10)." }
            </p>
        </section>
    }
}
