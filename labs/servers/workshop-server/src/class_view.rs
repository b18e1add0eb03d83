//! The class view for the host: `/workshop/class` (a page) and `/workshop/class.csv`, counted from the hand-ins
//! by `lab_catalog::class_view::aggregate` (the same counting as the book's offline class view). They show every
//! participant's answers, so like the live view they answer the host's own machine only (unless
//! `live_view_from_lan`). Every name and answer is escaped in the page; the CSV defuses formulas.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::response::{Html, IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use lab_catalog::class_view::{self, ClassView, NOT_RECORDED, OPEN_NOT_RECORDED, Participant};

use crate::hand_in::HandIns;
use crate::state::is_local;

/// Whether a request from `peer` may see the class view.
pub(crate) fn host_may_see(peer: &SocketAddr, from_lan: bool) -> bool {
    from_lan || is_local(peer)
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "The class view shows every participant's answers: it answers the host's machine only (set \
         live_view_from_lan = true to change that).\n",
    )
        .into_response()
}

/// The view and the files that could not be read back, as they are now.
async fn current(hand_ins: &HandIns) -> (ClassView, Vec<(String, u64)>, Vec<String>) {
    let collection = hand_ins.collection.lock().await;
    let participants: Vec<Participant> = collection.by_name.values().map(|stored| stored.participant.clone()).collect();
    let mut received: Vec<(String, u64)> =
        collection.by_name.values().map(|stored| (stored.participant.name.clone(), stored.received_at)).collect();
    received.sort_by_key(|(name, _)| class_view::name_key(name));
    (class_view::aggregate(&participants), received, collection.damaged.clone())
}

/// Text made safe for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `GET /workshop/class`.
pub(crate) async fn page(State(hand_ins): State<HandIns>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if !host_may_see(&peer, hand_ins.host_pages_from_lan) {
        return forbidden();
    }
    let (view, received, damaged) = current(&hand_ins).await;
    let mut response = Html(render_page(&view, &received, &damaged)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /workshop/class.csv`.
pub(crate) async fn csv(State(hand_ins): State<HandIns>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if !host_may_see(&peer, hand_ins.host_pages_from_lan) {
        return forbidden();
    }
    let (view, _, _) = current(&hand_ins).await;
    let mut response = view.to_csv().into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"class-view.csv\""));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn names(names: &[String]) -> String {
    if names.is_empty() { "nobody".to_owned() } else { escape_html(&names.join(", ")) }
}

/// The page: who handed in, each question and exercise, who is stuck where.
pub fn render_page(view: &ClassView, received: &[(String, u64)], damaged: &[String]) -> String {
    let mut html = String::from(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="20">
<title>Workshop: class view</title>
<style>
:root{color-scheme:light dark;--muted:#777;--line:#8884;--wrong:#b3261e}
body{font:15px/1.45 system-ui,sans-serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid var(--line);vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:var(--muted)}.stuck{color:var(--wrong)}
</style></head><body>
<h1>Class view</h1>
"#,
    );
    let count = view.participants.len();
    html.push_str(&format!(
        "<p id=\"class-summary\">{count} hand-in{} so far. <a href=\"class.csv\" download>Download as CSV</a> · \
         <a href=\"./\">Live view</a> · this page refreshes every 20 s.</p>\n",
        if count == 1 { "" } else { "s" }
    ));
    if !received.is_empty() {
        let list: Vec<String> = received.iter().map(|(name, _)| escape_html(name)).collect();
        html.push_str(&format!("<p id=\"participants\">Handed in: {}.</p>\n", list.join(", ")));
    }
    html.push_str("<h2>Quiz questions</h2>\n");
    if view.questions.is_empty() {
        html.push_str("<p class=\"muted\">No quiz answers handed in yet.</p>\n");
    } else {
        html.push_str(
            "<table id=\"questions\"><thead><tr><th>Question</th><th>Answered</th><th>Correct</th>\
             <th>Most common wrong answer</th><th>Stuck (answered wrong)</th></tr></thead><tbody>\n",
        );
        for row in &view.questions {
            let wrong = match &row.common_wrong {
                Some(wrong) => format!("{} ({}×)", escape_html(&wrong.answer), wrong.count),
                None => "<span class=\"muted\">none</span>".to_owned(),
            };
            html.push_str(&format!(
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{wrong}</td><td class=\"stuck\">{}</td></tr>\n",
                escape_html(&row.label()),
                row.checked,
                row.correct,
                names(&row.stuck)
            ));
        }
        html.push_str("</tbody></table>\n");
    }
    html.push_str("<h2>Lab exercises</h2>\n");
    if view.exercises.is_empty() {
        html.push_str("<p class=\"muted\">No lab progress handed in yet.</p>\n");
    } else {
        html.push_str(&format!(
            "<p class=\"muted\">Most common wrong answer: {}.</p>\n<table id=\"exercises\"><thead><tr><th>Exercise</th>\
             <th>In the lab</th><th>Solved</th><th>Stuck (open, not solved)</th></tr></thead><tbody>\n",
            escape_html(NOT_RECORDED)
        ));
        for row in &view.exercises {
            let stuck = match &row.stuck {
                Some(stuck) => format!("<td class=\"stuck\">{}</td>", names(stuck)),
                None => format!("<td class=\"muted\">{}</td>", escape_html(OPEN_NOT_RECORDED)),
            };
            html.push_str(&format!(
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{stuck}</tr>\n",
                escape_html(&row.label()),
                row.in_lab,
                row.solved
            ));
        }
        html.push_str("</tbody></table>\n");
    }
    html.push_str("<h2>Who is stuck where</h2>\n");
    let stuck = view.stuck_where();
    if stuck.is_empty() {
        html.push_str("<p class=\"muted\">Nobody, as far as the hand-ins tell.</p>\n");
    } else {
        html.push_str("<ul id=\"stuck-where\">\n");
        for (name, items) in stuck {
            let items: Vec<String> = items.iter().map(|item| escape_html(item)).collect();
            html.push_str(&format!("<li><strong>{}</strong>: {}</li>\n", escape_html(&name), items.join("; ")));
        }
        html.push_str("</ul>\n");
    }
    if !view.unread.is_empty() || !damaged.is_empty() {
        html.push_str("<h2>Not counted</h2>\n<ul id=\"not-counted\">\n");
        for line in &view.unread {
            html.push_str(&format!("<li>{}</li>\n", escape_html(line)));
        }
        for line in damaged {
            html.push_str(&format!("<li>A stored hand-in could not be read back: {}</li>\n", escape_html(line)));
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</body></html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_catalog::class_view::read_hand_in;

    #[test]
    fn only_the_host_sees_the_class_view_unless_configured() {
        let local: SocketAddr = "127.0.0.1:5000".parse().expect("address");
        let v6: SocketAddr = "[::1]:5000".parse().expect("address");
        let lan: SocketAddr = "192.168.1.20:5000".parse().expect("address");
        assert!(host_may_see(&local, false) && host_may_see(&v6, false));
        assert!(!host_may_see(&lan, false), "a participant's machine");
        assert!(host_may_see(&lan, true), "live_view_from_lan opens it");
    }

    #[test]
    fn names_and_answers_are_escaped_in_the_page() {
        let progress = serde_json::json!({"format": "iot-book-progress", "version": 1, "entries": {
            "iot-book/quiz/q": {"version": 1, "data": {"responses": [{"Short": "<img src=x>"}], "results": [false]}}}});
        let document = lab_catalog::class_view::hand_in_document("<script>alert(1)</script>", &progress, None);
        let hand_in = read_hand_in(&document.to_string()).expect("a hand-in");
        let view =
            class_view::aggregate(&[Participant { name: hand_in.participant.clone(), progress: hand_in.progress }]);
        let page = render_page(&view, &[(hand_in.participant, 1)], &["x<y>.json: broken".into()]);
        assert!(!page.contains("<script>alert") && !page.contains("<img src=x>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("“&lt;img src=x&gt;” (1×)"));
        assert!(page.contains("x&lt;y&gt;.json: broken"));
        assert!(page.contains("1 hand-in so far"));
    }
}
