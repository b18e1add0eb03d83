//! A mount point's options as the widget reads them: the page's JSON decoded and checked against the lab's
//! [`LabSpec`] (the same rules the build applied), then read by name with the type the spec gives. A stale or
//! hand-edited page is reported in words, never a panic.

use serde_json::{Map, Value};

use crate::LabSpec;

/// Options that passed their lab's checks; read them by name.
#[derive(Debug, Clone, PartialEq)]
pub struct LabOptions {
    values: Map<String, Value>,
}

impl LabSpec {
    /// Decodes a mount point's `data-options` and checks them against this lab's options.
    pub fn decode_options(&self, options_json: &str) -> Result<LabOptions, String> {
        let value: Value = serde_json::from_str(options_json)
            .map_err(|error| format!("the lab's options are not valid JSON: {error}"))?;
        let Value::Object(values) = value else {
            return Err(format!("the lab's options must be a JSON object, found {value}"));
        };
        self.validate_options(&values).map_err(|error| error.to_string())?;
        Ok(LabOptions { values })
    }
}

impl LabOptions {
    /// A text or choice option, when the page gives it.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(Value::as_str)
    }

    /// A subset option (comma-separated words) as its words; empty when the page does not give it.
    pub fn words(&self, name: &str) -> Vec<&str> {
        self.text(name)
            .map(|text| text.split(',').map(str::trim).filter(|word| !word.is_empty()).collect())
            .unwrap_or_default()
    }

    /// A whole-number option, when the page gives it.
    pub fn integer(&self, name: &str) -> Option<i64> {
        self.values.get(name).and_then(Value::as_i64)
    }

    /// A true-or-false option, when the page gives it.
    pub fn boolean(&self, name: &str) -> Option<bool> {
        self.values.get(name).and_then(Value::as_bool)
    }
}

#[cfg(test)]
mod tests {
    use crate::find_lab;

    #[test]
    fn options_are_read_with_their_types() {
        let console = find_lab("cse-console").expect("the CSE lab");
        let options = console.decode_options(r#"{"exercise": "discovery", "panels": "composer , tree"}"#);
        let options = options.expect("valid options");
        assert_eq!(options.text("exercise"), Some("discovery"));
        assert_eq!(options.words("panels"), vec!["composer", "tree"]);
        assert_eq!(options.text("missing"), None);
        assert!(options.words("missing").is_empty());
        let calculator = find_lab("acop-calculator").expect("the calculator");
        let options = calculator.decode_options(r#"{"value": 34}"#).expect("in range");
        assert_eq!(options.integer("value"), Some(34));
        assert_eq!(options.boolean("value"), None);
    }

    #[test]
    fn bad_options_are_explained_not_panicked() {
        let privacy = find_lab("privacy-lab").expect("the privacy lab");
        assert!(privacy.decode_options("{oops").expect_err("not JSON").contains("not valid JSON"));
        assert!(privacy.decode_options("[1]").expect_err("not an object").contains("JSON object"));
        let unknown = privacy.decode_options(r#"{"exercise": "juggling"}"#).expect_err("unknown exercise");
        assert!(unknown.contains("juggling") && unknown.contains("routine-from-energy"), "{unknown}");
        assert!(privacy.decode_options(r#"{"colour": "red"}"#).expect_err("unknown option").contains("colour"));
        assert_eq!(privacy.decode_options("{}").expect("no options").text("exercise"), None);
    }
}
