//! The class view without a server: a lecturer drops (or chooses) students' exported progress files, and the page
//! counts them per quiz question and lab exercise, as the workshop server's class view does (the same
//! `lab_catalog::class_view`). Every file is read in this browser; nothing is uploaded anywhere. A refused file is
//! named with its reason and changes nothing; the view can be downloaded as CSV.

use std::rc::Rc;

use lab_catalog::class_view::{
    self, ClassView, FileError, MAX_FILE_BYTES, NOT_RECORDED, OPEN_NOT_RECORDED, Participant, name_key,
};
use lab_kit::Notice;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::next_widget_id;

/// The name of the downloaded CSV file.
pub const CSV_FILE_NAME: &str = "class-view.csv";

#[derive(Debug, Clone, PartialEq, Eq, Default, Properties)]
pub struct ClassViewProps {}

/// A file counted, and whom it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedFile {
    pub file: String,
    pub participant: Participant,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClassViewState {
    pub counted: Vec<CountedFile>,
    /// Files refused, with the reason.
    pub refused: Vec<(String, String)>,
    pub view: ClassView,
    pub notice: Option<Notice>,
}

pub enum ClassViewAction {
    /// A file's text was read.
    Read {
        file: String,
        text: String,
    },
    /// A file could not be read (or is too large to try).
    Unreadable {
        file: String,
        reason: String,
    },
    /// Forget every file.
    Clear,
    CsvSaved,
    CsvFailed(String),
}

impl ClassViewState {
    fn count(&mut self, file: String, name: String, progress: class_view::StudentProgress) {
        // the same file chosen again replaces itself; another file under a name already counted is another student
        self.counted.retain(|counted| counted.file != file);
        let taken = |candidate: &str| {
            self.counted.iter().any(|counted| name_key(&counted.participant.name) == name_key(candidate))
        };
        let mut unique = name.clone();
        let mut n = 2;
        while taken(&unique) {
            unique = format!("{name} ({n})");
            n += 1;
        }
        self.counted.push(CountedFile { file, participant: Participant { name: unique, progress } });
        let participants: Vec<Participant> = self.counted.iter().map(|counted| counted.participant.clone()).collect();
        self.view = class_view::aggregate(&participants);
    }
}

impl Reducible for ClassViewState {
    type Action = ClassViewAction;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ClassViewAction::Read { file, text } => match class_view::read_dropped_file(&file, &text) {
                Ok((name, progress)) => {
                    next.refused.retain(|(refused, _)| *refused != file);
                    next.count(file, name, progress);
                }
                Err(error) => next.refused.push((file, error.to_string())),
            },
            ClassViewAction::Unreadable { file, reason } => next.refused.push((file, reason)),
            ClassViewAction::Clear => return Rc::new(ClassViewState::default()),
            ClassViewAction::CsvSaved => {
                next.notice =
                    Some(Notice { text: format!("Saved {CSV_FILE_NAME} (see your downloads)."), error: false });
            }
            ClassViewAction::CsvFailed(reason) => {
                next.notice = Some(Notice { text: format!("The CSV could not be saved: {reason}."), error: true });
            }
        }
        Rc::new(next)
    }
}

/// Reads every file of a list (chosen or dropped) in this browser and hands each text to `dispatch`.
fn read_files(files: Option<web_sys::FileList>, dispatch: &Callback<ClassViewAction>) {
    let Some(files) = files else { return };
    for index in 0..files.length() {
        let Some(file) = files.get(index) else { continue };
        let name = file.name();
        let size = file.size();
        if size > MAX_FILE_BYTES as f64 {
            let bytes = if size.is_finite() && size >= 0.0 { size as usize } else { usize::MAX };
            dispatch
                .emit(ClassViewAction::Unreadable { file: name, reason: FileError::TooLarge { bytes }.to_string() });
            continue;
        }
        let dispatch = dispatch.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => {
                    dispatch.emit(ClassViewAction::Read { file: name, text: text.as_string().unwrap_or_default() })
                }
                Err(error) => dispatch.emit(ClassViewAction::Unreadable {
                    file: name,
                    reason: format!("the file could not be read ({})", lab_storage::js_error_text(&error)),
                }),
            }
        });
    }
}

fn names(names: &[String]) -> String {
    if names.is_empty() { "nobody".to_owned() } else { names.join(", ") }
}

/// The callbacks of the view.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassViewCallbacks {
    pub on_choose: Callback<Event>,
    pub on_drop: Callback<DragEvent>,
    pub on_drag_over: Callback<DragEvent>,
    pub on_csv: Callback<MouseEvent>,
    pub on_clear: Callback<MouseEvent>,
}

fn question_table(view: &ClassView) -> Html {
    if view.questions.is_empty() {
        return html! { <p class="empty">{ "No quiz answers in these files." }</p> };
    }
    let rows = view.questions.iter().map(|row| {
        let wrong = match &row.common_wrong {
            Some(wrong) => format!("{} ({}×)", wrong.answer, wrong.count),
            None => "none".to_owned(),
        };
        html! {
            <tr>
                <th scope="row">{ row.label() }</th>
                <td class="n">{ row.checked }</td>
                <td class="n">{ row.correct }</td>
                <td>{ wrong }</td>
                <td class="stuck">{ names(&row.stuck) }</td>
            </tr>
        }
    });
    html! {
        <div class="table-scroll">
            <table class="class-questions">
                <thead><tr><th scope="col">{ "Question" }</th><th scope="col">{ "Answered" }</th><th scope="col">{ "Correct" }</th><th scope="col">{ "Most common wrong answer" }</th><th scope="col">{ "Stuck (answered wrong)" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

fn exercise_table(view: &ClassView) -> Html {
    if view.exercises.is_empty() {
        return html! { <p class="empty">{ "No lab progress in these files." }</p> };
    }
    let rows = view.exercises.iter().map(|row| {
        let stuck = match &row.stuck {
            Some(stuck) => html! { <td class="stuck">{ names(stuck) }</td> },
            None => html! { <td class="not-recorded">{ OPEN_NOT_RECORDED }</td> },
        };
        html! {
            <tr>
                <th scope="row">{ row.label() }</th>
                <td class="n">{ row.in_lab }</td>
                <td class="n">{ row.solved }</td>
                { stuck }
            </tr>
        }
    });
    html! {
        <>
            <p class="note">{ format!("Most common wrong answer: {NOT_RECORDED}.") }</p>
            <div class="table-scroll">
                <table class="class-exercises">
                    <thead><tr><th scope="col">{ "Exercise" }</th><th scope="col">{ "In the lab" }</th><th scope="col">{ "Solved" }</th><th scope="col">{ "Stuck (open, not solved)" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </>
    }
}

/// The widget as the state says (a plain function, so rendering tests can show any state).
pub fn view(state: &ClassViewState, id: u32, callbacks: &ClassViewCallbacks) -> Html {
    let heading_id = format!("class-view-heading-{id}");
    let input_id = format!("class-view-files-{id}");
    let view = &state.view;
    let count = state.counted.len();
    let summary = match count {
        0 => "No files counted yet.".to_owned(),
        1 => format!("1 file counted: {}.", view.participants.join(", ")),
        _ => format!("{count} files counted: {}.", view.participants.join(", ")),
    };
    let stuck = view.stuck_where();
    let (notice_text, notice_class) = match &state.notice {
        Some(notice) => (notice.text.clone(), if notice.error { "wrong" } else { "ok" }),
        None => (String::new(), ""),
    };
    html! {
        <section class="class-view" aria-labelledby={heading_id.clone()}>
            <h3 class="lab-title" id={heading_id}>{ "Class view" }</h3>
            <p class="privacy-note">
                { "The files are read in this browser only: nothing is uploaded anywhere. Each file is one student, \
                   named by its file name (or by the name in a hand-in copied from the workshop server)." }
            </p>
            <div class="drop-zone" ondragover={callbacks.on_drag_over.clone()} ondrop={callbacks.on_drop.clone()}>
                <p>{ "Drop students' progress files here, or " }
                    <label for={input_id.clone()}>{ "choose files" }</label>
                    <input id={input_id} type="file" multiple=true accept="application/json,.json" onchange={callbacks.on_choose.clone()} />
                </p>
            </div>
            <p class="count" role="status" aria-live="polite">{ summary }</p>
            if !state.refused.is_empty() {
                <div class="refused" role="alert">
                    <p>{ "Refused (nothing of these files was counted):" }</p>
                    <ul>
                        { for state.refused.iter().map(|(file, reason)| html! {
                            <li><span class="file">{ file.clone() }</span>{ ": " }<span class="reason">{ reason.clone() }</span></li>
                        }) }
                    </ul>
                </div>
            }
            if count > 0 {
                <h4>{ "Quiz questions" }</h4>
                { question_table(view) }
                <h4>{ "Lab exercises" }</h4>
                { exercise_table(view) }
                <h4>{ "Who is stuck where" }</h4>
                if stuck.is_empty() {
                    <p class="empty">{ "Nobody, as far as these files tell." }</p>
                } else {
                    <ul class="stuck-where">
                        { for stuck.iter().map(|(name, items)| html! {
                            <li><strong>{ name.clone() }</strong>{ ": " }{ items.join("; ") }</li>
                        }) }
                    </ul>
                }
                if !view.unread.is_empty() {
                    <h4>{ "Not counted" }</h4>
                    <ul class="not-counted">{ for view.unread.iter().map(|line| html! { <li>{ line.clone() }</li> }) }</ul>
                }
            }
            <div class="actions">
                <button type="button" class="download-csv" onclick={callbacks.on_csv.clone()} disabled={count == 0}>{ "Download as CSV" }</button>
                <button type="button" class="clear" onclick={callbacks.on_clear.clone()} disabled={count == 0 && state.refused.is_empty()}>{ "Forget these files" }</button>
            </div>
            <p class={classes!("message", "notice", notice_class)} role="status" aria-live="polite">{ notice_text }</p>
        </section>
    }
}

#[function_component(ClassViewWidget)]
pub fn class_view_widget(_props: &ClassViewProps) -> Html {
    let state = use_reducer(ClassViewState::default);
    let id = *use_memo((), |_| next_widget_id());
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: ClassViewAction| state.dispatch(action))
    };
    let on_choose = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            read_files(input.files(), &dispatch);
            input.set_value("");
        })
    };
    let on_drop = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            read_files(event.data_transfer().and_then(|transfer| transfer.files()), &dispatch);
        })
    };
    let on_drag_over = Callback::from(|event: DragEvent| event.prevent_default());
    let on_csv = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            match lab_storage::download_text(CSV_FILE_NAME, "text/csv", &state.view.to_csv()) {
                Ok(()) => state.dispatch(ClassViewAction::CsvSaved),
                Err(error) => state.dispatch(ClassViewAction::CsvFailed(lab_storage::js_error_text(&error))),
            }
        })
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(ClassViewAction::Clear))
    };
    view(&state, id, &ClassViewCallbacks { on_choose, on_drop, on_drag_over, on_csv, on_clear })
}

#[cfg(test)]
mod tests;
