//! The guided exercises: choose one, read its goal, reveal hints, see the automatic check and what is done.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::with_code_spans;
use crate::model::{ConsoleAction, ConsoleState, exercises};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ExercisePanelProps {
    pub console: UseReducerHandle<ConsoleState>,
    pub id: u32,
}

#[function_component(ExercisePanel)]
pub fn exercise_panel(props: &ExercisePanelProps) -> Html {
    let console = props.console.clone();
    let on_choose = {
        let console = console.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            console.dispatch(ConsoleAction::StartExercise(select.value()));
        })
    };
    let on_hint = {
        let console = console.clone();
        Callback::from(move |_| console.dispatch(ConsoleAction::ShowHint))
    };
    let on_reset = {
        let console = console.clone();
        Callback::from(move |_| console.dispatch(ConsoleAction::ResetExercise))
    };
    let done = console.completed.len();
    let total = exercises().len();
    let select_id = format!("cse-exercise-{}", props.id);
    let current = console.exercise.map(|exercise| exercise.id).unwrap_or_default();
    html! {
        <section class="cse-exercises" aria-label="Exercises">
            <h4>{ format!("Exercises ({done} of {total} done)") }</h4>
            <div class="row">
                <label for={select_id.clone()}>{ "Exercise" }</label>
                <select id={select_id} class="exercise" onchange={on_choose}>
                    <option value="" selected={current.is_empty()}>{ "Free play (no exercise)" }</option>
                    { for exercises().iter().map(|exercise| {
                        let mark = if console.completed.contains(exercise.id) { " ✓" } else { "" };
                        html! { <option value={exercise.id} selected={exercise.id == current}>{ format!("{}{mark}", exercise.title) }</option> }
                    }) }
                </select>
            </div>
            if let Some(exercise) = console.exercise {
                <div class="exercise-body" data-exercise={exercise.id}>
                    <p class="goal"><strong>{ "Goal: " }</strong>{ with_code_spans(exercise.goal) }</p>
                    if console.hints_shown > 0 {
                        <ol class="hints">
                            { for exercise.hints.iter().take(console.hints_shown).map(|hint| html! { <li>{ with_code_spans(hint) }</li> }) }
                        </ol>
                    }
                    <div class="actions">
                        <button type="button" class="hint" onclick={on_hint} disabled={console.hints_shown >= exercise.hints.len()}>
                            { format!("Show a hint ({} of {})", console.hints_shown, exercise.hints.len()) }
                        </button>
                        <button type="button" class="reset-exercise" onclick={on_reset}>{ "Reset this exercise" }</button>
                    </div>
                    if let Some(outcome) = &console.outcome {
                        <p class={classes!("message", "check", if outcome.passed { "ok" } else { "pending" })} role="status" aria-live="polite">
                            { if outcome.passed { "Done ✓ " } else { "Not yet: " } }
                            { with_code_spans(&outcome.feedback) }
                        </p>
                    }
                </div>
            }
        </section>
    }
}
