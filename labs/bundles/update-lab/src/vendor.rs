//! The vendor: an offline root key (it only certifies signing keys and signs revocations) and the current signing
//! key, all derived from the lab's seed. Rotation certifies a new signing key and revokes the old ones.

use serde::{Deserialize, Serialize};

use crate::crypto::{KeyPair, derive_seed, hex, sha256};
use crate::firmware::{Image, InstalledImage, VENDOR_ID};
use crate::manifest::{Envelope, KeyCertificate, Manifest, Revocation, Shipment};

/// The vendor's keys: a seed and the serial of the signing key in use (keys 1..serial were issued).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vendor {
    /// The lab's seed, hex (teaching keys: kept in the browser so a reload rebuilds them).
    pub seed: String,
    pub signing_serial: u32,
}

impl Vendor {
    pub fn new(seed: [u8; 32]) -> Self {
        Vendor { seed: hex(&seed), signing_serial: 1 }
    }

    fn seed_bytes(&self) -> [u8; 32] {
        crate::crypto::from_hex::<32>(&self.seed).unwrap_or_else(|| sha256(self.seed.as_bytes()))
    }

    /// The offline root key.
    pub fn root(&self) -> KeyPair {
        KeyPair::from_seed(&derive_seed(&self.seed_bytes(), "root"))
    }

    /// Signing key number `serial`.
    pub fn signing_key(&self, serial: u32) -> KeyPair {
        KeyPair::from_seed(&derive_seed(&self.seed_bytes(), &format!("signing-{serial}")))
    }

    /// The root's certificate of signing key `serial`.
    pub fn certificate(&self, serial: u32) -> KeyCertificate {
        KeyCertificate::issue(&self.root(), serial, &self.signing_key(serial))
    }

    /// The manifest of `image` with its real digest and size.
    pub fn manifest(image: &Image, payload: &[u8]) -> Manifest {
        Manifest {
            vendor_id: VENDOR_ID.to_owned(),
            class_id: image.class_id.to_owned(),
            sequence_number: image.sequence,
            version: image.version.to_owned(),
            payload_digest: hex(&sha256(payload)),
            payload_size: payload.len() as u64,
            payload_uri: image.uri(),
        }
    }

    /// `image` built, its manifest signed with the current signing key, ready to ship.
    pub fn release(&self, image: &Image) -> Shipment {
        let payload = image.payload();
        let manifest = Self::manifest(image, &payload);
        let serial = self.signing_serial;
        Shipment { envelope: Envelope::sign(manifest, &self.signing_key(serial), self.certificate(serial)), payload }
    }

    /// What a device shows for `image` once installed.
    pub fn installed(image: &Image) -> InstalledImage {
        InstalledImage {
            version: image.version.to_owned(),
            sequence: image.sequence,
            digest: hex(&sha256(&image.payload())),
        }
    }

    /// Rotation: the root certifies signing key `serial + 1`; the old keys are revoked by the returned list.
    pub fn rotate(&mut self) -> Revocation {
        self.signing_serial += 1;
        Revocation::issue(&self.root(), (1..self.signing_serial).collect())
    }
}
