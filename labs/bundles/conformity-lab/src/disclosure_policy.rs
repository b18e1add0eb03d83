//! The vulnerability disclosure policy the smart plug's dossier lacks, as the student writes it: checked for
//! what EN 303 645 provision 5.2-1 asks (contact information; timelines for the initial acknowledgement and for
//! status updates) and what the Cyber Resilience Act adds (a contact address for reports, Annex I Part II (6);
//! a coordinated disclosure policy, Part II (5): the lab asks for its scope, the products it covers). Pure.

use serde::{Deserialize, Serialize};

/// The policy's fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosurePolicy {
    pub contact: String,
    pub acknowledge_days: String,
    pub update_days: String,
    pub scope: String,
}

/// What the policy still lacks, field by field (`(field, reason)`).
pub fn problems(policy: &DisclosurePolicy, product_model: &str) -> Vec<(&'static str, String)> {
    let mut problems = vec![];
    let contact = policy.contact.trim();
    if contact.is_empty() {
        problems.push(("contact", "Give a contact for reports (5.2-1; CRA Annex I Part II (6)).".to_owned()));
    } else if !is_email(contact) && !is_https_url(contact) {
        problems.push(("contact", format!("“{contact}” is neither an e-mail address nor an https:// address.")));
    }
    for (field, text, what) in [
        ("acknowledge_days", &policy.acknowledge_days, "the initial acknowledgement of a report"),
        ("update_days", &policy.update_days, "status updates until the issue is resolved"),
    ] {
        match text.trim().parse::<u32>() {
            Ok(days) if (1..=365).contains(&days) => {}
            Ok(_) => problems.push((field, format!("The timeline for {what} must be 1 to 365 days."))),
            Err(_) => problems.push((field, format!("Give the timeline for {what} in days (5.2-1)."))),
        }
    }
    if policy.scope.trim().is_empty() {
        problems.push(("scope", "Say which products and versions the policy covers.".to_owned()));
    } else if !policy.scope.to_lowercase().contains(&product_model.to_lowercase()) {
        problems.push(("scope", format!("The scope does not name the product ({product_model}).")));
    }
    problems
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && !text.contains(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

fn is_https_url(text: &str) -> bool {
    text.strip_prefix("https://").is_some_and(|rest| {
        let host = rest.split('/').next().unwrap_or_default();
        host.contains('.') && !rest.contains(char::is_whitespace)
    })
}

/// The policy as a short Markdown page.
pub fn markdown(policy: &DisclosurePolicy, product: &str) -> String {
    format!(
        "# Vulnerability disclosure policy: {product}\n\n- Report to: {}\n- We acknowledge a report within {} days and send status updates at least every {} days until it is resolved.\n- Scope: {}\n",
        policy.contact.trim(),
        policy.acknowledge_days.trim(),
        policy.update_days.trim(),
        policy.scope.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(contact: &str, ack: &str, update: &str, scope: &str) -> DisclosurePolicy {
        DisclosurePolicy {
            contact: contact.into(),
            acknowledge_days: ack.into(),
            update_days: update.into(),
            scope: scope.into(),
        }
    }

    #[test]
    fn a_complete_policy_has_no_problems() {
        let good = policy("security@plugwise.example", "5", "30", "PW-MINI-EU, all firmware versions");
        assert!(problems(&good, "PW-MINI-EU").is_empty());
        let url = policy("https://plugwise.example/security", "2", "14", "pw-mini-eu");
        assert!(problems(&url, "PW-MINI-EU").is_empty(), "the model name is matched without case");
        assert!(markdown(&good, "PlugWise Mini").contains("within 5 days"));
    }

    #[test]
    fn each_missing_element_is_named_at_its_field() {
        let fields = |p: &DisclosurePolicy| problems(p, "PW-MINI-EU").into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(&DisclosurePolicy::default()), ["contact", "acknowledge_days", "update_days", "scope"]);
        assert_eq!(fields(&policy("call us", "5", "30", "PW-MINI-EU")), ["contact"]);
        assert_eq!(fields(&policy("a@b", "5", "30", "PW-MINI-EU")), ["contact"], "no domain");
        assert_eq!(fields(&policy("http://x.example", "5", "30", "PW-MINI-EU")), ["contact"], "not https");
        assert_eq!(fields(&policy("a@b.example", "soon", "0", "PW-MINI-EU")), ["acknowledge_days", "update_days"]);
        assert_eq!(fields(&policy("a@b.example", "5", "30", "our plugs")), ["scope"]);
    }
}
