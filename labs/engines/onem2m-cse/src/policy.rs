//! Access-control policies (TS-0004 7.3.3.15, Table 6.3.5.27-1; TS-0003 7.1) and explainable decisions.
//!
//! A policy holds `pv` (privileges, applied to resources linking it through `acpi`) and `pvs`
//! (self-privileges, applied to the policy resource itself). Each is a list of rules
//! (`acr`): `acor` originators, `acop` operations, optional `acco` contexts (`actw` time
//! windows, `acip` IP addresses, `aclr` location region), `acaf` authentication flag and `acod`
//! object details. Rules only permit: access is granted when any rule of any linked policy
//! matches; otherwise the request is denied (4103).
//!
//! Every evaluation is kept as data ([`AccessDecision`]) so the access-control lab can show which
//! rule granted access or why each rule failed.

use std::fmt;
use std::net::IpAddr;

use serde::Serialize;
use serde_json::Value;

use crate::acop::{AccessControlOperations, AccessOperation};
use crate::primitive::{Location, OriginatorContext};
use crate::schedule::ScheduleEntry;
use crate::time::Timestamp;

/// An IP network in CIDR notation; a bare address is a /32 or /128.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpNetwork {
    address: IpAddr,
    prefix: u8,
    text: String,
}

impl IpNetwork {
    /// Parses `192.168.1.0/24`, `2001:db8::/32` or a bare address.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let (address_text, prefix_text) = match trimmed.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (trimmed, None),
        };
        let address: IpAddr =
            address_text.parse().map_err(|_| format!("\"{text}\" is not an IP address or CIDR block"))?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix_text {
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("\"{text}\": the prefix length must be 0-{max}"))?,
            None => max,
        };
        Ok(IpNetwork { address, prefix, text: trimmed.to_owned() })
    }

    /// Whether `address` is inside the network.
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(address),
            v4 => v4,
        };
        match (self.address, address) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = if self.prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(self.prefix)) };
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = if self.prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(self.prefix)) };
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }

    /// Whether this is an IPv4 network.
    pub fn is_ipv4(&self) -> bool {
        self.address.is_ipv4()
    }
}

impl fmt::Display for IpNetwork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A circle on the Earth: centre latitude/longitude in degrees and radius in metres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Circle {
    pub lat: f64,
    pub lon: f64,
    pub radius: f64,
}

/// Mean Earth radius used by the haversine distance.
pub const EARTH_RADIUS_METRES: f64 = 6_371_008.8;

/// Great-circle distance in metres between two points given in degrees (haversine formula).
pub fn haversine_metres(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let d_phi = (lat2 - lat1).to_radians();
    let d_lambda = (lon2 - lon1).to_radians();
    let a = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_METRES * a.sqrt().min(1.0).asin()
}

/// An `aclr` location region: country codes (`accc`) and/or a circle (`accr`); the originator
/// must be in one of them.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct LocationRegion {
    pub countries: Vec<String>,
    pub circle: Option<Circle>,
}

impl LocationRegion {
    fn contains(&self, location: &Location) -> bool {
        let in_country = location
            .country
            .as_deref()
            .is_some_and(|country| self.countries.iter().any(|allowed| allowed.eq_ignore_ascii_case(country)));
        let in_circle = match (self.circle, location.lat, location.lon) {
            (Some(circle), Some(lat), Some(lon)) => haversine_metres(circle.lat, circle.lon, lat, lon) <= circle.radius,
            _ => false,
        };
        in_country || in_circle
    }
}

impl fmt::Display for LocationRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if !self.countries.is_empty() {
            parts.push(format!("countries {}", self.countries.join(", ")));
        }
        if let Some(circle) = self.circle {
            parts.push(format!("within {} m of ({}, {})", circle.radius, circle.lat, circle.lon));
        }
        f.write_str(&parts.join(" or "))
    }
}

/// One `acco` entry: every condition present must hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccessControlContext {
    /// `actw`: any entry must match `now`.
    pub time_windows: Vec<ScheduleEntry>,
    /// `acip`: the source address must be in one network (absent: no IP condition).
    pub ip_networks: Option<Vec<IpNetwork>>,
    /// `aclr`: the originator must be in one region (absent: no location condition).
    pub regions: Option<Vec<LocationRegion>>,
}

/// `acod` object details: the rule only applies to these resource types / child types.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ObjectDetails {
    pub ty: Option<u32>,
    pub specialization: Option<String>,
    pub child_types: Vec<u32>,
}

/// One access-control rule (`acr` item).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccessControlRule {
    /// `acor`
    pub originators: Vec<String>,
    /// `acop`
    pub operations: AccessControlOperations,
    /// `acco`
    pub contexts: Vec<AccessControlContext>,
    /// `acaf`
    pub authentication_required: bool,
    /// `acod`
    pub object_details: Vec<ObjectDetails>,
}

/// A parsed `<accessControlPolicy>`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccessControlPolicy {
    /// `pv`
    pub privileges: Vec<AccessControlRule>,
    /// `pvs`
    pub self_privileges: Vec<AccessControlRule>,
}

impl AccessControlPolicy {
    /// Reads `pv` and `pvs` (each `{"acr": [...]}`); the error says what is wrong and where.
    pub fn from_json(pv: &Value, pvs: &Value) -> Result<Self, String> {
        Ok(AccessControlPolicy { privileges: parse_rules(pv, "pv")?, self_privileges: parse_rules(pvs, "pvs")? })
    }
}

/// Checks and reads a `pv`/`pvs` value.
pub fn parse_rules(value: &Value, name: &str) -> Result<Vec<AccessControlRule>, String> {
    let object = value.as_object().ok_or_else(|| format!("{name} must be an object {{\"acr\": [...]}}"))?;
    if let Some(unknown) = object.keys().find(|key| key.as_str() != "acr") {
        return Err(format!("{name} has an unknown attribute '{unknown}' (only acr)"));
    }
    let rules = match object.get("acr") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(rules)) => rules,
        Some(_) => return Err(format!("{name}.acr must be a list of rules")),
    };
    rules.iter().enumerate().map(|(index, rule)| parse_rule(rule, &format!("{name}.acr[{index}]"))).collect()
}

fn strings(value: &Value, place: &str) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned).ok_or_else(|| format!("{place} must be a list of strings")))
            .collect(),
        Value::String(text) => Ok(text.split_whitespace().map(str::to_owned).collect()),
        _ => Err(format!("{place} must be a list of strings")),
    }
}

fn parse_rule(value: &Value, place: &str) -> Result<AccessControlRule, String> {
    let object = value.as_object().ok_or_else(|| format!("{place} must be an object"))?;
    let mut rule = AccessControlRule::default();
    for (key, field) in object {
        match key.as_str() {
            "acor" => rule.originators = strings(field, &format!("{place}.acor"))?,
            "acop" => {
                let number = field.as_u64().ok_or_else(|| format!("{place}.acop must be a number 0-63"))?;
                rule.operations = u32::try_from(number)
                    .ok()
                    .and_then(|n| AccessControlOperations::try_from(n).ok())
                    .ok_or_else(|| format!("{place}.acop {number} is larger than 63"))?;
            }
            "acco" => {
                let contexts = match field {
                    Value::Array(items) => items.clone(),
                    Value::Object(_) => vec![field.clone()],
                    Value::Null => Vec::new(),
                    _ => return Err(format!("{place}.acco must be a list of contexts")),
                };
                for (index, context) in contexts.iter().enumerate() {
                    rule.contexts.push(parse_context(context, &format!("{place}.acco[{index}]"))?);
                }
            }
            "acaf" => {
                rule.authentication_required =
                    field.as_bool().ok_or_else(|| format!("{place}.acaf must be true or false"))?
            }
            "acod" => {
                let details = match field {
                    Value::Array(items) => items.clone(),
                    Value::Object(_) => vec![field.clone()],
                    _ => return Err(format!("{place}.acod must be a list of object details")),
                };
                for detail in details {
                    let object = detail.as_object().ok_or_else(|| format!("{place}.acod items must be objects"))?;
                    let mut parsed = ObjectDetails::default();
                    for (key, value) in object {
                        match key.as_str() {
                            "ty" => {
                                parsed.ty = Some(
                                    value
                                        .as_u64()
                                        .and_then(|n| u32::try_from(n).ok())
                                        .ok_or_else(|| format!("{place}.acod.ty must be a number"))?,
                                )
                            }
                            "specialization" => {
                                parsed.specialization = Some(
                                    value
                                        .as_str()
                                        .ok_or_else(|| format!("{place}.acod.specialization must be a string"))?
                                        .to_owned(),
                                )
                            }
                            "chty" => {
                                let list = value
                                    .as_array()
                                    .ok_or_else(|| format!("{place}.acod.chty must be a list of numbers"))?;
                                parsed.child_types = list
                                    .iter()
                                    .map(|n| {
                                        n.as_u64()
                                            .and_then(|n| u32::try_from(n).ok())
                                            .ok_or_else(|| format!("{place}.acod.chty must be a list of numbers"))
                                    })
                                    .collect::<Result<_, _>>()?;
                            }
                            other => {
                                return Err(format!("{place}.acod has an unknown attribute '{other}'"));
                            }
                        }
                    }
                    rule.object_details.push(parsed);
                }
            }
            other => {
                return Err(format!("{place} has an unknown attribute '{other}' (acor, acop, acco, acaf, acod)"));
            }
        }
    }
    if !object.contains_key("acor") {
        return Err(format!("{place}.acor is mandatory"));
    }
    if !object.contains_key("acop") {
        return Err(format!("{place}.acop is mandatory"));
    }
    Ok(rule)
}

fn parse_context(value: &Value, place: &str) -> Result<AccessControlContext, String> {
    let object = value.as_object().ok_or_else(|| format!("{place} must be an object"))?;
    let mut context = AccessControlContext::default();
    for (key, field) in object {
        match key.as_str() {
            "actw" => {
                for text in strings(&wrap_string_list(field), &format!("{place}.actw"))? {
                    context
                        .time_windows
                        .push(ScheduleEntry::parse(&text).map_err(|error| format!("{place}.actw: {error}"))?);
                }
            }
            "acip" => {
                let object = field
                    .as_object()
                    .ok_or_else(|| format!("{place}.acip must be an object {{ipv4: [...], ipv6: [...]}}"))?;
                let mut networks = Vec::new();
                for (family, list) in object {
                    let want_v4 = match family.as_str() {
                        "ipv4" => true,
                        "ipv6" => false,
                        other => {
                            return Err(format!("{place}.acip has an unknown attribute '{other}' (ipv4, ipv6)"));
                        }
                    };
                    for text in strings(list, &format!("{place}.acip.{family}"))? {
                        let network =
                            IpNetwork::parse(&text).map_err(|error| format!("{place}.acip.{family}: {error}"))?;
                        if network.is_ipv4() != want_v4 {
                            return Err(format!("{place}.acip.{family}: \"{text}\" is not an {family} address"));
                        }
                        networks.push(network);
                    }
                }
                context.ip_networks = Some(networks);
            }
            "aclr" => {
                let regions = match field {
                    Value::Array(items) => items.clone(),
                    Value::Object(_) => vec![field.clone()],
                    _ => {
                        return Err(format!("{place}.aclr must be a location region {{accc, accr}}"));
                    }
                };
                let mut parsed = Vec::new();
                for region in regions {
                    parsed.push(parse_region(&region, &format!("{place}.aclr"))?);
                }
                context.regions = Some(parsed);
            }
            other => {
                return Err(format!("{place} has an unknown attribute '{other}' (actw, acip, aclr)"));
            }
        }
    }
    Ok(context)
}

fn wrap_string_list(value: &Value) -> Value {
    match value {
        Value::String(text) => Value::Array(vec![Value::String(text.clone())]),
        other => other.clone(),
    }
}

fn parse_region(value: &Value, place: &str) -> Result<LocationRegion, String> {
    let object = value.as_object().ok_or_else(|| format!("{place} must be an object {{accc, accr}}"))?;
    let mut region = LocationRegion::default();
    for (key, field) in object {
        match key.as_str() {
            "accc" => {
                region.countries = strings(field, &format!("{place}.accc"))?;
                if let Some(bad) =
                    region.countries.iter().find(|c| c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_alphabetic()))
                {
                    return Err(format!("{place}.accc: \"{bad}\" is not a two-letter country code"));
                }
            }
            "accr" => {
                let numbers: Option<Vec<f64>> =
                    field.as_array().map(|items| items.iter().filter_map(Value::as_f64).collect());
                match numbers.as_deref() {
                    Some([lat, lon, radius])
                        if field.as_array().map(Vec::len) == Some(3)
                            && (-90.0..=90.0).contains(lat)
                            && (-180.0..=180.0).contains(lon)
                            && *radius >= 0.0 =>
                    {
                        region.circle = Some(Circle { lat: *lat, lon: *lon, radius: *radius });
                    }
                    _ => {
                        return Err(format!("{place}.accr must be [latitude, longitude, radius in metres]"));
                    }
                }
            }
            other => {
                return Err(format!("{place} has an unknown attribute '{other}' (accc, accr)"));
            }
        }
    }
    Ok(region)
}

/// Which list of a policy was evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PrivilegeSet {
    /// `pv`, for resources linking the policy through `acpi`
    Privileges,
    /// `pvs`, for the policy resource itself
    SelfPrivileges,
}

impl PrivilegeSet {
    /// The attribute's short name.
    pub const fn short_name(self) -> &'static str {
        match self {
            PrivilegeSet::Privileges => "pv",
            PrivilegeSet::SelfPrivileges => "pvs",
        }
    }
}

/// Why one rule did not grant access.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum RuleFailure {
    /// The originator matches no `acor` entry.
    OriginatorNotInAcor { originator: String, acor: Vec<String> },
    /// The `acop` lacks the operation's bit.
    OperationNotGranted { operation: AccessOperation, acop: u32 },
    /// `acaf` is true and the originator is not authenticated.
    AuthenticationRequired,
    /// `acod` limits the rule to other resource types.
    ObjectDetailsMismatch { detail: String },
    /// No `actw` entry matches the current time.
    OutsideTimeWindows { now: String, windows: Vec<String> },
    /// The source IP is missing or outside every `acip` network.
    IpAddressNotAllowed { ip: Option<String>, allowed: Vec<String> },
    /// The location is missing or outside every `aclr` region.
    LocationNotAllowed { location: Option<Location>, regions: Vec<String> },
}

impl fmt::Display for RuleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleFailure::OriginatorNotInAcor { originator, acor } => {
                write!(f, "originator \"{originator}\" is not in acor [{}]", acor.join(", "))
            }
            RuleFailure::OperationNotGranted { operation, acop } => write!(
                f,
                "acop {acop} ({}) lacks the {operation} bit ({})",
                AccessControlOperations::try_from(*acop).map(|a| a.explain()).unwrap_or_default(),
                operation.bit()
            ),
            RuleFailure::AuthenticationRequired => f.write_str("acaf requires an authenticated originator"),
            RuleFailure::ObjectDetailsMismatch { detail } => {
                write!(f, "acod does not cover this request: {detail}")
            }
            RuleFailure::OutsideTimeWindows { now, windows } => {
                write!(f, "time {now} (UTC) is outside every actw window [{}]", windows.join("; "))
            }
            RuleFailure::IpAddressNotAllowed { ip: None, allowed } => {
                write!(f, "the request carries no source IP, acip needs one of [{}]", allowed.join(", "))
            }
            RuleFailure::IpAddressNotAllowed { ip: Some(ip), allowed } => {
                write!(f, "source IP {ip} is outside acip [{}]", allowed.join(", "))
            }
            RuleFailure::LocationNotAllowed { location: None, regions } => {
                write!(f, "the request carries no location, aclr needs [{}]", regions.join("; "))
            }
            RuleFailure::LocationNotAllowed { location: Some(location), regions } => {
                let mut place = Vec::new();
                if let Some(country) = &location.country {
                    place.push(format!("country {country}"));
                }
                if let (Some(lat), Some(lon)) = (location.lat, location.lon) {
                    place.push(format!("({lat}, {lon})"));
                }
                write!(f, "location {} is outside aclr [{}]", place.join(" "), regions.join("; "))
            }
        }
    }
}

/// The evaluation of one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleEvaluation {
    /// Position in `acr`, from 0.
    pub index: usize,
    pub acor: Vec<String>,
    pub acop: u32,
    /// Empty when the rule matched.
    pub failures: Vec<RuleFailure>,
}

impl RuleEvaluation {
    /// Whether the rule grants access.
    pub fn matched(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The evaluation of one policy linked by `acpi` (or the target policy's `pvs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyEvaluation {
    /// The `acpi` entry (or the policy's own ri).
    pub policy: String,
    /// Whether the policy exists; a dangling `acpi` entry grants nothing.
    pub found: bool,
    pub set: PrivilegeSet,
    pub rules: Vec<RuleEvaluation>,
}

/// On what grounds access was decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum DecisionBasis {
    /// Rule `rule` of `policy`'s `pv` or `pvs` matched.
    RuleMatched { policy: String, set: PrivilegeSet, rule: usize },
    /// The governing resource has no `acpi` and the originator created it.
    Creator { creator: String },
    /// The originator is the CSE administrator ([`crate::CseConfig::admin_originator`]), which is
    /// granted every operation on every resource whatever the policies say.
    Administrator,
    /// Rules were evaluated and none matched.
    NoRuleMatched,
    /// No `acpi`, and the originator is neither the creator nor the administrator.
    NoAcpiNotCreator { creator: Option<String> },
    /// Every policy the resource links through `acpi` was deleted, so nothing grants access; only
    /// the CSE administrator can repair the resource (give it a new `acpi`).
    PoliciesMissing { policies: Vec<String>, administrator: String },
}

/// The full, explainable result of an access check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccessDecision {
    pub originator: String,
    pub operation: AccessOperation,
    /// The ri of the request's target.
    pub target: String,
    /// The ri of the resource whose `acpi` (or creator) decided: the parent for a contentInstance.
    pub governed_by: String,
    pub granted: bool,
    pub basis: DecisionBasis,
    pub policies: Vec<PolicyEvaluation>,
    /// Whether this decides a change of the target's `acpi` (an Update carrying `acpi`), which the
    /// selfPrivileges (`pvs`) of the policies the target links now decide, not their `pv`
    /// ([`crate::Cse::explain_acpi_change`]).
    pub acpi_change: bool,
}

impl fmt::Display for AccessDecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.granted { "GRANTED" } else { "DENIED (4103)" };
        let what = if self.acpi_change { "Update of acpi" } else { self.operation.name() };
        write!(f, "{what} for \"{}\" on {}: {verdict}", self.originator, self.target)?;
        if self.governed_by != self.target {
            write!(f, " (a contentInstance uses its parent's policies: {})", self.governed_by)?;
        }
        match &self.basis {
            DecisionBasis::RuleMatched { policy, set, rule } => {
                writeln!(f, "\n  granted by rule {rule} of {}.{}", policy, set.short_name())?
            }
            DecisionBasis::Creator { creator } => {
                writeln!(f, "\n  no acpi: \"{creator}\" created the resource, so it has access")?
            }
            DecisionBasis::Administrator => writeln!(
                f,
                "\n  \"{}\" is the CSE administrator, granted every operation on every resource",
                self.originator
            )?,
            DecisionBasis::NoRuleMatched => writeln!(f, "\n  no rule of any linked policy matched")?,
            DecisionBasis::NoAcpiNotCreator { creator } => writeln!(
                f,
                "\n  no acpi: only the creator ({}) and the CSE administrator have access",
                creator.as_deref().unwrap_or("none")
            )?,
            DecisionBasis::PoliciesMissing { policies, administrator } => writeln!(
                f,
                "\n  every policy it links was deleted ({}): nothing grants access; the CSE administrator ({administrator}) can repair it by setting a new acpi",
                policies.join(", ")
            )?,
        }
        let linked = self.policies.iter().any(|policy| policy.set == PrivilegeSet::Privileges);
        if self.acpi_change && self.policies.iter().any(|policy| policy.set == PrivilegeSet::SelfPrivileges) {
            writeln!(
                f,
                "  changing acpi is decided by the selfPrivileges (pvs) of the policies the resource links now, not by their pv"
            )?;
        } else if self.operation == AccessOperation::Update && linked && !self.acpi_change {
            writeln!(f, "  (an Update that changes acpi is decided by these policies' pvs instead of their pv)")?;
        }
        for policy in &self.policies {
            if !policy.found {
                writeln!(f, "  policy {}: not found, grants nothing", policy.policy)?;
                continue;
            }
            if policy.rules.is_empty() {
                writeln!(f, "  policy {}.{}: no rules", policy.policy, policy.set.short_name())?;
            }
            for rule in &policy.rules {
                if rule.matched() {
                    writeln!(f, "  {}.{} rule {}: matched", policy.policy, policy.set.short_name(), rule.index)?;
                } else {
                    let reasons: Vec<String> = rule.failures.iter().map(ToString::to_string).collect();
                    writeln!(
                        f,
                        "  {}.{} rule {}: {}",
                        policy.policy,
                        policy.set.short_name(),
                        rule.index,
                        reasons.join("; ")
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// What a rule is checked against.
pub(crate) struct RuleInput<'a> {
    pub originator: &'a str,
    pub operation: AccessOperation,
    pub context: &'a OriginatorContext,
    pub now: Timestamp,
    pub target_ty: u32,
    pub target_specialization: Option<&'a str>,
    pub created_ty: Option<u32>,
}

/// Whether `originator` matches an `acor` entry; `in_group` answers what needs the CSE: group
/// membership and other address forms of the originator.
pub(crate) fn originator_matches(entry: &str, originator: &str, in_group: &dyn Fn(&str, &str) -> bool) -> bool {
    if entry == "all" || entry == originator {
        return true;
    }
    if entry.contains('*') {
        return wildcard_matches(entry, originator);
    }
    in_group(entry, originator)
}

/// Glob matching with `*` for any sequence.
pub(crate) fn wildcard_matches(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(position) => rest = &rest[position + part.len()..],
            None => return false,
        }
    }
    true
}

/// Evaluates one rule, listing every reason it fails.
pub(crate) fn evaluate_rule(
    index: usize,
    rule: &AccessControlRule,
    input: &RuleInput<'_>,
    in_group: &dyn Fn(&str, &str) -> bool,
) -> RuleEvaluation {
    let mut failures = Vec::new();
    if !rule.originators.iter().any(|entry| originator_matches(entry, input.originator, in_group)) {
        failures.push(RuleFailure::OriginatorNotInAcor {
            originator: input.originator.to_owned(),
            acor: rule.originators.clone(),
        });
    }
    if !rule.operations.allows(input.operation) {
        failures.push(RuleFailure::OperationNotGranted { operation: input.operation, acop: rule.operations.value() });
    }
    if rule.authentication_required && !input.context.authenticated {
        failures.push(RuleFailure::AuthenticationRequired);
    }
    if !rule.object_details.is_empty() && !rule.object_details.iter().any(|detail| object_details_match(detail, input))
    {
        failures.push(RuleFailure::ObjectDetailsMismatch {
            detail: format!(
                "target type {}{}",
                input.target_ty,
                input.created_ty.map(|ty| format!(", created type {ty}")).unwrap_or_default()
            ),
        });
    }
    for context in &rule.contexts {
        if !context.time_windows.is_empty() && !context.time_windows.iter().any(|window| window.matches(input.now)) {
            failures.push(RuleFailure::OutsideTimeWindows {
                now: input.now.to_onem2m_seconds(),
                windows: context.time_windows.iter().map(|w| w.text().to_owned()).collect(),
            });
        }
        if let Some(networks) = &context.ip_networks {
            let ip: Option<IpAddr> = input.context.ip.as_deref().and_then(|text| text.trim().parse().ok());
            if !ip.is_some_and(|ip| networks.iter().any(|network| network.contains(ip))) {
                failures.push(RuleFailure::IpAddressNotAllowed {
                    ip: input.context.ip.clone(),
                    allowed: networks.iter().map(ToString::to_string).collect(),
                });
            }
        }
        if let Some(regions) = &context.regions {
            let inside = input
                .context
                .location
                .as_ref()
                .is_some_and(|location| regions.iter().any(|region| region.contains(location)));
            if !inside {
                failures.push(RuleFailure::LocationNotAllowed {
                    location: input.context.location.clone(),
                    regions: regions.iter().map(ToString::to_string).collect(),
                });
            }
        }
    }
    RuleEvaluation { index, acor: rule.originators.clone(), acop: rule.operations.value(), failures }
}

fn object_details_match(detail: &ObjectDetails, input: &RuleInput<'_>) -> bool {
    detail.ty.is_none_or(|ty| ty == input.target_ty)
        && detail.specialization.as_deref().is_none_or(|s| Some(s) == input.target_specialization)
        && (detail.child_types.is_empty() || input.created_ty.is_some_and(|ty| detail.child_types.contains(&ty)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cidr_blocks_match_v4_and_v6() {
        let net = IpNetwork::parse("192.168.1.0/24").unwrap();
        assert!(net.contains("192.168.1.77".parse().unwrap()));
        assert!(!net.contains("192.168.2.1".parse().unwrap()));
        assert!(net.contains("::ffff:192.168.1.5".parse().unwrap()), "IPv4-mapped IPv6");
        let v6 = IpNetwork::parse("2001:db8::/32").unwrap();
        assert!(v6.contains("2001:db8:1::1".parse().unwrap()));
        assert!(!v6.contains("2001:db9::1".parse().unwrap()));
        assert!(IpNetwork::parse("0.0.0.0/0").unwrap().contains("8.8.8.8".parse().unwrap()));
        assert!(IpNetwork::parse("10.0.0.1/33").is_err());
        assert!(IpNetwork::parse("not-an-ip").is_err());
    }

    #[test]
    fn haversine_paris_to_london() {
        let d = haversine_metres(48.8566, 2.3522, 51.5074, -0.1278);
        assert!((d - 343_500.0).abs() < 2_000.0, "{d}");
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_matches("C*", "Csensor"));
        assert!(wildcard_matches("*sensor*", "Cmysensor1"));
        assert!(!wildcard_matches("C*x", "Cab"));
        assert!(wildcard_matches("*", ""));
    }

    #[test]
    fn policies_parse_and_errors_name_the_place() {
        let policy = AccessControlPolicy::from_json(
            &json!({"acr": [{"acor": ["all"], "acop": 2, "acco": [{"actw": ["* * 8-17 * * 1-5 *"], "acip": {"ipv4": ["10.0.0.0/8"]}, "aclr": {"accc": ["FR"], "accr": [48.85, 2.35, 1000]}}]}]}),
            &json!({"acr": [{"acor": ["CAdmin"], "acop": 63}]}),
        )
        .unwrap();
        assert_eq!(policy.privileges[0].contexts[0].time_windows.len(), 1);
        let error =
            AccessControlPolicy::from_json(&json!({"acr": [{"acor": ["x"], "acop": 64}]}), &json!({})).unwrap_err();
        assert!(error.contains("pv.acr[0].acop"), "{error}");
        let error = AccessControlPolicy::from_json(&json!({"acr": [{"acop": 2}]}), &json!({})).unwrap_err();
        assert!(error.contains("acor is mandatory"), "{error}");
        let error = AccessControlPolicy::from_json(
            &json!({"acr": []}),
            &json!({"acr": [{"acor": ["a"], "acop": 1, "acco": [{"acip": {"ipv4": ["::1"]}}]}]}),
        )
        .unwrap_err();
        assert!(error.contains("pvs.acr[0].acco[0].acip.ipv4"), "{error}");
    }
}
