//! The anonymisation lab's root: owns the reducer, keeps progress with the kit's `use_saved_progress`, and lays
//! out the exercises, the three parts and the export bar.

use std::rc::Rc;

use lab_catalog::storage_keys::ANONYMISATION_LAB_PROGRESS;
use lab_kit::{ExercisePanel, ExportImportBar, NoticeBanner, choices, next_widget_id, use_saved_progress};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::panels::{DpPanel, PseudonymPanel, ReleasePanel};
use crate::exercises::EXERCISES;
use crate::model::{LabAction, LabState, PROGRESS_VERSION};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AnonymisationLabProps {
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
}

/// Offers `text` as a file named `name` of type `mime` (a download; nothing is sent anywhere).
fn download_text(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|window| window.document()).ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

#[function_component(AnonymisationLab)]
pub fn anonymisation_lab(props: &AnonymisationLabProps) -> Html {
    let lab = use_reducer(|| LabState::new(props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    let choices = use_memo((), |_| choices(EXERCISES));
    let on_action = {
        let lab = lab.clone();
        Callback::from(move |action| lab.dispatch(action))
    };
    use_saved_progress(ANONYMISATION_LAB_PROGRESS, PROGRESS_VERSION, lab.to_save(), {
        let lab = lab.clone();
        Callback::from(move |loaded| lab.dispatch(LabAction::Restore(Box::new(loaded))))
    });
    let release = Rc::new(lab.work.release());
    let on_export = {
        let lab = lab.clone();
        Callback::from(move |()| lab.work.export_json())
    };
    let on_csv = {
        let (lab, on_action) = (lab.clone(), on_action.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(error) = download_text("released-table.csv", "text/csv", &lab.work.release_csv()) {
                on_action.emit(LabAction::Refuse(format!("The export failed: {}", lab_storage::js_error_text(&error))));
            }
        })
    };
    html! {
        <div class="anonymisation-lab">
            <h3 class="lab-title">{ "Anonymisation lab: release the neighbourhood's energy study" }</h3>
            <p class="intro">
                { "Ana Lind's household from the privacy lab takes part in an energy study with 320 households of its neighbourhood. Decide how the study's table is released: generalised and suppressed to k-anonymity and l-diversity, as noisy statistics under a privacy budget, and with which pseudonyms. Everything runs in this page; nothing is sent anywhere." }
            </p>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={on_action.reform(|()| LabAction::Dismiss)} />
            <ExercisePanel
                class="anonymisation-exercises"
                select_id={format!("anonymisation-exercise-{id}")}
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
            <ReleasePanel id={id} release={release.clone()} suppress_error={lab.suppress_error.clone()} on_action={on_action.clone()} />
            <DpPanel id={id} ledger={lab.work.ledger.clone()} draft={lab.draft.clone()} attacks={lab.work.attacks.clone()} on_action={on_action.clone()} />
            <PseudonymPanel
                id={id}
                work={Rc::new(lab.work.clone())}
                release={release}
                prediction_text={lab.prediction_text.clone()}
                prediction_error={lab.prediction_error.clone()}
                on_action={on_action.clone()}
            />
            <ExportImportBar
                input_id={format!("anonymisation-import-{id}")}
                file_name="anonymisation-setup.json"
                export_label="Export the setup (JSON)"
                import_label="Import a setup"
                on_export={on_export}
                on_import={on_action.reform(LabAction::Import)}
                on_error={on_action.reform(LabAction::Refuse)}
            >
                <button type="button" class="export-csv" onclick={on_csv}>{ "Released table as CSV" }</button>
            </ExportImportBar>
        </div>
    }
}
