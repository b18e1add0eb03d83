//! Mode 2's results: the conformance table per category, the clause 4 reporting, the book's cross-walk of what
//! is not implemented, and the exports (ICS as CSV and Markdown, the whole assessment as JSON, and its import).

use lab_kit::ExportImportBar;
use yew::prelude::*;

use crate::assessment::{Answers, conformance, conforms, not_implemented, reporting};
use crate::model::LabAction;
use crate::provisions::CROSSWALK_SOURCE;
use crate::work::Work;

#[derive(Clone, PartialEq, Properties)]
pub struct ResultsPanelProps {
    pub id: u32,
    pub product: String,
    pub answers: Answers,
    /// The whole work, for the JSON export.
    pub work: Work,
    pub on_action: Callback<LabAction>,
}

#[function_component(ResultsPanel)]
pub fn results_panel(props: &ResultsPanelProps) -> Html {
    let answers = &props.answers;
    let table = conformance(answers);
    let reported = reporting(answers);
    let failed = not_implemented(answers);
    let download = |name: &'static str, mime: &'static str, text: String| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(error) = lab_storage::download_text(name, mime, &text) {
                on_action.emit(LabAction::Refuse(format!("The export failed: {}", lab_storage::js_error_text(&error))));
            }
        })
    };
    let on_export = {
        let work = props.work.clone();
        Callback::from(move |()| work.export_json())
    };
    html! {
        <section class="conformity-results" aria-label="Conformance">
            <h4>{ "Conformance per category" }</h4>
            <p class={classes!("overall", if conforms(answers) { "ok" } else { "pending" })} role="status">
                { if conforms(answers) { "The statement conforms: every applicable mandatory provision is implemented and every recommendation not implemented is justified." } else { "The statement does not conform yet (or is incomplete): see the verdicts below." } }
            </p>
            <div class="table-scroll" tabindex="0">
                <table class="conformance">
                    <thead><tr><th scope="col">{ "Category" }</th><th scope="col">{ "Mandatory implemented" }</th><th scope="col">{ "Recommendations reported" }</th><th scope="col">{ "Verdict" }</th></tr></thead>
                    <tbody>
                        { for table.iter().map(|row| html! {
                            <tr data-category={row.category.id}>
                                <th scope="row">{ format!("{} {}", row.category.id, row.category.title) }</th>
                                <td>{ format!("{} of {}", row.mandatory_implemented, row.mandatory_applicable) }</td>
                                <td>{ row.recommended_reported }</td>
                                <td class="verdict">{ row.verdict() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <h4>{ "Clause 4 reporting: recommendations not implemented or not applicable" }</h4>
            if reported.is_empty() {
                <p>{ "None so far." }</p>
            } else {
                <ul class="reporting">
                    { for reported.iter().map(|(provision, decision, why)| html! {
                        <li>{ format!("{} ({}), {}: {}", provision.id, provision.status(), decision.label(),
                            if why.trim().is_empty() { "no justification yet" } else { why.as_str() }) }</li>
                    }) }
                </ul>
            }
            <h4>{ "Cross-walk of what is not implemented" }</h4>
            <p class="source">{ CROSSWALK_SOURCE }</p>
            if failed.is_empty() {
                <p>{ "Nothing is marked not implemented." }</p>
            } else {
                <div class="table-scroll" tabindex="0">
                    <table class="crosswalk">
                        <thead><tr><th scope="col">{ "Provision" }</th><th scope="col">{ "CRA (book's mapping)" }</th><th scope="col">{ "EN 18031 (book's mapping)" }</th></tr></thead>
                        <tbody>
                            { for failed.iter().map(|provision| html! {
                                <tr data-provision={provision.id}>
                                    <th scope="row">{ format!("{} ({})", provision.id, provision.status()) }</th>
                                    <td>{ provision.cra }</td>
                                    <td>{ provision.en18031 }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            <h4>{ "Export or import" }</h4>
            <ExportImportBar
                input_id={format!("conformity-import-{}", props.id)}
                file_name="conformity-assessment.json"
                export_label="Export the assessment (JSON)"
                import_label="Import an assessment"
                on_export={on_export}
                on_import={props.on_action.reform(LabAction::Import)}
                on_error={props.on_action.reform(LabAction::Refuse)}
            >
                <button type="button" class="export-csv" onclick={download("ics.csv", "text/csv", crate::assessment::ics_csv(answers))}>{ "ICS as CSV" }</button>
                <button type="button" class="export-markdown" onclick={download("ics.md", "text/markdown", crate::assessment::ics_markdown(&props.product, answers))}>{ "ICS as Markdown" }</button>
            </ExportImportBar>
        </section>
    }
}
