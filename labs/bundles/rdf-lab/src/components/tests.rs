use super::rdf_lab::{RdfLab, RdfLabProps};
use crate::model::Mode;

fn render(mode: Mode, exercise: Option<&str>) -> String {
    lab_kit::testing::render::<RdfLab>(RdfLabProps { mode, exercise: exercise.map(str::to_owned) })
}

#[test]
fn the_alignment_mode_renders_the_platforms_the_editors_and_what_is_found() {
    let html = render(Mode::Alignment, Some("find-all-three"));
    for expected in [
        "Exercises (0 of 3 done)",
        "Goal: ",
        "SAREF core (ETSI TS 103 264)",
        "W3C SOSA",
        "acme:TempReading",
        "Without your alignment",
        "With your alignment",
        "not found",
        "Nothing: without an alignment",
        "Reason and run the query",
        "Commit my predictions",
        "Export my work (JSON)",
        "Alignment and queries as Markdown",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    for id in ["rdf-exercise-", "rdf-alignment-", "rdf-alignment-query-"] {
        assert!(html.contains(&format!("for=\"{id}")), "{id} has no label");
    }
    assert!(!html.contains("SPARQL over the building"), "the SPARQL part is not shown in this mode");
    assert!(!html.contains("aria-invalid"), "no field is invalid at first");
}

#[test]
fn the_sparql_mode_renders_the_building_and_the_prefix_aware_editor() {
    let html = render(Mode::Sparql, Some("select-sensors"));
    for expected in [
        "Exercises (0 of 4 done)",
        "SPARQL over the building",
        "bldg:temp101",
        "Known prefixes",
        "Declare the prefix sosa:",
        "Run the query",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    assert!(html.contains("for=\"rdf-sparql-"));
    assert!(!html.contains("Three platforms, one reading"));
    let both = render(Mode::Both, None);
    assert!(both.contains("Free exploration") && !both.contains("Goal: ") && both.contains("Exercises (0 of 7 done)"));
}
