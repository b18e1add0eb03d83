//! Part 3, necessity and proportionality (Art. 35(7)(b)): the student marks what is excessive, then compares with
//! the lab’s flags (predict, then observe); purposes the description no longer serves are listed.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::LabAction;
use crate::necessity::{NecessityAnswer, Question};

#[derive(Clone, PartialEq, Properties)]
pub struct NecessityPanelProps {
    pub id: u32,
    pub questions: Rc<Vec<Question>>,
    pub answer: NecessityAnswer,
    pub unserved: Rc<Vec<String>>,
    pub on_action: Callback<LabAction>,
}

#[function_component(NecessityPanel)]
pub fn necessity_panel(props: &NecessityPanelProps) -> Html {
    let compared = props.answer.compared.as_ref();
    let flags = props.questions.iter().filter(|question| question.flag.is_some()).count();
    html! {
        <section class="dpia-necessity" aria-label="Necessity and proportionality">
            <h4>{ "3. Necessity and proportionality (Art. 35(7)(b))" }</h4>
            <p>{ "For each question, tick it if the data is finer, more identifying, more widely shared or kept longer than the purposes need (Art. 5(1)(c) and (e)). Then compare with the lab’s flags." }</p>
            <div class="table-scroll">
                <table class="questions">
                    <caption>{ "Necessity questions on the description" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Excessive?" }</th>
                            <th scope="col">{ "Question" }</th>
                            if compared.is_some() { <th scope="col">{ "The lab’s flag" }</th> }
                        </tr>
                    </thead>
                    <tbody>
                        { for props.questions.iter().map(|question| {
                            let id = format!("dpia-mark-{}-{}", question.id.replace(':', "-"), props.id);
                            let question_id = question.id.clone();
                            let on_change = props.on_action.reform(move |event: Event| {
                                LabAction::SetMark(question_id.clone(), event.target_unchecked_into::<HtmlInputElement>().checked())
                            });
                            let agreed = compared.map(|compared| compared.contains(&question.id) == question.flag.is_some());
                            html! {
                                <tr data-question={question.id.clone()} class={classes!(agreed.map(|agreed| if agreed { "agree" } else { "disagree" }))}>
                                    <td><input type="checkbox" id={id.clone()} class="mark" checked={props.answer.marks.contains(&question.id)} onchange={on_change} /></td>
                                    <td><label for={id}>{ &question.text }</label></td>
                                    if let Some(agreed) = agreed {
                                        <td class="flag">
                                            { if agreed { "✓ " } else { "✗ " } }
                                            { question.flag.clone().unwrap_or_else(|| "Needed as sent.".to_owned()) }
                                        </td>
                                    }
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <div class="actions">
                <button type="button" class="compare" onclick={props.on_action.reform(|_: MouseEvent| LabAction::Compare)}>{ "Compare with the lab’s flags" }</button>
            </div>
            if compared.is_some() {
                <p class="necessity-summary" role="status">{ format!("The lab flags {flags} of {} questions.", props.questions.len()) }</p>
            }
            if !props.unserved.is_empty() {
                <div class="unserved" role="status">
                    <p>{ "Purposes the description no longer serves:" }</p>
                    <ul>{ for props.unserved.iter().map(|problem| html! { <li>{ problem }</li> }) }</ul>
                </div>
            }
        </section>
    }
}
