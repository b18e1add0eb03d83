//! Retrieve, conditional retrieval and discovery (`fu=1`) with filterCriteria and result content.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::acop::AccessOperation;
use crate::cse::{Cse, Outcome, Target, fail};
use crate::primitive::{FilterCriteria, OriginatorContext, Request, Response};
use crate::resource::Resource;
use crate::status::ResponseStatusCode as Rsc;
use crate::time::Timestamp;

/// Filter criteria with timestamps parsed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter {
    criteria: FilterCriteria,
    crb: Option<Timestamp>,
    cra: Option<Timestamp>,
    ms: Option<Timestamp>,
    us: Option<Timestamp>,
    exb: Option<Timestamp>,
    exa: Option<Timestamp>,
    /// With `smf`: the resources that have a semanticDescriptor child matching the query.
    semantic: Option<BTreeSet<String>>,
}

fn parse_time(name: &str, value: &Option<String>) -> Outcome<Option<Timestamp>> {
    match value {
        None => Ok(None),
        Some(text) => Timestamp::parse_onem2m(text).map(Some).map_or_else(
            || fail(Rsc::BadRequest, format!("filter criterion {name} \"{text}\" is not a timestamp YYYYMMDDTHHMMSS")),
            Ok,
        ),
    }
}

impl Filter {
    pub(crate) fn new(criteria: FilterCriteria) -> Outcome<Self> {
        Ok(Filter {
            crb: parse_time("crb", &criteria.crb)?,
            cra: parse_time("cra", &criteria.cra)?,
            ms: parse_time("ms", &criteria.ms)?,
            us: parse_time("us", &criteria.us)?,
            exb: parse_time("exb", &criteria.exb)?,
            exa: parse_time("exa", &criteria.exa)?,
            semantic: None,
            criteria,
        })
    }

    /// Whether a resource satisfies the conditions, combined with `fo` (AND by default, 2 = OR).
    pub(crate) fn matches(&self, cse: &Cse, resource: &Resource) -> bool {
        let c = &self.criteria;
        let mut results = Outcomes::default();
        if let Some(t) = self.crb {
            results.push(resource.ct < t);
        }
        if let Some(t) = self.cra {
            results.push(resource.ct > t);
        }
        if let Some(t) = self.ms {
            results.push(resource.lt > t);
        }
        if let Some(t) = self.us {
            results.push(resource.lt < t);
        }
        if let Some(n) = c.sts {
            results.push(resource.st.is_some_and(|st| st < n));
        }
        if let Some(n) = c.stb {
            results.push(resource.st.is_some_and(|st| st > n));
        }
        if let Some(t) = self.exb {
            results.push(resource.et.is_some_and(|et| et < t));
        }
        if let Some(t) = self.exa {
            results.push(resource.et.is_some_and(|et| et > t));
        }
        if !c.lbl.is_empty() {
            results.push(resource.lbl.iter().any(|label| c.lbl.contains(label)));
        }
        if !c.ty.is_empty() {
            results.push(c.ty.contains(&resource.ty.ty()));
        }
        if let Some(n) = c.sza {
            results.push(resource.content_size().is_some_and(|size| size >= n));
        }
        if let Some(n) = c.szb {
            results.push(resource.content_size().is_some_and(|size| size < n));
        }
        if !c.cty.is_empty() {
            let content_type =
                resource.attribute("cnf").and_then(Value::as_str).map(|cnf| cnf.split(':').next().unwrap_or(cnf));
            results.push(content_type.is_some_and(|cty| c.cty.iter().any(|wanted| wanted == cty)));
        }
        if !c.chty.is_empty() {
            results.push(
                cse.children_of(&resource.ri)
                    .iter()
                    .any(|child| cse.ty_of(child).is_some_and(|ty| c.chty.contains(&ty.ty()))),
            );
        }
        if let Some(described) = &self.semantic {
            results.push(described.contains(&resource.ri));
        }
        for condition in &c.atr {
            let json = resource.attributes_json();
            results.push(json.get(&condition.nm) == Some(&condition.val));
        }
        if results.count == 0 {
            return true;
        }
        if c.fo == Some(2) { results.any } else { results.all }
    }
}

/// The conditions evaluated so far, without allocating.
struct Outcomes {
    count: usize,
    any: bool,
    all: bool,
}

impl Default for Outcomes {
    fn default() -> Self {
        Outcomes { count: 0, any: false, all: true }
    }
}

impl Outcomes {
    fn push(&mut self, outcome: bool) {
        self.count += 1;
        self.any |= outcome;
        self.all &= outcome;
    }
}

impl Cse {
    /// Retrieve (op 2): plain, conditional (fc with fu=2) or discovery (fu=1).
    pub(crate) fn retrieve(
        &mut self,
        request: &Request,
        originator: &str,
        target: Target,
        now: Timestamp,
    ) -> Outcome<Response> {
        let criteria = request.fc.clone().unwrap_or_default();
        if request.rcn == Some(10) {
            return self.semantic_query(request, originator, target, criteria, now);
        }
        let discovery = criteria.fu == Some(1);
        let smf = criteria.smf.clone();
        let mut filter = Filter::new(criteria)?;
        if let Some(query) = smf {
            filter.semantic = Some(self.semantically_described(&query)?);
        }
        let ri = self.target_resource(target)?;
        if discovery {
            return self.discover(request, originator, &ri, &filter, now);
        }
        let rcn = request.rcn.unwrap_or(1);
        if !matches!(rcn, 1 | 4 | 5 | 6 | 8) {
            return fail(
                Rsc::BadRequest,
                format!(
                    "rcn {rcn} does not apply to Retrieve (1 attributes, 4 attributes and children, 5 attributes and child references, 6 child references, 8 children)"
                ),
            );
        }
        self.require(originator, &ri, AccessOperation::Retrieve, request, now, None, Rsc::OriginatorHasNoPrivilege)?;
        let Some(resource) = self.tree.resources.get(&ri) else {
            return fail(Rsc::NotFound, "no such resource");
        };
        let levels = filter.criteria.lvl;
        let context = &request.context;
        let pc = match rcn {
            4 => {
                let mut inner = resource.attributes_json();
                self.embed_children(&mut inner, &ri, originator, context, now, &filter, levels);
                json!({ resource.wrapper_key(): inner })
            }
            5 => {
                let mut inner = resource.attributes_json();
                let references = self.references(&self.visible_descendants(
                    &ri,
                    originator,
                    context,
                    now,
                    &filter,
                    Some(1),
                    AccessOperation::Retrieve,
                ));
                inner.insert("ch".into(), Value::Array(references));
                json!({ resource.wrapper_key(): inner })
            }
            6 => {
                let found = self.visible_descendants(
                    &ri,
                    originator,
                    context,
                    now,
                    &filter,
                    Some(levels.unwrap_or(1)),
                    AccessOperation::Retrieve,
                );
                json!({"m2m:rrl": {"rrf": self.references(&found)}})
            }
            8 => {
                let found = self.visible_descendants(
                    &ri,
                    originator,
                    context,
                    now,
                    &filter,
                    Some(levels.unwrap_or(1)),
                    AccessOperation::Retrieve,
                );
                Value::Object(self.grouped(&found))
            }
            _ => resource.to_json(),
        };
        Ok(Response::with_content(Rsc::Ok, pc))
    }

    /// What a discovery from `ri` finds: the originator needs DISCOVER on `ri` (4103 otherwise), then the
    /// descendants that match `filter` and that it may DISCOVER, `lvl`, `ofst` and `lim` applied.
    fn discoverable_below(
        &self,
        request: &Request,
        originator: &str,
        ri: &str,
        filter: &Filter,
        now: Timestamp,
    ) -> Outcome<Vec<String>> {
        self.require(originator, ri, AccessOperation::Discovery, request, now, None, Rsc::OriginatorHasNoPrivilege)?;
        Ok(self.visible_descendants(
            ri,
            originator,
            &request.context,
            now,
            filter,
            filter.criteria.lvl,
            AccessOperation::Discovery,
        ))
    }

    fn discover(
        &mut self,
        request: &Request,
        originator: &str,
        ri: &str,
        filter: &Filter,
        now: Timestamp,
    ) -> Outcome<Response> {
        let rcn = request.rcn.unwrap_or(11);
        if !matches!(rcn, 4 | 6 | 8 | 11) {
            return fail(
                Rsc::BadRequest,
                format!(
                    "rcn {rcn} does not apply to discovery (fu=1): use 11 URI list (default), 6 references, 8 resources or 4 target and resources"
                ),
            );
        }
        let found = self.discoverable_below(request, originator, ri, filter, now)?;
        let pc = match rcn {
            6 => json!({"m2m:rrl": {"rrf": self.references(&found)}}),
            8 => Value::Object(self.grouped(&found)),
            4 => {
                let Some(resource) = self.tree.resources.get(ri) else {
                    return fail(Rsc::NotFound, "no such resource");
                };
                let mut inner = resource.attributes_json();
                inner.extend(self.grouped(&found));
                json!({ resource.wrapper_key(): inner })
            }
            _ => {
                let unstructured = request.drt == Some(2);
                let list: Vec<Value> = found
                    .iter()
                    .map(
                        |ri| {
                            if unstructured { json!(ri) } else { json!(self.structured_path(ri).unwrap_or_default()) }
                        },
                    )
                    .collect();
                json!({ "m2m:uril": list })
            }
        };
        Ok(Response::with_content(Rsc::Ok, pc))
    }

    /// A semantic query (rcn=10): the SPARQL query of `smf` over the merge of the semanticDescriptors
    /// below the target that the originator may DISCOVER and that the other criteria select (`ty` is
    /// 24 whatever the request says; `lvl`, `lbl`, `lim`... apply to the descriptors), asked of the
    /// plugged-in [`crate::SemanticQuery`]; the answer is `m2m:qres`.
    fn semantic_query(
        &mut self,
        request: &Request,
        originator: &str,
        target: Target,
        mut criteria: FilterCriteria,
        now: Timestamp,
    ) -> Outcome<Response> {
        let Some(query) = criteria.smf.take() else {
            return fail(
                Rsc::BadRequest,
                "rcn 10 (semantic content) is the answer to a semantic query: put the SPARQL query in smf",
            );
        };
        let Some(evaluate) = self.semantic_query else {
            return fail(
                Rsc::NotImplemented,
                "semantic queries (smf with rcn=10) need a SPARQL engine, and none is plugged into this CSE",
            );
        };
        let ri = self.target_resource(target)?;
        criteria.ty = vec![crate::resource::ResourceType::SemanticDescriptor.ty()];
        let filter = Filter::new(criteria)?;
        let found = self.discoverable_below(request, originator, &ri, &filter, now)?;
        let contents: Vec<(String, String, u64)> = found
            .iter()
            .filter_map(|ri| {
                let resource = self.tree.resources.get(ri)?;
                let (text, dcrp) = descriptor_content(resource)?;
                Some((self.structured_path(&resource.pi).unwrap_or_default(), text, dcrp))
            })
            .collect();
        let descriptors: Vec<(&str, &str, u64)> =
            contents.iter().map(|(resource, text, dcrp)| (resource.as_str(), text.as_str(), *dcrp)).collect();
        match evaluate(&query, &descriptors) {
            Ok(result) => Ok(Response::with_content(Rsc::Ok, json!({ "m2m:qres": result }))),
            Err(message) => fail(Rsc::BadRequest, format!("the semantic query (smf) cannot be evaluated: {message}")),
        }
    }

    /// The resources (ri) with a semanticDescriptor child whose `dsp` matches `query`, asked of the
    /// plugged-in [`crate::SemanticMatcher`]. A descriptor whose `dsp` is not base64 text does not
    /// match; a query the matcher rejects is 4000 with the matcher's message.
    fn semantically_described(&self, query: &str) -> Outcome<BTreeSet<String>> {
        let Some(matcher) = self.semantic_matcher else {
            return fail(
                Rsc::NotImplemented,
                "semantic filters (smf) need a SPARQL engine, and none is plugged into this CSE",
            );
        };
        let mut described = BTreeSet::new();
        for resource in self.tree.resources.values() {
            if resource.ty != crate::resource::ResourceType::SemanticDescriptor || described.contains(&resource.pi) {
                continue;
            }
            let Some((text, dcrp)) = descriptor_content(resource) else {
                continue;
            };
            match matcher(query, &text, dcrp) {
                Ok(true) => {
                    described.insert(resource.pi.clone());
                }
                Ok(false) => {}
                Err(message) => {
                    return fail(Rsc::BadRequest, format!("the semantic filter (smf) cannot be evaluated: {message}"));
                }
            }
        }
        Ok(described)
    }

    /// Descendants of `ri` (not `ri` itself), parents first, at most `levels` deep, matching the
    /// filter and allowed for `operation`; then `ofst` (1 = first) and `lim` applied.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn visible_descendants(
        &self,
        ri: &str,
        originator: &str,
        context: &OriginatorContext,
        now: Timestamp,
        filter: &Filter,
        levels: Option<u64>,
        operation: AccessOperation,
    ) -> Vec<String> {
        let mut found = Vec::new();
        let mut stack: Vec<(&str, u64)> = self.children_of(ri).iter().rev().map(|child| (child.as_str(), 1)).collect();
        let skip = filter.criteria.ofst.unwrap_or(1).saturating_sub(1);
        let limit = filter.criteria.lim.unwrap_or(u64::MAX);
        let mut matched = 0u64;
        let mut governed: BTreeMap<&str, bool> = BTreeMap::new();
        while let Some((current, level)) = stack.pop() {
            if levels.is_none_or(|max| level < max) {
                for child in self.children_of(current).iter().rev() {
                    stack.push((child.as_str(), level + 1));
                }
            }
            let Some(resource) = self.tree.resources.get(current) else {
                continue;
            };
            if !filter.matches(self, resource) {
                continue;
            }
            // contentInstances share their parent's decision: compute it once per parent
            let allowed =
                if resource.ty.carries_acpi() || resource.ty == crate::resource::ResourceType::AccessControlPolicy {
                    self.decide(originator, current, operation, context, now, None).granted
                } else {
                    match governed.get(resource.pi.as_str()) {
                        Some(allowed) => *allowed,
                        None => {
                            let allowed = self.decide(originator, current, operation, context, now, None).granted;
                            governed.insert(resource.pi.as_str(), allowed);
                            allowed
                        }
                    }
                };
            if !allowed {
                continue;
            }
            matched += 1;
            if matched <= skip {
                continue;
            }
            found.push(current.to_owned());
            if found.len() as u64 >= limit {
                break;
            }
        }
        found
    }

    /// `rrf` items `{nm, typ, val}` (val is the structured address).
    fn references(&self, ris: &[String]) -> Vec<Value> {
        ris.iter()
            .filter_map(|ri| self.tree.resources.get(ri))
            .map(|r| json!({"nm": r.rn, "typ": r.ty.ty(), "val": self.structured_path(&r.ri).unwrap_or_default()}))
            .collect()
    }

    /// Resources grouped by wrapper key: `{"m2m:cnt": [...], "m2m:cin": [...]}`.
    fn grouped(&self, ris: &[String]) -> Map<String, Value> {
        let mut map = Map::new();
        for resource in ris.iter().filter_map(|ri| self.tree.resources.get(ri)) {
            let entry = map.entry(resource.wrapper_key()).or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = entry {
                items.push(Value::Object(resource.attributes_json()));
            }
        }
        map
    }

    /// rcn=4: children (that the originator may retrieve and that match the filter) nested by type.
    #[allow(clippy::too_many_arguments)]
    fn embed_children(
        &self,
        inner: &mut Map<String, Value>,
        ri: &str,
        originator: &str,
        context: &OriginatorContext,
        now: Timestamp,
        filter: &Filter,
        levels: Option<u64>,
    ) {
        if levels == Some(0) {
            return;
        }
        let children =
            self.visible_descendants(ri, originator, context, now, filter, Some(1), AccessOperation::Retrieve);
        for child in children {
            let Some(resource) = self.tree.resources.get(&child) else {
                continue;
            };
            let mut child_inner = resource.attributes_json();
            self.embed_children(&mut child_inner, &child, originator, context, now, filter, levels.map(|l| l - 1));
            let entry = inner.entry(resource.wrapper_key()).or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = entry {
                items.push(Value::Object(child_inner));
            }
        }
    }
}

/// A semanticDescriptor's RDF text (its `dsp` decoded from base64) and `dcrp` (5, Turtle, when
/// absent); `None` when the `dsp` is not base64 of UTF-8 text.
fn descriptor_content(resource: &crate::resource::Resource) -> Option<(String, u64)> {
    let text = resource
        .attribute("dsp")
        .and_then(Value::as_str)
        .and_then(crate::resource::decode_base64)
        .and_then(|bytes| String::from_utf8(bytes).ok())?;
    let dcrp = resource.attribute("dcrp").and_then(Value::as_u64).unwrap_or(5);
    Some((text, dcrp))
}
