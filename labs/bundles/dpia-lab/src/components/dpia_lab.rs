//! The DPIA lab's root: owns the reducer, keeps progress with the kit's `use_saved_progress` (and reads the privacy
//! lab's saved policy, never writing it), and lays out the exercises, the four parts and the report.

use std::rc::Rc;

use lab_catalog::storage_keys::{DPIA_LAB_PROGRESS, PRIVACY_LAB_PROGRESS};
use lab_kit::{ExercisePanel, ExportImportBar, NoticeBanner, choices, next_widget_id, use_saved_progress};
use yew::prelude::*;

use super::description_panel::DescriptionPanel;
use super::necessity_panel::NecessityPanel;
use super::risk_panel::RiskPanel;
use super::threshold_panel::ThresholdPanel;
use crate::exercises::EXERCISES;
use crate::model::{LabAction, LabState, PROGRESS_VERSION};
use crate::processing::{PRIVACY_LAB_VERSION, PrivacyLabProgress};
use crate::{necessity, report};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct DpiaLabProps {
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
}

/// The privacy lab's saved progress, read only.
fn privacy_lab_progress() -> lab_storage::Loaded<PrivacyLabProgress> {
    lab_storage::load::<PrivacyLabProgress>(PRIVACY_LAB_PROGRESS, PRIVACY_LAB_VERSION)
}

#[function_component(DpiaLab)]
pub fn dpia_lab(props: &DpiaLabProps) -> Html {
    let lab = use_reducer(|| LabState::new(props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    let choices = use_memo((), |_| choices(EXERCISES));
    let on_action = {
        let lab = lab.clone();
        Callback::from(move |action| lab.dispatch(action))
    };
    use_saved_progress(DPIA_LAB_PROGRESS, PROGRESS_VERSION, lab.to_save(), {
        let lab = lab.clone();
        Callback::from(move |loaded| lab.dispatch(LabAction::Restore(Box::new((loaded, privacy_lab_progress())))))
    });
    let processing = &lab.work.processing;
    let questions = Rc::new(necessity::questions(processing));
    let unserved = Rc::new(necessity::unserved(processing));
    let register = Rc::new(lab.work.register());
    let on_take = on_action.reform(|()| LabAction::TakePrivacyLabPolicy(Box::new(privacy_lab_progress())));
    let on_export = {
        let lab = lab.clone();
        Callback::from(move |()| lab.work.export_json())
    };
    let download = |name: &'static str, mime: &'static str, write: fn(&report::Report) -> String| {
        let (lab, on_action) = (lab.clone(), on_action.clone());
        Callback::from(move |_: MouseEvent| {
            let text = write(&report::report(&lab.work));
            if let Err(error) = lab_storage::download_text(name, mime, &text) {
                on_action
                    .emit(LabAction::Refuse(format!("The download failed: {}", lab_storage::js_error_text(&error))));
            }
        })
    };
    let on_markdown = download("dpia-report.md", "text/markdown", report::Report::to_markdown);
    let on_html = download("dpia-report.html", "text/html", report::Report::to_html);
    html! {
        <div class="dpia-lab">
            <h3 class="lab-title">{ "DPIA lab: assess NordWatt's household energy service" }</h3>
            <p class="intro">
                { "Run a data protection impact assessment of the service whose policy you set in the privacy lab: decide whether a DPIA is required, describe the processing, test its necessity, treat the risks, and download the report. Everything runs in this page; nothing is sent anywhere." }
            </p>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={on_action.reform(|()| LabAction::Dismiss)} />
            <ExercisePanel
                class="dpia-exercises"
                select_id={format!("dpia-exercise-{id}")}
                free_choice="Free assessment (no exercise)"
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
            <ThresholdPanel id={id} threshold={lab.work.threshold.clone()} on_action={on_action.clone()} />
            <DescriptionPanel id={id} processing={processing.clone()} on_action={on_action.clone()} on_take_privacy_lab={on_take} />
            <NecessityPanel id={id} questions={questions} answer={lab.work.necessity.clone()} unserved={unserved} on_action={on_action.clone()} />
            <RiskPanel id={id} register={register} measures={lab.work.measures.clone()} consultation={lab.work.consultation} on_action={on_action.clone()} />
            <section class="dpia-report" aria-label="The report">
                <h4>{ "5. The report" }</h4>
                <p>{ "The report follows the ISO/IEC 29134 process, from the threshold analysis to the follow-up, and marks where each item of GDPR Art. 35(7)(a) to (d) is. Download it to paste into a report, or print the HTML page; export the assessment as JSON to continue it elsewhere." }</p>
                <ExportImportBar
                    input_id={format!("dpia-import-{id}")}
                    file_name="dpia-assessment.json"
                    export_label="Export the assessment (JSON)"
                    import_label="Import an assessment"
                    on_export={on_export}
                    on_import={on_action.reform(LabAction::Import)}
                    on_error={on_action.reform(LabAction::Refuse)}
                >
                    <button type="button" class="report-markdown" onclick={on_markdown}>{ "Report as Markdown" }</button>
                    <button type="button" class="report-html" onclick={on_html}>{ "Report as printable HTML" }</button>
                </ExportImportBar>
            </section>
        </div>
    }
}
