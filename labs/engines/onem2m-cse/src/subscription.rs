//! Subscriptions: verification on create, event notifications (`net` 1-4, `nct` 1-3), the `exc`
//! countdown and `sud` on deletion.

use serde_json::{Map, Value, json};

use crate::acop::AccessOperation;
use crate::cse::{Cse, Failure, Outcome, fail};
use crate::notification::{
    NotificationKind, NotificationTarget, NotificationTransport, OutgoingNotification, VerificationOutcome,
};
use crate::primitive::OriginatorContext;
use crate::resource::{Resource, ResourceType};
use crate::status::ResponseStatusCode as Rsc;
use crate::time::Timestamp;
use crate::trace::TraceKind;
use crate::types::SubscriptionAttributes;
use crate::verification::PendingTarget;

/// A verification answer as the result of the Create or Update that needed it (5204 unless accepted).
fn verification_result(nu: &str, outcome: VerificationOutcome) -> Outcome<()> {
    match outcome {
        VerificationOutcome::Accepted => Ok(()),
        VerificationOutcome::Rejected => fail(
            Rsc::SubscriptionVerificationInitiationFailed,
            format!("notification target \"{nu}\" rejected the verification request"),
        ),
        VerificationOutcome::Unreachable => fail(
            Rsc::SubscriptionVerificationInitiationFailed,
            format!("notification target \"{nu}\" could not be reached for verification"),
        ),
    }
}

/// The event types this CSE generates.
const SUPPORTED_EVENTS: [u64; 4] = [1, 2, 3, 4];

impl Cse {
    /// Checks `enc`, `nct` and `nu` of a subscription.
    pub(crate) fn check_subscription(&self, subscription: &Resource) -> Outcome<()> {
        if let Some(enc) = subscription.attribute("enc") {
            match enc.get("net") {
                None => {}
                Some(Value::Array(items)) => {
                    for item in items {
                        match item.as_u64() {
                            Some(n) if SUPPORTED_EVENTS.contains(&n) => {}
                            Some(n @ 5..=8) => {
                                return fail(
                                    Rsc::NotImplemented,
                                    format!("notificationEventType {n} is not implemented (this CSE notifies net 1-4)"),
                                );
                            }
                            _ => {
                                return fail(
                                    Rsc::BadRequest,
                                    format!("enc.net item {item} is not a notificationEventType (1-8)"),
                                );
                            }
                        }
                    }
                }
                Some(other) => {
                    return fail(Rsc::BadRequest, format!("enc.net must be a list of event types, got {other}"));
                }
            }
            if let Some(chty) = enc.get("chty")
                && !chty.as_array().is_some_and(|items| items.iter().all(Value::is_u64))
            {
                return fail(Rsc::BadRequest, "enc.chty must be a list of resource types");
            }
        }
        match subscription.attribute_u64("nct") {
            None | Some(1..=3) => {}
            Some(n @ 4..=5) => {
                return fail(
                    Rsc::NotImplemented,
                    format!("notificationContentType {n} is not implemented (1, 2 and 3 are)"),
                );
            }
            Some(n) => {
                return fail(Rsc::BadRequest, format!("nct {n} is not a notificationContentType (1-5)"));
            }
        }
        if subscription.attribute_strings("nu").is_empty() {
            return fail(Rsc::BadRequest, "a subscription needs at least one notification URI (nu)");
        }
        Ok(())
    }

    /// Whether the AE `aei` registered as request reachable (`rr`); false only when `rr` is false.
    pub(crate) fn is_request_reachable(&self, aei: &str) -> bool {
        self.tree.resources.get(aei).and_then(|ae| ae.attribute("rr")).and_then(Value::as_bool) != Some(false)
    }

    /// Where a `nu` or `su` entry points: a URI, or an AE of this CSE.
    pub(crate) fn notification_target(&self, address: &str) -> Option<NotificationTarget> {
        if address.contains("://") {
            return Some(NotificationTarget::Uri(address.to_owned()));
        }
        let ri = self.resolve_address(address)?;
        let resource = self.tree.resources.get(&ri)?;
        (resource.ty == ResourceType::Ae)
            .then(|| NotificationTarget::Ae { aei: ri.clone(), poa: resource.attribute_strings("poa") })
    }

    /// Sends a verification request to each target (except the subscriber itself); 5204 if one is not accepted.
    pub(crate) fn verify_targets(
        &mut self,
        nus: &[String],
        subscription: &str,
        originator: &str,
        now: Timestamp,
        context: &OriginatorContext,
        transport: &mut dyn NotificationTransport,
    ) -> Outcome<()> {
        // a target of this CSE (an AE, any resource) is only notified by those with Notify on it
        for nu in nus.iter().filter(|nu| !nu.contains("://")) {
            if let Some(ri) = self.resolve_address(nu)
                && ri != originator
            {
                let decision = self.decide(originator, &ri, AccessOperation::Notify, context, now, None);
                if !decision.granted {
                    return fail(
                        Rsc::OriginatorHasNoPrivilege,
                        format!(
                            "notification URI \"{nu}\" is a resource of this CSE on which the subscriber has no Notify privilege: {}",
                            decision.to_string().trim_end()
                        ),
                    );
                }
            }
        }
        for nu in nus {
            let Some(target) = self.notification_target(nu) else {
                return fail(
                    Rsc::SubscriptionVerificationInitiationFailed,
                    format!("notification URI \"{nu}\" is neither a URI nor a registered AE, so it cannot be verified"),
                );
            };
            if matches!(&target, NotificationTarget::Ae { aei, .. } if aei == originator) {
                continue;
            }
            if self.replaying_verification {
                // a pending request completes: the answers were recorded (and traced) already
                verification_result(nu, transport.verify(&target, &Value::Null))?;
                continue;
            }
            let content = json!({"m2m:sgn": {"vrq": true, "sur": subscription, "cr": originator}});
            self.notification_sequence += 1;
            let rqi = format!("notify-{}", self.notification_sequence);
            let notification = OutgoingNotification {
                at: now,
                target: target.clone(),
                subscription: subscription.to_owned(),
                kind: NotificationKind::Verification,
                rqi: rqi.clone(),
                content: content.clone(),
            };
            self.record(now, TraceKind::Notification(Box::new(notification)));
            if self.depth == 0
                && let Some(collected) = self.collecting.as_mut()
            {
                collected.subscription = subscription.to_owned();
                collected.targets.push(PendingTarget {
                    nu: nu.clone(),
                    target,
                    content,
                    rqi,
                    outcome: None,
                    sent: false,
                });
                continue;
            }
            let outcome = transport.verify(&target, &content);
            self.record(now, TraceKind::Verification { target: nu.clone(), outcome });
            verification_result(nu, outcome)?;
        }
        if self.depth == 0 && self.collecting.as_ref().is_some_and(|collected| !collected.targets.is_empty()) {
            // `submit` turns this into a pending request; nothing was changed
            return Err(Failure::waiting());
        }
        Ok(())
    }

    fn send(&mut self, address: &str, subscription: &str, kind: NotificationKind, content: Value, now: Timestamp) {
        let target = self.notification_target(address).unwrap_or_else(|| NotificationTarget::Uri(address.to_owned()));
        // an AE registered with rr false is not reachable: nothing is pushed to it (it would poll)
        if let NotificationTarget::Ae { aei, .. } = &target
            && !self.is_request_reachable(aei)
        {
            return;
        }
        self.notification_sequence += 1;
        let notification = OutgoingNotification {
            at: now,
            target,
            subscription: subscription.to_owned(),
            kind,
            rqi: format!("notify-{}", self.notification_sequence),
            content,
        };
        self.push_notification(notification);
    }

    /// Notifies the subscriptions of `subject` about event `net`. `representation` is the
    /// resource concerned (`{"m2m:xxx": {...}}`); `modified` the changed attributes of an update;
    /// `child_ty` the type of a created or deleted child (for `enc.chty`).
    pub(crate) fn fire(
        &mut self,
        subject: &str,
        net: u64,
        representation: &Value,
        modified: Option<&Map<String, Value>>,
        child_ty: Option<ResourceType>,
        now: Timestamp,
    ) {
        // a subscription is never notified about itself (its own creation or deletion)
        let about = representation
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(|inner| inner.get("ri"))
            .and_then(Value::as_str);
        let Some(candidates) = self.subscriptions.get(subject) else {
            return;
        };
        let subscriptions: Vec<String> = candidates.iter().filter(|ri| Some(ri.as_str()) != about).cloned().collect();
        let mut exhausted = Vec::new();
        for ri in subscriptions {
            let Some(subscription) = self.tree.resources.get(&ri) else {
                continue;
            };
            let view = SubscriptionAttributes::of(subscription);
            if !view.net.contains(&net) {
                continue;
            }
            if let (Some(child_ty), Some(chty)) = (child_ty, &view.chty)
                && matches!(net, 3 | 4)
                && !chty.contains(&u64::from(child_ty.ty()))
            {
                continue;
            }
            let rep = match view.nct {
                2 if net == 1 => {
                    let key = representation.as_object().and_then(|o| o.keys().next().cloned()).unwrap_or_default();
                    json!({ key: modified.cloned().unwrap_or_default() })
                }
                3 => {
                    let ri = representation
                        .as_object()
                        .and_then(|o| o.values().next())
                        .and_then(|inner| inner.get("ri"))
                        .cloned();
                    json!({ "m2m:uri": ri.unwrap_or(Value::Null) })
                }
                _ => representation.clone(),
            };
            let content = json!({"m2m:sgn": {"nev": {"rep": rep, "net": net}, "sur": ri}});
            let remaining = view.exc;
            for nu in view.nu {
                self.send(&nu, &ri, NotificationKind::Event, content.clone(), now);
            }
            if let Some(remaining) = remaining {
                let left = remaining.saturating_sub(1);
                if let Some(subscription) = self.tree.resources.get_mut(&ri) {
                    subscription.attributes.insert("exc".into(), json!(left));
                }
                if left == 0 {
                    exhausted.push(ri);
                }
            }
        }
        for ri in exhausted {
            self.delete_subtree(&ri, now);
        }
    }

    /// `sud` to the subscriber (`su`) of a deleted subscription; `sur` is the subscription's ri.
    pub(crate) fn send_deletion_notice(&mut self, subscription: &Resource, now: Timestamp) {
        if let Some(su) = SubscriptionAttributes::of(subscription).su {
            let content = json!({"m2m:sgn": {"sud": true, "sur": subscription.ri}});
            self.send(&su, &subscription.ri, NotificationKind::SubscriptionDeleted, content, now);
        }
    }
}
