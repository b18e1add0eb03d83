use super::anonymisation_lab::{AnonymisationLab, AnonymisationLabProps};

fn render(exercise: Option<&str>) -> String {
    lab_kit::testing::render::<AnonymisationLab>(AnonymisationLabProps { exercise: exercise.map(str::to_owned) })
}

#[test]
fn the_lab_renders_its_three_parts_with_labelled_controls() {
    let html = render(Some("k-anonymity"));
    for expected in [
        "Exercises (0 of 5 done)",
        "Goal: ",
        "Show a hint (0 of 3)",
        "Reset this exercise",
        "Not yet: k is 1",
        "level 1: 261*",
        "Prosecutor risk",
        "Journalist risk",
        "Marketer risk",
        "Utility lost",
        "Budget: ε = 0.00 spent of 1.00",
        "A differencing attack",
        "plain SHA-256 of the customer number",
        "Export the setup (JSON)",
        "Released table as CSV",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    for id in [
        "anonymisation-exercise-",
        "anonymisation-postcode-",
        "anonymisation-household-size-",
        "anonymisation-heating-",
        "anonymisation-suppress-",
        "anonymisation-query-epsilon-",
        "anonymisation-query-attack-",
        "anonymisation-scheme-",
        "anonymisation-prediction-",
    ] {
        assert!(html.contains(&format!("for=\"{id}")), "{id} has no label");
    }
    assert!(!html.contains("aria-invalid"), "no field is invalid at first");
    let free = render(None);
    assert!(free.contains("Free exploration") && !free.contains("Goal: "));
}
