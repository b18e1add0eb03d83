//! The mapping an interworking proxy (IPE) applies, as data the student edits (as JSON) and exports.
//!
//! A device becomes an AE (the IPE registers one per device) or a `<node>`; each LwM2M object instance or Matter
//! cluster a flexContainer specialisation in the style of TS-0023 (`cod:tempe` with containerDefinition
//! `org.onem2m.common.moduleclass.temperature`, `cod:binSh` with `org.onem2m.common.moduleclass.binarySwitch`) or a
//! container (a stream of contentInstances, which cannot drive the device); each resource or attribute a custom
//! attribute (with a scale, e.g. 0.01 for Matter's hundredths of a degree); each command an action: an Update
//! setting an attribute to a value makes the IPE invoke the command.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::devices::{Access, Device};

/// The version of the exported mapping format.
pub const MAPPING_FORMAT: &str = "interworking-mapping/1";

/// How a device appears in the CSE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceAs {
    /// An AE the IPE registers for the device; its units are children of it.
    Ae,
    /// A `<node>` (ty 14) under the CSEBase; its units are children of the IPE's own AE, linked by `nl`.
    Node,
}

/// How a unit (object instance or cluster) appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum UnitAs {
    /// A flexContainer specialisation: `specialisation` e.g. `cod:tempe`, `definition` its containerDefinition.
    FlexContainer { specialisation: String, definition: String },
    /// A container; each change adds a contentInstance with the mapped attributes as JSON.
    Container,
}

/// A resource or attribute shown as a custom attribute: oneM2M value = device value × scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointMapping {
    pub point: u32,
    pub attribute: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub scale: f64,
}

fn one() -> f64 {
    1.0
}

fn is_one(scale: &f64) -> bool {
    *scale == 1.0
}

/// An action: an Update setting `attribute` to `value` invokes `command` on the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionMapping {
    pub command: u32,
    pub attribute: String,
    pub value: Value,
}

/// One unit of a device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitMapping {
    /// `3303/0` or `2/0x0402`.
    pub unit: String,
    /// The resource name (`rn`).
    pub name: String,
    #[serde(rename = "as")]
    pub unit_as: UnitAs,
    #[serde(default)]
    pub points: Vec<PointMapping>,
    #[serde(default)]
    pub actions: Vec<ActionMapping>,
}

/// One device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceMapping {
    pub device: String,
    /// The resource name of the AE or node.
    pub name: String,
    #[serde(rename = "as")]
    pub device_as: DeviceAs,
    #[serde(default)]
    pub units: Vec<UnitMapping>,
}

/// The whole mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    pub devices: Vec<DeviceMapping>,
}

/// A mistake in a mapping, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingError {
    /// e.g. `devices[0].units[1].points[0]`.
    pub at: String,
    pub message: String,
}

impl std::fmt::Display for MappingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// The temperature module class of TS-0023 style.
pub fn temperature_class() -> UnitAs {
    UnitAs::FlexContainer {
        specialisation: "cod:tempe".into(),
        definition: "org.onem2m.common.moduleclass.temperature".into(),
    }
}

/// The binarySwitch module class of TS-0023 style.
pub fn binary_switch_class() -> UnitAs {
    UnitAs::FlexContainer {
        specialisation: "cod:binSh".into(),
        definition: "org.onem2m.common.moduleclass.binarySwitch".into(),
    }
}

fn points(list: &[(u32, &str)]) -> Vec<PointMapping> {
    list.iter()
        .map(|(point, attribute)| PointMapping { point: *point, attribute: (*attribute).into(), scale: 1.0 })
        .collect()
}

impl Mapping {
    /// The naive mapping the lab starts from, written in a hurry: the LwM2M temperature object is a container with
    /// LwM2M's own resource number as its attribute, the Matter light has no actions, and the Matter temperature
    /// sensor is not mapped at all.
    pub fn naive() -> Mapping {
        Mapping {
            devices: vec![
                DeviceMapping {
                    device: "roof-01".into(),
                    name: "roof-01".into(),
                    device_as: DeviceAs::Ae,
                    units: vec![
                        UnitMapping {
                            unit: "3303/0".into(),
                            name: "3303-0".into(),
                            unit_as: UnitAs::Container,
                            points: points(&[(5700, "5700")]),
                            actions: vec![],
                        },
                        UnitMapping {
                            unit: "3311/0".into(),
                            name: "light".into(),
                            unit_as: binary_switch_class(),
                            points: points(&[(5850, "powerState")]),
                            actions: vec![],
                        },
                    ],
                },
                DeviceMapping {
                    device: "hall-light".into(),
                    name: "hall-light".into(),
                    device_as: DeviceAs::Node,
                    units: vec![UnitMapping {
                        unit: "1/0x0006".into(),
                        name: "switch".into(),
                        unit_as: binary_switch_class(),
                        points: points(&[(0x0000, "powerState")]),
                        actions: vec![],
                    }],
                },
            ],
        }
    }

    /// The mapping as pretty JSON (the export, and the editor's text).
    pub fn to_json(&self) -> String {
        let value = json!({"format": MAPPING_FORMAT, "devices": self.devices});
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }

    /// Reads a mapping (the editor's text or an imported file) and checks it against the devices. A syntax error
    /// says `line:column`.
    pub fn from_json(text: &str, devices: &[Device]) -> Result<Mapping, MappingError> {
        let value: Value = serde_json::from_str(text).map_err(|error| MappingError {
            at: format!("line {}:{}", error.line(), error.column()),
            message: format!("not JSON: {error}"),
        })?;
        match value.get("format").and_then(Value::as_str) {
            Some(MAPPING_FORMAT) | None => {}
            Some(other) => {
                return Err(MappingError {
                    at: "format".into(),
                    message: format!("`{other}` is not a mapping this lab reads (`{MAPPING_FORMAT}`)"),
                });
            }
        }
        let devices_value = value.get("devices").cloned().unwrap_or(Value::Null);
        let list: Vec<DeviceMapping> = serde_json::from_value(devices_value)
            .map_err(|error| MappingError { at: "devices".into(), message: error.to_string() })?;
        let mapping = Mapping { devices: list };
        mapping.validate(devices)?;
        Ok(mapping)
    }

    /// Checks every name against the devices and oneM2M's naming rules.
    pub fn validate(&self, devices: &[Device]) -> Result<(), MappingError> {
        let mut names = Vec::new();
        for (d, dm) in self.devices.iter().enumerate() {
            let at = format!("devices[{d}]");
            let err = |at: &str, message: String| Err(MappingError { at: at.to_owned(), message });
            let Some(device) = devices.iter().find(|x| x.id == dm.device) else {
                let known: Vec<&str> = devices.iter().map(|x| x.id).collect();
                return err(&at, format!("no device `{}` (the lab has {})", dm.device, known.join(", ")));
            };
            if !is_name(&dm.name) {
                return err(&at, format!("`{}` is not a resource name (letters, digits, `-`, `_`)", dm.name));
            }
            if names.contains(&dm.name) || self.devices[..d].iter().any(|o| o.device == dm.device) {
                return err(&at, format!("`{}` is mapped twice", dm.name));
            }
            names.push(dm.name.clone());
            for (u, um) in dm.units.iter().enumerate() {
                let at = format!("{at}.units[{u}]");
                let Some(unit) = device.unit(&um.unit) else {
                    let known: Vec<&str> = device.units.iter().map(|x| x.key.as_str()).collect();
                    return err(&at, format!("`{}` has no `{}` (it has {})", device.id, um.unit, known.join(", ")));
                };
                if !is_name(&um.name) || dm.units[..u].iter().any(|o| o.name == um.name || o.unit == um.unit) {
                    return err(&at, format!("`{}` is not a free resource name, or the unit is mapped twice", um.name));
                }
                if let UnitAs::FlexContainer { specialisation, definition } = &um.unit_as {
                    let ok = specialisation
                        .split_once(':')
                        .is_some_and(|(p, n)| !p.is_empty() && !n.is_empty() && p != "m2m");
                    if !ok || definition.trim().is_empty() {
                        return err(
                            &at,
                            "a flexContainer needs a specialisation like `cod:tempe` and a definition".into(),
                        );
                    }
                }
                let mut attributes: Vec<&str> = Vec::new();
                for (p, pm) in um.points.iter().enumerate() {
                    let at = format!("{at}.points[{p}]");
                    if unit.point(pm.point).is_none() {
                        return err(
                            &at,
                            format!("{} {} has no resource or attribute {}", unit.id, unit.name, pm.point),
                        );
                    }
                    if !is_name(&pm.attribute)
                        || attributes.contains(&pm.attribute.as_str())
                        || RESERVED.contains(&pm.attribute.as_str())
                    {
                        return err(&at, format!("`{}` is not a free custom attribute name", pm.attribute));
                    }
                    if !(pm.scale.is_finite() && pm.scale != 0.0) {
                        return err(&at, "the scale must be a non-zero number".into());
                    }
                    attributes.push(&pm.attribute);
                }
                for (a, am) in um.actions.iter().enumerate() {
                    let at = format!("{at}.actions[{a}]");
                    if unit.command(am.command).is_none() {
                        return err(&at, format!("{} {} has no command {}", unit.id, unit.name, am.command));
                    }
                    if !is_name(&am.attribute) {
                        return err(&at, format!("`{}` is not an attribute name", am.attribute));
                    }
                    if matches!(um.unit_as, UnitAs::Container) {
                        return err(
                            &at,
                            "a container cannot carry actions: only a flexContainer's Update drives a device".into(),
                        );
                    }
                }
            }
        }
        Ok(())
    }

    pub fn device(&self, id: &str) -> Option<&DeviceMapping> {
        self.devices.iter().find(|d| d.device == id)
    }

    /// The mapping as a Markdown table, one row per mapped resource, attribute or command, for a report.
    pub fn to_markdown(&self, devices: &[Device]) -> String {
        let mut text = String::from(
            "| device | as | unit | oneM2M resource | native element | oneM2M attribute |\n|---|---|---|---|---|---|\n",
        );
        let cell = |text: &str| text.replace('|', "\\|");
        for dm in &self.devices {
            let Some(device) = devices.iter().find(|d| d.id == dm.device) else { continue };
            let device_as = match dm.device_as {
                DeviceAs::Ae => "AE",
                DeviceAs::Node => "node",
            };
            for um in &dm.units {
                let Some(unit) = device.unit(&um.unit) else { continue };
                let resource = match &um.unit_as {
                    UnitAs::FlexContainer { specialisation, definition } => {
                        format!("flexContainer `{specialisation}` ({definition})")
                    }
                    UnitAs::Container => "container".to_owned(),
                };
                let unit_name = format!("{} {} {} ({})", device.protocol.name(), unit.id, unit.name, unit.key);
                for pm in &um.points {
                    let native = unit.point(pm.point).map(|p| format!("{} {}", pm.point, p.name)).unwrap_or_default();
                    let scale = if pm.scale == 1.0 { String::new() } else { format!(" (× {})", pm.scale) };
                    text.push_str(&format!(
                        "| {} | {device_as} `{}` | {} | {} | {} | `{}`{scale} |\n",
                        dm.device,
                        cell(&dm.name),
                        cell(&unit_name),
                        cell(&resource),
                        cell(&native),
                        cell(&pm.attribute)
                    ));
                }
                for am in &um.actions {
                    let native = unit
                        .command(am.command)
                        .map(|c| format!("command {} {}", am.command, c.name))
                        .unwrap_or_default();
                    text.push_str(&format!(
                        "| {} | {device_as} `{}` | {} | {} | {} | Update `{}` = {} |\n",
                        dm.device,
                        cell(&dm.name),
                        cell(&unit_name),
                        cell(&resource),
                        cell(&native),
                        cell(&am.attribute),
                        cell(&am.value.to_string())
                    ));
                }
            }
        }
        text
    }
}

/// Names a custom attribute may not take (universal and common attributes of a flexContainer).
const RESERVED: &[&str] =
    &["rn", "ri", "pi", "ty", "ct", "lt", "et", "st", "lbl", "acpi", "cnd", "nl", "or", "cr", "cs", "at", "aa"];

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Whether a point is writable through the protocol.
pub fn writable(device: &Device, unit: &str, point: u32) -> bool {
    device.unit(unit).and_then(|u| u.point(point)).is_some_and(|p| p.access == Access::ReadWrite)
}

/// A device value as the oneM2M attribute value.
pub fn to_onem2m(value: &Value, scale: f64) -> Value {
    match value.as_f64() {
        Some(number) if scale != 1.0 && !value.is_boolean() => json!(round(number * scale)),
        _ => value.clone(),
    }
}

/// A oneM2M attribute value as the device value (integers stay integers).
pub fn to_device(value: &Value, scale: f64, integer: bool) -> Value {
    match value.as_f64() {
        Some(number) if scale != 1.0 => {
            let raw = number / scale;
            if integer { json!(raw.round() as i64) } else { json!(round(raw)) }
        }
        _ => value.clone(),
    }
}

fn round(number: f64) -> f64 {
    (number * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::all_devices;

    #[test]
    fn the_naive_mapping_is_valid_and_round_trips_through_json() {
        let devices = all_devices();
        let naive = Mapping::naive();
        naive.validate(&devices).expect("valid");
        let text = naive.to_json();
        assert!(text.contains(MAPPING_FORMAT));
        assert_eq!(Mapping::from_json(&text, &devices).expect("reads back"), naive);
    }

    #[test]
    fn mistakes_are_located() {
        let devices = all_devices();
        let error = Mapping::from_json("{\n  \"devices\": [\n", &devices).expect_err("syntax");
        assert!(error.at.starts_with("line 3:"), "{error}");
        let bad = Mapping::naive().to_json().replace("\"point\": 5700", "\"point\": 5799");
        let error = Mapping::from_json(&bad, &devices).expect_err("no such resource");
        assert_eq!(error.at, "devices[0].units[0].points[0]");
        assert!(error.message.contains("5799"));
        let bad = Mapping::naive().to_json().replace("\"powerState\"", "\"ri\"");
        assert!(Mapping::from_json(&bad, &devices).is_err());
        let other = r#"{"format": "something/9", "devices": []}"#;
        assert_eq!(Mapping::from_json(other, &devices).expect_err("format").at, "format");
    }

    #[test]
    fn the_markdown_table_has_a_row_per_attribute_and_action() {
        let devices = all_devices();
        let mut mapping = Mapping::naive();
        mapping.devices[1].units[0].actions.push(ActionMapping {
            command: 1,
            attribute: "powerState".into(),
            value: json!(true),
        });
        let table = mapping.to_markdown(&devices);
        let rows: Vec<&str> = table.lines().collect();
        assert_eq!(rows.len(), 2 + 3 + 1, "{table}");
        assert!(
            rows[2].contains("LwM2M 3303 Temperature (3303/0)")
                && rows[2].contains("5700 Sensor Value")
                && rows[2].contains("container")
        );
        assert!(rows[5].contains("command 1 On") && rows[5].contains("Update `powerState` = true"), "{}", rows[5]);
        assert!(rows.iter().all(|row| row.starts_with('|') && row.ends_with('|')));
    }

    #[test]
    fn scaling_converts_both_ways() {
        assert_eq!(to_onem2m(&json!(2150), 0.01), json!(21.5));
        assert_eq!(to_device(&json!(21.5), 0.01, true), json!(2150));
        assert_eq!(to_onem2m(&json!(true), 0.01), json!(true));
        assert_eq!(to_onem2m(&json!(21.5), 1.0), json!(21.5));
    }
}
