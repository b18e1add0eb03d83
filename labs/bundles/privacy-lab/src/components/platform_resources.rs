//! The platform's side of the policy: each channel's container (`cni`, `mia`) and its accessControlPolicy rules.

use yew::prelude::*;

use crate::platform::ContainerSummary;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct PlatformResourcesProps {
    pub containers: Vec<ContainerSummary>,
}

#[function_component(PlatformResources)]
pub fn platform_resources(props: &PlatformResourcesProps) -> Html {
    html! {
        <details class="platform-resources">
            <summary>{ "The oneM2M resources your policy produced" }</summary>
            <table>
                <thead><tr><th scope="col">{ "Container" }</th><th scope="col">{ "cni / mia (s)" }</th><th scope="col">{ "Its policy's pv rules" }</th></tr></thead>
                <tbody>
                    { for props.containers.iter().map(|container| html! {
                        <tr class={classes!("resource", container.channel.key())}>
                            <td><code>{ container.channel.path() }</code></td>
                            <td>
                                { match container.cni {
                                    Some(cni) => format!("{cni} / {}", container.mia.map(|mia| mia.to_string()).unwrap_or_else(|| "none".into())),
                                    None => "not created (channel minimised away)".to_owned(),
                                } }
                            </td>
                            <td><code class="sample">{ container.rules.clone() }</code></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}
