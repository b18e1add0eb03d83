//! The RDF lab in a real browser, on a 360 px wide screen: a student aligns the three platforms' vocabularies
//! and finds the three readings with one query, predicts what RDFS entails and reads the reasoner's
//! derivations, reloads and finds the work kept; then, in the other chapter, solves a SPARQL exercise from
//! the keyboard after an error shown at its line and column; a bad import changes nothing and says why, and
//! corrupt stored progress is reported and replaced.

use std::path::Path;

use browser_tests::{
    Browser, SiteServer, browser_available, choose, click, find, pages_containing, sticking_out, stored_item,
    text_containing, type_into,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

const PROGRESS_KEY: &str = "iot-book/rdf-lab/progress";
const CTRL_ENTER: &str = "\u{E009}\u{E007}\u{E000}";

const ALIGNMENT: &str = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . \
@prefix saref: <https://saref.etsi.org/core/> . @prefix sosa: <http://www.w3.org/ns/sosa/> . \
@prefix acme: <http://example.com/acme-bms#> . \
saref:Measurement rdfs:subClassOf sosa:Observation . acme:TempReading rdfs:subClassOf sosa:Observation . \
saref:hasValue rdfs:subPropertyOf sosa:hasSimpleResult . acme:celsius rdfs:subPropertyOf sosa:hasSimpleResult .";

fn page_with(server: &SiteServer, chapter: &str) -> String {
    let pages = pages_containing(&server.site, r#"data-lab="rdf-lab""#);
    pages.into_iter().find(|page| page.contains(chapter)).unwrap_or_else(|| panic!("{chapter} mounts the RDF lab"))
}

async fn open_lab(client: &Client, part: &str) -> Element {
    find(client, &format!(".rdf-lab {part}")).await;
    client.find(Locator::Css(".rdf-lab")).await.expect("the lab")
}

async fn value(lab: &Element, css: &str) -> String {
    find(lab, css).await.prop("value").await.expect("value").unwrap_or_default()
}

async fn fits(client: &Client) {
    let sizes = client
        .execute("const lab = document.querySelector('.rdf-lab'); return [lab.scrollWidth, lab.clientWidth];", vec![])
        .await
        .expect("widths");
    let sizes: Vec<i64> =
        sizes.as_array().map(|values| values.iter().filter_map(|value| value.as_i64()).collect()).unwrap_or_default();
    let culprits = sticking_out(client, ".rdf-lab", &["pre", ".rdf-results-scroll", "textarea"]).await.join(", ");
    assert!(sizes.len() == 2 && sizes[0] <= sizes[1] + 1, "the lab fits 360 px ({sizes:?}; wider: {culprits})");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_aligns_three_vocabularies_queries_the_building_and_keeps_the_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    client.set_window_size(360, 800).await.expect("a phone-sized window");
    let why = server.url(&page_with(&server, "why-semantics"));
    client.goto(&why).await.expect("open the chapter");
    let lab = open_lab(client, ".rdf-alignment").await;
    fits(client).await;

    // exercise 1 (the directive's): the starting query finds one reading
    text_containing(&lab, ".rdf-exercises .check", "still misses").await;
    text_containing(&lab, ".rdf-found", "not found").await;
    type_into(&lab, ".alignment-editor textarea", ALIGNMENT).await;
    click(client, &find(&lab, ".alignment-query-editor button.rdf-run").await).await;
    let check = text_containing(&lab, ".rdf-exercises .check", "Done").await;
    assert!(check.contains("All three readings"), "{check}");
    text_containing(&lab, ".rdf-entailed", "rdfs9").await;
    text_containing(&lab, ".alignment-query-editor .rdf-declared", "sosa").await;
    text_containing(&lab, ".rdf-exercises h4", "1 of 3 done").await;

    // exercise 3: predict, commit, read the reasoner
    choose(&lab, "select.exercise", "predict-entailment").await;
    for (candidate, answer) in [
        ("vendor-is-observation", "entailed"),
        ("research-is-vendor-reading", "not-entailed"),
        ("gateway-has-simple-result", "entailed"),
        ("gateway-is-vendor-reading", "not-entailed"),
    ] {
        click(client, &find(&lab, &format!(".candidate-{candidate} input[value='{answer}']")).await).await;
    }
    click(client, &find(&lab, "button.rdf-commit").await).await;
    text_containing(&lab, ".rdf-exercises .check", "Every prediction matches").await;
    text_containing(&lab, ".candidate-gateway-has-simple-result .rdf-reasoner", "rdfs7").await;
    text_containing(&lab, ".candidate-research-is-vendor-reading .rdf-reasoner", "not entailed").await;
    text_containing(&lab, ".rdf-exercises h4", "2 of 3 done").await;

    // the work survives a reload
    client.refresh().await.expect("reload");
    let lab = open_lab(client, ".rdf-alignment").await;
    text_containing(&lab, ".rdf-exercises h4", "2 of 3 done").await;
    assert!(value(&lab, ".alignment-editor textarea").await.contains("acme:celsius"), "the alignment was kept");

    // the other chapter: the SPARQL set, from the keyboard
    let engineers = server.url(&page_with(&server, "ontologies-for-engineers"));
    client.goto(&engineers).await.expect("open the other chapter");
    let lab = open_lab(client, ".rdf-sparql").await;
    fits(client).await;
    text_containing(&lab, ".rdf-exercises h4", "0 of 4 done").await;
    choose(&lab, "select.exercise", "select-sensors").await;
    type_into(&lab, ".sparql-editor textarea", &format!("SELECT ?s WHERE {{ ?s a foo:Sensor }}{CTRL_ENTER}")).await;
    let error = text_containing(&lab, ".sparql-editor .rdf-error", "1:24").await;
    assert!(error.contains("PREFIX foo:"), "{error}");
    assert_eq!(
        find(&lab, ".sparql-editor textarea").await.attr("aria-invalid").await.expect("attribute").as_deref(),
        Some("true")
    );
    type_into(
        &lab,
        ".sparql-editor textarea",
        &format!(
            "SELECT ?room ?sensor WHERE {{ ?sensor a bldg:TemperatureSensor ; bldg:locatedIn ?room }}{CTRL_ENTER}"
        ),
    )
    .await;
    text_containing(&lab, ".rdf-exercises .check", "Done").await;
    text_containing(&lab, ".sparql-editor .rdf-declared", "bldg").await;
    text_containing(&lab, ".rdf-sparql table.rdf-results caption", "4 rows").await;
    text_containing(&lab, ".rdf-exercises h4", "1 of 4 done").await;

    // a bad file changes nothing and says why
    let folder = std::env::temp_dir().join(format!("rdf-lab-browser-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a folder for the files");
    let path: &Path = &folder.join("newer.json");
    std::fs::write(
        path,
        r#"{"lab": "rdf-lab", "version": 7, "work": {"alignment": "", "alignment_query": "", "sparql_query": ""}}"#,
    )
    .expect("write the file to import");
    let input = lab.find(Locator::Css("input[type='file']")).await.expect("the file input");
    input.send_keys(&path.display().to_string()).await.expect("choose the file");
    let notice = text_containing(&lab, ".notice", "Nothing was imported").await;
    assert!(notice.contains("version 7"), "{notice}");
    assert!(value(&lab, ".sparql-editor textarea").await.contains("bldg:TemperatureSensor"), "nothing changed");

    // corrupt stored progress: said, and the lab works and saves again
    client
        .execute(&format!("localStorage.setItem('{PROGRESS_KEY}', '{{corrupt'); return true;"), vec![])
        .await
        .expect("corrupt storage");
    client.refresh().await.expect("reload");
    let lab = open_lab(client, ".rdf-sparql").await;
    let notice = text_containing(&lab, ".notice", "could not be read").await;
    assert!(notice.contains("starts afresh"), "{notice}");
    text_containing(&lab, ".rdf-exercises h4", "0 of 4 done").await;
    type_into(&lab, ".sparql-editor textarea", &format!("SELECT ?r WHERE {{ ?r a bldg:Room }}{CTRL_ENTER}")).await;
    text_containing(&lab, ".rdf-sparql table.rdf-results caption", "4 rows").await;
    let stored = stored_item(client, PROGRESS_KEY).await.unwrap_or_default();
    assert!(stored.contains("bldg:Room"), "the progress is saved again: {stored}");

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}
