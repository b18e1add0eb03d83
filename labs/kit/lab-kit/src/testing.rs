//! For the labs' rendering tests (feature `testing`): a component rendered to HTML natively, with Yew's server
//! renderer, and small readers of that HTML.

use yew::BaseComponent;

/// The HTML of component `C` with `props`, as the browser would first show it.
pub fn render<C: BaseComponent>(props: C::Properties) -> String {
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime for a test");
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, yew::LocalServerRenderer::<C>::with_props(props).render())
}

/// The opening tag of the element with this `id` (to check its attributes); fails the test showing the HTML.
pub fn tag_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no element {id} in {html}"));
    let start = html[..at].rfind('<').expect("a tag");
    let end = at + html[at..].find('>').expect("a tag end");
    &html[start..=end]
}
