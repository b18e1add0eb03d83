//! Enrolment and registration as a conversation: the device makes a key and a CSR, the Device CA signs it, the
//! plug connects with mutual TLS and the CSE front binds its originator; then the failures.

use tls_lab::enrolment::{Bindings, describe, make_request, new_cse, register, sign_request};
use tls_lab::pki::{Pki, lab_now};
use tls_lab::work::Work;

#[test]
fn a_plug_enrols_registers_and_cannot_claim_another_originator() {
    let pki = Pki::generate().expect("the PKI");
    let request = make_request("Cplug-17").expect("a CSR");
    assert!(request.csr_pem.starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
    assert!(!request.csr_pem.contains("PRIVATE KEY"), "the key stays on the device");
    let issued = sign_request(&pki, &request.csr_pem).expect("signed");
    assert_eq!(issued.originator, "Cplug-17");
    let summary = describe(&issued.certificate_pem).expect("reads");
    assert!(summary.subject.contains("Cplug-17") && summary.issuer.contains("Smart Building Device CA"));
    assert!(!summary.is_ca);
    assert_eq!(summary.fingerprint, issued.fingerprint);

    let mut bindings = Bindings::new();
    let mut cse = new_cse();
    // not bound yet: the handshake succeeds, the CSE refuses
    let unbound = register(&pki, &bindings, &mut cse, &issued.certificate_pem, &request.key_pem, "Cplug-17", lab_now())
        .expect("runs");
    assert_eq!((unbound.rsc, unbound.bound.as_deref(), unbound.handshake_error.as_deref()), (Some(4103), None, None));

    bindings.insert(issued.fingerprint.clone(), issued.originator.clone());
    let registered =
        register(&pki, &bindings, &mut cse, &issued.certificate_pem, &request.key_pem, "Cplug-17", lab_now())
            .expect("runs");
    assert_eq!(registered.rsc, Some(2001), "{}", registered.message);
    assert_eq!(registered.bound.as_deref(), Some("Cplug-17"));
    let ri = registered.ae.expect("an AE");
    let ae = cse.resource(&ri).expect("the AE exists in the CSE");
    assert_eq!(ae.attribute("aei").and_then(|value| value.as_str()), Some("Cplug-17"));

    let impersonation =
        register(&pki, &bindings, &mut cse, &issued.certificate_pem, &request.key_pem, "Cgateway-01", lab_now())
            .expect("runs");
    assert_eq!(impersonation.rsc, Some(4103));
    assert!(impersonation.message.contains("TS-0003 clause 7.2"));
    assert!(impersonation.ae.is_none());

    // a key that is not the certificate's: the client's CertificateVerify fails, no request reaches the CSE
    let other = make_request("Cother").expect("a CSR");
    let stolen = register(&pki, &bindings, &mut cse, &issued.certificate_pem, &other.key_pem, "Cplug-17", lab_now())
        .expect("runs");
    assert!(stolen.handshake_error.is_some() && stolen.rsc.is_none(), "{stolen:?}");
}

#[test]
fn bad_originators_and_tampered_requests_are_refused() {
    assert!(make_request("plug-17").expect_err("no C").contains("starts with C"));
    assert!(make_request("Cplug 17").is_err());
    let pki = Pki::generate().expect("the PKI");
    let request = make_request("Cplug-17").expect("a CSR");
    let mut tampered = request.csr_pem.clone();
    // change one base64 character inside the signed body
    let at = tampered.find('\n').expect("a header line") + 40;
    let replacement = if &tampered[at..=at] == "A" { "B" } else { "A" };
    tampered.replace_range(at..=at, replacement);
    assert!(sign_request(&pki, &tampered).expect_err("refused").contains("refuses"));
    assert!(sign_request(&pki, "not a CSR").is_err());
}

#[test]
fn work_exports_and_imports_and_a_bad_file_changes_nothing() {
    let mut work = Work { pki: Some(Pki::generate().expect("the PKI")), ..Work::default() };
    work.predictions
        .insert("expired".into(), tls_lab::work::Prediction { aborts: tls_lab::scenarios::Aborts::Client, alert: 45 });
    let text = work.export_json();
    assert_eq!(Work::import_json(&text).expect("round trip"), work);
    assert!(Work::import_json("{").expect_err("bad").contains("not a TLS lab export"));
    let other = text.replace("iot-book/tls-lab", "iot-book/other");
    assert!(Work::import_json(&other).expect_err("wrong format").contains("not a TLS lab one"));
    let unknown = text.replace("\"expired\"", "\"juggling\"");
    assert!(Work::import_json(&unknown).expect_err("unknown").contains("juggling"));
    let broken = text.replace("BEGIN CERTIFICATE", "BEGIN NOTHING");
    assert!(Work::import_json(&broken).expect_err("bad PEM").contains("PKI"));
    let markdown = work.predictions_markdown();
    assert!(
        markdown.contains("| An expired server certificate | the client, certificate_expired (45) | not run | - |")
    );
}
