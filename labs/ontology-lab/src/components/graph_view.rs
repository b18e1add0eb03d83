//! The description's graph: a small node-link drawing of the device and its neighbours, and every
//! triple in a table (prefixed names).

use std::collections::BTreeMap;

use onem2m_ontology::terms::TripleText;
use yew::prelude::*;

use crate::model::LabState;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct GraphViewProps {
    pub lab: UseReducerHandle<LabState>,
}

/// The triples of the description as prefixed text.
pub fn triple_rows(lab: &LabState) -> Vec<TripleText> {
    let description = &lab.analysis.description;
    description.triples.iter().map(|t| TripleText::of(t, &description.prefixes)).collect()
}

/// Where each node of the drawing goes: the most connected node in the middle, its neighbours on
/// an inner ring, everything else on an outer ring (pure, for tests).
pub fn layout<'a>(links: &[(&'a str, &'a str)], width: f64, height: f64) -> BTreeMap<&'a str, (f64, f64)> {
    let mut degree: BTreeMap<&str, usize> = BTreeMap::new();
    for (from, to) in links {
        *degree.entry(from).or_default() += 1;
        *degree.entry(to).or_default() += 1;
    }
    // the most connected node; on a tie, the one the description mentions first (usually the device)
    let mut centre: Option<(&str, usize)> = None;
    for node in links.iter().flat_map(|(from, to)| [*from, *to]) {
        let count = degree.get(node).copied().unwrap_or_default();
        if centre.is_none_or(|(_, best)| count > best) {
            centre = Some((node, count));
        }
    }
    let Some((centre, _)) = centre else {
        return BTreeMap::new();
    };
    let mut inner: Vec<&str> = Vec::new();
    let mut outer: Vec<&str> = Vec::new();
    for (from, to) in links {
        for node in [*from, *to] {
            if node == centre || inner.contains(&node) || outer.contains(&node) {
                continue;
            }
            let neighbour = links.iter().any(|(a, b)| (*a == centre && *b == node) || (*b == centre && *a == node));
            if neighbour { inner.push(node) } else { outer.push(node) }
        }
    }
    let (cx, cy) = (width / 2.0, height / 2.0);
    let mut places = BTreeMap::new();
    places.insert(centre, (cx, cy));
    for (ring, radius) in [(&inner, 0.28), (&outer, 0.44)] {
        let count = ring.len().max(1) as f64;
        for (index, node) in ring.iter().enumerate() {
            let angle = (index as f64 + 0.5) / count * std::f64::consts::TAU - std::f64::consts::FRAC_PI_2;
            places.insert(*node, (cx + radius * width * angle.cos(), cy + radius * height * angle.sin()));
        }
    }
    places
}

/// A node-link drawing of the links between resources (no literals, no class statements); each
/// node is labelled with its name and, below, its stated type.
fn drawing(rows: &[TripleText], limit: usize) -> Html {
    let types: BTreeMap<&str, &str> = rows
        .iter()
        .filter(|row| row.predicate == "rdf:type")
        .map(|row| (row.subject.as_str(), row.object.as_str()))
        .collect();
    let links: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|row| !row.object.starts_with('"') && !matches!(row.predicate.as_str(), "rdf:type" | "rdfs:subClassOf" | "rdfs:subPropertyOf"))
        .take(limit)
        .map(|row| (row.subject.as_str(), row.predicate.as_str(), row.object.as_str()))
        .collect();
    if links.is_empty() {
        return html! {};
    }
    let (width, height) = (720.0_f64, 420.0_f64);
    let pairs: Vec<(&str, &str)> = links.iter().map(|(from, _, to)| (*from, *to)).collect();
    let places = layout(&pairs, width, height);
    let at = |node: &str| places.get(node).copied().unwrap_or((width / 2.0, height / 2.0));
    html! {
        <svg class="graph-drawing" viewBox={format!("0 0 {width} {height}")} role="img"
            aria-label={format!("A drawing of {} links between {} resources of the description; the table below lists every triple", links.len(), places.len())}>
            { for links.iter().map(|(from, predicate, to)| {
                let ((x1, y1), (x2, y2)) = (at(from), at(to));
                html! {
                    <g class="link">
                        <line x1={format!("{x1:.0}")} y1={format!("{y1:.0}")} x2={format!("{x2:.0}")} y2={format!("{y2:.0}")} />
                        <text x={format!("{:.0}", (x1 + x2) / 2.0)} y={format!("{:.0}", (y1 + y2) / 2.0 - 3.0)} class="predicate">{ predicate.to_string() }</text>
                    </g>
                }
            }) }
            { for places.iter().map(|(name, (x, y))| html! {
                <g class="node">
                    <circle cx={format!("{x:.0}")} cy={format!("{y:.0}")} r="5" />
                    <text x={format!("{x:.0}")} y={format!("{:.0}", y - 9.0)}>{ name.to_string() }</text>
                    if let Some(class) = types.get(name) {
                        <text x={format!("{x:.0}")} y={format!("{:.0}", y + 17.0)} class="type">{ format!("a {class}") }</text>
                    }
                </g>
            }) }
        </svg>
    }
}

#[function_component(GraphView)]
pub fn graph_view(props: &GraphViewProps) -> Html {
    let rows = triple_rows(&props.lab);
    html! {
        <section class="ontology-graph" aria-label="The graph">
            <details open=true>
                <summary><h4>{ format!("2. The graph ({} triples)", rows.len()) }</h4></summary>
                { drawing(&rows, 24) }
                <div class="table-scroll">
                    <table class="triples">
                        <caption>{ "Every triple of the description" }</caption>
                        <thead><tr><th scope="col">{ "Subject" }</th><th scope="col">{ "Predicate" }</th><th scope="col">{ "Object" }</th></tr></thead>
                        <tbody>
                            { for rows.iter().map(|row| html! {
                                <tr><td>{ row.subject.clone() }</td><td>{ row.predicate.clone() }</td><td>{ row.object.clone() }</td></tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}
