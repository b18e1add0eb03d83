//! The graded exercises: the kit's exercise panel, with what this lab adds to it: where the answer is written
//! (an editor below, or the term list here), the material, a "Check my answer" button, and the engine's verdict
//! with its findings and diagnostics.

use std::rc::Rc;

use lab_kit::{ExerciseChoice, ExerciseTracker, OpenExercise};
use onem2m_ontology::{AnswerKind, CheckOutcome, exercise};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::{diagnostic_list, with_code_spans};
use crate::model::Mode;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ExercisePanelProps {
    pub id: u32,
    /// Which exercises the menu offers.
    pub mode: Mode,
    pub tracker: ExerciseTracker<CheckOutcome>,
    /// The answer of a term-list exercise.
    pub terms_text: AttrValue,
    pub on_choose: Callback<String>,
    pub on_hint: Callback<()>,
    pub on_check: Callback<()>,
    pub on_reset: Callback<()>,
    pub on_terms: Callback<String>,
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
    let choices = use_memo(props.mode, |mode| {
        mode.exercises().map(|e| ExerciseChoice { id: e.id, title: e.title }).collect::<Rc<[_]>>()
    });
    let on_terms =
        props.on_terms.reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let on_check = props.on_check.reform(|_: MouseEvent| ());
    let terms_id = format!("ontology-terms-{}", props.id);
    let chosen = props.tracker.current().and_then(exercise);
    let open = chosen.map(|e| OpenExercise { id: e.id, goal: e.goal, hints: e.hints });
    let answer = chosen.map(|chosen| {
        html! {
            <>
                <p class="answer-place">{ answer_place(chosen.answer_kind) }</p>
                if chosen.answer_kind == AnswerKind::Query {
                    <p class="material">{ chosen.material }</p>
                }
                if chosen.answer_kind == AnswerKind::TermList {
                    <label for={terms_id.clone()}>{ "Your answer (terms)" }</label>
                    <textarea id={terms_id.clone()} class="terms" rows="3" spellcheck="false" wrap="off" value={props.terms_text.clone()} oninput={on_terms} />
                }
            </>
        }
    });
    let verdict = props.tracker.outcome().map(|outcome| {
        html! {
            // inside the kit panel's live region, which announces it
            <div class={classes!("outcome", if outcome.passed { "ok" } else { "pending" })}>
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
    });
    html! {
        <lab_kit::ExercisePanel
            class="ontology-exercises"
            select_id={format!("ontology-exercise-{}", props.id)}
            free_choice="Free exploration (no exercise)"
            exercises={(*choices).clone()}
            open={open}
            hints_shown={props.tracker.hints_shown()}
            completed={Rc::new(props.tracker.completed().clone())}
            verdict={verdict.unwrap_or_default()}
            actions={html! { <button type="button" class="check" onclick={on_check}>{ "Check my answer" }</button> }}
            on_choose={props.on_choose.clone()}
            on_hint={props.on_hint.clone()}
            on_reset={props.on_reset.clone()}
        >
            { answer.unwrap_or_default() }
        </lab_kit::ExercisePanel>
    }
}
