//! A handshake as the student reads it: each flight's records opened into messages. Plaintext records are read
//! as they are; encrypted ones are opened with the traffic secrets rustls logged (handshake keys first, then the
//! application keys once the sender switched), so what is shown is what went over the wire.

use crate::chain::{CertificateSummary, summarize};
use crate::handshake::{Handshake, Side};
use crate::records::{
    ALERT, APPLICATION_DATA, CHANGE_CIPHER_SPEC, HANDSHAKE, TrafficKeys, alert_name, certificate_list,
    certificate_verify_fields, client_hello_fields, handshake_name, scheme_name, server_hello_fields,
    server_hello_suite, split_handshake, split_records,
};

/// One message of a flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownMessage {
    pub name: String,
    /// The RFC 8446 section that defines it.
    pub section: &'static str,
    /// Whether it travelled encrypted.
    pub encrypted: bool,
    pub lines: Vec<String>,
    pub certificates: Vec<Result<CertificateSummary, String>>,
}

/// One flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownFlight {
    pub from: Side,
    pub bytes: usize,
    pub records: usize,
    pub tampered: bool,
    pub messages: Vec<ShownMessage>,
}

/// A logged secret, for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownSecret {
    pub label: String,
    pub hex: String,
}

/// The secrets a handshake logged.
pub fn secrets(handshake: &Handshake) -> Vec<ShownSecret> {
    handshake
        .secrets
        .iter()
        .map(|(label, secret)| ShownSecret {
            label: label.clone(),
            hex: secret.iter().map(|byte| format!("{byte:02x}")).collect(),
        })
        .collect()
}

fn secret<'a>(handshake: &'a Handshake, label: &str) -> Option<&'a [u8]> {
    handshake.secrets.iter().find(|(logged, _)| logged == label).map(|(_, secret)| secret.as_slice())
}

/// The keys one direction goes through: handshake traffic keys, then application traffic keys.
struct Direction {
    secrets: Vec<Vec<u8>>,
    next: usize,
    keys: Option<TrafficKeys>,
}

impl Direction {
    fn new(handshake: &Handshake, labels: [&str; 2]) -> Direction {
        let secrets = labels.iter().filter_map(|label| secret(handshake, label).map(<[u8]>::to_vec)).collect();
        Direction { secrets, next: 0, keys: None }
    }

    fn open(&mut self, suite: Option<u16>, record: &crate::records::Record) -> Option<(u8, Vec<u8>)> {
        let suite = suite?;
        loop {
            if let Some(keys) = &mut self.keys
                && let Some(opened) = keys.open(record)
            {
                return Some(opened);
            }
            let secret = self.secrets.get(self.next)?;
            self.next += 1;
            self.keys = TrafficKeys::derive(suite, secret);
        }
    }
}

fn message(kind: u8, body: &[u8], encrypted: bool) -> ShownMessage {
    let (name, section) = handshake_name(kind);
    let mut lines = Vec::new();
    let mut certificates = Vec::new();
    match kind {
        1 => lines = client_hello_fields(body),
        2 => lines = server_hello_fields(body),
        11 => {
            let list = if encrypted { certificate_list(body) } else { tls12_certificate_list(body) };
            if list.is_empty() {
                lines.push("an empty certificate list: no certificate to offer".to_owned());
            }
            certificates = list.iter().map(|der| summarize(der)).collect();
        }
        15 => {
            if let Some((scheme, length)) = certificate_verify_fields(body) {
                lines.push(format!(
                    "a {} signature ({length} bytes) over the transcript so far, with the certificate's private key",
                    scheme_name(scheme)
                ));
            }
        }
        20 => lines.push(format!(
            "verify_data: {} bytes, an HMAC over the whole transcript with a key from the handshake secret",
            body.len()
        )),
        13 => lines.push("the server asks for a certificate, with the signature algorithms it accepts".to_owned()),
        8 => lines.push(format!("{} bytes of extensions, now encrypted", body.len().saturating_sub(2))),
        4 => lines.push("a ticket the client may offer later as a pre-shared key identity".to_owned()),
        _ => lines.push(format!("{} bytes", body.len())),
    }
    ShownMessage { name: name.to_owned(), section, encrypted, lines, certificates }
}

/// A TLS 1.2 Certificate message: a list of certificates (RFC 5246 7.4.2).
fn tls12_certificate_list(body: &[u8]) -> Vec<Vec<u8>> {
    let mut with_context = vec![0u8];
    // a TLS 1.2 list has no request context and no per-certificate extensions: rebuild it in the 1.3 shape
    let mut list = Vec::new();
    let mut rest = body.get(3..).unwrap_or_default();
    while rest.len() >= 3 {
        let length = (usize::from(rest[0]) << 16) | (usize::from(rest[1]) << 8) | usize::from(rest[2]);
        if rest.len() < 3 + length {
            break;
        }
        list.extend(&rest[..3 + length]);
        list.extend([0, 0]);
        rest = &rest[3 + length..];
    }
    let length = u32::try_from(list.len()).unwrap_or(0).to_be_bytes();
    with_context.extend(&length[1..]);
    with_context.extend(list);
    certificate_list(&with_context)
}

fn alert(body: &[u8], encrypted: bool) -> ShownMessage {
    let level = body.first().copied().unwrap_or(0);
    let code = body.get(1).copied().unwrap_or(0);
    ShownMessage {
        name: format!("Alert: {} ({code})", alert_name(code)),
        section: "6",
        encrypted,
        lines: vec![if level == 2 {
            "fatal: the sender aborts the handshake".into()
        } else {
            format!("level {level}")
        }],
        certificates: Vec::new(),
    }
}

/// The flights of a handshake, opened.
pub fn transcript(handshake: &Handshake) -> Vec<ShownFlight> {
    let suite = handshake.flights.iter().filter(|flight| flight.from == Side::Server).find_map(|flight| {
        split_records(&flight.bytes).iter().filter(|record| record.content_type == HANDSHAKE).find_map(|record| {
            split_handshake(&record.body)
                .iter()
                .find(|message| message.kind == 2)
                .and_then(|hello| server_hello_suite(&hello.body))
        })
    });
    let mut client = Direction::new(handshake, ["CLIENT_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0"]);
    let mut server = Direction::new(handshake, ["SERVER_HANDSHAKE_TRAFFIC_SECRET", "SERVER_TRAFFIC_SECRET_0"]);
    handshake
        .flights
        .iter()
        .map(|flight| {
            let direction = match flight.from {
                Side::Client => &mut client,
                Side::Server => &mut server,
            };
            let records = split_records(&flight.bytes);
            let mut messages = Vec::new();
            for record in &records {
                match record.content_type {
                    HANDSHAKE => {
                        messages.extend(split_handshake(&record.body).iter().map(|m| message(m.kind, &m.body, false)))
                    }
                    ALERT => messages.push(alert(&record.body, false)),
                    CHANGE_CIPHER_SPEC => messages.push(ShownMessage {
                        name: "ChangeCipherSpec".into(),
                        section: "D.4",
                        encrypted: false,
                        lines: vec!["a dummy record for middleboxes that expect TLS 1.2 (compatibility mode)".into()],
                        certificates: Vec::new(),
                    }),
                    APPLICATION_DATA => match direction.open(suite, record) {
                        Some((HANDSHAKE, content)) => {
                            messages.extend(split_handshake(&content).iter().map(|m| message(m.kind, &m.body, true)))
                        }
                        Some((ALERT, content)) => messages.push(alert(&content, true)),
                        Some((_, content)) => messages.push(ShownMessage {
                            name: "Application data".into(),
                            section: "5.2",
                            encrypted: true,
                            lines: vec![format!("{} bytes", content.len())],
                            certificates: Vec::new(),
                        }),
                        None => messages.push(ShownMessage {
                            name: "Encrypted record".into(),
                            section: "5.2",
                            encrypted: true,
                            lines: vec![format!(
                                "{} bytes the lab cannot open: no logged secret fits (the sender aborted before logging one, or it is not TLS 1.3)",
                                record.body.len()
                            )],
                            certificates: Vec::new(),
                        }),
                    },
                    other => messages.push(ShownMessage {
                        name: format!("Record of type {other}"),
                        section: "5.1",
                        encrypted: false,
                        lines: vec![format!("{} bytes", record.body.len())],
                        certificates: Vec::new(),
                    }),
                }
            }
            ShownFlight { from: flight.from, bytes: flight.bytes.len(), records: records.len(), tampered: flight.tampered, messages }
        })
        .collect()
}
