//! The lab's scenarios, one entry each in [`SCENARIOS`]: how the client and the server are set up (which chain the
//! server sends, with which key, what the client trusts, whether a client certificate is required, what an
//! attacker changes), and what the student reads about it. [`run_scenario`] runs the real handshake at the lab's
//! clock; what it observed (who aborted, which alert) comes from rustls's errors, never from this table.

use std::sync::Arc;

use rustls::client::Resumption;
use rustls::pki_types::UnixTime;
use serde::{Deserialize, Serialize};

use crate::handshake::{
    ClientSetup, Handshake, ServerSetup, SetupError, Side, Tamper, chain_with, client_config, run, server_config,
};
use crate::pki::{Pki, SERVER_NAME};

/// One scenario of the lab.
#[derive(Debug)]
pub struct Scenario {
    pub id: &'static str,
    pub title: &'static str,
    /// What happens, in the smart building's terms.
    pub story: &'static str,
    /// What the student reads after running it: why this outcome, with the clauses.
    pub explanation: &'static str,
    /// Whether the student predicts it (the baseline and mutual authentication are for observing).
    pub predicted: bool,
    pub setup: fn(&Pki) -> Setup,
}

/// Where the client's session ticket comes from, if it holds one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ticket {
    None,
    /// From this very server: it knows the identity.
    FromThisServer,
    /// From another server with the same name and certificate but its own session store.
    FromAnotherServer,
}

/// How a scenario sets the two sides up.
#[derive(Debug, Clone)]
pub struct Setup {
    pub client: ClientSetup,
    pub server: ServerSetup,
    pub tamper: Tamper,
    /// Before the handshake, the client holds a session ticket (a resumption PSK identity) from an earlier one.
    pub ticket: Ticket,
}

fn trusting_client(pki: &Pki) -> ClientSetup {
    ClientSetup {
        server_name: SERVER_NAME.to_owned(),
        roots: vec![pki.root.certificate_pem.clone()],
        identity: None,
        allow_tls12: false,
    }
}

fn serving(chain: (Vec<String>, String)) -> ServerSetup {
    ServerSetup { chain: chain.0, key_pem: chain.1, client_roots: None, allow_tls12: false }
}

fn plain(client: ClientSetup, server: ServerSetup) -> Setup {
    Setup { client, server, tamper: Tamper::None, ticket: Ticket::None }
}

fn baseline(pki: &Pki) -> Setup {
    plain(trusting_client(pki), serving(chain_with(&pki.server, Some(&pki.server_ca))))
}

fn mutual(pki: &Pki) -> Setup {
    let mut client = trusting_client(pki);
    client.identity = Some(chain_with(&pki.gateway, Some(&pki.device_ca)));
    let mut server = serving(chain_with(&pki.server, Some(&pki.server_ca)));
    server.client_roots = Some(vec![pki.root.certificate_pem.clone()]);
    plain(client, server)
}

fn expired(pki: &Pki) -> Setup {
    plain(trusting_client(pki), serving(chain_with(&pki.expired_server, Some(&pki.server_ca))))
}

fn wrong_name(pki: &Pki) -> Setup {
    plain(trusting_client(pki), serving(chain_with(&pki.other_name_server, Some(&pki.server_ca))))
}

fn untrusted_root(pki: &Pki) -> Setup {
    plain(trusting_client(pki), serving(chain_with(&pki.vendor_server, Some(&pki.vendor_root))))
}

fn missing_intermediate(pki: &Pki) -> Setup {
    plain(trusting_client(pki), serving(chain_with(&pki.server, None)))
}

fn client_certificate_absent(pki: &Pki) -> Setup {
    let mut server = serving(chain_with(&pki.server, Some(&pki.server_ca)));
    server.client_roots = Some(vec![pki.root.certificate_pem.clone()]);
    plain(trusting_client(pki), server)
}

fn psk_wrong_identity(pki: &Pki) -> Setup {
    let mut setup = baseline(pki);
    setup.ticket = Ticket::FromAnotherServer;
    setup
}

fn psk_known_identity(pki: &Pki) -> Setup {
    let mut setup = baseline(pki);
    setup.ticket = Ticket::FromThisServer;
    setup
}

fn mitm_own_certificate(pki: &Pki) -> Setup {
    plain(trusting_client(pki), serving(chain_with(&pki.mallory_server, Some(&pki.mallory_ca))))
}

fn mitm_copied_chain(pki: &Pki) -> Setup {
    let (chain, _) = chain_with(&pki.server, Some(&pki.server_ca));
    plain(trusting_client(pki), serving((chain, pki.mallory_server.key_pem.clone())))
}

fn downgrade(pki: &Pki) -> Setup {
    let mut client = trusting_client(pki);
    client.allow_tls12 = true;
    let mut server = serving(chain_with(&pki.server, Some(&pki.server_ca)));
    server.allow_tls12 = true;
    Setup { client, server, tamper: Tamper::StripSupportedVersions, ticket: Ticket::None }
}

/// Every scenario, in the order the lab lists them.
pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        id: "baseline",
        title: "The gateway connects to the CSE",
        story: "The building's gateway dials cse.smart-building.example. The CSE sends its certificate and the Server CA's; the gateway trusts the Smart Building Root CA.",
        explanation: "Four flights: ClientHello with a key share (RFC 8446 4.1.2, 4.2.8); ServerHello with the server's share, then, encrypted under the handshake keys, EncryptedExtensions, Certificate, CertificateVerify and Finished (4.1.3, 4.3.1, 4.4.2-4.4.4); the client's Finished; the server's session tickets (4.6.1). The client validates the path leaf, Server CA, Root CA (RFC 5280 6.1) at the lab's clock.",
        predicted: false,
        setup: baseline,
    },
    Scenario {
        id: "mutual",
        title: "The CSE asks the gateway for its certificate",
        story: "The CSE sends a CertificateRequest; the gateway answers with its device certificate (common name Cgateway-01) and the Device CA's.",
        explanation: "With client authentication the server sends CertificateRequest (RFC 8446 4.3.2) and the client sends Certificate and CertificateVerify before its Finished (4.4.2, 4.4.3). The server validates the client's path to the root it trusts; the CSE can then take the originator from the certificate.",
        predicted: false,
        setup: mutual,
    },
    Scenario {
        id: "expired",
        title: "An expired server certificate",
        story: "The CSE still serves a certificate valid from 2025-07-01 to 2026-06-30; the lab's clock reads 2026-12-07.",
        explanation: "The validity period is part of path validation (RFC 5280 4.1.2.5 and 6.1.3 (a)(2)): the client rejects the chain and sends certificate_expired (RFC 8446 6.2). The clock matters: a device without a trustworthy clock cannot check this at all.",
        predicted: true,
        setup: expired,
    },
    Scenario {
        id: "wrong-name",
        title: "A valid certificate for another name",
        story: "The gateway dials cse.smart-building.example, but the server answers with the MQTT broker's certificate, valid and issued by the same CA, for mqtt.smart-building.example.",
        explanation: "The chain is valid, but the certificate does not name the server the client asked for (the service identity check of RFC 9525, which replaced RFC 6125, against the subjectAltName, RFC 5280 4.2.1.6): rustls rejects it as not valid for the name and sends bad_certificate (RFC 8446 6.2).",
        predicted: true,
        setup: wrong_name,
    },
    Scenario {
        id: "untrusted-root",
        title: "A chain to a root the gateway does not trust",
        story: "The gateway's vendor left a test certificate on the CSE, issued by its own self-signed \"Vendor Test Root\".",
        explanation: "Path validation needs a trust anchor the relying party holds (RFC 5280 6.1.1 (d)); a self-signed root sent by the server is not one. The client sends unknown_ca (RFC 8446 6.2).",
        predicted: true,
        setup: untrusted_root,
    },
    Scenario {
        id: "missing-intermediate",
        title: "The intermediate is missing",
        story: "After a renewal the CSE sends only its own certificate, without the Server CA's.",
        explanation: "The client holds only the root; without the intermediate it cannot build a path from the leaf to its trust anchor (RFC 5280 6.1), so it reports an unknown issuer and sends unknown_ca (RFC 8446 6.2). The server's Certificate message must carry the chain (RFC 8446 4.4.2).",
        predicted: true,
        setup: missing_intermediate,
    },
    Scenario {
        id: "client-certificate-absent",
        title: "Client authentication required, and absent",
        story: "The CSE requires a device certificate; this client has none to offer.",
        explanation: "The client answers the CertificateRequest with an empty Certificate (RFC 8446 4.4.2.4 lets it) and completes its side; the server aborts with certificate_required (RFC 8446 4.4.2.4, 6.2). In TLS 1.3 the client learns it only when it reads the server's next flight.",
        predicted: true,
        setup: client_certificate_absent,
    },
    Scenario {
        id: "psk-wrong-identity",
        title: "A pre-shared key the server does not know",
        story: "The gateway offers a pre-shared key identity (a session ticket it got from another server with the same name); this CSE has never issued it. rustls implements only resumption PSKs, not the external PSKs oneM2M's provisioned symmetric key relies on, so this is what the lab can run for real.",
        explanation: "rustls does not recognise the identity and ignores it: its ServerHello carries no pre_shared_key, which is how a TLS 1.3 server declines a PSK (it accepts one by naming it there, RFC 8446 4.2.11), and the handshake goes on with the server's certificate; nobody aborts. With an external PSK and no certificate to fall back on, a server would instead abort: RFC 8446 6.2 names unknown_psk_identity (or decrypt_error) for that case, which rustls cannot show.",
        predicted: true,
        setup: psk_wrong_identity,
    },
    Scenario {
        id: "psk-known-identity",
        title: "A pre-shared key the server issued",
        story: "The gateway connected before and kept the CSE's session ticket; it offers it again to the same CSE.",
        explanation: "The server recognises the identity, checks the binder and accepts it by naming it in its ServerHello's pre_shared_key (RFC 8446 4.2.11): the handshake is resumed, with no Certificate or CertificateVerify, authenticated by the key both already share. Compare the unknown identity's flights.",
        predicted: false,
        setup: psk_known_identity,
    },
    Scenario {
        id: "mitm-own-certificate",
        title: "Mallory in the middle, with her own certificate",
        story: "Mallory answers in place of the CSE with a certificate for cse.smart-building.example issued by her own CA, which the gateway does not trust.",
        explanation: "The name is right but the path ends at Mallory's CA, not a trust anchor of the client (RFC 5280 6.1): the client sends unknown_ca (RFC 8446 6.2). If the gateway trusted any root Mallory can get a certificate from, this would succeed: the trust store is the security boundary.",
        predicted: true,
        setup: mitm_own_certificate,
    },
    Scenario {
        id: "mitm-copied-chain",
        title: "Mallory replays the CSE's real certificate",
        story: "Certificates are public: Mallory sends the CSE's real chain, but she does not have the CSE's private key, so she signs CertificateVerify with her own.",
        explanation: "The chain validates, but CertificateVerify (RFC 8446 4.4.3) is a signature over the transcript with the key of the certificate: it does not verify, so the client aborts with decrypt_error (RFC 8446 6.2). Proof of possession, not the certificate, authenticates the server.",
        predicted: true,
        setup: mitm_copied_chain,
    },
    Scenario {
        id: "downgrade",
        title: "A downgrade to TLS 1.2",
        story: "Both sides support TLS 1.2 and 1.3. An attacker on the path removes supported_versions from the ClientHello, so the server sees a TLS 1.2 client.",
        explanation: "The server negotiates TLS 1.2 and, as RFC 8446 4.1.3 requires of a TLS 1.3 server, ends its ServerHello random with DOWNGRD 01. The client, which offered TLS 1.3, sees the sentinel and aborts with illegal_parameter (RFC 8446 4.1.3, 6.2). The Finished messages would also fail, since they cover the transcript the attacker changed.",
        predicted: true,
        setup: downgrade,
    },
];

/// The scenario with this id.
pub fn find_scenario(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|scenario| scenario.id == id)
}

/// Who aborts, as the student predicts it and as the lab observes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aborts {
    Nobody,
    Client,
    Server,
}

impl Aborts {
    pub const ALL: [Aborts; 3] = [Aborts::Nobody, Aborts::Client, Aborts::Server];

    pub fn label(self) -> &'static str {
        match self {
            Aborts::Nobody => "nobody: the handshake completes",
            Aborts::Client => "the client",
            Aborts::Server => "the server",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Aborts::Nobody => "nobody",
            Aborts::Client => "client",
            Aborts::Server => "server",
        }
    }

    pub fn from_key(key: &str) -> Option<Aborts> {
        Aborts::ALL.into_iter().find(|aborts| aborts.key() == key)
    }
}

/// The alerts a student can predict (RFC 8446 6.2), by code; 0 stands for "no alert".
pub const PREDICTABLE_ALERTS: &[u8] = &[0, 40, 42, 45, 46, 47, 48, 51, 70, 115, 116];

/// What a run showed: the side that aborted and the alert the other side received, from rustls's errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub aborts: Aborts,
    /// The alert received (RFC 8446 6 code), 0 when none.
    pub alert: u8,
    /// rustls's error on the side that aborted.
    pub error: Option<String>,
    pub resumed: bool,
    pub version: Option<String>,
}

/// The scenario's run: the handshake and what it showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub handshake: Handshake,
    pub observation: Observation,
}

/// Runs a scenario's real handshake at `now`.
pub fn run_scenario(scenario: &Scenario, pki: &Pki, now: UnixTime) -> Result<Run, SetupError> {
    let setup = (scenario.setup)(pki);
    let log = Arc::new(crate::handshake::SecretLog::default());
    let resumption = (setup.ticket != Ticket::None).then(|| Resumption::in_memory_sessions(8));
    let client = client_config(&setup.client, now, log.clone(), resumption)?;
    let server = server_config(&setup.server, now)?;
    match setup.ticket {
        Ticket::None => {}
        // this server issues the ticket and keeps it in its session store
        Ticket::FromThisServer => {
            run(client.clone(), server.clone(), &setup.client.server_name, Tamper::None, &log)?;
        }
        // another server, with the same name and certificate but its own session store, issues it
        Ticket::FromAnotherServer => {
            run(client.clone(), server_config(&setup.server, now)?, &setup.client.server_name, Tamper::None, &log)?;
        }
    }
    let handshake = run(client, server, &setup.client.server_name, setup.tamper, &log)?;
    let outcome = &handshake.outcome;
    let aborts = match &outcome.aborted_by {
        Some((Side::Client, _)) => Aborts::Client,
        Some((Side::Server, _)) => Aborts::Server,
        None => Aborts::Nobody,
    };
    let observation = Observation {
        aborts,
        alert: outcome.alert_received.map_or(0, |(_, code)| code),
        error: outcome.aborted_by.as_ref().map(|(_, error)| error.clone()),
        resumed: outcome.resumed,
        version: outcome.version.clone(),
    };
    Ok(Run { handshake, observation })
}
