//! One file per resource type, registered in one list ([`all`]).
//!
//! Each file declares what its type is (a [`TypeSpec`]: `ty`, names, the parent types it may live
//! under, its attribute rules, flags, a request template and a summary for views) and its hooks,
//! the type-specific steps of Create, Update, Delete, expiry and restore. The engine's generic code
//! (operations, snapshot, discovery) asks the spec instead of matching on the type, so adding a
//! type is one new file here and one line in [`all`] (and in `shared/facts/onem2m.md` if the
//! engine should say it hosts a type the facts list).

use serde_json::{Map, Value};

use crate::cse::{Cse, Outcome};
use crate::notification::NotificationTransport;
use crate::primitive::{Request, Response};
use crate::resource::{AttributeRule, Resource, ResourceType};
use crate::time::Timestamp;

mod access_control_policy;
mod ae;
mod container;
mod content_instance;
mod cse_base;
mod flex_container;
mod group;
mod mgmt_obj;
mod node;
mod request;
mod semantic_descriptor;
mod subscription;

pub use container::ContainerAttributes;
pub use mgmt_obj::{
    ActionStatus, DeviceAction, DeviceActionOutcome, DeviceManagement, MGMT_OBJ_SPECIALIZATIONS, MgmtObjSpecialization,
    Trigger, simulated_device,
};
pub use request::REQUEST_RESOURCE_LIFETIME_SECONDS;
pub(crate) use request::record as record_request;
pub use subscription::SubscriptionAttributes;

/// Every resource type this engine hosts, in `ty` order. Adding a type: a new file and a line here.
pub fn all() -> &'static [&'static TypeSpec] {
    ALL
}

static ALL: &[&TypeSpec] = &[
    &access_control_policy::SPEC,
    &ae::SPEC,
    &container::SPEC,
    &content_instance::SPEC,
    &cse_base::SPEC,
    &group::SPEC,
    &mgmt_obj::SPEC,
    &node::SPEC,
    &request::SPEC,
    &subscription::SPEC,
    &semantic_descriptor::SPEC,
    &flex_container::SPEC,
];

/// The spec of a hosted `ty` number.
pub fn spec_of(ty: u32) -> Option<&'static TypeSpec> {
    all().iter().copied().find(|spec| spec.ty.ty() == ty)
}

/// How a type's representation is wrapped in JSON.
#[derive(Debug, Clone, Copy)]
pub enum Wrapper {
    /// `m2m:<short name>`
    ShortName,
    /// a specialization chosen by the creator, e.g. `cod:tempe` (flexContainer); checked by the fn
    Custom(fn(&str) -> bool),
    /// one of a fixed list of specializations, e.g. `m2m:fwr` (mgmtObj)
    Specializations(&'static [MgmtObjSpecialization]),
}

/// Yes/no properties of a type.
#[derive(Debug, Clone, Copy, Default)]
pub struct TypeFlags {
    /// It has an `acpi` attribute (otherwise its parent's applies, or `pvs` for a policy).
    pub carries_acpi: bool,
    /// It has a `st` (stateTag) attribute.
    pub has_state_tag: bool,
    /// A subscription may be created under it.
    pub subscribable: bool,
    /// The standard defines an announced variant (10000 + ty); this engine does not host it.
    pub announceable: bool,
    /// Besides its rules, it takes attributes its creator names (flexContainer).
    pub custom_attributes: bool,
    /// A Create of it is governed by registration rules rather than the parent's Create privilege (AE).
    pub registers: bool,
    /// Only the CSE makes it; a Create by a request is 4005 (request).
    pub made_by_the_cse: bool,
}

/// What a type is, and its type-specific steps. See the module documentation.
#[derive(Debug)]
pub struct TypeSpec {
    pub ty: ResourceType,
    /// `m2m:<short>` and the resource-ID prefix, e.g. "cnt".
    pub short_name: &'static str,
    /// e.g. "container".
    pub long_name: &'static str,
    /// The types a resource of this type may be created under (4108 otherwise).
    pub parents: &'static [ResourceType],
    pub wrapper: Wrapper,
    pub flags: TypeFlags,
    /// Names of virtual children (`la`, `ol`, `fopt`) addressed below a resource of this type.
    pub virtual_children: &'static [&'static str],
    /// Why a request may not update it (4005), if it may not.
    pub update_refusal: Option<&'static str>,
    /// Why a request may not delete it (4005), if it may not.
    pub delete_refusal: Option<&'static str>,
    pub(crate) attributes: &'static [AttributeRule],
    pub(crate) hooks: Hooks,
    /// One line about a resource for views (a tree's node details): e.g. "cni 2 / mni 3".
    pub summary: fn(&Resource) -> String,
    /// A Create body a student can start from; the argument is the originator (or a placeholder).
    pub create_template: fn(&str) -> Value,
    /// The attributes of an Update body a student can start from.
    pub update_template: fn() -> Value,
}

/// The inputs of a Create's type-specific step.
pub(crate) struct CreateContext<'a> {
    pub request: &'a Request,
    pub originator: &'a str,
    pub now: Timestamp,
    pub transport: &'a mut dyn NotificationTransport,
}

/// The inputs of an Update's type-specific step.
pub(crate) struct UpdateContext<'a> {
    pub request: &'a Request,
    pub originator: &'a str,
    pub now: Timestamp,
    pub transport: &'a mut dyn NotificationTransport,
    /// The resource before the update.
    pub current: &'a Resource,
    /// The attributes the request changed.
    pub modified: &'a Map<String, Value>,
}

pub(crate) type AssignId = fn(&mut Cse, &mut Resource, &Request, &str) -> Outcome<()>;
pub(crate) type PrepareCreate = fn(&mut Cse, &mut Resource, &mut CreateContext<'_>) -> Outcome<()>;
pub(crate) type PrepareUpdate = fn(&mut Cse, &mut Resource, &mut UpdateContext<'_>) -> Outcome<()>;
pub(crate) type AfterUpdate = fn(&mut Cse, &str, &Map<String, Value>, Timestamp);
pub(crate) type CheckRestored = fn(&Cse, &Resource) -> Result<(), String>;
pub(crate) type CheckAttribute = fn(&str, &Value) -> Result<(), String>;
/// A Notify addressed to a resource: the request, its originator, the resource's ri, now.
pub(crate) type OnNotify = fn(&mut Cse, &Request, &str, &str, Timestamp) -> Outcome<Response>;

/// Type-specific steps; `None` is "nothing to do".
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Hooks {
    /// Sets the resource ID (and what goes with it) instead of generating one (AE registration).
    pub assign_id: Option<AssignId>,
    /// Checks and completes a new resource before it is inserted (an error refuses the Create).
    pub prepare_create: Option<PrepareCreate>,
    /// After the new resource is in the tree.
    pub after_create: Option<fn(&mut Cse, &str, Timestamp)>,
    /// Checks and completes an updated resource before it replaces the current one.
    pub prepare_update: Option<PrepareUpdate>,
    /// After the updated resource is in the tree: its ri, the modified attributes, now.
    pub after_update: Option<AfterUpdate>,
    /// Keeps the engine's per-type indexes (policies, subscriptions) when a resource is inserted.
    pub on_insert: Option<fn(&mut Cse, &Resource)>,
    /// After the resource left the tree: the removed resource, whether it was the top of the
    /// deleted subtree, now.
    pub after_delete: Option<fn(&mut Cse, &Resource, bool, Timestamp)>,
    /// An expiry besides `et` (a contentInstance's container `mia`).
    pub expiry: Option<fn(&Cse, &Resource) -> Option<Timestamp>>,
    /// Checks a restored resource once the whole tree is back (a snapshot's consistency).
    pub check_restored: Option<CheckRestored>,
    /// Checks the grammar of one attribute's value (`cnf`, `csz`).
    pub check_attribute: Option<CheckAttribute>,
    /// Receives a Notify addressed to the resource (an AE forwards it to its `poa`); without it a
    /// Notify is 4005.
    pub on_notify: Option<OnNotify>,
}

impl TypeFlags {
    /// Every flag off (spell the ones that are on: `TypeFlags { carries_acpi: true, ..TypeFlags::NONE }`).
    pub const NONE: TypeFlags = TypeFlags {
        carries_acpi: false,
        has_state_tag: false,
        subscribable: false,
        announceable: false,
        custom_attributes: false,
        registers: false,
        made_by_the_cse: false,
    };
}

impl Hooks {
    /// No type-specific step.
    pub const NONE: Hooks = Hooks {
        assign_id: None,
        prepare_create: None,
        after_create: None,
        prepare_update: None,
        after_update: None,
        on_insert: None,
        after_delete: None,
        expiry: None,
        check_restored: None,
        check_attribute: None,
        on_notify: None,
    };
}

impl TypeSpec {
    /// The attribute rules of a resource of this type with `specialization` (its wrapper key).
    pub(crate) fn rules(&self, specialization: Option<&str>) -> Vec<&'static AttributeRule> {
        let mut rules: Vec<&'static AttributeRule> = self.attributes.iter().collect();
        if let (Wrapper::Specializations(list), Some(key)) = (self.wrapper, specialization)
            && let Some(found) = list.iter().find(|s| s.key == key)
        {
            rules.extend(found.attributes);
        }
        rules
    }

    /// The JSON wrapper a request body should use, for messages.
    pub fn wrapper_hint(&self) -> String {
        match self.wrapper {
            Wrapper::ShortName => format!("m2m:{}", self.short_name),
            Wrapper::Custom(_) => "<prefix>:<specialization>".to_owned(),
            Wrapper::Specializations(list) => list.iter().map(|s| s.key).collect::<Vec<_>>().join(" | "),
        }
    }

    /// Whether `key` is an acceptable wrapper for a Create of this type.
    pub fn accepts_wrapper(&self, key: &str) -> bool {
        match self.wrapper {
            Wrapper::ShortName => key.strip_prefix("m2m:") == Some(self.short_name),
            Wrapper::Custom(check) => check(key),
            Wrapper::Specializations(list) => list.iter().any(|s| s.key == key),
        }
    }

    /// Whether a resource of this type may be created under one of type `parent`.
    /// A subscription lives under every type flagged `subscribable`.
    pub fn may_live_under(&self, parent: ResourceType) -> bool {
        self.parents.contains(&parent) || (self.ty == ResourceType::Subscription && parent.spec().flags.subscribable)
    }
}

/// Shorthand for the summaries: a number attribute or "-".
pub(crate) fn number(resource: &Resource, name: &str) -> String {
    resource.attribute_u64(name).map(|value| value.to_string()).unwrap_or_else(|| "-".into())
}

/// An update template that changes the labels.
pub(crate) fn label_update() -> Value {
    serde_json::json!({"lbl": ["updated"]})
}

#[cfg(test)]
mod tests;
