//! The ontology lab's views, one component per file. They read the lab state and dispatch actions.

pub mod description_editor;
pub mod discovery_panel;
pub mod exercise_panel;
pub mod graph_view;
pub mod instance_view;
pub mod mapping_table;
pub mod ontology_lab;
pub mod resources_panel;

pub(crate) use lab_kit::{next_widget_id, with_code_spans};
use onem2m_ontology::{Diagnostic, Severity};
use yew::prelude::*;

/// A list of diagnostics: severity, `line:column` when known, message.
pub fn diagnostic_list(diagnostics: &[Diagnostic], empty: &str) -> Html {
    if diagnostics.is_empty() {
        return html! { <p class="diagnostics-empty">{ empty.to_owned() }</p> };
    }
    html! {
        <ul class="diagnostics">
            { for diagnostics.iter().map(|diagnostic| {
                let (class, word) = match diagnostic.severity {
                    Severity::Error => ("diagnostic-error", "Error"),
                    Severity::Warning => ("diagnostic-warning", "Warning"),
                    Severity::Info => ("diagnostic-info", "Note"),
                };
                let place = diagnostic.location.map(|l| format!(" {}:{}", l.line, l.column)).unwrap_or_default();
                html! {
                    <li class={classes!("diagnostic", class)}>
                        <strong>{ format!("{word}{place}") }</strong>{ " " }{ with_code_spans(&diagnostic.message) }
                    </li>
                }
            }) }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use lab_kit::testing::tag_with_id;
    use yew::prelude::*;

    use super::mapping_table::MappingTable;
    use crate::model::{LabAction, LabState, RuleField};

    #[derive(Properties, PartialEq)]
    struct HarnessProps {
        state: LabState,
    }

    /// The mapping table over a given state.
    #[function_component(Harness)]
    fn harness(props: &HarnessProps) -> Html {
        let lab = &props.state;
        html! {
            <MappingTable
                id={3}
                analysis={lab_kit::Shared::from(lab.analysis.clone())}
                turtle={lab.alignment_text.clone()}
                draft={lab.rule_draft.clone()}
                problem={lab.rule_problem.clone()}
                on_turtle={Callback::noop()}
                on_draft={Callback::noop()}
                on_relation={Callback::noop()}
                on_add={Callback::noop()}
                on_remove={Callback::noop()}
                on_reset={Callback::noop()}
            />
        }
    }

    fn render(actions: Vec<LabAction>) -> String {
        let mut state = Rc::new(LabState::new(None));
        for action in actions {
            state = state.reduce(action);
        }
        let state = (*state).clone();
        lab_kit::testing::render::<Harness>(HarnessProps { state })
    }

    #[test]
    fn an_invalid_rule_is_explained_next_to_the_add_rule_form() {
        let html = render(vec![
            LabAction::EditRuleDraft(RuleField::Source, "foo bar".into()),
            LabAction::EditRuleDraft(RuleField::Target, "base:Device".into()),
            LabAction::AddRule,
        ]);
        let source = tag_with_id(&html, "ontology-rule-source-3");
        assert!(
            source.contains("aria-invalid=\"true\"") && source.contains("aria-describedby=\"ontology-rule-problem-3\""),
            "{source}"
        );
        assert!(!tag_with_id(&html, "ontology-rule-target-3").contains("aria-invalid"), "the target is fine");
        let form = &html[html.find("class=\"add-rule row\"").expect("the form")..];
        let form = &form[..form.find("</form>").expect("its end")];
        assert!(
            form.contains("id=\"ontology-rule-problem-3\"") && form.contains("the SAREF term “foo bar” is not one"),
            "inside the form, after the button: {form}"
        );
        assert!(form.find("Add rule") < form.find("id=\"ontology-rule-problem-3\""), "the message follows the button");
        let fine = render(vec![]);
        assert!(
            !fine.contains("aria-invalid") && !fine.contains("rule-problem"),
            "nothing is marked before a failed Add rule"
        );
    }
}
