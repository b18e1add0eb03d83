//! The RDF lab's root: owns the reducer, keeps progress with the kit's `use_saved_progress`, and lays out the
//! exercises, the parts its mode shows and the export bar.

use std::rc::Rc;

use lab_catalog::storage_keys::RDF_LAB_PROGRESS;
use lab_kit::{ExercisePanel, ExportImportBar, NoticeBanner, next_widget_id, use_saved_progress};
use yew::prelude::*;

use super::alignment_panel::AlignmentPanel;
use super::sparql_panel::SparqlPanel;
use crate::download::download_text;
use crate::exercises::Part;
use crate::model::{LabAction, LabState, Mode, PROGRESS_VERSION};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct RdfLabProps {
    /// The parts shown: `alignment`, `sparql` or both (a lab directive option).
    pub mode: Mode,
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
}

#[function_component(RdfLab)]
pub fn rdf_lab(props: &RdfLabProps) -> Html {
    let lab = use_reducer(|| LabState::new(props.mode, props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    let on_action = {
        let lab = lab.clone();
        Callback::from(move |action| lab.dispatch(action))
    };
    use_saved_progress(RDF_LAB_PROGRESS, PROGRESS_VERSION, lab.to_save(), {
        let lab = lab.clone();
        Callback::from(move |loaded| lab.dispatch(LabAction::Restore(Box::new(loaded))))
    });
    let shown = lab.shown_exercises();
    let choices: Rc<[lab_kit::ExerciseChoice]> = shown.iter().map(|e| e.choice()).collect();
    // Done exercises of the parts this mode shows (the progress is shared by both chapters' labs).
    let completed: std::collections::BTreeSet<String> =
        lab.tracker.completed().iter().filter(|id| shown.iter().any(|e| e.id == id.as_str())).cloned().collect();
    let on_export = {
        let lab = lab.clone();
        Callback::from(move |()| lab.work.export_json())
    };
    let on_markdown = {
        let (lab, on_action) = (lab.clone(), on_action.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(error) = download_text("rdf-lab.md", "text/markdown", &lab.work.export_markdown()) {
                on_action.emit(LabAction::Refuse(format!("The export failed: {}", lab_storage::js_error_text(&error))));
            }
        })
    };
    let title = match props.mode {
        Mode::Alignment => "RDF lab: three platforms, one reading",
        Mode::Sparql => "RDF lab: SPARQL over a building's devices",
        Mode::Both => "RDF lab: alignment, RDFS reasoning and SPARQL",
    };
    html! {
        <div class="rdf-lab">
            <h3 class="lab-title">{ title }</h3>
            <p class="intro">{ "RDF, RDFS reasoning and SPARQL 1.1 run in this page (oxigraph, compiled to WebAssembly); nothing is sent anywhere." }</p>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={on_action.reform(|()| LabAction::Dismiss)} />
            <ExercisePanel
                class="rdf-exercises"
                select_id={format!("rdf-exercise-{id}")}
                free_choice="Free exploration (no exercise)"
                exercises={choices}
                open={lab.exercise().map(|exercise| exercise.open())}
                hints_shown={lab.tracker.hints_shown()}
                completed={Rc::new(completed)}
                outcome={lab.tracker.outcome().cloned()}
                remember_done=true
                on_choose={on_action.reform(LabAction::StartExercise)}
                on_hint={on_action.reform(|()| LabAction::ShowHint)}
                on_reset={on_action.reform(|()| LabAction::ResetExercise)}
            />
            if props.mode.shows(Part::Alignment) {
                <AlignmentPanel id={id} alignment={lab.alignment_draft.clone()} query={lab.alignment_query_draft.clone()}
                    analysis={lab.analysis.clone()} predictions={lab.work.predictions.clone()}
                    committed={lab.work.predictions_committed} on_action={on_action.clone()} />
            }
            if props.mode.shows(Part::Sparql) {
                <SparqlPanel id={id} query={lab.sparql_draft.clone()} run={lab.sparql_run.clone()} unused_terms={lab.sparql_terms_unused.clone()} on_action={on_action.clone()} />
            }
            <ExportImportBar
                input_id={format!("rdf-import-{id}")}
                file_name="rdf-lab.json"
                export_label="Export my work (JSON)"
                import_label="Import work"
                on_export={on_export}
                on_import={on_action.reform(LabAction::Import)}
                on_error={on_action.reform(LabAction::Refuse)}
            >
                <button type="button" class="export-markdown" onclick={on_markdown}>{ "Alignment and queries as Markdown" }</button>
            </ExportImportBar>
        </div>
    }
}
