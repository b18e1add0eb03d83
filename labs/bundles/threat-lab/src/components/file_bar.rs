//! Exports and import: the model as JSON (the kit's export/import bar), the register as CSV and Markdown for a
//! report. Nothing is sent anywhere: exports are downloads, the import reads a chosen file.

use lab_kit::ExportImportBar;
use yew::prelude::*;

use crate::model::{LabAction, LabState};
use crate::register::{register_csv, register_markdown};
use crate::threat_dragon::threat_dragon_json;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct FileBarProps {
    pub lab: UseReducerHandle<LabState>,
    pub id: u32,
}

#[function_component(FileBar)]
pub fn file_bar(props: &FileBarProps) -> Html {
    let lab = props.lab.clone();
    let mode = lab.mode.code();
    let on_export = {
        let lab = lab.clone();
        Callback::from(move |()| lab.workspace().to_json())
    };
    let on_import = {
        let lab = lab.clone();
        Callback::from(move |text: String| lab.dispatch(LabAction::Import(text)))
    };
    let on_error = {
        let lab = lab.clone();
        Callback::from(move |reason: String| lab.dispatch(LabAction::FileFailed(reason)))
    };
    let download = |name: String, mime: &'static str, text: fn(&LabState) -> String| {
        let lab = lab.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(error) = lab_storage::download_text(&name, mime, &text(&lab)) {
                lab.dispatch(LabAction::FileFailed(format!(
                    "The export failed: {}",
                    lab_storage::js_error_text(&error)
                )));
            }
        })
    };
    let csv = download(format!("risk-register-{mode}.csv"), "text/csv", |lab| {
        let work = lab.workspace();
        register_csv(&work.diagram, &work.threats)
    });
    let markdown = download(format!("risk-register-{mode}.md"), "text/markdown", |lab| {
        let work = lab.workspace();
        register_markdown(&format!("Risk register ({})", lab.mode.label()), &work.diagram, &work.threats)
    });
    let threat_dragon = download(format!("threat-dragon-{mode}.json"), "application/json", |lab| {
        threat_dragon_json(lab.workspace(), &format!("IoT textbook: {}", lab.mode.label()))
    });
    html! {
        <section class="threat-files" aria-label="Export and import">
            <h4>{ "5. Export and import" }</h4>
            <ExportImportBar
                input_id={format!("threat-import-{}", props.id)}
                file_name={format!("threat-model-{mode}.json")}
                export_label="Export the model (JSON)"
                import_label="Import a model (JSON)"
                on_export={on_export}
                on_import={on_import}
                on_error={on_error}
            >
                <button type="button" class="export-csv" onclick={csv}>{ "Register as CSV" }</button>
                <button type="button" class="export-markdown" onclick={markdown}>{ "Register as Markdown" }</button>
                <button type="button" class="export-threat-dragon" onclick={threat_dragon}>{ "Model for OWASP Threat Dragon" }</button>
            </ExportImportBar>
        </section>
    }
}
