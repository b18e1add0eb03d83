//! One observer at a time: what its Retrieve requests returned from the CSE, and what it infers from that.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::occupancy_timeline::OccupancyTimeline;
use super::with_code_spans;
use crate::analysis::Analysis;
use crate::household::{DAY_NAMES, slot_label};
use crate::inference::{Linkage, Source};
use crate::policy::Observer;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ObserverPanelProps {
    pub id: u32,
    pub analysis: Rc<Analysis>,
    /// The observer shown.
    pub observer: Observer,
    /// Another observer, as the text of the chosen option.
    pub on_observer: Callback<String>,
}

fn percent(value: f64) -> String {
    format!("{:.0}%", value * 100.0)
}

fn hour_label(hour: usize) -> String {
    slot_label(hour * 4)
}

#[function_component(ObserverPanel)]
pub fn observer_panel(props: &ObserverPanelProps) -> Html {
    let on_choose = props.on_observer.reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
    let select_id = format!("privacy-observer-{}", props.id);
    let result = props.analysis.of(props.observer);
    let inferences = &result.inferences;
    let occupancy = &inferences.occupancy;
    let occupancy_text = match occupancy.source {
        Source::Nothing => "Nothing to infer occupancy from: no energy or hourly motion data.".to_owned(),
        source => format!(
            "From {}: {} of {} hours inferred right; a guess knowing only which days someone was home gets {}. {}",
            if source == Source::Energy { "energy" } else { "motion" },
            percent(occupancy.accuracy),
            occupancy.hours_with_data,
            percent(occupancy.day_only_baseline),
            if occupancy.reveals_routine() { "The daily routine is exposed." } else { "The daily routine is hidden." }
        ),
    };
    let sleep_text = match inferences.sleep.mean_error_minutes {
        Some(error) => format!("Inferred wake-up and bedtimes are off by {error:.0} minutes on average."),
        None => "Cannot tell when the household wakes up or goes to bed.".to_owned(),
    };
    let linkage_text = match &inferences.linkage {
        Linkage::NamedInData { stream } => format!("No attack needed: the data names a resident (`{stream}`)."),
        Linkage::ReIdentified { stream, share_during_office, next_best } => format!(
            "Re-identified: stream `{stream}` has {} of its motion while Ana is badged in at work (next best {}): it is Ana's bedroom. Pseudonymised data is still personal data.",
            percent(*share_during_office),
            percent(*next_best)
        ),
        Linkage::Failed { reason } => format!("Ana is not singled out: {reason}."),
    };
    let holiday_text = match inferences.holiday.found {
        Some((from, to)) if inferences.holiday.matches_truth => {
            format!("Burglary risk: the household was away from {} to {}.", hour_label(from), hour_label(to))
        }
        Some((from, to)) => {
            format!("A long quiet period from {} to {}, but it is not the holiday.", hour_label(from), hour_label(to))
        }
        None => "No absence of 30 hours or more is visible.".to_owned(),
    };
    let summary = format!(
        "{}: true and inferred active occupancy per hour, Monday to Sunday. {occupancy_text}",
        props.observer.label()
    );
    html! {
        <section class="privacy-observer" aria-label="What an observer can infer">
            <h4>{ "What an observer can still infer" }</h4>
            <div class="row">
                <label for={select_id.clone()}>{ "Observer" }</label>
                <select id={select_id} class="observer" onchange={on_choose}>
                    { for Observer::ALL.into_iter().map(|observer| html! {
                        <option value={observer.key()} selected={observer == props.observer}>{ observer.label() }</option>
                    }) }
                </select>
            </div>
            <table class="retrievals">
                <caption>{ format!("Retrieve requests as {} (rcn=4, ty=4) on Monday 12 January 00:01", props.observer.originator()) }</caption>
                <thead><tr><th scope="col">{ "Container" }</th><th scope="col">{ "Response" }</th><th scope="col">{ "Readings" }</th></tr></thead>
                <tbody>
                    { for result.view.retrievals.iter().map(|retrieval| html! {
                        <tr class={classes!("retrieval", retrieval.channel.key(), if retrieval.granted() { "granted" } else { "refused" })}>
                            <td><code>{ retrieval.channel.path() }</code></td>
                            <td class="rsc">{ format!("{} {}", retrieval.status.code(), retrieval.status.name()) }</td>
                            <td>
                                { retrieval.records.len() }
                                if let Some(sample) = retrieval.records.first() {
                                    <details><summary>{ "first" }</summary><code class="sample">{ sample.to_string() }</code></details>
                                }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <dl class="inferences">
                <dt>{ "Occupancy" }</dt><dd class="occupancy">{ occupancy_text }</dd>
                <dt>{ "Sleep and wake times" }</dt><dd class="sleep">{ sleep_text }</dd>
                <dt>{ "Identity by linkage" }</dt><dd class="linkage">{ with_code_spans(&linkage_text) }</dd>
                <dt>{ "Holiday absence" }</dt><dd class="holiday">{ holiday_text }</dd>
            </dl>
            <OccupancyTimeline truth={props.analysis.household.active_hours.clone()} inferred={occupancy.inferred.clone()} summary={summary} />
            <details class="sleep-days">
                <summary>{ "Wake-up and bedtime per day" }</summary>
                <table>
                    <thead><tr><th scope="col">{ "Day" }</th><th scope="col">{ "True" }</th><th scope="col">{ "Inferred" }</th></tr></thead>
                    <tbody>
                        { for inferences.sleep.days.iter().map(|day| {
                            let times = |value: Option<(usize, usize)>, slots_per_unit: usize| value.map(|(wake, bed)| format!("{} – {}", slot_label(wake * slots_per_unit), slot_label(bed * slots_per_unit))).unwrap_or_else(|| "–".to_owned());
                            html! { <tr><th scope="row">{ DAY_NAMES[day.day] }</th><td>{ times(day.actual, 4) }</td><td>{ times(day.inferred, 4) }</td></tr> }
                        }) }
                    </tbody>
                </table>
            </details>
        </section>
    }
}
