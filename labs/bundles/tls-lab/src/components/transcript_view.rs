//! The last handshake, flight by flight: each message with its RFC 8446 section, what travelled encrypted, the
//! certificate chain sent with each certificate's validity at the lab's clock, the path validation verdict, and
//! the secrets rustls logged.

use std::rc::Rc;

use yew::prelude::*;

use crate::chain::CertificateSummary;
use crate::handshake::Side;
use crate::pki::LAB_NOW_SECONDS;
use crate::scenarios::{Aborts, Run};
use crate::transcript::{ShownMessage, secrets, transcript};

fn certificate(summary: &Result<CertificateSummary, String>) -> Html {
    match summary {
        Ok(summary) => {
            let valid = summary.valid_at(LAB_NOW_SECONDS as i64);
            html! {
                <li class="certificate">
                    <dl>
                        <dt>{ "Subject" }</dt><dd>{ &summary.subject }</dd>
                        <dt>{ "Issuer" }</dt><dd>{ &summary.issuer }{ if summary.self_signed { " (self-signed)" } else { "" } }</dd>
                        <dt>{ "Valid" }</dt>
                        <dd class={if valid { "valid" } else { "invalid" }}>
                            { format!("{} to {}{}", summary.not_before, summary.not_after, if valid { "" } else { ": not valid at the lab's clock" }) }
                        </dd>
                        if !summary.dns_names.is_empty() {
                            <dt>{ "Names (subjectAltName)" }</dt><dd>{ summary.dns_names.join(", ") }</dd>
                        }
                        <dt>{ "May issue certificates" }</dt><dd>{ if summary.is_ca { "yes (a CA)" } else { "no" } }</dd>
                        <dt>{ "SHA-256" }</dt><dd><code class="fingerprint">{ format!("{}…", &summary.fingerprint[..24.min(summary.fingerprint.len())]) }</code></dd>
                    </dl>
                </li>
            }
        }
        Err(reason) => html! { <li class="certificate">{ reason }</li> },
    }
}

fn message(message: &ShownMessage) -> Html {
    html! {
        <li class={classes!("message", message.encrypted.then_some("encrypted"))}>
            <span class="message-name">{ &message.name }</span>
            <span class="section">{ format!(" (RFC 8446 {}){}", message.section, if message.encrypted { ", encrypted" } else { ", in the clear" }) }</span>
            if !message.lines.is_empty() {
                <ul class="fields">
                    { for message.lines.iter().map(|line| html! { <li><code>{ line }</code></li> }) }
                </ul>
            }
            if !message.certificates.is_empty() {
                <ol class="chain" aria-label="The certificates sent, leaf first">
                    { for message.certificates.iter().map(certificate) }
                </ol>
            }
        </li>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct TranscriptViewProps {
    pub run: Option<Rc<Run>>,
}

#[function_component(TranscriptView)]
pub fn transcript_view(props: &TranscriptViewProps) -> Html {
    let Some(run) = &props.run else {
        return html! {
            <section class="tls-transcript" aria-label="Transcript">
                <h4>{ "2. The flights" }</h4>
                <p class="empty">{ "Run a handshake to see its flights here." }</p>
            </section>
        };
    };
    let flights = transcript(&run.handshake);
    let outcome = &run.handshake.outcome;
    let verdict = match (&outcome.client_error, run.observation.aborts) {
        _ if outcome.completed => {
            "valid: the client built a path from the server's certificate to a root it trusts, every certificate valid at the lab's clock".to_owned()
        }
        (_, Aborts::Server) => "the server's chain was accepted; the server refused the client".to_owned(),
        (Some(error), Aborts::Client) if error.contains("BadSignature") => format!(
            "the chain was valid, but CertificateVerify did not verify with the certificate's key (RFC 8446 4.4.3): {error}"
        ),
        (Some(error), Aborts::Client) if error.starts_with("invalid peer certificate") => {
            format!("refused by the client: {error}")
        }
        (Some(error), Aborts::Client) => format!("not reached: the client aborted before validating the chain ({error})"),
        _ => "not reached".to_owned(),
    };
    let logged = secrets(&run.handshake);
    html! {
        <section class="tls-transcript" aria-label="Transcript">
            <h4>{ "2. The flights" }</h4>
            <p class="summary">
                { format!("{} flights; {}.", flights.len(), run.observation.version.as_deref().map_or("no version agreed".to_owned(), |version| format!("{version} negotiated"))) }
            </p>
            <ol class="flights">
                { for flights.iter().enumerate().map(|(index, flight)| html! {
                    <li class={classes!("flight", if flight.from == Side::Client { "from-client" } else { "from-server" })}>
                        <details open={index < 2}>
                            <summary>
                                { format!("Flight {}: {} → {} ({} bytes in {} records){}", index + 1,
                                    flight.from.label(), if flight.from == Side::Client { "server" } else { "client" },
                                    flight.bytes, flight.records, if flight.tampered { ", changed on the way by the attacker" } else { "" }) }
                            </summary>
                            <ol class="messages">{ for flight.messages.iter().map(message) }</ol>
                        </details>
                    </li>
                }) }
            </ol>
            <p class="path-verdict"><strong>{ "Path validation of the server's chain (RFC 5280 6.1): " }</strong>{ verdict }</p>
            <details class="secrets">
                <summary>{ format!("The {} secrets rustls logged (its KeyLog), which open the encrypted records above", logged.len()) }</summary>
                if logged.is_empty() {
                    <p>{ "None: the handshake ended before the keys were derived." }</p>
                }
                <dl>
                    { for logged.iter().map(|secret| html! {
                        <>
                            <dt>{ &secret.label }</dt>
                            <dd><code class="secret">{ &secret.hex }</code></dd>
                        </>
                    }) }
                </dl>
                <p>{ "Each is a traffic secret of the TLS 1.3 key schedule (RFC 8446 7.1); the record keys and IVs come from it with HKDF-Expand-Label (7.3). The lab derives them and opens the records the way a packet analyser does with a key log file." }</p>
            </details>
        </section>
    }
}
