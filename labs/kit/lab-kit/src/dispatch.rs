//! The glue between a lab's reducer and its views' `on_*` callbacks.

use yew::prelude::*;

/// A callback for a view's `on_*` prop that dispatches to the lab's reducer the action `action` makes of what
/// the view reports, e.g. `dispatcher(&lab, LabAction::ShowObserver)` or `dispatcher(&lab, |()| LabAction::Dismiss)`.
pub fn dispatcher<R, T>(reducer: &UseReducerHandle<R>, action: fn(T) -> R::Action) -> Callback<T>
where
    R: Reducible + 'static,
    T: 'static,
{
    let reducer = reducer.clone();
    Callback::from(move |value| reducer.dispatch(action(value)))
}
