//! Live questions (peer instruction): the host puts one question of a chapter's quiz to the room
//! from its slide; participants answer from their own devices at the short address `/q`; the
//! speaker view shows the histogram, can start a second round after discussion and reveal the
//! answer.
//!
//! Who may do what:
//! - **the host** (the machine the server runs on, as for the live view: a loopback connection, and
//!   a `Host` header naming this server, checked for every `/workshop/` path by [`crate::guard`])
//!   opens, closes, starts round two, reveals and ends, under `/workshop/api/question`. A change
//!   must be a JSON POST with no foreign `Origin`: a page on another site open in the host's
//!   browser cannot send one without a CORS preflight, which this server does not answer for
//!   these paths.
//! - **participants** may read the open question (`GET /q/api`; the correct choices only once
//!   revealed) and answer it once per round per device (`POST /q/api/answer`), the device being an
//!   anonymous random id their browser keeps. Input is bounded and validated: a bad answer is a
//!   clear 4xx and nothing is stored.
//!
//! Only choice questions are put to the room: free text would put whatever anyone types on the
//! projector. The state lives in memory (a question is minutes long; a restart ends it), apart
//! from the CSE and its journal.

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};

use crate::config::{ServerConfig, lan_addresses};
use crate::state::is_local;

/// The participant page, self-contained (no request leaves the server).
const PAGE: &str = include_str!("question.html");

/// The short address participants type.
pub const PARTICIPANT_PATH: &str = "/q";

/// Bounds of what the host may put to the room and of what participants may send.
pub const MAX_CHOICES: usize = 12;
const MAX_PROMPT_CHARS: usize = 2000;
const MAX_CHOICE_CHARS: usize = 500;
const MAX_EXPLANATION_CHARS: usize = 4000;
const MAX_QUIZ_ID_CHARS: usize = 100;
/// Answers accepted per round (one per device): a room, with room to spare.
pub const MAX_ANSWERS_PER_ROUND: usize = 2000;
/// A device id: 16 to 64 letters, digits, `-` or `_` (the page makes 32 hex digits).
const DEVICE_ID_CHARS: std::ops::RangeInclusive<usize> = 16..=64;
/// The largest request body these routes read.
const BODY_LIMIT: usize = 16 * 1024;

/// Whether `path` is one of the participant routes (not the CSE's: no oneM2M errors, no CORS).
pub fn is_participant_path(path: &str) -> bool {
    path == PARTICIPANT_PATH || path.starts_with("/q/")
}

/// Single or multiple choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Single,
    Multiple,
}

/// The question the host opens: plain text (the slide sends the text of the rendered quiz).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionText {
    /// The quiz id and the question's 1-based number in it (to show which question is open).
    pub quiz: String,
    pub number: usize,
    pub kind: Kind,
    pub prompt: String,
    pub choices: Vec<String>,
    /// 0-based positions of the correct choices.
    pub correct: Vec<usize>,
    pub explanation: String,
}

/// What the room answered in one round.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Devices that answered.
    pub answers: usize,
    /// How many answers ticked each choice.
    pub counts: Vec<usize>,
    #[serde(skip)]
    devices: HashSet<String>,
}

/// The question put to the room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Poll {
    /// Counts up with every question opened: an answer names the one it answers.
    pub id: u64,
    #[serde(flatten)]
    pub question: QuestionText,
    /// 1, or 2 after discussion.
    pub round: u8,
    /// Whether answers are taken.
    pub open: bool,
    pub revealed: bool,
    /// Round one, then round two once started.
    pub rounds: Vec<Tally>,
}

/// Why a request is refused: an HTTP status and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: StatusCode,
    pub message: String,
}

fn refuse(status: StatusCode, message: impl Into<String>) -> Refusal {
    Refusal { status, message: message.into() }
}

fn bad(message: impl Into<String>) -> Refusal {
    refuse(StatusCode::BAD_REQUEST, message)
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.message + "\n").into_response();
        response.headers_mut().insert(header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
        response
    }
}

/// A participant's answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The device's anonymous id.
    pub device: String,
    /// The poll and round it answers.
    pub poll: u64,
    pub round: u8,
    /// 0-based positions of the ticked choices.
    pub choices: Vec<usize>,
}

/// The room: at most one question at a time. No IO, no clock: the handlers below lock it briefly.
#[derive(Debug, Default)]
pub struct Room {
    opened: u64,
    current: Option<Poll>,
}

impl QuestionText {
    fn check(&self) -> Result<(), Refusal> {
        let too_long = |what: &str, text: &str, limit: usize| {
            (text.chars().count() > limit).then(|| bad(format!("the {what} is longer than {limit} characters")))
        };
        if self.quiz.is_empty()
            || self.quiz.len() > MAX_QUIZ_ID_CHARS
            || !self.quiz.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(bad("`quiz` is a quiz id: 1 to 100 lowercase letters, digits and `-`"));
        }
        if self.number == 0 || self.number > 1000 {
            return Err(bad("`number` is the question's 1-based number in its quiz"));
        }
        if self.prompt.trim().is_empty() {
            return Err(bad("the prompt is empty"));
        }
        if let Some(refusal) = too_long("prompt", &self.prompt, MAX_PROMPT_CHARS)
            .or_else(|| too_long("explanation", &self.explanation, MAX_EXPLANATION_CHARS))
            .or_else(|| self.choices.iter().find_map(|choice| too_long("choice", choice, MAX_CHOICE_CHARS)))
        {
            return Err(refusal);
        }
        if self.choices.len() < 2 || self.choices.len() > MAX_CHOICES {
            return Err(bad(format!("a question has 2 to {MAX_CHOICES} choices; this one has {}", self.choices.len())));
        }
        if self.choices.iter().any(|choice| choice.trim().is_empty()) {
            return Err(bad("a choice is empty"));
        }
        check_positions(&self.correct, self.choices.len(), self.kind, "`correct`")
    }
}

/// Positions in range, none twice, at least one, exactly one for a single-choice question.
fn check_positions(positions: &[usize], choices: usize, kind: Kind, what: &str) -> Result<(), Refusal> {
    if positions.is_empty() {
        return Err(bad(format!("{what} names no choice")));
    }
    if let Some(position) = positions.iter().find(|position| **position >= choices) {
        return Err(bad(format!("{what} names choice {position}, but there are {choices} (0-based positions)")));
    }
    let distinct: HashSet<&usize> = positions.iter().collect();
    if distinct.len() != positions.len() {
        return Err(bad(format!("{what} names a choice twice")));
    }
    if kind == Kind::Single && positions.len() != 1 {
        return Err(bad(format!("{what}: a single-choice question takes exactly one choice")));
    }
    Ok(())
}

fn valid_device(device: &str) -> bool {
    DEVICE_ID_CHARS.contains(&device.len())
        && device.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Room {
    /// A room whose first question gets the id `first_id`. The server starts from the clock (milliseconds since
    /// the epoch), so a question after a restart never takes the id of one before it, which a participant's
    /// page may remember as answered.
    pub fn starting_at(first_id: u64) -> Self {
        Room { opened: first_id.saturating_sub(1), current: None }
    }

    /// The question put to the room, if any.
    pub fn current(&self) -> Option<&Poll> {
        self.current.as_ref()
    }

    fn poll_mut(&mut self) -> Result<&mut Poll, Refusal> {
        self.current.as_mut().ok_or_else(|| refuse(StatusCode::CONFLICT, "no question is put to the room"))
    }

    /// Puts a question to the room (replacing the one before): round one, open.
    pub fn open(&mut self, question: QuestionText) -> Result<&Poll, Refusal> {
        question.check()?;
        self.opened += 1;
        let tally = Tally { counts: vec![0; question.choices.len()], ..Tally::default() };
        Ok(self.current.insert(Poll {
            id: self.opened,
            question,
            round: 1,
            open: true,
            revealed: false,
            rounds: vec![tally],
        }))
    }

    /// Stops taking answers.
    pub fn close(&mut self) -> Result<&Poll, Refusal> {
        let poll = self.poll_mut()?;
        poll.open = false;
        Ok(poll)
    }

    /// After discussion: a second round, every device may answer again (round one's answers stay).
    pub fn second_round(&mut self) -> Result<&Poll, Refusal> {
        let poll = self.poll_mut()?;
        if poll.revealed {
            return Err(refuse(StatusCode::CONFLICT, "the answer is revealed: a second round would measure nothing"));
        }
        if poll.round != 1 {
            return Err(refuse(StatusCode::CONFLICT, "the second round is already running"));
        }
        poll.round = 2;
        poll.open = true;
        poll.rounds.push(Tally { counts: vec![0; poll.question.choices.len()], ..Tally::default() });
        Ok(poll)
    }

    /// Shows the correct choices and the explanation (to participants too); answers stop.
    pub fn reveal(&mut self) -> Result<&Poll, Refusal> {
        let poll = self.poll_mut()?;
        poll.open = false;
        poll.revealed = true;
        Ok(poll)
    }

    /// Takes the question away.
    pub fn end(&mut self) {
        self.current = None;
    }

    /// Records one participant's answer: once per round per device, for the open question only.
    pub fn answer(&mut self, answer: Answer) -> Result<&Tally, Refusal> {
        if !valid_device(&answer.device) {
            return Err(bad("`device` is 16 to 64 letters, digits, `-` or `_`"));
        }
        let Some(poll) = self.current.as_mut() else {
            return Err(refuse(StatusCode::NOT_FOUND, "no question is put to the room right now"));
        };
        if answer.poll != poll.id || answer.round != poll.round {
            return Err(refuse(
                StatusCode::CONFLICT,
                "this answer is for a question or round that is no longer asked; reload the question",
            ));
        }
        if !poll.open {
            return Err(refuse(StatusCode::CONFLICT, "answers are closed for this question"));
        }
        check_positions(&answer.choices, poll.question.choices.len(), poll.question.kind, "the answer")?;
        let round = usize::from(poll.round) - 1;
        let tally = &mut poll.rounds[round];
        if tally.devices.contains(&answer.device) {
            return Err(refuse(StatusCode::CONFLICT, "this device has already answered in this round"));
        }
        if tally.devices.len() >= MAX_ANSWERS_PER_ROUND {
            return Err(refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("this round has taken its {MAX_ANSWERS_PER_ROUND} answers"),
            ));
        }
        for choice in &answer.choices {
            tally.counts[*choice] += 1;
        }
        tally.answers += 1;
        tally.devices.insert(answer.device);
        Ok(tally)
    }
}

/// What participants see: no correct answer and no counts before the reveal.
#[derive(Debug, Serialize)]
struct PublicPoll<'a> {
    id: u64,
    kind: Kind,
    prompt: &'a str,
    choices: &'a [String],
    round: u8,
    open: bool,
    revealed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    correct: Option<&'a [usize]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rounds: Option<&'a [Tally]>,
}

impl<'a> PublicPoll<'a> {
    fn of(poll: &'a Poll) -> Self {
        let shown = poll.revealed;
        PublicPoll {
            id: poll.id,
            kind: poll.question.kind,
            prompt: &poll.question.prompt,
            choices: &poll.question.choices,
            round: poll.round,
            open: poll.open,
            revealed: poll.revealed,
            correct: shown.then_some(poll.question.correct.as_slice()),
            explanation: shown.then_some(poll.question.explanation.as_str()),
            rounds: shown.then_some(poll.rounds.as_slice()),
        }
    }
}

/// What the host sees: everything, and the addresses participants can reach.
#[derive(Debug, Serialize)]
struct HostView<'a> {
    /// Tells the slide runtime it talks to this server (not some other page at that path).
    live_question: u8,
    /// Where participants answer (empty when the server listens on this machine only).
    addresses: Vec<String>,
    poll: Option<&'a Poll>,
}

/// Shared by the handlers.
#[derive(Debug, Clone)]
pub(crate) struct LiveQuestions {
    room: Arc<Mutex<Room>>,
    /// How participants reach the server: names and addresses (no port: the request tells it).
    reachable_as: Arc<Vec<String>>,
    scheme: &'static str,
}

impl LiveQuestions {
    fn new(config: &ServerConfig) -> Self {
        let host = config.host.trim();
        let loopback =
            host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
        let mut names: Vec<String> = Vec::new();
        if !loopback {
            names.extend(config.allowed_hosts.iter().cloned());
            if host.parse::<IpAddr>().is_ok_and(|ip| ip.is_unspecified()) {
                names.extend(lan_addresses().iter().map(|ip| match ip {
                    IpAddr::V4(v4) => v4.to_string(),
                    IpAddr::V6(v6) => format!("[{v6}]"),
                }));
            } else {
                names.push(host.to_owned());
            }
        }
        names.dedup();
        LiveQuestions {
            room: Arc::new(Mutex::new(Room::starting_at(crate::state::wall_clock().as_millis()))),
            reachable_as: Arc::new(names),
            scheme: if config.tls { "https" } else { "http" },
        }
    }

    fn room(&self) -> std::sync::MutexGuard<'_, Room> {
        self.room.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn addresses(&self, headers: &HeaderMap) -> Vec<String> {
        let port = headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .and_then(|host| host.rsplit_once(':'))
            .and_then(|(_, port)| port.parse::<u16>().ok());
        let port = port.map(|port| format!(":{port}")).unwrap_or_default();
        self.reachable_as.iter().map(|name| format!("{}://{name}{port}{PARTICIPANT_PATH}", self.scheme)).collect()
    }
}

/// The routes: the participant page and API, and the host's API. The `Host` check and everything
/// else of `server.rs`'s middleware apply to them.
pub(crate) fn routes<S: Clone + Send + Sync + 'static>(config: &ServerConfig) -> Router<S> {
    Router::new()
        .route(PARTICIPANT_PATH, get(participant_page))
        .route("/q/", get(participant_page))
        .route("/q/api", get(participant_state))
        .route("/q/api/answer", post(participant_answer))
        .route("/workshop/api/question", get(host_state))
        .route("/workshop/api/question/open", post(host_open))
        .route("/workshop/api/question/close", post(host_close))
        .route("/workshop/api/question/second-round", post(host_second_round))
        .route("/workshop/api/question/reveal", post(host_reveal))
        .route("/workshop/api/question/end", post(host_end))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(LiveQuestions::new(config))
}

fn json(value: &impl Serialize) -> Response {
    let mut response = axum::Json(value).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
    response
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

fn parse<T: serde::de::DeserializeOwned>(headers: &HeaderMap, body: &Bytes) -> Result<T, Refusal> {
    if !is_json(headers) {
        return Err(refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "send the body as Content-Type: application/json"));
    }
    serde_json::from_slice(body).map_err(|error| bad(format!("the body is not what this address takes: {error}")))
}

/// The host's machine, asking from a page of this server (or from no page at all, e.g. curl).
fn check_host(peer: &SocketAddr, headers: &HeaderMap) -> Result<(), Refusal> {
    if !is_local(peer) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "only the host (the machine the server runs on) puts questions to the room; participants answer at /q",
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = headers.get(header::HOST).and_then(|host| host.to_str().ok()).map(|host| host.to_ascii_lowercase());
        let origin = origin.to_str().unwrap_or_default().to_ascii_lowercase();
        let same = own.is_some_and(|host| origin == format!("http://{host}") || origin == format!("https://{host}"));
        if !same {
            return Err(refuse(StatusCode::FORBIDDEN, "a page of another site may not control the live question"));
        }
    }
    Ok(())
}

async fn participant_page() -> Response {
    let mut response = Html(PAGE).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
    response
}

async fn participant_state(State(live): State<LiveQuestions>) -> Response {
    let room = live.room();
    json(&serde_json::json!({ "poll": room.current().map(PublicPoll::of) }))
}

async fn participant_answer(State(live): State<LiveQuestions>, headers: HeaderMap, body: Bytes) -> Response {
    let answer: Answer = match parse(&headers, &body) {
        Ok(answer) => answer,
        Err(refusal) => return refusal.into_response(),
    };
    let mut room = live.room();
    match room.answer(answer) {
        Ok(tally) => {
            let mut response = json(&serde_json::json!({ "answers": tally.answers }));
            *response.status_mut() = StatusCode::CREATED;
            response
        }
        Err(refusal) => refusal.into_response(),
    }
}

async fn host_state(
    State(live): State<LiveQuestions>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if let Err(refusal) = check_host(&peer, &headers) {
        return refusal.into_response();
    }
    let room = live.room();
    json(&HostView { live_question: 1, addresses: live.addresses(&headers), poll: room.current() })
}

/// Runs a host action and answers with the poll as it now stands.
fn host_action(
    live: &LiveQuestions,
    peer: &SocketAddr,
    headers: &HeaderMap,
    body: &Bytes,
    action: impl FnOnce(&mut Room, &Bytes) -> Result<(), Refusal>,
) -> Response {
    if let Err(refusal) = check_host(peer, headers) {
        return refusal.into_response();
    }
    if !is_json(headers) {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "send the body as Content-Type: application/json")
            .into_response();
    }
    let mut room = live.room();
    match action(&mut room, body) {
        Ok(()) => json(&HostView { live_question: 1, addresses: live.addresses(headers), poll: room.current() }),
        Err(refusal) => refusal.into_response(),
    }
}

async fn host_open(
    State(live): State<LiveQuestions>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    host_action(&live, &peer, &headers, &body, |room, body| {
        let question: QuestionText = parse(&headers, body)?;
        room.open(question).map(drop)
    })
}

async fn host_close(
    State(live): State<LiveQuestions>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    host_action(&live, &peer, &headers, &body, |room, _| room.close().map(drop))
}

async fn host_second_round(
    State(live): State<LiveQuestions>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    host_action(&live, &peer, &headers, &body, |room, _| room.second_round().map(drop))
}

async fn host_reveal(
    State(live): State<LiveQuestions>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    host_action(&live, &peer, &headers, &body, |room, _| room.reveal().map(drop))
}

async fn host_end(
    State(live): State<LiveQuestions>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    host_action(&live, &peer, &headers, &body, |room, _| {
        room.end();
        Ok(())
    })
}

#[cfg(test)]
mod tests;
