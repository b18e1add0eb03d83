//! Export and import a lab session as a JSON file, copy a share link that reproduces it, start over.

use yew::prelude::*;

use crate::model::{ConsoleAction, ConsoleState, Notice, SESSION_VERSION, encode_share};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct SessionToolsProps {
    pub console: UseReducerHandle<ConsoleState>,
    pub id: u32,
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
    let console = props.console.clone();
    let shared = use_state(String::new);
    let on_export = {
        let console = console.clone();
        Callback::from(move |_| {
            let text = lab_storage::encode(&console.session.record, SESSION_VERSION);
            if let Err(error) = lab_storage::download_json("cse-lab-session.json", &text) {
                console.dispatch(ConsoleAction::Notify(Notice {
                    text: format!("The export failed: {}", lab_storage::js_error_text(&error)),
                    error: true,
                }));
            }
        })
    };
    let on_import = {
        let console = console.clone();
        Callback::from(move |event: Event| {
            let console = console.clone();
            lab_storage::read_chosen_file(&event, move |read| match read {
                Ok(text) => console.dispatch(ConsoleAction::Import(text)),
                Err(reason) => console.dispatch(ConsoleAction::Notify(Notice {
                    text: format!("The file could not be read: {reason}"),
                    error: true,
                })),
            });
        })
    };
    let on_share = {
        let console = console.clone();
        let shared = shared.clone();
        Callback::from(move |_| {
            let url = share_url(&encode_share(&console.session.record)).unwrap_or_default();
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&url);
            }
            shared.set(url);
        })
    };
    let on_start_over = {
        let console = console.clone();
        Callback::from(move |_| console.dispatch(ConsoleAction::StartExercise(String::new())))
    };
    let import_id = format!("cse-import-{}", props.id);
    let share_id = format!("cse-share-{}", props.id);
    html! {
        <section class="cse-session" aria-label="Lab session">
            <h4>{ "Session" }</h4>
            <div class="actions">
                <button type="button" class="export" onclick={on_export}>{ "Export session (JSON)" }</button>
                <label class="import" for={import_id.clone()}>{ "Import session" }</label>
                <input id={import_id} type="file" accept="application/json,.json" onchange={on_import} />
                <button type="button" class="share" onclick={on_share}>{ "Copy a share link" }</button>
                <button type="button" class="start-over" onclick={on_start_over}>{ "Start over (free play)" }</button>
            </div>
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
