//! The class view in headless Chromium. With the real workshop server serving the built site, two students answer a
//! quiz (both wrong on its first question, the same way; one also on its second) and hand their progress in from
//! "Your progress"; the host's class view counts them right, and a corrupt hand-in is refused with its reason and
//! changes nothing. Then, on the static site (no server: no hand-in button), the lecturers' class-view page is given
//! the two students' exported files and a corrupt one: the same figures, and the corrupt file named with its reason.
//! Needs a built site: `cargo xtask build` then `cargo test -p browser-tests --test class_view`.

use browser_tests::{
    Browser, SiteServer, browser_available, click, click_css, find, pages_containing, site_dir, text_containing,
    type_into,
};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use workshop_server::ServerConfig;

const QUIZ: &str = ".lab-mount[data-lab='quiz'] form.quiz";
const HAND_IN: &str = ".lab-mount[data-lab='progress'] form.hand-in";
const CLASS_VIEW: &str = ".lab-mount[data-lab='class-view'] .class-view";

async fn script(client: &Client, source: &str, arguments: Vec<Value>) -> Value {
    client.execute(source, arguments).await.unwrap_or_else(|error| panic!("running `{source}`: {error}"))
}

/// The first chapter (of `pages`, served under `base`) whose quiz opens with two single-choice questions, and that
/// quiz's data.
async fn quiz_page(client: &Client, base: &str, pages: &[String]) -> (String, Value) {
    for page in pages {
        let url = format!("{base}{page}");
        client.goto(&url).await.expect("open a chapter");
        let options = script(
            client,
            "const m = document.querySelector(\".lab-mount[data-lab='quiz']\"); return m ? m.dataset.options : null;",
            vec![],
        )
        .await;
        let Some(data) = options.as_str().and_then(|text| serde_json::from_str::<Value>(text).ok()) else { continue };
        let singles = data["question"].as_array().is_some_and(|questions| {
            questions.len() >= 2 && questions[..2].iter().all(|question| question["kind"] == "single")
        });
        if singles {
            return (url, data);
        }
    }
    panic!("no chapter's quiz opens with two single-choice questions");
}

/// A wrong choice of question `index` (0-based position) and how the class view names it ("choice N", 1-based).
fn wrong_choice(data: &Value, index: usize) -> (usize, String) {
    let question = &data["question"][index];
    let count = question["choices"].as_array().expect("choices").len();
    let wrong = (question["answer"].as_u64().expect("answer") as usize + 1) % count;
    (wrong, format!("choice {}", wrong + 1))
}

/// Answers the quiz on `url`: every question right except those in `wrong`, then checks.
async fn answer(client: &Client, url: &str, data: &Value, wrong: &[usize]) {
    client.goto(url).await.expect("open the quiz's chapter");
    let quiz = find(client, QUIZ).await;
    browser_tests::answer_quiz_correctly(client, &quiz, data).await;
    let questions = quiz.find_all(Locator::Css("li.question")).await.expect("questions");
    for index in wrong {
        let inputs = questions[*index].find_all(Locator::Css("input")).await.expect("choices");
        click(client, &inputs[wrong_choice(data, *index).0]).await;
    }
    click(client, &quiz.find(Locator::Css("button.check")).await.expect("check")).await;
    let total = questions.len();
    text_containing(&quiz, ".score", &format!("{} of {total} correct", total - wrong.len())).await;
}

/// A lab's progress as the privacy lab keeps it (one exercise done, the next open), put in storage directly.
async fn privacy_lab_progress(client: &Client, completed: &[&str], open: Option<&str>) {
    let stored = json!({"version": 1, "data": {"completed": completed, "exercise": open, "policy": null}}).to_string();
    script(client, "localStorage.setItem('iot-book/privacy-lab/progress', arguments[0]);", vec![json!(stored)]).await;
}

/// Hands in from "Your progress" under `name`.
async fn hand_in(client: &Client, introduction: &str, name: &str, origin: &str) {
    client.goto(introduction).await.expect("open the introduction");
    let form = find(client, HAND_IN).await;
    let said = text_containing(&form, ".hand-in-what", &format!("served by the workshop server at {origin}")).await;
    assert!(said.contains("the name you type below, and your progress file"), "{said}");
    type_into(&form, "input.hand-in-name", name).await;
    click_css(client, &format!("{HAND_IN} button.hand-in-send")).await;
    text_containing(&form, ".hand-in-notice", &format!("{name} handed in: 1 quiz, 1 lab.")).await;
}

/// The rows of the tables `tables` (CSS selectors, comma-separated), each as its cells' texts, in page order.
async fn rows(client: &Client, tables: &str) -> Value {
    script(
        client,
        "const rows = arguments[0].split(',').map(t => t.trim() + ' tbody tr').join(', '); \
         return Array.from(document.querySelectorAll(rows)).map(r => Array.from(r.cells).map(c => c.textContent.trim()));",
        vec![json!(tables)],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_students_hand_in_and_the_class_view_counts_them_with_and_without_the_server() {
    if !browser_available() {
        return;
    }
    let site = site_dir();
    let data = std::env::temp_dir().join(format!("class-view-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let config = ServerConfig { port: 0, data_dir: data.clone(), site_dir: site.clone(), ..ServerConfig::default() };
    let server = workshop_server::start(config).await.expect("the workshop server starts");
    let origin = format!("http://127.0.0.1:{}", server.address.port());
    let book = format!("{origin}/book/");
    let introduction = format!("{book}introduction.html");
    let browser = Browser::start().await;
    let client = &browser.client;

    let (quiz_url, quiz) = quiz_page(client, &book, &pages_containing(&site, r#"data-lab="quiz""#)).await;
    let quiz_id = quiz["id"].as_str().expect("quiz id").to_owned();
    let (_, wrong_first) = wrong_choice(&quiz, 0);
    let (_, wrong_second) = wrong_choice(&quiz, 1);

    // Ann: wrong on question 1; privacy lab: one exercise done, working on the next
    answer(client, &quiz_url, &quiz, &[0]).await;
    privacy_lab_progress(client, &["routine-from-energy"], Some("holiday-retention")).await;
    // a name is needed, and a missing one is said at the field
    client.goto(&introduction).await.expect("open the introduction");
    click_css(client, &format!("{HAND_IN} button.hand-in-send")).await;
    text_containing(client, &format!("{HAND_IN} .field-error"), "give the name").await;
    let field = find(client, &format!("{HAND_IN} input.hand-in-name")).await;
    assert_eq!(field.attr("aria-invalid").await.expect("attr").as_deref(), Some("true"));
    hand_in(client, &introduction, "Ann", &origin).await;

    // Ben, in a browser of his own (here: the same one, emptied): wrong on questions 1 and 2; both exercises done
    script(client, "localStorage.clear();", vec![]).await;
    answer(client, &quiz_url, &quiz, &[0, 1]).await;
    privacy_lab_progress(client, &["routine-from-energy", "holiday-retention"], None).await;
    hand_in(client, &introduction, "Ben", &origin).await;

    // the host's class view
    client.goto(&format!("{origin}/workshop/class")).await.expect("open the class view");
    text_containing(client, "#class-summary", "2 hand-ins so far").await;
    let server_rows = rows(client, "#questions, #exercises").await;
    let label = |n: usize| format!("Quiz {quiz_id}, question {n}");
    let questions = server_rows.as_array().expect("rows");
    assert_eq!(questions[0], json!([label(1), "2", "0", format!("{wrong_first} (2×)"), "Ann, Ben"]), "{server_rows}");
    assert_eq!(questions[1], json!([label(2), "2", "1", format!("{wrong_second} (1×)"), "Ben"]), "{server_rows}");
    assert!(questions.contains(&json!(["Privacy lab: routine-from-energy", "2", "2", "nobody"])), "{server_rows}");
    assert!(questions.contains(&json!(["Privacy lab: holiday-retention", "2", "1", "Ann"])), "{server_rows}");
    let stuck = text_containing(client, "#stuck-where", "Ann").await;
    assert!(stuck.contains(&format!("Ben: {}; {}", label(1), label(2))), "{stuck}");
    let before = client.source().await.expect("the page");

    // a corrupt hand-in (an entry without a version): refused with the reason, nothing stored, nothing changed
    let refused = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             fetch('/workshop/api/hand-in', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: arguments[0]}) \
               .then(r => r.json().then(j => done([r.status, j.reason])));",
            vec![json!(
                json!({"format": "iot-book-hand-in", "version": 1, "participant": "Eve", "progress": {
                    "format": "iot-book-progress", "version": 1, "entries": {"iot-book/quiz/x": {"data": 1}}}})
                .to_string()
            )],
        )
        .await
        .expect("post a corrupt hand-in");
    assert_eq!(refused[0], json!(400), "{refused}");
    let reason = refused[1].as_str().unwrap_or_default();
    assert!(reason.contains("\"iot-book/quiz/x\" is not saved progress: it has no \"version\""), "{reason}");
    assert!(reason.ends_with("Nothing was stored."), "{reason}");
    let stored: Vec<std::path::PathBuf> = std::fs::read_dir(data.join("hand-ins"))
        .expect("the hand-ins folder")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    assert_eq!(stored.len(), 2, "{stored:?}");
    client.refresh().await.expect("reload the class view");
    text_containing(client, "#class-summary", "2 hand-ins so far").await;
    assert_eq!(client.source().await.expect("the page"), before, "the refused hand-in changed nothing");
    let errors = browser.console_errors().await;
    assert!(
        errors.len() == 1 && errors[0].contains("/workshop/api/hand-in") && errors[0].contains("400"),
        "the pages logged no error but the refused hand-in's 400: {errors:?}"
    );

    // without a server: the students' exported files, named after them, and a corrupt one
    let folder = data.join("files");
    std::fs::create_dir_all(&folder).expect("a folder");
    let mut files = Vec::new();
    for path in &stored {
        let hand_in: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON");
        let file = folder.join(format!("{}.json", hand_in["participant"].as_str().expect("name")));
        std::fs::write(&file, hand_in["progress"].to_string()).expect("write an export");
        files.push(file);
    }
    files.sort();
    let broken = folder.join("broken.json");
    std::fs::write(&broken, "{\"format\": \"iot-book-progress\", \"version\": 1, \"entries\": {").expect("write");
    let static_site = SiteServer::start().await;
    client.goto(&static_site.url("introduction.html")).await.expect("the static introduction");
    find(client, ".lab-mount[data-lab='progress'] .progress-manager").await;
    let page = format!("{}lecturers/class-view.html", static_site.base);
    client.goto(&page).await.expect("open the class-view page");
    let widget = find(client, CLASS_VIEW).await;
    assert_eq!(
        script(client, "return document.querySelectorAll(\"form.hand-in\").length;", vec![]).await,
        json!(0),
        "no hand-in without the workshop server"
    );
    let input = widget.find(Locator::Css("input[type='file']")).await.expect("the file input");
    let chosen: Vec<String> = files.iter().map(|file| file.display().to_string()).collect();
    input.send_keys(&chosen.join("\n")).await.expect("choose the two files");
    text_containing(&widget, ".count", "2 files counted: Ann, Ben.").await;
    let offline_rows = rows(client, &format!("{CLASS_VIEW} table")).await;
    assert_eq!(offline_rows, server_rows, "the same figures as the server's class view");
    let input = widget.find(Locator::Css("input[type='file']")).await.expect("the file input");
    input.send_keys(&broken.display().to_string()).await.expect("choose the broken file");
    text_containing(&widget, ".refused", "broken.json: the file is not JSON").await;
    assert_eq!(rows(client, &format!("{CLASS_VIEW} table")).await, server_rows, "the broken file changed nothing");
    text_containing(&widget, ".count", "2 files counted: Ann, Ben.").await;
    assert!(static_site.requested("hand-in").is_empty(), "nothing was sent anywhere");
    assert_eq!(static_site.failed_requests(), vec![], "no request failed on the static site");
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the pages logged errors");

    browser.close().await;
    server.stop().await;
    let _ = std::fs::remove_dir_all(&data);
}
