//! The result of a check: passed, or each hidden request that came out wrong, why it matters, and
//! the engine's explanation of what happened.

use yew::prelude::*;

use super::with_code_spans;
use crate::challenges::Grade;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct GradeReportProps {
    pub grade: Grade,
}

#[function_component(GradeReport)]
pub fn grade_report(props: &GradeReportProps) -> Html {
    let grade = &props.grade;
    let passed = grade.passed();
    let total = grade.results.len();
    let wrong = grade.failures().count();
    let summary = if passed {
        format!("Solved: all {total} hidden requests get the least-privilege answer.")
    } else if !grade.problems.is_empty() {
        "Not yet: the CSE refused part of your setup (see below).".to_owned()
    } else {
        format!("Not yet: {wrong} of {total} hidden requests get the wrong answer.")
    };
    let problems = grade.problems.iter().map(|problem| html! { <li class="probe-problem">{ problem.clone() }</li> });
    let failures = grade.failures().map(|result| {
        let lines = result.explanation.iter().map(|line| html! { <li>{ line.clone() }</li> });
        html! {
            <li class="probe-failure">
                <p class="probe-request"><strong>{ result.request.clone() }</strong></p>
                <p>{ format!("Expected {}, but it is {}.", result.expected, result.actual) }</p>
                <p class="why">{ with_code_spans(&result.why) }</p>
                if let Some(mistake) = &result.mistake {
                    <p class="mistake">{ with_code_spans(mistake) }</p>
                }
                <details class="explanation" open=true>
                    <summary>{ "What the CSE says" }</summary>
                    <ul>{ for lines }</ul>
                </details>
            </li>
        }
    });
    html! {
        <div class="grade" data-passed={passed.to_string()} role="status" aria-live="polite">
            <p class={classes!("message", if passed { "ok" } else { "wrong" })}>{ summary }</p>
            if !grade.problems.is_empty() {
                <ul class="probe-problems">{ for problems }</ul>
            }
            if wrong > 0 {
                <ol class="probe-failures">{ for failures }</ol>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::challenges::{find, grade};

    fn render(grade: Grade) -> String {
        lab_kit::testing::render::<GradeReport>(GradeReportProps { grade })
    }

    #[test]
    fn a_failed_check_names_each_wrong_request_why_and_the_engine_explanation() {
        let challenge = find("meters-wildcard").expect("challenge");
        let html = render(grade(&challenge, &challenge.start));
        assert!(html.contains("data-passed=\"false\""));
        assert!(html.contains("Not yet: 3 of 7 hidden requests get the wrong answer."), "{html}");
        assert!(html.contains("Cthermostat: Create on cse-in/energy"), "{html}");
        assert!(html.contains("Expected denied, but it is granted."));
        assert!(html.contains("granted it to <code>C*</code>, which also matches Cthermostat. Make the pattern as narrow as the naming scheme allows: <code>Cmeter-*</code>."), "{html}");
        assert!(!html.contains('`'), "code is shown as code, not as Markdown: {html}");
        assert!(
            html.contains("granted by rule 0 of cse-in/acpEnergy.pv"),
            "the engine's explanation, with paths: {html}"
        );
    }

    #[test]
    fn a_passed_check_says_so() {
        let challenge = find("discovery-leak").expect("challenge");
        let mut setup = challenge.start.clone();
        setup.attachments.retain(|target, _| target == "cse-in/notices");
        let html = render(grade(&challenge, &setup));
        assert!(html.contains("data-passed=\"true\""), "{html}");
        assert!(html.contains("Solved: all 6 hidden requests"));
    }

    #[test]
    fn the_untouched_thermostat_report_shows_the_real_mistakes_only() {
        let challenge = find("thermostat-hours").expect("challenge");
        let html = render(grade(&challenge, &challenge.start));
        assert!(!html.contains("8-18"), "{html}");
        assert!(
            html.contains(
                "<p class=\"mistake\">Your pv rule 0 of acpThermostat granted it and has no time window (actw)"
            ),
            "{html}"
        );
        assert!(html.contains("<code>* * 8-17 * * * *</code>"), "{html}");
    }
}
