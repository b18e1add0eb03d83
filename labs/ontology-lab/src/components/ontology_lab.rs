//! The ontology lab's root component: owns the reducer, restores and saves progress (effects),
//! lays out the panels in the order of the pipeline.

use yew::prelude::*;

use super::description_editor::DescriptionEditor;
use super::discovery_panel::DiscoveryPanel;
use super::exercise_panel::ExercisePanel;
use super::graph_view::GraphView;
use super::instance_view::InstanceView;
use super::mapping_table::MappingTable;
use super::next_widget_id;
use super::resources_panel::ResourcesPanel;
use crate::model::{LabAction, LabState, PROGRESS_VERSION, Progress};

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
    {
        let lab = lab.clone();
        use_effect_with((), move |_| {
            lab.dispatch(LabAction::Restore(lab_storage::load::<Progress>(PROGRESS_KEY, PROGRESS_VERSION)));
        });
    }
    {
        use_effect_with(lab.to_save(), move |progress| {
            if let Some(progress) = progress {
                lab_storage::save(PROGRESS_KEY, PROGRESS_VERSION, progress);
            }
        });
    }
    let on_dismiss = {
        let lab = lab.clone();
        Callback::from(move |_| lab.dispatch(LabAction::Dismiss))
    };
    html! {
        <div class="ontology-lab">
            <h3 class="lab-title">{ "Ontology mapping lab" }</h3>
            if let Some(notice) = &lab.notice {
                <p class={classes!("message", "notice", if notice.error { "wrong" } else { "ok" })} role={if notice.error { "alert" } else { "status" }}>
                    { notice.text.clone() }
                    { " " }
                    <button type="button" class="dismiss" onclick={on_dismiss} aria-label="Dismiss this message">{ "×" }</button>
                </p>
            }
            <ExercisePanel lab={lab.clone()} id={id} />
            <DescriptionEditor lab={lab.clone()} id={id} />
            <GraphView lab={lab.clone()} />
            <MappingTable lab={lab.clone()} id={id} />
            <InstanceView lab={lab.clone()} />
            <ResourcesPanel lab={lab.clone()} />
            <DiscoveryPanel lab={lab.clone()} id={id} />
        </div>
    }
}
