//! Durability: a snapshot of the engine plus an append-only journal of every state-changing request.
//!
//! The engine is deterministic (same configuration, same requests at the same times, same answers
//! to verification requests = same state), so the journal records, with the `now` each ran at,
//! every request submitted (`Cse::submit`), every answer a target gave to a verification request
//! (`Cse::handle_verification`) and every time the expiry timer advanced the engine
//! (`Cse::advance`). A journal line is written and fsync'd before the
//! response goes out (the fsync outside the engine lock, shared by the requests that arrived
//! together: `commit.rs`). At startup the last snapshot is restored and the journal after it replayed;
//! notifications produced by the replay are dropped (they were sent the first time). A torn last
//! line (the process was killed while writing it) was never acknowledged and is cut off.
//!
//! Compaction writes the snapshot to a temporary file, fsyncs it, renames it over the old one,
//! then empties the journal. Each journal line carries a sequence number and the snapshot header
//! the last one it contains, so a crash between the rename and the truncation replays nothing twice.
//!
//! A record that cannot be read back (a journal line or snapshot written by an older version, e.g.
//! JSON nested deeper than the reader's recursion limit) does not stop the server: startup keeps
//! every good record, moves the bad one aside (`journal.damaged-<n>`: the unreadable lines as they
//! were; `cse.snapshot.damaged-<n>`: the whole snapshot, whose readable resources are kept), says
//! so, and starts.
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
use onem2m_cse::{Cse, CseConfig, NotificationTarget, PendingId, Request, Timestamp, VerificationOutcome};
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

/// A target's answer to a verification request, as journaled (`Cse::handle_verification`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedAnswer {
    pub pending: u64,
    pub nu: String,
    pub outcome: RecordedOutcome,
}

/// What changed the engine, as journaled: each is replayed with the same call at the same time.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// `Cse::submit` of a request.
    Request(&'a Request),
    /// `Cse::handle_verification` with a target's answer.
    Answer(&'a RecordedAnswer),
    /// `Cse::advance` when the timer armed from `Cse::poll_timeout` fired.
    Advance,
}

/// One journal line: exactly one of `request`, `answer` or `advance`.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    seq: u64,
    /// milliseconds since the epoch
    now: u64,
    /// the request primitive (`m2m:rqp`), handed to `Cse::submit`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    request: Option<Value>,
    /// Written by versions that ran verifying requests synchronously: the outcomes the request saw,
    /// in order; such a line is replayed with `Cse::handle_request_with` and these answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    verifications: Vec<RecordedOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answer: Option<RecordedAnswer>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    advance: bool,
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
    /// the records that could not be read back and were moved aside, one sentence each
    pub damaged: Vec<String>,
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
        let mut damaged = Vec::new();
        let (mut cse, mut clock, snapshot_seq, created) = if snapshot_path.exists() {
            let (cse, header) = match read_snapshot(&snapshot_path) {
                Ok(read) => read,
                Err(error) => salvage_snapshot(dir, &snapshot_path, &fresh, now, &error, &mut damaged)?,
            };
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
            let cse = Cse::new(fresh.clone(), now);
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
        let mut bad_lines: Vec<(usize, Vec<u8>, String)> = Vec::new();
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
                let entry = match (serde_json::from_slice::<Entry>(&line), complete) {
                    (_, false) => {
                        // killed while writing: this request was never acknowledged
                        torn_tail = true;
                        break;
                    }
                    (Ok(entry), true) => entry,
                    (Err(error), true) => {
                        bad_lines.push((number, line.clone(), format!("not a journal entry ({error})")));
                        good_length += read;
                        continue;
                    }
                };
                good_length += read;
                if entry.seq <= snapshot_seq {
                    continue;
                }
                let at = Timestamp::from_millis(entry.now);
                let seq = entry.seq;
                if let Err(why) = replay(&mut cse, entry, at) {
                    bad_lines.push((number, line.clone(), why));
                    continue;
                }
                // the notifications and answers of a replayed request went out when it first ran
                while cse.poll_notifications().is_some() {}
                while cse.poll_trace().is_some() {}
                while cse.poll_completed().is_some() {}
                clock = clock.max(at);
                last_seq = seq;
                replayed += 1;
            }
            if !bad_lines.is_empty() {
                // kept before the compaction below empties the journal
                let mut aside = Vec::new();
                for (_, line, _) in &bad_lines {
                    aside.extend_from_slice(line);
                }
                let moved = move_aside(dir, JOURNAL_FILE, &aside)?;
                for (number, _, why) in &bad_lines {
                    damaged.push(format!(
                        "{} line {number} could not be read back: {why}; it is moved aside to {}, every other record is kept",
                        journal_path.display(),
                        moved.display()
                    ));
                }
            }
            if torn_tail {
                file.set_len(good_length as u64)
                    .with_context(|| format!("cutting the torn last line of {}", journal_path.display()))?;
                file.sync_all().context("syncing the journal")?;
            }
        }
        // configured bounds apply from now on (the journal above was replayed under the ones its
        // requests were accepted with)
        let limits_changed = cse.config().limits != fresh.limits;
        if limits_changed {
            cse.set_limits(fresh.limits.clone());
        }
        let journal = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&journal_path)
            .with_context(|| format!("opening {}", journal_path.display()))?;
        let mut store = Store { dir: dir.to_path_buf(), journal, last_seq, entries_since_snapshot: replayed as u64 };
        if replayed > 0 || torn_tail || !damaged.is_empty() || limits_changed {
            store.compact(&cse, clock).context("compacting the journal after replay")?;
        }
        sync_dir(dir);
        for sentence in &damaged {
            eprintln!("workshop-server: {sentence}");
        }
        Ok((store, Recovered { cse, now: clock, replayed, torn_tail, created, damaged }))
    }

    /// Writes one event that changed the engine to the journal, not yet synced, and returns its
    /// sequence number. Its answer may go out only once the line is on disk (`commit.rs`).
    pub fn write(&mut self, now: Timestamp, event: Event<'_>) -> io::Result<u64> {
        let mut entry = Entry {
            seq: self.last_seq + 1,
            now: now.as_millis(),
            request: None,
            verifications: Vec::new(),
            answer: None,
            advance: false,
        };
        match event {
            Event::Request(request) => entry.request = Some(serde_json::to_value(request).map_err(io::Error::other)?),
            Event::Answer(answer) => entry.answer = Some(answer.clone()),
            Event::Advance => entry.advance = true,
        }
        let mut line = serde_json::to_vec(&entry).map_err(io::Error::other)?;
        line.push(b'\n');
        self.journal.write_all(&line)?;
        self.last_seq += 1;
        self.entries_since_snapshot += 1;
        Ok(self.last_seq)
    }

    /// The last sequence number written.
    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    /// Another handle on the journal file, to fsync it outside the engine lock.
    pub fn journal_handle(&self) -> io::Result<File> {
        self.journal.try_clone()
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
/// Replays one journal line on `cse`, as it first ran.
fn replay(cse: &mut Cse, entry: Entry, at: Timestamp) -> Result<(), String> {
    match (entry.request, entry.answer, entry.advance) {
        (Some(request), None, false) => {
            let request = Request::from_value(request).map_err(|error| format!("not a request primitive ({error})"))?;
            if entry.verifications.is_empty() {
                let _ = cse.submit(request, at);
            } else {
                // an older version's line: the request verified synchronously with these answers
                let mut outcomes = entry.verifications.into_iter();
                let mut answers = |_: &NotificationTarget, _: &Value| {
                    outcomes.next().map_or(VerificationOutcome::Unreachable, VerificationOutcome::from)
                };
                let _ = cse.handle_request_with(request, at, &mut answers);
            }
        }
        (None, Some(answer), false) => {
            cse.handle_verification(PendingId(answer.pending), &answer.nu, answer.outcome.into(), at);
        }
        (None, None, true) => cse.advance(at),
        _ => return Err("not a journal entry (it must hold one request, answer or advance)".into()),
    }
    Ok(())
}

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

/// Writes `content` to `<name>.damaged-<n>` (the first free `n`), fsync'd; returns its path.
fn move_aside(dir: &Path, name: &str, content: &[u8]) -> Result<PathBuf> {
    let mut n = 1;
    let path = loop {
        let path = dir.join(format!("{name}.damaged-{n}"));
        if !path.exists() {
            break path;
        }
        n += 1;
    };
    let mut file = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    file.write_all(content).and_then(|()| file.sync_all()).with_context(|| format!("writing {}", path.display()))?;
    sync_dir(dir);
    Ok(path)
}

/// Deepest nesting a snapshot resource may have to be kept when the snapshot as a whole cannot be
/// read (serde_json stops at 128 levels; the snapshot adds a few around each resource).
const SALVAGE_DEPTH: usize = 100;

/// A snapshot that cannot be read: it is moved aside whole, and its readable resources are kept
/// (a resource nested too deep to be read back, or not JSON, is left out with its descendants).
/// When not even that can be read, the CSE starts empty (the journal is still replayed).
fn salvage_snapshot(
    dir: &Path,
    path: &Path,
    fresh: &CseConfig,
    now: Timestamp,
    error: &anyhow::Error,
    damaged: &mut Vec<String>,
) -> Result<(Cse, SnapshotHeader)> {
    let text = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let moved = move_aside(dir, SNAPSHOT_FILE, &text)?;
    let text = String::from_utf8_lossy(&text);
    let header = text
        .split_once('\n')
        .and_then(|(header, _)| serde_json::from_str::<SnapshotHeader>(header).ok())
        .filter(|header| header.format == HEADER_FORMAT && header.version == 1);
    let body = text.split_once('\n').map_or("", |(_, body)| body);
    let (kept, left_out) = keep_readable_resources(body);
    if let (Some(header), Some(cse)) = (header, kept.and_then(|kept| Cse::restore(&kept).ok())) {
        damaged.push(format!(
            "{} could not be read back ({error:#}); it is moved aside to {}; {left_out} resource(s) that could not be read are left out, every other one is kept",
            path.display(),
            moved.display()
        ));
        return Ok((cse, header));
    }
    damaged.push(format!(
        "{} could not be read back ({error:#}) and no resource in it could be recovered; it is moved aside to {}; the CSE starts empty and the journal is replayed on it",
        path.display(),
        moved.display()
    ));
    let header = SnapshotHeader { format: HEADER_FORMAT.into(), version: 1, seq: 0, now: now.as_millis() };
    let config = CseConfig { seed: seed(dir)?, ..fresh.clone() };
    Ok((Cse::new(config, now), header))
}

/// The snapshot body with the `resources` that can be read back only: those nested at most
/// [`SALVAGE_DEPTH`] deep that parse, without the descendants of those left out. Returns the new
/// body (`None` when its shape is not found) and how many resources were left out.
fn keep_readable_resources(body: &str) -> (Option<String>, usize) {
    let Some(start) = body.find("\"resources\":[").map(|at| at + "\"resources\":[".len()) else {
        return (None, 0);
    };
    let bytes = body.as_bytes();
    let mut elements = Vec::new();
    let (mut depth, mut deepest, mut in_string, mut escaped, mut element_start) = (0usize, 0usize, false, false, start);
    let mut end = None;
    for (at, &byte) in bytes.iter().enumerate().skip(start) {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' if depth == 0 => {
                if at > element_start && !body[element_start..at].trim().is_empty() {
                    elements.push((&body[element_start..at], deepest));
                }
                end = Some(at);
                break;
            }
            b'}' | b']' => depth -= 1,
            b',' if depth == 0 => {
                elements.push((&body[element_start..at], deepest));
                element_start = at + 1;
                deepest = 0;
            }
            _ => {}
        }
    }
    let Some(end) = end else {
        return (None, 0);
    };
    let mut dropped: Vec<String> = Vec::new();
    let mut bereaved: Vec<String> = Vec::new();
    let mut kept: Vec<Value> = Vec::new();
    for (element, deepest) in elements {
        let readable = (deepest <= SALVAGE_DEPTH).then(|| serde_json::from_str::<Value>(element).ok()).flatten();
        let pi = field_of(element, "pi");
        match readable {
            Some(value) if !pi.as_ref().is_some_and(|pi| dropped.contains(pi)) => kept.push(value),
            _ => {
                dropped.extend(field_of(element, "ri"));
                bereaved.extend(pi);
            }
        }
    }
    // a container that lost instances: its counters follow the instances kept
    let sizes: Vec<(String, u64)> = kept
        .iter()
        .filter_map(|resource| {
            let size = resource.get("attributes")?.get("cs")?.as_u64()?;
            Some((resource.get("pi")?.as_str()?.to_owned(), size))
        })
        .collect();
    for resource in &mut kept {
        let ri = resource.get("ri").and_then(Value::as_str).unwrap_or_default().to_owned();
        if !bereaved.contains(&ri) {
            continue;
        }
        if let Some(attributes) = resource.get_mut("attributes").and_then(Value::as_object_mut)
            && attributes.contains_key("cni")
        {
            let mine = sizes.iter().filter(|(pi, _)| *pi == ri);
            attributes.insert("cni".into(), Value::from(mine.clone().count()));
            attributes.insert("cbs".into(), Value::from(mine.map(|(_, size)| size).sum::<u64>()));
        }
    }
    let kept: Vec<String> = kept.iter().map(Value::to_string).collect();
    (Some(format!("{}{}{}", &body[..start], kept.join(","), &body[end..])), dropped.len())
}

/// The string value of a resource's own `ri` or `pi` in its snapshot JSON, read without parsing
/// (the resource may be too deep to parse). These fields come before any attribute, and a key
/// inside a string value would be escaped, so the first `"ri":"` is the resource's own.
fn field_of(element: &str, name: &str) -> Option<String> {
    let key = format!("\"{name}\":\"");
    let start = element.find(&key)? + key.len();
    let length = element[start..].find('"')?;
    Some(element[start..start + length].to_owned())
}
