//! The DPIA lab in a real browser: the description starts from the policy the privacy lab saved (read, never
//! written); a student solves three exercises with clicks and keys (the threshold of the household service, the
//! necessity flags, every risk brought down to acceptable), reloads and finds the progress kept, a bad import changes
//! nothing and says why, and a corrupt stored state is reported and replaced; and the lab fits a 360 px screen.

use std::path::Path;

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, find, pages_containing, sticking_out, stored_item,
    text_containing,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

const PROGRESS_KEY: &str = "iot-book/dpia-lab/progress";
const PRIVACY_KEY: &str = "iot-book/privacy-lab/progress";
const SPACE: &str = " ";

fn lab_page(server: &SiteServer) -> String {
    let pages = pages_containing(&server.site, r#"data-lab="dpia-lab""#);
    pages
        .into_iter()
        .find(|page| page.contains("privacy-impact-assessment") && !page.contains("slides/"))
        .expect("the privacy impact assessment chapter mounts the lab")
}

async fn open_lab(client: &Client) -> Element {
    find(client, ".dpia-lab .dpia-risks").await;
    client.find(Locator::Css(".dpia-lab")).await.expect("the lab")
}

async fn import(lab: &Element, path: &Path, text: &str) {
    std::fs::write(path, text).expect("write the file to import");
    let input = lab.find(Locator::Css("input[type='file']")).await.expect("the file input");
    input.send_keys(&path.display().to_string()).await.expect("choose the file");
}

async fn value(lab: &Element, css: &str) -> String {
    find(lab, css).await.prop("value").await.expect("value").unwrap_or_default()
}

/// Ticks a checkbox from the keyboard: focus, then Space.
async fn tick_with_space(lab: &Element, css: &str) {
    let checkbox = find(lab, css).await;
    let client = checkbox.clone().client();
    let reference = serde_json::to_value(&checkbox).expect("element reference");
    client
        .execute("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", vec![reference])
        .await
        .expect("focus");
    checkbox.send_keys(SPACE).await.expect("press Space");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_assesses_the_household_service_and_keeps_the_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = lab_page(&server);
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&page)).await.expect("open the chapter");
    open_lab(client).await;

    // the privacy lab saved a policy with daily energy: the description starts from it, and says so
    let privacy = r#"{"version":1,"data":{"completed":["routine-from-energy"],"exercise":null,"policy":{"energy":"daily","energy_identifiers":"clear","motion":"raw","motion_identifiers":"clear","temperature":"raw","retention_days":7,"access":[[true,false,false],[false,true,true],[false,true,false]]}}}"#;
    client
        .execute(
            "localStorage.setItem(arguments[0], arguments[1]); return true;",
            vec![PRIVACY_KEY.into(), privacy.into()],
        )
        .await
        .expect("store the privacy lab's progress");
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    text_containing(&lab, ".notice", "starts from the policy you set in the privacy lab").await;
    assert_eq!(value(&lab, "select.resolution-energy").await, "daily");

    // exercise 1 (the directive's): the threshold of the household service
    text_containing(&lab, ".dpia-exercises .check", "Not yet").await;
    click(client, &find(&lab, "button.hint").await).await;
    text_containing(&lab, ".hints", "40 000 homes").await;
    for criterion in ["systematic-monitoring", "sensitive-data", "vulnerable"] {
        click(client, &find(&lab, &format!("input.criterion-{criterion}")).await).await;
    }
    text_containing(&lab, ".dpia-exercises .check", "Data concerning vulnerable people").await;
    click(client, &find(&lab, "input.criterion-vulnerable").await).await;
    tick_with_space(&lab, "input.criterion-large-scale").await;
    choose(&lab, "select.decision", "required").await;
    let check = text_containing(&lab, ".dpia-exercises .check", "Done").await;
    assert!(check.contains("3 WP 248 criteria"), "{check}");
    text_containing(&lab, ".dpia-exercises h4", "1 of 6 done").await;

    // exercise 3: mark the flags of the privacy lab's default policy, then compare
    choose(&lab, "select.exercise", "necessity-flags").await;
    click(client, &find(&lab, "button.use-default").await).await;
    assert_eq!(value(&lab, "select.resolution-energy").await, "raw");
    click(client, &find(&lab, "tr[data-question='finer:energy'] input.mark").await).await;
    click(client, &find(&lab, "button.compare").await).await;
    let check = text_containing(&lab, ".dpia-exercises .check", "Not yet").await;
    assert!(check.contains("4 of the lab"), "{check}");
    text_containing(&lab, "tr[data-question='retention'] td.flag", "the purposes need 2").await;
    for question in ["finer:motion", "identifiers:motion", "access:heating:motion", "retention"] {
        click(client, &find(&lab, &format!("tr[data-question='{question}'] input.mark")).await).await;
    }
    click(client, &find(&lab, "button.compare").await).await;
    text_containing(&lab, ".dpia-exercises .check", "Done").await;

    // exercise 5: a proportionate description, lawful bases, and two measures
    choose(&lab, "select.exercise", "risk-acceptable").await;
    text_containing(&lab, ".dpia-exercises .check", "5 risks are still high").await;
    choose(&lab, "select.resolution-energy", "daily").await;
    choose(&lab, "select.resolution-motion", "hourly").await;
    choose(&lab, "select.identifiers-motion", "removed").await;
    choose(&lab, "select.retention", "2").await;
    click(client, &find(&lab, "input.access-heating-motion").await).await;
    for (purpose, basis) in [("billing", "contract"), ("heating", "contract"), ("study", "consent")] {
        choose(&lab, &format!("tr.purpose-{purpose} select.basis"), basis).await;
    }
    text_containing(&lab, ".dpia-exercises .check", "2 risks are still high").await;
    tick_with_space(&lab, "input.measure-encryption").await;
    tick_with_space(&lab, "input.measure-least-privilege").await;
    text_containing(&lab, ".dpia-risks .verdict", "No risk is high").await;
    text_containing(&lab, ".dpia-exercises .check", "Done").await;
    text_containing(&lab, ".dpia-exercises h4", "3 of 6 done").await;

    // the progress and the assessment survive a reload; the privacy lab's progress was only read
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    text_containing(&lab, ".dpia-exercises h4", "3 of 6 done").await;
    assert_eq!(value(&lab, "select.retention").await, "2", "the description was kept");
    text_containing(&lab, ".dpia-risks .verdict", "No risk is high").await;
    assert_eq!(
        stored_item(client, PRIVACY_KEY).await.as_deref(),
        Some(privacy),
        "the privacy lab's progress is untouched"
    );

    // a bad file changes nothing and says why
    let folder = std::env::temp_dir().join(format!("dpia-browser-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a folder for the files");
    import(&lab, &folder.join("other.json"), r#"{"lab": "dpia-lab", "version": 7, "work": {}}"#).await;
    let notice = text_containing(&lab, ".notice", "Nothing was imported").await;
    assert!(notice.contains("version 7"), "{notice}");
    assert_eq!(value(&lab, "select.retention").await, "2", "the bad file changed nothing");

    // corrupt the stored progress: a clear message, and a lab that works and saves again
    client
        .execute(&format!("localStorage.setItem('{PROGRESS_KEY}', '{{corrupt'); return true;"), vec![])
        .await
        .expect("corrupt storage");
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    let notice = text_containing(&lab, ".notice", "could not be read").await;
    assert!(notice.contains("starts afresh") && notice.contains("privacy lab"), "{notice}");
    text_containing(&lab, ".dpia-exercises h4", "0 of 6 done").await;
    choose(&lab, "select.retention", "3").await;
    text_containing(&lab, "tr[data-question='retention'] label", "kept 3 days").await;
    let stored = stored_item(client, PROGRESS_KEY).await.unwrap_or_default();
    assert!(stored.contains("\"retention_days\":3"), "the progress is saved again: {stored}");

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    std::fs::remove_dir_all(&folder).ok();
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dpia_lab_fits_a_narrow_screen() {
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
    text_containing(&lab, ".notice", "No privacy lab policy is saved").await;
    let sizes = client
        .execute("const lab = document.querySelector('.dpia-lab'); return [lab.scrollWidth, lab.clientWidth];", vec![])
        .await
        .expect("widths");
    let sizes: Vec<i64> =
        sizes.as_array().map(|values| values.iter().filter_map(|value| value.as_i64()).collect()).unwrap_or_default();
    let culprits = sticking_out(client, ".dpia-lab", &[".table-scroll"]).await.join(", ");
    assert!(sizes.len() == 2 && sizes[0] <= sizes[1] + 1, "the lab fits 360 px ({sizes:?}; wider: {culprits})");
    // the threshold of the connected toy, from the keyboard
    choose(&lab, "select.scenario", "connected-toy").await;
    text_containing(&lab, ".dpia-threshold .facts", "talking doll").await;
    for criterion in ["sensitive-data", "large-scale", "vulnerable", "innovative"] {
        tick_with_space(&lab, &format!("input.criterion-{criterion}")).await;
    }
    text_containing(&lab, ".dpia-threshold .tally", "4 criteria").await;
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    browser.close().await;
}
