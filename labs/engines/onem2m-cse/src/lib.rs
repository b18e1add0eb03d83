//! A pure, deterministic oneM2M CSE (Common Services Entity) engine.
//!
//! Contract: this crate does no IO and reads no clock. Time, identifiers and seeds come in as
//! arguments; responses, notifications and trace events come out as data. The same code runs in
//! the browser (wasm32), in the workshop server and in tests. Behaviour follows
//! `shared/facts/onem2m.md` (TS-0001, TS-0003, TS-0004, TS-0009). A oneM2M error is a
//! [`Response`] with an error [`ResponseStatusCode`] and an `m2m:dbg` explanation, never a Rust
//! `Err` or a panic.
//!
//! # Using it
//!
//! ```
//! use onem2m_cse::{Cse, CseConfig, Request, ResponseStatusCode, Timestamp};
//! use serde_json::json;
//!
//! let mut now = Timestamp::parse_onem2m("20261125T120000").expect("valid time");
//! let mut cse = Cse::new(CseConfig::default(), now);
//! let registered = cse.handle_request(
//!     Request::create("cse-in", "C", 2, json!({"m2m:ae": {"rn": "lamp", "api": "Nlamp", "rr": true, "srv": ["3"]}})),
//!     now,
//! );
//! assert_eq!(registered.rsc, ResponseStatusCode::Created);
//! let aei = registered.attribute("aei").and_then(|v| v.as_str()).expect("AE-ID").to_owned();
//! now = now.plus_seconds(1);
//! let created = cse.handle_request(Request::create("cse-in/lamp", &aei, 3, json!({"m2m:cnt": {"rn": "state"}})), now);
//! assert_eq!(created.rsc, ResponseStatusCode::Created);
//! while let Some(event) = cse.poll_trace() {
//!     let _ = event; // every request, response and notification, in order
//! }
//! ```
//!
//! # The public surface
//!
//! - [`Cse::new`], [`Cse::handle_request`], [`Cse::handle_request_with`] (a
//!   [`NotificationTransport`] answers subscription verification synchronously: the labs' path),
//!   [`Cse::poll_notifications`], [`Cse::poll_trace`], [`Cse::advance`] (expiry and verification
//!   deadlines; also done at the start of every request), [`Cse::poll_timeout`] (the next instant
//!   the engine needs the clock: a shell arms a timer on it and calls `advance` then),
//!   [`Cse::explain_access`], [`Cse::explain_acpi_change`], [`Cse::snapshot`] / [`Cse::restore`], and
//!   read access to the tree ([`Cse::resource`], [`Cse::children_of`], [`Cse::structured_path`],
//!   [`Cse::resolve_address`]).
//! - Handle/poll without waiting (quinn-proto style; a server's path): [`Cse::submit`] answers a
//!   request at once ([`Submission::Answered`]) or, for a subscription whose targets must be
//!   verified, leaves it pending ([`Submission::Pending`], nothing created yet);
//!   [`Cse::poll_verification`] gives the verification requests to deliver,
//!   [`Cse::handle_verification`] takes each answer, [`Cse::poll_completed`] gives the response
//!   once all answered, one refused (5204) or [`VERIFICATION_TIMEOUT_SECONDS`] passed. Pending
//!   requests are part of snapshots, so a journal of these calls replays exactly.
//! - Resource types: one file each under `src/types/`, registered in [`types::all`]; a
//!   [`TypeSpec`] ([`ResourceType::spec`]) says what a type is (names, parents, attribute rules,
//!   flags, a summary for views, request templates the labs start from). Adding a type is a file
//!   and a line.
//! - Device management: `<node>` (ty 14) and `<mgmtObj>` (ty 13; firmware, software, memory,
//!   battery, deviceInfo, reboot: [`MGMT_OBJ_SPECIALIZATIONS`]). An Update setting a trigger
//!   (`ud`, `in`, `un`, `act`, `dea`, `rbo`, `far`) hands a [`DeviceAction`] to the
//!   [`DeviceManagement`] hook ([`Cse::set_device_management`]; a plain `fn`, not part of
//!   snapshots; the default [`simulated_device`] succeeds); its [`ActionStatus`] shows in `uds`,
//!   `ins` or `acts` as `{acn, sus}` (sus 0 uninitialized, 1 successful, 2 failure, 3 in process).
//! - Primitives [`Request`] and [`Response`] (serde with oneM2M short names; `m2m:rqp` / `m2m:rsp`),
//!   [`FilterCriteria`], [`OriginatorContext`] (source IP, location, authenticated: the inputs
//!   of `acco` checks, JSON key `ctx`).
//! - [`ResponseStatusCode`] with `code`, `name`, `http_status` and `meaning`.
//! - [`AccessDecision`] with a `Display` explaining which rule granted access or why each failed.
//!
//! # Behaviour worth knowing
//!
//! - Addresses: CSE-relative structured (`cse-in/lamp/state`) or unstructured (`<ri>`, also
//!   `<ri>/child`), SP-relative (`/id-in/cse-in/...`, `/id-in/<ri>`), absolute
//!   (`//example.org/id-in/...`); the HTTP forms `/~/id-in/...` and `/_/example.org/id-in/...`
//!   are accepted too. Another CSE's address gets 5103. `la`, `ol` and `fopt` are virtual.
//! - The CSEBase has a policy `acpCSEBase` (unless [`CseConfig::cse_base_policy`] is false):
//!   everyone may retrieve and discover the CSEBase, the administrator may do anything. AE
//!   registration is governed by the registration rules, not by that policy.
//! - The administrator ([`CseConfig::admin_originator`]) is granted every operation on every
//!   resource, whatever the policies say, so the host can always repair a resource (e.g. one whose
//!   only policy was deleted: [`DecisionBasis::PoliciesMissing`] names it).
//! - Changing a resource's `acpi` is decided by the selfPrivileges (`pvs`) of the policies it links
//!   now, not by their `pv` ([`Cse::explain_acpi_change`]); a policy's `pvs` must hold a rule (4000).
//! - A subscription's `nu` naming a resource of this CSE (an AE) other than its creator needs Notify
//!   privilege on it (4103); URLs are verified as before.
//! - Intake is bounded by [`Limits`] ([`CseConfig::limits`]): content nesting depth (32 levels, so
//!   that every accepted resource snapshots and restores under serde_json's recursion limit), `rn`
//!   length, `lbl` count and length, list sizes and text lengths; over a bound is 4000 naming it.
//! - A `ty` the standard defines (or its announced variant, 10000 + ty) that this engine does not
//!   host is 5001; a number that is no resource type is 4000.
//! - The standard's rules students meet on real CSEs: `cr` is shown only when the Create asked for
//!   it with `null` (a value is 4000; the engine still tracks the creator); `sur` in notifications
//!   is the subscription's resource ID; the subscriber `su` gets `sud` when the subscription is
//!   deleted; an AE registered with `rr: false` is not pushed to (a Notify to it is 5103); `-` stands
//!   for the CSEBase name in structured addresses; a target ending in `/` is 4000; `rqet` or `rset`
//!   in the past is 4008; an `oet` in the future is 5001 unless the shell holds the request until
//!   [`Request::deferred_until`] (4008 when not before `rqet`); `rt` 1 (non-blocking
//!   synchronous) is answered 1001 with the ID of a `<request>` resource (ty 17) holding the
//!   operation's response (`ol`), which its originator retrieves; `rt` 2 is 5001; `cnf` must be
//!   `type/subtype:encoding[:transformation]`, `csz` known serializations, `nct` 1-5 (4-5: 5001).
//! - Resources without `acpi` are reachable by their creator and the administrator only; a
//!   contentInstance uses its container's. Subscribing needs RETRIEVE on the subscribed-to resource
//!   (4101); discovery lists only what the originator may DISCOVER; rcn=4/5/6/8 list only children
//!   it may RETRIEVE. An `acor` entry names a local AE in any form `fr` may use (`Cae`,
//!   `/id-in/Cae`, `//example.org/id-in/Cae`).
//! - Group fan-out (`<group>/fopt[/path]`) needs the request's privilege on the group, then each
//!   member request is checked against that member's own policies (`macp` is stored, not used).
//! - Semantic discovery: a filterCriteria `smf` (a SPARQL query) keeps the resources that have a
//!   semanticDescriptor child whose decoded `dsp` matches the query, as decided by the
//!   [`SemanticMatcher`] plugged in with [`Cse::set_semantic_matcher`] (this crate has no RDF
//!   engine). Without a matcher `smf` is 5001; a query the matcher rejects is 4000 with its message.
//! - Semantic query: a Retrieve with `smf` and rcn=10 answers `m2m:qres`, the query evaluated by the
//!   plugged-in [`SemanticQuery`] ([`Cse::set_semantic_query`]) over the merge of the
//!   semanticDescriptors below the target that the originator may DISCOVER (the other criteria
//!   select among them). Without an evaluator it is 5001; rcn=10 without `smf` is 4000.
//! - Conditional retrieval applies filterCriteria to the children returned by rcn 4/5/6/8;
//!   with rcn=1 the target is returned whatever the filter.

mod access;
pub mod acop;
mod cse;
mod discovery;
mod group;
mod identifier;
mod limits;
mod notification;
mod operations;
pub mod policy;
mod primitive;
mod resource;
pub mod schedule;
mod snapshot;
mod status;
mod subscription;
mod time;
mod trace;
mod tree;
pub mod types;
mod verification;

pub use acop::{AccessControlOperations, AccessOperation, AcopError};
pub use cse::{Cse, CseConfig, SemanticMatcher, SemanticQuery};
pub use identifier::IdGenerator;
pub use limits::Limits;
pub use notification::{
    NotificationKind, NotificationTarget, NotificationTransport, OutgoingNotification, SimulatedTransport,
    VerificationOutcome,
};
pub use policy::{AccessDecision, DecisionBasis, PolicyEvaluation, PrivilegeSet, RuleEvaluation, RuleFailure};
pub use primitive::{
    AttributeFilter, FilterCriteria, Location, Operation, OriginatorContext, PrimitiveError, Request, Response,
    ResponseTypeInfo,
};
pub use resource::{Resource, ResourceType, decode_base64, encode_base64};
pub use snapshot::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION, SnapshotError};
pub use status::ResponseStatusCode;
pub use time::{CivilTime, Timestamp};
pub use trace::{TraceEvent, TraceKind};
pub use types::{
    ActionStatus, DeviceAction, DeviceActionOutcome, DeviceManagement, MGMT_OBJ_SPECIALIZATIONS, MgmtObjSpecialization,
    TypeFlags, TypeSpec, simulated_device,
};
pub use verification::{PendingId, Submission, VERIFICATION_TIMEOUT_SECONDS, VerificationRequest};
