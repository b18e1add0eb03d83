//! The book compiler: our two mdBook preprocessors and the build that runs them. `lab-directives` expands lab,
//! quiz and figure directives (figures drawn to SVG at build time) and checks every link and anchor;
//! `slides` keeps each chapter's Markdown for its slide deck and removes slide-only regions from the book.
//! Every content problem is reported as `file:line: message`, all of them at once.
//!
//! The build pipeline (`xtask`) calls [`book::build_book_for_slides`] and [`slides::write_decks`]; the lab
//! catalogue (`lab-catalog`) says which labs and options a directive may name.
//!
//! [`standalone`] offers the decks and quizzes to any mdBook 0.5 book as command plug-ins, the `mdbook-slides`
//! (preprocessor and renderer) and `mdbook-quiz` binaries.

pub mod book;
pub mod diagnostic;
pub mod directives;
pub mod links;
pub mod preprocessor;
pub mod slides;
pub mod standalone;
