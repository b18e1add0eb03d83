//! The notification inboxes of the simulated AEs, and notifications a browser cannot deliver.

use std::collections::BTreeMap;

use onem2m_cse::NotificationKind;
use yew::prelude::*;

use crate::session::InboxItem;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct InboxesProps {
    /// The notifications each simulated AE received, by AE-ID.
    pub inboxes: BTreeMap<String, Vec<InboxItem>>,
    /// How many notifications went to addresses outside the page.
    pub undelivered: usize,
}

fn kind_label(kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::Verification => "verification request",
        NotificationKind::Event => "event",
        NotificationKind::SubscriptionDeleted => "subscription deleted",
    }
}

#[function_component(Inboxes)]
pub fn inboxes(props: &InboxesProps) -> Html {
    let ae_inboxes = props.inboxes.iter().map(|(aei, items)| {
        html! {
            <li class="inbox" data-aei={aei.clone()}>
                <h5>{ format!("{aei} ({})", items.len()) }</h5>
                <ol reversed=true>
                    { for items.iter().rev().take(10).map(|item| {
                        let net = item.content.pointer("/m2m:sgn/nev/net").and_then(|net| net.as_u64()).map(|net| format!(" net {net}")).unwrap_or_default();
                        html! {
                            <li>
                                <span class="when">{ item.at.to_onem2m_seconds() }</span>
                                { format!(" {}{net} from {}", kind_label(item.kind), item.subscription) }
                                <details><summary>{ "m2m:sgn" }</summary><pre><code>{ serde_json::to_string_pretty(&item.content).unwrap_or_default() }</code></pre></details>
                            </li>
                        }
                    }) }
                </ol>
            </li>
        }
    });
    html! {
        <section class="cse-inboxes" aria-label="Notification inboxes">
            <h4>{ "Notifications" }</h4>
            if props.inboxes.is_empty() && props.undelivered == 0 {
                <p class="empty">{ "No notification yet. Subscribe an AE with a poa to a resource, then change the resource." }</p>
            }
            <ul class="inbox-list">{ for ae_inboxes }</ul>
            if props.undelivered > 0 {
                <p class="undelivered">
                    { format!("{} notification(s) to addresses outside this page (a browser cannot deliver them; the workshop server does).", props.undelivered) }
                </p>
            }
        </section>
    }
}
