//! The TLS lab's root: owns the reducer, keeps progress with the kit's `use_saved_progress`, and lays out the
//! exercises, the scenario, the transcript, the enrolment and the export bar.

use std::rc::Rc;

use lab_catalog::storage_keys::TLS_LAB_PROGRESS;
use lab_kit::{ExercisePanel, ExportImportBar, NoticeBanner, choices, next_widget_id, use_saved_progress};
use yew::prelude::*;

use super::enrolment_panel::EnrolmentPanel;
use super::scenario_panel::ScenarioPanel;
use super::transcript_view::TranscriptView;
use crate::exercises::EXERCISES;
use crate::model::{LabAction, LabState, PROGRESS_VERSION};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct TlsLabProps {
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
    /// Which parts to show: "all", "handshake" (scenarios and transcript) or "provisioning" (enrolment).
    #[prop_or_default]
    pub part: Option<String>,
}

#[function_component(TlsLab)]
pub fn tls_lab(props: &TlsLabProps) -> Html {
    let lab = use_reducer(|| LabState::new(props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    let choices = use_memo((), |_| choices(EXERCISES));
    let on_action = {
        let lab = lab.clone();
        Callback::from(move |action| lab.dispatch(action))
    };
    use_saved_progress(TLS_LAB_PROGRESS, PROGRESS_VERSION, lab.to_save(), {
        let lab = lab.clone();
        Callback::from(move |loaded| lab.dispatch(LabAction::Restore(Box::new(loaded))))
    });
    let on_export = {
        let lab = lab.clone();
        Callback::from(move |()| lab.work.export_json())
    };
    let on_markdown = {
        let (lab, on_action) = (lab.clone(), on_action.clone());
        Callback::from(move |_: MouseEvent| {
            let text = lab.work.predictions_markdown();
            if let Err(error) = lab_storage::download_text("tls-lab-predictions.md", "text/markdown", &text) {
                on_action.emit(LabAction::Refuse(format!("The export failed: {}", lab_storage::js_error_text(&error))));
            }
        })
    };
    let part = props.part.as_deref().unwrap_or("all");
    let handshake = part != "provisioning";
    let provisioning = part != "handshake";
    html! {
        <div class="tls-lab">
            <h3 class="lab-title">{ "TLS lab: the smart building's gateway meets its CSE" }</h3>
            <p class="intro">
                { "A real TLS 1.3 handshake between a client and a server that both run in this page (rustls with ring), with certificates made in this page by a small PKI: the Smart Building Root CA, a Server CA and a Device CA under it. The lab's clock reads 2026-12-07 09:00 UTC for every check, so an expired certificate is expired on every run. Nothing is sent anywhere; the saved and exported work holds the PKI's private keys, made for this lab only." }
            </p>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={on_action.reform(|()| LabAction::Dismiss)} />
            <ExercisePanel
                class="tls-exercises"
                select_id={format!("tls-exercise-{id}")}
                free_choice="Free exploration (no exercise)"
                exercises={(*choices).clone()}
                open={lab.exercise().map(|exercise| exercise.open())}
                hints_shown={lab.tracker.hints_shown()}
                completed={Rc::new(lab.tracker.completed().clone())}
                outcome={lab.tracker.outcome().cloned()}
                remember_done=true
                on_choose={on_action.reform(LabAction::StartExercise)}
                on_hint={on_action.reform(|()| LabAction::ShowHint)}
                on_reset={on_action.reform(|()| LabAction::ResetExercise)}
            />
            if handshake {
                <ScenarioPanel
                    id={id}
                    scenario={lab.scenario}
                    prediction={lab.prediction().copied()}
                    observation={lab.work.observations.get(lab.scenario).cloned()}
                    draft_aborts={lab.draft_aborts}
                    draft_alert={lab.draft_alert}
                    prediction_error={lab.prediction_error.clone()}
                    on_action={on_action.clone()}
                />
                <TranscriptView
                    run={lab.last_run.as_ref().filter(|(scenario, _)| *scenario == lab.scenario).map(|(_, run)| run.clone())}
                />
            }
            if provisioning {
                <EnrolmentPanel id={id} work={Rc::new(lab.work.clone())} originator={lab.originator.clone()} originator_error={lab.originator_error.clone()} claimed={lab.claimed.clone()} on_action={on_action.clone()} />
            }
            <ExportImportBar
                input_id={format!("tls-import-{id}")}
                file_name="tls-lab-work.json"
                export_label="Export the work (JSON)"
                import_label="Import work"
                on_export={on_export}
                on_import={on_action.reform(LabAction::Import)}
                on_error={on_action.reform(LabAction::Refuse)}
            >
                <button type="button" class="export-markdown" onclick={on_markdown}>{ "Predictions as Markdown" }</button>
            </ExportImportBar>
        </div>
    }
}
