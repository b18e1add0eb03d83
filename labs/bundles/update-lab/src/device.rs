//! The smart plug's bootloader: it trusts one root public key (burnt in at the factory), keeps an anti-rollback
//! counter and two slots, and checks each shipment step by step, stopping at the first failure as a real
//! bootloader does: the key's certificate, the manifest's signature, vendor and class, the sequence number, the
//! size and digest of the payload; then it installs to the inactive slot, reboots, and falls back to the old slot
//! if the new image fails its self-test.

use serde::{Deserialize, Serialize};

use crate::crypto::{hex, sha256, verify_hex};
use crate::firmware::{InstalledImage, PLUG_CLASS, VENDOR_ID, boots_healthy};
use crate::manifest::{Revocation, Shipment};

/// A step of the bootloader's check, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Certificate,
    Signature,
    VendorClass,
    AntiRollback,
    Size,
    Digest,
    Install,
    HealthCheck,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Certificate,
        Step::Signature,
        Step::VendorClass,
        Step::AntiRollback,
        Step::Size,
        Step::Digest,
        Step::Install,
        Step::HealthCheck,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Step::Certificate => "Signing key certified by the root, not revoked",
            Step::Signature => "Manifest signature",
            Step::VendorClass => "Vendor and device class",
            Step::AntiRollback => "Sequence number (anti-rollback)",
            Step::Size => "Payload size",
            Step::Digest => "Payload digest (SHA-256)",
            Step::Install => "Install to the inactive slot and reboot",
            Step::HealthCheck => "Health check (self-test)",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Step::Certificate => "certificate",
            Step::Signature => "signature",
            Step::VendorClass => "vendor-class",
            Step::AntiRollback => "anti-rollback",
            Step::Size => "size",
            Step::Digest => "digest",
            Step::Install => "install",
            Step::HealthCheck => "health-check",
        }
    }
}

/// The verdict of one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Passed,
    Failed,
    NotReached,
}

/// One step of a check, with what the bootloader saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepReport {
    pub step: Step,
    pub verdict: Verdict,
    pub detail: String,
}

/// How an update ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "result", content = "step")]
pub enum UpdateResult {
    /// Installed and running.
    Installed,
    /// Refused at this step; nothing changed.
    Rejected(Step),
    /// Installed, failed its health check, the old image runs again.
    RolledBack,
}

impl UpdateResult {
    pub fn describe(self) -> String {
        match self {
            UpdateResult::Installed => "installed and running".to_owned(),
            UpdateResult::Rejected(step) => format!("rejected at “{}”", step.label()),
            UpdateResult::RolledBack => "installed, failed its health check, rolled back".to_owned(),
        }
    }
}

/// What the bootloader did with one shipment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateReport {
    pub version: String,
    pub steps: Vec<StepReport>,
    pub result: UpdateResult,
}

/// The device: its trust anchor, revocations, counter and slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub vendor_id: String,
    pub class_id: String,
    /// The root public key burnt in at the factory, hex.
    pub root_public_key: String,
    pub revoked_serials: Vec<u32>,
    /// The sequence number of the running image; lower or equal ones are refused.
    pub sequence: u64,
    pub slots: [Option<InstalledImage>; 2],
    pub active_slot: usize,
}

impl Device {
    /// A smart plug fresh from the factory, trusting `root_public_key`, running `image`.
    pub fn new(root_public_key: String, image: InstalledImage) -> Self {
        Device {
            vendor_id: VENDOR_ID.to_owned(),
            class_id: PLUG_CLASS.to_owned(),
            root_public_key,
            revoked_serials: Vec::new(),
            sequence: image.sequence,
            slots: [Some(image), None],
            active_slot: 0,
        }
    }

    /// The running image.
    pub fn running(&self) -> Option<&InstalledImage> {
        self.slots[self.active_slot].as_ref()
    }

    /// Takes a revocation list signed by the root (one not signed by the root is ignored: `false`).
    pub fn apply_revocation(&mut self, revocation: &Revocation) -> bool {
        if !revocation.is_signed_by(&self.root_public_key) {
            return false;
        }
        for serial in &revocation.revoked_serials {
            if !self.revoked_serials.contains(serial) {
                self.revoked_serials.push(*serial);
            }
        }
        self.revoked_serials.sort_unstable();
        true
    }

    /// Checks `shipment` step by step and installs it if every check passes.
    pub fn handle_shipment(&mut self, shipment: &Shipment) -> UpdateReport {
        let envelope = &shipment.envelope;
        let manifest = &envelope.manifest;
        let certificate = &envelope.certificate;
        let digest = hex(&sha256(&shipment.payload));
        let checks: [(Step, bool, String); 6] = [
            (
                Step::Certificate,
                certificate.is_signed_by(&self.root_public_key) && !self.revoked_serials.contains(&certificate.serial),
                if !certificate.is_signed_by(&self.root_public_key) {
                    "the certificate is not signed by the root this device trusts".to_owned()
                } else if self.revoked_serials.contains(&certificate.serial) {
                    format!("signing key #{} is certified by the root but revoked", certificate.serial)
                } else {
                    format!("signing key #{} is certified by the root and not revoked", certificate.serial)
                },
            ),
            match &envelope.signature {
                None => (Step::Signature, false, "the manifest carries no signature".to_owned()),
                Some(signature) => {
                    let valid = verify_hex(&certificate.public_key, &manifest.signed_bytes(), signature);
                    let detail = if valid {
                        format!("valid Ed25519 signature by key #{}", certificate.serial)
                    } else {
                        format!("the signature does not verify with key #{}", certificate.serial)
                    };
                    (Step::Signature, valid, detail)
                }
            },
            (
                Step::VendorClass,
                manifest.vendor_id == self.vendor_id && manifest.class_id == self.class_id,
                format!(
                    "manifest says {} / {}; this device is {} / {}",
                    manifest.vendor_id, manifest.class_id, self.vendor_id, self.class_id
                ),
            ),
            (
                Step::AntiRollback,
                manifest.sequence_number > self.sequence,
                format!("manifest sequence {}; running sequence {}", manifest.sequence_number, self.sequence),
            ),
            (
                Step::Size,
                manifest.payload_size == shipment.payload.len() as u64,
                format!("manifest says {} bytes; received {}", manifest.payload_size, shipment.payload.len()),
            ),
            (
                Step::Digest,
                manifest.payload_digest == digest,
                format!("manifest {}…; received {}…", short(&manifest.payload_digest), short(&digest)),
            ),
        ];
        let mut steps = Vec::new();
        let mut failed = None;
        for (step, passed, detail) in checks {
            let verdict = match (failed, passed) {
                (Some(_), _) => Verdict::NotReached,
                (None, true) => Verdict::Passed,
                (None, false) => {
                    failed = Some(step);
                    Verdict::Failed
                }
            };
            steps.push(StepReport { step, verdict, detail });
        }
        let version = manifest.version.clone();
        if let Some(step) = failed {
            for step in [Step::Install, Step::HealthCheck] {
                steps.push(StepReport { step, verdict: Verdict::NotReached, detail: "nothing installed".to_owned() });
            }
            return UpdateReport { version, steps, result: UpdateResult::Rejected(step) };
        }
        let target = 1 - self.active_slot;
        self.slots[target] =
            Some(InstalledImage { version: version.clone(), sequence: manifest.sequence_number, digest });
        steps.push(StepReport {
            step: Step::Install,
            verdict: Verdict::Passed,
            detail: format!("written to slot {}, rebooting into it", slot_name(target)),
        });
        if boots_healthy(&shipment.payload) {
            self.active_slot = target;
            self.sequence = manifest.sequence_number;
            steps.push(StepReport {
                step: Step::HealthCheck,
                verdict: Verdict::Passed,
                detail: format!(
                    "self-test passed; slot {} confirmed, counter now {}",
                    slot_name(target),
                    self.sequence
                ),
            });
            UpdateReport { version, steps, result: UpdateResult::Installed }
        } else {
            steps.push(StepReport {
                step: Step::HealthCheck,
                verdict: Verdict::Failed,
                detail: format!(
                    "self-test failed; back to slot {} (counter stays {})",
                    slot_name(self.active_slot),
                    self.sequence
                ),
            });
            UpdateReport { version, steps, result: UpdateResult::RolledBack }
        }
    }
}

/// "A" or "B".
pub fn slot_name(slot: usize) -> &'static str {
    if slot == 0 { "A" } else { "B" }
}

fn short(text: &str) -> &str {
    text.get(..12).unwrap_or(text)
}
