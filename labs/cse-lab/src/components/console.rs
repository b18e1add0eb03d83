//! The CSE lab's root component: owns the reducer, restores and saves the session (effects), lays out the panels.

use yew::prelude::*;

use super::clock::Clock;
use super::composer::Composer;
use super::exercise_panel::ExercisePanel;
use super::inboxes::Inboxes;
use super::next_widget_id;
use super::resource_tree::ResourceTree;
use super::response_panel::ResponsePanel;
use super::sequence_diagram::SequenceDiagram;
use super::session_tools::SessionTools;
use crate::model::{ConsoleAction, ConsoleState, PROGRESS_VERSION, Progress, SESSION_VERSION};
use crate::session::SessionRecord;

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

    {
        let console = console.clone();
        let key = props.storage_key.clone();
        let shared = props.shared.clone();
        use_effect_with((), move |_| {
            console.dispatch(ConsoleAction::Restore {
                saved: lab_storage::load::<SessionRecord>(&key, SESSION_VERSION),
                progress: lab_storage::load::<Progress>(PROGRESS_KEY, PROGRESS_VERSION),
                shared,
            });
        });
    }
    {
        let key = props.storage_key.clone();
        let saved_revision = (console.revision, console.completed.len(), console.has_something_to_save());
        let console = console.clone();
        use_effect_with(saved_revision, move |(_, _, something_to_save)| {
            if *something_to_save {
                lab_storage::save(&key, SESSION_VERSION, &console.session.record);
                lab_storage::save(PROGRESS_KEY, PROGRESS_VERSION, &console.progress());
            }
        });
    }

    let shows = |panel: &str| props.panels.is_empty() || props.panels.iter().any(|shown| shown == panel);
    let on_dismiss = {
        let console = console.clone();
        Callback::from(move |_| console.dispatch(ConsoleAction::Dismiss))
    };
    html! {
        <div class="cse-lab">
            <h3 class="lab-title">{ "oneM2M CSE lab" }</h3>
            if let Some(notice) = &console.notice {
                <p class={classes!("message", "notice", if notice.error { "wrong" } else { "ok" })} role={if notice.error { "alert" } else { "status" }}>
                    { notice.text.clone() }
                    { " " }
                    <button type="button" class="dismiss" onclick={on_dismiss} aria-label="Dismiss this message">{ "×" }</button>
                </p>
            }
            if shows("exercises") {
                <ExercisePanel console={console.clone()} id={id} />
            }
            <div class="cse-lab-grid">
                <div class="cse-lab-main">
                    if shows("composer") {
                        <Composer console={console.clone()} id={id} />
                    }
                    if shows("response") {
                        <ResponsePanel console={console.clone()} />
                    }
                </div>
                <div class="cse-lab-side">
                    if shows("clock") {
                        <Clock console={console.clone()} />
                    }
                    if shows("tree") {
                        <ResourceTree console={console.clone()} />
                    }
                    if shows("inboxes") {
                        <Inboxes console={console.clone()} />
                    }
                </div>
            </div>
            if shows("sequence") {
                <SequenceDiagram console={console.clone()} id={id} />
            }
            if shows("session") {
                <SessionTools console={console.clone()} id={id} />
            }
        </div>
    }
}
