//! `<contentInstance>` (ty 4, `m2m:cin`): `cs`, the container's limits, `cnf`, expiry by `mia`.

use serde_json::{Value, json};

use super::{CreateContext, Hooks, TypeFlags, TypeSpec, Wrapper, container};
use crate::cse::{Cse, Outcome, fail};
use crate::resource::{Kind::*, OnCreate::*, Resource, ResourceType, rule};
use crate::status::ResponseStatusCode as Rsc;
use crate::time::Timestamp;

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<contentInstance>`, ty 4.
    pub const ContentInstance: ResourceType = ResourceType(4);
}

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::ContentInstance,
    short_name: "cin",
    long_name: "contentInstance",
    parents: &[ResourceType::Container],
    wrapper: Wrapper::ShortName,
    flags: TypeFlags { has_state_tag: true, announceable: true, ..TypeFlags::NONE },
    virtual_children: &[],
    update_refusal: Some("a contentInstance cannot be updated; create a new one"),
    delete_refusal: None,
    attributes: &[
        rule("cnf", Text, Optional, false),
        rule("cs", Count, ReadOnly, false),
        rule("con", Any, Mandatory, false),
        rule("or", Text, Optional, false),
    ],
    hooks: Hooks {
        prepare_create: Some(prepare_create),
        after_create: Some(after_create),
        after_delete: Some(after_delete),
        expiry: Some(expiry),
        check_attribute: Some(check_attribute),
        ..Hooks::NONE
    },
    summary: |resource| {
        let content = resource
            .attribute("con")
            .map(|con| con.as_str().map(str::to_owned).unwrap_or_else(|| con.to_string()))
            .unwrap_or_default();
        let shortened: String = content.chars().take(24).collect();
        format!("con {shortened}{}", if content.chars().count() > 24 { "…" } else { "" })
    },
    create_template: |_| json!({"m2m:cin": {"cnf": "text/plain:0", "con": "21.5"}}),
    update_template: || json!({"con": "a contentInstance cannot be updated"}),
};

/// Sets `cs` (and `st`) of a new contentInstance and checks it fits the container (5207).
fn prepare_create(cse: &mut Cse, resource: &mut Resource, _: &mut CreateContext<'_>) -> Outcome<()> {
    let content = resource.attribute("con").cloned().unwrap_or(Value::Null);
    let size = match &content {
        Value::String(text) => text.len(),
        other => other.to_string().len(),
    } as u64;
    resource.attributes.insert("cs".into(), json!(size));
    if let Some(parent) = cse.resource(&resource.pi) {
        if let Some(mbs) = container::ContainerAttributes::of(parent).mbs
            && size > mbs
        {
            return fail(
                Rsc::NotAcceptable,
                format!("the content ({size} bytes) is larger than the container's maxByteSize (mbs {mbs})"),
            );
        }
        resource.st = Some(parent.st.unwrap_or(0) + 1);
    }
    Ok(())
}

fn after_create(cse: &mut Cse, ri: &str, now: Timestamp) {
    if let Some(parent) = cse.resource(ri).map(|r| r.pi.clone()) {
        container::gained_instance(cse, &parent, ri, now);
    }
}

fn after_delete(cse: &mut Cse, removed: &Resource, top: bool, now: Timestamp) {
    if top {
        container::lost_instance(cse, &removed.pi, removed.attribute_u64("cs").unwrap_or(0), now);
    }
}

/// `ct + mia` of its container.
fn expiry(cse: &Cse, resource: &Resource) -> Option<Timestamp> {
    let mia = container::ContainerAttributes::of(cse.resource(&resource.pi)?).mia?;
    Some(resource.ct.plus_seconds(mia))
}

/// `cnf` is `type/subtype:encoding[:transformation]`, encoding 0-2.
fn check_attribute(name: &str, value: &Value) -> Result<(), String> {
    if name != "cnf" {
        return Ok(());
    }
    let text = value.as_str().unwrap_or_default();
    let mut parts = text.split(':');
    let media = parts.next().unwrap_or_default();
    let encoding = parts.next();
    let transformation = parts.next();
    let token =
        |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c));
    let media_ok = media.split_once('/').is_some_and(|(kind, subtype)| token(kind) && token(subtype));
    let encoding_ok = matches!(encoding, Some("0" | "1" | "2"));
    let transformation_ok = transformation.is_none_or(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()));
    if media_ok && encoding_ok && transformation_ok && parts.next().is_none() {
        Ok(())
    } else {
        Err(format!(
            "attribute 'cnf' \"{text}\" must be type/subtype:encoding[:transformation], e.g. \"text/plain:0\" (encoding 0 plain, 1 base64 string, 2 base64 binary)"
        ))
    }
}
