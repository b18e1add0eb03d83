//! The kit's views, one component per file. Each takes data and named `on_*` callbacks (the props convention of
//! every lab): it renders what it is given and reports what the reader did; it owns no lab state.

pub mod exercise_panel;
pub mod export_import_bar;
pub mod notice_banner;

#[cfg(test)]
mod tests;
