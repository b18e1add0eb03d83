//! The lab's graded exercises. Each checks what the student produced: their description as the
//! runner parses it, the verdict of its last run, the suite run against the faulty CSE and the
//! step they point at; never the wording.

use lab_kit::{CheckOutcome, Exercise};
use plugtest::{Operation, StepKind, TestDescription, Verdict};

use crate::work::{Target, Work};

pub type LabExercise = Exercise<Work>;

/// The description the first exercise starts from: the purpose is given, the sequence is not complete.
pub const TEMPLATE_UPDATE_CIN: &str = r#"id = "TD_DAT_02"
title = "a contentInstance cannot be updated"
purpose = "The CSE refuses to update a contentInstance with 4005 OPERATION_NOT_ALLOWED (HTTP 405)."
pre_conditions = ["No AE named plugLabAE exists."]

[[reference]]
spec = "oneM2M TS-0004 (ETSI TS 118 104)"
clause = "6.6.3"
text = "4005 OPERATION_NOT_ALLOWED"

[configuration]
id = "CFG-1"
entities = [{ name = "test AE", kind = "AE", role = "test system" }, { name = "CSE", kind = "CSE", role = "IUT" }]
links = [{ from = "test AE", to = "CSE", interface = "Mca" }]

[[step]]
kind = "stimulus"
description = "The smart plug's AE registers."
request = { op = "create", to = "/${cse}", from = "C", ty = 2, body = { "m2m:ae" = { rn = "plugLabAE", api = "Nplughlab", rr = false, srv = ["4"] } } }
save = { AEI = "/m2m:ae/aei" }

[[step]]
kind = "stimulus"
description = "It creates the container power."
request = { op = "create", to = "/${cse}/plugLabAE", from = "${AEI}", ty = 3, body = { "m2m:cnt" = { rn = "power" } } }

[[step]]
kind = "stimulus"
description = "It stores the reading r1."
request = { op = "create", to = "/${cse}/plugLabAE/power", from = "${AEI}", ty = 4, body = { "m2m:cin" = { rn = "r1", cnf = "text/plain:0", con = "41.5" } } }

# Your steps: the stimulus that tries to change r1, and the check of the answer.
"#;

/// A starting point for a description of a new requirement (the third exercise).
pub const TEMPLATE_NEW: &str = r#"id = "TD_SEM_10"
title = ""
purpose = ""
depends_on = ["TD_SEM_02"]
pre_conditions = ["TD_SEM_02 passed: semTestAE/thermo/desc exists and AEI holds the test AE's AE-ID."]

[[reference]]
spec = ""
clause = ""
text = ""

[configuration]
id = "CFG-1"
entities = [{ name = "test AE", kind = "AE", role = "test system" }, { name = "CSE", kind = "CSE", role = "IUT" }]
links = [{ from = "test AE", to = "CSE", interface = "Mca" }]

[[step]]
kind = "stimulus"
description = ""
request = { op = "retrieve", to = "/${cse}/semTestAE/thermo/desc", from = "${AEI}" }
"#;

pub static EXERCISES: &[LabExercise] = &[
    Exercise {
        id: "complete-from-purpose",
        title: "1. Complete a test description from its purpose",
        goal: "The description in the editor (TD_DAT_02) states its purpose: the CSE refuses to update a contentInstance with 4005 OPERATION_NOT_ALLOWED (HTTP 405). Add the stimulus that tries to update r1 and the check that judges the answer, then run it against the CSE in this page until it passes.",
        hints: &[
            "An update is `op = \"update\"`; its target is the contentInstance, `/${cse}/plugLabAE/power/r1`, and its body a partial `m2m:cin`, e.g. `{ \"m2m:cin\" = { con = \"0\" } }`.",
            "The check comes right after the stimulus: `kind = \"check\"` with `expect = { status = 405, rsc = 4005 }`.",
            "Choose 'Your description' as what to run, the CSE in this page as the target, then 'Run to the end'.",
        ],
        setup: (),
        check: check_complete,
    },
    Exercise {
        id: "find-the-defect",
        title: "2. Find the step of a failing run that shows the defect",
        goal: "The faulty CSE in this page has one deliberate defect. Predict which test will catch it, run the whole suite against it, then point at the test and the step whose verdict shows the defect.",
        hints: &[
            "Run the whole suite against the faulty CSE and look at the results table: which test is not pass?",
            "Open that test: stimulus steps have no verdict of their own; the defect shows in a check or verify step.",
            "Read the step's reason: what did the CSE return that it should not have?",
        ],
        setup: (),
        check: check_defect,
    },
    Exercise {
        id: "new-requirement",
        title: "3. Write the description of a new requirement",
        goal: "Write a test description for the chapter's new requirement: updating the read-only attribute `ty` of the semantic descriptor fails with 4000 BAD_REQUEST (HTTP 400) (TS-0004 6.6.3). Give it a purpose and a reference, and run it against the CSE in this page until it passes.",
        hints: &[
            "Start from the template (button 'Start from the new-requirement template'): it depends on TD_SEM_02, which creates the descriptor.",
            "The stimulus is an update of `/${cse}/semTestAE/thermo/desc` with the body `{ \"m2m:smd\" = { ty = 3 } }`.",
            "The check expects `status = 400, rsc = 4000`; a verify step could show that `ty` is still 24.",
        ],
        setup: (),
        check: check_new_requirement,
    },
];

/// Whether the description updates something with a body naming one of `keys`, and checks the
/// answer with `status` and `rsc` in the step right after.
fn updates_and_checks(description: &TestDescription, keys: &[&str], status: u16, rsc: u16) -> bool {
    description.steps.windows(2).any(|pair| {
        let stimulus = pair[0].request.as_ref().filter(|request| request.op == Operation::Update);
        let named = stimulus.is_some_and(|request| {
            request.body.as_ref().is_some_and(|body| {
                body.as_object().is_some_and(|object| {
                    object.values().any(|inner| {
                        inner.as_object().is_some_and(|attributes| keys.iter().any(|key| attributes.contains_key(*key)))
                    })
                })
            })
        });
        let check = pair[1].expect.as_ref().filter(|_| pair[1].kind == StepKind::Check);
        named
            && pair[0].kind == StepKind::Stimulus
            && check.is_some_and(|expect| expect.status == Some(status) && expect.rsc == Some(rsc))
    })
}

fn passed_in_page(work: &Work) -> Result<(), CheckOutcome> {
    match work.current_own_run() {
        None => Err(CheckOutcome::not_yet(
            "Run your description against the CSE in this page: the exercise is graded on the run of the text now in the editor.",
        )),
        Some(run) if run.target != Target::Page => {
            Err(CheckOutcome::not_yet("The last run was not against the conforming CSE in this page; run it there."))
        }
        Some(run) if run.verdict != Verdict::Pass => Err(CheckOutcome::not_yet(format!(
            "The last run's verdict is {}: read the reason of the first step that did not pass.",
            run.verdict
        ))),
        Some(_) => Ok(()),
    }
}

fn check_complete(work: &Work) -> CheckOutcome {
    let description = match work.parsed() {
        Ok(description) => description,
        Err(error) => return CheckOutcome::not_yet(format!("The description does not parse: {error}")),
    };
    if !updates_and_checks(&description, &["con", "cnf", "lbl", "rn"], 405, 4005) {
        return CheckOutcome::not_yet(
            "No stimulus updates the contentInstance, followed by a check that expects HTTP 405 and X-M2M-RSC 4005.",
        );
    }
    if let Err(outcome) = passed_in_page(work) {
        return outcome;
    }
    CheckOutcome::pass("Your description runs and passes: the CSE refuses the update with 4005, as TS-0004 requires.")
}

fn check_defect(work: &Work) -> CheckOutcome {
    let Some(run) = work.suite_run(Target::Faulty) else {
        return CheckOutcome::not_yet("Run the whole suite against the faulty CSE first.");
    };
    let Some((test, _, Some(step))) = run.verdicts.iter().find(|(_, verdict, _)| *verdict == Verdict::Fail) else {
        return CheckOutcome::not_yet("The last run against the faulty CSE has no failing test: run the whole suite.");
    };
    match &work.pointed {
        None => CheckOutcome::not_yet("Point at a test and a step."),
        Some((pointed_test, _)) if pointed_test != test => {
            let verdict = run.verdicts.iter().find(|(id, _, _)| id == pointed_test).map(|(_, verdict, _)| *verdict);
            CheckOutcome::not_yet(match verdict {
                Some(verdict) => {
                    format!("{pointed_test}'s verdict against the faulty CSE is {verdict}: the defect is elsewhere.")
                }
                None => format!("{pointed_test} did not run against the faulty CSE."),
            })
        }
        Some((_, pointed_step)) if pointed_step != step => CheckOutcome::not_yet(format!(
            "Step {pointed_step} of {test} is not the one whose verdict shows the defect; read each step's verdict."
        )),
        Some(_) => CheckOutcome::pass(format!(
            "Step {step} of {test}: a second AE without the Discovery privilege finds semTestAE/thermo, so this CSE's discovery ignores access control (TS-0004 7.3.3.15: results contain only resources the originator may discover)."
        )),
    }
}

fn check_new_requirement(work: &Work) -> CheckOutcome {
    let description = match work.parsed() {
        Ok(description) => description,
        Err(error) => return CheckOutcome::not_yet(format!("The description does not parse: {error}")),
    };
    if description.purpose.trim().len() < 20 {
        return CheckOutcome::not_yet("Say in the purpose, in one sentence, what is checked.");
    }
    if !description.references.iter().any(|reference| reference.spec.contains("TS-0004")) {
        return CheckOutcome::not_yet("Cite the clause the requirement comes from: a reference to TS-0004.");
    }
    if !updates_and_checks(&description, &["ty"], 400, 4000) {
        return CheckOutcome::not_yet(
            "No stimulus updates `ty` of the descriptor, followed by a check that expects HTTP 400 and X-M2M-RSC 4000.",
        );
    }
    if let Err(outcome) = passed_in_page(work) {
        return outcome;
    }
    CheckOutcome::pass(
        "Your description of the new requirement runs and passes: a read-only attribute cannot be updated (4000).",
    )
}
