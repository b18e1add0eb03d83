//! `<semanticDescriptor>` (ty 24, `m2m:smd`): an RDF description (`dsp`, base64) of its parent,
//! read by semantic discovery through the plugged-in matcher (`discovery.rs`).

use serde_json::json;

use super::{Hooks, TypeFlags, TypeSpec, Wrapper, label_update};
use crate::resource::{Kind::*, OnCreate::*, ResourceType, rule};

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<semanticDescriptor>`, ty 24.
    pub const SemanticDescriptor: ResourceType = ResourceType(24);
}

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::SemanticDescriptor,
    short_name: "smd",
    long_name: "semanticDescriptor",
    parents: &[
        ResourceType::CseBase,
        ResourceType::Ae,
        ResourceType::Container,
        ResourceType::FlexContainer,
        ResourceType::Group,
        ResourceType::Node,
    ],
    wrapper: Wrapper::ShortName,
    flags: TypeFlags { carries_acpi: true, subscribable: true, announceable: true, ..TypeFlags::NONE },
    virtual_children: &[],
    update_refusal: None,
    delete_refusal: None,
    attributes: &[
        rule("dcrp", OneOf(&[1, 2, 3, 4, 5, 6, 7]), Mandatory, true),
        rule("dsp", Base64, Mandatory, true),
        rule("or", Text, Optional, true),
        rule("rels", TextList, Optional, true),
        rule("soe", Text, Optional, true),
        rule("vlde", Boolean, Optional, true),
    ],
    hooks: Hooks::NONE,
    summary: |resource| {
        format!(
            "dcrp {} · dsp {} base64 characters",
            resource.attribute_u64("dcrp").unwrap_or_default(),
            resource.attribute("dsp").and_then(|dsp| dsp.as_str()).map(str::len).unwrap_or_default()
        )
    },
    create_template: |_| json!({"m2m:smd": {"rn": "description", "dcrp": 5, "dsp": "QHByZWZpeCBzYXJlZjogPGh0dHBzOi8vc2FyZWYuZXRzaS5vcmcvY29yZS8+IC4K"}}),
    update_template: label_update,
};
