//! Scenarios: device -> IPE -> CSE -> subscriber, and CSE Update -> IPE -> device, with the ontology engine as the
//! CSE's semantic matcher; the exercises checked on the states a student reaches.

use interworking_lab::exercises::{EXERCISES, Work, exercise};
use interworking_lab::ipe::Interworking;
use interworking_lab::mapping::{ActionMapping, Mapping, PointMapping, UnitAs, UnitMapping, temperature_class};
use serde_json::{Value, json};

fn lab(mapping: Mapping) -> Interworking {
    Interworking::new(Some(onem2m_ontology::smf_matcher), mapping)
}

/// The mapping a student reaches after the four exercises.
fn solved() -> Mapping {
    let mut mapping = Mapping::naive();
    let roof = &mut mapping.devices[0].units[0];
    roof.unit_as = temperature_class();
    roof.name = "temperature".into();
    roof.points = vec![
        PointMapping { point: 5700, attribute: "currentTemperature".into(), scale: 1.0 },
        PointMapping { point: 5701, attribute: "unit".into(), scale: 1.0 },
    ];
    let hall = &mut mapping.devices[1];
    hall.units[0].actions = vec![
        ActionMapping { command: 1, attribute: "powerState".into(), value: json!(true) },
        ActionMapping { command: 0, attribute: "powerState".into(), value: json!(false) },
    ];
    hall.units.push(UnitMapping {
        unit: "2/0x0402".into(),
        name: "temperature".into(),
        unit_as: temperature_class(),
        points: vec![PointMapping { point: 0, attribute: "currentTemperature".into(), scale: 0.01 }],
        actions: vec![],
    });
    mapping
}

const TEMPERATURE_QUERY: &str = "PREFIX saref: <https://saref.etsi.org/core/>
PREFIX ex: <http://example.org/building#>
SELECT ?d WHERE { ?d saref:measuresProperty ex:temperature }";

fn attribute(lab: &mut Interworking, path: &str, name: &str) -> Option<Value> {
    let response = lab.app_retrieve(path);
    assert_eq!(response.rsc.code(), 2000, "{path}: {:?}", response.debug_message());
    response.attribute(name).cloned()
}

fn check(id: &str, lab: &Interworking, query: &str) -> interworking_lab::exercises::Work {
    let _ = exercise(id).expect("known");
    Work { lab: lab.clone(), query: query.into() }
}

#[test]
fn the_naive_mapping_registers_everything_and_fails_every_exercise() {
    let lab = lab(Mapping::naive());
    assert!(lab.ipe.is_some());
    assert_eq!(lab.registered.len(), 2);
    assert!(lab.cse.resolve_address("cse-in/roof-01/3303-0").is_some(), "the container");
    assert!(lab.cse.resolve_address("cse-in/roof-01/light").is_some(), "the binary switch");
    assert!(lab.cse.resolve_address("cse-in/hall-light").is_some(), "the node");
    assert!(lab.cse.resolve_address("cse-in/interworking-ipe/hall-light-switch").is_some());
    let work = Work { lab, query: TEMPERATURE_QUERY.into() };
    for exercise in EXERCISES {
        let outcome = (exercise.check)(&work);
        assert!(!outcome.passed, "{} passes on the naive mapping: {}", exercise.id, outcome.feedback);
    }
}

#[test]
fn a_sensor_change_reaches_the_resource_and_the_subscriber() {
    let mut lab = lab(solved());
    let path = "cse-in/roof-01/temperature";
    assert_eq!(attribute(&mut lab, path, "currentTemperature"), Some(json!(21.5)));
    assert_eq!(attribute(&mut lab, path, "unit"), Some(json!("Cel")));
    assert_eq!(lab.app_subscribe(path).rsc.code(), 2001);
    lab.sense("roof-01", "3303/0", json!(23.0));
    assert_eq!(attribute(&mut lab, path, "currentTemperature"), Some(json!(23.0)));
    let last = lab.app_notifications.last().expect("the dashboard is notified").to_string();
    assert!(last.contains("23.0") || last.contains("23"), "{last}");
    // Matter's hundredths of a degree arrive in degrees
    lab.sense("hall-light", "2/0x0402", json!(2275));
    assert_eq!(
        attribute(&mut lab, "cse-in/interworking-ipe/hall-light-temperature", "currentTemperature"),
        Some(json!(22.75))
    );
}

#[test]
fn an_update_drives_the_devices_and_a_refusal_is_put_back() {
    let mut naive = lab(Mapping::naive());
    // LwM2M 5850 is writable: the naive mapping already switches the roof light
    naive.app_update("cse-in/roof-01/light", "powerState", json!(true));
    assert_eq!(naive.device("roof-01").read("3311/0", 5850).expect("read"), json!(true));
    // Matter OnOff is read-only: the write is refused, and the IPE puts the real value back
    let switch = "cse-in/interworking-ipe/hall-light-switch";
    naive.app_update(switch, "powerState", json!(true));
    assert_eq!(naive.device("hall-light").read("1/0x0006", 0).expect("read"), json!(false));
    assert!(naive.log.iter().any(|e| e.failed && e.text.contains("UNSUPPORTED_WRITE")), "{:?}", naive.log);
    assert_eq!(attribute(&mut naive, switch, "powerState"), Some(json!(false)), "both sides agree again");

    let mut solved = lab(solved());
    solved.app_update(switch, "powerState", json!(true));
    assert_eq!(solved.device("hall-light").read("1/0x0006", 0).expect("read"), json!(true));
    // the device's own button: the resource follows
    solved.press_button("hall-light");
    assert_eq!(attribute(&mut solved, switch, "powerState"), Some(json!(false)));
}

#[test]
fn a_container_gets_a_content_instance_per_change() {
    let mut lab = lab(Mapping::naive());
    let before = lab.app_retrieve("cse-in/roof-01/3303-0").attribute("cni").cloned();
    lab.sense("roof-01", "3303/0", json!(25.0));
    let latest = lab.app_retrieve("cse-in/roof-01/3303-0/la");
    assert_eq!(latest.rsc.code(), 2000);
    assert_eq!(latest.attribute("con"), Some(&json!("{\"5700\":25.0}")));
    assert_ne!(lab.app_retrieve("cse-in/roof-01/3303-0").attribute("cni").cloned(), before);
}

#[test]
fn semantic_discovery_finds_interworked_devices_next_to_the_native_one() {
    let mut lab = lab(solved());
    let answer = lab.discover(TEMPERATURE_QUERY);
    assert_eq!(answer.rsc, 2000, "{:?}", answer.debug);
    let mut found: Vec<String> = answer.matches.iter().map(|m| lab.structured(m)).collect();
    found.sort();
    assert_eq!(found, ["cse-in/hall-light", "cse-in/hall-thermometer", "cse-in/roof-01"]);
    let interworked = lab.discover(
        "PREFIX base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#> SELECT ?d WHERE { ?d a base:InterworkedDevice }",
    );
    assert_eq!(interworked.matches.len(), 2);
    // with the naive mapping the Matter sensor is invisible
    let mut naive = self::lab(Mapping::naive());
    let answer = naive.discover(TEMPERATURE_QUERY);
    let found: Vec<String> = answer.matches.iter().map(|m| naive.structured(m)).collect();
    assert!(!found.iter().any(|f| f.contains("hall-light")), "{found:?}");
    assert_eq!(naive.discover("SELECT nonsense").rsc, 4000);
}

#[test]
fn the_solved_mapping_passes_every_exercise_and_the_mapping_round_trips() {
    let lab = lab(solved());
    for exercise in EXERCISES {
        let outcome = (exercise.check)(&check(exercise.id, &lab, TEMPERATURE_QUERY));
        assert!(outcome.passed, "{}: {}", exercise.id, outcome.feedback);
    }
    let text = lab.mapping.to_json();
    assert_eq!(Mapping::from_json(&text, &lab.devices).expect("import"), solved());
}

#[test]
fn each_fix_passes_its_own_exercise_only_when_it_is_right() {
    // a query on InterworkedDevice misses the native thermometer
    let lab = lab(solved());
    let narrow = "PREFIX base: <http://www.onem2m.org/ontology/Base_Ontology/base_ontology#> SELECT ?d WHERE { ?d a base:InterworkedDevice }";
    let outcome =
        (exercise("discover-temperature").expect("known").check)(&check("discover-temperature", &lab, narrow));
    assert!(!outcome.passed && outcome.feedback.contains("hall-thermometer"), "{}", outcome.feedback);
    // a Matter temperature mapped without its scale reads 2050 degrees
    let mut unscaled = solved();
    unscaled.devices[1].units[1].points[0].scale = 1.0;
    let mut lab = self::lab(unscaled);
    assert_eq!(
        attribute(&mut lab, "cse-in/interworking-ipe/hall-light-temperature", "currentTemperature"),
        Some(json!(2050))
    );
    // the actions swapped: On when false
    let mut swapped = solved();
    swapped.devices[1].units[0].actions[0].value = json!(false);
    swapped.devices[1].units[0].actions[1].value = json!(true);
    let work = Work { lab: self::lab(swapped), query: String::new() };
    assert!(!(exercise("switch-matter-light").expect("known").check)(&work).passed);
    // a container cannot carry actions
    let mut container = solved();
    container.devices[1].units[0].unit_as = UnitAs::Container;
    assert!(container.validate(&lab.devices).is_err());
}

#[test]
fn applying_a_new_mapping_replaces_the_old_resources() {
    let mut lab = lab(Mapping::naive());
    lab.apply_mapping(solved()).expect("valid");
    assert!(lab.cse.resolve_address("cse-in/roof-01/3303-0").is_none(), "the old container is gone");
    assert!(lab.cse.resolve_address("cse-in/roof-01/temperature").is_some());
    assert_eq!(lab.registered.len(), 2);
    // the old observations do not leak: a change of an unmapped point reports nothing
    let mut only_roof = solved();
    only_roof.devices.truncate(1);
    lab.apply_mapping(only_roof).expect("valid");
    assert!(lab.cse.resolve_address("cse-in/hall-light").is_none());
    let before = lab.log.len();
    lab.press_button("hall-light");
    assert!(!lab.log[before..].iter().any(|e| e.text.starts_with("Update")), "{:?}", &lab.log[before..]);
}

proptest::proptest! {
    #[test]
    fn any_measurement_reads_back_in_degrees(centi in -2000i64..6000, tenths in -300i64..600) {
        let mut lab = lab(solved());
        let degrees = tenths as f64 / 10.0;
        lab.sense("roof-01", "3303/0", json!(degrees));
        lab.sense("hall-light", "2/0x0402", json!(centi));
        let roof = attribute(&mut lab, "cse-in/roof-01/temperature", "currentTemperature").and_then(|v| v.as_f64());
        let hall = attribute(&mut lab, "cse-in/interworking-ipe/hall-light-temperature", "currentTemperature").and_then(|v| v.as_f64());
        proptest::prop_assert_eq!(roof, Some(degrees));
        proptest::prop_assert!(hall.is_some_and(|h| (h - centi as f64 / 100.0).abs() < 1e-9));
    }
}
