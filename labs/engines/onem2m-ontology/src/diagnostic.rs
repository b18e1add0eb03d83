//! Diagnostics: what the lab shows beside the editor instead of failing.

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, nothing is wrong.
    Info,
    /// The input is usable but probably not what was meant.
    Warning,
    /// The input (or part of it) could not be used.
    Error,
}

/// What a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticKind {
    /// The text is not valid in its format (Turtle, RDF/XML, JSON-LD, SPARQL).
    Syntax,
    /// A term in the SAREF or Base Ontology namespace used as a class that the shipped subsets do not define.
    UnknownClass,
    /// A term in the SAREF or Base Ontology namespace used as a property that the shipped subsets do not define.
    UnknownProperty,
    /// A term in the SAREF or Base Ontology namespace in another position that the subsets do not define.
    UnknownTerm,
    /// An older SAREF namespace (`https://w3id.org/saref#` or `http://ontology.tno.nl/saref#`).
    OldNamespace,
    /// A class used in the description that no alignment rule maps to the Base Ontology.
    UnmappedClass,
    /// A property used in the description that no alignment rule maps to the Base Ontology.
    UnmappedProperty,
    /// An alignment rule that is ignored or suspicious (reversed, equivalence, unknown target...).
    Rule,
    /// A SPARQL query that cannot be evaluated (unsupported function, evaluation error).
    Query,
}

/// A position in a text: 1-based line and 1-based column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TextLocation {
    pub line: u64,
    pub column: u64,
}

impl fmt::Display for TextLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

impl TextLocation {
    /// The location of the first occurrence of byte offset `offset` in `text`.
    pub fn from_offset(text: &str, offset: usize) -> Self {
        let mut line = 1;
        let mut column = 1;
        for (index, character) in text.char_indices() {
            if index >= offset {
                break;
            }
            if character == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Self { line, column }
    }
}

/// One structured message about an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: DiagnosticKind,
    pub message: String,
    /// Where in the text, when known (RDF/XML syntax errors and graph-level findings may have none).
    pub location: Option<TextLocation>,
    /// The term concerned (a full IRI), when there is one.
    pub term: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Self { severity, kind, message: message.into(), location: None, term: None }
    }

    pub fn at(mut self, location: Option<TextLocation>) -> Self {
        self.location = location;
        self
    }

    pub fn about(mut self, term: impl Into<String>) -> Self {
        self.term = Some(term.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.location {
            Some(location) => write!(f, "{severity} at {location}: {}", self.message),
            None => write!(f, "{severity}: {}", self.message),
        }
    }
}

/// Finds where `iri` first appears in `text`: as `<iri>` or as a prefixed name ending in its
/// local name (`saref:Temprature`). Returns `None` when it cannot be found.
pub(crate) fn locate_term(text: &str, iri: &str) -> Option<TextLocation> {
    if let Some(offset) = text.find(&format!("<{iri}>")) {
        return Some(TextLocation::from_offset(text, offset));
    }
    let local = crate::terms::local_name(iri);
    if local.is_empty() {
        return None;
    }
    let is_name_char = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut search_from = 0;
    while let Some(found) = text[search_from..].find(local) {
        let start = search_from + found;
        let end = start + local.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let starts_ok = matches!(before, Some(':') | Some('/') | Some('#') | Some('"'));
        let ends_ok = after.is_none_or(|c| !is_name_char(c));
        if starts_ok && ends_ok {
            // Point at the start of the prefixed name (or of the local name).
            let prefix_start = text[..start]
                .rfind(|c: char| c.is_whitespace() || c == ';' || c == ',' || c == '(' || c == '[')
                .map_or(0, |i| i + 1);
            return Some(TextLocation::from_offset(text, prefix_start.min(start)));
        }
        search_from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_one_based_lines_and_columns() {
        let text = "ab\ncd\n";
        assert_eq!(TextLocation::from_offset(text, 0), TextLocation { line: 1, column: 1 });
        assert_eq!(TextLocation::from_offset(text, 4), TextLocation { line: 2, column: 2 });
    }

    #[test]
    fn terms_are_located_by_prefixed_name_or_full_iri() {
        let text = "@prefix saref: <https://saref.etsi.org/core/> .\nex:a a saref:Devise .\n";
        let location = locate_term(text, "https://saref.etsi.org/core/Devise");
        assert_eq!(location, Some(TextLocation { line: 2, column: 8 }));
        let text = "<http://x/a> a <https://saref.etsi.org/core/Devise> .";
        let location = locate_term(text, "https://saref.etsi.org/core/Devise");
        assert_eq!(location, Some(TextLocation { line: 1, column: 16 }));
        assert_eq!(locate_term("nothing here", "https://saref.etsi.org/core/Devise"), None);
    }
}
