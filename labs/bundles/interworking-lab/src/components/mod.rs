//! The lab's views: the root and one component per panel, each taking data and an `on_action` callback.

pub mod cse_panel;
pub mod device_panel;
pub mod discovery_panel;
pub mod interworking_lab;
pub mod mapping_editor;

#[cfg(test)]
mod tests;
