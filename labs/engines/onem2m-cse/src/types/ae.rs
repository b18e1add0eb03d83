//! `<AE>` (ty 2, `m2m:ae`): registration (the AE-ID, re-registration, `api`) and `csz`.

use serde_json::{Value, json};

use super::{Hooks, TypeFlags, TypeSpec, Wrapper};
use crate::acop::AccessOperation;
use crate::cse::{Cse, Outcome, fail};
use crate::notification::{NotificationKind, NotificationTarget, OutgoingNotification};
use crate::primitive::{Request, Response};
use crate::resource::{Kind::*, OnCreate::*, Resource, ResourceType, check_resource_name, rule};
use crate::status::ResponseStatusCode as Rsc;
use crate::time::Timestamp;

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<AE>`, ty 2.
    pub const Ae: ResourceType = ResourceType(2);
}

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::Ae,
    short_name: "ae",
    long_name: "AE",
    parents: &[ResourceType::CseBase],
    wrapper: Wrapper::ShortName,
    flags: TypeFlags { carries_acpi: true, subscribable: true, announceable: true, registers: true, ..TypeFlags::NONE },
    virtual_children: &[],
    update_refusal: None,
    delete_refusal: None,
    attributes: &[
        rule("api", Text, Mandatory, false),
        rule("apn", Text, Optional, true),
        rule("aei", Text, ReadOnly, false),
        rule("poa", TextList, Optional, true),
        rule("rr", Boolean, Mandatory, true),
        rule("srv", TextList, Optional, true),
        rule("csz", TextList, Optional, true),
        rule("nl", Text, Optional, true),
        rule("or", Text, Optional, true),
    ],
    hooks: Hooks {
        assign_id: Some(register),
        check_attribute: Some(check_attribute),
        on_notify: Some(forward_notify),
        ..Hooks::NONE
    },
    summary: |resource| format!("AE-ID {}", resource.attribute("aei").and_then(Value::as_str).unwrap_or("?")),
    create_template: |_| json!({"m2m:ae": {"rn": "myApp", "api": "NmyApp", "rr": true, "srv": ["3"], "poa": ["sim://myApp"]}}),
    update_template: || json!({"poa": ["sim://updated"]}),
};

/// A Notify sent to an AE goes to its point of access (`poa`), if it may be pushed to.
fn forward_notify(cse: &mut Cse, request: &Request, originator: &str, ri: &str, now: Timestamp) -> Outcome<Response> {
    cse.require(originator, ri, AccessOperation::Notify, request, now, None, Rsc::OriginatorHasNoPrivilege)?;
    if !cse.is_request_reachable(ri) {
        return fail(
            Rsc::TargetNotReachable,
            format!("AE {ri} registered with rr false (not request reachable): nothing is pushed to it"),
        );
    }
    let poa = cse.resource(ri).map(|ae| ae.attribute_strings("poa")).unwrap_or_default();
    if poa.is_empty() {
        return fail(
            Rsc::TargetNotReachable,
            format!("AE {ri} has no point of access (poa), so it cannot receive notifications"),
        );
    }
    cse.notification_sequence += 1;
    let notification = OutgoingNotification {
        at: now,
        target: NotificationTarget::Ae { aei: ri.to_owned(), poa },
        subscription: String::new(),
        kind: NotificationKind::Event,
        rqi: format!("notify-{}", cse.notification_sequence),
        content: request.pc.clone().unwrap_or(Value::Null),
    };
    cse.push_notification(notification);
    Ok(Response::new(Rsc::Ok))
}

/// The serializations an AE may list in `csz` (TS-0004 contentSerialization).
pub(crate) const SERIALIZATIONS: [&str; 3] = ["application/xml", "application/json", "application/cbor"];

fn check_attribute(name: &str, value: &Value) -> Result<(), String> {
    if name != "csz" {
        return Ok(());
    }
    match value.as_array().into_iter().flatten().filter_map(Value::as_str).find(|s| !SERIALIZATIONS.contains(s)) {
        Some(unknown) => Err(format!(
            "attribute 'csz' lists \"{unknown}\", which is not a serialization (one of {})",
            SERIALIZATIONS.join(", ")
        )),
        None => Ok(()),
    }
}

/// Release 4 and later require `api` to start with 'R' or 'N'; no `rvi` counts as the latest.
fn release_at_least_4(rvi: Option<&str>) -> bool {
    match rvi {
        None => true,
        Some(text) => {
            let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().is_ok_and(|n| n >= 4)
        }
    }
}

/// AE registration rules: the AE-ID, re-registration, `api`.
fn register(cse: &mut Cse, resource: &mut Resource, request: &Request, originator: &str) -> Outcome<()> {
    let aei = match originator {
        "" | "C" => {
            let mut id = cse.ids.ae_id();
            while cse.tree.resources.contains_key(&id) {
                id = cse.ids.ae_id();
            }
            id
        }
        own_cse if own_cse.starts_with('/') => {
            return fail(
                Rsc::SecurityAssociationRequired,
                format!(
                    "\"{own_cse}\" is a CSE-ID: an AE registers with the originator 'C' (or empty) to get an AE-ID, or with its own AE-ID"
                ),
            );
        }
        own if own.starts_with('C') || own.starts_with('S') => {
            if check_resource_name(own).is_err() {
                return fail(Rsc::BadRequest, format!("\"{own}\" cannot be an AE-ID: it contains reserved characters"));
            }
            if cse.tree.resources.contains_key(own) {
                return fail(
                    Rsc::OriginatorHasAlreadyRegistered,
                    format!("an AE with AE-ID \"{own}\" is already registered"),
                );
            }
            own.to_owned()
        }
        other => {
            return fail(
                Rsc::SecurityAssociationRequired,
                format!(
                    "originator \"{other}\" may not register: AE-IDs start with 'C' or 'S'; use 'C' to have one assigned"
                ),
            );
        }
    };
    let api = resource.attribute("api").and_then(Value::as_str).unwrap_or_default();
    if api.is_empty() {
        return fail(Rsc::BadRequest, "attribute 'api' (App-ID) must not be empty");
    }
    if release_at_least_4(request.rvi.as_deref()) && !(api.starts_with('R') || api.starts_with('N')) {
        return fail(
            Rsc::BadRequest,
            format!("App-ID (api) \"{api}\" must start with 'R' (registered) or 'N' (non-registered)"),
        );
    }
    resource.ri = aei.clone();
    resource.cr = Some(aei.clone());
    resource.attributes.insert("aei".into(), json!(aei));
    Ok(())
}
