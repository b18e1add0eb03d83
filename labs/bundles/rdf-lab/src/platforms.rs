//! The lab's data: the same temperature reading published by three platforms in three vocabularies, the
//! reference alignment the predictions are judged against, the building whose devices the SPARQL exercises
//! query, and the prefixes the editors know.
//!
//! SAREF core terms are from `shared/facts/semantics.md` (V4.1.1, `https://saref.etsi.org/core/`); SOSA is the
//! W3C Semantic Sensor Network Ontology's core (W3C Recommendation, 19 October 2017,
//! `http://www.w3.org/ns/sosa/`); "Acme" and its vocabulary are invented for the lab (an `example.com` IRI).

/// One platform's publication of the reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Platform {
    pub id: &'static str,
    pub name: &'static str,
    pub vocabulary: &'static str,
    /// The reading's IRI in this platform's data.
    pub reading: &'static str,
    pub turtle: &'static str,
}

pub const SAREF: &str = "https://saref.etsi.org/core/";
pub const SOSA: &str = "http://www.w3.org/ns/sosa/";
pub const ACME: &str = "http://example.com/acme-bms#";
pub const BLDG: &str = "http://example.org/building#";
pub const GW: &str = "http://example.org/gateway/";
pub const LAB: &str = "http://example.org/research/";

/// The prefixes the editors know: offered beside the editor and declared for the student when used.
pub const KNOWN_PREFIXES: &[(&str, &str)] = &[
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("saref", SAREF),
    ("sosa", SOSA),
    ("acme", ACME),
    ("bldg", BLDG),
    ("gw", GW),
    ("lab", LAB),
];

pub const PLATFORMS: [Platform; 3] = [
    Platform {
        id: "gateway",
        name: "The building's gateway",
        vocabulary: "SAREF core (ETSI TS 103 264)",
        reading: "http://example.org/gateway/m0900",
        turtle: r#"@prefix saref: <https://saref.etsi.org/core/> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix bldg:  <http://example.org/building#> .
@prefix gw:    <http://example.org/gateway/> .

gw:m0900 a saref:Measurement ;
    saref:hasValue "21.5"^^xsd:decimal ;
    saref:hasTimestamp "2026-03-02T09:00:00Z"^^xsd:dateTime ;
    saref:relatesToProperty bldg:room101Temperature .
"#,
    },
    Platform {
        id: "research",
        name: "The university's energy research platform",
        vocabulary: "W3C SOSA (Semantic Sensor Network Ontology)",
        reading: "http://example.org/research/obs17",
        turtle: r#"@prefix sosa: <http://www.w3.org/ns/sosa/> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix bldg: <http://example.org/building#> .
@prefix lab:  <http://example.org/research/> .

lab:obs17 a sosa:Observation ;
    sosa:hasSimpleResult "21.5"^^xsd:decimal ;
    sosa:resultTime "2026-03-02T09:00:00Z"^^xsd:dateTime ;
    sosa:observedProperty bldg:room101Temperature .
"#,
    },
    Platform {
        id: "vendor",
        name: "The HVAC vendor's cloud",
        vocabulary: "Acme's own vocabulary (invented for the lab)",
        reading: "http://example.com/acme-bms#rd5521",
        turtle: r#"@prefix acme: <http://example.com/acme-bms#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix bldg: <http://example.org/building#> .

acme:rd5521 a acme:TempReading ;
    acme:celsius "21.5"^^xsd:decimal ;
    acme:takenAt "2026-03-02T09:00:00Z"^^xsd:dateTime ;
    acme:zone bldg:room101 .
"#,
    },
];

/// The alignment the lab starts from: prefixes only, nothing aligned.
pub const STARTING_ALIGNMENT: &str = r#"@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix saref: <https://saref.etsi.org/core/> .
@prefix sosa:  <http://www.w3.org/ns/sosa/> .
@prefix acme:  <http://example.com/acme-bms#> .

# Place each platform's terms below the terms your query will use, e.g.
# acme:TempReading rdfs:subClassOf sosa:Observation .
"#;

/// The query the lab starts from: it finds the research platform's reading only.
pub const STARTING_ALIGNMENT_QUERY: &str = "SELECT ?reading ?value WHERE {
  ?reading a sosa:Observation ;
           sosa:hasSimpleResult ?value .
}";

/// The alignment the prediction exercise is judged against (one way of aligning, the lab's, not a standard's).
pub const REFERENCE_ALIGNMENT: &str = r#"@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix saref: <https://saref.etsi.org/core/> .
@prefix sosa:  <http://www.w3.org/ns/sosa/> .
@prefix acme:  <http://example.com/acme-bms#> .

saref:Measurement rdfs:subClassOf    sosa:Observation .
acme:TempReading  rdfs:subClassOf    sosa:Observation .
saref:hasValue    rdfs:subPropertyOf sosa:hasSimpleResult .
acme:celsius      rdfs:subPropertyOf sosa:hasSimpleResult .
"#;

/// The smart building the SPARQL exercises query: two floors, four rooms, ten devices.
pub const BUILDING: &str = r#"@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix saref: <https://saref.etsi.org/core/> .
@prefix bldg:  <http://example.org/building#> .

bldg:TemperatureSensor rdfs:subClassOf saref:Device .
bldg:CO2Sensor         rdfs:subClassOf saref:Device .
bldg:SmartPlug         rdfs:subClassOf saref:Device .
bldg:Thermostat        rdfs:subClassOf saref:Device .

bldg:floor1 a bldg:Floor ; rdfs:label "Floor 1" .
bldg:floor2 a bldg:Floor ; rdfs:label "Floor 2" .
bldg:room101 a bldg:Room ; rdfs:label "Room 101" ; bldg:onFloor bldg:floor1 .
bldg:room102 a bldg:Room ; rdfs:label "Room 102" ; bldg:onFloor bldg:floor1 .
bldg:room201 a bldg:Room ; rdfs:label "Room 201" ; bldg:onFloor bldg:floor2 .
bldg:room202 a bldg:Room ; rdfs:label "Room 202" ; bldg:onFloor bldg:floor2 .

bldg:temp101 a bldg:TemperatureSensor ; bldg:locatedIn bldg:room101 ;
    saref:hasManufacturer "Acme" ; bldg:batteryLevel 87 ;
    saref:makesMeasurement bldg:m101 .
bldg:m101 saref:hasValue "21.5"^^xsd:decimal .

bldg:temp102 a bldg:TemperatureSensor ; bldg:locatedIn bldg:room102 ;
    saref:hasManufacturer "Acme" ; bldg:batteryLevel 35 ;
    saref:makesMeasurement bldg:m102 .
bldg:m102 saref:hasValue "24.5"^^xsd:decimal .

bldg:temp201 a bldg:TemperatureSensor ; bldg:locatedIn bldg:room201 ;
    saref:hasManufacturer "Nordtherm" ;
    saref:makesMeasurement bldg:m201 .
bldg:m201 saref:hasValue "25.0"^^xsd:decimal .

bldg:temp202 a bldg:TemperatureSensor ; bldg:locatedIn bldg:room202 ;
    saref:hasManufacturer "Nordtherm" ; bldg:batteryLevel 64 ;
    saref:makesMeasurement bldg:m202 .
bldg:m202 saref:hasValue "19.5"^^xsd:decimal .

bldg:co2-101 a bldg:CO2Sensor ; bldg:locatedIn bldg:room101 ;
    saref:hasManufacturer "Acme" ; bldg:batteryLevel 90 ;
    saref:makesMeasurement bldg:m-co2-101 .
bldg:m-co2-101 saref:hasValue "640"^^xsd:decimal .

bldg:co2-201 a bldg:CO2Sensor ; bldg:locatedIn bldg:room201 ;
    saref:hasManufacturer "Acme" ; bldg:batteryLevel 12 ;
    saref:makesMeasurement bldg:m-co2-201 .
bldg:m-co2-201 saref:hasValue "1150"^^xsd:decimal .

bldg:plug102 a bldg:SmartPlug ; bldg:locatedIn bldg:room102 ; saref:hasManufacturer "Acme" .
bldg:plug201 a bldg:SmartPlug ; bldg:locatedIn bldg:room201 ; saref:hasManufacturer "Acme" .
bldg:thermo201 a bldg:Thermostat ; bldg:locatedIn bldg:room201 ; saref:hasManufacturer "Nordtherm" .
bldg:thermo202 a bldg:Thermostat ; bldg:locatedIn bldg:room202 ; saref:hasManufacturer "Nordtherm" .
"#;

/// The query the SPARQL part starts from.
pub const STARTING_SPARQL_QUERY: &str = "SELECT ?device ?room WHERE {
  ?device bldg:locatedIn ?room .
}";
