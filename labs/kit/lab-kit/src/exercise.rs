//! Graded exercises, the same in every lab: an [`Exercise`] (a goal, hints revealed one at a time, and a check on
//! the state the student produced), its [`CheckOutcome`], and the [`ExerciseTracker`] (which exercise is open, how
//! many hints are shown, the verdict, what is done). Free of UI and IO: a lab's reducer owns a tracker and
//! tests it natively; the [`crate::components::exercise_panel`] view renders it.

use std::collections::BTreeSet;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

/// The verdict of a check: whether the goal is reached, and what to tell the student.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOutcome {
    pub passed: bool,
    pub feedback: String,
}

impl CheckOutcome {
    /// The goal is reached.
    pub fn pass(feedback: impl Into<String>) -> Self {
        CheckOutcome { passed: true, feedback: feedback.into() }
    }

    /// The goal is not reached yet; `feedback` says what is still wrong.
    pub fn not_yet(feedback: impl Into<String>) -> Self {
        CheckOutcome { passed: false, feedback: feedback.into() }
    }
}

/// One graded exercise of a lab whose work is an `S` (a session, an analysis...). `setup` is what the lab
/// prepares before the student starts (requests to send, for example); `()` when there is nothing.
pub struct Exercise<S: ?Sized + 'static, Setup: 'static = ()> {
    pub id: &'static str,
    pub title: &'static str,
    pub goal: &'static str,
    pub hints: &'static [&'static str],
    pub setup: Setup,
    /// Checks the state the student produced, never the text they typed.
    pub check: fn(&S) -> CheckOutcome,
}

impl<S: ?Sized, Setup> std::fmt::Debug for Exercise<S, Setup> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exercise").field("id", &self.id).field("title", &self.title).finish_non_exhaustive()
    }
}

/// The exercise with this id in a lab's list.
pub fn find_exercise<S: ?Sized, Setup>(
    exercises: &'static [Exercise<S, Setup>],
    id: &str,
) -> Option<&'static Exercise<S, Setup>> {
    exercises.iter().find(|exercise| exercise.id == id)
}

impl<S: ?Sized, Setup> Exercise<S, Setup> {
    /// How the exercise is listed.
    pub fn choice(&self) -> ExerciseChoice {
        ExerciseChoice { id: self.id, title: self.title }
    }

    /// What the exercise panel shows of it once open.
    pub fn open(&self) -> OpenExercise {
        OpenExercise { id: self.id, goal: self.goal, hints: self.hints }
    }
}

/// The list of a lab's exercises, for the exercise panel.
pub fn choices<S: ?Sized, Setup>(exercises: &[Exercise<S, Setup>]) -> Rc<[ExerciseChoice]> {
    exercises.iter().map(Exercise::choice).collect()
}

/// An exercise in the exercise panel's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExerciseChoice {
    pub id: &'static str,
    pub title: &'static str,
}

/// The exercise the exercise panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenExercise {
    pub id: &'static str,
    pub goal: &'static str,
    pub hints: &'static [&'static str],
}

/// The saved progress of a lab that keeps only which exercises are done: `{"completed": ["id", ...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletedExercises {
    pub completed: Vec<String>,
}

/// The exercise being worked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Current {
    id: &'static str,
    hints: usize,
    hints_shown: usize,
}

/// Where the student is in a lab's exercises. `O` is the lab's verdict (a [`CheckOutcome`] unless an engine
/// grades with a richer one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseTracker<O = CheckOutcome> {
    current: Option<Current>,
    completed: BTreeSet<String>,
    outcome: Option<O>,
}

impl<O> Default for ExerciseTracker<O> {
    fn default() -> Self {
        ExerciseTracker { current: None, completed: BTreeSet::new(), outcome: None }
    }
}

impl<O> ExerciseTracker<O> {
    /// Opens the exercise `id` with its number of hints (none shown, no verdict yet), or free play with `None`.
    pub fn start(&mut self, exercise: Option<(&'static str, usize)>) {
        self.current = exercise.map(|(id, hints)| Current { id, hints, hints_shown: 0 });
        self.outcome = None;
    }

    /// Opens one of the kit's exercises, or free play with `None`.
    pub fn start_exercise<S: ?Sized, Setup>(&mut self, exercise: Option<&'static Exercise<S, Setup>>) {
        self.start(exercise.map(|exercise| (exercise.id, exercise.hints.len())));
    }

    /// Back to the start of the current exercise: hints hidden, no verdict; what is done stays done.
    pub fn reset(&mut self) {
        if let Some(current) = &mut self.current {
            current.hints_shown = 0;
        }
        self.outcome = None;
    }

    /// Shows one more hint, up to the exercise's last.
    pub fn show_hint(&mut self) {
        if let Some(current) = &mut self.current {
            current.hints_shown = (current.hints_shown + 1).min(current.hints);
        }
    }

    /// Records the verdict on the current exercise (`None`: no verdict); a passing one marks it done.
    pub fn record(&mut self, outcome: Option<O>, passed: bool) {
        if let Some(current) = self.current.filter(|_| passed && outcome.is_some()) {
            self.completed.insert(current.id.to_owned());
        }
        self.outcome = outcome;
    }

    /// Adds the exercises saved as done, keeping only those `known` to this version of the lab.
    pub fn restore_completed(&mut self, ids: impl IntoIterator<Item = String>, known: impl Fn(&str) -> bool) {
        self.completed.extend(ids.into_iter().filter(|id| known(id)));
    }

    /// The id of the exercise being worked on (`None`: free play).
    pub fn current(&self) -> Option<&'static str> {
        self.current.map(|current| current.id)
    }

    /// How many hints of the current exercise are shown.
    pub fn hints_shown(&self) -> usize {
        self.current.map(|current| current.hints_shown).unwrap_or(0)
    }

    /// The verdict on the current exercise, once checked.
    pub fn outcome(&self) -> Option<&O> {
        self.outcome.as_ref()
    }

    /// The exercises done, by id.
    pub fn completed(&self) -> &BTreeSet<String> {
        &self.completed
    }

    /// The exercises done, by id in order, as saved.
    pub fn completed_ids(&self) -> Vec<String> {
        self.completed.iter().cloned().collect()
    }

    /// The exercises done, as saved by a lab that keeps nothing else.
    pub fn completed_exercises(&self) -> CompletedExercises {
        CompletedExercises { completed: self.completed_ids() }
    }

    /// Whether the exercise `id` is done.
    pub fn is_completed(&self, id: &str) -> bool {
        self.completed.contains(id)
    }
}

impl ExerciseTracker<CheckOutcome> {
    /// Checks `work` with the current exercise of `exercises` and records the verdict (none in free play).
    pub fn check<S: ?Sized, Setup>(&mut self, exercises: &'static [Exercise<S, Setup>], work: &S) {
        let outcome = self.current_in(exercises).map(|exercise| (exercise.check)(work));
        let passed = outcome.as_ref().is_some_and(|outcome| outcome.passed);
        self.record(outcome, passed);
    }

    /// The current exercise in `exercises`.
    pub fn current_in<S: ?Sized, Setup>(
        &self,
        exercises: &'static [Exercise<S, Setup>],
    ) -> Option<&'static Exercise<S, Setup>> {
        self.current().and_then(|id| find_exercise(exercises, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_least_three(work: &u32) -> CheckOutcome {
        if *work >= 3 { CheckOutcome::pass("three or more") } else { CheckOutcome::not_yet("fewer than three") }
    }

    fn even(work: &u32) -> CheckOutcome {
        if work.is_multiple_of(2) { CheckOutcome::pass("even") } else { CheckOutcome::not_yet("odd") }
    }

    static EXERCISES: &[Exercise<u32>] = &[
        Exercise {
            id: "three",
            title: "1. Three",
            goal: "Reach 3.",
            hints: &["Count.", "Up."],
            setup: (),
            check: at_least_three,
        },
        Exercise { id: "even", title: "2. Even", goal: "Be even.", hints: &["Halve it."], setup: (), check: even },
    ];

    #[test]
    fn hints_are_revealed_one_at_a_time_up_to_the_last() {
        let mut tracker = ExerciseTracker::<CheckOutcome>::default();
        tracker.show_hint();
        assert_eq!(tracker.hints_shown(), 0, "free play has no hints");
        tracker.start_exercise(find_exercise(EXERCISES, "three"));
        assert_eq!(tracker.current(), Some("three"));
        for _ in 0..5 {
            tracker.show_hint();
        }
        assert_eq!(tracker.hints_shown(), 2);
        tracker.reset();
        assert_eq!((tracker.current(), tracker.hints_shown()), (Some("three"), 0));
    }

    #[test]
    fn a_passing_check_marks_the_exercise_done_and_stays_done() {
        let mut tracker = ExerciseTracker::<CheckOutcome>::default();
        tracker.check(EXERCISES, &7);
        assert_eq!(tracker.outcome(), None, "no verdict in free play");
        tracker.start_exercise(find_exercise(EXERCISES, "three"));
        tracker.check(EXERCISES, &1);
        assert_eq!(tracker.outcome(), Some(&CheckOutcome::not_yet("fewer than three")));
        assert!(!tracker.is_completed("three"));
        tracker.check(EXERCISES, &3);
        assert!(tracker.outcome().is_some_and(|outcome| outcome.passed));
        assert!(tracker.is_completed("three"));
        tracker.reset();
        tracker.check(EXERCISES, &0);
        assert!(tracker.is_completed("three"), "a reset or a later failure keeps what is done");
        tracker.start_exercise(find_exercise(EXERCISES, "even"));
        assert_eq!(tracker.outcome(), None, "another exercise starts without a verdict");
        tracker.check(EXERCISES, &3);
        assert!(!tracker.is_completed("even"));
        assert_eq!(tracker.completed_ids(), vec!["three".to_owned()]);
    }

    #[test]
    fn the_panel_lists_and_opens_exercises_from_the_table() {
        let listed = choices(EXERCISES);
        assert_eq!(
            &*listed,
            &[ExerciseChoice { id: "three", title: "1. Three" }, ExerciseChoice { id: "even", title: "2. Even" }]
        );
        assert_eq!(EXERCISES[1].open(), OpenExercise { id: "even", goal: "Be even.", hints: &["Halve it."] });
    }

    #[test]
    fn completed_exercises_keep_their_saved_format() {
        let mut tracker = ExerciseTracker::<CheckOutcome>::default();
        tracker.start_exercise(find_exercise(EXERCISES, "three"));
        tracker.check(EXERCISES, &4);
        let saved = serde_json::to_string(&tracker.completed_exercises()).expect("JSON");
        assert_eq!(saved, r#"{"completed":["three"]}"#);
        let read: CompletedExercises = serde_json::from_str(r#"{"completed":["even"]}"#).expect("the saved format");
        assert_eq!(read.completed, vec!["even".to_owned()]);
    }

    #[test]
    fn restored_progress_keeps_only_known_exercises() {
        let mut tracker = ExerciseTracker::<CheckOutcome>::default();
        let saved = vec!["even".to_owned(), "retired".to_owned()];
        tracker.restore_completed(saved, |id| find_exercise(EXERCISES, id).is_some());
        assert_eq!(tracker.completed_ids(), vec!["even".to_owned()]);
    }

    #[test]
    fn a_richer_verdict_is_recorded_with_its_pass() {
        let mut tracker = ExerciseTracker::<Vec<&str>>::default();
        tracker.start(Some(("query", 1)));
        tracker.record(Some(vec!["finding"]), false);
        assert!(!tracker.is_completed("query"));
        tracker.record(Some(vec![]), true);
        assert!(tracker.is_completed("query") && tracker.outcome() == Some(&vec![]));
    }
}
