//! Link checking on the Markdown, before rendering: every relative link and `#anchor` must resolve to a
//! chapter of the book (and one of its headings or ids) or to a file in the source folder. Errors name
//! the file and line, which a check of the rendered HTML could not do.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::directives::markdown_options;

/// Every chapter of the book (by path relative to `src/`) and the anchors it defines.
#[derive(Debug, Default)]
pub struct ChapterIndex {
    anchors: HashMap<PathBuf, HashSet<String>>,
}

impl ChapterIndex {
    /// Records a chapter's anchors: heading ids as mdBook generates them, explicit `{#id}`s, and `id="..."` in raw HTML.
    pub fn add_chapter(&mut self, path: &Path, content: &str) {
        self.anchors.insert(path.to_path_buf(), anchors_of(content));
    }

    pub fn has_chapter(&self, path: &Path) -> bool {
        self.anchors.contains_key(path)
    }

    /// Checks every link of one chapter.
    pub fn check_links(&self, chapter: &Path, content: &str, file: &str, src_dir: &Path) -> Vec<Diagnostic> {
        let lines = LineIndex::new(content);
        let mut diagnostics = Vec::new();
        let chapter_dir = chapter.parent().unwrap_or(Path::new(""));
        for (event, range) in Parser::new_ext(content, markdown_options()).into_offset_iter() {
            let destination = match &event {
                Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                    dest_url.to_string()
                }
                _ => continue,
            };
            if let Some(problem) = self.check_one(chapter, chapter_dir, &destination, src_dir) {
                diagnostics.push(Diagnostic { file: file.to_owned(), line: lines.line(range.start), message: problem });
            }
        }
        diagnostics
    }

    fn check_one(&self, chapter: &Path, chapter_dir: &Path, destination: &str, src_dir: &Path) -> Option<String> {
        if is_external(destination) {
            return None;
        }
        let (path_part, fragment) = match destination.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (destination, None),
        };
        let path_part = path_part.split('?').next().unwrap_or_default();
        let target = if path_part.is_empty() {
            chapter.to_path_buf()
        } else {
            match normalize(&chapter_dir.join(path_part)) {
                Some(target) => target,
                None => return Some(format!("broken link `{destination}`: it leaves the book's source folder")),
            }
        };
        let is_markdown = target.extension().is_some_and(|extension| extension == "md");
        if is_markdown {
            let Some(anchors) = self.anchors.get(&target) else {
                return Some(if src_dir.join(&target).is_file() {
                    format!("broken link `{destination}`: {} is not a chapter listed in SUMMARY.md", target.display())
                } else {
                    format!("broken link `{destination}`: there is no chapter {}", target.display())
                });
            };
            match fragment {
                Some(fragment) if !fragment.is_empty() && !anchors.contains(fragment) => Some(format!(
                    "broken link `{destination}`: {} has no heading or element with id `{fragment}`",
                    target.display()
                )),
                _ => None,
            }
        } else if target.extension().is_some_and(|extension| extension == "html")
            && self.anchors.contains_key(&target.with_extension("md"))
        {
            Some(format!("link `{destination}` points at generated HTML; link to the chapter's .md file instead"))
        } else if !src_dir.join(&target).exists() {
            Some(format!("broken link `{destination}`: no file {} in the book's source folder", target.display()))
        } else {
            None
        }
    }
}

fn is_external(destination: &str) -> bool {
    if destination.starts_with("//") {
        return true;
    }
    // a scheme: letters, digits, + - . before the first ':' and before any '/', '#' or '?'
    match destination.find(':') {
        Some(colon) => {
            let scheme = &destination[..colon];
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Resolves `.` and `..` of a relative path without touching the file system; None when it climbs above its root.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    let mut normalized = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => normalized.push(part),
            Component::CurDir => {}
            Component::ParentDir => normalized.pop().then_some(())?,
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(normalized)
}

/// The anchors a chapter will have once mdBook renders it.
pub fn anchors_of(content: &str) -> HashSet<String> {
    let mut anchors = HashSet::new();
    let mut generated = HashSet::new();
    let mut heading_text: Option<String> = None;
    for event in Parser::new_ext(content, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                anchors.insert(id.to_string());
            }
            Event::Start(Tag::Heading { id: None, .. }) => heading_text = Some(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = heading_text.as_mut() {
                    heading.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(text) = heading_text.take() {
                    anchors.insert(unique_id(&id_from_content(&text), &mut generated));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => anchors.extend(html_ids(&html)),
            _ => {}
        }
    }
    anchors
}

/// mdBook's heading id: lowercase; letters, digits, `_` and `-` kept; white space becomes `-`; the rest dropped.
pub fn id_from_content(content: &str) -> String {
    content
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|character| {
            if character.is_alphanumeric() || character == '_' || character == '-' {
                Some(character)
            } else if character.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

fn unique_id(id: &str, used: &mut HashSet<String>) -> String {
    if used.insert(id.to_owned()) {
        return id.to_owned();
    }
    (1..).map(|counter| format!("{id}-{counter}")).find(|candidate| used.insert(candidate.clone())).unwrap_or_default()
}

fn html_ids(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(position) = rest.find(" id=\"") {
        rest = &rest[position + 5..];
        if let Some(end) = rest.find('"') {
            ids.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> ChapterIndex {
        let mut index = ChapterIndex::default();
        index.add_chapter(Path::new("intro.md"), "# Intro\n\n## Who it is for\n");
        index.add_chapter(
            Path::new("security/access-control.md"),
            "# Access control\n\n## The `acop` bits\n\n## Rules\n\n## Rules\n",
        );
        index.add_chapter(Path::new("glossary.md"), "# Glossary\n\n### Threat {#threat}\n");
        index
    }

    fn check(chapter: &str, content: &str) -> Vec<Diagnostic> {
        index().check_links(Path::new(chapter), content, "book/src/x.md", Path::new("/nonexistent"))
    }

    #[test]
    fn heading_ids_follow_mdbook() {
        let anchors =
            anchors_of("# Access control\n\n## The `acop` bits\n\n## Rules\n\n## Rules\n\n<div id=\"lab-1\"></div>\n");
        for expected in ["access-control", "the-acop-bits", "rules", "rules-1", "lab-1"] {
            assert!(anchors.contains(expected), "{expected} missing from {anchors:?}");
        }
    }

    #[test]
    fn good_links_pass() {
        let content = "[a](../intro.md) [b](../intro.md#who-it-is-for) [c](#rules-1) [d](../glossary.md#threat) [e](https://etsi.org) [f](mailto:x@y.z)";
        assert_eq!(check("security/access-control.md", content), vec![]);
    }

    #[test]
    fn broken_links_name_the_line() {
        let content = "fine\n\nsee [missing](../nope.md)\n\nand [anchor](../glossary.md#risk)\n[up](../../outside.md)";
        let problems = check("security/access-control.md", content);
        let lines: Vec<usize> = problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, vec![3, 5, 6], "{problems:?}");
        assert!(problems[0].message.contains("there is no chapter nope.md"));
        assert!(problems[1].message.contains("has no heading or element with id `risk`"));
        assert!(problems[2].message.contains("leaves the book's source folder"));
    }

    #[test]
    fn links_to_generated_html_are_refused() {
        let problems = check("intro.md", "[x](security/access-control.html)");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("link to the chapter's .md file"));
    }
}
