//! Resources: types, common attributes, type-specific attribute rules and the JSON representation.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::time::Timestamp;
use crate::types::TypeSpec;

/// A resource type this engine hosts (TS-0004 Table 6.3.4.2.1-1): its `ty` number. Each type is
/// declared in its own file under `types/` (its [`TypeSpec`]), which also defines its constant here
/// (`ResourceType::Container`, ...); [`crate::types::all`] lists them.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct ResourceType(pub(crate) u32);

impl ResourceType {
    /// Every supported type, in `ty` order.
    pub fn all() -> impl Iterator<Item = ResourceType> {
        crate::types::all().iter().map(|spec| spec.ty)
    }

    /// The `ty` number.
    pub const fn ty(self) -> u32 {
        self.0
    }

    /// What the type is: names, parents, attribute rules, flags, hooks.
    pub fn spec(self) -> &'static TypeSpec {
        match crate::types::spec_of(self.0) {
            Some(spec) => spec,
            // a ResourceType is only made from a registered spec (its constant or `from_ty`)
            None => unreachable!("resource type {} has no spec", self.0),
        }
    }

    /// The type for a `ty` number this engine hosts.
    pub fn from_ty(ty: u32) -> Option<Self> {
        crate::types::spec_of(ty).map(|spec| spec.ty)
    }

    /// Every `ty` number of TS-0004 Table 6.3.4.2.1-1 as the facts file lists it, hosted or not;
    /// their announced variants are `10000 + ty`.
    pub const SPECIFIED: [u32; 18] = [1, 2, 3, 4, 5, 9, 10, 13, 14, 16, 17, 18, 23, 24, 28, 29, 30, 48];

    /// Whether `ty` is a resource type of the specification (or its announced variant).
    pub fn is_specified(ty: u32) -> bool {
        Self::SPECIFIED.contains(&ty) || ty.checked_sub(10_000).is_some_and(|base| Self::SPECIFIED.contains(&base))
    }

    /// Whether `ty` names a type of the specification that this engine does not host (5001), an
    /// announced variant included.
    pub fn is_specified_but_unsupported(ty: u32) -> bool {
        Self::is_specified(ty) && Self::from_ty(ty).is_none()
    }

    /// The hosted type for `ty`, or why not: `Err(true)` when the specification defines it but
    /// this engine does not host it (5001), `Err(false)` when it is no resource type at all (4000).
    pub(crate) fn hosted(ty: u32) -> Result<Self, bool> {
        Self::from_ty(ty).ok_or_else(|| Self::is_specified(ty))
    }

    /// The short name used in JSON (`m2m:<short>`); flexContainers and mgmtObjs use their specialization.
    pub fn short_name(self) -> &'static str {
        self.spec().short_name
    }

    /// The long name, e.g. "container".
    pub fn long_name(self) -> &'static str {
        self.spec().long_name
    }

    /// Whether a resource of this type may have a child of type `child` (4108 otherwise).
    pub fn may_contain(self, child: ResourceType) -> bool {
        child.spec().may_live_under(self)
    }

    /// The child types a resource of this type may have.
    pub fn allowed_children(self) -> Vec<ResourceType> {
        Self::all().filter(|child| self.may_contain(*child)).collect()
    }

    /// Whether the type has an `acpi` attribute (otherwise the parent's applies, or `pvs` for ACPs).
    pub fn carries_acpi(self) -> bool {
        self.spec().flags.carries_acpi
    }

    /// Whether the type has a `st` (stateTag) attribute.
    pub fn has_state_tag(self) -> bool {
        self.spec().flags.has_state_tag
    }
}

impl fmt::Debug for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::types::spec_of(self.0) {
            Some(spec) => write!(f, "{}", spec.long_name),
            None => write!(f, "ResourceType({})", self.0),
        }
    }
}

impl TryFrom<u32> for ResourceType {
    type Error = String;
    fn try_from(value: u32) -> Result<Self, Self::Error> {
        Self::from_ty(value).ok_or_else(|| format!("resource type {value} is not hosted by this CSE"))
    }
}

impl From<ResourceType> for u32 {
    fn from(value: ResourceType) -> Self {
        value.ty()
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.long_name(), self.ty())
    }
}

/// A hosted resource: common attributes typed, type-specific ones as JSON under their short names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    pub ty: ResourceType,
    pub ri: String,
    pub rn: String,
    /// parent's ri; empty for the CSEBase
    pub pi: String,
    pub ct: Timestamp,
    pub lt: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub et: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lbl: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acpi: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub st: Option<u64>,
    /// The creator the engine tracks (who may reach a resource without `acpi`); shown as the `cr`
    /// attribute only when `cr_requested`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cr: Option<String>,
    /// Whether the Create asked for the creator attribute (`cr: null`), so that it is part of the
    /// resource's representation (TS-0004: `cr` is set only when requested).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cr_requested: bool,
    /// A flexContainer's specialization short name, e.g. "cod:tempe" (its JSON wrapper key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialization: Option<String>,
    /// Type-specific attributes under their short names (custom ones for flexContainers).
    #[serde(default)]
    pub attributes: Map<String, Value>,
}

impl Resource {
    /// The JSON wrapper key: `m2m:cnt`, ..., or a flexContainer's specialization.
    pub fn wrapper_key(&self) -> String {
        match &self.specialization {
            Some(specialization) => specialization.clone(),
            None => format!("m2m:{}", self.ty.short_name()),
        }
    }

    /// One line about the resource for views, from its type's spec (e.g. "cni 2 / mni 3").
    pub fn summary(&self) -> String {
        (self.ty.spec().summary)(self)
    }

    /// The attributes as oneM2M JSON (short names, timestamps as text).
    pub fn attributes_json(&self) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("ty".into(), Value::from(self.ty.ty()));
        map.insert("ri".into(), Value::from(self.ri.clone()));
        map.insert("rn".into(), Value::from(self.rn.clone()));
        if !self.pi.is_empty() {
            map.insert("pi".into(), Value::from(self.pi.clone()));
        }
        map.insert("ct".into(), Value::from(self.ct.to_onem2m()));
        map.insert("lt".into(), Value::from(self.lt.to_onem2m()));
        if let Some(et) = self.et {
            map.insert("et".into(), Value::from(et.to_onem2m()));
        }
        if !self.lbl.is_empty() {
            map.insert("lbl".into(), Value::from(self.lbl.clone()));
        }
        if !self.acpi.is_empty() {
            map.insert("acpi".into(), Value::from(self.acpi.clone()));
        }
        if let Some(st) = self.st {
            map.insert("st".into(), Value::from(st));
        }
        if let Some(cr) = self.cr.as_ref().filter(|_| self.cr_requested) {
            map.insert("cr".into(), Value::from(cr.clone()));
        }
        for (name, value) in &self.attributes {
            map.insert(name.clone(), value.clone());
        }
        map
    }

    /// The resource as `{"m2m:xxx": {...}}`.
    pub fn to_json(&self) -> Value {
        let mut wrapper = Map::new();
        wrapper.insert(self.wrapper_key(), Value::Object(self.attributes_json()));
        Value::Object(wrapper)
    }

    /// A type-specific attribute.
    pub fn attribute(&self, name: &str) -> Option<&Value> {
        self.attributes.get(name)
    }

    /// A type-specific attribute as an unsigned number.
    pub fn attribute_u64(&self, name: &str) -> Option<u64> {
        self.attributes.get(name).and_then(Value::as_u64)
    }

    /// A type-specific attribute as a list of strings (empty when absent).
    pub fn attribute_strings(&self, name: &str) -> Vec<String> {
        match self.attributes.get(name) {
            Some(Value::Array(items)) => items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect(),
            _ => Vec::new(),
        }
    }

    /// The content size used by `sza`/`szb`: `cs` of a contentInstance.
    pub fn content_size(&self) -> Option<u64> {
        (self.ty == ResourceType::ContentInstance).then(|| self.attribute_u64("cs")).flatten()
    }
}

/// How an attribute's value is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Boolean,
    Count,
    Positive,
    TextList,
    Any,
    Object,
    OneOf(&'static [u64]),
    Base64,
    /// a whole number 0-100
    Percent,
}

/// Whether an attribute may, must or must not appear in a Create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnCreate {
    Mandatory,
    Optional,
    /// set by the CSE only
    ReadOnly,
}

/// The rule for one type-specific attribute.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AttributeRule {
    pub name: &'static str,
    pub kind: Kind,
    pub create: OnCreate,
    /// whether an Update may change it
    pub update: bool,
}

pub(crate) const fn rule(name: &'static str, kind: Kind, create: OnCreate, update: bool) -> AttributeRule {
    AttributeRule { name, kind, create, update }
}

use Kind::*;

/// Common attributes only the CSE sets.
pub(crate) const READ_ONLY_COMMON: &[&str] = &["ty", "ri", "pi", "ct", "lt", "st", "cr"];

/// Checks a value against its kind; the error names the attribute and what was expected.
pub(crate) fn check_value(name: &str, kind: Kind, value: &Value) -> Result<(), String> {
    let ok = match kind {
        Text => value.is_string(),
        Boolean => value.is_boolean(),
        Count => value.is_u64(),
        Positive => value.as_u64().is_some_and(|n| n > 0),
        TextList => value.as_array().is_some_and(|items| items.iter().all(Value::is_string)),
        Any => true,
        Object => value.is_object(),
        OneOf(allowed) => value.as_u64().is_some_and(|n| allowed.contains(&n)),
        Base64 => value.as_str().is_some_and(|text| decode_base64(text).is_some()),
        Percent => value.as_u64().is_some_and(|n| n <= 100),
    };
    if ok {
        Ok(())
    } else {
        let expected = match kind {
            Text => "a string".to_owned(),
            Boolean => "true or false".to_owned(),
            Count => "a whole number >= 0".to_owned(),
            Positive => "a whole number > 0".to_owned(),
            TextList => "a list of strings".to_owned(),
            Any => "a value".to_owned(),
            Object => "an object".to_owned(),
            OneOf(allowed) => format!("one of {allowed:?}"),
            Base64 => "base64 text".to_owned(),
            Percent => "a whole number 0-100".to_owned(),
        };
        Err(format!("attribute '{name}' must be {expected}, got {value}"))
    }
}

/// Decodes standard base64 (as used by `dsp`).
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(text.trim()).ok()
}

/// Encodes standard base64 (to build a `dsp`).
pub fn encode_base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Checks a resource name: not empty, no reserved or control characters, not a virtual resource name.
pub(crate) fn check_resource_name(rn: &str) -> Result<(), String> {
    if rn.is_empty() {
        return Err("resource name (rn) must not be empty".into());
    }
    if let Some(bad) = rn.chars().find(|c| c.is_whitespace() || c.is_control() || "/?#&%\"'<>\\|*".contains(*c)) {
        return Err(format!("resource name (rn) \"{rn}\" contains the reserved character {bad:?}"));
    }
    if matches!(rn, "la" | "ol" | "fopt" | "." | ".." | "~" | "_" | "-") {
        return Err(format!("resource name (rn) \"{rn}\" is reserved for a virtual resource or address form"));
    }
    Ok(())
}

/// Checks a flexContainer specialization key such as "cod:tempe".
pub(crate) fn is_specialization_key(key: &str) -> bool {
    match key.split_once(':') {
        Some((prefix, name)) => {
            prefix != "m2m"
                && !prefix.is_empty()
                && !name.is_empty()
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '_' || c == '-')
        }
        None => false,
    }
}

/// Checks a flexContainer custom attribute name.
pub(crate) fn is_custom_attribute_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_round_trip_through_ty() {
        for ty in ResourceType::all() {
            assert_eq!(ResourceType::from_ty(ty.ty()), Some(ty));
        }
        assert_eq!(ResourceType::from_ty(16), None);
        assert!(ResourceType::is_specified_but_unsupported(16));
        assert!(!ResourceType::is_specified_but_unsupported(99));
        assert!(ResourceType::is_specified_but_unsupported(10_002));
        assert!(!ResourceType::is_specified_but_unsupported(10_099));
        assert_eq!(ResourceType::hosted(18), Err(true));
        assert_eq!(ResourceType::hosted(7), Err(false));
    }

    #[test]
    fn names_with_reserved_characters_are_refused() {
        assert!(check_resource_name("temp_1").is_ok());
        for bad in ["", "a/b", "a?b", "a b", "la", "x#y"] {
            assert!(check_resource_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_are_checked_by_kind() {
        assert!(check_value("mni", Count, &json!(3)).is_ok());
        assert!(check_value("mni", Count, &json!(-3)).is_err());
        assert!(check_value("exc", Positive, &json!(0)).is_err());
        assert!(check_value("nu", TextList, &json!(["a", 1])).is_err());
        assert!(check_value("dsp", Base64, &json!(encode_base64(b"<a> <b> <c> ."))).is_ok());
        assert!(check_value("dsp", Base64, &json!("not base64!")).is_err());
        assert!(is_specialization_key("cod:tempe"));
        assert!(!is_specialization_key("m2m:cnt"));
    }
}
