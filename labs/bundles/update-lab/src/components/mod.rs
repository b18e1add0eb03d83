//! The lab's views: the root and one component per panel, each taking data and an `on_action` callback.

pub mod attack_panel;
pub mod clock_panel;
pub mod cse_panel;
pub mod pipeline_panel;
pub mod report_view;
pub mod update_lab;
pub mod vulnerability_panel;

#[cfg(test)]
mod tests;
