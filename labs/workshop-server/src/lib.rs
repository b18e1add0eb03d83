//! The workshop server: the oneM2M CSE engine (`onem2m-cse`) served natively over the oneM2M HTTP
//! binding (TS-0009), and the built book, from one process.
//!
//! A thin shell around the side-effect-free engine (`onem2m-cse`):
//! - [`binding`] turns HTTP requests into request primitives and responses into HTTP (headers,
//!   status mapping, query-string filterCriteria, addressing forms); bad input is a oneM2M error.
//! - the server (`server.rs`) routes `/book/` to the site, `/workshop/` to the live view, and every
//!   other path to the CSE (`/cse-in/...`, `/~/id-in/...`, `/_/<sp-id>/id-in/...`); the engine sits
//!   behind one lock (single writer); retrievals run inline, other requests on a blocking thread.
//!   No network IO happens under the lock: a request that may verify (a subscription Create, an
//!   Update carrying `m2m:sub`) first runs on a copy of the engine, sending the verification
//!   requests for real, then on the real engine under the lock with the recorded answers.
//! - [`store`] makes every acknowledged write durable: a journal line, fsync'd before the answer,
//!   replayed at startup after the last snapshot; the fsync happens outside the engine lock, one
//!   for all the requests that arrived together (group commit, `commit.rs`).
//! - [`notifier`] sends `m2m:sgn` over HTTP: verification requests with a short timeout (from the
//!   copy, answers recorded by target address and replayed to the real engine), events from
//!   per-target queues after the lock is released, with retries and backoff.
//! - the live view (`live.rs`) shows the resource tree and the request log to the host.
//! - the accept loop (`listen.rs`) caps concurrent connections and times out slow header reads
//!   and idle connections (slowloris).
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
mod commit;
pub mod config;
pub mod guard;
mod listen;
mod live;
pub mod log;
pub mod notifier;
mod server;
pub mod store;

pub use config::{ServerConfig, USAGE, lan_addresses};
pub use server::{RunningServer, start};
