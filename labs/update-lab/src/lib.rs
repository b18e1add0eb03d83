//! The secure-update lab. Part A: the student plays vendor and device. An offline root key certifies a signing key;
//! firmware images of the book's smart plug get a manifest in the spirit of IETF SUIT (RFC 9019: vendor id, class
//! id, sequence number, digest, size, payload location), signed with Ed25519; the plug's bootloader checks
//! certificate, signature, class, anti-rollback counter, size and SHA-256 digest, installs to the inactive slot,
//! reboots and falls back on a failed self-test. Attacks are predicted, then run on a bench copy of the device.
//! The same update goes through the CSE engine's firmware `<mgmtObj>` (`url`, `vr`, `ud`, `uds`), with this
//! lab's bootloader plugged in as the device-management hook. Part B: the firmware's SBOM in CycloneDX JSON,
//! invented CSAF-like advisories, VEX decisions graded against the ground truth, and the CRA Art. 14 clock.
//!
//! The core is pure and deterministic: every key comes from one 32-byte seed passed in (the page draws it from
//! the browser's crypto). `crypto.rs` (RustCrypto's ed25519-dalek and sha2), `firmware.rs`, `manifest.rs`,
//! `vendor.rs`, `device.rs` (the bootloader), `attacks.rs`, `cse_update.rs`, `vulnerability.rs`, `cra_clock.rs`,
//! `work.rs` (the student's work), `exercises.rs`, `export.rs`; `model.rs` is the widget's reducer and
//! `components/` its views.

pub mod attacks;
pub mod cra_clock;
pub mod crypto;
pub mod cse_update;
pub mod device;
pub mod exercises;
pub mod firmware;
pub mod manifest;
pub mod vendor;
pub mod vulnerability;
pub mod work;
