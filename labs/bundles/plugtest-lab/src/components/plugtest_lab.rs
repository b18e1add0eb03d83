//! The plugtest lab's root: owns the reducer, keeps progress with the kit's `use_saved_progress`,
//! sends the URL target's requests in an effect, and lays out the run controls, the results, the
//! test being viewed, the editor, the defect finder and the export bar.

use lab_catalog::storage_keys::PLUGTEST_LAB_PROGRESS;
use lab_kit::{ExercisePanel, ExportImportBar, NoticeBanner, choices, next_widget_id, use_saved_progress};
use plugtest::{RunReport, Verdict};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::sequence::SequenceView;
use crate::exercises::{EXERCISES, TEMPLATE_NEW, TEMPLATE_UPDATE_CIN};
use crate::model::{LabAction, LabState, PROGRESS_VERSION, SCOPE_OWN, SCOPE_SUITE};
use crate::work::Target;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct PlugtestLabProps {
    /// The exercise to start with (a lab directive option).
    pub exercise: Option<String>,
}

fn select_value(event: Event) -> String {
    event.target_unchecked_into::<HtmlSelectElement>().value()
}

fn input_value(event: Event) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

/// Offers `text` as a file named `name` of type `mime` (a download; nothing is sent anywhere).
fn download_text(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|window| window.document()).ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

fn verdict_class(verdict: Option<Verdict>) -> &'static str {
    match verdict {
        Some(Verdict::Pass) => "verdict pass",
        Some(Verdict::Fail) => "verdict fail",
        Some(Verdict::Inconclusive) => "verdict inconclusive",
        None => "verdict none",
    }
}

#[function_component(PlugtestLab)]
pub fn plugtest_lab(props: &PlugtestLabProps) -> Html {
    let lab = use_reducer(|| LabState::new(props.exercise.as_deref()));
    let id = *use_memo((), |_| next_widget_id());
    let choices = use_memo((), |_| choices(EXERCISES));
    let suite = use_memo((), |_| plugtest::book_suite());
    let on_action = {
        let lab = lab.clone();
        Callback::from(move |action| lab.dispatch(action))
    };
    use_saved_progress(PLUGTEST_LAB_PROGRESS, PROGRESS_VERSION, lab.to_save(), {
        let lab = lab.clone();
        Callback::from(move |loaded| lab.dispatch(LabAction::Restore(Box::new(loaded))))
    });
    // the URL target: send the outgoing request, hand the answer back
    let outgoing = lab.session.as_ref().and_then(|session| {
        session.outgoing.clone().map(|request| (session.exchange, session.origin.clone(), request))
    });
    {
        let on_action = on_action.clone();
        use_effect_with(outgoing.as_ref().map(|(exchange, _, _)| *exchange), move |_| {
            if let Some((exchange, origin, request)) = outgoing {
                wasm_bindgen_futures::spawn_local(async move {
                    let started = js_sys::Date::now();
                    let result = super::remote::send(&origin, &request).await;
                    let elapsed = (js_sys::Date::now() - started).max(0.0).round();
                    // a whole number of milliseconds that fits (a fetch does not take 2^53 ms)
                    let elapsed_ms = format!("{elapsed:.0}").parse::<u64>().unwrap_or(0);
                    on_action.emit(LabAction::RemoteAnswer(exchange, result, elapsed_ms));
                });
            }
        });
    }
    let target_id = format!("plugtest-target-{id}");
    let url_id = format!("plugtest-url-{id}");
    let url_error_id = format!("plugtest-url-error-{id}");
    let scope_id = format!("plugtest-scope-{id}");
    let editor_id = format!("plugtest-description-{id}");
    let editor_error_id = format!("plugtest-description-error-{id}");
    let point_test_id = format!("plugtest-point-test-{id}");
    let point_step_id = format!("plugtest-point-step-{id}");
    let point_error_id = format!("plugtest-point-error-{id}");
    let predict_id = format!("plugtest-predict-{id}");
    let waiting = lab.session.as_ref().is_some_and(|session| session.outgoing.is_some());
    let finished = lab.session.as_ref().is_some_and(|session| session.runner.is_finished());
    let status = match &lab.session {
        None => "No run yet: choose what to run and against which CSE.".to_owned(),
        Some(session) if session.runner.is_finished() => {
            let report = RunReport::new(session.target.label(), session.runner.results());
            format!(
                "Finished against {}: {} passed, {} failed, {} inconclusive.",
                session.target.label(),
                report.totals.pass,
                report.totals.fail,
                report.totals.inconclusive
            )
        }
        Some(_) if waiting => "Waiting for the CSE's answer…".to_owned(),
        Some(session) => match session.runner.position() {
            Some((test, step)) => {
                format!("Next: {} step {step}.", session.runner.tests().get(test).map_or("", |test| test.id.as_str()))
            }
            None => String::new(),
        },
    };
    let report = lab.session.as_ref().map(|session| {
        let target = match session.target {
            Target::Url => lab.work.url.clone(),
            other => other.label().to_owned(),
        };
        RunReport::new(&target, session.runner.results())
    });
    let on_report = |json: bool| {
        let (report, on_action) = (report.clone(), on_action.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(report) = &report else { return };
            let outcome = if json {
                download_text("plugtest-report.json", "application/json", &report.to_json())
            } else {
                download_text("plugtest-report.md", "text/markdown", &report.to_markdown())
            };
            if let Err(error) = outcome {
                on_action.emit(LabAction::Refuse(format!("The export failed: {}", lab_storage::js_error_text(&error))));
            }
        })
    };
    let on_export = {
        let lab = lab.clone();
        Callback::from(move |()| lab.work.export_json())
    };
    let on_description = on_action.reform(|event: InputEvent| {
        LabAction::SetDescription(event.target_unchecked_into::<HtmlTextAreaElement>().value())
    });
    html! {
        <div class="plugtest-lab">
            <h3 class="lab-title">{ "Plugtest lab: run the test descriptions" }</h3>
            <p class="intro">
                { "The book's test descriptions, run step by step by the same runner as `cargo xtask plugtest`. Against the CSE in this page nothing is sent anywhere; against a CSE at a URL, the page sends each request there (the workshop server allows it when started with --cors-origin and this page's origin)." }
            </p>
            <NoticeBanner notice={lab.notice.clone()} on_dismiss={on_action.reform(|()| LabAction::Dismiss)} />
            <ExercisePanel
                class="plugtest-exercises"
                select_id={format!("plugtest-exercise-{id}")}
                free_choice="Free play (no exercise)"
                exercises={(*choices).clone()}
                open={lab.exercise().map(|exercise| exercise.open())}
                hints_shown={lab.tracker.hints_shown()}
                completed={std::rc::Rc::new(lab.tracker.completed().clone())}
                outcome={lab.tracker.outcome().cloned()}
                remember_done=true
                on_choose={on_action.reform(LabAction::StartExercise)}
                on_hint={on_action.reform(|()| LabAction::ShowHint)}
                on_reset={on_action.reform(|()| LabAction::ResetExercise)}
            />
            <section class="plugtest-run" aria-label="Run">
                <h4>{ "1. Run" }</h4>
                <div class="row">
                    <label for={scope_id.clone()}>{ "What to run" }</label>
                    <select id={scope_id} class="scope" onchange={on_action.reform(|event: Event| LabAction::SetScope(select_value(event)))}>
                        <option value={SCOPE_SUITE} selected={lab.scope == SCOPE_SUITE}>{ "The whole suite" }</option>
                        <option value={SCOPE_OWN} selected={lab.scope == SCOPE_OWN}>{ "Your description (with what it depends on)" }</option>
                        { for suite.iter().map(|test| html! {
                            <option value={test.id.clone()} selected={lab.scope == test.id}>{ format!("{}: {}", test.id, test.title) }</option>
                        }) }
                    </select>
                </div>
                <div class="row">
                    <label for={target_id.clone()}>{ "Against" }</label>
                    <select id={target_id} class="target" onchange={on_action.reform(|event: Event| LabAction::SetTarget(select_value(event)))}>
                        { for [Target::Page, Target::Faulty, Target::Url].into_iter().map(|target| html! {
                            <option value={target.key()} selected={lab.target == target}>{ target.label() }</option>
                        }) }
                    </select>
                </div>
                if lab.target == Target::Url {
                    <div class="row">
                        <label for={url_id.clone()}>{ "CSEBase URL" }</label>
                        <input id={url_id} class="url" type="url" value={lab.work.url.clone()}
                            onchange={on_action.reform(|event: Event| LabAction::SetUrl(input_value(event)))}
                            aria-invalid={lab.url_error.is_some().then_some("true")}
                            aria-describedby={lab.url_error.is_some().then(|| url_error_id.clone())} />
                    </div>
                    if let Some(error) = &lab.url_error {
                        <p id={url_error_id} class="field-error" role="alert">{ error }</p>
                    }
                    <p class="note">{ "Start the workshop server with --cors-origin set to this page's origin (scheme, host and port), e.g. cargo xtask workshop, then workshop-server --cors-origin http://127.0.0.1:3000. Tests that need a notification receiver are inconclusive from a page: the page cannot receive the CSE's notifications; run them with cargo xtask plugtest." }</p>
                }
                <div class="buttons">
                    <button type="button" class="start" onclick={on_action.reform(|_| LabAction::Start)}>{ "Start afresh" }</button>
                    <button type="button" class="step" disabled={waiting} onclick={on_action.reform(|_| LabAction::Step)}>{ if finished { "Step (starts afresh)" } else { "Step" } }</button>
                    <button type="button" class="run-all" disabled={waiting} onclick={on_action.reform(|_| LabAction::RunAll)}>{ "Run to the end" }</button>
                </div>
                <p class="run-status" role="status" aria-live="polite">{ status }</p>
                if let Some(session) = &lab.session {
                    <div class="table-scroll">
                    <table class="plugtest-results">
                        <caption>{ "Results: a test's verdict is the worst of its steps' (fail over inconclusive over pass)" }</caption>
                        <thead><tr><th scope="col">{ "Test" }</th><th scope="col">{ "PRO" }</th><th scope="col">{ "IOP" }</th><th scope="col">{ "Verdict" }</th><th scope="col">{ "Reason" }</th></tr></thead>
                        <tbody>
                            { for session.runner.results().iter().map(|result| {
                                let view = result.id.clone();
                                let current = lab.viewing.as_deref() == Some(result.id.as_str());
                                html! {
                                    <tr class={classes!("result", current.then_some("current"))} data-test={result.id.clone()}>
                                        <th scope="row">
                                            <button type="button" class="view" aria-pressed={current.to_string()} onclick={on_action.reform(move |_| LabAction::View(view.clone()))}>{ &result.id }</button>
                                        </th>
                                        <td class={verdict_class(result.pro)}>{ result.pro.map_or("-", Verdict::label) }</td>
                                        <td class={verdict_class(result.iop)}>{ result.iop.map_or("-", Verdict::label) }</td>
                                        <td class={verdict_class(result.verdict)}>{ result.verdict.map_or("", Verdict::label) }</td>
                                        <td class="reason">{ result.reason.clone().unwrap_or_default() }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                    </div>
                }
                if let Some((result, description)) = lab.viewed() {
                    <SequenceView result={result.clone()} description={description.clone()} />
                }
                if report.is_some() {
                    <div class="buttons">
                        <button type="button" class="report-md" onclick={on_report(false)}>{ "Report as Markdown" }</button>
                        <button type="button" class="report-json" onclick={on_report(true)}>{ "Report as JSON" }</button>
                    </div>
                }
            </section>
            <section class="plugtest-editor" aria-label="Your test description">
                <h4>{ "2. Your test description" }</h4>
                <p>{ "A test description in the book's format (TOML): id, title, purpose, references, configuration, pre-conditions, then the steps. Run it with 'Your description' above." }</p>
                <label for={editor_id.clone()}>{ "Description (TOML)" }</label>
                <textarea id={editor_id} class="description" rows="18" spellcheck="false" value={lab.work.description.clone()} oninput={on_description}
                    aria-invalid={lab.description_error.is_some().then_some("true")}
                    aria-describedby={lab.description_error.is_some().then(|| editor_error_id.clone())} />
                if let Some(error) = &lab.description_error {
                    <p id={editor_error_id} class="field-error" role="alert">{ error }</p>
                }
                <div class="buttons">
                    <button type="button" class="template-complete" onclick={on_action.reform(|_| LabAction::UseTemplate(TEMPLATE_UPDATE_CIN))}>{ "Start from TD_DAT_02 (exercise 1)" }</button>
                    <button type="button" class="template-new" onclick={on_action.reform(|_| LabAction::UseTemplate(TEMPLATE_NEW))}>{ "Start from the new-requirement template" }</button>
                </div>
                if let Some(run) = lab.work.current_own_run() {
                    <p class="own-run">{ format!("Last run of this text against {}: {}.", run.target.label(), run.verdict) }</p>
                }
            </section>
            <section class="plugtest-defect" aria-label="Find the defect">
                <h4>{ "3. Find the defect" }</h4>
                <div class="row">
                    <label for={predict_id.clone()}>{ "Before running against the faulty CSE, predict which test catches its defect" }</label>
                    <select id={predict_id} class="predict" onchange={on_action.reform(|event: Event| LabAction::Predict(select_value(event)))}>
                        <option value="" selected={lab.prediction.is_none()}>{ "(no prediction)" }</option>
                        { for suite.iter().map(|test| html! {
                            <option value={test.id.clone()} selected={lab.prediction.as_deref() == Some(test.id.as_str())}>{ test.id.clone() }</option>
                        }) }
                    </select>
                </div>
                if let (Some(prediction), Some(run)) = (&lab.prediction, lab.work.suite_run(Target::Faulty)) {
                    <p class="prediction-outcome">{
                        match run.verdicts.iter().find(|(id, _, _)| id == prediction) {
                            Some((_, Verdict::Fail, _)) => format!("Your prediction was right: {prediction} fails against the faulty CSE."),
                            Some((_, verdict, _)) => format!("Your prediction was not right: {prediction}'s verdict is {verdict}; look for the test that fails."),
                            None => format!("{prediction} did not run."),
                        }
                    }</p>
                }
                <div class="row">
                    <label for={point_test_id.clone()}>{ "The test" }</label>
                    <select id={point_test_id} class="point-test" onchange={on_action.reform(|event: Event| LabAction::SetPointTest(select_value(event)))}>
                        { for suite.iter().map(|test| html! {
                            <option value={test.id.clone()} selected={lab.point_test == test.id}>{ test.id.clone() }</option>
                        }) }
                    </select>
                    <label for={point_step_id.clone()}>{ "Step" }</label>
                    <input id={point_step_id} class="point-step" type="number" min="1" inputmode="numeric" value={lab.point_step.clone()}
                        onchange={on_action.reform(|event: Event| LabAction::SetPointStep(input_value(event)))}
                        aria-invalid={lab.point_error.is_some().then_some("true")}
                        aria-describedby={lab.point_error.is_some().then(|| point_error_id.clone())} />
                    <button type="button" class="point" onclick={on_action.reform(|_| LabAction::Point)}>{ "This step shows the defect" }</button>
                </div>
                if let Some(error) = &lab.point_error {
                    <p id={point_error_id} class="field-error" role="alert">{ error }</p>
                }
                if let Some((test, step)) = &lab.work.pointed {
                    <p class="pointed">{ format!("You point at {test}, step {step}.") }</p>
                }
            </section>
            <ExportImportBar
                input_id={format!("plugtest-import-{id}")}
                file_name="plugtest-work.json"
                export_label="Export your work (JSON)"
                import_label="Import work"
                on_export={on_export}
                on_import={on_action.reform(LabAction::Import)}
                on_error={on_action.reform(LabAction::Refuse)}
            />
        </div>
    }
}
