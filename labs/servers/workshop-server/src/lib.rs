//! The workshop server: the oneM2M CSE engine (`onem2m-cse`) served natively over the oneM2M HTTP
//! binding (TS-0009), and the built book, from one process.
//!
//! A thin shell around the side-effect-free engine (`onem2m-cse`):
//! - [`binding`] turns HTTP requests into request primitives and responses into HTTP (headers,
//!   status mapping, query-string filterCriteria, addressing forms); bad input is a oneM2M error.
//! - the server (`server.rs`) routes `/book/` to the site, `/workshop/` to the live view, and every
//!   other path to the CSE (`/cse-in/...`, `/~/id-in/...`, `/_/<sp-id>/id-in/...`); retrievals run
//!   inline, other requests on a blocking thread. A timer armed from `Cse::poll_timeout` advances
//!   the engine when something expires (`et`, `mia`), so expiry and its notifications happen on
//!   time with no other traffic.
//! - the state (`state.rs`): the engine behind one lock (single writer), driven handle/poll, and
//!   the access checks; `server.rs` and `live.rs` build on it. No network IO happens under the
//!   lock: a subscription whose targets must be verified stays pending in the engine, its
//!   verification requests are POSTed outside the lock and the answers handed back
//!   (`Cse::handle_verification`); the request runs once.
//! - [`store`] makes every acknowledged change durable: a journal line (a request, a verification
//!   answer, or a timer's advance), fsync'd before the answer, replayed at startup after the last
//!   snapshot; the fsync happens outside the engine lock, one for all the requests that arrived
//!   together (group commit, `commit.rs`).
//! - [`notifier`] sends `m2m:sgn` over HTTP: verification requests with a short timeout, events
//!   from per-target queues after the lock is released, with retries and backoff.
//! - the live view (`live.rs`) shows the resource tree and the request log to the host.
//! - hand-ins (`hand_in.rs`): participants hand in their progress from the book; the class view
//!   (`class_view.rs`, host only) counts them per quiz question and lab exercise, as a page and CSV.
//! - live questions (`live_question.rs`): the host puts a quiz question to the room from its slide,
//!   participants answer at `/q`, the speaker view shows the histogram (peer instruction).
//! - the accept loop (`listen.rs`) caps concurrent connections and times out slow header reads
//!   and idle connections (slowloris).
//! - [`tls`] is the secure mode (`--tls`): HTTPS with rustls, a workshop CA and server certificate
//!   made with rcgen in the data directory, participants' client certificates and tokens bound to
//!   their originators; the CSE takes the originator from the credential and refuses another
//!   `X-M2M-Origin` (TS-0003's AE impersonation prevention).
//! - [`guard`] answers only requests whose `Host` names this server (DNS rebinding) and allows
//!   cross-origin requests only from the origins the host configured (CORS).
//!
//! ```no_run
//! # async fn run() -> anyhow::Result<()> {
//! let server = workshop_server::start(workshop_server::ServerConfig::default()).await?;
//! println!("CSE at {}/cse-in", server.url());
//! server.stop().await;
//! # Ok(()) }
//! ```

pub mod binding;
mod class_view;
mod commit;
pub mod config;
pub mod guard;
mod hand_in;
mod listen;
mod live;
mod live_question;
pub mod log;
pub mod notifier;
mod plugtests;
mod server;
mod state;
pub mod store;
pub mod tls;

pub use config::{ServerConfig, USAGE, lan_addresses};
pub use server::{RunningServer, start};
