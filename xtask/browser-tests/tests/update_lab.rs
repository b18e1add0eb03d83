//! The secure-update lab in a real browser: a student ships the signed fix, predicts and runs three attacks and
//! schedules the CRA Art. 14 reports (three exercises, with the mouse and the keyboard), reloads and finds the
//! progress kept, feeds a bad work file and a corrupt stored state; and the lab fits a 360 px screen, works from the
//! keyboard and follows the dark theme.

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, find, pages_containing, sticking_out, stored_item,
    text_containing, text_eventually, type_into,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

const PROGRESS_KEY: &str = "iot-book/update-lab/progress";
/// The Tab key (WebDriver's code), which leaves a field and so commits what was typed.
const TAB: &str = "\u{E004}";

fn lab_page(server: &SiteServer) -> String {
    let pages = pages_containing(&server.site, r#"data-lab="update-lab""#);
    pages
        .into_iter()
        .find(|page| page.contains("lifecycle"))
        .expect("the lifecycle chapter mounts the secure-update lab")
}

async fn open_lab(client: &Client) -> Element {
    find(client, ".update-lab .update-pipeline").await;
    client.find(Locator::Css(".update-lab")).await.expect("the lab")
}

async fn schedule(lab: &Element, duty: &str, hours: &str) {
    let css = format!("input[id^='update-clock-{duty}-']");
    type_into(lab, &css, hours).await;
    find(lab, &css).await.send_keys(TAB).await.expect("leave the field");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_ships_the_fix_predicts_attacks_schedules_reports_and_keeps_the_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = lab_page(&server);
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&page)).await.expect("open the chapter");
    let lab = open_lab(client).await;

    // exercise 1 (the directive's): sign and ship 1.3.0
    let check = text_eventually(&lab, ".update-exercises .check", "Not yet").await;
    assert!(check.contains("runs 1.2.0"), "{check}");
    click(client, &find(&lab, "button.hint").await).await;
    text_containing(&lab, ".hints", "Sign and ship").await;
    click(client, &find(&lab, "button.ship").await).await;
    let report = text_containing(&lab, ".update-report .result", "installed and running").await;
    assert!(report.contains("1.3.0"), "{report}");
    assert!(text_containing(&lab, ".update-report", "Payload digest").await.contains("passed"));
    text_containing(&lab, ".update-exercises .check", "Done").await;
    text_containing(&lab, ".update-exercises h4", "1 of 8 done").await;

    // exercise 3: predict, then run, the three integrity attacks
    choose(&lab, "select.exercise", "predict-integrity-attacks").await;
    for (attack, prediction) in [
        ("unsigned", "rejected:signature"),
        ("tampered-byte", "rejected:digest"),
        ("server-in-the-middle", "rejected:digest"),
    ] {
        let item = find(&lab, &format!("li[data-attack='{attack}']")).await;
        choose(&item, "select.prediction", prediction).await;
        click(client, &find(&item, "button.run").await).await;
        text_containing(&item, ".observed", "Your prediction was right").await;
    }
    let check = text_containing(&lab, ".update-exercises .check", "Done").await;
    assert!(check.contains("all three predictions were right"), "{check}");

    // exercise 8, from the keyboard: a wrong hour is flagged at its field, then every deadline met
    choose(&lab, "select.exercise", "cra-clock").await;
    schedule(&lab, "early-warning", "5000").await;
    let error = text_containing(&lab, ".duty[data-duty='early-warning'] .field-error", "Not changed").await;
    assert!(error.contains("0 to 1000"), "{error}");
    let field = find(&lab, "input[id^='update-clock-early-warning-']").await;
    assert_eq!(field.attr("aria-invalid").await.expect("attribute").as_deref(), Some("true"));
    for (duty, hours) in
        [("early-warning", "20"), ("notification", "70"), ("final-report", "400"), ("inform-users", "150")]
    {
        schedule(&lab, duty, hours).await;
    }
    let check = text_containing(&lab, ".update-exercises .check", "Done").await;
    assert!(check.contains("every Art. 14 deadline is met"), "{check}");
    text_containing(&lab, ".update-exercises h4", "3 of 8 done").await;

    // progress and the work survive a reload
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    text_containing(&lab, ".update-exercises h4", "3 of 8 done").await;
    text_containing(&lab, ".slots", "1.3.0 (sequence 4) ← running").await;

    // a bad work file changes nothing and says why
    let folder = std::env::temp_dir().join(format!("update-lab-browser-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a temporary folder");
    let bad = folder.join("not-work.json");
    std::fs::write(&bad, r#"{"format": "update-lab-work", "version": 1}"#).expect("write");
    let input = lab.find(Locator::Css("input[id^='update-file-']")).await.expect("the file input");
    input.send_keys(&bad.display().to_string()).await.expect("choose the file");
    let notice = text_containing(&lab, ".notice", "Nothing was imported").await;
    assert!(notice.contains("incomplete or damaged"), "{notice}");
    text_containing(&lab, ".slots", "1.3.0 (sequence 4) ← running").await;
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
    text_containing(&lab, ".update-exercises h4", "0 of 8 done").await;
    click(client, &find(&lab, "button.ship").await).await;
    text_containing(&lab, ".update-exercises .check", "Done").await;
    click(client, &find(&lab, "button.dismiss").await).await;
    let stored = stored_item(client, PROGRESS_KEY).await.unwrap_or_default();
    assert!(stored.contains("ship-the-fix"), "the progress is saved again: {stored}");

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_update_lab_fits_a_narrow_screen_ships_from_the_keyboard_and_follows_the_dark_theme() {
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
    text_eventually(&lab, ".update-exercises .check", "Not yet").await;
    let widths = client
        .execute(
            "const lab = document.querySelector('.update-lab'); return [lab.scrollWidth, lab.clientWidth];",
            vec![],
        )
        .await
        .expect("widths");
    let width = widths[0].as_i64().unwrap_or(i64::MAX);
    let viewport = widths[1].as_i64().unwrap_or(0);
    let culprits = sticking_out(client, ".update-lab", &["pre", ".table-scroll"]).await.join(", ");
    assert!(width <= viewport + 1, "the lab fits a 360 px screen ({width} > {viewport}; wider: {culprits})");

    // keyboard: focus the ship button and press Enter
    let ship = find(&lab, "button.ship").await;
    let reference = serde_json::to_value(&ship).expect("element reference");
    client.execute("arguments[0].focus();", vec![reference]).await.expect("focus");
    ship.send_keys("\u{E007}").await.expect("Enter");
    text_containing(&lab, ".update-exercises .check", "Done").await;

    // the dark theme: the lab's panels and its verdicts follow the theme
    client
        .execute("localStorage.setItem('mdbook-theme', 'coal'); return true;", vec![])
        .await
        .expect("choose the dark theme");
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    text_containing(&lab, ".update-exercises .check", "Done").await;
    let colours = client
        .execute(
            "const style = (css, property) => getComputedStyle(document.querySelector(css))[property]; return [document.documentElement.className, style('.update-lab section', 'backgroundColor'), style('html', 'backgroundColor'), style('.update-lab .update-pipeline', 'color'), style('body', 'color')];",
            vec![],
        )
        .await
        .expect("computed colours");
    let colours: Vec<String> = colours
        .as_array()
        .map(|values| values.iter().map(|value| value.as_str().unwrap_or_default().to_owned()).collect())
        .unwrap_or_default();
    assert!(colours.first().is_some_and(|class| class.contains("coal")), "{colours:?}");
    assert_eq!(colours.get(1), colours.get(2), "the panels use the theme's background: {colours:?}");
    assert_eq!(colours.get(3), colours.get(4), "the text uses the theme's foreground: {colours:?}");
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    browser.close().await;
}
