//! The semanticDescriptor the IPE writes for each device it represents (Turtle, `dcrp` 5): the device as a
//! Base Ontology `InterworkedDevice` (TS-0012) and a SAREF `Device` (TS 103 264), a `base:Service` per mapped unit
//! with its data points (readable points are OutputDataPoints, writable ones InputDataPoints) and operations (the
//! actions), and the property it measures or controls. The native thermometer describes itself with SAREF alone.
//! Only what the mapping exposes is described: a unit left out of the mapping is invisible to semantic discovery.

use serde_json::{Value, json};

use crate::devices::Device;
use crate::mapping::{DeviceMapping, writable};

const PREFIXES: &str = "@prefix base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#> .
@prefix saref: <https://saref.etsi.org/core/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/building#> .
";

fn literal(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The descriptor of a device the IPE represents with `mapping`.
pub fn interworked_descriptor(device: &Device, mapping: &DeviceMapping) -> String {
    let me = format!("ex:{}", mapping.name);
    let mut head = vec![
        format!("{me} a base:InterworkedDevice, saref:Device"),
        format!("    rdfs:label {}", literal(device.label)),
    ];
    let mut body = String::new();
    let mut properties: Vec<&str> = Vec::new();
    for unit_mapping in &mapping.units {
        let Some(unit) = device.unit(&unit_mapping.unit) else { continue };
        let service = format!("{me}-{}", unit_mapping.name);
        head.push(format!("    base:hasService {service}"));
        let origin = format!("{} {} {} ({})", device.protocol.name(), unit.id, unit.name, unit.key);
        body.push_str(&format!("{service} a base:Service ;\n    rdfs:label {} .\n", literal(&origin)));
        for point in &unit_mapping.points {
            let data_point = format!("{service}-{}", point.attribute);
            let (class, link) = if writable(device, &unit.key, point.point) {
                ("base:InputDataPoint", "base:hasInputDataPoint")
            } else {
                ("base:OutputDataPoint", "base:hasOutputDataPoint")
            };
            body.push_str(&format!(
                "{service} {link} {data_point} .\n{data_point} a {class} ;\n    rdfs:label {} .\n",
                literal(&point.attribute)
            ));
        }
        for action in &unit_mapping.actions {
            let name = unit.command(action.command).map(|c| c.name).unwrap_or("command");
            let operation = format!("{service}-command-{}", action.command);
            body.push_str(&format!(
                "{service} base:hasOperation {operation} .\n{operation} a base:Operation ;\n    rdfs:label {} .\n",
                literal(name)
            ));
        }
        if unit_mapping.points.is_empty() {
            continue;
        }
        let function = format!("{service}-function");
        let quantity = unit.quantity.name();
        if unit.senses {
            head.push(format!("    saref:measuresProperty ex:{quantity}"));
            body.push_str(&format!("{function} a base:MeasuringFunctionality, saref:SensingFunction .\n"));
        } else {
            head.push(format!("    saref:controlsProperty ex:{quantity}"));
            body.push_str(&format!("{function} a base:ControllingFunctionality, saref:ActuatingFunction .\n"));
        }
        head.push(format!("    base:hasFunctionality {function}"));
        if !properties.contains(&quantity) {
            properties.push(quantity);
        }
    }
    for quantity in properties {
        body.push_str(&format!("ex:{quantity} a saref:Property .\n"));
    }
    format!("{PREFIXES}\n{} .\n{body}", head.join(" ;\n"))
}

/// The native thermometer's own description (SAREF only).
pub fn native_descriptor(name: &str) -> String {
    format!(
        "{PREFIXES}\nex:{name} a saref:Device ;\n    rdfs:label \"Hall thermometer (native oneM2M)\" ;\n    saref:measuresProperty ex:temperature ;\n    saref:hasFunction ex:{name}-sensing .\nex:{name}-sensing a saref:SensingFunction .\nex:temperature a saref:Property .\n"
    )
}

/// The Create content of a semanticDescriptor holding `turtle`.
pub fn descriptor_request(turtle: &str, acp: Option<&str>) -> Value {
    json!({"m2m:smd": {
        "rn": "semantics",
        "dcrp": 5,
        "dsp": onem2m_cse::encode_base64(turtle.as_bytes()),
        "acpi": acp.iter().collect::<Vec<_>>(),
    }})
}
