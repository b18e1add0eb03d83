//! The build pipeline of the book: wasm build, wasm-bindgen as a library, the book compiler (`book-compiler`:
//! mdBook as a library with our preprocessors), site checks, the size report, serve and test. Plain functions;
//! `main.rs` dispatches to them. Everything it writes goes under `target/`.

pub mod book;
pub mod pdf;
pub mod pipeline;
pub mod plugtest;
pub mod project;
pub mod serve;
pub mod site_check;
pub mod size_report;
pub mod wasm;
pub mod workshop;
