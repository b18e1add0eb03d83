//! Requests and responses as the oneM2M HTTP binding (TS-0009) carries them, and the placeholders
//! (`${NAME}`, `${base64:NAME}`) that make a request template concrete.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::description::{Operation, RequestTemplate};

/// A request on the wire: method, CSE-relative path, query, headers and body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireRequest {
    pub method: String,
    /// "/cse-in/semTestAE", without the query.
    pub path: String,
    /// Query parameters, unencoded.
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl WireRequest {
    /// The path and the percent-encoded query: what follows the host in the URL.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let query: Vec<String> = self
            .query
            .iter()
            .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
            .collect();
        format!("{}?{}", self.path, query.join("&"))
    }

    /// A header's value (names are case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// "POST /cse-in/semTestAE (ty=3)": one line for a sequence diagram.
    pub fn summary(&self) -> String {
        let ty = self
            .header("Content-Type")
            .and_then(|content_type| content_type.split(';').find_map(|part| part.trim().strip_prefix("ty=")))
            .map(|ty| format!(" (ty={ty})"))
            .unwrap_or_default();
        format!("{} {}{ty}", self.method, self.path_and_query())
    }
}

/// A response on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl WireResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The oneM2M response status code from `X-M2M-RSC`.
    pub fn rsc(&self) -> Option<u16> {
        self.header("X-M2M-RSC").and_then(|value| value.trim().parse().ok())
    }

    /// "201, X-M2M-RSC 2001".
    pub fn summary(&self) -> String {
        match self.rsc() {
            Some(rsc) => format!("{}, X-M2M-RSC {rsc}", self.status),
            None => format!("{}, no X-M2M-RSC", self.status),
        }
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Replaces `${NAME}` and `${base64:NAME}` in `text`; the first unknown name is the error.
pub fn substitute(text: &str, variables: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(format!("`${{` without a closing `}}` in `{text}`"));
        };
        let name = &after[..end];
        let (encode, name) = match name.strip_prefix("base64:") {
            Some(inner) => (true, inner),
            None => (false, name),
        };
        let Some(value) = variables.get(name) else {
            return Err(format!("the variable `{name}` is not set"));
        };
        if encode {
            out.push_str(&base64::engine::general_purpose::STANDARD.encode(value.as_bytes()));
        } else {
            out.push_str(value);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn substitute_json(value: &Value, variables: &BTreeMap<String, String>) -> Result<Value, String> {
    Ok(match value {
        Value::String(text) => Value::String(substitute(text, variables)?),
        Value::Array(items) => {
            Value::Array(items.iter().map(|item| substitute_json(item, variables)).collect::<Result<_, _>>()?)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| Ok((substitute(key, variables)?, substitute_json(item, variables)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => other.clone(),
    })
}

/// Makes a request template concrete: placeholders replaced, headers as TS-0009 names them.
pub fn build_request(
    template: &RequestTemplate,
    default_rqi: &str,
    variables: &BTreeMap<String, String>,
) -> Result<WireRequest, String> {
    let path = substitute(&template.to, variables)?;
    let origin = substitute(&template.from, variables)?;
    let rqi = match &template.rqi {
        Some(rqi) => substitute(rqi, variables)?,
        None => default_rqi.to_owned(),
    };
    let mut query = Vec::with_capacity(template.query.len());
    for (name, value) in &template.query {
        query.push((name.clone(), substitute(value, variables)?));
    }
    let body = match &template.body {
        Some(body) => Some(substitute_json(body, variables)?.to_string()),
        None => None,
    };
    let mut headers = vec![
        ("X-M2M-Origin".to_owned(), origin),
        ("X-M2M-RI".to_owned(), rqi),
        ("X-M2M-RVI".to_owned(), template.rvi.clone()),
        ("Accept".to_owned(), "application/json".to_owned()),
    ];
    match (template.op, template.ty) {
        (Operation::Create, Some(ty)) => headers.push(("Content-Type".to_owned(), format!("application/json;ty={ty}"))),
        _ if body.is_some() => headers.push(("Content-Type".to_owned(), "application/json".to_owned())),
        _ => {}
    }
    Ok(WireRequest { method: template.op.http_method().to_owned(), path, query, headers, body })
}
