//! The lab's views: the root (reducer, saved progress, the URL target's requests, layout), one test's steps and
//! sequence diagram, and the fetch that speaks to a CSE at a URL. Views only render state and dispatch
//! [`crate::model::LabAction`]s.

pub mod plugtest_lab;
mod remote;
pub mod sequence;
#[cfg(test)]
mod tests;
