//! The lab's views: the root (reducer, saved progress, layout) and one panel per part of the assessment. Views only
//! render state and dispatch [`crate::model::LabAction`]s.

pub mod description_panel;
pub mod dpia_lab;
pub mod necessity_panel;
pub mod risk_panel;
#[cfg(test)]
mod tests;
pub mod threshold_panel;
