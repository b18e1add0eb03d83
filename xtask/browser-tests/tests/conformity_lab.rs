//! The conformity lab in a real browser: a student makes the smart plug conformant at the lowest cost and writes
//! its disclosure policy (two graded exercises, with clicks and keys), exports the assessment, reloads and finds
//! the progress kept, imports a bad file (nothing changes, the reason is shown) and the exported one (the work
//! comes back), then finds a clear message and a working lab after the stored progress is corrupted. On a
//! 360 px screen, the EU framework chapter's lab takes a prediction from the keyboard before showing its answer,
//! announces a bad date at its field, and follows the dark theme.

use std::path::Path;
use std::time::Duration;

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, find, pages_containing, sticking_out, text_containing,
    text_eventually, type_into,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

const PROGRESS_KEY: &str = "iot-book/conformity-lab/progress";

/// The chapter whose page mounts the lab and contains `chapter` in its path.
fn lab_page(server: &SiteServer, chapter: &str) -> String {
    let pages = pages_containing(&server.site, r#"data-lab="conformity-lab""#);
    assert!(pages.len() >= 2, "two chapters mount the conformity lab: {pages:?}");
    pages.into_iter().find(|page| page.contains(chapter)).unwrap_or_else(|| panic!("{chapter} mounts the lab"))
}

async fn open_lab(client: &Client, part: &str) -> Element {
    find(client, &format!(".conformity-lab {part}")).await;
    client.find(Locator::Css(".conformity-lab")).await.expect("the lab")
}

async fn eventually(client: &Client, script: &str) -> Value {
    for _ in 0..150 {
        let value = client.execute(script, vec![]).await.expect("run a script");
        if !value.is_null() {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("this never returned a value: {script}");
}

async fn checked(lab: &Element, css: &str) -> bool {
    find(lab, css).await.prop("checked").await.expect("checked").as_deref() == Some("true")
}

async fn import(lab: &Element, path: &Path, text: &str) {
    std::fs::write(path, text).expect("write the file to import");
    let input = lab.find(Locator::Css("input[type='file']")).await.expect("the file input");
    input.send_keys(&path.display().to_string()).await.expect("choose the file");
}

const CHEAPEST_PLAN: [&str; 7] = [
    "password-at-setup",
    "authenticate-setup",
    "remove-telnet",
    "disable-uart-console",
    "publish-vdp",
    "publish-support-period",
    "consent-opt-in",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_fixes_the_smart_plug_writes_its_policy_and_keeps_the_work() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = lab_page(&server, "standards-regulation");
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&page)).await.expect("open the chapter");
    let lab = open_lab(client, ".conformity-assessment").await;

    // the directive's exercise: the mandatory provisions, all undecided at first
    let check = text_eventually(&lab, ".conformity-exercises .check", "Not yet").await;
    assert!(check.contains("32 mandatory provision(s)"), "{check}");

    // exercise 5: the cheapest fixes, first a dearer plan, then the cheapest
    choose(&lab, "select.exercise", "cheapest-fixes").await;
    text_containing(&lab, ".conformity-exercises .check", "Still failing: 5.1-1").await;
    click(client, &find(&lab, "button.hint").await).await;
    text_containing(&lab, ".conformity-exercises .hints", "justification").await;
    for fix in CHEAPEST_PLAN.iter().filter(|fix| **fix != "disable-uart-console").chain(&["new-board"]) {
        click(client, &find(&lab, &format!("input.fix.{fix}")).await).await;
    }
    text_containing(&lab, ".conformity-exercises .check", "a plan that costs less exists").await;
    click(client, &find(&lab, "input.fix.new-board").await).await;
    click(client, &find(&lab, "input.fix.disable-uart-console").await).await;
    let check = text_containing(&lab, ".conformity-exercises .check", "Done").await;
    assert!(check.contains("9 days"), "{check}");
    text_containing(&lab, ".conformity-remediation .plan", "Every applicable mandatory provision would be implemented")
        .await;

    // exercise 6: the disclosure policy, a wrong contact announced at its field first
    choose(&lab, "select.exercise", "disclosure-policy").await;
    type_into(&lab, "input.policy.contact", "call us").await;
    text_containing(&lab, ".conformity-remediation .field-error", "neither an e-mail address").await;
    let contact = find(&lab, "input.policy.contact").await;
    assert_eq!(contact.attr("aria-invalid").await.expect("attribute").as_deref(), Some("true"));
    type_into(&lab, "input.policy.contact", "security@plugwise.example").await;
    type_into(&lab, "input.policy.acknowledge-days", "5").await;
    type_into(&lab, "input.policy.update-days", "30").await;
    type_into(&lab, "input.policy.scope", "PW-MINI-EU, every firmware version").await;
    text_containing(&lab, ".conformity-exercises .check", "Done").await;
    text_containing(&lab, ".conformity-exercises h4", "2 of 6 done").await;
    text_containing(&lab, ".policy-preview", "within 5 days").await;

    // one decision of the assessment, seen in the conformance table and the cross-walk
    choose(&lab, "[data-provision='5.6-1'] select.decision", "not-implemented").await;
    text_containing(&lab, "table.crosswalk", "Annex I Part I (2)(j)").await;

    // export the whole assessment: capture the file the page hands to the browser
    client
        .execute(
            "window.exportedFiles = []; const create = URL.createObjectURL; \
             URL.createObjectURL = function (blob) { window.exportedFiles.push(blob); return create.call(URL, blob); }; return true;",
            vec![],
        )
        .await
        .expect("wrap URL.createObjectURL");
    click(client, &find(&lab, "button.export").await).await;
    let exported =
        eventually(client, "return window.exportedFiles.length ? window.exportedFiles[0].text() : null;").await;
    let exported = exported.as_str().expect("the file's text").to_owned();
    let file: Value = serde_json::from_str(&exported).expect("the export is JSON");
    assert_eq!(file["format"], "iot-book-conformity-assessment");
    assert_eq!(file["work"]["policy"]["contact"], "security@plugwise.example");
    click(client, &find(&lab, "button.export-csv").await).await;
    let csv =
        eventually(client, "return window.exportedFiles.length > 1 ? window.exportedFiles[1].text() : null;").await;
    assert!(csv.as_str().is_some_and(|csv| csv.contains("5.6-1,M,,No,,")), "the ICS as CSV: {csv}");

    // the progress and the work survive a reload
    client.refresh().await.expect("reload");
    let lab = open_lab(client, ".conformity-assessment").await;
    text_containing(&lab, ".conformity-exercises h4", "2 of 6 done").await;
    assert!(checked(&lab, "input.fix.remove-telnet").await, "the plan was kept");

    // a bad file changes nothing and says why; the exported file brings the work back
    let folder = std::env::temp_dir().join(format!("conformity-browser-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a folder for the files");
    click(client, &find(&lab, "input.fix.remove-telnet").await).await;
    import(&lab, &folder.join("other.json"), r#"{"format": "iot-book-progress", "version": 1}"#).await;
    let notice = text_containing(&lab, ".notice", "Nothing was imported").await;
    assert!(notice.contains("not a conformity lab assessment"), "{notice}");
    assert!(!checked(&lab, "input.fix.remove-telnet").await, "the bad file changed nothing");
    import(&lab, &folder.join("conformity-assessment.json"), &exported).await;
    text_containing(&lab, ".notice", "The assessment was imported").await;
    assert!(checked(&lab, "input.fix.remove-telnet").await, "the imported plan is back");
    text_containing(&lab, "table.crosswalk", "5.6-1").await;

    // corrupt the stored progress: a clear message, and a lab that works and saves again
    client
        .execute("localStorage.setItem(arguments[0], '{corrupt'); return true;", vec![json!(PROGRESS_KEY)])
        .await
        .expect("corrupt storage");
    client.refresh().await.expect("reload");
    let lab = open_lab(client, ".conformity-assessment").await;
    let notice = text_containing(&lab, ".notice", "could not be read").await;
    assert!(notice.contains("starts afresh"), "{notice}");
    text_containing(&lab, ".conformity-exercises h4", "0 of 6 done").await;
    choose(&lab, "select.exercise", "cheapest-fixes").await;
    for fix in CHEAPEST_PLAN {
        click(client, &find(&lab, &format!("input.fix.{fix}")).await).await;
    }
    text_containing(&lab, ".conformity-exercises .check", "Done").await;
    let stored = eventually(client, "return localStorage.getItem('iot-book/conformity-lab/progress');").await;
    assert!(stored.as_str().is_some_and(|text| text.contains("cheapest-fixes")), "saved again: {stored}");

    let _ = std::fs::remove_dir_all(&folder);
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prediction_is_committed_from_the_keyboard_on_a_narrow_screen_before_the_answer_shows() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = lab_page(&server, "eu-framework");
    let browser = Browser::start().await;
    let client = &browser.client;
    client.set_window_size(360, 800).await.expect("a phone-sized window");
    client.goto(&server.url(&page)).await.expect("open the chapter");
    let lab = open_lab(client, ".conformity-rules").await;
    text_containing(&lab, ".conformity-exercises h4", "0 of 2 done").await;
    text_containing(&lab, ".conformity-rules .hidden-answer", "Commit your prediction").await;
    assert!(lab.find(Locator::Css(".findings")).await.is_err(), "the answer waits for the prediction");
    assert!(lab.find(Locator::Css(".conformity-assessment")).await.is_err(), "mode = rules shows mode 1 only");

    let culprits = sticking_out(client, ".conformity-lab", &[".table-scroll", "pre"]).await;
    assert!(culprits.is_empty(), "the lab fits a 360 px screen; wider: {culprits:?}");

    // keyboard: focus each box and press space, then Enter on the commit button
    for act in ["gdpr", "eprivacy", "cra"] {
        let checkbox = find(&lab, &format!("input.predict.{act}")).await;
        let reference = serde_json::to_value(&checkbox).expect("element reference");
        client.execute("arguments[0].focus();", vec![reference]).await.expect("focus");
        checkbox.send_keys(" ").await.expect("space");
    }
    let commit = find(&lab, "button.commit").await;
    let reference = serde_json::to_value(&commit).expect("element reference");
    client.execute("arguments[0].focus();", vec![reference]).await.expect("focus");
    commit.send_keys("\u{E007}").await.expect("Enter");
    let check = text_containing(&lab, ".conformity-exercises .check", "3 difference(s)").await;
    assert!(check.contains("you left it out") && check.contains("you ticked it"), "{check}");
    text_containing(&lab, ".findings", "Art. 3(3)(e)").await;

    // revise: untick ePrivacy, tick the RED act and the Data Act, commit again
    click(client, &find(&lab, "button.revise").await).await;
    for act in ["eprivacy", "red", "data-act"] {
        click(client, &find(&lab, &format!("input.predict.{act}")).await).await;
    }
    click(client, &find(&lab, "button.commit").await).await;
    text_containing(&lab, ".conformity-exercises .check", "Done").await;
    text_containing(&lab, ".conformity-exercises h4", "1 of 2 done").await;
    text_containing(&lab, ".standards", "notified body").await;

    // a bad date is announced at its field and changes nothing
    type_into(&lab, "input.market-date", "2027-02-30").await;
    find(&lab, "input.market-date").await.send_keys("\u{E004}").await.expect("Tab away");
    text_containing(&lab, ".field-error", "has no day 30").await;
    let date = find(&lab, "input.market-date").await;
    assert_eq!(date.attr("aria-invalid").await.expect("attribute").as_deref(), Some("true"));
    text_containing(&lab, ".conformity-exercises h4", "1 of 2 done").await;

    // the dark theme: the lab's text and fields follow mdBook's colour variables
    client
        .execute("localStorage.setItem('mdbook-theme', 'coal'); return true;", vec![])
        .await
        .expect("choose the dark theme");
    client.refresh().await.expect("reload");
    let lab = open_lab(client, ".conformity-rules").await;
    text_containing(&lab, ".findings", "Art. 3(3)(e)").await;
    let colours = client
        .execute(
            "const style = (css, property) => getComputedStyle(document.querySelector(css))[property]; return [document.documentElement.className, style('body', 'color'), style('.conformity-lab .finding .why', 'color'), style('.conformity-lab input.product-name', 'backgroundColor'), style('html', 'backgroundColor')];",
            vec![],
        )
        .await
        .expect("computed colours");
    let colours: Vec<String> = colours
        .as_array()
        .map(|values| values.iter().map(|value| value.as_str().unwrap_or_default().to_owned()).collect())
        .unwrap_or_default();
    assert!(colours.first().is_some_and(|class| class.contains("coal")), "{colours:?}");
    assert_eq!(colours.get(1), colours.get(2), "the lab's text uses the theme's foreground: {colours:?}");
    assert_eq!(colours.get(3), colours.get(4), "the fields use the theme's background: {colours:?}");

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}
