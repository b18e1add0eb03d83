//! A pure, deterministic oneM2M CSE (Common Services Entity) engine.
//!
//! Contract: this crate does no IO and reads no clock. Time, identifiers and seeds come in as
//! arguments; responses, notifications and trace events come out as data. The same code runs in
//! the browser (wasm32), in the workshop server and in tests. Behaviour follows
//! `shared/facts/onem2m.md` (TS-0001, TS-0003, TS-0004, TS-0009).

pub mod acop;
