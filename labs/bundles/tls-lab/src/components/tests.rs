use std::rc::Rc;

use super::scenario_panel::{ScenarioPanel, ScenarioPanelProps};
use super::tls_lab::{TlsLab, TlsLabProps};
use super::transcript_view::{TranscriptView, TranscriptViewProps};
use crate::pki::{Pki, lab_now};
use crate::scenarios::{find_scenario, run_scenario};

fn render(exercise: Option<&str>, part: Option<&str>) -> String {
    lab_kit::testing::render::<TlsLab>(TlsLabProps {
        exercise: exercise.map(str::to_owned),
        part: part.map(str::to_owned),
    })
}

#[test]
fn the_lab_renders_its_parts_with_labelled_controls() {
    let html = render(Some("predict-certificate-failures"), None);
    for expected in [
        "Exercises (0 of 5 done)",
        "Goal: ",
        "Show a hint (0 of 3)",
        "An expired server certificate",
        "Your prediction, before you run it",
        "certificate_expired (45)",
        "unknown_ca (48)",
        "(commit a prediction first)",
        "Run a handshake to see its flights here.",
        "Make the key pair and CSR",
        "Export the work (JSON)",
        "Predictions as Markdown",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    for id in ["tls-exercise-", "tls-scenario-", "tls-aborts-", "tls-alert-", "tls-originator-", "tls-import-"] {
        assert!(html.contains(&format!("for=\"{id}")), "{id} has no label");
    }
    assert!(!html.contains("aria-invalid"), "no field is invalid at first");
    let provisioning = render(None, Some("provisioning"));
    assert!(provisioning.contains("Enrol a device") && !provisioning.contains("Predict, then observe"));
    let handshake = render(None, Some("handshake"));
    assert!(!handshake.contains("Enrol a device") && handshake.contains("Predict, then observe"));
}

#[test]
fn a_run_shows_its_flights_chain_verdict_and_secrets() {
    let pki = Pki::generate().expect("the PKI");
    let run = run_scenario(find_scenario("expired").expect("exists"), &pki, lab_now()).expect("runs");
    let observation = run.observation.clone();
    let html = lab_kit::testing::render::<TranscriptView>(TranscriptViewProps { run: Some(Rc::new(run)) });
    for expected in [
        "Flight 1: client → server",
        "ClientHello",
        "key_share: ",
        "EncryptedExtensions",
        "(RFC 8446 4.4.3), encrypted",
        "2025-07-01 to 2026-06-30: not valid at the lab",
        "refused by the client: invalid peer certificate: certificate expired",
        "Alert: certificate_expired (45)",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    for (scenario, verdict) in [
        ("mitm-copied-chain", "the chain was valid, but CertificateVerify did not verify"),
        ("downgrade", "not reached: the client aborted before validating the chain"),
        ("client-certificate-absent", "the server refused the client"),
    ] {
        let run = run_scenario(find_scenario(scenario).expect("exists"), &pki, lab_now()).expect("runs");
        let html = lab_kit::testing::render::<TranscriptView>(TranscriptViewProps { run: Some(Rc::new(run)) });
        assert!(html.contains(verdict), "{scenario}: missing {verdict}");
    }
    let panel = lab_kit::testing::render::<ScenarioPanel>(ScenarioPanelProps {
        id: 1,
        scenario: "expired",
        prediction: Some(crate::work::Prediction { aborts: crate::scenarios::Aborts::Server, alert: 42 }),
        observation: Some(observation),
        draft_aborts: None,
        draft_alert: None,
        prediction_error: Some("an error".into()),
        on_action: Default::default(),
    });
    assert!(panel.contains("Observed: the client; the other side received certificate_expired (45)."));
    assert!(panel.contains("Your prediction was different."));
    assert!(panel.contains("RFC 5280 4.1.2.5"));
    assert!(panel.contains("aria-invalid=\"true\"") && panel.contains("role=\"alert\""));
}
