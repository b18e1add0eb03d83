//! The access-control lab in headless Chromium, operated as a student would: solve two challenges
//! with clicks and typing, fail one on purpose and read the explanation, reload and find the
//! progress kept, corrupt the saved progress and find a clear message and a working lab.

use std::time::Duration;

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, click_css, find, pages_containing, sticking_out,
    text_containing, type_into,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

const STORAGE_KEY: &str = "iot-book/acl-lab/progress";

/// The value of the field `css` once it contains `needle`.
async fn value_containing(client: &Client, css: &str, needle: &str) -> String {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            last = element.prop("value").await.ok().flatten().unwrap_or_default();
            if last.contains(needle) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} never held {needle:?}; it holds:\n{last}");
}

async fn checked(element: &Element) -> bool {
    element.prop("checked").await.expect("checkbox state").as_deref() == Some("true")
}

/// Sets the operation checkboxes of a rule to exactly `wanted`, clicking only those that differ.
async fn set_operations(client: &Client, rule: &str, wanted: &[&str]) {
    for operation in ["Create", "Retrieve", "Update", "Delete", "Notify", "Discovery"] {
        let checkbox = find(client, &format!("{rule} input[data-operation='{operation}']")).await;
        if checked(&checkbox).await != wanted.contains(&operation) {
            click(client, &checkbox).await;
        }
    }
}

const FIRST_RULE: &str = ".acl-lab fieldset.rule[data-set='pv'][data-index='0']";
const SECOND_RULE: &str = ".acl-lab fieldset.rule[data-set='pv'][data-index='1']";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_solves_fails_reloads_and_survives_corrupt_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let pages = pages_containing(&server.site, r#"data-lab="acl-lab""#);
    assert!(!pages.is_empty(), "no chapter mounts the access-control lab");
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&pages[0])).await.expect("open the chapter");
    find(client, ".acl-lab .challenge-select").await;
    text_containing(client, ".acl-lab .acl-task", "The thermostat (Cthermostat) may only add readings").await;

    // Opened and looked at, nothing is stored yet (the save effect has had time to run).
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stored =
        client.execute(&format!("return localStorage.getItem('{STORAGE_KEY}');"), vec![]).await.expect("read storage");
    assert_eq!(stored, serde_json::Value::Null, "the lab saved progress before the student did anything");

    // Checking the untouched policy: the real mistakes (no time window, acop 63), never one it does not have.
    click_css(client, ".acl-lab button.check").await;
    let report =
        text_containing(client, ".acl-lab .grade", "Not yet: 5 of 8 hidden requests get the wrong answer.").await;
    assert!(report.contains("has no time window (actw)"), "the missing window is explained:\n{report}");
    assert!(!report.contains("8-18"), "no word about an hour field the policy does not have:\n{report}");
    assert!(!report.contains('`'), "code is shown as code, not as Markdown:\n{report}");
    find(client, ".acl-lab .grade .mistake code").await;

    // Challenge 1, the thermostat: write only, 08:00-18:00, from the building network.
    set_operations(client, FIRST_RULE, &["Create"]).await;
    text_containing(client, &format!("{FIRST_RULE} .acop-sum"), "acop = 1 (Create) = 1").await;
    click_css(client, &format!("{FIRST_RULE} .rule-context summary")).await;
    type_into(client, &format!("{FIRST_RULE} textarea.actw"), "* * 8-17 * * * *").await;
    type_into(client, &format!("{FIRST_RULE} input.ipv4"), "10.20.0.0/16").await;
    let json = value_containing(client, ".acl-lab textarea.policy-json", "10.20.0.0/16").await;
    assert!(
        json.contains("\"actw\": [\n") && json.contains("* * 8-17 * * * *") && json.contains("\"acop\": 1,"),
        "the JSON view follows the form:\n{json}"
    );

    // the matrix explains a cell, and follows the context
    click_css(client, ".acl-lab button.cell[data-originator='Canalytics'][data-operation='Create']").await;
    text_containing(client, ".acl-lab .cell-explanation", "originator \"Canalytics\" is not in acor [Cthermostat]")
        .await;
    choose(client, ".acl-lab select.context-hour", "19").await;
    text_containing(client, ".acl-lab button.cell[data-originator='Cthermostat'][data-operation='Create']", "deny")
        .await;
    click_css(client, ".acl-lab button.cell[data-originator='Cthermostat'][data-operation='Create']").await;
    text_containing(client, ".acl-lab .cell-explanation", "is outside every actw window [* * 8-17 * * * *]").await;
    text_containing(client, ".acl-lab .acl-models .abac", "IF subject is Cthermostat AND operation in {Create}").await;

    click_css(client, ".acl-lab button.check").await;
    text_containing(client, ".acl-lab .grade", "Solved: all 8 hidden requests").await;
    text_containing(client, ".acl-lab .challenge-status", "Solved.").await;

    // Challenge 2, analytics: Retrieve + Discovery instead of 3 (Create + Retrieve).
    choose(client, ".acl-lab select.challenge-select", "analytics-read-discover").await;
    text_containing(client, ".acl-lab .acl-task", "The analytics app (Canalytics)").await;
    set_operations(client, SECOND_RULE, &["Retrieve", "Discovery"]).await;
    text_containing(client, &format!("{SECOND_RULE} .acop-sum"), "= 34").await;
    click_css(client, ".acl-lab button.check").await;
    text_containing(client, ".acl-lab .grade", "Solved: all 7 hidden requests").await;
    text_containing(client, ".acl-lab .acl-progress", "2 of 7 solved").await;

    // Challenge 3, the meters, failed on purpose: the narrower `Cmeter*` still lets Cmeterhack write.
    choose(client, ".acl-lab select.challenge-select", "meters-wildcard").await;
    text_containing(client, ".acl-lab .acl-task", "Every energy meter").await;
    type_into(client, &format!("{FIRST_RULE} input.acor"), "Cmeter*").await;
    click_css(client, ".acl-lab button.check").await;
    let report =
        text_containing(client, ".acl-lab .grade", "Not yet: 1 of 7 hidden requests get the wrong answer.").await;
    assert!(report.contains("Cmeterhack: Create on cse-in/energy"), "the wrong request is named:\n{report}");
    assert!(report.contains("Expected denied, but it is granted."), "{report}");
    assert!(
        report
            .contains("granted it to Cmeter*, which also matches Cmeterhack. Keep the dash in the pattern: Cmeter-*."),
        "the mistake is explained:\n{report}"
    );
    assert!(
        report.contains("granted by rule 0 of cse-in/acpEnergy.pv"),
        "the engine's explanation is shown:\n{report}"
    );
    let grade = find(client, ".acl-lab .grade").await;
    assert_eq!(grade.attr("data-passed").await.expect("attr").as_deref(), Some("false"));

    // Reload: the solved challenges, the current one and the unfinished work are kept.
    client.refresh().await.expect("reload");
    text_containing(client, ".acl-lab .acl-progress", "2 of 7 solved").await;
    text_containing(client, ".acl-lab .acl-task", "Every energy meter").await;
    let value = value_containing(client, &format!("{FIRST_RULE} input.acor"), "Cmeter*").await;
    assert_eq!(value, "Cmeter*", "the unfinished policy survives a reload");
    let options = find(client, ".acl-lab select.challenge-select").await.text().await.expect("options");
    assert!(options.contains("✓ 1.") && options.contains("✓ 2.") && !options.contains("✓ 3."), "{options}");
    assert!(
        options.contains("4. Public notices: “all”, with care") && !options.contains('`'),
        "titles are plain text: {options}"
    );

    // Corrupt progress: a clear message, a fresh lab that works.
    client
        .execute(&format!("localStorage.setItem('{STORAGE_KEY}', '{{oops'); return true;"), vec![])
        .await
        .expect("corrupt the saved progress");
    client.refresh().await.expect("reload");
    let notice = text_containing(client, ".acl-lab .acl-notice[role='alert']", "could not be read").await;
    assert!(notice.contains("reset to its starting policies"), "{notice}");
    text_containing(client, ".acl-lab .acl-progress", "0 of 7 solved").await;
    text_containing(client, ".acl-lab .acl-task", "The thermostat (Cthermostat)").await;
    click_css(client, ".acl-lab button.check").await;
    text_containing(client, ".acl-lab .grade", "Not yet").await;
    click_css(client, ".acl-lab .acl-notice button").await;
    for _ in 0..50 {
        if client.find(Locator::Css(".acl-lab .acl-notice")).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(client.find(Locator::Css(".acl-lab .acl-notice")).await.is_err(), "the notice can be dismissed");
    let saved =
        client.execute(&format!("return localStorage.getItem('{STORAGE_KEY}');"), vec![]).await.expect("read storage");
    assert!(
        saved.as_str().is_some_and(|text| text.starts_with("{") && text.contains("\"version\":1")),
        "fresh progress replaced the corrupt one: {saved}"
    );

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    assert!(!server.requested("acl_lab_bg.wasm").is_empty(), "the lab's wasm was fetched");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_acl_lab_is_usable_by_keyboard_at_360_px() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let pages = pages_containing(&server.site, r#"data-lab="acl-lab""#);
    assert!(!pages.is_empty(), "no chapter mounts the access-control lab");
    let browser = Browser::start().await;
    let client = &browser.client;
    client.set_window_size(360, 800).await.expect("a narrow window");
    client.goto(&server.url(&pages[0])).await.expect("open the chapter");
    find(client, ".acl-lab .decision-matrix").await;

    // nothing but the scrolling regions is wider than the lab
    assert_eq!(
        sticking_out(client, ".acl-lab", &[".acl-scroll"]).await,
        Vec::<String>::new(),
        "elements overflow the lab at 360 px"
    );
    let page_width = client.execute("return document.documentElement.scrollWidth;", vec![]).await.expect("width");
    assert!(page_width.as_u64().is_some_and(|width| width <= 360), "the page scrolls sideways: {page_width}");

    // a cell reached with the keyboard explains itself
    let cell = find(client, ".acl-lab button.cell[data-originator='Cvisitor'][data-operation='Retrieve']").await;
    let reference = serde_json::to_value(&cell).expect("element reference");
    client
        .execute("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", vec![reference])
        .await
        .expect("focus");
    text_containing(client, ".acl-lab .cell-explanation", "Retrieve for \"Cvisitor\"").await;
    cell.send_keys(" ").await.expect("space on the cell");
    assert_eq!(cell.attr("aria-pressed").await.expect("attr").as_deref(), Some("true"));

    // every form control has an accessible name
    let unnamed = client
        .execute(
            "return Array.from(document.querySelectorAll('.acl-lab input, .acl-lab select, .acl-lab textarea, .acl-lab button'))
                 .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
                 .map(e => e.outerHTML.slice(0, 80));",
            vec![],
        )
        .await
        .expect("inspect");
    assert_eq!(unnamed, serde_json::json!([]), "controls without a label");

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}
