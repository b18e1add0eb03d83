//! The `testdescription` directive: a test description of the book's suite (the `plugtest` engine's
//! `suite/` folder, the same files `cargo xtask plugtest` and the plugtest lab run), rendered as the
//! table a test specification prints, with its configuration drawn as a figure.
//!
//! ````markdown
//! ```testdescription TD_SEM_04
//! ```
//! ````

use plugtest::{Configuration, Expectation, RequestTemplate, StepKind, TestDescription};

use super::{DirectiveError, diagram_svg, inline_markdown};
use crate::diagnostic::escape_html;

fn code(text: &str) -> String {
    format!("<code>{}</code>", escape_html(text))
}

/// A configuration as an svgbob drawing: the entities in a row, each link between neighbours an arrow
/// labelled with its reference point.
pub fn configuration_diagram(configuration: &Configuration) -> String {
    let boxes: Vec<String> = configuration.entities.iter().map(|entity| format!("\"{}\"", entity.name)).collect();
    let mut top = String::new();
    let mut middle = String::new();
    let mut labels = String::new();
    for (index, name) in boxes.iter().enumerate() {
        let width = name.chars().count() + 2;
        if index > 0 {
            let left = &configuration.entities[index - 1].name;
            let right = &configuration.entities[index].name;
            let link = configuration
                .links
                .iter()
                .find(|link| (&link.from == left && &link.to == right) || (&link.from == right && &link.to == left));
            let (arrow, label) = match link {
                Some(link) if &link.from == left => ("--------->".to_owned(), link.interface.clone()),
                Some(link) => ("<---------".to_owned(), link.interface.clone()),
                None => ("          ".to_owned(), String::new()),
            };
            top.push_str("          ");
            middle.push_str(&arrow);
            labels.push_str(&format!("{label:^10}"));
        }
        top.push_str(&format!("+{}+", "-".repeat(width)));
        middle.push_str(&format!("| {name} |"));
        labels.push_str(&" ".repeat(width + 2));
    }
    format!("{}\n{top}\n{middle}\n{top}\n", labels.trim_end())
}

fn request_html(request: &RequestTemplate) -> String {
    let mut parts = vec![code(&format!("{} {}", request.op.http_method(), request.to.replace("${cse}", "cse-in")))];
    let mut headers = vec![format!("X-M2M-Origin: {}", request.from)];
    if let Some(rqi) = &request.rqi {
        headers.push(format!("X-M2M-RI: {rqi}"));
    }
    headers.push(format!("X-M2M-RVI: {}", request.rvi));
    if let Some(ty) = request.ty {
        headers.push(format!("Content-Type: application/json;ty={ty}"));
    }
    parts.push(headers.iter().map(|header| code(header)).collect::<Vec<_>>().join(", "));
    if !request.query.is_empty() {
        let query: Vec<String> = request.query.iter().map(|(name, value)| code(&format!("{name}={value}"))).collect();
        parts.push(format!("query {}", query.join(", ")));
    }
    if let Some(body) = &request.body {
        parts.push(format!("body {}", code(&body.to_string())));
    }
    parts.join("; ")
}

fn expectation_html(expect: &Expectation) -> String {
    let mut parts = Vec::new();
    if expect.notification {
        parts.push(format!("a notification reaches the test system within {} ms", expect.timeout_ms));
    }
    if let Some(status) = expect.status {
        parts.push(format!("HTTP {status}"));
    }
    if let Some(rsc) = expect.rsc {
        parts.push(code(&format!("X-M2M-RSC: {rsc}")));
    }
    for header in &expect.headers {
        parts.push(format!("{} present", code(header)));
    }
    for condition in &expect.body {
        let field = code(&condition.pointer);
        if let Some(value) = &condition.equals {
            parts.push(format!("{field} = {}", code(&value.to_string())));
        }
        if let Some(prefix) = &condition.starts_with {
            parts.push(format!("{field} starts with {}", code(prefix)));
        }
        if let Some(needle) = &condition.contains {
            parts.push(format!("{field} contains {}", code(needle)));
        }
        if let Some(needle) = &condition.not_contains {
            parts.push(format!("{field} does not contain {} (or is absent)", code(needle)));
        }
        if !condition.base64_contains.is_empty() {
            let needles: Vec<String> = condition.base64_contains.iter().map(|needle| code(needle)).collect();
            parts.push(format!("{field} decodes (base64) to text containing {}", needles.join(", ")));
        }
        match condition.present {
            Some(true) => parts.push(format!("{field} present")),
            Some(false) => parts.push(format!("{field} absent")),
            None => {}
        }
    }
    parts.join(", ")
}

/// The table of one description.
pub fn description_table(description: &TestDescription) -> String {
    let mut rows = Vec::new();
    let mut row = |field: String, content: String| {
        rows.push(format!("<tr><th scope=\"row\">{field}</th><td>{content}</td></tr>"));
    };
    row("Purpose".into(), inline_markdown(&description.purpose));
    let references: Vec<String> = description
        .references
        .iter()
        .map(|reference| {
            let clause = if reference.clause.is_empty() { String::new() } else { format!(" {}", reference.clause) };
            let text = if reference.text.is_empty() { String::new() } else { format!(": {}", reference.text) };
            escape_html(&format!("{}{clause}{text}", reference.spec))
        })
        .collect();
    row("References".into(), references.join("<br>"));
    let entities: Vec<String> = description
        .configuration
        .entities
        .iter()
        .map(|entity| escape_html(&format!("{} ({}, {})", entity.name, entity.kind, entity.role)))
        .collect();
    row(
        "Configuration".into(),
        format!(
            "{}: {}<div class=\"diagram-svg td-configuration\" role=\"img\" aria-label=\"{}\">{}</div>",
            escape_html(&description.configuration.id),
            entities.join(", "),
            escape_html(&format!("Configuration {}: {}", description.configuration.id, entities.join(", "))),
            diagram_svg(&configuration_diagram(&description.configuration))
        ),
    );
    let mut pre: Vec<String> = description.pre_conditions.iter().map(|text| inline_markdown(text)).collect();
    if description.optional {
        pre.push("Optional feature: run only if the implementation declares it.".into());
    }
    if !description.requires.is_empty() {
        pre.push(format!("The test system needs: {}.", escape_html(&description.requires.join(", "))));
    }
    row("Pre-conditions".into(), pre.join("<br>"));
    for (index, step) in description.steps.iter().enumerate() {
        let kind = match step.kind {
            StepKind::Stimulus => "stimulus",
            StepKind::Check => "check (PRO)",
            StepKind::Verify => "verify (IOP)",
        };
        let mut content = inline_markdown(&step.description);
        if let Some(request) = &step.request {
            content.push_str(&format!("<br>{}", request_html(request)));
        }
        if !step.save.is_empty() {
            let saved: Vec<String> =
                step.save.iter().map(|(name, pointer)| format!("{} from {}", code(name), code(pointer))).collect();
            content.push_str(&format!("<br>keep {}", saved.join(", ")));
        }
        if let Some(expect) = &step.expect {
            content.push_str(&format!("<br>Expected: {}", expectation_html(expect)));
        }
        row(format!("Step {} ({kind})", index + 1), content);
    }
    format!(
        "<table class=\"test-description\" id=\"{anchor}\"><caption>{id}: {title}</caption><tbody>{rows}</tbody></table>",
        anchor = description.id.to_ascii_lowercase().replace('_', "-"),
        id = escape_html(&description.id),
        title = escape_html(&description.title),
        rows = rows.join("")
    )
}

pub(super) fn expand_test_description(rest: &[&str], body: &str) -> Result<String, DirectiveError> {
    let id = match rest {
        [id] => *id,
        _ => return Err((0, "a testdescription directive names one test, e.g. ```testdescription TD_SEM_04".into())),
    };
    if !body.trim().is_empty() {
        return Err((1, "a testdescription directive has an empty body: the description lives in the suite".into()));
    }
    let suite = plugtest::load_suite(plugtest::BOOK_SUITE.iter().copied())
        .map_err(|errors| (0, errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")))?;
    let Some(description) = suite.iter().find(|description| description.id == id) else {
        let known: Vec<&str> = suite.iter().map(|description| description.id.as_str()).collect();
        return Err((0, format!("unknown test description `{id}`; the suite has {}", known.join(", "))));
    };
    Ok(description_table(description))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_renders_as_the_standard_table_with_its_configuration() {
        let table = expand_test_description(&["TD_SEM_04"], "").expect("known test");
        assert!(
            table.starts_with(
                "<table class=\"test-description\" id=\"td-sem-04\"><caption>TD_SEM_04: semantic discovery"
            )
        );
        for expected in [
            "<th scope=\"row\">Purpose</th>",
            "oneM2M TS-0034: semantic discovery",
            "CFG-1: test AE (AE, test system), CSE (CSE, IUT)",
            "<th scope=\"row\">Step 1 (verify (IOP))</th>",
            "<code>GET /cse-in</code>",
            "<code>fu=1</code>",
            "Expected: HTTP 200, <code>X-M2M-RSC: 2000</code>, <code>/m2m:uril</code> contains <code>semTestAE/thermo</code>",
            "<svg",
        ] {
            assert!(table.contains(expected), "missing {expected} in {table}");
        }
    }

    #[test]
    fn the_configuration_figure_draws_links_between_neighbours() {
        let suite = plugtest::book_suite();
        let acp = suite.iter().find(|test| test.id == "TD_ACP_01").expect("TD_ACP_01");
        let drawing = configuration_diagram(&acp.configuration);
        assert!(drawing.contains("| \"owner AE\" |--------->| \"CSE\" |<---------| \"guest AE\" |"), "{drawing}");
        assert!(drawing.lines().next().is_some_and(|labels| labels.matches("Mca").count() == 2), "{drawing}");
    }

    #[test]
    fn an_unknown_or_misused_directive_is_explained() {
        assert!(expand_test_description(&["TD_NOPE"], "").expect_err("unknown").1.contains("the suite has TD_"));
        assert!(expand_test_description(&[], "").is_err());
        assert_eq!(expand_test_description(&["TD_SEM_01"], "x = 1").expect_err("body").0, 1);
    }
}
