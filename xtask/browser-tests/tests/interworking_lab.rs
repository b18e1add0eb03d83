//! The interworking-proxy lab in a real browser: a student predicts, then sees Matter refuse a write, types a mapping that reads the
//! LwM2M sensor, keeps its units and switches the Matter light, applies it, runs a semantic discovery (four
//! exercises, with clicks and keys), reloads and finds the progress and the mapping kept, feeds a bad file and a
//! corrupt stored state; and the lab fits a 360 px screen.

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, find, pages_containing, sticking_out, text_containing,
    text_eventually, type_into,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

const PROGRESS_KEY: &str = "iot-book/interworking-lab/progress";

/// The mapping a student types (the naive one, fixed): 3303 as a temperature flexContainer with its units, the
/// Matter switch with On/Off actions, the Matter temperature sensor with its scale.
const SOLVED_MAPPING: &str = r#"{"devices": [
{"device": "roof-01", "name": "roof-01", "as": "ae", "units": [
{"unit": "3303/0", "name": "temperature", "as": {"kind": "flexcontainer", "specialisation": "cod:tempe", "definition": "org.onem2m.common.moduleclass.temperature"}, "points": [{"point": 5700, "attribute": "currentTemperature"}, {"point": 5701, "attribute": "unit"}]},
{"unit": "3311/0", "name": "light", "as": {"kind": "flexcontainer", "specialisation": "cod:binSh", "definition": "org.onem2m.common.moduleclass.binarySwitch"}, "points": [{"point": 5850, "attribute": "powerState"}]}]},
{"device": "hall-light", "name": "hall-light", "as": "node", "units": [
{"unit": "1/0x0006", "name": "switch", "as": {"kind": "flexcontainer", "specialisation": "cod:binSh", "definition": "org.onem2m.common.moduleclass.binarySwitch"}, "points": [{"point": 0, "attribute": "powerState"}], "actions": [{"command": 1, "attribute": "powerState", "value": true}, {"command": 0, "attribute": "powerState", "value": false}]},
{"unit": "2/0x0402", "name": "temperature", "as": {"kind": "flexcontainer", "specialisation": "cod:tempe", "definition": "org.onem2m.common.moduleclass.temperature"}, "points": [{"point": 0, "attribute": "currentTemperature", "scale": 0.01}]}]}]}"#;

const QUERY: &str = "PREFIX saref: <https://saref.etsi.org/core/> PREFIX ex: <http://example.org/building#> SELECT ?d WHERE { ?d saref:measuresProperty ex:temperature }";

fn lab_page(server: &SiteServer) -> String {
    let pages = pages_containing(&server.site, r#"data-lab="interworking-proxy""#);
    pages.into_iter().find(|page| page.contains("interworking")).expect("the interworking chapter mounts the lab")
}

async fn open_lab(client: &Client) -> Element {
    find(client, ".interworking-lab .interworking-mapping").await;
    client.find(Locator::Css(".interworking-lab")).await.expect("the lab")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_maps_both_devices_switches_the_light_discovers_and_keeps_the_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let page = lab_page(&server);
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&page)).await.expect("open the chapter");
    let lab = open_lab(client).await;

    // the directive's exercise is open and not solved by the naive mapping
    let check = text_eventually(&lab, ".interworking-exercises .check", "Not yet").await;
    assert!(check.contains("cod:tempe"), "{check}");
    click(client, &find(&lab, "button.hint").await).await;
    text_containing(&lab, ".hints", "5700").await;

    // predict, then observe: Matter refuses a write of OnOff
    choose(&lab, "select.path", "cse-in/interworking-ipe/hall-light-switch").await;
    type_into(&lab, "input.attribute", "powerState").await;
    type_into(&lab, "input.value", "true").await;
    choose(&lab, "select.prediction", "follows").await;
    click(client, &find(&lab, "button.update").await).await;
    text_containing(&lab, ".interworking-log", "UNSUPPORTED_WRITE (0x88)").await;
    let notice = text_containing(&lab, ".notice", "Not what you predicted").await;
    assert!(notice.contains("the device refuses"), "{notice}");
    click(client, &find(&lab, "button.dismiss").await).await;

    // the student types a better mapping and applies it
    type_into(&lab, "textarea.mapping", SOLVED_MAPPING).await;
    click(client, &find(&lab, "button.apply-mapping").await).await;
    text_containing(&lab, ".mapping-summary", "cse-in/roof-01/temperature").await;
    let check = text_containing(&lab, ".interworking-exercises .check", "Done").await;
    assert!(check.contains("without knowing LwM2M"), "{check}");
    choose(&lab, "select.exercise", "switch-matter-light").await;
    text_containing(&lab, ".interworking-exercises .check", "Done").await;
    choose(&lab, "select.exercise", "keep-the-units").await;
    text_containing(&lab, ".interworking-exercises .check", "Done").await;
    text_containing(&lab, ".interworking-exercises h4", "3 of 4 done").await;

    // the dashboard switches the Matter light now
    choose(&lab, "select.path", "cse-in/interworking-ipe/hall-light-switch").await;
    type_into(&lab, "input.attribute", "powerState").await;
    type_into(&lab, "input.value", "true").await;
    click(client, &find(&lab, "button.update").await).await;
    text_containing(&lab, ".interworking-log", "invoke command 1").await;
    text_containing(&lab, ".interworking-device.matter", "true").await;

    // exercise 4: semantic discovery of every temperature sensor
    choose(&lab, "select.exercise", "discover-temperature").await;
    type_into(&lab, "textarea.query", QUERY).await;
    click(client, &find(&lab, "button.run-query").await).await;
    text_containing(&lab, ".discovery-result", "cse-in/hall-thermometer").await;
    text_containing(&lab, ".interworking-exercises .check", "Done").await;
    text_containing(&lab, ".interworking-exercises h4", "4 of 4 done").await;

    // progress and the mapping survive a reload
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    text_containing(&lab, ".interworking-exercises h4", "4 of 4 done").await;
    text_containing(&lab, ".mapping-summary", "cse-in/interworking-ipe/hall-light-temperature").await;

    // a bad file changes nothing and says why
    let folder = std::env::temp_dir().join(format!("interworking-lab-browser-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a temporary folder");
    let bad = folder.join("not-a-mapping.json");
    std::fs::write(&bad, r#"{"devices": [{"device": "toaster", "name": "t", "as": "ae"}]}"#).expect("write");
    let input = lab.find(Locator::Css("input[id^='interworking-file-']")).await.expect("the file input");
    input.send_keys(&bad.display().to_string()).await.expect("choose the file");
    let notice = text_containing(&lab, ".notice", "Nothing was imported").await;
    assert!(notice.contains("toaster"), "{notice}");
    text_containing(&lab, ".mapping-summary", "cse-in/roof-01/temperature").await;
    std::fs::remove_dir_all(&folder).ok();

    // corrupt the stored progress: a clear message, and a lab that works
    client
        .execute(&format!("localStorage.setItem('{PROGRESS_KEY}', '{{corrupt'); return true;"), vec![])
        .await
        .expect("corrupt storage");
    client.refresh().await.expect("reload");
    let lab = open_lab(client).await;
    let notice = text_eventually(&lab, ".notice", "could not be read").await;
    assert!(notice.contains("starts afresh"), "{notice}");
    text_containing(&lab, ".interworking-exercises h4", "0 of 4 done").await;
    text_containing(&lab, ".mapping-summary", "cse-in/roof-01/3303-0").await;

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_interworking_lab_fits_a_narrow_screen_and_flags_a_broken_mapping_at_its_field() {
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
    text_eventually(&lab, ".interworking-exercises .check", "Not yet").await;
    let widths = client
        .execute(
            "const lab = document.querySelector('.interworking-lab'); return [lab.scrollWidth, lab.clientWidth];",
            vec![],
        )
        .await
        .expect("widths");
    let width = widths[0].as_i64().unwrap_or(i64::MAX);
    let viewport = widths[1].as_i64().unwrap_or(0);
    let culprits = sticking_out(client, ".interworking-lab", &["pre", "table", "textarea"]).await.join(", ");
    assert!(width <= viewport + 1, "the lab fits a 360 px screen ({width} > {viewport}; wider: {culprits})");

    // a mapping with a syntax error is refused at its field, and the IPE keeps the mapping it had
    type_into(&lab, "textarea.mapping", "{\"devices\": [ oops").await;
    click(client, &find(&lab, "button.apply-mapping").await).await;
    let error = text_containing(&lab, ".interworking-mapping .field-error", "Not applied").await;
    assert!(error.contains("line 1:"), "{error}");
    let field = find(&lab, "textarea.mapping").await;
    assert_eq!(field.attr("aria-invalid").await.expect("attribute").as_deref(), Some("true"));
    text_containing(&lab, ".mapping-summary", "cse-in/roof-01/3303-0").await;

    // from the keyboard: measure a new temperature with Enter on the button
    type_into(&lab, ".interworking-device.lwm2m input.sense-value", "26.5").await;
    let button = find(&lab, ".interworking-device.lwm2m button.sense").await;
    let reference = serde_json::to_value(&button).expect("element reference");
    client.execute("arguments[0].focus();", vec![reference]).await.expect("focus");
    button.send_keys("\u{E007}").await.expect("Enter");
    text_containing(&lab, ".interworking-log", "26.5").await;
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    browser.close().await;
}
