//! `<flexContainer>` (ty 28): wrapped in its specialization (`cod:tempe`), with custom attributes.

use serde_json::json;

use super::{Hooks, TypeFlags, TypeSpec, Wrapper};
use crate::resource::{Kind::*, OnCreate::*, ResourceType, is_specialization_key, rule};

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<flexContainer>`, ty 28.
    pub const FlexContainer: ResourceType = ResourceType(28);
}

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::FlexContainer,
    short_name: "fcnt",
    long_name: "flexContainer",
    parents: &[ResourceType::CseBase, ResourceType::Ae, ResourceType::FlexContainer],
    wrapper: Wrapper::Custom(is_specialization_key),
    flags: TypeFlags {
        carries_acpi: true,
        has_state_tag: true,
        subscribable: true,
        announceable: true,
        custom_attributes: true,
        ..TypeFlags::NONE
    },
    virtual_children: &[],
    update_refusal: None,
    delete_refusal: None,
    attributes: &[
        rule("cnd", Text, Mandatory, false),
        rule("nl", Text, Optional, true),
        rule("or", Text, Optional, true),
    ],
    hooks: Hooks::NONE,
    summary: |resource| {
        format!("{} st {}", resource.specialization.clone().unwrap_or_default(), resource.st.unwrap_or(0))
    },
    create_template: |_| json!({"cod:binSh": {"rn": "switch", "cnd": "org.onem2m.common.moduleclass.binarySwitch", "powerState": false}}),
    update_template: || json!({"powerState": true}),
};
