//! `<request>` (ty 17, `m2m:req`): made by the CSE for a non-blocking synchronous request
//! (`rt` 1): the originator gets 1001 with the request resource's ID at once and retrieves the
//! outcome from it later. Attributes (TS-0004 request resource): `op`, `tg` target, `og`
//! originator, `rid` request identifier, `pc` primitive content, `rs` requestStatus, `ol`
//! operationResult (the response primitive). It has no `acpi`: its originator (its creator) and
//! the administrator reach it.

use serde_json::{Map, Value, json};

use super::{Hooks, TypeFlags, TypeSpec, Wrapper};
use crate::cse::Cse;
use crate::primitive::{Request, Response};
use crate::resource::{Kind::*, OnCreate::*, Resource, ResourceType, rule};
use crate::time::Timestamp;

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<request>`, ty 17.
    pub const Request: ResourceType = ResourceType(17);
}

/// How long a request resource is kept when the request gives no absolute `rqet`.
pub const REQUEST_RESOURCE_LIFETIME_SECONDS: u64 = 3600;

/// requestStatus `rs`: the request was processed (its result is in `ol`).
const COMPLETED: u64 = 1;

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::Request,
    short_name: "req",
    long_name: "request",
    parents: &[ResourceType::CseBase],
    wrapper: Wrapper::ShortName,
    flags: TypeFlags { carries_acpi: true, subscribable: true, made_by_the_cse: true, ..TypeFlags::NONE },
    virtual_children: &[],
    update_refusal: Some("a request resource is kept by the CSE: it cannot be updated"),
    delete_refusal: None,
    attributes: &[
        rule("op", Count, ReadOnly, false),
        rule("tg", Text, ReadOnly, false),
        rule("og", Text, ReadOnly, false),
        rule("rid", Text, ReadOnly, false),
        rule("mi", Any, ReadOnly, false),
        rule("pc", Any, ReadOnly, false),
        rule("rs", Count, ReadOnly, false),
        rule("ol", Any, ReadOnly, false),
    ],
    hooks: Hooks::NONE,
    summary: |resource| {
        let rsc = resource.attribute("ol").and_then(|ol| ol.get("rsc")).and_then(Value::as_u64);
        format!("op {} · result {}", super::number(resource, "op"), rsc.map_or("-".into(), |rsc| rsc.to_string()))
    },
    create_template: |_| json!({}),
    update_template: super::label_update,
};

/// Keeps the outcome of a non-blocking request in a new `<request>` under the CSEBase; its ri.
pub(crate) fn record(
    cse: &mut Cse,
    request: &Request,
    originator: &str,
    response: &Response,
    now: Timestamp,
) -> String {
    let mut ri = cse.ids.resource_id(SPEC.short_name);
    while cse.tree.resources.contains_key(&ri) {
        ri = cse.ids.resource_id(SPEC.short_name);
    }
    let until = request
        .rqet
        .as_deref()
        .and_then(Timestamp::parse_onem2m)
        .filter(|rqet| *rqet > now)
        .unwrap_or_else(|| now.plus_seconds(REQUEST_RESOURCE_LIFETIME_SECONDS));
    let mut attributes = Map::new();
    attributes.insert("op".into(), serde_json::to_value(request.op).unwrap_or(Value::Null));
    attributes.insert("tg".into(), json!(request.to));
    attributes.insert("og".into(), json!(request.fr));
    attributes.insert("rid".into(), json!(request.rqi));
    if let Some(pc) = &request.pc {
        attributes.insert("pc".into(), pc.clone());
    }
    attributes.insert("rs".into(), json!(COMPLETED));
    attributes.insert("ol".into(), serde_json::to_value(response).unwrap_or(Value::Null));
    let base = cse.cse_base_ri().to_owned();
    cse.insert(Resource {
        ty: ResourceType::Request,
        ri: ri.clone(),
        rn: ri.clone(),
        pi: base,
        ct: now,
        lt: now,
        et: Some(until),
        lbl: Vec::new(),
        acpi: Vec::new(),
        st: None,
        cr: Some(originator.to_owned()),
        cr_requested: false,
        specialization: None,
        attributes,
    });
    ri
}
