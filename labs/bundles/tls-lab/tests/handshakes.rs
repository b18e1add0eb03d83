//! The scenarios run as real rustls handshakes at the lab's clock: who aborts, the alert the other side receives,
//! and what the opened transcript shows. One PKI for the whole suite (eleven key pairs).

use std::sync::OnceLock;

use tls_lab::chain::summarize;
use tls_lab::handshake::Side;
use tls_lab::pki::{LAB_NOW_SECONDS, Pki, lab_now};
use tls_lab::records::alert_name;
use tls_lab::scenarios::{Aborts, Run, find_scenario, run_scenario};
use tls_lab::transcript::{ShownFlight, secrets, transcript};

fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| Pki::generate().expect("the PKI is made"))
}

fn run(id: &str) -> Run {
    run_scenario(find_scenario(id).expect("a scenario"), pki(), lab_now()).expect("the handshake runs")
}

fn names(flight: &ShownFlight) -> Vec<String> {
    flight.messages.iter().map(|message| message.name.clone()).collect()
}

fn expect_abort(id: &str, aborts: Aborts, alert: &str, error: &str) -> Run {
    let run = run(id);
    assert_eq!(run.observation.aborts, aborts, "{id}: {:?}", run.observation);
    assert_eq!(alert_name(run.observation.alert), alert, "{id}: {:?}", run.observation);
    let observed = run.observation.error.clone().unwrap_or_default();
    assert!(observed.contains(error), "{id}: rustls said {observed}");
    run
}

#[test]
fn the_baseline_handshake_shows_four_flights_opened_with_the_logged_secrets() {
    let run = run("baseline");
    assert_eq!(run.observation.aborts, Aborts::Nobody);
    assert_eq!(run.observation.version.as_deref(), Some("TLS 1.3"));
    assert!(run.handshake.outcome.completed);
    let flights = transcript(&run.handshake);
    assert_eq!(
        flights.iter().map(|flight| flight.from).collect::<Vec<_>>(),
        [Side::Client, Side::Server, Side::Client, Side::Server]
    );
    assert_eq!(names(&flights[0]), ["ClientHello"]);
    let hello = &flights[0].messages[0];
    assert!(!hello.encrypted);
    assert!(hello.lines.iter().any(|line| line.starts_with("key_share: ")), "{:?}", hello.lines);
    assert!(hello.lines.iter().any(|line| line == "supported_versions: TLS 1.3"));
    assert!(hello.lines.iter().any(|line| line == "server_name: cse.smart-building.example"));
    assert_eq!(
        names(&flights[1]),
        ["ServerHello", "ChangeCipherSpec", "EncryptedExtensions", "Certificate", "CertificateVerify", "Finished"]
    );
    assert!(flights[1].messages[2..].iter().all(|message| message.encrypted), "opened from encrypted records");
    let chain: Vec<_> =
        flights[1].messages[3].certificates.iter().map(|summary| summary.clone().expect("reads")).collect();
    assert_eq!(chain.len(), 2);
    assert!(chain[0].subject.contains("cse.smart-building.example") && chain[0].issuer.contains("Server CA"));
    assert_eq!(chain[0].dns_names, ["cse.smart-building.example"]);
    assert!(chain[1].is_ca && chain[1].issuer.contains("Root CA"));
    assert!(chain.iter().all(|summary| summary.valid_at(LAB_NOW_SECONDS as i64)));
    assert_eq!(names(&flights[2]), ["ChangeCipherSpec", "Finished"]);
    assert!(names(&flights[3]).iter().all(|name| name == "NewSessionTicket"));
    let labels: Vec<String> = secrets(&run.handshake).into_iter().map(|secret| secret.label).collect();
    for label in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
    ] {
        assert!(labels.iter().any(|logged| logged == label), "{label} in {labels:?}");
    }
}

#[test]
fn mutual_authentication_adds_a_certificate_request_and_the_gateways_certificate() {
    let run = run("mutual");
    assert_eq!(run.observation.aborts, Aborts::Nobody);
    let flights = transcript(&run.handshake);
    assert!(names(&flights[1]).contains(&"CertificateRequest".to_owned()));
    assert_eq!(names(&flights[2]), ["ChangeCipherSpec", "Certificate", "CertificateVerify", "Finished"]);
    let gateway = flights[2].messages[1].certificates[0].clone().expect("reads");
    assert!(gateway.subject.contains("Cgateway-01") && gateway.issuer.contains("Device CA"));
    assert_eq!(run.handshake.outcome.client_chain.len(), 2, "the server holds the chain it verified");
}

#[test]
fn certificate_failures_are_refused_by_the_client_with_the_alert_rfc_8446_names() {
    let expired = expect_abort("expired", Aborts::Client, "certificate_expired", "expired");
    let sent = transcript(&expired.handshake)[1].messages[3].certificates[0].clone().expect("reads");
    assert!(!sent.valid_at(LAB_NOW_SECONDS as i64) && sent.not_after == "2026-06-30");
    expect_abort("wrong-name", Aborts::Client, "bad_certificate", "not valid for name");
    expect_abort("untrusted-root", Aborts::Client, "unknown_ca", "UnknownIssuer");
    let missing = expect_abort("missing-intermediate", Aborts::Client, "unknown_ca", "UnknownIssuer");
    assert_eq!(transcript(&missing.handshake)[1].messages[3].certificates.len(), 1, "only the leaf was sent");
    // the alert travels encrypted under the client's handshake keys, and the lab opens it
    let last = transcript(&missing.handshake).pop().expect("a last flight");
    assert!(last.messages.iter().any(|message| message.name == "Alert: unknown_ca (48)" && message.encrypted));
}

#[test]
fn an_expired_certificate_is_fine_before_it_expires() {
    let earlier = tls_lab::pki::lab_now().as_secs() - 200 * 86_400;
    let at = rustls::pki_types::UnixTime::since_unix_epoch(std::time::Duration::from_secs(earlier));
    let run = run_scenario(find_scenario("expired").expect("exists"), pki(), at).expect("runs");
    assert_eq!(run.observation.aborts, Aborts::Nobody, "the clock passed in decides: {:?}", run.observation);
}

#[test]
fn attacks_and_misconfigurations_end_as_tls_13_says() {
    let absent = expect_abort("client-certificate-absent", Aborts::Server, "certificate_required", "no certificates");
    let flights = transcript(&absent.handshake);
    assert!(flights[2].messages[1].lines[0].contains("empty certificate list"));
    assert_eq!(absent.handshake.outcome.client_error.as_deref(), Some("received fatal alert: CertificateRequired"));
    expect_abort("mitm-own-certificate", Aborts::Client, "unknown_ca", "UnknownIssuer");
    expect_abort("mitm-copied-chain", Aborts::Client, "decrypt_error", "BadSignature");
    let downgrade = expect_abort("downgrade", Aborts::Client, "illegal_parameter", "Downgrade");
    let flights = transcript(&downgrade.handshake);
    assert!(flights[0].tampered);
    assert!(!flights[0].messages[0].lines.iter().any(|line| line.starts_with("supported_versions")));
    assert!(
        flights[1].messages[0].lines.iter().any(|line| line.contains("DOWNGRD 01")),
        "{:?}",
        flights[1].messages[0]
    );
    assert!(names(&flights[1]).contains(&"ServerKeyExchange (TLS 1.2)".to_owned()));
}

#[test]
fn an_unknown_pre_shared_key_is_ignored_and_the_server_authenticates_with_its_certificate() {
    let run = run("psk-wrong-identity");
    assert_eq!((run.observation.aborts, run.observation.alert, run.observation.resumed), (Aborts::Nobody, 0, false));
    let flights = transcript(&run.handshake);
    assert!(flights[0].messages[0].lines.iter().any(|line| line.starts_with("pre_shared_key: 1 identity")));
    assert!(!flights[1].messages[0].lines.iter().any(|line| line.starts_with("pre_shared_key")));
    assert!(names(&flights[1]).contains(&"Certificate".to_owned()), "a full handshake");
}

#[test]
fn the_certificates_of_the_pki_read_back_with_their_roles() {
    let pki = pki();
    pki.check().expect("every PEM reads");
    let root = summarize(&tls_lab::chain::der_of(&pki.root.certificate_pem).expect("PEM")).expect("reads");
    assert!(root.self_signed && root.is_ca);
    let gateway = summarize(&tls_lab::chain::der_of(&pki.gateway.certificate_pem).expect("PEM")).expect("reads");
    assert!(gateway.subject.contains("Cgateway-01") && !gateway.is_ca);
    assert_eq!(gateway.fingerprint.len(), 64);
}

#[test]
fn a_ticket_this_server_issued_resumes_without_certificates() {
    let run = run("psk-known-identity");
    assert_eq!((run.observation.aborts, run.observation.resumed), (Aborts::Nobody, true));
    let flights = transcript(&run.handshake);
    assert!(flights[1].messages[0].lines.iter().any(|line| line == "pre_shared_key: the server selects identity 0"));
    let names = names(&flights[1]);
    assert!(
        !names.contains(&"Certificate".to_owned()) && !names.contains(&"CertificateVerify".to_owned()),
        "{names:?}"
    );
    assert!(names.contains(&"Finished".to_owned()));
}
