//! Hand-ins: a participant hands in their progress (the book's "Your progress" export, with a name they
//! choose) from the book's page, and the host sees the class view (`class_view.rs`).
//!
//! - `GET /workshop/api/hand-in` says the server takes hand-ins (the book asks it before it shows the button;
//!   on a static site or `file://` the request fails and no button appears).
//! - `POST /workshop/api/hand-in` takes one hand-in (`application/json`, at most
//!   `lab_catalog::class_view::MAX_FILE_BYTES`). It is checked whole with `lab_catalog::class_view::read_hand_in`:
//!   a foreign or corrupt file gets a 4xx with the reason and nothing is stored. Requiring JSON makes a
//!   cross-origin POST need a preflight, which the server does not answer on `/workshop/`: a page on another
//!   site cannot hand in for a participant.
//! - Each hand-in is one file, `<data>/hand-ins/<hex of the name's key>.json` (a hand-in document with
//!   `received_at`), written to a temporary file, fsync'd, renamed over the old one and the directory fsync'd:
//!   a crash leaves the old hand-in or the new one, never half of one, and the CSE's own files are untouched.
//!   Handing in again under the same name (in any case) replaces the earlier one.
//! - Files that cannot be read back at startup are left where they are and named in the class view.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use http::{HeaderMap, StatusCode, header};
use lab_catalog::class_view::{
    self, FileError, HAND_IN_FORMAT, HAND_IN_HEADER, HAND_IN_PATH, HAND_IN_VERSION, MAX_FILE_BYTES, Participant,
    StudentProgress,
};
use serde_json::json;
use tokio::sync::Mutex;

use crate::config::ServerConfig;

/// The folder of the data directory that holds the hand-ins.
pub const HAND_IN_DIR: &str = "hand-ins";

/// The most participants the server keeps hand-ins of (replacing one's own is always possible).
pub const MAX_HAND_INS: usize = 500;

/// One stored hand-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stored {
    pub(crate) participant: Participant,
    /// Milliseconds since the epoch.
    pub(crate) received_at: u64,
}

/// The hand-ins, by name key, and the files that could not be read back.
#[derive(Debug, Default)]
pub(crate) struct Collection {
    pub(crate) by_name: BTreeMap<String, Stored>,
    pub(crate) damaged: Vec<String>,
}

/// The hand-ins of this server: the folder and what it holds (read once, at startup), and whether the host's
/// pages answer other machines than the host's (`live_view_from_lan`, as the live view).
#[derive(Debug, Clone)]
pub(crate) struct HandIns {
    dir: PathBuf,
    pub(crate) collection: Arc<Mutex<Collection>>,
    pub(crate) host_pages_from_lan: bool,
}

impl HandIns {
    /// Reads `<data_dir>/hand-ins/` (a missing folder is an empty collection).
    pub(crate) fn open(config: &ServerConfig) -> HandIns {
        let dir = config.data_dir.join(HAND_IN_DIR);
        let collection = read_folder(&dir);
        HandIns { dir, collection: Arc::new(Mutex::new(collection)), host_pages_from_lan: config.live_view_from_lan }
    }
}

/// The site, its answers carrying `HAND_IN_HEADER` (the path hand-ins go to). "Your progress" asks for its page
/// with `HEAD` and shows the hand-in button only when the header is there, so a static site or `file://` shows
/// none, with no failed request.
pub(crate) fn announced(site: Router) -> Router {
    site.layer(axum::middleware::map_response(|mut response: Response| async move {
        response
            .headers_mut()
            .insert(http::HeaderName::from_static(HAND_IN_HEADER), http::HeaderValue::from_static(HAND_IN_PATH));
        response
    }))
}

/// The routes of hand-ins and of the class view, with their own state (any router state `S` around them).
pub(crate) fn routes<S: Clone + Send + Sync + 'static>(config: &ServerConfig) -> Router<S> {
    Router::new()
        .route(HAND_IN_PATH, get(accepts).post(hand_in))
        .route("/workshop/class", get(crate::class_view::page))
        .route("/workshop/class.csv", get(crate::class_view::csv))
        .with_state(HandIns::open(config))
}

fn read_folder(dir: &Path) -> Collection {
    let mut collection = Collection::default();
    let Ok(listing) = fs::read_dir(dir) else { return collection };
    let mut paths: Vec<PathBuf> = listing.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect();
    paths.sort();
    for path in paths {
        if path.extension().and_then(|extension| extension.to_str()) != Some("json") {
            continue;
        }
        let file = path.file_name().and_then(|name| name.to_str()).unwrap_or("?").to_owned();
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                collection.damaged.push(format!("{file}: {error}"));
                continue;
            }
        };
        let received_at =
            serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| v["received_at"].as_u64()).unwrap_or(0);
        match class_view::read_hand_in(&text) {
            Ok(hand_in) => {
                let participant = Participant { name: hand_in.participant, progress: hand_in.progress };
                collection.by_name.insert(class_view::name_key(&participant.name), Stored { participant, received_at });
            }
            Err(error) => collection.damaged.push(format!("{file}: {error}")),
        }
    }
    collection
}

/// The file a name's hand-in is kept in: the hex of its key, so any name is a safe, distinct file name.
pub fn file_name_of(name: &str) -> String {
    let hex: String = class_view::name_key(name).bytes().map(|byte| format!("{byte:02x}")).collect();
    format!("{hex}.json")
}

/// Writes `text` to `dir/name` atomically and durably (temporary file, fsync, rename, directory fsync).
fn write_durably(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let temporary = dir.join(format!("{name}.tmp"));
    {
        let mut file = File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
    }
    fs::rename(&temporary, dir.join(name))?;
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
    Ok(())
}

fn now_millis() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis().try_into().unwrap_or(u64::MAX)).unwrap_or(0)
}

fn refuse(status: StatusCode, reason: impl Into<String>) -> Response {
    let reason = reason.into();
    (status, Json(json!({ "handed_in": false, "reason": format!("{reason}. Nothing was stored.") }))).into_response()
}

/// `GET /workshop/api/hand-in`: this server takes hand-ins, and how large one may be.
pub(crate) async fn accepts() -> Response {
    let mut response =
        Json(json!({ "format": HAND_IN_FORMAT, "version": HAND_IN_VERSION, "max_bytes": MAX_FILE_BYTES }))
            .into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
    response
}

/// `POST /workshop/api/hand-in`: checks a hand-in whole, then stores it (replacing the same name's).
pub(crate) async fn hand_in(State(hand_ins): State<HandIns>, headers: HeaderMap, body: Body) -> Response {
    let is_json = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(|value| {
        value.split(';').next().is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/json"))
    });
    if !is_json {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "a hand-in is sent as application/json");
    }
    if !from_own_page(&headers) {
        return refuse(StatusCode::FORBIDDEN, "a hand-in comes from the book's pages on this server, not another site");
    }
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the hand-in is larger than the {MAX_FILE_BYTES} bytes this server takes"),
        )
    };
    let Some(bytes) = read_bounded(body, &headers).await else { return too_large() };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return refuse(StatusCode::BAD_REQUEST, "the hand-in is not UTF-8 text");
    };
    let hand_in = match class_view::read_hand_in(text) {
        Ok(hand_in) => hand_in,
        Err(error @ FileError::TooLarge { .. }) => return refuse(StatusCode::PAYLOAD_TOO_LARGE, error.to_string()),
        Err(error @ FileError::BadName(_)) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, error.to_string()),
        Err(error) => return refuse(StatusCode::BAD_REQUEST, error.to_string()),
    };
    let key = class_view::name_key(&hand_in.participant);
    let mut collection = hand_ins.collection.lock().await;
    let replacing = collection.by_name.contains_key(&key);
    if !replacing && collection.by_name.len() >= MAX_HAND_INS {
        return refuse(
            StatusCode::INSUFFICIENT_STORAGE,
            format!("the server keeps the hand-ins of at most {MAX_HAND_INS} participants and has them all"),
        );
    }
    let received_at = now_millis();
    let document = class_view::hand_in_document(&hand_in.participant, &hand_in.progress_file, Some(received_at));
    let text = serde_json::to_string_pretty(&document).unwrap_or_else(|_| document.to_string());
    let dir = hand_ins.dir.clone();
    let file = file_name_of(&hand_in.participant);
    let written = tokio::task::spawn_blocking(move || write_durably(&dir, &file, &text)).await;
    match written {
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, format!("the server could not store it ({error})"));
        }
        Err(error) => {
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, format!("the server could not store it ({error})"));
        }
    }
    let counted = summary(&hand_in.progress);
    let participant = Participant { name: hand_in.participant.clone(), progress: hand_in.progress };
    collection.by_name.insert(key, Stored { participant, received_at });
    let verb = if replacing { "replaced your earlier hand-in" } else { "handed in" };
    Json(json!({
        "handed_in": true,
        "participant": hand_in.participant,
        "replaced": replacing,
        "message": format!("{} {verb}: {counted}.", hand_in.participant),
    }))
    .into_response()
}

/// The body when it is at most [`MAX_FILE_BYTES`]. A larger one is read on and dropped (up to eight times the
/// limit) so that the client, still sending, gets the answer rather than a reset connection (as the CSE's bodies).
async fn read_bounded(mut body: Body, headers: &HeaderMap) -> Option<Vec<u8>> {
    use http_body_util::BodyExt;
    let drain_limit = MAX_FILE_BYTES.saturating_mul(8);
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > drain_limit) {
        return None;
    }
    let mut buffer = Vec::with_capacity(declared.unwrap_or(0).min(MAX_FILE_BYTES));
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else { return None };
        if let Ok(data) = frame.into_data() {
            total = total.saturating_add(data.len());
            if total > drain_limit {
                return None;
            }
            if total <= MAX_FILE_BYTES {
                buffer.extend_from_slice(&data);
            }
        }
    }
    (total <= MAX_FILE_BYTES).then_some(buffer)
}

/// Whether the request comes from a page of this server: no `Origin` (curl, a script) or one whose host and port
/// are the `Host` the request was sent to (any other site's page is refused, even if the browser sent it).
fn from_own_page(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok()).map(str::to_ascii_lowercase);
    let authority = origin
        .to_str()
        .ok()
        .and_then(crate::guard::normal_origin)
        .and_then(|origin| origin.split_once("://").map(|(_, authority)| authority.to_owned()));
    matches!((authority, host), (Some(authority), Some(host)) if authority == host.trim())
}

/// "2 quizzes, 1 lab".
fn summary(progress: &StudentProgress) -> String {
    let plural = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
    format!("{}, {}", plural(progress.quizzes.len(), "quiz", "quizzes"), plural(progress.labs.len(), "lab", "labs"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_servers_own_pages_may_hand_in() {
        let headers = |pairs: &[(header::HeaderName, &'static str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.insert(name.clone(), http::HeaderValue::from_static(value));
            }
            map
        };
        assert!(from_own_page(&headers(&[(header::HOST, "10.0.0.5:8080")])), "no Origin: curl or a script");
        assert!(from_own_page(&headers(&[(header::HOST, "10.0.0.5:8080"), (header::ORIGIN, "http://10.0.0.5:8080")])));
        assert!(from_own_page(&headers(&[
            (header::HOST, "Lab.Local:8443"),
            (header::ORIGIN, "https://lab.local:8443")
        ])));
        assert!(!from_own_page(&headers(&[(header::HOST, "10.0.0.5:8080"), (header::ORIGIN, "http://evil.example")])));
        assert!(!from_own_page(&headers(&[(header::HOST, "10.0.0.5:8080"), (header::ORIGIN, "null")])));
        assert!(!from_own_page(&headers(&[(header::ORIGIN, "http://10.0.0.5:8080")])), "no Host names nothing");
    }

    #[test]
    fn file_names_are_hex_of_the_folded_lowercase_name() {
        assert_eq!(file_name_of("Ab"), "6162.json");
        assert_eq!(file_name_of(" AB "), file_name_of("ab"), "the same participant");
        assert_eq!(file_name_of("../x"), "2e2e2f78.json", "never a path");
    }

    #[test]
    fn a_folder_is_read_back_and_bad_files_are_named_not_fatal() {
        let dir = std::env::temp_dir().join(format!("hand-in-unit-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let progress = json!({"format": "iot-book-progress", "version": 1, "entries": {
            "iot-book/quiz/q": {"version": 1, "data": {"responses": [{"Single": 0}], "results": [true]}}}});
        let good = class_view::hand_in_document("Ann", &progress, Some(5));
        write_durably(&dir, &file_name_of("Ann"), &good.to_string()).expect("written");
        write_durably(&dir, "broken.json", "{\"format\": \"iot-book-hand-in\"").expect("written");
        write_durably(&dir, "notes.txt", "not a hand-in").expect("written");
        let collection = read_folder(&dir);
        assert_eq!(collection.by_name.len(), 1);
        assert_eq!(collection.by_name["ann"].received_at, 5);
        assert_eq!(collection.damaged.len(), 1, "{:?}", collection.damaged);
        assert!(collection.damaged[0].starts_with("broken.json: the file is not JSON"));
        assert!(!dir.join(format!("{}.tmp", file_name_of("Ann"))).exists(), "the temporary file was renamed");
        let _ = fs::remove_dir_all(&dir);
        assert!(read_folder(&dir).by_name.is_empty(), "a missing folder is an empty collection");
    }
}
