//! One threat of the register: its sentence ("who could do what to which asset") and vulnerability, its review
//! (accept, or reject with a reason), and once accepted its score, priority, treatment, countermeasures (each
//! citing what it implements) and residual risk with its note.

use yew::prelude::*;

use super::{field_error, input_value, select_value, textarea_value, value_of};
use crate::catalogue::{countering, find_countermeasure};
use crate::model::{LabAction, LabState, field_key};
use crate::register::{Need, POTENTIAL_FACTORS, Status, Threat, Treatment, likelihood_from_potential};
use crate::workspace::ThreatField;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ThreatCardProps {
    pub lab: UseReducerHandle<LabState>,
    pub threat: Threat,
    pub id: u32,
}

#[function_component(ThreatCard)]
pub fn threat_card(props: &ThreatCardProps) -> Html {
    let lab = props.lab.clone();
    let threat = &props.threat;
    let tid = threat.id.clone();
    let field = |name: &str| format!("threat-{name}-{tid}-{}", props.id);
    let reason_ref = use_node_ref();
    let potential_refs = use_memo((), |_| [(); 5].map(|_| NodeRef::default()));
    let countermeasure_ref = use_node_ref();
    let dispatch = |make: fn(String, String) -> LabAction, value: fn(&Event) -> String| {
        let (lab, tid) = (lab.clone(), tid.clone());
        Callback::from(move |event: Event| lab.dispatch(make(tid.clone(), value(&event))))
    };
    let click = |action: LabAction| {
        let lab = lab.clone();
        Callback::from(move |_: MouseEvent| lab.dispatch(action.clone()))
    };
    let text_field = |which: ThreatField, value: &str| {
        let key = format!("{}-{tid}", field_key(which));
        let on_change = {
            let (lab, tid) = (lab.clone(), tid.clone());
            Callback::from(move |event: Event| {
                lab.dispatch(LabAction::SetText { id: tid.clone(), field: which, text: input_value(&event) })
            })
        };
        let error = lab.error_at(&key);
        html! {
            <div class={classes!("text-field", field_key(which))}>
                <label for={field(field_key(which))}>{ which.label() }</label>
                <input id={field(field_key(which))} type="text" value={value.to_owned()} onchange={on_change}
                    aria-invalid={error.map(|_| "true")} aria-describedby={error.map(|_| field(&format!("{}-error", field_key(which))))} />
                { field_error(&field(&format!("{}-error", field_key(which))), error) }
            </div>
        }
    };
    let on_reject = {
        let (lab, tid, reason_ref) = (lab.clone(), tid.clone(), reason_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            lab.dispatch(LabAction::Reject { id: tid.clone(), reason: value_of(&reason_ref) });
        })
    };
    let on_countermeasure = {
        let (lab, tid, chosen) = (lab.clone(), tid.clone(), countermeasure_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            lab.dispatch(LabAction::AddCountermeasure { id: tid.clone(), countermeasure: value_of(&chosen) });
        })
    };
    let on_estimate = {
        let (lab, tid, refs) = (lab.clone(), tid.clone(), (*potential_refs).clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let needs = refs.clone().map(|node| Need::parse(&value_of(&node)).unwrap_or(Need::Medium));
            lab.dispatch(LabAction::SetLikelihood {
                id: tid.clone(),
                value: likelihood_from_potential(needs).to_string(),
            });
        })
    };
    let potential = html! {
        <details class="attack-potential">
            <summary>{ "Estimate the likelihood from attack potential" }</summary>
            <form class="potential-form" onsubmit={on_estimate}>
                { for POTENTIAL_FACTORS.iter().zip(potential_refs.iter()).enumerate().map(|(index, (factor, node))| html! {
                    <>
                        <label for={field(&format!("potential-{index}"))}>{ format!("{factor} needed") }</label>
                        <select id={field(&format!("potential-{index}"))} ref={node.clone()}>
                            { for Need::ALL.into_iter().map(|need| html! { <option value={need.code()} selected={need == Need::Medium}>{ need.label() }</option> }) }
                        </select>
                    </>
                }) }
                <button type="submit" class="estimate">{ "Use the estimate" }</button>
            </form>
            <p class="help">{ "The less time, expertise, knowledge, opportunity and equipment an attack needs, the likelier it is (a simplification of TS 102 165-1's calculation)." }</p>
        </details>
    };
    let reason_key = format!("reason-{tid}");
    let reason_error = lab.error_at(&reason_key);
    let target = lab.workspace().diagram.name_of(&threat.target).unwrap_or(&threat.target).to_owned();
    let (status_class, status_text) = match &threat.status {
        Status::Candidate => ("candidate", "to review".to_owned()),
        Status::Accepted => ("accepted", "accepted".to_owned()),
        Status::Rejected { reason } => ("rejected", format!("rejected: {reason}")),
    };
    let scale = |name: &str, current: Option<u8>, on_change: Callback<Event>, labels: [&str; 3]| {
        html! {
            <>
                <label for={field(name)}>{ if name == "likelihood" { "Likelihood" } else { "Impact" } }</label>
                <select id={field(name)} class={name.to_owned()} onchange={on_change}>
                    <option value="" selected={current.is_none()}>{ "–" }</option>
                    { for (1..=3u8).map(|value| html! {
                        <option value={value.to_string()} selected={current == Some(value)}>{ format!("{value} ({})", labels[usize::from(value) - 1]) }</option>
                    }) }
                </select>
            </>
        }
    };
    let scoring = html! {
        <div class="scoring">
            <div class="row">
                { scale("likelihood", threat.likelihood, dispatch(|id, value| LabAction::SetLikelihood { id, value }, select_value), ["unlikely", "possible", "likely"]) }
                { scale("impact", threat.impact, dispatch(|id, value| LabAction::SetImpact { id, value }, select_value), ["low", "medium", "high"]) }
                <span class={classes!("risk", threat.score().map(|score| score.level().label()))}>
                    { threat.score().map(|score| format!("Risk {} ({})", score.risk(), score.level().label())).unwrap_or_else(|| "Not scored".to_owned()) }
                </span>
                <label for={field("rank")}>{ "Priority" }</label>
                <select id={field("rank")} class="rank" onchange={dispatch(|id, value| LabAction::SetRank { id, value }, select_value)}>
                    <option value="" selected={threat.rank.is_none()}>{ "–" }</option>
                    { for (1..=9u8).map(|rank| html! { <option value={rank.to_string()} selected={threat.rank == Some(rank)}>{ rank }</option> }) }
                </select>
            </div>
            { potential }
            <div class="row">
                <label for={field("treatment")}>{ "Treatment" }</label>
                <select id={field("treatment")} class="treatment" onchange={dispatch(|id, value| LabAction::SetTreatment { id, value }, select_value)}>
                    <option value="" selected={threat.treatment.is_none()}>{ "Not chosen" }</option>
                    { for Treatment::ALL.into_iter().map(|treatment| html! {
                        <option value={treatment.code()} selected={threat.treatment == Some(treatment)}>{ treatment.label() }</option>
                    }) }
                </select>
            </div>
            <form class="row countermeasure-form" onsubmit={on_countermeasure}>
                <label for={field("countermeasure")}>{ "Countermeasure" }</label>
                <select id={field("countermeasure")} ref={countermeasure_ref} class="countermeasure"
                    aria-invalid={lab.error_at(&format!("countermeasure-{tid}")).map(|_| "true")}>
                    { for countering(threat.category).map(|countermeasure| html! {
                        <option value={countermeasure.id}>{ format!("{} ({})", countermeasure.name, countermeasure.citations()) }</option>
                    }) }
                </select>
                <button type="submit">{ "Add" }</button>
            </form>
            { field_error(&field("countermeasure-error"), lab.error_at(&format!("countermeasure-{tid}"))) }
            <ul class="chosen-countermeasures">
                { for threat.countermeasures.iter().filter_map(|chosen| find_countermeasure(chosen)).map(|countermeasure| html! {
                    <li>
                        { format!("{} — implements {}", countermeasure.name, countermeasure.citations()) }
                        { " " }
                        <button type="button" class="remove-countermeasure" aria-label={format!("Remove {}", countermeasure.name)}
                            onclick={click(LabAction::RemoveCountermeasure { id: tid.clone(), countermeasure: countermeasure.id.to_owned() })}>{ "×" }</button>
                    </li>
                }) }
            </ul>
            <p class="residual">
                { match (threat.risk(), threat.residual()) {
                    (Some(risk), Some(residual)) => format!("Residual risk: {} x {} = {} ({}), was {risk}", residual.likelihood, residual.impact, residual.risk(), residual.level().label()),
                    _ => "Residual risk: score the threat first".to_owned(),
                } }
            </p>
            <div class="text-field residual-note">
                <label for={field("residual-note")}>{ ThreatField::ResidualNote.label() }</label>
                <textarea id={field("residual-note")} rows="2" value={threat.residual_note.clone()}
                    onchange={{
                        let (lab, tid) = (lab.clone(), tid.clone());
                        Callback::from(move |event: Event| lab.dispatch(LabAction::SetText { id: tid.clone(), field: ThreatField::ResidualNote, text: textarea_value(&event) }))
                    }} />
            </div>
        </div>
    };
    html! {
        <li class={classes!("threat", status_class)} data-threat={tid.clone()} data-target={threat.target.clone()} data-category={threat.category.code()}>
            <p class="threat-head">
                <span class="letter" aria-hidden="true">{ threat.category.letter() }</span>
                <strong>{ threat.category.label() }</strong>
                { format!(" on “{target}” · ") }
                <span class="status">{ status_text }</span>
            </p>
            <div class="sentence">
                { text_field(ThreatField::Who, &threat.who) }
                { text_field(ThreatField::What, &threat.what) }
                { text_field(ThreatField::Asset, &threat.asset) }
                { text_field(ThreatField::Vulnerability, &threat.vulnerability) }
            </div>
            <div class="actions review">
                if threat.status != Status::Accepted {
                    <button type="button" class="accept" onclick={click(LabAction::Accept(tid.clone()))}>{ "Accept" }</button>
                }
                if threat.status == Status::Candidate {
                    <form class="reject-form" onsubmit={on_reject}>
                        <label for={field("reason")}>{ "Reason to reject" }</label>
                        <input id={field("reason")} ref={reason_ref} type="text" class="reason"
                            aria-invalid={reason_error.map(|_| "true")} aria-describedby={reason_error.map(|_| field("reason-error"))} />
                        <button type="submit" class="reject">{ "Reject" }</button>
                    </form>
                } else {
                    <button type="button" class="reopen" onclick={click(LabAction::Reopen(tid.clone()))}>{ "Review again" }</button>
                }
                <button type="button" class="remove-threat" onclick={click(LabAction::RemoveThreat(tid.clone()))}>{ "Delete" }</button>
            </div>
            { field_error(&field("reason-error"), reason_error) }
            if threat.status == Status::Accepted { { scoring } }
        </li>
    }
}
