//! The three parts of the lab: the k-anonymous release, differential privacy, and pseudonyms.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::anonymity::{HEATING_LEVELS, POSTCODE_LEVELS, Release, SIZE_LEVELS, heating_at, postcode_at, size_at};
use crate::model::{Draft, DraftField, LabAction, Quasi};
use crate::neighbourhood::{Heating, POSTCODES, Routine};
use crate::privacy::{Ledger, Statistic};
use crate::pseudonyms::Scheme;
use crate::work::{AttackRun, Work, households};

fn percent(value: f64) -> String {
    format!("{:.1}%", value * 100.0)
}

fn select_value(event: Event) -> String {
    event.target_unchecked_into::<HtmlSelectElement>().value()
}

fn input_value(event: Event) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

#[derive(Clone, PartialEq, Properties)]
pub struct ReleasePanelProps {
    pub id: u32,
    pub release: Rc<Release>,
    pub suppress_error: Option<String>,
    pub on_action: Callback<LabAction>,
}

/// Generalisation and suppression, the measures and the equivalence classes.
#[function_component(ReleasePanel)]
pub fn release_panel(props: &ReleasePanelProps) -> Html {
    let release = &props.release;
    let generalisation = release.generalisation;
    let level = |quasi: Quasi, label: &str, current: u8, top: u8, example: fn(u8) -> String| {
        let field = format!("anonymisation-{}-{}", label.to_lowercase().replace(' ', "-"), props.id);
        let on_change = props.on_action.reform(move |event: Event| LabAction::SetLevel(quasi, select_value(event)));
        html! {
            <div class="row">
                <label for={field.clone()}>{ label }</label>
                <select id={field} class={classes!("level", format!("level-{quasi:?}").to_lowercase())} onchange={on_change}>
                    { for (0..=top).map(|level| html! {
                        <option value={level.to_string()} selected={level == current}>{ format!("level {level}: {}", example(level)) }</option>
                    }) }
                </select>
            </div>
        }
    };
    let suppress_id = format!("anonymisation-suppress-{}", props.id);
    let suppress_error_id = format!("anonymisation-suppress-error-{}", props.id);
    let on_suppress = props.on_action.reform(|event: Event| LabAction::SetSuppression(input_value(event)));
    html! {
        <section class="anonymisation-release" aria-label="k-anonymity and l-diversity">
            <h4>{ "1. Generalise and suppress: k-anonymity and l-diversity" }</h4>
            <p>{ "The study's table has three quasi-identifiers an attacker can know from outside (postcode, household size, heating type) and one sensitive attribute, the daily routine the meter reveals. Choose a level in each hierarchy." }</p>
            { level(Quasi::Postcode, "Postcode", generalisation.postcode, POSTCODE_LEVELS, |level| postcode_at("2612", level)) }
            { level(Quasi::Size, "Household size", generalisation.size, SIZE_LEVELS, |level| format!("{} / {}", size_at(2, level), size_at(4, level))) }
            { level(Quasi::Heating, "Heating", generalisation.heating, HEATING_LEVELS, |level| heating_at(Heating::HeatPump, level)) }
            <div class="row">
                <label for={suppress_id.clone()}>{ "Suppress classes with fewer households than" }</label>
                <input id={suppress_id} class="suppress" type="number" min="0" max="50" inputmode="numeric" value={generalisation.suppress_below.to_string()} onchange={on_suppress}
                    aria-invalid={props.suppress_error.is_some().then_some("true")}
                    aria-describedby={props.suppress_error.is_some().then(|| suppress_error_id.clone())} />
            </div>
            if let Some(error) = &props.suppress_error {
                <p id={suppress_error_id} class="field-error" role="alert">{ error }</p>
            }
            <dl class="measures" aria-live="polite">
                <dt>{ "k (smallest class)" }</dt><dd class="k">{ release.k }</dd>
                <dt>{ "l (fewest routines in a class)" }</dt><dd class="l">{ release.l }</dd>
                <dt>{ "Released / suppressed" }</dt><dd class="released">{ format!("{} / {} of {}", release.released, release.suppressed, release.sample) }</dd>
                <dt>{ "Prosecutor risk (highest, average)" }</dt><dd class="prosecutor">{ format!("{}, {}", percent(release.prosecutor_max), percent(release.prosecutor_average)) }</dd>
                <dt>{ "Journalist risk (highest)" }</dt><dd class="journalist">{ percent(release.journalist_max) }</dd>
                <dt>{ "Marketer risk" }</dt><dd class="marketer">{ percent(release.marketer) }</dd>
                <dt>{ "Utility lost" }</dt><dd class="utility">{ percent(release.utility_lost) }</dd>
            </dl>
            <details class="classes">
                <summary>{ format!("The {} equivalence classes", release.classes.len()) }</summary>
                <div class="table-scroll" tabindex="0">
                    <table>
                        <caption>{ "Each class: its generalised quasi-identifiers, households released and in the whole neighbourhood, routines" }</caption>
                        <thead><tr><th scope="col">{ "Postcode" }</th><th scope="col">{ "Size" }</th><th scope="col">{ "Heating" }</th><th scope="col">{ "Released" }</th><th scope="col">{ "In the neighbourhood" }</th><th scope="col">{ "Routines" }</th></tr></thead>
                        <tbody>
                            { for release.classes.iter().map(|class| html! {
                                <tr class={classes!(class.suppressed.then_some("suppressed"), (class.routines.len() < 2).then_some("uniform"))}>
                                    <td>{ &class.key.0 }</td><td>{ &class.key.1 }</td><td>{ &class.key.2 }</td>
                                    <td>{ if class.suppressed { format!("{} (suppressed)", class.members.len()) } else { class.members.len().to_string() } }</td>
                                    <td>{ class.population }</td>
                                    <td>{ class.routines.iter().map(|routine| routine.label()).collect::<Vec<_>>().join(", ") }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct DpPanelProps {
    pub id: u32,
    pub ledger: Ledger,
    pub draft: Draft,
    pub attacks: Vec<AttackRun>,
    pub on_action: Callback<LabAction>,
}

/// Noisy counts and averages, the budget ledger and the differencing attack.
#[function_component(DpPanel)]
pub fn dp_panel(props: &DpPanelProps) -> Html {
    let field = |name: &str| format!("anonymisation-query-{name}-{}", props.id);
    let draft = &props.draft;
    let filter = &draft.filter;
    let set =
        |which: DraftField| props.on_action.reform(move |event: Event| LabAction::SetDraft(which, select_value(event)));
    let epsilon_error_id = field("epsilon-error");
    let attack_id = field("attack");
    let attack_choice = use_state(String::new);
    let on_attack_choice = {
        let attack_choice = attack_choice.clone();
        Callback::from(move |event: Event| attack_choice.set(select_value(event)))
    };
    let on_attack = {
        let (attack_choice, on_action) = (attack_choice.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| on_action.emit(LabAction::Attack((*attack_choice).clone())))
    };
    html! {
        <section class="anonymisation-dp" aria-label="Differential privacy">
            <h4>{ "2. Differential privacy: noisy answers under a budget" }</h4>
            <p>{ "Each answer gets Laplace noise of scale Δ/ε (a count changes by at most 1 when one household joins or leaves; weekly energy is capped at 250 kWh). The ledger adds the epsilons up and refuses what exceeds the budget." }</p>
            <div class="query-form">
                <div class="row">
                    <label for={field("statistic")}>{ "Statistic" }</label>
                    <select id={field("statistic")} class="statistic" onchange={set(DraftField::Statistic)}>
                        <option value="count" selected={draft.statistic == Statistic::Count}>{ "count of households" }</option>
                        <option value="average" selected={draft.statistic == Statistic::AverageWeeklyKwh}>{ "average weekly kWh" }</option>
                    </select>
                </div>
                <div class="row">
                    <label for={field("postcode")}>{ "Postcode" }</label>
                    <select id={field("postcode")} class="postcode" onchange={set(DraftField::Postcode)}>
                        <option value="" selected={filter.postcode.is_none()}>{ "any" }</option>
                        { for POSTCODES.iter().map(|postcode| html! { <option value={*postcode} selected={filter.postcode.as_deref() == Some(*postcode)}>{ *postcode }</option> }) }
                    </select>
                </div>
                <div class="row">
                    <label for={field("size")}>{ "Household size" }</label>
                    <select id={field("size")} class="size" onchange={set(DraftField::Size)}>
                        <option value="" selected={filter.size.is_none()}>{ "any" }</option>
                        { for (1..=6u8).map(|size| html! { <option value={size.to_string()} selected={filter.size == Some(size)}>{ size }</option> }) }
                    </select>
                </div>
                <div class="row">
                    <label for={field("heating")}>{ "Heating" }</label>
                    <select id={field("heating")} class="heating" onchange={set(DraftField::Heating)}>
                        <option value="" selected={filter.heating.is_none()}>{ "any" }</option>
                        { for Heating::ALL.iter().map(|heating| html! { <option value={format!("{heating:?}")} selected={filter.heating == Some(*heating)}>{ heating.label() }</option> }) }
                    </select>
                </div>
                <div class="row">
                    <label for={field("routine")}>{ "Routine" }</label>
                    <select id={field("routine")} class="routine" onchange={set(DraftField::Routine)}>
                        <option value="" selected={filter.routine.is_none()}>{ "any" }</option>
                        { for Routine::ALL.iter().map(|routine| html! { <option value={format!("{routine:?}")} selected={filter.routine == Some(*routine)}>{ routine.label() }</option> }) }
                    </select>
                </div>
                <div class="row">
                    <label for={field("epsilon")}>{ "ε for this query" }</label>
                    <input
                        id={field("epsilon")}
                        class="epsilon"
                        type="text"
                        inputmode="decimal"
                        value={draft.epsilon.clone()}
                        onchange={props.on_action.reform(|event: Event| LabAction::SetDraft(DraftField::Epsilon, input_value(event)))}
                        aria-invalid={draft.epsilon_error.is_some().then_some("true")}
                        aria-describedby={draft.epsilon_error.is_some().then(|| epsilon_error_id.clone())}
                    />
                    <button type="button" class="ask" onclick={props.on_action.reform(|_: MouseEvent| LabAction::Ask)}>{ "Release the answer" }</button>
                </div>
                if let Some(error) = &draft.epsilon_error {
                    <p id={epsilon_error_id} class="field-error" role="alert">{ error }</p>
                }
            </div>
            <p class="budget" aria-live="polite">{ format!("Budget: ε = {:.2} spent of {:.2}, {:.2} left", props.ledger.spent(), props.ledger.budget, props.ledger.remaining()) }</p>
            <div class="table-scroll" tabindex="0">
                <table class="ledger">
                    <caption>{ "The ledger: each released answer, its ε, the truth the curator knows and the error" }</caption>
                    <thead><tr><th scope="col">{ "Query" }</th><th scope="col">{ "ε" }</th><th scope="col">{ "Released" }</th><th scope="col">{ "Truth" }</th><th scope="col">{ "Error" }</th><th scope="col">{ "Expected error" }</th></tr></thead>
                    <tbody>
                        { for props.ledger.answers.iter().map(|answer| html! {
                            <tr>
                                <td>{ format!("{} of {}", if answer.query.statistic == Statistic::Count { "count" } else { "average weekly kWh" }, answer.query.filter.describe()) }</td>
                                <td>{ format!("{:.2}", answer.query.epsilon) }</td>
                                <td>{ format!("{:.1}", answer.noisy) }</td>
                                <td>{ format!("{:.1}", answer.truth) }</td>
                                <td>{ format!("{:+.1}", answer.noisy - answer.truth) }</td>
                                <td>{ format!("±{:.1}", answer.expected_error) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <button type="button" class="reset-ledger" onclick={props.on_action.reform(|_: MouseEvent| LabAction::ResetLedger)}>{ "Start a new release (fresh ledger)" }</button>
            <h5>{ "A differencing attack on Ana Lind's household" }</h5>
            <p>{ "The attacker asks “how many households in 2612 are home all day?” and the same question for everyone except customer 44710. The difference is Ana's routine. The lab runs the attack 200 times and counts how often it concludes right." }</p>
            <div class="row">
                <label for={attack_id.clone()}>{ "Answers" }</label>
                <select id={attack_id} class="attack-epsilon" onchange={on_attack_choice}>
                    <option value="" selected={attack_choice.is_empty()}>{ "exact (no noise)" }</option>
                    { for ["1", "0.5", "0.1"].iter().map(|epsilon| html! { <option value={*epsilon} selected={*attack_choice == *epsilon}>{ format!("noisy, ε = {epsilon} per query") }</option> }) }
                </select>
                <button type="button" class="attack" onclick={on_attack}>{ "Run the attack" }</button>
            </div>
            <ul class="attacks" aria-live="polite">
                { for props.attacks.iter().map(|run| html! {
                    <li>{ format!("{}: right {} of {} times ({})",
                        run.epsilon.map_or("Exact answers".to_owned(), |epsilon| format!("ε = {epsilon}")),
                        (run.success_rate * run.trials as f64).round(), run.trials, percent(run.success_rate)) }</li>
                }) }
            </ul>
        </section>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct PseudonymPanelProps {
    pub id: u32,
    pub work: Rc<Work>,
    pub release: Rc<Release>,
    pub prediction_text: String,
    pub prediction_error: Option<String>,
    pub on_action: Callback<LabAction>,
}

/// Plain hashes against keyed pseudonyms, and the brute force.
#[function_component(PseudonymPanel)]
pub fn pseudonym_panel(props: &PseudonymPanelProps) -> Html {
    let work = &props.work;
    let scheme_id = format!("anonymisation-scheme-{}", props.id);
    let prediction_id = format!("anonymisation-prediction-{}", props.id);
    let prediction_error_id = format!("anonymisation-prediction-error-{}", props.id);
    let pseudonyms = work.pseudonyms(&props.release);
    let records = props.release.released_records();
    let current = match work.scheme {
        Scheme::PlainHash => work.brute_plain.as_ref(),
        Scheme::KeyedHmac => work.brute_keyed.as_ref(),
    };
    html! {
        <section class="anonymisation-pseudonyms" aria-label="Pseudonyms">
            <h4>{ "3. Pseudonyms: a hash, or a keyed HMAC?" }</h4>
            <p>{ "The released table carries a pseudonym in place of the five-digit customer number, so the study can link a household's rows. GDPR Art. 4(5) calls data pseudonymised only when the additional information that re-identifies it is kept separately." }</p>
            <div class="row">
                <label for={scheme_id.clone()}>{ "Pseudonym" }</label>
                <select id={scheme_id} class="scheme" onchange={props.on_action.reform(|event: Event| LabAction::SetScheme(select_value(event)))}>
                    <option value="plain" selected={work.scheme == Scheme::PlainHash}>{ Scheme::PlainHash.label() }</option>
                    <option value="hmac" selected={work.scheme == Scheme::KeyedHmac}>{ Scheme::KeyedHmac.label() }</option>
                </select>
            </div>
            <ol class="pseudonym-sample" aria-label="The first released pseudonyms">
                { for pseudonyms.iter().zip(&records).take(4).map(|(pseudonym, index)| {
                    let household = &households()[*index];
                    html! { <li><code>{ format!("{}…", &pseudonym[..16.min(pseudonym.len())]) }</code>{ format!(" {} {}", postcode_at(household.postcode, props.release.generalisation.postcode), household.routine.label()) }</li> }
                }) }
            </ol>
            <div class="row">
                <label for={prediction_id.clone()}>{ format!("Predict: how many of the {} pseudonyms will a brute force reverse?", pseudonyms.len()) }</label>
                <input
                    id={prediction_id}
                    class="prediction"
                    type="text"
                    inputmode="numeric"
                    value={props.prediction_text.clone()}
                    disabled={work.prediction.is_some()}
                    onchange={props.on_action.reform(|event: Event| LabAction::SetPrediction(input_value(event)))}
                    aria-invalid={props.prediction_error.is_some().then_some("true")}
                    aria-describedby={props.prediction_error.is_some().then(|| prediction_error_id.clone())}
                />
                <button type="button" class="commit-prediction" disabled={work.prediction.is_some()} onclick={props.on_action.reform(|_: MouseEvent| LabAction::CommitPrediction)}>{ "Commit" }</button>
            </div>
            if let Some(error) = &props.prediction_error {
                <p id={prediction_error_id} class="field-error" role="alert">{ error }</p>
            }
            <button type="button" class="brute-force" disabled={work.prediction.is_none()} onclick={props.on_action.reform(|_: MouseEvent| LabAction::BruteForce)}>
                { "Brute-force every customer number (10000 to 99999)" }
            </button>
            if let Some(result) = current {
                <p class="brute-result" role="status">
                    { format!("Tried {} customer numbers: {} of {} pseudonyms reversed{}.", result.tried, result.reversed.len(), result.pseudonyms,
                        work.prediction.map_or(String::new(), |predicted| format!(" (you predicted {predicted})"))) }
                </p>
                if let Some((index, customer)) = result.reversed.first() {
                    <p class="brute-example">{ format!("For example pseudonym {} is customer {customer}.", &pseudonyms.get(*index).map_or("", |pseudonym| &pseudonym[..16.min(pseudonym.len())])) }</p>
                }
            }
        </section>
    }
}
