//! The access-control operations calculator: tick operations and read the `acop` bitmask, or type a
//! value and see the operations it grants. The arithmetic is the CSE engine's (`onem2m_cse::acop`).

use std::rc::Rc;

use onem2m_cse::acop::{AccessControlOperations, AccessOperation, AcopError};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::next_widget_id;

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct AcopCalculatorProps {
    /// The value the calculator starts with (0..=63).
    pub initial: u32,
}

/// Everything the calculator shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcopState {
    /// The last valid value; the checkboxes show it.
    pub acop: AccessControlOperations,
    /// What is in the text field (may be invalid while the reader types).
    pub text: String,
    /// Why the text is not a valid acop, when it is not.
    pub error: Option<String>,
}

pub enum AcopAction {
    /// A checkbox changed.
    Toggle(AccessOperation, bool),
    /// The reader typed in the value field.
    Type(String),
}

impl AcopState {
    pub fn new(initial: u32) -> Self {
        let acop = AccessControlOperations::try_from(initial).unwrap_or_default();
        AcopState { acop, text: acop.value().to_string(), error: None }
    }
}

/// Why `text` is not a valid acop, quoting what the reader typed (the engine reports a number too long for
/// 64 bits as `u64::MAX`, which the reader never typed).
pub fn explain_error(text: &str, error: &AcopError) -> String {
    match error {
        AcopError::OutOfRange { .. } => format!(
            "{} is larger than 63, the sum of all six operation bits; no operation has a bit above Discovery (32)",
            text.trim()
        ),
        AcopError::Empty | AcopError::NotANumber { .. } => error.to_string(),
    }
}

impl Reducible for AcopState {
    type Action = AcopAction;

    fn reduce(self: Rc<Self>, action: Self::Action) -> Rc<Self> {
        match action {
            AcopAction::Toggle(operation, granted) => {
                let acop = self.acop.with(operation, granted);
                Rc::new(AcopState { acop, text: acop.value().to_string(), error: None })
            }
            AcopAction::Type(text) => match AccessControlOperations::parse(&text) {
                Ok(acop) => Rc::new(AcopState { acop, text, error: None }),
                Err(error) => {
                    let error = explain_error(&text, &error);
                    Rc::new(AcopState { acop: self.acop, text, error: Some(error) })
                }
            },
        }
    }
}

#[function_component(AcopCalculator)]
pub fn acop_calculator(props: &AcopCalculatorProps) -> Html {
    let state = use_reducer(|| AcopState::new(props.initial));
    let id = use_memo((), |_| next_widget_id());
    let input_id = format!("acop-value-{id}");
    let error_id = format!("acop-error-{id}");

    let on_input = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            state.dispatch(AcopAction::Type(input.value()));
        })
    };

    let checkboxes = AccessOperation::ALL.iter().map(|operation| {
        let operation = *operation;
        let on_change = {
            let state = state.clone();
            Callback::from(move |event: Event| {
                let input: HtmlInputElement = event.target_unchecked_into();
                state.dispatch(AcopAction::Toggle(operation, input.checked()));
            })
        };
        html! {
            <label>
                <input type="checkbox" name={operation.name()} checked={state.acop.allows(operation)} onchange={on_change} />
                { operation.name() }
                <span class="bit">{ format!("({})", operation.bit()) }</span>
            </label>
        }
    });

    html! {
        <div class="acop-calculator">
            <h3 class="lab-title">{ "Access-control operations calculator" }</h3>
            <fieldset>
                <legend>{ "Operations the rule grants" }</legend>
                <div class="operations">{ for checkboxes }</div>
            </fieldset>
            <div class="value-row">
                <label for={input_id.clone()}>{ "acop value" }</label>
                <input
                    id={input_id}
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    value={state.text.clone()}
                    oninput={on_input}
                    aria-invalid={if state.error.is_some() { "true" } else { "false" }}
                    aria-describedby={error_id.clone()}
                />
                <output class="sum" aria-live="polite">{ state.acop.explain() }</output>
            </div>
            <p class="binary">{ format!("in binary: {:06b} (Discovery … Create)", state.acop.value()) }</p>
            <p id={error_id} class="message wrong" role="alert" hidden={state.error.is_none()}>
                { state.error.clone().unwrap_or_default() }
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: AcopState, action: AcopAction) -> AcopState {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn ticking_create_and_update_gives_five() {
        let state = reduce(AcopState::new(0), AcopAction::Toggle(AccessOperation::Create, true));
        let state = reduce(state, AcopAction::Toggle(AccessOperation::Update, true));
        assert_eq!(state.text, "5");
        assert_eq!(state.acop.value(), 5);
    }

    #[test]
    fn typing_a_value_ticks_its_operations() {
        let state = reduce(AcopState::new(0), AcopAction::Type("34".into()));
        assert_eq!(state.acop.operations(), vec![AccessOperation::Retrieve, AccessOperation::Discovery]);
        assert_eq!(state.error, None);
    }

    #[test]
    fn an_invalid_value_is_explained_and_keeps_the_last_valid_one() {
        let state = reduce(AcopState::new(5), AcopAction::Type("64".into()));
        assert_eq!(state.acop.value(), 5);
        assert_eq!(state.text, "64");
        assert!(state.error.as_deref().is_some_and(|error| error.contains("larger than 63")), "{:?}", state.error);
        let state = reduce(state, AcopAction::Toggle(AccessOperation::Delete, true));
        assert_eq!((state.acop.value(), state.error.clone()), (13, None), "a tick repairs the field");
    }

    #[test]
    fn a_huge_value_is_quoted_as_typed() {
        let typed = "999999999999999999999";
        let state = reduce(AcopState::new(5), AcopAction::Type(format!(" {typed} ")));
        let error = state.error.expect("an error");
        assert!(error.starts_with(&format!("{typed} is larger than 63")), "{error}");
        assert!(!error.contains(&u64::MAX.to_string()), "{error}");
        assert_eq!(state.acop.value(), 5, "the last valid value is kept");
        let state = reduce(AcopState::new(0), AcopAction::Type("64".into()));
        assert!(state.error.is_some_and(|error| error.starts_with("64 is larger than 63")));
        let state = reduce(AcopState::new(0), AcopAction::Type("1e3".into()));
        assert!(state.error.is_some_and(|error| error.contains("\"1e3\" is not a whole number")));
    }

    fn render(initial: u32) -> String {
        lab_kit::testing::render::<AcopCalculator>(AcopCalculatorProps { initial })
    }

    #[test]
    fn the_calculator_renders_its_initial_value_with_labelled_controls() {
        let html = render(5);
        assert_eq!(html.matches("type=\"checkbox\"").count(), 6, "{html}");
        assert!(html.contains("1 (Create) + 4 (Update) = 5"), "{html}");
        assert!(html.contains("in binary: 000101"), "{html}");
        assert!(html.contains("<legend>Operations the rule grants</legend>"));
        let label_for =
            html.split("<label for=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("a labelled value field");
        assert!(html.contains(&format!("id=\"{label_for}\"")), "the label points at the field");
        assert!(html.contains("hidden"), "no error is shown for a valid value");
    }
}
