use lab_kit::testing::{render, tag_with_id};
use yew::Callback;

use super::clock_panel::{ClockPanel, ClockPanelProps};
use super::update_lab::{UpdateLab, UpdateLabProps};
use crate::cra_clock::Duty;
use crate::work::Work;

#[test]
fn the_options_choose_the_exercise_and_a_wrong_one_is_refused() {
    let props = crate::decode_props(r#"{"exercise": "cra-clock"}"#).expect("valid");
    assert_eq!(props.exercise.as_deref(), Some("cra-clock"));
    assert!(crate::decode_props(r#"{"exercise": "fly"}"#).is_err());
}

#[test]
fn the_whole_lab_renders_both_parts_with_the_kit() {
    let html = render::<UpdateLab>(UpdateLabProps { exercise: Some("ship-the-fix".into()) });
    for expected in [
        "Exercises (0 of 8 done)",
        "Goal: ",
        "Show a hint (0 of 2)",
        "Not yet: the plug runs 1.2.0",
        "Slot A: 1.2.0 (sequence 3) ← running",
        "Sign and ship to the plug",
        "sequence_number\": 4",
        "The update server is compromised",
        "(predict first)",
        "plug-17",
        "m2m:fwr",
        "pkg:generic/ember-tls@3.5.1",
        "EXAMPLE-ADV-2026-0105",
        "within 24 hours of becoming aware",
        "SBOM (CycloneDX JSON)",
        "SBOM (Markdown)",
        "The advisory as a CSAF-like document",
        "Incident timeline (Markdown)",
        "Export all your work (JSON)",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    assert!(
        html.contains("for=\"update-image-") && html.contains("for=\"update-predict-leaked-key-"),
        "every control is labelled"
    );
}

#[test]
fn the_clock_labels_its_fields_and_flags_a_bad_hour_at_the_field() {
    let mut work = Work::new([1; 32]);
    work.schedule(Duty::Notification, Some(80));
    let html = render::<ClockPanel>(ClockPanelProps {
        id: 7,
        work,
        hour_error: Some((Duty::EarlyWarning, "soon".into(), "Not changed: give a whole number of hours.".into())),
        on_action: Callback::noop(),
    });
    for duty in Duty::ALL {
        assert!(html.contains(&format!("for=\"update-clock-{}-7\"", duty.key())), "{} is labelled", duty.key());
    }
    let field = tag_with_id(&html, "update-clock-early-warning-7");
    assert!(
        field.contains("aria-invalid=\"true\"")
            && field.contains("aria-describedby=\"update-clock-early-warning-7-error\""),
        "{field}"
    );
    assert!(html.contains("role=\"alert\"") && html.contains("8 h late"), "{html}");
    let ok = tag_with_id(&html, "update-clock-notification-7");
    assert!(ok.contains("aria-invalid=\"false\"") && ok.contains("value=\"80\""), "{ok}");
}
