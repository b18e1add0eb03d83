//! `<node>` (ty 14, `m2m:nod`): a device; its children are `<mgmtObj>` resources (TS-0001
//! device management).

use serde_json::{Value, json};

use super::{Hooks, TypeFlags, TypeSpec, Wrapper};
use crate::resource::{Kind::*, OnCreate::*, ResourceType, rule};

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<node>`, ty 14.
    pub const Node: ResourceType = ResourceType(14);
}

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::Node,
    short_name: "nod",
    long_name: "node",
    parents: &[ResourceType::CseBase],
    wrapper: Wrapper::ShortName,
    flags: TypeFlags { carries_acpi: true, subscribable: true, announceable: true, ..TypeFlags::NONE },
    virtual_children: &[],
    update_refusal: None,
    delete_refusal: None,
    attributes: &[
        rule("ni", Text, Mandatory, true),
        rule("nty", Count, Optional, true),
        rule("hcl", Text, Optional, true),
        rule("hael", TextList, Optional, true),
        rule("hsl", TextList, Optional, true),
    ],
    hooks: Hooks::NONE,
    summary: |resource| format!("nodeID {}", resource.attribute("ni").and_then(Value::as_str).unwrap_or("?")),
    create_template: |_| json!({"m2m:nod": {"rn": "thermostat", "ni": "urn:dev:ops:thermostat-0001", "lbl": ["room:1"]}}),
    update_template: || json!({"hael": ["cse-in/myApp"]}),
};
