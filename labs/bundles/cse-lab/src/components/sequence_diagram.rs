//! A sequence diagram of the latest requests, responses and notifications between the AEs and the CSE,
//! drawn as SVG from the engine's trace, with a text list of the same events for screen readers.

use std::collections::BTreeMap;

use onem2m_cse::{NotificationKind, NotificationTarget, TraceEvent, TraceKind};
use yew::prelude::*;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct SequenceDiagramProps {
    /// The engine's teaching trace of the session.
    pub trace: Vec<TraceEvent>,
    pub id: u32,
}

/// How many events the diagram shows (the latest).
pub const ROWS: usize = 14;
const MAX_LANES: usize = 5;
const CSE: &str = "CSE";

/// One arrow of the diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrow {
    pub from: String,
    pub to: String,
    pub label: String,
    pub error: bool,
}

/// The arrows for the latest events of a trace, oldest first.
pub fn arrows(trace: &[TraceEvent]) -> Vec<Arrow> {
    let mut originators: BTreeMap<String, String> = BTreeMap::new();
    let mut all = Vec::new();
    for event in trace {
        let who = |name: &str| if name.is_empty() { "(no originator)".to_owned() } else { name.to_owned() };
        match &event.kind {
            TraceKind::Request(request) if event.depth == 0 => {
                originators.insert(request.rqi.clone(), who(&request.fr));
                all.push(Arrow {
                    from: who(&request.fr),
                    to: CSE.into(),
                    label: format!("{} {}", request.op, request.to),
                    error: false,
                });
            }
            TraceKind::Request(request) => {
                all.push(Arrow {
                    from: CSE.into(),
                    to: CSE.into(),
                    label: format!("fan-out: {} {}", request.op, request.to),
                    error: false,
                });
            }
            TraceKind::Response(response) if event.depth == 0 => {
                let to = originators.remove(&response.rqi).unwrap_or_else(|| "(originator)".into());
                all.push(Arrow {
                    from: CSE.into(),
                    to,
                    label: format!("{} {}", response.rsc.code(), response.rsc.name()),
                    error: !response.rsc.is_success(),
                });
            }
            TraceKind::Response(_) => {}
            TraceKind::Notification(notification) => {
                let to = match &notification.target {
                    NotificationTarget::Ae { aei, .. } => aei.clone(),
                    NotificationTarget::Uri(uri) => uri.clone(),
                };
                let label = match notification.kind {
                    NotificationKind::Verification => "Notify: verification request".to_owned(),
                    NotificationKind::SubscriptionDeleted => "Notify: subscription deleted".to_owned(),
                    NotificationKind::Event => {
                        let net =
                            notification.content.pointer("/m2m:sgn/nev/net").and_then(|net| net.as_u64()).unwrap_or(0);
                        format!("Notify: event net {net}")
                    }
                };
                all.push(Arrow { from: CSE.into(), to, label, error: false });
            }
            TraceKind::Verification { target, outcome } => {
                all.push(Arrow {
                    from: target.clone(),
                    to: CSE.into(),
                    label: format!("verification: {outcome:?}"),
                    error: false,
                });
            }
            TraceKind::Expired { path, .. } => {
                all.push(Arrow { from: CSE.into(), to: CSE.into(), label: format!("expired: {path}"), error: false });
            }
            TraceKind::DeviceAction { ri, trigger, status } => {
                all.push(Arrow {
                    from: CSE.into(),
                    to: format!("device of {ri}"),
                    label: format!("device management: {trigger} → {}", status.name()),
                    error: false,
                });
            }
        }
    }
    let skip = all.len().saturating_sub(ROWS);
    all.split_off(skip)
}

/// The lanes, CSE first, then participants in order of appearance (at most MAX_LANES; the rest share one).
pub fn lanes(arrows: &[Arrow]) -> Vec<String> {
    let mut lanes = vec![CSE.to_owned()];
    for arrow in arrows {
        for name in [&arrow.from, &arrow.to] {
            if !lanes.contains(name) && lanes.len() <= MAX_LANES {
                lanes.push(name.clone());
            }
        }
    }
    lanes
}

#[function_component(SequenceDiagram)]
pub fn sequence_diagram(props: &SequenceDiagramProps) -> Html {
    let arrows = arrows(&props.trace);
    if arrows.is_empty() {
        return html! {
            <section class="cse-sequence" aria-label="Sequence diagram">
                <h4>{ "Sequence diagram" }</h4>
                <p class="empty">{ "Requests, responses and notifications will appear here." }</p>
            </section>
        };
    }
    let lanes = lanes(&arrows);
    let lane_width = 170.0;
    let x_of = |name: &str| {
        let index = lanes.iter().position(|lane| lane == name).unwrap_or(lanes.len() - 1);
        90.0 + index as f64 * lane_width
    };
    let width = 180.0 + (lanes.len() - 1) as f64 * lane_width;
    let height = 60.0 + arrows.len() as f64 * 30.0 + 10.0;
    let marker = format!("cse-arrow-{}", props.id);
    let header = lanes.iter().map(|lane| {
        let x = x_of(lane);
        let shown: String = lane.chars().take(20).collect();
        html! {
            <g class="lane">
                <rect x={(x - 75.0).to_string()} y="8" width="150" height="26" rx="4" />
                <text x={x.to_string()} y="26" text-anchor="middle">{ shown }</text>
                <line class="lifeline" x1={x.to_string()} y1="34" x2={x.to_string()} y2={height.to_string()} />
            </g>
        }
    });
    let rows = arrows.iter().enumerate().map(|(row, arrow)| {
        let y = 60.0 + row as f64 * 30.0;
        let (from, to) = (x_of(&arrow.from), x_of(&arrow.to));
        let label: String = arrow.label.chars().take(48).collect();
        let class = classes!("arrow", arrow.error.then_some("error"));
        if (from - to).abs() < 1.0 {
            html! {
                <g class={class}>
                    <path d={format!("M{from} {} h30 v12 h-30", y - 6.0)} fill="none" marker-end={format!("url(#{marker})")} />
                    <text x={(from + 36.0).to_string()} y={(y + 2.0).to_string()}>{ label }</text>
                </g>
            }
        } else {
            let middle = (from + to) / 2.0;
            html! {
                <g class={class}>
                    <line x1={from.to_string()} y1={y.to_string()} x2={to.to_string()} y2={y.to_string()} marker-end={format!("url(#{marker})")} />
                    <text x={middle.to_string()} y={(y - 5.0).to_string()} text-anchor="middle">{ label }</text>
                </g>
            }
        }
    });
    let described =
        arrows.iter().map(|arrow| html! { <li>{ format!("{} → {}: {}", arrow.from, arrow.to, arrow.label) }</li> });
    html! {
        <section class="cse-sequence" aria-label="Sequence diagram">
            <h4>{ format!("Sequence diagram (latest {})", arrows.len()) }</h4>
            <div class="diagram-scroll">
                <svg viewBox={format!("0 0 {width} {height}")} width={width.to_string()} height={height.to_string()} role="img" aria-label="Sequence diagram of the latest messages; the same messages are listed below">
                    <defs>
                        <marker id={marker.clone()} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0 0 L10 5 L0 10 z" fill="currentColor" />
                        </marker>
                    </defs>
                    { for header }
                    { for rows }
                </svg>
            </div>
            <details class="as-text">
                <summary>{ "The same messages as text" }</summary>
                <ol class="messages">{ for described }</ol>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::LabSession;
    use onem2m_cse::Request;
    use serde_json::json;

    #[test]
    fn requests_and_responses_become_arrows_between_the_originator_and_the_cse() {
        let mut session = LabSession::new();
        session.send(Request::retrieve("cse-in", "CAdmin"));
        session.send(Request::retrieve("cse-in/missing", "CAdmin"));
        let arrows = arrows(&session.trace);
        assert_eq!(arrows.len(), 4);
        assert_eq!((arrows[0].from.as_str(), arrows[0].to.as_str()), ("CAdmin", "CSE"));
        assert_eq!(arrows[1].label, "2000 OK");
        assert!(arrows[3].error && arrows[3].label.starts_with("4004"));
        assert_eq!(lanes(&arrows), vec!["CSE".to_owned(), "CAdmin".to_owned()]);
    }

    #[test]
    fn notifications_go_from_the_cse_to_the_ae_and_only_the_latest_rows_are_kept() {
        let mut session = LabSession::new();
        session.send(Request::create(
            "cse-in",
            "Cdisplay",
            2,
            json!({"m2m:ae": {"rn": "display", "api": "Nd", "rr": true, "srv": ["3"], "poa": ["sim://d"]}}),
        ));
        session.send(Request::create("cse-in/display", "Cdisplay", 3, json!({"m2m:cnt": {"rn": "c"}})));
        session.send(Request::create(
            "cse-in/display/c",
            "Cdisplay",
            23,
            json!({"m2m:sub": {"rn": "s", "nu": ["Cdisplay"], "enc": {"net": [3]}}}),
        ));
        for _ in 0..10 {
            session.send(Request::create("cse-in/display/c", "Cdisplay", 4, json!({"m2m:cin": {"con": "x"}})));
        }
        let arrows = arrows(&session.trace);
        assert_eq!(arrows.len(), ROWS);
        assert!(
            arrows
                .iter()
                .any(|arrow| arrow.from == "CSE" && arrow.to == "Cdisplay" && arrow.label == "Notify: event net 3"),
            "{arrows:#?}"
        );
    }
}
