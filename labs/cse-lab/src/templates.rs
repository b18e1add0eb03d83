//! Body templates per resource type, so that a student starts from a valid request and edits it.

use serde_json::{Value, json};

/// The resource types a student can create in the console: (ty, label).
pub const CREATABLE_TYPES: &[(u32, &str)] = &[
    (2, "AE (2)"),
    (3, "container (3)"),
    (4, "contentInstance (4)"),
    (1, "accessControlPolicy (1)"),
    (23, "subscription (23)"),
    (9, "group (9)"),
    (28, "flexContainer (28)"),
    (24, "semanticDescriptor (24)"),
];

/// A pretty-printed body to create a resource of type `ty`; `originator` fills the obvious places.
pub fn create_template(ty: u32, originator: &str) -> String {
    let originator = if originator.trim().is_empty() || originator == "C" { "Cmyself" } else { originator.trim() };
    let body = match ty {
        2 => json!({"m2m:ae": {"rn": "myApp", "api": "NmyApp", "rr": true, "srv": ["3"], "poa": ["sim://myApp"]}}),
        3 => json!({"m2m:cnt": {"rn": "data", "mni": 3, "lbl": ["room:1"]}}),
        4 => json!({"m2m:cin": {"cnf": "text/plain:0", "con": "21.5"}}),
        1 => json!({"m2m:acp": {
            "rn": "myPolicy",
            "pv": {"acr": [{"acor": [originator], "acop": 63}, {"acor": ["Cviewer"], "acop": 2}]},
            "pvs": {"acr": [{"acor": [originator], "acop": 63}]}
        }}),
        23 => json!({"m2m:sub": {"rn": "mySubscription", "nu": [originator], "enc": {"net": [3]}, "nct": 1}}),
        9 => json!({"m2m:grp": {"rn": "myGroup", "mt": 3, "mnm": 10, "mid": ["cse-in/myApp/data"]}}),
        28 => {
            json!({"cod:binSh": {"rn": "switch", "cnd": "org.onem2m.common.moduleclass.binarySwitch", "powerState": false}})
        }
        24 => {
            json!({"m2m:smd": {"rn": "description", "dcrp": 5, "dsp": "QHByZWZpeCBzYXJlZjogPGh0dHBzOi8vc2FyZWYuZXRzaS5vcmcvY29yZS8+IC4K"}})
        }
        _ => json!({}),
    };
    pretty(&body)
}

/// A body to update a resource whose wrapper key is `wrapper` (e.g. `m2m:cnt`).
pub fn update_template(wrapper: &str) -> String {
    let attributes = match wrapper {
        "m2m:cnt" => json!({"mni": 5}),
        "m2m:ae" => json!({"poa": ["sim://updated"]}),
        "m2m:acp" => json!({"pv": {"acr": [{"acor": ["all"], "acop": 2}]}}),
        "m2m:sub" => json!({"enc": {"net": [1, 3]}}),
        "m2m:grp" => json!({"mid": []}),
        key if key.contains(':') && !key.starts_with("m2m:") => json!({"powerState": true}),
        _ => json!({"lbl": ["updated"]}),
    };
    pretty(&json!({ wrapper: attributes }))
}

/// A Notify body (`m2m:sgn`) a student can send to an AE-style target.
pub fn notify_template() -> String {
    pretty(
        &json!({"m2m:sgn": {"nev": {"rep": {"m2m:cin": {"con": "hello"}}, "net": 3}, "sur": "cse-in/myApp/data/mySubscription"}}),
    )
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_creatable_type_has_a_template_wrapped_by_its_short_name() {
        for (ty, _) in CREATABLE_TYPES {
            let body: Value = serde_json::from_str(&create_template(*ty, "Cme")).expect("valid JSON");
            let key = body.as_object().and_then(|object| object.keys().next().cloned()).expect("a wrapper");
            assert!(key.contains(':'), "{ty}: {key}");
        }
        assert!(create_template(1, "Cme").contains("\"Cme\""));
        assert!(create_template(23, "C").contains("Cmyself"), "a placeholder originator when none is known");
    }

    #[test]
    fn update_templates_keep_the_wrapper() {
        assert!(update_template("m2m:cnt").contains("\"m2m:cnt\""));
        assert!(update_template("cod:binSh").contains("powerState"));
    }
}
