use super::interworking_lab::{InterworkingLab, InterworkingLabProps};

fn render(exercise: Option<&str>) -> String {
    lab_kit::testing::render::<InterworkingLab>(InterworkingLabProps { exercise: exercise.map(str::to_owned) })
}

#[test]
fn the_lab_renders_devices_mapping_cse_and_discovery_with_labelled_controls() {
    let html = render(None);
    for expected in [
        "Exercises (0 of 4 done)",
        "LwM2M device",
        "object 3303 Temperature, instance 0",
        "Sensor Units",
        "Endpoint 1, cluster 0x0006 OnOff",
        "Invoke On (0x01)",
        "Execute 5605",
        "2. The mapping the IPE applies",
        "cod:binSh",
        "cse-in/roof-01/3303-0",
        "cse-in/interworking-ipe/hall-light-switch",
        "4. Semantic discovery",
        "Before you update, predict",
        "Export your mapping and query (JSON)",
        "The mapping as a table (Markdown)",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    assert!(!html.contains('`'), "no Markdown backtick is shown as text");
    for id in [
        "interworking-mapping-",
        "interworking-query-",
        "interworking-path-",
        "interworking-attribute-",
        "interworking-sense-",
    ] {
        assert!(html.contains(&format!("for=\"{id}")), "{id} has a label");
    }
}

#[test]
fn an_exercise_shows_its_goal_and_hints() {
    let html = render(Some("switch-matter-light"));
    assert!(html.contains("Goal: "), "{html}");
    assert!(html.contains("OnOff cluster 0x0006"));
    assert!(html.contains("Show a hint (0 of 3)"));
}

#[test]
fn options_choose_the_exercise_and_the_catalog_lists_the_labs_exercises() {
    let props = crate::decode_props(r#"{"exercise": "keep-the-units"}"#).expect("valid");
    assert_eq!(props.exercise.as_deref(), Some("keep-the-units"));
    assert!(crate::decode_props(r#"{"exercise": "juggling"}"#).expect_err("unknown").contains("juggling"));
    let ids: Vec<&str> = crate::exercises::EXERCISES.iter().map(|e| e.id).collect();
    assert_eq!(ids, lab_catalog::INTERWORKING_LAB_EXERCISES);
}
