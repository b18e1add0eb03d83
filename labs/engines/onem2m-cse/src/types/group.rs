//! `<group>` (ty 9, `m2m:grp`): member validation and the virtual `fopt` (the logic is in `group.rs`).

use serde_json::json;

use super::{CreateContext, Hooks, TypeFlags, TypeSpec, UpdateContext, Wrapper};
use crate::cse::{Cse, Outcome};
use crate::resource::{Kind::*, OnCreate::*, Resource, ResourceType, rule};

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<group>`, ty 9.
    pub const Group: ResourceType = ResourceType(9);
}

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::Group,
    short_name: "grp",
    long_name: "group",
    parents: &[ResourceType::CseBase, ResourceType::Ae],
    wrapper: Wrapper::ShortName,
    flags: TypeFlags { carries_acpi: true, subscribable: true, announceable: true, ..TypeFlags::NONE },
    virtual_children: &["fopt"],
    update_refusal: None,
    delete_refusal: None,
    attributes: &[
        rule("mt", Count, Mandatory, true),
        rule("cnm", Count, ReadOnly, false),
        rule("mnm", Positive, Mandatory, true),
        rule("mid", TextList, Mandatory, true),
        rule("mtv", Boolean, ReadOnly, false),
        rule("csy", OneOf(&[1, 2, 3]), Optional, false),
        rule("gn", Text, Optional, true),
        rule("macp", TextList, Optional, true),
    ],
    hooks: Hooks { prepare_create: Some(prepare_create), prepare_update: Some(prepare_update), ..Hooks::NONE },
    summary: |resource| format!("{} members", resource.attribute_strings("mid").len()),
    create_template: |_| json!({"m2m:grp": {"rn": "myGroup", "mt": 3, "mnm": 10, "mid": ["cse-in/myApp/data"]}}),
    update_template: || json!({"mid": []}),
};

fn prepare_create(cse: &mut Cse, resource: &mut Resource, _: &mut CreateContext<'_>) -> Outcome<()> {
    cse.validate_members(resource)
}

fn prepare_update(cse: &mut Cse, updated: &mut Resource, context: &mut UpdateContext<'_>) -> Outcome<()> {
    if ["mid", "mt", "mnm"].iter().any(|name| context.modified.contains_key(*name)) {
        cse.validate_members(updated)?;
    }
    Ok(())
}
