//! The CSE lab's views, one component per file. They read the console state and dispatch actions.

pub mod clock;
pub mod composer;
pub mod console;
pub mod inboxes;
pub mod resource_tree;
pub mod response_panel;
pub mod sequence_diagram;
pub mod session_tools;

pub(crate) use lab_kit::next_widget_id;

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use lab_kit::testing::tag_with_id;
    use onem2m_cse::Operation;
    use yew::prelude::*;

    use super::composer::Composer;
    use super::response_panel::ResponsePanel;
    use crate::model::{ConsoleAction, ConsoleState, DraftField};

    #[derive(Properties, PartialEq)]
    struct HarnessProps {
        state: ConsoleState,
    }

    /// The composer and the response panel over a given state.
    #[function_component(Harness)]
    fn harness(props: &HarnessProps) -> Html {
        let console = use_reducer(|| props.state.clone());
        html! {
            <>
                <Composer
                    id={7}
                    draft={console.draft.clone()}
                    problem={console.draft_problem.clone()}
                    session={console.session.clone()}
                    on_edit={Callback::noop()}
                    on_operation={Callback::noop()}
                    on_type={Callback::noop()}
                    on_discovery={Callback::noop()}
                    on_send={Callback::noop()}
                />
                <ResponsePanel last={console.session.last.clone()} draft_problem={console.draft_problem.clone()} />
            </>
        }
    }

    fn render(actions: Vec<ConsoleAction>) -> String {
        let mut state = Rc::new(ConsoleState::new(None));
        for action in actions {
            state = state.reduce(action);
        }
        let state = (*state).clone();
        lab_kit::testing::render::<Harness>(HarnessProps { state })
    }

    #[test]
    fn invalid_json_is_shown_at_the_body_and_in_the_response_panel() {
        let html = render(vec![
            ConsoleAction::SetOperation(Operation::Create),
            ConsoleAction::Edit(DraftField::Body, "{oops".into()),
            ConsoleAction::Send,
        ]);
        let body = tag_with_id(&html, "cse-body-7");
        assert!(
            body.contains("aria-invalid=\"true\"") && body.contains("aria-describedby=\"cse-body-error-7\""),
            "{body}"
        );
        let message = &html[html.find("id=\"cse-body-error-7\"").expect("a message")..];
        assert!(message.contains("The body is not valid JSON: "), "{message}");
        let (field, shown, filters) =
            (html.find("id=\"cse-body-7\""), html.find("id=\"cse-body-error-7\""), html.find("Filter criteria"));
        assert!(field < shown && shown < filters, "the message is right below the field");
        let response = &html[html.find("aria-label=\"Response\"").expect("the panel")..];
        assert!(response.contains("Not sent: the body is not valid JSON: "), "{response}");
        assert!(!response.contains("Send a request to see"), "{response}");
        let to = tag_with_id(&html, "cse-to-7");
        assert!(!to.contains("aria-invalid"), "only the offending field is marked: {to}");
    }

    #[test]
    fn a_missing_target_is_shown_at_the_target_without_markdown() {
        let html = render(vec![ConsoleAction::Edit(DraftField::To, " ".into()), ConsoleAction::Send]);
        assert!(tag_with_id(&html, "cse-to-7").contains("aria-invalid=\"true\""));
        assert!(html.contains("The target is empty: enter an address such as cse-in."), "{html}");
        assert!(!html.contains('`'), "no Markdown backticks shown as text: {html}");
    }

    #[test]
    fn a_bad_filter_opens_the_filters_and_marks_the_field() {
        let html = render(vec![ConsoleAction::Edit(DraftField::FilterLimit, "ten".into()), ConsoleAction::Send]);
        assert!(
            html.contains("<details open=\"open\" class=\"filters\">"),
            "the filters open to show the field: {html}"
        );
        assert!(tag_with_id(&html, "cse-lim-7").contains("aria-invalid=\"true\""));
        let after_a_good_send = render(vec![
            ConsoleAction::Send,
            ConsoleAction::Edit(DraftField::FilterLimit, "ten".into()),
            ConsoleAction::Send,
        ]);
        let response = &after_a_good_send[after_a_good_send.find("aria-label=\"Response\"").expect("the panel")..];
        assert!(
            response.contains("Not sent: the limit (lim) “ten” is not a number.") && response.contains("2000"),
            "{response}"
        );
    }
}
