//! "Your progress" in a real browser: a student answers a quiz, finds it listed in the introduction, exports it to a
//! file, forgets everything (after confirming), imports the file and finds the quiz answered again; a corrupt or
//! foreign file is refused with its reason and changes nothing. And merely opening chapters stores nothing.

use std::path::PathBuf;
use std::time::Duration;

use browser_tests::{
    Browser, SiteServer, answer_quiz_correctly, browser_available, click, click_css, find, pages_containing,
    text_containing,
};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

const WIDGET: &str = ".lab-mount[data-lab='progress'] .progress-manager";
const QUIZ: &str = ".lab-mount[data-lab='quiz'] form.quiz";

/// Runs `script` until it returns something other than null, for up to 15 s.
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

async fn stored(client: &Client, key: &str) -> Value {
    client.execute("return localStorage.getItem(arguments[0]);", vec![json!(key)]).await.expect("read localStorage")
}

async fn open_quiz(client: &Client, url: &str) -> Element {
    client.goto(url).await.expect("open the quiz page");
    find(client, QUIZ).await
}

async fn open_widget(client: &Client, url: &str) -> Element {
    client.goto(url).await.expect("open the introduction");
    find(client, WIDGET).await
}

/// Imports `text` through the widget's file input, as a reader choosing a file would.
async fn import(widget: &Element, path: &PathBuf, text: &str) {
    std::fs::write(path, text).expect("write the file to import");
    let input = widget.find(Locator::Css("input[type='file']")).await.expect("the file input");
    input.send_keys(&path.display().to_string()).await.expect("choose the file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_is_exported_forgotten_and_imported_back() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let progress_pages = pages_containing(&server.site, r#"data-lab="progress""#);
    assert!(
        progress_pages.contains(&"introduction.html".to_owned()),
        "the introduction mounts the progress lab: {progress_pages:?}"
    );
    let introduction = server.url("introduction.html");
    let quiz_pages = pages_containing(&server.site, r#"data-lab="quiz""#);
    let quiz_page = server.url(quiz_pages.first().expect("a chapter with a quiz"));
    let browser = Browser::start().await;
    let client = &browser.client;
    let folder = std::env::temp_dir().join(format!("progress-browser-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a temporary folder");

    // an empty browser: nothing to export or forget
    let widget = open_widget(client, &introduction).await;
    text_containing(&widget, ".empty", "holds no progress").await;
    assert!(!widget.find(Locator::Css("button.export")).await.expect("export").is_enabled().await.expect("state"));

    // answer a quiz on its chapter page
    client.goto(&quiz_page).await.expect("open a chapter with a quiz");
    let mount = find(client, ".lab-mount[data-lab='quiz']").await;
    let data: Value =
        serde_json::from_str(&mount.attr("data-options").await.expect("attr").expect("options")).expect("quiz JSON");
    let quiz_id = data["id"].as_str().expect("id").to_owned();
    let total = data["question"].as_array().expect("questions").len();
    let key = format!("iot-book/quiz/{quiz_id}");
    // the build tells "Your progress" each quiz's chapter (mdBook titles a page "chapter - book")
    let page_title = client.title().await.expect("the page's title");
    let chapter = page_title.split(" - ").next().expect("a chapter name").to_owned();
    let quiz = find(client, QUIZ).await;
    answer_quiz_correctly(client, &quiz, &data).await;
    click(client, &quiz.find(Locator::Css("button.check")).await.expect("check")).await;
    text_containing(&quiz, ".score", &format!("{total} of {total} correct")).await;
    let answered = eventually(
        client,
        &format!("const v = localStorage.getItem('{key}'); return v && v.includes('true') ? v : null;"),
    )
    .await;

    // the introduction lists it, in plain words
    let widget = open_widget(client, &introduction).await;
    text_containing(&widget, "ul.entries", &format!("Quiz: {chapter} — {total} of {total} answered correctly")).await;

    // export: capture the file the page hands to the browser
    client
        .execute(
            "window.exportedFiles = []; const create = URL.createObjectURL; \
             URL.createObjectURL = function (blob) { window.exportedFiles.push(blob); return create.call(URL, blob); }; return true;",
            vec![],
        )
        .await
        .expect("wrap URL.createObjectURL");
    click_css(client, &format!("{WIDGET} button.export")).await;
    let exported =
        eventually(client, "return window.exportedFiles.length ? window.exportedFiles[0].text() : null;").await;
    let exported = exported.as_str().expect("the file's text").to_owned();
    let file: Value = serde_json::from_str(&exported).expect("the export is JSON");
    assert_eq!(file["format"], "iot-book-progress");
    assert_eq!(file["version"], 1);
    let entry = &file["entries"][&key];
    assert_eq!(
        *entry,
        serde_json::from_str::<Value>(answered.as_str().expect("text")).expect("stored JSON"),
        "the quiz entry, as a JSON value"
    );
    assert_eq!(entry["data"]["results"], json!(vec![true; total]));
    text_containing(&widget, ".notice", "Exported 1 entry to iot-book-progress.json").await;

    // forget: asks first; Cancel (from the keyboard, where the focus went) keeps everything
    click_css(client, &format!("{WIDGET} button.forget")).await;
    let cancel = find(&widget, ".confirm-forget button.cancel").await;
    text_containing(&widget, ".confirm-forget", "Forget everything the book keeps in this browser (1 entry)?").await;
    let focused = eventually(
        client,
        "const e = document.activeElement; return e && e.classList.contains('cancel') ? e.textContent : null;",
    )
    .await;
    assert_eq!(focused, "Cancel", "the confirmation takes the focus on its safe choice");
    cancel.send_keys("\u{E007}").await.expect("press Enter on Cancel");
    eventually(client, &format!("return document.querySelector(\"{WIDGET} .confirm-forget\") ? null : true;")).await;
    assert_eq!(stored(client, &key).await, answered, "Cancel forgets nothing");

    click_css(client, &format!("{WIDGET} button.forget")).await;
    let confirm = find(&widget, ".confirm-forget button.confirm").await;
    assert_eq!(confirm.text().await.expect("text"), "Yes, forget everything");
    click(client, &confirm).await;
    text_containing(&widget, ".notice", "is forgotten").await;
    text_containing(&widget, ".empty", "holds no progress").await;
    let left = client
        .execute("return Object.keys(localStorage).filter(k => k.startsWith('iot-book/'));", vec![])
        .await
        .expect("list localStorage");
    assert_eq!(left, json!([]), "every entry of the book is gone");

    // the quiz page starts afresh, and stores nothing until it is answered
    let quiz = open_quiz(client, &quiz_page).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(
        quiz.find(Locator::Css(".score")).await.expect("score").text().await.expect("text"),
        "",
        "the quiz was reset"
    );
    assert_eq!(stored(client, &key).await, Value::Null, "an unanswered quiz stores nothing");

    // import the exported file: the quiz is listed and answered again
    let widget = open_widget(client, &introduction).await;
    let good_file = folder.join("iot-book-progress.json");
    import(&widget, &good_file, &exported).await;
    text_containing(&widget, ".notice", "Restored 1 entry from the file.").await;
    text_containing(&widget, "ul.entries", &format!("Quiz: {chapter} — {total} of {total} answered correctly")).await;
    let quiz = open_quiz(client, &quiz_page).await;
    text_containing(&quiz, ".score", &format!("{total} of {total} correct")).await;

    // a corrupt file, and one with a foreign key after a good entry: refused, with the reason, and nothing lost
    let widget = open_widget(client, &introduction).await;
    text_containing(&widget, "ul.entries", &format!("Quiz: {chapter}")).await;
    let before = stored(client, &key).await;
    import(&widget, &folder.join("corrupt.json"), "{\"format\": \"iot-book-progress\", \"entries\": {").await;
    let notice = text_containing(&widget, ".notice", "Could not import the file: the file is not JSON").await;
    assert!(notice.ends_with("Nothing was changed."), "{notice}");
    let mut foreign: Value = serde_json::from_str(&exported).expect("JSON");
    foreign["entries"][&key]["data"]["results"] = json!(vec![Value::Null; total]);
    foreign["entries"]["somebody-else/secret"] = json!({"version": 1, "data": {}});
    import(&widget, &folder.join("foreign.json"), &foreign.to_string()).await;
    text_containing(&widget, ".notice", "the entry \"somebody-else/secret\" is not progress of this book").await;
    assert_eq!(stored(client, &key).await, before, "a refused file wrote nothing, not even its good entry");
    text_containing(&widget, "ul.entries", &format!("{total} of {total} answered correctly")).await;
    let quiz = open_quiz(client, &quiz_page).await;
    text_containing(&quiz, ".score", &format!("{total} of {total} correct")).await;

    // a phone-sized window: the widget fits without sideways scrolling
    client.set_window_size(360, 800).await.expect("window size");
    open_widget(client, &introduction).await;
    let overflow = client
        .execute(
            &format!("const w = document.querySelector(\"{WIDGET}\"); return w.scrollWidth - w.clientWidth;"),
            vec![],
        )
        .await
        .expect("measure");
    assert!(overflow.as_i64().is_some_and(|pixels| pixels <= 1), "the widget overflows at 360 px by {overflow}");

    let _ = std::fs::remove_dir_all(&folder);
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "a page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}

/// The keys the book stores in this browser.
async fn book_keys(client: &Client) -> Value {
    client
        .execute("return Object.keys(localStorage).filter(k => k.startsWith('iot-book/')).sort();", vec![])
        .await
        .expect("list localStorage")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_chapters_with_quizzes_and_labs_stores_nothing_until_the_reader_acts() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    // a chapter of each lab, and of a quiz
    let mut pages: Vec<String> = Vec::new();
    for lab in ["quiz", "cse-console", "acl-lab", "ontology-mapper", "privacy-lab", "acop-calculator"] {
        let page = pages_containing(&server.site, &format!("data-lab=\"{lab}\""))
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no chapter mounts {lab}"));
        if !pages.contains(&page) {
            pages.push(page);
        }
    }
    let browser = Browser::start().await;
    let client = &browser.client;
    for page in &pages {
        client.goto(&server.url(page)).await.expect("open the chapter");
        // every widget of the page has started (its fallback text is replaced), then its effects have had time to run
        let started = eventually(
            client,
            "const mounts = document.querySelectorAll('.lab-mount'); \
             return mounts.length && !document.querySelector('.lab-mount .lab-fallback, .lab-mount .lab-error') ? mounts.length : null;",
        )
        .await;
        assert!(started.as_u64().is_some_and(|count| count > 0), "{page}: {started}");
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert_eq!(book_keys(client).await, json!([]), "{page} stored progress without being touched");
    }

    // "Check answers" with nothing answered: a polite word in the status line, and still nothing stored
    let quiz_page =
        pages_containing(&server.site, r#"data-lab="quiz""#).into_iter().next().expect("a chapter with a quiz");
    let quiz = open_quiz(client, &server.url(&quiz_page)).await;
    click(client, &quiz.find(Locator::Css("button.check")).await.expect("check")).await;
    let status = text_containing(&quiz, ".status[role='status']", "Answer at least one question first").await;
    assert!(!status.contains("correct"), "{status}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(book_keys(client).await, json!([]), "checking an empty quiz stores nothing");

    // one answer, and the quiz is kept; the status line no longer asks
    let first = quiz
        .find(Locator::Css("li.question input[type='radio'], li.question input[type='checkbox']"))
        .await
        .expect("a choice");
    click(client, &first).await;
    let key = eventually(client, "const k = Object.keys(localStorage).filter(k => k.startsWith('iot-book/quiz/')); return k.length ? k[0] : null;").await;
    assert!(key.as_str().is_some_and(|key| key.starts_with("iot-book/quiz/")), "{key}");
    assert!(quiz.find(Locator::Css(".status-message")).await.is_err(), "answering clears the request");

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "a page logged errors");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}
