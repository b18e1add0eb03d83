//! The product description both modes share: one of the book's products, or the student's own answers.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::model::{Flag, LabAction};
use crate::rules::{CraKind, Product, book_products};

#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ProductFormProps {
    pub id: u32,
    pub product: Product,
    /// The date as typed, and why it could not be read.
    pub date_text: String,
    pub date_error: Option<String>,
    pub on_action: Callback<LabAction>,
}

#[function_component(ProductForm)]
pub fn product_form(props: &ProductFormProps) -> Html {
    let id = props.id;
    let product = &props.product;
    let current = book_products().into_iter().find(|(_, p)| p == product).map(|(key, _)| key).unwrap_or("");
    let on_load = props
        .on_action
        .reform(|event: Event| LabAction::LoadProduct(event.target_unchecked_into::<HtmlSelectElement>().value()));
    let on_name = props
        .on_action
        .reform(|event: InputEvent| LabAction::SetName(event.target_unchecked_into::<HtmlInputElement>().value()));
    let on_kind = props
        .on_action
        .reform(|event: Event| LabAction::SetCraKind(event.target_unchecked_into::<HtmlSelectElement>().value()));
    let on_date = props
        .on_action
        .reform(|event: Event| LabAction::SetMarketDate(event.target_unchecked_into::<HtmlInputElement>().value()));
    let date_error_id = format!("conformity-date-error-{id}");
    html! {
        <fieldset class="conformity-product">
            <legend>{ "The product" }</legend>
            <div class="row">
                <label for={format!("conformity-book-product-{id}")}>{ "Book product" }</label>
                <select id={format!("conformity-book-product-{id}")} class="book-product" onchange={on_load}>
                    <option value="" selected={current.is_empty()}>{ "(your own description)" }</option>
                    { for book_products().into_iter().map(|(key, p)| html! {
                        <option value={key} selected={key == current}>{ p.name }</option>
                    }) }
                </select>
            </div>
            <div class="row">
                <label for={format!("conformity-name-{id}")}>{ "Name" }</label>
                <input id={format!("conformity-name-{id}")} class="product-name" type="text" value={product.name.clone()} oninput={on_name} />
            </div>
            <ul class="flags">
                { for Flag::ALL.into_iter().map(|flag| {
                    let on_flag = props.on_action.reform(move |event: Event| {
                        LabAction::SetFlag(flag, event.target_unchecked_into::<HtmlInputElement>().checked())
                    });
                    let flag_id = format!("conformity-flag-{}-{id}", flag.key());
                    html! {
                        <li>
                            <input id={flag_id.clone()} class={classes!("flag", flag.key())} type="checkbox" checked={flag.get(product)} onchange={on_flag} />
                            <label for={flag_id}>{ flag.label() }</label>
                        </li>
                    }
                }) }
            </ul>
            <div class="row">
                <label for={format!("conformity-kind-{id}")}>{ "What it is (CRA Annexes III and IV)" }</label>
                <select id={format!("conformity-kind-{id}")} class="cra-kind" onchange={on_kind}>
                    { for CraKind::ALL.into_iter().map(|kind| html! {
                        <option value={kind.key()} selected={kind == product.cra_kind}>{ kind.label() }</option>
                    }) }
                </select>
            </div>
            <div class="row">
                <label for={format!("conformity-date-{id}")}>{ "First placed on the EU market (YYYY-MM-DD)" }</label>
                <input
                    id={format!("conformity-date-{id}")}
                    class="market-date"
                    type="text"
                    inputmode="numeric"
                    value={props.date_text.clone()}
                    onchange={on_date}
                    aria-invalid={props.date_error.is_some().then_some("true")}
                    aria-describedby={props.date_error.is_some().then(|| date_error_id.clone())}
                />
            </div>
            if let Some(error) = &props.date_error {
                <p id={date_error_id} class="field-error" role="alert">{ error.clone() }</p>
            }
        </fieldset>
    }
}
