//! The ontology lab's root component: owns the reducer, keeps progress with the kit's `use_saved_progress`,
//! lays out the panels in the order of the pipeline.

use lab_ui::{NoticeBanner, use_saved_progress};
use yew::prelude::*;

use super::description_editor::DescriptionEditor;
use super::discovery_panel::DiscoveryPanel;
use super::exercise_panel::ExercisePanel;
use super::graph_view::GraphView;
use super::instance_view::InstanceView;
use super::mapping_table::MappingTable;
use super::next_widget_id;
use super::resources_panel::ResourcesPanel;
use crate::model::{Editor, LabAction, LabState, PROGRESS_VERSION};

/// The key of the exercise progress shared by every ontology lab of the book.
pub const PROGRESS_KEY: &str = lab_catalog::storage_keys::ONTOLOGY_LAB_PROGRESS;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct OntologyLabProps {
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
}

#[function_component(OntologyLab)]
pub fn ontology_lab(props: &OntologyLabProps) -> Html {
    let lab = use_reducer(|| LabState::new(props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    use_saved_progress(PROGRESS_KEY, PROGRESS_VERSION, lab.to_save(), {
        let lab = lab.clone();
        Callback::from(move |loaded| lab.dispatch(LabAction::Restore(loaded)))
    });
    let send = |action: fn() -> LabAction| {
        let lab = lab.clone();
        Callback::from(move |()| lab.dispatch(action()))
    };
    let on_choose = {
        let lab = lab.clone();
        Callback::from(move |id| lab.dispatch(LabAction::StartExercise(id)))
    };
    let on_terms = {
        let lab = lab.clone();
        Callback::from(move |text| lab.dispatch(LabAction::Edit(Editor::Terms, text)))
    };
    html! {
        <div class="ontology-lab">
            <h3 class="lab-title">{ "Ontology mapping lab" }</h3>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={send(|| LabAction::Dismiss)} />
            <ExercisePanel
                id={id}
                tracker={lab.tracker.clone()}
                terms_text={lab.terms_text.clone()}
                on_choose={on_choose}
                on_hint={send(|| LabAction::ShowHint)}
                on_check={send(|| LabAction::Check)}
                on_reset={send(|| LabAction::ResetExercise)}
                on_terms={on_terms}
            />
            <DescriptionEditor lab={lab.clone()} id={id} />
            <GraphView lab={lab.clone()} />
            <MappingTable lab={lab.clone()} id={id} />
            <InstanceView lab={lab.clone()} />
            <ResourcesPanel lab={lab.clone()} />
            <DiscoveryPanel lab={lab.clone()} id={id} />
        </div>
    }
}
