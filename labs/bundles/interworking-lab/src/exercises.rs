//! The graded exercises. Each checks the state the student produced (the mapping the IPE applies and what it
//! made in the CSE, or the result of the student's discovery query), by replaying requests on a copy of the lab.

use lab_kit::{CheckOutcome, Exercise};
use serde_json::{Value, json};

use crate::ipe::Interworking;
use crate::mapping::{UnitAs, temperature_class};

/// What the exercises look at: the lab and the student's discovery query.
#[derive(Debug, Clone)]
pub struct Work {
    pub lab: Interworking,
    pub query: String,
}

pub static EXERCISES: &[Exercise<Work>] = &[
    Exercise {
        id: "read-lwm2m-temperature",
        title: "1. Read the LwM2M sensor without LwM2M",
        goal: "Change the mapping so that the dashboard reads the roof temperature (LwM2M object 3303, resource 5700) from a \
               `cod:tempe` flexContainer with containerDefinition `org.onem2m.common.moduleclass.temperature` and an \
               attribute with a oneM2M name, kept up to date when the temperature changes. Apply the mapping.",
        hints: &[
            "The naive mapping makes 3303/0 a container with an attribute called `5700`: an application must know LwM2M to read it.",
            "Set the unit's `as` to `{\"kind\": \"flexcontainer\", \"specialisation\": \"cod:tempe\", \"definition\": \"org.onem2m.common.moduleclass.temperature\"}`.",
            "Rename the attribute of point 5700 to `currentTemperature`, then press Apply mapping.",
        ],
        setup: (),
        check: check_read_temperature,
    },
    Exercise {
        id: "switch-matter-light",
        title: "2. Switch the Matter light from oneM2M",
        goal: "Make the hall light (Matter OnOff cluster 0x0006 on endpoint 1) switch on when the dashboard updates the \
               switch flexContainer's `powerState` to true, and off when it is set to false.",
        hints: &[
            "Try it first: update `powerState` from the dashboard and read the log. Matter answers UNSUPPORTED_WRITE (0x88): its OnOff attribute is read-only.",
            "Matter changes OnOff through commands: Off is 0x00 (0), On is 0x01 (1). An action maps an Update to a command.",
            "Add to the switch unit: `\"actions\": [{\"command\": 1, \"attribute\": \"powerState\", \"value\": true}, {\"command\": 0, \"attribute\": \"powerState\", \"value\": false}]`.",
        ],
        setup: (),
        check: check_switch_light,
    },
    Exercise {
        id: "keep-the-units",
        title: "3. The attribute the naive mapping loses",
        goal: "Compare LwM2M object 3303 on the device with the oneM2M resource that represents it: one resource that \
               gives the reading its meaning is lost. Map it, so the flexContainer of 3303/0 carries it.",
        hints: &[
            "21.5 what? Read every resource of 3303/0 in the device panel.",
            "Resource 5701 Sensor Units holds `Cel` (UCUM); the naive mapping drops it.",
            "Add `{\"point\": 5701, \"attribute\": \"unit\"}` to the points of 3303/0.",
        ],
        setup: (),
        check: check_units,
    },
    Exercise {
        id: "discover-temperature",
        title: "4. Every device that measures temperature",
        goal: "Write a semantic discovery query that finds every device measuring temperature, whatever its origin: the \
               native thermometer, the LwM2M sensor and the Matter device's TemperatureMeasurement cluster (0x0402), which \
               you must map first (its MeasuredValue is in hundredths of a degree). Run it.",
        hints: &[
            "The IPE describes only what the mapping exposes: add a unit for `2/0x0402` with point 0 and `\"scale\": 0.01`.",
            "A query on `base:InterworkedDevice` misses the native thermometer; ask what they have in common: `saref:measuresProperty ex:temperature`.",
            "`PREFIX saref: <https://saref.etsi.org/core/> PREFIX ex: <http://example.org/building#> SELECT ?d WHERE { ?d saref:measuresProperty ex:temperature }`",
        ],
        setup: (),
        check: check_discovery,
    },
];

/// The exercise with this id.
pub fn exercise(id: &str) -> Option<&'static Exercise<Work>> {
    lab_kit::find_exercise(EXERCISES, id)
}

fn flex_attributes(lab: &mut Interworking, path: &str) -> Option<serde_json::Map<String, Value>> {
    let response = lab.app_retrieve(path);
    if response.rsc.code() != 2000 {
        return None;
    }
    response.resource().cloned()
}

fn check_read_temperature(work: &Work) -> CheckOutcome {
    let mut lab = work.lab.clone();
    let Some(registered) = lab.registered("roof-01").cloned() else {
        return CheckOutcome::not_yet("roof-01 is not in the mapping the IPE applies.");
    };
    let Some(unit) = registered.units.iter().find(|u| u.mapping.unit == "3303/0") else {
        return CheckOutcome::not_yet("Object 3303 instance 0 of roof-01 is not mapped.");
    };
    if unit.mapping.unit_as != temperature_class() {
        return CheckOutcome::not_yet(
            "3303/0 is not a `cod:tempe` flexContainer with containerDefinition `org.onem2m.common.moduleclass.temperature`: an application looking for temperature module classes does not recognise it.",
        );
    }
    let Some(point) = unit.mapping.points.iter().find(|p| p.point == 5700) else {
        return CheckOutcome::not_yet("Resource 5700 Sensor Value is not mapped to an attribute.");
    };
    if point.attribute.chars().all(|c| c.is_ascii_digit()) {
        return CheckOutcome::not_yet(format!(
            "The attribute `{}` is LwM2M's resource number: give it a oneM2M name.",
            point.attribute
        ));
    }
    let path = unit.path.clone();
    let attribute = point.attribute.clone();
    lab.sense("roof-01", "3303/0", json!(26.5));
    let read = flex_attributes(&mut lab, &path).and_then(|a| a.get(&attribute).cloned());
    match read {
        Some(value) if value.as_f64() == Some(26.5) => CheckOutcome::pass(format!(
            "The dashboard reads `{attribute}` from {path} without knowing LwM2M, and it follows the sensor (26.5 after a change)."
        )),
        Some(value) => CheckOutcome::not_yet(format!(
            "After the sensor measured 26.5 the dashboard read {value}: check the scale."
        )),
        None => CheckOutcome::not_yet(format!("The dashboard cannot read `{attribute}` from {path}.")),
    }
}

fn check_switch_light(work: &Work) -> CheckOutcome {
    let mut lab = work.lab.clone();
    let Some(registered) = lab.registered("hall-light").cloned() else {
        return CheckOutcome::not_yet("hall-light is not in the mapping the IPE applies.");
    };
    let Some(unit) = registered.units.iter().find(|u| u.mapping.unit == "1/0x0006") else {
        return CheckOutcome::not_yet("The OnOff cluster (endpoint 1, 0x0006) is not mapped.");
    };
    if !matches!(unit.mapping.unit_as, UnitAs::FlexContainer { .. }) {
        return CheckOutcome::not_yet(
            "A container cannot be updated to drive a device: map the cluster to a flexContainer.",
        );
    }
    let path = unit.path.clone();
    for wanted in [true, false, true] {
        lab.app_update(&path, "powerState", json!(wanted));
        let on = lab.device("hall-light").read("1/0x0006", 0).ok().and_then(|v| v.as_bool());
        if on != Some(wanted) {
            let why = lab.log.iter().rev().find(|e| e.failed).map(|e| e.text.clone()).unwrap_or_default();
            return CheckOutcome::not_yet(format!(
                "The dashboard set `powerState` to {wanted} on {path}, but the light's OnOff is {}. {why}",
                on.map(|b| b.to_string()).unwrap_or_else(|| "unknown".into())
            ));
        }
    }
    CheckOutcome::pass(
        "An Update of `powerState` makes the IPE invoke On (0x01) or Off (0x00): the Matter light follows oneM2M.",
    )
}

fn check_units(work: &Work) -> CheckOutcome {
    let mut lab = work.lab.clone();
    let Some(unit) =
        lab.registered("roof-01").and_then(|r| r.units.iter().find(|u| u.mapping.unit == "3303/0")).cloned()
    else {
        return CheckOutcome::not_yet("Object 3303 instance 0 of roof-01 is not mapped.");
    };
    if !matches!(unit.mapping.unit_as, UnitAs::FlexContainer { .. }) {
        return CheckOutcome::not_yet("Map 3303/0 as a flexContainer first (exercise 1).");
    }
    let units = lab.device("roof-01").read("3303/0", 5701).unwrap_or(Value::Null);
    let attributes = flex_attributes(&mut lab, &unit.path).unwrap_or_default();
    match unit.mapping.points.iter().find(|p| p.point == 5701) {
        Some(point) if attributes.get(&point.attribute) == Some(&units) => CheckOutcome::pass(format!(
            "{} now carries `{}` = {units}: the reading says what it is in.",
            unit.path, point.attribute
        )),
        Some(point) => CheckOutcome::not_yet(format!(
            "5701 is mapped to `{}`, but the resource does not show it: apply the mapping.",
            point.attribute
        )),
        None => CheckOutcome::not_yet(
            "The flexContainer of 3303/0 still loses something the device says about every reading.",
        ),
    }
}

fn check_discovery(work: &Work) -> CheckOutcome {
    let mut lab = work.lab.clone();
    if work.query.trim().is_empty() {
        return CheckOutcome::not_yet("Write and run a discovery query first.");
    }
    let answer = lab.discover(&work.query);
    if answer.rsc != 2000 {
        return CheckOutcome::not_yet(format!(
            "The query is refused: {} {}",
            answer.status,
            answer.debug.unwrap_or_default()
        ));
    }
    let found: Vec<String> = answer.matches.iter().map(|m| lab.structured(m)).collect();
    let mut expected = vec![lab.native_path.clone()];
    for id in ["roof-01", "hall-light"] {
        match lab.registered(id) {
            Some(r)
                if r.units.iter().any(|u| {
                    lab.device(id).unit(&u.mapping.unit).is_some_and(|x| x.senses) && !u.mapping.points.is_empty()
                }) =>
            {
                expected.push(r.path.clone());
            }
            _ => {
                return CheckOutcome::not_yet(format!(
                    "{id} measures temperature, but the mapping does not expose a temperature unit of it: the IPE cannot describe what it does not map."
                ));
            }
        }
    }
    let missing: Vec<&String> = expected.iter().filter(|e| !found.contains(e)).collect();
    let extra: Vec<&String> = found.iter().filter(|f| !expected.contains(f)).collect();
    if missing.is_empty() && extra.is_empty() {
        CheckOutcome::pass(format!("The query finds {}: native and interworked alike.", expected.join(", ")))
    } else if !missing.is_empty() {
        CheckOutcome::not_yet(format!(
            "The query misses {}.",
            missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ))
    } else {
        CheckOutcome::not_yet(format!(
            "The query also finds {}, which does not measure temperature.",
            extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ))
    }
}
