//! The lab's views: the root (reducer, saved progress, layout), the scenario with its prediction, the transcript
//! of the last handshake, and the enrolment. Views only render state and dispatch [`crate::model::LabAction`]s.

pub mod enrolment_panel;
pub mod scenario_panel;
#[cfg(test)]
mod tests;
pub mod tls_lab;
pub mod transcript_view;
