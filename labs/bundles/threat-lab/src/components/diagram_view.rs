//! The data flow diagram drawn as SVG from the model: boundaries as dashed columns, external entities as boxes,
//! processes as rounded boxes, data stores between two lines, flows as numbered arrows (thicker when they cross a
//! trust boundary), listed under the drawing for screen readers and narrow screens. Clicking an item selects it.

use yew::prelude::*;

use crate::diagram::{BOX_HEIGHT, BOX_WIDTH, ElementKind, layout};
use crate::model::{LabAction, LabState};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct DiagramViewProps {
    pub lab: UseReducerHandle<LabState>,
}

/// Where the segment from `from` towards `to` leaves a box centred on `from`.
fn edge_point(from: (f64, f64), to: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let scale_x = if dx.abs() > f64::EPSILON { (BOX_WIDTH / 2.0) / dx.abs() } else { f64::INFINITY };
    let scale_y = if dy.abs() > f64::EPSILON { (BOX_HEIGHT / 2.0 + 4.0) / dy.abs() } else { f64::INFINITY };
    let scale = scale_x.min(scale_y).min(1.0);
    (from.0 + dx * scale, from.1 + dy * scale)
}

/// A name cut to fit its box.
fn fitted(name: &str) -> String {
    if name.chars().count() > 22 {
        format!("{}…", name.chars().take(21).collect::<String>())
    } else {
        name.to_owned()
    }
}

#[function_component(DiagramView)]
pub fn diagram_view(props: &DiagramViewProps) -> Html {
    let lab = &props.lab;
    let work = lab.workspace();
    let diagram = &work.diagram;
    let layout = layout(diagram);
    let selected = lab.selected.as_deref();
    let select = |id: &str| {
        let (lab, id) = (props.lab.clone(), id.to_owned());
        Callback::from(move |_: MouseEvent| lab.dispatch(LabAction::Select(id.clone())))
    };
    let boundaries = layout.boundaries.iter().map(|(id, x, y, width, height)| {
        let name = diagram.name_of(id).unwrap_or_default();
        html! {
            <g class={classes!("boundary", (selected == Some(id.as_str())).then_some("selected"))} onclick={select(id)}>
                <rect x={x.to_string()} y={y.to_string()} width={width.to_string()} height={height.to_string()} rx="6" />
                <text x={(x + 6.0).to_string()} y={(y + 16.0).to_string()} class="boundary-name">{ fitted(name) }</text>
            </g>
        }
    });
    let flows = diagram.flows.iter().enumerate().filter_map(|(index, flow)| {
        let (from, to) = (layout.position(&flow.from)?, layout.position(&flow.to)?);
        let (start, end) = (edge_point(from, to), edge_point(to, from));
        let middle = ((start.0 + end.0) / 2.0, (start.1 + end.1) / 2.0);
        let class = classes!(
            "flow",
            diagram.crosses_boundary(&flow.id).then_some("crossing"),
            (selected == Some(flow.id.as_str())).then_some("selected")
        );
        Some(html! {
            <g class={class} onclick={select(&flow.id)}>
                <line x1={start.0.to_string()} y1={start.1.to_string()} x2={end.0.to_string()} y2={end.1.to_string()} marker-end="url(#threat-arrow)" />
                <circle cx={middle.0.to_string()} cy={middle.1.to_string()} r="9" />
                <text x={middle.0.to_string()} y={(middle.1 + 4.0).to_string()} text-anchor="middle">{ index + 1 }</text>
            </g>
        })
    });
    let elements = diagram.elements.iter().filter_map(|element| {
        let (x, y) = layout.position(&element.id)?;
        let (left, top) = (x - BOX_WIDTH / 2.0, y - BOX_HEIGHT / 2.0);
        let shape = match element.kind {
            ElementKind::ExternalEntity => html! {
                <rect x={left.to_string()} y={top.to_string()} width={BOX_WIDTH.to_string()} height={BOX_HEIGHT.to_string()} />
            },
            ElementKind::Process => html! {
                <rect x={left.to_string()} y={top.to_string()} width={BOX_WIDTH.to_string()} height={BOX_HEIGHT.to_string()} rx="20" />
            },
            ElementKind::DataStore => html! {
                <>
                    <rect class="store-fill" x={left.to_string()} y={top.to_string()} width={BOX_WIDTH.to_string()} height={BOX_HEIGHT.to_string()} />
                    <line x1={left.to_string()} y1={top.to_string()} x2={(left + BOX_WIDTH).to_string()} y2={top.to_string()} />
                    <line x1={left.to_string()} y1={(top + BOX_HEIGHT).to_string()} x2={(left + BOX_WIDTH).to_string()} y2={(top + BOX_HEIGHT).to_string()} />
                </>
            },
        };
        let class = classes!("element", element.kind.code(), (selected == Some(element.id.as_str())).then_some("selected"));
        Some(html! {
            <g class={class} onclick={select(&element.id)}>
                { shape }
                <text x={x.to_string()} y={(y + 4.0).to_string()} text-anchor="middle">{ fitted(&element.name) }</text>
            </g>
        })
    });
    let label = format!(
        "Data flow diagram with {} elements, {} data flows and {} trust boundaries; the flows are listed below.",
        diagram.elements.len(),
        diagram.flows.len(),
        diagram.boundaries.len()
    );
    let place = |id: &str| {
        let element = diagram.element(id);
        let name = element.map(|element| element.name.as_str()).unwrap_or(id);
        let zone =
            element.and_then(|element| element.boundary.as_deref()).and_then(|boundary| diagram.name_of(boundary));
        match zone {
            Some(zone) => format!("{name} ({zone})"),
            None => format!("{name} (outside every boundary)"),
        }
    };
    html! {
        <figure class="threat-dfd">
            <svg viewBox={format!("0 0 {} {}", layout.width, layout.height)} role="img" aria-label={label}>
                <defs>
                    <marker id="threat-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                </defs>
                { for boundaries }
                { for flows }
                { for elements }
            </svg>
            <figcaption>
                <ol class="flow-legend">
                    { for diagram.flows.iter().map(|flow| html! {
                        <li class={classes!(diagram.crosses_boundary(&flow.id).then_some("crossing"))}>
                            <strong>{ flow.name.clone() }</strong>
                            { format!(": {} → {}", place(&flow.from), place(&flow.to)) }
                            if diagram.crosses_boundary(&flow.id) { <em>{ " (crosses a trust boundary)" }</em> }
                        </li>
                    }) }
                </ol>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_start_on_the_edge_of_their_box() {
        let (x, y) = edge_point((100.0, 100.0), (400.0, 100.0));
        assert!((x - (100.0 + BOX_WIDTH / 2.0)).abs() < 1e-9 && (y - 100.0).abs() < 1e-9);
        let (x, y) = edge_point((100.0, 100.0), (100.0, 300.0));
        assert!((x - 100.0).abs() < 1e-9 && (y - (100.0 + BOX_HEIGHT / 2.0 + 4.0)).abs() < 1e-9);
        assert_eq!(edge_point((5.0, 5.0), (5.0, 5.0)), (5.0, 5.0), "same place: no division by zero");
        assert_eq!(fitted("Temperature and occupancy to the heating app").chars().count(), 22);
    }
}
