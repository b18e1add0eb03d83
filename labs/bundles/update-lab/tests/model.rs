//! The secure-update lab's model driven as a student would: ship, attack, rotate, go through the CSE, decide VEX
//! statements, schedule the CRA reports; plus property tests of the bootloader.

use proptest::prelude::*;
use update_lab::attacks::Attack;
use update_lab::cra_clock::{self, Duty};
use update_lab::device::{Step, UpdateResult, Verdict};
use update_lab::exercises::EXERCISES;
use update_lab::firmware;
use update_lab::vulnerability::{self, ADVISORIES, Justification, VexStatus};
use update_lab::work::Work;

const SEED: [u8; 32] = [42; 32];

fn grade(work: &Work, id: &str) -> lab_kit::CheckOutcome {
    let exercise = EXERCISES.iter().find(|exercise| exercise.id == id).expect("exercise");
    (exercise.check)(work)
}

#[test]
fn a_signed_fix_installs_and_a_failing_beta_rolls_back() {
    let mut work = Work::new(SEED);
    assert!(!grade(&work, "ship-the-fix").passed);
    let report = work.ship("plug-1.3.0").expect("known image").clone();
    assert_eq!(report.result, UpdateResult::Installed);
    assert!(report.steps.iter().all(|step| step.verdict == Verdict::Passed), "{report:?}");
    assert_eq!(report.steps.len(), Step::ALL.len());
    assert_eq!(work.device.running().map(|image| image.version.as_str()), Some("1.3.0"));
    assert_eq!((work.device.sequence, work.device.active_slot), (4, 1));
    assert!(grade(&work, "ship-the-fix").passed);

    assert!(!grade(&work, "survive-a-bad-update").passed);
    let beta = work.ship("plug-1.4.0-beta").expect("known image").clone();
    assert_eq!(beta.result, UpdateResult::RolledBack);
    assert_eq!(beta.steps.last().map(|step| step.verdict), Some(Verdict::Failed));
    assert_eq!(work.device.running().map(|image| image.version.as_str()), Some("1.3.0"), "fell back");
    assert_eq!(work.device.sequence, 4, "the counter only moves on a healthy boot");
    assert!(grade(&work, "survive-a-bad-update").passed);
    assert!(work.ship("no-such-image").is_none());
}

#[test]
fn every_attack_stops_where_the_bootloader_should_and_the_device_is_untouched() {
    let mut work = Work::new(SEED);
    let before = work.device.clone();
    let expected = [
        (Attack::Unsigned, UpdateResult::Rejected(Step::Signature)),
        (Attack::TamperedByte, UpdateResult::Rejected(Step::Digest)),
        (Attack::ServerInTheMiddle, UpdateResult::Rejected(Step::Digest)),
        (Attack::Downgrade, UpdateResult::Rejected(Step::AntiRollback)),
        (Attack::OtherClass, UpdateResult::Rejected(Step::VendorClass)),
        (Attack::LeakedKey, UpdateResult::Installed),
    ];
    for (attack, result) in expected {
        assert!(work.run_attack(attack).is_none(), "no run before a prediction");
        assert!(work.predict(attack, result));
        let run = work.run_attack(attack).expect("predicted").clone();
        assert_eq!(run.report.result, result, "{attack:?}: {:?}", run.report.steps);
        assert!(!work.predict(attack, UpdateResult::Installed), "a prediction is locked once run");
    }
    assert_eq!(work.device, before, "attacks run on a bench copy");
    assert!(grade(&work, "predict-integrity-attacks").passed);
    assert!(grade(&work, "predict-policy-attacks").passed);
}

#[test]
fn a_wrong_prediction_is_graded_and_explained() {
    let mut work = Work::new(SEED);
    work.predict(Attack::Unsigned, UpdateResult::Rejected(Step::Signature));
    work.predict(Attack::TamperedByte, UpdateResult::Rejected(Step::Signature));
    work.predict(Attack::ServerInTheMiddle, UpdateResult::Installed);
    for attack in [Attack::Unsigned, Attack::TamperedByte, Attack::ServerInTheMiddle] {
        work.run_attack(attack);
    }
    let outcome = grade(&work, "predict-integrity-attacks");
    assert!(!outcome.passed);
    assert!(
        outcome.feedback.contains("compromised") && outcome.feedback.contains("Payload digest"),
        "{}",
        outcome.feedback
    );
}

#[test]
fn rotating_the_key_through_the_root_stops_the_leaked_key() {
    let mut work = Work::new(SEED);
    work.predict(Attack::LeakedKey, UpdateResult::Installed);
    assert_eq!(work.run_attack(Attack::LeakedKey).expect("run").report.result, UpdateResult::Installed);
    assert!(!grade(&work, "recover-from-the-leak").passed);
    assert!(work.rotate_signing_key(), "the device accepts the root's revocation");
    assert_eq!(work.device.revoked_serials, vec![1]);
    assert!(work.predict(Attack::LeakedKey, UpdateResult::Rejected(Step::Certificate)), "re-predict after rotation");
    let run = work.run_attack(Attack::LeakedKey).expect("run").clone();
    assert_eq!(run.report.result, UpdateResult::Rejected(Step::Certificate));
    assert!(!grade(&work, "recover-from-the-leak").passed, "no update signed with key #2 yet");
    assert_eq!(work.ship("plug-1.3.0").expect("image").result, UpdateResult::Installed);
    assert!(grade(&work, "recover-from-the-leak").passed);
}

#[test]
fn a_revocation_not_signed_by_the_root_is_ignored() {
    let mut work = Work::new(SEED);
    let stranger = update_lab::vendor::Vendor::new([9; 32]);
    let forged = update_lab::manifest::Revocation::issue(&stranger.root(), vec![1]);
    assert!(!work.device.apply_revocation(&forged));
    assert!(work.device.revoked_serials.is_empty());
    // and a vendor with another root cannot ship to this device
    let report = work.device.handle_shipment(&stranger.release(firmware::image("plug-1.3.0").expect("image")));
    assert_eq!(report.result, UpdateResult::Rejected(Step::Certificate));
}

#[test]
fn the_cse_carries_the_update_in_the_firmware_mgmt_obj() {
    let mut work = Work::new(SEED);
    let update = work.update_through_cse("plug-1.3.0").expect("image");
    assert_eq!(update.response.rsc.code(), 2004);
    let mut cse = work.cse();
    let firmware = update_lab::cse_update::firmware_resource(&mut cse).expect("mgmtObj");
    assert_eq!(firmware["vr"], "1.3.0");
    assert_eq!(firmware["uds"], serde_json::json!({"acn": "update", "sus": 1}));
    assert_eq!(firmware["mgd"], 1001);
    assert_eq!(work.device.running().map(|image| image.version.as_str()), Some("1.3.0"));
    assert!(!grade(&work, "update-through-the-cse").passed);
    work.update_through_cse("plug-1.0.0").expect("image");
    let firmware = update_lab::cse_update::firmware_resource(&mut work.cse()).expect("mgmtObj");
    assert_eq!(firmware["uds"]["sus"], 2, "the device refused the downgrade");
    assert_eq!(firmware["vr"], "1.3.0", "vr is what the device runs");
    assert_eq!(work.cse_log.last().and_then(|entry| entry.result), Some(UpdateResult::Rejected(Step::AntiRollback)));
    assert!(grade(&work, "update-through-the-cse").passed);
    let tree = update_lab::cse_update::resource_tree(&work.cse());
    let names: Vec<&str> = tree.iter().map(|(_, name, _)| name.as_str()).collect();
    assert!(names.ends_with(&["plug-17", "firmware"]) && names[0] == "cse-in", "{names:?}");
}

#[test]
fn the_sbom_is_cyclonedx_and_lists_every_component_with_its_patch() {
    let image = firmware::factory_image();
    let sbom = vulnerability::sbom(image);
    assert_eq!(sbom["bomFormat"], "CycloneDX");
    assert_eq!(sbom["specVersion"], "1.6");
    assert_eq!(sbom["components"].as_array().map(Vec::len), Some(image.components.len()));
    assert_eq!(sbom["components"][2]["purl"], "pkg:generic/ember-tls@3.5.1");
    assert!(
        sbom["components"][4]["pedigree"]["patches"][0]["diff"]["text"]["content"]
            .as_str()
            .is_some_and(|text| text.contains("EXAMPLE-ADV-2026-0103"))
    );
    let serial = sbom["serialNumber"].as_str().expect("serial");
    assert!(serial.starts_with("urn:uuid:") && serial.len() == 45, "{serial}");
    assert_ne!(sbom, vulnerability::sbom(firmware::image("plug-1.3.0").expect("image")));
}

#[test]
fn vex_decisions_are_graded_exported_and_read_back() {
    let mut work = Work::new(SEED);
    for advisory in ADVISORIES {
        work.decide(advisory.id, Some(VexStatus::Affected));
    }
    let outcome = grade(&work, "vex-decisions");
    assert!(!outcome.passed && outcome.feedback.contains("EXAMPLE-ADV-2026-0103"), "{}", outcome.feedback);
    work.decide("EXAMPLE-ADV-2026-0102", Some(VexStatus::NotAffected(Justification::CodeNotPresent)));
    for advisory in ADVISORIES.iter().filter(|advisory| advisory.id != "EXAMPLE-ADV-2026-0102") {
        work.decide(advisory.id, Some(advisory.truth));
    }
    assert!(!grade(&work, "vex-decisions").passed, "present but unreachable code is not code_not_present");
    work.decide("EXAMPLE-ADV-2026-0102", Some(VexStatus::NotAffected(Justification::CodeNotReachable)));
    assert!(grade(&work, "vex-decisions").passed);
    let document = vulnerability::vex(firmware::factory_image(), &work.vex);
    assert_eq!(document["vulnerabilities"].as_array().map(Vec::len), Some(5));
    assert_eq!(vulnerability::decisions_from_vex(&document), Ok(work.vex.clone()));
    let mut bad = document.clone();
    bad["vulnerabilities"][0]["analysis"]["state"] = "maybe".into();
    assert!(vulnerability::decisions_from_vex(&bad).expect_err("unknown state").contains("maybe"));
    for key in VexStatus::all().into_iter().map(VexStatus::key) {
        assert_eq!(VexStatus::from_key(&key).map(VexStatus::key), Some(key));
    }
}

#[test]
fn the_cra_clock_checks_the_deadlines_as_the_facts_word_them() {
    let mut work = Work::new(SEED);
    assert!(!grade(&work, "cra-clock").passed);
    work.schedule(Duty::EarlyWarning, Some(24));
    work.schedule(Duty::Notification, Some(72));
    work.schedule(Duty::FinalReport, Some(cra_clock::FIX_AVAILABLE_HOUR + 336));
    let outcome = grade(&work, "cra-clock");
    assert!(!outcome.passed && outcome.feedback.contains("Inform the users"), "{}", outcome.feedback);
    work.schedule(Duty::InformUsers, Some(150));
    assert!(grade(&work, "cra-clock").passed, "24 h, 72 h and 14 days after the fix are on time");
    work.schedule(Duty::EarlyWarning, Some(25));
    assert!(!grade(&work, "cra-clock").passed);
    work.schedule(Duty::EarlyWarning, Some(3));
    work.schedule(Duty::FinalReport, Some(cra_clock::FIX_AVAILABLE_HOUR + 337));
    let outcome = grade(&work, "cra-clock");
    assert!(!outcome.passed && outcome.feedback.contains("1 h late"), "{}", outcome.feedback);
    work.schedule(Duty::FinalReport, Some(400));
    assert!(grade(&work, "cra-clock").passed, "after 14 days from awareness, but within 14 days of the fix");
    assert_eq!(cra_clock::at(0), "Mon 2 Nov 2026 09:00 UTC (hour 0)");
    assert_eq!(cra_clock::at(486), "Sun 22 Nov 2026 15:00 UTC (hour 486)");
}

#[test]
fn no_exercise_passes_on_a_fresh_lab() {
    let fresh = Work::new(SEED);
    for exercise in &EXERCISES {
        assert!(!(exercise.check)(&fresh).passed, "{} passes on a fresh lab", exercise.id);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any single changed byte of a genuine shipment's payload is caught, and the device stays as it was.
    #[test]
    fn any_flipped_payload_byte_is_refused(index in 0usize..150, bit in 0u8..8) {
        let work = Work::new(SEED);
        let mut shipment = work.vendor.release(firmware::image("plug-1.3.0").expect("image"));
        let index = index % shipment.payload.len();
        shipment.payload[index] ^= 1 << bit;
        let mut device = work.device.clone();
        let report = device.handle_shipment(&shipment);
        prop_assert_eq!(report.result, UpdateResult::Rejected(Step::Digest));
        prop_assert_eq!(device, work.device);
    }

    /// Any change to a signed manifest's fields breaks its signature.
    #[test]
    fn any_manifest_change_breaks_the_signature(sequence in 5u64..1000, size in 0u64..10_000) {
        let work = Work::new(SEED);
        let mut shipment = work.vendor.release(firmware::image("plug-1.3.0").expect("image"));
        shipment.envelope.manifest.sequence_number = sequence;
        let mut device = work.device.clone();
        prop_assert_eq!(device.handle_shipment(&shipment).result, UpdateResult::Rejected(Step::Signature));
        let mut shipment = work.vendor.release(firmware::image("plug-1.3.0").expect("image"));
        prop_assume!(size != shipment.envelope.manifest.payload_size);
        shipment.envelope.manifest.payload_size = size;
        prop_assert_eq!(device.handle_shipment(&shipment).result, UpdateResult::Rejected(Step::Signature));
    }

    /// Whatever the seed, the pipeline works the same: the fix installs, the counter never goes down.
    #[test]
    fn any_seed_gives_a_working_pipeline(seed in proptest::array::uniform32(any::<u8>())) {
        let mut work = Work::new(seed);
        let mut counter = work.device.sequence;
        for key in ["plug-1.0.0", "plug-1.3.0", "plug-1.4.0-beta", "thermostat-2.0.0", "plug-1.2.0"] {
            work.ship(key);
            prop_assert!(work.device.sequence >= counter);
            counter = work.device.sequence;
        }
        prop_assert_eq!(work.device.running().map(|image| image.version.clone()), Some("1.3.0".to_owned()));
    }
}

#[test]
fn the_exercises_are_the_catalogs_in_its_order() {
    let ids: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.id).collect();
    assert_eq!(ids, lab_catalog::UPDATE_LAB_EXERCISES);
}

#[test]
fn after_the_fix_the_transport_attacks_still_stop_at_the_digest() {
    let mut work = Work::new(SEED);
    work.ship("plug-1.3.0");
    for attack in [Attack::TamperedByte, Attack::ServerInTheMiddle] {
        assert_eq!(attack.run(&work.vendor, &work.device).result, UpdateResult::Rejected(Step::Digest), "{attack:?}");
    }
}

#[test]
fn the_advisories_are_csaf_shaped_and_only_the_tls_flaw_is_exploited() {
    for advisory in ADVISORIES {
        let document = vulnerability::advisory_json(advisory);
        assert_eq!(document["document"]["category"], "csaf_security_advisory");
        assert_eq!(document["document"]["tracking"]["id"], advisory.id);
        let versions = document["product_tree"]["branches"][0]["branches"].as_array().map(Vec::len);
        assert_eq!(versions, Some(advisory.affected_versions.len()));
        let component =
            firmware::factory_image().components.iter().find(|component| component.name == advisory.component);
        let listed = component.map(|component| advisory.affected_versions.contains(&component.version));
        assert_eq!(listed, Some(true), "{}: every advisory names a version firmware 1.2.0 carries", advisory.id);
    }
    let exploited: Vec<&str> =
        ADVISORIES.iter().filter(|advisory| advisory.actively_exploited).map(|advisory| advisory.id).collect();
    assert_eq!(exploited, ["EXAMPLE-ADV-2026-0101"]);
}
