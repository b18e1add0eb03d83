//! One component per file.

pub mod acop_calculator;
pub mod progress_manager;
pub mod quiz;

/// A number unique among the widgets of a page, for element ids (several widgets may share a page).
pub(crate) fn next_widget_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
