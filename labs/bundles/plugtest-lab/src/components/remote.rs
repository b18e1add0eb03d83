//! Sends a request to a CSE at a URL with the browser's fetch (CORS), and reads the answer into a
//! [`WireResponse`]. The CSE must allow the book's origin (the workshop server: `--cors-origin`).

use plugtest::{WireRequest, WireResponse};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The headers the runner reads from a response (a CSE must expose them to the page).
const READ_HEADERS: &[&str] = &["X-M2M-RSC", "X-M2M-RI", "X-M2M-RVI", "Content-Location"];

fn text(error: JsValue) -> String {
    error
        .as_string()
        .or_else(|| js_sys::JSON::stringify(&error).ok().and_then(|text| text.as_string()))
        .unwrap_or_else(|| "the request failed".to_owned())
}

pub async fn send(origin: &str, request: &WireRequest) -> Result<WireResponse, String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method(&request.method);
    init.set_mode(web_sys::RequestMode::Cors);
    let headers = web_sys::Headers::new().map_err(text)?;
    for (name, value) in &request.headers {
        headers.set(name, value).map_err(text)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let url = format!("{origin}{}", request.path_and_query());
    let fetch_request = web_sys::Request::new_with_str_and_init(&url, &init).map_err(text)?;
    let answer = JsFuture::from(window.fetch_with_request(&fetch_request)).await.map_err(|error| {
        format!(
            "{} (is the CSE running, and does it allow this page's origin? The workshop server: --cors-origin)",
            text(error)
        )
    })?;
    let response: web_sys::Response = answer.dyn_into().map_err(|_| "not a response".to_owned())?;
    let mut read = Vec::new();
    for name in READ_HEADERS {
        if let Ok(Some(value)) = response.headers().get(name) {
            read.push(((*name).to_owned(), value));
        }
    }
    let body = JsFuture::from(response.text().map_err(text)?).await.map_err(text)?;
    Ok(WireResponse { status: response.status(), headers: read, body: body.as_string().unwrap_or_default() })
}
