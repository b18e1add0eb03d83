//! Export what the reader built as a JSON file, and import such a file again, on the shared download and file
//! helpers of `lab-storage`. Nothing is sent anywhere: the export is a download, the import reads a chosen file.

use yew::prelude::*;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ExportImportBarProps {
    /// The id of the file field (unique on the page).
    pub input_id: AttrValue,
    /// The downloaded file's name, e.g. `cse-lab-session.json`.
    pub file_name: AttrValue,
    pub export_label: AttrValue,
    pub import_label: AttrValue,
    /// More buttons after the import field.
    #[prop_or_default]
    pub children: Html,
    /// The text to export, asked for when the reader exports.
    pub on_export: Callback<(), String>,
    /// The text of the file the reader chose.
    pub on_import: Callback<String>,
    /// Why an export or a file read failed, in words.
    pub on_error: Callback<String>,
}

#[function_component(ExportImportBar)]
pub fn export_import_bar(props: &ExportImportBarProps) -> Html {
    let on_export = {
        let (file_name, on_export, on_error) =
            (props.file_name.clone(), props.on_export.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(error) = lab_storage::download_json(&file_name, &on_export.emit(())) {
                on_error.emit(format!("The export failed: {}", lab_storage::js_error_text(&error)));
            }
        })
    };
    let on_import = {
        let (on_import, on_error) = (props.on_import.clone(), props.on_error.clone());
        Callback::from(move |event: Event| {
            let (on_import, on_error) = (on_import.clone(), on_error.clone());
            lab_storage::read_chosen_file(&event, move |read| match read {
                Ok(text) => on_import.emit(text),
                Err(reason) => on_error.emit(format!("The file could not be read: {reason}")),
            });
        })
    };
    html! {
        <div class="actions">
            <button type="button" class="export" onclick={on_export}>{ props.export_label.clone() }</button>
            <label class="import" for={props.input_id.clone()}>{ props.import_label.clone() }</label>
            <input id={props.input_id.clone()} type="file" accept="application/json,.json" onchange={on_import} />
            { props.children.clone() }
        </div>
    }
}
