//! The graded exercises: each checks the state the student produced (the device's slots and counter, the
//! predictions and runs, the CSE's log, the VEX decisions, the schedule), never text they typed.

use lab_kit::{CheckOutcome, Exercise};

use crate::attacks::Attack;
use crate::cra_clock;
use crate::device::{Step, UpdateResult};
use crate::vulnerability::grade_vex;
use crate::work::Work;

pub static EXERCISES: [Exercise<Work>; 8] = [
    Exercise {
        id: "ship-the-fix",
        title: "Sign and ship the security fix",
        goal: "Build firmware 1.3.0, sign its manifest and ship it so the plug runs it, every step of the bootloader passing.",
        hints: &[
            "Choose the image “Smart plug 1.3.0” in the vendor panel and press “Sign and ship”.",
            "Read the bootloader's steps: the certificate, the signature, class, sequence, size and digest must all pass before it installs.",
        ],
        setup: (),
        check: check_ship_the_fix,
    },
    Exercise {
        id: "survive-a-bad-update",
        title: "A signed update that fails its self-test",
        goal: "Ship the 1.4.0 beta, which is validly signed but fails its boot self-test, and observe that the plug falls back to the image it ran before.",
        hints: &[
            "Ship 1.3.0 first if the plug still runs 1.2.0, then ship “Smart plug 1.4.0 beta”.",
            "The A/B slots are why the plug survives: the new image is written to the inactive slot and committed only after it boots healthy.",
        ],
        setup: (),
        check: check_survive,
    },
    Exercise {
        id: "predict-integrity-attacks",
        title: "Predict: unsigned, tampered, a compromised server",
        goal: "For the unsigned image, the tampered byte and the compromised update server, predict where the bootloader stops each one, then run them. All three predictions must be right.",
        hints: &[
            "The bootloader stops at the first check that fails, in the order of its steps.",
            "A compromised server with valid TLS can hand out any bytes, but it cannot sign: which check compares the bytes with what the vendor signed?",
            "Unsigned: `signature`. Tampered byte: the digest. Compromised server: it keeps the genuine signed manifest, so the digest.",
        ],
        setup: (),
        check: check_integrity_attacks,
    },
    Exercise {
        id: "predict-policy-attacks",
        title: "Predict: downgrade, other class, leaked key",
        goal: "For the signed old image, the thermostat image and the leaked signing key, predict the outcome, then run them. All three predictions must be right (predict the leaked-key attack before you rotate).",
        hints: &[
            "A valid signature only says who made the manifest, not that it is right for this device now.",
            "The leaked key is genuine and still certified by the root: what could stop the attacker's image?",
            "Downgrade: anti-rollback. Other class: vendor and class. Leaked key: nothing, it is installed.",
        ],
        setup: (),
        check: check_policy_attacks,
    },
    Exercise {
        id: "recover-from-the-leak",
        title: "Recover from the leaked key",
        goal: "Rotate the signing key with the offline root (which revokes key #1 on the device), run the leaked-key attack again and see it refused, and ship a genuine update signed with the new key.",
        hints: &[
            "Press “Rotate the signing key” in the vendor panel: the root certifies key #2 and signs a revocation of key #1, which the device checks against its root.",
            "Predict and run the leaked-key attack again, then ship an image newer than the running one (the 1.3.0 fix, or the 1.4.0 beta).",
        ],
        setup: (),
        check: check_recovery,
    },
    Exercise {
        id: "update-through-the-cse",
        title: "The same update through the CSE",
        goal: "Through the firmware `<mgmtObj>` (`url`, `vr`, `ud`), install 1.3.0 so that `uds` reports success, then ask for the old 1.0.0 and read the failure the device reports in `uds`.",
        hints: &[
            "In the CSE panel choose 1.3.0 and send the Update; the tree shows `plug-17/firmware` with its `vr` and `uds`.",
            "Then send 1.0.0: the CSE accepts the Update (2004) but the device refuses the image, so `uds` has `sus` 2 and `vr` stays what the device runs.",
        ],
        setup: (),
        check: check_cse,
    },
    Exercise {
        id: "vex-decisions",
        title: "VEX: which advisories affect firmware 1.2.0?",
        goal: "Decide each of the five advisories for firmware 1.2.0: affected, fixed, or not affected with the right justification.",
        hints: &[
            "A component's version in the SBOM is where you start, not the answer: read the product facts and the SBOM's patch notes.",
            "`code_not_present` when the code is not in the image; `code_not_reachable` when it is linked but never called; `requires_configuration` when only a setting the product never has exposes it.",
        ],
        setup: (),
        check: check_vex,
    },
    Exercise {
        id: "cra-clock",
        title: "The CRA Art. 14 clock",
        goal: "The ember-tls flaw is actively exploited. Schedule the early warning, the notification, the final report and informing the users so that every deadline of Art. 14 is met.",
        hints: &[
            "Hour 0 is when you became aware; firmware 1.3.0 (the corrective measure) is available at hour 150.",
            "24 hours, 72 hours, and 14 days counted from the corrective measure, not from awareness.",
        ],
        setup: (),
        check: check_cra_clock,
    },
];

fn check_ship_the_fix(work: &Work) -> CheckOutcome {
    let installed =
        work.history.iter().any(|report| report.version == "1.3.0" && report.result == UpdateResult::Installed);
    let running = work.device.running().map(|image| image.version.clone()).unwrap_or_default();
    if installed && work.device.sequence >= 4 {
        CheckOutcome::pass(format!(
            "1.3.0 passed every check and was installed; the plug now runs {running} with counter {}.",
            work.device.sequence
        ))
    } else {
        CheckOutcome::not_yet(format!("the plug runs {running} and 1.3.0 has not been installed yet."))
    }
}

fn check_survive(work: &Work) -> CheckOutcome {
    let rolled =
        work.history.iter().any(|report| report.version == "1.4.0" && report.result == UpdateResult::RolledBack);
    let running = work.device.running().map(|image| image.version.clone()).unwrap_or_default();
    if rolled && running != "1.4.0" {
        CheckOutcome::pass(format!(
            "1.4.0 failed its self-test and the plug fell back to {running}: the update could not brick it."
        ))
    } else {
        CheckOutcome::not_yet("no update has failed its health check and rolled back yet: ship the 1.4.0 beta.")
    }
}

fn check_predictions(work: &Work, attacks: [Attack; 3]) -> CheckOutcome {
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    for attack in attacks {
        match work.runs.get(&attack) {
            None => missing.push(attack.title()),
            Some(run) if run.predicted != run.report.result => wrong.push(format!(
                "{}: you predicted “{}”, it was {}",
                attack.title(),
                run.predicted.describe(),
                run.report.result.describe()
            )),
            Some(_) => {}
        }
    }
    if !missing.is_empty() {
        CheckOutcome::not_yet(format!("predict and run: {}.", missing.join("; ")))
    } else if !wrong.is_empty() {
        CheckOutcome::not_yet(format!("{}. Reset this exercise to predict again.", wrong.join("; ")))
    } else {
        CheckOutcome::pass("all three predictions were right.")
    }
}

fn check_integrity_attacks(work: &Work) -> CheckOutcome {
    check_predictions(work, [Attack::Unsigned, Attack::TamperedByte, Attack::ServerInTheMiddle])
}

fn check_policy_attacks(work: &Work) -> CheckOutcome {
    let first_leak = work.runs.get(&Attack::LeakedKey).is_some_and(|run| run.after_rotation);
    if first_leak && work.runs.get(&Attack::LeakedKey).is_some_and(|run| run.predicted != run.report.result) {
        return CheckOutcome::not_yet(
            "the leaked-key run shown is after the rotation; this exercise grades the prediction made before it. Reset this exercise to predict again.",
        );
    }
    check_predictions(work, [Attack::Downgrade, Attack::OtherClass, Attack::LeakedKey])
}

fn check_recovery(work: &Work) -> CheckOutcome {
    if work.vendor.signing_serial < 2 || !work.device.revoked_serials.contains(&1) {
        return CheckOutcome::not_yet("key #1 is not revoked on the device yet: rotate the signing key with the root.");
    }
    let refused = work
        .runs
        .get(&Attack::LeakedKey)
        .is_some_and(|run| run.after_rotation && run.report.result == UpdateResult::Rejected(Step::Certificate));
    if !refused {
        return CheckOutcome::not_yet("run the leaked-key attack again after the rotation and see where it stops.");
    }
    let serial = work.vendor.signing_serial;
    let shipped_since = work.history.iter().rev().any(|report| {
        report.result != UpdateResult::Rejected(Step::AntiRollback)
            && report
                .steps
                .iter()
                .any(|step| step.detail.contains(&format!("valid Ed25519 signature by key #{serial}")))
    });
    if shipped_since {
        CheckOutcome::pass(format!(
            "key #1 is revoked, the attacker's image is refused at the certificate check, and updates signed with key #{serial} go through."
        ))
    } else {
        CheckOutcome::not_yet(format!(
            "ship a genuine update newer than the running image, signed with the new key #{serial}."
        ))
    }
}

fn check_cse(work: &Work) -> CheckOutcome {
    let success = work.cse_log.iter().any(|entry| entry.requested_version == "1.3.0" && entry.status == 1);
    let refused = work.cse_log.iter().any(|entry| entry.requested_version == "1.0.0" && entry.status == 2);
    match (success, refused) {
        (true, true) => CheckOutcome::pass(
            "the mgmtObj carried both: `uds` reported success for 1.3.0 and failure for the downgrade, and `vr` shows what the device runs.",
        ),
        (false, _) => CheckOutcome::not_yet("no Update through the CSE has installed 1.3.0 yet (`uds` with `sus` 1)."),
        (true, false) => CheckOutcome::not_yet("now ask the CSE for the old 1.0.0 and read `uds`."),
    }
}

fn check_vex(work: &Work) -> CheckOutcome {
    let graded = grade_vex(&work.vex);
    let undecided = graded.iter().filter(|(_, decided, _)| decided.is_none()).count();
    let wrong: Vec<String> = graded
        .iter()
        .filter(|(_, decided, right)| decided.is_some() && !right)
        .map(|(advisory, _, _)| advisory.id.to_owned())
        .collect();
    if undecided > 0 {
        CheckOutcome::not_yet(format!("{undecided} advisory(ies) not decided yet."))
    } else if !wrong.is_empty() {
        CheckOutcome::not_yet(format!(
            "not right yet: {}. Read their product facts and the SBOM again.",
            wrong.join(", ")
        ))
    } else {
        CheckOutcome::pass("all five decisions match the ground truth.")
    }
}

fn check_cra_clock(work: &Work) -> CheckOutcome {
    let checks = cra_clock::check(&work.schedule);
    let failing: Vec<String> = checks
        .iter()
        .filter(|check| !check.ok)
        .map(|check| format!("{}: {}", check.duty.label(), check.explanation))
        .collect();
    if failing.is_empty() {
        CheckOutcome::pass("every Art. 14 deadline is met and the users are informed.")
    } else {
        CheckOutcome::not_yet(failing.join("; "))
    }
}
