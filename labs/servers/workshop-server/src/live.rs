//! The live view for the host: `/workshop/` (a self-contained page) polls `/workshop/api/tree` and
//! `/workshop/api/log` every second. It shows every participant's resources, so by default it
//! answers the host's own machine only.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::log::LogEntry;
use crate::state::{AppState, forbidden, is_local};

/// The most resources the tree endpoint returns; the rest are counted, not listed.
const TREE_LIMIT: usize = 2000;
/// contentInstances listed per container (the newest); older ones are counted.
const INSTANCES_SHOWN: usize = 5;

const PAGE: &str = include_str!("live.html");

fn allowed(state: &AppState, peer: &SocketAddr) -> bool {
    state.config.live_view_from_lan || is_local(peer)
}

pub(crate) async fn page(State(state): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if !allowed(&state, &peer) {
        return forbidden();
    }
    Html(PAGE).into_response()
}

/// One node of the resource tree.
#[derive(Debug, Serialize)]
pub struct TreeNode {
    pub ri: String,
    pub rn: String,
    /// short type name, e.g. "cnt"
    pub ty: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lbl: Vec<String>,
    /// a short summary: `con` of an instance, `cni` of a container, `aei` of an AE...
    #[serde(skip_serializing_if = "String::is_empty")]
    pub info: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<TreeNode>,
    /// children not listed (old instances, or the size limit)
    #[serde(skip_serializing_if = "is_zero")]
    pub hidden: usize,
}

fn is_zero(value: &usize) -> bool {
    *value == 0
}

#[derive(Debug, Serialize)]
struct TreeAnswer {
    cse_id: String,
    resources: usize,
    root: Option<TreeNode>,
}

pub(crate) async fn tree(State(state): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    if !allowed(&state, &peer) {
        return forbidden();
    }
    let engine = state.engine.lock().await;
    let cse = &engine.cse;
    let mut budget = TREE_LIMIT;
    let root = node(cse, cse.cse_base_ri(), &mut budget);
    Json(TreeAnswer { cse_id: cse.config().cse_id.clone(), resources: cse.resource_count(), root }).into_response()
}

fn node(cse: &onem2m_cse::Cse, ri: &str, budget: &mut usize) -> Option<TreeNode> {
    let resource = cse.resource(ri)?;
    *budget = budget.saturating_sub(1);
    let text = |name: &str| {
        resource.attribute(name).map(|value| match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        })
    };
    let mut info = match resource.ty.short_name() {
        "cin" => text("con").unwrap_or_default(),
        "cnt" => format!("cni {}", text("cni").unwrap_or_else(|| "0".into())),
        "ae" => text("api").unwrap_or_default(),
        "sub" => format!("nu {}", text("nu").unwrap_or_default()),
        "grp" => format!("{} members", resource.attribute_strings("mid").len()),
        _ => String::new(),
    };
    if info.chars().count() > 60 {
        info = info.chars().take(57).collect::<String>() + "...";
    }
    let children = cse.children_of(ri);
    let instances: Vec<&String> =
        children.iter().filter(|child| cse.resource(child).is_some_and(|r| r.ty.short_name() == "cin")).collect();
    let skip_instances = instances.len().saturating_sub(INSTANCES_SHOWN);
    let mut hidden = 0;
    let mut listed = Vec::new();
    let mut instances_seen = 0;
    for child in children {
        let is_instance = cse.resource(child).is_some_and(|r| r.ty.short_name() == "cin");
        if is_instance {
            instances_seen += 1;
            if instances_seen <= skip_instances {
                hidden += 1;
                continue;
            }
        }
        if *budget == 0 {
            hidden += 1;
            continue;
        }
        if let Some(child_node) = node(cse, child, budget) {
            listed.push(child_node);
        }
    }
    Some(TreeNode {
        ri: resource.ri.clone(),
        rn: resource.rn.clone(),
        ty: resource.ty.short_name().to_owned(),
        lbl: resource.lbl.clone(),
        info,
        children: listed,
        hidden,
    })
}

#[derive(Debug, Serialize)]
struct LogAnswer {
    entries: Vec<LogEntry>,
}

pub(crate) async fn log(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !allowed(&state, &peer) {
        return forbidden();
    }
    let since = query.get("since").and_then(|value| value.parse().ok()).unwrap_or(0);
    Json(LogAnswer { entries: state.log.since(since) }).into_response()
}
