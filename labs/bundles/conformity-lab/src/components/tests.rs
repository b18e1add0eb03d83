use std::collections::BTreeSet;

use lab_kit::testing::{render, tag_with_id};
use yew::Callback;

use super::assessment_panel::{AssessmentPanel, AssessmentPanelProps};
use super::conformity_lab::{ConformityLab, ConformityLabProps, Mode};
use super::product_form::{ProductForm, ProductFormProps};
use super::remediation_panel::{RemediationPanel, RemediationPanelProps};
use super::results_panel::{ResultsPanel, ResultsPanelProps};
use super::rules_panel::{RulesPanel, RulesPanelProps};
use crate::assessment::{Answer, Answers, Decision};
use crate::disclosure_policy::DisclosurePolicy;
use crate::rules::{self, Act};
use crate::work::Work;

#[test]
fn the_options_choose_the_mode_and_the_exercise() {
    let props = crate::decode_props(r#"{"mode": "rules", "exercise": "predict-household-meter"}"#).expect("valid");
    assert_eq!((props.mode, props.exercise.as_deref()), (Mode::Rules, Some("predict-household-meter")));
    assert_eq!(crate::decode_props("{}").expect("valid").mode, Mode::Both);
    assert!(crate::decode_props(r#"{"mode": "audit"}"#).is_err());
}

#[test]
fn the_whole_lab_renders_both_modes_with_the_kit() {
    let html = render::<ConformityLab>(ConformityLabProps {
        exercise: Some("smart-plug-mandatory-failures".into()),
        mode: Mode::Both,
    });
    for expected in [
        "Exercises (0 of 6 done)",
        "Goal: ",
        "Show a hint (0 of 3)",
        "Not yet: 32 mandatory provision(s)",
        "Which rules apply to PlugWise Mini",
        "EN 303 645 self-assessment: PlugWise Mini",
        "23/tcp   open  telnet",
        "Conformance per category",
        "The book's mapping (not an official one)",
        "ICS as CSV",
        "Export the assessment (JSON)",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    let rules_only = render::<ConformityLab>(ConformityLabProps {
        exercise: Some("predict-connected-toy".into()),
        mode: Mode::Rules,
    });
    assert!(rules_only.contains("Exercises (0 of 2 done)") && !rules_only.contains("self-assessment:"), "{rules_only}");
    assert!(
        rules_only.contains("Commit your prediction to see which acts apply"),
        "the answer waits for the prediction"
    );
    assert!(!rules_only.contains("class=\"findings\""));
}

#[test]
fn the_product_form_labels_every_control_and_flags_a_bad_date() {
    let html = render::<ProductForm>(ProductFormProps {
        id: 7,
        product: rules::connected_toy(),
        date_text: "2027-02-30".into(),
        date_error: Some("The date was not changed: month 2 of 2027 has no day 30.".into()),
        on_action: Callback::noop(),
    });
    assert!(html.contains("value=\"connected-toy\" selected"), "the book product is recognised: {html}");
    for flag in crate::model::Flag::ALL {
        let input = tag_with_id(&html, &format!("conformity-flag-{}-7", flag.key()));
        assert!(input.contains("type=\"checkbox\""));
        assert!(html.contains(&format!("for=\"conformity-flag-{}-7\"", flag.key())), "{} is labelled", flag.key());
    }
    let date = tag_with_id(&html, "conformity-date-7");
    assert!(
        date.contains("aria-invalid=\"true\"") && date.contains("aria-describedby=\"conformity-date-error-7\""),
        "{date}"
    );
    assert!(html.contains("The date was not changed: month 2") && html.contains("role=\"alert\""), "{html}");
}

#[test]
fn the_rules_panel_explains_each_act_and_each_difference() {
    let predicted: BTreeSet<Act> = [Act::Gdpr, Act::EPrivacy].into();
    let html = render::<RulesPanel>(RulesPanelProps {
        id: 3,
        product: rules::smart_plug(),
        prediction: predicted.clone(),
        committed: Some(predicted),
        answer_hidden: false,
        on_action: Callback::noop(),
    });
    assert!(html.contains("3 difference(s) with your prediction"), "{html}");
    assert!(html.contains("Art. 3(3)(d): no harm to the network or its functioning — applies since 1 August 2025"));
    assert!(html.contains("applies from 11 December 2027"));
    assert!(html.contains("notified body is needed"), "the password restriction bites");
    assert!(tag_with_id(&html, "conformity-predict-gdpr-3").contains("disabled"), "a committed prediction is locked");
    assert!(html.contains("Change my prediction"));
}

fn answers(pairs: &[(&str, Decision, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(id, decision, justification)| {
            (
                (*id).to_owned(),
                Answer { decision: *decision, evidence: String::new(), justification: (*justification).into() },
            )
        })
        .collect()
}

#[test]
fn the_assessment_marks_what_is_wrong_at_the_field() {
    let html = render::<AssessmentPanel>(AssessmentPanelProps {
        id: 2,
        dossier: "thermostat",
        answers: answers(&[("5.1-3", Decision::NotApplicable, ""), ("5.7-2", Decision::NotImplemented, "")]),
        on_action: Callback::noop(),
    });
    assert_eq!(html.matches("class=\"provision ").count(), 67, "every provision has a row");
    let decision = tag_with_id(&html, "conformity-decision-5_1-3-2");
    assert!(decision.contains("aria-invalid=\"true\"") && decision.contains("conformity-issues-5_1-3-2"), "{decision}");
    assert!(html.contains("5.1-3: has no condition, so it always applies"));
    let justification = tag_with_id(&html, "conformity-justification-5_7-2-2");
    assert!(justification.contains("aria-invalid=\"true\""), "{justification}");
    assert!(html.contains("Applies if the device can detect an unauthorised change to its software."));
    assert!(html.contains("nobody examines it for security anomalies"), "the thermostat's dossier is shown");
    assert!(html.contains("for=\"conformity-decision-6-5-2\""));
}

#[test]
fn the_results_show_the_table_the_reporting_and_the_crosswalk() {
    let answers =
        answers(&[("5.6-1", Decision::NotImplemented, ""), ("5.7-1", Decision::NotImplemented, "new board in 2027")]);
    let html = render::<ResultsPanel>(ResultsPanelProps {
        id: 4,
        product: "PlugWise Mini".into(),
        answers,
        work: Work::default(),
        on_action: Callback::noop(),
    });
    assert!(html.contains("5.7-1 (R), not implemented: new board in 2027"), "{html}");
    assert!(html.contains("Annex I Part I (2)(j): limit attack surfaces"));
    assert!(html.contains("EN 18031-1 GEC"));
    assert!(html.contains("does not conform"));
    assert!(html.contains("for=\"conformity-import-4\""));
}

#[test]
fn the_remediation_panel_prices_the_plan_and_checks_the_policy_fields() {
    let html = render::<RemediationPanel>(RemediationPanelProps {
        id: 5,
        dossier: "smart-plug",
        fixes: ["publish-vdp".to_owned()].into(),
        policy: DisclosurePolicy { contact: "phone us".into(), ..DisclosurePolicy::default() },
        on_action: Callback::noop(),
    });
    assert!(
        html.contains("Plan: 1 days. Mandatory provisions still failing: 5.1-1, 5.3-13, 5.5-5, 5.6-1, 5.6-4, 6-2."),
        "{html}"
    );
    let contact = tag_with_id(&html, "conformity-policy-contact-5");
    assert!(contact.contains("aria-invalid=\"true\""), "{contact}");
    assert!(html.contains("neither an e-mail address nor an https:// address"));
    assert!(tag_with_id(&html, "conformity-fix-publish-vdp-5").contains("checked"));
}
