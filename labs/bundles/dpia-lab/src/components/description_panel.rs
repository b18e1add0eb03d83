//! Part 2, the description of the processing (Art. 35(7)(a)): the privacy lab's policy (resolutions, identifiers,
//! retention, who may retrieve what), the purposes with their lawful bases, and the resulting categories and flows.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::model::LabAction;
use crate::processing::{
    Channel, Identifiers, LawfulBasis, PolicySource, Processing, Purpose, RETENTION_CHOICES, Recipient, Resolution,
};

#[derive(Clone, PartialEq, Properties)]
pub struct DescriptionPanelProps {
    pub id: u32,
    pub processing: Processing,
    pub on_action: Callback<LabAction>,
    pub on_take_privacy_lab: Callback<()>,
}

fn select_value(event: Event) -> String {
    event.target_unchecked_into::<HtmlSelectElement>().value()
}

fn checked(event: Event) -> bool {
    event.target_unchecked_into::<HtmlInputElement>().checked()
}

#[function_component(DescriptionPanel)]
pub fn description_panel(props: &DescriptionPanelProps) -> Html {
    let processing = &props.processing;
    let policy = &processing.policy;
    let field = |name: &str| format!("dpia-{name}-{}", props.id);
    let on_action = &props.on_action;
    let resolution = |channel: Channel| {
        let id = field(&format!("resolution-{}", channel.key()));
        html! {
            <div class="row">
                <label for={id.clone()}>{ channel.label() }</label>
                <select id={id} class={format!("resolution-{}", channel.key())}
                    onchange={on_action.reform(move |event| LabAction::SetResolution(channel, select_value(event)))}>
                    { for Resolution::ALL.iter().filter(|resolution| resolution.applies_to(channel)).map(|resolution| html! {
                        <option value={resolution.key()} selected={*resolution == policy.resolution(channel)}>{ resolution.label(channel) }</option>
                    }) }
                </select>
            </div>
        }
    };
    let identifiers = |channel: Channel| {
        let id = field(&format!("identifiers-{}", channel.key()));
        html! {
            <div class="row">
                <label for={id.clone()}>{ format!("{}: identifiers", channel.label()) }</label>
                <select id={id} class={format!("identifiers-{}", channel.key())}
                    onchange={on_action.reform(move |event| LabAction::SetIdentifiers(channel, select_value(event)))}>
                    { for Identifiers::ALL.iter().map(|identifiers| html! {
                        <option value={identifiers.key()} selected={*identifiers == policy.identifiers(channel)}>{ identifiers.label(channel) }</option>
                    }) }
                </select>
            </div>
        }
    };
    let source = match processing.source {
        PolicySource::PrivacyLab => "The policy comes from your privacy lab.",
        PolicySource::Default => "The policy is the privacy lab's default.",
    };
    html! {
        <section class="dpia-description" aria-label="Description of the processing">
            <h4>{ "2. Describe the processing (Art. 35(7)(a))" }</h4>
            <p class="source">
                { source }
                { " " }
                <button type="button" class="take-privacy-lab" onclick={props.on_take_privacy_lab.reform(|_: MouseEvent| ())}>{ "Take my privacy lab policy" }</button>
                { " " }
                <button type="button" class="use-default" onclick={on_action.reform(|_: MouseEvent| LabAction::UseDefaultPolicy)}>{ "Start from the default policy" }</button>
            </p>
            <fieldset class="policy">
                <legend>{ "What leaves the home (the home gateway's policy)" }</legend>
                { resolution(Channel::Energy) }
                { identifiers(Channel::Energy) }
                { resolution(Channel::Motion) }
                { identifiers(Channel::Motion) }
                { resolution(Channel::Temperature) }
                <div class="row">
                    <label for={field("retention")}>{ "Keep readings on the platform for" }</label>
                    <select id={field("retention")} class="retention"
                        onchange={on_action.reform(|event| LabAction::SetRetention(select_value(event)))}>
                        { for RETENTION_CHOICES.iter().map(|days| html! {
                            <option value={days.to_string()} selected={*days == policy.retention_days}>{ format!("{days} days") }</option>
                        }) }
                    </select>
                </div>
            </fieldset>
            <div class="table-scroll">
                <table class="access">
                    <caption>{ "Who may retrieve each container (the platform's accessControlPolicies)" }</caption>
                    <thead><tr><th scope="col">{ "Recipient" }</th>{ for Channel::ALL.iter().map(|channel| html! { <th scope="col">{ channel.label() }</th> }) }</tr></thead>
                    <tbody>
                        { for Recipient::ALL.iter().map(|recipient| {
                            let recipient = *recipient;
                            html! {
                                <tr>
                                    <th scope="row">{ format!("{} ({})", recipient.label(), recipient.originator()) }</th>
                                    { for Channel::ALL.iter().map(|channel| {
                                        let channel = *channel;
                                        let label = format!("{} may retrieve {}", recipient.label(), channel.label().to_lowercase());
                                        html! {
                                            <td><input type="checkbox" aria-label={label} class={format!("access-{}-{}", recipient.key(), channel.key())}
                                                checked={policy.may_read(recipient, channel)}
                                                onchange={on_action.reform(move |event| LabAction::SetAccess(recipient, channel, checked(event)))} /></td>
                                        }
                                    }) }
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <div class="table-scroll">
                <table class="purposes">
                    <caption>{ "Purposes, recipients and lawful bases (Art. 6(1); Art. 9(2) for special categories)" }</caption>
                    <thead><tr><th scope="col">{ "In use" }</th><th scope="col">{ "Purpose and facts" }</th><th scope="col">{ "Lawful basis" }</th></tr></thead>
                    <tbody>
                        { for Purpose::ALL.iter().map(|purpose| {
                            let purpose = *purpose;
                            let choice = processing.choice(purpose);
                            let basis_id = field(&format!("basis-{}", purpose.key()));
                            let consent_id = field(&format!("explicit-{}", purpose.key()));
                            html! {
                                <tr class={classes!(format!("purpose-{}", purpose.key()), (!choice.enabled).then_some("unused"))}>
                                    <td><input type="checkbox" aria-label={format!("{} is in use", purpose.label())} class="purpose-enabled"
                                        checked={choice.enabled}
                                        onchange={on_action.reform(move |event| LabAction::SetPurpose(purpose, checked(event)))} /></td>
                                    <td><strong>{ purpose.label() }</strong>{ format!(" ({}). ", purpose.recipient().label()) }{ purpose.facts() }</td>
                                    <td>
                                        <label class="visually-hidden" for={basis_id.clone()}>{ format!("Lawful basis of {}", purpose.label()) }</label>
                                        <select id={basis_id} class="basis"
                                            onchange={on_action.reform(move |event| LabAction::SetBasis(purpose, select_value(event)))}>
                                            <option value="" selected={choice.basis.is_none()}>{ "not recorded" }</option>
                                            { for LawfulBasis::ALL.iter().map(|basis| html! {
                                                <option value={basis.key()} selected={Some(*basis) == choice.basis}>{ basis.label() }</option>
                                            }) }
                                        </select>
                                        if purpose.special_categories() {
                                            <div class="check">
                                                <input type="checkbox" id={consent_id.clone()} class="explicit-consent" checked={choice.explicit_consent}
                                                    onchange={on_action.reform(move |event| LabAction::SetExplicitConsent(purpose, checked(event)))} />
                                                <label for={consent_id}>{ "Explicit consent, Art. 9(2)(a)" }</label>
                                            </div>
                                        }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <ul class="basis-problems" aria-live="polite">
                { for processing.basis_problems().into_iter().map(|problem| html! { <li>{ problem.text }</li> }) }
            </ul>
            <details class="flows">
                <summary>{ "Categories of data and flows, as the policy sends them" }</summary>
                <ul>{ for processing.categories().into_iter().map(|category| html! { <li>{ category }</li> }) }</ul>
                <div class="table-scroll">
                    <table>
                        <caption>{ "Each flow from a container to a recipient" }</caption>
                        <thead><tr><th scope="col">{ "Container" }</th><th scope="col">{ "Recipient" }</th><th scope="col">{ "Resolution" }</th><th scope="col">{ "Identifiers" }</th></tr></thead>
                        <tbody>
                            { for processing.flows().into_iter().map(|flow| html! {
                                <tr><td><code>{ flow.channel.path() }</code></td><td>{ flow.recipient.label() }</td><td>{ flow.resolution.label(flow.channel) }</td><td>{ flow.identifiers.label(flow.channel) }</td></tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}
