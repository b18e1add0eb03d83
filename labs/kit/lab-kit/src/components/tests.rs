use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

use super::exercise_panel::{ExerciseChoice, ExercisePanel, ExercisePanelProps, OpenExercise};
use super::export_import_bar::{ExportImportBar, ExportImportBarProps};
use super::notice_banner::{NoticeBanner, NoticeBannerProps};
use crate::exercise::CheckOutcome;
use crate::notice::Notice;
use crate::testing::{render, tag_with_id};

const CHOICES: &[ExerciseChoice] =
    &[ExerciseChoice { id: "first", title: "1. First" }, ExerciseChoice { id: "second", title: "2. Second" }];

const SECOND: OpenExercise = OpenExercise { id: "second", goal: "Set `acop` to 34.", hints: &["One.", "Two `b`."] };

/// The exercise panel's live region, as Yew renders it.
const LIVE_REGION: &str = "<div role=\"status\" aria-live=\"polite\" class=\"verdict\">";

fn panel(open: Option<OpenExercise>, hints_shown: usize, outcome: Option<CheckOutcome>) -> ExercisePanelProps {
    ExercisePanelProps {
        class: "demo-exercises".into(),
        select_id: "demo-exercise-1".into(),
        free_choice: "Free play (no exercise)".into(),
        exercises: Rc::from(CHOICES),
        open,
        hints_shown,
        completed: Rc::new(BTreeSet::from(["second".to_owned()])),
        outcome,
        verdict: Html::default(),
        remember_done: true,
        children: html! { <p class="answer-place">{ "Answer below." }</p> },
        actions: html! { <button type="button" class="check">{ "Check my answer" }</button> },
        on_choose: Callback::noop(),
        on_hint: Callback::noop(),
        on_reset: Callback::noop(),
    }
}

#[test]
fn the_exercise_panel_shows_the_list_goal_hints_and_verdict() {
    let html = render::<ExercisePanel>(panel(Some(SECOND), 1, Some(CheckOutcome::not_yet("`acop` is 63."))));
    let section = &html[html.find("<section").expect("a section")..];
    let section = &section[..section.find('>').expect("a tag end")];
    assert!(section.contains("class=\"demo-exercises\"") && section.contains("aria-label=\"Exercises\""), "{html}");
    assert!(html.contains("Exercises (1 of 2 done)"), "{html}");
    assert!(html.contains("<label for=\"demo-exercise-1\">"), "the list is labelled");
    assert!(tag_with_id(&html, "demo-exercise-1").contains("class=\"exercise\""));
    assert!(html.contains(">1. First<") && html.contains(">2. Second ✓<"), "done exercises are marked: {html}");
    assert!(html.contains("value=\"second\" selected"), "the open exercise is chosen: {html}");
    assert!(html.contains("data-exercise=\"second\""));
    assert!(html.contains("Set <code>acop</code> to 34."), "the goal has code spans");
    assert!(html.contains("<li>One.</li>") && !html.contains("Two"), "one hint of two is shown: {html}");
    assert!(html.contains("Show a hint (1 of 2)"));
    let goal = html.find("class=\"goal\"").expect("a goal");
    let place = html.find("answer-place").expect("the lab's content");
    let hints = html.find("class=\"hints\"").expect("hints");
    assert!(goal < place && place < hints, "the lab's content comes under the goal, before the hints");
    assert!(html.find("class=\"check\"").expect("the lab's button") < html.find("class=\"hint\"").expect("hint"));
    assert!(html.contains("Not yet: <code>acop</code> is 63."), "{html}");
    assert!(html.contains("class=\"message check pending\""));
    let region = html.find(LIVE_REGION).expect("a live region");
    assert!(region < html.find("Not yet: ").expect("the verdict"), "the verdict is announced: {html}");
    assert!(html.contains("You have completed this exercise before ✓"), "done before, not passing now");
}

#[test]
fn the_exercise_panel_in_free_play_and_after_the_last_hint() {
    let free = render::<ExercisePanel>(panel(None, 0, None));
    assert!(free.contains("<option value=\"\" selected") && free.contains("Free play (no exercise)"), "{free}");
    assert!(!free.contains("Goal: ") && !free.contains("Show a hint"));
    let unchecked = render::<ExercisePanel>(panel(Some(SECOND), 0, None));
    assert!(
        unchecked.contains(&format!("{LIVE_REGION}</div>")),
        "the live region is in the page before the first verdict: {unchecked}"
    );
    let passed = render::<ExercisePanel>(panel(Some(SECOND), 2, Some(CheckOutcome::pass("Right."))));
    assert!(passed.contains("Done ✓ Right.") && passed.contains("class=\"message check ok\""), "{passed}");
    assert!(!passed.contains("completed this exercise before"), "a passing verdict says it already");
    assert!(passed.contains("<li>One.</li><li>Two <code>b</code>.</li>"), "every hint is shown: {passed}");
}

#[test]
fn the_notice_banner_alerts_errors_and_is_dismissable() {
    let error = render::<NoticeBanner>(NoticeBannerProps {
        notice: Some(Notice::error("Your progress could not be read.")),
        class: classes!("acl-notice"),
        on_dismiss: Callback::noop(),
    });
    assert!(error.contains("class=\"message notice wrong acl-notice\"") && error.contains("role=\"alert\""), "{error}");
    assert!(error.contains("Your progress could not be read."));
    assert!(error.contains("class=\"dismiss\"") && error.contains("aria-label=\"Dismiss this message\""));
    let news = render::<NoticeBanner>(NoticeBannerProps {
        notice: Some(Notice::info("Imported.")),
        class: Classes::new(),
        on_dismiss: Callback::noop(),
    });
    assert!(news.contains("class=\"message notice ok\"") && news.contains("role=\"status\""), "{news}");
    let none =
        render::<NoticeBanner>(NoticeBannerProps { notice: None, class: Classes::new(), on_dismiss: Callback::noop() });
    assert!(!none.contains("<p"), "{none}");
}

#[test]
fn the_export_import_bar_labels_its_file_field() {
    let html = render::<ExportImportBar>(ExportImportBarProps {
        input_id: "demo-import-1".into(),
        file_name: "demo.json".into(),
        export_label: "Export session (JSON)".into(),
        import_label: "Import session".into(),
        children: html! { <button type="button" class="share">{ "Share" }</button> },
        on_export: Callback::from(|_| String::new()),
        on_import: Callback::noop(),
        on_error: Callback::noop(),
    });
    assert!(html.contains("class=\"export\"") && html.contains("Export session (JSON)"), "{html}");
    let label = &html[html.find("<label").expect("a label")..];
    assert!(label.starts_with("<label for=\"demo-import-1\" class=\"import\">Import session</label>"), "{html}");
    let input = tag_with_id(&html, "demo-import-1");
    assert!(input.contains("type=\"file\"") && input.contains("accept=\"application/json,.json\""), "{input}");
    assert!(html.find("id=\"demo-import-1\"").expect("input") < html.find("class=\"share\"").expect("extra button"));
}
