//! `<container>` (ty 3, `m2m:cnt`): instance counters, `mni`/`mbs` eviction, `mia`, virtual `la`/`ol`.

use serde_json::{Map, Value, json};

use super::{CreateContext, Hooks, TypeFlags, TypeSpec, Wrapper, number};
use crate::cse::{Cse, Outcome};
use crate::resource::{Kind::*, OnCreate::*, Resource, ResourceType, rule};
use crate::time::Timestamp;

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<container>`, ty 3.
    pub const Container: ResourceType = ResourceType(3);
}

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::Container,
    short_name: "cnt",
    long_name: "container",
    parents: &[ResourceType::CseBase, ResourceType::Ae, ResourceType::Container, ResourceType::FlexContainer],
    wrapper: Wrapper::ShortName,
    flags: TypeFlags {
        carries_acpi: true,
        has_state_tag: true,
        subscribable: true,
        announceable: true,
        ..TypeFlags::NONE
    },
    virtual_children: &["la", "ol"],
    update_refusal: None,
    delete_refusal: None,
    attributes: &[
        rule("mni", Count, Optional, true),
        rule("mbs", Count, Optional, true),
        rule("mia", Count, Optional, true),
        rule("cni", Count, ReadOnly, false),
        rule("cbs", Count, ReadOnly, false),
        rule("li", Text, Optional, true),
        rule("disr", Boolean, Optional, true),
        rule("or", Text, Optional, true),
    ],
    hooks: Hooks {
        prepare_create: Some(prepare_create),
        after_update: Some(after_update),
        check_restored: Some(check_restored),
        ..Hooks::NONE
    },
    summary: |resource| format!("cni {} / mni {}", number(resource, "cni"), number(resource, "mni")),
    create_template: |_| json!({"m2m:cnt": {"rn": "data", "mni": 3, "lbl": ["room:1"]}}),
    update_template: || json!({"mni": 5}),
};

/// A container's own attributes, typed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContainerAttributes {
    /// maxNrOfInstances
    pub mni: Option<u64>,
    /// maxByteSize
    pub mbs: Option<u64>,
    /// maxInstanceAge, seconds
    pub mia: Option<u64>,
    /// currentNrOfInstances
    pub cni: u64,
    /// currentByteSize
    pub cbs: u64,
}

impl ContainerAttributes {
    /// The view of a container (all absent for another type).
    pub fn of(resource: &Resource) -> Self {
        ContainerAttributes {
            mni: resource.attribute_u64("mni"),
            mbs: resource.attribute_u64("mbs"),
            mia: resource.attribute_u64("mia"),
            cni: resource.attribute_u64("cni").unwrap_or(0),
            cbs: resource.attribute_u64("cbs").unwrap_or(0),
        }
    }

    /// Whether `mni` or `mbs` is exceeded.
    pub fn over_limits(&self) -> bool {
        self.mni.is_some_and(|mni| self.cni > mni) || self.mbs.is_some_and(|mbs| self.cbs > mbs)
    }

    /// Writes the counters the CSE keeps (`cni`, `cbs`).
    fn write_counters(&self, resource: &mut Resource) {
        resource.attributes.insert("cni".into(), json!(self.cni));
        resource.attributes.insert("cbs".into(), json!(self.cbs));
    }
}

fn prepare_create(_: &mut Cse, resource: &mut Resource, _: &mut CreateContext<'_>) -> Outcome<()> {
    ContainerAttributes::default().write_counters(resource);
    Ok(())
}

fn after_update(cse: &mut Cse, ri: &str, modified: &Map<String, Value>, now: Timestamp) {
    if modified.contains_key("mia") {
        for child in cse.children_of(ri).to_vec() {
            cse.reindex_expiry(&child);
        }
        cse.expire_resources(now);
    }
    enforce_limits(cse, ri, now);
}

/// A contentInstance was added: cni/cbs/st/lt of the container, then mni/mbs eviction.
pub(crate) fn gained_instance(cse: &mut Cse, container: &str, instance: &str, now: Timestamp) {
    let size = cse.resource(instance).and_then(|r| r.attribute_u64("cs")).unwrap_or(0);
    if let Some(parent) = cse.tree.resources.get_mut(container) {
        let mut counters = ContainerAttributes::of(parent);
        counters.cni += 1;
        counters.cbs += size;
        counters.write_counters(parent);
        parent.st = Some(parent.st.unwrap_or(0) + 1);
        parent.lt = now;
    }
    enforce_limits(cse, container, now);
}

/// A contentInstance was removed: cni/cbs/st/lt of the container.
pub(crate) fn lost_instance(cse: &mut Cse, container: &str, size: u64, now: Timestamp) {
    if let Some(parent) = cse.tree.resources.get_mut(container)
        && parent.ty == ResourceType::Container
    {
        let mut counters = ContainerAttributes::of(parent);
        counters.cni = counters.cni.saturating_sub(1);
        counters.cbs = counters.cbs.saturating_sub(size);
        counters.write_counters(parent);
        parent.st = Some(parent.st.unwrap_or(0) + 1);
        parent.lt = now;
    }
}

/// Evicts the oldest instances while `mni` or `mbs` is exceeded.
fn enforce_limits(cse: &mut Cse, container: &str, now: Timestamp) {
    loop {
        let Some(parent) = cse.resource(container) else {
            return;
        };
        if !ContainerAttributes::of(parent).over_limits() {
            return;
        }
        let Some(oldest) = cse.oldest_instance(container) else {
            return;
        };
        cse.delete_subtree(&oldest, now);
    }
}

/// The counters must agree with the instances.
fn check_restored(cse: &Cse, container: &Resource) -> Result<(), String> {
    let (count, bytes) = cse
        .children_of(&container.ri)
        .iter()
        .filter_map(|ri| cse.resource(ri))
        .filter(|child| child.ty == ResourceType::ContentInstance)
        .fold((0u64, 0u64), |(n, b), cin| (n + 1, b + cin.attribute_u64("cs").unwrap_or(0)));
    if container.attribute_u64("cni") != Some(count) || container.attribute_u64("cbs") != Some(bytes) {
        return Err(format!(
            "container \"{}\" says cni/cbs differ from its {count} instances of {bytes} bytes",
            container.ri
        ));
    }
    Ok(())
}
