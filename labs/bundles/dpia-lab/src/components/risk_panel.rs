//! Part 4, risks and measures (Art. 35(7)(c) and (d)): the LINDDUN risk register with severity and likelihood
//! before and after the measures, the risk map, the measures with the article or principle each serves, and the
//! decision on prior consultation (Art. 36).

use std::collections::BTreeSet;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::LabAction;
use crate::risks::{Level, Measure, Risk, Threat, consultation_needed};

#[derive(Clone, PartialEq, Properties)]
pub struct RiskPanelProps {
    pub id: u32,
    pub register: Rc<Vec<Risk>>,
    pub measures: BTreeSet<Measure>,
    pub consultation: bool,
    pub on_action: Callback<LabAction>,
}

fn checked(event: Event) -> bool {
    event.target_unchecked_into::<HtmlInputElement>().checked()
}

fn number(register: &[Risk], threat: Threat) -> usize {
    register.iter().position(|risk| risk.threat == threat).map_or(0, |index| index + 1)
}

#[function_component(RiskPanel)]
pub fn risk_panel(props: &RiskPanelProps) -> Html {
    let register = &props.register;
    let needed = consultation_needed(register);
    let consultation_id = format!("dpia-consultation-{}", props.id);
    let map_cell = |severity: Level, likelihood: Level| {
        let here: Vec<String> = register
            .iter()
            .filter(|risk| risk.residual.severity == severity && risk.residual.likelihood == likelihood)
            .map(|risk| format!("R{}", number(register, risk.threat)))
            .collect();
        let high = severity.value() + likelihood.value() >= 4;
        html! { <td class={classes!(if high { "high" } else { "acceptable" })}>{ here.join(" ") }</td> }
    };
    html! {
        <section class="dpia-risks" aria-label="Risks and measures">
            <h4>{ "4. Risks to the people and the measures (Art. 35(7)(c) and (d))" }</h4>
            <p>{ "Threats found with the LINDDUN categories on the description, rated for the people (severity, likelihood: negligible, limited, significant, maximum, as in the CNIL PIA method). A risk is high when the two add up to 4 or more (negligible counts 0, maximum 3). Change the description above, or choose measures below." }</p>
            <div class="table-scroll">
                <table class="register">
                    <caption>{ "The risk register" }</caption>
                    <thead><tr><th scope="col">{ "#" }</th><th scope="col">{ "Risk to people" }</th><th scope="col">{ "LINDDUN" }</th><th scope="col">{ "Before measures" }</th><th scope="col">{ "Measures" }</th><th scope="col">{ "Residual" }</th></tr></thead>
                    <tbody>
                        { for register.iter().enumerate().map(|(index, risk)| html! {
                            <tr data-threat={risk.threat.key()} class={classes!(if risk.residual.high() { "high" } else { "acceptable" })}>
                                <td>{ format!("R{}", index + 1) }</td>
                                <td>{ risk.threat.label() }<br /><small>{ format!("Because {}.", risk.why) }</small></td>
                                <td>{ risk.threat.category().label() }</td>
                                <td>{ risk.inherent.describe() }</td>
                                <td>{ if risk.measures.is_empty() { "none".to_owned() } else { risk.measures.iter().map(|measure| measure.key()).collect::<Vec<_>>().join(", ") } }</td>
                                <td class="residual">{ format!("{}{}", risk.residual.describe(), if risk.residual.high() { ": high" } else { "" }) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <div class="table-scroll">
                <table class="risk-map">
                    <caption>{ "The risk map after the measures: severity (rows) by likelihood (columns)" }</caption>
                    <thead><tr><th scope="col">{ "Severity \\ likelihood" }</th>{ for Level::ALL.iter().map(|level| html! { <th scope="col">{ level.label() }</th> }) }</tr></thead>
                    <tbody>
                        { for Level::ALL.iter().rev().map(|severity| html! {
                            <tr><th scope="row">{ severity.label() }</th>{ for Level::ALL.iter().map(|likelihood| map_cell(*severity, *likelihood)) }</tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <fieldset class="measures">
                <legend>{ "Measures envisaged" }</legend>
                { for Measure::ALL.iter().map(|measure| {
                    let measure = *measure;
                    let id = format!("dpia-measure-{}-{}", measure.key(), props.id);
                    html! {
                        <div class="check">
                            <input type="checkbox" id={id.clone()} class={format!("measure-{}", measure.key())} checked={props.measures.contains(&measure)}
                                onchange={props.on_action.reform(move |event| LabAction::SetMeasure(measure, checked(event)))} />
                            <label for={id}>{ measure.label() }<br /><small>{ measure.serves() }</small></label>
                        </div>
                    }
                }) }
            </fieldset>
            <div class="check consultation">
                <input type="checkbox" id={consultation_id.clone()} class="consultation" checked={props.consultation}
                    onchange={props.on_action.reform(|event| LabAction::SetConsultation(checked(event)))} />
                <label for={consultation_id}>{ "Consult the supervisory authority before processing (Art. 36)" }</label>
            </div>
            <p class="verdict" aria-live="polite">
                { if needed {
                    format!("{} risks are still high after the measures.", register.iter().filter(|risk| risk.residual.high()).count())
                } else {
                    "No risk is high after the measures.".to_owned()
                } }
            </p>
        </section>
    }
}
