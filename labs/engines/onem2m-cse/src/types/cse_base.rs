//! `<CSEBase>` (ty 5, `m2m:cb`): the root; made by the engine, never by a request.

use serde_json::{Value, json};

use super::{Hooks, TypeFlags, TypeSpec, Wrapper, label_update};
use crate::primitive::Response;
use crate::resource::{Kind::*, OnCreate::*, ResourceType, rule};
use crate::status::ResponseStatusCode as Rsc;

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<CSEBase>`, ty 5.
    pub const CseBase: ResourceType = ResourceType(5);
}

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::CseBase,
    short_name: "cb",
    long_name: "CSEBase",
    parents: &[],
    wrapper: Wrapper::ShortName,
    flags: TypeFlags { carries_acpi: true, subscribable: true, ..TypeFlags::NONE },
    virtual_children: &[],
    update_refusal: Some("the CSEBase cannot be updated by a request"),
    delete_refusal: Some("the CSEBase cannot be deleted"),
    attributes: &[
        rule("csi", Text, ReadOnly, false),
        rule("cst", Count, ReadOnly, false),
        rule("srt", Any, ReadOnly, false),
        rule("srv", TextList, ReadOnly, false),
        rule("poa", TextList, ReadOnly, false),
    ],
    // a Notify to the CSE itself is accepted (and goes nowhere)
    hooks: Hooks { on_notify: Some(|_, _, _, _, _| Ok(Response::new(Rsc::Ok))), ..Hooks::NONE },
    summary: |resource| format!("CSE-ID {}", resource.attribute("csi").and_then(Value::as_str).unwrap_or("?")),
    create_template: |_| json!({}),
    update_template: label_update,
};
