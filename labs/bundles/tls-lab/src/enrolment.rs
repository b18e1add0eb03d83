//! Enrolling a device and registering it as an AE, the way the workshop server's secure mode binds credentials
//! (labs/servers/workshop-server/src/tls.rs): the device makes its key pair and a certificate signing request
//! (PKCS #10, RFC 2986) whose common name is its AE originator; the Device CA checks the request's signature and
//! the name, issues a client certificate, and the enrolment binds the certificate's SHA-256 to the originator. The
//! device then connects with mutual TLS; the CSE front takes the originator from the certificate the handshake
//! verified, refuses a request whose originator names someone else (TS-0003 clause 7.2, AE impersonation
//! prevention; 4103 as the workshop server answers), and hands the registration to the `onem2m-cse` engine.

use std::collections::BTreeMap;

use onem2m_cse::{Cse, CseConfig, Request, Timestamp};
use rcgen::{CertificateSigningRequestParams, ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, date_time_ymd};
use rustls::pki_types::UnixTime;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::chain::{der_of, sha256_hex, summarize};
use crate::handshake::{ClientSetup, ServerSetup, SetupError, Tamper, chain_with, client_config, run, server_config};
use crate::pki::{Pki, SERVER_NAME, device_params};

/// Checks that `name` may be a device's originator: an AE originator `C...`, letters, digits, `-`, `_`, `.`
/// only, at most 64 (the workshop server's rule).
pub fn check_originator(name: &str) -> Result<(), String> {
    let valid_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !name.starts_with('C') || name.len() < 2 || name.len() > 64 || !valid_chars {
        return Err(format!(
            "“{name}” is not an AE originator: it starts with C (e.g. Cplug-17) and holds letters, digits, '-', '_' or '.' only (at most 64)"
        ));
    }
    Ok(())
}

/// The device's side: its key (kept on the device) and its request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRequest {
    pub originator: String,
    pub key_pem: String,
    pub csr_pem: String,
}

/// Makes the device's ECDSA P-256 key pair and its CSR with the originator as common name.
pub fn make_request(originator: &str) -> Result<DeviceRequest, String> {
    check_originator(originator)?;
    let key = KeyPair::generate().map_err(|reason| format!("generating the device's key: {reason}"))?;
    let csr = device_params(originator)
        .serialize_request(&key)
        .and_then(|csr| csr.pem())
        .map_err(|reason| format!("writing the CSR: {reason}"))?;
    Ok(DeviceRequest { originator: originator.to_owned(), key_pem: key.serialize_pem(), csr_pem: csr })
}

/// The Device CA's decision on a CSR: the certificate (PEM) and the originator it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issued {
    pub originator: String,
    pub certificate_pem: String,
    /// SHA-256 of the certificate's DER: what the CSE binds to the originator.
    pub fingerprint: String,
}

/// The Device CA checks the CSR (its signature proves possession of the key; its common name must be an AE
/// originator) and issues a client certificate on its own terms: its validity, client authentication only, not
/// a CA, whatever the request asked for.
pub fn sign_request(pki: &Pki, csr_pem: &str) -> Result<Issued, String> {
    let mut request = CertificateSigningRequestParams::from_pem(csr_pem)
        .map_err(|reason| format!("the Device CA refuses the request: {reason}"))?;
    let originator = request
        .params
        .distinguished_name
        .get(&rcgen::DnType::CommonName)
        .and_then(|value| match value {
            rcgen::DnValue::Utf8String(text) => Some(text.clone()),
            rcgen::DnValue::PrintableString(text) => Some(text.as_str().to_owned()),
            _ => None,
        })
        .ok_or("the Device CA refuses the request: it names no common name")?;
    check_originator(&originator).map_err(|reason| format!("the Device CA refuses the request: {reason}"))?;
    let params = &mut request.params;
    params.is_ca = IsCa::NoCa;
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.subject_alt_names.clear();
    params.not_before = date_time_ymd(2026, 12, 1);
    params.not_after = date_time_ymd(2027, 11, 30);
    let issuer = pki.device_issuer().map_err(|reason| reason.to_string())?;
    let certificate = request.signed_by(&issuer).map_err(|reason| format!("signing: {reason}"))?;
    Ok(Issued { originator, fingerprint: sha256_hex(certificate.der()), certificate_pem: certificate.pem() })
}

/// The CSE's credential list: SHA-256 of a certificate -> originator (the workshop server's `credentials.json`).
pub type Bindings = BTreeMap<String, String>;

/// What a registration attempt did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// The originator the device claimed in its request.
    pub claimed: String,
    /// The originator the certificate is bound to, when the handshake verified one.
    pub bound: Option<String>,
    /// The handshake's outcome: `None` when it completed, else rustls's error.
    pub handshake_error: Option<String>,
    /// The oneM2M response status code, when a request reached the CSE front.
    pub rsc: Option<u16>,
    pub message: String,
    /// The AE's resource identifier when it was created.
    pub ae: Option<String>,
}

/// The lab's clock for the CSE (the same instant as the TLS clock).
pub fn cse_time() -> Timestamp {
    Timestamp::from_millis(crate::pki::LAB_NOW_SECONDS * 1000)
}

/// Connects as the device (mutual TLS with `certificate_pem` and `key_pem`) and asks the CSE to register an AE
/// for `claimed`; `cse` is the building's CSE, `bindings` the credentials the CSE accepts.
pub fn register(
    pki: &Pki,
    bindings: &Bindings,
    cse: &mut Cse,
    certificate_pem: &str,
    key_pem: &str,
    claimed: &str,
    now: UnixTime,
) -> Result<Registration, SetupError> {
    let client = ClientSetup {
        server_name: SERVER_NAME.to_owned(),
        roots: vec![pki.root.certificate_pem.clone()],
        identity: Some((vec![certificate_pem.to_owned(), pki.device_ca.certificate_pem.clone()], key_pem.to_owned())),
        allow_tls12: false,
    };
    let (chain, server_key) = chain_with(&pki.server, Some(&pki.server_ca));
    let server = ServerSetup {
        chain,
        key_pem: server_key,
        client_roots: Some(vec![pki.root.certificate_pem.clone()]),
        allow_tls12: false,
    };
    let log = std::sync::Arc::new(crate::handshake::SecretLog::default());
    let handshake = run(
        client_config(&client, now, log.clone(), None)?,
        server_config(&server, now)?,
        SERVER_NAME,
        Tamper::None,
        &log,
    )?;
    let mut registration = Registration {
        claimed: claimed.to_owned(),
        bound: None,
        handshake_error: None,
        rsc: None,
        message: String::new(),
        ae: None,
    };
    if !handshake.outcome.completed {
        registration.handshake_error =
            handshake.outcome.server_error.clone().or(handshake.outcome.client_error.clone());
        registration.message = "The TLS handshake failed: no request reached the CSE.".to_owned();
        return Ok(registration);
    }
    let Some(leaf) = handshake.outcome.client_chain.first() else {
        registration.message = "The handshake completed without a client certificate.".to_owned();
        return Ok(registration);
    };
    let Some(originator) = bindings.get(&sha256_hex(leaf)) else {
        registration.rsc = Some(4103);
        registration.message = "The certificate is valid but bound to no originator: the CSE refuses (4103).".into();
        return Ok(registration);
    };
    registration.bound = Some(originator.clone());
    if claimed != originator {
        registration.rsc = Some(4103);
        registration.message = format!(
            "The request says From: {claimed}, but the certificate is {originator}'s: the CSE takes the originator from the credential and refuses another (TS-0003 clause 7.2, AE impersonation prevention)."
        );
        return Ok(registration);
    }
    let ae = json!({"m2m:ae": {"rn": originator.trim_start_matches('C'), "api": "Nsmart-building", "rr": false, "srv": ["4"]}});
    let response = cse.handle_request(Request::create("cse-in", originator.as_str(), 2, ae), cse_time());
    registration.rsc = Some(response.rsc.code());
    registration.ae = response.attribute("ri").and_then(|value| value.as_str()).map(str::to_owned);
    registration.message = match &registration.ae {
        Some(ri) => {
            format!("The CSE registered the AE {ri} for {originator}: its originator is bound to the certificate.")
        }
        None => format!(
            "The CSE answered {} {}{}",
            response.rsc.code(),
            response.rsc.name(),
            response.debug_message().map(|message| format!(": {message}")).unwrap_or_default()
        ),
    };
    Ok(registration)
}

/// A fresh CSE for the building (IN-CSE `cse-in`).
pub fn new_cse() -> Cse {
    Cse::new(CseConfig::default(), cse_time())
}

/// The summary of an issued certificate (for display and for checks).
pub fn describe(certificate_pem: &str) -> Result<crate::chain::CertificateSummary, String> {
    summarize(&der_of(certificate_pem)?)
}
