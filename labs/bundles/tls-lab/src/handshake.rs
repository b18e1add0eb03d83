//! A real handshake between a rustls client and a rustls server in memory: each side writes its flight with
//! `write_tls` into a buffer, the other reads it with `read_tls` and `process_new_packets`, until neither has more
//! to say or one side aborts. The time comes in (a [`rustls::time_provider::TimeProvider`] that returns the lab's
//! clock), the traffic secrets come out through a [`KeyLog`], and the bytes of every flight are kept for display.

use std::sync::{Arc, Mutex, PoisonError};

use rustls::client::Resumption;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::{ClientHello, ResolvesServerCert, WebPkiClientVerifier};
use rustls::sign::CertifiedKey;
use rustls::time_provider::TimeProvider;
use rustls::{ClientConfig, ClientConnection, KeyLog, RootCertStore, ServerConfig, ServerConnection};

use crate::pki::Credential;

/// Who speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Side {
    Client,
    Server,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }
}

/// A clock that always reads the same instant: the lab's.
#[derive(Debug)]
struct FixedTime(UnixTime);

impl TimeProvider for FixedTime {
    fn current_time(&self) -> Option<UnixTime> {
        Some(self.0)
    }
}

/// The secrets rustls logs (NSS key log labels, e.g. `SERVER_HANDSHAKE_TRAFFIC_SECRET`).
#[derive(Debug, Default)]
pub struct SecretLog(Mutex<Vec<(String, Vec<u8>)>>);

impl KeyLog for SecretLog {
    fn log(&self, label: &str, _client_random: &[u8], secret: &[u8]) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).push((label.to_owned(), secret.to_vec()));
    }

    fn will_log(&self, _label: &str) -> bool {
        true
    }
}

impl SecretLog {
    fn take(&self) -> Vec<(String, Vec<u8>)> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// How the client is set up.
#[derive(Debug, Clone)]
pub struct ClientSetup {
    /// The name it dials.
    pub server_name: String,
    /// The roots it trusts (PEM).
    pub roots: Vec<String>,
    /// Its own certificate chain and key, for client authentication.
    pub identity: Option<(Vec<String>, String)>,
    /// Offers TLS 1.2 as well as TLS 1.3.
    pub allow_tls12: bool,
}

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct ServerSetup {
    /// The chain it sends (PEM, leaf first).
    pub chain: Vec<String>,
    /// The key it signs CertificateVerify with (PEM); not necessarily the leaf's.
    pub key_pem: String,
    /// The roots it accepts client certificates from; `None`: no client authentication.
    pub client_roots: Option<Vec<String>>,
    pub allow_tls12: bool,
}

/// What an attacker on the path does to the client's first flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tamper {
    None,
    /// Removes supported_versions from the ClientHello.
    StripSupportedVersions,
}

/// One flight: who sent it and the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flight {
    pub from: Side,
    pub bytes: Vec<u8>,
    /// The attacker changed these bytes on the way.
    pub tampered: bool,
}

/// How a handshake ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Whether both sides completed the handshake without error.
    pub completed: bool,
    /// The side that aborted first, with rustls's error.
    pub aborted_by: Option<(Side, String)>,
    /// The alert the other side received (its code), as rustls reported it.
    pub alert_received: Option<(Side, u8)>,
    /// The error each side ended with (rustls's text).
    pub client_error: Option<String>,
    pub server_error: Option<String>,
    /// The protocol version and cipher suite negotiated, when the handshake got that far.
    pub version: Option<String>,
    pub suite: Option<u16>,
    /// Whether the server resumed a session (a PSK accepted) instead of authenticating with a certificate.
    pub resumed: bool,
    /// The client certificate chain the server accepted (DER), when there was one.
    pub client_chain: Vec<Vec<u8>>,
}

/// A handshake: its flights, its secrets and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handshake {
    pub flights: Vec<Flight>,
    pub secrets: Vec<(String, Vec<u8>)>,
    pub outcome: Outcome,
}

/// Why a handshake could not even be set up (a bad certificate or key in the configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError(pub String);

/// rustls on ring, as the workshop server uses it. ring has no post-quantum key exchange (rustls 0.23.48 deprecates
/// the provider for that); the book teaches X25519/ECDHE here, an accepted limit written down, not silenced.
#[expect(deprecated, reason = "ring has no post-quantum key exchange (rustls 0.23.48); accepted, see above")]
fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn certificates(pems: &[String]) -> Result<Vec<CertificateDer<'static>>, SetupError> {
    pems.iter().map(|pem| crate::chain::der_of(pem).map_err(SetupError)).collect()
}

fn private_key(pem: &str) -> Result<PrivateKeyDer<'static>, SetupError> {
    PrivateKeyDer::from_pem_slice(pem.as_bytes()).map_err(|reason| SetupError(format!("a private key: {reason:?}")))
}

fn root_store(pems: &[String]) -> Result<RootCertStore, SetupError> {
    let mut roots = RootCertStore::empty();
    for der in certificates(pems)? {
        roots.add(der).map_err(|reason| SetupError(format!("a root: {reason}")))?;
    }
    Ok(roots)
}

fn versions(allow_tls12: bool) -> &'static [&'static rustls::SupportedProtocolVersion] {
    static TLS13_ONLY: &[&rustls::SupportedProtocolVersion] = &[&rustls::version::TLS13];
    if allow_tls12 { rustls::ALL_VERSIONS } else { TLS13_ONLY }
}

/// Always presents the same chain and key, without checking that they belong together: a server (or Mallory, or
/// a device with a stolen certificate) that sends someone else's chain with its own key.
#[derive(Debug)]
struct FixedChain(Arc<CertifiedKey>);

impl ResolvesServerCert for FixedChain {
    fn resolve(&self, _client_hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.0.clone())
    }
}

impl rustls::client::ResolvesClientCert for FixedChain {
    fn resolve(&self, _hints: &[&[u8]], _schemes: &[rustls::SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        Some(self.0.clone())
    }

    fn has_certs(&self) -> bool {
        true
    }
}

/// Builds the client's configuration; `resumption` carries session tickets between handshakes.
pub fn client_config(
    setup: &ClientSetup,
    now: UnixTime,
    log: Arc<SecretLog>,
    resumption: Option<Resumption>,
) -> Result<Arc<ClientConfig>, SetupError> {
    let builder = ClientConfig::builder_with_details(provider(), Arc::new(FixedTime(now)))
        .with_protocol_versions(versions(setup.allow_tls12))
        .map_err(|reason| SetupError(reason.to_string()))?
        .with_root_certificates(root_store(&setup.roots)?);
    let mut config = match &setup.identity {
        Some((chain, key)) => {
            let key = provider()
                .key_provider
                .load_private_key(private_key(key)?)
                .map_err(|reason| SetupError(format!("the client key: {reason}")))?;
            let certified = CertifiedKey::new(certificates(chain)?, key);
            builder.with_client_cert_resolver(Arc::new(FixedChain(Arc::new(certified))))
        }
        None => builder.with_no_client_auth(),
    };
    config.key_log = log;
    if let Some(resumption) = resumption {
        config.resumption = resumption;
    }
    Ok(Arc::new(config))
}

/// Builds the server's configuration.
pub fn server_config(setup: &ServerSetup, now: UnixTime) -> Result<Arc<ServerConfig>, SetupError> {
    let provider = provider();
    let builder = ServerConfig::builder_with_details(provider.clone(), Arc::new(FixedTime(now)))
        .with_protocol_versions(versions(setup.allow_tls12))
        .map_err(|reason| SetupError(reason.to_string()))?;
    let builder = match &setup.client_roots {
        Some(roots) => {
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(root_store(roots)?), provider.clone())
                .build()
                .map_err(|reason| SetupError(format!("the client verifier: {reason}")))?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let key = provider
        .key_provider
        .load_private_key(private_key(&setup.key_pem)?)
        .map_err(|reason| SetupError(format!("the server key: {reason}")))?;
    let certified = CertifiedKey::new(certificates(&setup.chain)?, key);
    Ok(Arc::new(builder.with_cert_resolver(Arc::new(FixedChain(Arc::new(certified))))))
}

/// Feeds `bytes` to a connection and processes them; rustls's error if it rejects them.
fn deliver(connection: &mut rustls::Connection, bytes: &[u8]) -> Result<(), rustls::Error> {
    let mut rest = bytes;
    while !rest.is_empty() {
        match connection.read_tls(&mut rest) {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                connection.process_new_packets()?;
            }
        }
    }
    Ok(())
}

fn drain(connection: &mut rustls::Connection) -> Vec<u8> {
    let mut bytes = Vec::new();
    while connection.wants_write() {
        match connection.write_tls(&mut bytes) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
    bytes
}

fn alert_code(error: &rustls::Error) -> Option<u8> {
    match error {
        rustls::Error::AlertReceived(alert) => Some(u8::from(*alert)),
        _ => None,
    }
}

/// Runs a handshake between two configured connections, flight by flight.
pub fn run(
    client: Arc<ClientConfig>,
    server: Arc<ServerConfig>,
    server_name: &str,
    tamper: Tamper,
    log: &SecretLog,
) -> Result<Handshake, SetupError> {
    let name = ServerName::try_from(server_name.to_owned())
        .map_err(|reason| SetupError(format!("the server name {server_name}: {reason}")))?;
    let mut client: rustls::Connection =
        ClientConnection::new(client, name).map_err(|reason| SetupError(reason.to_string()))?.into();
    let mut server: rustls::Connection =
        ServerConnection::new(server).map_err(|reason| SetupError(reason.to_string()))?.into();
    let mut flights = Vec::new();
    let mut errors: [Option<rustls::Error>; 2] = [None, None];
    let mut aborted_by = None;
    let mut from = Side::Client;
    let mut quiet_turns = 0;
    // a TLS 1.3 handshake takes four flights (the last carries the server's tickets or an alert); ten is ample
    for _turn in 0..10 {
        let (sender, receiver, receiver_side) = match from {
            Side::Client => (&mut client, &mut server, Side::Server),
            Side::Server => (&mut server, &mut client, Side::Client),
        };
        let mut bytes = drain(sender);
        if bytes.is_empty() {
            quiet_turns += 1;
            if quiet_turns == 2 {
                break;
            }
        } else {
            quiet_turns = 0;
            let mut tampered = false;
            if from == Side::Client
                && flights.is_empty()
                && tamper == Tamper::StripSupportedVersions
                && let Some(changed) = crate::records::strip_supported_versions(&bytes)
            {
                bytes = changed;
                tampered = true;
            }
            let receiver_index = usize::from(receiver_side == Side::Server);
            if errors[receiver_index].is_none()
                && let Err(error) = deliver(receiver, &bytes)
            {
                if aborted_by.is_none() && alert_code(&error).is_none() {
                    aborted_by = Some((receiver_side, error.to_string()));
                }
                errors[receiver_index] = Some(error);
            }
            flights.push(Flight { from, bytes, tampered });
        }
        from = match from {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        };
    }
    let [client_error, server_error] = errors;
    let alert_received = match (&client_error, &server_error) {
        (Some(error), _) if alert_code(error).is_some() => alert_code(error).map(|code| (Side::Client, code)),
        (_, Some(error)) if alert_code(error).is_some() => alert_code(error).map(|code| (Side::Server, code)),
        _ => None,
    };
    let completed =
        client_error.is_none() && server_error.is_none() && !client.is_handshaking() && !server.is_handshaking();
    let version = client.protocol_version().map(|version| match version {
        rustls::ProtocolVersion::TLSv1_3 => "TLS 1.3".to_owned(),
        rustls::ProtocolVersion::TLSv1_2 => "TLS 1.2".to_owned(),
        other => format!("{other:?}"),
    });
    let suite = client.negotiated_cipher_suite().map(|suite| u16::from(suite.suite()));
    let resumed = matches!(&client, rustls::Connection::Client(connection)
        if connection.handshake_kind() == Some(rustls::HandshakeKind::Resumed));
    let client_chain =
        server.peer_certificates().map(|chain| chain.iter().map(|der| der.to_vec()).collect()).unwrap_or_default();
    Ok(Handshake {
        flights,
        secrets: log.take(),
        outcome: Outcome {
            completed,
            aborted_by,
            alert_received,
            client_error: client_error.map(|error| error.to_string()),
            server_error: server_error.map(|error| error.to_string()),
            version,
            suite,
            resumed,
            client_chain,
        },
    })
}

/// The chain and key of a credential issued by an intermediate: leaf then intermediate.
pub fn chain_with(leaf: &Credential, intermediate: Option<&Credential>) -> (Vec<String>, String) {
    let mut chain = vec![leaf.certificate_pem.clone()];
    if let Some(intermediate) = intermediate {
        chain.push(intermediate.certificate_pem.clone());
    }
    (chain, leaf.key_pem.clone())
}
