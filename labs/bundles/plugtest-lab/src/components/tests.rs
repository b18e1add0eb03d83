use super::plugtest_lab::{PlugtestLab, PlugtestLabProps};

fn render(exercise: Option<&str>) -> String {
    lab_kit::testing::render::<PlugtestLab>(PlugtestLabProps { exercise: exercise.map(str::to_owned) })
}

#[test]
fn the_lab_renders_its_parts_with_labelled_controls() {
    let html = render(Some("find-the-defect"));
    for expected in [
        "Exercises (0 of 3 done)",
        "Goal: ",
        "Show a hint (0 of 3)",
        "Reset this exercise",
        "The whole suite",
        "TD_SEM_04: semantic discovery finds the annotated resource",
        "the faulty CSE in this page (one deliberate defect)",
        "Run to the end",
        "No run yet",
        "Description (TOML)",
        "This step shows the defect",
        "Export your work (JSON)",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    for id in [
        "plugtest-scope-",
        "plugtest-target-",
        "plugtest-description-",
        "plugtest-point-test-",
        "plugtest-point-step-",
        "plugtest-predict-",
    ] {
        assert!(html.contains(&format!("for=\"{id}")), "{id} has no label");
    }
    assert!(!html.contains("aria-invalid"), "no field is invalid at first");
    let free = render(None);
    assert!(free.contains("Free play") && !free.contains("Goal: "));
}
