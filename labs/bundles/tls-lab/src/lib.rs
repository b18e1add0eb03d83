//! The TLS lab (being built).

pub mod chain;
pub mod enrolment;
pub mod exercises;
pub mod handshake;
pub mod pki;
pub mod records;
pub mod scenarios;
pub mod transcript;
pub mod work;
