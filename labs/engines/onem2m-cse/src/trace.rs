//! The teaching trace: every request, response and notification, in order, stamped with the caller's clock.

use serde::Serialize;

use crate::notification::{OutgoingNotification, VerificationOutcome};
use crate::primitive::{Request, Response};
use crate::resource::ResourceType;
use crate::time::Timestamp;

/// One step of the conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceEvent {
    /// Position in the whole trace, from 0.
    pub sequence: u64,
    pub at: Timestamp,
    /// 0 for requests from outside; 1 and more for requests the CSE made itself (group fan-out).
    pub depth: u8,
    pub kind: TraceKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TraceKind {
    Request(Box<Request>),
    Response(Box<Response>),
    Notification(Box<OutgoingNotification>),
    /// The answer to a verification request.
    Verification {
        target: String,
        outcome: VerificationOutcome,
    },
    /// A resource vanished because its `et` passed, or a contentInstance outlived `mia`.
    Expired {
        ri: String,
        ty: ResourceType,
        path: String,
    },
    /// A trigger of a mgmtObj (`ud`, `rbo`...) was handed to the device-management hook.
    DeviceAction {
        ri: String,
        trigger: String,
        status: crate::types::ActionStatus,
    },
}
