//! Composes a oneM2M request: operation, target, originator, type, body, filter criteria; shows it as HTTP too.

use onem2m_cse::Operation;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use lab_kit::Shared;

use crate::model::{Draft, DraftField, DraftProblem};
use crate::session::LabSession;
use crate::templates::CREATABLE_TYPES;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ComposerProps {
    pub id: u32,
    /// The request being composed, as typed.
    pub draft: Draft,
    /// Why the last Send sent nothing, shown at the field to fix.
    pub problem: Option<DraftProblem>,
    /// The session (the AE-IDs it registered are offered as originators).
    pub session: Shared<LabSession>,
    /// A field's new text.
    pub on_edit: Callback<(DraftField, String)>,
    pub on_operation: Callback<Operation>,
    /// The resource type of a Create.
    pub on_type: Callback<u32>,
    /// Whether a Retrieve is a discovery (filter criteria).
    pub on_discovery: Callback<bool>,
    pub on_send: Callback<()>,
}

const OPERATIONS: [(Operation, &str); 5] = [
    (Operation::Create, "Create (1)"),
    (Operation::Retrieve, "Retrieve (2)"),
    (Operation::Update, "Update (3)"),
    (Operation::Delete, "Delete (4)"),
    (Operation::Notify, "Notify (5)"),
];

/// The draft as an HTTP request line with its headers (TS-0009), to connect the console with real clients.
pub fn as_http(draft: &Draft) -> String {
    let mut query = Vec::new();
    if draft.discovery {
        query.push("fu=1".to_owned());
    }
    let types: Vec<&str> = draft
        .filter_types
        .split(|c: char| c == ',' || c == '+' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    if !types.is_empty() {
        query.push(format!("ty={}", types.join("+")));
    }
    for label in draft.filter_labels.split(|c: char| c == ',' || c.is_whitespace()).filter(|l| !l.is_empty()) {
        query.push(format!("lbl={label}"));
    }
    if !draft.filter_limit.trim().is_empty() {
        query.push(format!("lim={}", draft.filter_limit.trim()));
    }
    if !draft.rcn.trim().is_empty() {
        query.push(format!("rcn={}", draft.rcn.trim()));
    }
    let path = format!("/{}", draft.to.trim().trim_start_matches('/'));
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    let mut text = format!(
        "{} {path}{query} HTTP/1.1\nX-M2M-Origin: {}\nX-M2M-RI: (set by the console)\nX-M2M-RVI: 3",
        draft.operation.http_method(),
        draft.originator.trim()
    );
    match draft.operation {
        Operation::Create => text.push_str(&format!("\nContent-Type: application/json;ty={}", draft.ty)),
        Operation::Update | Operation::Notify => text.push_str("\nContent-Type: application/json"),
        Operation::Retrieve | Operation::Delete => {}
    }
    text
}

/// The attributes and message that tie a field to the problem of the last Send: `aria-invalid`,
/// `aria-describedby` and the message right below the field.
struct FieldState {
    invalid: Option<AttrValue>,
    described_by: Option<AttrValue>,
    message: Html,
}

fn field_state(problem: Option<&DraftProblem>, error_id: String) -> FieldState {
    match problem {
        Some(problem) => FieldState {
            invalid: Some("true".into()),
            described_by: Some(error_id.clone().into()),
            message: html! { <p id={error_id} class="field-error message wrong" role="alert">{ problem.sentence() }</p> },
        },
        None => FieldState { invalid: None, described_by: None, message: html! {} },
    }
}

#[function_component(Composer)]
pub fn composer(props: &ComposerProps) -> Html {
    let draft = &props.draft;
    let id = props.id;
    let field = |name: DraftField| {
        props.on_edit.reform(move |event: InputEvent| (name, event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_body = props
        .on_edit
        .reform(|event: InputEvent| (DraftField::Body, event.target_unchecked_into::<HtmlTextAreaElement>().value()));
    let on_operation = {
        let on_operation = props.on_operation.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some((operation, _)) = select.value().parse::<usize>().ok().and_then(|index| OPERATIONS.get(index)) {
                on_operation.emit(*operation);
            }
        })
    };
    let on_type = {
        let on_type = props.on_type.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Ok(ty) = select.value().parse::<u32>() {
                on_type.emit(ty);
            }
        })
    };
    let on_discovery =
        props.on_discovery.reform(|event: Event| event.target_unchecked_into::<HtmlInputElement>().checked());
    let on_submit = props.on_send.reform(|event: SubmitEvent| event.prevent_default());
    let has_body = matches!(draft.operation, Operation::Create | Operation::Update | Operation::Notify);
    let known_originators: Vec<String> = {
        let mut originators = vec!["CAdmin".to_owned(), "C".to_owned()];
        originators.extend(
            props
                .session
                .cse
                .resources()
                .filter_map(|resource| resource.attribute("aei").and_then(|aei| aei.as_str()).map(str::to_owned)),
        );
        originators
    };
    let ids = |name: &str| format!("cse-{name}-{id}");
    let checked = |field: DraftField, name: &str| {
        field_state(props.problem.as_ref().filter(|problem| problem.field == field), ids(&format!("{name}-error")))
    };
    let to_state = checked(DraftField::To, "to");
    let body_state = checked(DraftField::Body, "body");
    let types_state = checked(DraftField::FilterTypes, "fty");
    let labels_state = checked(DraftField::FilterLabels, "lbl");
    let limit_state = checked(DraftField::FilterLimit, "lim");
    let rcn_state = checked(DraftField::Rcn, "rcn");
    let filter_problem =
        [&types_state, &labels_state, &limit_state, &rcn_state].iter().any(|state| state.invalid.is_some());
    html! {
        <form class="cse-composer" onsubmit={on_submit} aria-label="Compose a oneM2M request">
            <h4>{ "Request" }</h4>
            <div class="row">
                <label for={ids("op")}>{ "Operation" }</label>
                <select id={ids("op")} class="operation" onchange={on_operation}>
                    { for OPERATIONS.iter().enumerate().map(|(index, (operation, label))| html! {
                        <option value={index.to_string()} selected={*operation == draft.operation}>{ *label }</option>
                    }) }
                </select>
            </div>
            <div class="row">
                <label for={ids("to")}>{ "To (target)" }</label>
                <input id={ids("to")} class="to" type="text" value={draft.to.clone()} oninput={field(DraftField::To)} autocomplete="off" spellcheck="false"
                    aria-invalid={to_state.invalid} aria-describedby={to_state.described_by} />
                { to_state.message }
            </div>
            <div class="row">
                <label for={ids("fr")}>{ "From (originator)" }</label>
                <input id={ids("fr")} class="originator" type="text" list={ids("originators")} value={draft.originator.clone()} oninput={field(DraftField::Originator)} autocomplete="off" spellcheck="false" />
                <datalist id={ids("originators")}>
                    { for known_originators.iter().map(|originator| html! { <option value={originator.clone()} /> }) }
                </datalist>
            </div>
            if draft.operation == Operation::Create {
                <div class="row">
                    <label for={ids("ty")}>{ "Resource type (ty)" }</label>
                    <select id={ids("ty")} class="resource-type" onchange={on_type}>
                        { for CREATABLE_TYPES.iter().map(|(ty, label)| html! {
                            <option value={ty.to_string()} selected={*ty == draft.ty}>{ *label }</option>
                        }) }
                    </select>
                </div>
            }
            if has_body {
                <div class="row body">
                    <label for={ids("body")}>{ "Body (primitive content, JSON)" }</label>
                    <textarea id={ids("body")} class="body" rows="8" spellcheck="false" value={draft.body.clone()} oninput={on_body}
                        aria-invalid={body_state.invalid} aria-describedby={body_state.described_by} />
                    { body_state.message }
                </div>
            }
            <details class="filters" open={draft.discovery || !draft.filter_types.is_empty() || !draft.filter_labels.is_empty() || filter_problem}>
                <summary>{ "Filter criteria and result content" }</summary>
                <div class="row">
                    <label>
                        <input type="checkbox" class="discovery" checked={draft.discovery} onchange={on_discovery} />
                        { " Discovery (fu=1)" }
                    </label>
                </div>
                <div class="row">
                    <label for={ids("fty")}>{ "Resource types (ty)" }</label>
                    <input id={ids("fty")} class="filter-types" type="text" placeholder="e.g. 4 or 2+3" value={draft.filter_types.clone()} oninput={field(DraftField::FilterTypes)}
                        aria-invalid={types_state.invalid} aria-describedby={types_state.described_by} />
                    { types_state.message }
                </div>
                <div class="row">
                    <label for={ids("lbl")}>{ "Labels (lbl)" }</label>
                    <input id={ids("lbl")} class="filter-labels" type="text" placeholder="e.g. room:1" value={draft.filter_labels.clone()} oninput={field(DraftField::FilterLabels)}
                        aria-invalid={labels_state.invalid} aria-describedby={labels_state.described_by} />
                    { labels_state.message }
                </div>
                <div class="row">
                    <label for={ids("lim")}>{ "Limit (lim)" }</label>
                    <input id={ids("lim")} class="filter-limit" type="text" inputmode="numeric" value={draft.filter_limit.clone()} oninput={field(DraftField::FilterLimit)}
                        aria-invalid={limit_state.invalid} aria-describedby={limit_state.described_by} />
                    { limit_state.message }
                </div>
                <div class="row">
                    <label for={ids("rcn")}>{ "Result content (rcn)" }</label>
                    <input id={ids("rcn")} class="rcn" type="text" inputmode="numeric" placeholder="e.g. 4 or 6" value={draft.rcn.clone()} oninput={field(DraftField::Rcn)}
                        aria-invalid={rcn_state.invalid} aria-describedby={rcn_state.described_by} />
                    { rcn_state.message }
                </div>
            </details>
            <div class="actions">
                <button type="submit" class="send">{ "Send" }</button>
            </div>
            <details class="as-http">
                <summary>{ "The same request over HTTP" }</summary>
                <pre><code>{ as_http(draft) }</code></pre>
            </details>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_discovery_draft_reads_as_http() {
        let draft = Draft {
            discovery: true,
            filter_types: "2 3".into(),
            filter_labels: "room:1".into(),
            rcn: "6".into(),
            ..Draft::default()
        };
        let http = as_http(&draft);
        assert!(http.starts_with("GET /cse-in?fu=1&ty=2+3&lbl=room:1&rcn=6 HTTP/1.1"), "{http}");
        assert!(http.contains("X-M2M-Origin: CAdmin"));
        let create = Draft { operation: Operation::Create, ty: 4, ..Draft::default() };
        assert!(as_http(&create).contains("Content-Type: application/json;ty=4"));
    }
}
