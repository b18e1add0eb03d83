//! The privacy lab's views, one component per file. They read the lab state and dispatch actions.

pub mod observer_panel;
pub mod occupancy_timeline;
pub mod platform_resources;
pub mod policy_panel;
pub mod privacy_lab;

pub(crate) use lab_kit::{next_widget_id, with_code_spans};
