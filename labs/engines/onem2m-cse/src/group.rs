//! Groups: member validation (`mt`, `mnm`, `csy`) and fan-out through the virtual `fopt` resource.

use serde_json::{Value, json};

use crate::acop::AccessOperation;
use crate::cse::{Cse, Outcome, fail, hosted_type};
use crate::notification::NotificationTransport;
use crate::primitive::{Operation, Request, Response};
use crate::resource::{Resource, ResourceType};
use crate::status::ResponseStatusCode as Rsc;
use crate::time::Timestamp;

/// `consistencyStrategy`: what to do with a member whose type differs from `mt`.
const ABANDON_MEMBER: u64 = 1;
const ABANDON_GROUP: u64 = 2;
const SET_MIXED: u64 = 3;

/// Deepest fan-out nesting (a group member that is itself addressed through `fopt`).
const MAX_FAN_OUT_DEPTH: u8 = 8;

impl Cse {
    /// Validates `mid` against `mnm`, existence and `mt` with the `csy` strategy; sets `cnm` and `mtv`.
    /// Members that do not exist on this CSE are dropped.
    pub(crate) fn validate_members(&self, group: &mut Resource) -> Outcome<()> {
        let mut member_type = group.attribute_u64("mt").unwrap_or(0);
        if member_type != 0 {
            let Ok(number) = u32::try_from(member_type) else {
                return fail(Rsc::BadRequest, format!("memberType (mt) {member_type} is not a resource type"));
            };
            hosted_type(number, "memberType (mt) of a group")?;
        }
        let max = group.attribute_u64("mnm").unwrap_or(u64::MAX);
        let mut requested = group.attribute_strings("mid");
        let mut seen = Vec::new();
        requested.retain(|member| {
            let fresh = !seen.contains(member);
            seen.push(member.clone());
            fresh
        });
        if requested.len() as u64 > max {
            return fail(
                Rsc::MaxNumberOfMemberExceeded,
                format!("{} members exceed the group's maxNrOfMembers (mnm {max})", requested.len()),
            );
        }
        let strategy = group.attribute_u64("csy").unwrap_or(ABANDON_MEMBER);
        let mut kept = Vec::new();
        for member in requested {
            let Some(ri) = self.resolve_address(&member) else {
                continue;
            };
            let Some(ty) = self.ty_of(&ri) else { continue };
            if member_type != 0 && u64::from(ty.ty()) != member_type {
                match strategy {
                    ABANDON_GROUP => {
                        return fail(
                            Rsc::GroupMemberTypeInconsistent,
                            format!(
                                "member \"{member}\" is a {} but memberType (mt) is {member_type}, and csy asks to abandon the group",
                                ty.long_name()
                            ),
                        );
                    }
                    SET_MIXED => member_type = 0,
                    _ => continue,
                }
            }
            kept.push(member);
        }
        group.attributes.insert("mt".into(), json!(member_type));
        group.attributes.insert("cnm".into(), json!(kept.len()));
        group.attributes.insert("mid".into(), json!(kept));
        group.attributes.insert("mtv".into(), json!(true));
        Ok(())
    }

    /// Sends the request to every member (`<member>/<rest>`) and aggregates the responses in `m2m:agr`.
    pub(crate) fn fan_out(
        &mut self,
        request: &Request,
        originator: &str,
        group: &str,
        rest: &str,
        now: Timestamp,
        transport: &mut dyn NotificationTransport,
    ) -> Outcome<Response> {
        let operation = match request.op {
            Operation::Retrieve if request.fc.as_ref().and_then(|fc| fc.fu) == Some(1) => AccessOperation::Discovery,
            other => other.access_operation(),
        };
        self.require(originator, group, operation, request, now, None, Rsc::OriginatorHasNoPrivilege)?;
        if self.depth >= MAX_FAN_OUT_DEPTH {
            return fail(Rsc::BadRequest, "group fan-out is nested too deeply");
        }
        let members = self.tree.resources.get(group).map(|g| g.attribute_strings("mid")).unwrap_or_default();
        if members.is_empty() {
            return fail(Rsc::NoMembers, "the group has no members, so there is nothing to fan out to");
        }
        let mut responses = Vec::new();
        for member in members {
            let mut member_request = request.clone();
            member_request.to = if rest.is_empty() { member.clone() } else { format!("{member}/{rest}") };
            member_request.fr = originator.to_owned();
            self.depth += 1;
            let response = self.handle_traced(&member_request, now, transport);
            self.depth -= 1;
            let mut item = serde_json::to_value(&response).unwrap_or(Value::Null);
            if let Some(object) = item.as_object_mut() {
                object.insert("fr".into(), json!(member));
                object.remove("ot");
            }
            responses.push(item);
        }
        Ok(Response::with_content(Rsc::Ok, json!({"m2m:agr": {"m2m:rsp": responses}})))
    }

    /// Helper for labs: the resolved members of a group, as ris.
    pub fn group_members(&self, group: &str) -> Vec<String> {
        self.tree
            .resources
            .get(group)
            .filter(|g| g.ty == ResourceType::Group)
            .map(|g| g.attribute_strings("mid").iter().filter_map(|member| self.resolve_address(member)).collect())
            .unwrap_or_default()
    }
}
