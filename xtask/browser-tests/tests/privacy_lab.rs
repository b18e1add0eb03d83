//! The privacy lab in a real browser: a student completes two privacy exercises by changing the policy, reloads
//! and finds the progress kept, then finds a clear message and a working lab after the stored progress is
//! corrupted; and the lab fits a 360 px screen, works from the keyboard and follows the dark theme.

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, find, pages_containing, sticking_out, stored_item,
    text_eventually,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

const PROGRESS_KEY: &str = "iot-book/privacy-lab/progress";

/// The chapter whose activity starts the lab on the first exercise.
fn lab_page(server: &SiteServer) -> String {
    let pages = pages_containing(&server.site, r#"data-lab="privacy-lab""#);
    assert!(pages.len() >= 2, "the privacy chapters mount the privacy lab: {pages:?}");
    pages.into_iter().find(|page| page.contains("protecting-privacy")).expect("protecting-privacy mounts the lab")
}

async fn open_lab(client: &Client) -> Element {
    find(client, ".privacy-lab .privacy-observer").await;
    client.find(Locator::Css(".privacy-lab")).await.expect("the lab")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_completes_privacy_exercises_and_keeps_the_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = lab_page(&server);
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&page)).await.expect("open the chapter");
    let lab = open_lab(client).await;

    // exercise 1 (the directive's): the supplier sees the routine in 15-minute readings
    let check = text_eventually(&lab, ".privacy-exercises .check", "Not yet").await;
    assert!(check.contains("still infers"), "{check}");
    assert!(text_eventually(&lab, ".privacy-observer .occupancy", "exposed").await.contains("routine is exposed"));
    click(client, &find(&lab, "button.hint").await).await;
    assert!(text_eventually(&lab, ".hints", "15-minute").await.contains("15-minute"), "a hint is revealed");
    choose(&lab, "select.resolution.energy", "daily").await;
    let check = text_eventually(&lab, ".privacy-exercises .check", "Done").await;
    assert!(check.contains("Done") && check.contains("daily total is exact"), "{check}");
    assert!(text_eventually(&lab, ".privacy-observer .occupancy", "hidden").await.contains("routine is hidden"));
    assert!(text_eventually(&lab, ".privacy-exercises h4", "1 of 5").await.contains("1 of 5 done"));

    // exercise 3: pseudonymise the motion data, then see linkage re-identify Ana
    choose(&lab, "select.exercise", "pseudonymise-motion").await;
    assert!(
        text_eventually(&lab, ".privacy-exercises .check", "Not yet").await.contains("name"),
        "names reach the partner at first"
    );
    choose(&lab, "select.identifiers.motion", "pseudonymised").await;
    let check = text_eventually(&lab, ".privacy-exercises .check", "Done").await;
    assert!(check.contains("Recital 26"), "{check}");
    let linkage = text_eventually(&lab, ".privacy-observer .linkage", "Re-identified").await;
    assert!(linkage.contains("Re-identified") && linkage.contains("Ana's bedroom"), "{linkage}");
    assert!(text_eventually(&lab, ".privacy-exercises h4", "2 of 5").await.contains("2 of 5 done"));

    // progress, the exercise and the policy survive a reload
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    assert!(
        text_eventually(&lab, ".privacy-exercises h4", "2 of 5").await.contains("2 of 5 done"),
        "progress was kept"
    );
    assert!(
        text_eventually(&lab, ".privacy-exercises .check", "Done").await.contains("Recital 26"),
        "the policy was kept"
    );

    // corrupt the stored progress: a clear message, and a lab that works
    client
        .execute(&format!("localStorage.setItem('{PROGRESS_KEY}', '{{corrupt'); return true;"), vec![])
        .await
        .expect("corrupt storage");
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    let notice = text_eventually(&lab, ".notice", "could not be read").await;
    assert!(notice.contains("could not be read") && notice.contains("starts afresh"), "{notice}");
    assert!(text_eventually(&lab, ".privacy-exercises h4", "0 of 5").await.contains("0 of 5 done"));
    choose(&lab, "select.resolution.energy", "daily").await;
    assert!(
        text_eventually(&lab, ".privacy-exercises .check", "Done").await.contains("Done"),
        "the lab works after the reset"
    );
    click(client, &find(&lab, "button.dismiss").await).await;
    let stored = stored_item(client, PROGRESS_KEY).await.unwrap_or_default();
    assert!(stored.contains("routine-from-energy"), "the progress is saved again: {stored}");

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_privacy_lab_fits_a_narrow_screen_works_from_the_keyboard_and_follows_the_dark_theme() {
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
    text_eventually(&lab, ".privacy-exercises .check", "Not yet").await;
    let width: i64 = client
        .execute("return document.querySelector('.privacy-lab').scrollWidth;", vec![])
        .await
        .expect("width")
        .as_i64()
        .unwrap_or(i64::MAX);
    let viewport: i64 = client
        .execute("return document.querySelector('.privacy-lab').clientWidth;", vec![])
        .await
        .expect("width")
        .as_i64()
        .unwrap_or(0);
    let culprits = sticking_out(client, ".privacy-lab", &[]).await.join(", ");
    assert!(width <= viewport + 1, "the lab fits a 360 px screen ({width} > {viewport}; wider: {culprits})");

    // keyboard: focus the heating app's motion checkbox and toggle it with the space bar
    choose(&lab, "select.exercise", "heating-least-privilege").await;
    let checkbox = find(&lab, "input.access-heating-motion").await;
    let reference = serde_json::to_value(&checkbox).expect("element reference");
    client.execute("arguments[0].focus();", vec![reference]).await.expect("focus");
    checkbox.send_keys(" ").await.expect("space");
    let check = text_eventually(&lab, ".privacy-exercises .check", "Done").await;
    assert!(check.contains("4103"), "{check}");

    // the dark theme: the lab's text and figure follow mdBook's colour variables
    client
        .execute("localStorage.setItem('mdbook-theme', 'coal'); return true;", vec![])
        .await
        .expect("choose the dark theme");
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    text_eventually(&lab, ".privacy-exercises .check", "Done").await;
    let colours = client
        .execute(
            "const style = (css, property) => getComputedStyle(document.querySelector(css))[property]; return [document.documentElement.className, style('body', 'color'), style('.privacy-lab .occupancy-timeline text', 'fill'), style('.privacy-lab section', 'backgroundColor'), style('html', 'backgroundColor')];",
            vec![],
        )
        .await
        .expect("computed colours");
    let colours: Vec<String> = colours
        .as_array()
        .map(|values| values.iter().map(|value| value.as_str().unwrap_or_default().to_owned()).collect())
        .unwrap_or_default();
    assert!(colours.first().is_some_and(|class| class.contains("coal")), "{colours:?}");
    assert_eq!(colours.get(1), colours.get(2), "the figure's text uses the theme's foreground: {colours:?}");
    assert_eq!(colours.get(3), colours.get(4), "the panels use the theme's background: {colours:?}");
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}
