//! `<accessControlPolicy>` (ty 1, `m2m:acp`): privileges `pv` and self-privileges `pvs`.

use serde_json::{Value, json};

use super::{CreateContext, Hooks, TypeFlags, TypeSpec, UpdateContext, Wrapper};
use crate::cse::{Cse, Outcome, fail};
use crate::policy::AccessControlPolicy;
use crate::resource::{Kind::*, OnCreate::*, Resource, ResourceType, rule};
use crate::status::ResponseStatusCode as Rsc;

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<accessControlPolicy>`, ty 1.
    pub const AccessControlPolicy: ResourceType = ResourceType(1);
}

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::AccessControlPolicy,
    short_name: "acp",
    long_name: "accessControlPolicy",
    parents: &[ResourceType::CseBase, ResourceType::Ae],
    wrapper: Wrapper::ShortName,
    flags: TypeFlags { subscribable: true, announceable: true, ..TypeFlags::NONE },
    virtual_children: &[],
    update_refusal: None,
    delete_refusal: None,
    attributes: &[rule("pv", Object, Mandatory, true), rule("pvs", Object, Mandatory, true)],
    hooks: Hooks {
        prepare_create: Some(prepare_create),
        prepare_update: Some(prepare_update),
        on_insert: Some(on_insert),
        check_restored: Some(check_restored),
        ..Hooks::NONE
    },
    summary: |resource| {
        let rules = |name: &str| {
            resource.attribute(name).and_then(|p| p.get("acr")).and_then(Value::as_array).map_or(0, Vec::len)
        };
        format!("{} rules in pv, {} in pvs", rules("pv"), rules("pvs"))
    },
    create_template: |originator| {
        json!({"m2m:acp": {
            "rn": "myPolicy",
            "pv": {"acr": [{"acor": [originator], "acop": 63}, {"acor": ["Cviewer"], "acop": 2}]},
            "pvs": {"acr": [{"acor": [originator], "acop": 63}]}
        }})
    },
    update_template: || json!({"pv": {"acr": [{"acor": ["all"], "acop": 2}]}}),
};

/// Parses a policy's `pv` and `pvs`; its `pvs` must hold at least one rule (4000 otherwise).
fn checked_policy(resource: &Resource) -> Outcome<AccessControlPolicy> {
    let pv = resource.attribute("pv").cloned().unwrap_or(Value::Null);
    let pvs = resource.attribute("pvs").cloned().unwrap_or(Value::Null);
    let policy = AccessControlPolicy::from_json(&pv, &pvs).or_else(|message| fail(Rsc::BadRequest, message))?;
    if policy.self_privileges.is_empty() {
        return fail(
            Rsc::BadRequest,
            "pvs (selfPrivileges) must hold at least one rule: it decides who may read, change and delete the policy",
        );
    }
    Ok(policy)
}

fn prepare_create(_: &mut Cse, resource: &mut Resource, _: &mut CreateContext<'_>) -> Outcome<()> {
    checked_policy(resource).map(|_| ())
}

fn prepare_update(cse: &mut Cse, updated: &mut Resource, _: &mut UpdateContext<'_>) -> Outcome<()> {
    let policy = checked_policy(updated)?;
    cse.policies.insert(updated.ri.clone(), policy);
    Ok(())
}

fn on_insert(cse: &mut Cse, resource: &Resource) {
    let pv = resource.attribute("pv").cloned().unwrap_or(Value::Null);
    let pvs = resource.attribute("pvs").cloned().unwrap_or(Value::Null);
    cse.policies.insert(resource.ri.clone(), AccessControlPolicy::from_json(&pv, &pvs).unwrap_or_default());
}

fn check_restored(_: &Cse, resource: &Resource) -> Result<(), String> {
    let pv = resource.attribute("pv").cloned().unwrap_or(Value::Null);
    let pvs = resource.attribute("pvs").cloned().unwrap_or(Value::Null);
    AccessControlPolicy::from_json(&pv, &pvs)
        .map(|_| ())
        .map_err(|message| format!("policy \"{}\": {message}", resource.ri))
}
