//! `<mgmtObj>` (ty 13): a management object under a `<node>`, specialised by `mgd` and wrapped in
//! its specialization's name (`m2m:fwr`, `m2m:swr`, `m2m:mem`, `m2m:bat`, `m2m:dvi`, `m2m:rbo`).
//!
//! Setting a trigger (`ud`, `in`, `un`, `act`, `dea`, `rbo`, `far`) to true with an Update hands a
//! [`DeviceAction`] to the plugged-in [`DeviceManagement`] hook (`Cse::set_device_management`); its
//! [`DeviceActionOutcome`] shows in the specialization's status attribute (`uds`, `ins`, `acts`),
//! an actionStatus `{acn, sus}`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::{CreateContext, Hooks, TypeFlags, TypeSpec, UpdateContext, Wrapper};
use crate::cse::{Cse, Outcome, fail};
use crate::resource::{AttributeRule, Kind::*, OnCreate::*, Resource, ResourceType, rule};
use crate::status::ResponseStatusCode as Rsc;
use crate::trace::TraceKind;

#[allow(non_upper_case_globals)]
impl ResourceType {
    /// `<mgmtObj>`, ty 13.
    pub const MgmtObj: ResourceType = ResourceType(13);
}

/// A trigger attribute and the status attribute its outcome goes to (if the specialization has one).
#[derive(Debug, Clone, Copy)]
pub struct Trigger {
    pub name: &'static str,
    /// The action's name in the status (`acn`), e.g. "update".
    pub action: &'static str,
    pub status: Option<&'static str>,
}

/// One specialization of `<mgmtObj>` (TS-0001 device management; `shared/facts/onem2m.md`).
#[derive(Debug)]
pub struct MgmtObjSpecialization {
    /// The JSON wrapper, e.g. "m2m:fwr".
    pub key: &'static str,
    /// mgmtDefinition, e.g. 1001.
    pub mgd: u64,
    /// e.g. "firmware".
    pub name: &'static str,
    pub(crate) attributes: &'static [AttributeRule],
    pub triggers: &'static [Trigger],
}

const fn trigger(name: &'static str, action: &'static str, status: Option<&'static str>) -> Trigger {
    Trigger { name, action, status }
}

/// The specializations this engine hosts.
pub static MGMT_OBJ_SPECIALIZATIONS: [MgmtObjSpecialization; 6] = [
    MgmtObjSpecialization {
        key: "m2m:fwr",
        mgd: 1001,
        name: "firmware",
        attributes: &[
            rule("vr", Text, Mandatory, true),
            rule("fwn", Text, Mandatory, true),
            rule("url", Text, Mandatory, true),
            rule("ud", Boolean, Optional, true),
            rule("uds", Object, ReadOnly, false),
        ],
        triggers: &[trigger("ud", "update", Some("uds"))],
    },
    MgmtObjSpecialization {
        key: "m2m:swr",
        mgd: 1002,
        name: "software",
        attributes: &[
            rule("vr", Text, Mandatory, true),
            rule("swn", Text, Mandatory, true),
            rule("url", Text, Mandatory, true),
            rule("in", Boolean, Optional, true),
            rule("un", Boolean, Optional, true),
            rule("act", Boolean, Optional, true),
            rule("dea", Boolean, Optional, true),
            rule("ins", Object, ReadOnly, false),
            rule("acts", Object, ReadOnly, false),
        ],
        triggers: &[
            trigger("in", "install", Some("ins")),
            trigger("un", "uninstall", Some("ins")),
            trigger("act", "activate", Some("acts")),
            trigger("dea", "deactivate", Some("acts")),
        ],
    },
    MgmtObjSpecialization {
        key: "m2m:mem",
        mgd: 1003,
        name: "memory",
        attributes: &[rule("mma", Count, Optional, true), rule("mmt", Count, Optional, true)],
        triggers: &[],
    },
    MgmtObjSpecialization {
        key: "m2m:bat",
        mgd: 1006,
        name: "battery",
        attributes: &[rule("btl", Percent, Optional, true), rule("bts", Count, Optional, true)],
        triggers: &[],
    },
    MgmtObjSpecialization {
        key: "m2m:dvi",
        mgd: 1007,
        name: "deviceInfo",
        attributes: &[
            rule("dlb", Text, Optional, true),
            rule("man", Text, Optional, true),
            rule("mod", Text, Optional, true),
            rule("dty", Text, Mandatory, true),
            rule("swv", Text, Optional, true),
            rule("hwv", Text, Optional, true),
            rule("osv", Text, Optional, true),
            rule("cnty", Text, Optional, true),
            rule("dvnm", Text, Optional, true),
            rule("smod", Text, Optional, true),
            rule("spur", Text, Optional, true),
        ],
        triggers: &[],
    },
    MgmtObjSpecialization {
        key: "m2m:rbo",
        mgd: 1009,
        name: "reboot",
        attributes: &[rule("rbo", Boolean, Optional, true), rule("far", Boolean, Optional, true)],
        triggers: &[trigger("rbo", "reboot", None), trigger("far", "factoryReset", None)],
    },
];

pub(crate) static SPEC: TypeSpec = TypeSpec {
    ty: ResourceType::MgmtObj,
    short_name: "mgo",
    long_name: "mgmtObj",
    parents: &[ResourceType::Node],
    wrapper: Wrapper::Specializations(&MGMT_OBJ_SPECIALIZATIONS),
    flags: TypeFlags { carries_acpi: true, subscribable: true, announceable: true, ..TypeFlags::NONE },
    virtual_children: &[],
    update_refusal: None,
    delete_refusal: None,
    attributes: &[
        rule("mgd", Count, Optional, false),
        rule("obis", TextList, Optional, true),
        rule("obps", TextList, Optional, true),
        rule("dc", Text, Optional, true),
        rule("mgs", Any, Optional, true),
        rule("cmlk", TextList, Optional, true),
    ],
    hooks: Hooks { prepare_create: Some(prepare_create), prepare_update: Some(prepare_update), ..Hooks::NONE },
    summary,
    create_template: |_| json!({"m2m:fwr": {"rn": "firmware", "mgd": 1001, "vr": "1.0.0", "fwn": "thermostat-fw", "url": "https://updates.example.org/thermostat/1.0.0.bin", "dc": "the thermostat's firmware"}}),
    update_template: || json!({"vr": "1.1.0", "url": "https://updates.example.org/thermostat/1.1.0.bin", "ud": true}),
};

fn specialization(resource: &Resource) -> Option<&'static MgmtObjSpecialization> {
    let key = resource.specialization.as_deref()?;
    MGMT_OBJ_SPECIALIZATIONS.iter().find(|s| s.key == key)
}

fn summary(resource: &Resource) -> String {
    let name = specialization(resource).map_or("mgmtObj", |s| s.name);
    let status = |attribute: &str| {
        resource.attribute(attribute).and_then(|s| s.get("sus")).and_then(Value::as_u64).map(ActionStatus::from_code)
    };
    match (resource.attribute("vr").and_then(Value::as_str), status("uds").or(status("ins"))) {
        (Some(version), Some(status)) => format!("{name} {version} · {}", status.name()),
        (Some(version), None) => format!("{name} {version}"),
        _ => name.to_owned(),
    }
}

/// `mgd` is set from the wrapper; one given in the request must agree (4000).
fn prepare_create(_: &mut Cse, resource: &mut Resource, _: &mut CreateContext<'_>) -> Outcome<()> {
    let Some(found) = specialization(resource) else {
        return fail(Rsc::BadRequest, "a mgmtObj must be wrapped in one of its specializations");
    };
    if let Some(mgd) = resource.attribute_u64("mgd")
        && mgd != found.mgd
    {
        return fail(
            Rsc::BadRequest,
            format!("mgd {mgd} does not match the specialization {} ({}, mgd {})", found.key, found.name, found.mgd),
        );
    }
    resource.attributes.insert("mgd".into(), json!(found.mgd));
    for trigger in found.triggers {
        if resource.attribute(trigger.name).and_then(Value::as_bool) == Some(true) {
            return fail(
                Rsc::BadRequest,
                format!("trigger '{}' can only be set by an Update of an existing {}", trigger.name, found.name),
            );
        }
    }
    Ok(())
}

/// Each trigger the Update set to true goes to the device-management hook; its outcome is shown in
/// the status attribute, and the hook's other attributes (e.g. a new `vr`) are applied.
fn prepare_update(cse: &mut Cse, updated: &mut Resource, context: &mut UpdateContext<'_>) -> Outcome<()> {
    let Some(found) = specialization(updated) else {
        return Ok(());
    };
    for trigger in found.triggers {
        if context.modified.get(trigger.name).and_then(Value::as_bool) != Some(true) {
            continue;
        }
        let action = DeviceAction {
            mgmt_obj: updated.ri.clone(),
            node: cse
                .resource(&updated.pi)
                .and_then(|node| node.attribute("ni"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            mgd: found.mgd,
            trigger: trigger.name.to_owned(),
            action: trigger.action.to_owned(),
            attributes: updated.attributes.clone(),
        };
        let outcome = (cse.device_management)(&action);
        for (name, value) in &outcome.attributes {
            // only settable attributes of the specialization; a device cannot set triggers or statuses
            let settable = found.attributes.iter().any(|rule| {
                rule.name == name && rule.create != ReadOnly && !found.triggers.iter().any(|t| t.name == rule.name)
            });
            if settable {
                updated.attributes.insert(name.clone(), value.clone());
            }
        }
        if let Some(status) = trigger.status {
            updated.attributes.insert(status.into(), json!({"acn": trigger.action, "sus": outcome.status.code()}));
        }
        cse.record(
            context.now,
            TraceKind::DeviceAction {
                ri: updated.ri.clone(),
                trigger: trigger.name.to_owned(),
                status: outcome.status,
            },
        );
    }
    Ok(())
}

/// What the device was asked to do: a trigger set on a mgmtObj.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceAction {
    /// The mgmtObj's ri.
    pub mgmt_obj: String,
    /// The node's `ni` (nodeID), when the mgmtObj is under a node that has one.
    pub node: Option<String>,
    /// The mgmtObj's mgmtDefinition, e.g. 1001 firmware.
    pub mgd: u64,
    /// The trigger attribute, e.g. "ud".
    pub trigger: String,
    /// The action's name, e.g. "update" (the status's `acn`).
    pub action: String,
    /// The mgmtObj's attributes with the update applied (e.g. the `vr` and `url` to install).
    pub attributes: Map<String, Value>,
}

/// The status of an action (`sus` of an actionStatus; TS-0004 m2m:status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionStatus {
    Uninitialized,
    Successful,
    Failure,
    InProcess,
}

impl ActionStatus {
    /// The number in `sus`: 0 uninitialized, 1 successful, 2 failure, 3 in process.
    pub const fn code(self) -> u64 {
        match self {
            ActionStatus::Uninitialized => 0,
            ActionStatus::Successful => 1,
            ActionStatus::Failure => 2,
            ActionStatus::InProcess => 3,
        }
    }

    fn from_code(code: u64) -> Self {
        match code {
            1 => ActionStatus::Successful,
            2 => ActionStatus::Failure,
            3 => ActionStatus::InProcess,
            _ => ActionStatus::Uninitialized,
        }
    }

    /// e.g. "successful".
    pub const fn name(self) -> &'static str {
        match self {
            ActionStatus::Uninitialized => "uninitialized",
            ActionStatus::Successful => "successful",
            ActionStatus::Failure => "failure",
            ActionStatus::InProcess => "in process",
        }
    }
}

/// What the device answered.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceActionOutcome {
    pub status: ActionStatus,
    /// Attributes of the mgmtObj the device changed (e.g. `vr` after a firmware update); only
    /// settable attributes of the specialization (not triggers, not statuses).
    pub attributes: Map<String, Value>,
}

/// The device-management layer: acts on a trigger and answers with its outcome. A plain `fn`
/// plugged in with `Cse::set_device_management`, configuration rather than state (not part of
/// snapshots). The default, [`simulated_device`], succeeds.
pub type DeviceManagement = fn(&DeviceAction) -> DeviceActionOutcome;

/// The default device: every action succeeds; a firmware or software update leaves `vr` as the
/// Update set it.
pub fn simulated_device(_: &DeviceAction) -> DeviceActionOutcome {
    DeviceActionOutcome { status: ActionStatus::Successful, attributes: Map::new() }
}
