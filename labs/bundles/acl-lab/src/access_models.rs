//! The same policies read two ways, as the security chapters compare the models: role-based
//! ("role → permissions") and attribute-based ("IF subject, operation, resource, context THEN
//! permit"). Pure: derived from the student's [`Setup`], with the operations from the engine's
//! `acop` type.

use crate::policy_draft::{RuleDraft, RuleSet, lines, words};
use crate::scenario::{CSE_BASE, Setup};

/// One role and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGrant {
    /// The acor entry read as a role ("everyone", a pattern, an AE-ID).
    pub role: String,
    /// "Create on cse-in/energy", one per operation group and resource.
    pub permissions: Vec<String>,
    /// Conditions a plain role model cannot express (time, network, place).
    pub conditions: Vec<String>,
}

fn role_name(entry: &str) -> String {
    if entry == "all" {
        "everyone (all)".to_owned()
    } else if entry.contains('*') {
        format!("anyone matching {entry}")
    } else {
        entry.to_owned()
    }
}

fn conditions(rule: &RuleDraft) -> Vec<String> {
    let mut found = Vec::new();
    let windows = lines(&rule.actw);
    if !windows.is_empty() {
        found.push(format!("time (UTC) matches {}", windows.join(" or ")));
    }
    let networks: Vec<String> = words(&rule.ipv4).into_iter().chain(words(&rule.ipv6)).collect();
    if !networks.is_empty() {
        found.push(format!("source IP in {}", networks.join(" or ")));
    }
    let countries = words(&rule.countries);
    if !countries.is_empty() {
        found.push(format!("located in {}", countries.join(" or ")));
    }
    let child_types = words(&rule.chty);
    if !child_types.is_empty() {
        found.push(format!("only creating children of type {}", child_types.join(" or ")));
    }
    found
}

fn operations(rule: &RuleDraft) -> String {
    let operations = rule.operations().operations();
    if operations.is_empty() {
        "nothing".to_owned()
    } else {
        operations.iter().map(|operation| operation.name()).collect::<Vec<_>>().join(", ")
    }
}

/// The resources a rule of `set` in policy `name` applies to.
fn resources(setup: &Setup, name: &str, set: RuleSet) -> Vec<String> {
    match set {
        RuleSet::SelfPrivileges => vec![format!("{CSE_BASE}/{} (the policy itself)", name.trim())],
        RuleSet::Privileges => setup
            .attachments
            .iter()
            .filter(|(_, names)| names.contains(name.trim()))
            .map(|(target, _)| target.clone())
            .collect(),
    }
}

fn each_rule(setup: &Setup) -> impl Iterator<Item = (String, RuleSet, usize, &RuleDraft)> {
    setup.policies.iter().flat_map(move |policy| {
        [RuleSet::Privileges, RuleSet::SelfPrivileges].into_iter().flat_map(move |set| {
            policy
                .rules(set)
                .iter()
                .enumerate()
                .map(move |(index, rule)| (policy.name.trim().to_owned(), set, index, rule))
        })
    })
}

/// Role → permissions, one entry per acor entry (in the order they first appear).
pub fn role_based(setup: &Setup) -> Vec<RoleGrant> {
    let mut roles: Vec<RoleGrant> = Vec::new();
    for (name, set, _, rule) in each_rule(setup) {
        let targets = resources(setup, &name, set);
        if targets.is_empty() || rule.acop == 0 {
            continue;
        }
        let permission = format!("{} on {}", operations(rule), targets.join(", "));
        let conditions = conditions(rule);
        for entry in words(&rule.acor) {
            let role = role_name(&entry);
            let index = match roles.iter().position(|grant| grant.role == role) {
                Some(index) => index,
                None => {
                    roles.push(RoleGrant { role, permissions: Vec::new(), conditions: Vec::new() });
                    roles.len() - 1
                }
            };
            let grant = &mut roles[index];
            let permission =
                if conditions.is_empty() { permission.clone() } else { format!("{permission} (conditional*)") };
            if !grant.permissions.contains(&permission) {
                grant.permissions.push(permission);
            }
            for condition in &conditions {
                if !grant.conditions.contains(condition) {
                    grant.conditions.push(condition.clone());
                }
            }
        }
    }
    roles
}

/// "IF ... THEN permit" rules, one per access-control rule that applies somewhere; the last line is the default.
pub fn attribute_based(setup: &Setup) -> Vec<String> {
    let mut rules = Vec::new();
    for (name, set, index, rule) in each_rule(setup) {
        let targets = resources(setup, &name, set);
        if targets.is_empty() {
            continue;
        }
        let subjects: Vec<String> = words(&rule.acor).iter().map(|entry| role_name(entry)).collect();
        let mut clauses = vec![
            format!("subject is {}", if subjects.is_empty() { "no one".to_owned() } else { subjects.join(" or ") }),
            format!("operation in {{{}}}", operations(rule)),
            format!("resource is {}", targets.join(" or ")),
        ];
        clauses.extend(conditions(rule));
        rules.push(format!("IF {} THEN permit   [{name}.{} rule {index}]", clauses.join(" AND "), set.short_name()));
    }
    rules.push("OTHERWISE deny (4103 ORIGINATOR_HAS_NO_PRIVILEGE); a resource with no acpi: only its creator and the administrator".to_owned());
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy_draft::{PolicyDraft, RuleField};
    use std::collections::BTreeSet;

    fn setup() -> Setup {
        let mut setup = Setup {
            policies: vec![PolicyDraft::new(
                "acpEnergy",
                vec![
                    RuleDraft::new("Cmeter-* all", 1).with(RuleField::Ipv4, "10.20.0.0/16"),
                    RuleDraft::new("Cfacility", 34),
                ],
                vec![RuleDraft::new("CAdmin", 63)],
            )],
            ..Setup::default()
        };
        setup.attachments.insert("cse-in/energy".into(), BTreeSet::from(["acpEnergy".to_owned()]));
        setup
    }

    #[test]
    fn roles_list_permissions_and_the_conditions_rbac_cannot_express() {
        let roles = role_based(&setup());
        assert_eq!(roles[0].role, "anyone matching Cmeter-*");
        assert_eq!(roles[0].permissions, vec!["Create on cse-in/energy (conditional*)"]);
        assert_eq!(roles[0].conditions, vec!["source IP in 10.20.0.0/16"]);
        assert_eq!(roles[1].role, "everyone (all)");
        assert_eq!(roles[2].permissions, vec!["Retrieve, Discovery on cse-in/energy"]);
        assert_eq!(
            roles[3].permissions,
            vec!["Create, Retrieve, Update, Delete, Notify, Discovery on cse-in/acpEnergy (the policy itself)"]
        );
    }

    #[test]
    fn abac_rules_read_as_if_then_with_a_default_deny() {
        let rules = attribute_based(&setup());
        assert_eq!(rules.len(), 4);
        assert_eq!(
            rules[0],
            "IF subject is anyone matching Cmeter-* or everyone (all) AND operation in {Create} AND resource is cse-in/energy AND source IP in 10.20.0.0/16 THEN permit   [acpEnergy.pv rule 0]"
        );
        assert!(rules[3].starts_with("OTHERWISE deny (4103"));
    }

    #[test]
    fn an_unlinked_policy_grants_nothing_in_either_reading() {
        let mut setup = setup();
        setup.attachments.clear();
        assert_eq!(role_based(&setup).len(), 1, "only the pvs rule applies: to the policy itself");
        assert_eq!(attribute_based(&setup).len(), 2);
    }
}
