//! The week as a timeline: for each day, the true active occupancy (top) and what the observer infers (bottom).

use yew::prelude::*;

use crate::household::{DAY_NAMES, DAYS};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct OccupancyTimelineProps {
    /// Per hour of the week: someone at home and awake.
    pub truth: Vec<bool>,
    /// Per hour: the observer's inference, `None` without data.
    pub inferred: Vec<Option<bool>>,
    /// Describes the figure for screen readers.
    pub summary: String,
}

const LEFT: u32 = 34;
const HOUR: u32 = 12;
const ROW: u32 = 24;
const TOP: u32 = 14;

/// Runs of equal values in one day, as (first hour, length, class).
fn runs<T: PartialEq + Copy>(values: &[T], class: impl Fn(T) -> &'static str) -> Vec<(u32, u32, &'static str)> {
    let mut runs: Vec<(u32, u32, &'static str)> = Vec::new();
    for (hour, value) in values.iter().enumerate() {
        let name = class(*value);
        match runs.last_mut() {
            Some((_, length, last)) if *last == name => *length += 1,
            _ => runs.push((hour as u32, 1, name)),
        }
    }
    runs
}

#[function_component(OccupancyTimeline)]
pub fn occupancy_timeline(props: &OccupancyTimelineProps) -> Html {
    let width = LEFT + 24 * HOUR + 10;
    let height = TOP + DAYS as u32 * ROW + 4;
    let days = (0..DAYS).filter(|day| props.truth.len() >= (day + 1) * 24 && props.inferred.len() >= (day + 1) * 24).map(|day| {
        let y = TOP + day as u32 * ROW;
        let truth = runs(&props.truth[day * 24..day * 24 + 24], |active| if active { "active" } else { "inactive" });
        let inferred = runs(&props.inferred[day * 24..day * 24 + 24], |value| match value {
            Some(true) => "active",
            Some(false) => "inactive",
            None => "unknown",
        });
        html! {
            <g class="day">
                <text x="0" y={(y + 13).to_string()} class="label">{ DAY_NAMES[day] }</text>
                { for truth.into_iter().map(|(hour, length, class)| html! {
                    <rect class={classes!("truth", class)} x={(LEFT + hour * HOUR).to_string()} y={y.to_string()} width={(length * HOUR).to_string()} height="9" />
                }) }
                { for inferred.into_iter().map(|(hour, length, class)| html! {
                    <rect class={classes!("inferred", class)} x={(LEFT + hour * HOUR).to_string()} y={(y + 10).to_string()} width={(length * HOUR).to_string()} height="9" />
                }) }
            </g>
        }
    });
    html! {
        <figure class="occupancy-timeline">
            <svg viewBox={format!("0 0 {width} {height}")} role="img" aria-label={props.summary.clone()} preserveAspectRatio="xMinYMin meet">
                { for [0u32, 6, 12, 18, 24].into_iter().map(|hour| html! {
                    <text class="tick" x={(LEFT + hour * HOUR).to_string()} y="9" text-anchor="middle">{ format!("{hour:02}") }</text>
                }) }
                { for days }
            </svg>
            <figcaption>
                <span class="key truth active"></span>{ " active at home (true) " }
                <span class="key inferred active"></span>{ " inferred active " }
                <span class="key inferred inactive"></span>{ " inferred not active " }
                <span class="key inferred unknown"></span>{ " no data" }
                <br />{ "Each day: the truth above, the observer's inference below." }
            </figcaption>
        </figure>
    }
}
