//! The self-check quiz widget: answer, check, read the explanations, retry the wrong ones. Progress is
//! kept in the reader's browser under the quiz id; unreadable saved progress is reported and reset.

use std::rc::Rc;

pub use lab_catalog::quiz::SavedQuiz;
use lab_catalog::quiz::{Question, Quiz, Response};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use lab_kit::SaveGate;
use lab_storage::{self as storage, Loaded};

/// The version of the saved progress format (the class view reads the same, from `lab-catalog`).
pub const PROGRESS_VERSION: u32 = lab_catalog::quiz::SAVED_QUIZ_VERSION;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct QuizProps {
    pub quiz: Rc<Quiz>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizState {
    pub quiz: Rc<Quiz>,
    pub responses: Vec<Response>,
    /// None until the question is checked (and again once its answer changes).
    pub results: Vec<Option<bool>>,
    /// A message for the reader, e.g. that saved progress was unreadable.
    pub notice: Option<String>,
    /// A polite word in the status line about the last Check, e.g. that nothing was answered yet.
    pub status: Option<String>,
    /// Saves once saved progress was read (a reload cannot erase progress) and the reader did something
    /// (answered, checked, retried, started over), or the saved answers were unreadable: merely opening a
    /// chapter stores nothing.
    pub gate: SaveGate,
}

/// What the save effect does with the stored answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageChange {
    /// Leave storage as it is (the reader has not done anything yet, or saved answers are not read yet).
    Nothing,
    Save(SavedQuiz),
    /// Nothing is answered (after "Start over", or unreadable saved answers): forget the stored entry.
    Remove,
}

pub enum QuizAction {
    Choose(usize, usize),
    Tick(usize, usize, bool),
    Type(usize, String),
    Check,
    RetryWrong,
    Reset,
    Restore(Loaded<SavedQuiz>),
}

fn empty_response(question: &Question) -> Response {
    match question {
        Question::Single(_) => Response::Single(usize::MAX),
        Question::Multiple(_) => Response::Multiple(Vec::new()),
        Question::Short(_) => Response::Short(String::new()),
    }
}

fn is_answered(response: &Response) -> bool {
    match response {
        Response::Single(choice) => *choice != usize::MAX,
        Response::Multiple(ticked) => !ticked.is_empty(),
        Response::Short(text) => !text.trim().is_empty(),
    }
}

fn fits(question: &Question, response: &Response) -> bool {
    matches!(
        (question, response),
        (Question::Single(_), Response::Single(_))
            | (Question::Multiple(_), Response::Multiple(_))
            | (Question::Short(_), Response::Short(_))
    )
}

impl QuizState {
    pub fn new(quiz: Rc<Quiz>) -> Self {
        let responses = quiz.questions.iter().map(empty_response).collect();
        let results = vec![None; quiz.questions.len()];
        QuizState { quiz, responses, results, notice: None, status: None, gate: SaveGate::default() }
    }

    pub fn saved(&self) -> SavedQuiz {
        SavedQuiz { responses: self.responses.clone(), results: self.results.clone() }
    }

    /// What to write to storage now (pure; the component's effect does it).
    pub fn storage_change(&self) -> StorageChange {
        if !self.gate.is_open() {
            StorageChange::Nothing
        } else if self.responses.iter().any(is_answered) {
            StorageChange::Save(self.saved())
        } else {
            StorageChange::Remove
        }
    }

    /// (correct, checked) among the questions checked so far.
    pub fn score(&self) -> (usize, usize) {
        let checked = self.results.iter().flatten().count();
        let correct = self.results.iter().flatten().filter(|correct| **correct).count();
        (correct, checked)
    }

    pub fn has_wrong(&self) -> bool {
        self.results.contains(&Some(false))
    }

    fn with_response(&self, index: usize, change: impl FnOnce(&mut Response)) -> Self {
        let mut next = self.clone();
        if let Some(response) = next.responses.get_mut(index) {
            change(response);
            next.results[index] = None;
            next.gate.touch();
            next.status = None;
        }
        next
    }
}

impl Reducible for QuizState {
    type Action = QuizAction;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        let next = match action {
            QuizAction::Choose(index, choice) => {
                self.with_response(index, |response| *response = Response::Single(choice))
            }
            QuizAction::Tick(index, choice, ticked) => self.with_response(index, |response| {
                if let Response::Multiple(choices) = response {
                    choices.retain(|existing| *existing != choice);
                    if ticked {
                        choices.push(choice);
                        choices.sort_unstable();
                    }
                }
            }),
            QuizAction::Type(index, text) => self.with_response(index, |response| *response = Response::Short(text)),
            QuizAction::Check => {
                let mut next = (*self).clone();
                for (index, question) in self.quiz.questions.iter().enumerate() {
                    let response = &self.responses[index];
                    next.results[index] = is_answered(response).then(|| question.grade(response));
                }
                next.notice = None;
                next.gate.touch();
                next.status = (!self.responses.iter().any(is_answered))
                    .then(|| "Answer at least one question first, then check.".to_owned());
                next
            }
            QuizAction::RetryWrong => {
                let mut next = (*self).clone();
                for (index, question) in self.quiz.questions.iter().enumerate() {
                    if next.results[index] == Some(false) {
                        next.results[index] = None;
                        next.responses[index] = empty_response(question);
                    }
                }
                next.gate.touch();
                next.status = None;
                next
            }
            QuizAction::Reset => {
                let mut gate = self.gate;
                gate.touch();
                QuizState { gate, ..QuizState::new(Rc::clone(&self.quiz)) }
            }
            QuizAction::Restore(loaded) => {
                // unreadable or outdated answers are replaced (the gate opens), as the notice says; good ones are
                // only read
                let mut gate = SaveGate::default();
                let restored = gate.restore(loaded, |reason| {
                    format!("Your saved answers for this quiz could not be read ({reason}) and have been reset.")
                });
                let fresh = QuizState { gate, ..QuizState::new(Rc::clone(&self.quiz)) };
                match restored {
                    Ok(None) => fresh,
                    Ok(Some(saved))
                        if saved.responses.len() == self.quiz.questions.len()
                            && saved.results.len() == saved.responses.len()
                            && self
                                .quiz
                                .questions
                                .iter()
                                .zip(&saved.responses)
                                .all(|(question, response)| fits(question, response)) =>
                    {
                        QuizState { responses: saved.responses, results: saved.results, ..fresh }
                    }
                    Ok(Some(_)) => {
                        gate.touch();
                        QuizState {
                            notice: Some(
                                "Your saved answers were for an earlier version of this quiz and have been reset."
                                    .to_owned(),
                            ),
                            gate,
                            ..fresh
                        }
                    }
                    Err(notice) => QuizState { notice: Some(notice.text), ..fresh },
                }
            }
        };
        Rc::new(next)
    }
}

fn raw_html(html: &str) -> Html {
    Html::from_html_unchecked(AttrValue::from(html.to_owned()))
}

#[function_component(QuizWidget)]
pub fn quiz_widget(props: &QuizProps) -> Html {
    let state = use_reducer(|| QuizState::new(Rc::clone(&props.quiz)));
    let storage_key = format!("{}{}", lab_catalog::storage_keys::QUIZ_PREFIX, props.quiz.id);

    {
        let state = state.clone();
        let key = storage_key.clone();
        use_effect_with((), move |_| {
            state.dispatch(QuizAction::Restore(storage::load::<SavedQuiz>(&key, PROGRESS_VERSION)))
        });
    }
    {
        let key = storage_key;
        // writes the answers, or removes the entry when nothing is answered (the gate says when)
        use_effect_with(state.storage_change(), move |change| match change {
            StorageChange::Nothing => {}
            StorageChange::Save(saved) => storage::save(&key, PROGRESS_VERSION, saved),
            StorageChange::Remove => storage::remove(&key),
        });
    }

    let on_submit = {
        let state = state.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            state.dispatch(QuizAction::Check);
        })
    };
    let on_retry = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(QuizAction::RetryWrong))
    };
    let on_reset = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(QuizAction::Reset))
    };

    let quiz_id = props.quiz.id.clone();
    let questions = props.quiz.questions.iter().enumerate().map(|(index, question)| {
        let result = state.results[index];
        let status = match result {
            Some(true) => "correct",
            Some(false) => "wrong",
            None => "open",
        };
        let name = format!("quiz-{quiz_id}-{index}");
        let body = match question {
            Question::Single(single) => {
                let chosen = match &state.responses[index] {
                    Response::Single(choice) => *choice,
                    _ => usize::MAX,
                };
                let choices = single.choices.iter().enumerate().map(|(position, choice)| {
                    let state = state.clone();
                    let on_change = Callback::from(move |_: Event| state.dispatch(QuizAction::Choose(index, position)));
                    html! {
                        <label>
                            <input type="radio" name={name.clone()} checked={chosen == position} onchange={on_change} />
                            <span>{ raw_html(choice) }</span>
                        </label>
                    }
                });
                html! { <fieldset class="choices"><legend class="visually-hidden">{ format!("Choices for question {}", index + 1) }</legend>{ for choices }</fieldset> }
            }
            Question::Multiple(multiple) => {
                let ticked = match &state.responses[index] {
                    Response::Multiple(ticked) => ticked.clone(),
                    _ => Vec::new(),
                };
                let choices = multiple.choices.iter().enumerate().map(|(position, choice)| {
                    let state = state.clone();
                    let on_change = Callback::from(move |event: Event| {
                        let input: HtmlInputElement = event.target_unchecked_into();
                        state.dispatch(QuizAction::Tick(index, position, input.checked()));
                    });
                    html! {
                        <label>
                            <input type="checkbox" name={name.clone()} checked={ticked.contains(&position)} onchange={on_change} />
                            <span>{ raw_html(choice) }</span>
                        </label>
                    }
                });
                html! {
                    <fieldset class="choices">
                        <legend class="hint">{ "Tick every correct answer." }</legend>
                        { for choices }
                    </fieldset>
                }
            }
            Question::Short(_) => {
                let text = match &state.responses[index] {
                    Response::Short(text) => text.clone(),
                    _ => String::new(),
                };
                let state = state.clone();
                let on_input = Callback::from(move |event: InputEvent| {
                    let input: HtmlInputElement = event.target_unchecked_into();
                    state.dispatch(QuizAction::Type(index, input.value()));
                });
                html! {
                    <label class="short-answer">
                        { "Your answer: " }
                        <input type="text" name={name.clone()} value={text} oninput={on_input} autocomplete="off" />
                    </label>
                }
            }
        };
        let feedback = match result {
            Some(correct) => html! {
                <>
                    <p class={classes!("message", if correct { "ok" } else { "wrong" })}>
                        { if correct { "Correct." } else { "Not quite." } }
                    </p>
                    <div class="explanation">{ raw_html(question.explanation()) }</div>
                </>
            },
            None => html! {},
        };
        html! {
            <li class="question" data-status={status}>
                <div class="prompt">{ raw_html(question.prompt()) }</div>
                { body }
                { feedback }
            </li>
        }
    });

    let (correct, checked) = state.score();
    let total = props.quiz.questions.len();
    let score = if checked == 0 { String::new() } else { format!("{correct} of {total} correct") };
    html! {
        <form class="quiz" onsubmit={on_submit}>
            <h3 class="lab-title">{ "Self-check" }</h3>
            if let Some(notice) = &state.notice {
                <p class="message wrong notice" role="alert">{ notice.clone() }</p>
            }
            <ol class="questions">{ for questions }</ol>
            <div class="actions">
                <button type="submit" class="check">{ "Check answers" }</button>
                <button type="button" class="retry" onclick={on_retry} disabled={!state.has_wrong()}>{ "Retry the wrong ones" }</button>
                <button type="button" class="reset" onclick={on_reset}>{ "Start over" }</button>
                <span class="status" role="status" aria-live="polite">
                    <span class="score">{ score }</span>
                    if let Some(status) = &state.status {
                        <span class="status-message">{ status.clone() }</span>
                    }
                </span>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests;
