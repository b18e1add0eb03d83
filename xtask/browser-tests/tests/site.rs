//! Real browser tests: headless Chromium opens the built site served on loopback and operates the labs as a reader would.

use std::time::Duration;

use browser_tests::{
    Browser, SiteServer, answer_quiz_correctly, browser_available, click, find, pages_containing, text_containing,
};
use fantoccini::Locator;
use fantoccini::elements::Element;

const OPERATIONS: [&str; 6] = ["Create", "Retrieve", "Update", "Delete", "Notify", "Discovery"];

async fn checked(calculator: &Element, operation: &str) -> bool {
    let checkbox =
        calculator.find(Locator::Css(&format!("input[name='{operation}']"))).await.expect("a checkbox per operation");
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
            calculator
                .find(Locator::Css(&format!("input[name='{operation}']")))
                .await
                .expect("checkbox")
                .click()
                .await
                .expect("untick");
        }
    }
    let value = calculator.find(Locator::Css("input[type='text']")).await.expect("the value field");
    assert_eq!(value.prop("value").await.expect("value").as_deref(), Some("0"));

    // a click and a key press: Create, then Update with the space bar
    calculator.find(Locator::Css("input[name='Create']")).await.expect("Create").click().await.expect("tick Create");
    calculator
        .find(Locator::Css("input[name='Update']"))
        .await
        .expect("Update")
        .send_keys(" ")
        .await
        .expect("space on Update");
    assert_eq!(value.prop("value").await.expect("value").as_deref(), Some("5"));
    let sum = calculator.find(Locator::Css("output.sum")).await.expect("the sum").text().await.expect("text");
    assert_eq!(sum, "1 (Create) + 4 (Update) = 5");

    // typing a value ticks its operations
    value.clear().await.expect("clear");
    value.send_keys("34").await.expect("type 34");
    assert_eq!(value.prop("value").await.expect("value").as_deref(), Some("34"));
    let sum = calculator.find(Locator::Css("output.sum")).await.expect("the sum").text().await.expect("text");
    assert_eq!(sum, "2 (Retrieve) + 32 (Discovery) = 34");
    assert_eq!(
        ticked_operations_eventually(&calculator, &["Retrieve", "Discovery"]).await,
        vec!["Retrieve", "Discovery"]
    );

    // an invalid value is explained, and the last valid value (6, typed on the way to 64) stays ticked
    value.clear().await.expect("clear");
    value.send_keys("64").await.expect("type 64");
    let alert = calculator.find(Locator::Css("[role='alert']")).await.expect("the error line");
    assert!(alert.is_displayed().await.expect("visibility"));
    assert!(alert.text().await.expect("text").contains("larger than 63"));
    assert_eq!(ticked_operations_eventually(&calculator, &["Retrieve", "Update"]).await, vec!["Retrieve", "Update"]);

    let content_type = client
        .execute(
            "return fetch(location.origin + '/labs/book_widgets_bg.wasm').then(r => r.headers.get('content-type'));",
            vec![],
        )
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
    assert!(
        first.find(Locator::Css(".explanation")).await.expect("an explanation").is_displayed().await.expect("shown")
    );

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
    client
        .execute(&format!("localStorage.setItem('{key}', '{{corrupt'); return true;"), vec![])
        .await
        .expect("corrupt storage");
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
    assert!(
        server.requested(".js").iter().all(|path| !path.contains("searchindex")),
        "the search index loaded before any search"
    );
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

/// Every diagram of the page as `[index, left, right, width, height, viewBox width, viewBox height, column left,
/// column right]`, the column being the chapter's `<main>`.
const FIGURE_BOXES: &str = r#"
    return Array.from(document.querySelectorAll("figure.diagram svg")).map((svg, index) => {
        const box = svg.getBoundingClientRect();
        const column = svg.closest("main").getBoundingClientRect();
        const view = svg.viewBox && svg.viewBox.baseVal;
        return [index, box.left, box.right, box.width, box.height, view ? view.width : 0, view ? view.height : 0, column.left, column.right];
    });
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wide_figures_scale_to_the_column_on_a_phone_and_on_a_desktop() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    let mut checked = 0;
    for (width, height) in [(360, 740), (1280, 900)] {
        client.set_window_size(width, height).await.expect("window size");
        for page in [
            "privacy/privacy-impact-assessment.html",
            "semantics/saref-and-base-ontology.html",
            "security/attack-surface.html",
        ] {
            client.goto(&server.url(page)).await.expect("open the chapter");
            find(client, "figure.diagram svg").await;
            let inner =
                client.execute("return window.innerWidth;", vec![]).await.expect("width").as_f64().expect("a number");
            assert!(inner <= f64::from(width), "the window is {width} px wide: {inner}");
            let boxes = client.execute(FIGURE_BOXES, vec![]).await.expect("measure the figures");
            let boxes = boxes.as_array().expect("a list");
            assert!(!boxes.is_empty(), "{page} has figures");
            for figure in boxes {
                let number = |at: usize| figure[at].as_f64().expect("a number");
                let (left, right, shown_width, shown_height) = (number(1), number(2), number(3), number(4));
                let (view_width, view_height, column_left, column_right) = (number(5), number(6), number(7), number(8));
                let at = format!("{page} at {width} px, figure {}", number(0));
                assert!(view_width > 0.0 && view_height > 0.0, "{at}: the SVG has a viewBox");
                assert!(
                    left >= column_left - 1.0 && right <= column_right + 1.0,
                    "{at}: [{left}, {right}] is outside the column [{column_left}, {column_right}]"
                );
                assert!(shown_width <= view_width + 1.0, "{at}: never drawn larger than its natural size");
                let ratio = (shown_width / shown_height) / (view_width / view_height);
                assert!(
                    (ratio - 1.0).abs() < 0.02,
                    "{at}: the aspect ratio is kept ({shown_width} x {shown_height} for {view_width} x {view_height})"
                );
                checked += 1;
            }
        }
        // on a phone, at least one figure of these chapters is wider than the column: it really was scaled
        if width == 360 {
            let scaled =
                client.execute(FIGURE_BOXES, vec![]).await.expect("measure").as_array().expect("a list").iter().any(
                    |figure| figure[3].as_f64().unwrap_or_default() + 1.0 < figure[5].as_f64().unwrap_or_default(),
                );
            assert!(scaled, "a figure wider than a phone is scaled down");
        }
    }
    assert!(checked >= 6, "figures checked: {checked}");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}

/// Applies the page's print rules on screen: stylesheets linked for print and `@media print` blocks then apply to
/// `all`, so `getComputedStyle` reports what paper shows (no DevTools protocol needed).
const EMULATE_PRINT: &str = r#"
    let flipped = 0;
    for (const link of document.querySelectorAll("link[rel='stylesheet'][media='print']")) {
        link.media = "all";
        flipped += 1;
    }
    const flip = (rules) => {
        for (const rule of Array.from(rules)) {
            if (rule instanceof CSSMediaRule && Array.from(rule.media).includes("print")) {
                rule.media.mediaText = "all";
                flipped += 1;
            }
            if (rule.cssRules) flip(rule.cssRules);
        }
    };
    for (const sheet of Array.from(document.styleSheets)) {
        try { flip(sheet.cssRules); } catch (error) { /* another origin: none on this site */ }
    }
    return flipped;
"#;

/// What a reader sees of the first quiz's print version: `[answers shown, their text, folded copy shown, live quiz shown]`.
const QUIZ_ON_PAPER: &str = r#"
    const print = document.querySelector(".quiz-print");
    const shown = (element) => !!element && getComputedStyle(element).display !== "none" && element.getClientRects().length > 0;
    const answers = print.querySelector(".quiz-answers-print");
    return [shown(answers), answers ? answers.innerText : "", shown(print.querySelector(".quiz-answers-screen")), shown(print.previousElementSibling)];
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn printed_quizzes_list_their_answers_and_the_screen_keeps_them_folded() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let source = std::fs::read_to_string(server.site.join("security/access-control.html")).expect("the chapter");
    let mount = source.find("data-lab=\"quiz\"").expect("the chapter has a quiz");
    let options_start = source[mount..].find("data-options=\"").expect("quiz data") + mount + "data-options=\"".len();
    let options = &source[options_start..options_start + source[options_start..].find('"').expect("end")];
    let options = options.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    let quiz: serde_json::Value = serde_json::from_str(&options).expect("quiz JSON");
    let first_answer = match quiz["question"][0]["kind"].as_str() {
        Some("single") => char::from(b'a' + quiz["question"][0]["answer"].as_u64().expect("answer") as u8).to_string(),
        Some("multiple") => {
            char::from(b'a' + quiz["question"][0]["answers"][0].as_u64().expect("answer") as u8).to_string()
        }
        _ => quiz["question"][0]["accept"][0].as_str().expect("accepted").to_owned(),
    };

    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url("security/access-control.html")).await.expect("open a chapter with a quiz");
    find(client, ".lab-mount[data-lab='quiz'] form.quiz").await;
    let screen = client.execute(QUIZ_ON_PAPER, vec![]).await.expect("the quiz on screen");
    assert_eq!(screen[0], false, "on screen the print-only answers are hidden");
    assert_eq!(screen[3], true, "on screen the live quiz shows");

    let flipped = client.execute(EMULATE_PRINT, vec![]).await.expect("apply the print rules");
    assert!(flipped.as_u64().unwrap_or_default() >= 2, "the page has print rules (mdBook's and ours): {flipped}");
    let paper = client.execute(QUIZ_ON_PAPER, vec![]).await.expect("the quiz on paper");
    assert_eq!(paper[0], true, "on paper the answers are listed: {paper}");
    let text = paper[1].as_str().unwrap_or_default();
    assert!(text.starts_with("Answers"), "{text}");
    assert!(text.contains(&first_answer), "the first answer ({first_answer}) is printed: {text}");
    let explanation = quiz["question"][0]["explanation"].as_str().expect("an explanation");
    let plain: String =
        explanation.split('<').map(|piece| piece.split_once('>').map_or(piece, |(_, text)| text)).collect();
    assert!(
        text.contains(plain.split_whitespace().take(3).collect::<Vec<_>>().join(" ").as_str()),
        "with its explanation: {text}"
    );
    assert_eq!(paper[2], false, "the folded copy is not printed as well");
    assert_eq!(paper[3], false, "the live quiz is not printed");

    // print.html too (its own print call is harmless in headless Chromium)
    client.goto(&server.url("print.html")).await.expect("open print.html");
    find(client, ".quiz-print").await;
    client.execute(EMULATE_PRINT, vec![]).await.expect("apply the print rules");
    let paper = client.execute(QUIZ_ON_PAPER, vec![]).await.expect("the quiz on paper");
    assert_eq!(paper[0], true, "print.html lists the answers on paper: {paper}");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn print_html_mounts_no_lab_and_writes_no_progress() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let source = std::fs::read_to_string(server.site.join("print.html")).expect("print.html");
    assert!(source.matches("data-bundle=\"").count() >= 10, "print.html holds every chapter's labs and quizzes");
    let browser = Browser::start().await;
    let client = &browser.client;
    server.log.clear();
    client.goto(&server.url("print.html")).await.expect("open print.html");
    find(client, ".lab-print").await;
    // let module scripts run and any fetch start
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(server.requested(".wasm").is_empty(), "print.html fetched wasm: {:?}", server.requested(".wasm"));
    let lab_code: Vec<String> = server
        .log
        .entries()
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| path.starts_with("/labs/") && path.ends_with(".js"))
        .collect();
    assert!(lab_code.is_empty(), "print.html fetched lab code: {lab_code:?}");
    let stored = client
        .execute("return Object.keys(localStorage).filter((key) => key.startsWith('iot-book/'));", vec![])
        .await
        .expect("read localStorage");
    assert_eq!(stored, serde_json::json!([]), "print.html wrote progress");
    let shown = client
        .execute(
            "const shown = (selector) => Array.from(document.querySelectorAll(selector)).filter((element) => element.getClientRects().length > 0).length; \
             return [shown('.lab-print'), shown('.lab-fallback'), document.querySelectorAll('.lab-print').length];",
            vec![],
        )
        .await
        .expect("what print.html shows");
    assert_eq!(shown[1], 0, "no lab says it is loading: {shown}");
    assert_eq!(shown[0], shown[2], "every lab's print description shows on screen: {shown}");
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}

/// Presses a key on whatever has focus, as a reader does.
async fn press(client: &fantoccini::Client, key: fantoccini::key::Key) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let key = char::from(key);
    let actions =
        KeyActions::new("keyboard".to_owned()).then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
    client.perform_actions(actions).await.expect("key press");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arrow_keys_in_a_lab_stay_in_the_lab() {
    if !browser_available() {
        return;
    }
    use fantoccini::key::Key;
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    let page = "security/access-control.html";
    client.goto(&server.url(page)).await.expect("open the chapter");
    find(client, ".acop-calculator").await;
    let controls = [
        ".lab-mount[data-lab='acl-lab'] .decision-matrix button.cell",
        ".lab-mount[data-lab='acl-lab'] summary",
        ".lab-mount[data-lab='quiz'] button.check",
    ];
    for selector in controls {
        let button = find(client, selector).await;
        let reference = serde_json::to_value(&button).expect("element reference");
        // a stand-in for the lab's own key handler, on the button itself
        let focused = client
            .execute(
                "window.labKeys = []; arguments[0].addEventListener('keydown', (event) => window.labKeys.push(event.key)); \
                 arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus(); return document.activeElement === arguments[0];",
                vec![reference],
            )
            .await
            .expect("focus the control");
        assert_eq!(focused, true, "{selector} takes the focus");
        for key in [Key::Right, Key::Left] {
            press(client, key).await;
            tokio::time::sleep(Duration::from_millis(700)).await;
            let url = client.current_url().await.expect("url");
            assert!(url.path().ends_with(page), "{key:?} on {selector} left the chapter for {url}");
        }
        let heard = client.execute("return window.labKeys;", vec![]).await.expect("the lab's keys");
        assert_eq!(heard, serde_json::json!(["ArrowRight", "ArrowLeft"]), "the lab still gets its keys ({selector})");
    }
    // outside a lab, → still turns the page (the test above can fail)
    client.execute("document.activeElement.blur(); window.scrollTo(0, 0); return true;", vec![]).await.expect("blur");
    press(client, Key::Right).await;
    let mut moved = false;
    for _ in 0..50 {
        if !client.current_url().await.expect("url").path().ends_with(page) {
            moved = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(moved, "→ outside a lab goes to the next chapter");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turtle_and_sparql_are_highlighted_without_warnings() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    for page in ["semantics/ontologies-for-engineers.html", "print.html"] {
        client.goto(&server.url(page)).await.expect("open the page");
        for token in [
            "code.language-turtle .hljs-keyword",
            "code.language-turtle .hljs-link",
            "code.language-turtle .hljs-string",
            "code.language-turtle .hljs-meta",
            "code.language-turtle .hljs-type",
            "code.language-turtle .hljs-comment",
            "code.language-sparql .hljs-keyword",
            "code.language-sparql .hljs-variable",
            "code.language-sparql .hljs-title",
        ] {
            find(client, token).await;
        }
        let select = find(client, "code.language-sparql .hljs-keyword").await.text().await.expect("text");
        assert!(["PREFIX", "SELECT", "ASK", "CONSTRUCT"].contains(&select.as_str()), "a SPARQL keyword: {select}");
        let colour = client
            .execute(
                "const keyword = getComputedStyle(document.querySelector('code.language-sparql .hljs-keyword')).color; \
                 const plain = getComputedStyle(document.querySelector('code.language-sparql')).color; return keyword !== plain;",
                vec![],
            )
            .await
            .expect("colours");
        assert_eq!(colour, true, "{page}: keywords have their own colour");
        let warnings: Vec<(String, String)> = browser
            .console_messages()
            .await
            .into_iter()
            .filter(|(_, message)| {
                message.contains("Could not find the language") || message.contains("Falling back to no-highlight")
            })
            .collect();
        assert_eq!(warnings, vec![], "{page}: highlight.js knows every language of the page");
    }
    assert_eq!(server.failed_requests(), vec![], "a request failed");
    browser.close().await;
}
