//! Request and response primitives (`m2m:rqp`, `m2m:rsp`, TS-0004 Table 8.2.2-1) with serde to and
//! from oneM2M JSON short names.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::acop::AccessOperation;
use crate::status::ResponseStatusCode;
use crate::time::Timestamp;

/// The `op` parameter (TS-0004 Table 6.3.4.2.5-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Operation {
    Create,
    Retrieve,
    Update,
    Delete,
    Notify,
}

impl Operation {
    /// The number used in `op`.
    pub const fn code(self) -> u8 {
        match self {
            Operation::Create => 1,
            Operation::Retrieve => 2,
            Operation::Update => 3,
            Operation::Delete => 4,
            Operation::Notify => 5,
        }
    }

    /// The access-control operation checked for this request operation (discovery is a
    /// Retrieve with `fu=1` and is checked as [`AccessOperation::Discovery`] by the engine).
    pub const fn access_operation(self) -> AccessOperation {
        match self {
            Operation::Create => AccessOperation::Create,
            Operation::Retrieve => AccessOperation::Retrieve,
            Operation::Update => AccessOperation::Update,
            Operation::Delete => AccessOperation::Delete,
            Operation::Notify => AccessOperation::Notify,
        }
    }

    /// The HTTP method of the binding (TS-0009 Table 6.2.1-1).
    pub const fn http_method(self) -> &'static str {
        match self {
            Operation::Create | Operation::Notify => "POST",
            Operation::Retrieve => "GET",
            Operation::Update => "PUT",
            Operation::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Operation::Create => "CREATE",
            Operation::Retrieve => "RETRIEVE",
            Operation::Update => "UPDATE",
            Operation::Delete => "DELETE",
            Operation::Notify => "NOTIFY",
        })
    }
}

impl TryFrom<u8> for Operation {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        match value {
            1 => Ok(Operation::Create),
            2 => Ok(Operation::Retrieve),
            3 => Ok(Operation::Update),
            4 => Ok(Operation::Delete),
            5 => Ok(Operation::Notify),
            other => {
                Err(format!("unknown operation {other}: op is 1 Create, 2 Retrieve, 3 Update, 4 Delete or 5 Notify"))
            }
        }
    }
}

impl From<Operation> for u8 {
    fn from(value: Operation) -> Self {
        value.code()
    }
}

/// Where the originator is, as the request's context tells the access-control rules (`aclr`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// ISO 3166-1 alpha-2 country code, e.g. "FR".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Latitude in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// What the CSE knows about the originator besides `fr`: the inputs of `acco` context checks.
///
/// Not a oneM2M primitive parameter: in JSON it is the engine extension `"ctx"`; a real CSE learns
/// it from the transport (source address) and from location services.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OriginatorContext {
    /// Source IP address, IPv4 or IPv6 text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// The originator's location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Whether the transport authenticated the originator (checked by rules with `acaf: true`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub authenticated: bool,
}

impl OriginatorContext {
    /// Whether nothing is known.
    pub fn is_empty(&self) -> bool {
        self.ip.is_none() && self.location.is_none() && !self.authenticated
    }

    /// A context with a source IP address.
    pub fn from_ip(ip: impl Into<String>) -> Self {
        Self { ip: Some(ip.into()), ..Self::default() }
    }
}

/// One `atr` condition: an attribute name and the value it must equal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeFilter {
    pub nm: String,
    pub val: Value,
}

/// `filterCriteria` (`fc`), used by conditional retrieval and discovery.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterCriteria {
    /// created before
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crb: Option<String>,
    /// created after
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cra: Option<String>,
    /// modified since
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms: Option<String>,
    /// unmodified since
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub us: Option<String>,
    /// stateTag smaller
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sts: Option<u64>,
    /// stateTag bigger
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stb: Option<u64>,
    /// expire before
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exb: Option<String>,
    /// expire after
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exa: Option<String>,
    /// labels (any of)
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub lbl: Vec<String>,
    /// resource types (any of)
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub ty: Vec<u32>,
    /// size above (content size >= sza)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sza: Option<u64>,
    /// size below (content size < szb)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub szb: Option<u64>,
    /// content types (any of), matched against `cnf` without the encoding
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub cty: Vec<String>,
    /// child resource types (any of): the resource has a child of one of these types
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub chty: Vec<u32>,
    /// attribute conditions
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub atr: Vec<AttributeFilter>,
    /// limit of results
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lim: Option<u64>,
    /// offset: 1 starts at the first match
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ofst: Option<u64>,
    /// levels below the target to search (1 = direct children)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lvl: Option<u64>,
    /// filterUsage: 1 discovery, 2 conditional retrieval (default), 3 IPE on-demand
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fu: Option<u32>,
    /// filterOperation: 1 AND (default), 2 OR
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fo: Option<u32>,
    /// semanticsFilter: a SPARQL query evaluated against semanticDescriptors by the plugged-in
    /// [`crate::SemanticMatcher`] (5001 without one)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smf: Option<String>,
}

impl FilterCriteria {
    /// Discovery (`fu=1`) with the given resource types.
    pub fn discovery() -> Self {
        Self { fu: Some(1), ..Self::default() }
    }

    /// Whether any condition is set (ignoring fu, lim, ofst, lvl and fo).
    pub fn has_conditions(&self) -> bool {
        self.crb.is_some()
            || self.cra.is_some()
            || self.ms.is_some()
            || self.us.is_some()
            || self.sts.is_some()
            || self.stb.is_some()
            || self.exb.is_some()
            || self.exa.is_some()
            || !self.lbl.is_empty()
            || !self.ty.is_empty()
            || self.sza.is_some()
            || self.szb.is_some()
            || !self.cty.is_empty()
            || !self.chty.is_empty()
            || !self.atr.is_empty()
    }
}

fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
    }
    Ok(match OneOrMany::<T>::deserialize(deserializer)? {
        OneOrMany::Many(values) => values,
        OneOrMany::One(value) => vec![value],
    })
}

/// `rt` (responseTypeInfo): only blocking requests (`rtv` 3) are supported; others get 5001.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseTypeInfo {
    pub rtv: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nu: Vec<String>,
}

/// A request primitive (`m2m:rqp`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// operation
    pub op: Operation,
    /// target address
    pub to: String,
    /// originator (`fr`); empty or "C" asks for an AE-ID at registration
    #[serde(default)]
    pub fr: String,
    /// request identifier, echoed in the response
    #[serde(default)]
    pub rqi: String,
    /// resource type of a Create
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<u32>,
    /// primitive content
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pc: Option<Value>,
    /// release version indicator, e.g. "3"
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rvi: Option<String>,
    /// result content
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rcn: Option<u32>,
    /// filter criteria
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fc: Option<FilterCriteria>,
    /// discovery result type: 1 structured (default), 2 unstructured
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drt: Option<u32>,
    /// response type
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rt: Option<ResponseTypeInfo>,
    /// request expiration timestamp
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rqet: Option<String>,
    /// result expiration timestamp (echoed)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rset: Option<String>,
    /// operation execution time: in the future, the request is answered 5001 unless the shell holds
    /// it until then ([`Request::deferred_until`]); 4008 when it is not before `rqet`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oet: Option<String>,
    /// event category (echoed)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ec: Option<Value>,
    /// group request identifier (accepted and ignored)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gid: Option<String>,
    /// semantic query indicator (accepted and ignored)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqi: Option<bool>,
    /// originator context for `acco` evaluation (engine extension, JSON key `ctx`)
    #[serde(default, rename = "ctx", skip_serializing_if = "OriginatorContext::is_empty")]
    pub context: OriginatorContext,
}

/// Why a JSON text is not a request primitive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrimitiveError {
    pub message: String,
}

impl fmt::Display for PrimitiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PrimitiveError {}

impl Request {
    /// A request with only `op`, `to` and `fr` set.
    pub fn new(op: Operation, to: impl Into<String>, fr: impl Into<String>) -> Self {
        Request {
            op,
            to: to.into(),
            fr: fr.into(),
            rqi: String::new(),
            ty: None,
            pc: None,
            rvi: None,
            rcn: None,
            fc: None,
            drt: None,
            rt: None,
            rqet: None,
            rset: None,
            oet: None,
            ec: None,
            gid: None,
            sqi: None,
            context: OriginatorContext::default(),
        }
    }

    /// A Create of a resource of type `ty` with content `pc`, e.g. `{"m2m:cnt": {"rn": "temp"}}`.
    pub fn create(to: impl Into<String>, fr: impl Into<String>, ty: u32, pc: Value) -> Self {
        let mut request = Self::new(Operation::Create, to, fr);
        request.ty = Some(ty);
        request.pc = Some(pc);
        request
    }

    /// A Retrieve.
    pub fn retrieve(to: impl Into<String>, fr: impl Into<String>) -> Self {
        Self::new(Operation::Retrieve, to, fr)
    }

    /// An Update with content `pc`.
    pub fn update(to: impl Into<String>, fr: impl Into<String>, pc: Value) -> Self {
        let mut request = Self::new(Operation::Update, to, fr);
        request.pc = Some(pc);
        request
    }

    /// A Delete.
    pub fn delete(to: impl Into<String>, fr: impl Into<String>) -> Self {
        Self::new(Operation::Delete, to, fr)
    }

    /// A Notify with content `pc`.
    pub fn notify(to: impl Into<String>, fr: impl Into<String>, pc: Value) -> Self {
        let mut request = Self::new(Operation::Notify, to, fr);
        request.pc = Some(pc);
        request
    }

    /// This request with `rqi` set.
    pub fn with_rqi(mut self, rqi: impl Into<String>) -> Self {
        self.rqi = rqi.into();
        self
    }

    /// This request with `rvi` set.
    pub fn with_rvi(mut self, rvi: impl Into<String>) -> Self {
        self.rvi = Some(rvi.into());
        self
    }

    /// This request with `rcn` set.
    pub fn with_rcn(mut self, rcn: u32) -> Self {
        self.rcn = Some(rcn);
        self
    }

    /// This request with filter criteria.
    pub fn with_fc(mut self, fc: FilterCriteria) -> Self {
        self.fc = Some(fc);
        self
    }

    /// This request with an originator context.
    pub fn with_context(mut self, context: OriginatorContext) -> Self {
        self.context = context;
        self
    }

    /// Parses `{"m2m:rqp": {...}}` or the bare object.
    pub fn from_json(text: &str) -> Result<Self, PrimitiveError> {
        let value: Value =
            serde_json::from_str(text).map_err(|error| PrimitiveError { message: format!("not JSON: {error}") })?;
        Self::from_value(value)
    }

    /// Reads a request from a JSON value, `{"m2m:rqp": {...}}` or the bare object.
    pub fn from_value(value: Value) -> Result<Self, PrimitiveError> {
        let inner = match value {
            Value::Object(mut map) if map.len() == 1 && map.contains_key("m2m:rqp") => {
                map.remove("m2m:rqp").unwrap_or(Value::Null)
            }
            other => other,
        };
        serde_json::from_value(inner)
            .map_err(|error| PrimitiveError { message: format!("not a request primitive: {error}") })
    }

    /// The request as `{"m2m:rqp": {...}}`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({ "m2m:rqp": self })
    }

    /// When the request may run, if its operation execution time (`oet`, absolute form) is after
    /// `now`: a shell that can wait holds the request until then and hands it to the CSE at that
    /// time (the engine itself never waits, and answers a request handed over early 5001).
    pub fn deferred_until(&self, now: Timestamp) -> Option<Timestamp> {
        self.oet.as_deref().and_then(Timestamp::parse_onem2m).filter(|oet| *oet > now)
    }
}

/// A response primitive (`m2m:rsp`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// response status code
    pub rsc: ResponseStatusCode,
    /// request identifier, echoed
    #[serde(default)]
    pub rqi: String,
    /// primitive content: a resource, a list, or `{"m2m:dbg": "..."}` explaining an error
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pc: Option<Value>,
    /// the originator of the request
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// the CSE-ID of the responding CSE
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
    /// release version, echoed
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rvi: Option<String>,
    /// originating timestamp
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ot: Option<String>,
    /// result expiration timestamp, echoed
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rset: Option<String>,
    /// event category, echoed
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ec: Option<Value>,
    /// The structured CSE-relative address of a created resource (HTTP `Content-Location`).
    /// Not part of `m2m:rsp`; not serialized.
    #[serde(skip)]
    pub location: Option<String>,
}

impl Response {
    /// A response with a status and no content.
    pub fn new(rsc: ResponseStatusCode) -> Self {
        Response {
            rsc,
            rqi: String::new(),
            pc: None,
            to: None,
            fr: None,
            rvi: None,
            ot: None,
            rset: None,
            ec: None,
            location: None,
        }
    }

    /// An error response whose content explains what went wrong (`m2m:dbg`).
    pub fn error(rsc: ResponseStatusCode, message: impl Into<String>) -> Self {
        let mut response = Self::new(rsc);
        response.pc = Some(serde_json::json!({ "m2m:dbg": message.into() }));
        response
    }

    /// A response with content.
    pub fn with_content(rsc: ResponseStatusCode, pc: Value) -> Self {
        let mut response = Self::new(rsc);
        response.pc = Some(pc);
        response
    }

    /// The `m2m:dbg` text of an error response.
    pub fn debug_message(&self) -> Option<&str> {
        self.pc.as_ref()?.get("m2m:dbg")?.as_str()
    }

    /// The resource object inside `pc` when it is `{"m2m:xxx": {...}}`.
    pub fn resource(&self) -> Option<&serde_json::Map<String, Value>> {
        match self.pc.as_ref()? {
            Value::Object(map) if map.len() == 1 => map.values().next()?.as_object(),
            _ => None,
        }
    }

    /// An attribute of the resource inside `pc`.
    pub fn attribute(&self, name: &str) -> Option<&Value> {
        self.resource()?.get(name)
    }

    /// The response as `{"m2m:rsp": {...}}`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({ "m2m:rsp": self })
    }

    /// Parses `{"m2m:rsp": {...}}` or the bare object.
    pub fn from_json(text: &str) -> Result<Self, PrimitiveError> {
        let value: Value =
            serde_json::from_str(text).map_err(|error| PrimitiveError { message: format!("not JSON: {error}") })?;
        let inner = match value {
            Value::Object(mut map) if map.len() == 1 && map.contains_key("m2m:rsp") => {
                map.remove("m2m:rsp").unwrap_or(Value::Null)
            }
            other => other,
        };
        serde_json::from_value(inner)
            .map_err(|error| PrimitiveError { message: format!("not a response primitive: {error}") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_round_trips_with_short_names() {
        let text = r#"{"m2m:rqp":{"op":1,"to":"cse-in","fr":"C","rqi":"r1","ty":2,"rvi":"3",
            "pc":{"m2m:ae":{"api":"Nlab","rr":true,"srv":["3"]}},
            "fc":{"fu":1,"ty":3,"lbl":["a","b"]},"ctx":{"ip":"10.0.0.1"}}}"#;
        let request = Request::from_json(text).unwrap();
        assert_eq!(request.op, Operation::Create);
        assert_eq!(request.ty, Some(2));
        assert_eq!(request.fc.as_ref().unwrap().ty, vec![3]);
        assert_eq!(request.context.ip.as_deref(), Some("10.0.0.1"));
        let again = Request::from_value(request.to_json()).unwrap();
        assert_eq!(again, request);
    }

    #[test]
    fn bad_requests_are_errors_not_panics() {
        assert!(Request::from_json("{").is_err());
        assert!(Request::from_json(r#"{"op":9,"to":"x"}"#).is_err());
        assert!(Request::from_json(r#"{"op":1}"#).is_err());
        assert!(Request::from_json("[]").is_err());
    }

    #[test]
    fn response_serializes_rsc_as_a_number() {
        let response = Response::error(ResponseStatusCode::NotFound, "no such resource");
        let value = response.to_json();
        assert_eq!(value, json!({"m2m:rsp": {"rsc": 4004, "rqi": "", "pc": {"m2m:dbg": "no such resource"}}}));
        assert_eq!(Response::from_json(&value.to_string()).unwrap().rsc, ResponseStatusCode::NotFound);
    }
}
