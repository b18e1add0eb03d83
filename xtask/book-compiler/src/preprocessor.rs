//! Our mdBook preprocessor, registered in process: expands lab, quiz and figure directives and checks
//! every link of the Markdown, failing the build with `file:line` for each problem.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::errors::Result;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

use crate::diagnostic::Diagnostics;
use crate::directives::{DirectiveCounts, DirectiveState, expand_directives, fill_progress_mounts};
use crate::links::ChapterIndex;

/// What the preprocessor saw, for the build summary.
#[derive(Debug, Default, Clone)]
pub struct BookReport {
    pub chapters: usize,
    pub counts: DirectiveCounts,
    /// Chapters (paths relative to `src/`) that mount at least one lab or quiz.
    pub chapters_with_widgets: Vec<PathBuf>,
}

/// The `lab-directives` preprocessor.
#[derive(Debug, Clone)]
pub struct LabDirectives {
    /// Diagnostics name files relative to this folder (the project root).
    display_base: PathBuf,
    report: Arc<Mutex<BookReport>>,
}

impl LabDirectives {
    pub const NAME: &'static str = "lab-directives";

    pub fn new(display_base: &Path) -> Self {
        LabDirectives { display_base: display_base.to_path_buf(), report: Arc::default() }
    }

    /// A handle on the report the preprocessor fills when it runs.
    pub fn report(&self) -> Arc<Mutex<BookReport>> {
        Arc::clone(&self.report)
    }

    fn display(&self, path: &Path) -> String {
        path.strip_prefix(&self.display_base).unwrap_or(path).display().to_string()
    }
}

impl Preprocessor for LabDirectives {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn run(&self, context: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let src_dir = context.root.join(&context.config.book.src);
        let mut state = DirectiveState::default();
        let mut report = BookReport::default();
        let mut diagnostics = Vec::new();

        let mut quiz_titles = BTreeMap::new();
        book.for_each_chapter_mut(|chapter| {
            let Some(source) = chapter.source_path.clone() else { return };
            report.chapters += 1;
            let file = self.display(&src_dir.join(&source));
            let before = report.counts;
            let known: BTreeSet<String> = state.quiz_ids().map(str::to_owned).collect();
            match expand_directives(&chapter.content, &file, &mut state, &mut report.counts) {
                Ok(content) => chapter.content = content,
                Err(found) => diagnostics.extend(found),
            }
            for id in state.quiz_ids().filter(|id| !known.contains(*id)) {
                quiz_titles.insert(id.to_owned(), chapter.name.clone());
            }
            if report.counts.labs + report.counts.quizzes > before.labs + before.quizzes {
                report.chapters_with_widgets.push(source);
            }
        });
        book.for_each_chapter_mut(|chapter| chapter.content = fill_progress_mounts(&chapter.content, &quiz_titles));

        let mut index = ChapterIndex::default();
        for item in book.iter() {
            if let BookItem::Chapter(chapter) = item
                && let Some(source) = &chapter.source_path
            {
                index.add_chapter(source, &chapter.content);
            }
        }
        for item in book.iter() {
            if let BookItem::Chapter(chapter) = item
                && let Some(source) = &chapter.source_path
            {
                let file = self.display(&src_dir.join(source));
                diagnostics.extend(index.check_links(source, &chapter.content, &file, &src_dir));
            }
        }

        if let Ok(mut shared) = self.report.lock() {
            *shared = report;
        }
        if diagnostics.is_empty() { Ok(book) } else { Err(Diagnostics(diagnostics).into()) }
    }

    fn supports_renderer(&self, _renderer: &str) -> Result<bool> {
        Ok(true)
    }
}
