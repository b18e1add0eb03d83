//! The lab kit: what every lab bundle shares, so a lab's own code is its domain and its views.
//!
//! - Free of UI and IO, tested natively: [`exercise`] (the one `Exercise`, `CheckOutcome` and the exercise
//!   tracker), [`saved`] (the save gate: nothing saved before progress is read and the reader acts; unreadable
//!   progress reported and replaced), [`notice`] (a message for the reader), [`shared`] (large state passed to
//!   views as data, compared by identity); option decoding is in `lab-catalog`.
//! - Views ([`components`]): the notice banner, the exercise panel, the export/import bar; each takes data and
//!   named `on_*` callbacks ([`dispatcher`] makes one from a reducer). Hooks ([`hooks`]): `use_saved_progress`. [`mount::mount_lab`] mounts a lab with
//!   its options checked against `lab-catalog`.
//!
//! A bundle compiles in only what it calls.

pub mod components;
pub mod dispatch;
pub mod exercise;
pub mod hooks;
pub mod mount;
pub mod notice;
pub mod saved;
pub mod shared;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use components::exercise_panel::{ExerciseChoice, ExercisePanel, ExercisePanelProps, OpenExercise};
pub use components::export_import_bar::{ExportImportBar, ExportImportBarProps};
pub use components::notice_banner::{NoticeBanner, NoticeBannerProps};
pub use dispatch::dispatcher;
pub use exercise::{CheckOutcome, CompletedExercises, Exercise, ExerciseTracker, choices, find_exercise};
pub use hooks::use_saved_progress::{use_save, use_saved_progress};
pub use mount::{decode_lab, mount_lab, render_lab};
pub use notice::Notice;
pub use saved::SaveGate;
pub use shared::Shared;

use yew::prelude::*;

/// Text written with `code` spans (goals, hints, explanations) as HTML, never trusted as markup: the text between
/// backticks becomes a `<code>` element and every other character stays text.
pub fn with_code_spans(text: &str) -> Html {
    let parts = text.split('`').enumerate().map(|(index, part)| {
        if index % 2 == 1 {
            html! { <code>{ part }</code> }
        } else {
            html! { { part } }
        }
    });
    html! { <>{ for parts }</> }
}

/// A number unique among the widgets a bundle mounts on a page, for element ids (`for`, `aria-describedby`...)
/// that must not clash when a page has two widgets of the same kind.
pub fn next_widget_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Properties, PartialEq)]
    struct TextProps {
        text: AttrValue,
    }

    #[function_component(Text)]
    fn text(props: &TextProps) -> Html {
        html! { <p>{ with_code_spans(&props.text) }</p> }
    }

    fn render(text: &str) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let props = TextProps { text: AttrValue::from(text.to_owned()) };
        runtime.block_on(yew::LocalServerRenderer::<Text>::with_props(props).render())
    }

    #[test]
    fn backticks_become_code_and_markup_stays_text() {
        let html = render("Set `acop` to 34, not <b>63</b>.");
        assert!(html.contains("Set <code>acop</code> to 34, not &lt;b&gt;63&lt;/b&gt;."), "{html}");
        assert!(!html.contains('`'), "{html}");
    }

    #[test]
    fn widget_ids_are_never_repeated() {
        let first = next_widget_id();
        let second = next_widget_id();
        assert_ne!(first, second);
    }
}
