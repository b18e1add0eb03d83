//! The ontology mapping lab in headless Chromium, operated as a student would. On the SAREF chapter, which
//! mounts it with `mode = "mapping"` and so loads the lean bundle without SPARQL (`ontology_lab_mapping`):
//! fail the first exercise, reveal a hint, type the missing rule into the mapping editor, check it and see it
//! solved; generate the device into the page's CSE. On the next chapter (the full bundle): the progress is
//! there, find devices with semantic discovery (a real `smf` request evaluated by oxigraph in wasm) and solve
//! the query exercise; reload and find the progress kept; corrupt it and find a clear message. Then the lab
//! at 360 px wide.

use browser_tests::{
    Browser, SiteServer, browser_available, click_css, find, gap_below, pages_containing, sticking_out,
    text_containing, type_into,
};
use fantoccini::Client;

/// Mounts the lab with `mode = "mapping"`: the bundle without SPARQL.
const MAPPING_PAGE: &str = "semantics/saref-and-base-ontology.html";
/// Mounts the lab on its discovery exercise: the full bundle.
const DISCOVERY_PAGE: &str = "semantics/semantics-in-onem2m.html";

const ROOM1_TEMPERATURE_QUERY: &str = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX saref: <https://saref.etsi.org/core/>
PREFIX ex: <http://example.org/home#>
SELECT ?device WHERE {
?device a/rdfs:subClassOf* saref:Device ; saref:measuresProperty ?property .
?property a/rdfs:subClassOf* ex:Temperature .
ex:room1 saref:hasProperty ?property .
}";

async fn open_lab(client: &Client, server: &SiteServer, page: &str) {
    client.goto(&server.url(page)).await.expect("open the chapter");
    find(client, ".ontology-lab .ontology-exercises").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_solves_the_mapping_exercise_discovers_devices_and_keeps_the_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let pages = pages_containing(&server.site, r#"data-lab="ontology-mapper""#);
    for page in [MAPPING_PAGE, DISCOVERY_PAGE] {
        assert!(pages.iter().any(|mounting| mounting == page), "{page} mounts the ontology lab: {pages:?}");
    }
    let lean = pages_containing(&server.site, r#"data-bundle="ontology_lab_mapping""#);
    assert!(
        lean.iter().any(|page| page == MAPPING_PAGE),
        "the catalog gave the SAREF chapter the lean bundle: {lean:?}"
    );
    let browser = Browser::start().await;
    let client = &browser.client;
    open_lab(client, &server, MAPPING_PAGE).await;
    // mapping mode: the three mapping exercises, no discovery panel
    text_containing(client, ".ontology-exercises h4", "0 of 3 done").await;
    let menu = find(client, ".ontology-exercises select.exercise").await.text().await.expect("menu");
    assert!(menu.contains("Spot the unmapped property") && !menu.contains("discovery query"), "{menu}");
    assert!(client.find(fantoccini::Locator::Css(".ontology-discovery")).await.is_err(), "no SPARQL panel");
    assert!(!server.requested("labs/ontology_lab_mapping_bg.wasm").is_empty(), "the lean bundle was loaded");
    assert_eq!(server.requested("labs/ontology_lab_bg.wasm"), Vec::<String>::new(), "not the one with SPARQL");
    text_containing(client, ".ontology-exercises .goal", "saref:MeteringFunction").await;

    // an invalid rule is explained next to the add-rule form, its field marked
    type_into(client, ".ontology-mapping input.rule-source", "foo bar").await;
    type_into(client, ".ontology-mapping input.rule-target", "base:Device").await;
    click_css(client, ".ontology-mapping button.add-rule-button").await;
    let problem =
        text_containing(client, ".ontology-mapping form.add-rule .rule-problem", "“foo bar” is not one").await;
    assert!(problem.starts_with("No rule was added"), "{problem}");
    let source = find(client, ".ontology-mapping input.rule-source").await;
    assert_eq!(source.attr("aria-invalid").await.expect("attr").as_deref(), Some("true"));
    assert!(
        find(client, ".ontology-mapping input.rule-target").await.attr("aria-invalid").await.expect("attr").is_none()
    );
    assert!(
        client.find(fantoccini::Locator::Css(".ontology-lab > .notice")).await.is_err(),
        "not in the banner at the top of the lab"
    );
    let distance =
        gap_below(client, ".ontology-mapping button.add-rule-button", ".ontology-mapping .rule-problem").await;
    assert!((-40.0..60.0).contains(&distance), "the message is next to the button ({distance} px away)");

    // the graph is drawn at its natural size: names 13 px, nothing smaller than 12 px
    let sizes: serde_json::Value = client
        .execute(
            "const svg = document.querySelector('.ontology-graph svg.graph-drawing'); \
             const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; \
             return Array.from(svg.querySelectorAll('text')).map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);",
            vec![],
        )
        .await
        .expect("measure the graph's text");
    let sizes: Vec<f64> = sizes.as_array().expect("sizes").iter().filter_map(serde_json::Value::as_f64).collect();
    assert!(sizes.len() > 20 && sizes.iter().all(|size| *size >= 11.9), "text sizes as displayed: {sizes:?}");

    // the starting mapping is missing a rule: the check says what is wrong
    click_css(client, ".ontology-exercises button.check").await;
    text_containing(client, ".ontology-exercises .outcome", "Not yet").await;
    text_containing(client, ".ontology-exercises .outcome", "ex:plug1Metering").await;
    click_css(client, ".ontology-exercises button.hint").await;
    text_containing(client, ".ontology-exercises .hints", "rdfs:subClassOf").await;

    // type the rule at the end of the mapping editor; the table and the instance follow
    let rules_before = text_containing(client, ".ontology-mapping h4", "rules").await;
    // (no click first: WebDriver puts the caret at the end of a field it focuses itself)
    let editor = find(client, ".ontology-mapping textarea.mapping").await;
    editor
        .send_keys("\nsaref:MeteringFunction rdfs:subClassOf base:MeasuringFunctionality .\n")
        .await
        .expect("type into the mapping editor");
    text_containing(client, ".ontology-mapping table.rules", "saref:MeteringFunction").await;
    let rules_after = text_containing(client, ".ontology-mapping h4", "rules").await;
    assert_ne!(rules_before, rules_after, "the rule count changed");
    text_containing(client, ".ontology-instance", "base:MeasuringFunctionality").await;

    click_css(client, ".ontology-exercises button.check").await;
    let outcome = text_containing(client, ".ontology-exercises .outcome", "Done").await;
    assert!(outcome.contains("Correct"), "{outcome}");
    text_containing(client, ".ontology-exercises h4", "1 of 3 done").await;

    // generate the plug into the page's CSE (no SPARQL needed)
    click_css(client, ".ontology-resources button.generate").await;
    text_containing(client, ".ontology-resources .resource-tree", "semanticDescriptor").await;

    // the next chapter loads the full bundle, with the progress made on this one
    open_lab(client, &server, DISCOVERY_PAGE).await;
    assert!(!server.requested("labs/ontology_lab_bg.wasm").is_empty(), "the bundle with SPARQL was loaded");
    text_containing(client, ".ontology-exercises h4", "1 of 6 done").await;
    text_containing(client, ".ontology-exercises .goal", "room 1").await;

    // add the fixtures, write the discovery query, run it (smf) and check it
    click_css(client, ".ontology-resources button.generate-all").await;
    text_containing(client, ".ontology-resources .resource-tree", "humSensor1AE").await;
    type_into(client, ".ontology-discovery textarea.query", ROOM1_TEMPERATURE_QUERY).await;
    click_css(client, ".ontology-discovery button.run-query").await;
    let result = text_containing(client, ".ontology-discovery .discovery-result", "2 matching resources").await;
    assert!(result.contains("2000 OK"), "{result}");
    assert!(
        result.contains("cse-in/thermo1AE/thermo1") && result.contains("cse-in/tempSensor1AE/tempSensor1"),
        "{result}"
    );
    let matches = text_containing(client, ".ontology-discovery ul.matches", "thermo1").await;
    assert!(
        !matches.contains("tempSensor2") && !matches.contains("humSensor1"),
        "room 2 and humidity do not match: {matches}"
    );
    click_css(client, ".ontology-discovery .verdicts summary").await;
    text_containing(client, ".ontology-discovery .verdicts", "cse-in/tempSensor2AE/tempSensor2 does not match").await;
    click_css(client, ".ontology-exercises button.check").await;
    text_containing(client, ".ontology-exercises .outcome", "Done").await;
    text_containing(client, ".ontology-exercises h4", "2 of 6 done").await;

    // a broken query is a 4000 with the parser's message
    let query = find(client, ".ontology-discovery textarea.query").await;
    query.send_keys(" }").await.expect("type into the query editor");
    click_css(client, ".ontology-discovery button.run-query").await;
    text_containing(client, ".ontology-discovery .discovery-result", "4000 BAD_REQUEST").await;

    // the progress survives a reload
    client.refresh().await.expect("reload");
    find(client, ".ontology-lab .ontology-exercises").await;
    text_containing(client, ".ontology-exercises h4", "2 of 6 done").await;
    text_containing(client, ".ontology-exercises select.exercise", "Map a new SAREF class ✓").await;

    // corrupt progress: a clear message, reset, and a lab that works
    client
        .execute("localStorage.setItem('iot-book/ontology-lab/progress', '{corrupt'); return true;", vec![])
        .await
        .expect("corrupt storage");
    client.refresh().await.expect("reload");
    find(client, ".ontology-lab .ontology-exercises").await;
    text_containing(client, ".ontology-lab .notice", "could not be read").await;
    text_containing(client, ".ontology-exercises h4", "0 of 6 done").await;
    let stored: serde_json::Value = client
        .execute("return localStorage.getItem('iot-book/ontology-lab/progress');", vec![])
        .await
        .expect("read storage");
    assert!(
        stored.as_str().is_some_and(|text| text.contains("\"version\":1")),
        "the corrupt value was reset: {stored}"
    );

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lab_fits_a_phone_and_is_operable_from_the_keyboard() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    client.set_window_size(360, 800).await.expect("a phone-sized window");
    open_lab(client, &server, MAPPING_PAGE).await;
    text_containing(client, ".ontology-mapping table.rules", "saref:Device").await;
    assert_eq!(
        sticking_out(client, ".ontology-lab", &[".table-scroll", ".graph-scroll svg"]).await,
        Vec::<String>::new(),
        "elements stick out of the lab at 360 px"
    );
    // the graph keeps its size and scrolls sideways instead of shrinking to unreadable text
    let graph: serde_json::Value = client
        .execute(
            "const frame = document.querySelector('.ontology-graph .graph-scroll'); const svg = frame.querySelector('svg'); \
             return [svg.getBoundingClientRect().width / svg.viewBox.baseVal.width, frame.scrollWidth > frame.clientWidth, \
                     Math.min(...Array.from(svg.querySelectorAll('text')).map((t) => parseFloat(getComputedStyle(t).fontSize)))];",
            vec![],
        )
        .await
        .expect("measure the graph");
    assert_eq!(graph[0].as_f64(), Some(1.0), "the drawing is not scaled at 360 px: {graph}");
    assert_eq!(graph[1], serde_json::json!(true), "the drawing scrolls sideways at 360 px: {graph}");
    assert!(graph[2].as_f64().is_some_and(|size| size >= 12.0), "{graph}");
    // every form control has a label
    let unlabelled: serde_json::Value = client
        .execute(
            "return Array.from(document.querySelectorAll('.ontology-lab textarea, .ontology-lab select, .ontology-lab input')) \
             .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map((e) => e.className);",
            vec![],
        )
        .await
        .expect("labels");
    assert_eq!(unlabelled, serde_json::json!([]), "controls without a label");
    // keyboard: focus the Generate button and press Enter
    let generate = find(client, ".ontology-resources button.generate").await;
    let reference = serde_json::to_value(&generate).expect("element reference");
    client
        .execute("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus(); return true;", vec![reference])
        .await
        .expect("focus");
    generate.send_keys("\u{E007}").await.expect("press Enter");
    text_containing(client, ".ontology-resources .resource-tree", "plug1AE").await;
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    browser.close().await;
}
