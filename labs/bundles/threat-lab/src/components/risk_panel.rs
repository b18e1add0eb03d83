//! The risk matrices (before and after treatment) and the register, highest risk first, as a report would show it.

use yew::prelude::*;

use crate::catalogue::find_countermeasure;
use crate::model::LabState;
use crate::register::{Score, by_risk, risk_matrix};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct RiskPanelProps {
    pub lab: UseReducerHandle<LabState>,
}

fn matrix(caption: &str, class: &str, counts: [[usize; 3]; 3]) -> Html {
    html! {
        <table class={classes!("risk-matrix", class.to_owned())}>
            <caption>{ caption.to_owned() }</caption>
            <thead>
                <tr>
                    <th scope="col">
                        <span class="visually-hidden">{ "Likelihood (rows) and impact (columns)" }</span>
                        <span aria-hidden="true">{ "L \\ I" }</span>
                    </th>
                    <th scope="col">{ "1 low" }</th><th scope="col">{ "2 med." }</th><th scope="col">{ "3 high" }</th>
                </tr>
            </thead>
            <tbody>
                { for (1..=3u8).rev().map(|likelihood| html! {
                    <tr>
                        <th scope="row">{ ["1 unlikely", "2 possible", "3 likely"][usize::from(likelihood) - 1] }</th>
                        { for (1..=3u8).map(|impact| {
                            let level = Score { likelihood, impact }.level().label();
                            let count = counts[usize::from(likelihood) - 1][usize::from(impact) - 1];
                            html! { <td class={classes!("cell", level)} data-cell={format!("{likelihood}-{impact}")}>{ if count == 0 { String::new() } else { count.to_string() } }</td> }
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

#[function_component(RiskPanel)]
pub fn risk_panel(props: &RiskPanelProps) -> Html {
    let work = props.lab.workspace();
    let accepted = by_risk(&work.threats);
    html! {
        <section class="threat-risks" aria-label="Risks">
            <h4>{ "3. Risk matrix and register" }</h4>
            <p class="help">{ "Risk = likelihood x impact on the chapter's 1-3 scale: 6 and 9 are high, 3 and 4 medium, 1 and 2 low. Each cell counts accepted threats." }</p>
            <div class="matrices">
                { matrix("Before treatment", "inherent", risk_matrix(&work.threats, false)) }
                { matrix("After treatment (residual)", "residual", risk_matrix(&work.threats, true)) }
            </div>
            <div class="register-scroll">
                <table class="risk-register">
                    <caption>{ format!("Risk register: {} accepted threats, highest risk first", accepted.len()) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Priority" }</th><th scope="col">{ "Threat" }</th><th scope="col">{ "Vulnerability" }</th>
                            <th scope="col">{ "Risk" }</th><th scope="col">{ "Treatment and countermeasures" }</th><th scope="col">{ "Residual" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for accepted.into_iter().map(|threat| html! {
                            <tr data-threat={threat.id.clone()}>
                                <td>{ threat.rank.map(|rank| rank.to_string()).unwrap_or_default() }</td>
                                <td>{ format!("[{}] {}", threat.category.letter(), threat.sentence()) }</td>
                                <td>{ threat.vulnerability.clone() }</td>
                                <td>{ threat.score().map(|score| format!("{} x {} = {}", score.likelihood, score.impact, score.risk())).unwrap_or_default() }</td>
                                <td>
                                    { threat.treatment.map(|treatment| treatment.label()).unwrap_or("") }
                                    { for threat.countermeasures.iter().filter_map(|id| find_countermeasure(id)).map(|countermeasure| html! {
                                        <><br />{ format!("{} ({})", countermeasure.name, countermeasure.citations()) }</>
                                    }) }
                                </td>
                                <td>{ threat.residual_risk().map(|risk| risk.to_string()).unwrap_or_default() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
