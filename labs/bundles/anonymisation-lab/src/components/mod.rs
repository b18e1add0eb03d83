//! The lab's views: the root (reducer, saved progress, layout) and one panel per part. Views only render state
//! and dispatch [`crate::model::LabAction`]s.

pub mod anonymisation_lab;
pub mod panels;
#[cfg(test)]
mod tests;
