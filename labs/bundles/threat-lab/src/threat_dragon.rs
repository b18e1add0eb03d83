//! The model as an OWASP Threat Dragon (version 2) model file, to continue in the desktop tool: one diagram of
//! the mode's type (STRIDE or LINDDUN) whose cells are the elements (`actor`, `process`, `store`), the trust
//! boundaries (`trust-boundary-box`) and the flows (`flow`, between cells), each with its reviewed threats.
//! Accepted threats are `Open`, or `Mitigated` once treated down to an acceptable residual risk; rejected ones
//! `NotApplicable` with the reason; unreviewed candidates are left out. Export only: the lab reads back its own
//! JSON, not Threat Dragon's.

use serde_json::{Value, json};

use crate::catalogue::find_countermeasure;
use crate::diagram::{BOX_HEIGHT, BOX_WIDTH, ElementKind, layout};
use crate::method::{Category, Method};
use crate::register::{ACCEPTABLE_RISK, Level, Status, Threat, Treatment};
use crate::workspace::Workspace;

/// The Threat Dragon model version written.
pub const THREAT_DRAGON_VERSION: &str = "2.2.0";

/// Threat Dragon's name for a category.
pub fn threat_dragon_type(category: Category) -> &'static str {
    match category {
        Category::Spoofing => "Spoofing",
        Category::Tampering => "Tampering",
        Category::Repudiation => "Repudiation",
        Category::InformationDisclosure => "Information disclosure",
        Category::DenialOfService => "Denial of service",
        Category::ElevationOfPrivilege => "Elevation of privilege",
        Category::Linking => "Linkability",
        Category::Identifying => "Identifiability",
        Category::NonRepudiation => "Non-repudiation",
        Category::Detecting => "Detectability",
        Category::DataDisclosure => "Disclosure of information",
        Category::Unawareness => "Unawareness",
        Category::NonCompliance => "Non-compliance",
    }
}

fn threat_json(threat: &Threat, number: usize) -> Option<Value> {
    let (status, reason) = match &threat.status {
        Status::Candidate => return None,
        Status::Rejected { reason } => ("NotApplicable", Some(reason.as_str())),
        Status::Accepted => {
            let treated = matches!(threat.treatment, Some(Treatment::Reduce | Treatment::Avoid | Treatment::Share));
            let acceptable = threat.residual_risk().is_some_and(|risk| risk <= ACCEPTABLE_RISK);
            (if treated && acceptable { "Mitigated" } else { "Open" }, None)
        }
    };
    let severity = match threat.score().map(|score| score.level()) {
        Some(Level::High) => "High",
        Some(Level::Medium) => "Medium",
        Some(Level::Low) => "Low",
        None => "TBD",
    };
    let mut description = format!("{}. Vulnerability: {}.", threat.sentence(), threat.vulnerability.trim());
    if let Some(reason) = reason {
        description.push_str(&format!(" Rejected: {reason}."));
    }
    let countermeasures: Vec<String> = threat
        .countermeasures
        .iter()
        .filter_map(|id| find_countermeasure(id))
        .map(|countermeasure| format!("{} ({})", countermeasure.name, countermeasure.citations()))
        .collect();
    let mut mitigation = threat.treatment.map(|treatment| format!("{}: ", treatment.label())).unwrap_or_default();
    mitigation.push_str(&countermeasures.join("; "));
    if let (Some(risk), Some(residual)) = (threat.risk(), threat.residual_risk()) {
        mitigation.push_str(&format!(" Risk {risk}, residual {residual}."));
    }
    if !threat.residual_note.trim().is_empty() {
        mitigation.push_str(&format!(" {}", threat.residual_note.trim()));
    }
    Some(json!({
        "id": threat.id,
        "number": number,
        "title": format!("{} could {}", threat.who.trim(), threat.what.trim()),
        "status": status,
        "severity": severity,
        "type": threat_dragon_type(threat.category),
        "modelType": threat.category.method().label(),
        "description": description,
        "mitigation": mitigation.trim(),
        "score": threat.risk().map(|risk| risk.to_string()).unwrap_or_default(),
    }))
}

/// The workspace as a Threat Dragon v2 model.
pub fn threat_dragon_model(work: &Workspace, title: &str) -> Value {
    let diagram = &work.diagram;
    let places = layout(diagram);
    let mut numbers = 0;
    let mut threats_on = |target: &str| -> (Vec<Value>, bool) {
        let threats: Vec<Value> = work
            .threats_on(target)
            .filter_map(|threat| {
                let value = threat_json(threat, numbers + 1);
                numbers += usize::from(value.is_some());
                value
            })
            .collect();
        let open = threats.iter().any(|threat| threat["status"] == "Open");
        (threats, open)
    };
    let mut cells = Vec::new();
    for (id, x, y, width, height) in &places.boundaries {
        let name = diagram.name_of(id).unwrap_or_default();
        cells.push(json!({
            "id": id,
            "shape": "trust-boundary-box",
            "position": { "x": x, "y": y },
            "size": { "width": width, "height": height },
            "attrs": { "label": { "text": name } },
            "zIndex": 1,
            "data": { "type": "tm.BoundaryBox", "name": name, "description": "", "isTrustBoundary": true, "hasOpenThreats": false },
        }));
    }
    for element in &diagram.elements {
        let Some((x, y)) = places.position(&element.id) else { continue };
        let (shape, kind) = match element.kind {
            ElementKind::ExternalEntity => ("actor", "tm.Actor"),
            ElementKind::Process => ("process", "tm.Process"),
            ElementKind::DataStore => ("store", "tm.Store"),
        };
        let (threats, open) = threats_on(&element.id);
        cells.push(json!({
            "id": element.id,
            "shape": shape,
            "position": { "x": x - BOX_WIDTH / 2.0, "y": y - BOX_HEIGHT / 2.0 },
            "size": { "width": BOX_WIDTH, "height": BOX_HEIGHT },
            "attrs": { "text": { "text": element.name } },
            "zIndex": cells.len() + 1,
            "data": {
                "type": kind,
                "name": element.name,
                "description": "",
                "outOfScope": false,
                "reasonOutOfScope": "",
                "hasOpenThreats": open,
                "threats": threats,
            },
        }));
    }
    for flow in &diagram.flows {
        let (threats, open) = threats_on(&flow.id);
        cells.push(json!({
            "id": flow.id,
            "shape": "flow",
            "source": { "cell": flow.from },
            "target": { "cell": flow.to },
            "labels": [{ "position": 0.5, "attrs": { "labelText": { "text": flow.name } } }],
            "zIndex": cells.len() + 1,
            "data": {
                "type": "tm.Flow",
                "name": flow.name,
                "description": "",
                "outOfScope": false,
                "reasonOutOfScope": "",
                "isBidirectional": false,
                "isEncrypted": false,
                "isPublicNetwork": false,
                "protocol": "",
                "hasOpenThreats": open,
                "threats": threats,
            },
        }));
    }
    let method = work.method();
    json!({
        "version": THREAT_DRAGON_VERSION,
        "summary": {
            "title": title,
            "owner": "",
            "description": format!("Exported from the IoT security and privacy textbook's threat-modelling lab ({} per element).", method.label()),
            "id": 0,
        },
        "detail": {
            "contributors": [],
            "diagrams": [{
                "id": 0,
                "title": title,
                "diagramType": if method == Method::Stride { "STRIDE" } else { "LINDDUN" },
                "placeholder": "",
                "thumbnail": "",
                "version": THREAT_DRAGON_VERSION,
                "cells": cells,
            }],
            "reviewer": "",
        },
    })
}

/// The Threat Dragon model as the text of a file.
pub fn threat_dragon_json(work: &Workspace, title: &str) -> String {
    serde_json::to_string_pretty(&threat_dragon_model(work, title)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference;
    use std::collections::BTreeSet;

    #[test]
    fn every_element_boundary_and_flow_becomes_a_cell_and_flows_join_cells() {
        let work = reference::security();
        let model = threat_dragon_model(&work, "Smart building");
        let cells = model["detail"]["diagrams"][0]["cells"].as_array().expect("cells");
        let diagram = &work.diagram;
        assert_eq!(cells.len(), diagram.elements.len() + diagram.flows.len() + diagram.boundaries.len());
        let ids: BTreeSet<&str> = cells.iter().filter_map(|cell| cell["id"].as_str()).collect();
        assert_eq!(ids.len(), cells.len(), "cell ids are unique");
        for cell in cells.iter().filter(|cell| cell["shape"] == "flow") {
            for end in ["source", "target"] {
                let joined = cell[end]["cell"].as_str().expect("an end");
                let shape = cells.iter().find(|other| other["id"] == joined).map(|other| other["shape"].clone());
                assert!(matches!(shape.as_ref().and_then(Value::as_str), Some("actor" | "process" | "store")));
            }
        }
        let gateway = cells.iter().find(|cell| cell["id"] == reference::GATEWAY).expect("the gateway");
        assert_eq!(
            (gateway["shape"].as_str(), gateway["data"]["type"].as_str()),
            (Some("process"), Some("tm.Process"))
        );
        let store = cells.iter().find(|cell| cell["id"] == "store").expect("the store");
        assert_eq!(store["data"]["type"], "tm.Store");
        assert_eq!(cells.iter().filter(|cell| cell["data"]["isTrustBoundary"] == true).count(), 3);
        assert_eq!(model["detail"]["diagrams"][0]["diagramType"], "STRIDE");
        assert_eq!(threat_dragon_model(&reference::privacy(), "x")["detail"]["diagrams"][0]["diagramType"], "LINDDUN");
    }

    #[test]
    fn reviewed_threats_carry_status_severity_type_and_mitigation() {
        let mut work = reference::security();
        work.generate();
        let on_gateway = |category| {
            work.threats_on(reference::GATEWAY).find(|threat| threat.category == category).expect("a threat").id.clone()
        };
        let (spoofing, tampering, repudiation) =
            (on_gateway(Category::Spoofing), on_gateway(Category::Tampering), on_gateway(Category::Repudiation));
        work.accept(&spoofing).expect("accepted");
        work.score(&spoofing, 3, 3).expect("scored");
        work.set_treatment(&spoofing, Some(Treatment::Reduce)).expect("treated");
        work.add_countermeasure(&spoofing, "unique-passwords").expect("fits");
        work.accept(&tampering).expect("accepted");
        work.score(&tampering, 2, 2).expect("scored");
        work.reject(&repudiation, "no log to deny").expect("rejected");
        let model = threat_dragon_model(&work, "Smart building");
        let cells = model["detail"]["diagrams"][0]["cells"].as_array().expect("cells");
        let gateway = cells.iter().find(|cell| cell["id"] == reference::GATEWAY).expect("the gateway");
        let threats = gateway["data"]["threats"].as_array().expect("threats");
        assert_eq!(threats.len(), 3, "the three unreviewed candidates are left out");
        let find = |id: &str| threats.iter().find(|threat| threat["id"] == id).expect("exported");
        let mitigated = find(&spoofing);
        assert_eq!((mitigated["status"].as_str(), mitigated["severity"].as_str()), (Some("Mitigated"), Some("High")));
        assert_eq!((mitigated["type"].as_str(), mitigated["modelType"].as_str()), (Some("Spoofing"), Some("STRIDE")));
        let mitigation = mitigated["mitigation"].as_str().expect("text");
        assert!(mitigation.contains("EN 303 645 5.1-1") && mitigation.contains("residual 3"), "{mitigation}");
        assert_eq!(
            (find(&tampering)["status"].as_str(), find(&tampering)["severity"].as_str()),
            (Some("Open"), Some("Medium"))
        );
        assert_eq!(find(&repudiation)["status"], "NotApplicable");
        assert!(find(&repudiation)["description"].as_str().is_some_and(|text| text.contains("no log to deny")));
        assert_eq!(gateway["data"]["hasOpenThreats"], true);
        let numbers: BTreeSet<u64> = cells
            .iter()
            .flat_map(|cell| cell["data"]["threats"].as_array().cloned().unwrap_or_default())
            .filter_map(|threat| threat["number"].as_u64())
            .collect();
        assert_eq!(numbers, (1..=3).collect(), "threats are numbered once each");
        let text = threat_dragon_json(&work, "Smart building");
        assert_eq!(serde_json::from_str::<Value>(&text).ok(), Some(model));
    }

    #[test]
    fn linddun_types_use_threat_dragon_names() {
        assert_eq!(threat_dragon_type(Category::DataDisclosure), "Disclosure of information");
        assert_eq!(threat_dragon_type(Category::Linking), "Linkability");
        let names: BTreeSet<&str> = Category::ALL.into_iter().map(threat_dragon_type).collect();
        assert_eq!(names.len(), Category::ALL.len(), "no two categories share a name");
    }
}
