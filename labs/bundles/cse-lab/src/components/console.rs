//! The CSE lab's root component: owns the reducer, keeps the session and the exercise progress with the kit's
//! saved-progress hooks, lays out the panels (the kit's notice banner and exercise panel, the lab's own).

use std::rc::Rc;

use lab_kit::{NoticeBanner, dispatcher, use_save, use_saved_progress};
use yew::prelude::*;

use super::clock::Clock;
use super::composer::Composer;
use super::inboxes::Inboxes;
use super::next_widget_id;
use super::resource_tree::ResourceTree;
use super::response_panel::ResponsePanel;
use super::sequence_diagram::SequenceDiagram;
use super::session_tools::SessionTools;
use crate::model::{ConsoleAction, ConsoleState, PROGRESS_VERSION, Progress, SESSION_VERSION, exercises};

/// The key of the exercise progress shared by every CSE lab of the book.
pub const PROGRESS_KEY: &str = lab_catalog::storage_keys::CSE_LAB_PROGRESS;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct CseLabProps {
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
    /// The panels to show; empty shows all.
    pub panels: Vec<String>,
    /// Where this widget's session is saved (page and mount point), so several labs on a page stay independent.
    pub storage_key: String,
    /// A session shared through the page's URL (`#cse-lab=...`), for the first lab of the page.
    pub shared: Option<String>,
}

#[function_component(CseLab)]
pub fn cse_lab(props: &CseLabProps) -> Html {
    let console = use_reducer(|| ConsoleState::new(props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());

    let choices = use_memo((), |_| lab_kit::choices(exercises()));
    // the session and the exercise progress are restored together (one notice for both), with a shared link
    use_saved_progress(&props.storage_key, SESSION_VERSION, console.session_to_save(), {
        let console = console.clone();
        let shared = props.shared.clone();
        Callback::from(move |saved| {
            let progress = lab_storage::load::<Progress>(PROGRESS_KEY, PROGRESS_VERSION);
            console.dispatch(ConsoleAction::Restore { saved, progress, shared: shared.clone() });
        })
    });
    use_save(PROGRESS_KEY, PROGRESS_VERSION, console.progress_to_save());

    let shows = |panel: &str| props.panels.is_empty() || props.panels.iter().any(|shown| shown == panel);
    html! {
        <div class="cse-lab">
            <h3 class="lab-title">{ "oneM2M CSE lab" }</h3>
            <NoticeBanner notice={console.notice.clone()} on_dismiss={dispatcher(&console, |()| ConsoleAction::Dismiss)} />
            if shows("exercises") {
                <lab_kit::ExercisePanel
                    class="cse-exercises"
                    select_id={format!("cse-exercise-{id}")}
                    free_choice="Free play (no exercise)"
                    exercises={(*choices).clone()}
                    open={console.exercise().map(|exercise| exercise.open())}
                    hints_shown={console.tracker.hints_shown()}
                    completed={Rc::new(console.tracker.completed().clone())}
                    outcome={console.tracker.outcome().cloned()}
                    on_choose={dispatcher(&console, ConsoleAction::StartExercise)}
                    on_hint={dispatcher(&console, |()| ConsoleAction::ShowHint)}
                    on_reset={dispatcher(&console, |()| ConsoleAction::ResetExercise)}
                />
            }
            <div class="cse-lab-grid">
                <div class="cse-lab-main">
                    if shows("composer") {
                        <Composer
                            id={id}
                            draft={console.draft.clone()}
                            problem={console.draft_problem.clone()}
                            session={console.session.clone()}
                            on_edit={dispatcher(&console, |(field, text)| ConsoleAction::Edit(field, text))}
                            on_operation={dispatcher(&console, ConsoleAction::SetOperation)}
                            on_type={dispatcher(&console, ConsoleAction::SetType)}
                            on_discovery={dispatcher(&console, ConsoleAction::ToggleDiscovery)}
                            on_send={dispatcher(&console, |()| ConsoleAction::Send)}
                        />
                    }
                    if shows("response") {
                        <ResponsePanel last={console.session.last.clone()} draft_problem={console.draft_problem.clone()} />
                    }
                </div>
                <div class="cse-lab-side">
                    if shows("clock") {
                        <Clock now={console.session.now} on_advance={dispatcher(&console, ConsoleAction::Advance)} />
                    }
                    if shows("tree") {
                        <ResourceTree session={console.session.clone()} on_target={dispatcher(&console, ConsoleAction::Target)} />
                    }
                    if shows("inboxes") {
                        <Inboxes inboxes={console.session.inboxes.clone()} undelivered={console.session.undelivered.len()} />
                    }
                </div>
            </div>
            if shows("sequence") {
                <SequenceDiagram trace={console.session.trace.clone()} id={id} />
            }
            if shows("session") {
                <SessionTools
                    id={id}
                    record={console.session.record.clone()}
                    on_import={dispatcher(&console, ConsoleAction::Import)}
                    on_notice={dispatcher(&console, ConsoleAction::Notify)}
                    on_start_over={dispatcher(&console, |()| ConsoleAction::StartExercise(String::new()))}
                />
            }
        </div>
    }
}
