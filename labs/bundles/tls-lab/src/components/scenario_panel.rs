//! The scenario chooser, its story, the prediction (who aborts, which alert) and the observed outcome.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::model::LabAction;
use crate::records::alert_name;
use crate::scenarios::{Aborts, Observation, PREDICTABLE_ALERTS, SCENARIOS, find_scenario};
use crate::work::Prediction;

fn select_value(event: Event) -> String {
    event.target_unchecked_into::<HtmlSelectElement>().value()
}

/// How an alert reads: its RFC 8446 name and code, or none.
pub fn alert_label(code: u8) -> String {
    if code == 0 { "no alert".to_owned() } else { format!("{} ({code})", alert_name(code)) }
}

#[derive(Clone, PartialEq, Properties)]
pub struct ScenarioPanelProps {
    pub id: u32,
    pub scenario: &'static str,
    pub prediction: Option<Prediction>,
    pub observation: Option<Observation>,
    pub draft_aborts: Option<Aborts>,
    pub draft_alert: Option<u8>,
    pub prediction_error: Option<String>,
    pub on_action: Callback<LabAction>,
}

#[function_component(ScenarioPanel)]
pub fn scenario_panel(props: &ScenarioPanelProps) -> Html {
    let Some(scenario) = find_scenario(props.scenario) else { return Html::default() };
    let field = |name: &str| format!("tls-{name}-{}", props.id);
    let error_id = field("prediction-error");
    let committed = props.prediction.is_some();
    let locked = committed && props.observation.is_some();
    let needs_prediction = scenario.predicted && !committed;
    let invalid = props.prediction_error.is_some().then_some("true");
    let described = props.prediction_error.is_some().then(|| error_id.clone());
    html! {
        <section class="tls-scenario" aria-label="Scenario">
            <h4>{ "1. Predict, then observe a handshake" }</h4>
            <div class="row">
                <label for={field("scenario")}>{ "Scenario" }</label>
                <select id={field("scenario")} class="scenario" onchange={props.on_action.reform(|event: Event| LabAction::ChooseScenario(select_value(event)))}>
                    { for SCENARIOS.iter().map(|option| html! {
                        <option value={option.id} selected={option.id == scenario.id}>{ option.title }</option>
                    }) }
                </select>
            </div>
            <p class="story">{ scenario.story }</p>
            if scenario.predicted {
                <fieldset class="prediction" disabled={locked}>
                    <legend>{ "Your prediction, before you run it" }</legend>
                    <div class="row">
                        <label for={field("aborts")}>{ "Who aborts?" }</label>
                        <select id={field("aborts")} class="predict-aborts" aria-invalid={invalid} aria-describedby={described.clone()}
                            onchange={props.on_action.reform(|event: Event| LabAction::PredictAborts(select_value(event)))}>
                            <option value="" selected={props.draft_aborts.is_none()}>{ "choose" }</option>
                            { for Aborts::ALL.iter().map(|aborts| html! {
                                <option value={aborts.key()} selected={props.draft_aborts == Some(*aborts)}>{ aborts.label() }</option>
                            }) }
                        </select>
                    </div>
                    <div class="row">
                        <label for={field("alert")}>{ "Which alert does the other side receive?" }</label>
                        <select id={field("alert")} class="predict-alert" aria-invalid={invalid} aria-describedby={described}
                            onchange={props.on_action.reform(|event: Event| LabAction::PredictAlert(select_value(event)))}>
                            <option value="" selected={props.draft_alert.is_none()}>{ "choose" }</option>
                            { for PREDICTABLE_ALERTS.iter().map(|code| html! {
                                <option value={code.to_string()} selected={props.draft_alert == Some(*code)}>{ alert_label(*code) }</option>
                            }) }
                        </select>
                        <button type="button" class="commit-prediction" onclick={props.on_action.reform(|_: MouseEvent| LabAction::CommitPrediction)}>
                            { if committed { "Change my prediction" } else { "Commit my prediction" } }
                        </button>
                    </div>
                </fieldset>
                if let Some(error) = &props.prediction_error {
                    <p id={error_id} class="field-error" role="alert">{ error }</p>
                }
                if let Some(prediction) = &props.prediction {
                    <p class="committed">{ format!("Committed: {}, {}.", prediction.aborts.label(), alert_label(prediction.alert)) }</p>
                }
            }
            <button type="button" class="run" disabled={needs_prediction} onclick={props.on_action.reform(|_: MouseEvent| LabAction::RunScenario)}>
                { "Run the handshake" }
            </button>
            if needs_prediction {
                <span class="run-note">{ " (commit a prediction first)" }</span>
            }
            if let Some(observation) = &props.observation {
                <div class="observed" role="status">
                    <p class="verdict">
                        { format!("Observed: {}{}.", observation.aborts.label(),
                            if observation.alert == 0 { String::new() } else { format!("; the other side received {}", alert_label(observation.alert)) }) }
                        if let Some(prediction) = &props.prediction {
                            { if prediction.matches(observation) { " Your prediction was right." } else { " Your prediction was different." } }
                        }
                    </p>
                    if let Some(error) = &observation.error {
                        <p class="rustls-error">{ "rustls's error on the side that aborted: " }<code>{ error }</code></p>
                    }
                    <p class="explanation">{ scenario.explanation }</p>
                </div>
            }
        </section>
    }
}
