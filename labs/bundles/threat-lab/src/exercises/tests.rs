//! Each exercise solved the way a student would, with the feedback on the way checked to name what is missing.

use super::*;
use crate::attack_tree::Gate;
use crate::reference::MCC_FLOW;

fn check(id: &str, work: &Work) -> CheckOutcome {
    (find_exercise(id).expect("an exercise").check)(work)
}

fn ids_on(work: &Workspace, target: &str, category: Category) -> String {
    work.threats_on(target).find(|threat| threat.category == category).expect("a threat").id.clone()
}

#[test]
fn every_exercise_starts_unsolved_on_the_reference_deployments() {
    let work = Work::reference();
    for exercise in EXERCISES {
        let outcome = (exercise.check)(&work);
        assert!(!outcome.passed, "{} passes untouched", exercise.id);
        assert!(!outcome.feedback.is_empty());
    }
    assert!(EXERCISES.len() >= 6);
}

#[test]
fn triaging_the_gateway() {
    let mut work = Work::reference();
    assert!(check("triage-gateway", &work).feedback.contains("has no Spoofing threat"));
    work.security.generate();
    let outcome = check("triage-gateway", &work);
    assert!(outcome.feedback.contains("still a candidate") && outcome.feedback.contains("(6 to go)"), "{outcome:?}");
    let gateway =
        work.security.threats_on(GATEWAY).map(|threat| (threat.id.clone(), threat.category)).collect::<Vec<_>>();
    for (id, category) in &gateway {
        work.security.accept(id).expect("accepted");
        if *category != Category::Spoofing {
            work.security.set_text(id, crate::workspace::ThreatField::Vulnerability, "a weakness").expect("written");
        }
    }
    let outcome = check("triage-gateway", &work);
    assert_eq!(outcome.feedback, "The accepted Spoofing threat on “Gateway MN-CSE” names no vulnerability. (1 to go)");
    let spoofing = ids_on(&work.security, GATEWAY, Category::Spoofing);
    work.security.reject(&spoofing, "locked room").expect("rejected");
    assert!(check("triage-gateway", &work).feedback.starts_with("Spoofing on “Gateway MN-CSE” is rejected"));
    let repudiation = ids_on(&work.security, GATEWAY, Category::Repudiation);
    work.security.reject(&repudiation, "the gateway logs nothing anyone could deny").expect("rejected");
    work.security.accept(&spoofing).expect("accepted");
    work.security
        .set_text(&spoofing, crate::workspace::ThreatField::Vulnerability, "same default password")
        .expect("ok");
    assert!(check("triage-gateway", &work).passed);
}

#[test]
fn the_flows_into_the_cloud() {
    let mut work = Work::reference();
    work.security.generate();
    let outcome = check("boundary-flows", &work);
    assert!(outcome.feedback.contains("(9 missing)"), "three flows cross into the cloud: {outcome:?}");
    let crossing: Vec<String> = work
        .security
        .diagram
        .flows
        .iter()
        .filter(|flow| work.security.diagram.crosses(&flow.id, CLOUD))
        .map(|flow| flow.id.clone())
        .collect();
    assert!(crossing.contains(&MCC_FLOW.to_owned()) && !crossing.contains(&"storage".to_owned()));
    for flow in &crossing {
        for threat in work.security.threats_on(flow).map(|threat| threat.id.clone()).collect::<Vec<_>>() {
            work.security.accept(&threat).expect("accepted");
            work.security.set_text(&threat, crate::workspace::ThreatField::Vulnerability, "weak").expect("written");
        }
    }
    let disclosure = ids_on(&work.security, MCC_FLOW, Category::InformationDisclosure);
    work.security.reopen(&disclosure).expect("reopened");
    assert_eq!(
        check("boundary-flows", &work).feedback,
        "The flow “Mcc over TLS” has no accepted Information disclosure threat with its vulnerability. (1 missing)"
    );
    work.security.accept(&disclosure).expect("accepted");
    assert!(check("boundary-flows", &work).passed);
    // A student who moves the dashboard into the cloud has one flow fewer to cover.
    work.security.diagram.set_boundary("dashboard", Some(CLOUD)).expect("moved");
    assert!(check("boundary-flows", &work).feedback.contains("2 flows"));
}

fn scored(work: &mut Workspace, scores: &[(u8, u8)]) -> Vec<String> {
    work.generate();
    let ids: Vec<String> = work.threats.iter().take(scores.len()).map(|threat| threat.id.clone()).collect();
    for (id, (likelihood, impact)) in ids.iter().zip(scores) {
        work.accept(id).expect("accepted");
        work.score(id, *likelihood, *impact).expect("scored");
    }
    ids
}

#[test]
fn ranking_follows_the_scores() {
    let mut work = Work::reference();
    let ids = scored(&mut work.security, &[(3, 3), (2, 3), (2, 2), (1, 3), (1, 1)]);
    assert_eq!(check("rank-top-three", &work).feedback, "No threat has priority 1 yet.");
    work.security.set_rank(&ids[0], Some(1)).expect("ranked");
    work.security.set_rank(&ids[2], Some(2)).expect("ranked");
    work.security.set_rank(&ids[1], Some(3)).expect("ranked");
    assert!(
        check("rank-top-three", &work).feedback.contains("Priority 2 (risk 4) scores lower than priority 3 (risk 6)")
    );
    work.security.set_rank(&ids[1], Some(2)).expect("ranked");
    work.security.set_rank(&ids[3], Some(3)).expect("ranked");
    let outcome = check("rank-top-three", &work);
    assert!(outcome.feedback.contains("has risk 4, more than one you ranked (3)"), "{outcome:?}");
    work.security.set_rank(&ids[2], Some(3)).expect("ranked");
    assert!(check("rank-top-three", &work).passed);
}

#[test]
fn treating_high_risks_needs_fitting_countermeasures() {
    let mut work = Work::reference();
    work.security.generate();
    let spoofing = ids_on(&work.security, GATEWAY, Category::Spoofing);
    let elevation = ids_on(&work.security, GATEWAY, Category::ElevationOfPrivilege);
    let disclosure = ids_on(&work.security, MCC_FLOW, Category::InformationDisclosure);
    for (id, likelihood, impact) in [(&spoofing, 3, 3), (&elevation, 3, 3), (&disclosure, 2, 3)] {
        work.security.accept(id).expect("accepted");
        work.security.score(id, likelihood, impact).expect("scored");
    }
    assert!(check("treat-high-risks", &work).feedback.contains("has no treatment yet"));
    for id in [&spoofing, &elevation, &disclosure] {
        work.security.set_treatment(id, Some(Treatment::Reduce)).expect("treated");
    }
    work.security.add_countermeasure(&spoofing, "unique-passwords").expect("fits");
    work.security.add_countermeasure(&elevation, "unique-passwords").expect("fits");
    let outcome = check("treat-high-risks", &work);
    assert!(outcome.feedback.contains("residual risk of 6") && outcome.feedback.contains("(1 to go)"), "{outcome:?}");
    work.security.set_treatment(&disclosure, Some(Treatment::Accept)).expect("treated");
    assert!(check("treat-high-risks", &work).feedback.contains("accepted at 6"));
    work.security.set_treatment(&disclosure, Some(Treatment::Reduce)).expect("treated");
    work.security.add_countermeasure(&disclosure, "tls-verified").expect("fits");
    assert!(check("treat-high-risks", &work).passed);

    // explain-residual on the same work: residual 3 remains on each.
    assert!(check("explain-residual", &work).feedback.contains("does not say why"));
    work.security
        .set_text(
            &spoofing,
            crate::workspace::ThreatField::ResidualNote,
            "Phishing the admin still works; the facility manager owns it.",
        )
        .expect("written");
    assert!(check("explain-residual", &work).passed);
}

#[test]
fn the_mirai_tree() {
    let mut work = Work::reference();
    let tree = &mut work.security.tree;
    tree.add_gate("mirai".into(), "goal", Gate::And, "Mirai").expect("gate");
    assert_eq!(check("mirai-tree", &work).feedback, "The goal has 1 way in; add at least two.");
    let tree = &mut work.security.tree;
    tree.add_step("scan".into(), "mirai", "scan-telnet", "", 1).expect("step");
    tree.add_step("login".into(), "mirai", "default-password", "", 1).expect("step");
    tree.add_step("flaw".into(), "goal", "unpatched-flaw", "", 1).expect("step");
    assert_eq!(check("mirai-tree", &work).feedback, "The tree has 3 steps; it needs at least four.");
    work.security.tree.add_step("phish".into(), "goal", "phish-admin", "", 2).expect("step");
    assert!(check("mirai-tree", &work).feedback.contains("as cheap as the default password"), "a flaw of cost 1 ties");
    work.security.tree.edit("flaw", None, None, Some(3)).expect("edited");
    assert!(check("mirai-tree", &work).passed, "{:?}", check("mirai-tree", &work));
    work.security.tree.edit("scan", None, None, Some(3)).expect("edited");
    assert_eq!(check("mirai-tree", &work).feedback, "The cheapest path does not include scanning for Telnet.");
}

#[test]
fn linddun_on_the_smart_meter_flow_and_privacy_treatment() {
    let mut work = Work::reference();
    work.privacy.generate();
    let outcome = check("smart-meter-linddun", &work);
    assert!(
        outcome.feedback.contains("Smart-meter readings to the supplier") && outcome.feedback.contains("(6 to go)")
    );
    let on_flow: Vec<(String, Category)> =
        work.privacy.threats_on(SUPPLIER_FLOW).map(|threat| (threat.id.clone(), threat.category)).collect();
    for (id, category) in &on_flow {
        if *category == Category::NonRepudiation || *category == Category::Identifying {
            work.privacy.reject(id, "billing data are not signed").expect("rejected");
        } else {
            work.privacy.accept(id).expect("accepted");
            work.privacy.set_text(id, crate::workspace::ThreatField::Vulnerability, "15-minute values").expect("ok");
        }
    }
    assert!(
        check("smart-meter-linddun", &work)
            .feedback
            .starts_with("Identifying on “Smart-meter readings to the supplier” is rejected")
    );
    let identifying = ids_on(&work.privacy, SUPPLIER_FLOW, Category::Identifying);
    work.privacy.accept(&identifying).expect("accepted");
    work.privacy
        .set_text(&identifying, crate::workspace::ThreatField::Vulnerability, "tied to the account")
        .expect("ok");
    assert!(check("smart-meter-linddun", &work).passed);

    let linking = ids_on(&work.privacy, SUPPLIER_FLOW, Category::Linking);
    let disclosure = ids_on(&work.privacy, SUPPLIER_FLOW, Category::DataDisclosure);
    for id in [&linking, &disclosure] {
        work.privacy.score(id, 2, 3).expect("scored");
        work.privacy.set_treatment(id, Some(Treatment::Reduce)).expect("treated");
    }
    work.privacy.add_countermeasure(&linking, "keyed-pseudonyms").expect("fits");
    assert!(check("privacy-treatment", &work).feedback.contains("residual risk of"));
    work.privacy.add_countermeasure(&linking, "aggregate-at-gateway").expect("fits");
    work.privacy.add_countermeasure(&disclosure, "acp-least-privilege").expect("fits");
    work.privacy.add_countermeasure(&disclosure, "tls-verified").expect("fits");
    assert!(check("privacy-treatment", &work).passed, "{:?}", check("privacy-treatment", &work));
}
