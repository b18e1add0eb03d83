//! The mapping: the alignment rules as rows (remove one, add one) and the same rules as Turtle,
//! editable; the mapping's own diagnostics (reversed rules, unknown terms) beside it.

use onem2m_ontology::RuleRelation;
use onem2m_ontology::terms::compact_iri;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::diagnostic_list;
use lab_kit::Shared;

use crate::model::{Analysis, RuleDraft, RuleField, RuleProblem};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct MappingTableProps {
    pub id: u32,
    pub analysis: Shared<Analysis>,
    /// The mapping as Turtle, as typed.
    pub turtle: AttrValue,
    /// The new-rule form, as typed.
    pub draft: RuleDraft,
    /// Why the last "Add rule" added nothing.
    pub problem: Option<RuleProblem>,
    /// The Turtle as the reader edits it.
    pub on_turtle: Callback<String>,
    /// A field of the new-rule form.
    pub on_draft: Callback<(RuleField, String)>,
    /// Whether the new rule relates properties (else classes).
    pub on_relation: Callback<bool>,
    pub on_add: Callback<()>,
    /// The index of the rule to remove.
    pub on_remove: Callback<usize>,
    /// Back to the book's mapping.
    pub on_reset: Callback<()>,
}

#[function_component(MappingTable)]
pub fn mapping_table(props: &MappingTableProps) -> Html {
    let on_turtle =
        props.on_turtle.reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let draft_input = |field: RuleField| {
        props
            .on_draft
            .reform(move |event: InputEvent| (field, event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_relation = props
        .on_relation
        .reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value() == "property");
    let on_add = props.on_add.reform(|event: SubmitEvent| event.prevent_default());
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    let problem_at = |field: RuleField| props.problem.as_ref().is_some_and(|problem| problem.fields.contains(&field));
    let rules = &props.analysis.alignment.rules;
    let id = props.id;
    let turtle_id = format!("ontology-mapping-{id}");
    let problem_id = format!("ontology-rule-problem-{id}");
    // a field named by the last "Add rule" problem is marked invalid and described by the message
    let invalid = |field: RuleField| problem_at(field).then_some(AttrValue::from("true"));
    let described_by = |field: RuleField| problem_at(field).then(|| AttrValue::from(problem_id.clone()));
    html! {
        <section class="ontology-mapping" aria-label="The mapping">
            <h4>{ format!("3. The mapping to the Base Ontology ({} rules)", rules.len()) }</h4>
            <p class="explain">{ "Each rule places a SAREF term below a Base Ontology term; the lab infers the Base Ontology types and links from them. Edit the rules in the table or as Turtle." }</p>
            <div class="table-scroll" tabindex="0">
                <table class="rules">
                    <caption>{ "Alignment rules" }</caption>
                    <thead><tr><th scope="col">{ "SAREF term" }</th><th scope="col">{ "relation" }</th><th scope="col">{ "Base Ontology term" }</th><th scope="col"><span class="visually-hidden">{ "Remove" }</span></th></tr></thead>
                    <tbody>
                        { for rules.iter().enumerate().map(|(index, rule)| {
                            let source = compact_iri(&rule.source, &[]);
                            let on_remove = props.on_remove.reform(move |_: MouseEvent| index);
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
                    value={props.draft.source.clone()} oninput={draft_input(RuleField::Source)}
                    aria-invalid={invalid(RuleField::Source)} aria-describedby={described_by(RuleField::Source)} />
                <label for={format!("ontology-rule-relation-{id}")}>{ "relation" }</label>
                <select id={format!("ontology-rule-relation-{id}")} class="rule-relation" onchange={on_relation}>
                    <option value="class" selected={!props.draft.property}>{ RuleRelation::SubClassOf.prefixed() }</option>
                    <option value="property" selected={props.draft.property}>{ RuleRelation::SubPropertyOf.prefixed() }</option>
                </select>
                <label for={format!("ontology-rule-target-{id}")}>{ "Base Ontology term" }</label>
                <input id={format!("ontology-rule-target-{id}")} class="rule-target" type="text" placeholder="base:MeasuringFunctionality"
                    value={props.draft.target.clone()} oninput={draft_input(RuleField::Target)}
                    aria-invalid={invalid(RuleField::Target)} aria-describedby={described_by(RuleField::Target)} />
                <button type="submit" class="add-rule-button">{ "Add rule" }</button>
                if let Some(problem) = &props.problem {
                    <p id={problem_id.clone()} class="rule-problem message wrong" role="alert">{ problem.message.clone() }</p>
                }
            </form>
            <div class="editor-with-diagnostics">
                <div class="editor">
                    <label for={turtle_id.clone()}>{ "The mapping as Turtle" }</label>
                    <textarea id={turtle_id} class="mapping" rows="14" spellcheck="false" wrap="off" value={props.turtle.clone()} oninput={on_turtle} />
                    <button type="button" class="reset-mapping" onclick={on_reset}>{ "Back to the book's mapping" }</button>
                </div>
                <div class="diagnostics-panel" aria-live="polite" tabindex="0">
                    <h5>{ format!("Mapping diagnostics ({})", props.analysis.alignment.diagnostics.len()) }</h5>
                    { diagnostic_list(&props.analysis.alignment.diagnostics, "No problems with the rules.") }
                </div>
            </div>
        </section>
    }
}
