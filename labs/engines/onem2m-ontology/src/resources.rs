//! Generating oneM2M resources from a mapped device: an ordered list of create requests as plain
//! JSON values with the short names of TS-0004 (`op`, `to`, `fr`, `rqi`, `ty`, `pc`).
//!
//! For every subject the mapping types `base:Device`:
//!
//! 1. an AE (`ty` 2, `m2m:ae`) named `<device>AE` under the CSEBase;
//! 2. the device resource under the AE: a flexContainer (`ty` 28) with a `cnd`
//!    (containerDefinition), or a container (`ty` 3), per [`ResourceModel`];
//! 3. one child resource per functionality of the device (`base:hasFunctionality`), of the same
//!    model, as TS-0023 does with module classes;
//! 4. a semanticDescriptor (`ty` 24, `m2m:smd`) under the device resource, with `dcrp` (5 for
//!    Turtle), `or` and `dsp` = base64 of the RDF text. Semantic discovery returns the
//!    descriptor's parent, the device resource.
//!
//! The flexContainer specialisation keys and `cnd` values are the book's own placeholders
//! ([`ResourceOptions`]), not TS-0023 device models.

use crate::discovery::DescriptorRecord;
use crate::format::DescriptorFormat;
use crate::mapping::{Mapping, triples_to_turtle};
use crate::parse::Description;
use crate::terms::{BASE, SAREF, compact_iri, local_name};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use oxigraph::model::Triple;
use serde::Serialize;
use serde_json::{Value, json};

/// How the device and its functionalities become resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ResourceModel {
    /// flexContainers (`ty` 28) with a containerDefinition, as TS-0023 maps device models.
    FlexContainers,
    /// Plain containers (`ty` 3), for CSEs or exercises without flexContainers.
    Containers,
}

/// What goes into the semanticDescriptor's `dsp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DescriptorContent {
    /// The student's description exactly as typed, in its own format (`dcrp` follows it).
    Original,
    /// The Base Ontology instance only, as Turtle.
    BaseOntology,
    /// The description's triples and the Base Ontology instance together, as Turtle, so that
    /// queries in either vocabulary find the device.
    Both,
}

/// Options of [`generate_resources`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceOptions {
    /// The CSEBase address the AE is created under (CSE-relative, e.g. `cse-in`).
    pub cse_base: String,
    /// The originator (`fr`) of every request. A CSE that assigns AE-IDs answers the AE create
    /// with one; the caller then replaces `fr` in the later requests.
    pub originator: String,
    pub model: ResourceModel,
    pub descriptor_content: DescriptorContent,
    /// The resource name of the semanticDescriptor.
    pub descriptor_name: String,
    /// The release versions put in the AE's `srv`.
    pub release_versions: Vec<String>,
    /// flexContainer specialisation key (the JSON wrapper) of device resources; the book's placeholder.
    pub device_specialization: String,
    /// flexContainer specialisation key of functionality resources; the book's placeholder.
    pub functionality_specialization: String,
    /// Prefix of the `cnd` values; the book's placeholder namespace.
    pub container_definition_prefix: String,
    /// `rqi` values are this prefix followed by a sequence number.
    pub request_id_prefix: String,
}

impl Default for ResourceOptions {
    fn default() -> Self {
        Self {
            cse_base: "cse-in".into(),
            originator: "Contology-lab".into(),
            model: ResourceModel::FlexContainers,
            descriptor_content: DescriptorContent::Both,
            descriptor_name: "desc".into(),
            release_versions: vec!["4".into()],
            device_specialization: "lab:device".into(),
            functionality_specialization: "lab:functionality".into(),
            container_definition_prefix: "org.example.ontologylab".into(),
            request_id_prefix: "onto-".into(),
        }
    }
}

/// The generated requests, and where the descriptors went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeneratedResources {
    /// oneM2M create requests (`op` 1), in the order they must be sent.
    pub requests: Vec<Value>,
    /// For each device: the address of the described resource and the descriptor's RDF text.
    pub descriptors: Vec<GeneratedDescriptor>,
}

/// A descriptor as generated: the resource it describes and the RDF it carries (before base64).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GeneratedDescriptor {
    /// The described resource (the semanticDescriptor's parent), e.g. `cse-in/plug1AE/plug1`.
    pub resource: String,
    pub text: String,
    pub format: DescriptorFormat,
}

impl GeneratedResources {
    /// The descriptors as inputs for [`crate::discover`] and [`crate::semantic_query`].
    pub fn descriptor_records(&self) -> Vec<DescriptorRecord> {
        self.descriptors.iter().map(|d| DescriptorRecord::new(d.resource.clone(), d.text.clone(), d.format)).collect()
    }
}

/// base64 (standard alphabet, padded) of a descriptor, for `dsp`.
pub fn encode_descriptor(text: &str) -> String {
    STANDARD.encode(text.as_bytes())
}

/// Decodes a `dsp` value back to text. Whitespace (line breaks of `base64` without `-w0`) is
/// ignored. Errors say what was wrong.
pub fn decode_descriptor(dsp: &str) -> Result<String, String> {
    let compact: String = dsp.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = STANDARD.decode(compact.as_bytes()).map_err(|e| format!("dsp is not valid base64: {e}"))?;
    String::from_utf8(bytes).map_err(|e| format!("dsp does not decode to UTF-8 text: {e}"))
}

/// A resource name from an IRI: its local name with characters other than letters, digits,
/// `_` and `-` replaced by `_`.
pub fn resource_name(iri: &str) -> String {
    let name: String = local_name(iri)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' })
        .collect();
    if name.is_empty() { "device".into() } else { name }
}

/// Generates the create requests for every device of `mapping`. A description without a
/// `base:Device` gives no requests (check [`Mapping::unmapped`] for why).
pub fn generate_resources(
    description: &Description,
    mapping: &Mapping,
    options: &ResourceOptions,
) -> GeneratedResources {
    let mut requests = Vec::new();
    let mut descriptors = Vec::new();
    let mut sequence = 0usize;
    let mut request = |to: &str, ty: u16, content: Value| {
        sequence += 1;
        json!({
            "op": 1,
            "to": to,
            "fr": options.originator,
            "rqi": format!("{}{sequence:04}", options.request_id_prefix),
            "rvi": options.release_versions.last().cloned().unwrap_or_else(|| "4".into()),
            "ty": ty,
            "pc": content,
        })
    };
    let device_class = format!("{BASE}Device");
    for device in mapping.subjects_of_type(&device_class) {
        let name = resource_name(&device);
        let ae_name = format!("{name}AE");
        let ae_path = format!("{}/{ae_name}", options.cse_base);
        let device_path = format!("{ae_path}/{name}");
        let label = |class: &str| compact_iri(class, &[]);
        let stated_types = stated_types_of(description, &device);
        requests.push(request(
            &options.cse_base,
            2,
            json!({"m2m:ae": {
                "rn": ae_name,
                "api": format!("N{name}"),
                "rr": false,
                "srv": options.release_versions,
                "lbl": [format!("device:{name}")],
            }}),
        ));
        let mut device_labels: Vec<String> = mapping.types_of(&device).iter().map(|t| label(t)).collect();
        device_labels.extend(stated_types.iter().map(|t| label(t)));
        requests.push(request(
            &ae_path,
            model_ty(options.model),
            resource_content(options, &options.device_specialization, &name, "device", &device_labels),
        ));
        for functionality in mapping.objects(&device, &format!("{BASE}hasFunctionality")) {
            let function_name = resource_name(&functionality);
            let types = mapping.types_of(&functionality);
            let kind = types.iter().map(|t| local_name(t).to_owned()).next().unwrap_or_else(|| "Functionality".into());
            let mut labels: Vec<String> = types.iter().map(|t| label(t)).collect();
            labels.extend(stated_types_of(description, &functionality).iter().map(|t| label(t)));
            requests.push(request(
                &device_path,
                model_ty(options.model),
                resource_content(
                    options,
                    &options.functionality_specialization,
                    &function_name,
                    &format!("functionality.{kind}"),
                    &labels,
                ),
            ));
        }
        let (text, format) = descriptor_text(description, mapping, options.descriptor_content);
        let ontology_ref = match options.descriptor_content {
            DescriptorContent::BaseOntology => BASE,
            DescriptorContent::Original | DescriptorContent::Both => SAREF,
        };
        requests.push(request(
            &device_path,
            24,
            json!({"m2m:smd": {
                "rn": options.descriptor_name,
                "dcrp": format.dcrp(),
                "or": ontology_ref,
                "dsp": encode_descriptor(&text),
            }}),
        ));
        descriptors.push(GeneratedDescriptor { resource: device_path, text, format });
    }
    GeneratedResources { requests, descriptors }
}

fn model_ty(model: ResourceModel) -> u16 {
    match model {
        ResourceModel::FlexContainers => 28,
        ResourceModel::Containers => 3,
    }
}

fn resource_content(
    options: &ResourceOptions,
    specialization: &str,
    name: &str,
    definition: &str,
    labels: &[String],
) -> Value {
    match options.model {
        ResourceModel::FlexContainers => json!({specialization: {
            "rn": name,
            "cnd": format!("{}.{definition}", options.container_definition_prefix),
            "lbl": labels,
        }}),
        ResourceModel::Containers => json!({"m2m:cnt": {"rn": name, "lbl": labels}}),
    }
}

/// The classes the description states for `subject` (full IRIs).
fn stated_types_of(description: &Description, subject: &str) -> Vec<String> {
    description
        .triples
        .iter()
        .filter(|t| matches!(&t.subject, oxigraph::model::NamedOrBlankNode::NamedNode(s) if s.as_str() == subject))
        .filter(|t| t.predicate.as_str() == crate::terms::RDF_TYPE)
        .filter_map(|t| match &t.object {
            oxigraph::model::Term::NamedNode(o) => Some(o.as_str().to_owned()),
            _ => None,
        })
        .collect()
}

fn descriptor_text(
    description: &Description,
    mapping: &Mapping,
    content: DescriptorContent,
) -> (String, DescriptorFormat) {
    match content {
        DescriptorContent::Original => (description.text.clone(), description.format),
        DescriptorContent::BaseOntology => (mapping.to_turtle(), DescriptorFormat::Turtle),
        DescriptorContent::Both => {
            let mut triples: Vec<Triple> = description.triples.clone();
            for triple in &mapping.instance {
                if !triples.contains(triple) {
                    triples.push(triple.clone());
                }
            }
            (triples_to_turtle(&triples, &description.prefixes), DescriptorFormat::Turtle)
        }
    }
}
