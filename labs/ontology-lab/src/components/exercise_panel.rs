//! The graded exercises: choose one, read its goal, reveal hints, check the answer, see what is done.

use onem2m_ontology::{AnswerKind, exercises};
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{diagnostic_list, with_code_spans};
use crate::model::{Editor, LabAction, LabState};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ExercisePanelProps {
    pub lab: UseReducerHandle<LabState>,
    pub id: u32,
}

/// Where the student writes the answer of an exercise of this kind.
pub fn answer_place(kind: AnswerKind) -> &'static str {
    match kind {
        AnswerKind::Alignment => "Your answer is the mapping: edit it in the mapping editor below, then check.",
        AnswerKind::Description => {
            "Your answer is the device description: edit it in the description editor below, then check."
        }
        AnswerKind::Query => {
            "Your answer is the query: write it in the SPARQL editor below (Run tries it on the page's CSE), then check."
        }
        AnswerKind::TermList => "Write your answer here, one term per line; the description is in the editor below.",
    }
}

#[function_component(ExercisePanel)]
pub fn exercise_panel(props: &ExercisePanelProps) -> Html {
    let lab = props.lab.clone();
    let dispatch = |action: fn() -> LabAction| {
        let lab = lab.clone();
        Callback::from(move |_| lab.dispatch(action()))
    };
    let on_choose = {
        let lab = lab.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            lab.dispatch(LabAction::StartExercise(select.value()));
        })
    };
    let on_terms = {
        let lab = lab.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            lab.dispatch(LabAction::Edit(Editor::Terms, area.value()));
        })
    };
    let done = lab.completed.len();
    let total = exercises().len();
    let select_id = format!("ontology-exercise-{}", props.id);
    let terms_id = format!("ontology-terms-{}", props.id);
    let current = lab.exercise.map(|e| e.id).unwrap_or_default();
    html! {
        <section class="ontology-exercises" aria-label="Exercises">
            <h4>{ format!("Exercises ({done} of {total} done)") }</h4>
            <div class="row">
                <label for={select_id.clone()}>{ "Exercise" }</label>
                <select id={select_id} class="exercise" onchange={on_choose}>
                    <option value="" selected={current.is_empty()}>{ "Free exploration (no exercise)" }</option>
                    { for exercises().iter().map(|e| {
                        let mark = if lab.completed.contains(e.id) { " ✓" } else { "" };
                        html! { <option value={e.id} selected={e.id == current}>{ format!("{}{mark}", e.title) }</option> }
                    }) }
                </select>
            </div>
            if let Some(chosen) = lab.exercise {
                <div class="exercise-body" data-exercise={chosen.id}>
                    <p class="goal"><strong>{ "Goal: " }</strong>{ with_code_spans(chosen.goal) }</p>
                    <p class="answer-place">{ answer_place(chosen.answer_kind) }</p>
                    if chosen.answer_kind == AnswerKind::Query {
                        <p class="material">{ chosen.material }</p>
                    }
                    if chosen.answer_kind == AnswerKind::TermList {
                        <label for={terms_id.clone()}>{ "Your answer (terms)" }</label>
                        <textarea id={terms_id} class="terms" rows="3" spellcheck="false" wrap="off" value={lab.terms_text.clone()} oninput={on_terms} />
                    }
                    if lab.hints_shown > 0 {
                        <ol class="hints">
                            { for chosen.hints.iter().take(lab.hints_shown).map(|hint| html! { <li>{ with_code_spans(hint) }</li> }) }
                        </ol>
                    }
                    <div class="actions">
                        <button type="button" class="check" onclick={dispatch(|| LabAction::Check)}>{ "Check my answer" }</button>
                        <button type="button" class="hint" onclick={dispatch(|| LabAction::ShowHint)} disabled={lab.hints_shown >= chosen.hints.len()}>
                            { format!("Show a hint ({} of {})", lab.hints_shown, chosen.hints.len()) }
                        </button>
                        <button type="button" class="reset-exercise" onclick={dispatch(|| LabAction::ResetExercise)}>{ "Reset this exercise" }</button>
                    </div>
                    if let Some(outcome) = &lab.outcome {
                        <div class={classes!("outcome", if outcome.passed { "ok" } else { "pending" })} role="status" aria-live="polite">
                            <p class="message">
                                { if outcome.passed { "Done ✓ " } else { "Not yet: " } }
                                { with_code_spans(&outcome.explanation) }
                            </p>
                            if outcome.findings.len() > 1 {
                                <ul class="findings">{ for outcome.findings.iter().map(|f| html! { <li>{ with_code_spans(f) }</li> }) }</ul>
                            }
                            if !outcome.diagnostics.is_empty() {
                                { diagnostic_list(&outcome.diagnostics, "") }
                            }
                        </div>
                    }
                </div>
            }
        </section>
    }
}
