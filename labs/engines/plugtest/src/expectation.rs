//! Judging what was observed against what a step expects. Every mismatch is a sentence that says
//! what was expected and what was observed.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::Value;

use crate::description::{Expectation, FieldCondition};
use crate::wire::{WireResponse, substitute};

/// The mismatches of a response (empty: as expected).
pub fn judge_response(
    expect: &Expectation,
    response: &WireResponse,
    variables: &BTreeMap<String, String>,
) -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    if let Some(status) = expect.status
        && response.status != status
    {
        problems.push(format!("expected HTTP {status}, observed HTTP {}", response.status));
    }
    if let Some(rsc) = expect.rsc {
        match response.rsc() {
            Some(observed) if observed == rsc => {}
            Some(observed) => problems.push(format!("expected X-M2M-RSC {rsc}, observed {observed}")),
            None => problems.push(format!("expected X-M2M-RSC {rsc}, but the response has no X-M2M-RSC header")),
        }
    }
    for name in &expect.headers {
        if response.header(name).is_none() {
            problems.push(format!("expected a {name} header, but there is none"));
        }
    }
    problems.extend(judge_body(&expect.body, &response.body, variables)?);
    Ok(problems)
}

/// The mismatches of a body (JSON text) against field conditions; a body that is not JSON
/// fails every condition that needs a field.
pub fn judge_body(
    conditions: &[FieldCondition],
    body: &str,
    variables: &BTreeMap<String, String>,
) -> Result<Vec<String>, String> {
    if conditions.is_empty() {
        return Ok(Vec::new());
    }
    let Ok(json) = serde_json::from_str::<Value>(body) else {
        return Ok(vec![format!("expected a JSON body, observed {}", preview(body))]);
    };
    let mut problems = Vec::new();
    for condition in conditions {
        problems.extend(judge_field(condition, &json, variables)?);
    }
    Ok(problems)
}

fn preview(text: &str) -> String {
    if text.is_empty() {
        return "an empty body".to_owned();
    }
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() { format!("`{short}...`") } else { format!("`{short}`") }
}

fn texts(value: &Value) -> Vec<String> {
    match value {
        Value::String(text) => vec![text.clone()],
        Value::Array(items) => items.iter().flat_map(texts).collect(),
        other => vec![other.to_string()],
    }
}

fn judge_field(
    condition: &FieldCondition,
    json: &Value,
    variables: &BTreeMap<String, String>,
) -> Result<Vec<String>, String> {
    let pointer = &condition.pointer;
    let field = json.pointer(pointer);
    let mut problems = Vec::new();
    let where_ = if pointer.is_empty() { "the body".to_owned() } else { format!("`{pointer}`") };
    if let Some(present) = condition.present {
        match (present, field.is_some()) {
            (true, false) => problems.push(format!("expected {where_} to be present, but it is missing")),
            (false, true) => problems.push(format!("expected {where_} to be absent, but it is there")),
            _ => {}
        }
    }
    let needs_field = condition.equals.is_some()
        || condition.starts_with.is_some()
        || condition.contains.is_some()
        || !condition.base64_contains.is_empty();
    let Some(field) = field else {
        if needs_field {
            problems.push(format!("expected {where_} in the body, but it is missing"));
        }
        return Ok(problems);
    };
    if let Some(expected) = &condition.equals {
        let expected = match expected {
            Value::String(text) => Value::String(substitute(text, variables)?),
            other => other.clone(),
        };
        if field != &expected {
            problems.push(format!("expected {where_} = {expected}, observed {field}"));
        }
    }
    if let Some(prefix) = &condition.starts_with {
        let prefix = substitute(prefix, variables)?;
        match field.as_str() {
            Some(text) if text.starts_with(&prefix) => {}
            _ => problems.push(format!("expected {where_} to start with `{prefix}`, observed {field}")),
        }
    }
    if let Some(needle) = &condition.contains {
        let needle = substitute(needle, variables)?;
        if !texts(field).iter().any(|text| text.contains(&needle)) {
            problems.push(format!("expected {where_} to contain `{needle}`, observed {}", preview(&field.to_string())));
        }
    }
    if let Some(needle) = &condition.not_contains {
        let needle = substitute(needle, variables)?;
        if let Some(entry) = texts(field).into_iter().find(|text| text.contains(&needle)) {
            problems.push(format!("expected {where_} not to contain `{needle}`, but it holds `{entry}`"));
        }
    }
    if !condition.base64_contains.is_empty() {
        let decoded = field
            .as_str()
            .and_then(|text| base64::engine::general_purpose::STANDARD.decode(text.trim()).ok())
            .and_then(|bytes| String::from_utf8(bytes).ok());
        match decoded {
            None => problems
                .push(format!("expected {where_} to be base64 of a text, observed {}", preview(&field.to_string()))),
            Some(text) => {
                for needle in &condition.base64_contains {
                    let needle = substitute(needle, variables)?;
                    if !text.contains(&needle) {
                        problems.push(format!("expected the decoded {where_} to contain `{needle}`, but it does not"));
                    }
                }
            }
        }
    }
    Ok(problems)
}
