//! Group commit: the journal is fsync'd outside the engine lock, once for every request that
//! arrived meanwhile.
//!
//! A state-changing request is applied and its journal line written (not synced) under the engine
//! lock, which is then released: other requests, reads and writes, go on. Before its answer goes
//! out, the request waits until its line is on disk: one waiter at a time fsyncs the journal up to
//! the last line written when it started; the waiters behind it whose lines that fsync covered
//! answer without another one. So no answer is sent before its record is on disk, and requests
//! that arrive together share one fsync. A read waits only when it may show a change whose fsync is
//! still running (so nothing a participant saw can vanish in a crash); when nothing is pending it
//! does not wait at all.
//!
//! The notifications a request produced are held with its sequence number and released, in
//! sequence order, once the journal is on disk up to it: a subscriber gets the events in the order
//! the engine produced them, whichever waiter happens to release them.

use std::collections::VecDeque;
use std::fs::File;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use onem2m_cse::OutgoingNotification;

/// The journal's durability: what is written, what is on disk.
#[derive(Debug)]
pub(crate) struct Committer {
    journal: Arc<File>,
    /// the last sequence number written to the journal (maybe not yet on disk)
    written: AtomicU64,
    /// the last sequence number known to be on disk
    durable: AtomicU64,
    /// held by the waiter that is syncing
    syncing: tokio::sync::Mutex<()>,
    /// set when an fsync failed: nothing is durable any more
    failure: OnceLock<String>,
    syncs: AtomicU64,
    /// notifications waiting for their request's line to be on disk, in sequence order
    held: Mutex<VecDeque<(u64, Vec<OutgoingNotification>)>>,
}

impl Committer {
    /// `journal`: a handle on the journal file; `durable`: the last sequence number already on disk.
    pub(crate) fn new(journal: File, durable: u64) -> Self {
        Committer {
            journal: Arc::new(journal),
            written: AtomicU64::new(durable),
            durable: AtomicU64::new(durable),
            syncing: tokio::sync::Mutex::new(()),
            failure: OnceLock::new(),
            syncs: AtomicU64::new(0),
            held: Mutex::new(VecDeque::new()),
        }
    }

    /// Records that the line `seq` was written (called under the engine lock, after the write).
    pub(crate) fn written(&self, seq: u64) {
        self.written.fetch_max(seq, Ordering::AcqRel);
    }

    /// Holds the notifications of the request journaled as `seq` until that line is on disk (called
    /// under the engine lock, so in sequence order).
    pub(crate) fn hold(&self, seq: u64, notifications: Vec<OutgoingNotification>) {
        if !notifications.is_empty()
            && let Ok(mut held) = self.held.lock()
        {
            held.push_back((seq, notifications));
        }
    }

    /// Hands every held notification whose request is on disk to `deliver`, in sequence order
    /// (under the queue's lock, so that two releasers cannot interleave).
    pub(crate) fn release(&self, mut deliver: impl FnMut(OutgoingNotification)) {
        let durable = self.durable.load(Ordering::Acquire);
        let Ok(mut held) = self.held.lock() else {
            return;
        };
        while held.front().is_some_and(|(seq, _)| *seq <= durable) {
            if let Some((_, notifications)) = held.pop_front() {
                notifications.into_iter().for_each(&mut deliver);
            }
        }
    }

    /// Why the journal can no longer be made durable, if it cannot.
    pub(crate) fn failure(&self) -> Option<&String> {
        self.failure.get()
    }

    /// fsyncs done so far.
    #[cfg(test)]
    pub(crate) fn syncs(&self) -> u64 {
        self.syncs.load(Ordering::Acquire)
    }

    /// Returns once the journal is on disk up to `seq` (sharing an fsync with the other waiters).
    pub(crate) async fn wait_durable(&self, seq: u64) -> Result<(), String> {
        if self.durable.load(Ordering::Acquire) >= seq {
            return Ok(());
        }
        let _turn = self.syncing.lock().await;
        if let Some(failure) = self.failure.get() {
            return Err(failure.clone());
        }
        if self.durable.load(Ordering::Acquire) >= seq {
            return Ok(());
        }
        // every line up to `target` was written before this read, so the fsync below covers it
        let target = self.written.load(Ordering::Acquire);
        let journal = self.journal.clone();
        let synced = tokio::task::spawn_blocking(move || journal.sync_data()).await;
        self.syncs.fetch_add(1, Ordering::AcqRel);
        let failure = match synced {
            Ok(Ok(())) => {
                self.durable.fetch_max(target, Ordering::AcqRel);
                return Ok(());
            }
            Ok(Err(error)) => format!("syncing the journal failed: {error}"),
            Err(error) => format!("syncing the journal failed: {error}"),
        };
        eprintln!("workshop-server: {failure}");
        let _ = self.failure.set(failure.clone());
        // what was not on disk is not announced
        if let Ok(mut held) = self.held.lock() {
            held.clear();
        }
        Err(failure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn requests_that_arrive_together_share_one_fsync() {
        let path = std::env::temp_dir().join(format!("workshop-commit-test-{}", std::process::id()));
        let file = File::create(&path).expect("a journal");
        let committer = Committer::new(file, 10);
        assert_eq!(committer.wait_durable(10).await, Ok(()), "already on disk");
        assert_eq!(committer.syncs(), 0);
        for seq in 11..=13 {
            committer.written(seq);
        }
        let (a, b, c) =
            tokio::join!(committer.wait_durable(11), committer.wait_durable(12), committer.wait_durable(13));
        assert_eq!((a, b, c), (Ok(()), Ok(()), Ok(())));
        assert_eq!(committer.syncs(), 1, "three lines written together, one fsync");
        assert_eq!(committer.wait_durable(12).await, Ok(()));
        assert_eq!(committer.syncs(), 1, "nothing new to sync");
        committer.written(14);
        assert_eq!(committer.wait_durable(14).await, Ok(()));
        assert_eq!(committer.syncs(), 2);
        let _ = std::fs::remove_file(&path);
    }

    fn notification(label: &str) -> OutgoingNotification {
        OutgoingNotification {
            at: onem2m_cse::Timestamp::from_millis(0),
            target: onem2m_cse::NotificationTarget::Uri(format!("http://127.0.0.1:9/{label}")),
            subscription: "sub1".into(),
            kind: onem2m_cse::NotificationKind::Event,
            rqi: label.into(),
            content: serde_json::json!({"label": label}),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn notifications_go_out_in_journal_order_once_on_disk() {
        let path = std::env::temp_dir().join(format!("workshop-commit-order-{}", std::process::id()));
        let committer = Committer::new(File::create(&path).expect("a journal"), 0);
        for (seq, label) in [(1, "a"), (2, "b"), (3, "c")] {
            committer.written(seq);
            committer.hold(seq, vec![notification(label)]);
        }
        let mut out = Vec::new();
        committer.release(|n| out.push(n.content["label"].clone()));
        assert!(out.is_empty(), "nothing is on disk yet");
        // the waiter of line 3 finishes first: it releases 1, 2 and 3, in that order
        assert_eq!(committer.wait_durable(3).await, Ok(()));
        committer.release(|n| out.push(n.content["label"].clone()));
        committer.release(|n| out.push(n.content["label"].clone()));
        assert_eq!(out, ["a", "b", "c"]);
        let _ = std::fs::remove_file(&path);
    }
}
