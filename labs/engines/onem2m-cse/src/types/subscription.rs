//! `<subscription>` (ty 23, `m2m:sub`): checks, verification of its targets, `sud` on deletion
//! (the notification logic is in `subscription.rs`). It may live under every type flagged
//! `subscribable`.

use serde_json::{Value, json};

use super::{CreateContext, Hooks, TypeFlags, TypeSpec, UpdateContext, Wrapper};
use crate::acop::AccessOperation;
use crate::cse::{Cse, Outcome};
use crate::resource::{Kind::*, OnCreate::*, Resource, ResourceType, rule};
use crate::status::ResponseStatusCode as Rsc;
use crate::time::Timestamp;

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<subscription>`, ty 23.
    pub const Subscription: ResourceType = ResourceType(23);
}

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::Subscription,
    short_name: "sub",
    long_name: "subscription",
    parents: &[],
    wrapper: Wrapper::ShortName,
    flags: TypeFlags { carries_acpi: true, ..TypeFlags::NONE },
    virtual_children: &[],
    update_refusal: None,
    delete_refusal: None,
    attributes: &[
        rule("enc", Object, Optional, true),
        rule("exc", Positive, Optional, true),
        rule("nu", TextList, Mandatory, true),
        rule("nct", Count, Optional, true),
        rule("su", Text, Optional, false),
        rule("bn", Object, Optional, true),
        rule("pn", Count, Optional, true),
        rule("ln", Boolean, Optional, true),
        rule("nec", Any, Optional, true),
    ],
    hooks: Hooks {
        prepare_create: Some(prepare_create),
        prepare_update: Some(prepare_update),
        on_insert: Some(on_insert),
        after_delete: Some(after_delete),
        ..Hooks::NONE
    },
    summary: |resource| format!("nu {}", resource.attribute_strings("nu").join(", ")),
    create_template: |originator| json!({"m2m:sub": {"rn": "mySubscription", "nu": [originator], "enc": {"net": [3]}, "nct": 1}}),
    update_template: || json!({"enc": {"net": [1, 3]}}),
};

/// A subscription's own attributes, typed (what its notifications depend on).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscriptionAttributes {
    /// notificationURIs
    pub nu: Vec<String>,
    /// `enc.net`: the event types notified (1, update, when absent)
    pub net: Vec<u64>,
    /// `enc.chty`: the child types a create/delete-of-child event is about, when restricted
    pub chty: Option<Vec<u64>>,
    /// notificationContentType (1, all attributes, when absent)
    pub nct: u64,
    /// expirationCounter: notifications left
    pub exc: Option<u64>,
    /// subscriberURI: told (`sud`) when the subscription is deleted
    pub su: Option<String>,
}

impl SubscriptionAttributes {
    /// The view of a subscription.
    pub fn of(resource: &Resource) -> Self {
        let enc = resource.attribute("enc");
        let net = match enc.and_then(|enc| enc.get("net")) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_u64).collect(),
            Some(Value::Number(n)) => n.as_u64().into_iter().collect(),
            _ => vec![1],
        };
        let chty = enc
            .and_then(|enc| enc.get("chty"))
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_u64).collect());
        SubscriptionAttributes {
            nu: resource.attribute_strings("nu"),
            net,
            chty,
            nct: resource.attribute_u64("nct").unwrap_or(1),
            exc: resource.attribute_u64("exc"),
            su: resource.attribute("su").and_then(Value::as_str).map(str::to_owned),
        }
    }
}

fn prepare_create(cse: &mut Cse, resource: &mut Resource, context: &mut CreateContext<'_>) -> Outcome<()> {
    cse.require(
        context.originator,
        &resource.pi,
        AccessOperation::Retrieve,
        context.request,
        context.now,
        None,
        Rsc::SubscriptionCreatorHasNoPrivilege,
    )?;
    cse.check_subscription(resource)?;
    let nus = resource.attribute_strings("nu");
    cse.verify_targets(&nus, &resource.ri, context.originator, context.now, &context.request.context, context.transport)
}

fn prepare_update(cse: &mut Cse, updated: &mut Resource, context: &mut UpdateContext<'_>) -> Outcome<()> {
    cse.check_subscription(updated)?;
    let old = context.current.attribute_strings("nu");
    let added: Vec<String> = updated.attribute_strings("nu").into_iter().filter(|nu| !old.contains(nu)).collect();
    cse.verify_targets(
        &added,
        &updated.ri,
        context.originator,
        context.now,
        &context.request.context,
        context.transport,
    )
}

fn on_insert(cse: &mut Cse, resource: &Resource) {
    cse.subscriptions.entry(resource.pi.clone()).or_default().push(resource.ri.clone());
}

fn after_delete(cse: &mut Cse, removed: &Resource, _top: bool, now: Timestamp) {
    if let Some(list) = cse.subscriptions.get_mut(&removed.pi) {
        list.retain(|sub| *sub != removed.ri);
        if list.is_empty() {
            cse.subscriptions.remove(&removed.pi);
        }
    }
    cse.send_deletion_notice(removed, now);
}
