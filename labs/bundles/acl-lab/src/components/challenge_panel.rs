//! The challenge picker: which challenge, its task and hints, Check and Reset, and the last grade.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::grade_report::GradeReport;
use super::with_code_spans;
use crate::challenges::{Challenge, Grade};
use crate::model::LabAction;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ChallengePanelProps {
    pub id_prefix: AttrValue,
    pub challenges: Rc<Vec<Challenge>>,
    pub current: usize,
    pub solved: Vec<bool>,
    pub grade: Option<Grade>,
    pub on_dispatch: Callback<LabAction>,
}

#[function_component(ChallengePanel)]
pub fn challenge_panel(props: &ChallengePanelProps) -> Html {
    let select_id = format!("{}-challenge", props.id_prefix);
    let Some(challenge) = props.challenges.get(props.current) else { return html! {} };
    let solved = props.solved.get(props.current).copied().unwrap_or(false);
    let done = props.solved.iter().filter(|solved| **solved).count();

    let on_change = {
        let on_dispatch = props.on_dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            on_dispatch.emit(LabAction::SelectChallenge(select.value()));
        })
    };
    let on_check = {
        let on_dispatch = props.on_dispatch.clone();
        Callback::from(move |_: MouseEvent| on_dispatch.emit(LabAction::Check))
    };
    let on_reset = {
        let on_dispatch = props.on_dispatch.clone();
        Callback::from(move |_: MouseEvent| on_dispatch.emit(LabAction::ResetChallenge))
    };
    let options = props.challenges.iter().enumerate().map(|(index, item)| {
        let mark = if props.solved.get(index).copied().unwrap_or(false) { "✓ " } else { "" };
        html! {
            <option value={item.id} selected={index == props.current}>{ format!("{mark}{}. {}", index + 1, item.title) }</option>
        }
    });
    let hints = challenge.hints.iter().map(|hint| html! { <li>{ with_code_spans(hint) }</li> });

    html! {
        <section class="acl-challenge" aria-label="Challenge">
            <div class="acl-row">
                <label for={select_id.clone()}>{ "Challenge" }</label>
                <select id={select_id} name="challenge" class="challenge-select" onchange={on_change}>{ for options }</select>
                <span class="acl-progress">{ format!("{done} of {} solved", props.challenges.len()) }</span>
            </div>
            <p class="acl-task">
                <strong class="challenge-status" data-solved={solved.to_string()}>{ if solved { "Solved. " } else { "To do. " } }</strong>
                { with_code_spans(challenge.task) }
            </p>
            <details class="acl-hints">
                <summary>{ "Hints" }</summary>
                <ul>{ for hints }</ul>
            </details>
            <div class="acl-row">
                <button type="button" class="check" onclick={on_check}>{ "Check my policies" }</button>
                <button type="button" class="reset" onclick={on_reset}>{ "Reset this challenge" }</button>
            </div>
            if let Some(grade) = props.grade.clone() {
                <GradeReport grade={grade} />
            }
        </section>
    }
}
