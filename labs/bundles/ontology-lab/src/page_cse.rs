//! The CSE running in the page: the CSE engine with the ontology engine plugged in as its semantic
//! matcher, fed with the requests the ontology engine generates. Pure (the clock is a counter).

use onem2m_cse::{Cse, CseConfig, FilterCriteria, Request, Resource, ResponseStatusCode, Timestamp};
use onem2m_ontology::{DescriptorFormat, DescriptorRecord, decode_descriptor};
use serde_json::Value;

/// The administrator originator of the page's CSE (may discover everything).
pub const ADMIN: &str = "CAdmin";

/// 2026-01-05T09:00:00Z, the lab's clock at start.
const LAB_EPOCH: &str = "20260105T090000";

/// The CSE engine's `smf` callback: the ontology engine's SPARQL (oxigraph) on each descriptor.
#[cfg(feature = "sparql")]
pub use onem2m_ontology::smf_matcher as ontology_matcher;

/// One request sent to the page's CSE and what came back, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// e.g. `Create flexContainer cse-in/plug1AE`
    pub summary: String,
    pub rsc: u16,
    pub status: String,
    /// The `m2m:dbg` of an error.
    pub debug: Option<String>,
}

/// The answer of a semantic discovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryAnswer {
    pub rsc: u16,
    pub status: String,
    /// The `m2m:uril` of a successful discovery.
    pub matches: Vec<String>,
    pub debug: Option<String>,
}

/// The page's CSE and its clock.
#[derive(Debug, Clone)]
pub struct PageCse {
    pub cse: Cse,
    pub now: Timestamp,
}

impl Default for PageCse {
    fn default() -> Self {
        Self::new()
    }
}

fn time_at_start() -> Timestamp {
    Timestamp::parse_onem2m(LAB_EPOCH).unwrap_or_else(|| Timestamp::from_millis(0))
}

fn exchange(summary: String, response: &onem2m_cse::Response) -> Exchange {
    Exchange {
        summary,
        rsc: response.rsc.code(),
        status: response.rsc.name().to_owned(),
        debug: response.debug_message().map(str::to_owned),
    }
}

impl PageCse {
    /// An empty CSE (`cse-in`) with the ontology engine as its semantic matcher (built without the `sparql`
    /// feature: without a matcher, so the bundle does not carry the SPARQL evaluator).
    pub fn new() -> Self {
        let now = time_at_start();
        #[cfg_attr(not(feature = "sparql"), expect(unused_mut, reason = "only the SPARQL build sets a matcher"))]
        let mut cse = Cse::new(CseConfig::default(), now);
        #[cfg(feature = "sparql")]
        cse.set_semantic_matcher(Some(ontology_matcher));
        PageCse { cse, now }
    }

    fn send(&mut self, request: Request) -> onem2m_cse::Response {
        self.now = self.now.plus_seconds(1);
        self.cse.handle_request(request, self.now)
    }

    /// Sends generated create requests (JSON with TS-0004 short names). An AE is registered with
    /// originator `C` (the CSE assigns its AE-ID), and the device's later requests use that AE-ID.
    /// A device generated before is deleted first, so a second generation replaces it.
    pub fn send_generated(&mut self, requests: &[Value]) -> Vec<Exchange> {
        let mut log = Vec::new();
        let mut originator = ADMIN.to_owned();
        for value in requests {
            let mut request = match Request::from_value(value.clone()) {
                Ok(request) => request,
                Err(error) => {
                    log.push(Exchange {
                        summary: "a generated request".into(),
                        rsc: 4000,
                        status: "BAD_REQUEST".into(),
                        debug: Some(error.to_string()),
                    });
                    continue;
                }
            };
            let ty = request.ty.unwrap_or_default();
            let name = request
                .pc
                .as_ref()
                .and_then(Value::as_object)
                .and_then(|pc| pc.values().next())
                .and_then(|inner| inner.get("rn"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if ty == 2 {
                let existing = format!("{}/{name}", request.to);
                if self.cse.resolve_address(&existing).is_some() {
                    let response = self.send(Request::delete(existing.clone(), ADMIN));
                    log.push(exchange(format!("Delete {existing} (generated before)"), &response));
                }
                request.fr = "C".into();
            } else {
                request.fr = originator.clone();
            }
            let kind = onem2m_cse::ResourceType::from_ty(ty).map(|t| t.long_name()).unwrap_or("resource");
            let summary = format!("Create {kind} {name} under {}", request.to);
            let response = self.send(request);
            if ty == 2
                && response.rsc == ResponseStatusCode::Created
                && let Some(aei) = response.attribute("aei").and_then(Value::as_str)
            {
                originator = aei.to_owned();
            }
            log.push(exchange(summary, &response));
        }
        log
    }

    /// Semantic discovery from the CSEBase: a Retrieve with `fu=1` and `smf` = the query.
    pub fn discover(&mut self, query: &str) -> DiscoveryAnswer {
        let request = Request::retrieve("cse-in", ADMIN)
            .with_fc(FilterCriteria { smf: Some(query.to_owned()), ..FilterCriteria::discovery() });
        let response = self.send(request);
        let matches = response
            .pc
            .as_ref()
            .and_then(|pc| pc.get("m2m:uril"))
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        DiscoveryAnswer {
            rsc: response.rsc.code(),
            status: response.rsc.name().to_owned(),
            matches,
            debug: response.debug_message().map(str::to_owned),
        }
    }

    /// Every semanticDescriptor in the CSE, decoded, as inputs of a semantic query.
    pub fn descriptor_records(&self) -> Vec<DescriptorRecord> {
        let mut records = Vec::new();
        self.collect(self.cse.cse_base_ri(), &mut records);
        records
    }

    fn collect(&self, ri: &str, records: &mut Vec<DescriptorRecord>) {
        for child in self.cse.children_of(ri) {
            let Some(resource) = self.cse.resource(child) else { continue };
            if resource.ty == onem2m_cse::ResourceType::SemanticDescriptor
                && let Some(record) = self.record_of(resource)
            {
                records.push(record);
            }
            self.collect(child, records);
        }
    }

    fn record_of(&self, descriptor: &Resource) -> Option<DescriptorRecord> {
        let text = decode_descriptor(descriptor.attribute("dsp")?.as_str()?).ok()?;
        let format = DescriptorFormat::from_dcrp(descriptor.attribute("dcrp")?.as_u64()?)?;
        let described = self.cse.structured_path(&descriptor.pi)?;
        Some(DescriptorRecord::new(described, text, format))
    }

    /// Resources under the CSEBase (not counting it).
    pub fn resource_count(&self) -> usize {
        fn count(cse: &Cse, ri: &str) -> usize {
            cse.children_of(ri).iter().map(|child| 1 + count(cse, child)).sum()
        }
        count(&self.cse, self.cse.cse_base_ri())
    }
}
