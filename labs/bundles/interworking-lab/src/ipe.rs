//! The interworking proxy (IPE) between the two devices and the CSE running in the page, with the oneM2M
//! application (`dashboard`) that uses them and a native oneM2M thermometer next to them.
//!
//! The IPE applies a [`Mapping`]: it registers, creates the resources, observes the mapped points on the
//! devices and subscribes to its own writable flexContainers. Then it keeps both sides in sync:
//! - a device change (observed) becomes an Update of the flexContainer (or a new contentInstance), which notifies
//!   the application's subscriptions;
//! - an Update on the flexContainer notifies the IPE, which writes the resource or invokes the command the action
//!   names; when the device refuses, the IPE writes the device's real value back and logs why.
//!
//! The IPE also writes a semanticDescriptor (SAREF / Base Ontology, Turtle) for each device, so semantic
//! discovery (the CSE's `smf`, with the matcher the shell plugs in) finds interworked devices next to native ones.
//! Pure: the clock is a counter, the matcher a plain `fn`.

use onem2m_cse::{
    Cse, CseConfig, FilterCriteria, NotificationKind, NotificationTarget, Request, Response, ResponseStatusCode,
    SemanticMatcher, Timestamp, VerificationOutcome,
};
use serde_json::{Map, Value, json};

use crate::devices::{Change, Device, DeviceError, PointType, Protocol, all_devices};
use crate::mapping::{DeviceAs, Mapping, MappingError, UnitAs, UnitMapping, to_device, to_onem2m};
use crate::semantics;

/// The CSE's administrator (semantic discovery runs as it, as in the ontology lab).
pub const ADMIN: &str = "CAdmin";
/// The IPE's AE.
pub const IPE_NAME: &str = "interworking-ipe";
/// The oneM2M application.
pub const APP_NAME: &str = "dashboard";
/// The native oneM2M thermometer.
pub const NATIVE_NAME: &str = "hall-thermometer";
/// 2026-01-05T09:00:00Z.
const LAB_EPOCH: &str = "20260105T090000";
/// Create (children such as subscriptions), Retrieve, Update, Notify and Discover for every originator
/// (1 + 2 + 4 + 16 + 32): the lab's building is open to its applications; only the owner deletes.
const OPEN_ACOP: u64 = 55;

/// Who did something, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Device,
    Ipe,
    Cse,
    App,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub side: Side,
    pub text: String,
    /// A refusal or an error status.
    pub failed: bool,
}

/// A unit the IPE created in the CSE.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisteredUnit {
    pub mapping: UnitMapping,
    /// Structured path (`cse-in/roof-01/temperature`).
    pub path: String,
}

/// A device the IPE represents.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisteredDevice {
    pub device: String,
    /// The AE-ID the IPE uses for the device (its own when the device is a node).
    pub originator: String,
    /// Structured path of the AE or node.
    pub path: String,
    pub units: Vec<RegisteredUnit>,
}

/// The answer of a semantic discovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryAnswer {
    pub rsc: u16,
    pub status: String,
    pub matches: Vec<String>,
    pub debug: Option<String>,
}

/// The devices, the IPE, the CSE and the application.
#[derive(Debug, Clone)]
pub struct Interworking {
    pub devices: Vec<Device>,
    /// The mapping the IPE applies now.
    pub mapping: Mapping,
    pub cse: Cse,
    pub now: Timestamp,
    pub app: String,
    pub ipe: Option<String>,
    pub registered: Vec<RegisteredDevice>,
    /// Structured path of the native thermometer.
    pub native_path: String,
    pub log: Vec<LogEntry>,
    /// Notifications the application received (`m2m:sgn` content).
    pub app_notifications: Vec<Value>,
}

fn status(response: &Response) -> String {
    let mut text = format!("{} {}", response.rsc.code(), response.rsc.name());
    if let Some(debug) = response.debug_message() {
        text.push_str(&format!(" ({debug})"));
    }
    text
}

fn failed(response: &Response) -> bool {
    response.rsc.code() >= 4000
}

impl Interworking {
    /// The page's CSE with the application and the native thermometer, and the IPE applying `mapping`.
    pub fn new(matcher: Option<SemanticMatcher>, mapping: Mapping) -> Self {
        let now = Timestamp::parse_onem2m(LAB_EPOCH).unwrap_or_else(|| Timestamp::from_millis(0));
        let mut cse = Cse::new(CseConfig::default(), now);
        cse.set_semantic_matcher(matcher);
        let mut lab = Interworking {
            devices: all_devices(),
            mapping: Mapping { devices: Vec::new() },
            cse,
            now,
            app: String::new(),
            ipe: None,
            registered: Vec::new(),
            native_path: format!("cse-in/{NATIVE_NAME}"),
            log: Vec::new(),
            app_notifications: Vec::new(),
        };
        lab.app = lab.register_ae(APP_NAME, "Ndashboard").unwrap_or_default();
        lab.create_native_thermometer();
        if let Err(error) = lab.apply_mapping(mapping) {
            lab.note(Side::Ipe, format!("the mapping was not applied: {error}"), true);
        }
        lab.log.clear();
        lab
    }

    fn note(&mut self, side: Side, text: String, failed: bool) {
        self.log.push(LogEntry { side, text, failed });
        if self.log.len() > 200 {
            self.log.remove(0);
        }
    }

    fn send(&mut self, request: Request) -> Response {
        self.now = self.now.plus_seconds(1);
        let mut accept = |_: &NotificationTarget, _: &Value| VerificationOutcome::Accepted;
        self.cse.handle_request_with(request, self.now, &mut accept)
    }

    fn send_logged(&mut self, side: Side, summary: String, request: Request) -> Response {
        let response = self.send(request);
        let bad = failed(&response);
        self.note(side, format!("{summary} → {}", status(&response)), bad);
        response
    }

    fn register_ae(&mut self, name: &str, api: &str) -> Option<String> {
        let request =
            Request::create("cse-in", "C", 2, json!({"m2m:ae": {"rn": name, "api": api, "rr": true, "srv": ["3"]}}));
        let response = self.send_logged(Side::Ipe, format!("Create AE {name}"), request);
        let aei = response.attribute("aei").and_then(Value::as_str).map(str::to_owned)?;
        Some(aei)
    }

    /// An `<accessControlPolicy>` under the AE at `parent` opening it to every originator (Retrieve, Update,
    /// Notify, Discover), linked from the AE; returns its ri.
    fn open_policy(&mut self, parent: &str, owner: &str) -> Option<String> {
        let pc = json!({"m2m:acp": {
            "rn": "acp-open",
            "pv": {"acr": [{"acor": ["all"], "acop": OPEN_ACOP}, {"acor": [owner], "acop": 63}]},
            "pvs": {"acr": [{"acor": [owner], "acop": 63}]},
        }});
        let response = self.send_logged(
            Side::Ipe,
            format!("Create accessControlPolicy under {parent}"),
            Request::create(parent, owner, 1, pc),
        );
        let ri = response.attribute("ri").and_then(Value::as_str).map(str::to_owned)?;
        self.send(Request::update(parent, owner, json!({"m2m:ae": {"acpi": [ri]}})));
        Some(ri)
    }

    fn create_native_thermometer(&mut self) {
        let Some(aei) = self.register_ae(NATIVE_NAME, "Nthermometer") else { return };
        let acp = self.open_policy(&self.native_path.clone(), &aei);
        let path = self.native_path.clone();
        let flex = json!({"cod:tempe": {
            "rn": "temperature",
            "cnd": "org.onem2m.common.moduleclass.temperature",
            "acpi": acp.iter().collect::<Vec<_>>(),
            "currentTemperature": 19.5,
            "unit": "Cel",
        }});
        self.send(Request::create(path.clone(), aei.clone(), 28, flex));
        let descriptor = semantics::native_descriptor(NATIVE_NAME);
        self.send(Request::create(path, aei, 24, semantics::descriptor_request(&descriptor, acp.as_deref())));
    }

    /// Removes what the IPE created before, then registers the IPE and applies `mapping`.
    pub fn apply_mapping(&mut self, mapping: Mapping) -> Result<(), MappingError> {
        mapping.validate(&self.devices)?;
        for registered in std::mem::take(&mut self.registered) {
            self.send(Request::delete(registered.path, ADMIN));
        }
        if self.ipe.take().is_some() {
            self.send_logged(
                Side::Ipe,
                format!("Delete AE {IPE_NAME} (the previous mapping)"),
                Request::delete(format!("cse-in/{IPE_NAME}"), ADMIN),
            );
        }
        for device in &mut self.devices {
            device.forget_observers();
        }
        self.mapping = mapping.clone();
        let Some(ipe) = self.register_ae(IPE_NAME, "Ninterworking-ipe") else { return Ok(()) };
        self.ipe = Some(ipe.clone());
        let ipe_path = format!("cse-in/{IPE_NAME}");
        let ipe_acp = self.open_policy(&ipe_path, &ipe);
        for device_mapping in &mapping.devices {
            let (originator, path, parent, acp, prefix) = match device_mapping.device_as {
                DeviceAs::Ae => {
                    let Some(aei) = self.register_ae(&device_mapping.name, &format!("Nipe-{}", device_mapping.device))
                    else {
                        continue;
                    };
                    let path = format!("cse-in/{}", device_mapping.name);
                    let acp = self.open_policy(&path, &aei);
                    (aei, path.clone(), path, acp, String::new())
                }
                DeviceAs::Node => {
                    let pc = json!({"m2m:nod": {"rn": device_mapping.name, "ni": device_mapping.device, "acpi": ipe_acp.iter().collect::<Vec<_>>()}});
                    // A `<node>` lives under the CSEBase, where only the administrator creates: the host provisions it for the IPE.
                    let summary =
                        format!("Create node {} (provisioned by the administrator for the IPE)", device_mapping.name);
                    let response = self.send_logged(Side::Ipe, summary, Request::create("cse-in", ADMIN, 14, pc));
                    if failed(&response) {
                        continue;
                    }
                    (
                        ipe.clone(),
                        format!("cse-in/{}", device_mapping.name),
                        ipe_path.clone(),
                        ipe_acp.clone(),
                        format!("{}-", device_mapping.name),
                    )
                }
            };
            let node_ri = match device_mapping.device_as {
                DeviceAs::Node => self.cse.resolve_address(&path),
                DeviceAs::Ae => None,
            };
            let mut units = Vec::new();
            for unit_mapping in &device_mapping.units {
                let name = format!("{prefix}{}", unit_mapping.name);
                let unit_path = format!("{parent}/{name}");
                let attributes = self.attributes_of(&device_mapping.device, unit_mapping);
                let acpi: Vec<String> = acp.iter().cloned().collect();
                let created = match &unit_mapping.unit_as {
                    UnitAs::FlexContainer { specialisation, definition } => {
                        let mut body = Map::new();
                        body.insert("rn".into(), json!(name));
                        body.insert("cnd".into(), json!(definition));
                        body.insert("acpi".into(), json!(acpi));
                        if let Some(ri) = &node_ri {
                            body.insert("nl".into(), json!(ri));
                        }
                        body.extend(attributes);
                        let pc = json!({ specialisation.as_str(): Value::Object(body) });
                        let response = self.send_logged(
                            Side::Ipe,
                            format!("Create flexContainer {specialisation} {unit_path}"),
                            Request::create(parent.clone(), originator.clone(), 28, pc),
                        );
                        let ok = !failed(&response);
                        // The IPE hears every Update, to drive the device or to say why it cannot.
                        if ok {
                            let sub = json!({"m2m:sub": {"rn": "ipe-sub", "nu": [originator], "enc": {"net": [1]}}});
                            self.send_logged(
                                Side::Ipe,
                                format!("Subscribe to {unit_path} (the IPE hears Updates)"),
                                Request::create(unit_path.clone(), originator.clone(), 23, sub),
                            );
                        }
                        ok
                    }
                    UnitAs::Container => {
                        let pc = json!({"m2m:cnt": {"rn": name, "acpi": acpi}});
                        let response = self.send_logged(
                            Side::Ipe,
                            format!("Create container {unit_path}"),
                            Request::create(parent.clone(), originator.clone(), 3, pc),
                        );
                        let ok = !failed(&response);
                        if ok {
                            let con = Value::Object(attributes).to_string();
                            self.send(Request::create(
                                unit_path.clone(),
                                originator.clone(),
                                4,
                                json!({"m2m:cin": {"cnf": "application/json:0", "con": con}}),
                            ));
                        }
                        ok
                    }
                };
                if created {
                    let device_index = self.devices.iter().position(|d| d.id == device_mapping.device);
                    if let Some(index) = device_index {
                        for point in &unit_mapping.points {
                            let _ = self.devices[index].observe(&unit_mapping.unit, point.point, true);
                        }
                    }
                    units.push(RegisteredUnit { mapping: unit_mapping.clone(), path: unit_path });
                }
            }
            let turtle = semantics::interworked_descriptor(self.device(&device_mapping.device), device_mapping);
            self.send_logged(
                Side::Ipe,
                format!("Create semanticDescriptor under {path}"),
                Request::create(
                    path.clone(),
                    originator.clone(),
                    24,
                    semantics::descriptor_request(&turtle, acp.as_deref()),
                ),
            );
            self.registered.push(RegisteredDevice { device: device_mapping.device.clone(), originator, path, units });
        }
        self.pump();
        Ok(())
    }

    /// The device with this id (the lab always has both).
    pub fn device(&self, id: &str) -> &Device {
        self.devices.iter().find(|d| d.id == id).unwrap_or(&self.devices[0])
    }

    fn attributes_of(&self, device: &str, unit: &UnitMapping) -> Map<String, Value> {
        let device = self.device(device);
        unit.points
            .iter()
            .filter_map(|p| {
                device.read(&unit.unit, p.point).ok().map(|v| (p.attribute.clone(), to_onem2m(&v, p.scale)))
            })
            .collect()
    }

    /// The changes a device reported: the IPE updates the oneM2M side, then notifications flow.
    fn handle_changes(&mut self, changes: Vec<Change>) {
        for change in changes {
            let Some(registered) = self.registered.iter().find(|r| r.device == change.device).cloned() else {
                continue;
            };
            let Some(unit) = registered.units.iter().find(|u| u.mapping.unit == change.unit) else { continue };
            let Some(point) = unit.mapping.points.iter().find(|p| p.point == change.point) else { continue };
            let value = to_onem2m(&change.value, point.scale);
            self.note(
                Side::Device,
                format!("{} notifies {}/{} = {}", change.device, change.unit, change.point, change.value),
                false,
            );
            match &unit.mapping.unit_as {
                UnitAs::FlexContainer { specialisation, .. } => {
                    let pc = json!({ specialisation.as_str(): { point.attribute.as_str(): value } });
                    self.send_logged(
                        Side::Ipe,
                        format!("Update {} {} = {value}", unit.path, point.attribute),
                        Request::update(unit.path.clone(), registered.originator.clone(), pc),
                    );
                }
                UnitAs::Container => {
                    let con = Value::Object(self.attributes_of(&registered.device, &unit.mapping)).to_string();
                    let pc = json!({"m2m:cin": {"cnf": "application/json:0", "con": con}});
                    self.send_logged(
                        Side::Ipe,
                        format!("Create contentInstance in {} ({con})", unit.path),
                        Request::create(unit.path.clone(), registered.originator.clone(), 4, pc),
                    );
                }
            }
        }
    }

    /// Delivers the CSE's notifications: to the IPE (which drives the devices) or to the application.
    fn pump(&mut self) {
        for _ in 0..32 {
            let Some(notification) = self.cse.poll_notifications() else { return };
            if notification.kind != NotificationKind::Event {
                continue;
            }
            let NotificationTarget::Ae { aei, .. } = &notification.target else { continue };
            if *aei == self.app {
                self.note(Side::App, format!("{APP_NAME} is notified: {}", notification.content), false);
                self.app_notifications.push(notification.content.clone());
                continue;
            }
            let rn = notification
                .content
                .pointer("/m2m:sgn/nev/rep")
                .and_then(Value::as_object)
                .and_then(|rep| rep.values().next())
                .and_then(|body| body.get("rn"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let suffix = format!("/{rn}");
            let owner = self
                .registered
                .iter()
                .find(|r| r.originator == *aei && r.units.iter().any(|u| u.path.ends_with(&suffix)));
            let Some(registered) = owner.cloned() else { continue };
            self.handle_update_notification(&registered, &notification.content);
        }
    }

    /// The IPE hears an Update of one of its flexContainers and drives the device to match.
    fn handle_update_notification(&mut self, registered: &RegisteredDevice, content: &Value) {
        let Some(representation) = content.pointer("/m2m:sgn/nev/rep").and_then(Value::as_object) else { return };
        let Some((_, body)) = representation.iter().next() else { return };
        let Some(rn) = body.get("rn").and_then(Value::as_str) else { return };
        let Some(unit) = registered.units.iter().find(|u| u.path.ends_with(&format!("/{rn}"))).cloned() else { return };
        let device_index = self.devices.iter().position(|d| d.id == registered.device);
        let Some(index) = device_index else { return };
        let protocol = self.devices[index].protocol;
        let mut changes = Vec::new();
        let mut refusals: Vec<(String, DeviceError)> = Vec::new();
        for point in &unit.mapping.points {
            let Some(wanted) = body.get(&point.attribute) else { continue };
            let Some(target) = self.devices[index].unit(&unit.mapping.unit).and_then(|u| u.point(point.point)) else {
                continue;
            };
            let integer = matches!(target.ty, PointType::Integer { .. });
            let device_value = to_device(wanted, point.scale, integer);
            if device_value == target.value {
                continue;
            }
            // An action on this attribute is how the device is driven: the command, not a write.
            if let Some(action) =
                unit.mapping.actions.iter().find(|a| a.attribute == point.attribute && a.value == *wanted)
            {
                let verb = if protocol == Protocol::Matter { "invoke" } else { "Execute" };
                self.note(
                    Side::Ipe,
                    format!("{verb} command {} on {}/{}", action.command, registered.device, unit.mapping.unit),
                    false,
                );
                match self.devices[index].execute(&unit.mapping.unit, action.command) {
                    Ok(more) => changes.extend(more),
                    Err(error) => refusals.push((point.attribute.clone(), error)),
                }
                continue;
            }
            let verb = if protocol == Protocol::Matter { "write attribute" } else { "Write" };
            self.note(Side::Ipe, format!("{verb} {}/{} = {device_value}", unit.mapping.unit, point.point), false);
            match self.devices[index].write(&unit.mapping.unit, point.point, device_value) {
                Ok(more) => changes.extend(more),
                Err(error) => refusals.push((point.attribute.clone(), error)),
            }
        }
        for action in &unit.mapping.actions {
            let mapped = unit.mapping.points.iter().any(|p| p.attribute == action.attribute);
            if !mapped && body.get(&action.attribute) == Some(&action.value) {
                self.note(
                    Side::Ipe,
                    format!("invoke command {} on {}/{}", action.command, registered.device, unit.mapping.unit),
                    false,
                );
                match self.devices[index].execute(&unit.mapping.unit, action.command) {
                    Ok(more) => changes.extend(more),
                    Err(error) => refusals.push((action.attribute.clone(), error)),
                }
            }
        }
        for (attribute, error) in refusals {
            self.note(Side::Device, format!("{} refuses ({attribute}): {error}", registered.device), true);
            // the device did not change: put its real value back so both sides agree
            if let Some(point) = unit.mapping.points.iter().find(|p| p.attribute == attribute)
                && let (Ok(real), UnitAs::FlexContainer { specialisation, .. }) =
                    (self.devices[index].read(&unit.mapping.unit, point.point), &unit.mapping.unit_as)
            {
                let pc = json!({ specialisation.as_str(): { attribute.as_str(): to_onem2m(&real, point.scale) } });
                self.send_logged(
                    Side::Ipe,
                    format!("Update {} {attribute} back to the device's value", unit.path),
                    Request::update(unit.path.clone(), registered.originator.clone(), pc),
                );
            }
        }
        self.handle_changes(changes);
    }

    // ----- what the reader does -----

    /// The physical world: a sensor now measures `value` (in the device's own unit).
    pub fn sense(&mut self, device: &str, unit: &str, value: Value) {
        let Some(index) = self.devices.iter().position(|d| d.id == device) else { return };
        let changes = self.devices[index].sense(unit, value.clone());
        self.note(Side::Device, format!("{device} {unit} measures {value}"), false);
        self.handle_changes(changes);
        self.pump();
    }

    /// Someone presses the device's own button (its light toggles).
    pub fn press_button(&mut self, device: &str) {
        let Some(index) = self.devices.iter().position(|d| d.id == device) else { return };
        let changes = self.devices[index].press_button();
        self.note(Side::Device, format!("the button on {device} is pressed"), false);
        self.handle_changes(changes);
        self.pump();
    }

    /// A protocol command sent straight to the device (an LwM2M Execute or a Matter invoke), as a local controller would.
    pub fn execute_on_device(&mut self, device: &str, unit: &str, command: u32) {
        let Some(index) = self.devices.iter().position(|d| d.id == device) else { return };
        match self.devices[index].execute(unit, command) {
            Ok(changes) => {
                self.note(Side::Device, format!("{device} executes {unit} command {command}"), false);
                self.handle_changes(changes);
            }
            Err(error) => self.note(Side::Device, format!("{device} refuses: {error}"), true),
        }
        self.pump();
    }

    /// The application retrieves a resource.
    pub fn app_retrieve(&mut self, path: &str) -> Response {
        let request = Request::retrieve(path, self.app.clone());
        self.send_logged(Side::App, format!("{APP_NAME}: Retrieve {path}"), request)
    }

    /// The application updates one custom attribute of a flexContainer; the IPE drives the device.
    pub fn app_update(&mut self, path: &str, attribute: &str, value: Value) -> Response {
        let specialisation = self
            .cse
            .resolve_address(path)
            .and_then(|ri| self.cse.resource(&ri).and_then(|r| r.specialization.clone()))
            .unwrap_or_else(|| "m2m:cnt".into());
        let pc = json!({ specialisation: { attribute: value } });
        let request = Request::update(path, self.app.clone(), pc);
        let response = self.send_logged(Side::App, format!("{APP_NAME}: Update {path} {attribute} = {value}"), request);
        self.pump();
        response
    }

    /// The application subscribes to a resource (notified of its updates).
    pub fn app_subscribe(&mut self, path: &str) -> Response {
        let pc = json!({"m2m:sub": {"nu": [self.app.clone()], "enc": {"net": [1, 3]}}});
        let request = Request::create(path, self.app.clone(), 23, pc);
        self.send_logged(Side::App, format!("{APP_NAME}: Subscribe to {path}"), request)
    }

    /// Semantic discovery from the CSEBase (`fu=1`, `smf` = the query).
    pub fn discover(&mut self, query: &str) -> DiscoveryAnswer {
        let request = Request::retrieve("cse-in", ADMIN)
            .with_fc(FilterCriteria { smf: Some(query.to_owned()), ..FilterCriteria::discovery() });
        let response = self.send(request);
        let matches: Vec<String> = response
            .pc
            .as_ref()
            .and_then(|pc| pc.get("m2m:uril"))
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        let answer = DiscoveryAnswer {
            rsc: response.rsc.code(),
            status: response.rsc.name().to_owned(),
            matches,
            debug: response.debug_message().map(str::to_owned),
        };
        let bad = response.rsc != ResponseStatusCode::Ok;
        self.note(
            Side::App,
            format!("semantic discovery → {} ({} found)", status(&response), answer.matches.len()),
            bad,
        );
        answer
    }

    /// Where a device is in the CSE (its AE or node), if the IPE represents it.
    pub fn registered(&self, device: &str) -> Option<&RegisteredDevice> {
        self.registered.iter().find(|r| r.device == device)
    }

    /// The structured paths of the resources a discovery names (it answers ri-based or structured addresses).
    pub fn structured(&self, address: &str) -> String {
        let ri = self.cse.resolve_address(address).unwrap_or_default();
        self.cse.structured_path(&ri).unwrap_or_else(|| address.to_owned())
    }
}
