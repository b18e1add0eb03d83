//! Editing the diagram with the keyboard: choose an item to rename, move into a boundary or remove; add an element,
//! connect two elements with a flow, draw a trust boundary. Every form submits with Enter; errors show at the field.

use yew::prelude::*;

use super::{clear, field_error, select_value, value_of};
use crate::diagram::ElementKind;
use crate::model::{LabAction, LabState};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct DiagramEditorProps {
    pub lab: UseReducerHandle<LabState>,
    pub id: u32,
}

#[function_component(DiagramEditor)]
pub fn diagram_editor(props: &DiagramEditorProps) -> Html {
    let lab = props.lab.clone();
    let id = props.id;
    let diagram = &lab.workspace().diagram;
    let field = |name: &str| format!("threat-{name}-{id}");
    let refs = use_memo((), |_| [(); 9].map(|_| NodeRef::default()));
    let [rename, element_name, element_kind, element_boundary, flow_name, flow_from, flow_to, boundary_name, move_to] =
        (*refs).clone();
    let described = |key: &str| lab.error_at(key).map(|_| field(&format!("{key}-error")));
    let invalid = |key: &str| lab.error_at(key).map(|_| "true");
    let submit = |make: Box<dyn Fn() -> LabAction>, cleared: Vec<NodeRef>| {
        let lab = lab.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            lab.dispatch(make());
            cleared.iter().for_each(clear);
        })
    };
    let selected = lab.selected.clone().unwrap_or_default();
    let on_select = {
        let lab = lab.clone();
        Callback::from(move |event: Event| lab.dispatch(LabAction::Select(select_value(&event))))
    };
    let on_rename = {
        let (selected, rename) = (selected.clone(), rename.clone());
        submit(Box::new(move || LabAction::Rename { id: selected.clone(), name: value_of(&rename) }), vec![])
    };
    let on_move = {
        let (lab, selected) = (lab.clone(), selected.clone());
        Callback::from(move |event: Event| {
            lab.dispatch(LabAction::MoveToBoundary { id: selected.clone(), boundary: select_value(&event) })
        })
    };
    let on_remove = {
        let (lab, selected) = (lab.clone(), selected.clone());
        Callback::from(move |_: MouseEvent| lab.dispatch(LabAction::RemoveItem(selected.clone())))
    };
    let on_add_element = {
        let (name, kind, boundary) = (element_name.clone(), element_kind.clone(), element_boundary.clone());
        submit(
            Box::new(move || LabAction::AddElement {
                name: value_of(&name),
                kind: value_of(&kind),
                boundary: value_of(&boundary),
            }),
            vec![element_name.clone()],
        )
    };
    let on_connect = {
        let (name, from, to) = (flow_name.clone(), flow_from.clone(), flow_to.clone());
        submit(
            Box::new(move || LabAction::Connect { name: value_of(&name), from: value_of(&from), to: value_of(&to) }),
            vec![flow_name.clone()],
        )
    };
    let on_boundary = {
        let name = boundary_name.clone();
        submit(Box::new(move || LabAction::AddBoundary { name: value_of(&name) }), vec![boundary_name.clone()])
    };
    let element_options = |chosen: Option<&str>| {
        diagram
            .elements
            .iter()
            .map(|element| {
                html! { <option value={element.id.clone()} selected={chosen == Some(element.id.as_str())}>{ element.name.clone() }</option> }
            })
            .collect::<Html>()
    };
    let boundary_options = |chosen: Option<&str>| {
        html! {
            <>
                <option value="" selected={chosen.is_none()}>{ "Outside every boundary" }</option>
                { for diagram.boundaries.iter().map(|boundary| html! {
                    <option value={boundary.id.clone()} selected={chosen == Some(boundary.id.as_str())}>{ boundary.name.clone() }</option>
                }) }
            </>
        }
    };
    let chosen_element = diagram.element(&selected);
    let selected_name = diagram.name_of(&selected).unwrap_or_default().to_owned();
    html! {
        <div class="diagram-editor">
            <div class="row">
                <label for={field("selected")}>{ "Edit" }</label>
                <select id={field("selected")} class="selected-item" onchange={on_select}>
                    <option value="" selected={selected.is_empty()}>{ "Choose an element, flow or boundary" }</option>
                    <optgroup label="Elements">{ element_options(Some(selected.as_str())) }</optgroup>
                    <optgroup label="Data flows">
                        { for diagram.flows.iter().map(|flow| html! {
                            <option value={flow.id.clone()} selected={flow.id == selected}>{ flow.name.clone() }</option>
                        }) }
                    </optgroup>
                    <optgroup label="Trust boundaries">
                        { for diagram.boundaries.iter().map(|boundary| html! {
                            <option value={boundary.id.clone()} selected={boundary.id == selected}>{ boundary.name.clone() }</option>
                        }) }
                    </optgroup>
                </select>
            </div>
            if !selected.is_empty() {
                <form class="row rename-form" onsubmit={on_rename}>
                    <label for={field("rename")}>{ format!("Rename “{selected_name}”") }</label>
                    <input id={field("rename")} ref={rename} type="text" value={selected_name.clone()}
                        aria-invalid={invalid("rename")} aria-describedby={described("rename")} />
                    <button type="submit">{ "Rename" }</button>
                    <button type="button" class="remove-item" onclick={on_remove}>{ "Remove" }</button>
                </form>
                { field_error(&field("rename-error"), lab.error_at("rename")) }
                if let Some(element) = chosen_element {
                    <div class="row">
                        <label for={field("move")}>{ "Inside" }</label>
                        <select id={field("move")} ref={move_to} class="move-to" onchange={on_move}>
                            { boundary_options(element.boundary.as_deref()) }
                        </select>
                    </div>
                }
            }
            <details class="diagram-forms">
                <summary>{ "Add an element, a flow or a trust boundary" }</summary>
                <form class="add-element" onsubmit={on_add_element}>
                    <label for={field("element-name")}>{ "New element" }</label>
                    <input id={field("element-name")} ref={element_name} type="text" placeholder="e.g. Doorbell camera"
                        aria-invalid={invalid("element-name")} aria-describedby={described("element-name")} />
                    <label for={field("element-kind")}>{ "Kind" }</label>
                    <select id={field("element-kind")} ref={element_kind}
                        aria-invalid={invalid("element-kind")} aria-describedby={described("element-kind")}>
                        { for ElementKind::ALL.into_iter().map(|kind| html! { <option value={kind.code()}>{ kind.label() }</option> }) }
                    </select>
                    <label for={field("element-boundary")}>{ "Inside" }</label>
                    <select id={field("element-boundary")} ref={element_boundary}>{ boundary_options(None) }</select>
                    <button type="submit">{ "Add element" }</button>
                </form>
                { field_error(&field("element-name-error"), lab.error_at("element-name")) }
                { field_error(&field("element-kind-error"), lab.error_at("element-kind")) }
                <form class="connect" onsubmit={on_connect}>
                    <label for={field("flow-from")}>{ "Flow from" }</label>
                    <select id={field("flow-from")} ref={flow_from}>{ element_options(None) }</select>
                    <label for={field("flow-to")}>{ "to" }</label>
                    <select id={field("flow-to")} ref={flow_to}>{ element_options(diagram.elements.get(1).map(|e| e.id.as_str())) }</select>
                    <label for={field("flow-name")}>{ "carrying" }</label>
                    <input id={field("flow-name")} ref={flow_name} type="text" placeholder="e.g. Video clips"
                        aria-invalid={invalid("flow-name")} aria-describedby={described("flow-name")} />
                    <button type="submit">{ "Connect" }</button>
                </form>
                { field_error(&field("flow-name-error"), lab.error_at("flow-name")) }
                <form class="add-boundary" onsubmit={on_boundary}>
                    <label for={field("boundary-name")}>{ "New trust boundary" }</label>
                    <input id={field("boundary-name")} ref={boundary_name} type="text" placeholder="e.g. Neighbour's network"
                        aria-invalid={invalid("boundary-name")} aria-describedby={described("boundary-name")} />
                    <button type="submit">{ "Draw boundary" }</button>
                </form>
                { field_error(&field("boundary-name-error"), lab.error_at("boundary-name")) }
                <p class="help">{ "Move elements into a boundary with “Edit” above; a flow whose ends are in different boundaries crosses a trust boundary." }</p>
            </details>
        </div>
    }
}
