//! The mapping: the alignment rules as rows (remove one, add one) and the same rules as Turtle,
//! editable; the mapping's own diagnostics (reversed rules, unknown terms) beside it.

use onem2m_ontology::RuleRelation;
use onem2m_ontology::terms::compact_iri;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::diagnostic_list;
use crate::model::{Editor, LabAction, LabState, RuleField};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct MappingTableProps {
    pub lab: UseReducerHandle<LabState>,
    pub id: u32,
}

#[function_component(MappingTable)]
pub fn mapping_table(props: &MappingTableProps) -> Html {
    let lab = props.lab.clone();
    let on_turtle = {
        let lab = lab.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            lab.dispatch(LabAction::Edit(Editor::Alignment, area.value()));
        })
    };
    let draft_input = |field: RuleField| {
        let lab = lab.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            lab.dispatch(LabAction::EditRuleDraft(field, input.value()));
        })
    };
    let on_relation = {
        let lab = lab.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            lab.dispatch(LabAction::SetRuleDraftProperty(select.value() == "property"));
        })
    };
    let on_add = {
        let lab = lab.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            lab.dispatch(LabAction::AddRule);
        })
    };
    let on_reset = {
        let lab = lab.clone();
        Callback::from(move |_| lab.dispatch(LabAction::ResetMapping))
    };
    let rules = &lab.analysis.alignment.rules;
    let id = props.id;
    let turtle_id = format!("ontology-mapping-{id}");
    let problem_id = format!("ontology-rule-problem-{id}");
    // a field named by the last "Add rule" problem is marked invalid and described by the message
    let invalid = |field: RuleField| lab.rule_problem_at(field).then_some(AttrValue::from("true"));
    let described_by = |field: RuleField| lab.rule_problem_at(field).then(|| AttrValue::from(problem_id.clone()));
    html! {
        <section class="ontology-mapping" aria-label="The mapping">
            <h4>{ format!("3. The mapping to the Base Ontology ({} rules)", rules.len()) }</h4>
            <p class="explain">{ "Each rule places a SAREF term below a Base Ontology term; the lab infers the Base Ontology types and links from them. Edit the rules in the table or as Turtle." }</p>
            <div class="table-scroll">
                <table class="rules">
                    <caption>{ "Alignment rules" }</caption>
                    <thead><tr><th scope="col">{ "SAREF term" }</th><th scope="col">{ "relation" }</th><th scope="col">{ "Base Ontology term" }</th><th scope="col"><span class="visually-hidden">{ "Remove" }</span></th></tr></thead>
                    <tbody>
                        { for rules.iter().enumerate().map(|(index, rule)| {
                            let source = compact_iri(&rule.source, &[]);
                            let on_remove = {
                                let lab = lab.clone();
                                Callback::from(move |_| lab.dispatch(LabAction::RemoveRule(index)))
                            };
                            html! {
                                <tr>
                                    <td>{ source.clone() }</td>
                                    <td>{ rule.relation.prefixed() }</td>
                                    <td>{ compact_iri(&rule.target, &[]) }</td>
                                    <td><button type="button" class="remove-rule" onclick={on_remove} aria-label={format!("Remove the rule for {source}")}>{ "Remove" }</button></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <form class="add-rule row" onsubmit={on_add}>
                <label for={format!("ontology-rule-source-{id}")}>{ "SAREF term" }</label>
                <input id={format!("ontology-rule-source-{id}")} class="rule-source" type="text" placeholder="saref:MeteringFunction"
                    value={lab.rule_draft.source.clone()} oninput={draft_input(RuleField::Source)}
                    aria-invalid={invalid(RuleField::Source)} aria-describedby={described_by(RuleField::Source)} />
                <label for={format!("ontology-rule-relation-{id}")}>{ "relation" }</label>
                <select id={format!("ontology-rule-relation-{id}")} class="rule-relation" onchange={on_relation}>
                    <option value="class" selected={!lab.rule_draft.property}>{ RuleRelation::SubClassOf.prefixed() }</option>
                    <option value="property" selected={lab.rule_draft.property}>{ RuleRelation::SubPropertyOf.prefixed() }</option>
                </select>
                <label for={format!("ontology-rule-target-{id}")}>{ "Base Ontology term" }</label>
                <input id={format!("ontology-rule-target-{id}")} class="rule-target" type="text" placeholder="base:MeasuringFunctionality"
                    value={lab.rule_draft.target.clone()} oninput={draft_input(RuleField::Target)}
                    aria-invalid={invalid(RuleField::Target)} aria-describedby={described_by(RuleField::Target)} />
                <button type="submit" class="add-rule-button">{ "Add rule" }</button>
                if let Some(problem) = &lab.rule_problem {
                    <p id={problem_id.clone()} class="rule-problem message wrong" role="alert">{ problem.message.clone() }</p>
                }
            </form>
            <div class="editor-with-diagnostics">
                <div class="editor">
                    <label for={turtle_id.clone()}>{ "The mapping as Turtle" }</label>
                    <textarea id={turtle_id} class="mapping" rows="14" spellcheck="false" wrap="off" value={lab.alignment_text.clone()} oninput={on_turtle} />
                    <button type="button" class="reset-mapping" onclick={on_reset}>{ "Back to the book's mapping" }</button>
                </div>
                <div class="diagnostics-panel" aria-live="polite">
                    <h5>{ format!("Mapping diagnostics ({})", lab.analysis.alignment.diagnostics.len()) }</h5>
                    { diagnostic_list(&lab.analysis.alignment.diagnostics, "No problems with the rules.") }
                </div>
            </div>
        </section>
    }
}
