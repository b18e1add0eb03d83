//! A manifest in the spirit of IETF SUIT (the RFC 9019 architecture): who made the image (vendor id), for which
//! devices (class id), its sequence number (anti-rollback), the payload's digest, size and location; signed by the
//! vendor's signing key, whose certificate the vendor's offline root key signed. The lab's encoding is canonical
//! JSON (RFC 9019 leaves the format to SUIT's CBOR manifest, RFC 9124's information model).

use serde::{Deserialize, Serialize};

use crate::crypto::{KeyPair, verify_hex};

/// What the vendor says about one payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub vendor_id: String,
    pub class_id: String,
    pub sequence_number: u64,
    pub version: String,
    /// SHA-256 of the payload, hex.
    pub payload_digest: String,
    pub payload_size: u64,
    pub payload_uri: String,
}

impl Manifest {
    /// The bytes that are signed (the JSON of the fields in their declared order).
    pub fn signed_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// The root's statement that a public key may sign updates, with its serial number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCertificate {
    pub serial: u32,
    /// The signing key's public key, hex.
    pub public_key: String,
    /// The root key's signature of `serial` and `public_key`, hex.
    pub root_signature: String,
}

impl KeyCertificate {
    fn signed_bytes(serial: u32, public_key: &str) -> Vec<u8> {
        format!("update-signing-key:{serial}:{public_key}").into_bytes()
    }

    /// The root certifies `key` under `serial`.
    pub fn issue(root: &KeyPair, serial: u32, key: &KeyPair) -> Self {
        let public_key = key.public_hex();
        let root_signature = root.sign_hex(&Self::signed_bytes(serial, &public_key));
        KeyCertificate { serial, public_key, root_signature }
    }

    /// Whether the root with public key `root_public` signed it.
    pub fn is_signed_by(&self, root_public: &str) -> bool {
        verify_hex(root_public, &Self::signed_bytes(self.serial, &self.public_key), &self.root_signature)
    }
}

/// The root's signed list of revoked signing-key serials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub revoked_serials: Vec<u32>,
    pub root_signature: String,
}

impl Revocation {
    fn signed_bytes(serials: &[u32]) -> Vec<u8> {
        let list: Vec<String> = serials.iter().map(u32::to_string).collect();
        format!("revoked-update-keys:{}", list.join(",")).into_bytes()
    }

    pub fn issue(root: &KeyPair, revoked_serials: Vec<u32>) -> Self {
        let root_signature = root.sign_hex(&Self::signed_bytes(&revoked_serials));
        Revocation { revoked_serials, root_signature }
    }

    pub fn is_signed_by(&self, root_public: &str) -> bool {
        verify_hex(root_public, &Self::signed_bytes(&self.revoked_serials), &self.root_signature)
    }
}

/// A manifest with its signature (none when unsigned) and the certificate of the key that signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub manifest: Manifest,
    pub signature: Option<String>,
    pub certificate: KeyCertificate,
}

impl Envelope {
    /// `manifest` signed by `key`, which `certificate` certifies.
    pub fn sign(manifest: Manifest, key: &KeyPair, certificate: KeyCertificate) -> Self {
        let signature = Some(key.sign_hex(&manifest.signed_bytes()));
        Envelope { manifest, signature, certificate }
    }
}

/// What the update server delivers to the device: the envelope and the payload it fetched from `payload_uri`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    pub envelope: Envelope,
    pub payload: Vec<u8>,
}
