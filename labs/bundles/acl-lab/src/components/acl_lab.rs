//! The access-control lab: the reducer's owner. Keeps progress with the kit's `use_saved_progress`; the kit's
//! notice banner and the child components render slices of the state and dispatch actions.

use lab_kit::{NoticeBanner, use_saved_progress};
use yew::prelude::*;

use super::access_models_panel::AccessModelsPanel;
use super::attachment_table::AttachmentTable;
use super::challenge_panel::ChallengePanel;
use super::decision_matrix::DecisionMatrix;
use super::policy_editor::PolicyEditor;
use crate::model::{LabAction, LabState, PROGRESS_VERSION, STORAGE_KEY};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AclLabProps {
    /// The id of the challenge to start with (saved progress may choose another).
    pub challenge: String,
}

#[function_component(AclLab)]
pub fn acl_lab(props: &AclLabProps) -> Html {
    let state = use_reducer(|| LabState::new(&props.challenge));
    let id_prefix: AttrValue = use_memo((), |_| format!("acl-{}", super::next_widget_id())).to_string().into();

    use_saved_progress(STORAGE_KEY, PROGRESS_VERSION, state.to_save(), {
        let state = state.clone();
        Callback::from(move |loaded| state.dispatch(LabAction::Restore(loaded)))
    });

    let on_dispatch = {
        let state = state.clone();
        Callback::from(move |action: LabAction| state.dispatch(action))
    };
    let on_dismiss = {
        let on_dispatch = on_dispatch.clone();
        Callback::from(move |()| on_dispatch.emit(LabAction::DismissNotice))
    };
    let setup = state.setup().clone();

    html! {
        <div class="acl-lab">
            <h3 class="lab-title">{ "Access-control policy lab" }</h3>
            <NoticeBanner notice={state.notice.clone()} class="acl-notice" on_dismiss={on_dismiss} />
            <ChallengePanel
                id_prefix={id_prefix.clone()}
                challenges={state.challenges.clone()}
                current={state.current}
                solved={state.solved.clone()}
                grade={state.grade.clone()}
                on_dispatch={on_dispatch.clone()}
            />
            <div class="acl-workspace">
                <PolicyEditor
                    id_prefix={id_prefix.clone()}
                    policies={setup.policies.clone()}
                    selected={state.selected_policy}
                    json_text={state.json_text.clone()}
                    json_error={state.json_error.clone()}
                    problems={state.world.problems.clone()}
                    on_dispatch={on_dispatch.clone()}
                />
                <AttachmentTable setup={setup.clone()} on_dispatch={on_dispatch.clone()} />
            </div>
            <DecisionMatrix
                id_prefix={id_prefix.clone()}
                world={state.world.clone()}
                targets={state.targets()}
                target={state.target.clone()}
                context={state.context.clone()}
                selected={state.selected_cell.clone()}
                on_dispatch={on_dispatch.clone()}
            />
            <AccessModelsPanel setup={setup} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(challenge: &str) -> String {
        lab_kit::testing::render::<AclLab>(AclLabProps { challenge: challenge.to_owned() })
    }

    /// Every `<label for=X>` points at an element with id X.
    fn assert_labels_point_at_fields(html: &str) {
        let mut count = 0;
        for piece in html.split("<label for=\"").skip(1) {
            let id = piece.split('"').next().expect("an id");
            assert!(html.contains(&format!("id=\"{id}\"")), "label for {id} points nowhere");
            count += 1;
        }
        assert!(count > 10, "the form has labelled fields ({count})");
    }

    #[test]
    fn the_lab_renders_its_challenge_policy_links_matrix_and_models() {
        let html = render("thermostat-hours");
        assert!(html.contains("Thermostat: write only, office hours, building network"), "the challenge is chosen");
        assert!(html.contains("0 of 7 solved"));
        assert!(html.contains("value=\"acpThermostat\""), "the policy name is in the form");
        assert_eq!(
            html.matches("data-operation=\"Create\"").count(),
            2 + 7,
            "one checkbox per rule, one cell per originator"
        );
        assert!(
            html.contains(
                "acop = 1 (Create) + 2 (Retrieve) + 4 (Update) + 8 (Delete) + 16 (Notify) + 32 (Discovery) = 63"
            ),
            "the sum is the engine's"
        );
        assert!(
            html.contains("&quot;acop&quot;: 63") || html.contains("\"acop\": 63"),
            "the JSON view shows the policy"
        );
        assert_eq!(html.matches("class=\"cell ").count(), 42, "7 originators x 6 operations");
        assert!(html.contains("aria-label=\"grant: Cthermostat, Create. Show why.\""), "{html}");
        assert!(html.contains("aria-label=\"deny: Canalytics, Create. Show why.\""));
        // (Yew sets `checked` as a property, so server rendering does not show it; the browser test checks it)
        assert!(
            html.contains("aria-label=\"cse-in/thermostat/temperature links acpThermostat\""),
            "a labelled link checkbox"
        );
        assert!(
            html.contains("Role-based: role → permissions") && html.contains("IF subject is Cthermostat"),
            "both models"
        );
        assert_labels_point_at_fields(&html);
    }

    #[test]
    fn an_unknown_challenge_starts_the_first_and_each_challenge_renders() {
        assert!(render("nope").contains("Thermostat: write only"));
        for id in crate::challenges::CHALLENGE_IDS {
            let html = render(id);
            assert!(html.contains(&format!("value=\"{id}\" selected")), "{id} is selected");
            assert!(!html.contains("The CSE refused"), "{id} starts with policies the CSE accepts");
            assert!(!html.contains('`'), "{id}: no Markdown backtick is shown as text");
        }
    }
}
