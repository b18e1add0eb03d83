//! What the student builds and the lab keeps: the PKI (PEM), the predictions and what each run observed, the
//! enrolled device, the CSE's credential list and registrations, and the CSE itself (a snapshot). Exported as
//! JSON (and the predictions as Markdown for a report), imported back after checks that change nothing on failure.

use std::collections::BTreeMap;

use onem2m_cse::Cse;
use serde::{Deserialize, Serialize};

use crate::enrolment::{Bindings, DeviceRequest, Issued, Registration};
use crate::pki::Pki;
use crate::records::alert_name;
use crate::scenarios::{Aborts, Observation, PREDICTABLE_ALERTS, SCENARIOS, find_scenario};

/// The most registrations kept.
pub const MAX_REGISTRATIONS: usize = 20;

/// A student's prediction for a scenario: who aborts, and the alert the other side receives (0: none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prediction {
    pub aborts: Aborts,
    pub alert: u8,
}

impl Prediction {
    /// Whether the run showed what was predicted.
    pub fn matches(&self, observation: &Observation) -> bool {
        self.aborts == observation.aborts && self.alert == observation.alert
    }
}

/// The lab's work.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Work {
    #[serde(default)]
    pub pki: Option<Pki>,
    #[serde(default)]
    pub predictions: BTreeMap<String, Prediction>,
    #[serde(default)]
    pub observations: BTreeMap<String, Observation>,
    #[serde(default)]
    pub device: Option<DeviceRequest>,
    #[serde(default)]
    pub issued: Option<Issued>,
    #[serde(default)]
    pub bindings: Bindings,
    #[serde(default)]
    pub registrations: Vec<Registration>,
    /// The CSE's state (the engine's snapshot), once a device registered.
    #[serde(default)]
    pub cse_snapshot: Option<String>,
}

/// The exported file's format marker.
pub const EXPORT_FORMAT: &str = "iot-book/tls-lab";

#[derive(Serialize, Deserialize)]
struct Export {
    format: String,
    work: Work,
}

impl Work {
    /// Checks that the work is one this lab can use: known scenarios and alerts, a readable PKI, a readable CSE.
    pub fn check(&self) -> Result<(), String> {
        if let Some(pki) = &self.pki {
            pki.check().map_err(|reason| format!("its PKI does not read: {reason}"))?;
        }
        for (id, prediction) in &self.predictions {
            if find_scenario(id).is_none() {
                return Err(format!("it predicts an unknown scenario “{id}”"));
            }
            if !PREDICTABLE_ALERTS.contains(&prediction.alert) {
                return Err(format!(
                    "its prediction for {id} names alert {}, not one the lab offers",
                    prediction.alert
                ));
            }
        }
        if let Some(id) = self.observations.keys().find(|id| find_scenario(id).is_none()) {
            return Err(format!("it has a run of an unknown scenario “{id}”"));
        }
        if self.registrations.len() > MAX_REGISTRATIONS {
            return Err(format!("it has more than {MAX_REGISTRATIONS} registrations"));
        }
        if let Some(snapshot) = &self.cse_snapshot {
            Cse::restore(snapshot).map_err(|reason| format!("its CSE does not restore: {reason}"))?;
        }
        if (self.issued.is_some() || self.device.is_some()) && self.pki.is_none() {
            return Err("it has an enrolled device but no PKI".to_owned());
        }
        Ok(())
    }

    /// The work as a JSON file.
    pub fn export_json(&self) -> String {
        serde_json::to_string_pretty(&Export { format: EXPORT_FORMAT.to_owned(), work: self.clone() })
            .unwrap_or_default()
    }

    /// Reads an exported file; an error says why and nothing changes.
    pub fn import_json(text: &str) -> Result<Work, String> {
        let export: Export =
            serde_json::from_str(text).map_err(|reason| format!("the file is not a TLS lab export ({reason})"))?;
        if export.format != EXPORT_FORMAT {
            return Err(format!("the file is a “{}” export, not a TLS lab one", export.format));
        }
        export.work.check()?;
        Ok(export.work)
    }

    /// The predictions against what was observed, as a Markdown table for a report.
    pub fn predictions_markdown(&self) -> String {
        let describe = |aborts: Aborts, alert: u8| {
            if alert == 0 {
                aborts.label().to_owned()
            } else {
                format!("{}, {} ({alert})", aborts.label(), alert_name(alert))
            }
        };
        let mut text = String::from(
            "# TLS lab: predictions and observations\n\n| Scenario | Predicted | Observed | Right? |\n|---|---|---|---|\n",
        );
        for scenario in SCENARIOS.iter().filter(|scenario| scenario.predicted) {
            let predicted = self.predictions.get(scenario.id);
            let observed = self.observations.get(scenario.id);
            text.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                scenario.title,
                predicted.map_or("-".to_owned(), |prediction| describe(prediction.aborts, prediction.alert)),
                observed.map_or("not run".to_owned(), |observation| describe(observation.aborts, observation.alert)),
                match (predicted, observed) {
                    (Some(prediction), Some(observation)) if prediction.matches(observation) => "yes",
                    (Some(_), Some(_)) => "no",
                    _ => "-",
                }
            ));
        }
        text
    }
}
