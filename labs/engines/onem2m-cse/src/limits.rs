//! Bounds on what a request may carry, so that whatever the CSE accepts it can also store, snapshot
//! and restore (a request over a bound is 4000 BAD_REQUEST with the bound named).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Bounds on request content, held by [`crate::CseConfig::limits`]. Over a bound: 4000 with a
/// reason naming it.
///
/// `max_content_depth` stays well below serde_json's recursion limit (128) minus the levels a
/// snapshot (4) or a journal record of the workshop server wraps around a resource, so that every
/// accepted resource can be read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// The deepest JSON nesting of a request's content (`pc`) and of filterCriteria `atr` values:
    /// objects and arrays each count a level, so `{"m2m:cin": {"con": "x"}}` is 2 deep.
    pub max_content_depth: usize,
    /// The longest resource name (`rn`), in characters.
    pub max_name_length: usize,
    /// The most labels (`lbl`) a resource may have.
    pub max_labels: usize,
    /// The longest label, in characters.
    pub max_label_length: usize,
    /// The most entries of any list in any other attribute, at every level: `acpi`, `nu`, `poa`,
    /// `mid`, `srv`, a policy's rules (`pv.acr`) and their originators (`acor`), `enc.net`...
    pub max_list_entries: usize,
    /// The longest text anywhere in an attribute other than content (`con`, `dsp` and a
    /// flexContainer's custom attributes are bounded by `max_content_depth` and the transport),
    /// e.g. an `acor` or `nu` entry, `api`, `or`; also the originator (`fr`).
    pub max_text_length: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_content_depth: 32,
            max_name_length: 255,
            max_labels: 64,
            max_label_length: 256,
            max_list_entries: 256,
            max_text_length: 2048,
        }
    }
}

/// Whether `value` nests objects and arrays deeper than `limit` (a scalar is 0 deep). Stops
/// descending as soon as the limit is passed, so it never recurses deeper than `limit + 1`.
pub(crate) fn deeper_than(value: &Value, limit: usize) -> bool {
    let children: Box<dyn Iterator<Item = &Value>> = match value {
        Value::Array(items) => Box::new(items.iter()),
        Value::Object(map) => Box::new(map.values()),
        _ => return false,
    };
    if limit == 0 {
        return true;
    }
    let mut children = children;
    children.any(|child| deeper_than(child, limit - 1))
}

/// The length of a text in characters.
pub(crate) fn characters(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn depth_counts_objects_and_arrays() {
        assert!(!deeper_than(&json!("x"), 0));
        assert!(deeper_than(&json!([]), 0));
        assert!(!deeper_than(&json!({"m2m:cin": {"con": "x"}}), 2));
        assert!(deeper_than(&json!({"m2m:cin": {"con": ["x"]}}), 2));
        assert!(!deeper_than(&json!({"m2m:cin": {"con": ["x"]}}), 3));
    }
}
