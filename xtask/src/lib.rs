//! The build pipeline of the book: wasm build, wasm-bindgen as a library, mdBook as a library with our
//! preprocessor, site checks, the size report, serve and test. Plain functions; `main.rs` dispatches to them.
//! Everything it writes goes under `target/`.

pub mod book;
pub mod diagnostic;
pub mod directives;
pub mod links;
pub mod pipeline;
pub mod preprocessor;
pub mod project;
pub mod serve;
pub mod site_check;
pub mod size_report;
pub mod slides;
pub mod wasm;
pub mod workshop;
