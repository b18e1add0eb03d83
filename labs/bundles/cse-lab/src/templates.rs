//! Body templates per resource type, so that a student starts from a valid request and edits it.

use onem2m_cse::ResourceType;
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
    (14, "node (14)"),
    (13, "mgmtObj (13)"),
];

/// A pretty-printed body to create a resource of type `ty` (from the engine's type spec);
/// `originator` fills the obvious places.
pub fn create_template(ty: u32, originator: &str) -> String {
    let originator = if originator.trim().is_empty() || originator == "C" { "Cmyself" } else { originator.trim() };
    let body = ResourceType::from_ty(ty).map_or_else(|| json!({}), |ty| (ty.spec().create_template)(originator));
    pretty(&body)
}

/// A body to update a resource whose wrapper key is `wrapper` (e.g. `m2m:cnt`), from the type spec
/// that wraps its representation so.
pub fn update_template(wrapper: &str) -> String {
    let attributes = onem2m_cse::types::all()
        .iter()
        .find(|spec| spec.accepts_wrapper(wrapper))
        .map_or_else(|| json!({"lbl": ["updated"]}), |spec| (spec.update_template)());
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
