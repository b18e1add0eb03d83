//! The description's graph: a node-link drawing of the links between its resources, laid out in
//! layers from the most connected node (usually the device), and every triple in a table.
//!
//! The drawing is drawn at its natural size (text at [`NAME_SIZE`] and [`SMALL_SIZE`] px) and
//! scrolls sideways on a narrow screen instead of shrinking. Its layout is pure ([`layout_graph`]):
//! nodes sit on node rows, each layer of the breadth-first order in its own column, and the
//! predicate of every link sits on a label row halfway between two node rows, where it crosses
//! its link, on a background, so that no two texts overlap ([`GraphLayout::text_boxes`]; the tests
//! check it for every device of the lab).

use std::collections::BTreeMap;

use onem2m_ontology::terms::TripleText;
use yew::prelude::*;

use lab_kit::Shared;

use crate::model::Analysis;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct GraphViewProps {
    pub analysis: Shared<Analysis>,
}

/// The size of node names, in px (the drawing is not scaled).
pub const NAME_SIZE: f64 = 13.0;
/// The size of node types and link predicates, in px.
pub const SMALL_SIZE: f64 = 12.0;
/// The advance of a character of the monospace font (Source Code Pro), in em.
const ADVANCE: f64 = 0.6;
/// Half the distance between two node rows: label rows lie halfway.
const HALF_ROW: f64 = 32.0;
/// The space between the widest texts of two columns.
const COLUMN_GAP: f64 = 24.0;
const MARGIN: f64 = 8.0;
const RADIUS: f64 = 5.0;
/// Around a text, so that boxes that do not overlap still have air between them.
const PADDING: f64 = 2.0;
/// The most links the drawing shows (the table shows every triple).
pub const LINK_LIMIT: usize = 24;

/// The triples of the description as prefixed text.
pub fn triple_rows(analysis: &Analysis) -> Vec<TripleText> {
    let description = &analysis.description;
    description.triples.iter().map(|t| TripleText::of(t, &description.prefixes)).collect()
}

/// A link of the description: subject, predicate, object (prefixed names).
pub type Link<'a> = (&'a str, &'a str, &'a str);

/// The links the drawing shows: between resources, no literals and no class statements; and each
/// resource's stated type.
pub fn drawn_links(rows: &[TripleText]) -> (Vec<Link<'_>>, BTreeMap<&str, &str>) {
    let types = rows
        .iter()
        .filter(|row| row.predicate == "rdf:type")
        .map(|row| (row.subject.as_str(), row.object.as_str()))
        .collect();
    let links = rows
        .iter()
        .filter(|row| {
            !row.object.starts_with('"')
                && !matches!(row.predicate.as_str(), "rdf:type" | "rdfs:subClassOf" | "rdfs:subPropertyOf")
        })
        .take(LINK_LIMIT)
        .map(|row| (row.subject.as_str(), row.predicate.as_str(), row.object.as_str()))
        .collect();
    (links, types)
}

/// How wide a text is drawn in the monospace font at `size` px.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * ADVANCE
}

/// An axis-aligned box in the drawing's coordinates (px).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    /// The box of a text of `width` centred on `x`, from `top` to `bottom`, with padding.
    fn centred(x: f64, width: f64, top: f64, bottom: f64) -> Rect {
        Rect {
            left: x - width / 2.0 - PADDING,
            top: top - PADDING,
            right: x + width / 2.0 + PADDING,
            bottom: bottom + PADDING,
        }
    }

    pub fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right && other.left < self.right && self.top < other.bottom && other.top < self.bottom
    }
}

/// A resource of the drawing: its name, its stated type, and where its circle is.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedNode<'a> {
    pub name: &'a str,
    pub class: Option<&'a str>,
    pub x: f64,
    pub y: f64,
}

impl PlacedNode<'_> {
    /// The baseline of the name, above the circle.
    pub fn name_baseline(&self) -> f64 {
        self.y - 9.0
    }

    /// The baseline of the type, below the circle.
    pub fn type_baseline(&self) -> f64 {
        self.y + 17.0
    }

    pub fn name_box(&self) -> Rect {
        let baseline = self.name_baseline();
        Rect::centred(self.x, text_width(self.name, NAME_SIZE), baseline - 0.8 * NAME_SIZE, baseline + 0.2 * NAME_SIZE)
    }

    pub fn type_box(&self) -> Option<Rect> {
        let baseline = self.type_baseline();
        self.class.map(|class| {
            Rect::centred(
                self.x,
                text_width(class, SMALL_SIZE),
                baseline - 0.8 * SMALL_SIZE,
                baseline + 0.2 * SMALL_SIZE,
            )
        })
    }

    fn half_width(&self) -> f64 {
        let name = text_width(self.name, NAME_SIZE);
        let class = self.class.map(|class| text_width(class, SMALL_SIZE)).unwrap_or(0.0);
        name.max(class) / 2.0 + PADDING
    }
}

/// How a link is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LinkShape {
    /// A straight line between two columns.
    Line,
    /// Between two resources of the same column: a curve bulging right by this much (the
    /// quadratic curve's control point).
    Curve { bulge: f64 },
}

/// A link of the drawing, with its predicate's place (the centre of its label).
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLink<'a> {
    pub from: usize,
    pub to: usize,
    pub predicate: &'a str,
    pub shape: LinkShape,
    pub label_x: f64,
    pub label_y: f64,
}

impl PlacedLink<'_> {
    /// The label's background (and its text's box).
    pub fn label_box(&self) -> Rect {
        Rect::centred(
            self.label_x,
            text_width(self.predicate, SMALL_SIZE),
            self.label_y - 0.5 * SMALL_SIZE - 1.0,
            self.label_y + 0.5 * SMALL_SIZE + 1.0,
        )
    }

    /// The label's baseline (the text is centred on `label_y`).
    pub fn label_baseline(&self) -> f64 {
        self.label_y + 0.35 * SMALL_SIZE
    }
}

/// The drawing: where every resource and every label goes, and its size.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphLayout<'a> {
    pub nodes: Vec<PlacedNode<'a>>,
    pub links: Vec<PlacedLink<'a>>,
    pub width: f64,
    pub height: f64,
}

impl GraphLayout<'_> {
    /// The box of every text of the drawing, with what it says: names, types and predicates.
    pub fn text_boxes(&self) -> Vec<(String, Rect)> {
        let mut boxes = Vec::new();
        for node in &self.nodes {
            boxes.push((node.name.to_owned(), node.name_box()));
            if let (Some(class), Some(area)) = (node.class, node.type_box()) {
                boxes.push((format!("{} (type of {})", class, node.name), area));
            }
        }
        for link in &self.links {
            boxes.push((
                format!("{} ({} → {})", link.predicate, self.nodes[link.from].name, self.nodes[link.to].name),
                link.label_box(),
            ));
        }
        boxes
    }

    /// The start and end of a link's line, outside the circles (so the arrowhead shows).
    pub fn endpoints(&self, link: &PlacedLink) -> ((f64, f64), (f64, f64)) {
        let (from, to) = (&self.nodes[link.from], &self.nodes[link.to]);
        let (start_towards, end_from) = match link.shape {
            LinkShape::Line => ((to.x, to.y), (from.x, from.y)),
            LinkShape::Curve { bulge } => {
                let control = (from.x + bulge, (from.y + to.y) / 2.0);
                (control, control)
            }
        };
        let towards = |(x, y): (f64, f64), (tx, ty): (f64, f64), gap: f64| {
            let (dx, dy) = (tx - x, ty - y);
            let length = (dx * dx + dy * dy).sqrt().max(1.0);
            (x + dx / length * gap, y + dy / length * gap)
        };
        (towards((from.x, from.y), start_towards, RADIUS + 2.0), towards((to.x, to.y), end_from, RADIUS + 3.0))
    }
}

/// Lays out the links (subject, predicate, object): breadth-first layers from the most connected
/// resource (on a tie, the first mentioned), one column per layer; each resource on a node row away
/// from the rows of the resources it links to in the previous column; each predicate on the label
/// row (halfway between node rows) that its link crosses nearest its middle and where no other label
/// is. Resources not connected to the first are laid out the same way below it.
pub fn layout_graph<'a>(links: &[Link<'a>], types: &BTreeMap<&'a str, &'a str>) -> GraphLayout<'a> {
    let mut names: Vec<&'a str> = Vec::new();
    for (from, _, to) in links {
        for name in [*from, *to] {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    let index = |name: &str| names.iter().position(|known| *known == name).unwrap_or_default();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for (from, _, to) in links {
        let (a, b) = (index(from), index(to));
        if a != b {
            if !neighbours[a].contains(&b) {
                neighbours[a].push(b);
            }
            if !neighbours[b].contains(&a) {
                neighbours[b].push(a);
            }
        }
    }

    // layers (columns) and node rows, one connected component below the other
    let mut column: Vec<Option<usize>> = vec![None; names.len()];
    let mut row: Vec<i64> = vec![0; names.len()];
    let mut lowest_row = i64::MIN;
    while let Some(root) = (0..names.len())
        .filter(|node| column[*node].is_none())
        .max_by_key(|node| (neighbours[*node].len(), std::cmp::Reverse(*node)))
    {
        let mut layers: Vec<Vec<usize>> = vec![vec![root]];
        column[root] = Some(0);
        loop {
            let last = layers.last().cloned().unwrap_or_default();
            let mut next: Vec<usize> = Vec::new();
            for node in &last {
                for neighbour in &neighbours[*node] {
                    if column[*neighbour].is_none() && !next.contains(neighbour) {
                        next.push(*neighbour);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            next.sort_unstable();
            for node in &next {
                column[*node] = Some(layers.len());
            }
            layers.push(next);
        }
        let mut component_rows: BTreeMap<usize, i64> = BTreeMap::new();
        component_rows.insert(root, 0);
        for depth in 1..layers.len() {
            let previous = &layers[depth - 1];
            let mut wanted: Vec<(f64, usize)> = layers[depth]
                .iter()
                .map(|node| {
                    let parents: Vec<i64> = neighbours[*node]
                        .iter()
                        .filter(|n| previous.contains(n))
                        .filter_map(|n| component_rows.get(n).copied())
                        .collect();
                    let mean = parents.iter().sum::<i64>() as f64 / parents.len().max(1) as f64;
                    (mean, *node)
                })
                .collect();
            wanted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut used: Vec<i64> = Vec::new();
            for (mean, node) in wanted {
                let parent_rows: Vec<i64> = neighbours[node]
                    .iter()
                    .filter(|n| previous.contains(n))
                    .filter_map(|n| component_rows.get(n).copied())
                    .collect();
                let start = mean.round() as i64;
                let chosen = (0..)
                    .flat_map(|step: i64| if step == 0 { vec![start] } else { vec![start + step, start - step] })
                    .find(|candidate| !used.contains(candidate) && !parent_rows.contains(candidate))
                    .unwrap_or(start);
                used.push(chosen);
                component_rows.insert(node, chosen);
            }
        }
        let top = component_rows.values().copied().min().unwrap_or_default();
        let shift = if lowest_row == i64::MIN { -top } else { lowest_row + 2 - top };
        for (node, component_row) in component_rows {
            row[node] = component_row + shift;
            lowest_row = lowest_row.max(row[node]);
        }
    }
    let column: Vec<usize> = column.into_iter().map(Option::unwrap_or_default).collect();
    let first_row = row.iter().copied().min().unwrap_or_default();
    for node_row in &mut row {
        *node_row -= first_row;
    }

    // columns: as close as their widest texts allow
    let columns = column.iter().copied().max().map_or(0, |last| last + 1);
    let mut nodes: Vec<PlacedNode<'a>> =
        names.iter().map(|name| PlacedNode { name, class: types.get(name).copied(), x: 0.0, y: 0.0 }).collect();
    let half_widths: Vec<f64> = (0..columns)
        .map(|c| {
            nodes
                .iter()
                .enumerate()
                .filter(|(node, _)| column[*node] == c)
                .map(|(_, n)| n.half_width())
                .fold(0.0, f64::max)
        })
        .collect();
    let mut xs = Vec::with_capacity(columns);
    for c in 0..columns {
        let x = if c == 0 { half_widths[0] } else { xs[c - 1] + half_widths[c - 1] + COLUMN_GAP + half_widths[c] };
        xs.push(x);
    }
    for (node, placed) in nodes.iter_mut().enumerate() {
        placed.x = xs[column[node]];
    }
    let links: Vec<PlacedLink<'a>> = links
        .iter()
        .map(|(from, predicate, to)| {
            let (from, to) = (index(from), index(to));
            let shape = if column[from] == column[to] {
                LinkShape::Curve { bulge: 2.0 * (half_widths[column[from]] + COLUMN_GAP / 2.0) }
            } else {
                LinkShape::Line
            };
            PlacedLink { from, to, predicate, shape, label_x: 0.0, label_y: 0.0 }
        })
        .collect();

    // rows, then labels; where a label finds no free place on its link, the rows it spans move apart
    // by one more label row, and the labels are placed again
    let mut extra_after: BTreeMap<i64, u32> = BTreeMap::new();
    let mut placed = links.clone();
    for _ in 0..=2 * links.len() {
        for (node, placed_node) in nodes.iter_mut().enumerate() {
            let extra: u32 = extra_after.range(..row[node]).map(|(_, count)| *count).sum();
            placed_node.y = (row[node] as f64 + f64::from(extra)) * 2.0 * HALF_ROW;
        }
        let (labelled, unplaced) = place_labels(&nodes, &links);
        placed = labelled;
        let Some(link) = unplaced else { break };
        let (a, b) = (row[links[link].from].min(row[links[link].to]), row[links[link].from].max(row[links[link].to]));
        if a == b {
            break;
        }
        *extra_after.entry(a + (b - a - 1) / 2).or_default() += 1;
    }

    // everything inside the drawing, with a margin
    let mut layout = GraphLayout { nodes, links: placed, width: 0.0, height: 0.0 };
    let mut boxes: Vec<Rect> = layout.text_boxes().into_iter().map(|(_, area)| area).collect();
    for link in &layout.links {
        if let LinkShape::Curve { bulge } = link.shape {
            let from = &layout.nodes[link.from];
            boxes.push(Rect { left: from.x, top: from.y, right: from.x + bulge / 2.0 + RADIUS, bottom: from.y });
        }
    }
    if boxes.is_empty() {
        return layout;
    }
    let left = boxes.iter().map(|area| area.left).fold(f64::INFINITY, f64::min);
    let top = boxes.iter().map(|area| area.top).fold(f64::INFINITY, f64::min);
    let right = boxes.iter().map(|area| area.right).fold(f64::NEG_INFINITY, f64::max);
    let bottom = boxes.iter().map(|area| area.bottom).fold(f64::NEG_INFINITY, f64::max);
    let (dx, dy) = (MARGIN - left, MARGIN - top);
    for node in &mut layout.nodes {
        node.x += dx;
        node.y += dy;
    }
    for link in &mut layout.links {
        link.label_x += dx;
        link.label_y += dy;
    }
    layout.width = (right - left + 2.0 * MARGIN).ceil();
    layout.height = (bottom - top + 2.0 * MARGIN).ceil();
    layout
}

/// Places every label on its link, at the label row the link crosses nearest its middle where no
/// other label is; the links with the fewest label rows to choose from go first. Returns the links
/// with their labels, and the first link whose label found no free place on it (it is then slid
/// along its label row to the nearest free place, or left where it overlaps).
fn place_labels<'a>(nodes: &[PlacedNode<'a>], links: &[PlacedLink<'a>]) -> (Vec<PlacedLink<'a>>, Option<usize>) {
    let mut placed = links.to_vec();
    let mut order: Vec<usize> = (0..links.len()).collect();
    order.sort_by(|a, b| {
        let span = |link: &PlacedLink| (nodes[link.from].y - nodes[link.to].y).abs();
        span(&links[*a]).total_cmp(&span(&links[*b])).then(a.cmp(b))
    });
    let mut taken: Vec<Rect> = Vec::new();
    let mut unplaced = None;
    for link in order {
        let (from, to) = (&nodes[links[link].from], &nodes[links[link].to]);
        let shape = links[link].shape;
        // where the link is at height y (a straight line, or the curve, whose height is linear in t)
        let at = |y: f64| -> (f64, f64) {
            let t = if (to.y - from.y).abs() < f64::EPSILON { 0.5 } else { (y - from.y) / (to.y - from.y) };
            let x = match shape {
                LinkShape::Line => from.x + t * (to.x - from.x),
                LinkShape::Curve { bulge } => from.x + 2.0 * t * (1.0 - t) * bulge,
            };
            (x, t)
        };
        let (low, high) = (from.y.min(to.y), from.y.max(to.y));
        let mut rows: Vec<f64> = Vec::new();
        let mut y = low + HALF_ROW;
        while y < high {
            rows.push(y);
            y += 2.0 * HALF_ROW;
        }
        if rows.is_empty() {
            // the same row (only across parts of the graph): the label row just above
            rows.push(low - HALF_ROW);
        }
        rows.sort_by(|a, b| (at(*a).1 - 0.5).abs().total_cmp(&(at(*b).1 - 0.5).abs()));
        let free = |x: f64, y: f64| {
            let area = PlacedLink { label_x: x, label_y: y, ..links[link].clone() }.label_box();
            !taken.iter().any(|other| other.overlaps(&area))
        };
        let on_link = rows.iter().map(|y| (at(*y).0, *y)).find(|(x, y)| free(*x, *y));
        if on_link.is_none() && unplaced.is_none() {
            unplaced = Some(link);
        }
        let slid = || {
            (1..=60)
                .flat_map(|step| [step as f64 * 6.0, -(step as f64) * 6.0])
                .find_map(|dx| rows.iter().map(|y| (at(*y).0 + dx, *y)).find(|(x, y)| free(*x, *y)))
        };
        let (x, y) = on_link.or_else(slid).unwrap_or((at(rows[0]).0, rows[0]));
        placed[link].label_x = x;
        placed[link].label_y = y;
        taken.push(placed[link].label_box());
    }
    (placed, unplaced)
}

fn number(value: f64) -> String {
    format!("{value:.1}")
}

/// The drawing as SVG, at its natural size, in a horizontally scrolling frame.
fn drawing(rows: &[TripleText], marker: &str) -> Html {
    let (links, types) = drawn_links(rows);
    if links.is_empty() {
        return html! {};
    }
    let layout = layout_graph(&links, &types);
    let arrow = format!("url(#{marker})");
    let lines = layout.links.iter().map(|link| {
        let ((x1, y1), (x2, y2)) = layout.endpoints(link);
        match link.shape {
            LinkShape::Line => html! {
                <line x1={number(x1)} y1={number(y1)} x2={number(x2)} y2={number(y2)} marker-end={arrow.clone()} />
            },
            LinkShape::Curve { bulge } => {
                let from = &layout.nodes[link.from];
                let control = (from.x + bulge, (from.y + layout.nodes[link.to].y) / 2.0);
                html! {
                    <path d={format!("M{} {} Q{} {} {} {}", number(x1), number(y1), number(control.0), number(control.1), number(x2), number(y2))}
                        fill="none" marker-end={arrow.clone()} />
                }
            }
        }
    });
    let labels = layout.links.iter().map(|link| {
        let area = link.label_box();
        html! {
            <g class="predicate">
                <rect x={number(area.left)} y={number(area.top)} width={number(area.right - area.left)} height={number(area.bottom - area.top)} rx="3" />
                <text x={number(link.label_x)} y={number(link.label_baseline())} font-size={SMALL_SIZE.to_string()}>{ link.predicate }</text>
            </g>
        }
    });
    let nodes = layout.nodes.iter().map(|node| {
        html! {
            <g class="node">
                <circle cx={number(node.x)} cy={number(node.y)} r={RADIUS.to_string()} />
                <text class="name" x={number(node.x)} y={number(node.name_baseline())} font-size={NAME_SIZE.to_string()}>{ node.name }</text>
                if let Some(class) = node.class {
                    <text class="type" x={number(node.x)} y={number(node.type_baseline())} font-size={SMALL_SIZE.to_string()}>{ class }</text>
                }
            </g>
        }
    });
    let (width, height) = (layout.width, layout.height);
    html! {
        <figure class="graph-figure">
            <div class="graph-scroll" tabindex="0" role="group" aria-label="The drawing of the graph (scrolls sideways on a narrow screen)">
                <svg class="graph-drawing" viewBox={format!("0 0 {width} {height}")} width={width.to_string()} height={height.to_string()} role="img"
                    aria-label={format!("A drawing of {} links between {} resources of the description; the table below lists every triple", layout.links.len(), layout.nodes.len())}>
                    <defs>
                        <marker id={marker.to_owned()} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0 0 L10 5 L0 10 z" />
                        </marker>
                    </defs>
                    <g class="links">{ for lines }</g>
                    <g class="labels">{ for labels }</g>
                    <g class="nodes">{ for nodes }</g>
                </svg>
            </div>
            <figcaption>{ "Each resource shows its name and, in italics below it, its type (rdf:type); each arrow is a link from subject to object, labelled with its predicate." }</figcaption>
        </figure>
    }
}

#[function_component(GraphView)]
pub fn graph_view(props: &GraphViewProps) -> Html {
    let rows = triple_rows(&props.analysis);
    let id = use_memo((), |_| super::next_widget_id());
    let marker = format!("ontology-arrow-{id}");
    html! {
        <section class="ontology-graph" aria-label="The graph">
            <details open=true>
                <summary><h4>{ format!("2. The graph ({} triples)", rows.len()) }</h4></summary>
                { drawing(&rows, &marker) }
                <div class="table-scroll" tabindex="0">
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

#[cfg(test)]
mod tests;
