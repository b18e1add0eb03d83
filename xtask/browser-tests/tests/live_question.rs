//! A live question (peer instruction) in headless Chromium, against the real workshop server serving the built
//! site: the speaker view puts a quiz question of its slide to the room, two participants answer at `/q` from their
//! own "devices" (two windows on two origins, so each keeps its own anonymous device id), the speaker view's
//! histogram counts them, a second round after discussion, then the reveal on the speaker view and on the
//! participants' pages. The same deck served as a static site shows the quiz and no live controls.
//! Needs a built site: `cargo xtask build` then `cargo test -p browser-tests --test live_question`.

use std::time::Duration;

use browser_tests::{Browser, SiteServer, browser_available, click_css, find, site_dir, text_containing};
use fantoccini::Client;
use fantoccini::key::Key;
use serde_json::{Value, json};
use workshop_server::ServerConfig;

const DECK: &str = "slides/security/access-control.html";

async fn script(client: &Client, source: &str, arguments: Vec<Value>) -> Value {
    client.execute(source, arguments).await.unwrap_or_else(|error| panic!("running `{source}`: {error}"))
}

/// The 0-based index of the first slide holding a quiz with a single-choice question, that question's position
/// among the slide's choice questions, its choice count and its correct choice.
async fn quiz_slide(client: &Client) -> (u64, u64, u64, u64) {
    let found = script(
        client,
        r#"const slides = Array.from(document.querySelectorAll('#deck > section.slide'));
        for (let s = 0; s < slides.length; s++) {
            let position = 0;
            for (const mount of slides[s].querySelectorAll('.lab-mount[data-lab="quiz"]')) {
                for (const q of JSON.parse(mount.dataset.options).question) {
                    if (q.kind === 'single') return [s, position, q.choices.length, q.answer];
                    if (q.kind === 'multiple') position++;
                }
            }
        }
        return null;"#,
        vec![],
    )
    .await;
    let numbers: Vec<u64> = found
        .as_array()
        .unwrap_or_else(|| panic!("the deck {DECK} has a slide with a single-choice quiz question"))
        .iter()
        .map(|n| n.as_u64().expect("a number"))
        .collect();
    (numbers[0], numbers[1], numbers[2], numbers[3])
}

/// Each choice's counts as the speaker view shows them, once they equal `expected` (or as they are after 15 s).
async fn histogram_eventually(client: &Client, expected: &Value) -> Value {
    let mut shown = Value::Null;
    for _ in 0..150 {
        shown = script(
            client,
            "return Array.from(document.querySelectorAll('.speaker-live .live-histogram li')).map(li => Array.from(li.querySelectorAll('.live-count')).map(c => c.textContent));",
            vec![],
        )
        .await;
        if &shown == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    shown
}

/// Answers the question on a participant's page by clicking choice `choice` and the send button.
async fn answer_by_clicking(client: &Client, choice: u64) {
    click_css(client, &format!("#question input[value=\"{choice}\"]")).await;
    click_css(client, "#question button[type=submit]").await;
    text_containing(client, "#status", "Your answer is in").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_participants_answer_a_live_question_and_the_speaker_view_counts_them() {
    if !browser_available() {
        return;
    }
    let data = std::env::temp_dir().join(format!("live-question-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let config = ServerConfig { port: 0, data_dir: data.clone(), site_dir: site_dir(), ..ServerConfig::default() };
    let server = workshop_server::start(config).await.expect("the workshop server starts");
    let port = server.address.port();
    let browser = Browser::start().await;
    let client = &browser.client;

    // the host: the speaker view of the deck, served by the workshop server
    let speaker_url = format!("http://127.0.0.1:{port}/book/{DECK}?speaker");
    client.goto(&speaker_url).await.expect("open the speaker view");
    find(client, "#deck > section.slide.current").await;
    let (slide, position, choices, correct) = quiz_slide(client).await;
    script(client, "window.slideDeck.go(arguments[0]);", vec![json!(slide)]).await;
    find(client, ".speaker-live .live-pick option").await;
    text_containing(client, ".speaker-live .live-address", "this machine only").await;
    script(
        client,
        "const pick = document.querySelector('.live-pick'); pick.value = String(arguments[0]);",
        vec![json!(position)],
    )
    .await;
    click_css(client, ".speaker-live .live-open").await;
    text_containing(client, ".speaker-live .live-summary", "round 1 · answers open · 0 answers").await;
    let speaker = client.window().await.expect("the speaker window");

    // participant one (origin localhost): first the projected deck shows where to answer, then the phone-sized page
    let one = client.new_window(true).await.expect("a second window").handle;
    client.switch_to_window(one.clone()).await.expect("switch");
    client.goto(&format!("http://localhost:{port}/book/{DECK}#/{}", slide + 1)).await.expect("open the deck");
    text_containing(client, ".live-banner", &format!("Answer at localhost:{port}/q · 0 answers")).await;
    client.set_window_size(360, 740).await.expect("a phone-sized window");
    client.goto(&format!("http://localhost:{port}/q")).await.expect("open /q");
    find(client, "#question fieldset legend").await;
    let overflow =
        script(client, "return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
            .await;
    assert!(overflow.as_i64().unwrap_or(1) <= 0, "the page fits a 360 px phone: {overflow}");
    let wrong = (correct + 1) % choices;
    answer_by_clicking(client, wrong).await;

    // participant two (origin 127.0.0.1: another device id), with the keyboard: space ticks, Enter sends
    let two = client.new_window(true).await.expect("a third window").handle;
    client.switch_to_window(two.clone()).await.expect("switch");
    client.goto(&format!("http://127.0.0.1:{port}/q")).await.expect("open /q");
    let first = find(client, "#question input[value=\"0\"]").await;
    first.send_keys(" ").await.expect("space ticks the first choice");
    find(client, "#question button[type=submit]").await.send_keys(&Key::Enter.to_string()).await.expect("Enter sends");
    text_containing(client, "#status", "Your answer is in").await;
    // the same device cannot answer twice in a round, whatever it sends
    let again = client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            fetch('/q/api').then(r => r.json()).then(state => fetch('/q/api/answer', {
                method: 'POST', headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({device: localStorage.getItem('workshop-question-device'), poll: state.poll.id, round: 1, choices: [1]})
            })).then(r => done(r.status));"#,
            vec![],
        )
        .await
        .expect("a second answer from the same device");
    assert_eq!(again, json!(409), "one answer per round per device");
    let logged = browser.console_errors().await;
    assert!(logged.iter().all(|message| message.contains("409")), "only the refused answer's 409: {logged:?}");

    // the speaker view's histogram: one answer each on the two choices picked
    client.switch_to_window(speaker.clone()).await.expect("back to the speaker");
    let mut round_one = vec![0u64; usize::try_from(choices).expect("small")];
    round_one[usize::try_from(wrong).expect("small")] += 1;
    round_one[0] += 1;
    let expected: Value = round_one.iter().map(|count| json!([count.to_string()])).collect();
    assert_eq!(histogram_eventually(client, &expected).await, expected, "round one as answered");
    text_containing(client, ".speaker-live .live-summary", "2 answers").await;
    let marked = script(client, "return document.querySelectorAll('.live-histogram .correct').length;", vec![]).await;
    assert_eq!(marked, json!(0), "nothing is marked correct before the reveal");

    // after discussion, a second round: both answer again, the correct choice this time
    click_css(client, ".speaker-live .live-second-round").await;
    text_containing(client, ".speaker-live .live-summary", "round 2 · answers open · 0 answers").await;
    for window in [&one, &two] {
        client.switch_to_window(window.clone()).await.expect("switch");
        text_containing(client, "#status", "Second round").await;
        answer_by_clicking(client, correct).await;
    }
    client.switch_to_window(speaker.clone()).await.expect("back to the speaker");
    let expected: Value = round_one
        .iter()
        .enumerate()
        .map(|(choice, count)| {
            let second = if u64::try_from(choice).expect("small") == correct { 2 } else { 0 };
            json!([format!("round 1: {count}"), format!("round 2: {second}")])
        })
        .collect();
    assert_eq!(histogram_eventually(client, &expected).await, expected, "both rounds side by side");

    // the reveal: the speaker view marks the correct choice and explains; participants' pages show it too
    click_css(client, ".speaker-live .live-reveal").await;
    let right = text_containing(client, ".speaker-live .live-histogram li.correct", "✓ correct").await;
    assert!(right.starts_with(&format!("{}.", char::from(b'A' + u8::try_from(correct).expect("small")))), "{right}");
    let explanation = find(client, ".speaker-live .live-explanation").await.text().await.expect("text");
    assert!(!explanation.trim().is_empty(), "the explanation is shown after the reveal");
    client.switch_to_window(one.clone()).await.expect("switch");
    text_containing(client, "#status", "The answer is revealed").await;
    text_containing(client, "#question .correct", "(correct)").await;
    text_containing(client, "#question .results", "round 2: 2 of 2").await;

    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "no window logged errors");
    browser.close().await;
    server.stop().await;
    let _ = std::fs::remove_dir_all(&data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_static_site_shows_the_quiz_and_no_live_controls() {
    if !browser_available() {
        return;
    }
    let server = SiteServer::start().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&server.url(&format!("{DECK}?speaker"))).await.expect("open the speaker view");
    find(client, "#deck > section.slide.current").await;
    let (slide, ..) = quiz_slide(client).await;
    script(client, "window.slideDeck.go(arguments[0]);", vec![json!(slide)]).await;
    // the quiz widget runs as in the book
    find(
        client,
        &format!(
            "#slide-{} .lab-mount[data-lab=\"quiz\"] fieldset, #slide-{} .lab-mount[data-lab=\"quiz\"] button",
            slide + 1,
            slide + 1
        ),
    )
    .await;
    let live = script(client, "return document.querySelectorAll('.speaker-live, .live-banner').length;", vec![]).await;
    assert_eq!(live, json!(0), "no live controls without the workshop server");
    assert!(server.requested("/workshop/api/question").is_empty(), "not even the probe is sent");
    assert_eq!(browser.console_errors().await, Vec::<String>::new(), "the deck logged errors");
    browser.close().await;
}
