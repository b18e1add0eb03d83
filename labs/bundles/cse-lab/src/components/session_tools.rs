//! Export and import a lab session as a JSON file (the kit's export/import bar), copy a share link that
//! reproduces it, start over.

use lab_kit::{ExportImportBar, Notice};
use yew::prelude::*;

use crate::model::{SESSION_VERSION, encode_share};
use crate::session::SessionRecord;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct SessionToolsProps {
    pub id: u32,
    /// The session as it would be exported or shared.
    pub record: SessionRecord,
    /// The text of a session file the reader chose.
    pub on_import: Callback<String>,
    /// A message for the lab's banner (an export or a file read failed).
    pub on_notice: Callback<Notice>,
    /// Back to free play with a fresh CSE.
    pub on_start_over: Callback<()>,
}

/// The page's address with the session in its fragment.
fn share_url(fragment: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!(
        "{}{}{}#cse-lab={fragment}",
        location.origin().ok()?,
        location.pathname().ok()?,
        location.search().unwrap_or_default()
    ))
}

#[function_component(SessionTools)]
pub fn session_tools(props: &SessionToolsProps) -> Html {
    let shared = use_state(String::new);
    let on_export = {
        let record = props.record.clone();
        Callback::from(move |()| lab_storage::encode(&record, SESSION_VERSION))
    };
    let on_share = {
        let record = props.record.clone();
        let shared = shared.clone();
        Callback::from(move |_: MouseEvent| {
            let url = share_url(&encode_share(&record)).unwrap_or_default();
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&url);
            }
            shared.set(url);
        })
    };
    let on_start_over = props.on_start_over.reform(|_: MouseEvent| ());
    let share_id = format!("cse-share-{}", props.id);
    html! {
        <section class="cse-session" aria-label="Lab session">
            <h4>{ "Session" }</h4>
            <ExportImportBar
                input_id={format!("cse-import-{}", props.id)}
                file_name="cse-lab-session.json"
                export_label="Export session (JSON)"
                import_label="Import session"
                on_export={on_export}
                on_import={props.on_import.clone()}
                on_error={props.on_notice.reform(Notice::error)}
            >
                <button type="button" class="share" onclick={on_share}>{ "Copy a share link" }</button>
                <button type="button" class="start-over" onclick={on_start_over}>{ "Start over (free play)" }</button>
            </ExportImportBar>
            if !shared.is_empty() {
                <div class="row">
                    <label for={share_id.clone()}>{ "Share link (copied to the clipboard when allowed)" }</label>
                    <input id={share_id} class="share-link" type="text" readonly=true value={(*shared).clone()} />
                </div>
            }
            <p class="privacy-note">{ "Your session stays in this browser (local storage) unless you export or share it." }</p>
        </section>
    }
}
