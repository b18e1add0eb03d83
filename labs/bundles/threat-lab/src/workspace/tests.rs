use super::*;
use crate::reference;

#[test]
fn generation_applies_the_checklist_per_element_once() {
    let mut work = reference::security();
    let added = work.generate();
    assert!(added > 0);
    assert_eq!(work.generate(), 0, "a second pass adds nothing");
    for (target, _) in work.diagram.targets() {
        let kind = work.diagram.target_kind(target).expect("known");
        let mut found: Vec<Category> = work.threats_on(target).map(|threat| threat.category).collect();
        found.sort();
        let mut expected = categories_for(Method::Stride, kind);
        expected.sort();
        assert_eq!(found, expected, "{target}");
    }
    assert!(work.threats.iter().all(|threat| threat.status == Status::Candidate && threat.vulnerability.is_empty()));
    let mcc = work.threats_on(reference::MCC_FLOW).next().expect("a threat on Mcc");
    assert!(mcc.sentence().contains("Mcc over TLS"), "{}", mcc.sentence());
    let mut privacy = reference::privacy();
    privacy.generate();
    assert!(privacy.threats.iter().all(|threat| threat.category.method() == Method::Linddun));
}

#[test]
fn a_review_accepts_rejects_with_a_reason_and_scores() {
    let mut work = reference::security();
    work.generate();
    let id = work.threats_on(reference::GATEWAY).next().expect("a gateway threat").id.clone();
    assert_eq!(work.reject(&id, "  "), Err(WorkError::ReasonNeeded));
    work.reject(&id, "the gateway is in a locked room").expect("rejected");
    assert!(
        matches!(&work.threat(&id).expect("kept").status, Status::Rejected { reason } if reason.contains("locked"))
    );
    work.accept(&id).expect("accepted");
    work.set_text(&id, ThreatField::Vulnerability, "default password").expect("written");
    assert_eq!(work.set_text(&id, ThreatField::Who, ""), Err(WorkError::Missing(ThreatField::Who)));
    assert_eq!(work.set_text(&id, ThreatField::Who, &"x".repeat(MAX_TEXT + 1)), Err(WorkError::TooLong));
    assert_eq!(work.score(&id, 4, 1), Err(WorkError::ScoreOffScale));
    work.score(&id, 3, 3).expect("scored");
    assert_eq!(work.threat(&id).and_then(Threat::risk), Some(9));
    assert!(matches!(work.add_countermeasure(&id, "rate-limits"), Err(WorkError::DoesNotCounter { .. })));
    assert_eq!(work.add_countermeasure(&id, "magic"), Err(WorkError::UnknownCountermeasure("magic".into())));
    work.add_countermeasure(&id, "unique-passwords").expect("spoofing is countered");
    work.add_countermeasure(&id, "unique-passwords").expect("twice is once");
    assert_eq!(work.threat(&id).map(|threat| threat.countermeasures.len()), Some(1));
    work.set_treatment(&id, Some(Treatment::Reduce)).expect("treated");
    assert_eq!(work.threat(&id).and_then(Threat::residual_risk), Some(3));
    assert_eq!(work.score("t999", 1, 1), Err(WorkError::NoSuchThreat("t999".into())));
    work.set_impact(&id, None).expect("cleared");
    assert_eq!(work.threat(&id).and_then(Threat::risk), None, "half a score is no risk");
    assert_eq!(work.set_likelihood(&id, Some(0)), Err(WorkError::ScoreOffScale));
    work.set_impact(&id, Some(1)).expect("set");
    assert_eq!(work.threat(&id).and_then(Threat::risk), Some(3));
}

#[test]
fn ranks_are_unique_and_removal_takes_threats_along() {
    let mut work = reference::security();
    work.generate();
    let first = work.threats[0].id.clone();
    let second = work.threats[1].id.clone();
    work.set_rank(&first, Some(1)).expect("ranked");
    work.set_rank(&second, Some(1)).expect("ranked");
    assert_eq!((work.threat(&first).and_then(|t| t.rank), work.threat(&second).and_then(|t| t.rank)), (None, Some(1)));
    assert_eq!(work.set_rank(&first, Some(10)), Err(WorkError::RankOffScale(10)));
    let on_gateway = work.threats.iter().filter(|threat| {
        threat.target == reference::GATEWAY
            || work.diagram.flow(&threat.target).is_some_and(|flow| flow.from == "gateway" || flow.to == "gateway")
    });
    let expected = on_gateway.count();
    assert_eq!(work.remove_from_diagram(reference::GATEWAY), Ok(expected));
    assert!(work.threats.iter().all(|threat| work.diagram.target_kind(&threat.target).is_some()));
}

#[test]
fn students_add_their_own_threats_and_elements() {
    let mut work = reference::privacy();
    let camera = work.add_element("Doorbell camera", ElementKind::Process, Some("home")).expect("added");
    let flow = work.connect("Clips to the platform", &camera, "platform").expect("connected");
    assert!(work.diagram.crosses_boundary(&flow));
    let draft = ThreatDraft {
        target: flow.clone(),
        category: "detecting".into(),
        who: "A neighbour on the Wi-Fi".into(),
        what: "see from upload bursts that someone moves at home".into(),
        asset: "the residents' presence".into(),
        vulnerability: "uploads only when motion is detected".into(),
    };
    let id = work.add_threat(&draft).expect("added");
    assert!(work.threat(&id).is_some_and(Threat::is_accepted));
    let stride = ThreatDraft { category: "tampering".into(), ..draft.clone() };
    assert_eq!(work.add_threat(&stride), Err(WorkError::WrongMethod(Category::Tampering, Method::Linddun)));
    let nobody = ThreatDraft { who: " ".into(), ..draft.clone() };
    assert_eq!(work.add_threat(&nobody), Err(WorkError::Missing(ThreatField::Who)));
    let nowhere = ThreatDraft { target: "moon".into(), ..draft };
    assert_eq!(work.add_threat(&nowhere), Err(WorkError::NoSuchTarget("moon".into())));
    let boundary = work.add_boundary("Neighbourhood").expect("drawn");
    assert_ne!(boundary, camera, "fresh ids never repeat");
}

#[test]
fn the_model_file_round_trips_and_bad_files_are_explained() {
    let mut work = reference::security();
    work.generate();
    let id = work.threats[0].id.clone();
    work.score(&id, 2, 3).expect("scored");
    work.tree.add_step("n1".into(), "goal", "default-password", "", 1).expect("step");
    let text = work.to_json();
    assert_eq!(Workspace::from_json(&text), Ok(work.clone()));
    assert!(matches!(Workspace::from_json("{oops"), Err(ImportError::NotJson(_))));
    assert_eq!(Workspace::from_json("{\"format\": \"cse-lab-session\"}"), Err(ImportError::WrongFormat));
    let future = text.replacen("\"version\": 1", "\"version\": 7", 1);
    assert_eq!(Workspace::from_json(&future), Err(ImportError::WrongVersion(Some(7))));
    let off_scale = text.replacen("\"likelihood\": 2", "\"likelihood\": 5", 1);
    assert!(matches!(Workspace::from_json(&off_scale), Err(ImportError::Invalid(why)) if why.contains("1, 2 or 3")));
    let dangling = text.replacen(&format!("\"target\": \"{}\"", work.threats[0].target), "\"target\": \"moon\"", 1);
    assert!(matches!(Workspace::from_json(&dangling), Err(ImportError::Invalid(why)) if why.contains("moon")));
    let mut wrong = work.clone();
    wrong.threats[0].countermeasures.push("rate-limits".into());
    wrong.threats[0].category = Category::Spoofing;
    assert!(
        matches!(Workspace::from_json(&wrong.to_json()), Err(ImportError::Invalid(why)) if why.contains("does not counter"))
    );
}
