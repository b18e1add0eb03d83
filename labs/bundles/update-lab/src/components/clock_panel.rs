//! The CRA Art. 14 clock: the incident's timeline, the student's hour for each report, and each checked against
//! its deadline as the facts word it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::cra_clock::{self, AWARE_AT, Duty, FIX_AVAILABLE_HOUR};
use crate::export::MAX_HOUR;
use crate::model::LabAction;
use crate::work::Work;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ClockPanelProps {
    pub id: u32,
    pub work: Work,
    /// A field that could not be read: (duty, what was typed, why).
    pub hour_error: Option<(Duty, String, String)>,
    pub on_action: Callback<LabAction>,
}

#[function_component(ClockPanel)]
pub fn clock_panel(props: &ClockPanelProps) -> Html {
    let id = props.id;
    let checks = cra_clock::check(&props.work.schedule);
    html! {
        <section class="update-clock" aria-label="CRA Art. 14 clock">
            <h4>{ "The CRA Art. 14 clock" }</h4>
            <ul class="timeline">
                <li>{ format!("Hour 0, {AWARE_AT}: you become aware that EXAMPLE-ADV-2026-0101 (ember-tls) is actively exploited against the plug.") }</li>
                <li>{ format!("Hour {FIX_AVAILABLE_HOUR}, {}: firmware 1.3.0, the corrective measure, is available.", cra_clock::at(FIX_AVAILABLE_HOUR)) }</li>
            </ul>
            <p>{ "Schedule each duty as hours after becoming aware." }</p>
            { for checks.iter().map(|check| {
                let duty = check.duty;
                let field_id = format!("update-clock-{}-{id}", duty.key());
                let error_id = format!("{field_id}-error");
                let error = props.hour_error.as_ref().filter(|(failed, _, _)| *failed == duty);
                let value = error.map(|(_, typed, _)| typed.clone()).or_else(|| check.hour.map(|hour| hour.to_string())).unwrap_or_default();
                let on_change = props.on_action.reform(move |event: Event| {
                    LabAction::Schedule(duty, event.target_unchecked_into::<HtmlInputElement>().value())
                });
                html! {
                    <div class="row duty" data-duty={duty.key()}>
                        <label for={field_id.clone()}>{ format!("{} (hour)", duty.label()) }</label>
                        <input id={field_id} class="hour" type="number" min="0" max={MAX_HOUR.to_string()} step="1" value={value}
                            onchange={on_change}
                            aria-invalid={if error.is_some() { "true" } else { "false" }}
                            aria-describedby={error.map(|_| error_id.clone())} />
                        if let Some((_, _, why)) = error {
                            <span id={error_id} class="field-error" role="alert">{ why.clone() }</span>
                        }
                        <span class={classes!("check", if check.ok { "ok" } else { "pending" })}>
                            { format!("{} {}", if check.ok { "✓" } else { "✗" }, check.explanation) }
                        </span>
                    </div>
                }
            }) }
        </section>
    }
}
