//! Access decisions: which policies govern a resource, and the evaluation of their rules.

use crate::acop::AccessOperation;
use crate::cse::Cse;
use crate::policy::{AccessDecision, DecisionBasis, PolicyEvaluation, PrivilegeSet, RuleInput, evaluate_rule};
use crate::primitive::OriginatorContext;
use crate::resource::ResourceType;
use crate::status::ResponseStatusCode;
use crate::time::Timestamp;

impl Cse {
    /// Explains whether `originator` may perform `operation` on the resource at `target` (any
    /// address form) with the given context at `now`: which rule of which policy grants it, or why
    /// every candidate rule fails. `Err(NotFound)` when nothing is at `target`.
    pub fn explain_access(
        &self,
        originator: &str,
        target: &str,
        operation: AccessOperation,
        context: &OriginatorContext,
        now: Timestamp,
    ) -> Result<AccessDecision, ResponseStatusCode> {
        let ri = self.resolve_address(target).ok_or(ResponseStatusCode::NotFound)?;
        let originator = self.normalize_originator(originator);
        Ok(self.decide(&originator, &ri, operation, context, now, None))
    }

    /// Explains whether `originator` may change the `acpi` of the resource at `target` (an Update
    /// carrying `acpi`): decided by the selfPrivileges (`pvs`) of the policies the resource links
    /// now, not by their `pv` (TS-0001, accessControlPolicyIDs); a resource that links none is
    /// decided as for any Update (its creator and the administrator). `Err(NotFound)` when nothing
    /// is at `target`.
    pub fn explain_acpi_change(
        &self,
        originator: &str,
        target: &str,
        context: &OriginatorContext,
        now: Timestamp,
    ) -> Result<AccessDecision, ResponseStatusCode> {
        let ri = self.resolve_address(target).ok_or(ResponseStatusCode::NotFound)?;
        let originator = self.normalize_originator(originator);
        Ok(self.decide_scoped(&originator, &ri, AccessOperation::Update, context, now, None, true))
    }

    /// Whether `originator` is a member of the group at `entry` (an `acor` entry naming a group).
    pub(crate) fn group_has_member(&self, entry: &str, originator: &str) -> bool {
        let Some(group) = self.resolve_address(entry) else {
            return false;
        };
        let Some(group) = self.tree.resources.get(&group) else {
            return false;
        };
        if group.ty != ResourceType::Group {
            return false;
        }
        group.attribute_strings("mid").iter().any(|member| {
            member == originator
                || self
                    .resolve_address(member)
                    .is_some_and(|ri| ri == originator && self.ty_of(&ri) == Some(ResourceType::Ae))
        })
    }

    /// The decision for an existing resource `ri`. `created_ty` is the type being created (for `acod` chty).
    pub(crate) fn decide(
        &self,
        originator: &str,
        ri: &str,
        operation: AccessOperation,
        context: &OriginatorContext,
        now: Timestamp,
        created_ty: Option<u32>,
    ) -> AccessDecision {
        self.decide_scoped(originator, ri, operation, context, now, created_ty, false)
    }

    /// [`Cse::decide`], or with `acpi_change` the decision on changing the resource's `acpi`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn decide_scoped(
        &self,
        originator: &str,
        ri: &str,
        operation: AccessOperation,
        context: &OriginatorContext,
        now: Timestamp,
        created_ty: Option<u32>,
        acpi_change: bool,
    ) -> AccessDecision {
        let mut decision = AccessDecision {
            originator: originator.to_owned(),
            operation,
            target: ri.to_owned(),
            governed_by: ri.to_owned(),
            granted: false,
            basis: DecisionBasis::NoRuleMatched,
            policies: Vec::new(),
            acpi_change,
        };
        let Some(mut governing) = self.tree.resources.get(ri) else {
            return decision;
        };
        // the host can always repair: the administrator is granted everything, whatever the policies
        if !originator.is_empty() && originator == self.config.admin_originator {
            if !governing.ty.carries_acpi()
                && governing.ty != ResourceType::AccessControlPolicy
                && let Some(parent) = self.tree.resources.get(&governing.pi)
            {
                decision.governed_by = parent.ri.clone();
            }
            decision.granted = true;
            decision.basis = DecisionBasis::Administrator;
            return decision;
        }
        if !governing.ty.carries_acpi()
            && governing.ty != ResourceType::AccessControlPolicy
            && let Some(parent) = self.tree.resources.get(&governing.pi)
        {
            governing = parent;
        }
        decision.governed_by = governing.ri.clone();
        let input = RuleInput {
            originator,
            operation,
            context,
            now,
            target_ty: governing.ty.ty(),
            target_specialization: governing.specialization.as_deref(),
            created_ty,
        };
        // entries the policy cannot decide alone: an originator written SP-relative or absolute
        // (`/id-in/Cae` names the local `Cae`, as `fr` does), or a group of originators
        let in_group =
            |entry: &str, who: &str| self.normalize_originator(entry) == who || self.group_has_member(entry, who);
        let (set, policy_ids): (PrivilegeSet, Vec<String>) = if governing.ty == ResourceType::AccessControlPolicy {
            (PrivilegeSet::SelfPrivileges, vec![governing.ri.clone()])
        } else if governing.acpi.is_empty() {
            let creator = governing.cr.clone();
            if creator.as_deref() == Some(originator) && !originator.is_empty() {
                decision.granted = true;
                decision.basis = DecisionBasis::Creator { creator: originator.to_owned() };
            } else {
                decision.basis = DecisionBasis::NoAcpiNotCreator { creator };
            }
            return decision;
        } else if acpi_change {
            (PrivilegeSet::SelfPrivileges, governing.acpi.clone())
        } else {
            (PrivilegeSet::Privileges, governing.acpi.clone())
        };
        for policy_id in policy_ids {
            let Some(policy) = self.policies.get(&policy_id) else {
                decision.policies.push(PolicyEvaluation { policy: policy_id, found: false, set, rules: Vec::new() });
                continue;
            };
            let rules = match set {
                PrivilegeSet::Privileges => &policy.privileges,
                PrivilegeSet::SelfPrivileges => &policy.self_privileges,
            };
            let evaluations: Vec<_> =
                rules.iter().enumerate().map(|(index, rule)| evaluate_rule(index, rule, &input, &in_group)).collect();
            if !decision.granted
                && let Some(matched) = evaluations.iter().find(|evaluation| evaluation.matched())
            {
                decision.granted = true;
                decision.basis = DecisionBasis::RuleMatched { policy: policy_id.clone(), set, rule: matched.index };
            }
            decision.policies.push(PolicyEvaluation { policy: policy_id, found: true, set, rules: evaluations });
        }
        if !decision.granted && !decision.policies.is_empty() && decision.policies.iter().all(|policy| !policy.found) {
            decision.basis = DecisionBasis::PoliciesMissing {
                policies: decision.policies.iter().map(|policy| policy.policy.clone()).collect(),
                administrator: self.config.admin_originator.clone(),
            };
        }
        decision
    }
}
