//! "Hand in to this workshop", inside "Your progress": shown only when the page is served by the workshop server
//! (its pages carry the `x-iot-book-hand-in` header; a `HEAD` of the page finds it; on a static site there is no
//! header, and on `file://` nothing is asked). It says exactly what is sent, and sends it only when the reader
//! presses the button: the name they typed and the same progress file "Export my progress" saves.

use std::rc::Rc;

use lab_catalog::class_view::{self, HAND_IN_HEADER, MAX_NAME_CHARS};
use lab_kit::Notice;
use lab_storage::backup;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::next_widget_id;

#[derive(Debug, Clone, PartialEq, Eq, Properties)]
pub struct HandInProps {
    /// How many entries "Your progress" lists (what a hand-in carries).
    pub entries: usize,
}

/// Whether this page can hand in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Availability {
    /// Not asked yet.
    #[default]
    Unknown,
    /// Served by a workshop server that takes hand-ins at `path` of `origin`.
    Available { origin: String, path: String },
    /// A static site, `file://`, or no answer: no button.
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HandInState {
    pub availability: Availability,
    pub name: String,
    /// Why the name cannot be used, shown at the field.
    pub name_error: Option<String>,
    pub sending: bool,
    pub notice: Option<Notice>,
}

pub enum HandInAction {
    /// What the page's `HEAD` said: the hand-in path and the page's origin, or nothing.
    Detected(Option<(String, String)>),
    Name(String),
    /// The name was refused before anything was sent.
    NameRefused(String),
    Sending,
    /// The server's answer: its message, or why nothing was stored.
    Answered(Result<String, String>),
}

/// The hand-in address a page header names, if it is a path on this origin (never another site).
pub fn hand_in_path(header: Option<&str>) -> Option<String> {
    let path = header?.trim();
    (path.starts_with('/') && !path.starts_with("//") && !path.contains(['\\', ' '])).then(|| path.to_owned())
}

impl Reducible for HandInState {
    type Action = HandInAction;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            HandInAction::Detected(Some((path, origin))) => {
                next.availability = Availability::Available { origin, path }
            }
            HandInAction::Detected(None) => next.availability = Availability::Unavailable,
            HandInAction::Name(name) => {
                next.name = name;
                next.name_error = None;
            }
            HandInAction::NameRefused(why) => {
                next.name_error = Some(why);
                next.notice = None;
            }
            HandInAction::Sending => {
                next.sending = true;
                next.name_error = None;
                next.notice = None;
            }
            HandInAction::Answered(answer) => {
                next.sending = false;
                next.notice = Some(match answer {
                    Ok(message) => Notice { text: message, error: false },
                    Err(reason) => Notice { text: format!("Not handed in: {reason}"), error: true },
                });
            }
        }
        Rc::new(next)
    }
}

/// The page's own origin and whether it is worth asking (http or https only).
fn page_location() -> Option<(String, String)> {
    let location = web_sys::window()?.location();
    let protocol = location.protocol().ok()?;
    if protocol != "http:" && protocol != "https:" {
        return None;
    }
    Some((location.href().ok()?, location.origin().ok()?))
}

/// `HEAD` of the page itself: the workshop server's pages name where hand-ins go.
async fn detect() -> Option<(String, String)> {
    let (href, origin) = page_location()?;
    let init = web_sys::RequestInit::new();
    init.set_method("HEAD");
    init.set_cache(web_sys::RequestCache::NoStore);
    let window = web_sys::window()?;
    let answer = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(&href, &init)).await.ok()?;
    let response: web_sys::Response = answer.dyn_into().ok()?;
    let header = response.headers().get(HAND_IN_HEADER).ok().flatten();
    hand_in_path(header.as_deref()).map(|path| (path, origin))
}

/// POSTs the hand-in; the server's message, or why nothing was stored.
async fn send(path: String, body: String) -> Result<String, String> {
    let unreachable = |why: String| format!("the workshop server could not be reached ({why}); nothing was handed in.");
    let window = web_sys::window().ok_or_else(|| unreachable("no window".into()))?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&wasm_bindgen::JsValue::from_str(&body));
    let headers = web_sys::Headers::new().map_err(|error| unreachable(lab_storage::js_error_text(&error)))?;
    headers.set("Content-Type", "application/json").map_err(|error| unreachable(lab_storage::js_error_text(&error)))?;
    init.set_headers(&headers);
    let answer = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(&path, &init))
        .await
        .map_err(|error| unreachable(lab_storage::js_error_text(&error)))?;
    let response: web_sys::Response = answer.dyn_into().map_err(|_| unreachable("no response".into()))?;
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|text| text.as_string()),
        Err(_) => None,
    }
    .unwrap_or_default();
    let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let said = |field: &str| answer.get(field).and_then(serde_json::Value::as_str).map(str::to_owned);
    if response.ok() {
        Ok(said("message").unwrap_or_else(|| "Handed in.".to_owned()))
    } else {
        Err(said("reason").unwrap_or_else(|| format!("the server answered {status}; nothing was stored.")))
    }
}

/// The hand-in form, once the page is known to be served by the workshop server.
pub fn view(
    state: &HandInState,
    entries: usize,
    id: u32,
    on_name: Callback<InputEvent>,
    on_submit: Callback<SubmitEvent>,
) -> Html {
    let Availability::Available { origin, .. } = &state.availability else { return html! {} };
    let name_id = format!("hand-in-name-{id}");
    let error_id = format!("hand-in-name-error-{id}");
    let heading_id = format!("hand-in-heading-{id}");
    let what = if entries == 1 { "1 entry".to_owned() } else { format!("{entries} entries") };
    let (notice_text, notice_class) = match &state.notice {
        Some(notice) => (notice.text.clone(), if notice.error { "wrong" } else { "ok" }),
        None => (String::new(), ""),
    };
    html! {
        <form class="hand-in" aria-labelledby={heading_id.clone()} onsubmit={on_submit}>
            <h4 id={heading_id}>{ "Hand in to this workshop" }</h4>
            <p class="hand-in-what">
                { format!(
                    "This page is served by the workshop server at {origin}. Handing in sends it two things: the name \
                     you type below, and your progress file, the same JSON file \"Export my progress\" saves ({what}, \
                     everything listed above). The host sees them in the class view, with every other participant's. \
                     Nothing is sent until you press the button; handing in again under the same name replaces what \
                     you sent before."
                ) }
            </p>
            <label for={name_id.clone()}>{ "Your name, as the host will see it" }</label>
            <input
                id={name_id}
                type="text"
                class="hand-in-name"
                value={state.name.clone()}
                maxlength={MAX_NAME_CHARS.to_string()}
                autocomplete="nickname"
                aria-invalid={if state.name_error.is_some() { "true" } else { "false" }}
                aria-describedby={state.name_error.is_some().then(|| error_id.clone())}
                oninput={on_name}
            />
            if let Some(error) = &state.name_error {
                <p class="field-error message wrong" id={error_id}>{ error.clone() }</p>
            }
            <button type="submit" class="hand-in-send" disabled={state.sending || entries == 0}>
                { if state.sending { "Handing in…" } else { "Hand in my progress" } }
            </button>
            <p class={classes!("message", "hand-in-notice", notice_class)} role="status" aria-live="polite">{ notice_text }</p>
        </form>
    }
}

#[function_component(HandIn)]
pub fn hand_in(props: &HandInProps) -> Html {
    let state = use_reducer(HandInState::default);
    let id = *use_memo((), |_| next_widget_id());
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move { state.dispatch(HandInAction::Detected(detect().await)) });
        });
    }
    let on_name = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            state.dispatch(HandInAction::Name(input.value()));
        })
    };
    let on_submit = {
        let state = state.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Availability::Available { path, .. } = &state.availability else { return };
            let name = match class_view::check_name(&state.name) {
                Ok(name) => name,
                Err(error) => {
                    state.dispatch(HandInAction::NameRefused(error.to_string()));
                    return;
                }
            };
            let export = backup::encode_backup(&lab_storage::stored_entries());
            let progress: serde_json::Value = serde_json::from_str(&export.json).unwrap_or_default();
            let body = class_view::hand_in_document(&name, &progress, None).to_string();
            state.dispatch(HandInAction::Sending);
            let (state, path) = (state.clone(), path.clone());
            wasm_bindgen_futures::spawn_local(async move {
                state.dispatch(HandInAction::Answered(send(path, body).await));
            });
        })
    };
    view(&state, props.entries, id, on_name, on_submit)
}

#[cfg(test)]
mod tests;
