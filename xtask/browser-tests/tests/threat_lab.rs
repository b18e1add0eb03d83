//! The threat-modelling lab in a real browser: a student triages the gateway's STRIDE threats and builds the
//! Mirai attack tree with clicks and keys (predicting the goal's difficulty first), reloads and finds the progress
//! kept, imports a bad model file and is told why, and finds a clear message and a working lab after the stored
//! progress is corrupted; the lab fits a 360 px screen, is edited from the keyboard and follows the dark theme.

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, find, pages_containing, sticking_out, stored_item,
    text_containing, text_eventually, type_into,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

const PROGRESS_KEY: &str = "iot-book/threat-lab/progress";
const ENTER: &str = "\u{E007}";

/// The security chapter, whose activity starts the lab on the gateway exercise.
fn lab_page(server: &SiteServer) -> String {
    let pages = pages_containing(&server.site, r#"data-lab="threat-lab""#);
    assert!(pages.len() >= 2, "the risk-analysis and privacy-risks chapters mount the lab: {pages:?}");
    pages.into_iter().find(|page| page.contains("risk-analysis")).expect("risk-analysis mounts the lab")
}

async fn open_lab(client: &Client) -> Element {
    find(client, ".threat-lab .threat-dfd svg").await;
    client.find(Locator::Css(".threat-lab")).await.expect("the lab")
}

/// The card of the threat of `category` on the gateway.
fn gateway_card(category: &str) -> String {
    format!("li.threat[data-target='gateway'][data-category='{category}']")
}

/// Chooses the option whose text is `label` in the `<select>` matching `css`.
async fn choose_label(scope: &Element, css: &str, label: &str) {
    let select = find(scope, css).await;
    select.select_by_label(label).await.unwrap_or_else(|error| panic!("choose {label} in {css}: {error}"));
}

/// Adds a node to the attack tree with the form, submitting it with Enter in the label field.
/// `parent`: the label of an AND or OR node, or `None` for the goal.
async fn add_node(lab: &Element, parent: Option<&str>, kind: &str, step: Option<&str>, cost: &str, label: &str) {
    let parents = "form.add-node select[id^='threat-node-parent-']";
    match parent {
        Some(parent) => choose_label(lab, parents, parent).await,
        None => find(lab, parents).await.select_by_index(0).await.expect("the goal"),
    }
    choose(lab, "form.add-node select[id^='threat-node-kind-']", kind).await;
    if let Some(step) = step {
        choose(lab, "form.add-node select[id^='threat-node-step-']", step).await;
    }
    choose(lab, "form.add-node select[id^='threat-node-cost-']", cost).await;
    type_into(lab, "form.add-node input[id^='threat-node-label-']", &format!("{label}{ENTER}")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_triages_the_gateway_builds_the_mirai_tree_and_keeps_the_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = lab_page(&server);
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&page)).await.expect("open the chapter");
    let lab = open_lab(client).await;

    // exercise 1 (the directive's): generate the STRIDE candidates and triage the gateway's six
    let check = text_eventually(&lab, ".threat-exercises .check", "Not yet").await;
    assert!(check.contains("has no Spoofing threat"), "{check}");
    click(client, &find(&lab, "button.hint").await).await;
    assert!(text_eventually(&lab, ".hints", "Generate").await.contains("Generate candidates"), "a hint is revealed");
    click(client, &find(&lab, "button.generate").await).await;
    text_containing(&lab, ".notice", "STRIDE candidates added").await;
    choose(&lab, "select.filter", "gateway").await;
    let check = text_eventually(&lab, ".threat-exercises .check", "6 to go").await;
    assert!(check.contains("still a candidate"), "{check}");
    for category in ["spoofing", "tampering", "information-disclosure", "denial-of-service", "elevation-of-privilege"] {
        let card = gateway_card(category);
        type_into(
            &lab,
            &format!("{card} .text-field.vulnerability input"),
            &format!("default password on every gateway{ENTER}"),
        )
        .await;
        click(client, &find(&lab, &format!("{card} button.accept")).await).await;
        text_eventually(&lab, &format!("{card} .status"), "accepted").await;
    }
    // a rejection needs a reason: an empty one is refused at the field, then a reason is typed and Enter pressed
    let card = gateway_card("repudiation");
    click(client, &find(&lab, &format!("{card} button.reject")).await).await;
    let error = text_containing(&lab, &format!("{card} .field-error"), "Say why").await;
    assert!(error.contains("reject"), "{error}");
    let invalid = find(&lab, &format!("{card} input.reason")).await.attr("aria-invalid").await.expect("attribute");
    assert_eq!(invalid.as_deref(), Some("true"), "the reason field is marked");
    type_into(&lab, &format!("{card} input.reason"), &format!("the gateway keeps no log anyone could deny{ENTER}"))
        .await;
    let check = text_eventually(&lab, ".threat-exercises .check", "Done").await;
    assert!(check.contains("risk R1"), "{check}");
    assert!(text_eventually(&lab, ".threat-exercises h4", "1 of 8").await.contains("1 of 8 done"));

    // exercise 6: the Mirai-style takeover, predicted before it is revealed
    choose(&lab, "select.exercise", "mirai-tree").await;
    text_containing(&lab, ".threat-exercises .check", "0 ways in").await;
    add_node(&lab, None, "and", None, "1", "Mirai").await;
    text_containing(&lab, ".threat-exercises .check", "1 way in").await;
    add_node(&lab, Some("Mirai"), "step", Some("scan-telnet"), "1", "").await;
    add_node(&lab, Some("Mirai"), "step", Some("default-password"), "1", "").await;
    add_node(&lab, None, "step", Some("unpatched-flaw"), "1", "").await;
    add_node(&lab, None, "step", Some("phish-admin"), "2", "").await;
    let check = text_eventually(&lab, ".threat-exercises .check", "as cheap").await;
    assert!(check.contains("as cheap as the default password"), "a flaw as easy as Mirai: {check}");
    assert!(lab.find(Locator::Css(".path-mark")).await.is_err(), "no cheapest path before a prediction");
    choose(&lab, "select[id^='threat-prediction-']", "3").await;
    click(client, &find(&lab, "button.reveal").await).await;
    let revealed = text_containing(&lab, ".tree-cost", "not what you predicted").await;
    assert!(revealed.contains("easy") && revealed.contains("you said hard"), "{revealed}");
    // the unpatched flaw is harder than that: make it hard
    let flaw = find(&lab, ".tree-node select.cost[aria-label*='unpatched']").await;
    flaw.select_by_value("3").await.expect("a harder flaw");
    let check = text_eventually(&lab, ".threat-exercises .check", "Done").await;
    assert!(check.contains("5.1-1"), "{check}");
    assert!(lab.find(Locator::Css(".tree-cost")).await.is_err(), "an edit hides the cost until predicted again");
    assert!(text_eventually(&lab, ".threat-exercises h4", "2 of 8").await.contains("2 of 8 done"));

    // progress, the open exercise and the model survive a reload
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    assert!(text_eventually(&lab, ".threat-exercises h4", "2 of 8").await.contains("2 of 8 done"), "progress kept");
    assert!(text_eventually(&lab, ".threat-exercises .check", "Done").await.contains("5.1-1"), "the tree was kept");
    assert!(lab.find(Locator::Css(&gateway_card("spoofing"))).await.is_ok(), "the register was kept");

    // a bad model file changes nothing and says why
    let folder = std::env::temp_dir().join(format!("threat-lab-browser-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a temporary folder");
    let bad = folder.join("not-a-model.json");
    std::fs::write(&bad, r#"{"format": "iot-book-threat-model", "version": 1, "mode": "security"}"#).expect("write");
    let input = lab.find(Locator::Css("input[type='file']")).await.expect("the file input");
    input.send_keys(&bad.display().to_string()).await.expect("choose the file");
    let notice = text_containing(&lab, ".notice", "Nothing was imported").await;
    assert!(notice.contains("not valid"), "{notice}");
    assert!(
        text_eventually(&lab, ".threat-exercises .check", "Done").await.contains("5.1-1"),
        "the model is unchanged"
    );
    std::fs::remove_dir_all(&folder).ok();

    // corrupt the stored progress: a clear message, and a lab that works
    client
        .execute(&format!("localStorage.setItem('{PROGRESS_KEY}', '{{corrupt'); return true;"), vec![])
        .await
        .expect("corrupt storage");
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    let notice = text_eventually(&lab, ".notice", "could not be read").await;
    assert!(notice.contains("could not be read") && notice.contains("starts afresh"), "{notice}");
    assert!(text_eventually(&lab, ".threat-exercises h4", "0 of 8").await.contains("0 of 8 done"));
    click(client, &find(&lab, "button.generate").await).await;
    text_eventually(&lab, ".threat-register .counts", "46 to review").await;
    click(client, &find(&lab, "button.dismiss").await).await;
    let stored = stored_item(client, PROGRESS_KEY).await.unwrap_or_default();
    assert!(stored.contains("\"threats\"") && stored.contains("spoofing"), "the progress is saved again");

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_threat_lab_fits_a_narrow_screen_is_edited_from_the_keyboard_and_follows_the_dark_theme() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = lab_page(&server);
    let browser = Browser::start().await;
    let client = &browser.client;
    client.set_window_size(360, 800).await.expect("a phone-sized window");
    client.goto(&server.url(&page)).await.expect("open the chapter");
    let lab = open_lab(client).await;
    text_eventually(&lab, ".threat-exercises .check", "Not yet").await;
    click(client, &find(&lab, "button.generate").await).await;
    text_eventually(&lab, ".threat-register .counts", "to review").await;
    let culprits = sticking_out(client, ".threat-lab", &[".register-scroll"]).await;
    let inputs = client
        .execute(
            "const right = document.querySelector('.threat-lab').getBoundingClientRect().right; return [...document.querySelectorAll('.threat-lab input')].filter(i => i.getBoundingClientRect().right > right + 1).map(i => i.id + ':' + i.type).join(' ');",
            vec![],
        )
        .await
        .expect("the inputs");
    assert!(culprits.is_empty(), "the lab fits a 360 px screen; wider: {} ({inputs})", culprits.join(", "));

    // keyboard: open the forms, add an element with Enter, then move it into the cloud
    click(client, &find(&lab, ".diagram-forms summary").await).await;
    type_into(&lab, "form.add-element input", &format!("Guest Wi-Fi{ENTER}")).await;
    text_containing(&lab, ".threat-dfd svg", "Guest Wi-Fi").await;
    type_into(&lab, "form.add-element input", &format!("guest wi-fi{ENTER}")).await;
    let error = text_containing(&lab, ".diagram-editor .field-error", "already has").await;
    assert!(error.contains("Guest Wi-Fi") || error.contains("guest wi-fi"), "{error}");
    choose(&lab, "select.move-to", "cloud").await;
    choose_label(&lab, "form.connect select[id^='threat-flow-from-']", "Guest Wi-Fi").await;
    choose_label(&lab, "form.connect select[id^='threat-flow-to-']", "Gateway MN-CSE").await;
    type_into(&lab, "form.connect input", &format!("Guest traffic{ENTER}")).await;
    let legend = text_containing(&lab, ".flow-legend", "Guest traffic").await;
    assert!(legend.contains("crosses a trust boundary"), "{legend}");

    // the dark theme: the diagram's text follows mdBook's colour variables
    client
        .execute("localStorage.setItem('mdbook-theme', 'coal'); return true;", vec![])
        .await
        .expect("choose the dark theme");
    client.refresh().await.expect("reload");
    open_lab(client).await;
    let colours = client
        .execute(
            "const style = (css, property) => getComputedStyle(document.querySelector(css))[property]; return [document.documentElement.className, style('body', 'color'), style('.threat-dfd .element text', 'fill'), style('.threat-lab section', 'backgroundColor'), style('html', 'backgroundColor')];",
            vec![],
        )
        .await
        .expect("computed colours");
    let colours: Vec<String> = colours
        .as_array()
        .map(|values| values.iter().map(|value| value.as_str().unwrap_or_default().to_owned()).collect())
        .unwrap_or_default();
    assert!(colours.first().is_some_and(|class| class.contains("coal")), "{colours:?}");
    assert_eq!(colours.get(1), colours.get(2), "the diagram's text uses the theme's foreground: {colours:?}");
    assert_eq!(colours.get(3), colours.get(4), "the panels use the theme's background: {colours:?}");
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_threat_lab_works_inside_its_slide_and_keys_stay_in_it() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let deck = server.url("slides/security/risk-analysis.html");
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&deck).await.expect("open the deck");
    find(client, "#deck > section.slide").await;
    let number = client
        .execute(
            "const slides = Array.from(document.querySelectorAll('#deck > section.slide')); return slides.findIndex(s => s.querySelector('.lab-mount[data-lab=\"threat-lab\"]')) + 1;",
            vec![],
        )
        .await
        .expect("the lab's slide")
        .as_u64()
        .unwrap_or(0);
    assert!(number > 1, "a slide of the risk-analysis deck mounts the threat-modelling lab");
    client.goto(&format!("{deck}#/{number}")).await.expect("go to the lab's slide");
    let lab = find(client, "section.slide.current .threat-lab .threat-dfd svg").await;
    let lab = lab.find(Locator::XPath("ancestor::div[contains(@class, 'threat-lab')]")).await.expect("the lab");
    click(client, &find(&lab, "button.generate").await).await;
    text_containing(&lab, ".threat-register .counts", "46 to review").await;
    // keys typed into the lab stay in the lab: the deck stays on the lab's slide
    let card = gateway_card("spoofing");
    type_into(&lab, &format!("{card} .text-field.vulnerability input"), &format!("a space and arrows {ENTER}")).await;
    let current = client
        .execute(
            "return Array.from(document.querySelectorAll('#deck > section.slide')).findIndex(s => s.classList.contains('current')) + 1;",
            vec![],
        )
        .await
        .expect("the current slide")
        .as_u64()
        .unwrap_or(0);
    assert_eq!(current, number, "typing in the lab did not move the deck");
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the deck logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    assert!(!server.requested("threat_lab_bg.wasm").is_empty(), "the deck fetched the lab's wasm");
    browser.close().await;
}
