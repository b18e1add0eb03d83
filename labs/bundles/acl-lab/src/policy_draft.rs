//! The policies a student edits, as the form holds them, and their `m2m:acp` JSON.
//!
//! A [`PolicyDraft`] keeps every field as the text the student typed, so the form never rewrites
//! what is being typed; [`PolicyDraft::to_json`] turns it into the resource representation sent to
//! the CSE engine, which validates it (its error messages name the attribute). [`PolicyDraft::from_json_text`]
//! reads the JSON view back, validated by the engine's own policy parser first.

use onem2m_cse::acop::{AccessControlOperations, AccessOperation};
use onem2m_cse::policy::AccessControlPolicy;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// One access-control rule (`acr` item) as the form edits it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleDraft {
    /// `acor`: originators, separated by spaces or commas.
    pub acor: String,
    /// `acop`: the operations bitmask, 0..=63.
    pub acop: u32,
    /// `acco.actw`: schedule entries, one per line.
    pub actw: String,
    /// `acco.acip.ipv4`: CIDR blocks, separated by spaces or commas.
    pub ipv4: String,
    /// `acco.acip.ipv6`: CIDR blocks, separated by spaces or commas.
    pub ipv6: String,
    /// `acco.aclr.accc`: country codes, separated by spaces or commas.
    pub countries: String,
    /// `acod.chty`: the child resource types a Create may make, separated by spaces or commas.
    pub chty: String,
}

/// Which list of a policy a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleSet {
    /// `pv`: applies to the resources that link the policy through `acpi`.
    Privileges,
    /// `pvs`: applies to the policy resource itself.
    SelfPrivileges,
}

impl RuleSet {
    pub const fn short_name(self) -> &'static str {
        match self {
            RuleSet::Privileges => "pv",
            RuleSet::SelfPrivileges => "pvs",
        }
    }
}

/// A text field of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleField {
    Acor,
    Actw,
    Ipv4,
    Ipv6,
    Countries,
    Chty,
}

/// An `<accessControlPolicy>` as the form edits it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyDraft {
    /// `rn`: the resource name; the policy is created at `cse-in/<name>`.
    pub name: String,
    pub pv: Vec<RuleDraft>,
    pub pvs: Vec<RuleDraft>,
}

/// Splits a list typed with spaces and/or commas.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace()).filter(|word| !word.is_empty()).map(str::to_owned).collect()
}

/// Splits a list typed one item per line (schedule entries contain spaces and commas).
pub fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect()
}

impl RuleDraft {
    /// A rule granting `acop` to the originators in `acor`, without conditions.
    pub fn new(acor: &str, acop: u32) -> Self {
        RuleDraft { acor: acor.to_owned(), acop, ..RuleDraft::default() }
    }

    /// The same rule with a text field set.
    pub fn with(mut self, field: RuleField, text: &str) -> Self {
        *self.field_mut(field) = text.to_owned();
        self
    }

    pub fn field(&self, field: RuleField) -> &str {
        match field {
            RuleField::Acor => &self.acor,
            RuleField::Actw => &self.actw,
            RuleField::Ipv4 => &self.ipv4,
            RuleField::Ipv6 => &self.ipv6,
            RuleField::Countries => &self.countries,
            RuleField::Chty => &self.chty,
        }
    }

    pub fn field_mut(&mut self, field: RuleField) -> &mut String {
        match field {
            RuleField::Acor => &mut self.acor,
            RuleField::Actw => &mut self.actw,
            RuleField::Ipv4 => &mut self.ipv4,
            RuleField::Ipv6 => &mut self.ipv6,
            RuleField::Countries => &mut self.countries,
            RuleField::Chty => &mut self.chty,
        }
    }

    /// The operations, through the engine's `acop` type (an out-of-range value grants nothing here;
    /// the engine rejects it when the policy is created).
    pub fn operations(&self) -> AccessControlOperations {
        AccessControlOperations::try_from(self.acop).unwrap_or_default()
    }

    /// The rule with one operation's bit set or cleared.
    pub fn toggled(&self, operation: AccessOperation, granted: bool) -> Self {
        RuleDraft { acop: self.operations().with(operation, granted).value(), ..self.clone() }
    }

    /// Whether the rule has an `acco` context.
    pub fn has_context(&self) -> bool {
        [&self.actw, &self.ipv4, &self.ipv6, &self.countries].iter().any(|text| !text.trim().is_empty())
    }

    /// The `acr` item.
    pub fn to_json(&self) -> Value {
        let mut rule = Map::new();
        rule.insert("acor".into(), json!(words(&self.acor)));
        rule.insert("acop".into(), json!(self.acop));
        if self.has_context() {
            let mut context = Map::new();
            let windows = lines(&self.actw);
            if !windows.is_empty() {
                context.insert("actw".into(), json!(windows));
            }
            let (ipv4, ipv6) = (words(&self.ipv4), words(&self.ipv6));
            if !ipv4.is_empty() || !ipv6.is_empty() {
                let mut acip = Map::new();
                if !ipv4.is_empty() {
                    acip.insert("ipv4".into(), json!(ipv4));
                }
                if !ipv6.is_empty() {
                    acip.insert("ipv6".into(), json!(ipv6));
                }
                context.insert("acip".into(), Value::Object(acip));
            }
            let countries = words(&self.countries);
            if !countries.is_empty() {
                context.insert("aclr".into(), json!({ "accc": countries }));
            }
            rule.insert("acco".into(), json!([Value::Object(context)]));
        }
        let child_types = words(&self.chty);
        if !child_types.is_empty() {
            // numbers stay numbers; anything else is passed on for the engine to reject with its message
            let chty: Vec<Value> = child_types
                .iter()
                .map(|text| text.parse::<u64>().map_or_else(|_| json!(text), |number| json!(number)))
                .collect();
            rule.insert("acod".into(), json!([{ "chty": chty }]));
        }
        Value::Object(rule)
    }

    fn from_json(value: &Value, place: &str) -> Result<Self, String> {
        let object = value.as_object().ok_or_else(|| format!("{place} must be an object"))?;
        let mut rule = RuleDraft::default();
        for (key, field) in object {
            match key.as_str() {
                "acor" => rule.acor = string_list(field).join(" "),
                "acop" => {
                    rule.acop = field
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| format!("{place}.acop must be a number 0-63"))?
                }
                "acco" => {
                    let contexts: Vec<&Value> = match field {
                        Value::Array(items) => items.iter().collect(),
                        Value::Null => Vec::new(),
                        other => vec![other],
                    };
                    match contexts.as_slice() {
                        [] => {}
                        [context] => rule.read_context(context, &format!("{place}.acco[0]"))?,
                        _ => {
                            return Err(format!(
                                "{place}.acco: this lab's form edits one context per rule; write a second rule instead"
                            ));
                        }
                    }
                }
                "acod" => {
                    let details: Vec<&Value> = match field {
                        Value::Array(items) => items.iter().collect(),
                        other => vec![other],
                    };
                    let mut types = Vec::new();
                    for detail in details {
                        for (name, value) in detail.as_object().into_iter().flatten() {
                            if name != "chty" {
                                return Err(format!(
                                    "{place}.acod: this lab edits only chty (the child types a Create may make), not {name}"
                                ));
                            }
                            types.extend(value.as_array().into_iter().flatten().map(|ty| ty.to_string()));
                        }
                    }
                    rule.chty = types.join(" ");
                }
                "acaf" => return Err(format!("{place}.acaf: this lab does not model authentication; remove acaf")),
                _ => {}
            }
        }
        Ok(rule)
    }

    fn read_context(&mut self, context: &Value, place: &str) -> Result<(), String> {
        for (key, field) in context.as_object().into_iter().flatten() {
            match key.as_str() {
                "actw" => self.actw = string_list(field).join("\n"),
                "acip" => {
                    self.ipv4 = field.get("ipv4").map(string_list).unwrap_or_default().join(" ");
                    self.ipv6 = field.get("ipv6").map(string_list).unwrap_or_default().join(" ");
                }
                "aclr" => {
                    let regions: Vec<&Value> = match field {
                        Value::Array(items) => items.iter().collect(),
                        other => vec![other],
                    };
                    let mut countries = Vec::new();
                    for region in regions {
                        if region.get("accr").is_some() {
                            return Err(format!(
                                "{place}.aclr: this lab edits country codes (accc), not circles (accr)"
                            ));
                        }
                        countries.extend(region.get("accc").map(string_list).unwrap_or_default());
                    }
                    self.countries = countries.join(" ");
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn string_list(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Value::String(text) => vec![text.clone()],
        _ => Vec::new(),
    }
}

impl PolicyDraft {
    pub fn new(name: &str, pv: Vec<RuleDraft>, pvs: Vec<RuleDraft>) -> Self {
        PolicyDraft { name: name.to_owned(), pv, pvs }
    }

    pub fn rules(&self, set: RuleSet) -> &[RuleDraft] {
        match set {
            RuleSet::Privileges => &self.pv,
            RuleSet::SelfPrivileges => &self.pvs,
        }
    }

    pub fn rules_mut(&mut self, set: RuleSet) -> &mut Vec<RuleDraft> {
        match set {
            RuleSet::Privileges => &mut self.pv,
            RuleSet::SelfPrivileges => &mut self.pvs,
        }
    }

    /// The `m2m:acp` representation sent to the CSE when the policy is created.
    pub fn to_json(&self) -> Value {
        let rules = |rules: &[RuleDraft]| json!({ "acr": rules.iter().map(RuleDraft::to_json).collect::<Vec<_>>() });
        json!({ "m2m:acp": { "rn": self.name.trim(), "pv": rules(&self.pv), "pvs": rules(&self.pvs) } })
    }

    /// The JSON view's text.
    pub fn to_json_text(&self) -> String {
        serde_json::to_string_pretty(&self.to_json()).unwrap_or_default()
    }

    /// Reads the JSON view. The engine's policy parser checks `pv` and `pvs` first, so its
    /// messages (which name the attribute, e.g. `pv.acr[0].acop`) are what the student reads.
    pub fn from_json_text(text: &str) -> Result<Self, String> {
        let value: Value = serde_json::from_str(text).map_err(|error| format!("not valid JSON: {error}"))?;
        let inner = value.get("m2m:acp").unwrap_or(&value);
        let object =
            inner.as_object().ok_or("expected an object {\"m2m:acp\": {\"rn\": ..., \"pv\": ..., \"pvs\": ...}}")?;
        if let Some(unknown) = object.keys().find(|key| !["rn", "pv", "pvs"].contains(&key.as_str())) {
            return Err(format!("'{unknown}' is not edited here: a policy in this lab has rn, pv and pvs"));
        }
        let pv = object.get("pv").cloned().unwrap_or_else(|| json!({ "acr": [] }));
        let pvs = object.get("pvs").cloned().unwrap_or_else(|| json!({ "acr": [] }));
        AccessControlPolicy::from_json(&pv, &pvs)?;
        let name =
            object.get("rn").and_then(Value::as_str).ok_or("rn (the policy's name) must be a string")?.to_owned();
        let read = |value: &Value, set: &str| -> Result<Vec<RuleDraft>, String> {
            value
                .get("acr")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(index, rule)| RuleDraft::from_json(rule, &format!("{set}.acr[{index}]")))
                .collect()
        };
        Ok(PolicyDraft { name, pv: read(&pv, "pv")?, pvs: read(&pvs, "pvs")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thermostat() -> PolicyDraft {
        PolicyDraft::new(
            "acpThermostat",
            vec![
                RuleDraft::new("Cthermostat", 1)
                    .with(RuleField::Actw, "* * 8-17 * * * *")
                    .with(RuleField::Ipv4, "10.20.0.0/16"),
            ],
            vec![RuleDraft::new("CAdmin", 63)],
        )
    }

    #[test]
    fn the_form_becomes_acp_json() {
        let json = thermostat().to_json();
        assert_eq!(
            json,
            json!({"m2m:acp": {"rn": "acpThermostat",
                "pv": {"acr": [{"acor": ["Cthermostat"], "acop": 1, "acco": [{"actw": ["* * 8-17 * * * *"], "acip": {"ipv4": ["10.20.0.0/16"]}}]}]},
                "pvs": {"acr": [{"acor": ["CAdmin"], "acop": 63}]}}})
        );
    }

    #[test]
    fn json_round_trips_through_the_form() {
        let mut policy = thermostat();
        policy.pv.push(RuleDraft::new("Cdashboard", 1).with(RuleField::Chty, "23").with(RuleField::Countries, "FR DE"));
        let back = PolicyDraft::from_json_text(&policy.to_json_text()).expect("valid");
        assert_eq!(back, policy);
    }

    #[test]
    fn lists_accept_commas_and_spaces() {
        assert_eq!(words(" Ca, Cb  Cc,"), vec!["Ca", "Cb", "Cc"]);
        assert_eq!(
            lines("* * 8-17 * * 1-5 *\n\n  * * 22,23 * * * *  "),
            vec!["* * 8-17 * * 1-5 *", "* * 22,23 * * * *"]
        );
    }

    #[test]
    fn bad_json_is_explained_by_the_engine() {
        let error =
            PolicyDraft::from_json_text(r#"{"m2m:acp": {"rn": "a", "pv": {"acr": [{"acor": ["x"], "acop": 64}]}}}"#)
                .expect_err("64");
        assert!(error.contains("pv.acr[0].acop"), "{error}");
        let error = PolicyDraft::from_json_text("{oops").expect_err("syntax");
        assert!(error.starts_with("not valid JSON"), "{error}");
        let error =
            PolicyDraft::from_json_text(r#"{"m2m:acp": {"rn": "a", "pv": {"acr": [{"acop": 2}]}}}"#).expect_err("acor");
        assert!(error.contains("acor is mandatory"), "{error}");
        let error = PolicyDraft::from_json_text(r#"{"rn": "a", "acpi": []}"#).expect_err("acpi");
        assert!(error.contains("'acpi'"), "{error}");
    }

    #[test]
    fn toggling_uses_the_engine_bits() {
        let rule =
            RuleDraft::new("Ca", 0).toggled(AccessOperation::Retrieve, true).toggled(AccessOperation::Discovery, true);
        assert_eq!(rule.acop, 34);
        assert_eq!(rule.toggled(AccessOperation::Retrieve, false).acop, 32);
    }
}
