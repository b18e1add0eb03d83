//! `mdbook-slides`: slide decks for any mdBook 0.5 book. As `[preprocessor.slides]` it removes slide-only and
//! notes regions from the book; as `[output.slides]` it writes a deck per chapter (see
//! `book_compiler::standalone` and README.md, "Slides and quizzes in your own mdBook").

use book_compiler::standalone::{render_slides, run_plugin, slides_preprocess, slides_supports};

fn main() {
    std::process::exit(run_plugin("mdbook-slides", slides_supports, slides_preprocess, Some(render_slides)));
}
