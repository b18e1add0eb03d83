//! The `acop` (accessControlOperations) bitmask of an access-control rule (TS-0004 Table 6.3.5.27-1).
//!
//! Create 1, Retrieve 2, Update 4, Delete 8, Notify 16, Discovery 32; a rule's `acop` is the sum of
//! the bits of the operations it grants, so 63 grants everything and 5 is Create + Update.

use std::fmt;

/// An operation an access-control rule can grant, with its bit in `acop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum AccessOperation {
    Create,
    Retrieve,
    Update,
    Delete,
    Notify,
    Discovery,
}

impl AccessOperation {
    /// Every operation, in bit order.
    pub const ALL: [AccessOperation; 6] = [
        AccessOperation::Create,
        AccessOperation::Retrieve,
        AccessOperation::Update,
        AccessOperation::Delete,
        AccessOperation::Notify,
        AccessOperation::Discovery,
    ];

    /// The operation's bit in `acop`.
    pub const fn bit(self) -> u32 {
        match self {
            AccessOperation::Create => 1,
            AccessOperation::Retrieve => 2,
            AccessOperation::Update => 4,
            AccessOperation::Delete => 8,
            AccessOperation::Notify => 16,
            AccessOperation::Discovery => 32,
        }
    }

    /// The operation's name as the specification writes it.
    pub const fn name(self) -> &'static str {
        match self {
            AccessOperation::Create => "Create",
            AccessOperation::Retrieve => "Retrieve",
            AccessOperation::Update => "Update",
            AccessOperation::Delete => "Delete",
            AccessOperation::Notify => "Notify",
            AccessOperation::Discovery => "Discovery",
        }
    }
}

impl fmt::Display for AccessOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A valid `acop` value: a set of operations, 0..=63.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct AccessControlOperations(u32);

/// Why a value is not a valid `acop`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AcopError {
    /// Nothing was given.
    Empty,
    /// The text is not a whole non-negative number.
    NotANumber { text: String },
    /// The number has bits above Discovery (32) set.
    OutOfRange { value: u64 },
}

impl fmt::Display for AcopError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AcopError::Empty => f.write_str("enter a number from 0 to 63"),
            AcopError::NotANumber { text } => write!(
                f,
                "\"{text}\" is not a whole number: acop is a sum of operation bits (Create 1, Retrieve 2, Update 4, Delete 8, Notify 16, Discovery 32)"
            ),
            AcopError::OutOfRange { value } => write!(
                f,
                "{value} is larger than 63, the sum of all six operation bits; no operation has a bit above Discovery (32)"
            ),
        }
    }
}

impl std::error::Error for AcopError {}

impl AccessControlOperations {
    /// No operation granted.
    pub const NONE: Self = Self(0);
    /// All six operations (63).
    pub const ALL: Self = Self(63);

    /// The set holding exactly these operations.
    pub fn from_operations(operations: impl IntoIterator<Item = AccessOperation>) -> Self {
        Self(operations.into_iter().fold(0, |sum, operation| sum | operation.bit()))
    }

    /// The bitmask, 0..=63.
    pub const fn value(self) -> u32 {
        self.0
    }

    /// Whether the set grants `operation`.
    pub const fn allows(self, operation: AccessOperation) -> bool {
        self.0 & operation.bit() != 0
    }

    /// The granted operations, in bit order.
    pub fn operations(self) -> Vec<AccessOperation> {
        AccessOperation::ALL.into_iter().filter(|operation| self.allows(*operation)).collect()
    }

    /// The set with `operation` added or removed.
    pub const fn with(self, operation: AccessOperation, granted: bool) -> Self {
        if granted { Self(self.0 | operation.bit()) } else { Self(self.0 & !operation.bit()) }
    }

    /// Parses a decimal `acop` as a reader types it (surrounding spaces allowed).
    pub fn parse(text: &str) -> Result<Self, AcopError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(AcopError::Empty);
        }
        if !trimmed.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(AcopError::NotANumber { text: trimmed.to_owned() });
        }
        match trimmed.parse::<u64>() {
            Ok(value) => Self::try_from_u64(value),
            // all digits but too long for u64: certainly out of range
            Err(_) => Err(AcopError::OutOfRange { value: u64::MAX }),
        }
    }

    fn try_from_u64(value: u64) -> Result<Self, AcopError> {
        if value > 63 { Err(AcopError::OutOfRange { value }) } else { Ok(Self(value as u32)) }
    }

    /// The sum written out, e.g. "1 (Create) + 4 (Update) = 5".
    pub fn explain(self) -> String {
        let operations = self.operations();
        if operations.is_empty() {
            return "0: no operation is granted".to_owned();
        }
        let terms: Vec<String> =
            operations.iter().map(|operation| format!("{} ({operation})", operation.bit())).collect();
        format!("{} = {}", terms.join(" + "), self.0)
    }
}

impl TryFrom<u32> for AccessControlOperations {
    type Error = AcopError;
    fn try_from(value: u32) -> Result<Self, Self::Error> {
        Self::try_from_u64(u64::from(value))
    }
}

impl From<AccessControlOperations> for u32 {
    fn from(value: AccessControlOperations) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_follow_the_specification_table() {
        let bits: Vec<u32> = AccessOperation::ALL.iter().map(|operation| operation.bit()).collect();
        assert_eq!(bits, [1, 2, 4, 8, 16, 32]);
    }

    #[test]
    fn create_and_update_make_five() {
        let acop = AccessControlOperations::from_operations([AccessOperation::Create, AccessOperation::Update]);
        assert_eq!(acop.value(), 5);
        assert_eq!(acop.explain(), "1 (Create) + 4 (Update) = 5");
        assert!(!acop.allows(AccessOperation::Retrieve));
    }

    #[test]
    fn every_value_round_trips_through_its_operations() {
        for value in 0..=63u32 {
            let acop = AccessControlOperations::try_from(value).expect("in range");
            assert_eq!(AccessControlOperations::from_operations(acop.operations()), acop);
        }
    }

    #[test]
    fn invalid_values_are_explained() {
        assert_eq!(AccessControlOperations::parse(""), Err(AcopError::Empty));
        assert_eq!(AccessControlOperations::parse("64"), Err(AcopError::OutOfRange { value: 64 }));
        assert!(matches!(AccessControlOperations::parse("-1"), Err(AcopError::NotANumber { .. })));
        assert!(matches!(AccessControlOperations::parse("0x3f"), Err(AcopError::NotANumber { .. })));
        assert_eq!(
            AccessControlOperations::parse("99999999999999999999999"),
            Err(AcopError::OutOfRange { value: u64::MAX })
        );
        assert_eq!(AccessControlOperations::parse(" 63 "), Ok(AccessControlOperations::ALL));
    }

    #[test]
    fn with_adds_and_removes_one_bit() {
        let acop = AccessControlOperations::NONE.with(AccessOperation::Discovery, true);
        assert_eq!(acop.value(), 32);
        assert_eq!(acop.with(AccessOperation::Discovery, false), AccessControlOperations::NONE);
    }
}
