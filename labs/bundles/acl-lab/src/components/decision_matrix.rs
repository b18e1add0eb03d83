//! The decision matrix: originators x operations on a chosen resource, under a chosen context.
//! Each cell is a button; choosing it shows the engine's explanation of that decision.

use onem2m_cse::AccessOperation;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::model::{Cell, LabAction, SharedWorld};
use crate::scenario::{ORIGINATORS, RequestContext, WEEKDAYS, originator_role};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct DecisionMatrixProps {
    pub id_prefix: AttrValue,
    pub world: SharedWorld,
    pub targets: Vec<String>,
    pub target: String,
    pub context: RequestContext,
    pub selected: Option<Cell>,
    pub on_dispatch: Callback<LabAction>,
}

fn on_select(on_dispatch: &Callback<LabAction>, action: fn(String) -> LabAction) -> Callback<Event> {
    let on_dispatch = on_dispatch.clone();
    Callback::from(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        on_dispatch.emit(action(select.value()));
    })
}

fn on_text(on_dispatch: &Callback<LabAction>, action: fn(String) -> LabAction) -> Callback<InputEvent> {
    let on_dispatch = on_dispatch.clone();
    Callback::from(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        on_dispatch.emit(action(input.value()));
    })
}

#[function_component(DecisionMatrix)]
pub fn decision_matrix(props: &DecisionMatrixProps) -> Html {
    let world = &*props.world;
    let context = &props.context;
    let ids = |name: &str| format!("{}-{name}", props.id_prefix);
    let explanation_id = ids("explanation");

    let target_options = props.targets.iter().map(|target| html! { <option value={target.clone()} selected={*target == props.target}>{ target.clone() }</option> });
    let day_options = WEEKDAYS.iter().enumerate().map(|(day, name)| html! { <option value={day.to_string()} selected={day as u32 == context.weekday}>{ *name }</option> });
    let hour_options = (0..24u32).map(|hour| html! { <option value={hour.to_string()} selected={hour == context.hour}>{ format!("{hour:02}:00") }</option> });

    let header = AccessOperation::ALL.iter().map(|operation| html! { <th scope="col">{ operation.name() }</th> });
    let rows = ORIGINATORS.iter().map(|originator| {
        let cells = AccessOperation::ALL.iter().map(|operation| {
            let operation = *operation;
            let decision = world.decide(originator, &props.target, operation, context);
            let granted = decision.as_ref().is_ok_and(|decision| decision.granted);
            let cell = Cell { originator: (*originator).to_owned(), operation };
            let selected = props.selected.as_ref() == Some(&cell);
            let on_click = {
                let on_dispatch = props.on_dispatch.clone();
                let cell = cell.clone();
                Callback::from(move |_: MouseEvent| on_dispatch.emit(LabAction::SelectCell(cell.clone())))
            };
            let on_focus = {
                let on_dispatch = props.on_dispatch.clone();
                Callback::from(move |_: FocusEvent| on_dispatch.emit(LabAction::SelectCell(cell.clone())))
            };
            let verdict = if granted { "granted" } else { "denied" };
            // the name a screen reader hears starts with the word the cell shows (WCAG 2.5.3, label in name)
            let shown = if granted { "grant" } else { "deny" };
            html! {
                <td>
                    <button type="button" class={classes!("cell", verdict, selected.then_some("selected"))}
                        data-originator={*originator} data-operation={operation.name()}
                        aria-label={format!("{shown}: {originator}, {operation}. Show why.")}
                        aria-pressed={selected.to_string()} aria-controls={explanation_id.clone()}
                        onclick={on_click} onfocus={on_focus}>
                        <span aria-hidden="true">{ if granted { "✓ " } else { "✗ " } }</span>{ shown }
                    </button>
                </td>
            }
        });
        html! {
            <tr>
                <th scope="row"><span class="originator">{ *originator }</span><span class="role">{ originator_role(originator) }</span></th>
                { for cells }
            </tr>
        }
    });

    let explanation = match &props.selected {
        None => {
            html! { <p>{ "Choose a cell (click it, or Tab to it) to see which rule of which policy decided, or why every rule failed." }</p> }
        }
        Some(cell) => match world.decide(&cell.originator, &props.target, cell.operation, context) {
            Ok(decision) => {
                let lines = world.explain(&decision);
                let (first, rest) =
                    lines.split_first().map(|(first, rest)| (first.clone(), rest.to_vec())).unwrap_or_default();
                html! {
                    <>
                        <p class={classes!("verdict", if decision.granted { "granted" } else { "denied" })}><strong>{ first }</strong></p>
                        <ul>{ for rest.into_iter().map(|line| html! { <li>{ line }</li> }) }</ul>
                    </>
                }
            }
            Err(error) => html! { <p>{ error }</p> },
        },
    };

    html! {
        <section class="acl-matrix" aria-label="Decision matrix">
            <h4>{ "Decision matrix" }</h4>
            <div class="acl-context">
                <div class="rule-field">
                    <label for={ids("target")}>{ "Target resource" }</label>
                    <select id={ids("target")} class="matrix-target" onchange={on_select(&props.on_dispatch, LabAction::SetTarget)}>{ for target_options }</select>
                </div>
                <div class="rule-field">
                    <label for={ids("day")}>{ "Day" }</label>
                    <select id={ids("day")} class="context-day" onchange={on_select(&props.on_dispatch, LabAction::SetWeekday)}>{ for day_options }</select>
                </div>
                <div class="rule-field">
                    <label for={ids("hour")}>{ "Time (UTC)" }</label>
                    <select id={ids("hour")} class="context-hour" onchange={on_select(&props.on_dispatch, LabAction::SetHour)}>{ for hour_options }</select>
                </div>
                <div class="rule-field">
                    <label for={ids("ip")}>{ "Source IP" }</label>
                    <input id={ids("ip")} type="text" class="context-ip" autocomplete="off" spellcheck="false"
                        value={context.ip.clone()} oninput={on_text(&props.on_dispatch, LabAction::SetIp)} />
                </div>
                <div class="rule-field">
                    <label for={ids("country")}>{ "Country" }</label>
                    <input id={ids("country")} type="text" class="context-country" autocomplete="off" spellcheck="false" maxlength="2"
                        value={context.country.clone()} oninput={on_text(&props.on_dispatch, LabAction::SetCountry)} />
                </div>
            </div>
            <p class="acl-note">{ format!("Requests to {} on {}.", props.target, context.describe()) }</p>
            <div class="acl-scroll" role="region" aria-label="Decisions per originator and operation" tabindex="0">
                <table class="decision-matrix">
                    <thead><tr><th scope="col">{ "originator" }</th>{ for header }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <div id={explanation_id} class="cell-explanation" aria-live="polite">{ explanation }</div>
        </section>
    }
}
