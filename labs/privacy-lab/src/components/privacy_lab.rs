//! The privacy lab's root component: owns the reducer, restores and saves progress (effects), lays out the panels.

use yew::prelude::*;

use super::exercise_panel::ExercisePanel;
use super::next_widget_id;
use super::observer_panel::ObserverPanel;
use super::policy_panel::PolicyPanel;
use crate::model::{LabAction, LabState, PROGRESS_VERSION, Progress};

/// The key of the privacy lab's progress, shared by every privacy lab of the book.
pub const PROGRESS_KEY: &str = lab_catalog::storage_keys::PRIVACY_LAB_PROGRESS;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct PrivacyLabProps {
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
}

#[function_component(PrivacyLab)]
pub fn privacy_lab(props: &PrivacyLabProps) -> Html {
    let lab = use_reducer(|| LabState::new(props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    {
        let lab = lab.clone();
        use_effect_with((), move |_| {
            lab.dispatch(LabAction::Restore(lab_storage::load::<Progress>(PROGRESS_KEY, PROGRESS_VERSION)));
        });
    }
    use_effect_with(lab.to_save(), move |progress| {
        if let Some(progress) = progress {
            lab_storage::save(PROGRESS_KEY, PROGRESS_VERSION, progress);
        }
    });
    let on_dismiss = {
        let lab = lab.clone();
        Callback::from(move |_| lab.dispatch(LabAction::Dismiss))
    };
    html! {
        <div class="privacy-lab">
            <h3 class="lab-title">{ "Privacy lab: the HomeSense household" }</h3>
            <p class="intro">
                { "A week of Ana's and Ben's smart-meter, motion and temperature readings flows through a simulated oneM2M CSE ("}
                { lab.analysis.requests }
                { " requests). Change what leaves the home, how long the platform keeps it and who may read it, then see what each observer can still infer from what it can actually retrieve." }
            </p>
            if let Some(notice) = &lab.notice {
                <p class={classes!("message", "notice", if notice.error { "wrong" } else { "ok" })} role={if notice.error { "alert" } else { "status" }}>
                    { notice.text.clone() }
                    { " " }
                    <button type="button" class="dismiss" onclick={on_dismiss} aria-label="Dismiss this message">{ "×" }</button>
                </p>
            }
            <ExercisePanel lab={lab.clone()} id={id} />
            <div class="privacy-lab-grid">
                <PolicyPanel lab={lab.clone()} id={id} />
                <ObserverPanel lab={lab.clone()} id={id} />
            </div>
        </div>
    }
}
