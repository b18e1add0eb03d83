//! The last response: its status code with name and meaning, and the whole primitive as JSON.

use yew::prelude::*;

use crate::model::DraftProblem;
use crate::session::Exchange;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ResponsePanelProps {
    /// The last request sent and its response.
    pub last: Option<Exchange>,
    /// Why the last Send sent nothing.
    pub draft_problem: Option<DraftProblem>,
}

#[function_component(ResponsePanel)]
pub fn response_panel(props: &ResponsePanelProps) -> Html {
    // a request the console could not send is said here too, where the reader looks for the answer
    let not_sent = props.draft_problem.as_ref().map(|problem| {
        html! {
            <p class="not-sent message wrong">{ problem.not_sent() }</p>
        }
    });
    let Some(exchange) = props.last.as_ref() else {
        return html! {
            <section class="cse-response" aria-label="Response">
                <h4>{ "Response" }</h4>
                if let Some(not_sent) = not_sent {
                    { not_sent }
                } else {
                    <p class="empty">{ "Send a request to see the CSE's response here." }</p>
                }
            </section>
        };
    };
    let rsc = exchange.response.rsc;
    let json = serde_json::to_string_pretty(&exchange.response.to_json()).unwrap_or_default();
    html! {
        <section class="cse-response" aria-label="Response">
            <h4>{ "Response" }</h4>
            if let Some(not_sent) = not_sent {
                { not_sent }
                <p class="earlier">{ "The response to your previous request:" }</p>
            }
            <p class={classes!("rsc", if rsc.is_success() { "ok" } else { "error" })} role="status" aria-live="polite">
                <strong class="rsc-code">{ rsc.code() }</strong>
                { " " }
                <span class="rsc-name">{ rsc.name() }</span>
                { format!(" (HTTP {}): {}", rsc.http_status(), rsc.meaning()) }
            </p>
            if let Some(message) = exchange.response.debug_message() {
                <p class="dbg">{ message.to_owned() }</p>
            }
            <pre class="json"><code>{ json }</code></pre>
        </section>
    }
}
