//! The attack tree: the goal (an OR node), AND/OR nodes and attack steps with a cost, edited with forms; before the
//! goal's difficulty and the cheapest path are shown, the student predicts how hard the goal is.

use yew::prelude::*;

use super::{field_error, select_value, value_of};
use crate::attack_tree::{ATTACK_STEPS, AttackTree, Gate, Node, NodeKind, cost_label};
use crate::model::{LabAction, LabState};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AttackTreePanelProps {
    pub lab: UseReducerHandle<LabState>,
    pub id: u32,
}

fn node_view(
    lab: &UseReducerHandle<LabState>,
    tree: &AttackTree,
    node: &Node,
    path: &[String],
    shown: bool,
    depth: usize,
) -> Html {
    if depth > tree.nodes.len() {
        return html! {};
    }
    let on_path = shown && path.contains(&node.id);
    let node_id = node.id.clone();
    let control = match &node.kind {
        NodeKind::Gate { gate } => {
            let on_change = {
                let (lab, node_id) = (lab.clone(), node_id.clone());
                Callback::from(move |event: Event| {
                    lab.dispatch(LabAction::SetGate { id: node_id.clone(), value: select_value(&event) })
                })
            };
            html! {
                <select class="gate" aria-label={format!("Kind of “{}”", node.label)} onchange={on_change}>
                    { for [Gate::And, Gate::Or].into_iter().map(|choice| html! {
                        <option value={choice.label().to_lowercase()} selected={*gate == choice}>{ choice.label() }</option>
                    }) }
                </select>
            }
        }
        NodeKind::Step { cost, .. } => {
            let on_change = {
                let (lab, node_id) = (lab.clone(), node_id.clone());
                Callback::from(move |event: Event| {
                    lab.dispatch(LabAction::SetCost { id: node_id.clone(), value: select_value(&event) })
                })
            };
            html! {
                <select class="cost" aria-label={format!("Cost of “{}”", node.label)} onchange={on_change}>
                    { for (1..=3u8).map(|choice| html! {
                        <option value={choice.to_string()} selected={*cost == choice}>{ format!("{choice} {}", cost_label(choice)) }</option>
                    }) }
                </select>
            }
        }
    };
    let remove = node.parent.is_some().then(|| {
        let (lab, node_id) = (lab.clone(), node_id.clone());
        let on_remove = Callback::from(move |_: MouseEvent| lab.dispatch(LabAction::RemoveNode(node_id.clone())));
        html! { <button type="button" class="remove-node" aria-label={format!("Remove “{}”", node.label)} onclick={on_remove}>{ "×" }</button> }
    });
    let children: Vec<&Node> = tree.children(&node.id).collect();
    html! {
        <li class={classes!("tree-node", on_path.then_some("cheapest"))} data-node={node.id.clone()}>
            <span class="node-label">{ node.label.clone() }</span>
            { " " }{ control }{ for remove }
            if on_path { <span class="path-mark">{ " ◀ cheapest path" }</span> }
            if !children.is_empty() {
                <ul>{ for children.into_iter().map(|child| node_view(lab, tree, child, path, shown, depth + 1)) }</ul>
            }
        </li>
    }
}

#[function_component(AttackTreePanel)]
pub fn attack_tree_panel(props: &AttackTreePanelProps) -> Html {
    let lab = props.lab.clone();
    let id = props.id;
    let tree = &lab.workspace().tree;
    let field = |name: &str| format!("threat-{name}-{id}");
    let refs = use_memo((), |_| [(); 6].map(|_| NodeRef::default()));
    let [parent, kind, step, label, cost, prediction] = (*refs).clone();
    let on_add = {
        let lab = lab.clone();
        let (parent, kind, step, label, cost) =
            (parent.clone(), kind.clone(), step.clone(), label.clone(), cost.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let kind = value_of(&kind);
            lab.dispatch(if kind == "step" {
                LabAction::AddStep {
                    parent: value_of(&parent),
                    step: value_of(&step),
                    label: value_of(&label),
                    cost: value_of(&cost),
                }
            } else {
                LabAction::AddGate { parent: value_of(&parent), gate: kind, label: value_of(&label) }
            });
            super::clear(&label);
        })
    };
    let on_predict = {
        let (lab, prediction) = (lab.clone(), prediction.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            lab.dispatch(LabAction::Predict(value_of(&prediction)));
        })
    };
    let path = tree.cheapest_path();
    let shown = lab.prediction.is_some();
    let outcome = match (lab.prediction, tree.cost()) {
        (None, _) => html! {},
        (Some(_), None) => {
            html! { <p class="tree-cost" role="status">{ "The goal cannot be reached yet: every AND and OR node needs something under it." }</p> }
        }
        (Some(predicted), Some(cost)) => {
            let verdict = if predicted == cost { "as you predicted" } else { "not what you predicted" };
            html! {
                <p class={classes!("tree-cost", if predicted == cost { "ok" } else { "pending" })} role="status">
                    { format!("The goal is {} (cost {cost}), {verdict}: you said {}. The cheapest path is marked.", cost_label(cost), cost_label(predicted)) }
                </p>
            }
        }
    };
    let gates = tree.nodes.iter().filter(|node| matches!(node.kind, NodeKind::Gate { .. }));
    let error = lab.error_at("node-label");
    html! {
        <section class="threat-tree" aria-label="Attack tree">
            <h4>{ "4. Attack tree" }</h4>
            <p class="help">{ "OR: any one child is enough; AND: all are needed. An AND node is as hard as its hardest child, an OR node as easy as its easiest." }</p>
            <ul class="attack-tree">
                { for tree.root().map(|root| node_view(&lab, tree, root, &path, shown, 0)) }
            </ul>
            <form class="row predict" onsubmit={on_predict}>
                <label for={field("prediction")}>{ "Before you look: how hard is the goal now?" }</label>
                <select id={field("prediction")} ref={prediction} aria-invalid={lab.error_at("prediction").map(|_| "true")}>
                    { for (1..=3u8).map(|cost| html! { <option value={cost.to_string()} selected={lab.prediction == Some(cost)}>{ cost_label(cost) }</option> }) }
                </select>
                <button type="submit" class="reveal">{ "Reveal" }</button>
            </form>
            { outcome }
            <form class="add-node" onsubmit={on_add}>
                <label for={field("node-parent")}>{ "Under" }</label>
                <select id={field("node-parent")} ref={parent}>
                    { for gates.map(|gate| html! { <option value={gate.id.clone()}>{ gate.label.clone() }</option> }) }
                </select>
                <label for={field("node-kind")}>{ "add" }</label>
                <select id={field("node-kind")} ref={kind}>
                    <option value="step">{ "an attack step" }</option>
                    <option value="and">{ "an AND node" }</option>
                    <option value="or">{ "an OR node" }</option>
                </select>
                <label for={field("node-step")}>{ "Step" }</label>
                <select id={field("node-step")} ref={step}>
                    { for ATTACK_STEPS.iter().map(|step| html! { <option value={step.id}>{ step.label }</option> }) }
                </select>
                <label for={field("node-cost")}>{ "Cost" }</label>
                <select id={field("node-cost")} ref={cost}>
                    { for (1..=3u8).map(|choice| html! { <option value={choice.to_string()}>{ format!("{choice} {}", cost_label(choice)) }</option> }) }
                </select>
                <label for={field("node-label")}>{ "Label (a step's own if empty)" }</label>
                <input id={field("node-label")} ref={label} type="text" aria-invalid={error.map(|_| "true")}
                    aria-describedby={error.map(|_| field("node-label-error"))} />
                <button type="submit">{ "Add to the tree" }</button>
            </form>
            { field_error(&field("node-label-error"), error) }
        </section>
    }
}
