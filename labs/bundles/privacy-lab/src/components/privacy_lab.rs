//! The privacy lab's root component: owns the reducer, keeps progress with the kit's `use_saved_progress`, lays out
//! the panels (the kit's notice banner and exercise panel, the lab's policy and observer panels).

use std::rc::Rc;

use lab_kit::{ExercisePanel, NoticeBanner, dispatcher, use_saved_progress};
use yew::prelude::*;

use super::next_widget_id;
use super::observer_panel::ObserverPanel;
use super::policy_panel::PolicyPanel;
use crate::model::{LabAction, LabState, PROGRESS_VERSION, exercises};

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
    let choices = use_memo((), |_| lab_kit::choices(exercises()));
    use_saved_progress(PROGRESS_KEY, PROGRESS_VERSION, lab.to_save(), dispatcher(&lab, LabAction::Restore));
    let on_choose = dispatcher(&lab, LabAction::StartExercise);
    html! {
        <div class="privacy-lab">
            <h3 class="lab-title">{ "Privacy lab: the HomeSense household" }</h3>
            <p class="intro">
                { "A week of Ana's and Ben's smart-meter, motion and temperature readings flows through a simulated oneM2M CSE ("}
                { lab.analysis.requests }
                { " requests). Change what leaves the home, how long the platform keeps it and who may read it, then see what each observer can still infer from what it can actually retrieve." }
            </p>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={dispatcher(&lab, |()| LabAction::Dismiss)} />
            <ExercisePanel
                class="privacy-exercises"
                select_id={format!("privacy-exercise-{id}")}
                free_choice="Free exploration (no exercise)"
                exercises={(*choices).clone()}
                open={lab.exercise().map(|exercise| exercise.open())}
                hints_shown={lab.tracker.hints_shown()}
                completed={Rc::new(lab.tracker.completed().clone())}
                outcome={lab.tracker.outcome().cloned()}
                remember_done=true
                on_choose={on_choose}
                on_hint={dispatcher(&lab, |()| LabAction::ShowHint)}
                on_reset={dispatcher(&lab, |()| LabAction::ResetExercise)}
            />
            <div class="privacy-lab-grid">
                <PolicyPanel
                    id={id}
                    policy={lab.policy.clone()}
                    containers={lab.analysis.containers.clone()}
                    on_resolution={dispatcher(&lab, |(channel, text)| LabAction::SetResolution(channel, text))}
                    on_identifiers={dispatcher(&lab, |(channel, text)| LabAction::SetIdentifiers(channel, text))}
                    on_retention={dispatcher(&lab, LabAction::SetRetention)}
                    on_access={dispatcher(&lab, |(observer, channel, allowed)| LabAction::SetAccess(observer, channel, allowed))}
                />
                <ObserverPanel
                    id={id}
                    analysis={lab.analysis.clone()}
                    observer={lab.observer}
                    on_observer={dispatcher(&lab, LabAction::ShowObserver)}
                />
            </div>
        </div>
    }
}
