//! Scenario tests: conversations with the CSE driven by a manual clock.
//!
//! Every `c.expect(request, Rsc::X)` asserts the response status; `coverage.rs` checks that every
//! code the engine can produce is asserted somewhere in these files.

mod access;
mod basics;
mod coverage;
mod devices;
mod discovery;
mod expiry;
mod groups;
mod harness;
mod non_blocking;
mod properties;
mod robustness;
mod security;
mod semantics;
mod snapshot;
mod specializations;
mod standard;
mod subscriptions;
mod verification;
