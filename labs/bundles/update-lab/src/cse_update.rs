//! The same update driven through the CSE: the plug is a `<node>` with a firmware `<mgmtObj>` (mgd 1001) in the
//! onem2m-cse engine. The operator's Update sets `url`, `vr` and `ud`; the engine hands the action to the
//! device-management hook, which is this lab's bootloader: it fetches the shipment at `url` from the update
//! server, checks it, and answers; the outcome shows in `uds` (`{acn, sus}`) and the device reports its `vr`.
//!
//! The engine's hook is a plain `fn` (configuration, not state), so the device and the server are lent to it for
//! the length of one request ([`handle_firmware_update`] puts them in and takes them out again); nothing else
//! reads that cell, and the function stays deterministic.

use std::cell::RefCell;

use onem2m_cse::{
    ActionStatus, Cse, CseConfig, DeviceAction, DeviceActionOutcome, Request, Response, Timestamp, simulated_device,
};
use serde_json::{Map, Value, json};

use crate::device::{Device, UpdateReport};
use crate::manifest::Shipment;

/// The operator's originator (the CSE's administrator).
pub const ADMIN: &str = "CAdmin";
/// The firmware mgmtObj's address.
pub const FIRMWARE_PATH: &str = "cse-in/plug-17/firmware";

/// The lab's clock for the CSE: 2026-11-02 09:00 UTC.
pub fn lab_time() -> Timestamp {
    Timestamp::parse_onem2m("20261102T090000").unwrap_or(Timestamp::from_millis(0))
}

/// A CSE with the plug as a `<node>` and its firmware `<mgmtObj>` reporting `running_version`.
pub fn new_cse(running_version: &str, running_uri: &str) -> Cse {
    let mut cse = Cse::new(CseConfig::default(), lab_time());
    let node = json!({"m2m:nod": {"rn": "plug-17", "ni": "urn:dev:plug-mini-v2:17", "lbl": ["household:living-room"]}});
    cse.handle_request(Request::create("cse-in", ADMIN, 14, node), lab_time());
    let firmware =
        json!({"m2m:fwr": {"rn": "firmware", "vr": running_version, "fwn": "plug-mini-v2", "url": running_uri}});
    cse.handle_request(Request::create("cse-in/plug-17", ADMIN, 13, firmware), lab_time());
    cse
}

/// What one request borrows: the device, the update server's shipments, and the bootloader's report once it ran.
type Lent = (Device, Vec<Shipment>, Option<UpdateReport>);

thread_local! {
    static LENT: RefCell<Option<Lent>> = const { RefCell::new(None) };
}

/// The device-management hook: the plug's bootloader behind the firmware mgmtObj.
fn plug_bootloader(action: &DeviceAction) -> DeviceActionOutcome {
    let url = action.attributes.get("url").and_then(Value::as_str).unwrap_or_default().to_owned();
    LENT.with(|cell| {
        let mut lent = cell.borrow_mut();
        let Some((device, server, report)) = lent.as_mut() else {
            return DeviceActionOutcome { status: ActionStatus::Failure, attributes: Map::new() };
        };
        let mut attributes = Map::new();
        let Some(shipment) = server.iter().find(|shipment| shipment.envelope.manifest.payload_uri == url) else {
            if let Some(running) = device.running() {
                attributes.insert("vr".into(), json!(running.version));
            }
            return DeviceActionOutcome { status: ActionStatus::Failure, attributes };
        };
        let outcome = device.handle_shipment(shipment);
        let status = match outcome.result {
            crate::device::UpdateResult::Installed => ActionStatus::Successful,
            _ => ActionStatus::Failure,
        };
        if let Some(running) = device.running() {
            attributes.insert("vr".into(), json!(running.version));
        }
        *report = Some(outcome);
        DeviceActionOutcome { status, attributes }
    })
}

/// What one Update through the CSE did.
#[derive(Debug, Clone, PartialEq)]
pub struct CseUpdate {
    pub request: Request,
    pub response: Response,
    /// The bootloader's report (none when the device never got a shipment: an unknown `url`).
    pub report: Option<UpdateReport>,
}

/// Sends the operator's Update (`url`, `vr`, `ud`) to the firmware mgmtObj; the device fetches from `server`.
pub fn handle_firmware_update(
    cse: &mut Cse,
    device: &mut Device,
    server: Vec<Shipment>,
    url: &str,
    version: &str,
) -> CseUpdate {
    let request = Request::update(FIRMWARE_PATH, ADMIN, json!({"m2m:fwr": {"url": url, "vr": version, "ud": true}}))
        .with_rqi("update-lab");
    LENT.with(|cell| *cell.borrow_mut() = Some((device.clone(), server, None)));
    cse.set_device_management(plug_bootloader);
    let response = cse.handle_request(request.clone(), lab_time());
    cse.set_device_management(simulated_device);
    let (lent_device, _, report) =
        LENT.with(|cell| cell.borrow_mut().take()).unwrap_or((device.clone(), Vec::new(), None));
    *device = lent_device;
    CseUpdate { request, response, report }
}

/// The firmware mgmtObj as the CSE holds it (`m2m:fwr`).
pub fn firmware_resource(cse: &mut Cse) -> Option<Value> {
    let response = cse.handle_request(Request::retrieve(FIRMWARE_PATH, ADMIN).with_rqi("tree"), lab_time());
    response.pc.and_then(|pc| pc.get("m2m:fwr").cloned())
}

/// The resource tree under the CSEBase: (depth, structured path's last segment, type name, short summary).
pub fn resource_tree(cse: &Cse) -> Vec<(usize, String, String)> {
    let mut rows = Vec::new();
    let base = cse.resolve_address("cse-in").unwrap_or_default();
    let mut stack = vec![(0usize, base)];
    while let Some((depth, ri)) = stack.pop() {
        if let Some(resource) = cse.resource(&ri) {
            rows.push((depth, resource.rn.clone(), format!("{} (ty {})", resource.ty.short_name(), resource.ty.ty())));
        }
        for child in cse.children_of(&ri).iter().rev() {
            stack.push((depth + 1, child.clone()));
        }
    }
    rows
}
