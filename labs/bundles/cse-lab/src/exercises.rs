//! The guided exercises, following the oneM2M community curriculum: each has a goal, hints revealed on
//! demand, a setup (requests that build its starting state), and a check on the engine's state and trace,
//! never on the text the student typed.

use onem2m_cse::{Operation, Request, ResourceType, ResponseStatusCode, TraceKind};
use serde_json::{Value, json};

use crate::session::LabSession;

pub use lab_kit::CheckOutcome;

/// One guided exercise: its setup is the requests that build its starting state; its check reads the session.
pub type Exercise = lab_kit::Exercise<LabSession, fn() -> Vec<Request>>;

/// The exercises, in curriculum order.
pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "first-contact",
        title: "1. First contact",
        goal: "Retrieve the CSEBase resource `cse-in` and read its attributes: its CSE-ID (`csi`), type (`cst`) and supported resource types (`srt`).",
        hints: &[
            "Choose the Retrieve operation; the target is `cse-in`.",
            "Any originator may retrieve the CSEBase here, e.g. `CAdmin`. Press Send and look at `m2m:cb` in the response.",
        ],
        setup: no_setup,
        check: check_first_contact,
    },
    Exercise {
        id: "register-ae",
        title: "2. Register an AE",
        goal: "Register an application entity (AE) under `cse-in` with the originator `C`, so that the CSE assigns it an AE-ID. Give it a point of access (`poa`) so that it can receive notifications later.",
        hints: &[
            "Operation Create, target `cse-in`, resource type AE (2); the template fills the body.",
            "`api` must start with `N` or `R`; originator `C` asks the CSE to assign the AE-ID, returned in `aei`.",
            "Send the same registration again with the new AE-ID as originator: what does 4117 mean?",
        ],
        setup: no_setup,
        check: check_register_ae,
    },
    Exercise {
        id: "containers",
        title: "3. Containers and contentInstances",
        goal: "In your AE, create a container with `mni` = 3, add more than three contentInstances, then retrieve its latest instance (`la`). Watch the oldest instances being evicted and `cni` staying at 3.",
        hints: &[
            "An AE `sensor` (originator `Csensor`) exists. Create a container (type 3) under `cse-in/sensor` with `\"mni\": 3`.",
            "Create contentInstances (type 4) under the container, as `Csensor`; a contentInstance cannot be updated, only created.",
            "Retrieve `cse-in/sensor/<container>/la`: the latest instance is a virtual resource.",
        ],
        setup: setup_sensor_ae,
        check: check_containers,
    },
    Exercise {
        id: "discovery",
        title: "4. Discovery",
        goal: "Find every contentInstance of the building with one discovery request (`fu=1`, `ty=4`), then find the resources labelled `room:1` with a label filter.",
        hints: &[
            "Retrieve on `cse-in` with filter usage 1 (discovery) and resource type 4; the answer is an `m2m:uril` list.",
            "Discovery lists only what the originator may DISCOVER: use the AE `Cbuilding` that owns the data.",
            "For the label filter, put `room:1` in the labels field.",
        ],
        setup: setup_building,
        check: check_discovery,
    },
    Exercise {
        id: "groups",
        title: "5. Groups and fan-out",
        goal: "Create a group of the two lamp containers and retrieve both through one request to the group's fan-out point (`fopt`).",
        hints: &[
            "Create a group (type 9) under `cse-in/lights` as `Clights`, with `mid` listing `cse-in/lights/lamp1` and `cse-in/lights/lamp2`.",
            "Retrieve `cse-in/lights/<group>/fopt`: the CSE sends the request to every member and aggregates the answers (`m2m:agr`).",
        ],
        setup: setup_lights,
        check: check_groups,
    },
    Exercise {
        id: "access-control",
        title: "6. Access control: a denied request and its fix",
        goal: "As `Cviewer`, retrieve `cse-in/meter/reading` and get 4103 ORIGINATOR_HAS_NO_PRIVILEGE. Then, as the owner `Cmeter`, create an accessControlPolicy granting `Cviewer` Retrieve and link it from the container (`acpi`), and retry.",
        hints: &[
            "First send the denied request: Retrieve, target `cse-in/meter/reading`, originator `Cviewer`.",
            "Create an ACP (type 1) under `cse-in/meter` as `Cmeter`: `pv` with a rule whose `acor` is `[\"Cviewer\"]` and `acop` 2 (Retrieve); `pvs` lets `Cmeter` manage the policy (63).",
            "Update `cse-in/meter/reading` as `Cmeter` with `{\"m2m:cnt\": {\"acpi\": [\"<the policy's ri>\"]}}`. Careful: once `acpi` is set, the owner needs a rule too.",
        ],
        setup: setup_meter,
        check: check_access_control,
    },
    Exercise {
        id: "subscriptions",
        title: "7. Subscriptions and notifications",
        goal: "Subscribe the AE `Cdisplay` to the container `cse-in/thermo/temperature` for the creation of child resources (`net` 3), then add a contentInstance and see the notification arrive in the display's inbox.",
        hints: &[
            "Create a subscription (type 23) under the container as `Cthermo` (the owner), with `nu` = `[\"Cdisplay\"]` and `enc` = `{\"net\": [3]}`.",
            "A subscription may only name an AE its creator may notify: the display's policy `cse-in/display/inbox` grants `Cthermo` Notify (16). The CSE then verifies the target (a verification request); the display AE has a `poa`, so it accepts.",
            "Now create a contentInstance under the container as `Cthermo` and open the inboxes panel.",
        ],
        setup: setup_thermo,
        check: check_subscriptions,
    },
    Exercise {
        id: "flexcontainer",
        title: "8. flexContainer",
        goal: "Create a flexContainer with a custom attribute (e.g. a binary switch with `state`), then update that attribute and see `st` (stateTag) count the change.",
        hints: &[
            "Create type 28 under `cse-in/plug` as `Cplug`; the body is wrapped by the specialization's name, e.g. `{\"cod:binSh\": {\"rn\": \"switch\", \"cnd\": \"org.onem2m.common.moduleclass.binarySwitch\", \"powerState\": false}}`.",
            "Update it with `{\"cod:binSh\": {\"powerState\": true}}` and retrieve it: `st` went up.",
        ],
        setup: setup_plug,
        check: check_flexcontainer,
    },
];

/// Finds an exercise by id.
pub fn find_exercise(id: &str) -> Option<&'static Exercise> {
    lab_kit::find_exercise(EXERCISES, id)
}

fn no_setup() -> Vec<Request> {
    Vec::new()
}

fn ae(name: &str) -> Request {
    Request::create(
        "cse-in",
        format!("C{name}"),
        2,
        json!({"m2m:ae": {"rn": name, "api": format!("N{name}"), "rr": true, "srv": ["3"], "poa": [format!("sim://{name}")]}}),
    )
}

fn container(parent: &str, owner: &str, name: &str, extra: Value) -> Request {
    let mut body = json!({"rn": name});
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    Request::create(parent, owner, 3, json!({ "m2m:cnt": body }))
}

fn instance(parent: &str, owner: &str, content: &str, labels: &[&str]) -> Request {
    Request::create(parent, owner, 4, json!({"m2m:cin": {"cnf": "text/plain:0", "con": content, "lbl": labels}}))
}

fn setup_sensor_ae() -> Vec<Request> {
    vec![ae("sensor")]
}

fn setup_building() -> Vec<Request> {
    vec![
        ae("building"),
        container("cse-in/building", "Cbuilding", "room1", json!({"lbl": ["room:1"]})),
        container("cse-in/building", "Cbuilding", "room2", json!({"lbl": ["room:2"]})),
        instance("cse-in/building/room1", "Cbuilding", "21.5", &["room:1", "temperature"]),
        instance("cse-in/building/room1", "Cbuilding", "21.7", &["room:1", "temperature"]),
        instance("cse-in/building/room2", "Cbuilding", "19.0", &["room:2", "temperature"]),
    ]
}

fn setup_lights() -> Vec<Request> {
    vec![
        ae("lights"),
        container("cse-in/lights", "Clights", "lamp1", json!({})),
        container("cse-in/lights", "Clights", "lamp2", json!({})),
        instance("cse-in/lights/lamp1", "Clights", "on", &[]),
        instance("cse-in/lights/lamp2", "Clights", "off", &[]),
    ]
}

fn setup_meter() -> Vec<Request> {
    vec![
        ae("meter"),
        ae("viewer"),
        container("cse-in/meter", "Cmeter", "reading", json!({})),
        instance("cse-in/meter/reading", "Cmeter", "4.2 kWh", &[]),
    ]
}

fn setup_thermo() -> Vec<Request> {
    // the display lets the thermostat notify it (a subscription may only target an AE its creator may notify)
    let inbox = json!({"m2m:acp": {"rn": "inbox",
        "pv": {"acr": [{"acor": ["Cdisplay"], "acop": 63}, {"acor": ["Cthermo"], "acop": 16}]},
        "pvs": {"acr": [{"acor": ["Cdisplay"], "acop": 63}]}}});
    vec![
        ae("thermo"),
        ae("display"),
        Request::create("cse-in/display", "Cdisplay", 1, inbox),
        Request::update("cse-in/display", "Cdisplay", json!({"m2m:ae": {"acpi": ["cse-in/display/inbox"]}})),
        container("cse-in/thermo", "Cthermo", "temperature", json!({})),
    ]
}

fn setup_plug() -> Vec<Request> {
    vec![ae("plug")]
}

fn check_first_contact(session: &LabSession) -> CheckOutcome {
    let base = session.cse.cse_base_ri().to_owned();
    let done = session.student_exchanges().iter().any(|(request, response)| {
        request.op == Operation::Retrieve
            && request.fc.as_ref().is_none_or(|fc| fc.fu != Some(1))
            && session.resolve(&request.to).as_deref() == Some(base.as_str())
            && response.rsc == ResponseStatusCode::Ok
    });
    if done {
        CheckOutcome::pass(
            "You retrieved the CSEBase: `csi` is the CSE-ID, `cst` 1 means an infrastructure node CSE, `srt` lists the resource types it supports.",
        )
    } else {
        CheckOutcome::not_yet("No successful Retrieve of the CSEBase yet.")
    }
}

fn check_register_ae(session: &LabSession) -> CheckOutcome {
    let registrations: Vec<(String, String)> = session
        .student_exchanges()
        .into_iter()
        .filter(|(request, response)| {
            request.op == Operation::Create && request.ty == Some(2) && response.rsc == ResponseStatusCode::Created
        })
        .filter_map(|(request, response)| {
            Some((request.fr.trim().to_owned(), response.attribute("aei").and_then(Value::as_str)?.to_owned()))
        })
        .collect();
    // the goal: an AE-ID the CSE assigned, asked for with the originator `C` (or none)
    let registered: Vec<String> = registrations
        .iter()
        .filter(|(originator, _)| originator.is_empty() || originator == "C")
        .map(|(_, aei)| aei.clone())
        .collect();
    if registered.is_empty()
        && let Some((originator, _)) = registrations.last()
    {
        return CheckOutcome::not_yet(format!(
            "You registered an AE with the originator `{originator}`, so its AE-ID is `{originator}`: the CSE kept the name you gave{}. Register one with the originator `C` to have the CSE assign an AE-ID.",
            if *originator == session.cse.config().admin_originator {
                ", and that is the CSE's administrator, which no application should be"
            } else {
                ""
            }
        ));
    }
    let with_poa = registered.iter().find(|aei| {
        session.cse.resources().any(|resource| {
            resource.ty == ResourceType::Ae
                && resource.attribute("aei").and_then(Value::as_str) == Some(aei.as_str())
                && !resource.attribute_strings("poa").is_empty()
        })
    });
    match (with_poa, registered.last()) {
        (Some(aei), _) => CheckOutcome::pass(format!(
            "Registered: the CSE assigned the AE-ID `{aei}`; use it as the originator of this AE's requests."
        )),
        (None, Some(aei)) => CheckOutcome::not_yet(format!(
            "The AE `{aei}` is registered but has no `poa`: notifications could not reach it. Update it (or register another) with a `poa`."
        )),
        (None, None) => CheckOutcome::not_yet("No AE registered yet."),
    }
}

fn check_containers(session: &LabSession) -> CheckOutcome {
    let exchanges = session.student_exchanges();
    // for each container with mni 3: the position of the create that made it evict (the 4th)
    let eviction = session
        .cse
        .resources()
        .filter(|resource| {
            resource.ty == ResourceType::Container
                && resource.attribute_u64("mni") == Some(3)
                && resource.attribute_u64("cni") == Some(3)
        })
        .find_map(|container| {
            let creates: Vec<usize> = exchanges
                .iter()
                .enumerate()
                .filter(|(_, (request, response))| {
                    request.op == Operation::Create
                        && request.ty == Some(4)
                        && response.rsc == ResponseStatusCode::Created
                        && session.resolve(&request.to).as_deref() == Some(container.ri.as_str())
                })
                .map(|(position, _)| position)
                .collect();
            creates.get(3).map(|position| (container.ri.clone(), *position))
        });
    let Some((container, evicted_at)) = eviction else {
        return CheckOutcome::not_yet("No container with `mni` 3 has received more than three contentInstances yet.");
    };
    let retrieved_latest = exchanges[evicted_at..].iter().any(|(request, response)| {
        let to = request.to.trim_end_matches('/');
        request.op == Operation::Retrieve
            && response.rsc == ResponseStatusCode::Ok
            && to
                .strip_suffix("/la")
                .is_some_and(|parent| session.resolve(parent).as_deref() == Some(container.as_str()))
    });
    if retrieved_latest {
        CheckOutcome::pass("The container kept only the 3 newest instances (`cni` = 3), and `la` returned the latest.")
    } else {
        CheckOutcome::not_yet("The oldest instances were evicted; now retrieve the latest one through `la`.")
    }
}

fn uri_list_len(response: &onem2m_cse::Response) -> usize {
    response.pc.as_ref().and_then(|pc| pc.get("m2m:uril")).and_then(Value::as_array).map(Vec::len).unwrap_or(0)
}

fn check_discovery(session: &LabSession) -> CheckOutcome {
    let exchanges = session.student_exchanges();
    let discovered = |wanted: &dyn Fn(&onem2m_cse::FilterCriteria) -> bool| {
        exchanges.iter().any(|(request, response)| {
            request.op == Operation::Retrieve
                && request.fc.as_ref().is_some_and(|fc| fc.fu == Some(1) && wanted(fc))
                && response.rsc == ResponseStatusCode::Ok
                && uri_list_len(response) > 0
        })
    };
    let by_type = discovered(&|fc| fc.ty.contains(&4));
    let by_label = discovered(&|fc| !fc.lbl.is_empty());
    match (by_type, by_label) {
        (true, true) => CheckOutcome::pass("Both discoveries found resources: by type (`ty=4`) and by label (`lbl`)."),
        (true, false) => CheckOutcome::not_yet("Discovery by type worked; now discover by label (`room:1`)."),
        (false, true) => {
            CheckOutcome::not_yet("Discovery by label worked; now discover every contentInstance (`ty=4`).")
        }
        (false, false) => CheckOutcome::not_yet("No discovery (`fu=1`) has found anything yet."),
    }
}

fn check_groups(session: &LabSession) -> CheckOutcome {
    let fanned_out = session.student_exchanges().iter().any(|(request, response)| {
        request.to.contains("/fopt")
            && response.rsc == ResponseStatusCode::Ok
            && response
                .pc
                .as_ref()
                .and_then(|pc| pc.get("m2m:agr"))
                .and_then(|agr| agr.get("m2m:rsp"))
                .and_then(Value::as_array)
                .is_some_and(|responses| responses.len() >= 2)
    });
    if fanned_out {
        CheckOutcome::pass(
            "One request to `fopt` reached every member; the CSE aggregated their responses in `m2m:agr`.",
        )
    } else {
        CheckOutcome::not_yet("No fan-out request with at least two member responses yet.")
    }
}

fn check_access_control(session: &LabSession) -> CheckOutcome {
    let exchanges = session.student_exchanges();
    let denied = exchanges.iter().position(|(request, response)| {
        request.fr == "Cviewer"
            && request.op == Operation::Retrieve
            && response.rsc == ResponseStatusCode::OriginatorHasNoPrivilege
    });
    let Some(denied) = denied else {
        return CheckOutcome::not_yet("First get the denial: retrieve `cse-in/meter/reading` as `Cviewer`.");
    };
    let target = session.resolve(&exchanges[denied].0.to);
    let granted = exchanges[denied + 1..].iter().any(|(request, response)| {
        request.fr == "Cviewer"
            && request.op == Operation::Retrieve
            && response.rsc == ResponseStatusCode::Ok
            && session.resolve(&request.to) == target
    });
    if granted {
        CheckOutcome::pass(
            "The same request now succeeds: a rule in a policy linked by `acpi` grants `Cviewer` Retrieve (acop bit 2).",
        )
    } else {
        CheckOutcome::not_yet(
            "You saw 4103. Now create a policy for `Cviewer`, link it with `acpi`, and retry as `Cviewer`.",
        )
    }
}

fn check_subscriptions(session: &LabSession) -> CheckOutcome {
    let delivered = session.student_trace().any(|event| match &event.kind {
        TraceKind::Notification(notification) => {
            notification.kind == onem2m_cse::NotificationKind::Event
                && notification.content.pointer("/m2m:sgn/nev/net").and_then(Value::as_u64) == Some(3)
                && matches!(&notification.target, onem2m_cse::NotificationTarget::Ae { aei, .. } if aei == "Cdisplay")
        }
        _ => false,
    });
    if delivered {
        CheckOutcome::pass("The display received an `m2m:sgn` with `nev.net` = 3 (a child resource was created).")
    } else {
        CheckOutcome::not_yet("No event notification has reached `Cdisplay` yet.")
    }
}

fn check_flexcontainer(session: &LabSession) -> CheckOutcome {
    let updated = session.student_exchanges().iter().any(|(request, response)| {
        request.op == Operation::Update
            && response.rsc == ResponseStatusCode::Updated
            && session
                .resolve(&request.to)
                .and_then(|ri| session.cse.resource(&ri))
                .is_some_and(|resource| resource.ty == ResourceType::FlexContainer && resource.st.unwrap_or(0) >= 1)
    });
    if updated {
        CheckOutcome::pass(
            "The flexContainer's custom attribute changed and its `st` went up: a client can tell that the state moved on.",
        )
    } else {
        CheckOutcome::not_yet("Create a flexContainer with a custom attribute, then update that attribute.")
    }
}

#[cfg(test)]
mod tests;
