//! The two non-oneM2M devices of the lab, as data, and what they do when operated.
//!
//! - An LwM2M device (`roof-01`, the roof temperature sensor of the book's smart building, with a light) exposes
//!   objects from the OMA LwM2M registry (<https://technical.openmobilealliance.org/OMNA/LwM2M/LwM2MRegistry.html>):
//!   3303 Temperature (resources 5700 Sensor Value, 5701 Sensor Units, 5601 Min Measured Value, 5602 Max Measured
//!   Value, 5605 Reset Min and Max Measured Values) and 3311 Light Control (5850 On/Off, 5851 Dimmer). Its
//!   operations are Read, Write, Execute and Observe; errors are CoAP response codes (4.04 Not Found, 4.05 Method
//!   Not Allowed, 4.00 Bad Request).
//! - A Matter-style device (`hall-light`) has endpoints holding clusters from the Matter Application Cluster
//!   Specification: OnOff (cluster 0x0006; attribute 0x0000 OnOff; commands 0x00 Off, 0x01 On, 0x02 Toggle) on
//!   endpoint 1 and TemperatureMeasurement (cluster 0x0402; attributes 0x0000 MeasuredValue, 0x0001
//!   MinMeasuredValue, 0x0002 MaxMeasuredValue, in 0.01 °C) on endpoint 2. Attributes are read, written or
//!   subscribed; commands are invoked; errors are Interaction Model status codes (UNSUPPORTED_ATTRIBUTE 0x86,
//!   UNSUPPORTED_WRITE 0x88, UNSUPPORTED_COMMAND 0x81, CONSTRAINT_ERROR 0x87).
//!
//! Pure: a device is a value; an operation returns the changes an observer (the IPE) is told about.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The protocol a device speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Protocol {
    Lwm2m,
    Matter,
}

impl Protocol {
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Lwm2m => "LwM2M",
            Protocol::Matter => "Matter",
        }
    }
}

/// The type of a resource or attribute value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointType {
    Boolean,
    Integer { min: i64, max: i64 },
    Float,
    Text,
}

impl PointType {
    /// Whether `value` has this type (and lies in its range).
    pub fn accepts(self, value: &Value) -> bool {
        match self {
            PointType::Boolean => value.is_boolean(),
            PointType::Integer { min, max } => value.as_i64().is_some_and(|v| (min..=max).contains(&v)),
            PointType::Float => value.is_number(),
            PointType::Text => value.is_string(),
        }
    }

    pub fn describe(self) -> String {
        match self {
            PointType::Boolean => "boolean".into(),
            PointType::Integer { min, max } => format!("integer {min}..{max}"),
            PointType::Float => "float".into(),
            PointType::Text => "string".into(),
        }
    }
}

/// What the protocol allows on a resource or attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    ReadWrite,
}

/// A resource (LwM2M) or an attribute (Matter).
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub id: u32,
    pub name: &'static str,
    pub ty: PointType,
    pub access: Access,
    pub value: Value,
    /// Observed (LwM2M Observe) or subscribed (Matter): a change is reported.
    pub observed: bool,
}

/// What a command does to the unit's points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Set(u32, bool),
    Toggle(u32),
    /// Min and max become the current value (LwM2M 5605).
    ResetMinMax {
        value: u32,
        min: u32,
        max: u32,
    },
}

/// An executable resource (LwM2M) or a command (Matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    pub id: u32,
    pub name: &'static str,
    pub effect: Effect,
}

/// The physical quantity a unit measures or controls (for the semantic description).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    Temperature,
    Light,
}

impl Quantity {
    /// The property's local name in the book's vocabulary (`ex:temperature`).
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Temperature => "temperature",
            Quantity::Light => "light",
        }
    }
}

/// An LwM2M object instance or a Matter cluster on an endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// `3303/0` (object/instance) or `2/0x0402` (endpoint/cluster).
    pub key: String,
    /// The object id or the cluster id.
    pub id: u32,
    pub name: &'static str,
    /// Whether the unit senses its quantity (true) or actuates it (false).
    pub senses: bool,
    pub quantity: Quantity,
    pub points: Vec<Point>,
    pub commands: Vec<Command>,
}

impl Unit {
    pub fn point(&self, id: u32) -> Option<&Point> {
        self.points.iter().find(|p| p.id == id)
    }

    fn point_mut(&mut self, id: u32) -> Option<&mut Point> {
        self.points.iter_mut().find(|p| p.id == id)
    }

    pub fn command(&self, id: u32) -> Option<&Command> {
        self.commands.iter().find(|c| c.id == id)
    }
}

/// A simulated device.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    /// The LwM2M endpoint name or the Matter node's label.
    pub id: &'static str,
    pub label: &'static str,
    pub protocol: Protocol,
    pub units: Vec<Unit>,
}

/// A point whose value changed, reported to whoever observes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub device: String,
    pub unit: String,
    pub point: u32,
    pub value: Value,
}

/// A device's refusal, in its protocol's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceError {
    /// `4.05 Method Not Allowed` or `UNSUPPORTED_WRITE (0x88)`.
    pub status: String,
    pub explanation: String,
}

impl std::fmt::Display for DeviceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.status, self.explanation)
    }
}

enum Refusal {
    NotFound,
    NotAllowed,
    BadValue,
    NoCommand,
}

fn refusal(protocol: Protocol, kind: Refusal, explanation: String) -> DeviceError {
    let status = match (protocol, kind) {
        (Protocol::Lwm2m, Refusal::NotFound) | (Protocol::Lwm2m, Refusal::NoCommand) => "4.04 Not Found",
        (Protocol::Lwm2m, Refusal::NotAllowed) => "4.05 Method Not Allowed",
        (Protocol::Lwm2m, Refusal::BadValue) => "4.00 Bad Request",
        (Protocol::Matter, Refusal::NotFound) => "UNSUPPORTED_ATTRIBUTE (0x86)",
        (Protocol::Matter, Refusal::NotAllowed) => "UNSUPPORTED_WRITE (0x88)",
        (Protocol::Matter, Refusal::BadValue) => "CONSTRAINT_ERROR (0x87)",
        (Protocol::Matter, Refusal::NoCommand) => "UNSUPPORTED_COMMAND (0x81)",
    };
    DeviceError { status: status.into(), explanation }
}

fn point(id: u32, name: &'static str, ty: PointType, access: Access, value: Value) -> Point {
    Point { id, name, ty, access, value, observed: false }
}

/// The LwM2M device: endpoint `roof-01` with objects 3303 Temperature and 3311 Light Control.
pub fn lwm2m_device() -> Device {
    use Access::*;
    Device {
        id: "roof-01",
        label: "Roof temperature sensor and light (LwM2M endpoint roof-01)",
        protocol: Protocol::Lwm2m,
        units: vec![
            Unit {
                key: "3303/0".into(),
                id: 3303,
                name: "Temperature",
                senses: true,
                quantity: Quantity::Temperature,
                points: vec![
                    point(5700, "Sensor Value", PointType::Float, Read, json!(21.5)),
                    point(5701, "Sensor Units", PointType::Text, Read, json!("Cel")),
                    point(5601, "Min Measured Value", PointType::Float, Read, json!(18.0)),
                    point(5602, "Max Measured Value", PointType::Float, Read, json!(24.5)),
                ],
                commands: vec![Command {
                    id: 5605,
                    name: "Reset Min and Max Measured Values",
                    effect: Effect::ResetMinMax { value: 5700, min: 5601, max: 5602 },
                }],
            },
            Unit {
                key: "3311/0".into(),
                id: 3311,
                name: "Light Control",
                senses: false,
                quantity: Quantity::Light,
                points: vec![
                    point(5850, "On/Off", PointType::Boolean, ReadWrite, json!(false)),
                    point(5851, "Dimmer", PointType::Integer { min: 0, max: 100 }, ReadWrite, json!(80)),
                ],
                commands: vec![],
            },
        ],
    }
}

/// The Matter-style device: node `hall-light`, an OnOff light (endpoint 1) with a TemperatureMeasurement sensor
/// (endpoint 2).
pub fn matter_device() -> Device {
    use Access::*;
    let centi = PointType::Integer { min: -27315, max: 32767 };
    Device {
        id: "hall-light",
        label: "Hall ceiling light with temperature sensor (Matter node hall-light)",
        protocol: Protocol::Matter,
        units: vec![
            Unit {
                key: "1/0x0006".into(),
                id: 0x0006,
                name: "OnOff",
                senses: false,
                quantity: Quantity::Light,
                // OnOff is read-only in the Matter data model: it changes through the cluster's commands.
                points: vec![point(0x0000, "OnOff", PointType::Boolean, Read, json!(false))],
                commands: vec![
                    Command { id: 0x00, name: "Off", effect: Effect::Set(0x0000, false) },
                    Command { id: 0x01, name: "On", effect: Effect::Set(0x0000, true) },
                    Command { id: 0x02, name: "Toggle", effect: Effect::Toggle(0x0000) },
                ],
            },
            Unit {
                key: "2/0x0402".into(),
                id: 0x0402,
                name: "TemperatureMeasurement",
                senses: true,
                quantity: Quantity::Temperature,
                points: vec![
                    point(0x0000, "MeasuredValue", centi, Read, json!(2050)),
                    point(0x0001, "MinMeasuredValue", centi, Read, json!(-1000)),
                    point(0x0002, "MaxMeasuredValue", centi, Read, json!(5000)),
                ],
                commands: vec![],
            },
        ],
    }
}

/// The lab's two devices.
pub fn all_devices() -> Vec<Device> {
    vec![lwm2m_device(), matter_device()]
}

impl Device {
    pub fn unit(&self, key: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.key == key)
    }

    fn unit_mut(&mut self, key: &str) -> Result<&mut Unit, DeviceError> {
        let protocol = self.protocol;
        self.units
            .iter_mut()
            .find(|u| u.key == key)
            .ok_or_else(|| refusal(protocol, Refusal::NotFound, format!("no {key} on this device")))
    }

    /// The current value of a point (LwM2M Read, Matter read attribute).
    pub fn read(&self, unit: &str, point: u32) -> Result<Value, DeviceError> {
        self.unit(unit)
            .and_then(|u| u.point(point))
            .map(|p| p.value.clone())
            .ok_or_else(|| refusal(self.protocol, Refusal::NotFound, format!("no {point} in {unit}")))
    }

    /// Starts or stops observing a point (LwM2M Observe, Matter subscribe).
    pub fn observe(&mut self, unit: &str, point: u32, on: bool) -> Result<(), DeviceError> {
        let protocol = self.protocol;
        let found = self.unit_mut(unit)?.point_mut(point);
        match found {
            Some(p) => {
                p.observed = on;
                Ok(())
            }
            None => Err(refusal(protocol, Refusal::NotFound, format!("no {point} in {unit}"))),
        }
    }

    /// Stops every observation (the IPE re-registers).
    pub fn forget_observers(&mut self) {
        for p in self.units.iter_mut().flat_map(|u| u.points.iter_mut()) {
            p.observed = false;
        }
    }

    /// A write from the network (LwM2M Write, Matter write attribute): refused on a read-only point.
    pub fn write(&mut self, unit: &str, point: u32, value: Value) -> Result<Vec<Change>, DeviceError> {
        let protocol = self.protocol;
        let target = self.unit(unit).and_then(|u| u.point(point));
        let Some(target) = target else {
            return Err(refusal(protocol, Refusal::NotFound, format!("no {point} in {unit}")));
        };
        if target.access != Access::ReadWrite {
            let how = match protocol {
                Protocol::Lwm2m => "the resource is read-only",
                Protocol::Matter => "the attribute is read-only; it changes through the cluster's commands",
            };
            return Err(refusal(protocol, Refusal::NotAllowed, format!("{} ({point}): {how}", target.name)));
        }
        if !target.ty.accepts(&value) {
            let expected = target.ty.describe();
            return Err(refusal(
                protocol,
                Refusal::BadValue,
                format!("{} takes a {expected}, not {value}", target.name),
            ));
        }
        Ok(self.set(unit, point, value))
    }

    /// A command from the network (LwM2M Execute, Matter invoke).
    pub fn execute(&mut self, unit: &str, command: u32) -> Result<Vec<Change>, DeviceError> {
        let protocol = self.protocol;
        let Some(effect) = self.unit(unit).and_then(|u| u.command(command)).map(|c| c.effect) else {
            return Err(refusal(protocol, Refusal::NoCommand, format!("no command {command} in {unit}")));
        };
        Ok(match effect {
            Effect::Set(point, value) => self.set(unit, point, json!(value)),
            Effect::Toggle(point) => {
                let now = self.read(unit, point).ok().and_then(|v| v.as_bool()).unwrap_or(false);
                self.set(unit, point, json!(!now))
            }
            Effect::ResetMinMax { value, min, max } => {
                let current = self.read(unit, value).unwrap_or(Value::Null);
                let mut changes = self.set(unit, min, current.clone());
                changes.extend(self.set(unit, max, current));
                changes
            }
        })
    }

    /// The physical world changes what a sensor measures (the reader moves the slider): the measured value, and
    /// the min or max it passes.
    pub fn sense(&mut self, unit: &str, value: Value) -> Vec<Change> {
        let Some(u) = self.unit(unit) else { return Vec::new() };
        if !u.senses {
            return Vec::new();
        }
        let ids: Vec<u32> = u.points.iter().map(|p| p.id).collect();
        let (measured, min, max) = match self.protocol {
            Protocol::Lwm2m => (5700, 5601, 5602),
            Protocol::Matter => (0x0000, 0x0001, 0x0002),
        };
        let Some(number) = value.as_f64() else { return Vec::new() };
        let mut changes = self.set(unit, measured, value.clone());
        let below =
            |id| ids.contains(&id) && self.read(unit, id).ok().and_then(|v| v.as_f64()).is_some_and(|m| number < m);
        if below(min) {
            changes.extend(self.set(unit, min, value.clone()));
        }
        let above =
            |id| ids.contains(&id) && self.read(unit, id).ok().and_then(|v| v.as_f64()).is_some_and(|m| number > m);
        if above(max) {
            changes.extend(self.set(unit, max, value));
        }
        changes
    }

    /// Sets a point locally (a button on the device, a command's effect); an observed change is reported.
    fn set(&mut self, unit: &str, point: u32, value: Value) -> Vec<Change> {
        let device = self.id.to_owned();
        let Ok(u) = self.unit_mut(unit) else { return Vec::new() };
        let Some(p) = u.point_mut(point) else { return Vec::new() };
        if p.value == value {
            return Vec::new();
        }
        p.value = value.clone();
        if p.observed { vec![Change { device, unit: unit.to_owned(), point, value }] } else { Vec::new() }
    }

    /// The device's own button (a local toggle of its light), reported like any change.
    pub fn press_button(&mut self) -> Vec<Change> {
        match self.protocol {
            Protocol::Lwm2m => {
                let now = self.read("3311/0", 5850).ok().and_then(|v| v.as_bool()).unwrap_or(false);
                self.set("3311/0", 5850, json!(!now))
            }
            Protocol::Matter => self.execute("1/0x0006", 0x02).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lwm2m_refuses_writes_on_read_only_resources_and_bad_values() {
        let mut device = lwm2m_device();
        let error = device.write("3303/0", 5700, json!(30.0)).expect_err("read-only");
        assert!(error.status.starts_with("4.05"), "{error}");
        let error = device.write("3311/0", 5851, json!(150)).expect_err("out of range");
        assert!(error.status.starts_with("4.00"), "{error}");
        assert!(device.write("3311/0", 5850, json!(true)).expect("writable").is_empty(), "not observed");
        assert_eq!(device.read("3311/0", 5850).expect("read"), json!(true));
        assert!(device.read("3303/0", 9999).is_err());
    }

    #[test]
    fn matter_onoff_changes_only_through_commands() {
        let mut device = matter_device();
        device.observe("1/0x0006", 0, true).expect("subscribe");
        let error = device.write("1/0x0006", 0, json!(true)).expect_err("read-only attribute");
        assert_eq!(error.status, "UNSUPPORTED_WRITE (0x88)");
        let changes = device.execute("1/0x0006", 0x01).expect("On");
        assert_eq!(
            changes,
            vec![Change { device: "hall-light".into(), unit: "1/0x0006".into(), point: 0, value: json!(true) }]
        );
        assert!(device.execute("1/0x0006", 0x01).expect("On again").is_empty(), "no change, no report");
        device.execute("1/0x0006", 0x02).expect("Toggle");
        assert_eq!(device.read("1/0x0006", 0).expect("read"), json!(false));
        assert!(device.execute("1/0x0006", 0x40).expect_err("unknown").status.contains("0x81"));
    }

    #[test]
    fn sensing_moves_min_and_max_and_reset_brings_them_back() {
        let mut device = lwm2m_device();
        for id in [5700, 5601, 5602] {
            device.observe("3303/0", id, true).expect("observe");
        }
        let changes = device.sense("3303/0", json!(30.0));
        assert_eq!(changes.iter().map(|c| c.point).collect::<Vec<_>>(), vec![5700, 5602]);
        device.execute("3303/0", 5605).expect("reset");
        assert_eq!(device.read("3303/0", 5601).expect("min"), json!(30.0));
        assert!(device.sense("3311/0", json!(1.0)).is_empty(), "a light senses nothing");
    }
}
