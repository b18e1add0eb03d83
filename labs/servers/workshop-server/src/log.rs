//! The request log the live view shows: the last requests and notification deliveries, bounded.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

/// One line of the log.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    /// position in the whole log, from 1
    pub seq: u64,
    /// milliseconds since the epoch
    pub at: u64,
    /// "GET", "POST", ... or "NOTIFY" for an outgoing notification
    pub method: String,
    pub path: String,
    pub originator: String,
    pub rqi: String,
    /// the oneM2M status (0 for outgoing notifications)
    pub rsc: u16,
    pub http: u16,
    pub micros: u64,
    pub peer: String,
    /// what happened, in words (the `m2m:dbg` of an error, or a delivery outcome)
    pub note: String,
}

impl LogEntry {
    /// An outgoing notification or verification request.
    pub fn notification(url: &str, rqi: &str, note: &str, took: Duration) -> Self {
        LogEntry {
            seq: 0,
            at: 0,
            method: "NOTIFY".into(),
            path: url.into(),
            originator: String::new(),
            rqi: rqi.into(),
            rsc: 0,
            http: 0,
            micros: took.as_micros().try_into().unwrap_or(u64::MAX),
            peer: String::new(),
            note: note.into(),
        }
    }
}

/// A bounded log shared by the handlers and the notifier. Cheap to clone.
#[derive(Debug, Clone)]
pub struct RequestLog {
    inner: Arc<Mutex<(u64, VecDeque<LogEntry>)>>,
    capacity: usize,
}

impl RequestLog {
    pub fn new(capacity: usize) -> Self {
        RequestLog { inner: Arc::default(), capacity: capacity.max(1) }
    }

    /// Adds an entry (numbered and stamped here), dropping the oldest beyond the capacity.
    pub fn push(&self, mut entry: LogEntry) {
        let Ok(mut guard) = self.inner.lock() else {
            return;
        };
        let (sequence, entries) = &mut *guard;
        *sequence += 1;
        entry.seq = *sequence;
        entry.at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis().try_into().unwrap_or(u64::MAX))
            .unwrap_or(0);
        while entries.len() >= self.capacity {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// The entries after `since` (by `seq`), oldest first.
    pub fn since(&self, since: u64) -> Vec<LogEntry> {
        self.inner
            .lock()
            .map(|guard| guard.1.iter().filter(|entry| entry.seq > since).cloned().collect())
            .unwrap_or_default()
    }

    /// How many entries are kept now.
    pub fn len(&self) -> usize {
        self.inner.lock().map(|guard| guard.1.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
