//! Snapshot and restore of a whole CSE as versioned JSON (browser progress, server persistence).
//!
//! The snapshot holds the configuration, the identifier generator's state and every resource
//! (parents before children, children in creation order). Pending notifications and the trace
//! are not part of it.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cse::{Cse, CseConfig};
use crate::identifier::IdGenerator;
use crate::resource::{Resource, ResourceType};
use crate::verification::PendingRequest;

/// The `format` field of every snapshot.
pub const SNAPSHOT_FORMAT: &str = "onem2m-cse-snapshot";
/// The snapshot version this crate writes and reads.
pub const SNAPSHOT_VERSION: u64 = 1;

/// Why a snapshot cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// The text is not JSON.
    NotJson { message: String },
    /// The JSON is not a CSE snapshot (missing or wrong `format`).
    NotASnapshot,
    /// A snapshot of a version this crate cannot read.
    UnsupportedVersion { found: Option<u64> },
    /// The snapshot is damaged: the message says what is inconsistent.
    Corrupt { message: String },
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::NotJson { message } => write!(f, "the snapshot is not JSON: {message}"),
            SnapshotError::NotASnapshot => {
                write!(f, "the JSON is not a CSE snapshot (\"format\" is not \"{SNAPSHOT_FORMAT}\")")
            }
            SnapshotError::UnsupportedVersion { found: Some(version) } => {
                write!(f, "snapshot version {version} is not supported (this engine reads version {SNAPSHOT_VERSION})")
            }
            SnapshotError::UnsupportedVersion { found: None } => {
                write!(f, "the snapshot has no version number")
            }
            SnapshotError::Corrupt { message } => write!(f, "the snapshot is damaged: {message}"),
        }
    }
}

impl std::error::Error for SnapshotError {}

#[derive(Serialize, Deserialize)]
struct SnapshotData {
    format: String,
    version: u64,
    config: CseConfig,
    ids: IdGenerator,
    notification_sequence: u64,
    resources: Vec<Resource>,
    /// Requests waiting for verification answers (absent when none, as in older snapshots).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pending: Vec<PendingRequest>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pending_sequence: u64,
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

fn corrupt<T>(message: impl Into<String>) -> Result<T, SnapshotError> {
    Err(SnapshotError::Corrupt { message: message.into() })
}

impl Cse {
    /// The whole CSE as versioned JSON.
    pub fn snapshot(&self) -> String {
        let resources =
            self.subtree(&self.cse_base).iter().filter_map(|ri| self.tree.resources.get(ri).cloned()).collect();
        let data = SnapshotData {
            format: SNAPSHOT_FORMAT.to_owned(),
            version: SNAPSHOT_VERSION,
            config: self.config.clone(),
            ids: self.ids,
            notification_sequence: self.notification_sequence,
            resources,
            pending: self.pending.clone(),
            pending_sequence: self.pending_sequence,
        };
        serde_json::to_string(&data).unwrap_or_default()
    }

    /// Rebuilds a CSE from [`Cse::snapshot`] output, checking its consistency.
    pub fn restore(text: &str) -> Result<Cse, SnapshotError> {
        let value: Value =
            serde_json::from_str(text).map_err(|error| SnapshotError::NotJson { message: error.to_string() })?;
        if value.get("format").and_then(Value::as_str) != Some(SNAPSHOT_FORMAT) {
            return Err(SnapshotError::NotASnapshot);
        }
        let version = value.get("version").and_then(Value::as_u64);
        if version != Some(SNAPSHOT_VERSION) {
            return Err(SnapshotError::UnsupportedVersion { found: version });
        }
        let data: SnapshotData =
            serde_json::from_value(value).map_err(|error| SnapshotError::Corrupt { message: error.to_string() })?;
        let mut resources = data.resources.into_iter();
        let Some(base) = resources.next() else {
            return corrupt("there is no CSEBase");
        };
        let base_ri = data.config.cse_id.trim_start_matches('/').to_owned();
        if base.ty != ResourceType::CseBase || base.ri != base_ri || !base.pi.is_empty() {
            return corrupt(format!("the first resource must be the CSEBase \"{base_ri}\""));
        }
        let mut config = data.config;
        config.cse_base_policy = false;
        let mut cse = Cse::new(config.clone(), base.ct);
        cse.config.cse_base_policy = true;
        cse.ids = data.ids;
        cse.notification_sequence = data.notification_sequence;
        cse.pending = data.pending;
        cse.pending_sequence = data.pending_sequence;
        cse.tree.clear();
        cse.policies.clear();
        cse.subscriptions.clear();
        cse.insert(base);
        for resource in resources {
            if cse.tree.resources.contains_key(&resource.ri) {
                return corrupt(format!("resource ID \"{}\" appears twice", resource.ri));
            }
            let Some(parent) = cse.tree.resources.get(&resource.pi) else {
                return corrupt(format!("the parent \"{}\" of \"{}\" is missing", resource.pi, resource.ri));
            };
            if !parent.ty.may_contain(resource.ty) {
                return corrupt(format!(
                    "a {} cannot be the child of a {}",
                    resource.ty.long_name(),
                    parent.ty.long_name()
                ));
            }
            if cse.tree.names.contains_key(&(resource.pi.clone(), resource.rn.clone())) {
                return corrupt(format!("two children of \"{}\" are named \"{}\"", resource.pi, resource.rn));
            }
            if resource.rn.is_empty() || resource.ri.is_empty() {
                return corrupt("a resource has an empty ri or rn");
            }
            cse.insert(resource);
        }
        // each type checks what it must agree with (a policy's rules, a container's counters)
        for resource in cse.tree.resources.values() {
            if let Some(check) = resource.ty.spec().hooks.check_restored
                && let Err(message) = check(&cse, resource)
            {
                return corrupt(message);
            }
        }
        // acpi entries are resolved when written: dangling ones are tolerated (they grant nothing)
        let all: Vec<String> = cse.tree.resources.keys().cloned().collect();
        for ri in all {
            cse.reindex_expiry(&ri);
        }
        cse.config = config_with_policy_flag(config, &cse);
        Ok(cse)
    }
}

fn config_with_policy_flag(mut config: CseConfig, cse: &Cse) -> CseConfig {
    config.cse_base_policy = cse.tree.resources.get(&cse.cse_base).is_some_and(|base| !base.acpi.is_empty());
    config
}
