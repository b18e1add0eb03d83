//! Enrolment and registration: the device's key pair and CSR, the Device CA's certificate and its binding, and
//! the registrations the CSE answered over mutual TLS.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::enrolment::describe;
use crate::model::LabAction;
use crate::work::Work;

fn input_value(event: Event) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

#[derive(Clone, PartialEq, Properties)]
pub struct EnrolmentPanelProps {
    pub id: u32,
    pub work: Rc<Work>,
    pub originator: String,
    pub originator_error: Option<String>,
    pub claimed: String,
    pub on_action: Callback<LabAction>,
}

#[function_component(EnrolmentPanel)]
pub fn enrolment_panel(props: &EnrolmentPanelProps) -> Html {
    let field = |name: &str| format!("tls-{name}-{}", props.id);
    let error_id = field("originator-error");
    let work = &props.work;
    let issued = work.issued.as_ref().map(|issued| (issued, describe(&issued.certificate_pem)));
    html! {
        <section class="tls-enrolment" aria-label="Enrolment and registration">
            <h4>{ "3. Enrol a device and register it with its certificate" }</h4>
            <p>{ "The device makes its key pair and a certificate signing request (PKCS #10) whose common name is its AE originator; the Device CA checks the request and issues a client certificate; the CSE binds the certificate's SHA-256 to the originator, as the book's workshop server does in its secure mode. The device then connects with mutual TLS, and the CSE takes the originator from the certificate." }</p>
            <div class="row">
                <label for={field("originator")}>{ "Device originator" }</label>
                <input id={field("originator")} class="originator" type="text" value={props.originator.clone()} autocomplete="off" spellcheck="false"
                    onchange={props.on_action.reform(|event: Event| LabAction::SetOriginator(input_value(event)))}
                    aria-invalid={props.originator_error.is_some().then_some("true")}
                    aria-describedby={props.originator_error.is_some().then(|| error_id.clone())} />
                <button type="button" class="make-request" onclick={props.on_action.reform(|_: MouseEvent| LabAction::MakeRequest)}>{ "Make the key pair and CSR" }</button>
            </div>
            if let Some(error) = &props.originator_error {
                <p id={error_id} class="field-error" role="alert">{ error }</p>
            }
            if let Some(device) = &work.device {
                <details class="csr">
                    <summary>{ format!("{}'s CSR (the private key stays on the device)", device.originator) }</summary>
                    <pre><code>{ &device.csr_pem }</code></pre>
                </details>
                <button type="button" class="sign-request" onclick={props.on_action.reform(|_: MouseEvent| LabAction::SignRequest)}>{ "Send the CSR to the Device CA" }</button>
            }
            if let Some((issued, summary)) = &issued {
                <div class="issued" role="status">
                    { match summary {
                        Ok(summary) => html! {
                            <p>{ format!("Issued: subject {}, issuer {}, valid {} to {}. Bound to {} by its SHA-256 {}…", summary.subject, summary.issuer, summary.not_before, summary.not_after, issued.originator, &issued.fingerprint[..16]) }</p>
                        },
                        Err(reason) => html! { <p>{ reason }</p> },
                    } }
                </div>
                <div class="row">
                    <label for={field("claimed")}>{ "The request's originator (From)" }</label>
                    <input id={field("claimed")} class="claimed" type="text" value={props.claimed.clone()} autocomplete="off" spellcheck="false"
                        onchange={props.on_action.reform(|event: Event| LabAction::SetClaimed(input_value(event)))} />
                    <button type="button" class="register" onclick={props.on_action.reform(|_: MouseEvent| LabAction::Register)}>{ "Connect with mutual TLS and register the AE" }</button>
                </div>
            }
            if !work.registrations.is_empty() {
                <ol class="registrations" aria-live="polite">
                    { for work.registrations.iter().map(|registration| html! {
                        <li>
                            { format!("From {}: ", registration.claimed) }
                            if let Some(rsc) = registration.rsc { <strong>{ format!("{rsc} ") }</strong> }
                            { &registration.message }
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}
