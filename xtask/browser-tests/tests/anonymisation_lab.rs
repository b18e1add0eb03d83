//! The anonymisation lab in a real browser: a student solves three exercises with clicks and keys (a 5-anonymous
//! release with the least utility lost, the differencing attack with and without noise, the hash brute force),
//! reloads and finds the progress kept, finds a clear message after the stored progress is corrupted, and a bad
//! import changes nothing and says why; and the lab fits a 360 px screen.

use std::path::Path;

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, find, pages_containing, sticking_out, stored_item,
    text_containing, type_into,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

const PROGRESS_KEY: &str = "iot-book/anonymisation-lab/progress";
const TAB: &str = "\u{E004}";

fn lab_page(server: &SiteServer) -> String {
    let pages = pages_containing(&server.site, r#"data-lab="anonymisation-lab""#);
    pages.into_iter().find(|page| page.contains("protecting-privacy")).expect("protecting-privacy mounts the lab")
}

async fn open_lab(client: &Client) -> Element {
    find(client, ".anonymisation-lab .anonymisation-release").await;
    client.find(Locator::Css(".anonymisation-lab")).await.expect("the lab")
}

async fn import(lab: &Element, path: &Path, text: &str) {
    std::fs::write(path, text).expect("write the file to import");
    let input = lab.find(Locator::Css("input[type='file']")).await.expect("the file input");
    input.send_keys(&path.display().to_string()).await.expect("choose the file");
}

async fn value(lab: &Element, css: &str) -> String {
    find(lab, css).await.prop("value").await.expect("value").unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_solves_anonymisation_exercises_and_keeps_the_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = lab_page(&server);
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&page)).await.expect("open the chapter");
    let lab = open_lab(client).await;

    // exercise 1 (the directive's): the raw table singles households out
    text_containing(&lab, ".anonymisation-exercises .check", "k is 1").await;
    text_containing(&lab, ".measures .k", "1").await;
    click(client, &find(&lab, "button.hint").await).await;
    text_containing(&lab, ".hints", "quasi-identifier").await;
    choose(&lab, "select.level-heating", "2").await;
    type_into(&lab, "input.suppress", &format!("4{TAB}")).await;
    let check = text_containing(&lab, ".anonymisation-exercises .check", "Done").await;
    assert!(check.contains("k = 5"), "{check}");
    text_containing(&lab, ".anonymisation-exercises h4", "1 of 5 done").await;

    // exercise 4: the differencing attack, exact then noisy
    choose(&lab, "select.exercise", "differencing").await;
    text_containing(&lab, ".anonymisation-exercises .check", "exact answers first").await;
    click(client, &find(&lab, "button.attack").await).await;
    text_containing(&lab, "ul.attacks", "right 200 of 200").await;
    choose(&lab, "select.attack-epsilon", "0.1").await;
    click(client, &find(&lab, "button.attack").await).await;
    text_containing(&lab, ".anonymisation-exercises .check", "Done").await;

    // exercise 5: predict, brute-force the plain hashes, then keyed pseudonyms
    choose(&lab, "select.exercise", "hash-not-pseudonym").await;
    type_into(&lab, "input.prediction", &format!("5{TAB}")).await;
    click(client, &find(&lab, "button.commit-prediction").await).await;
    click(client, &find(&lab, "button.brute-force").await).await;
    let result = text_containing(&lab, ".brute-result", "178 of 178 pseudonyms reversed").await;
    assert!(result.contains("you predicted 5"), "{result}");
    choose(&lab, "select.scheme", "hmac").await;
    click(client, &find(&lab, "button.brute-force").await).await;
    text_containing(&lab, ".brute-result", "0 of 178 pseudonyms reversed").await;
    text_containing(&lab, ".anonymisation-exercises .check", "Done").await;
    text_containing(&lab, ".anonymisation-exercises h4", "3 of 5 done").await;

    // the progress and the setup survive a reload
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    text_containing(&lab, ".anonymisation-exercises h4", "3 of 5 done").await;
    assert_eq!(value(&lab, "select.level-heating").await, "2", "the generalisation was kept");
    text_containing(&lab, ".measures .k", "5").await;

    // a bad file changes nothing and says why
    let folder = std::env::temp_dir().join(format!("anonymisation-browser-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a folder for the files");
    import(&lab, &folder.join("other.json"), r#"{"lab": "anonymisation-lab", "version": 7, "work": {}}"#).await;
    let notice = text_containing(&lab, ".notice", "Nothing was imported").await;
    assert!(notice.contains("not an anonymisation lab setup"), "{notice}");
    assert_eq!(value(&lab, "select.level-heating").await, "2", "the bad file changed nothing");
    text_containing(&lab, ".anonymisation-exercises h4", "3 of 5 done").await;

    // corrupt the stored progress: a clear message, and a lab that works
    client
        .execute(&format!("localStorage.setItem('{PROGRESS_KEY}', '{{corrupt'); return true;"), vec![])
        .await
        .expect("corrupt storage");
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    let notice = text_containing(&lab, ".notice", "could not be read").await;
    assert!(notice.contains("starts afresh"), "{notice}");
    text_containing(&lab, ".anonymisation-exercises h4", "0 of 5 done").await;
    choose(&lab, "select.level-postcode", "1").await;
    text_containing(&lab, ".measures .utility", "%").await;
    let stored = stored_item(client, PROGRESS_KEY).await.unwrap_or_default();
    assert!(stored.contains("\"postcode\":1"), "the progress is saved again: {stored}");

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_anonymisation_lab_fits_a_narrow_screen_and_answers_queries_from_the_keyboard() {
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
    let sizes = client
        .execute(
            "const lab = document.querySelector('.anonymisation-lab'); return [lab.scrollWidth, lab.clientWidth];",
            vec![],
        )
        .await
        .expect("widths");
    let sizes: Vec<i64> =
        sizes.as_array().map(|values| values.iter().filter_map(|value| value.as_i64()).collect()).unwrap_or_default();
    let culprits = sticking_out(client, ".anonymisation-lab", &[".table-scroll"]).await.join(", ");
    let overflowing = client
        .execute(
            "const box = document.querySelector('.anonymisation-lab'); const style = getComputedStyle(box); \
             const right = box.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth) + 1; \
             return Array.from(box.querySelectorAll('*')).filter((e) => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) \
                 .map((e) => e.tagName + '.' + e.className + ' ' + e.scrollWidth + '/' + e.clientWidth).slice(0, 12).join(', ');",
            vec![],
        )
        .await
        .expect("elements wider than their box");
    let culprits = format!("{culprits}; overflowing: {overflowing}");
    assert!(sizes.len() == 2 && sizes[0] <= sizes[1] + 1, "the lab fits 360 px ({sizes:?}; wider: {culprits})");

    // a bad suppression threshold is explained at its field
    type_into(&lab, "input.suppress", &format!("99{TAB}")).await;
    text_containing(&lab, ".anonymisation-release .field-error", "would suppress nearly everything").await;
    assert_eq!(
        find(&lab, "input.suppress").await.attr("aria-invalid").await.expect("attribute").as_deref(),
        Some("true")
    );

    // a bad epsilon is explained at the field; a good one is answered and spent
    choose(&lab, "select.exercise", "query-budget").await;
    type_into(&lab, "input.epsilon", &format!("lots{TAB}")).await;
    click(client, &find(&lab, "button.ask").await).await;
    text_containing(&lab, ".anonymisation-dp .field-error", "not a number").await;
    assert_eq!(
        find(&lab, "input.epsilon").await.attr("aria-invalid").await.expect("attribute").as_deref(),
        Some("true")
    );
    for heating in ["HeatPump", ""] {
        choose(&lab, "select.heating", heating).await;
        type_into(&lab, "input.epsilon", &format!("0.3{TAB}")).await;
        click(client, &find(&lab, "button.ask").await).await;
    }
    choose(&lab, "select.postcode", "2612").await;
    click(client, &find(&lab, "button.ask").await).await;
    choose(&lab, "select.postcode", "").await;
    choose(&lab, "select.routine", "HomeAllDay").await;
    click(client, &find(&lab, "button.ask").await).await;
    text_containing(&lab, ".anonymisation-dp .field-error", "refuses").await;
    text_containing(&lab, ".anonymisation-dp .budget", "0.90 spent").await;
    text_containing(&lab, ".anonymisation-exercises .check", "home all day").await;
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    browser.close().await;
}
