//! The policy form: what leaves the home (resolution, identifiers), how long the platform keeps it, who may read it.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::platform_resources::PlatformResources;
use crate::platform::ContainerSummary;
use crate::policy::{Channel, Identifiers, Observer, Policy, RETENTION_CHOICES, Resolution};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct PolicyPanelProps {
    pub id: u32,
    pub policy: Policy,
    /// The containers the policy produced on the platform.
    pub containers: Vec<ContainerSummary>,
    /// A channel's resolution, as the text of the chosen option.
    pub on_resolution: Callback<(Channel, String)>,
    /// A channel's identifier treatment, as the text of the chosen option.
    pub on_identifiers: Callback<(Channel, String)>,
    /// The retention, as the text of the chosen option.
    pub on_retention: Callback<String>,
    /// Whether an observer may retrieve a channel.
    pub on_access: Callback<(Observer, Channel, bool)>,
}

fn resolutions(channel: Channel) -> Vec<(Resolution, &'static str)> {
    match channel {
        Channel::Temperature => vec![
            (Resolution::Raw, "As measured (hourly)"),
            (Resolution::Daily, "Daily means"),
            (Resolution::Off, Resolution::Off.label()),
        ],
        _ => Resolution::ALL
            .into_iter()
            .filter(|resolution| resolution.applies_to(channel))
            .map(|resolution| (resolution, resolution.label()))
            .collect(),
    }
}

#[function_component(PolicyPanel)]
pub fn policy_panel(props: &PolicyPanelProps) -> Html {
    let policy = &props.policy;
    let rows = Channel::ALL.into_iter().map(|channel| {
        let on_resolution = props
            .on_resolution
            .reform(move |event: Event| (channel, event.target_unchecked_into::<HtmlSelectElement>().value()));
        let on_identifiers = props
            .on_identifiers
            .reform(move |event: Event| (channel, event.target_unchecked_into::<HtmlSelectElement>().value()));
        let resolution_id = format!("privacy-{}-resolution-{}", channel.key(), props.id);
        let identifiers_id = format!("privacy-{}-identifiers-{}", channel.key(), props.id);
        let current = policy.resolution(channel);
        let identifiers = match channel {
            Channel::Energy => Some(policy.energy_identifiers),
            Channel::Motion => Some(policy.motion_identifiers),
            Channel::Temperature => None,
        };
        html! {
            <fieldset class={classes!("channel", channel.key())}>
                <legend>{ channel.label() }<small>{ format!(" (cse-in/{}/{})", channel.ae(), channel.key()) }</small></legend>
                <label for={resolution_id.clone()}>{ "Leaves the home" }</label>
                <select id={resolution_id} class={classes!("resolution", channel.key())} onchange={on_resolution}>
                    { for resolutions(channel).into_iter().map(|(resolution, label)| html! {
                        <option value={resolution.key()} selected={resolution == current}>{ label }</option>
                    }) }
                </select>
                if let Some(identifiers) = identifiers {
                    <label for={identifiers_id.clone()}>{ if channel == Channel::Energy { "Customer name and meter number" } else { "Room names (bedrooms are named after residents)" } }</label>
                    <select id={identifiers_id} class={classes!("identifiers", channel.key())} onchange={on_identifiers}>
                        { for Identifiers::ALL.into_iter().map(|option| html! {
                            <option value={option.key()} selected={option == identifiers}>{ option.label(channel) }</option>
                        }) }
                    </select>
                }
            </fieldset>
        }
    });
    let on_retention =
        props.on_retention.reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
    let retention_id = format!("privacy-retention-{}", props.id);
    html! {
        <section class="privacy-policy" aria-label="Privacy policy">
            <h4>{ "Your policy" }</h4>
            <p class="explain">{ "The home gateway applies resolution and identifier choices before anything is written to the platform; retention and access are set on the platform's containers and access control policies." }</p>
            { for rows }
            <fieldset class="retention">
                <legend>{ "Retention on the platform" }</legend>
                <label for={retention_id.clone()}>{ "Keep readings for" }</label>
                <select id={retention_id} class="retention" onchange={on_retention}>
                    { for RETENTION_CHOICES.into_iter().map(|days| html! {
                        <option value={days.to_string()} selected={days == policy.retention_days}>
                            { if days == 7 { "the whole week (no limit)".to_owned() } else if days == 1 { "1 day (mia 86400)".to_owned() } else { format!("{days} days (mia {})", days * 86_400) } }
                        </option>
                    }) }
                </select>
            </fieldset>
            <fieldset class="access">
                <legend>{ "Who may retrieve (accessControlPolicy, acop 34)" }</legend>
                <table>
                    <thead><tr><th scope="col">{ "Observer" }</th>{ for Channel::ALL.into_iter().map(|channel| html! {
                        <th scope="col">
                            if channel == Channel::Temperature { <abbr title="temperature">{ "temp." }</abbr> } else { { channel.key() } }
                        </th>
                    }) }</tr></thead>
                    <tbody>
                        { for Observer::GRANTED.into_iter().map(|observer| html! {
                            <tr>
                                <th scope="row">{ observer.label() }</th>
                                { for Channel::ALL.into_iter().map(|channel| {
                                    let on_toggle = props.on_access.reform(move |event: Event| {
                                        (observer, channel, event.target_unchecked_into::<HtmlInputElement>().checked())
                                    });
                                    html! {
                                        <td>
                                            <input type="checkbox" class={format!("access-{}-{}", observer.key(), channel.key())}
                                                aria-label={format!("{} may retrieve {}", observer.label(), channel.key())}
                                                checked={policy.may_read(observer, channel)} onchange={on_toggle} />
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </fieldset>
            <PlatformResources containers={props.containers.clone()} />
        </section>
    }
}
