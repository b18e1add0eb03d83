//! The attacks a student predicts, then runs against a bench copy of the device (the real one is not harmed).
//! Each builds the shipment an attacker could deliver from what the vendor has published.

use serde::{Deserialize, Serialize};

use crate::crypto::{KeyPair, hex, sha256};
use crate::device::{Device, UpdateReport, UpdateResult};
use crate::firmware::{self, PLUG_CLASS, VENDOR_ID, malicious_payload};
use crate::manifest::{Envelope, Manifest, Shipment};
use crate::vendor::Vendor;

/// An attack on the update pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attack {
    Unsigned,
    TamperedByte,
    ServerInTheMiddle,
    Downgrade,
    OtherClass,
    LeakedKey,
}

impl Attack {
    pub const ALL: [Attack; 6] = [
        Attack::Unsigned,
        Attack::TamperedByte,
        Attack::ServerInTheMiddle,
        Attack::Downgrade,
        Attack::OtherClass,
        Attack::LeakedKey,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Attack::Unsigned => "unsigned",
            Attack::TamperedByte => "tampered-byte",
            Attack::ServerInTheMiddle => "server-in-the-middle",
            Attack::Downgrade => "downgrade",
            Attack::OtherClass => "other-class",
            Attack::LeakedKey => "leaked-key",
        }
    }

    pub fn from_key(key: &str) -> Option<Attack> {
        Attack::ALL.into_iter().find(|attack| attack.key() == key)
    }

    pub fn title(self) -> &'static str {
        match self {
            Attack::Unsigned => "An unsigned image",
            Attack::TamperedByte => "One byte of the payload changed in transit",
            Attack::ServerInTheMiddle => "The update server is compromised (TLS is intact)",
            Attack::Downgrade => "A validly signed old image (downgrade)",
            Attack::OtherClass => "A validly signed image for another device class",
            Attack::LeakedKey => "The signing key leaked: the attacker signs their own image",
        }
    }

    pub fn story(self) -> &'static str {
        match self {
            Attack::Unsigned => {
                "The attacker serves their backdoored image with a manifest that matches it (right digest and size, a higher sequence number) and the genuine key certificate copied from a real update, but cannot sign it."
            }
            Attack::TamperedByte => {
                "The next genuine shipment (1.3.0 while the plug runs 1.2.0), with one byte of the payload flipped on the way (a faulty mirror, or an attacker on the link)."
            }
            Attack::ServerInTheMiddle => {
                "The attacker controls the update server itself. The device's TLS connection to it is perfectly valid, and the server hands out the next genuine signed manifest with the attacker's payload."
            }
            Attack::Downgrade => {
                "The attacker replays the vendor's genuine, validly signed 1.0.0 shipment from 2025, which has a known vulnerability."
            }
            Attack::OtherClass => {
                "The attacker ships the vendor's genuine, validly signed thermostat firmware to the plug (same vendor, same root, different hardware)."
            }
            Attack::LeakedKey => {
                "Signing key #1 leaked from the build server. The attacker signs a manifest for their own image with it, with the next sequence number, and attaches the genuine certificate of key #1."
            }
        }
    }

    /// The shipment the attacker delivers to `device`.
    pub fn shipment(self, vendor: &Vendor, device: &Device) -> Shipment {
        let genuine = |key: &str| firmware::image(key).map(|image| vendor.release(image));
        // the next genuine update the device would take (1.3.0, or the 1.4.0 beta once 1.3.0 runs)
        let next = firmware::IMAGES
            .iter()
            .find(|image| image.class_id == PLUG_CLASS && image.sequence > device.sequence)
            .map(|image| vendor.release(image));
        let fix = next.unwrap_or_else(|| forged(vendor, device, None));
        match self {
            Attack::Unsigned => {
                let mut shipment = forged(vendor, device, None);
                shipment.envelope.signature = None;
                shipment
            }
            Attack::TamperedByte => {
                let mut shipment = fix;
                if let Some(byte) = shipment.payload.get_mut(10) {
                    *byte ^= 0x01;
                }
                shipment
            }
            Attack::ServerInTheMiddle => {
                let payload = malicious_payload(fix.envelope.manifest.sequence_number);
                let mut shipment = fix;
                shipment.payload = payload;
                // the server keeps the genuine manifest (it cannot sign another) and pads its payload to the
                // size the manifest states
                shipment.payload.resize(shipment.envelope.manifest.payload_size as usize, b' ');
                shipment
            }
            Attack::Downgrade => genuine("plug-1.0.0").unwrap_or(fix),
            Attack::OtherClass => genuine("thermostat-2.0.0").unwrap_or(fix),
            Attack::LeakedKey => forged(vendor, device, Some(vendor.signing_key(1))),
        }
    }

    /// Runs the attack on a bench copy of `device`.
    pub fn run(self, vendor: &Vendor, device: &Device) -> UpdateReport {
        let mut bench = device.clone();
        bench.handle_shipment(&self.shipment(vendor, device))
    }
}

/// The attacker's image with a consistent manifest (next sequence number), signed with `key` if they have one,
/// carrying the genuine certificate of signing key #1.
fn forged(vendor: &Vendor, device: &Device, key: Option<KeyPair>) -> Shipment {
    let sequence = device.sequence + 1;
    let payload = malicious_payload(sequence);
    let manifest = Manifest {
        vendor_id: VENDOR_ID.to_owned(),
        class_id: PLUG_CLASS.to_owned(),
        sequence_number: sequence,
        version: "9.9.9".to_owned(),
        payload_digest: hex(&sha256(&payload)),
        payload_size: payload.len() as u64,
        payload_uri: format!("{}plug-9.9.9.bin", firmware::UPDATE_SERVER),
    };
    let certificate = vendor.certificate(1);
    let envelope = match key {
        Some(key) => Envelope::sign(manifest, &key, certificate),
        None => Envelope { manifest, signature: None, certificate },
    };
    Shipment { envelope, payload }
}

/// What a student may predict for an attack.
pub fn prediction_choices() -> Vec<UpdateResult> {
    let mut choices = vec![UpdateResult::Installed];
    choices.extend(
        [
            crate::device::Step::Certificate,
            crate::device::Step::Signature,
            crate::device::Step::VendorClass,
            crate::device::Step::AntiRollback,
            crate::device::Step::Size,
            crate::device::Step::Digest,
        ]
        .map(UpdateResult::Rejected),
    );
    choices.push(UpdateResult::RolledBack);
    choices
}

/// The key of a result in forms (`installed`, `rolled-back`, `rejected:digest`).
pub fn result_key(result: UpdateResult) -> String {
    match result {
        UpdateResult::Installed => "installed".to_owned(),
        UpdateResult::RolledBack => "rolled-back".to_owned(),
        UpdateResult::Rejected(step) => format!("rejected:{}", step.key()),
    }
}

/// The result with this form key.
pub fn result_from_key(key: &str) -> Option<UpdateResult> {
    prediction_choices().into_iter().find(|result| result_key(*result) == key)
}
