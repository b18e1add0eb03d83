//! Secure mode (`--tls`): HTTPS with rustls, a workshop CA, and credentials bound to originators.
//!
//! On first start the server creates, in `<data>/tls/`, a workshop CA (`ca.cert.pem`, `ca.key.pem`)
//! and a server certificate signed by it for the names and addresses it serves
//! (`server.cert.pem`, `server.key.pem`; made again when those change). The host hands out the CA
//! certificate (`/workshop/ca.pem`, explained on `/workshop/trust`), and issues each participant a
//! credential: a client certificate (`workshop-server issue-cert NAME`) or a token
//! (`workshop-server issue-token NAME`). `credentials.json` binds each credential (the SHA-256 of the
//! certificate, or of the token) to its originator; the server reads it again when it changes, so
//! credentials issued while it runs work at once.
//!
//! With a credential the CSE takes the originator from it and refuses a request whose
//! `X-M2M-Origin` names someone else (TS-0003's AE impersonation prevention); without one a
//! request to the CSE is refused. The book and the trust page need no credential.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use anyhow::{Context, Result, bail};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType, date_time_ymd,
};
use rustls::RootCertStore;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use serde::{Deserialize, Serialize};

const DIR: &str = "tls";
const CA_CERT: &str = "ca.cert.pem";
const CA_KEY: &str = "ca.key.pem";
const SERVER_CERT: &str = "server.cert.pem";
const SERVER_KEY: &str = "server.key.pem";
const SERVER_NAMES: &str = "server.names";
const CREDENTIALS: &str = "credentials.json";
const CA_NAME: &str = "oneM2M workshop CA";

/// Where the secure mode's files live in a data directory.
pub fn tls_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(DIR)
}

/// The workshop CA and the server's certificate, ready to serve.
#[derive(Debug, Clone)]
pub struct Pki {
    /// The CA certificate in PEM, handed to participants.
    pub ca_pem: String,
    /// SHA-256 fingerprint of the CA certificate in openssl's format, to compare by eye with what a
    /// participant downloaded.
    pub ca_fingerprint: String,
    pub server_config: Arc<rustls::ServerConfig>,
}

/// The rustls crypto provider: ring, as the rest of the project uses (aws-lc-rs needs cmake and a
/// longer build). rustls 0.23.48 marks it deprecated because ring has no post-quantum key
/// exchange; a workshop's traffic is short-lived and X25519/ECDHE is what the book's TLS chapter
/// teaches, so that is an accepted limit, written here rather than silenced.
#[expect(deprecated, reason = "ring has no post-quantum key exchange (rustls 0.23.48); accepted, see above")]
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A certificate's SHA-256 fingerprint as `openssl x509 -noout -fingerprint -sha256` prints it
/// (uppercase hex pairs joined by colons), so that participants can compare the two by eye.
pub fn openssl_fingerprint(der: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, der);
    digest.as_ref().iter().map(|byte| format!("{byte:02X}")).collect::<Vec<_>>().join(":")
}

/// SHA-256 in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes).as_ref().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The validity of the certificates made today: from the start of this year to the start of the
/// year after next (a participant's clock a little off does not matter).
fn validity(params: &mut CertificateParams) {
    let year = onem2m_cse::Timestamp::from_millis(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_millis().try_into().unwrap_or(u64::MAX))
            .unwrap_or(0),
    )
    .civil()
    .year;
    let year = i32::try_from(year).unwrap_or(2026);
    params.not_before = date_time_ymd(year, 1, 1);
    params.not_after = date_time_ymd(year + 2, 1, 1);
}

/// The CA's parameters: the same for the same key, so that the issuer can be rebuilt from it. Its
/// name carries a digest of the key, so two workshops' CAs never share a name.
fn ca_params(key: &KeyPair) -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    let digest = sha256_hex(key.public_key_pem().as_bytes());
    name.push(DnType::CommonName, format!("{CA_NAME} {}", &digest[..12]));
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    params
}

fn write_private(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))
            .with_context(|| format!("restricting {}", path.display()))?;
    }
    Ok(())
}

/// The workshop CA of `data_dir`, created when there is none: (its certificate in PEM, its issuer).
fn ca(data_dir: &Path) -> Result<(String, Issuer<'static, KeyPair>)> {
    let dir = tls_dir(data_dir);
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let (cert_path, key_path) = (dir.join(CA_CERT), dir.join(CA_KEY));
    if !cert_path.exists() || !key_path.exists() {
        let key = KeyPair::generate().context("generating the CA key")?;
        let mut params = ca_params(&key);
        validity(&mut params);
        let cert = params.self_signed(&key).context("signing the CA certificate")?;
        write_private(&key_path, &key.serialize_pem())?;
        fs::write(&cert_path, cert.pem()).with_context(|| format!("writing {}", cert_path.display()))?;
    }
    let pem = fs::read_to_string(&cert_path).with_context(|| format!("reading {}", cert_path.display()))?;
    let key_pem = fs::read_to_string(&key_path).with_context(|| format!("reading {}", key_path.display()))?;
    let key = KeyPair::from_pem(&key_pem).with_context(|| format!("{} is not a key", key_path.display()))?;
    Ok((pem, Issuer::new(ca_params(&key), key)))
}

/// Prepares secure mode for a server answering to `names` (host names and addresses): the CA and
/// a server certificate for those names (made again when they changed), and the rustls
/// configuration, which asks for a client certificate signed by the CA but lets a client without
/// one connect (the book needs none; the CSE refuses a request without a credential).
pub fn prepare(data_dir: &Path, names: &[String]) -> Result<Pki> {
    let (ca_pem, issuer) = ca(data_dir)?;
    let dir = tls_dir(data_dir);
    let (cert_path, key_path, names_path) = (dir.join(SERVER_CERT), dir.join(SERVER_KEY), dir.join(SERVER_NAMES));
    let wanted = names.join("\n");
    let current = fs::read_to_string(&names_path).unwrap_or_default();
    if current != wanted || !cert_path.exists() || !key_path.exists() {
        let key = KeyPair::generate().context("generating the server key")?;
        let mut params = CertificateParams::default();
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, "oneM2M workshop server");
        params.distinguished_name = name;
        params.subject_alt_names = names
            .iter()
            .map(|name| match name.parse() {
                Ok(address) => Ok(SanType::IpAddress(address)),
                Err(_) => {
                    let valid = !name.is_empty()
                        && name.split('.').all(|label| {
                            !label.is_empty()
                                && !label.starts_with('-')
                                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                        });
                    if !valid {
                        bail!("{name:?} is not a host name the server certificate can hold");
                    }
                    Ok(SanType::DnsName(name.clone().try_into().with_context(|| format!("{name} is not a host name"))?))
                }
            })
            .collect::<Result<_>>()?;
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        validity(&mut params);
        let cert = params.signed_by(&key, &issuer).context("signing the server certificate")?;
        write_private(&key_path, &key.serialize_pem())?;
        fs::write(&cert_path, cert.pem()).with_context(|| format!("writing {}", cert_path.display()))?;
        fs::write(&names_path, &wanted).with_context(|| format!("writing {}", names_path.display()))?;
    }
    let ca_der = CertificateDer::from_pem_slice(ca_pem.as_bytes()).context("reading the CA certificate")?;
    let mut roots = RootCertStore::empty();
    roots.add(ca_der.clone()).context("trusting the workshop CA")?;
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider())
        .allow_unauthenticated()
        .build()
        .context("the client certificate verifier")?;
    let server_cert =
        CertificateDer::from_pem_file(&cert_path).with_context(|| format!("reading {}", cert_path.display()))?;
    let server_key =
        PrivateKeyDer::from_pem_file(&key_path).with_context(|| format!("reading {}", key_path.display()))?;
    let mut config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .context("TLS versions")?
        .with_client_cert_verifier(verifier)
        .with_single_cert(vec![server_cert, ca_der.clone()], server_key)
        .context("the server certificate")?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Pki { ca_fingerprint: openssl_fingerprint(&ca_der), ca_pem, server_config: Arc::new(config) })
}

/// Checks that `name` may be an originator bound to a credential: an AE originator `C...` (or
/// `S...`), letters, digits, `-`, `_`, `.` only.
fn check_originator(name: &str) -> Result<()> {
    let valid_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !(name.starts_with('C') || name.starts_with('S')) || name.len() < 2 || name.len() > 64 || !valid_chars {
        bail!(
            "{name:?} is not an originator for a participant: it starts with C (an AE originator, e.g. Calice) and \
             holds letters, digits, '-', '_' or '.' only (at most 64)"
        );
    }
    Ok(())
}

/// Credentials bound to originators (`credentials.json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Bindings {
    /// SHA-256 of a client certificate (DER) -> originator
    #[serde(default)]
    certificates: BTreeMap<String, String>,
    /// SHA-256 of a token -> originator
    #[serde(default)]
    tokens: BTreeMap<String, String>,
}

fn read_bindings(path: &Path) -> Result<Bindings> {
    match fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).with_context(|| format!("{} is not a credential list", path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Bindings::default()),
        Err(error) => Err(error).with_context(|| format!("reading {}", path.display())),
    }
}

fn write_bindings(path: &Path, bindings: &Bindings) -> Result<()> {
    let text = serde_json::to_string_pretty(bindings).context("writing the credential list")?;
    let temporary = path.with_extension("json.tmp");
    write_private(&temporary, &text)?;
    fs::rename(&temporary, path).with_context(|| format!("replacing {}", path.display()))
}

/// The files `issue-cert` wrote.
#[derive(Debug, Clone)]
pub struct IssuedCertificate {
    pub certificate: PathBuf,
    pub key: PathBuf,
    pub ca: PathBuf,
}

/// Issues the participant `originator` a client certificate signed by the workshop CA of
/// `data_dir` (created if there is none yet), writes `<out>/<originator>.cert.pem` and
/// `<out>/<originator>.key.pem` (and the CA as `<out>/ca.pem`), and binds the certificate to the
/// originator.
pub fn issue_certificate(data_dir: &Path, originator: &str, out: &Path) -> Result<IssuedCertificate> {
    check_originator(originator)?;
    let (ca_pem, issuer) = ca(data_dir)?;
    let key = KeyPair::generate().context("generating the participant's key")?;
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, originator);
    params.distinguished_name = name;
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    validity(&mut params);
    let cert = params.signed_by(&key, &issuer).context("signing the participant's certificate")?;
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let issued = IssuedCertificate {
        certificate: out.join(format!("{originator}.cert.pem")),
        key: out.join(format!("{originator}.key.pem")),
        ca: out.join("ca.pem"),
    };
    write_private(&issued.key, &key.serialize_pem())?;
    fs::write(&issued.certificate, cert.pem()).with_context(|| format!("writing {}", issued.certificate.display()))?;
    fs::write(&issued.ca, ca_pem).with_context(|| format!("writing {}", issued.ca.display()))?;
    let path = tls_dir(data_dir).join(CREDENTIALS);
    let mut bindings = read_bindings(&path)?;
    bindings.certificates.insert(sha256_hex(cert.der()), originator.to_owned());
    write_bindings(&path, &bindings)?;
    Ok(issued)
}

/// Issues the participant `originator` a token (32 random hex digits) and binds it to the
/// originator; only its SHA-256 is kept.
pub fn issue_token(data_dir: &Path, originator: &str) -> Result<String> {
    check_originator(originator)?;
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("drawing a token: {error}"))?;
    let token: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    let dir = tls_dir(data_dir);
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(CREDENTIALS);
    let mut bindings = read_bindings(&path)?;
    bindings.tokens.insert(sha256_hex(token.as_bytes()), originator.to_owned());
    write_bindings(&path, &bindings)?;
    Ok(token)
}

/// Secure mode of a running server: the PKI it serves with and the credentials it accepts.
#[derive(Debug)]
pub struct Secure {
    pub pki: Pki,
    pub credentials: Credentials,
}

/// The names a server certificate must hold for a server listening on `host` (its address when
/// that is not a wildcard, the LAN addresses when it is, and the names the host allowed), always
/// with `localhost`, 127.0.0.1 and ::1.
pub fn server_names(host: &str, allowed_hosts: &[String], lan_addresses: &[std::net::IpAddr]) -> Vec<String> {
    let mut names: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
    let wildcard = host.parse::<std::net::IpAddr>().is_ok_and(|address| address.is_unspecified());
    let mut add = |name: String| {
        if !names.contains(&name) {
            names.push(name);
        }
    };
    if wildcard {
        lan_addresses.iter().for_each(|address| add(address.to_string()));
    } else {
        add(host.trim_start_matches('[').trim_end_matches(']').to_owned());
    }
    allowed_hosts.iter().cloned().for_each(add);
    names
}

/// The credential list of a running server, read again whenever the file changes.
#[derive(Debug)]
pub struct Credentials {
    path: PathBuf,
    cached: Mutex<(Option<SystemTime>, Bindings)>,
}

impl Credentials {
    pub fn new(data_dir: &Path) -> Self {
        Credentials { path: tls_dir(data_dir).join(CREDENTIALS), cached: Mutex::new((None, Bindings::default())) }
    }

    /// Answers `pick` from the current list (read again when the file changed since the last look).
    fn find(&self, pick: impl FnOnce(&Bindings) -> Option<String>) -> Option<String> {
        let modified = fs::metadata(&self.path).and_then(|meta| meta.modified()).ok();
        let mut cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        if cached.0 != modified || modified.is_none() {
            match read_bindings(&self.path) {
                Ok(bindings) => *cached = (modified, bindings),
                Err(error) => eprintln!("workshop-server: {error:#}"),
            }
        }
        pick(&cached.1)
    }

    /// The originator a client certificate (already verified against the workshop CA) is bound to.
    pub fn of_certificate(&self, der: &[u8]) -> Option<String> {
        let digest = sha256_hex(der);
        self.find(|bindings| bindings.certificates.get(&digest).cloned())
    }

    /// The originator a token is bound to.
    pub fn of_token(&self, token: &str) -> Option<String> {
        let digest = sha256_hex(token.as_bytes());
        self.find(|bindings| bindings.tokens.get(&digest).cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(label: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("workshop-tls-{label}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn the_ca_is_made_once_and_the_server_certificate_again_when_the_names_change() {
        let dir = temp("pki");
        let first = prepare(&dir, &["localhost".into(), "127.0.0.1".into()]).expect("prepared");
        let server_cert = fs::read_to_string(tls_dir(&dir).join(SERVER_CERT)).expect("server cert");
        let again = prepare(&dir, &["localhost".into(), "127.0.0.1".into()]).expect("prepared again");
        assert_eq!(first.ca_pem, again.ca_pem, "the CA is kept");
        assert_eq!(fs::read_to_string(tls_dir(&dir).join(SERVER_CERT)).expect("cert"), server_cert, "same names");
        let other = prepare(&dir, &["localhost".into(), "192.0.2.7".into()]).expect("new names");
        assert_eq!(other.ca_fingerprint, first.ca_fingerprint);
        assert_eq!(first.ca_fingerprint.len(), 32 * 3 - 1, "AB:CD:... as openssl prints it");
        assert!(first.ca_fingerprint.chars().all(|c| c == ':' || c.is_ascii_hexdigit() && !c.is_ascii_lowercase()));
        assert_ne!(fs::read_to_string(tls_dir(&dir).join(SERVER_CERT)).expect("cert"), server_cert);
        assert!(prepare(&dir, &["not a name!".into()]).is_err());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn credentials_are_bound_to_originators_and_bad_names_refused() {
        let dir = temp("credentials");
        let issued = issue_certificate(&dir, "Calice", &dir.join("out")).expect("issued");
        let der = CertificateDer::from_pem_file(&issued.certificate).expect("a certificate");
        let token = issue_token(&dir, "Cbob").expect("a token");
        let credentials = Credentials::new(&dir);
        assert_eq!(credentials.of_certificate(&der).as_deref(), Some("Calice"));
        assert_eq!(credentials.of_token(&token).as_deref(), Some("Cbob"));
        assert_eq!(credentials.of_token("0123"), None);
        // a credential issued while the server runs counts at once
        let later = issue_token(&dir, "Ccarol").expect("another token");
        assert_eq!(credentials.of_token(&later).as_deref(), Some("Ccarol"));
        for bad in ["alice", "C", "C/alice", "Cal ice", ""] {
            assert!(issue_token(&dir, bad).is_err(), "{bad:?}");
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
