//! The TLS lab in a real browser: rustls and ring compiled to wasm run real handshakes in the page. A student
//! watches the gateway's handshake and the mutual one, predicts and runs the four certificate failures, reloads and
//! finds the progress kept; a bad import changes nothing and says why; corrupt stored progress is reported and
//! replaced; the lab fits a 360 px screen; and in the identity chapter the student enrols the smart plug by CSR and
//! registers it over mutual TLS, then sees its certificate refused for another originator.

use std::path::Path;

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, find, pages_containing, sticking_out, stored_item,
    text_containing, type_into,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

const PROGRESS_KEY: &str = "iot-book/tls-lab/progress";
const TAB: &str = "\u{E004}";

fn lab_page(server: &SiteServer) -> String {
    let pages = pages_containing(&server.site, r#"data-lab="tls-lab""#);
    pages.into_iter().find(|page| page.contains("secure-communication")).expect("secure-communication mounts the lab")
}

async fn open_lab(client: &Client) -> Element {
    find(client, ".tls-lab .tls-scenario").await;
    client.find(Locator::Css(".tls-lab")).await.expect("the lab")
}

async fn import(lab: &Element, path: &Path, text: &str) {
    std::fs::write(path, text).expect("write the file to import");
    let input = lab.find(Locator::Css("input[type='file']")).await.expect("the file input");
    input.send_keys(&path.display().to_string()).await.expect("choose the file");
}

async fn predict_and_run(client: &Client, lab: &Element, scenario: &str, aborts: &str, alert: &str) {
    choose(lab, "select.scenario", scenario).await;
    choose(lab, "select.predict-aborts", aborts).await;
    choose(lab, "select.predict-alert", alert).await;
    click(client, &find(lab, "button.commit-prediction").await).await;
    text_containing(lab, ".committed", "Committed").await;
    click(client, &find(lab, "button.run").await).await;
    text_containing(lab, ".observed .verdict", "Observed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_runs_real_handshakes_predicts_failures_and_keeps_the_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = lab_page(&server);
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&page)).await.expect("open the chapter");
    let lab = open_lab(client).await;

    // exercise 1 (the directive's): the gateway's handshake, then the mutual one
    text_containing(&lab, ".tls-exercises .check", "Run").await;
    click(client, &find(&lab, "button.run").await).await;
    text_containing(&lab, ".observed .verdict", "nobody: the handshake completes").await;
    let flights = text_containing(&lab, ".tls-transcript ol.flights", "EncryptedExtensions").await;
    assert!(flights.contains("ClientHello") && flights.contains("key_share"), "{flights}");
    text_containing(&lab, ".path-verdict", "valid: the client built a path").await;
    choose(&lab, "select.scenario", "mutual").await;
    click(client, &find(&lab, "button.run").await).await;
    text_containing(&lab, ".tls-transcript", "CertificateRequest").await;
    text_containing(&lab, ".tls-exercises .check", "Done").await;

    // exercise 2: predict, then observe, the four certificate failures (one prediction wrong on purpose)
    choose(&lab, "select.exercise", "predict-certificate-failures").await;
    assert!(
        find(&lab, "button.run").await.attr("disabled").await.expect("attribute").is_some(),
        "no run before a prediction"
    );
    predict_and_run(client, &lab, "expired", "client", "45").await;
    text_containing(&lab, ".tls-transcript", "not valid at the lab").await;
    text_containing(&lab, ".observed .verdict", "Your prediction was right").await;
    predict_and_run(client, &lab, "wrong-name", "server", "42").await;
    text_containing(&lab, ".observed .verdict", "Your prediction was different").await;
    text_containing(&lab, ".rustls-error", "not valid for name").await;
    predict_and_run(client, &lab, "untrusted-root", "client", "48").await;
    predict_and_run(client, &lab, "missing-intermediate", "client", "48").await;
    let check = text_containing(&lab, ".tls-exercises .check", "Done").await;
    assert!(check.contains("3 of 4 predictions were right"), "{check}");
    text_containing(&lab, ".tls-exercises h4", "2 of 5 done").await;

    // the progress and the predictions survive a reload
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    text_containing(&lab, ".tls-exercises h4", "2 of 5 done").await;
    choose(&lab, "select.scenario", "expired").await;
    text_containing(&lab, ".committed", "certificate_expired (45)").await;
    text_containing(&lab, ".observed .verdict", "certificate_expired (45)").await;

    // a bad file changes nothing and says why
    let folder = std::env::temp_dir().join(format!("tls-browser-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a folder for the files");
    import(&lab, &folder.join("other.json"), r#"{"format": "iot-book/other", "work": {}}"#).await;
    let notice = text_containing(&lab, ".notice", "Nothing was imported").await;
    assert!(notice.contains("not a TLS lab one"), "{notice}");
    text_containing(&lab, ".tls-exercises h4", "2 of 5 done").await;
    text_containing(&lab, ".committed", "certificate_expired (45)").await;

    // corrupt the stored progress: a clear message, and a lab that works and saves again
    client
        .execute(&format!("localStorage.setItem('{PROGRESS_KEY}', '{{corrupt'); return true;"), vec![])
        .await
        .expect("corrupt storage");
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    let notice = text_containing(&lab, ".notice", "could not be read").await;
    assert!(notice.contains("starts afresh"), "{notice}");
    text_containing(&lab, ".tls-exercises h4", "0 of 5 done").await;
    click(client, &find(&lab, "button.run").await).await;
    text_containing(&lab, ".observed .verdict", "Observed").await;
    let stored = stored_item(client, PROGRESS_KEY).await.unwrap_or_default();
    assert!(stored.contains("\"baseline\""), "the progress is saved again: {stored}");

    // a phone-sized screen: nothing sticks out
    client.set_window_size(360, 800).await.expect("a phone-sized window");
    let lab = open_lab(client).await;
    let sizes = client
        .execute("const lab = document.querySelector('.tls-lab'); return [lab.scrollWidth, lab.clientWidth];", vec![])
        .await
        .expect("widths");
    let sizes: Vec<i64> =
        sizes.as_array().map(|values| values.iter().filter_map(|value| value.as_i64()).collect()).unwrap_or_default();
    let culprits = sticking_out(client, ".tls-lab", &["pre"]).await.join(", ");
    assert!(sizes.len() == 2 && sizes[0] <= sizes[1] + 1, "the lab fits 360 px ({sizes:?}; wider: {culprits})");
    text_containing(&lab, ".tls-transcript", "ServerHello").await;

    // the identity chapter mounts the whole lab: enrol the plug (key pair, CSR, Device CA), register it over mutual
    // TLS, and see the same certificate refused for another originator
    client.set_window_size(1280, 900).await.expect("a desktop window");
    let identity = pages_containing(&server.site, r#"data-lab="tls-lab""#)
        .into_iter()
        .find(|page| page.contains("identity-authentication"))
        .expect("the identity chapter mounts the lab");
    client.goto(&server.url(&identity)).await.expect("open the identity chapter");
    let lab = open_lab(client).await;
    choose(&lab, "select.exercise", "enrol-device").await;
    type_into(&lab, "input.originator", &format!("plug-17{TAB}")).await;
    click(client, &find(&lab, "button.make-request").await).await;
    text_containing(&lab, ".tls-enrolment .field-error", "is not an AE originator").await;
    type_into(&lab, "input.originator", &format!("Cplug-17{TAB}")).await;
    click(client, &find(&lab, "button.make-request").await).await;
    text_containing(&lab, ".csr summary", "Cplug-17's CSR").await;
    click(client, &find(&lab, "button.sign-request").await).await;
    text_containing(&lab, ".issued", "Smart Building Device CA").await;
    text_containing(&lab, ".tls-exercises .check", "Done").await;
    choose(&lab, "select.exercise", "register-device").await;
    click(client, &find(&lab, "button.register").await).await;
    text_containing(&lab, "ol.registrations", "2001").await;
    type_into(&lab, "input.claimed", &format!("Cgateway-01{TAB}")).await;
    click(client, &find(&lab, "button.register").await).await;
    text_containing(&lab, "ol.registrations", "4103").await;
    text_containing(&lab, ".tls-exercises .check", "Done").await;

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}
