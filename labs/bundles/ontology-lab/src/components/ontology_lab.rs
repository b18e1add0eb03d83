//! The ontology lab's root component: owns the reducer, keeps progress with the kit's `use_saved_progress`,
//! lays out the panels in the order of the pipeline.

use lab_kit::{NoticeBanner, Shared, dispatcher, use_saved_progress};
use yew::prelude::*;

use super::description_editor::DescriptionEditor;
use super::discovery_panel::DiscoveryPanel;
use super::exercise_panel::ExercisePanel;
use super::graph_view::GraphView;
use super::instance_view::InstanceView;
use super::mapping_table::MappingTable;
use super::next_widget_id;
use super::resources_panel::ResourcesPanel;
use crate::model::{Editor, LabAction, LabState, Mode, PROGRESS_VERSION};

/// The key of the exercise progress shared by every ontology lab of the book.
pub const PROGRESS_KEY: &str = lab_catalog::storage_keys::ONTOLOGY_LAB_PROGRESS;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct OntologyLabProps {
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
    /// What the lab offers (the `mode` option): everything, or mapping without SPARQL.
    #[prop_or_default]
    pub mode: Mode,
}

#[function_component(OntologyLab)]
pub fn ontology_lab(props: &OntologyLabProps) -> Html {
    let lab = use_reducer(|| LabState::with_mode(props.mode, props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    use_saved_progress(PROGRESS_KEY, PROGRESS_VERSION, lab.to_save(), dispatcher(&lab, LabAction::Restore));
    let analysis = Shared::from(lab.analysis.clone());
    html! {
        <div class="ontology-lab">
            <h3 class="lab-title">{ "Ontology mapping lab" }</h3>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={dispatcher(&lab, |()| LabAction::Dismiss)} />
            <ExercisePanel
                id={id}
                mode={lab.mode}
                tracker={lab.tracker.clone()}
                terms_text={lab.terms_text.clone()}
                on_choose={dispatcher(&lab, LabAction::StartExercise)}
                on_hint={dispatcher(&lab, |()| LabAction::ShowHint)}
                on_check={dispatcher(&lab, |()| LabAction::Check)}
                on_reset={dispatcher(&lab, |()| LabAction::ResetExercise)}
                on_terms={dispatcher(&lab, |text| LabAction::Edit(Editor::Terms, text))}
            />
            <DescriptionEditor
                id={id}
                text={lab.description_text.clone()}
                fixture={lab.fixture.clone()}
                analysis={analysis.clone()}
                on_fixture={dispatcher(&lab, LabAction::ChooseFixture)}
                on_edit={dispatcher(&lab, |text| LabAction::Edit(Editor::Description, text))}
            />
            <GraphView analysis={analysis.clone()} />
            <MappingTable
                id={id}
                analysis={analysis.clone()}
                turtle={lab.alignment_text.clone()}
                draft={lab.rule_draft.clone()}
                problem={lab.rule_problem.clone()}
                on_turtle={dispatcher(&lab, |text| LabAction::Edit(Editor::Alignment, text))}
                on_draft={dispatcher(&lab, |(field, text)| LabAction::EditRuleDraft(field, text))}
                on_relation={dispatcher(&lab, LabAction::SetRuleDraftProperty)}
                on_add={dispatcher(&lab, |()| LabAction::AddRule)}
                on_remove={dispatcher(&lab, LabAction::RemoveRule)}
                on_reset={dispatcher(&lab, |()| LabAction::ResetMapping)}
            />
            <InstanceView analysis={analysis} />
            <ResourcesPanel
                page={lab.page.clone()}
                exchanges={lab.exchanges.clone()}
                on_generate={dispatcher(&lab, |()| LabAction::Generate)}
                on_generate_all={dispatcher(&lab, |()| LabAction::GenerateAllFixtures)}
                on_clear={dispatcher(&lab, |()| LabAction::ClearCse)}
            />
            if lab.mode.has_discovery() {
                <DiscoveryPanel
                    id={id}
                    query={lab.query_text.clone()}
                    run={lab.query_run.clone()}
                    on_edit={dispatcher(&lab, |text| LabAction::Edit(Editor::Query, text))}
                    on_run={dispatcher(&lab, |()| LabAction::RunQuery)}
                />
            }
        </div>
    }
}
