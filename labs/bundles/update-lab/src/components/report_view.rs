//! The bootloader's report: every step with its verdict and what it saw, and how the update ended.

use yew::prelude::*;

use crate::device::{UpdateReport, UpdateResult, Verdict};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ReportViewProps {
    pub report: Option<UpdateReport>,
}

#[function_component(ReportView)]
pub fn report_view(props: &ReportViewProps) -> Html {
    let Some(report) = &props.report else {
        return html! { <p class="update-report empty">{ "No shipment has reached the bootloader yet." }</p> };
    };
    let tone = match report.result {
        UpdateResult::Installed => "ok",
        UpdateResult::RolledBack => "pending",
        UpdateResult::Rejected(_) => "wrong",
    };
    html! {
        <div class="update-report">
            <p class={classes!("message", "result", tone)} role="status">
                { format!("Version {}: {}", report.version, report.result.describe()) }
            </p>
            <ol class="steps">
                { for report.steps.iter().map(|step| {
                    let (mark, class) = match step.verdict {
                        Verdict::Passed => ("✓ passed", "passed"),
                        Verdict::Failed => ("✗ failed", "failed"),
                        Verdict::NotReached => ("– not reached", "not-reached"),
                    };
                    html! {
                        <li class={classes!("step", class)} data-step={step.step.key()}>
                            <strong>{ step.step.label() }</strong>{ ": " }
                            <span class="verdict">{ mark }</span>
                            <span class="detail">{ format!(" ({})", step.detail) }</span>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}
