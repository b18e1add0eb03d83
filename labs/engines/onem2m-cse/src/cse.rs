//! The CSE: configuration, state, addressing and request dispatch.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::acop::AccessOperation;
use crate::identifier::IdGenerator;
use crate::limits::{Limits, characters, deeper_than};
use crate::notification::{NotificationTransport, OutgoingNotification, SimulatedTransport};
use crate::policy::AccessControlPolicy;
use crate::primitive::{Operation, Request, Response};
use crate::resource::{Resource, ResourceType};
use crate::status::ResponseStatusCode as Rsc;
use crate::time::Timestamp;
use crate::trace::{TraceEvent, TraceKind};
use crate::tree::Tree;
use crate::types::{DeviceManagement, simulated_device};
use crate::verification::{Collected, PendingId, PendingRequest};

/// How the CSE is set up. Everything that would otherwise be random or environmental is here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CseConfig {
    /// The CSE-ID, starting with '/', e.g. "/id-in".
    pub cse_id: String,
    /// The CSEBase resource name, e.g. "cse-in".
    pub cse_name: String,
    /// The service provider ID used by absolute addresses `//<sp_id>/<cse-id>/...`.
    pub sp_id: String,
    /// cseType: 1 IN-CSE, 2 MN-CSE, 3 ASN-CSE.
    pub cse_type: u8,
    /// The originator with administrator rights, e.g. "CAdmin".
    pub admin_originator: String,
    /// Seed of the identifier generator.
    pub seed: u64,
    /// Release versions accepted in `rvi` (others get 4001).
    pub supported_release_versions: Vec<String>,
    /// The CSEBase's points of access (shown in `poa`).
    pub poa: Vec<String>,
    /// Lifetime given to resources created without `et`; `None` means they never expire.
    pub default_lifetime_seconds: Option<u64>,
    /// Create the CSEBase policy (`acpCSEBase`): everyone may retrieve and discover the CSEBase,
    /// the administrator may do anything. Without it only the administrator can reach the CSEBase.
    pub cse_base_policy: bool,
    /// How many trace events to keep (oldest dropped first); 0 turns the trace off.
    pub trace_capacity: usize,
    /// How many undelivered notifications to keep (oldest dropped first).
    pub notification_capacity: usize,
    /// Bounds on request content (nesting depth, name and label lengths, list sizes): 4000 over
    /// a bound. Snapshots written before it existed load with the defaults.
    #[serde(default)]
    pub limits: Limits,
}

impl Default for CseConfig {
    fn default() -> Self {
        CseConfig {
            cse_id: "/id-in".into(),
            cse_name: "cse-in".into(),
            sp_id: "example.org".into(),
            cse_type: 1,
            admin_originator: "CAdmin".into(),
            seed: 0x6F6E_654D_324D,
            supported_release_versions: vec!["2a".into(), "3".into(), "4".into(), "5".into()],
            poa: Vec::new(),
            default_lifetime_seconds: Some(365 * 24 * 3600),
            cse_base_policy: true,
            trace_capacity: 10_000,
            notification_capacity: 10_000,
            limits: Limits::default(),
        }
    }
}

/// What a request's `to` points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Resource(String),
    /// `<container>/la`
    Latest(String),
    /// `<container>/ol`
    Oldest(String),
    /// `<group>/fopt[/rest]`
    FanOut {
        group: String,
        rest: String,
    },
}

/// A simulated oneM2M CSE. See the crate documentation for the contract.
#[derive(Debug, Clone)]
pub struct Cse {
    pub(crate) config: CseConfig,
    pub(crate) ids: IdGenerator,
    /// resources, children, names and expiry
    pub(crate) tree: Tree,
    /// parsed policies by ri
    pub(crate) policies: BTreeMap<String, AccessControlPolicy>,
    /// subscribed-to resource ri -> its subscriptions, in creation order
    pub(crate) subscriptions: BTreeMap<String, Vec<String>>,
    pub(crate) cse_base: String,
    pub(crate) notifications: VecDeque<OutgoingNotification>,
    pub(crate) trace: VecDeque<TraceEvent>,
    pub(crate) trace_sequence: u64,
    pub(crate) notification_sequence: u64,
    pub(crate) depth: u8,
    /// Evaluates `smf` semantic filters; `None` answers them 5001. Not part of snapshots.
    pub(crate) semantic_matcher: Option<SemanticMatcher>,
    /// Evaluates semantic queries (`smf` with rcn=10); `None` answers them 5001. Not part of snapshots.
    pub(crate) semantic_query: Option<SemanticQuery>,
    /// Acts on mgmtObj triggers (`ud`, `rbo`...). Not part of snapshots.
    pub(crate) device_management: DeviceManagement,
    /// Requests waiting for verification answers (`submit`), oldest first; part of snapshots.
    pub(crate) pending: Vec<PendingRequest>,
    pub(crate) pending_sequence: u64,
    /// Responses of completed pending requests, for `poll_completed`.
    pub(crate) completed: VecDeque<(PendingId, Response)>,
    /// While `submit` runs a request: the verification requests it needs.
    pub(crate) collecting: Option<Collected>,
    /// While a pending request completes: the subscription's reserved resource ID.
    pub(crate) reserved_ri: Option<String>,
    /// While a pending request completes: verification answers come from the recorded outcomes.
    pub(crate) replaying_verification: bool,
}

/// Decides whether a semantic descriptor matches a SPARQL query (the `smf` of filterCriteria).
///
/// Arguments: the query text, the descriptor's RDF text (the `dsp` decoded from base64) and its
/// `dcrp` format code (5 = RDF/Turtle, see TS-0034). `Ok(true)` when the query finds a result in
/// that descriptor; `Err(message)` when the query itself is wrong (answered 4000 BAD_REQUEST with
/// the message). A descriptor that cannot be read should give `Ok(false)`, not an error. The engine
/// stays free of any RDF library: the caller plugs one in with [`Cse::set_semantic_matcher`]
/// (the ontology lab uses `onem2m_ontology::descriptor_matches`).
pub type SemanticMatcher = fn(query: &str, descriptor: &str, dcrp: u64) -> Result<bool, String>;

/// Evaluates a semantic query (the `smf` of a Retrieve with rcn=10) over several semantic
/// descriptors at once, as one graph: their RDF merge.
///
/// Arguments: the query text and, per descriptor, the described resource (the semanticDescriptor's
/// parent, as a structured address), the descriptor's RDF text (its `dsp` decoded) and its `dcrp`.
/// `Ok(result)` is the query's answer as text, which the CSE returns as `m2m:qres`; `Err(message)`
/// when the query itself is wrong (answered 4000). Descriptors that cannot be read should be left
/// out, not fail the query. The ontology lab and the workshop server plug in
/// `onem2m_ontology::qres_evaluator` (the answer is a W3C SPARQL 1.1 JSON results document).
pub type SemanticQuery = fn(query: &str, descriptors: &[(&str, &str, u64)]) -> Result<String, String>;

/// Why a request failed: becomes an error [`Response`] with `m2m:dbg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub rsc: Rsc,
    pub message: String,
    /// Not an error: the request waits for verification answers (`submit`; never answered so).
    pub waiting: bool,
}

/// Internal result of request processing.
pub(crate) type Outcome<T> = Result<T, Failure>;

/// The resource type whose representation `content` is (`{"m2m:cnt": {...}}`), if it is one.
fn resource_representation(content: &Value) -> Option<ResourceType> {
    let object = content.as_object().filter(|object| object.len() == 1)?;
    let key = object.keys().next()?;
    crate::types::all().iter().find(|spec| key.starts_with("m2m:") && spec.accepts_wrapper(key)).map(|spec| spec.ty)
}

/// The hosted resource type `ty` names for `purpose` ("the created resource", "memberType (mt)"...):
/// 5001 for a type of the specification this CSE does not host, 4000 for a number that is none.
pub(crate) fn hosted_type(ty: u32, purpose: &str) -> Outcome<ResourceType> {
    match ResourceType::hosted(ty) {
        Ok(hosted) => Ok(hosted),
        Err(true) => fail(
            Rsc::NotImplemented,
            format!("resource type {ty} ({purpose}) is defined by oneM2M but not implemented by this CSE"),
        ),
        Err(false) => fail(Rsc::BadRequest, format!("{ty} ({purpose}) is not a oneM2M resource type")),
    }
}

/// An absolute timestamp parameter (`rqet`, `rset`, `oet`); `None` for the relative form (a number
/// of milliseconds, relative to a sending time this CSE does not know); 4000 when malformed.
pub(crate) fn absolute_time(text: &str, name: &str) -> Outcome<Option<Timestamp>> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    match Timestamp::parse_onem2m(text) {
        Some(time) => Ok(Some(time)),
        None => fail(Rsc::BadRequest, format!("{name} \"{text}\" is not a timestamp YYYYMMDDTHHMMSS")),
    }
}

pub(crate) fn fail<T>(rsc: Rsc, message: impl Into<String>) -> Outcome<T> {
    Err(Failure { rsc, message: message.into(), waiting: false })
}

impl Cse {
    /// A CSE with only its CSEBase (and the CSEBase policy unless disabled), created at `now`.
    pub fn new(config: CseConfig, now: Timestamp) -> Self {
        let cse_base = config.cse_id.trim_start_matches('/').to_owned();
        let mut cse = Cse {
            ids: IdGenerator::new(config.seed),
            tree: Tree::default(),
            policies: BTreeMap::new(),
            subscriptions: BTreeMap::new(),
            cse_base: cse_base.clone(),
            notifications: VecDeque::new(),
            trace: VecDeque::new(),
            trace_sequence: 0,
            notification_sequence: 0,
            depth: 0,
            semantic_matcher: None,
            semantic_query: None,
            device_management: simulated_device,
            pending: Vec::new(),
            pending_sequence: 0,
            completed: VecDeque::new(),
            collecting: None,
            reserved_ri: None,
            replaying_verification: false,
            config,
        };
        let mut attributes = Map::new();
        attributes.insert("csi".into(), json!(cse.config.cse_id));
        attributes.insert("cst".into(), json!(cse.config.cse_type));
        attributes.insert("srt".into(), json!(ResourceType::all().map(|t| t.ty()).collect::<Vec<_>>()));
        attributes.insert("srv".into(), json!(cse.config.supported_release_versions));
        attributes.insert("poa".into(), json!(cse.config.poa));
        cse.insert(Resource {
            ty: ResourceType::CseBase,
            ri: cse_base.clone(),
            rn: cse.config.cse_name.clone(),
            pi: String::new(),
            ct: now,
            lt: now,
            et: None,
            lbl: Vec::new(),
            acpi: Vec::new(),
            st: None,
            cr: None,
            cr_requested: false,
            specialization: None,
            attributes,
        });
        if cse.config.cse_base_policy {
            let ri = cse.ids.resource_id("acp");
            let admin = cse.config.admin_originator.clone();
            let pv = json!({"acr": [{"acor": ["all"], "acop": 34}, {"acor": [admin], "acop": 63}]});
            let pvs = json!({"acr": [{"acor": [admin], "acop": 63}]});
            let mut attributes = Map::new();
            attributes.insert("pv".into(), pv);
            attributes.insert("pvs".into(), pvs);
            cse.insert(Resource {
                ty: ResourceType::AccessControlPolicy,
                ri: ri.clone(),
                rn: "acpCSEBase".into(),
                pi: cse_base.clone(),
                ct: now,
                lt: now,
                et: None,
                lbl: Vec::new(),
                acpi: Vec::new(),
                st: None,
                cr: Some(cse.config.admin_originator.clone()),
                cr_requested: false,
                specialization: None,
                attributes,
            });
            if let Some(base) = cse.tree.resources.get_mut(&cse_base) {
                base.acpi = vec![ri];
            }
        }
        cse
    }

    /// The configuration.
    /// Plugs in (or removes, with `None`) the evaluator of `smf` semantic filters. Without one,
    /// a request with `smf` is answered 5001 NOT_IMPLEMENTED. The matcher is configuration of
    /// the running engine, not state: [`Cse::snapshot`] does not record it and [`Cse::restore`]
    /// starts without one.
    pub fn set_semantic_matcher(&mut self, matcher: Option<SemanticMatcher>) {
        self.semantic_matcher = matcher;
    }

    /// Plugs in (or removes, with `None`) the evaluator of semantic queries (`smf` with rcn=10).
    /// Without one, a semantic query is answered 5001 NOT_IMPLEMENTED. Like the matcher, it is
    /// configuration, not snapshot state.
    pub fn set_semantic_query(&mut self, evaluator: Option<SemanticQuery>) {
        self.semantic_query = evaluator;
    }

    /// Plugs in the device-management layer that acts on mgmtObj triggers (`ud`, `in`, `rbo`...):
    /// a lab simulates the device, a server may log or forward. The default,
    /// [`crate::simulated_device`], succeeds. Configuration, not snapshot state.
    pub fn set_device_management(&mut self, hook: DeviceManagement) {
        self.device_management = hook;
    }

    /// The evaluator of `smf` semantic filters, if one is plugged in.
    pub fn semantic_matcher(&self) -> Option<SemanticMatcher> {
        self.semantic_matcher
    }

    pub fn config(&self) -> &CseConfig {
        &self.config
    }

    /// Bounds for the requests from now on (e.g. a host's configuration applied to a restored CSE);
    /// what was accepted under other bounds stays. Part of snapshots, as the whole configuration.
    pub fn set_limits(&mut self, limits: Limits) {
        self.config.limits = limits;
    }

    /// The CSEBase's ri (the CSE-ID without '/').
    pub fn cse_base_ri(&self) -> &str {
        &self.cse_base
    }

    /// A resource by ri.
    pub fn resource(&self, ri: &str) -> Option<&Resource> {
        self.tree.resources.get(ri)
    }

    /// Every resource, by ri.
    pub fn resources(&self) -> impl Iterator<Item = &Resource> {
        self.tree.resources.values()
    }

    /// The number of resources, CSEBase included.
    pub fn resource_count(&self) -> usize {
        self.tree.resources.len()
    }

    /// The ris of a resource's children, in creation order.
    pub fn children_of(&self, ri: &str) -> &[String] {
        self.tree.children.get(ri).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The structured CSE-relative address of a resource, e.g. "cse-in/lamp/state".
    pub fn structured_path(&self, ri: &str) -> Option<String> {
        let mut names = Vec::new();
        let mut current = self.tree.resources.get(ri)?;
        loop {
            names.push(current.rn.as_str());
            if current.pi.is_empty() {
                break;
            }
            current = self.tree.resources.get(&current.pi)?;
            if names.len() > 10_000 {
                return None;
            }
        }
        names.reverse();
        Some(names.join("/"))
    }

    /// The ri an address resolves to (virtual `la`/`ol` resolve to the contentInstance, `fopt` to the group).
    pub fn resolve_address(&self, address: &str) -> Option<String> {
        match self.resolve(address).ok()? {
            Target::Resource(ri) | Target::FanOut { group: ri, .. } => Some(ri),
            Target::Latest(container) => self.latest_instance(&container),
            Target::Oldest(container) => self.oldest_instance(&container),
        }
    }

    /// Handles one request. Verification requests are answered by [`SimulatedTransport`]
    /// (registered AEs with a `poa` accept; URIs are accepted and get their notifications through
    /// [`Cse::poll_notifications`]).
    pub fn handle_request(&mut self, request: Request, now: Timestamp) -> Response {
        self.handle_request_with(request, now, &mut SimulatedTransport)
    }

    /// Handles one request; `transport` answers subscription verification requests synchronously.
    pub fn handle_request_with(
        &mut self,
        request: Request,
        now: Timestamp,
        transport: &mut dyn NotificationTransport,
    ) -> Response {
        self.advance(now);
        self.depth = 0;
        self.handle_traced(&request, now, transport)
    }

    /// The next notification to deliver, oldest first.
    pub fn poll_notifications(&mut self) -> Option<OutgoingNotification> {
        self.notifications.pop_front()
    }

    /// The next trace event, oldest first.
    pub fn poll_trace(&mut self) -> Option<TraceEvent> {
        self.trace.pop_front()
    }

    /// The next instant at which the engine needs the clock: the earliest expiry (`et`, or a
    /// contentInstance's `mia`). A shell arms a timer on it and calls [`Cse::advance`] then, so
    /// expiry and its notifications happen on time without other traffic. `None`: nothing is due.
    pub fn poll_timeout(&self) -> Option<Timestamp> {
        match (self.tree.next_expiry(), self.next_pending_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Brings the engine to `now`: removes everything whose expiration time (`et`, or a
    /// contentInstance's `mia`) is at or before `now`, notifying subscribers, and completes pending
    /// verifications whose deadline passed. Called at the start of every request; a shell also
    /// calls it when the timer it armed from [`Cse::poll_timeout`] fires.
    pub fn advance(&mut self, now: Timestamp) {
        self.expire_resources(now);
        self.expire_pending(now);
    }

    /// Removes what expired at or before `now`, with notifications.
    pub(crate) fn expire_resources(&mut self, now: Timestamp) {
        while let Some(ri) = self.tree.take_expired(now) {
            let Some(resource) = self.tree.resources.get(&ri) else {
                continue;
            };
            let path = self.structured_path(&ri).unwrap_or_default();
            let ty = resource.ty;
            self.record(now, TraceKind::Expired { ri: ri.clone(), ty, path });
            self.delete_subtree(&ri, now);
        }
    }

    pub(crate) fn record(&mut self, at: Timestamp, kind: TraceKind) {
        if self.config.trace_capacity == 0 {
            return;
        }
        while self.trace.len() >= self.config.trace_capacity {
            self.trace.pop_front();
        }
        self.trace.push_back(TraceEvent { sequence: self.trace_sequence, at, depth: self.depth, kind });
        self.trace_sequence += 1;
    }

    pub(crate) fn push_notification(&mut self, notification: OutgoingNotification) {
        self.record(notification.at, TraceKind::Notification(Box::new(notification.clone())));
        while self.notifications.len() >= self.config.notification_capacity.max(1) {
            self.notifications.pop_front();
        }
        self.notifications.push_back(notification);
    }

    /// Processes a request and records it and its response in the trace.
    pub(crate) fn handle_traced(
        &mut self,
        request: &Request,
        now: Timestamp,
        transport: &mut dyn NotificationTransport,
    ) -> Response {
        self.record(now, TraceKind::Request(Box::new(request.clone())));
        let result = self.process(request, now, transport);
        self.finish(request, result, now)
    }

    /// The response to `request` from its processing, with the fields every response carries,
    /// recorded in the trace.
    pub(crate) fn finish(&mut self, request: &Request, result: Outcome<Response>, now: Timestamp) -> Response {
        let response = self.fill_response(request, result, now);
        self.record(now, TraceKind::Response(Box::new(response.clone())));
        response
    }

    /// The response to `request` from its processing, with the fields every response carries.
    pub(crate) fn fill_response(&self, request: &Request, result: Outcome<Response>, now: Timestamp) -> Response {
        let mut response = result.unwrap_or_else(|failure| Response::error(failure.rsc, failure.message));
        response.rqi = request.rqi.clone();
        response.to = Some(request.fr.clone());
        response.fr = Some(self.config.cse_id.clone());
        response.rvi = request.rvi.clone();
        response.ot = Some(now.to_onem2m());
        response.rset = request.rset.clone();
        response.ec = request.ec.clone();
        response
    }

    pub(crate) fn process(
        &mut self,
        request: &Request,
        now: Timestamp,
        transport: &mut dyn NotificationTransport,
    ) -> Outcome<Response> {
        // only an AE registration may leave its originator empty (the CSE then assigns the AE-ID)
        let registers_an_ae = request.op == Operation::Create && request.ty == Some(ResourceType::Ae.ty());
        if request.fr.trim().is_empty() && !registers_an_ae {
            return fail(
                Rsc::BadRequest,
                "the originator (fr; the X-M2M-Origin header over HTTP) is required; only an AE registration (Create with ty=2) may leave it empty",
            );
        }
        let limits = &self.config.limits;
        if characters(&request.fr) > limits.max_text_length {
            return fail(
                Rsc::BadRequest,
                format!("the originator (fr) is longer than {} characters (max_text_length)", limits.max_text_length),
            );
        }
        let depth = limits.max_content_depth;
        if request.pc.as_ref().is_some_and(|pc| deeper_than(pc, depth))
            || request.fc.as_ref().is_some_and(|fc| fc.atr.iter().any(|atr| deeper_than(&atr.val, depth)))
        {
            return fail(
                Rsc::BadRequest,
                format!(
                    "the content nests objects and arrays more than {depth} levels deep (max_content_depth), which this CSE does not accept"
                ),
            );
        }
        if let Some(rvi) = &request.rvi
            && !self.config.supported_release_versions.iter().any(|v| v == rvi)
        {
            return fail(
                Rsc::ReleaseVersionNotSupported,
                format!(
                    "release version \"{rvi}\" is not supported; this CSE supports {}",
                    self.config.supported_release_versions.join(", ")
                ),
            );
        }
        if let Some(rqet) = &request.rqet {
            let is_relative = !rqet.is_empty() && rqet.bytes().all(|b| b.is_ascii_digit());
            if !is_relative {
                match Timestamp::parse_onem2m(rqet) {
                    Some(expires) if expires <= now => {
                        return fail(
                            Rsc::RequestTimeout,
                            format!(
                                "the request expired at {rqet} (rqet), before it was processed at {}",
                                now.to_onem2m_seconds()
                            ),
                        );
                    }
                    Some(_) => {}
                    None => {
                        return fail(Rsc::BadRequest, format!("rqet \"{rqet}\" is not a timestamp YYYYMMDDTHHMMSS"));
                    }
                }
            }
        }
        if let Some(rset) = &request.rset
            && let Some(expires) = absolute_time(rset, "rset")?
            && expires <= now
        {
            return fail(
                Rsc::RequestTimeout,
                format!(
                    "the result expired at {rset} (rset), before the request was processed at {}",
                    now.to_onem2m_seconds()
                ),
            );
        }
        if let Some(oet) = &request.oet
            && let Some(execute_at) = absolute_time(oet, "oet")?
            && execute_at > now
        {
            let rqet = request.rqet.as_deref().and_then(Timestamp::parse_onem2m);
            if rqet.is_some_and(|rqet| rqet <= execute_at) {
                return fail(
                    Rsc::RequestTimeout,
                    format!(
                        "the operation execution time {oet} (oet) is not before the request expires (rqet {}): it could never run",
                        request.rqet.as_deref().unwrap_or_default()
                    ),
                );
            }
            return fail(
                Rsc::NotImplemented,
                format!(
                    "the operation execution time {oet} (oet) is in the future (now {}): this CSE runs a request when it \
                     is handed over, so the shell holds it until then (Request::deferred_until)",
                    now.to_onem2m_seconds()
                ),
            );
        }
        if let Some(rt) = &request.rt
            && !matches!(rt.rtv, 1 | 3 | 4)
        {
            return fail(
                Rsc::NotImplemented,
                format!(
                    "response type {} is not implemented: this CSE answers blocking requests (rtv 3) and non-blocking \
                     synchronous ones (rtv 1, with a <request> resource to retrieve the result from)",
                    rt.rtv
                ),
            );
        }
        if let Some(fc) = &request.fc {
            // a semantic query (rcn=10) needs the query evaluator instead, checked where it is answered
            if fc.smf.is_some() && request.rcn != Some(10) && self.semantic_matcher.is_none() {
                return fail(
                    Rsc::NotImplemented,
                    "semantic filters (smf) need a SPARQL engine, and none is plugged into this CSE",
                );
            }
            match fc.fu {
                None | Some(1) | Some(2) => {}
                Some(3) => {
                    return fail(Rsc::NotImplemented, "fu=3 (IPE on-demand discovery) is not implemented");
                }
                Some(other) => {
                    return fail(
                        Rsc::BadRequest,
                        format!(
                            "fu {other} is not a filterUsage (1 discovery, 2 conditional retrieval, 3 IPE on-demand)"
                        ),
                    );
                }
            }
            if let Some(unknown) = fc.ty.iter().chain(&fc.chty).find(|ty| !ResourceType::is_specified(**ty)) {
                return fail(
                    Rsc::BadRequest,
                    format!("{unknown} in filterCriteria ty/chty is not a oneM2M resource type"),
                );
            }
            if let Some(fo) = fc.fo
                && !matches!(fo, 1 | 2)
            {
                return fail(Rsc::BadRequest, format!("fo {fo} is not a filterOperation (1 AND, 2 OR)"));
            }
        }
        if let Some(drt) = request.drt
            && !matches!(drt, 1 | 2)
        {
            return fail(
                Rsc::BadRequest,
                format!("drt {drt} is not a discovery result type (1 structured, 2 unstructured)"),
            );
        }
        if request.to.trim().ends_with('/') {
            return fail(
                Rsc::BadRequest,
                format!("the target address \"{}\" ends with '/': name the resource without it", request.to.trim()),
            );
        }
        let originator = self.normalize_originator(&request.fr);
        if request.rt.as_ref().is_some_and(|rt| rt.rtv == 1) && self.depth == 0 {
            // non-blocking synchronous: run it now, keep the outcome in a <request>, answer 1001
            let mut blocking = request.clone();
            blocking.rt = None;
            let result = self.process(&blocking, now, transport);
            if let Err(failure) = &result
                && failure.waiting
            {
                // its verification is pending (`submit`): the whole request waits
                return result;
            }
            let outcome = self.fill_response(&blocking, result, now);
            let ri = crate::types::record_request(self, request, &originator, &outcome, now);
            let mut accepted = Response::new(Rsc::AcceptedNonBlockingRequestSynch);
            accepted.pc = Some(json!({ "m2m:uri": ri }));
            return Ok(accepted);
        }
        let target = self.resolve(&request.to)?;
        if let Target::FanOut { group, rest } = &target {
            return self.fan_out(request, &originator, group, rest, now, transport);
        }
        match request.op {
            Operation::Create => self.create(request, &originator, target, now, transport),
            Operation::Retrieve => self.retrieve(request, &originator, target, now),
            Operation::Update => self.update(request, &originator, target, now, transport),
            Operation::Delete => self.delete(request, &originator, target, now),
            Operation::Notify => self.forward_notify(request, &originator, target, now),
        }
    }

    /// `/id-in/Cxyz` and `//sp/id-in/Cxyz` name the local `Cxyz`.
    pub(crate) fn normalize_originator(&self, fr: &str) -> String {
        let fr = fr.trim();
        let absolute_prefix = format!("//{}{}/", self.config.sp_id, self.config.cse_id);
        let relative_prefix = format!("{}/", self.config.cse_id);
        if let Some(rest) = fr.strip_prefix(&absolute_prefix).filter(|rest| !rest.is_empty()) {
            return rest.to_owned();
        }
        if let Some(rest) = fr.strip_prefix(&relative_prefix).filter(|rest| !rest.is_empty()) {
            return rest.to_owned();
        }
        fr.to_owned()
    }

    /// Turns any address form into a CSE-relative path (`cse-in/...` or `<ri>/...`).
    fn cse_relative_path(&self, to: &str) -> Outcome<String> {
        let to = to.trim();
        let to: String = if let Some(rest) = to.strip_prefix("/_/").or_else(|| to.strip_prefix("_/")) {
            format!("//{rest}")
        } else if let Some(rest) = to.strip_prefix("/~/").or_else(|| to.strip_prefix("~/")) {
            format!("/{rest}")
        } else {
            to.to_owned()
        };
        let sp_relative: String = if let Some(rest) = to.strip_prefix("//") {
            let (sp, rest) = rest.split_once('/').unwrap_or((rest, ""));
            if sp != self.config.sp_id {
                return fail(
                    Rsc::TargetNotReachable,
                    format!(
                        "service provider \"{sp}\" is not this CSE's ({}); this CSE cannot forward requests",
                        self.config.sp_id
                    ),
                );
            }
            format!("/{rest}")
        } else {
            to
        };
        if let Some(rest) = sp_relative.strip_prefix('/') {
            let (first, remainder) = rest.split_once('/').unwrap_or((rest, ""));
            if first == self.cse_base {
                return Ok(if remainder.is_empty() { self.config.cse_name.clone() } else { remainder.to_owned() });
            }
            if first == self.config.cse_name {
                return Ok(rest.to_owned());
            }
            return fail(
                Rsc::TargetNotReachable,
                format!("\"/{first}\" is another CSE; this CSE ({}) cannot forward requests", self.config.cse_id),
            );
        }
        if sp_relative.is_empty() {
            return fail(Rsc::BadRequest, "the target address (to) is empty");
        }
        Ok(sp_relative)
    }

    /// Resolves an address (structured or unstructured; CSE-relative, SP-relative or absolute).
    pub(crate) fn resolve(&self, to: &str) -> Outcome<Target> {
        let path = self.cse_relative_path(to)?;
        let path = path.strip_suffix('/').unwrap_or(&path);
        let mut segments = path.split('/');
        let first = segments.next().unwrap_or_default();
        // `-` stands for the CSEBase's name in structured addresses (`-/myAE`, `/id-in/-/myAE`, ...)
        let mut current = if first == self.config.cse_name || first == "-" {
            self.cse_base.clone()
        } else if self.tree.resources.contains_key(first) {
            first.to_owned()
        } else {
            return fail(
                Rsc::NotFound,
                format!(
                    "no resource \"{first}\": neither the CSEBase name ({}) nor a resource ID",
                    self.config.cse_name
                ),
            );
        };
        let rest: Vec<&str> = segments.collect();
        for (index, segment) in rest.iter().enumerate() {
            if let Some(child) = self.tree.names.get(&(current.clone(), (*segment).to_owned())) {
                current = child.clone();
                continue;
            }
            let ty = self.tree.resources.get(&current).map(|r| r.ty);
            let last = index + 1 == rest.len();
            let is_virtual = ty.is_some_and(|ty| ty.spec().virtual_children.contains(segment));
            match *segment {
                "la" if is_virtual && last => {
                    return Ok(Target::Latest(current));
                }
                "ol" if is_virtual && last => {
                    return Ok(Target::Oldest(current));
                }
                "fopt" if is_virtual => {
                    return Ok(Target::FanOut { group: current, rest: rest[index + 1..].join("/") });
                }
                _ => {
                    let parent = self.structured_path(&current).unwrap_or_default();
                    return fail(Rsc::NotFound, format!("\"{parent}\" has no child named \"{segment}\""));
                }
            }
        }
        Ok(Target::Resource(current))
    }

    pub(crate) fn latest_instance(&self, container: &str) -> Option<String> {
        self.children_of(container)
            .iter()
            .rev()
            .find(|ri| self.ty_of(ri) == Some(ResourceType::ContentInstance))
            .cloned()
    }

    pub(crate) fn oldest_instance(&self, container: &str) -> Option<String> {
        self.children_of(container).iter().find(|ri| self.ty_of(ri) == Some(ResourceType::ContentInstance)).cloned()
    }

    pub(crate) fn ty_of(&self, ri: &str) -> Option<ResourceType> {
        self.tree.resources.get(ri).map(|r| r.ty)
    }

    /// The ri of an existing resource at `address`, or the error response.
    pub(crate) fn target_resource(&self, target: Target) -> Outcome<String> {
        match target {
            Target::Resource(ri) | Target::FanOut { group: ri, .. } => Ok(ri),
            Target::Latest(container) => self
                .latest_instance(&container)
                .map_or_else(|| fail(Rsc::NotFound, "the container has no contentInstance, so la does not exist"), Ok),
            Target::Oldest(container) => self
                .oldest_instance(&container)
                .map_or_else(|| fail(Rsc::NotFound, "the container has no contentInstance, so ol does not exist"), Ok),
        }
    }

    /// Inserts a resource and maintains the indexes (the tree's, then the type's own).
    pub(crate) fn insert(&mut self, resource: Resource) {
        let ri = resource.ri.clone();
        if let Some(on_insert) = resource.ty.spec().hooks.on_insert {
            on_insert(self, &resource);
        }
        self.tree.attach(resource);
        self.reindex_expiry(&ri);
    }

    /// Recomputes the expiry index entry of one resource: `et`, or an earlier expiry its type
    /// adds (a contentInstance's `ct + mia` of its container).
    pub(crate) fn reindex_expiry(&mut self, ri: &str) {
        let Some(resource) = self.tree.resources.get(ri) else {
            self.tree.set_expiry(ri, None);
            return;
        };
        let mut when = resource.et;
        if let Some(expiry) = resource.ty.spec().hooks.expiry
            && let Some(aged) = expiry(self, resource)
        {
            when = Some(when.map_or(aged, |et| et.min(aged)));
        }
        self.tree.set_expiry(ri, when);
    }

    /// Removes one resource (not its children) from every index.
    pub(crate) fn detach(&mut self, ri: &str) -> Option<Resource> {
        let resource = self.tree.detach(ri)?;
        self.policies.remove(ri);
        Some(resource)
    }

    /// The default expiration for a new resource.
    pub(crate) fn default_expiry(&self, now: Timestamp) -> Option<Timestamp> {
        self.config.default_lifetime_seconds.map(|seconds| now.plus_seconds(seconds))
    }

    /// Checks access, turning a denial into the error response.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn require(
        &self,
        originator: &str,
        ri: &str,
        operation: AccessOperation,
        request: &Request,
        now: Timestamp,
        created_ty: Option<u32>,
        denial: Rsc,
    ) -> Outcome<()> {
        let decision = self.decide(originator, ri, operation, &request.context, now, created_ty);
        if decision.granted { Ok(()) } else { fail(denial, decision.to_string().trim_end().to_owned()) }
    }

    fn forward_notify(
        &mut self,
        request: &Request,
        originator: &str,
        target: Target,
        now: Timestamp,
    ) -> Outcome<Response> {
        let ri = self.target_resource(target)?;
        let Some(resource) = self.tree.resources.get(&ri) else {
            return fail(Rsc::NotFound, "no such resource");
        };
        // the classic slip: a Create sent without `ty`, which makes it a Notify carrying a resource
        if let Some(intended) = request.pc.as_ref().and_then(resource_representation) {
            let ty = intended.ty();
            return fail(
                Rsc::BadRequest,
                format!(
                    "this request is a Notify (a POST without ty= in its Content-Type), but its content is a resource \
                     (m2m:{short}); to create it, send a Create with ty={ty} (over HTTP: Content-Type: application/json;ty={ty})",
                    short = intended.short_name()
                ),
            );
        }
        let ty = resource.ty;
        match ty.spec().hooks.on_notify {
            Some(on_notify) => on_notify(self, request, originator, &ri, now),
            None => fail(Rsc::OperationNotAllowed, format!("a {} cannot receive notifications", ty.long_name())),
        }
    }
}
