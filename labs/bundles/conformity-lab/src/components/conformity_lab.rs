//! The conformity lab's root: owns the reducer, keeps progress with the kit's `use_saved_progress`, and lays out
//! the kit's notice banner and exercise panel, then mode 1 (product form, rules) and mode 2 (assessment,
//! results, fixes and policy), as the directive's `mode` asks.

use std::rc::Rc;

use lab_kit::{ExerciseChoice, ExercisePanel, NoticeBanner, OpenExercise, next_widget_id, use_saved_progress};
use yew::prelude::*;

use super::assessment_panel::AssessmentPanel;
use super::product_form::ProductForm;
use super::remediation_panel::RemediationPanel;
use super::results_panel::ResultsPanel;
use super::rules_panel::RulesPanel;
use crate::dossier::OWN_PRODUCT;
use crate::exercises::EXERCISES;
use crate::model::{LabAction, LabState, PROGRESS_VERSION};

/// The key of the lab's progress, shared by every conformity lab of the book.
pub const PROGRESS_KEY: &str = lab_catalog::storage_keys::CONFORMITY_LAB_PROGRESS;

/// The parts the directive shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    Rules,
    Assessment,
    #[default]
    Both,
}

impl Mode {
    pub fn from_option(text: Option<&str>) -> Mode {
        match text {
            Some("rules") => Mode::Rules,
            Some("assessment") => Mode::Assessment,
            _ => Mode::Both,
        }
    }

    fn shows_rules(self) -> bool {
        self != Mode::Assessment
    }

    fn shows_assessment(self) -> bool {
        self != Mode::Rules
    }

    fn has(self, exercise: &str) -> bool {
        let rules = exercise.starts_with("predict-");
        (rules && self.shows_rules()) || (!rules && self.shows_assessment())
    }
}

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ConformityLabProps {
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
    pub mode: Mode,
}

#[function_component(ConformityLab)]
pub fn conformity_lab(props: &ConformityLabProps) -> Html {
    let lab = use_reducer(|| LabState::new(props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    let mode = props.mode;
    let choices = use_memo(mode, |mode| {
        EXERCISES
            .iter()
            .filter(|exercise| mode.has(exercise.id))
            .map(|exercise| ExerciseChoice { id: exercise.id, title: exercise.title })
            .collect::<Rc<[_]>>()
    });
    let on_action = {
        let lab = lab.clone();
        Callback::from(move |action| lab.dispatch(action))
    };
    use_saved_progress(PROGRESS_KEY, PROGRESS_VERSION, lab.to_save(), {
        let lab = lab.clone();
        Callback::from(move |loaded| lab.dispatch(LabAction::Restore(Box::new(loaded))))
    });
    let open =
        lab.exercise().map(|exercise| OpenExercise { id: exercise.id, goal: exercise.goal, hints: exercise.hints });
    let work = &lab.work;
    let dossier = work.dossier();
    let answers = work.current_answers();
    html! {
        <div class="conformity-lab">
            <h3 class="lab-title">{ "Conformity lab: which rules apply, and does it meet EN 303 645?" }</h3>
            <p class="intro">
                { "Describe a product, or pick one of the book's, and see which EU acts apply to it, from when and why. Then assess a product dossier against EN 303 645 as TS 103 701 does: decide every provision, and read the conformance statement, the reporting clause 4 asks for and what each gap means under the CRA and EN 18031. The rules are as they stand in December 2026." }
            </p>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={on_action.reform(|()| LabAction::Dismiss)} />
            <ExercisePanel
                class="conformity-exercises"
                select_id={format!("conformity-exercise-{id}")}
                free_choice="Free exploration (no exercise)"
                exercises={(*choices).clone()}
                open={open}
                hints_shown={lab.tracker.hints_shown()}
                completed={Rc::new(lab.tracker.completed().clone())}
                outcome={lab.tracker.outcome().cloned()}
                remember_done=true
                on_choose={on_action.reform(LabAction::StartExercise)}
                on_hint={on_action.reform(|()| LabAction::ShowHint)}
                on_reset={on_action.reform(|()| LabAction::ResetExercise)}
            />
            if mode.shows_rules() {
                <h4 class="mode-title">{ "Which rules apply" }</h4>
                <div class="conformity-grid">
                    <ProductForm id={id} product={work.product.clone()} date_text={lab.date_text.clone()} date_error={lab.date_error.clone()} on_action={on_action.clone()} />
                    <RulesPanel id={id} product={work.product.clone()} prediction={work.prediction.clone()} committed={work.committed.clone()} answer_hidden={lab.answer_hidden()} on_action={on_action.clone()} />
                </div>
            }
            if mode.shows_assessment() {
                <h4 class="mode-title">{ format!("EN 303 645 self-assessment: {}", dossier.title) }</h4>
                <AssessmentPanel id={id} dossier={dossier.key} answers={answers.clone()} on_action={on_action.clone()} />
                <ResultsPanel id={id} product={if dossier.key == OWN_PRODUCT.key { work.product.name.clone() } else { dossier.title.to_owned() }} answers={answers} work={work.clone()} on_action={on_action.clone()} />
                <RemediationPanel id={id} dossier={dossier.key} fixes={work.fixes.clone()} policy={work.policy.clone()} on_action={on_action} />
            }
        </div>
    }
}
