//! Graded exercises: data (goal, hints, starting text, material) and checks that run the engine on
//! the student's answer and judge its output, never the text typed.
//!
//! Designed for a UI reducer: [`exercises`] lists them, the editor starts from
//! [`Exercise::starter`], and an action `Check(id, text)` calls [`check_answer`], which returns a
//! serialisable [`CheckOutcome`] (pass/fail, an explanation, findings, diagnostics).

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::discovery::{DescriptorRecord, discover, semantic_query};
use crate::fixtures::{FIXTURES, ROOM1_TEMPERATURE_QUERY, SMART_PLUG, THERMOSTAT};
use crate::format::DescriptorFormat;
use crate::mapping::{Alignment, Mapping, map_description};
use crate::parse::parse_description;
use crate::resources::{DescriptorContent, ResourceOptions, generate_resources};
use crate::terms::{BASE, EX, RDF_TYPE, compact_iri, expand_term};
use serde::Serialize;
use std::collections::BTreeSet;

/// What the student edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerKind {
    /// Alignment rules in Turtle.
    Alignment,
    /// A device description in Turtle.
    Description,
    /// A SPARQL query.
    Query,
    /// A list of terms (prefixed names or IRIs), one per line or separated by commas.
    TermList,
}

/// One graded exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Exercise {
    pub id: &'static str,
    pub title: &'static str,
    pub goal: &'static str,
    pub hints: &'static [&'static str],
    pub answer_kind: AnswerKind,
    /// The text the editor starts with.
    pub starter: &'static str,
    /// Read-only material to show beside the editor (a description, the fixture set...).
    pub material: &'static str,
}

/// The verdict on an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckOutcome {
    pub passed: bool,
    /// One or two sentences: why it passed, or the first thing to fix.
    pub explanation: String,
    /// Every observation the check made, good and bad, in order.
    pub findings: Vec<String>,
    /// Diagnostics from parsing the answer (syntax errors with line and column, unknown terms).
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckOutcome {
    fn from_findings(
        passed_when_empty: Vec<String>,
        good: Vec<String>,
        success: &str,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        let passed = passed_when_empty.is_empty();
        let explanation = match passed_when_empty.first() {
            None => success.to_owned(),
            Some(first) => first.clone(),
        };
        let mut findings = passed_when_empty;
        findings.extend(good);
        Self { passed, explanation, findings, diagnostics }
    }

    fn failed(explanation: impl Into<String>, diagnostics: Vec<Diagnostic>) -> Self {
        let explanation = explanation.into();
        Self { passed: false, findings: vec![explanation.clone()], explanation, diagnostics }
    }
}

const MAPPING_WITHOUT_METERING: &str = "\
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix saref: <https://saref.etsi.org/core/> .
@prefix base:  <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#> .

# The book's lab mapping, with one rule missing.
saref:Device            rdfs:subClassOf base:Device .
saref:Function          rdfs:subClassOf base:Functionality .
saref:SensingFunction   rdfs:subClassOf base:MeasuringFunctionality .
saref:ActuatingFunction rdfs:subClassOf base:ControllingFunctionality .
saref:Command           rdfs:subClassOf base:Command .
saref:Service           rdfs:subClassOf base:Service .

saref:hasFunction rdfs:subPropertyOf base:hasFunctionality .
saref:hasCommand  rdfs:subPropertyOf base:hasCommand .
saref:offers      rdfs:subPropertyOf base:hasService .
";

const BROKEN_MAPPING: &str = "\
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix saref: <https://saref.etsi.org/core/> .
@prefix base:  <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#> .

# A mapping with three mistakes. Find and fix them.
base:Device             rdfs:subClassOf saref:Device .
saref:Function          rdfs:subClassOf base:Functionality .
saref:SensingFunction   rdfs:subClassOf base:ControllingFunctionality .
saref:ActuatingFunction rdfs:subClassOf base:ControllingFunctionality .
saref:Command           rdfs:subClassOf base:Command .

saref:hasFunction rdfs:subPropertyOf base:hasService .
saref:hasCommand  rdfs:subPropertyOf base:hasCommand .
";

const QUERY_STARTER: &str = "\
PREFIX rdfs:  <http://www.w3.org/2000/01/rdf-schema#>
PREFIX saref: <https://saref.etsi.org/core/>
PREFIX ex:    <http://example.org/home#>

# Every device. Narrow it down to the devices in room 1 that measure temperature.
SELECT ?device WHERE {
  ?device a/rdfs:subClassOf* saref:Device .
}
";

const THERMOSTAT_STARTER: &str = "\
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix saref: <https://saref.etsi.org/core/> .
@prefix ex:    <http://example.org/home#> .

ex:Thermostat  rdfs:subClassOf saref:Device .
ex:Temperature rdfs:subClassOf saref:Property .

ex:thermo2 a ex:Thermostat ;
    rdfs:label \"Second room 1 thermostat\"@en .

# Give it a sensing and an actuating function, and say what it measures,
# so that the discovery query for room 1 temperature finds it.
";

/// The description of the \"spot the unmapped property\" exercise.
pub const LAMP: &str = "\
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix saref: <https://saref.etsi.org/core/> .
@prefix ex:    <http://example.org/home#> .

ex:SmartLamp rdfs:subClassOf saref:Device .

ex:lamp1 a ex:SmartLamp ;
    rdfs:label \"Hall lamp\"@en ;
    saref:hasFunction ex:lamp1Switching ;
    saref:offers ex:lamp1Service ;
    saref:hasState ex:lamp1State .

ex:lamp1Switching a saref:ActuatingFunction ;
    saref:hasCommand ex:lamp1Toggle .
ex:lamp1Toggle a saref:Command .
ex:lamp1Service a saref:Service .
ex:lamp1State a saref:State .
";

const BASE_QUERY_STARTER: &str = "\
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#>

# List every device with each of its measuring functionalities,
# in Base Ontology terms: columns ?device and ?functionality.
SELECT ?device ?functionality WHERE {
}
";

const FIXTURE_SET: &str = "The five fixture devices: a kitchen smart plug (ex:plug1), a room 1 thermostat (ex:thermo1), \
a room 1 temperature sensor (ex:tempSensor1), a room 2 temperature sensor (ex:tempSensor2) and a room 1 humidity \
sensor (ex:humSensor1), each with a semanticDescriptor on its device resource.";

static EXERCISES: [Exercise; 6] = [
    Exercise {
        id: "map-metering-function",
        title: "Map a new SAREF class",
        goal: "The mapping in the editor has no rule for saref:MeteringFunction, so the smart plug's metering function \
               lands only on the general base:Functionality. Add the rule that makes ex:plug1Metering a \
               base:MeasuringFunctionality, without breaking the other rules.",
        hints: &[
            "A rule places a SAREF term below a Base Ontology term: SAREF term, then rdfs:subClassOf, then Base Ontology term.",
            "Look at how saref:SensingFunction is mapped: metering is also a way of measuring.",
            "The Base Ontology spells it ...Functionality, not ...Function.",
        ],
        answer_kind: AnswerKind::Alignment,
        starter: MAPPING_WITHOUT_METERING,
        material: SMART_PLUG,
    },
    Exercise {
        id: "fix-broken-mapping",
        title: "Fix a broken mapping",
        goal: "This mapping has three mistakes: with it the thermostat is not a base:Device, its sensing function \
               becomes a controlling functionality, and its functions turn into services. Fix the rules so that \
               ex:thermo1 is a base:Device, ex:thermo1Sensing a base:MeasuringFunctionality, and ex:thermo1 is linked \
               to its functions by base:hasFunctionality.",
        hints: &[
            "Direction matters: the SAREF term goes on the left of rdfs:subClassOf, the Base Ontology term on the right.",
            "Sensing is measuring, not controlling.",
            "saref:hasFunction corresponds to base:hasFunctionality; base:hasService is the counterpart of saref:offers.",
        ],
        answer_kind: AnswerKind::Alignment,
        starter: BROKEN_MAPPING,
        material: THERMOSTAT,
    },
    Exercise {
        id: "room1-temperature-query",
        title: "Write the discovery query",
        goal: "Write a SPARQL query for semantic discovery that finds all devices in room 1 that measure temperature. \
               It runs against the descriptor of each of the five fixture devices; a descriptor matches when the query \
               returns a result in it.",
        hints: &[
            "Rooms are features of interest: ex:room1 saref:hasProperty ?property.",
            "A device says what it measures with saref:measuresProperty.",
            "The kind of property is a class: ?property a ex:Temperature (or a/rdfs:subClassOf* ex:Temperature).",
            "The humidity sensor is in room 1 too, and the second temperature sensor is in room 2: neither may match.",
        ],
        answer_kind: AnswerKind::Query,
        starter: QUERY_STARTER,
        material: FIXTURE_SET,
    },
    Exercise {
        id: "describe-thermostat",
        title: "Describe a thermostat so discovery finds it",
        goal: "Complete the description of ex:thermo2, a thermostat in room 1, using SAREF core terms, so that (1) the \
               lab's discovery query for devices in room 1 that measure temperature finds it, and (2) the book's \
               mapping makes it a base:Device with a base:MeasuringFunctionality and a base:ControllingFunctionality.",
        hints: &[
            "Functions: saref:hasFunction to one saref:SensingFunction and one saref:ActuatingFunction.",
            "What it measures: saref:measuresProperty ex:room1Temperature, and ex:room1Temperature a ex:Temperature.",
            "The room: ex:room1 saref:hasProperty ex:room1Temperature.",
            "Check the diagnostics: a misspelt SAREF term is reported as unknown.",
        ],
        answer_kind: AnswerKind::Description,
        starter: THERMOSTAT_STARTER,
        material: crate::fixtures::ROOM1_TEMPERATURE_QUERY,
    },
    Exercise {
        id: "spot-unmapped-property",
        title: "Spot the unmapped property",
        goal: "Apply the book's mapping to the hall lamp (the description in the editor) in your head. Which property of the description \
               does no rule map to the Base Ontology? List it (prefixed name, e.g. saref:something); if there are \
               several, list them all, one per line.",
        hints: &[
            "The book's mapping has property rules for saref:hasFunction, saref:hasCommand and saref:offers only.",
            "rdf:type and rdfs:label are not mapped by property rules: types are mapped by class rules, labels are annotations.",
        ],
        answer_kind: AnswerKind::TermList,
        starter: "",
        material: LAMP,
    },
    Exercise {
        id: "base-ontology-query",
        title: "Query in Base Ontology terms",
        goal: "Write a semantic query (the rcn=10 kind) that lists every device with each of its measuring \
               functionalities, with the columns ?device and ?functionality. It runs over descriptors that carry only \
               the Base Ontology instance of the five fixture devices, so it must use Base Ontology terms.",
        hints: &[
            "base:hasFunctionality links a device to a functionality.",
            "The measuring ones are typed base:MeasuringFunctionality.",
            "Devices are typed base:Device.",
        ],
        answer_kind: AnswerKind::Query,
        starter: BASE_QUERY_STARTER,
        material: FIXTURE_SET,
    },
];

/// Every exercise, in teaching order.
pub fn exercises() -> &'static [Exercise] {
    &EXERCISES
}

pub fn exercise(id: &str) -> Option<&'static Exercise> {
    EXERCISES.iter().find(|e| e.id == id)
}

/// Checks `answer` for exercise `id`. An unknown id fails with an explanation.
pub fn check_answer(id: &str, answer: &str) -> CheckOutcome {
    if let Some(outcome) = check_mapping_answer(id, answer) {
        return outcome;
    }
    match id {
        "room1-temperature-query" => check_room1_query(answer),
        "describe-thermostat" => check_describe_thermostat(answer),
        "base-ontology-query" => check_base_query(answer),
        other => CheckOutcome::failed(format!("there is no exercise called {other}"), Vec::new()),
    }
}

/// The exercises whose check runs no SPARQL query (parsing and mapping only), in teaching order.
pub const MAPPING_EXERCISES: &[&str] = &["map-metering-function", "fix-broken-mapping", "spot-unmapped-property"];

/// Checks `answer` for one of the [`MAPPING_EXERCISES`] (the same verdict as [`check_answer`]); `None` for any
/// other id. A bundle that checks answers through this function alone never calls the SPARQL evaluator, so the
/// linker leaves oxigraph's query engine (and its regex tables) out of it.
pub fn check_mapping_answer(id: &str, answer: &str) -> Option<CheckOutcome> {
    match id {
        "map-metering-function" => Some(check_map_metering(answer)),
        "fix-broken-mapping" => Some(check_fix_mapping(answer)),
        "spot-unmapped-property" => Some(check_unmapped_property(answer)),
        _ => None,
    }
}

fn base(local: &str) -> String {
    format!("{BASE}{local}")
}

fn ex(local: &str) -> String {
    format!("{EX}{local}")
}

fn show(iri: &str) -> String {
    compact_iri(iri, &[])
}

/// Reads an alignment answer; `Err` when it has syntax errors.
fn read_alignment(answer: &str) -> Result<Alignment, CheckOutcome> {
    let alignment = Alignment::from_turtle(answer);
    if alignment.diagnostics.iter().any(|d| d.kind == DiagnosticKind::Syntax) {
        return Err(CheckOutcome::failed(
            "the mapping has a syntax error; fix it first (see the diagnostics)",
            alignment.diagnostics,
        ));
    }
    Ok(alignment)
}

/// Adds a finding: `good` when `holds`, else `bad`.
fn expect(holds: bool, good: String, bad: String, failures: &mut Vec<String>, successes: &mut Vec<String>) {
    if holds { successes.push(good) } else { failures.push(bad) }
}

fn type_finding(mapping: &Mapping, subject: &str, class: &str) -> (bool, String, String) {
    let holds = mapping.contains(subject, RDF_TYPE, class);
    let types = mapping.types_of(subject).iter().map(|t| show(t)).collect::<Vec<_>>();
    let now = if types.is_empty() { "no Base Ontology class".to_owned() } else { types.join(", ") };
    (
        holds,
        format!("{} is a {}", show(subject), show(class)),
        format!("{} should be a {}, but the mapping gives it {now}", show(subject), show(class)),
    )
}

fn check_map_metering(answer: &str) -> CheckOutcome {
    let alignment = match read_alignment(answer) {
        Ok(a) => a,
        Err(outcome) => return outcome,
    };
    let mapping = map_description(&parse_description(SMART_PLUG, DescriptorFormat::Turtle), &alignment);
    let (mut failures, mut successes) = (Vec::new(), Vec::new());
    for (subject, class) in [
        ("plug1Metering", "MeasuringFunctionality"),
        ("plug1", "Device"),
        ("plug1Switching", "ControllingFunctionality"),
    ] {
        let (holds, good, bad) = type_finding(&mapping, &ex(subject), &base(class));
        expect(holds, good, bad, &mut failures, &mut successes);
    }
    expect(
        !mapping.contains(&ex("plug1Metering"), RDF_TYPE, &base("ControllingFunctionality")),
        "the metering function is not a controlling functionality".into(),
        "ex:plug1Metering became a base:ControllingFunctionality: metering measures, it does not control".into(),
        &mut failures,
        &mut successes,
    );
    CheckOutcome::from_findings(
        failures,
        successes,
        "Correct: with your rule ex:plug1Metering is a base:MeasuringFunctionality, and the other rules still work.",
        alignment.diagnostics,
    )
}

fn check_fix_mapping(answer: &str) -> CheckOutcome {
    let alignment = match read_alignment(answer) {
        Ok(a) => a,
        Err(outcome) => return outcome,
    };
    let mapping = map_description(&parse_description(THERMOSTAT, DescriptorFormat::Turtle), &alignment);
    let (mut failures, mut successes) = (Vec::new(), Vec::new());
    for (subject, class) in [
        ("thermo1", "Device"),
        ("thermo1Sensing", "MeasuringFunctionality"),
        ("thermo1Control", "ControllingFunctionality"),
    ] {
        let (holds, good, bad) = type_finding(&mapping, &ex(subject), &base(class));
        expect(holds, good, bad, &mut failures, &mut successes);
    }
    expect(
        !mapping.contains(&ex("thermo1Sensing"), RDF_TYPE, &base("ControllingFunctionality")),
        "the sensing function is not a controlling functionality".into(),
        "ex:thermo1Sensing is still a base:ControllingFunctionality: sensing is measuring".into(),
        &mut failures,
        &mut successes,
    );
    expect(
        mapping.contains(&ex("thermo1"), &base("hasFunctionality"), &ex("thermo1Sensing")),
        "ex:thermo1 base:hasFunctionality ex:thermo1Sensing".into(),
        "ex:thermo1 is not linked to ex:thermo1Sensing by base:hasFunctionality".into(),
        &mut failures,
        &mut successes,
    );
    expect(
        !mapping.contains(&ex("thermo1"), &base("hasService"), &ex("thermo1Sensing")),
        "functions are not turned into services".into(),
        "ex:thermo1 base:hasService ex:thermo1Sensing: a function is not a service (saref:offers maps to base:hasService)"
            .into(),
        &mut failures,
        &mut successes,
    );
    CheckOutcome::from_findings(
        failures,
        successes,
        "Correct: the thermostat is a base:Device, it senses through a base:MeasuringFunctionality, and its functions are \
         linked by base:hasFunctionality.",
        alignment.diagnostics,
    )
}

/// The fixture devices' descriptors, generated by the engine with the book's mapping.
pub fn fixture_descriptors(content: DescriptorContent) -> Vec<DescriptorRecord> {
    let alignment = Alignment::book_mapping();
    let options = ResourceOptions { descriptor_content: content, ..ResourceOptions::default() };
    FIXTURES
        .iter()
        .flat_map(|fixture| {
            let description = parse_description(fixture.turtle, DescriptorFormat::Turtle);
            let mapping = map_description(&description, &alignment);
            generate_resources(&description, &mapping, &options).descriptor_records()
        })
        .collect()
}

/// The resources of the fixture devices in room 1 that measure temperature.
pub fn room1_temperature_resources() -> BTreeSet<String> {
    ["cse-in/thermo1AE/thermo1", "cse-in/tempSensor1AE/tempSensor1"].into_iter().map(str::to_owned).collect()
}

fn check_room1_query(answer: &str) -> CheckOutcome {
    let records = fixture_descriptors(DescriptorContent::Both);
    let outcome = match discover(answer, &records) {
        Ok(outcome) => outcome,
        Err(error) => {
            return CheckOutcome::failed(format!("the query cannot run: {error}"), vec![error.to_diagnostic()]);
        }
    };
    let found: BTreeSet<String> = outcome.matches.iter().cloned().collect();
    let expected = room1_temperature_resources();
    let (mut failures, mut successes) = (Vec::new(), Vec::new());
    for missing in expected.difference(&found) {
        failures.push(format!("{missing} is in room 1 and measures temperature, but your query does not find it"));
    }
    for extra in found.difference(&expected) {
        failures.push(format!("{extra} matches, but it is not a device in room 1 that measures temperature"));
    }
    for good in expected.intersection(&found) {
        successes.push(format!("{good} found"));
    }
    CheckOutcome::from_findings(
        failures,
        successes,
        "Correct: the query finds exactly the room 1 thermostat and the room 1 temperature sensor.",
        Vec::new(),
    )
}

fn check_describe_thermostat(answer: &str) -> CheckOutcome {
    let description = parse_description(answer, DescriptorFormat::Turtle);
    let diagnostics = description.diagnostics.clone();
    if description.has_syntax_errors() {
        return CheckOutcome::failed(
            "the description has a syntax error; fix it first (see the diagnostics)",
            diagnostics,
        );
    }
    let (mut failures, mut successes) = (Vec::new(), Vec::new());
    for unknown in diagnostics.iter().filter(|d| {
        matches!(
            d.kind,
            DiagnosticKind::UnknownClass
                | DiagnosticKind::UnknownProperty
                | DiagnosticKind::UnknownTerm
                | DiagnosticKind::OldNamespace
        )
    }) {
        failures.push(unknown.message.clone());
    }
    let mapping = map_description(&description, &Alignment::book_mapping());
    let devices = mapping.subjects_of_type(&base("Device"));
    if devices.is_empty() {
        failures.push("the mapping finds no base:Device: type the thermostat with a subclass of saref:Device".into());
    }
    let has_functionality_of = |class: &str| {
        devices.iter().any(|device| {
            mapping
                .objects(device, &base("hasFunctionality"))
                .iter()
                .any(|f| mapping.contains(f, RDF_TYPE, &base(class)))
        })
    };
    for class in ["MeasuringFunctionality", "ControllingFunctionality"] {
        expect(
            has_functionality_of(class),
            format!("the device has a {}", show(&base(class))),
            format!("the mapped device has no base:hasFunctionality to a {}", show(&base(class))),
            &mut failures,
            &mut successes,
        );
    }
    let resources = generate_resources(&description, &mapping, &ResourceOptions::default());
    let records = resources.descriptor_records();
    match discover(ROOM1_TEMPERATURE_QUERY, &records) {
        Ok(outcome) if !outcome.matches.is_empty() => {
            successes.push(format!("discovery for room 1 temperature finds {}", outcome.matches.join(", ")));
        }
        Ok(_) => failures.push(
            "the discovery query for devices in room 1 that measure temperature does not find it: check \
             saref:measuresProperty, the property's type ex:Temperature and ex:room1 saref:hasProperty"
                .into(),
        ),
        Err(error) => failures.push(format!("discovery could not run: {error}")),
    }
    CheckOutcome::from_findings(
        failures,
        successes,
        "Correct: discovery finds your thermostat, and the mapping makes it a base:Device that both measures and controls.",
        diagnostics,
    )
}

/// Splits a term list answer into full IRIs; `Err` lists what could not be read.
fn read_terms(answer: &str) -> Result<BTreeSet<String>, Vec<String>> {
    let mut terms = BTreeSet::new();
    let mut unreadable = Vec::new();
    for item in answer.split([',', '\n', ';']).map(str::trim).filter(|s| !s.is_empty() && !s.starts_with('#')) {
        match expand_term(item) {
            Some(iri) => {
                terms.insert(iri);
            }
            None => {
                unreadable.push(format!("cannot read {item:?} as a term: write a prefixed name such as saref:hasModel"))
            }
        }
    }
    if unreadable.is_empty() { Ok(terms) } else { Err(unreadable) }
}

fn check_unmapped_property(answer: &str) -> CheckOutcome {
    let terms = match read_terms(answer) {
        Ok(terms) if terms.is_empty() => {
            return CheckOutcome::failed("list at least one property", Vec::new());
        }
        Ok(terms) => terms,
        Err(problems) => {
            return CheckOutcome {
                passed: false,
                explanation: problems[0].clone(),
                findings: problems,
                diagnostics: Vec::new(),
            };
        }
    };
    let mapping = map_description(&parse_description(LAMP, DescriptorFormat::Turtle), &Alignment::book_mapping());
    let unmapped = mapping.unmapped_properties();
    let (mut failures, mut successes) = (Vec::new(), Vec::new());
    for term in &terms {
        if unmapped.contains(term) {
            successes.push(format!("{} is indeed unmapped", show(term)));
            continue;
        }
        let produced_by = mapping
            .explanations
            .iter()
            .flat_map(|e| e.reasons.iter())
            .find(|r| r.rule.as_ref().is_some_and(|rule| &rule.source == term));
        match produced_by.and_then(|r| r.rule.as_ref()) {
            Some(rule) => failures.push(format!("{} is mapped, by the rule `{}`", show(term), rule.to_turtle())),
            None => failures
                .push(format!("{} is not a property the mapping leaves unmapped in this description", show(term))),
        }
    }
    for missing in unmapped.difference(&terms) {
        failures.push(format!(
            "one more property is unmapped: look again at the device's properties ({} missing)",
            missing_hint(missing)
        ));
    }
    CheckOutcome::from_findings(
        failures,
        successes,
        "Correct: no rule maps saref:hasState, so the lamp's state link is lost in the Base Ontology instance (and \
         saref:State itself is unmapped too).",
        Vec::new(),
    )
}

/// A hint about a missing term that does not give the answer away.
fn missing_hint(term: &str) -> String {
    match term.rsplit_once(['#', '/']) {
        Some((_, local)) => format!("{} letters", local.chars().count()),
        None => "a property".into(),
    }
}

fn check_base_query(answer: &str) -> CheckOutcome {
    let records = fixture_descriptors(DescriptorContent::BaseOntology);
    let table = match semantic_query(answer, &records) {
        Ok(table) => table,
        Err(error) => {
            return CheckOutcome::failed(format!("the query cannot run: {error}"), vec![error.to_diagnostic()]);
        }
    };
    if table.boolean.is_some()
        || !table.variables.iter().any(|v| v == "device")
        || !table.variables.iter().any(|v| v == "functionality")
    {
        return CheckOutcome::failed(
            "the query must be a SELECT with the columns ?device and ?functionality",
            Vec::new(),
        );
    }
    let rows: BTreeSet<(String, String)> =
        table.column("device").into_iter().zip(table.column("functionality")).collect();
    let expected: BTreeSet<(String, String)> = [
        ("plug1", "plug1Metering"),
        ("thermo1", "thermo1Sensing"),
        ("tempSensor1", "tempSensor1Sensing"),
        ("tempSensor2", "tempSensor2Sensing"),
        ("humSensor1", "humSensor1Sensing"),
    ]
    .into_iter()
    .map(|(d, f)| (format!("ex:{d}"), format!("ex:{f}")))
    .collect();
    let (mut failures, mut successes) = (Vec::new(), Vec::new());
    if rows.is_empty() {
        failures.push(
            "the query returns no rows: the descriptors carry only Base Ontology terms (base:Device, base:hasFunctionality, \
             base:MeasuringFunctionality)"
                .into(),
        );
    }
    for (device, functionality) in expected.difference(&rows) {
        if !rows.is_empty() {
            failures.push(format!("missing row: {device} with {functionality}"));
        }
    }
    for (device, functionality) in rows.difference(&expected) {
        failures
            .push(format!("extra row: {device} with {functionality} is not a device with a measuring functionality"));
    }
    if failures.is_empty() {
        successes.push(format!("{} rows, one per measuring functionality", rows.len()));
    }
    CheckOutcome::from_findings(
        failures,
        successes,
        "Correct: five devices, each with its measuring functionality, found with Base Ontology terms only.",
        Vec::new(),
    )
}
