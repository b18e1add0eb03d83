//! What the student can take away and bring back: the whole work (JSON, imported back with every part checked),
//! the SBOM (CycloneDX JSON), the VEX document (CycloneDX JSON and Markdown, the JSON imported back) and the
//! incident timeline (JSON and Markdown). Pure: the views download the text.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::cra_clock::{self, AWARE_AT, Duty, FIX_AVAILABLE_HOUR, Schedule};
use crate::crypto::from_hex;
use crate::firmware;
use crate::vulnerability::{self, VexStatus, advisory};
use crate::work::Work;

/// The `format` of an exported work file.
pub const FILE_FORMAT: &str = "update-lab-work";
/// Its version.
pub const FILE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct WorkFile {
    format: String,
    version: u32,
    work: Work,
}

/// The work as a JSON file.
pub fn work_json(work: &Work) -> String {
    let file = WorkFile { format: FILE_FORMAT.to_owned(), version: FILE_VERSION, work: work.clone() };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// What is wrong with a work read from a file or from storage (empty: nothing).
pub fn problems(work: &Work) -> Vec<String> {
    let mut problems = Vec::new();
    if from_hex::<32>(&work.vendor.seed).is_none() {
        problems.push("the vendor's seed is not 64 hex digits".to_owned());
    } else if work.device.root_public_key != work.vendor.root().public_hex() {
        problems.push("the device does not trust this vendor's root key".to_owned());
    }
    if !(1..=99).contains(&work.vendor.signing_serial) {
        problems.push("the signing key's serial is not between 1 and 99".to_owned());
    }
    if work.device.active_slot > 1 || work.device.running().is_none() {
        problems.push("the device has no running image".to_owned());
    }
    if onem2m_cse::Cse::restore(&work.cse_snapshot).is_err() {
        problems.push("the CSE's state is damaged".to_owned());
    }
    if let Some((id, _)) = work.vex.iter().find(|(id, _)| advisory(id).is_none()) {
        problems.push(format!("{id} is not one of the lab's advisories"));
    }
    if Duty::ALL.into_iter().any(|duty| work.schedule.get(duty).is_some_and(|hour| hour > MAX_HOUR)) {
        problems.push(format!("a report is scheduled after hour {MAX_HOUR}"));
    }
    problems
}

/// The latest hour the schedule accepts (the timeline's six weeks).
pub const MAX_HOUR: u32 = 1000;

/// The work from an exported file; a wrong or damaged file is explained and changes nothing.
pub fn import_work(text: &str) -> Result<Work, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| format!("the file is not valid JSON ({error})"))?;
    match value.get("format").and_then(Value::as_str) {
        Some(FILE_FORMAT) => {}
        Some(other) => return Err(format!("the file is a “{other}”, not a secure-update lab file")),
        None => return Err("the file has no “format”: it is not a secure-update lab file".to_owned()),
    }
    match value.get("version").and_then(Value::as_u64) {
        Some(version) if version == u64::from(FILE_VERSION) => {}
        Some(version) => return Err(format!("the file is version {version}; this lab reads version {FILE_VERSION}")),
        None => return Err("the file has no version number".to_owned()),
    }
    let file: WorkFile =
        serde_json::from_value(value).map_err(|error| format!("the work is incomplete or damaged ({error})"))?;
    let problems = problems(&file.work);
    if problems.is_empty() { Ok(file.work) } else { Err(problems.join("; ")) }
}

/// The SBOM of firmware 1.2.0 (the version under analysis), pretty JSON.
pub fn sbom_json() -> String {
    serde_json::to_string_pretty(&vulnerability::sbom(firmware::factory_image())).unwrap_or_default()
}

/// The SBOM of firmware 1.2.0 as a Markdown table (for a report).
pub fn sbom_markdown() -> String {
    let image = firmware::factory_image();
    let mut text = format!(
        "# SBOM: {} firmware {} (from the CycloneDX 1.6 document)\n\n| Component | Version | Supplier | Package URL | Vendor patch |\n|---|---|---|---|---|\n",
        image.class_id, image.version
    );
    for component in image.components {
        text.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            component.name,
            component.version,
            component.supplier,
            component.purl(),
            component.patch.unwrap_or("")
        ));
    }
    text
}

/// The VEX document, pretty JSON.
pub fn vex_json(work: &Work) -> String {
    serde_json::to_string_pretty(&vulnerability::vex(firmware::factory_image(), &work.vex)).unwrap_or_default()
}

/// The VEX decisions as a Markdown table.
pub fn vex_markdown(work: &Work) -> String {
    let image = firmware::factory_image();
    let mut text = format!(
        "# VEX: {} firmware {}\n\n| Advisory | Component | Status | Justification |\n|---|---|---|---|\n",
        image.class_id, image.version
    );
    for entry in vulnerability::ADVISORIES {
        let decided = work.vex.iter().find(|(id, _)| id == entry.id).map(|(_, status)| *status);
        let (status, justification) = match decided {
            None => ("undecided", String::new()),
            Some(VexStatus::Affected) => ("affected", String::new()),
            Some(VexStatus::Fixed) => ("fixed", String::new()),
            Some(VexStatus::NotAffected(justification)) => ("not affected", justification.key().to_owned()),
        };
        text.push_str(&format!("| {} | {} | {status} | {justification} |\n", entry.id, entry.component));
    }
    text
}

/// The VEX decisions from an imported CycloneDX VEX file.
pub fn import_vex(text: &str) -> Result<Vec<(String, VexStatus)>, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| format!("the file is not valid JSON ({error})"))?;
    vulnerability::decisions_from_vex(&value)
}

/// The incident timeline (JSON): the events and the student's reports with their checks.
pub fn timeline_json(work: &Work) -> String {
    let reports: Vec<Value> = cra_clock::check(&work.schedule)
        .into_iter()
        .map(|check| {
            json!({
                "duty": check.duty.key(),
                "hour": check.hour,
                "at": check.hour.map(cra_clock::at),
                "rule": check.duty.rule(),
                "deadline": check.duty.deadline_hour().map(cra_clock::at),
                "meets_deadline": check.ok,
            })
        })
        .collect();
    let value = json!({
        "vulnerability": "EXAMPLE-ADV-2026-0101",
        "product": format!("{} firmware 1.2.0", firmware::PLUG_CLASS),
        "aware": AWARE_AT,
        "corrective_measure_available": cra_clock::at(FIX_AVAILABLE_HOUR),
        "basis": "Cyber Resilience Act (EU) 2024/2847, Art. 14 (reporting obligations apply since 11 September 2026)",
        "reports": reports,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// The schedule read back from an exported incident timeline (JSON).
pub fn import_timeline(text: &str) -> Result<Schedule, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| format!("the file is not valid JSON ({error})"))?;
    let reports = value.get("reports").and_then(Value::as_array).ok_or("it has no \"reports\" list")?;
    let mut schedule = Schedule::default();
    for report in reports {
        let key = report.get("duty").and_then(Value::as_str).unwrap_or_default();
        let duty = Duty::ALL
            .into_iter()
            .find(|duty| duty.key() == key)
            .ok_or_else(|| format!("“{key}” is not a report the lab knows"))?;
        let hour = match report.get("hour") {
            None | Some(Value::Null) => None,
            Some(hour) => Some(
                hour.as_u64()
                    .and_then(|hour| u32::try_from(hour).ok())
                    .filter(|hour| *hour <= MAX_HOUR)
                    .ok_or_else(|| format!("the hour of {key} is not a whole number from 0 to {MAX_HOUR}"))?,
            ),
        };
        schedule.set(duty, hour);
    }
    Ok(schedule)
}

/// An imported document: a VEX file or an incident timeline, told apart by their shape.
pub enum Document {
    Vex(Vec<(String, VexStatus)>),
    Timeline(Schedule),
}

/// Reads a VEX file or an incident timeline exported by the lab.
pub fn import_document(text: &str) -> Result<Document, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| format!("the file is not valid JSON ({error})"))?;
    if value.get("reports").is_some() {
        import_timeline(text).map(Document::Timeline)
    } else if value.get("bomFormat").is_some() {
        vulnerability::decisions_from_vex(&value).map(Document::Vex)
    } else {
        Err("it is neither a VEX document (CycloneDX) nor an incident timeline from this lab".to_owned())
    }
}

/// The incident timeline as Markdown.
pub fn timeline_markdown(work: &Work) -> String {
    let mut text = format!(
        "# Incident timeline: EXAMPLE-ADV-2026-0101 in {} firmware 1.2.0\n\n- Aware of active exploitation: {}\n- Corrective measure (firmware 1.3.0) available: {}\n\n| Report | Planned | Rule (CRA Art. 14) | On time |\n|---|---|---|---|\n",
        firmware::PLUG_CLASS,
        cra_clock::at(0),
        cra_clock::at(FIX_AVAILABLE_HOUR)
    );
    for check in cra_clock::check(&work.schedule) {
        let planned = check.hour.map(cra_clock::at).unwrap_or_else(|| "not planned".to_owned());
        let ok = if check.ok { "yes" } else { "no" };
        text.push_str(&format!("| {} | {planned} | {} | {ok} |\n", check.duty.label(), check.duty.rule()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_work_round_trips_and_bad_files_are_explained() {
        let mut work = Work::new([3; 32]);
        work.ship("plug-1.3.0");
        work.decide("EXAMPLE-ADV-2026-0104", Some(VexStatus::Fixed));
        work.schedule(Duty::EarlyWarning, Some(5));
        work.predict(crate::attacks::Attack::LeakedKey, crate::device::UpdateResult::Installed);
        work.run_attack(crate::attacks::Attack::LeakedKey);
        work.rotate_signing_key();
        work.update_through_cse("plug-1.0.0");
        assert_eq!(import_work(&work_json(&work)), Ok(work.clone()), "predictions, runs, keys and the CSE come back");
        assert!(import_work("{").expect_err("not JSON").contains("not valid JSON"));
        assert!(import_work(r#"{"format": "cse-lab-session"}"#).expect_err("other").contains("cse-lab-session"));
        assert!(import_work(r#"{"format": "update-lab-work", "version": 9}"#).expect_err("version").contains("9"));
        let mut other_root = work.clone();
        other_root.device.root_public_key = Work::new([4; 32]).device.root_public_key;
        assert!(import_work(&work_json(&other_root)).expect_err("root").contains("root key"));
        let mut late = work.clone();
        late.schedule(Duty::FinalReport, Some(MAX_HOUR + 1));
        assert!(import_work(&work_json(&late)).is_err());
    }

    #[test]
    fn exports_say_what_was_decided_and_planned() {
        let mut work = Work::new([3; 32]);
        work.decide(
            "EXAMPLE-ADV-2026-0102",
            Some(VexStatus::NotAffected(crate::vulnerability::Justification::CodeNotReachable)),
        );
        assert!(
            vex_markdown(&work).contains("| EXAMPLE-ADV-2026-0102 | ember-tls | not affected | code_not_reachable |")
        );
        assert_eq!(import_vex(&vex_json(&work)), Ok(work.vex.clone()));
        assert!(import_vex("[]").is_err());
        work.schedule(Duty::Notification, Some(80));
        let markdown = timeline_markdown(&work);
        assert!(markdown.contains("| Vulnerability notification | Thu 5 Nov 2026 17:00 UTC (hour 80) |"), "{markdown}");
        assert!(markdown.contains("| no |"));
        let timeline: Value = serde_json::from_str(&timeline_json(&work)).expect("JSON");
        assert_eq!(timeline["reports"][1]["meets_deadline"], false);
        assert!(sbom_json().contains("\"bomFormat\": \"CycloneDX\""));
        assert!(sbom_markdown().contains(
            "| cjsonette | 1.7.3 | cjsonette authors | pkg:generic/cjsonette@1.7.3 | fix for EXAMPLE-ADV-2026-0103"
        ));
        assert_eq!(import_timeline(&timeline_json(&work)), Ok(work.schedule.clone()));
        assert!(matches!(import_document(&timeline_json(&work)), Ok(Document::Timeline(_))));
        assert!(matches!(import_document(&vex_json(&work)), Ok(Document::Vex(_))));
        assert!(import_document("{}").is_err());
        let late = timeline_json(&work).replace("\"hour\": 80", "\"hour\": 5000");
        assert!(import_timeline(&late).expect_err("too late").contains("notification"));
    }
}
