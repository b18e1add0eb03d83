//! One component per file.

pub mod acop_calculator;
pub mod class_view;
pub mod hand_in;
pub mod progress_manager;
pub mod quiz;

pub(crate) use lab_kit::next_widget_id;
