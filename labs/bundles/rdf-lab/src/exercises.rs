//! The lab's graded exercises. Each checks the result sets the student's alignment and queries produce,
//! compared with what the engine computes (the reasoner, the expected solution's result set), never wording.

use std::sync::OnceLock;

use lab_kit::{CheckOutcome, Exercise};
use onem2m_ontology::reasoning::rdfs_entailment;
use onem2m_ontology::{DescriptorFormat, QueryResultTable, parse_description};
use oxigraph::model::Triple;

use crate::alignment::{AlignmentAnalysis, CANDIDATES, mentions, reference_entailment};
use crate::platforms::{BUILDING, PLATFORMS};
use crate::query::{Comparison, compare, run};
use crate::work::Work;

pub type LabExercise = Exercise<Work>;

/// Which part of the lab an exercise belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Alignment,
    Sparql,
}

/// The part of the exercise `id`.
pub fn part_of(id: &str) -> Part {
    if SPARQL_EXERCISES.iter().any(|(exercise, _)| *exercise == id) { Part::Sparql } else { Part::Alignment }
}

pub static EXERCISES: &[LabExercise] = &[
    Exercise {
        id: "find-all-three",
        title: "1. One query finds the three readings",
        goal: "The same reading of room 101 is published by three platforms in three vocabularies. Write an alignment (rdfs:subClassOf, rdfs:subPropertyOf) and one query that, with what RDFS entails, returns exactly one row per reading: all three. Without your alignment the same query must find fewer, so that the alignment does the work.",
        hints: &[
            "The starting query asks for sosa:Observation: which readings are typed with another class?",
            "A class below sosa:Observation makes its instances Observations too (rdfs9): acme:TempReading rdfs:subClassOf sosa:Observation .",
            "The gateway's class is saref:Measurement. For the values, see exercise 2: a query that also asks for sosa:hasSimpleResult needs the value properties aligned too.",
        ],
        setup: (),
        check: check_find_all_three,
    },
    Exercise {
        id: "one-value-property",
        title: "2. …and their values through one property",
        goal: "Make the query return each of the three readings with its value, 21.5, through one property of your choice, so that each row holds a reading and 21.5. Without the alignment, the query must find fewer of them.",
        hints: &[
            "The values are saref:hasValue, sosa:hasSimpleResult and acme:celsius.",
            "A statement with a sub-property also holds with its super-property (rdfs7): acme:celsius rdfs:subPropertyOf sosa:hasSimpleResult .",
        ],
        setup: (),
        check: check_one_value_property,
    },
    Exercise {
        id: "predict-entailment",
        title: "3. Predict what RDFS entails, and what it does not",
        goal: "With the lab's reference alignment (shown), predict for each statement whether RDFS entails it from the three platforms' data, then commit: the reasoner answers, with the derivation of each entailed statement.",
        hints: &[
            "rdfs:subClassOf goes one way: every TempReading is an Observation, not every Observation a TempReading.",
            "rdfs7 copies a statement to the super-property, with the same subject and object.",
        ],
        setup: (),
        check: check_predictions,
    },
    Exercise {
        id: "select-sensors",
        title: "4. SELECT: every temperature sensor and its room",
        goal: "List every temperature sensor of the building with the room it is located in: two columns, one row per sensor.",
        hints: &[
            "Temperature sensors are typed bldg:TemperatureSensor; their room is bldg:locatedIn.",
            "SELECT ?sensor ?room WHERE { ?sensor a bldg:TemperatureSensor ; bldg:locatedIn ?room . }",
        ],
        setup: (),
        check: check_select_sensors,
    },
    Exercise {
        id: "filter-warm",
        title: "5. FILTER: the rooms that are too warm",
        goal: "List the temperature sensors whose measurement is above 24 °C, with the value: two columns (sensor, value).",
        hints: &[
            "A sensor's measurement is saref:makesMeasurement; the measurement's value is saref:hasValue.",
            "FILTER(?value > 24) keeps the rows whose value is above 24.",
        ],
        setup: (),
        check: check_filter_warm,
    },
    Exercise {
        id: "optional-battery",
        title: "6. OPTIONAL: battery levels where there are some",
        goal: "List every device of the building (anything that is a saref:Device) with its battery level where it has one: devices on mains power stay in the result with no level.",
        hints: &[
            "The building's data is queried with what RDFS entails: ?device a saref:Device finds every device.",
            "OPTIONAL { ?device bldg:batteryLevel ?battery } keeps a device without a level, leaving ?battery unbound.",
        ],
        setup: (),
        check: check_optional_battery,
    },
    Exercise {
        id: "count-per-floor",
        title: "7. Aggregates: devices per floor",
        goal: "Count the devices on each floor: two columns, the floor and its number of devices.",
        hints: &[
            "A device is in a room (bldg:locatedIn), a room on a floor (bldg:onFloor).",
            "SELECT ?floor (COUNT(?device) AS ?devices) WHERE { ... } GROUP BY ?floor",
        ],
        setup: (),
        check: check_count_per_floor,
    },
];

/// The SPARQL exercises' expected solutions: the result set of each is what the student's must equal.
pub const SPARQL_EXERCISES: &[(&str, &str)] = &[
    ("select-sensors", "SELECT ?sensor ?room WHERE { ?sensor a bldg:TemperatureSensor ; bldg:locatedIn ?room }"),
    (
        "filter-warm",
        "SELECT ?sensor ?value WHERE { ?sensor a bldg:TemperatureSensor ; saref:makesMeasurement ?m . ?m saref:hasValue ?value FILTER(?value > 24) }",
    ),
    (
        "optional-battery",
        "SELECT ?device ?battery WHERE { ?device a saref:Device OPTIONAL { ?device bldg:batteryLevel ?battery } }",
    ),
    (
        "count-per-floor",
        "SELECT ?floor (COUNT(?device) AS ?devices) WHERE { ?device a saref:Device ; bldg:locatedIn ?room . ?room bldg:onFloor ?floor } GROUP BY ?floor",
    ),
];

/// The building's triples and what RDFS entails from them (the graph the SPARQL exercises query).
pub fn building() -> &'static [Triple] {
    static BUILDING_CLOSURE: OnceLock<Vec<Triple>> = OnceLock::new();
    BUILDING_CLOSURE
        .get_or_init(|| rdfs_entailment(&parse_description(BUILDING, DescriptorFormat::Turtle).triples).closure())
}

/// The expected result set of a SPARQL exercise.
pub fn expected_result(id: &str) -> Option<QueryResultTable> {
    let (_, query) = SPARQL_EXERCISES.iter().find(|(exercise, _)| *exercise == id)?;
    run(query, building()).ok().map(|(table, _)| table)
}

fn grade_sparql(work: &Work, id: &str) -> CheckOutcome {
    let Some(expected) = expected_result(id) else {
        return CheckOutcome::not_yet("the lab has no solution for this exercise");
    };
    match run(&work.sparql_query, building()) {
        Err(error) => CheckOutcome::not_yet(format!("The query does not run: {}", error.shown())),
        Ok((got, _)) => match compare(&got, &expected) {
            Comparison::Same => {
                CheckOutcome::pass(format!("Your result set is the expected one ({} row(s)).", expected.rows.len()))
            }
            Comparison::Different(why) => CheckOutcome::not_yet(format!("{}.", capitalised(&why))),
        },
    }
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn check_select_sensors(work: &Work) -> CheckOutcome {
    grade_sparql(work, "select-sensors")
}

fn check_filter_warm(work: &Work) -> CheckOutcome {
    grade_sparql(work, "filter-warm")
}

fn check_optional_battery(work: &Work) -> CheckOutcome {
    grade_sparql(work, "optional-battery")
}

fn check_count_per_floor(work: &Work) -> CheckOutcome {
    grade_sparql(work, "count-per-floor")
}

/// Common ground of exercises 1 and 2: the query runs, and the alignment parses.
fn analysed(work: &Work) -> Result<(AlignmentAnalysis, QueryResultTable, QueryResultTable), CheckOutcome> {
    let analysis = AlignmentAnalysis::of(&work.alignment, &work.alignment_query);
    if let Some(error) = analysis.diagnostics.first() {
        return Err(CheckOutcome::not_yet(format!("The alignment is not valid Turtle: {error}.")));
    }
    let with = match &analysis.with {
        Ok(table) => table.clone(),
        Err(error) => return Err(CheckOutcome::not_yet(format!("The query does not run: {}.", error.shown()))),
    };
    let without =
        analysis.without.clone().unwrap_or(QueryResultTable { variables: vec![], rows: vec![], boolean: None });
    Ok((analysis, with, without))
}

fn missing_readings(table: &QueryResultTable) -> Vec<&'static str> {
    PLATFORMS.iter().filter(|p| !mentions(table, p.reading)).map(|p| p.name).collect()
}

fn check_find_all_three(work: &Work) -> CheckOutcome {
    let (_, with, without) = match analysed(work) {
        Ok(parts) => parts,
        Err(outcome) => return outcome,
    };
    let missing = missing_readings(&with);
    if !missing.is_empty() {
        return CheckOutcome::not_yet(format!(
            "With your alignment the query still misses the reading of: {}.",
            missing.join(", ")
        ));
    }
    if with.rows.len() != 3 {
        return CheckOutcome::not_yet(format!(
            "The query returns {} rows; one row per reading (3) is asked for.",
            with.rows.len()
        ));
    }
    if missing_readings(&without).is_empty() {
        return CheckOutcome::not_yet(
            "The query finds the three readings even without your alignment: it names each vocabulary itself. Query one vocabulary and let the alignment do the rest.",
        );
    }
    CheckOutcome::pass(format!(
        "All three readings, one row each; without the alignment the query finds {} of them.",
        3 - missing_readings(&without).len()
    ))
}

fn row_has_value(table: &QueryResultTable, reading: &str) -> bool {
    table.rows.iter().any(|row| {
        row.iter().flatten().any(|term| term.kind == "uri" && term.value == reading)
            && row.iter().flatten().any(|term| term.kind == "literal" && term.value.parse::<f64>().ok() == Some(21.5))
    })
}

fn check_one_value_property(work: &Work) -> CheckOutcome {
    let (_, with, without) = match analysed(work) {
        Ok(parts) => parts,
        Err(outcome) => return outcome,
    };
    let missing: Vec<&str> = PLATFORMS.iter().filter(|p| !row_has_value(&with, p.reading)).map(|p| p.name).collect();
    if !missing.is_empty() {
        return CheckOutcome::not_yet(format!(
            "No row holds the reading and its value 21.5 for: {}.",
            missing.join(", ")
        ));
    }
    if PLATFORMS.iter().all(|p| row_has_value(&without, p.reading)) {
        return CheckOutcome::not_yet(
            "Without your alignment the query already finds every value: it names each platform's property itself. Ask for one property and align the others below it.",
        );
    }
    CheckOutcome::pass("Each reading with its value, through one property, thanks to the alignment (rdfs7).")
}

fn check_predictions(work: &Work) -> CheckOutcome {
    if CANDIDATES.iter().any(|candidate| !work.predictions.contains_key(candidate.id)) {
        return CheckOutcome::not_yet("Predict every statement (entailed or not), then commit.");
    }
    if !work.predictions_committed {
        return CheckOutcome::not_yet("Commit your predictions to see the reasoner's answer.");
    }
    let entailment = reference_entailment();
    let wrong: Vec<&str> = CANDIDATES
        .iter()
        .filter(|candidate| work.predictions.get(candidate.id) != Some(&entailment.holds(&candidate.triple())))
        .map(|candidate| candidate.shown)
        .collect();
    if wrong.is_empty() {
        CheckOutcome::pass("Every prediction matches the reasoner.")
    } else {
        CheckOutcome::not_yet(format!(
            "The reasoner disagrees about: {}. Read its derivations, change your predictions and commit again.",
            wrong.join("  ")
        ))
    }
}
