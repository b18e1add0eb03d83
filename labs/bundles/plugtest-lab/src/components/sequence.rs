//! One test's run: its steps with their verdicts and reasons, and its messages on a sequence
//! diagram (test system, CSE, notification receiver), with the same messages as a list for screen
//! readers and print.

use plugtest::{Message, StepKind, TestDescription, TestResult, Verdict, message_line};
use yew::prelude::*;

#[derive(Clone, PartialEq, Properties)]
pub struct SequenceViewProps {
    pub result: TestResult,
    pub description: TestDescription,
}

fn verdict_class(verdict: Option<Verdict>) -> &'static str {
    match verdict {
        Some(Verdict::Pass) => "verdict pass",
        Some(Verdict::Fail) => "verdict fail",
        Some(Verdict::Inconclusive) => "verdict inconclusive",
        None => "verdict none",
    }
}

fn short(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut: String = text.chars().take(limit).collect();
    format!("{cut}…")
}

const TEST_X: i32 = 70;
const CSE_X: i32 = 330;
const RECEIVER_X: i32 = 560;
const ROW: i32 = 34;

fn arrow(index: usize, from: i32, to: i32, label: String, class: &'static str) -> Html {
    let y = 60 + ROW * i32::try_from(index).unwrap_or(0);
    let head = if to > from { to - 8 } else { to + 8 };
    let text_x = (from + to) / 2;
    html! {
        <g class={class}>
            <line x1={from.to_string()} y1={y.to_string()} x2={to.to_string()} y2={y.to_string()} stroke="currentColor" stroke-dasharray={(class != "message request").then_some("5 3")} />
            <polygon points={format!("{to},{y} {head},{} {head},{}", y - 4, y + 4)} fill="currentColor" />
            <text x={text_x.to_string()} y={(y - 6).to_string()} text-anchor="middle" fill="currentColor">{ label }</text>
        </g>
    }
}

/// The messages of a test as an SVG sequence diagram.
fn diagram(messages: &[Message]) -> Html {
    let height = 80 + ROW * i32::try_from(messages.len()).unwrap_or(0);
    let rows = messages.iter().enumerate().map(|(index, message)| match message {
        Message::Request { step, request } => {
            arrow(index, TEST_X, CSE_X, short(&format!("{step}: {}", request.summary()), 44), "message request")
        }
        Message::Response { step, response, .. } => {
            arrow(index, CSE_X, TEST_X, format!("{step}: {}", response.summary()), "message response")
        }
        Message::TransportError { step, message, .. } => {
            arrow(index, CSE_X, TEST_X, short(&format!("{step}: no response: {message}"), 44), "message error")
        }
        Message::Notification { body } => {
            let kind = if body.contains("\"vrq\"") { "m2m:sgn (verification)" } else { "m2m:sgn (notification)" };
            arrow(index, CSE_X, RECEIVER_X, kind.to_owned(), "message notification")
        }
    });
    html! {
        <svg class="sequence-diagram" viewBox={format!("0 0 640 {height}")} role="img"
            aria-label="Sequence diagram of the test's messages; the list below gives the same messages as text">
            <text x={TEST_X.to_string()} y="20" text-anchor="middle" class="lane" fill="currentColor" font-weight="bold">{ "test system" }</text>
            <text x={CSE_X.to_string()} y="20" text-anchor="middle" class="lane" fill="currentColor" font-weight="bold">{ "CSE (IUT)" }</text>
            <text x={RECEIVER_X.to_string()} y="20" text-anchor="middle" class="lane" fill="currentColor" font-weight="bold">{ "receiver" }</text>
            { for [TEST_X, CSE_X, RECEIVER_X].into_iter().map(|x| html! {
                <line class="lifeline" x1={x.to_string()} y1="28" x2={x.to_string()} y2={(height - 8).to_string()} stroke="currentColor" stroke-opacity="0.4" />
            }) }
            { for rows }
        </svg>
    }
}

#[function_component(SequenceView)]
pub fn sequence_view(props: &SequenceViewProps) -> Html {
    let result = &props.result;
    let description = &props.description;
    html! {
        <section class="plugtest-test" aria-label={format!("Test {}", result.id)}>
            <h5>{ format!("{}: {}", result.id, result.title) }</h5>
            <p class="purpose"><strong>{ "Purpose: " }</strong>{ &description.purpose }</p>
            <p class="test-verdict">
                { "Verdict: " }<span class={verdict_class(result.verdict)}>{ result.verdict.map_or("not finished", Verdict::label) }</span>
                { format!(" (PRO {}, IOP {})", result.pro.map_or("-", Verdict::label), result.iop.map_or("-", Verdict::label)) }
                if let Some(reason) = &result.reason {
                    <span class="test-reason">{ format!(" — {reason}") }</span>
                }
            </p>
            <div class="table-scroll">
            <table class="plugtest-steps">
                <caption>{ "Steps: a stimulus sends a request; a check judges what is seen on the wire (PRO); a verify asks the CSE what it shows (IOP)" }</caption>
                <thead><tr><th scope="col">{ "Step" }</th><th scope="col">{ "Kind" }</th><th scope="col">{ "Description" }</th><th scope="col">{ "Verdict" }</th><th scope="col">{ "Why" }</th></tr></thead>
                <tbody>
                    { for result.steps.iter().map(|step| {
                        let verdict = match (step.verdict, step.done, step.kind) {
                            (Some(verdict), _, _) => verdict.label(),
                            (None, true, StepKind::Stimulus) => "sent",
                            (None, _, _) => "",
                        };
                        html! {
                            <tr class={classes!("step", format!("step-{}", step.number))}>
                                <td>{ step.number }</td>
                                <td>{ step.kind.label() }</td>
                                <td>{ &step.description }</td>
                                <td class={verdict_class(step.verdict)}>{ verdict }</td>
                                <td class="reasons">{ step.reasons.join("; ") }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </div>
            { diagram(&result.messages) }
            <details class="message-list">
                <summary>{ format!("The {} messages as text", result.messages.len()) }</summary>
                <ol>{ for result.messages.iter().map(|message| html! { <li>{ message_line(message) }</li> }) }</ol>
            </details>
        </section>
    }
}
