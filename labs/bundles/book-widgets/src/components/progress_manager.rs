//! "Your progress": what this browser keeps for the book (quiz answers, lab work), in plain words, with an export
//! to one JSON file, an import of such a file, a confirmed "forget everything", and, when the workshop server
//! serves the page, a hand-in of the same file (`hand_in.rs`). The file format and its
//! validation are `lab_storage::backup` (pure); storage, file reading and the download happen in effects and
//! callbacks here, and the reducer only records what they reported.

use std::collections::BTreeMap;
use std::rc::Rc;

use lab_catalog::storage_keys as keys;
use lab_storage::backup::{self, BACKUP_FILE_NAME, StoredEntries};
use lab_storage::{KEY_PREFIX, Loaded};
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::hand_in::HandIn;
use crate::components::next_widget_id;
use crate::components::quiz::{PROGRESS_VERSION as QUIZ_PROGRESS_VERSION, SavedQuiz};

#[derive(Debug, Clone, PartialEq, Eq, Default, Properties)]
pub struct ProgressManagerProps {
    /// The chapter of each quiz of the book (id -> chapter title), filled in by the build.
    #[prop_or_default]
    pub quiz_titles: Rc<BTreeMap<String, String>>,
}

/// One stored entry as the reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySummary {
    /// The full storage key.
    pub key: String,
    /// What it is, e.g. "Quiz: access-control" or "Privacy lab".
    pub label: String,
    /// What it holds, when that can be told, e.g. "5 of 7 answered correctly".
    pub detail: Option<String>,
    /// Whether the stored value can be read (an unreadable one is left out of exports).
    pub readable: bool,
}

/// A message about the last action.
pub use lab_kit::Notice;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProgressState {
    /// The chapter of each quiz (id -> title), to name quizzes as the reader knows them.
    pub quiz_titles: Rc<BTreeMap<String, String>>,
    /// What this browser holds, in key order.
    pub entries: Vec<EntrySummary>,
    /// Whether "Forget all progress" waits for its confirmation.
    pub confirming_forget: bool,
    pub notice: Option<Notice>,
}

pub enum ProgressAction {
    /// The entries read from storage (on opening, and after each change).
    Listed(StoredEntries),
    /// The file was downloaded with this many entries; the unreadable ones were left out.
    Exported {
        exported: usize,
        left_out: Vec<String>,
    },
    ExportFailed(String),
    /// A file was imported; `entries` is what storage holds afterwards.
    Imported {
        restored: usize,
        entries: StoredEntries,
    },
    /// A file was refused (nothing was written) or could not be stored.
    ImportFailed(String),
    AskForget,
    CancelForget,
    /// Everything was removed; `entries` is what storage still holds (nothing, unless the browser refused).
    Forgotten(StoredEntries),
}

/// "1 entry", "3 entries".
fn entries_text(count: usize) -> String {
    if count == 1 { "1 entry".to_owned() } else { format!("{count} entries") }
}

/// What a stored entry is, in plain words; a quiz is named by its chapter when `quiz_titles` knows it.
pub fn describe_entry(key: &str, text: &str, quiz_titles: &BTreeMap<String, String>) -> EntrySummary {
    let readable = backup::stored_value(text).is_some();
    let name = key.strip_prefix(KEY_PREFIX).unwrap_or(key);
    let (label, detail) = if let Some(quiz) = name.strip_prefix(keys::QUIZ_PREFIX) {
        let detail = match lab_storage::decode::<SavedQuiz>(text, QUIZ_PROGRESS_VERSION) {
            Loaded::Found(saved) => {
                let correct = saved.results.iter().filter(|result| **result == Some(true)).count();
                Some(format!("{correct} of {} answered correctly", saved.results.len()))
            }
            _ => None,
        };
        (format!("Quiz: {}", quiz_titles.get(quiz).map_or(quiz, String::as_str)), detail)
    } else if name == keys::CSE_LAB_PROGRESS {
        ("CSE lab".to_owned(), Some("exercise progress".to_owned()))
    } else if let Some(page) = name.strip_prefix(keys::CSE_LAB_SESSION_PREFIX) {
        let page = page.split('#').next().unwrap_or_default().trim_start_matches('/');
        (
            "CSE lab".to_owned(),
            Some(if page.is_empty() { "saved session".to_owned() } else { format!("saved session on {page}") }),
        )
    } else {
        (keys::lab_progress_name(name).unwrap_or(name).to_owned(), None)
    };
    let detail = if readable {
        detail
    } else {
        Some("unreadable; it is reset when its page opens, and left out of exports".to_owned())
    };
    EntrySummary { key: key.to_owned(), label, detail, readable }
}

fn summaries(entries: &StoredEntries, quiz_titles: &BTreeMap<String, String>) -> Vec<EntrySummary> {
    entries.iter().map(|(key, text)| describe_entry(key, text, quiz_titles)).collect()
}

impl Reducible for ProgressState {
    type Action = ProgressAction;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ProgressAction::Listed(entries) => next.entries = summaries(&entries, &next.quiz_titles),
            ProgressAction::Exported { exported, left_out } => {
                let mut text =
                    format!("Exported {} to {BACKUP_FILE_NAME} (see your downloads).", entries_text(exported));
                if !left_out.is_empty() {
                    let names: Vec<&str> =
                        left_out.iter().map(|key| key.strip_prefix(KEY_PREFIX).unwrap_or(key)).collect();
                    text.push_str(&format!(" Left out, because unreadable: {}.", names.join(", ")));
                }
                next.notice = Some(Notice { text, error: false });
            }
            ProgressAction::ExportFailed(reason) => {
                next.notice = Some(Notice { text: format!("The export failed: {reason}."), error: true });
            }
            ProgressAction::Imported { restored, entries } => {
                next.entries = summaries(&entries, &next.quiz_titles);
                next.confirming_forget = false;
                let text = if restored == 0 {
                    "The file holds no progress; nothing was changed.".to_owned()
                } else {
                    format!(
                        "Restored {} from the file. Reload any page with a lab or quiz that is open in another tab to see them.",
                        entries_text(restored)
                    )
                };
                next.notice = Some(Notice { text, error: false });
            }
            ProgressAction::ImportFailed(reason) => {
                next.notice = Some(Notice { text: format!("Could not import the file: {reason}"), error: true });
            }
            ProgressAction::AskForget => next.confirming_forget = true,
            ProgressAction::CancelForget => next.confirming_forget = false,
            ProgressAction::Forgotten(remaining) => {
                next.entries = summaries(&remaining, &next.quiz_titles);
                next.confirming_forget = false;
                next.notice = Some(if remaining.is_empty() {
                    Notice {
                        text: "All progress of this book in this browser is forgotten. Reload any page with a lab or quiz that is open in another tab."
                            .to_owned(),
                        error: false,
                    }
                } else {
                    Notice {
                        text: format!("The browser kept {}; try again.", entries_text(remaining.len())),
                        error: true,
                    }
                });
            }
        }
        Rc::new(next)
    }
}

/// The list of what is stored, one item per entry.
fn entry_list(entries: &[EntrySummary]) -> Html {
    let items = entries.iter().map(|entry| {
        html! {
            <li data-key={entry.key.clone()} class={classes!((!entry.readable).then_some("unreadable"))}>
                <span class="label">{ entry.label.clone() }</span>
                if let Some(detail) = &entry.detail {
                    { " — " }<span class="detail">{ detail.clone() }</span>
                }
            </li>
        }
    });
    html! { <ul class="entries">{ for items }</ul> }
}

fn focus(node: &NodeRef) {
    if let Some(element) = node.cast::<HtmlElement>() {
        let _ = element.focus();
    }
}

#[function_component(ProgressManager)]
pub fn progress_manager(props: &ProgressManagerProps) -> Html {
    let state = {
        let quiz_titles = Rc::clone(&props.quiz_titles);
        use_reducer(move || ProgressState { quiz_titles, ..ProgressState::default() })
    };
    let id = *use_memo((), |_| next_widget_id());
    let forget_button = use_node_ref();
    let cancel_button = use_node_ref();
    let notice_line = use_node_ref();

    {
        let state = state.clone();
        use_effect_with((), move |_| state.dispatch(ProgressAction::Listed(lab_storage::stored_entries())));
    }
    {
        // the confirmation takes the focus on its safe choice
        let cancel_button = cancel_button.clone();
        use_effect_with(state.confirming_forget, move |confirming| {
            if *confirming {
                focus(&cancel_button);
            }
        });
    }

    let on_export = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let backup = backup::encode_backup(&lab_storage::stored_entries());
            match lab_storage::download_json(BACKUP_FILE_NAME, &backup.json) {
                Ok(()) => {
                    state.dispatch(ProgressAction::Exported { exported: backup.exported, left_out: backup.left_out })
                }
                Err(error) => state.dispatch(ProgressAction::ExportFailed(lab_storage::js_error_text(&error))),
            }
        })
    };
    let on_import = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let state = state.clone();
            lab_storage::read_chosen_file(&event, move |read| {
                let text = match read {
                    Ok(text) => text,
                    Err(reason) => {
                        state.dispatch(ProgressAction::ImportFailed(format!(
                            "the file could not be read ({reason}). Nothing was changed."
                        )));
                        return;
                    }
                };
                match backup::restore_backup(&text, lab_storage::write_entries) {
                    Ok(restored) => {
                        state.dispatch(ProgressAction::Imported { restored, entries: lab_storage::stored_entries() })
                    }
                    Err(error) => {
                        state.dispatch(ProgressAction::Listed(lab_storage::stored_entries()));
                        state.dispatch(ProgressAction::ImportFailed(error.to_string()));
                    }
                }
            });
        })
    };
    let on_ask_forget = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(ProgressAction::AskForget))
    };
    let on_cancel_forget = {
        let state = state.clone();
        let forget_button = forget_button.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(ProgressAction::CancelForget);
            focus(&forget_button);
        })
    };
    let on_confirm_forget = {
        let state = state.clone();
        let notice_line = notice_line.clone();
        Callback::from(move |_: MouseEvent| {
            lab_storage::remove_all_entries();
            state.dispatch(ProgressAction::Forgotten(lab_storage::stored_entries()));
            focus(&notice_line);
        })
    };

    let heading_id = format!("progress-heading-{id}");
    let import_id = format!("progress-import-{id}");
    let confirm_id = format!("progress-confirm-{id}");
    let question_id = format!("progress-confirm-question-{id}");
    let nothing_stored = state.entries.is_empty();
    let (notice_text, notice_class) = match &state.notice {
        Some(notice) => (notice.text.clone(), if notice.error { "wrong" } else { "ok" }),
        None => (String::new(), ""),
    };

    html! {
        <section class="progress-manager" aria-labelledby={heading_id.clone()}>
            <h3 class="lab-title" id={heading_id}>{ "Your progress" }</h3>
            <p class="privacy-note">
                { "Your quiz answers and lab work are kept in this browser only (its local storage). Nothing leaves it \
                   unless you export it, or hand it in when this book is served by a workshop server: the file is yours \
                   to keep, to carry to another computer or to hand to a lecturer." }
            </p>
            if nothing_stored {
                <p class="empty">{ "This browser holds no progress for the book yet. Answer a quiz or work in a lab, and it is listed here." }</p>
            } else {
                <p class="count">{ format!("This browser holds {} for the book:", entries_text(state.entries.len())) }</p>
                { entry_list(&state.entries) }
            }
            <div class="actions">
                <button type="button" class="export" onclick={on_export} disabled={nothing_stored}>{ "Export my progress (JSON file)" }</button>
                <span class="import">
                    <label for={import_id.clone()}>{ "Import progress" }</label>
                    <input id={import_id} type="file" accept="application/json,.json" onchange={on_import} />
                </span>
                <button
                    type="button"
                    class="forget"
                    ref={forget_button}
                    onclick={on_ask_forget}
                    disabled={nothing_stored}
                    aria-expanded={if state.confirming_forget { "true" } else { "false" }}
                    aria-controls={state.confirming_forget.then(|| confirm_id.clone())}
                >
                    { "Forget all progress" }
                </button>
            </div>
            <HandIn entries={state.entries.iter().filter(|entry| entry.readable).count()} />
            <p class="import-note">{ "Importing replaces the entries the file holds and keeps the others; a file that cannot be read changes nothing." }</p>
            if state.confirming_forget {
                <div class="confirm-forget" id={confirm_id} role="group" aria-labelledby={question_id.clone()}>
                    <p id={question_id}>
                        { format!(
                            "Forget everything the book keeps in this browser ({})? This cannot be undone; export first to keep a copy.",
                            entries_text(state.entries.len())
                        ) }
                    </p>
                    <button type="button" class="confirm" onclick={on_confirm_forget}>{ "Yes, forget everything" }</button>
                    <button type="button" class="cancel" ref={cancel_button} onclick={on_cancel_forget}>{ "Cancel" }</button>
                </div>
            }
            <p class={classes!("message", "notice", notice_class)} role="status" aria-live="polite" tabindex="-1" ref={notice_line}>
                { notice_text }
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests;
