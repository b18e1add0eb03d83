//! The message above a lab, with a button to dismiss it. Errors are alerts; other news is a polite status.

use yew::prelude::*;

use crate::notice::Notice;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct NoticeBannerProps {
    /// The message to show; nothing is rendered without one.
    pub notice: Option<Notice>,
    /// More classes for the banner (a lab's own styling).
    #[prop_or_default]
    pub class: Classes,
    pub on_dismiss: Callback<()>,
}

#[function_component(NoticeBanner)]
pub fn notice_banner(props: &NoticeBannerProps) -> Html {
    let Some(notice) = &props.notice else { return html! {} };
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let tone = if notice.error { "wrong" } else { "ok" };
    html! {
        <p class={classes!("message", "notice", tone, props.class.clone())} role={if notice.error { "alert" } else { "status" }}>
            { notice.text.clone() }
            { " " }
            <button type="button" class="dismiss" onclick={on_dismiss} aria-label="Dismiss this message">{ "×" }</button>
        </p>
    }
}
