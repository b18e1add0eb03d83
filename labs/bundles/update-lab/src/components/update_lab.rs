//! The secure-update lab's root: owns the reducer (with keys from a seed the browser's crypto gives), keeps progress
//! with the kit's `use_saved_progress`, and lays out the kit's notice banner and exercise panel, then Part A (the
//! pipeline, the bootloader's report, the attacks, the CSE) and Part B (SBOM and VEX, the CRA clock, exports).

use lab_kit::{ExercisePanel, ExportImportBar, NoticeBanner, choices, next_widget_id, use_saved_progress};
use yew::prelude::*;

use super::attack_panel::AttackPanel;
use super::clock_panel::ClockPanel;
use super::cse_panel::CsePanel;
use super::pipeline_panel::PipelinePanel;
use super::report_view::ReportView;
use super::vulnerability_panel::VulnerabilityPanel;
use crate::exercises::EXERCISES;
use crate::export;
use crate::model::{LabAction, LabState, PROGRESS_VERSION};

/// The key of the lab's progress, shared by every secure-update lab of the book.
pub const PROGRESS_KEY: &str = lab_catalog::storage_keys::UPDATE_LAB_PROGRESS;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct UpdateLabProps {
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
}

/// A fresh seed for the lab's keys: the browser's crypto in the page; a fixed one where there is no browser (the
/// rendering tests), since nothing there is kept.
fn fresh_seed() -> [u8; 32] {
    #[cfg(target_arch = "wasm32")]
    {
        let mut seed = [0u8; 32];
        if getrandom::fill(&mut seed).is_ok() {
            return seed;
        }
    }
    [0x5e; 32]
}

/// Offers `text` as a download; a failure becomes the lab's message.
fn offer(
    name: &'static str,
    mime: &'static str,
    text: impl Fn() -> String + 'static,
    on_action: &Callback<LabAction>,
) -> Callback<MouseEvent> {
    let on_action = on_action.clone();
    Callback::from(move |_: MouseEvent| {
        if let Err(error) = lab_storage::download_text(name, mime, &text()) {
            on_action.emit(LabAction::Refuse(format!("The export failed: {}", lab_storage::js_error_text(&error))));
        }
    })
}

#[function_component(UpdateLab)]
pub fn update_lab(props: &UpdateLabProps) -> Html {
    let lab = use_reducer(|| LabState::new(fresh_seed(), props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    let exercise_choices = use_memo((), |_| choices(&EXERCISES));
    let on_action = {
        let lab = lab.clone();
        Callback::from(move |action| lab.dispatch(action))
    };
    use_saved_progress(PROGRESS_KEY, PROGRESS_VERSION, lab.to_save(), {
        let lab = lab.clone();
        Callback::from(move |loaded| lab.dispatch(LabAction::Restore(Box::new(loaded))))
    });
    let work = lab.work.clone();
    let on_export = {
        let work = work.clone();
        Callback::from(move |()| export::work_json(&work))
    };
    let downloads = {
        let (w1, w2, w3, w4) = (work.clone(), work.clone(), work.clone(), work.clone());
        html! {
            <div class="actions downloads">
                <button type="button" class="sbom-json" onclick={offer("update-lab-sbom.cdx.json", "application/json", export::sbom_json, &on_action)}>{ "SBOM (CycloneDX JSON)" }</button>
                <button type="button" class="sbom-md" onclick={offer("update-lab-sbom.md", "text/markdown", export::sbom_markdown, &on_action)}>{ "SBOM (Markdown)" }</button>
                <button type="button" class="vex-json" onclick={offer("update-lab-vex.cdx.json", "application/json", move || export::vex_json(&w1), &on_action)}>{ "VEX (CycloneDX JSON)" }</button>
                <button type="button" class="vex-md" onclick={offer("update-lab-vex.md", "text/markdown", move || export::vex_markdown(&w2), &on_action)}>{ "VEX (Markdown)" }</button>
                <button type="button" class="timeline-json" onclick={offer("update-lab-timeline.json", "application/json", move || export::timeline_json(&w3), &on_action)}>{ "Incident timeline (JSON)" }</button>
                <button type="button" class="timeline-md" onclick={offer("update-lab-timeline.md", "text/markdown", move || export::timeline_markdown(&w4), &on_action)}>{ "Incident timeline (Markdown)" }</button>
            </div>
        }
    };
    let on_vex_file = {
        let on_action = on_action.clone();
        Callback::from(move |event: Event| {
            let on_action = on_action.clone();
            lab_storage::read_chosen_file(&event, move |read| match read {
                Ok(text) => on_action.emit(LabAction::ImportDocument(text)),
                Err(reason) => on_action.emit(LabAction::Refuse(format!("The file could not be read: {reason}"))),
            });
        })
    };
    html! {
        <div class="update-lab">
            <h3 class="lab-title">{ "Secure-update lab: sign, ship, verify, roll back, report" }</h3>
            <p class="intro">
                { "You are the vendor of the book's smart plug and the plug itself. Sign firmware with real Ed25519 keys (made in this page, never sent anywhere), ship it, and watch the bootloader check every step; predict what each attack does before you run it; send the same update through the CSE; then decide which advisories affect the firmware and schedule the reports the Cyber Resilience Act's Art. 14 asks for." }
            </p>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={on_action.reform(|()| LabAction::Dismiss)} />
            <ExercisePanel
                class="update-exercises"
                select_id={format!("update-exercise-{id}")}
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
            <h4 class="part-title">{ "Part A: the update pipeline" }</h4>
            <PipelinePanel id={id} work={work.clone()} image={lab.image.clone()} on_action={on_action.clone()} />
            <section class="update-bootloader" aria-label="Bootloader report" aria-live="polite">
                <h4>{ "What the bootloader did" }</h4>
                <ReportView report={lab.report.clone()} />
            </section>
            <AttackPanel id={id} work={work.clone()} on_action={on_action.clone()} />
            <CsePanel id={id} work={work.clone()} image={lab.cse_image.clone()} exchange={lab.cse_exchange.clone()} on_action={on_action.clone()} />
            <h4 class="part-title">{ "Part B: vulnerability handling" }</h4>
            <VulnerabilityPanel id={id} work={work.clone()} on_action={on_action.clone()} />
            <ClockPanel id={id} work={work.clone()} hour_error={lab.hour_error.clone()} on_action={on_action.clone()} />
            <section class="update-exports" aria-label="Export and import">
                <h4>{ "Export and import" }</h4>
                { downloads }
                <div class="actions">
                    <label class="import" for={format!("update-vex-file-{id}")}>{ "Import a VEX file or an incident timeline (JSON)" }</label>
                    <input id={format!("update-vex-file-{id}")} class="vex-file" type="file" accept="application/json,.json" onchange={on_vex_file} />
                </div>
                <ExportImportBar
                    input_id={format!("update-file-{id}")}
                    file_name="update-lab-work.json"
                    export_label="Export all your work (JSON)"
                    import_label="Import work (JSON)"
                    on_export={on_export}
                    on_import={on_action.reform(LabAction::Import)}
                    on_error={on_action.reform(LabAction::Refuse)}
                />
            </section>
        </div>
    }
}
