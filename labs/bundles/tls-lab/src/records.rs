//! Reading the bytes rustls wrote, for display only: TLS records (RFC 8446 5.1), the handshake messages in them
//! (RFC 8446 4), the fields of ClientHello and ServerHello, and the encrypted records opened with the traffic
//! secrets rustls logged (RFC 8446 7.1 HKDF-Expand-Label, 7.3 traffic keys, 5.2-5.3 record protection, with ring's
//! HKDF and AEAD) - the way Wireshark reads a capture with a key log. Nothing here takes part in the handshake.

use ring::{aead, hkdf};

/// A record's content type (RFC 8446 5.1).
pub const CHANGE_CIPHER_SPEC: u8 = 20;
pub const ALERT: u8 = 21;
pub const HANDSHAKE: u8 = 22;
pub const APPLICATION_DATA: u8 = 23;

/// One record: its content type, its header (5 bytes) and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub content_type: u8,
    pub header: [u8; 5],
    pub body: Vec<u8>,
}

/// Splits bytes into records; a truncated tail is dropped.
pub fn split_records(bytes: &[u8]) -> Vec<Record> {
    let mut records = Vec::new();
    let mut rest = bytes;
    while rest.len() >= 5 {
        let length = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
        if rest.len() < 5 + length {
            break;
        }
        let mut header = [0u8; 5];
        header.copy_from_slice(&rest[..5]);
        records.push(Record { content_type: rest[0], header, body: rest[5..5 + length].to_vec() });
        rest = &rest[5 + length..];
    }
    records
}

/// A handshake message: its type and body (RFC 8446 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandshakeMessage {
    pub kind: u8,
    pub body: Vec<u8>,
}

/// Splits handshake bytes into messages.
pub fn split_handshake(bytes: &[u8]) -> Vec<HandshakeMessage> {
    let mut messages = Vec::new();
    let mut rest = bytes;
    while rest.len() >= 4 {
        let length = (usize::from(rest[1]) << 16) | (usize::from(rest[2]) << 8) | usize::from(rest[3]);
        if rest.len() < 4 + length {
            break;
        }
        messages.push(HandshakeMessage { kind: rest[0], body: rest[4..4 + length].to_vec() });
        rest = &rest[4 + length..];
    }
    messages
}

/// The name of a handshake message type and the RFC 8446 section that defines it.
pub fn handshake_name(kind: u8) -> (&'static str, &'static str) {
    match kind {
        1 => ("ClientHello", "4.1.2"),
        2 => ("ServerHello", "4.1.3"),
        4 => ("NewSessionTicket", "4.6.1"),
        8 => ("EncryptedExtensions", "4.3.1"),
        11 => ("Certificate", "4.4.2"),
        12 => ("ServerKeyExchange (TLS 1.2)", "RFC 5246 7.4.3"),
        13 => ("CertificateRequest", "4.3.2"),
        14 => ("ServerHelloDone (TLS 1.2)", "RFC 5246 7.4.5"),
        15 => ("CertificateVerify", "4.4.3"),
        16 => ("ClientKeyExchange (TLS 1.2)", "RFC 5246 7.4.7"),
        20 => ("Finished", "4.4.4"),
        24 => ("KeyUpdate", "4.6.3"),
        _ => ("unknown handshake message", "4"),
    }
}

/// The name of an alert (RFC 8446 6).
pub fn alert_name(code: u8) -> &'static str {
    match code {
        0 => "close_notify",
        10 => "unexpected_message",
        20 => "bad_record_mac",
        22 => "record_overflow",
        40 => "handshake_failure",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        90 => "user_canceled",
        109 => "missing_extension",
        110 => "unsupported_extension",
        112 => "unrecognized_name",
        115 => "unknown_psk_identity",
        116 => "certificate_required",
        120 => "no_application_protocol",
        _ => "unknown alert",
    }
}

/// The name of a cipher suite (RFC 8446 B.4; the TLS 1.2 ones rustls offers, RFC 5289 and RFC 7905).
pub fn suite_name(code: u16) -> String {
    match code {
        0x1301 => "TLS_AES_128_GCM_SHA256".into(),
        0x1302 => "TLS_AES_256_GCM_SHA384".into(),
        0x1303 => "TLS_CHACHA20_POLY1305_SHA256".into(),
        0xc02b => "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (TLS 1.2)".into(),
        0xc02c => "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 (TLS 1.2)".into(),
        0xc02f => "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (TLS 1.2)".into(),
        0xc030 => "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (TLS 1.2)".into(),
        0xcca8 => "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 (TLS 1.2)".into(),
        0xcca9 => "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (TLS 1.2)".into(),
        0x00ff => "TLS_EMPTY_RENEGOTIATION_INFO_SCSV".into(),
        other => format!("0x{other:04x}"),
    }
}

/// The name of a key-exchange group (RFC 8446 4.2.7).
pub fn group_name(code: u16) -> String {
    match code {
        0x0017 => "secp256r1".into(),
        0x0018 => "secp384r1".into(),
        0x001d => "x25519".into(),
        0x11ec => "X25519MLKEM768".into(),
        other => format!("0x{other:04x}"),
    }
}

/// The name of a signature scheme (RFC 8446 4.2.3).
pub fn scheme_name(code: u16) -> String {
    match code {
        0x0401 => "rsa_pkcs1_sha256".into(),
        0x0501 => "rsa_pkcs1_sha384".into(),
        0x0601 => "rsa_pkcs1_sha512".into(),
        0x0403 => "ecdsa_secp256r1_sha256".into(),
        0x0503 => "ecdsa_secp384r1_sha384".into(),
        0x0603 => "ecdsa_secp521r1_sha512".into(),
        0x0804 => "rsa_pss_rsae_sha256".into(),
        0x0805 => "rsa_pss_rsae_sha384".into(),
        0x0806 => "rsa_pss_rsae_sha512".into(),
        0x0807 => "ed25519".into(),
        other => format!("0x{other:04x}"),
    }
}

fn version_name(code: u16) -> String {
    match code {
        0x0304 => "TLS 1.3".into(),
        0x0303 => "TLS 1.2".into(),
        other => format!("0x{other:04x}"),
    }
}

/// A reader over bytes that never panics: a short read is `None`.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        if self.0.len() < count {
            return None;
        }
        let (head, tail) = self.0.split_at(count);
        self.0 = tail;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|bytes| bytes[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|bytes| u16::from_be_bytes([bytes[0], bytes[1]]))
    }
    fn u24(&mut self) -> Option<usize> {
        self.take(3).map(|bytes| (usize::from(bytes[0]) << 16) | (usize::from(bytes[1]) << 8) | usize::from(bytes[2]))
    }
    fn vec8(&mut self) -> Option<&'a [u8]> {
        let length = usize::from(self.u8()?);
        self.take(length)
    }
    fn vec16(&mut self) -> Option<&'a [u8]> {
        let length = usize::from(self.u16()?);
        self.take(length)
    }
    fn vec24(&mut self) -> Option<&'a [u8]> {
        let length = self.u24()?;
        self.take(length)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn short_hex(bytes: &[u8]) -> String {
    if bytes.len() <= 8 { hex(bytes) } else { format!("{}… ({} bytes)", hex(&bytes[..8]), bytes.len()) }
}

fn u16_list(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks_exact(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]])).collect()
}

/// The extension type of supported_versions (RFC 8446 4.2).
pub const SUPPORTED_VERSIONS: u16 = 43;

fn extension_lines(extensions: &[u8], server: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut reader = Reader(extensions);
    while let (Some(kind), Some(data)) = (reader.u16(), reader.vec16()) {
        let mut data_reader = Reader(data);
        let line = match kind {
            0 => {
                let names = data_reader.vec16().map(|list| {
                    let mut names = Vec::new();
                    let mut list = Reader(list);
                    while let (Some(_), Some(name)) = (list.u8(), list.vec16()) {
                        names.push(String::from_utf8_lossy(name).into_owned());
                    }
                    names.join(", ")
                });
                format!("server_name: {}", names.unwrap_or_default())
            }
            10 => format!(
                "supported_groups: {}",
                data_reader
                    .vec16()
                    .map(u16_list)
                    .unwrap_or_default()
                    .into_iter()
                    .map(group_name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            13 => format!(
                "signature_algorithms: {}",
                data_reader
                    .vec16()
                    .map(u16_list)
                    .unwrap_or_default()
                    .into_iter()
                    .map(scheme_name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            41 if server => format!("pre_shared_key: the server selects identity {}", data_reader.u16().unwrap_or(0)),
            41 => {
                let mut identities = 0;
                if let Some(list) = data_reader.vec16() {
                    let mut list = Reader(list);
                    while let (Some(_), Some(_)) = (list.vec16(), list.take(4)) {
                        identities += 1;
                    }
                }
                format!("pre_shared_key: {identities} identity (a resumption ticket) with its binder")
            }
            42 => "early_data".to_owned(),
            43 if server => format!("supported_versions: {}", data_reader.u16().map(version_name).unwrap_or_default()),
            43 => format!(
                "supported_versions: {}",
                data_reader
                    .vec8()
                    .map(u16_list)
                    .unwrap_or_default()
                    .into_iter()
                    .map(version_name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            45 => "psk_key_exchange_modes".to_owned(),
            51 if server => match (data_reader.u16(), data_reader.vec16()) {
                (Some(group), Some(key)) => format!("key_share: {} {}", group_name(group), short_hex(key)),
                _ => "key_share".to_owned(),
            },
            51 => {
                let mut shares = Vec::new();
                if let Some(list) = data_reader.vec16() {
                    let mut list = Reader(list);
                    while let (Some(group), Some(key)) = (list.u16(), list.vec16()) {
                        shares.push(format!("{} {}", group_name(group), short_hex(key)));
                    }
                }
                format!("key_share: {}", shares.join("; "))
            }
            23 => "extended_master_secret".to_owned(),
            65281 => "renegotiation_info".to_owned(),
            other => format!("extension {other} ({} bytes)", data.len()),
        };
        lines.push(line);
    }
    lines
}

/// The fields of a ClientHello (RFC 8446 4.1.2), one line each.
pub fn client_hello_fields(body: &[u8]) -> Vec<String> {
    let mut reader = Reader(body);
    let mut lines = Vec::new();
    let (Some(version), Some(random), Some(_session), Some(suites), Some(_compression)) =
        (reader.u16(), reader.take(32), reader.vec8(), reader.vec16(), reader.vec8())
    else {
        return vec!["(a truncated ClientHello)".to_owned()];
    };
    lines.push(format!("legacy_version: {}", version_name(version)));
    lines.push(format!("random: {}", short_hex(random)));
    lines.push(format!(
        "cipher_suites: {}",
        u16_list(suites).into_iter().map(suite_name).collect::<Vec<_>>().join(", ")
    ));
    lines.extend(extension_lines(reader.vec16().unwrap_or_default(), false));
    lines
}

/// The fields of a ServerHello (RFC 8446 4.1.3), one line each.
pub fn server_hello_fields(body: &[u8]) -> Vec<String> {
    let mut reader = Reader(body);
    let mut lines = Vec::new();
    let (Some(version), Some(random), Some(_session), Some(suite), Some(_compression)) =
        (reader.u16(), reader.take(32), reader.vec8(), reader.u16(), reader.u8())
    else {
        return vec!["(a truncated ServerHello)".to_owned()];
    };
    lines.push(format!("legacy_version: {}", version_name(version)));
    let tail = &random[24..];
    let sentinel = if tail == b"DOWNGRD\x01" {
        " (ends in DOWNGRD 01: a TLS 1.3 server negotiating TLS 1.2, RFC 8446 4.1.3)"
    } else {
        ""
    };
    lines.push(format!("random: {}…{}{sentinel}", hex(&random[..4]), hex(tail)));
    lines.push(format!("cipher_suite: {}", suite_name(suite)));
    lines.extend(extension_lines(reader.vec16().unwrap_or_default(), true));
    lines
}

/// The cipher suite a ServerHello selects.
pub fn server_hello_suite(body: &[u8]) -> Option<u16> {
    let mut reader = Reader(body);
    reader.take(2)?;
    reader.take(32)?;
    reader.vec8()?;
    reader.u16()
}

/// The certificates (DER) of a TLS 1.3 Certificate message (RFC 8446 4.4.2).
pub fn certificate_list(body: &[u8]) -> Vec<Vec<u8>> {
    let mut reader = Reader(body);
    let mut certificates = Vec::new();
    if reader.vec8().is_none() {
        return certificates;
    }
    let Some(list) = reader.vec24() else { return certificates };
    let mut list = Reader(list);
    while let (Some(der), Some(_)) = (list.vec24(), list.vec16()) {
        certificates.push(der.to_vec());
    }
    certificates
}

/// The signature scheme of a CertificateVerify (RFC 8446 4.4.3) and the signature's length.
pub fn certificate_verify_fields(body: &[u8]) -> Option<(u16, usize)> {
    let mut reader = Reader(body);
    Some((reader.u16()?, reader.vec16()?.len()))
}

/// Removes the supported_versions extension from a ClientHello record, fixing the lengths: what an attacker on
/// the path does to make a TLS 1.3 client look like a TLS 1.2-only one. `None` when the bytes are not one
/// ClientHello record.
pub fn strip_supported_versions(record: &[u8]) -> Option<Vec<u8>> {
    let mut reader = Reader(record);
    let header = reader.take(5)?;
    if header[0] != HANDSHAKE {
        return None;
    }
    let kind = reader.u8()?;
    let _length = reader.u24()?;
    if kind != 1 {
        return None;
    }
    let fixed_start = record.len() - reader.0.len();
    let mut body = Reader(reader.0);
    body.take(2)?;
    body.take(32)?;
    body.vec8()?;
    body.vec16()?;
    body.vec8()?;
    let extensions_start = record.len() - body.0.len();
    let extensions = body.vec16()?;
    let mut kept = Vec::new();
    let mut extension_reader = Reader(extensions);
    while let Some(kind) = extension_reader.u16() {
        let data = extension_reader.vec16()?;
        if kind != SUPPORTED_VERSIONS {
            kept.extend(kind.to_be_bytes());
            kept.extend(u16::try_from(data.len()).ok()?.to_be_bytes());
            kept.extend(data);
        }
    }
    let mut hello = record[fixed_start..extensions_start].to_vec();
    hello.extend(u16::try_from(kept.len()).ok()?.to_be_bytes());
    hello.extend(kept);
    let mut out = vec![HANDSHAKE, header[1], header[2]];
    out.extend(u16::try_from(hello.len() + 4).ok()?.to_be_bytes());
    out.push(1);
    out.extend(&u32::try_from(hello.len()).ok()?.to_be_bytes()[1..]);
    out.extend(hello);
    Some(out)
}

/// The traffic keys of one direction, derived from a logged secret (RFC 8446 7.3).
#[derive(Debug)]
pub struct TrafficKeys {
    key: aead::LessSafeKey,
    iv: [u8; 12],
    sequence: u64,
}

struct Length(usize);

impl hkdf::KeyType for Length {
    fn len(&self) -> usize {
        self.0
    }
}

/// HKDF-Expand-Label(secret, label, "", length) (RFC 8446 7.1).
fn expand_label(algorithm: hkdf::Algorithm, secret: &[u8], label: &[u8], length: usize) -> Option<Vec<u8>> {
    let prk = hkdf::Prk::new_less_safe(algorithm, secret);
    let mut info = Vec::new();
    info.extend(u16::try_from(length).ok()?.to_be_bytes());
    info.push(u8::try_from(6 + label.len()).ok()?);
    info.extend(b"tls13 ");
    info.extend(label);
    info.push(0);
    let mut out = vec![0u8; length];
    prk.expand(&[&info], Length(length)).ok()?.fill(&mut out).ok()?;
    Some(out)
}

impl TrafficKeys {
    /// The keys of a TLS 1.3 cipher suite from a traffic secret.
    pub fn derive(suite: u16, secret: &[u8]) -> Option<TrafficKeys> {
        let (aead_algorithm, hkdf_algorithm): (&'static aead::Algorithm, hkdf::Algorithm) = match suite {
            0x1301 => (&aead::AES_128_GCM, hkdf::HKDF_SHA256),
            0x1302 => (&aead::AES_256_GCM, hkdf::HKDF_SHA384),
            0x1303 => (&aead::CHACHA20_POLY1305, hkdf::HKDF_SHA256),
            _ => return None,
        };
        let key = expand_label(hkdf_algorithm, secret, b"key", aead_algorithm.key_len())?;
        let iv_bytes = expand_label(hkdf_algorithm, secret, b"iv", 12)?;
        let mut iv = [0u8; 12];
        iv.copy_from_slice(&iv_bytes);
        let key = aead::LessSafeKey::new(aead::UnboundKey::new(aead_algorithm, &key).ok()?);
        Some(TrafficKeys { key, iv, sequence: 0 })
    }

    /// Opens the next protected record: its real content type and content, or `None` if these keys do not open it.
    pub fn open(&mut self, record: &Record) -> Option<(u8, Vec<u8>)> {
        let mut nonce = self.iv;
        for (byte, sequence_byte) in nonce[4..].iter_mut().zip(self.sequence.to_be_bytes()) {
            *byte ^= sequence_byte;
        }
        let mut buffer = record.body.clone();
        let plain = self
            .key
            .open_in_place(aead::Nonce::assume_unique_for_key(nonce), aead::Aad::from(record.header), &mut buffer)
            .ok()?;
        self.sequence += 1;
        let end = plain.iter().rposition(|byte| *byte != 0)?;
        Some((plain[end], plain[..end].to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_messages_split_and_truncation_is_dropped() {
        let bytes = [22, 3, 3, 0, 6, 20, 0, 0, 2, 0xab, 0xcd, 21, 3, 3, 0, 9, 1];
        let records = split_records(&bytes);
        assert_eq!(records.len(), 1, "the second record is truncated");
        let messages = split_handshake(&records[0].body);
        assert_eq!(messages, vec![HandshakeMessage { kind: 20, body: vec![0xab, 0xcd] }]);
        assert_eq!(handshake_name(20), ("Finished", "4.4.4"));
        assert_eq!(alert_name(116), "certificate_required");
    }

    #[test]
    fn hkdf_expand_label_matches_rfc_8448() {
        // RFC 8448 section 3: the server's handshake traffic secret and the key and iv derived from it.
        let secret = hex_bytes("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
        let key = expand_label(hkdf::HKDF_SHA256, &secret, b"key", 16).expect("key");
        let iv = expand_label(hkdf::HKDF_SHA256, &secret, b"iv", 12).expect("iv");
        assert_eq!(hex(&key), "3fce516009c21727d0f2e4e86ee403bc");
        assert_eq!(hex(&iv), "5d313eb2671276ee13000b30");
    }

    fn hex_bytes(text: &str) -> Vec<u8> {
        (0..text.len()).step_by(2).map(|at| u8::from_str_radix(&text[at..at + 2], 16).expect("hex")).collect()
    }
}
