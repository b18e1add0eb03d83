//! Real browser tests: headless Chromium opens the built site served on loopback and operates the labs as a reader would.

use std::time::Duration;

use browser_tests::{Browser, SiteServer, answer_quiz_correctly, browser_available, click, find, pages_containing, text_containing};
use fantoccini::Locator;
use fantoccini::elements::Element;

const OPERATIONS: [&str; 6] = ["Create", "Retrieve", "Update", "Delete", "Notify", "Discovery"];

async fn checked(calculator: &Element, operation: &str) -> bool {
    let checkbox = calculator.find(Locator::Css(&format!("input[name='{operation}']"))).await.expect("a checkbox per operation");
    checkbox.prop("checked").await.expect("checkbox state").as_deref() == Some("true")
}

/// The ticked operations once they equal `expected`, or as they are after 5 s (Yew renders asynchronously).
async fn ticked_operations_eventually(calculator: &Element, expected: &[&str]) -> Vec<&'static str> {
    let mut ticked = Vec::new();
    for _ in 0..50 {
        ticked = ticked_operations(calculator).await;
        if ticked == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    ticked
}

async fn ticked_operations(calculator: &Element) -> Vec<&'static str> {
    let mut ticked = Vec::new();
    for operation in OPERATIONS {
        if checked(calculator, operation).await {
            ticked.push(operation);
        }
    }
    ticked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_acop_calculator_works_inside_its_chapter() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let pages = pages_containing(&server.site, r#"data-lab="acop-calculator""#);
    assert!(!pages.is_empty(), "no chapter mounts the acop calculator");
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&pages[0])).await.expect("open the chapter");
    let calculator = find(client, ".acop-calculator").await;

    // start from nothing, whatever the chapter's initial value
    for operation in OPERATIONS {
        if checked(&calculator, operation).await {
            calculator.find(Locator::Css(&format!("input[name='{operation}']"))).await.expect("checkbox").click().await.expect("untick");
        }
    }
    let value = calculator.find(Locator::Css("input[type='text']")).await.expect("the value field");
    assert_eq!(value.prop("value").await.expect("value").as_deref(), Some("0"));

    // a click and a key press: Create, then Update with the space bar
    calculator.find(Locator::Css("input[name='Create']")).await.expect("Create").click().await.expect("tick Create");
    calculator.find(Locator::Css("input[name='Update']")).await.expect("Update").send_keys(" ").await.expect("space on Update");
    assert_eq!(value.prop("value").await.expect("value").as_deref(), Some("5"));
    let sum = calculator.find(Locator::Css("output.sum")).await.expect("the sum").text().await.expect("text");
    assert_eq!(sum, "1 (Create) + 4 (Update) = 5");

    // typing a value ticks its operations
    value.clear().await.expect("clear");
    value.send_keys("34").await.expect("type 34");
    assert_eq!(value.prop("value").await.expect("value").as_deref(), Some("34"));
    let sum = calculator.find(Locator::Css("output.sum")).await.expect("the sum").text().await.expect("text");
    assert_eq!(sum, "2 (Retrieve) + 32 (Discovery) = 34");
    assert_eq!(ticked_operations_eventually(&calculator, &["Retrieve", "Discovery"]).await, vec!["Retrieve", "Discovery"]);

    // an invalid value is explained, and the last valid value (6, typed on the way to 64) stays ticked
    value.clear().await.expect("clear");
    value.send_keys("64").await.expect("type 64");
    let alert = calculator.find(Locator::Css("[role='alert']")).await.expect("the error line");
    assert!(alert.is_displayed().await.expect("visibility"));
    assert!(alert.text().await.expect("text").contains("larger than 63"));
    assert_eq!(ticked_operations_eventually(&calculator, &["Retrieve", "Update"]).await, vec!["Retrieve", "Update"]);

    let content_type = client
        .execute("return fetch(location.origin + '/labs/lab_widgets_bg.wasm').then(r => r.headers.get('content-type'));", vec![])
        .await
        .expect("fetch the wasm");
    assert_eq!(content_type.as_str(), Some("application/wasm"));

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    assert!(!server.requested(".wasm").is_empty(), "the lab page fetched its wasm");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_without_a_lab_fetches_no_wasm() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    // every chapter has a quiz and the introduction the progress lab; the glossary mounts nothing
    let source = std::fs::read_to_string(server.site.join("glossary.html")).expect("glossary.html");
    assert!(!source.contains("data-bundle=\""), "the glossary is meant to have no lab");
    let browser = Browser::start().await;
    let client = &browser.client;
    for page in ["glossary.html"] {
        server.log.clear();
        client.goto(&server.url(page)).await.expect("open the page");
        find(client, "#mdbook-content, #content, main").await;
        // let module scripts run and any fetch start
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert!(server.requested(".wasm").is_empty(), "{page} fetched wasm: {:?}", server.log.entries());
        assert!(
            server.log.entries().iter().all(|(path, _)| !(path.starts_with("/labs/") && path.ends_with(".js"))),
            "{page} fetched lab code: {:?}",
            server.log.entries()
        );
        assert!(!server.log.entries().is_empty(), "the server saw the page load");
    }
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}

/// The quiz's score line.
async fn score(quiz: &Element) -> String {
    quiz.find(Locator::Css(".score")).await.expect("score").text().await.expect("text")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiz_is_answered_kept_across_reloads_and_survives_corrupt_storage() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let pages = pages_containing(&server.site, r#"data-lab="quiz""#);
    assert!(!pages.is_empty(), "no chapter has a quiz");
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&pages[0])).await.expect("open a chapter with a quiz");
    let mount = find(client, ".lab-mount[data-lab='quiz']").await;
    let data: serde_json::Value =
        serde_json::from_str(&mount.attr("data-options").await.expect("attr").expect("options")).expect("quiz JSON");
    let total = data["question"].as_array().expect("questions").len();
    let quiz = find(client, ".lab-mount[data-lab='quiz'] form.quiz").await;

    // a wrong answer first: the explanation shows and the retry button enables
    let first = quiz.find(Locator::Css("li.question")).await.expect("first question");
    click(client, &quiz.find(Locator::Css("button.check")).await.expect("check")).await;
    assert_eq!(score(&quiz).await, "", "nothing answered, nothing scored");

    answer_quiz_correctly(client, &quiz, &data).await;
    click(client, &quiz.find(Locator::Css("button.check")).await.expect("check")).await;
    assert_eq!(score(&quiz).await, format!("{total} of {total} correct"));
    assert_eq!(first.attr("data-status").await.expect("status").as_deref(), Some("correct"));
    assert!(first.find(Locator::Css(".explanation")).await.expect("an explanation").is_displayed().await.expect("shown"));

    // progress survives a reload
    client.refresh().await.expect("reload");
    let quiz = find(client, ".lab-mount[data-lab='quiz'] form.quiz").await;
    let mut restored = String::new();
    for _ in 0..50 {
        restored = score(&quiz).await;
        if !restored.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(restored, format!("{total} of {total} correct"), "progress was kept");

    // corrupt saved progress: reported, reset, and the quiz still works
    let key = format!("iot-book/quiz/{}", data["id"].as_str().expect("id"));
    client.execute(&format!("localStorage.setItem('{key}', '{{corrupt'); return true;"), vec![]).await.expect("corrupt storage");
    client.refresh().await.expect("reload");
    let notice = find(client, "form.quiz .notice").await;
    assert!(notice.text().await.expect("text").contains("could not be read"));
    let quiz = client.find(Locator::Css(".lab-mount[data-lab='quiz'] form.quiz")).await.expect("quiz");
    assert_eq!(score(&quiz).await, "", "progress was reset");
    answer_quiz_correctly(client, &quiz, &data).await;
    click(client, &quiz.find(Locator::Css("button.check")).await.expect("check")).await;
    assert_eq!(score(&quiz).await, format!("{total} of {total} correct"));

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_a_chapter_offline_and_opens_it() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url("introduction.html")).await.expect("open the introduction");
    find(client, "#mdbook-content, #content, main").await;
    // the index is fetched only when the reader searches
    assert!(server.requested(".js").iter().all(|path| !path.contains("searchindex")), "the search index loaded before any search");
    click(client, &find(client, "#mdbook-search-toggle").await).await;
    let field = find(client, "#mdbook-searchbar").await;
    field.send_keys("selfPrivileges").await.expect("type a search");
    let results = text_containing(client, "#mdbook-searchresults", "Access control").await;
    assert!(!results.is_empty());
    let link = find(client, "#mdbook-searchresults a[href*='access-control.html']").await;
    click(client, &link).await;
    find(client, ".acop-calculator").await;
    assert!(client.current_url().await.expect("url").path().ends_with("/security/access-control.html"));
    assert!(server.requested(".js").iter().any(|path| path.contains("searchindex")), "the index came from this server");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}
