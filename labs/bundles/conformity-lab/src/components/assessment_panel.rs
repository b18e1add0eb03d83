//! Mode 2's dossier and decisions: the excerpts, then every provision by category, with its status as worded,
//! its condition, the student's decision, evidence and justification, and what is still wrong with the row.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::assessment::{Answers, Decision, Issue, answer_for, issues};
use crate::dossier::{DOSSIERS, Dossier};
use crate::model::LabAction;
use crate::provisions::{CATEGORIES, PROVISIONS_SOURCE, Strength, provisions_in};

#[derive(Clone, PartialEq, Properties)]
pub struct AssessmentPanelProps {
    pub id: u32,
    pub dossier: &'static str,
    pub answers: Answers,
    pub on_action: Callback<LabAction>,
}

fn dossier(key: &str) -> &'static Dossier {
    DOSSIERS.iter().find(|dossier| dossier.key == key).unwrap_or(&DOSSIERS[0])
}

#[function_component(AssessmentPanel)]
pub fn assessment_panel(props: &AssessmentPanelProps) -> Html {
    let id = props.id;
    let dossier = dossier(props.dossier);
    let on_dossier = props
        .on_action
        .reform(|event: Event| LabAction::ChooseDossier(event.target_unchecked_into::<HtmlSelectElement>().value()));
    html! {
        <section class="conformity-assessment" aria-label="EN 303 645 self-assessment">
            <div class="row">
                <label for={format!("conformity-dossier-{id}")}>{ "Dossier" }</label>
                <select id={format!("conformity-dossier-{id}")} class="dossier" onchange={on_dossier}>
                    { for DOSSIERS.iter().map(|d| html! { <option value={d.key} selected={d.key == dossier.key}>{ d.title }</option> }) }
                </select>
            </div>
            <div class="dossier-excerpts">
                { for dossier.excerpts.iter().map(|excerpt| html! {
                    <figure class="excerpt">
                        <figcaption>{ excerpt.kind }</figcaption>
                        <pre tabindex="0">{ excerpt.text }</pre>
                    </figure>
                }) }
            </div>
            <p class="source">{ PROVISIONS_SOURCE }</p>
            { for CATEGORIES.iter().map(|category| html! {
                <fieldset class="category" data-category={category.id}>
                    <legend>{ format!("{} {}", category.id, category.title) }</legend>
                    { for provisions_in(category.id).map(|provision| {
                        let answer = answer_for(&props.answers, provision).into_owned();
                        let row_issues = issues(provision, &answer);
                        let pid = provision.id;
                        let slug = pid.replace('.', "_");
                        let select_id = format!("conformity-decision-{slug}-{id}");
                        let evidence_id = format!("conformity-evidence-{slug}-{id}");
                        let justification_id = format!("conformity-justification-{slug}-{id}");
                        let issues_id = format!("conformity-issues-{slug}-{id}");
                        let on_decision = props.on_action.reform(move |event: Event| {
                            LabAction::SetDecision(pid.to_owned(), event.target_unchecked_into::<HtmlSelectElement>().value())
                        });
                        let on_evidence = props.on_action.reform(move |event: InputEvent| {
                            LabAction::SetEvidence(pid.to_owned(), event.target_unchecked_into::<HtmlInputElement>().value())
                        });
                        let on_justification = props.on_action.reform(move |event: InputEvent| {
                            LabAction::SetJustification(pid.to_owned(), event.target_unchecked_into::<HtmlInputElement>().value())
                        });
                        let bad_decision = row_issues.contains(&Issue::NotApplicableWithoutCondition);
                        let bad_justification = row_issues.contains(&Issue::NoJustification);
                        let shown: Vec<&Issue> = row_issues.iter().filter(|issue| **issue != Issue::Undecided).collect();
                        let described = (!shown.is_empty()).then(|| issues_id.clone());
                        html! {
                            <div class={classes!("provision", if provision.strength == Strength::Mandatory { "mandatory" } else { "recommended" })} data-provision={pid}>
                                <p class="provision-text">
                                    <strong>{ format!("{} ({})", pid, provision.status()) }</strong>{ " " }{ provision.text }
                                    if let Some(condition) = provision.condition {
                                        <span class="condition">{ format!(" Applies if {}.", condition.describe()) }</span>
                                    }
                                </p>
                                <div class="provision-controls">
                                    <label for={select_id.clone()}>{ format!("Decision for {pid}") }</label>
                                    <select id={select_id} class="decision" onchange={on_decision}
                                        aria-invalid={bad_decision.then_some("true")} aria-describedby={described.clone()}>
                                        { for Decision::ALL.into_iter().map(|decision| html! {
                                            <option value={decision.key()} selected={decision == answer.decision}>{ decision.label() }</option>
                                        }) }
                                    </select>
                                    <label for={evidence_id.clone()}>{ "Evidence" }</label>
                                    <input id={evidence_id} class="evidence" type="text" value={answer.evidence.clone()} oninput={on_evidence} />
                                    if provision.strength == Strength::Recommended {
                                        <label for={justification_id.clone()}>{ "Justification (clause 4)" }</label>
                                        <input id={justification_id} class="justification" type="text" value={answer.justification.clone()}
                                            oninput={on_justification} aria-invalid={bad_justification.then_some("true")} aria-describedby={described} />
                                    }
                                </div>
                                if !shown.is_empty() {
                                    <ul id={issues_id} class="issues">
                                        { for shown.iter().map(|issue| html! { <li>{ format!("{pid}: {}", issue.describe()) }</li> }) }
                                    </ul>
                                }
                            </div>
                        }
                    }) }
                </fieldset>
            }) }
        </section>
    }
}
