//! `mdbook-quiz`: self-check quizzes for any mdBook 0.5 book, as `[preprocessor.quiz]`: each ```` ```quiz ````
//! block becomes HTML that needs no script (see `book_compiler::standalone` and README.md, "Slides and quizzes
//! in your own mdBook").

use book_compiler::standalone::{quiz_preprocess, quiz_supports, run_plugin};

fn main() {
    std::process::exit(run_plugin("mdbook-quiz", quiz_supports, quiz_preprocess, None));
}
