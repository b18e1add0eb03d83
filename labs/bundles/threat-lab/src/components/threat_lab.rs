//! The threat-modelling lab's root component: owns the reducer, keeps progress with the kit's
//! `use_saved_progress`, lays out the kit's notice banner and exercise panel and the lab's panels.

use std::rc::Rc;

use lab_kit::{ExerciseChoice, ExercisePanel, NoticeBanner, OpenExercise, next_widget_id, use_saved_progress};
use yew::prelude::*;

use super::attack_tree_panel::AttackTreePanel;
use super::diagram_editor::DiagramEditor;
use super::diagram_view::DiagramView;
use super::file_bar::FileBar;
use super::register_panel::RegisterPanel;
use super::risk_panel::RiskPanel;
use super::select_value;
use crate::exercises::EXERCISES;
use crate::model::{LabAction, LabState, PROGRESS_VERSION};
use crate::workspace::Mode;

/// Where the lab keeps its progress, shared by every threat-modelling lab of the book.
pub const PROGRESS_KEY: &str = lab_catalog::storage_keys::THREAT_LAB_PROGRESS;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ThreatLabProps {
    /// The mode the lab opens in (a lab directive option).
    pub mode: Mode,
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
}

#[function_component(ThreatLab)]
pub fn threat_lab(props: &ThreatLabProps) -> Html {
    let lab = use_reducer(|| LabState::new(props.mode, props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    let choices = use_memo((), |_| {
        EXERCISES.iter().map(|exercise| ExerciseChoice { id: exercise.id, title: exercise.title }).collect::<Rc<[_]>>()
    });
    let send = |action: fn() -> LabAction| {
        let lab = lab.clone();
        Callback::from(move |()| lab.dispatch(action()))
    };
    use_saved_progress(PROGRESS_KEY, PROGRESS_VERSION, lab.to_save(), {
        let lab = lab.clone();
        Callback::from(move |loaded| lab.dispatch(LabAction::Restore(loaded)))
    });
    let on_choose = {
        let lab = lab.clone();
        Callback::from(move |id| lab.dispatch(LabAction::StartExercise(id)))
    };
    let on_mode = {
        let lab = lab.clone();
        Callback::from(move |event: Event| lab.dispatch(LabAction::SetMode(select_value(&event))))
    };
    let open =
        lab.exercise().map(|exercise| OpenExercise { id: exercise.id, goal: exercise.goal, hints: exercise.hints });
    let method = lab.mode.method().label();
    let subject = match lab.mode {
        Mode::Security => {
            "the smart building of Figure 2.1 (sensors and valves, the gateway MN-CSE, the IN-CSE in the cloud, the dashboard and a contractor's app)"
        }
        Mode::Privacy => {
            "the HomeSense household (Ana and Ben, their smart meter and motion sensors, the home gateway, the platform, the energy supplier and a heating app)"
        }
    };
    html! {
        <div class={classes!("threat-lab", format!("mode-{}", lab.mode.code()))}>
            <h3 class="lab-title">{ "Threat-modelling lab: a TVRA in the page" }</h3>
            <p class="intro">
                { format!("The data flow diagram of {subject}. Edit it, generate {method} threats per element, accept or reject them, score and treat them, and see the risk matrix and the residual risk. Everything stays in this browser.") }
            </p>
            <div class="row mode-row">
                <label for={format!("threat-mode-{id}")}>{ "Analysis" }</label>
                <select id={format!("threat-mode-{id}")} class="mode" onchange={on_mode}>
                    { for [Mode::Security, Mode::Privacy].into_iter().map(|mode| html! {
                        <option value={mode.code()} selected={mode == lab.mode}>{ mode.label() }</option>
                    }) }
                </select>
            </div>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={send(|| LabAction::Dismiss)} />
            <ExercisePanel
                class="threat-exercises"
                select_id={format!("threat-exercise-{id}")}
                free_choice="Free modelling (no exercise)"
                exercises={(*choices).clone()}
                open={open}
                hints_shown={lab.tracker.hints_shown()}
                completed={Rc::new(lab.tracker.completed().clone())}
                outcome={lab.tracker.outcome().cloned()}
                remember_done=true
                on_choose={on_choose}
                on_hint={send(|| LabAction::ShowHint)}
                on_reset={send(|| LabAction::ResetExercise)}
            />
            <section class="threat-diagram" aria-label="Data flow diagram">
                <h4>{ "1. Data flow diagram and trust boundaries" }</h4>
                <DiagramView lab={lab.clone()} />
                <DiagramEditor lab={lab.clone()} id={id} />
            </section>
            <RegisterPanel lab={lab.clone()} id={id} />
            <RiskPanel lab={lab.clone()} />
            <AttackTreePanel lab={lab.clone()} id={id} />
            <FileBar lab={lab.clone()} id={id} />
        </div>
    }
}
