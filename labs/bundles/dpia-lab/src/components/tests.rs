use super::dpia_lab::{DpiaLab, DpiaLabProps};

fn render(exercise: Option<&str>) -> String {
    lab_kit::testing::render::<DpiaLab>(DpiaLabProps { exercise: exercise.map(str::to_owned) })
}

#[test]
fn the_lab_renders_its_parts_with_labelled_controls() {
    let html = render(Some("threshold-household"));
    for expected in [
        "Exercises (0 of 6 done)",
        "Goal: ",
        "Show a hint (0 of 3)",
        "Reset this exercise",
        "Not yet: ",
        "Systematic monitoring",
        "Art. 35(3)(c)",
        "40 000 homes",
        "cse-in/meter/energy",
        "C-supplier",
        "Contract, Art. 6(1)(b)",
        "Compare with the lab’s flags",
        "The risk register",
        "The risk map after the measures",
        "GDPR Art. 32(1)(a); ISO/IEC 29100 information security",
        "Consult the supervisory authority before processing (Art. 36)",
        "Export the assessment (JSON)",
        "Report as Markdown",
        "Report as printable HTML",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    for id in [
        "dpia-exercise-",
        "dpia-scenario-",
        "dpia-criterion-systematic-monitoring-",
        "dpia-case-a-",
        "dpia-decision-",
        "dpia-resolution-energy-",
        "dpia-identifiers-motion-",
        "dpia-retention-",
        "dpia-basis-billing-",
        "dpia-mark-retention-",
        "dpia-measure-encryption-",
        "dpia-consultation-",
        "dpia-import-",
    ] {
        assert!(html.contains(&format!("for=\"{id}")), "{id} has no label");
    }
    assert_eq!(
        html.matches("aria-label=\"Energy supplier (NordWatt) may retrieve").count(),
        3,
        "access boxes are named"
    );
    let free = render(None);
    assert!(free.contains("Free assessment") && !free.contains("Goal: "));
}

#[test]
fn the_careless_default_shows_its_high_risks_and_no_flags_before_the_comparison() {
    let html = render(None);
    assert!(html.contains("5 risks are still high after the measures."), "the default register");
    assert!(!html.contains("The lab’s flag</th>"), "flags are shown only after the student compares");
    assert!(html.contains("Billing the household: no lawful basis recorded (Art. 6(1))."));
}
