//! What the student has done, as plain data (saved, exported and imported): the vendor's keys, the device, the
//! predictions and attack runs, the CSE's state, the VEX decisions and the reporting schedule. Every change is a
//! method here, so the reducer and the tests drive the same code.

use std::collections::BTreeMap;

use onem2m_cse::Cse;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::attacks::Attack;
use crate::cra_clock::{Duty, Schedule};
use crate::cse_update::{self, CseUpdate};
use crate::device::{Device, UpdateReport, UpdateResult};
use crate::firmware::{self, IMAGES};
use crate::vendor::Vendor;
use crate::vulnerability::VexStatus;

/// An attack the student ran, with what they predicted first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttackRun {
    pub predicted: UpdateResult,
    pub report: UpdateReport,
    /// Whether the vendor had rotated its key when this run happened.
    pub after_rotation: bool,
}

/// One Update sent through the CSE: the `url` and `vr` asked for, the `uds` status and `vr` the device reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CseLogEntry {
    pub url: String,
    pub requested_version: String,
    pub rsc: u16,
    /// `uds.sus`: 1 successful, 2 failure.
    pub status: u64,
    pub reported_version: String,
    pub result: Option<UpdateResult>,
}

/// The student's work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    pub vendor: Vendor,
    pub device: Device,
    pub history: Vec<UpdateReport>,
    pub predictions: BTreeMap<Attack, UpdateResult>,
    pub runs: BTreeMap<Attack, AttackRun>,
    pub cse_snapshot: String,
    pub cse_log: Vec<CseLogEntry>,
    pub vex: Vec<(String, VexStatus)>,
    pub schedule: Schedule,
}

impl Work {
    /// A fresh lab: keys from `seed`, the plug running 1.2.0, the CSE holding its node and firmware mgmtObj.
    pub fn new(seed: [u8; 32]) -> Self {
        let vendor = Vendor::new(seed);
        let factory = firmware::factory_image();
        let device = Device::new(vendor.root().public_hex(), Vendor::installed(factory));
        let cse_snapshot = cse_update::new_cse(factory.version, &factory.uri()).snapshot();
        Work {
            vendor,
            device,
            history: Vec::new(),
            predictions: BTreeMap::new(),
            runs: BTreeMap::new(),
            cse_snapshot,
            cse_log: Vec::new(),
            vex: Vec::new(),
            schedule: Schedule::default(),
        }
    }

    /// The vendor builds, signs and ships `image_key` straight to the device.
    pub fn ship(&mut self, image_key: &str) -> Option<&UpdateReport> {
        let image = firmware::image(image_key)?;
        let report = self.device.handle_shipment(&self.vendor.release(image));
        self.history.push(report);
        self.history.last()
    }

    /// The student's prediction for `attack`; refused (false) once the attack has run.
    pub fn predict(&mut self, attack: Attack, predicted: UpdateResult) -> bool {
        if self.runs.contains_key(&attack) && !self.rerun_allowed(attack) {
            return false;
        }
        self.predictions.insert(attack, predicted);
        true
    }

    /// Only the leaked-key attack is run again, after the key was rotated.
    fn rerun_allowed(&self, attack: Attack) -> bool {
        attack == Attack::LeakedKey && self.vendor.signing_serial > 1
    }

    /// Runs `attack` on a bench copy of the device; refused (None) before a prediction.
    pub fn run_attack(&mut self, attack: Attack) -> Option<&AttackRun> {
        let predicted = *self.predictions.get(&attack)?;
        let report = attack.run(&self.vendor, &self.device);
        let after_rotation = self.vendor.signing_serial > 1;
        self.runs.insert(attack, AttackRun { predicted, report, after_rotation });
        self.runs.get(&attack)
    }

    /// Recovery after a leak: the root certifies a new signing key and the device takes the root-signed revocation
    /// of the old ones. Returns whether the device accepted the revocation.
    pub fn rotate_signing_key(&mut self) -> bool {
        let revocation = self.vendor.rotate();
        self.device.apply_revocation(&revocation)
    }

    /// The CSE as saved.
    pub fn cse(&self) -> Cse {
        Cse::restore(&self.cse_snapshot).unwrap_or_else(|_| {
            let running = self.device.running().map(|image| image.version.clone()).unwrap_or_default();
            cse_update::new_cse(&running, "")
        })
    }

    /// The operator asks, through the CSE's firmware mgmtObj, for `image_key`'s `url` and `vr`; the device fetches
    /// from the update server, which holds every image the vendor has released with its current key.
    pub fn update_through_cse(&mut self, image_key: &str) -> Option<CseUpdate> {
        let image = firmware::image(image_key)?;
        let server = IMAGES.iter().map(|image| self.vendor.release(image)).collect();
        let mut cse = self.cse();
        let update =
            cse_update::handle_firmware_update(&mut cse, &mut self.device, server, &image.uri(), image.version);
        let body = update.response.pc.as_ref().and_then(|pc| pc.get("m2m:fwr"));
        let status = body.and_then(|body| body.pointer("/uds/sus")).and_then(Value::as_u64).unwrap_or(0);
        let reported = body.and_then(|body| body.get("vr")).and_then(Value::as_str).unwrap_or_default();
        self.cse_log.push(CseLogEntry {
            url: image.uri(),
            requested_version: image.version.to_owned(),
            rsc: update.response.rsc.code(),
            status,
            reported_version: reported.to_owned(),
            result: update.report.as_ref().map(|report| report.result),
        });
        if let Some(report) = &update.report {
            self.history.push(report.clone());
        }
        self.cse_snapshot = cse.snapshot();
        Some(update)
    }

    /// Sets (or clears) the decision on an advisory.
    pub fn decide(&mut self, advisory_id: &str, status: Option<VexStatus>) {
        self.vex.retain(|(id, _)| id != advisory_id);
        if let Some(status) = status {
            self.vex.push((advisory_id.to_owned(), status));
            self.vex.sort_by(|a, b| a.0.cmp(&b.0));
        }
    }

    pub fn schedule(&mut self, duty: Duty, hour: Option<u32>) {
        self.schedule.set(duty, hour);
    }

    /// The image the device runs (by its version), for the SBOM.
    pub fn running_image(&self) -> &'static firmware::Image {
        let version = self.device.running().map(|image| image.version.as_str()).unwrap_or_default();
        IMAGES
            .iter()
            .find(|image| image.class_id == firmware::PLUG_CLASS && image.version == version)
            .unwrap_or(firmware::factory_image())
    }
}
