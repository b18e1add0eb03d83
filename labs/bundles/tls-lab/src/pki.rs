//! The smart building's small PKI, made in the page with rcgen: a root CA, an intermediate that issues server
//! certificates, a device CA that issues device certificates, the CSE's server certificate, the gateway's device
//! certificate, and the certificates the failure scenarios need (an expired one, one for another name, one from a
//! root nobody trusts, and Mallory's). Keys are ECDSA P-256 from ring's generator; validity comes from dates
//! given here, never from a clock, so that the lab's clock ([`lab_now`]) decides what is expired.

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, date_time_ymd,
};
use rustls::pki_types::UnixTime;
use serde::{Deserialize, Serialize};

/// The name the gateway dials: the building's CSE.
pub const SERVER_NAME: &str = "cse.smart-building.example";
/// Another service of the building, with a valid certificate of its own (the wrong-name scenario).
pub const OTHER_NAME: &str = "mqtt.smart-building.example";
/// The gateway's originator, the common name of its device certificate.
pub const GATEWAY_ORIGINATOR: &str = "Cgateway-01";

/// The lab's clock: 2026-12-07 09:00:00 UTC, in seconds since the Unix epoch. Every verification in the lab
/// happens at this instant, so an expired certificate is expired on every run and in every test.
pub const LAB_NOW_SECONDS: u64 = 1_796_634_000;

/// The lab's clock as rustls takes it.
pub fn lab_now() -> UnixTime {
    UnixTime::since_unix_epoch(std::time::Duration::from_secs(LAB_NOW_SECONDS))
}

/// A certificate and its private key, both PEM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    pub certificate_pem: String,
    pub key_pem: String,
}

/// Every certificate of the lab. Stored with the student's work (PEM), so that a device enrolled before a reload
/// still chains to the same device CA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pki {
    /// "Smart Building Root CA": the only root the gateway and the CSE trust.
    pub root: Credential,
    /// "Smart Building Server CA": an intermediate under the root that issues server certificates.
    pub server_ca: Credential,
    /// "Smart Building Device CA": an intermediate under the root that issues device certificates.
    pub device_ca: Credential,
    /// The CSE's certificate for [`SERVER_NAME`], from the server CA.
    pub server: Credential,
    /// The same name, but valid only until 2026-06-30 (before the lab's clock).
    pub expired_server: Credential,
    /// The MQTT broker's certificate for [`OTHER_NAME`], from the server CA.
    pub other_name_server: Credential,
    /// A self-signed "Vendor Test Root" and a certificate for [`SERVER_NAME`] under it.
    pub vendor_root: Credential,
    pub vendor_server: Credential,
    /// Mallory's own CA and her certificate for [`SERVER_NAME`].
    pub mallory_ca: Credential,
    pub mallory_server: Credential,
    /// The gateway's device certificate ([`GATEWAY_ORIGINATOR`]), from the device CA.
    pub gateway: Credential,
}

/// Why the PKI or a certificate could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PkiError(pub String);

impl std::fmt::Display for PkiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn error(context: &str) -> impl FnOnce(rcgen::Error) -> PkiError + '_ {
    move |reason| PkiError(format!("{context}: {reason}"))
}

/// The validity every certificate gets unless a scenario says otherwise: 2026-01-01 to 2028-12-31.
fn standard_validity(params: &mut CertificateParams) {
    params.not_before = date_time_ymd(2026, 1, 1);
    params.not_after = date_time_ymd(2028, 12, 31);
}

fn name(common_name: &str, organization: &str) -> DistinguishedName {
    let mut name = DistinguishedName::new();
    name.push(DnType::OrganizationName, organization);
    name.push(DnType::CommonName, common_name);
    name
}

fn ca_params(common_name: &str, organization: &str, path_length: Option<u8>) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = name(common_name, organization);
    params.is_ca = IsCa::Ca(path_length.map_or(BasicConstraints::Unconstrained, BasicConstraints::Constrained));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    standard_validity(&mut params);
    params
}

fn server_params(dns_name: &str, organization: &str) -> Result<CertificateParams, PkiError> {
    let mut params =
        CertificateParams::new(vec![dns_name.to_owned()]).map_err(error("the server certificate's name"))?;
    params.distinguished_name = name(dns_name, organization);
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    standard_validity(&mut params);
    Ok(params)
}

/// The parameters of a device certificate: the originator as common name, client authentication only.
pub fn device_params(originator: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = name(originator, "Smart Building devices");
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    standard_validity(&mut params);
    params
}

fn new_key() -> Result<KeyPair, PkiError> {
    KeyPair::generate().map_err(error("generating a key pair"))
}

/// A self-signed root.
fn new_root(common_name: &str, organization: &str) -> Result<(Credential, Issuer<'static, KeyPair>), PkiError> {
    let key = new_key()?;
    let params = ca_params(common_name, organization, None);
    let certificate = params.self_signed(&key).map_err(error("signing the root"))?;
    let credential = Credential { certificate_pem: certificate.pem(), key_pem: key.serialize_pem() };
    Ok((credential, Issuer::new(params, key)))
}

/// A certificate from `params`, signed by `issuer`.
fn issue(params: CertificateParams, issuer: &Issuer<'_, KeyPair>) -> Result<Credential, PkiError> {
    let key = new_key()?;
    let certificate = params.signed_by(&key, issuer).map_err(error("signing a certificate"))?;
    Ok(Credential { certificate_pem: certificate.pem(), key_pem: key.serialize_pem() })
}

/// An intermediate CA under `issuer`, and the issuer it becomes.
fn intermediate(
    common_name: &str,
    issuer: &Issuer<'_, KeyPair>,
) -> Result<(Credential, Issuer<'static, KeyPair>), PkiError> {
    let key = new_key()?;
    let params = ca_params(common_name, "Smart Building", Some(0));
    let certificate = params.signed_by(&key, issuer).map_err(error("signing an intermediate"))?;
    let credential = Credential { certificate_pem: certificate.pem(), key_pem: key.serialize_pem() };
    Ok((credential, Issuer::new(params, key)))
}

impl Pki {
    /// Makes the whole PKI (eleven ECDSA P-256 key pairs).
    pub fn generate() -> Result<Pki, PkiError> {
        let (root, root_issuer) = new_root("Smart Building Root CA", "Smart Building")?;
        let (server_ca, server_issuer) = intermediate("Smart Building Server CA", &root_issuer)?;
        let (device_ca, device_issuer) = intermediate("Smart Building Device CA", &root_issuer)?;
        let server = issue(server_params(SERVER_NAME, "Smart Building")?, &server_issuer)?;
        let mut expired = server_params(SERVER_NAME, "Smart Building")?;
        expired.not_before = date_time_ymd(2025, 7, 1);
        expired.not_after = date_time_ymd(2026, 6, 30);
        let expired_server = issue(expired, &server_issuer)?;
        let other_name_server = issue(server_params(OTHER_NAME, "Smart Building")?, &server_issuer)?;
        let (vendor_root, vendor_issuer) = new_root("Vendor Test Root", "Gateway Vendor")?;
        let vendor_server = issue(server_params(SERVER_NAME, "Gateway Vendor")?, &vendor_issuer)?;
        let (mallory_ca, mallory_issuer) = new_root("Mallory Trust Services", "Mallory")?;
        let mallory_server = issue(server_params(SERVER_NAME, "Mallory")?, &mallory_issuer)?;
        let gateway = issue(device_params(GATEWAY_ORIGINATOR), &device_issuer)?;
        Ok(Pki {
            root,
            server_ca,
            device_ca,
            server,
            expired_server,
            other_name_server,
            vendor_root,
            vendor_server,
            mallory_ca,
            mallory_server,
            gateway,
        })
    }

    /// The device CA as an issuer (to sign a device's CSR).
    pub fn device_issuer(&self) -> Result<Issuer<'static, KeyPair>, PkiError> {
        let key = KeyPair::from_pem(&self.device_ca.key_pem).map_err(error("the device CA's key"))?;
        Issuer::from_ca_cert_pem(&self.device_ca.certificate_pem, key).map_err(error("the device CA's certificate"))
    }

    /// Checks that every certificate and key reads (an imported or restored PKI).
    pub fn check(&self) -> Result<(), PkiError> {
        for (label, credential) in self.credentials() {
            crate::chain::der_of(&credential.certificate_pem)
                .map_err(|reason| PkiError(format!("{label}: {reason}")))?;
            KeyPair::from_pem(&credential.key_pem).map_err(|reason| PkiError(format!("{label}'s key: {reason}")))?;
        }
        Ok(())
    }

    /// Every credential with a label.
    pub fn credentials(&self) -> [(&'static str, &Credential); 11] {
        [
            ("the root CA", &self.root),
            ("the server CA", &self.server_ca),
            ("the device CA", &self.device_ca),
            ("the CSE's certificate", &self.server),
            ("the expired certificate", &self.expired_server),
            ("the MQTT broker's certificate", &self.other_name_server),
            ("the vendor root", &self.vendor_root),
            ("the vendor's certificate", &self.vendor_server),
            ("Mallory's CA", &self.mallory_ca),
            ("Mallory's certificate", &self.mallory_server),
            ("the gateway's certificate", &self.gateway),
        ]
    }
}
