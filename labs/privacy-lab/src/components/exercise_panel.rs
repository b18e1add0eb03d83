//! The graded exercises: choose one, read its goal, reveal hints, see the automatic check; reset the policy.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::with_code_spans;
use crate::model::{LabAction, LabState, exercises};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ExercisePanelProps {
    pub lab: UseReducerHandle<LabState>,
    pub id: u32,
}

#[function_component(ExercisePanel)]
pub fn exercise_panel(props: &ExercisePanelProps) -> Html {
    let lab = props.lab.clone();
    let on_choose = {
        let lab = lab.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            lab.dispatch(LabAction::StartExercise(select.value()));
        })
    };
    let on_hint = {
        let lab = lab.clone();
        Callback::from(move |_| lab.dispatch(LabAction::ShowHint))
    };
    let on_reset = {
        let lab = lab.clone();
        Callback::from(move |_| lab.dispatch(LabAction::ResetExercise))
    };
    let select_id = format!("privacy-exercise-{}", props.id);
    let current = lab.exercise.map(|exercise| exercise.id).unwrap_or_default();
    html! {
        <section class="privacy-exercises" aria-label="Exercises">
            <h4>{ format!("Exercises ({} of {} done)", lab.completed.len(), exercises().len()) }</h4>
            <div class="row">
                <label for={select_id.clone()}>{ "Exercise" }</label>
                <select id={select_id} class="exercise" onchange={on_choose}>
                    <option value="" selected={current.is_empty()}>{ "Free exploration (no exercise)" }</option>
                    { for exercises().iter().map(|exercise| {
                        let mark = if lab.completed.contains(exercise.id) { " ✓" } else { "" };
                        html! { <option value={exercise.id} selected={exercise.id == current}>{ format!("{}{mark}", exercise.title) }</option> }
                    }) }
                </select>
            </div>
            if let Some(exercise) = lab.exercise {
                <div class="exercise-body" data-exercise={exercise.id}>
                    <p class="goal"><strong>{ "Goal: " }</strong>{ with_code_spans(exercise.goal) }</p>
                    if lab.hints_shown > 0 {
                        <ol class="hints">
                            { for exercise.hints.iter().take(lab.hints_shown).map(|hint| html! { <li>{ with_code_spans(hint) }</li> }) }
                        </ol>
                    }
                    <div class="actions">
                        <button type="button" class="hint" onclick={on_hint} disabled={lab.hints_shown >= exercise.hints.len()}>
                            { format!("Show a hint ({} of {})", lab.hints_shown, exercise.hints.len()) }
                        </button>
                        <button type="button" class="reset-exercise" onclick={on_reset}>{ "Reset this exercise" }</button>
                    </div>
                    if let Some(outcome) = &lab.outcome {
                        <p class={classes!("message", "check", if outcome.passed { "ok" } else { "pending" })} role="status" aria-live="polite">
                            { if outcome.passed { "Done ✓ " } else { "Not yet: " } }
                            { with_code_spans(&outcome.feedback) }
                        </p>
                    }
                    if lab.completed.contains(exercise.id) && !lab.outcome.as_ref().is_some_and(|outcome| outcome.passed) {
                        <p class="remembered">{ "You have completed this exercise before ✓" }</p>
                    }
                </div>
            }
        </section>
    }
}
