//! The CSE lab in a real browser: a student completes three exercises by operating the console, reloads and
//! finds the progress kept, then finds a clear message and a working lab after the stored state is corrupted.

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, find, gap_below, pages_containing, sticking_out,
    text_eventually, type_into,
};
use fantoccini::Client;
use fantoccini::elements::Element;

async fn send(client: &Client, lab: &Element) {
    click(client, &find(lab, "button.send").await).await;
}

async fn expect_done(lab: &Element, exercise: &str) {
    let outcome = text_eventually(lab, ".cse-exercises .check", "Done").await;
    assert!(outcome.contains("Done"), "{exercise} is not done: {outcome}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_completes_three_exercises_and_keeps_the_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let pages = pages_containing(&server.site, r#"data-lab="cse-console""#);
    assert!(!pages.is_empty(), "no chapter mounts the CSE lab");
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&pages[0])).await.expect("open the chapter");
    let lab = find(client, ".cse-lab").await;

    // opened, not touched: nothing is stored
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let stored = client
        .execute("return Object.keys(localStorage).filter(k => k.startsWith('iot-book/'));", vec![])
        .await
        .expect("list localStorage");
    assert_eq!(stored, serde_json::json!([]), "the lab saved before the student did anything");

    // 1. first contact: the console starts on Retrieve cse-in as CAdmin
    choose(&lab, "select.exercise", "first-contact").await;
    send(client, &lab).await;
    let rsc = text_eventually(&lab, ".cse-response .rsc", "2000").await;
    assert!(rsc.contains("2000") && rsc.contains("OK"), "{rsc}");
    expect_done(&lab, "first-contact").await;

    // 2. register an AE with originator C (the template has a poa)
    choose(&lab, "select.exercise", "register-ae").await;
    choose(&lab, "select.operation", "0").await;
    type_into(&lab, "input.originator", "C").await;
    send(client, &lab).await;
    assert!(text_eventually(&lab, ".cse-response .rsc", "2001").await.contains("CREATED"));
    expect_done(&lab, "register-ae").await;

    // 3. containers: mni 3, four instances, then la
    choose(&lab, "select.exercise", "containers").await;
    choose(&lab, "select.operation", "0").await;
    choose(&lab, "select.resource-type", "3").await;
    type_into(&lab, "input.to", "cse-in/sensor").await;
    type_into(&lab, "input.originator", "Csensor").await;
    send(client, &lab).await;
    assert!(text_eventually(&lab, ".cse-response .rsc", "2001").await.contains("2001"));
    choose(&lab, "select.resource-type", "4").await;
    type_into(&lab, "input.to", "cse-in/sensor/data").await;
    for _ in 0..4 {
        send(client, &lab).await;
    }
    let tree = text_eventually(&lab, ".cse-tree", "cni 3 / mni 3").await;
    assert!(tree.contains("cni 3 / mni 3"), "eviction kept three instances: {tree}");
    choose(&lab, "select.operation", "1").await;
    type_into(&lab, "input.to", "cse-in/sensor/data/la").await;
    send(client, &lab).await;
    expect_done(&lab, "containers").await;
    assert!(text_eventually(&lab, ".cse-exercises h4", "3 of 8").await.contains("3 of 8 done"));
    let sequence = text_eventually(&lab, ".cse-sequence", "RETRIEVE cse-in/sensor/data/la").await;
    assert!(
        sequence.contains("Csensor") && sequence.contains("RETRIEVE cse-in/sensor/data/la"),
        "the sequence diagram shows the exchange: {sequence}"
    );

    // progress and the session survive a reload
    client.refresh().await.expect("reload");
    let lab = find(client, ".cse-lab").await;
    assert!(text_eventually(&lab, ".cse-exercises h4", "3 of 8").await.contains("3 of 8 done"), "progress was kept");
    assert!(
        text_eventually(&lab, ".cse-tree", "cni 3 / mni 3").await.contains("cni 3 / mni 3"),
        "the session was replayed"
    );

    // corrupt the saved session: a clear message, and a lab that works
    client
        .execute(
            "for (const key of Object.keys(localStorage)) { if (key.startsWith('iot-book/cse-lab/session')) localStorage.setItem(key, '{corrupt'); } return true;",
            vec![],
        )
        .await
        .expect("corrupt storage");
    client.refresh().await.expect("reload");
    let lab = find(client, ".cse-lab").await;
    let notice = text_eventually(&lab, ".notice", "could not be read").await;
    assert!(notice.contains("could not be read"), "{notice}");
    assert!(
        text_eventually(&lab, ".cse-exercises h4", "3 of 8").await.contains("3 of 8 done"),
        "progress is stored apart from the session"
    );
    choose(&lab, "select.operation", "1").await;
    type_into(&lab, "input.to", "cse-in").await;
    type_into(&lab, "input.originator", "CAdmin").await;
    send(client, &lab).await;
    assert!(
        text_eventually(&lab, ".cse-response .rsc", "2000").await.contains("2000"),
        "the lab works after the reset"
    );

    // a body that is not JSON: said at the body field and in the Response panel, nothing sent
    choose(&lab, "select.operation", "0").await;
    type_into(&lab, "textarea.body", "{\"m2m:ae\": {\"rn\": ").await;
    send(client, &lab).await;
    let message = text_eventually(&lab, ".row.body .field-error", "not valid JSON").await;
    assert!(message.starts_with("The body is not valid JSON: "), "{message}");
    let body = find(&lab, "textarea.body").await;
    assert_eq!(body.attr("aria-invalid").await.expect("attr").as_deref(), Some("true"));
    let described = body.attr("aria-describedby").await.expect("attr").expect("described by the message");
    assert_eq!(find(&lab, ".row.body .field-error").await.attr("id").await.expect("attr"), Some(described));
    let response = text_eventually(&lab, ".cse-response", "Not sent").await;
    assert!(
        response.contains("Not sent: the body is not valid JSON: ") && !response.contains("Send a request to see"),
        "{response}"
    );
    assert!(
        client.find(fantoccini::Locator::Css(".cse-lab > .notice")).await.is_err(),
        "not in the banner at the top of the lab"
    );
    let gap = gap_below(client, ".cse-lab textarea.body", ".cse-lab .row.body .field-error").await;
    assert!((0.0..40.0).contains(&gap), "the message is right below the field ({gap} px)");
    type_into(&lab, "textarea.body", "{}").await;
    assert!(
        find(&lab, "textarea.body").await.attr("aria-invalid").await.expect("attr").is_none(),
        "editing the body clears the mark"
    );

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_share_link_reproduces_the_session_at_a_narrow_width() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let pages = pages_containing(&server.site, r#"data-lab="cse-console""#);
    let browser = Browser::start().await;
    let client = &browser.client;
    client.set_window_size(360, 800).await.expect("a phone-sized window");
    client.goto(&server.url(&pages[0])).await.expect("open the chapter");
    let lab = find(client, ".cse-lab").await;
    choose(&lab, "select.operation", "0").await;
    type_into(&lab, "input.originator", "C").await;
    send(client, &lab).await;
    assert!(text_eventually(&lab, ".cse-response .rsc", "2001").await.contains("2001"));
    let width: i64 = client
        .execute("return document.querySelector('.cse-lab').scrollWidth;", vec![])
        .await
        .expect("width")
        .as_i64()
        .expect("a number");
    let viewport: i64 = client
        .execute("return document.querySelector('.cse-lab').clientWidth;", vec![])
        .await
        .expect("width")
        .as_i64()
        .expect("a number");
    let culprits = sticking_out(client, ".cse-lab", &[".diagram-scroll", "pre"]).await.join(", ");
    assert!(width <= viewport + 1, "the lab fits a 360 px screen ({width} > {viewport}; wider: {culprits})");

    click(client, &find(&lab, "button.share").await).await;
    let link = find(&lab, "input.share-link").await.prop("value").await.expect("value").expect("a link");
    assert!(link.contains("#cse-lab="), "{link}");

    // a different browser profile opens the link and sees the same tree
    browser.close().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&link).await.expect("open the share link");
    let lab = find(client, ".cse-lab").await;
    assert!(text_eventually(&lab, ".notice", "shared").await.contains("shared lab session"));
    assert!(text_eventually(&lab, ".cse-tree", "myApp").await.contains("myApp"), "the shared session holds the AE");
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    browser.close().await;
}
