//! The lab's graded exercises. Each checks the state the student produced (the runs and predictions, the issued
//! certificate, the registrations), never wording.

use lab_kit::{CheckOutcome, Exercise};

use crate::enrolment::describe;
use crate::records::alert_name;
use crate::scenarios::{Aborts, find_scenario};
use crate::work::Work;

pub type LabExercise = Exercise<Work>;

/// The scenarios of the certificate exercise and of the attack exercise.
pub const CERTIFICATE_SCENARIOS: &[&str] = &["expired", "wrong-name", "untrusted-root", "missing-intermediate"];
pub const ATTACK_SCENARIOS: &[&str] =
    &["client-certificate-absent", "psk-wrong-identity", "mitm-own-certificate", "mitm-copied-chain", "downgrade"];

pub static EXERCISES: &[LabExercise] = &[
    Exercise {
        id: "observe-handshake",
        title: "1. Watch a handshake, with and without a client certificate",
        goal: "Run “The gateway connects to the CSE” and “The CSE asks the gateway for its certificate”. Open each flight: find the key share in the ClientHello, the messages encrypted under the handshake keys, the chain the server sent, and what mutual authentication adds.",
        hints: &[
            "Choose the scenario in the list and press “Run the handshake”.",
            "The second flight starts with the only plaintext message from the server: ServerHello. Everything after it is encrypted; the lab opens it with the secrets rustls logged.",
            "With client authentication the server adds CertificateRequest, and the client's last flight carries its own Certificate and CertificateVerify.",
        ],
        setup: (),
        check: check_observe,
    },
    Exercise {
        id: "predict-certificate-failures",
        title: "2. Predict four certificate failures",
        goal: "For the expired certificate, the wrong name, the untrusted root and the missing intermediate: predict who aborts and which alert the other side receives, commit, then run the handshake.",
        hints: &[
            "The server does not validate its own certificate: whoever validates the chain is the one that can refuse it.",
            "Each alert names the problem: RFC 8446 section 6.2 lists certificate_expired, bad_certificate, unknown_ca and more.",
            "A missing intermediate and an unknown root look the same to the client: it cannot reach a trust anchor.",
        ],
        setup: (),
        check: check_certificates,
    },
    Exercise {
        id: "predict-attacks",
        title: "3. Predict five attacks and misconfigurations",
        goal: "For the absent client certificate, the unknown pre-shared key, Mallory's own certificate, Mallory's copied chain and the downgrade: predict who aborts and with which alert, commit, then run each.",
        hints: &[
            "When the server requires a client certificate, it is the server that checks whether one came.",
            "A copied certificate proves nothing without the private key: which message proves possession of it?",
            "A TLS 1.3 server that is made to speak TLS 1.2 leaves a mark in its ServerHello random (RFC 8446 4.1.3).",
            "A server that does not recognise a ticket can still authenticate with its certificate.",
        ],
        setup: (),
        check: check_attacks,
    },
    Exercise {
        id: "enrol-device",
        title: "4. Enrol the smart plug",
        goal: "Enrol a new device, the smart plug Cplug-17: make its key pair and a certificate signing request whose common name is its originator, and have the Device CA sign it. The certificate must chain to the Device CA and be bound to the originator.",
        hints: &[
            "Write the originator (an AE originator starts with C), then “Make the key pair and CSR”.",
            "The private key never leaves the device: the CA sees only the CSR, whose signature proves the device holds the key.",
        ],
        setup: (),
        check: check_enrol,
    },
    Exercise {
        id: "register-device",
        title: "5. Register the plug with its certificate, and try to impersonate",
        goal: "Connect as the enrolled plug over mutual TLS and register its AE with the CSE; then send a registration claiming another originator (e.g. Cgateway-01) with the same certificate and see the CSE refuse it.",
        hints: &[
            "The CSE takes the originator from the certificate the handshake verified: the From you claim must be the one bound to it.",
            "Change the claimed originator and register again: the handshake succeeds, the request is refused (TS-0003 clause 7.2).",
        ],
        setup: (),
        check: check_register,
    },
];

fn check_observe(work: &Work) -> CheckOutcome {
    let completed =
        |id: &str| work.observations.get(id).is_some_and(|observation| observation.aborts == Aborts::Nobody);
    match (completed("baseline"), completed("mutual")) {
        (true, true) => CheckOutcome::pass(
            "Both handshakes completed: you have seen one with server authentication only and one mutual.",
        ),
        (false, _) => CheckOutcome::not_yet("Run “The gateway connects to the CSE” first."),
        (true, false) => CheckOutcome::not_yet("Now run “The CSE asks the gateway for its certificate”."),
    }
}

fn check_predicted(work: &Work, ids: &[&str]) -> CheckOutcome {
    let mut missing = Vec::new();
    let mut right = 0;
    let mut wrong = Vec::new();
    for id in ids {
        let title = find_scenario(id).map_or(*id, |scenario| scenario.title);
        match (work.predictions.get(*id), work.observations.get(*id)) {
            (Some(prediction), Some(observation)) => {
                if prediction.matches(observation) {
                    right += 1;
                } else {
                    wrong.push(format!(
                        "{title}: {} with {}",
                        observation.aborts.label(),
                        if observation.alert == 0 { "no alert" } else { alert_name(observation.alert) }
                    ));
                }
            }
            _ => missing.push(title),
        }
    }
    if !missing.is_empty() {
        return CheckOutcome::not_yet(format!("Still to predict and run: {}.", missing.join("; ")));
    }
    let total = ids.len();
    if wrong.is_empty() {
        CheckOutcome::pass(format!("All {total} predictions were right."))
    } else {
        CheckOutcome::pass(format!(
            "{right} of {total} predictions were right. What happened instead: {}. Read each scenario's explanation.",
            wrong.join("; ")
        ))
    }
}

fn check_certificates(work: &Work) -> CheckOutcome {
    check_predicted(work, CERTIFICATE_SCENARIOS)
}

fn check_attacks(work: &Work) -> CheckOutcome {
    check_predicted(work, ATTACK_SCENARIOS)
}

fn check_enrol(work: &Work) -> CheckOutcome {
    let Some(device) = &work.device else {
        return CheckOutcome::not_yet("Make the plug's key pair and CSR first.");
    };
    if device.originator != "Cplug-17" {
        return CheckOutcome::not_yet(format!("The CSR names {}; enrol the smart plug, Cplug-17.", device.originator));
    }
    let Some(issued) = &work.issued else {
        return CheckOutcome::not_yet("Have the Device CA sign the CSR.");
    };
    if issued.originator != device.originator {
        return CheckOutcome::not_yet(
            "The certificate is for another request: have the Device CA sign the plug's CSR.",
        );
    }
    let Ok(summary) = describe(&issued.certificate_pem) else {
        return CheckOutcome::not_yet("The issued certificate does not read.");
    };
    if !summary.issuer.contains("Smart Building Device CA") {
        return CheckOutcome::not_yet("The certificate is not issued by the Device CA.");
    }
    if work.bindings.get(&issued.fingerprint) != Some(&issued.originator) {
        return CheckOutcome::not_yet("The certificate is not bound to the plug's originator.");
    }
    CheckOutcome::pass(format!(
        "The Device CA issued the plug's certificate (subject {}) and bound its SHA-256 {}… to Cplug-17.",
        summary.subject,
        &issued.fingerprint[..16]
    ))
}

fn check_register(work: &Work) -> CheckOutcome {
    let Some(issued) = &work.issued else {
        return CheckOutcome::not_yet("Enrol the plug first (exercise 4).");
    };
    let registered = work
        .registrations
        .iter()
        .any(|registration| registration.ae.is_some() && registration.bound.as_ref() == Some(&issued.originator));
    let refused = work.registrations.iter().any(|registration| {
        registration.bound.as_ref() == Some(&issued.originator)
            && registration.claimed != issued.originator
            && registration.rsc == Some(4103)
    });
    match (registered, refused) {
        (true, true) => CheckOutcome::pass(
            "The plug registered under the originator its certificate is bound to, and the CSE refused the same certificate claiming someone else.",
        ),
        (false, _) => CheckOutcome::not_yet("Register the plug's AE with its own originator over mutual TLS."),
        (true, false) => CheckOutcome::not_yet("Now claim another originator with the plug's certificate."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_lists_the_exercises_in_order() {
        let ids: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.id).collect();
        assert_eq!(ids, lab_catalog::TLS_LAB_EXERCISES);
    }

    #[test]
    fn the_exercise_scenarios_exist_and_are_predicted() {
        for id in CERTIFICATE_SCENARIOS.iter().chain(ATTACK_SCENARIOS) {
            assert!(find_scenario(id).is_some_and(|scenario| scenario.predicted), "{id}");
        }
    }
}
