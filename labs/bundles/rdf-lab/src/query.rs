//! The query editor's model: known prefixes declared for the student when used, evaluation with errors at
//! `line:column` of the text the student wrote, and grading on result sets (the rows, whatever the
//! variables are called and in whatever column order), never on the query text.

use onem2m_ontology::discovery::TermValue;
use onem2m_ontology::{QueryError, QueryResultTable, TextLocation, query_graph};
use oxigraph::model::Triple;

use crate::platforms::KNOWN_PREFIXES;

/// A query with the known prefixes it uses and does not declare added in front, on one extra first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedQuery {
    pub text: String,
    /// The prefixes added for the student, in the order of [`KNOWN_PREFIXES`].
    pub declared_for_you: Vec<&'static str>,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// The prefixes `query` declares itself (`PREFIX p: <...>`, any case).
pub fn declared_prefixes(query: &str) -> Vec<String> {
    let lower = query.to_ascii_lowercase();
    let mut declared = Vec::new();
    for (index, _) in lower.match_indices("prefix") {
        let before = lower[..index].chars().next_back();
        if before.is_some_and(is_name_char) {
            continue;
        }
        let rest = query[index + "prefix".len()..].trim_start();
        if let Some((name, _)) = rest.split_once(':')
            && name.chars().all(is_name_char)
        {
            declared.push(name.to_owned());
        }
    }
    declared
}

/// The known prefixes `query` uses as `p:` (outside `<...>` IRIs).
pub fn used_prefixes(query: &str) -> Vec<&'static str> {
    let mut used = Vec::new();
    let mut in_iri = false;
    let mut previous = ' ';
    let chars: Vec<(usize, char)> = query.char_indices().collect();
    for (position, &(index, c)) in chars.iter().enumerate() {
        match c {
            '<' if !in_iri => {
                // `<` starts an IRI only when the next character is not a space or `=` (a comparison).
                in_iri = chars.get(position + 1).is_some_and(|(_, next)| !next.is_whitespace() && *next != '=');
            }
            '>' if in_iri => in_iri = false,
            _ if !in_iri && !is_name_char(previous) && previous != ':' => {
                for (prefix, _) in KNOWN_PREFIXES {
                    if query[index..].starts_with(&format!("{prefix}:")) && !used.contains(prefix) {
                        used.push(*prefix);
                    }
                }
            }
            _ => {}
        }
        previous = c;
    }
    KNOWN_PREFIXES.iter().map(|(prefix, _)| *prefix).filter(|prefix| used.contains(prefix)).collect()
}

/// `query` with every known prefix it uses but does not declare declared in front of it, all on one first
/// line, so that the student's line `n` is line `n + 1` (and columns do not move).
pub fn prepare(query: &str) -> PreparedQuery {
    let declared = declared_prefixes(query);
    let missing: Vec<&'static str> =
        used_prefixes(query).into_iter().filter(|prefix| !declared.iter().any(|d| d == prefix)).collect();
    let header: Vec<String> = missing
        .iter()
        .filter_map(|prefix| KNOWN_PREFIXES.iter().find(|(p, _)| p == prefix))
        .map(|(prefix, namespace)| format!("PREFIX {prefix}: <{namespace}>"))
        .collect();
    PreparedQuery { text: format!("{}\n{query}", header.join(" ")), declared_for_you: missing }
}

/// A query problem where the student wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorError {
    pub message: String,
    /// 1-based, in the student's text.
    pub location: Option<TextLocation>,
}

impl EditorError {
    /// `line 2, column 7: ...` (or the message alone when there is no location).
    pub fn shown(&self) -> String {
        match self.location {
            Some(location) => format!("{}:{}: {}", location.line, location.column, self.message),
            None => self.message.clone(),
        }
    }
}

fn editor_error(error: QueryError) -> EditorError {
    // The engine's location is in the prepared text, one line below the student's.
    let location = error.location.and_then(|location| {
        (location.line > 1).then_some(TextLocation { line: location.line - 1, column: location.column })
    });
    let mut message = error.message;
    if let Some(at) = error.location {
        message = message.replace(&format!("{}:{}", at.line, at.column), "here");
    }
    if message.contains("prefix") || message.contains("Prefix") {
        let known: Vec<&str> = KNOWN_PREFIXES.iter().map(|(p, _)| *p).collect();
        message.push_str(&format!(
            " (the editor declares {} for you; any other prefix needs a PREFIX line)",
            known.join(", ")
        ));
    }
    EditorError { message, location }
}

/// The mistakes engineers make most, found before the parser runs so that they are reported exactly where
/// they are: an undeclared prefix, an unclosed or mismatched bracket, an unterminated string. (The SPARQL
/// parser reports the furthest point it reached, which after such a mistake can be lines further on.)
pub fn lint(query: &str) -> Option<EditorError> {
    let declared = declared_prefixes(query);
    let chars: Vec<char> = query.chars().collect();
    let mut line = 1;
    let mut column = 1;
    let mut open: Vec<(char, TextLocation)> = Vec::new();
    let mut index = 0;
    let at = |line, column| Some(TextLocation { line, column });
    while index < chars.len() {
        let c = chars[index];
        let here = TextLocation { line, column };
        let advance = |index: &mut usize, line: &mut u64, column: &mut u64| {
            if chars[*index] == '\n' {
                *line += 1;
                *column = 1;
            } else {
                *column += 1;
            }
            *index += 1;
        };
        match c {
            '#' => {
                while index < chars.len() && chars[index] != '\n' {
                    advance(&mut index, &mut line, &mut column);
                }
                continue;
            }
            '"' | '\'' => {
                advance(&mut index, &mut line, &mut column);
                while index < chars.len() && chars[index] != c {
                    if chars[index] == '\n' {
                        return Some(EditorError {
                            message: format!("this string is not closed on its line: a {c} is missing"),
                            location: at(here.line, here.column),
                        });
                    }
                    if chars[index] == '\\' && index + 1 < chars.len() {
                        advance(&mut index, &mut line, &mut column);
                    }
                    advance(&mut index, &mut line, &mut column);
                }
                if index >= chars.len() {
                    return Some(EditorError {
                        message: format!("this string is never closed: a {c} is missing"),
                        location: at(here.line, here.column),
                    });
                }
            }
            '<' => {
                // An IRI runs to the next `>` with no space in between; otherwise `<` is a comparison.
                let end = chars[index + 1..].iter().position(|next| *next == '>' || next.is_whitespace());
                if let Some(offset) = end.filter(|offset| chars[index + 1 + offset] == '>') {
                    for _ in 0..=offset {
                        advance(&mut index, &mut line, &mut column);
                    }
                }
            }
            '(' | '{' | '[' => open.push((c, here)),
            ')' | '}' | ']' => {
                let wanted = match c {
                    ')' => '(',
                    '}' => '{',
                    _ => '[',
                };
                match open.pop() {
                    Some((opened, _)) if opened == wanted => {}
                    Some((opened, location)) => {
                        return Some(EditorError {
                            message: format!(
                                "this {c} does not close the {opened} opened at {}:{}",
                                location.line, location.column
                            ),
                            location: at(here.line, here.column),
                        });
                    }
                    None => {
                        return Some(EditorError {
                            message: format!("this {c} closes nothing that was opened"),
                            location: at(here.line, here.column),
                        });
                    }
                }
            }
            _ if c.is_alphabetic()
                && !index.checked_sub(1).is_some_and(|before| {
                    is_name_char(chars[before]) || matches!(chars[before], '?' | '$' | ':' | '_')
                }) =>
            {
                let start = index;
                while index < chars.len()
                    && (chars[index].is_alphanumeric() || chars[index] == '_' || chars[index] == '-')
                {
                    advance(&mut index, &mut line, &mut column);
                }
                if chars.get(index) == Some(&':') {
                    let name: String = chars[start..index].iter().collect();
                    let known = KNOWN_PREFIXES.iter().any(|(prefix, _)| *prefix == name);
                    if !known && !declared.contains(&name) {
                        let known: Vec<&str> = KNOWN_PREFIXES.iter().map(|(p, _)| *p).collect();
                        return Some(EditorError {
                            message: format!(
                                "the prefix {name}: is not declared: write PREFIX {name}: <namespace> first (the editor declares {} for you)",
                                known.join(", ")
                            ),
                            location: at(here.line, here.column),
                        });
                    }
                }
                continue;
            }
            _ => {}
        }
        advance(&mut index, &mut line, &mut column);
    }
    open.last().map(|(opened, location)| EditorError {
        message: format!("this {opened} is never closed"),
        location: at(location.line, location.column),
    })
}

/// Evaluates the student's `query` over `triples`, known prefixes declared for them.
pub fn run(query: &str, triples: &[Triple]) -> Result<(QueryResultTable, Vec<&'static str>), EditorError> {
    if query.trim().is_empty() {
        return Err(EditorError { message: "the query is empty".into(), location: None });
    }
    if let Some(error) = lint(query) {
        return Err(error);
    }
    let prepared = prepare(query);
    query_graph(&prepared.text, triples).map(|table| (table, prepared.declared_for_you)).map_err(editor_error)
}

/// One cell as compared: the term's kind, value, datatype and language.
type Cell = Option<TermValue>;

/// A row as compared (each cell's JSON form, which holds kind, value, datatype and language) and as shown.
type Row = Vec<(String, String)>;

fn sorted_rows(rows: impl Iterator<Item = Vec<Cell>>) -> Vec<Row> {
    let mut rows: Vec<Row> = rows
        .map(|row| {
            row.into_iter()
                .map(|cell| {
                    let shown = cell.as_ref().map(shown_term).unwrap_or_else(|| "(unbound)".into());
                    (serde_json::to_string(&cell).unwrap_or_default(), shown)
                })
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

/// All orders of `0..n` (n is a SELECT's few columns).
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut all = Vec::new();
    for rest in permutations(n - 1) {
        for position in 0..=rest.len() {
            let mut next = rest.clone();
            next.insert(position, n - 1);
            all.push(next);
        }
    }
    all
}

/// How a result set compares with the expected one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    Same,
    /// What differs, for the student.
    Different(String),
}

/// Compares `got` with `expected` as multisets of rows, matching columns by content (names and order are
/// free). The explanation names the first missing and the first unexpected row.
pub fn compare(got: &QueryResultTable, expected: &QueryResultTable) -> Comparison {
    if expected.boolean.is_some() || got.boolean.is_some() {
        return if got.boolean == expected.boolean {
            Comparison::Same
        } else {
            Comparison::Different(format!("the answer is {:?}, expected {:?}", got.boolean, expected.boolean))
        };
    }
    let columns =
        |table: &QueryResultTable| table.variables.iter().map(|v| format!("?{v}")).collect::<Vec<_>>().join(", ");
    if got.variables.len() != expected.variables.len() {
        return Comparison::Different(format!(
            "your result has {} column(s) ({}); the expected result has {}: select exactly the values asked for",
            got.variables.len(),
            columns(got),
            expected.variables.len()
        ));
    }
    if got.rows.len() != expected.rows.len() {
        return Comparison::Different(format!(
            "your result has {} row(s); the expected result has {}",
            got.rows.len(),
            expected.rows.len()
        ));
    }
    let wanted = sorted_rows(expected.rows.iter().cloned());
    let mut best: Option<(usize, Vec<Row>)> = None;
    for order in permutations(got.variables.len()) {
        let rows =
            sorted_rows(got.rows.iter().map(|row| order.iter().map(|&i| row.get(i).cloned().flatten()).collect()));
        if rows == wanted {
            return Comparison::Same;
        }
        let matching = rows.iter().filter(|row| wanted.contains(row)).count();
        if best.as_ref().is_none_or(|(count, _)| matching > *count) {
            best = Some((matching, rows));
        }
    }
    let shown = |row: &Row| -> String { row.iter().map(|(_, shown)| shown.as_str()).collect::<Vec<_>>().join(", ") };
    let rows = best.map(|(_, rows)| rows).unwrap_or_default();
    let missing = wanted.iter().find(|row| !rows.contains(row));
    let extra = rows.iter().find(|row| !wanted.contains(row));
    let mut message = String::from("the rows differ from the expected result");
    if let Some(row) = missing {
        message.push_str(&format!("; a row is missing: ({})", shown(row)));
    }
    if let Some(row) = extra {
        message.push_str(&format!("; a row is not expected: ({})", shown(row)));
    }
    Comparison::Different(message)
}

/// A result term for people, with the lab's prefixes: `bldg:temp101`, `"21.5"`, `_:b0`.
pub fn shown_term(term: &TermValue) -> String {
    match term.kind.as_str() {
        "uri" => KNOWN_PREFIXES
            .iter()
            .find_map(|(prefix, namespace)| {
                term.value
                    .strip_prefix(namespace)
                    .filter(|local| {
                        !local.is_empty() && local.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                    })
                    .map(|local| format!("{prefix}:{local}"))
            })
            .unwrap_or_else(|| format!("<{}>", term.value)),
        "bnode" => format!("_:{}", term.value),
        _ => term.value.clone(),
    }
}

/// The table's rows for people (empty text for an unbound cell).
pub fn shown_rows(table: &QueryResultTable) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|row| row.iter().map(|cell| cell.as_ref().map(shown_term).unwrap_or_default()).collect())
        .collect()
}

/// The prefixed names with a known prefix that `query` uses (outside IRIs, strings and comments), in order, once each.
pub fn prefixed_names(query: &str) -> Vec<String> {
    let chars: Vec<char> = query.chars().collect();
    let mut names: Vec<String> = Vec::new();
    let mut index = 0;
    let mut in_iri = false;
    let mut quote: Option<char> = None;
    while index < chars.len() {
        let c = chars[index];
        match (quote, c) {
            (Some(open), _) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if !in_iri => {
                while index < chars.len() && chars[index] != '\n' {
                    index += 1;
                }
                continue;
            }
            (None, '<') => {
                in_iri = chars[index + 1..]
                    .iter()
                    .position(|next| *next == '>' || next.is_whitespace())
                    .is_some_and(|offset| chars[index + 1 + offset] == '>');
            }
            (None, '>') => in_iri = false,
            (None, _)
                if !in_iri
                    && c.is_alphabetic()
                    && !index.checked_sub(1).is_some_and(|before| {
                        is_name_char(chars[before]) || matches!(chars[before], '?' | '$' | ':' | '_')
                    }) =>
            {
                let start = index;
                while index < chars.len() && (chars[index].is_alphanumeric() || matches!(chars[index], '_' | '-' | ':'))
                {
                    index += 1;
                }
                let name: String = chars[start..index].iter().collect();
                if let Some((prefix, local)) = name.split_once(':')
                    && !local.is_empty()
                    && KNOWN_PREFIXES.iter().any(|(known, _)| *known == prefix)
                    && !names.contains(&name)
                {
                    names.push(name);
                }
                continue;
            }
            _ => {}
        }
        index += 1;
    }
    names
}

/// The prefixed names of `query` (with a known prefix, declared or not) that name nothing in `triples`: a
/// likely typo, since a pattern with such a term matches nothing. `rdf:type` and the RDFS terms are left out.
pub fn terms_not_in_graph(query: &str, triples: &[Triple]) -> Vec<String> {
    let declared = declared_prefixes(query);
    prefixed_names(query)
        .into_iter()
        .filter(|name| {
            let Some((prefix, local)) = name.split_once(':') else { return false };
            if matches!(prefix, "rdf" | "rdfs" | "xsd") || declared.iter().any(|d| d == prefix) && !KNOWN_PREFIXES.iter().any(|(p, _)| *p == prefix) {
                return false;
            }
            let Some((_, namespace)) = KNOWN_PREFIXES.iter().find(|(p, _)| *p == prefix) else { return false };
            let iri = format!("{namespace}{local}");
            !triples.iter().any(|triple| {
                triple.predicate.as_str() == iri
                    || matches!(&triple.subject, oxigraph::model::NamedOrBlankNode::NamedNode(node) if node.as_str() == iri)
                    || matches!(&triple.object, oxigraph::model::Term::NamedNode(node) if node.as_str() == iri)
            })
        })
        .collect()
}
