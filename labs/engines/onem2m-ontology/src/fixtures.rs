//! Fixture devices in Turtle, using SAREF core terms from the facts and `ex:`
//! (`http://example.org/home#`) for their own terms, as the book's Part III chapters do.
//!
//! Rooms are features of interest (`saref:FeatureOfInterest`) whose properties the devices
//! measure (`ex:room1 saref:hasProperty ex:room1Temperature`); the kinds of property
//! (`ex:Temperature`, `ex:Power`, `ex:Humidity`) are the examples' own subclasses of
//! `saref:Property`.

/// A kitchen smart plug: switching (actuating) and metering functions, two commands, a service.
pub const SMART_PLUG: &str = include_str!("../data/fixtures/smart-plug.ttl");
/// A thermostat in room 1: senses and controls the room's temperature.
pub const THERMOSTAT: &str = include_str!("../data/fixtures/thermostat.ttl");
/// A temperature sensor in room 1.
pub const TEMPERATURE_SENSOR: &str = include_str!("../data/fixtures/temperature-sensor.ttl");
/// A temperature sensor in room 2 (a distractor for "in room 1").
pub const TEMPERATURE_SENSOR_ROOM2: &str = include_str!("../data/fixtures/temperature-sensor-room2.ttl");
/// A humidity sensor in room 1 (a distractor for "measures temperature").
pub const HUMIDITY_SENSOR: &str = include_str!("../data/fixtures/humidity-sensor.ttl");

/// A fixture device: an identifier, a title, and its Turtle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixture {
    pub id: &'static str,
    pub title: &'static str,
    /// The IRI of the device it describes.
    pub device: &'static str,
    pub turtle: &'static str,
}

/// Every fixture device, in a stable order.
pub const FIXTURES: [Fixture; 5] = [
    Fixture {
        id: "smart-plug",
        title: "Kitchen smart plug",
        device: "http://example.org/home#plug1",
        turtle: SMART_PLUG,
    },
    Fixture {
        id: "thermostat",
        title: "Room 1 thermostat",
        device: "http://example.org/home#thermo1",
        turtle: THERMOSTAT,
    },
    Fixture {
        id: "temperature-sensor",
        title: "Room 1 temperature sensor",
        device: "http://example.org/home#tempSensor1",
        turtle: TEMPERATURE_SENSOR,
    },
    Fixture {
        id: "temperature-sensor-room2",
        title: "Room 2 temperature sensor",
        device: "http://example.org/home#tempSensor2",
        turtle: TEMPERATURE_SENSOR_ROOM2,
    },
    Fixture {
        id: "humidity-sensor",
        title: "Room 1 humidity sensor",
        device: "http://example.org/home#humSensor1",
        turtle: HUMIDITY_SENSOR,
    },
];

/// The reference discovery query of the lab: all devices in room 1 that measure temperature.
pub const ROOM1_TEMPERATURE_QUERY: &str = "\
PREFIX rdfs:  <http://www.w3.org/2000/01/rdf-schema#>
PREFIX saref: <https://saref.etsi.org/core/>
PREFIX ex:    <http://example.org/home#>

SELECT ?device WHERE {
  ?device a/rdfs:subClassOf* saref:Device ;
          saref:measuresProperty ?property .
  ?property a/rdfs:subClassOf* ex:Temperature .
  ex:room1 saref:hasProperty ?property .
}";

pub fn fixture(id: &str) -> Option<&'static Fixture> {
    FIXTURES.iter().find(|f| f.id == id)
}
