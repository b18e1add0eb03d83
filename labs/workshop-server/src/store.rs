//! Durability: a snapshot of the engine plus an append-only journal of every state-changing request.
//!
//! The engine is deterministic (same configuration, same requests at the same times, same answers
//! to verification requests = same state), so the journal records each request with the `now` it
//! ran at and the verification outcomes it saw. A journal line is written and fsync'd before the
//! response goes out. At startup the last snapshot is restored and the journal after it replayed;
//! notifications produced by the replay are dropped (they were sent the first time). A torn last
//! line (the process was killed while writing it) was never acknowledged and is cut off.
//!
//! Compaction writes the snapshot to a temporary file, fsyncs it, renames it over the old one,
//! then empties the journal. Each journal line carries a sequence number and the snapshot header
//! the last one it contains, so a crash between the rename and the truncation replays nothing twice.
//!
//! Identifiers (resource IDs, AE-IDs) must not be predictable across workshops, so a new data
//! directory gets an identifier seed drawn from the operating system (`getrandom`), kept in `seed`;
//! the snapshot carries the generator's state from then on, so restarts replay identically.
//!
//! Files in the data directory: `seed` (16 hex digits), `cse.snapshot` (a header line, then
//! [`Cse::snapshot`] text) and `journal.jsonl` (one JSON object per line).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use onem2m_cse::{Cse, CseConfig, NotificationTarget, Request, Timestamp, VerificationOutcome};
use serde::{Deserialize, Serialize};
use serde_json::Value;

const SNAPSHOT_FILE: &str = "cse.snapshot";
const JOURNAL_FILE: &str = "journal.jsonl";
const SEED_FILE: &str = "seed";
const HEADER_FORMAT: &str = "workshop-server-snapshot";

#[derive(Debug, Serialize, Deserialize)]
struct SnapshotHeader {
    format: String,
    version: u64,
    /// the last journal sequence number the snapshot contains
    seq: u64,
    /// the engine clock when the snapshot was taken (milliseconds since the epoch)
    now: u64,
}

/// A verification outcome as journaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordedOutcome {
    Accepted,
    Rejected,
    Unreachable,
}

impl From<VerificationOutcome> for RecordedOutcome {
    fn from(outcome: VerificationOutcome) -> Self {
        match outcome {
            VerificationOutcome::Accepted => RecordedOutcome::Accepted,
            VerificationOutcome::Rejected => RecordedOutcome::Rejected,
            VerificationOutcome::Unreachable => RecordedOutcome::Unreachable,
        }
    }
}

impl From<RecordedOutcome> for VerificationOutcome {
    fn from(outcome: RecordedOutcome) -> Self {
        match outcome {
            RecordedOutcome::Accepted => VerificationOutcome::Accepted,
            RecordedOutcome::Rejected => VerificationOutcome::Rejected,
            RecordedOutcome::Unreachable => VerificationOutcome::Unreachable,
        }
    }
}

/// One journal line.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    seq: u64,
    /// milliseconds since the epoch
    now: u64,
    /// the request primitive (`m2m:rqp`)
    request: Value,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    verifications: Vec<RecordedOutcome>,
}

/// What startup found in the data directory.
#[derive(Debug)]
pub struct Recovered {
    pub cse: Cse,
    /// the latest engine clock seen (snapshot or journal)
    pub now: Timestamp,
    pub replayed: usize,
    /// whether a torn last journal line was cut off
    pub torn_tail: bool,
    /// whether the data directory was new
    pub created: bool,
}

/// The open data directory.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    journal: File,
    last_seq: u64,
    entries_since_snapshot: u64,
}

impl Store {
    /// Opens (or creates) the data directory: restores the snapshot, replays the journal after it,
    /// then compacts when anything was replayed.
    /// A new directory's CSE gets the seed kept in `seed` (drawn from the OS when there is none),
    /// whatever `fresh.seed` says.
    pub fn open(dir: &Path, mut fresh: CseConfig, now: Timestamp) -> Result<(Store, Recovered)> {
        fs::create_dir_all(dir).with_context(|| format!("creating the data directory {}", dir.display()))?;
        let snapshot_path = dir.join(SNAPSHOT_FILE);
        let journal_path = dir.join(JOURNAL_FILE);
        if !snapshot_path.exists() {
            fresh.seed = seed(dir)?;
        }
        let (mut cse, mut clock, snapshot_seq, created) = if snapshot_path.exists() {
            let (cse, header) = read_snapshot(&snapshot_path)?;
            if cse.config().cse_id != fresh.cse_id || cse.config().cse_name != fresh.cse_name {
                bail!(
                    "{} holds the CSE {} ({}), but the configuration asks for {} ({}); use another --data directory or the same CSE-ID",
                    dir.display(),
                    cse.config().cse_id,
                    cse.config().cse_name,
                    fresh.cse_id,
                    fresh.cse_name
                );
            }
            (cse, Timestamp::from_millis(header.now), header.seq, false)
        } else {
            let cse = Cse::new(fresh, now);
            write_snapshot(dir, &cse, 0, now)?;
            (cse, now, 0, true)
        };
        // semantic discovery (`smf`) and semantic queries (`smf` with rcn=10) are SPARQL over the descriptors, evaluated
        // by the ontology engine; both are configuration, not snapshot state, so they are set on every start, before
        // the journal is replayed
        cse.set_semantic_matcher(Some(onem2m_ontology::smf_matcher));
        cse.set_semantic_query(Some(onem2m_ontology::qres_evaluator));
        let mut last_seq = snapshot_seq;
        let mut replayed = 0;
        let mut torn_tail = false;
        if journal_path.exists() {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .open(&journal_path)
                .with_context(|| format!("opening {}", journal_path.display()))?;
            let mut text = Vec::new();
            file.read_to_end(&mut text).with_context(|| format!("reading {}", journal_path.display()))?;
            let mut good_length = 0usize;
            let mut reader = BufReader::new(text.as_slice());
            let mut line = Vec::new();
            let mut number = 0;
            loop {
                line.clear();
                let read = reader.read_until(b'\n', &mut line).context("reading the journal")?;
                if read == 0 {
                    break;
                }
                number += 1;
                let complete = line.last() == Some(&b'\n');
                let entry = serde_json::from_slice::<Entry>(&line).ok();
                let entry = match (entry, complete) {
                    (Some(entry), true) => entry,
                    (_, false) => {
                        // killed while writing: this request was never acknowledged
                        torn_tail = true;
                        break;
                    }
                    (None, true) => bail!(
                        "{} line {number} is damaged (not a journal entry); the server will not guess, move the file away to start from the snapshot",
                        journal_path.display()
                    ),
                };
                good_length += read;
                if entry.seq <= snapshot_seq {
                    continue;
                }
                let request = Request::from_value(entry.request)
                    .map_err(|error| anyhow::anyhow!("{} line {number}: {error}", journal_path.display()))?;
                let at = Timestamp::from_millis(entry.now);
                let mut outcomes = entry.verifications.into_iter();
                let mut replay = |_: &NotificationTarget, _: &Value| {
                    outcomes.next().map_or(VerificationOutcome::Unreachable, VerificationOutcome::from)
                };
                let _ = cse.handle_request_with(request, at, &mut replay);
                // the notifications of a replayed request went out when it first ran
                while cse.poll_notifications().is_some() {}
                while cse.poll_trace().is_some() {}
                clock = clock.max(at);
                last_seq = entry.seq;
                replayed += 1;
            }
            if torn_tail {
                file.set_len(good_length as u64)
                    .with_context(|| format!("cutting the torn last line of {}", journal_path.display()))?;
                file.sync_all().context("syncing the journal")?;
            }
        }
        let journal = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&journal_path)
            .with_context(|| format!("opening {}", journal_path.display()))?;
        let mut store = Store { dir: dir.to_path_buf(), journal, last_seq, entries_since_snapshot: replayed as u64 };
        if replayed > 0 || torn_tail {
            store.compact(&cse, clock).context("compacting the journal after replay")?;
        }
        sync_dir(dir);
        Ok((store, Recovered { cse, now: clock, replayed, torn_tail, created }))
    }

    /// Appends one state-changing request and fsyncs it. Only then may the response go out.
    pub fn append(
        &mut self,
        now: Timestamp,
        request: &Request,
        verifications: &[VerificationOutcome],
    ) -> io::Result<()> {
        let entry = Entry {
            seq: self.last_seq + 1,
            now: now.as_millis(),
            request: serde_json::to_value(request).map_err(io::Error::other)?,
            verifications: verifications.iter().copied().map(RecordedOutcome::from).collect(),
        };
        let mut line = serde_json::to_vec(&entry).map_err(io::Error::other)?;
        line.push(b'\n');
        self.journal.write_all(&line)?;
        self.journal.sync_data()?;
        self.last_seq += 1;
        self.entries_since_snapshot += 1;
        Ok(())
    }

    /// Journal entries written since the last snapshot.
    pub fn entries_since_snapshot(&self) -> u64 {
        self.entries_since_snapshot
    }

    /// Writes a snapshot atomically (temp file, fsync, rename), then empties the journal.
    pub fn compact(&mut self, cse: &Cse, now: Timestamp) -> Result<()> {
        write_snapshot(&self.dir, cse, self.last_seq, now)?;
        self.journal.set_len(0).context("emptying the journal")?;
        self.journal.seek(SeekFrom::Start(0)).context("rewinding the journal")?;
        self.journal.sync_all().context("syncing the journal")?;
        self.entries_since_snapshot = 0;
        Ok(())
    }
}

/// The identifier seed of a data directory: the one in `seed`, or one drawn from the operating
/// system and written there (atomically, fsync'd) before anything uses it.
fn seed(dir: &Path) -> Result<u64> {
    let path = dir.join(SEED_FILE);
    if let Ok(text) = fs::read_to_string(&path) {
        match u64::from_str_radix(text.trim(), 16) {
            Ok(seed) => return Ok(seed),
            Err(_) => eprintln!("workshop-server: {} is not a seed (16 hex digits); drawing a new one", path.display()),
        }
    }
    let seed =
        getrandom::u64().map_err(|error| anyhow::anyhow!("drawing an identifier seed from the system: {error}"))?;
    let temporary = dir.join(format!("{SEED_FILE}.tmp"));
    {
        let mut file = File::create(&temporary).with_context(|| format!("creating {}", temporary.display()))?;
        file.write_all(format!("{seed:016x}\n").as_bytes())
            .and_then(|()| file.sync_all())
            .with_context(|| format!("writing {}", temporary.display()))?;
    }
    fs::rename(&temporary, &path).with_context(|| format!("renaming {} to {}", temporary.display(), path.display()))?;
    sync_dir(dir);
    Ok(seed)
}

fn read_snapshot(path: &Path) -> Result<(Cse, SnapshotHeader)> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let (header, body) = text.split_once('\n').with_context(|| format!("{} has no header line", path.display()))?;
    let header: SnapshotHeader = serde_json::from_str(header)
        .with_context(|| format!("{}: the header line is not a snapshot header", path.display()))?;
    if header.format != HEADER_FORMAT || header.version != 1 {
        bail!("{} is not a workshop-server snapshot of version 1", path.display());
    }
    let cse = Cse::restore(body).map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
    Ok((cse, header))
}

fn write_snapshot(dir: &Path, cse: &Cse, seq: u64, now: Timestamp) -> Result<()> {
    let header = SnapshotHeader { format: HEADER_FORMAT.into(), version: 1, seq, now: now.as_millis() };
    let temporary = dir.join(format!("{SNAPSHOT_FILE}.tmp"));
    let target = dir.join(SNAPSHOT_FILE);
    {
        let mut file = File::create(&temporary).with_context(|| format!("creating {}", temporary.display()))?;
        let header = serde_json::to_string(&header).context("encoding the snapshot header")?;
        file.write_all(header.as_bytes())
            .and_then(|()| file.write_all(b"\n"))
            .and_then(|()| file.write_all(cse.snapshot().as_bytes()))
            .and_then(|()| file.sync_all())
            .with_context(|| format!("writing {}", temporary.display()))?;
    }
    fs::rename(&temporary, &target)
        .with_context(|| format!("renaming {} to {}", temporary.display(), target.display()))?;
    sync_dir(dir);
    Ok(())
}

/// Makes a rename durable (best effort: not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}
