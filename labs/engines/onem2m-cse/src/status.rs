//! Response status codes (`rsc`, TS-0004 clause 6.6.3) and their HTTP mapping (TS-0009 Table 6.3.2-1).

use std::fmt;

/// A oneM2M response status code.
///
/// The enum holds every code of the facts table, so the HTTP binding can use it for the codes it
/// produces itself (e.g. 4015). [`ResponseStatusCode::PRODUCED_BY_ENGINE`] lists the ones the
/// engine returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResponseStatusCode {
    Accepted,
    AcceptedNonBlockingRequestSynch,
    AcceptedNonBlockingRequestAsynch,
    Ok,
    Created,
    Deleted,
    Updated,
    BadRequest,
    ReleaseVersionNotSupported,
    NotFound,
    OperationNotAllowed,
    RequestTimeout,
    UnsupportedMediaType,
    SubscriptionCreatorHasNoPrivilege,
    ContentsUnacceptable,
    OriginatorHasNoPrivilege,
    GroupRequestIdentifierExists,
    Conflict,
    OriginatorNotAuthenticated,
    SecurityAssociationRequired,
    InvalidChildResourceType,
    NoMembers,
    GroupMemberTypeInconsistent,
    OriginatorHasAlreadyRegistered,
    InternalServerError,
    NotImplemented,
    TargetNotReachable,
    ReceiverHasNoPrivilege,
    AlreadyExists,
    TargetNotSubscribable,
    SubscriptionVerificationInitiationFailed,
    SubscriptionHostHasNoPrivilege,
    NotAcceptable,
    MaxNumberOfMemberExceeded,
    InvalidArguments,
    InsufficientArguments,
}

use ResponseStatusCode as Rsc;

impl ResponseStatusCode {
    /// Every code, in numeric order.
    pub const ALL: [ResponseStatusCode; 36] = [
        Rsc::Accepted,
        Rsc::AcceptedNonBlockingRequestSynch,
        Rsc::AcceptedNonBlockingRequestAsynch,
        Rsc::Ok,
        Rsc::Created,
        Rsc::Deleted,
        Rsc::Updated,
        Rsc::BadRequest,
        Rsc::ReleaseVersionNotSupported,
        Rsc::NotFound,
        Rsc::OperationNotAllowed,
        Rsc::RequestTimeout,
        Rsc::UnsupportedMediaType,
        Rsc::SubscriptionCreatorHasNoPrivilege,
        Rsc::ContentsUnacceptable,
        Rsc::OriginatorHasNoPrivilege,
        Rsc::GroupRequestIdentifierExists,
        Rsc::Conflict,
        Rsc::OriginatorNotAuthenticated,
        Rsc::SecurityAssociationRequired,
        Rsc::InvalidChildResourceType,
        Rsc::NoMembers,
        Rsc::GroupMemberTypeInconsistent,
        Rsc::OriginatorHasAlreadyRegistered,
        Rsc::InternalServerError,
        Rsc::NotImplemented,
        Rsc::TargetNotReachable,
        Rsc::ReceiverHasNoPrivilege,
        Rsc::AlreadyExists,
        Rsc::TargetNotSubscribable,
        Rsc::SubscriptionVerificationInitiationFailed,
        Rsc::SubscriptionHostHasNoPrivilege,
        Rsc::NotAcceptable,
        Rsc::MaxNumberOfMemberExceeded,
        Rsc::InvalidArguments,
        Rsc::InsufficientArguments,
    ];

    /// The codes [`crate::Cse`] can return. A test checks that each appears in a scenario test and
    /// that the engine source uses no other.
    pub const PRODUCED_BY_ENGINE: [ResponseStatusCode; 23] = [
        Rsc::AcceptedNonBlockingRequestSynch,
        Rsc::Ok,
        Rsc::Created,
        Rsc::Deleted,
        Rsc::Updated,
        Rsc::BadRequest,
        Rsc::ReleaseVersionNotSupported,
        Rsc::NotFound,
        Rsc::OperationNotAllowed,
        Rsc::RequestTimeout,
        Rsc::SubscriptionCreatorHasNoPrivilege,
        Rsc::OriginatorHasNoPrivilege,
        Rsc::Conflict,
        Rsc::SecurityAssociationRequired,
        Rsc::InvalidChildResourceType,
        Rsc::NoMembers,
        Rsc::GroupMemberTypeInconsistent,
        Rsc::OriginatorHasAlreadyRegistered,
        Rsc::NotImplemented,
        Rsc::TargetNotReachable,
        Rsc::SubscriptionVerificationInitiationFailed,
        Rsc::NotAcceptable,
        Rsc::MaxNumberOfMemberExceeded,
    ];

    /// The numeric `rsc`.
    pub const fn code(self) -> u16 {
        match self {
            Rsc::Accepted => 1000,
            Rsc::AcceptedNonBlockingRequestSynch => 1001,
            Rsc::AcceptedNonBlockingRequestAsynch => 1002,
            Rsc::Ok => 2000,
            Rsc::Created => 2001,
            Rsc::Deleted => 2002,
            Rsc::Updated => 2004,
            Rsc::BadRequest => 4000,
            Rsc::ReleaseVersionNotSupported => 4001,
            Rsc::NotFound => 4004,
            Rsc::OperationNotAllowed => 4005,
            Rsc::RequestTimeout => 4008,
            Rsc::UnsupportedMediaType => 4015,
            Rsc::SubscriptionCreatorHasNoPrivilege => 4101,
            Rsc::ContentsUnacceptable => 4102,
            Rsc::OriginatorHasNoPrivilege => 4103,
            Rsc::GroupRequestIdentifierExists => 4104,
            Rsc::Conflict => 4105,
            Rsc::OriginatorNotAuthenticated => 4106,
            Rsc::SecurityAssociationRequired => 4107,
            Rsc::InvalidChildResourceType => 4108,
            Rsc::NoMembers => 4109,
            Rsc::GroupMemberTypeInconsistent => 4110,
            Rsc::OriginatorHasAlreadyRegistered => 4117,
            Rsc::InternalServerError => 5000,
            Rsc::NotImplemented => 5001,
            Rsc::TargetNotReachable => 5103,
            Rsc::ReceiverHasNoPrivilege => 5105,
            Rsc::AlreadyExists => 5106,
            Rsc::TargetNotSubscribable => 5203,
            Rsc::SubscriptionVerificationInitiationFailed => 5204,
            Rsc::SubscriptionHostHasNoPrivilege => 5205,
            Rsc::NotAcceptable => 5207,
            Rsc::MaxNumberOfMemberExceeded => 6010,
            Rsc::InvalidArguments => 6023,
            Rsc::InsufficientArguments => 6024,
        }
    }

    /// The code for a number, if it is one of ours.
    pub fn from_code(code: u16) -> Option<Self> {
        Self::ALL.into_iter().find(|rsc| rsc.code() == code)
    }

    /// The specification's name, e.g. `ORIGINATOR_HAS_NO_PRIVILEGE`.
    pub const fn name(self) -> &'static str {
        match self {
            Rsc::Accepted => "ACCEPTED",
            Rsc::AcceptedNonBlockingRequestSynch => "ACCEPTED_NON_BLOCKING_REQUEST_SYNCH",
            Rsc::AcceptedNonBlockingRequestAsynch => "ACCEPTED_NON_BLOCKING_REQUEST_ASYNCH",
            Rsc::Ok => "OK",
            Rsc::Created => "CREATED",
            Rsc::Deleted => "DELETED",
            Rsc::Updated => "UPDATED",
            Rsc::BadRequest => "BAD_REQUEST",
            Rsc::ReleaseVersionNotSupported => "RELEASE_VERSION_NOT_SUPPORTED",
            Rsc::NotFound => "NOT_FOUND",
            Rsc::OperationNotAllowed => "OPERATION_NOT_ALLOWED",
            Rsc::RequestTimeout => "REQUEST_TIMEOUT",
            Rsc::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Rsc::SubscriptionCreatorHasNoPrivilege => "SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE",
            Rsc::ContentsUnacceptable => "CONTENTS_UNACCEPTABLE",
            Rsc::OriginatorHasNoPrivilege => "ORIGINATOR_HAS_NO_PRIVILEGE",
            Rsc::GroupRequestIdentifierExists => "GROUP_REQUEST_IDENTIFIER_EXISTS",
            Rsc::Conflict => "CONFLICT",
            Rsc::OriginatorNotAuthenticated => "ORIGINATOR_NOT_AUTHENTICATED",
            Rsc::SecurityAssociationRequired => "SECURITY_ASSOCIATION_REQUIRED",
            Rsc::InvalidChildResourceType => "INVALID_CHILD_RESOURCE_TYPE",
            Rsc::NoMembers => "NO_MEMBERS",
            Rsc::GroupMemberTypeInconsistent => "GROUP_MEMBER_TYPE_INCONSISTENT",
            Rsc::OriginatorHasAlreadyRegistered => "ORIGINATOR_HAS_ALREADY_REGISTERED",
            Rsc::InternalServerError => "INTERNAL_SERVER_ERROR",
            Rsc::NotImplemented => "NOT_IMPLEMENTED",
            Rsc::TargetNotReachable => "TARGET_NOT_REACHABLE",
            Rsc::ReceiverHasNoPrivilege => "RECEIVER_HAS_NO_PRIVILEGE",
            Rsc::AlreadyExists => "ALREADY_EXISTS",
            Rsc::TargetNotSubscribable => "TARGET_NOT_SUBSCRIBABLE",
            Rsc::SubscriptionVerificationInitiationFailed => "SUBSCRIPTION_VERIFICATION_INITIATION_FAILED",
            Rsc::SubscriptionHostHasNoPrivilege => "SUBSCRIPTION_HOST_HAS_NO_PRIVILEGE",
            Rsc::NotAcceptable => "NOT_ACCEPTABLE",
            Rsc::MaxNumberOfMemberExceeded => "MAX_NUMBER_OF_MEMBER_EXCEEDED",
            Rsc::InvalidArguments => "INVALID_ARGUMENTS",
            Rsc::InsufficientArguments => "INSUFFICIENT_ARGUMENTS",
        }
    }

    /// The HTTP status the binding answers with (TS-0009 Table 6.3.2-1).
    pub const fn http_status(self) -> u16 {
        match self {
            Rsc::Accepted | Rsc::AcceptedNonBlockingRequestSynch | Rsc::AcceptedNonBlockingRequestAsynch => 202,
            Rsc::Ok | Rsc::Deleted | Rsc::Updated => 200,
            Rsc::Created => 201,
            Rsc::BadRequest
            | Rsc::ContentsUnacceptable
            | Rsc::GroupMemberTypeInconsistent
            | Rsc::MaxNumberOfMemberExceeded
            | Rsc::InvalidArguments
            | Rsc::InsufficientArguments => 400,
            Rsc::ReleaseVersionNotSupported | Rsc::NotImplemented => 501,
            Rsc::NotFound | Rsc::TargetNotReachable => 404,
            Rsc::OperationNotAllowed => 405,
            Rsc::RequestTimeout => 504,
            Rsc::UnsupportedMediaType => 415,
            Rsc::SubscriptionCreatorHasNoPrivilege
            | Rsc::OriginatorHasNoPrivilege
            | Rsc::OriginatorNotAuthenticated
            | Rsc::SecurityAssociationRequired
            | Rsc::InvalidChildResourceType
            | Rsc::NoMembers
            | Rsc::OriginatorHasAlreadyRegistered
            | Rsc::ReceiverHasNoPrivilege
            | Rsc::TargetNotSubscribable
            | Rsc::SubscriptionHostHasNoPrivilege => 403,
            Rsc::GroupRequestIdentifierExists | Rsc::Conflict | Rsc::AlreadyExists => 409,
            Rsc::InternalServerError | Rsc::SubscriptionVerificationInitiationFailed => 500,
            Rsc::NotAcceptable => 406,
        }
    }

    /// A short explanation for readers of the lab.
    pub const fn meaning(self) -> &'static str {
        match self {
            Rsc::Accepted => "the request was accepted and will be processed later",
            Rsc::AcceptedNonBlockingRequestSynch => "accepted; poll the request resource for the result",
            Rsc::AcceptedNonBlockingRequestAsynch => "accepted; the result will be sent as a notification",
            Rsc::Ok => "the request succeeded",
            Rsc::Created => "the resource was created",
            Rsc::Deleted => "the resource was deleted",
            Rsc::Updated => "the resource was updated",
            Rsc::BadRequest => {
                "the request is malformed: a wrong, missing, unknown or read-only attribute or parameter"
            }
            Rsc::ReleaseVersionNotSupported => "the CSE does not support the release version (rvi) of the request",
            Rsc::NotFound => "no resource exists at the target address",
            Rsc::OperationNotAllowed => "this operation is not allowed on this resource type",
            Rsc::RequestTimeout => "the request expired (rqet) before it could be processed",
            Rsc::UnsupportedMediaType => "the content type or serialization is not supported",
            Rsc::SubscriptionCreatorHasNoPrivilege => {
                "subscribing needs RETRIEVE privilege on the subscribed-to resource"
            }
            Rsc::ContentsUnacceptable => "the content of the request is not acceptable",
            Rsc::OriginatorHasNoPrivilege => "no access-control rule grants this originator this operation",
            Rsc::GroupRequestIdentifierExists => "a group request with this identifier already exists",
            Rsc::Conflict => "a sibling resource already has this resource name (rn)",
            Rsc::OriginatorNotAuthenticated => "the originator is not authenticated",
            Rsc::SecurityAssociationRequired => "the originator may not register with this identifier",
            Rsc::InvalidChildResourceType => "the parent resource cannot have a child of this type",
            Rsc::NoMembers => "the group has no members to fan out to",
            Rsc::GroupMemberTypeInconsistent => "a member's type differs from the group's memberType",
            Rsc::OriginatorHasAlreadyRegistered => "an AE with this originator is already registered",
            Rsc::InternalServerError => "the CSE failed internally",
            Rsc::NotImplemented => "the CSE does not implement this feature",
            Rsc::TargetNotReachable => "the target is on another CSE that cannot be reached",
            Rsc::ReceiverHasNoPrivilege => "the receiver of the request has no privilege",
            Rsc::AlreadyExists => "the resource already exists",
            Rsc::TargetNotSubscribable => "the target resource cannot be subscribed to",
            Rsc::SubscriptionVerificationInitiationFailed => {
                "a notification target refused or did not answer the verification request"
            }
            Rsc::SubscriptionHostHasNoPrivilege => "the hosting CSE has no privilege to send the notification",
            Rsc::NotAcceptable => {
                "the request cannot be accepted, e.g. a contentInstance larger than the container's mbs"
            }
            Rsc::MaxNumberOfMemberExceeded => "more members than the group's maxNrOfMembers (mnm)",
            Rsc::InvalidArguments => "the arguments are invalid",
            Rsc::InsufficientArguments => "a mandatory argument is missing",
        }
    }

    /// Whether the code reports success (1xxx or 2xxx).
    pub const fn is_success(self) -> bool {
        self.code() < 4000
    }
}

impl fmt::Display for ResponseStatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

impl serde::Serialize for ResponseStatusCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for ResponseStatusCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = u16::deserialize(deserializer)?;
        Self::from_code(code).ok_or_else(|| serde::de::Error::custom(format!("unknown response status code {code}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_ordered() {
        let codes: Vec<u16> = ResponseStatusCode::ALL.iter().map(|rsc| rsc.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn http_mapping_follows_the_binding_table() {
        assert_eq!(Rsc::Created.http_status(), 201);
        assert_eq!(Rsc::OriginatorHasNoPrivilege.http_status(), 403);
        assert_eq!(Rsc::ReleaseVersionNotSupported.http_status(), 501);
        assert_eq!(Rsc::TargetNotReachable.http_status(), 404);
        assert_eq!(Rsc::SubscriptionVerificationInitiationFailed.http_status(), 500);
        assert_eq!(Rsc::NotAcceptable.http_status(), 406);
        assert_eq!(Rsc::RequestTimeout.http_status(), 504);
    }

    #[test]
    fn serde_uses_the_number() {
        assert_eq!(serde_json::to_string(&Rsc::Conflict).unwrap(), "4105");
        assert_eq!(serde_json::from_str::<Rsc>("4117").unwrap(), Rsc::OriginatorHasAlreadyRegistered);
        assert!(serde_json::from_str::<Rsc>("4242").is_err());
        assert_eq!(Rsc::OriginatorHasNoPrivilege.to_string(), "4103 ORIGINATOR_HAS_NO_PRIVILEGE");
    }
}
