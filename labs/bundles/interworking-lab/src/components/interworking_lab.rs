//! The interworking-proxy lab's root: owns the reducer, keeps progress with the kit's `use_saved_progress`, and lays
//! out the kit's notice banner and exercise panel, the two devices, the mapping editor, the CSE as the dashboard sees
//! it, semantic discovery and the kit's export/import bar.

use lab_kit::{ExercisePanel, ExportImportBar, NoticeBanner, choices, next_widget_id, use_saved_progress};
use yew::prelude::*;

use super::cse_panel::CsePanel;
use super::device_panel::DevicePanel;
use super::discovery_panel::DiscoveryPanel;
use super::mapping_editor::MappingEditor;
use crate::exercises::EXERCISES;
use crate::model::{LabAction, LabState, PROGRESS_VERSION};

/// The key of the lab's progress, shared by every interworking lab of the book.
pub const PROGRESS_KEY: &str = lab_catalog::storage_keys::INTERWORKING_LAB_PROGRESS;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct InterworkingLabProps {
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
}

#[function_component(InterworkingLab)]
pub fn interworking_lab(props: &InterworkingLabProps) -> Html {
    let lab = use_reducer(|| LabState::new(props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    let exercise_choices = use_memo((), |_| choices(EXERCISES));
    let on_action = {
        let lab = lab.clone();
        Callback::from(move |action| lab.dispatch(action))
    };
    use_saved_progress(PROGRESS_KEY, PROGRESS_VERSION, lab.to_save(), {
        let lab = lab.clone();
        Callback::from(move |loaded| lab.dispatch(LabAction::Restore(Box::new(loaded))))
    });
    let on_export = {
        let progress = lab.progress();
        Callback::from(move |()| serde_json::to_string_pretty(&progress).unwrap_or_default())
    };
    let on_markdown = {
        let (work, on_action) = (lab.work.clone(), on_action.clone());
        Callback::from(move |_: MouseEvent| {
            let table = work.lab.mapping.to_markdown(&work.lab.devices);
            if let Err(error) = lab_storage::download_text("interworking-mapping.md", "text/markdown", &table) {
                on_action.emit(LabAction::Refuse(format!("The export failed: {}", lab_storage::js_error_text(&error))));
            }
        })
    };
    let sense_error = lab.field_error.as_ref().filter(|(field, _)| *field == "sense").map(|(_, why)| why.clone());
    let attribute_error =
        lab.field_error.as_ref().filter(|(field, _)| *field == "attribute").map(|(_, why)| why.clone());
    html! {
        <div class="interworking-lab">
            <h3 class="lab-title">{ "Interworking-proxy lab: LwM2M and Matter devices in a oneM2M CSE" }</h3>
            <p class="intro">
                { "Two devices that speak no oneM2M sit in the smart building: an LwM2M roof sensor with a light, and a Matter hall light with a temperature sensor. An interworking proxy (IPE) represents them in the CSE running in this page, following the mapping you write; a dashboard application that knows only oneM2M reads, switches and subscribes; semantic discovery finds them next to a native oneM2M thermometer. Nothing leaves the page." }
            </p>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={on_action.reform(|()| LabAction::Dismiss)} />
            <ExercisePanel
                class="interworking-exercises"
                select_id={format!("interworking-exercise-{id}")}
                free_choice="Free exploration (no exercise)"
                exercises={(*exercise_choices).clone()}
                open={lab.exercise().map(|exercise| exercise.open())}
                hints_shown={lab.tracker.hints_shown()}
                completed={std::rc::Rc::new(lab.tracker.completed().clone())}
                outcome={lab.tracker.outcome().cloned()}
                remember_done=true
                on_choose={on_action.reform(LabAction::StartExercise)}
                on_hint={on_action.reform(|()| LabAction::ShowHint)}
                on_reset={on_action.reform(|()| LabAction::ResetExercise)}
            />
            <h4 class="part-title">{ "1. The devices" }</h4>
            <div class="interworking-devices">
                <DevicePanel id={id} work={lab.work.clone()} device="roof-01" error={sense_error.clone()} on_action={on_action.clone()} />
                <DevicePanel id={id} work={lab.work.clone()} device="hall-light" error={sense_error} on_action={on_action.clone()} />
            </div>
            <MappingEditor id={id} text={lab.editor.clone()} error={lab.editor_error.clone()} work={lab.work.clone()} on_action={on_action.clone()} />
            <CsePanel id={id} work={lab.work.clone()} response={lab.response.clone()} prediction={lab.prediction.clone()} error={attribute_error} on_action={on_action.clone()} />
            <DiscoveryPanel id={id} work={lab.work.clone()} answer={lab.discovery.clone()} on_action={on_action.clone()} />
            <section class="interworking-exports" aria-label="Export and import">
                <h4>{ "Export and import" }</h4>
                <ExportImportBar
                    input_id={format!("interworking-file-{id}")}
                    file_name="interworking-lab-work.json"
                    export_label="Export your mapping and query (JSON)"
                    import_label="Import work or a mapping (JSON)"
                    on_export={on_export}
                    on_import={on_action.reform(LabAction::Import)}
                    on_error={on_action.reform(LabAction::Refuse)}
                >
                    <button type="button" class="mapping-markdown" onclick={on_markdown}>{ "The mapping as a table (Markdown)" }</button>
                </ExportImportBar>
            </section>
        </div>
    }
}
