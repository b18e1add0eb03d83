//! The simulated clock: the time the CSE sees, and buttons to move it forward (expiry, time windows).

use onem2m_cse::Timestamp;
use yew::prelude::*;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ClockProps {
    /// The time the CSE sees.
    pub now: Timestamp,
    /// Move the clock forward by this many seconds.
    pub on_advance: Callback<u64>,
}

const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

#[function_component(Clock)]
pub fn clock(props: &ClockProps) -> Html {
    let now = props.now.civil();
    let shown = format!(
        "{} {:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        WEEKDAYS[(now.weekday % 7) as usize],
        now.year,
        now.month,
        now.day,
        now.hour,
        now.minute,
        now.second
    );
    let button = |label: &'static str, seconds: u64| {
        let on_click = props.on_advance.reform(move |_: MouseEvent| seconds);
        html! { <button type="button" onclick={on_click} aria-label={format!("Advance the clock by {label}")}>{ format!("+{label}") }</button> }
    };
    html! {
        <section class="cse-clock" aria-label="Simulated clock">
            <h4>{ "Clock" }</h4>
            <p><output class="now" aria-live="polite">{ shown }</output></p>
            <p class="oneM2M-time"><code>{ props.now.to_onem2m_seconds() }</code></p>
            <div class="buttons">
                { button("1 min", 60) }
                { button("1 h", 3600) }
                { button("1 day", 86_400) }
            </div>
        </section>
    }
}
