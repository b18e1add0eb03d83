//! The kit's hooks.

pub mod use_saved_progress;
