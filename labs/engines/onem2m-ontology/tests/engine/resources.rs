use crate::{book_mapping_of, turtle};
use onem2m_ontology::resources::DescriptorContent;
use onem2m_ontology::{
    Alignment, DescriptorFormat, ResourceModel, ResourceOptions, decode_descriptor, encode_descriptor, fixtures,
    generate_resources, map_description, parse_description,
};
use serde_json::json;

#[test]
fn a_smart_plug_becomes_an_ae_flexcontainers_and_a_descriptor_in_order() {
    let (description, mapping) = book_mapping_of(fixtures::SMART_PLUG);
    let generated = generate_resources(&description, &mapping, &ResourceOptions::default());
    let requests = &generated.requests;
    assert_eq!(requests.len(), 5, "{requests:#?}");
    let shape: Vec<(u64, &str, &str)> = requests
        .iter()
        .map(|r| (r["ty"].as_u64().unwrap_or(0), r["to"].as_str().unwrap_or(""), r["rqi"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        shape,
        vec![
            (2, "cse-in", "onto-0001"),
            (28, "cse-in/plug1AE", "onto-0002"),
            (28, "cse-in/plug1AE/plug1", "onto-0003"),
            (28, "cse-in/plug1AE/plug1", "onto-0004"),
            (24, "cse-in/plug1AE/plug1", "onto-0005"),
        ]
    );
    for request in requests {
        assert_eq!(request["op"], 1);
        assert_eq!(request["fr"], "Contology-lab");
    }
    assert_eq!(
        requests[0]["pc"],
        json!({"m2m:ae": {"rn": "plug1AE", "api": "Nplug1", "rr": false, "srv": ["4"], "lbl": ["device:plug1"]}})
    );
    let device = &requests[1]["pc"]["lab:device"];
    assert_eq!(device["rn"], "plug1");
    assert_eq!(device["cnd"], "org.example.ontologylab.device");
    assert_eq!(device["lbl"], json!(["base:Device", "ex:SmartPlug"]));
    let names: Vec<&str> =
        requests[2..4].iter().map(|r| r["pc"]["lab:functionality"]["rn"].as_str().unwrap_or("")).collect();
    assert_eq!(names, vec!["plug1Metering", "plug1Switching"]);
    assert_eq!(
        requests[3]["pc"]["lab:functionality"]["cnd"],
        "org.example.ontologylab.functionality.ControllingFunctionality"
    );
    let smd = &requests[4]["pc"]["m2m:smd"];
    assert_eq!(smd["rn"], "desc");
    assert_eq!(smd["dcrp"], 5);
    assert_eq!(smd["or"], "https://saref.etsi.org/core/");
    assert_eq!(generated.descriptors.len(), 1);
    assert_eq!(generated.descriptors[0].resource, "cse-in/plug1AE/plug1");
}

#[test]
fn the_container_model_uses_ty_3_and_m2m_cnt() {
    let (description, mapping) = book_mapping_of(fixtures::THERMOSTAT);
    let options = ResourceOptions {
        model: ResourceModel::Containers,
        originator: "Cthermo".into(),
        ..ResourceOptions::default()
    };
    let generated = generate_resources(&description, &mapping, &options);
    let types: Vec<u64> = generated.requests.iter().map(|r| r["ty"].as_u64().unwrap_or(0)).collect();
    assert_eq!(types, vec![2, 3, 3, 3, 24]);
    assert_eq!(generated.requests[1]["pc"]["m2m:cnt"]["rn"], "thermo1");
    assert!(generated.requests[1]["pc"]["m2m:cnt"].get("cnd").is_none());
    assert!(generated.requests.iter().all(|r| r["fr"] == "Cthermo"));
}

#[test]
fn the_descriptor_is_base64_of_the_rdf_and_round_trips() {
    let (description, mapping) = book_mapping_of(fixtures::SMART_PLUG);
    for content in [DescriptorContent::Original, DescriptorContent::BaseOntology, DescriptorContent::Both] {
        let options = ResourceOptions { descriptor_content: content, ..ResourceOptions::default() };
        let generated = generate_resources(&description, &mapping, &options);
        let smd = &generated.requests[4]["pc"]["m2m:smd"];
        let dsp = smd["dsp"].as_str().expect("dsp is a string");
        let decoded = decode_descriptor(dsp).expect("valid base64");
        assert_eq!(decoded, generated.descriptors[0].text, "{content:?}");
        let reparsed = parse_description(&decoded, DescriptorFormat::Turtle);
        assert!(!reparsed.has_syntax_errors(), "{content:?}");
        match content {
            DescriptorContent::Original => assert_eq!(decoded, fixtures::SMART_PLUG),
            DescriptorContent::BaseOntology => {
                assert_eq!(smd["or"], "http://www.onem2m.org/ontology/Base_Ontology/base_ontology#");
                let mut triples = reparsed.triples.clone();
                triples.sort_by_key(ToString::to_string);
                assert_eq!(triples, mapping.instance);
            }
            DescriptorContent::Both => {
                assert_eq!(reparsed.triples.len(), description.triples.len() + mapping.instance.len());
            }
        }
    }
    assert_eq!(encode_descriptor("ex:a a saref:Device ."), "ZXg6YSBhIHNhcmVmOkRldmljZSAu");
    assert_eq!(decode_descriptor("ZXg6YSBhIHNh\ncmVmOkRldmljZSAu").as_deref(), Ok("ex:a a saref:Device ."));
    assert!(decode_descriptor("not base64!").is_err());
}

#[test]
fn an_original_rdf_xml_descriptor_keeps_its_dcrp() {
    let rdf_xml = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:saref="https://saref.etsi.org/core/">
  <saref:Device rdf:about="http://example.org/home#d1"/>
</rdf:RDF>"#;
    let description = parse_description(rdf_xml, DescriptorFormat::RdfXml);
    let mapping = map_description(&description, &Alignment::book_mapping());
    let options = ResourceOptions { descriptor_content: DescriptorContent::Original, ..ResourceOptions::default() };
    let generated = generate_resources(&description, &mapping, &options);
    assert_eq!(generated.requests.last().map(|r| r["pc"]["m2m:smd"]["dcrp"].clone()), Some(json!(4)));
}

#[test]
fn no_device_means_no_requests() {
    let description =
        turtle("@prefix saref: <https://saref.etsi.org/core/> .\n<http://example.org/home#p> a saref:Property .");
    let mapping = map_description(&description, &Alignment::book_mapping());
    let generated = generate_resources(&description, &mapping, &ResourceOptions::default());
    assert!(generated.requests.is_empty());
    assert!(generated.descriptors.is_empty());
}
