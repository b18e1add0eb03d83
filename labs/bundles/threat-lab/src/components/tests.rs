//! Rendering tests of the panels on a prepared model: what a student sees after reviewing, scoring and treating
//! threats, after a refused edit, and after building an attack tree and predicting its cost.

use lab_kit::testing::{render, tag_with_id};
use lab_storage::Loaded;
use yew::prelude::*;

use super::attack_tree_panel::AttackTreePanel;
use super::register_panel::RegisterPanel;
use super::risk_panel::RiskPanel;
use crate::method::Category;
use crate::model::{LabAction, LabState};
use crate::reference::GATEWAY;
use crate::workspace::Mode;

#[derive(Properties, PartialEq)]
struct HarnessProps {
    actions: Vec<LabAction>,
}

/// The panels on a lab that has gone through `actions` (a test-only root).
#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    let actions = props.actions.clone();
    let lab = use_reducer(move || {
        let mut state = std::rc::Rc::new(LabState::new(Mode::Security, None));
        for action in actions {
            state = yew::Reducible::reduce(state, action);
        }
        (*state).clone()
    });
    html! {
        <div class="threat-lab">
            <RegisterPanel lab={lab.clone()} id={7} />
            <RiskPanel lab={lab.clone()} />
            <AttackTreePanel lab={lab} id={7} />
        </div>
    }
}

/// The counts shown in the cell `likelihood-impact` of each matrix (before, after treatment).
fn cells<'a>(html: &'a str, cell: &str) -> Vec<&'a str> {
    html.match_indices(&format!("data-cell=\"{cell}\""))
        .map(|(at, _)| {
            let rest = &html[at..];
            let open = rest.find('>').map_or(0, |end| end + 1);
            let close = rest.find("</td>").unwrap_or(open);
            &rest[open..close]
        })
        .collect()
}

fn gateway_threat(category: Category) -> String {
    let mut work = Mode::Security.reference();
    work.generate();
    work.threats_on(GATEWAY).find(|threat| threat.category == category).expect("a threat").id.clone()
}

#[test]
fn a_scored_and_treated_threat_shows_its_risk_countermeasure_citation_and_residual() {
    let spoofing = gateway_threat(Category::Spoofing);
    let actions = vec![
        LabAction::Restore(Loaded::Missing),
        LabAction::Generate,
        LabAction::Filter(GATEWAY.into()),
        LabAction::Accept(spoofing.clone()),
        LabAction::SetLikelihood { id: spoofing.clone(), value: "3".into() },
        LabAction::SetImpact { id: spoofing.clone(), value: "3".into() },
        LabAction::SetTreatment { id: spoofing.clone(), value: "reduce".into() },
        LabAction::AddCountermeasure { id: spoofing.clone(), countermeasure: "unique-passwords".into() },
        LabAction::AddCountermeasure { id: spoofing.clone(), countermeasure: "rate-limits".into() },
    ];
    let html = render::<Harness>(HarnessProps { actions });
    assert!(html.contains("Risk 9 (high)"), "the score is shown");
    assert!(html.contains("Unique password per device — implements EN 303 645 5.1-1"), "the citation is shown");
    assert!(html.contains("Residual risk: 1 x 3 = 3 (medium), was 9"), "the residual is shown");
    let error_field = format!("threat-countermeasure-{spoofing}-7");
    assert!(tag_with_id(&html, &error_field).contains("aria-invalid=\"true\""), "the refused pairing is marked");
    assert!(html.contains("does not counter spoofing"), "and explained");
    assert_eq!(html.matches("data-target=\"gateway\"").count(), 6, "the filter shows the gateway's six threats");
    assert_eq!(cells(&html, "3-3"), vec!["1", ""], "before treatment at 3 x 3, none left there after");
    assert_eq!(cells(&html, "1-3"), vec!["", "1"], "after treatment at 1 x 3");
    assert!(html.contains("45 to review, 1 accepted, 0 rejected"), "the counts cover every threat, not the filter");
    assert!(html.contains("Estimate the likelihood from attack potential"));
}

#[test]
fn the_attack_tree_shows_its_cheapest_path_only_after_a_prediction() {
    let step = |step: &str, cost: &str| LabAction::AddStep {
        parent: "goal".into(),
        step: step.into(),
        label: String::new(),
        cost: cost.into(),
    };
    let built = vec![step("default-password", "1"), step("phish-admin", "2")];
    let html = render::<Harness>(HarnessProps { actions: built.clone() });
    assert!(html.contains("Log in with a default password") && !html.contains("cheapest path"));
    let mut predicted = built;
    predicted.push(LabAction::Predict("2".into()));
    let html = render::<Harness>(HarnessProps { actions: predicted });
    assert!(html.contains("The goal is easy (cost 1), not what you predicted: you said moderate."), "{html}");
    assert_eq!(html.matches("◀ cheapest path").count(), 2, "the goal and the default-password step");
}
