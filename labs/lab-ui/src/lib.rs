//! View helpers every lab bundle shares, without state or protocol logic (those live in the engines and in
//! each lab's reducer). A bundle compiles in only the helpers it calls.

#[cfg(feature = "testing")]
pub mod testing;

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
