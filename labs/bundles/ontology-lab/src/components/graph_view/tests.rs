use onem2m_ontology::fixtures::FIXTURES;
use onem2m_ontology::{DescriptorFormat, parse_description};

use super::*;

/// The rows of a fixture's description, as the lab shows them.
fn fixture_rows(turtle: &str) -> Vec<TripleText> {
    let description = parse_description(turtle, DescriptorFormat::Turtle);
    description.triples.iter().map(|t| TripleText::of(t, &description.prefixes)).collect()
}

fn smart_plug() -> Vec<TripleText> {
    fixture_rows(FIXTURES.iter().find(|fixture| fixture.id == "smart-plug").expect("the smart plug").turtle)
}

/// Every pair of text boxes that overlap, named.
fn overlapping(layout: &GraphLayout) -> Vec<String> {
    let boxes = layout.text_boxes();
    let mut clashes = Vec::new();
    for (i, (first, a)) in boxes.iter().enumerate() {
        for (second, b) in &boxes[i + 1..] {
            if a.overlaps(b) {
                clashes.push(format!("{first} / {second}"));
            }
        }
    }
    clashes
}

#[test]
fn no_two_labels_of_the_smart_plug_overlap_and_all_fit_the_drawing() {
    let rows = smart_plug();
    let (links, types) = drawn_links(&rows);
    assert_eq!(links.len(), 11, "{links:?}");
    let layout = layout_graph(&links, &types);
    assert_eq!(layout.nodes.len(), 10);
    assert_eq!(layout.links.len(), 11);
    assert_eq!(overlapping(&layout), Vec::<String>::new());
    for (text, area) in layout.text_boxes() {
        assert!(
            area.left >= 0.0 && area.top >= 0.0 && area.right <= layout.width && area.bottom <= layout.height,
            "{text} is outside the drawing: {area:?}"
        );
    }
    // at its natural size it fits the book's text column at 1280 px (about 680 px inside the lab)
    assert!(layout.width <= 680.0, "the drawing is {} px wide", layout.width);
}

#[test]
fn no_labels_overlap_for_any_device_the_lab_shows() {
    let exercise_texts = onem2m_ontology::exercises()
        .iter()
        .flat_map(|exercise| [exercise.material, exercise.starter])
        .collect::<Vec<_>>();
    for (name, turtle) in FIXTURES
        .iter()
        .map(|fixture| (fixture.id, fixture.turtle))
        .chain(exercise_texts.into_iter().map(|text| ("an exercise", text)))
    {
        let rows = fixture_rows(turtle);
        let (links, types) = drawn_links(&rows);
        let layout = layout_graph(&links, &types);
        assert_eq!(overlapping(&layout), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn every_link_label_sits_on_its_link() {
    let rows = smart_plug();
    let (links, types) = drawn_links(&rows);
    let layout = layout_graph(&links, &types);
    for link in layout.links.iter().filter(|link| link.shape == LinkShape::Line) {
        let (from, to) = (&layout.nodes[link.from], &layout.nodes[link.to]);
        // the label's centre is on the segment (the line passes under its background)
        let t = (link.label_y - from.y) / (to.y - from.y);
        let x = from.x + t * (to.x - from.x);
        assert!((0.0..=1.0).contains(&t) && (x - link.label_x).abs() < 0.5, "{} is off its link", link.predicate);
    }
}

#[test]
fn the_device_comes_first_and_its_neighbours_next() {
    let links = [("ex:plug1", "p", "ex:a"), ("ex:plug1", "p", "ex:b"), ("ex:a", "q", "ex:c"), ("ex:x", "r", "ex:y")];
    let layout = layout_graph(&links, &BTreeMap::new());
    let x = |name: &str| layout.nodes.iter().find(|node| node.name == name).map(|node| node.x).expect("placed");
    let y = |name: &str| layout.nodes.iter().find(|node| node.name == name).map(|node| node.y).expect("placed");
    assert!(x("ex:plug1") < x("ex:a") && x("ex:a") == x("ex:b") && x("ex:b") < x("ex:c"), "a column per layer");
    assert_ne!(y("ex:plug1"), y("ex:a"), "no link runs along a node row");
    assert!(y("ex:x") > y("ex:b") && y("ex:x") > y("ex:c"), "a separate part goes below");
    assert_eq!(overlapping(&layout), Vec::<String>::new());
    assert!(layout_graph(&[], &BTreeMap::new()).nodes.is_empty());
}

#[derive(Properties, PartialEq)]
struct DrawingProps {
    rows: Vec<(String, String, String)>,
}

#[function_component(Drawing)]
fn drawing_of(props: &DrawingProps) -> Html {
    let rows: Vec<TripleText> = props
        .rows
        .iter()
        .map(|(s, p, o)| TripleText { subject: s.clone(), predicate: p.clone(), object: o.clone() })
        .collect();
    drawing(&rows, "arrow-1")
}

#[test]
fn the_svg_is_drawn_at_its_natural_size_with_readable_text() {
    let rows: Vec<(String, String, String)> =
        smart_plug().into_iter().map(|row| (row.subject, row.predicate, row.object)).collect();
    let html = lab_kit::testing::render::<Drawing>(DrawingProps { rows });
    let layout_rows = smart_plug();
    let (links, types) = drawn_links(&layout_rows);
    let layout = layout_graph(&links, &types);
    assert!(html.contains(&format!("width=\"{}\" height=\"{}\"", layout.width, layout.height)), "not scaled: {html}");
    assert!(html.contains("class=\"graph-scroll\""), "scrolls instead of shrinking");
    assert!(html.contains("tabindex=\"0\""), "the scrolling frame can be scrolled from the keyboard");
    assert_eq!(html.matches("font-size=\"13\" class=\"name\"").count(), 10, "{html}");
    for size in html.split("font-size=\"").skip(1).map(|rest| rest.split('"').next().expect("a size")) {
        assert!(size.parse::<f64>().is_ok_and(|px| px >= 12.0), "text of {size} px");
    }
    assert_eq!(html.matches("font-size=\"13\"").count(), 10, "every name at 13 px");
    assert_eq!(html.matches("font-size=\"12\"").count(), 10 + 11, "types and predicates at 12 px");
    assert!(html.contains("<text x=") && html.contains(">saref:measuresProperty</text>"));
    assert!(html.contains("marker-end=\"url(#arrow-1)\""));
}
