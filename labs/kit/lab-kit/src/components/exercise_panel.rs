//! The graded exercises of a lab: choose one (or free play), read its goal, reveal hints one at a time, see the
//! verdict on the work, reset; done exercises are marked in the list.

use std::collections::BTreeSet;
use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::exercise::CheckOutcome;
pub use crate::exercise::{ExerciseChoice, OpenExercise};
use crate::with_code_spans;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ExercisePanelProps {
    /// The section's class (a lab's styling and the browser tests find it by it), e.g. `privacy-exercises`.
    pub class: AttrValue,
    /// The id of the exercise list (unique on the page).
    pub select_id: AttrValue,
    /// The list's first entry: no exercise.
    pub free_choice: AttrValue,
    pub exercises: Rc<[ExerciseChoice]>,
    pub open: Option<OpenExercise>,
    pub hints_shown: usize,
    pub completed: Rc<BTreeSet<String>>,
    /// The verdict, shown as a message; a lab whose verdict says more renders it in `verdict` instead. Both appear in
    /// the panel's live region (`role="status"`), which is there from the start, so screen readers announce them.
    #[prop_or_default]
    pub outcome: Option<CheckOutcome>,
    #[prop_or_default]
    pub verdict: Html,
    /// Say so when the open exercise was done before and the current work does not pass (yet).
    #[prop_or_default]
    pub remember_done: bool,
    /// Shown under the goal: where the answer goes, material, an answer field.
    #[prop_or_default]
    pub children: Html,
    /// Buttons before the hint and reset buttons (a "Check" button).
    #[prop_or_default]
    pub actions: Html,
    /// The id of the chosen exercise, empty for free play.
    pub on_choose: Callback<String>,
    pub on_hint: Callback<()>,
    pub on_reset: Callback<()>,
}

#[function_component(ExercisePanel)]
pub fn exercise_panel(props: &ExercisePanelProps) -> Html {
    let on_choose = props.on_choose.reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
    let on_hint = props.on_hint.reform(|_: MouseEvent| ());
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    let current = props.open.map(|exercise| exercise.id).unwrap_or_default();
    let done = |id: &str| props.completed.contains(id);
    html! {
        <section class={props.class.clone()} aria-label="Exercises">
            <h4>{ format!("Exercises ({} of {} done)", props.completed.len(), props.exercises.len()) }</h4>
            <div class="row">
                <label for={props.select_id.clone()}>{ "Exercise" }</label>
                <select id={props.select_id.clone()} class="exercise" onchange={on_choose}>
                    <option value="" selected={current.is_empty()}>{ props.free_choice.clone() }</option>
                    { for props.exercises.iter().map(|exercise| {
                        let mark = if done(exercise.id) { " ✓" } else { "" };
                        html! { <option value={exercise.id} selected={exercise.id == current}>{ format!("{}{mark}", exercise.title) }</option> }
                    }) }
                </select>
            </div>
            if let Some(exercise) = props.open {
                <div class="exercise-body" data-exercise={exercise.id}>
                    <p class="goal"><strong>{ "Goal: " }</strong>{ with_code_spans(exercise.goal) }</p>
                    { props.children.clone() }
                    if props.hints_shown > 0 {
                        <ol class="hints">
                            { for exercise.hints.iter().take(props.hints_shown).map(|hint| html! { <li>{ with_code_spans(hint) }</li> }) }
                        </ol>
                    }
                    <div class="actions">
                        { props.actions.clone() }
                        <button type="button" class="hint" onclick={on_hint} disabled={props.hints_shown >= exercise.hints.len()}>
                            { format!("Show a hint ({} of {})", props.hints_shown, exercise.hints.len()) }
                        </button>
                        <button type="button" class="reset-exercise" onclick={on_reset}>{ "Reset this exercise" }</button>
                    </div>
                    // one live region, in the page before any verdict: a screen reader announces what appears in it
                    // (a region inserted together with its text is often not announced)
                    <div class="verdict" role="status" aria-live="polite">
                        if let Some(outcome) = &props.outcome {
                            <p class={classes!("message", "check", if outcome.passed { "ok" } else { "pending" })}>
                                { if outcome.passed { "Done ✓ " } else { "Not yet: " } }
                                { with_code_spans(&outcome.feedback) }
                            </p>
                        }
                        { props.verdict.clone() }
                    </div>
                    if props.remember_done && done(exercise.id) && !props.outcome.as_ref().is_some_and(|outcome| outcome.passed) {
                        <p class="remembered">{ "You have completed this exercise before ✓" }</p>
                    }
                </div>
            }
        </section>
    }
}
