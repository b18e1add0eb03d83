//! Checks of the built site: every internal link, `#anchor` and referenced asset resolves, no directive
//! was left unexpanded, every lab bundle a page mounts exists, and nothing is loaded from another host.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// What the site holds, for the size report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SiteSummary {
    pub pages: usize,
    /// Pages (relative to the site root) that mount a lab or quiz, with the bundles they need.
    pub pages_with_labs: BTreeMap<String, Vec<String>>,
}

struct Page {
    ids: HashSet<String>,
    references: Vec<Reference>,
    base: Option<String>,
    bundles: Vec<String>,
    unexpanded: Vec<String>,
}

struct Reference {
    tag: String,
    attribute: &'static str,
    url: String,
}

/// Checks the site at `site`; returns its summary, or every problem found.
pub fn check_site(site: &Path) -> Result<std::result::Result<SiteSummary, Vec<String>>> {
    let mut pages = BTreeMap::new();
    for file in html_files(site)? {
        let html = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
        let relative = file.strip_prefix(site).unwrap_or(&file).to_path_buf();
        pages.insert(relative, parse_page(&html));
    }
    let mut problems = Vec::new();
    let mut summary = SiteSummary { pages: pages.len(), ..SiteSummary::default() };
    for (path, page) in &pages {
        let shown = path.display().to_string();
        for directive in &page.unexpanded {
            problems.push(format!("{shown}: a `{directive}` directive was left unexpanded (rendered as a code block)"));
        }
        for bundle in &page.bundles {
            for asset in [format!("labs/{bundle}.js"), format!("labs/{bundle}_bg.wasm")] {
                if !site.join(&asset).is_file() {
                    problems.push(format!("{shown}: mounts a lab from bundle `{bundle}`, but {asset} is missing"));
                }
            }
        }
        if !page.bundles.is_empty() {
            let mut bundles = page.bundles.clone();
            bundles.sort();
            bundles.dedup();
            summary.pages_with_labs.insert(shown.clone(), bundles);
        }
        for reference in &page.references {
            if let Some(problem) = check_reference(site, path, page, reference, &pages) {
                problems.push(format!("{shown}: {problem}"));
            }
        }
    }
    Ok(if problems.is_empty() { Ok(summary) } else { Err(problems) })
}

fn html_files(site: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut folders = vec![site.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))? {
            let path = entry.with_context(|| format!("reading {}", folder.display()))?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "html") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn parse_page(html: &str) -> Page {
    let mut page =
        Page { ids: HashSet::new(), references: Vec::new(), base: None, bundles: Vec::new(), unexpanded: Vec::new() };
    let Ok(dom) = tl::parse(html, tl::ParserOptions::default()) else { return page };
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        let name = tag.name().as_utf8_str().to_ascii_lowercase();
        let attributes = tag.attributes();
        let get = |key: &str| attributes.get(key).flatten().map(|value| decode_entities(&value.as_utf8_str()));
        if let Some(id) = get("id") {
            page.ids.insert(id);
        }
        if name == "a"
            && let Some(anchor) = get("name")
        {
            page.ids.insert(anchor);
        }
        if name == "base" {
            page.base = get("href");
        }
        if let Some(bundle) = get("data-bundle") {
            page.bundles.push(bundle);
        }
        if name == "code"
            && let Some(class) = get("class")
        {
            for kind in book_compiler::directives::DIRECTIVE_KINDS {
                if class.split_whitespace().any(|class| class == format!("language-{kind}")) {
                    page.unexpanded.push((*kind).to_owned());
                }
            }
        }
        let attribute = match name.as_str() {
            "a" | "link" | "area" => "href",
            "script" | "img" | "iframe" | "source" | "audio" | "video" | "embed" => "src",
            _ => continue,
        };
        if let Some(url) = get(attribute) {
            page.references.push(Reference { tag: name.clone(), attribute, url });
        }
    }
    page
}

fn decode_entities(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

fn check_reference(
    site: &Path,
    page_path: &Path,
    page: &Page,
    reference: &Reference,
    pages: &BTreeMap<PathBuf, Page>,
) -> Option<String> {
    let url = reference.url.trim();
    if url.is_empty()
        || url == "#"
        || url.starts_with("javascript:")
        || url.starts_with("mailto:")
        || url.starts_with("data:")
    {
        return None;
    }
    let external = url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.contains('#'));
    if external {
        // a link a reader clicks may leave the site; nothing may be *loaded* from elsewhere
        return (reference.tag != "a").then(|| {
            format!(
                "<{} {}=\"{url}\"> loads from another host; the site must work offline",
                reference.tag, reference.attribute
            )
        });
    }
    let (path_part, fragment) = match url.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (url, None),
    };
    let path_part = path_part.split('?').next().unwrap_or_default();
    let base_dir: PathBuf = match &page.base {
        Some(base) if base.starts_with('/') => PathBuf::from(base.trim_start_matches('/')),
        _ => page_path.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    let target = if path_part.is_empty() {
        page_path.to_path_buf()
    } else if let Some(absolute) = path_part.strip_prefix('/') {
        PathBuf::from(absolute)
    } else {
        base_dir.join(path_part)
    };
    let Some(mut target) = book_compiler::links::normalize(&target) else {
        return Some(format!("`{url}` points above the site root"));
    };
    if path_part.ends_with('/') || target.as_os_str().is_empty() {
        target.push("index.html");
    }
    let target = PathBuf::from(percent_decode(&target.to_string_lossy()));
    if target.extension().is_some_and(|extension| extension == "pdf") && !site.join(&target).is_file() {
        // the PDFs are printed after this check, and only where Chromium is (xtask/src/pdf.rs); the browser test
        // pdf.rs requires every PDF the introduction and the deck index link to
        return None;
    }
    if !site.join(&target).is_file() {
        return Some(format!("broken {} `{url}`: {} does not exist", reference.attribute, target.display()));
    }
    match (fragment, pages.get(&target)) {
        (Some(fragment), Some(target_page))
            if !fragment.is_empty() && !target_page.ids.contains(&percent_decode(fragment)) =>
        {
            Some(format!("broken anchor `{url}`: {} has no element with id `{fragment}`", target.display()))
        }
        _ => None,
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(byte) = text.get(index + 1..index + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            decoded.push(byte);
            index += 3;
            continue;
        }
        decoded.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "site-check-{}-{}",
            std::process::id(),
            files.len() * 7919 + files[0].1.len()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, content) in files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(file, content).expect("write");
        }
        dir
    }

    #[test]
    fn a_consistent_site_passes_and_is_summarised() {
        let dir = site(&[
            (
                "index.html",
                r#"<a href="part/a.html#x">a</a><link href="css/site.css" rel="stylesheet"><a href="https://etsi.org">etsi</a>"#,
            ),
            (
                "part/a.html",
                r#"<h2 id="x">X</h2><a href="../index.html">home</a><div class="lab-mount" data-bundle="w"></div>"#,
            ),
            ("css/site.css", "body{}"),
            ("labs/w.js", ""),
            ("labs/w_bg.wasm", ""),
        ]);
        let summary = check_site(&dir).expect("readable").expect("no problems");
        assert_eq!(summary.pages, 2);
        assert_eq!(summary.pages_with_labs.get("part/a.html"), Some(&vec!["w".to_owned()]));
    }

    #[test]
    fn a_link_to_a_pdf_not_printed_yet_passes_but_a_missing_page_beside_it_does_not() {
        let dir = site(&[(
            "index.html",
            r#"<a href="book.pdf">PDF</a> <a href="slides/a-handout.pdf">handout</a> <a href="slides/a.html">deck</a>"#,
        )]);
        let problems = check_site(&dir).expect("readable").expect_err("the deck page is missing");
        assert_eq!(problems.len(), 1, "only the missing page: {problems:?}");
        assert!(problems[0].contains("slides/a.html"), "{problems:?}");
    }

    #[test]
    fn broken_links_anchors_bundles_and_leftovers_are_reported() {
        let dir = site(&[
            (
                "index.html",
                r#"<a href="missing.html">m</a><a href="b.html#nope">n</a><script src="https://cdn.example/x.js"></script>"#,
            ),
            ("b.html", r#"<div data-bundle="gone"></div><pre><code class="language-lab">acop</code></pre>"#),
        ]);
        let problems = check_site(&dir).expect("readable").expect_err("problems");
        let all = problems.join("\n");
        assert!(all.contains("index.html: broken href `missing.html`"), "{all}");
        assert!(all.contains("broken anchor `b.html#nope`"), "{all}");
        assert!(all.contains("loads from another host"), "{all}");
        assert!(all.contains("b.html: mounts a lab from bundle `gone`, but labs/gone.js is missing"), "{all}");
        assert!(all.contains("b.html: a `lab` directive was left unexpanded"), "{all}");
        assert_eq!(problems.len(), 6, "{all}");
    }
}
