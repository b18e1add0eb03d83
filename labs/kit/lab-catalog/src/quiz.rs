//! The self-check quiz: its data model, validation and grading.
//!
//! Authors write a quiz as a ```` ```quiz ```` block whose body is TOML (see CONTRIBUTING.md); the build
//! validates it with [`Quiz::validate`], renders the Markdown of prompts, choices and explanations to
//! HTML, and hands the quiz to the widget as JSON. Grading is here, not in the widget, so it is tested natively.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A quiz: an id (progress is stored under it) and its questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    pub id: String,
    #[serde(rename = "question")]
    pub questions: Vec<Question>,
}

/// One question. `answer`/`answers` are 0-based positions in `choices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Question {
    Single(SingleChoice),
    Multiple(MultipleChoice),
    Short(ShortAnswer),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SingleChoice {
    pub prompt: String,
    pub choices: Vec<String>,
    pub answer: usize,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultipleChoice {
    pub prompt: String,
    pub choices: Vec<String>,
    pub answers: Vec<usize>,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortAnswer {
    pub prompt: String,
    pub accept: Vec<String>,
    pub explanation: String,
}

/// A reader's answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    Single(usize),
    Multiple(Vec<usize>),
    Short(String),
}

/// The version of [`SavedQuiz`] as stored in the reader's browser (under `storage_keys::QUIZ_PREFIX` and the id).
pub const SAVED_QUIZ_VERSION: u32 = 1;

/// What the quiz widget keeps for a quiz: each question's response (an unanswered single choice is
/// `Single(usize::MAX)`) and its graded result (`None` until checked), so a wrong answer is kept as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedQuiz {
    pub responses: Vec<Response>,
    pub results: Vec<Option<bool>>,
}

/// What is wrong with a quiz, naming the question (1-based, as an author counts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizError {
    /// 1-based question number, or None for the quiz as a whole.
    pub question: Option<usize>,
    pub message: String,
}

impl fmt::Display for QuizError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.question {
            Some(number) => write!(f, "question {number}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for QuizError {}

impl Question {
    pub fn prompt(&self) -> &str {
        match self {
            Question::Single(question) => &question.prompt,
            Question::Multiple(question) => &question.prompt,
            Question::Short(question) => &question.prompt,
        }
    }

    pub fn explanation(&self) -> &str {
        match self {
            Question::Single(question) => &question.explanation,
            Question::Multiple(question) => &question.explanation,
            Question::Short(question) => &question.explanation,
        }
    }

    /// Whether `response` answers the question correctly. A response of the wrong kind is wrong.
    pub fn grade(&self, response: &Response) -> bool {
        match (self, response) {
            (Question::Single(question), Response::Single(choice)) => question.answer == *choice,
            (Question::Multiple(question), Response::Multiple(ticked)) => {
                let mut ticked = ticked.clone();
                ticked.sort_unstable();
                ticked.dedup();
                let mut expected = question.answers.clone();
                expected.sort_unstable();
                ticked == expected
            }
            (Question::Short(question), Response::Short(text)) => {
                let given = normalize_short_answer(text);
                !given.is_empty() && question.accept.iter().any(|accepted| normalize_short_answer(accepted) == given)
            }
            _ => false,
        }
    }

    fn validate(&self) -> Result<(), String> {
        if self.prompt().trim().is_empty() {
            return Err("`prompt` is empty".to_owned());
        }
        if self.explanation().trim().is_empty() {
            return Err("`explanation` is empty: every question explains its answer".to_owned());
        }
        match self {
            Question::Single(question) => {
                check_choices(&question.choices)?;
                check_position("answer", question.answer, question.choices.len())
            }
            Question::Multiple(question) => {
                check_choices(&question.choices)?;
                if question.answers.is_empty() {
                    return Err("`answers` is empty: list the 0-based positions of every correct choice".to_owned());
                }
                let mut seen = question.answers.clone();
                seen.sort_unstable();
                seen.dedup();
                if seen.len() != question.answers.len() {
                    return Err("`answers` lists a position twice".to_owned());
                }
                question
                    .answers
                    .iter()
                    .try_for_each(|position| check_position("answers", *position, question.choices.len()))
            }
            Question::Short(question) => {
                if question.accept.iter().all(|accepted| normalize_short_answer(accepted).is_empty()) {
                    return Err("`accept` is empty: list the answers that count as correct".to_owned());
                }
                Ok(())
            }
        }
    }
}

fn check_choices(choices: &[String]) -> Result<(), String> {
    if choices.len() < 2 {
        return Err(format!("`choices` has {} entries; a choice question needs at least 2", choices.len()));
    }
    if choices.iter().any(|choice| choice.trim().is_empty()) {
        return Err("a choice is empty".to_owned());
    }
    Ok(())
}

fn check_position(field: &str, position: usize, choices: usize) -> Result<(), String> {
    if position >= choices {
        return Err(format!(
            "`{field}` names position {position}, but there are {choices} choices (positions 0 to {}; positions are 0-based)",
            choices - 1
        ));
    }
    Ok(())
}

/// Lowercase, trimmed, inner white space folded to one space.
pub fn normalize_short_answer(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl Quiz {
    /// Checks what TOML cannot: ids, positions in range, nothing empty.
    pub fn validate(&self) -> Result<(), QuizError> {
        let whole = |message: String| QuizError { question: None, message };
        if self.id.is_empty() || !self.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(whole(format!("quiz id `{}` must be lowercase letters, digits and `-`", self.id)));
        }
        if self.questions.is_empty() {
            return Err(whole("the quiz has no `[[question]]`".to_owned()));
        }
        for (index, question) in self.questions.iter().enumerate() {
            question.validate().map_err(|message| QuizError { question: Some(index + 1), message })?;
        }
        Ok(())
    }

    /// Applies `render` to every prompt, choice and explanation (the build turns Markdown into HTML with it).
    pub fn map_text(mut self, mut render: impl FnMut(&str) -> String) -> Self {
        for question in &mut self.questions {
            match question {
                Question::Single(SingleChoice { prompt, choices, explanation, .. })
                | Question::Multiple(MultipleChoice { prompt, choices, explanation, .. }) => {
                    *prompt = render(prompt);
                    *explanation = render(explanation);
                    for choice in choices.iter_mut() {
                        *choice = render(choice);
                    }
                }
                Question::Short(ShortAnswer { prompt, explanation, .. }) => {
                    *prompt = render(prompt);
                    *explanation = render(explanation);
                }
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Quiz {
        serde_json::from_value(serde_json::json!({
            "id": "access-control",
            "question": [
                {"kind": "single", "prompt": "acop for Create+Update?", "choices": ["3", "5"], "answer": 1, "explanation": "1 + 4"},
                {"kind": "multiple", "prompt": "principles?", "choices": ["a", "b", "c"], "answers": [0, 2], "explanation": "Art. 5"},
                {"kind": "short", "prompt": "status?", "accept": ["4103", "ORIGINATOR_HAS_NO_PRIVILEGE"], "explanation": "6.6.3"}
            ]
        }))
        .expect("valid quiz")
    }

    #[test]
    fn a_valid_quiz_passes() {
        assert_eq!(sample().validate(), Ok(()));
    }

    #[test]
    fn grading_follows_the_answers() {
        let quiz = sample();
        assert!(quiz.questions[0].grade(&Response::Single(1)));
        assert!(!quiz.questions[0].grade(&Response::Single(0)));
        assert!(quiz.questions[1].grade(&Response::Multiple(vec![2, 0])));
        assert!(!quiz.questions[1].grade(&Response::Multiple(vec![0])), "a missing tick is wrong");
        assert!(!quiz.questions[1].grade(&Response::Multiple(vec![0, 1, 2])), "an extra tick is wrong");
        assert!(quiz.questions[2].grade(&Response::Short("  originator_has_no_privilege ".into())));
        assert!(quiz.questions[2].grade(&Response::Short("4103".into())));
        assert!(!quiz.questions[2].grade(&Response::Short("".into())));
        assert!(!quiz.questions[2].grade(&Response::Single(0)), "a response of the wrong kind is wrong");
    }

    #[test]
    fn out_of_range_answers_name_the_question() {
        let mut quiz = sample();
        if let Question::Single(question) = &mut quiz.questions[0] {
            question.answer = 2;
        }
        let error = quiz.validate().expect_err("position 2 of 2 choices");
        assert_eq!(
            error.to_string(),
            "question 1: `answer` names position 2, but there are 2 choices (positions 0 to 1; positions are 0-based)"
        );
    }

    #[test]
    fn unknown_fields_and_kinds_are_rejected() {
        let unknown_field = serde_json::json!({"id": "q", "question": [
            {"kind": "single", "prompt": "p", "choices": ["a", "b"], "answer": 0, "explanation": "e", "hint": "h"}]});
        assert!(serde_json::from_value::<Quiz>(unknown_field).is_err());
        let unknown_kind =
            serde_json::json!({"id": "q", "question": [{"kind": "essay", "prompt": "p", "explanation": "e"}]});
        assert!(serde_json::from_value::<Quiz>(unknown_kind).is_err());
    }

    #[test]
    fn empty_pieces_are_rejected() {
        let mut quiz = sample();
        quiz.questions.clear();
        assert!(quiz.validate().is_err());
        let mut quiz = sample();
        quiz.id = "Bad Id".into();
        assert!(quiz.validate().is_err());
        let mut quiz = sample();
        if let Question::Multiple(question) = &mut quiz.questions[1] {
            question.answers = vec![0, 0];
        }
        assert_eq!(quiz.validate().expect_err("duplicate").question, Some(2));
    }

    #[test]
    fn map_text_touches_every_text_but_not_accepted_answers() {
        let quiz = sample().map_text(|text| format!("<p>{text}</p>"));
        let Question::Short(short) = &quiz.questions[2] else { panic!("third is short") };
        assert_eq!(short.prompt, "<p>status?</p>");
        assert_eq!(short.accept[0], "4103");
        let Question::Multiple(multiple) = &quiz.questions[1] else { panic!("second is multiple") };
        assert_eq!(multiple.choices[2], "<p>c</p>");
    }
}
