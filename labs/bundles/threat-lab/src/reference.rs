//! The book's running examples as starting diagrams: the smart building of "Threat, vulnerability and risk
//! analysis" (Figure 2.1) for security mode, and the HomeSense household of the privacy lab for privacy mode.

use crate::attack_tree::AttackTree;
use crate::diagram::{Boundary, Diagram, Element, ElementKind, Flow};
use crate::workspace::{Mode, Workspace};

fn element(id: &str, name: &str, kind: ElementKind, boundary: Option<&str>) -> Element {
    Element { id: id.into(), name: name.into(), kind, boundary: boundary.map(Into::into) }
}

fn flow(id: &str, name: &str, from: &str, to: &str) -> Flow {
    Flow { id: id.into(), name: name.into(), from: from.into(), to: to.into() }
}

fn boundary(id: &str, name: &str) -> Boundary {
    Boundary { id: id.into(), name: name.into() }
}

/// The flow of the building that crosses into the cloud from the gateway (Mcc).
pub const MCC_FLOW: &str = "mcc";
/// The cloud boundary of the building.
pub const CLOUD: &str = "cloud";
/// The gateway MN-CSE of the building.
pub const GATEWAY: &str = "gateway";
/// The household's smart-meter readings on their way to the energy supplier.
pub const SUPPLIER_FLOW: &str = "to-supplier";

/// The smart building: sensors and valves, the facility manager on the building LAN, the gateway MN-CSE, the
/// IN-CSE and its resource store in the cloud, the facility team's dashboard, and a partner company's app.
pub fn security() -> Workspace {
    use ElementKind::*;
    let diagram = Diagram {
        elements: vec![
            element("sensors", "Sensor AEs", ExternalEntity, Some("building")),
            element("valves", "Valve AEs", ExternalEntity, Some("building")),
            element("facility-manager", "Facility manager", ExternalEntity, Some("building")),
            element(GATEWAY, "Gateway MN-CSE", Process, Some("building")),
            element("in-cse", "IN-CSE", Process, Some(CLOUD)),
            element("store", "Resource store", DataStore, Some(CLOUD)),
            element("dashboard", "Dashboard app", ExternalEntity, None),
            element("contractor", "Contractor's app", ExternalEntity, Some("partner")),
        ],
        flows: vec![
            flow("readings", "Sensor readings (radio)", "sensors", GATEWAY),
            flow("commands", "Valve commands (radio)", GATEWAY, "valves"),
            flow("admin-page", "Admin page (building LAN)", "facility-manager", GATEWAY),
            flow(MCC_FLOW, "Mcc over TLS", GATEWAY, "in-cse"),
            flow("storage", "Readings and policies", "in-cse", "store"),
            flow("dashboard-api", "Mca: dashboard requests", "dashboard", "in-cse"),
            flow("contractor-api", "Mca: contractor requests", "contractor", "in-cse"),
        ],
        boundaries: vec![
            boundary("building", "Building (facility manager)"),
            boundary(CLOUD, "Cloud (platform provider)"),
            boundary("partner", "Partner company"),
        ],
    };
    Workspace::new(Mode::Security, diagram, AttackTree::new("Take over the building's gateways (Mirai-style)"))
}

/// The HomeSense household: Ana and Ben, their smart meter and motion sensors, the home gateway MN-CSE, the
/// platform's IN-CSE and readings store, the energy supplier NordWatt and a heating app.
pub fn privacy() -> Workspace {
    use ElementKind::*;
    let diagram = Diagram {
        elements: vec![
            element("residents", "Residents (Ana and Ben)", ExternalEntity, Some("home")),
            element("meter", "Smart meter", Process, Some("home")),
            element("motion", "Motion sensors", Process, Some("home")),
            element("home-gateway", "Home gateway MN-CSE", Process, Some("home")),
            element("platform", "Platform IN-CSE", Process, Some("platform-zone")),
            element("readings-store", "Readings store", DataStore, Some("platform-zone")),
            element("supplier", "NordWatt billing", ExternalEntity, Some("supplier-zone")),
            element("heating", "Heating app", ExternalEntity, None),
        ],
        flows: vec![
            flow("meter-readings", "15-minute energy readings", "meter", "home-gateway"),
            flow("motion-events", "Motion events per room", "motion", "home-gateway"),
            flow("settings", "Settings and consent", "residents", "home-gateway"),
            flow("upload", "Mcc upload to the platform", "home-gateway", "platform"),
            flow("stored", "Stored readings", "platform", "readings-store"),
            flow(SUPPLIER_FLOW, "Smart-meter readings to the supplier", "platform", "supplier"),
            flow("to-heating", "Temperature and occupancy to the heating app", "platform", "heating"),
        ],
        boundaries: vec![
            boundary("home", "Home (Ana and Ben)"),
            boundary("platform-zone", "Platform (HomeSense cloud)"),
            boundary("supplier-zone", "Energy supplier (NordWatt)"),
        ],
    };
    Workspace::new(Mode::Privacy, diagram, AttackTree::new("Learn when Ana and Ben are away"))
}
