//! The oneM2M HTTP binding (TS-0009): an HTTP request becomes a request primitive, a response
//! primitive becomes an HTTP response. Pure functions; every problem with the input is a oneM2M
//! error [`Response`] (with `m2m:dbg`), never a panic.

use std::net::IpAddr;

use axum::body::Body;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use onem2m_cse::{
    FilterCriteria, Operation, OriginatorContext, Request, Response, ResponseStatusCode, ResponseTypeInfo,
};
use serde_json::Value;

/// The media types a oneM2M request body may have (both carry `ty=N` on a Create).
pub const ACCEPTED_MEDIA_TYPES: &[&str] =
    &["application/json", "application/vnd.onem2m-res+json", "application/vnd.onem2m-ntfy+json"];

/// The oneM2M request headers this binding knows (TS-0009 6.4). Other `X-M2M-*` headers are refused.
const KNOWN_M2M_HEADERS: &[&str] = &[
    "x-m2m-origin",
    "x-m2m-ri",
    "x-m2m-rvi",
    "x-m2m-gid",
    "x-m2m-rtu",
    "x-m2m-ot",
    "x-m2m-rst",
    "x-m2m-ret",
    "x-m2m-oet",
    "x-m2m-ec",
    "x-m2m-ati",
    "x-m2m-asri",
    "x-m2m-vsi",
    "x-m2m-cto",
    "x-m2m-cts",
    "x-m2m-tid",
];

/// The response headers a browser client may read (CORS `Access-Control-Expose-Headers`).
pub const EXPOSED_HEADERS: &str = "X-M2M-RSC, X-M2M-RI, X-M2M-RVI, X-M2M-OT, Content-Location";

/// The request headers a browser client may send (CORS preflight answer).
pub const ALLOWED_HEADERS: &str = "Content-Type, Accept, X-M2M-Origin, X-M2M-RI, X-M2M-RVI, X-M2M-GID, X-M2M-RTU, X-M2M-OT, X-M2M-RST, X-M2M-RET, X-M2M-OET, X-M2M-EC";

/// What the binding needs from an HTTP request.
#[derive(Debug, Clone, Copy)]
pub struct HttpInput<'a> {
    pub method: &'a Method,
    /// The raw (percent-encoded) path, e.g. `/~/id-in/cse-in/lamp`.
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    pub peer: Option<IpAddr>,
}

/// The identifiers to echo in an error response, read before anything else can fail.
#[derive(Debug, Clone, Default)]
pub struct Echo {
    pub rqi: String,
    pub rvi: Option<String>,
    pub originator: Option<String>,
}

impl Echo {
    /// Reads X-M2M-RI, X-M2M-RVI and X-M2M-Origin (ignoring values that are not text).
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
        Echo { rqi: text("x-m2m-ri").unwrap_or_default(), rvi: text("x-m2m-rvi"), originator: text("x-m2m-origin") }
    }

    /// [`Echo::error`], boxed (the error side of a `Result`).
    pub fn refuse(&self, rsc: ResponseStatusCode, message: impl Into<String>) -> Box<Response> {
        Box::new(self.error(rsc, message))
    }

    /// An error response echoing the request's identifiers.
    pub fn error(&self, rsc: ResponseStatusCode, message: impl Into<String>) -> Response {
        let mut response = Response::error(rsc, message);
        response.rqi = self.rqi.clone();
        response.rvi = self.rvi.clone();
        response
    }
}

fn bad(echo: &Echo, message: impl Into<String>) -> Box<Response> {
    echo.refuse(ResponseStatusCode::BadRequest, message)
}

/// Turns an HTTP request into a request primitive, or explains with a oneM2M error why it is not one.
pub fn to_primitive(input: HttpInput<'_>) -> Result<Request, Box<Response>> {
    let echo = Echo::from_headers(input.headers);
    for (name, value) in input.headers {
        let lower = name.as_str();
        if lower.starts_with("x-m2m-") {
            if lower == "x-m2m-rsc" {
                return Err(bad(&echo, "X-M2M-RSC is a response header; a request must not carry it"));
            }
            if !KNOWN_M2M_HEADERS.contains(&lower) {
                return Err(bad(
                    &echo,
                    format!(
                        "unknown oneM2M header \"{name}\"; this binding knows X-M2M-Origin, X-M2M-RI, X-M2M-RVI, X-M2M-RET, X-M2M-RST, X-M2M-OET, X-M2M-EC, X-M2M-GID, X-M2M-RTU, X-M2M-OT"
                    ),
                ));
            }
            if value.to_str().is_err() {
                return Err(bad(&echo, format!("header {name} is not visible ASCII text")));
            }
        }
    }
    let content_type = parse_content_type(input.headers, &echo)?;
    let (op, ty) = match *input.method {
        Method::GET => (Operation::Retrieve, None),
        Method::DELETE => (Operation::Delete, None),
        Method::PUT => {
            let content_type = require_json(content_type, input.method, &echo)?;
            if content_type.ty.is_some() {
                return Err(bad(
                    &echo,
                    "ty= in Content-Type marks a Create, which is a POST; an Update (PUT) has no ty",
                ));
            }
            (Operation::Update, None)
        }
        Method::POST => {
            let content_type = require_json(content_type, input.method, &echo)?;
            match content_type.ty {
                Some(ty) => (Operation::Create, Some(ty)),
                None => (Operation::Notify, None),
            }
        }
        ref other => {
            return Err(echo.refuse(
                ResponseStatusCode::OperationNotAllowed,
                format!(
                    "HTTP method {other} has no oneM2M operation: POST (Create with ty=, Notify without), GET (Retrieve), PUT (Update), DELETE (Delete)"
                ),
            ));
        }
    };
    // without X-M2M-Origin the originator is empty: the engine refuses that, except for an AE registration
    let originator = echo.originator.as_deref().map(str::trim).unwrap_or_default().to_owned();
    if echo.rqi.trim().is_empty() {
        return Err(bad(&echo, "header X-M2M-RI (the request identifier, rqi) is required and must not be empty"));
    }
    let to = target_address(input.path).map_err(|message| bad(&echo, message))?;
    let mut request = Request::new(op, to, originator);
    request.rqi = echo.rqi.clone();
    request.rvi = echo.rvi.clone();
    request.ty = ty;
    let header_text = |name: &str| input.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
    request.rqet = header_text("x-m2m-ret");
    request.rset = header_text("x-m2m-rst");
    request.oet = header_text("x-m2m-oet");
    request.gid = header_text("x-m2m-gid");
    if let Some(ec) = header_text("x-m2m-ec") {
        request.ec = Some(ec.trim().parse::<u64>().map_or(Value::String(ec.clone()), Value::from));
    }
    if let Some(query) = input.query {
        apply_query(query, &mut request).map_err(|message| bad(&echo, message))?;
    }
    if matches!(op, Operation::Create | Operation::Update | Operation::Notify) {
        if input.body.iter().all(u8::is_ascii_whitespace) {
            return Err(bad(
                &echo,
                format!(
                    "a {op} needs a JSON body (the primitive content), e.g. {{\"m2m:cnt\": {{\"rn\": \"temperature\"}}}}"
                ),
            ));
        }
        let content: Value = serde_json::from_slice(input.body)
            .map_err(|error| bad(&echo, format!("the body is not valid JSON: {error}")))?;
        if !content.is_object() {
            return Err(bad(&echo, "the body must be a JSON object such as {\"m2m:cin\": {\"con\": \"21.5\"}}"));
        }
        request.pc = Some(content);
    }
    if let Some(peer) = input.peer {
        request.context = OriginatorContext::from_ip(peer.to_string());
    }
    Ok(request)
}

#[derive(Debug, Clone, Copy)]
struct ContentType {
    ty: Option<u32>,
}

/// `None` when there is no Content-Type; an error for a media type that is not oneM2M JSON or a bad `ty`.
fn parse_content_type(headers: &HeaderMap, echo: &Echo) -> Result<Option<ContentType>, Box<Response>> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(None);
    };
    let Ok(text) = value.to_str() else {
        return Err(bad(echo, "Content-Type is not text"));
    };
    let mut parts = text.split(';');
    let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    if !ACCEPTED_MEDIA_TYPES.contains(&media.as_str()) {
        return Err(echo.refuse(
            ResponseStatusCode::UnsupportedMediaType,
            format!(
                "Content-Type \"{media}\" is not supported; use application/json or application/vnd.onem2m-res+json (with ;ty=N for a Create)"
            ),
        ));
    }
    let mut ty = None;
    for parameter in parts {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("ty") {
            let value = value.trim().trim_matches('"');
            match value.parse::<u32>() {
                Ok(number) => ty = Some(number),
                Err(_) => {
                    return Err(bad(
                        echo,
                        format!(
                            "ty=\"{value}\" in Content-Type is not a resource type number (e.g. ty=2 AE, ty=3 container, ty=4 contentInstance)"
                        ),
                    ));
                }
            }
        }
    }
    Ok(Some(ContentType { ty }))
}

fn require_json(content_type: Option<ContentType>, method: &Method, echo: &Echo) -> Result<ContentType, Box<Response>> {
    content_type.ok_or_else(|| {
        echo.refuse(
            ResponseStatusCode::UnsupportedMediaType,
            format!(
                "a {method} needs Content-Type application/json or application/vnd.onem2m-res+json (with ;ty=N for a Create)"
            ),
        )
    })
}

/// The `to` of an HTTP path: `/cse-in/x` is CSE-relative `cse-in/x`; `/~/id-in/x` (SP-relative) and
/// `/_/sp/id-in/x` (absolute) are passed on as they are, which the engine understands.
pub fn target_address(raw_path: &str) -> Result<String, String> {
    let path = percent_decode(raw_path)
        .ok_or_else(|| format!("the path \"{raw_path}\" is not valid percent-encoded UTF-8"))?;
    if path.starts_with("/~/") || path.starts_with("/_/") {
        return Ok(path);
    }
    let relative = path.trim_start_matches('/');
    if relative.is_empty() {
        return Err("the path names no resource; the CSEBase is at /cse-in (or /~/id-in)".into());
    }
    Ok(relative.to_owned())
}

/// Decodes `%XX` escapes; `None` when an escape is broken or the result is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let high = bytes.get(index + 1).copied().and_then(hex_value)?;
            let low = bytes.get(index + 2).copied().and_then(hex_value)?;
            out.push(high * 16 + low);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

const QUERY_KEYS: &str = "rcn, drt, rt, sqi, and filterCriteria: fu, fo, ty, lbl, cty, chty, crb, cra, ms, us, sts, stb, exb, exa, sza, szb, lim, ofst, lvl, smf, atr (name:value)";

/// Applies the query string: rcn, drt, rt and filterCriteria; multi-values as `ty=2+3` or repeated keys.
pub fn apply_query(query: &str, request: &mut Request) -> Result<(), String> {
    let mut fc = FilterCriteria::default();
    let mut has_fc = false;
    let mut seen: Vec<String> = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(raw_key)
            .ok_or_else(|| format!("query parameter \"{raw_key}\" is not valid percent-encoded UTF-8"))?;
        // '+' separates the values of a list (TS-0009 6.2.2.2); a literal '+' is %2B
        let values = raw_value
            .split('+')
            .map(|value| {
                percent_decode(value)
                    .ok_or_else(|| format!("the value of query parameter {key} is not valid percent-encoded UTF-8"))
            })
            .collect::<Result<Vec<String>, String>>()?;
        let single = || -> Result<String, String> {
            match values.as_slice() {
                [one] if !one.is_empty() => Ok(one.clone()),
                [] | [_] => Err(format!("query parameter {key} needs a value")),
                _ => Err(format!("query parameter {key} takes one value, not a list")),
            }
        };
        let is_list = matches!(key.as_str(), "ty" | "lbl" | "cty" | "chty" | "atr");
        if !is_list {
            if seen.contains(&key) {
                return Err(format!("query parameter {key} appears twice; it takes one value"));
            }
            seen.push(key.clone());
        }
        match key.as_str() {
            "rcn" => request.rcn = Some(number(&key, &single()?)?),
            "drt" => request.drt = Some(number(&key, &single()?)?),
            "rt" => {
                request.rt = Some(ResponseTypeInfo { rtv: number(&key, &single()?)?, nu: Vec::new() });
            }
            "sqi" => {
                request.sqi = Some(match single()?.as_str() {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    other => return Err(format!("sqi=\"{other}\" is not true or false")),
                });
            }
            "fu" => fc.fu = Some(number(&key, &single()?)?),
            "fo" => fc.fo = Some(number(&key, &single()?)?),
            "lim" => fc.lim = Some(number(&key, &single()?)?),
            "ofst" => fc.ofst = Some(number(&key, &single()?)?),
            "lvl" => fc.lvl = Some(number(&key, &single()?)?),
            "sts" => fc.sts = Some(number(&key, &single()?)?),
            "stb" => fc.stb = Some(number(&key, &single()?)?),
            "sza" => fc.sza = Some(number(&key, &single()?)?),
            "szb" => fc.szb = Some(number(&key, &single()?)?),
            "crb" => fc.crb = Some(timestamp(&key, single()?)?),
            "cra" => fc.cra = Some(timestamp(&key, single()?)?),
            "ms" => fc.ms = Some(timestamp(&key, single()?)?),
            "us" => fc.us = Some(timestamp(&key, single()?)?),
            "exb" => fc.exb = Some(timestamp(&key, single()?)?),
            "exa" => fc.exa = Some(timestamp(&key, single()?)?),
            "smf" => fc.smf = Some(single()?),
            "ty" | "chty" => {
                for value in &values {
                    let ty = number(&key, value)?;
                    if key == "ty" {
                        fc.ty.push(ty);
                    } else {
                        fc.chty.push(ty);
                    }
                }
            }
            "lbl" | "cty" => {
                for value in values.iter().filter(|value| !value.is_empty()) {
                    if key == "lbl" {
                        fc.lbl.push(value.clone());
                    } else {
                        fc.cty.push(value.clone());
                    }
                }
            }
            "atr" => {
                for value in &values {
                    let (name, wanted) = value
                        .split_once(':')
                        .ok_or_else(|| format!("atr=\"{value}\" must be name:value, e.g. atr=rn:temperature"))?;
                    let wanted =
                        serde_json::from_str::<Value>(wanted).unwrap_or_else(|_| Value::String(wanted.to_owned()));
                    fc.atr.push(onem2m_cse::AttributeFilter { nm: name.to_owned(), val: wanted });
                }
            }
            other => {
                return Err(format!("unknown query parameter \"{other}\"; this binding knows {QUERY_KEYS}"));
            }
        }
        if !matches!(key.as_str(), "rcn" | "drt" | "rt" | "sqi") {
            has_fc = true;
        }
    }
    if has_fc {
        request.fc = Some(fc);
    }
    Ok(())
}

fn number<T: std::str::FromStr>(key: &str, value: &str) -> Result<T, String> {
    value.trim().parse::<T>().map_err(|_| format!("query parameter {key}=\"{value}\" is not a number"))
}

fn timestamp(key: &str, value: String) -> Result<String, String> {
    if onem2m_cse::Timestamp::parse_onem2m(&value).is_none() {
        return Err(format!("query parameter {key}=\"{value}\" is not a oneM2M timestamp YYYYMMDDTHHMMSS"));
    }
    Ok(value)
}

/// The HTTP response for a response primitive: status from `http_status()`, X-M2M-RSC, X-M2M-RI,
/// X-M2M-RVI, X-M2M-OT, Content-Location on create, and `pc` as the JSON body.
pub fn to_http(response: &Response) -> http::Response<Body> {
    let status = StatusCode::from_u16(response.rsc.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = response.pc.as_ref().map(|pc| serde_json::to_vec(pc).unwrap_or_default());
    let mut http_response = http::Response::new(body.clone().map_or_else(Body::empty, Body::from));
    *http_response.status_mut() = status;
    let headers = http_response.headers_mut();
    headers.insert(HeaderName::from_static("x-m2m-rsc"), HeaderValue::from(response.rsc.code()));
    let mut put = |name: &'static str, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    };
    put("x-m2m-ri", &response.rqi);
    if let Some(rvi) = &response.rvi {
        put("x-m2m-rvi", rvi);
    }
    if let Some(ot) = &response.ot {
        put("x-m2m-ot", ot);
    }
    if let Some(rset) = &response.rset {
        put("x-m2m-rst", rset);
    }
    if let Some(location) = &response.location {
        put("content-location", &format!("/{}", location.trim_start_matches('/')));
    }
    if body.is_some() {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    http_response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(
        method: &'a Method,
        path: &'a str,
        query: Option<&'a str>,
        headers: &'a HeaderMap,
        body: &'a [u8],
    ) -> HttpInput<'a> {
        HttpInput { method, path, query, headers, body, peer: None }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(HeaderName::from_static(name), HeaderValue::from_str(value).expect("header"));
        }
        map
    }

    #[test]
    fn a_post_with_ty_is_a_create_and_without_is_a_notify() {
        let h = headers(&[
            ("x-m2m-origin", "Cae"),
            ("x-m2m-ri", "1"),
            ("content-type", "application/vnd.onem2m-res+json; ty=3"),
        ]);
        let request = to_primitive(input(&Method::POST, "/cse-in/ae", None, &h, br#"{"m2m:cnt":{}}"#)).expect("create");
        assert_eq!((request.op, request.ty, request.to.as_str()), (Operation::Create, Some(3), "cse-in/ae"));
        let h = headers(&[("x-m2m-origin", "Cae"), ("x-m2m-ri", "1"), ("content-type", "application/json")]);
        let request =
            to_primitive(input(&Method::POST, "/~/id-in/cse-in", None, &h, br#"{"m2m:sgn":{}}"#)).expect("notify");
        assert_eq!((request.op, request.to.as_str()), (Operation::Notify, "/~/id-in/cse-in"));
    }

    #[test]
    fn query_lists_use_plus_and_repeated_keys() {
        let mut request = Request::retrieve("cse-in", "CAdmin");
        apply_query("fu=1&ty=2+3&ty=4&lbl=a%2Bb+c&rcn=8&drt=2", &mut request).expect("query");
        let fc = request.fc.expect("fc");
        assert_eq!(fc.ty, vec![2, 3, 4]);
        assert_eq!(fc.lbl, vec!["a+b".to_owned(), "c".to_owned()]);
        assert_eq!((request.rcn, request.drt, fc.fu), (Some(8), Some(2), Some(1)));
        let mut request = Request::retrieve("cse-in", "CAdmin");
        assert!(apply_query("rcn=x", &mut request).is_err());
        assert!(apply_query("bogus=1", &mut request).is_err());
        assert!(apply_query("rcn=1&rcn=2", &mut request).is_err());
        assert!(apply_query("crb=yesterday", &mut request).is_err());
    }

    #[test]
    fn bad_input_is_a_onem2m_error() {
        let h = headers(&[("x-m2m-ri", "7"), ("content-type", "text/plain")]);
        let error = to_primitive(input(&Method::POST, "/cse-in", None, &h, b"x")).expect_err("415");
        assert_eq!(error.rsc, ResponseStatusCode::UnsupportedMediaType);
        assert_eq!(error.rqi, "7");
        // no X-M2M-Origin: an empty originator, which the engine refuses (tests/workshop/malformed.rs)
        let h = headers(&[("x-m2m-ri", "7")]);
        let primitive = to_primitive(input(&Method::GET, "/cse-in", None, &h, b"")).expect("a primitive");
        assert_eq!(primitive.fr, "");
        let h = headers(&[("x-m2m-ri", "7"), ("x-m2m-origin", "C"), ("content-type", "application/json;ty=x")]);
        assert!(to_primitive(input(&Method::POST, "/cse-in", None, &h, b"{}")).is_err());
        assert!(percent_decode("%zz").is_none());
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
    }
}
