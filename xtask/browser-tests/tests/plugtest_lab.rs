//! The plugtest lab in a real browser: a student completes a test description from its purpose and runs it, predicts
//! and finds the step of a failing run that shows the faulty CSE's defect (with the sequence diagram of that test),
//! reloads and finds the progress kept, a bad import changes nothing and says why, and corrupt stored progress is
//! reported.

use std::path::Path;

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, find, pages_containing, sticking_out, stored_item,
    text_containing, type_into,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

const PROGRESS_KEY: &str = "iot-book/plugtest-lab/progress";
const TAB: &str = "\u{E004}";
/// Control+End (to the end of the text area), then the modifiers released.
const TO_END: &str = "\u{E009}\u{E010}\u{E000}";

const UPDATE_STEPS: &str = "\n[[step]]\nkind = \"stimulus\"\ndescription = \"It tries to change r1.\"\nrequest = { op = \"update\", to = \"/${cse}/plugLabAE/power/r1\", from = \"${AEI}\", body = { \"m2m:cin\" = { con = \"0\" } } }\n\n[[step]]\nkind = \"check\"\ndescription = \"Refused.\"\nexpect = { status = 405, rsc = 4005 }\n";

fn lab_page(server: &SiteServer) -> String {
    let pages = pages_containing(&server.site, r#"data-lab="plugtest-lab""#);
    pages
        .into_iter()
        .find(|page| page.contains("testing-interoperability"))
        .expect("the testing chapter mounts the lab")
}

async fn open_lab(client: &Client) -> Element {
    find(client, ".plugtest-lab .plugtest-run").await;
    client.find(Locator::Css(".plugtest-lab")).await.expect("the lab")
}

async fn import(lab: &Element, path: &Path, text: &str) {
    std::fs::write(path, text).expect("write the file to import");
    let input = lab.find(Locator::Css("input[type='file']")).await.expect("the file input");
    input.send_keys(&path.display().to_string()).await.expect("choose the file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_completes_a_description_finds_a_defect_and_keeps_the_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = lab_page(&server);
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&page)).await.expect("open the chapter");
    let lab = open_lab(client).await;

    // exercise 1: the template alone checks nothing; completed, it runs and passes in the page
    choose(&lab, "select.exercise", "complete-from-purpose").await;
    click(client, &find(&lab, "button.run-all").await).await;
    text_containing(&lab, ".plugtest-results", "TD_DAT_02").await;
    text_containing(&lab, ".plugtest-test .test-verdict", "inconclusive").await;
    let editor = find(&lab, "textarea.description").await;
    click(client, &editor).await;
    editor.send_keys(&format!("{TO_END}{UPDATE_STEPS}")).await.expect("type the steps");
    click(client, &find(&lab, "button.run-all").await).await;
    text_containing(&lab, ".own-run", "pass").await;
    text_containing(&lab, ".plugtest-exercises .check", "Done").await;
    text_containing(&lab, ".plugtest-exercises h4", "1 of 3 done").await;

    // exercise 2: predict, run the suite against the faulty CSE, read the failing test, point at its step
    choose(&lab, "select.exercise", "find-the-defect").await;
    choose(&lab, "select.predict", "TD_SEM_06").await;
    click(client, &find(&lab, "button.run-all").await).await;
    text_containing(&lab, ".run-status", "12 passed, 1 failed").await;
    text_containing(&lab, ".prediction-outcome", "Your prediction was right").await;
    let failing = text_containing(&lab, ".plugtest-test .test-verdict", "fail").await;
    assert!(failing.contains("PRO pass, IOP fail"), "{failing}");
    let step = text_containing(&lab, ".plugtest-steps tr.step-3", "fail").await;
    assert!(step.contains("but it holds `cse-in/semTestAE/thermo`"), "{step}");
    let arrows = lab.find_all(Locator::Css(".sequence-diagram .message")).await.expect("the diagram's messages");
    assert_eq!(arrows.len(), 4, "two requests and their responses on the sequence diagram");
    text_containing(&lab, ".plugtest-exercises .check", "Point at a test").await;
    choose(&lab, "select.point-test", "TD_SEM_06").await;
    type_into(&lab, "input.point-step", &format!("9{TAB}")).await;
    click(client, &find(&lab, "button.point").await).await;
    text_containing(&lab, ".field-error", "TD_SEM_06 has steps 1 to 3").await;
    type_into(&lab, "input.point-step", &format!("3{TAB}")).await;
    click(client, &find(&lab, "button.point").await).await;
    text_containing(&lab, ".plugtest-exercises .check", "Done").await;
    text_containing(&lab, ".plugtest-exercises h4", "2 of 3 done").await;

    // the progress and the work survive a reload
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    text_containing(&lab, ".plugtest-exercises h4", "2 of 3 done").await;
    text_containing(&lab, ".pointed", "TD_SEM_06, step 3").await;
    let text = find(&lab, "textarea.description").await.prop("value").await.expect("value").unwrap_or_default();
    assert!(text.contains("rsc = 4005"), "the description was kept");

    // a bad file changes nothing and says why
    let folder = std::env::temp_dir().join(format!("plugtest-browser-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a folder for the files");
    import(&lab, &folder.join("other.json"), r#"{"format": "other", "version": 1, "work": {}}"#).await;
    text_containing(&lab, ".notice", "Nothing was imported").await;
    text_containing(&lab, ".pointed", "TD_SEM_06, step 3").await;
    text_containing(&lab, ".plugtest-exercises h4", "2 of 3 done").await;

    // corrupt the stored progress: a clear message, and a lab that works
    client
        .execute(&format!("localStorage.setItem('{PROGRESS_KEY}', '{{corrupt'); return true;"), vec![])
        .await
        .expect("corrupt storage");
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    let notice = text_containing(&lab, ".notice", "could not be read").await;
    assert!(notice.contains("starts afresh"), "{notice}");
    text_containing(&lab, ".plugtest-exercises h4", "0 of 3 done").await;
    choose(&lab, "select.scope", "TD_REG_01").await;
    click(client, &find(&lab, "button.step").await).await;
    text_containing(&lab, ".run-status", "Next: TD_REG_01 step 2").await;
    let stored = stored_item(client, PROGRESS_KEY).await.unwrap_or_default();
    assert!(stored.contains("\"completed\":[]"), "the progress is saved again: {stored}");

    // on a phone, nothing but the tables (which scroll sideways) sticks out of the lab
    client.set_window_size(360, 800).await.expect("a phone-sized window");
    text_containing(&lab, ".plugtest-steps", "stimulus").await;
    let culprits = sticking_out(client, ".plugtest-lab", &[".table-scroll"]).await;
    assert!(culprits.is_empty(), "too wide at 360 px: {}", culprits.join(", "));

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}
