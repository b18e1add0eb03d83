//! Create, Update and Delete: validation, the type-specific rules and the bookkeeping they trigger.

use serde_json::{Map, Value, json};

use crate::acop::AccessOperation;
use crate::cse::{Cse, Outcome, Target, fail, hosted_type};
use crate::limits::characters;
use crate::notification::NotificationTransport;
use crate::primitive::Request;
use crate::primitive::Response;
use crate::resource::{
    OnCreate, READ_ONLY_COMMON, Resource, ResourceType, check_resource_name, check_value, is_custom_attribute_name,
};
use crate::status::ResponseStatusCode as Rsc;
use crate::time::Timestamp;
use crate::types::{CreateContext, UpdateContext};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Create,
    Update,
}

impl Cse {
    /// Checks that `pc` is `{"<key>": {...}}` with the key the type expects; returns key and body.
    fn unwrap_content(
        &self,
        pc: Option<&Value>,
        ty: ResourceType,
        expected_key: Option<&str>,
    ) -> Outcome<(String, Map<String, Value>)> {
        let wanted = match expected_key {
            Some(key) => key.to_owned(),
            None => ty.spec().wrapper_hint(),
        };
        let Some(Value::Object(outer)) = pc else {
            return fail(Rsc::BadRequest, format!("the primitive content must be {{\"{wanted}\": {{...}}}}"));
        };
        let mut entries = outer.iter();
        let (Some((key, body)), None) = (entries.next(), entries.next()) else {
            return fail(
                Rsc::BadRequest,
                format!("the primitive content must hold exactly one resource, {{\"{wanted}\": {{...}}}}"),
            );
        };
        let key_ok = match expected_key {
            Some(expected) => key == expected,
            None => ty.spec().accepts_wrapper(key),
        };
        if !key_ok {
            return fail(
                Rsc::BadRequest,
                format!("the resource is wrapped in \"{key}\", but this request needs \"{wanted}\""),
            );
        }
        let Value::Object(body) = body else {
            return fail(Rsc::BadRequest, format!("\"{key}\" must hold an object of attributes"));
        };
        Ok((key.clone(), body.clone()))
    }

    /// Applies the attributes of a Create or Update body, checking read-only, unknown and
    /// malformed attributes (4000). `modified` collects what changed.
    fn apply_attributes(
        &self,
        mode: Mode,
        body: &Map<String, Value>,
        resource: &mut Resource,
        modified: &mut Map<String, Value>,
        now: Timestamp,
    ) -> Outcome<()> {
        let ty = resource.ty;
        let spec = ty.spec();
        let rules = spec.rules(resource.specialization.as_deref());
        let custom_attributes = spec.flags.custom_attributes;
        for (name, value) in body {
            let bad = |message: String| fail::<()>(Rsc::BadRequest, message);
            let custom = custom_attributes && !rules.iter().any(|rule| rule.name == name);
            if !custom {
                self.check_bounds(name, value)?;
            }
            match name.as_str() {
                "rn" if mode == Mode::Create => {
                    let Some(rn) = value.as_str() else {
                        return bad("attribute 'rn' must be a string".into());
                    };
                    if let Err(message) = check_resource_name(rn) {
                        return bad(message);
                    }
                    resource.rn = rn.to_owned();
                }
                "rn" => {
                    return bad("attribute 'rn' cannot be updated (it is set at creation)".into());
                }
                "cr" if mode == Mode::Create && value.is_null() => resource.cr_requested = true,
                "cr" if mode == Mode::Create => {
                    return bad(format!(
                        "attribute 'cr' may only be null in a Create (asking the CSE to record the creator), got {value}"
                    ));
                }
                "et" => {
                    if value.is_null() && mode == Mode::Update {
                        resource.et = self.default_expiry(now);
                    } else {
                        let Some(et) = value.as_str().and_then(Timestamp::parse_onem2m) else {
                            return bad(format!("attribute 'et' must be a timestamp YYYYMMDDTHHMMSS, got {value}"));
                        };
                        if et <= now {
                            return bad(format!(
                                "attribute 'et' ({}) is not in the future (now is {})",
                                et.to_onem2m_seconds(),
                                now.to_onem2m_seconds()
                            ));
                        }
                        resource.et = Some(et);
                    }
                }
                "lbl" => {
                    if value.is_null() {
                        resource.lbl.clear();
                    } else {
                        check_value("lbl", crate::resource::Kind::TextList, value).or_else(&bad)?;
                        resource.lbl = value
                            .as_array()
                            .map(|items| items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect())
                            .unwrap_or_default();
                    }
                }
                "acpi" => {
                    if !ty.carries_acpi() {
                        return bad(format!(
                            "a {} has no 'acpi' attribute ({})",
                            ty.long_name(),
                            if ty == ResourceType::AccessControlPolicy {
                                "its pvs governs it"
                            } else {
                                "its parent's acpi governs it"
                            }
                        ));
                    }
                    if value.is_null() {
                        resource.acpi.clear();
                    } else {
                        check_value("acpi", crate::resource::Kind::TextList, value).or_else(&bad)?;
                        let mut ids = Vec::new();
                        for entry in value.as_array().into_iter().flatten().filter_map(Value::as_str) {
                            match self.resolve_address(entry) {
                                Some(ri) if self.ty_of(&ri) == Some(ResourceType::AccessControlPolicy) => {
                                    if !ids.contains(&ri) {
                                        ids.push(ri);
                                    }
                                }
                                _ => {
                                    return bad(format!(
                                        "acpi entry \"{entry}\" is not an accessControlPolicy of this CSE"
                                    ));
                                }
                            }
                        }
                        resource.acpi = ids;
                    }
                }
                other if READ_ONLY_COMMON.contains(&other) || other == "rn" => {
                    return bad(format!("attribute '{other}' is read-only"));
                }
                other => match rules.iter().find(|rule| rule.name == other) {
                    Some(rule) if rule.create == OnCreate::ReadOnly => {
                        return bad(format!("attribute '{other}' is read-only"));
                    }
                    Some(rule) if mode == Mode::Update && !rule.update => {
                        return bad(format!("attribute '{other}' of a {} can only be set at creation", ty.long_name()));
                    }
                    Some(rule) if value.is_null() => {
                        if mode == Mode::Update && rule.create == OnCreate::Mandatory {
                            return bad(format!("attribute '{other}' is mandatory and cannot be removed"));
                        }
                        resource.attributes.remove(other);
                    }
                    Some(rule) => {
                        check_value(other, rule.kind, value).or_else(&bad)?;
                        if let Some(check) = spec.hooks.check_attribute {
                            check(other, value).or_else(&bad)?;
                        }
                        resource.attributes.insert(other.to_owned(), value.clone());
                    }
                    None if custom_attributes && is_custom_attribute_name(other) => {
                        if value.is_null() {
                            resource.attributes.remove(other);
                        } else {
                            resource.attributes.insert(other.to_owned(), value.clone());
                        }
                    }
                    None => {
                        return bad(format!("'{other}' is not an attribute of a {}", ty.long_name()));
                    }
                },
            }
            modified.insert(name.clone(), value.clone());
        }
        if mode == Mode::Create
            && let Some(missing) = rules
                .iter()
                .find(|rule| rule.create == OnCreate::Mandatory && !resource.attributes.contains_key(rule.name))
        {
            return fail(
                Rsc::BadRequest,
                format!("mandatory attribute '{}' of a {} is missing", missing.name, ty.long_name()),
            );
        }
        Ok(())
    }

    /// Checks one attribute against [`crate::Limits`] (4000 over a bound): `rn` and `lbl` by their
    /// own bounds; any other attribute's lists (at every level, e.g. `nu`, `pv.acr`, an `acor`) by
    /// `max_list_entries` and its texts by `max_text_length`. Content (`con`, `dsp`) is bounded by
    /// its nesting depth only.
    fn check_bounds(&self, name: &str, value: &Value) -> Outcome<()> {
        let limits = &self.config.limits;
        let too_long = |what: &str, limit: usize, setting: &str| {
            fail::<()>(Rsc::BadRequest, format!("{what} is longer than {limit} characters ({setting})"))
        };
        let too_many = |what: &str, limit: usize, setting: &str| {
            fail::<()>(Rsc::BadRequest, format!("{what} has more than {limit} entries ({setting})"))
        };
        match (name, value) {
            ("con" | "dsp", _) => Ok(()),
            ("rn", Value::String(rn)) if characters(rn) > limits.max_name_length => {
                too_long("the resource name (rn)", limits.max_name_length, "max_name_length")
            }
            ("lbl", Value::Array(labels)) => {
                if labels.len() > limits.max_labels {
                    return too_many("lbl", limits.max_labels, "max_labels");
                }
                if labels.iter().filter_map(Value::as_str).any(|label| characters(label) > limits.max_label_length) {
                    return too_long("a label (lbl)", limits.max_label_length, "max_label_length");
                }
                Ok(())
            }
            _ => {
                // the depth is bounded already (max_content_depth), so this walk is too
                let mut pending = vec![value];
                while let Some(current) = pending.pop() {
                    match current {
                        Value::String(text) if characters(text) > limits.max_text_length => {
                            return too_long(
                                &format!("a text in attribute '{name}'"),
                                limits.max_text_length,
                                "max_text_length",
                            );
                        }
                        Value::Array(items) => {
                            if items.len() > limits.max_list_entries {
                                return too_many(
                                    &format!("a list in attribute '{name}'"),
                                    limits.max_list_entries,
                                    "max_list_entries",
                                );
                            }
                            pending.extend(items);
                        }
                        Value::Object(map) => pending.extend(map.values()),
                        _ => {}
                    }
                }
                Ok(())
            }
        }
    }

    /// Create (op 1).
    pub(crate) fn create(
        &mut self,
        request: &Request,
        originator: &str,
        target: Target,
        now: Timestamp,
        transport: &mut dyn NotificationTransport,
    ) -> Outcome<Response> {
        let parent_ri = match target {
            Target::Resource(ri) => ri,
            _ => {
                return fail(Rsc::OperationNotAllowed, "la and ol are virtual resources: they cannot have children");
            }
        };
        let rcn = request.rcn.unwrap_or(1);
        if rcn > 3 {
            return fail(
                Rsc::BadRequest,
                format!(
                    "rcn {rcn} does not apply to Create (0 nothing, 1 attributes, 2 address, 3 address and attributes)"
                ),
            );
        }
        let Some(ty_number) = request.ty else {
            return fail(Rsc::BadRequest, "a Create needs the resource type (ty)");
        };
        let ty = hosted_type(ty_number, "ty of a Create")?;
        let (key, body) = self.unwrap_content(request.pc.as_ref(), ty, None)?;
        let Some(parent) = self.tree.resources.get(&parent_ri) else {
            return fail(Rsc::NotFound, "the parent vanished");
        };
        let parent_ty = parent.ty;
        let spec = ty.spec();
        if spec.flags.made_by_the_cse {
            return fail(
                Rsc::OperationNotAllowed,
                format!("a {} is made by the CSE itself; a request cannot create one", ty.long_name()),
            );
        }
        if !parent_ty.may_contain(ty) {
            return fail(
                Rsc::InvalidChildResourceType,
                format!("a {} cannot have a {} child", parent_ty.long_name(), ty.long_name()),
            );
        }
        if !spec.flags.registers {
            self.require(
                originator,
                &parent_ri,
                AccessOperation::Create,
                request,
                now,
                Some(ty_number),
                Rsc::OriginatorHasNoPrivilege,
            )?;
        }
        let mut resource = Resource {
            ty,
            ri: String::new(),
            rn: String::new(),
            pi: parent_ri.clone(),
            ct: now,
            lt: now,
            et: self.default_expiry(now),
            lbl: Vec::new(),
            acpi: Vec::new(),
            st: ty.has_state_tag().then_some(0),
            cr: Some(originator.to_owned()),
            cr_requested: false,
            specialization: (!matches!(spec.wrapper, crate::types::Wrapper::ShortName)).then(|| key.clone()),
            attributes: Map::new(),
        };
        let mut modified = Map::new();
        self.apply_attributes(Mode::Create, &body, &mut resource, &mut modified, now)?;
        if let Some(assign_id) = spec.hooks.assign_id {
            assign_id(self, &mut resource, request, originator)?;
        } else {
            let reserved = self.reserved_ri.take().filter(|ri| !self.tree.resources.contains_key(ri));
            if let Some(ri) = reserved {
                resource.ri = ri;
            } else {
                let prefix = spec.short_name;
                let mut ri = self.ids.resource_id(prefix);
                while self.tree.resources.contains_key(&ri) {
                    ri = self.ids.resource_id(prefix);
                }
                resource.ri = ri;
            }
        }
        if resource.rn.is_empty() {
            resource.rn = resource.ri.clone();
        }
        if self.tree.names.contains_key(&(parent_ri.clone(), resource.rn.clone())) {
            let parent_path = self.structured_path(&parent_ri).unwrap_or_default();
            return fail(Rsc::Conflict, format!("\"{parent_path}\" already has a child named \"{}\"", resource.rn));
        }
        let path = format!("{}/{}", self.structured_path(&parent_ri).unwrap_or_default(), resource.rn);
        if let Some(prepare) = spec.hooks.prepare_create {
            let mut context = CreateContext { request, originator, now, transport };
            prepare(self, &mut resource, &mut context)?;
        }
        let ri = resource.ri.clone();
        let representation = resource.to_json();
        self.insert(resource);
        if let Some(after_create) = spec.hooks.after_create {
            after_create(self, &ri, now);
        }
        self.fire(&parent_ri, 3, &representation, None, Some(ty), now);
        let pc = match rcn {
            0 => None,
            2 => Some(json!({ "m2m:uri": path })),
            3 => {
                let current = self.tree.resources.get(&ri).map_or(representation, Resource::to_json);
                let mut rce = Map::new();
                rce.insert("uri".into(), json!(path));
                if let Value::Object(wrapper) = current {
                    rce.extend(wrapper);
                }
                Some(json!({ "m2m:rce": rce }))
            }
            _ => Some(self.tree.resources.get(&ri).map_or(representation, Resource::to_json)),
        };
        let mut response = Response::new(Rsc::Created);
        response.pc = pc;
        response.location = Some(path);
        Ok(response)
    }

    /// Update (op 3).
    pub(crate) fn update(
        &mut self,
        request: &Request,
        originator: &str,
        target: Target,
        now: Timestamp,
        transport: &mut dyn NotificationTransport,
    ) -> Outcome<Response> {
        let ri = match target {
            Target::Resource(ri) => ri,
            _ => {
                return fail(Rsc::OperationNotAllowed, "la and ol are virtual resources: they cannot be updated");
            }
        };
        let rcn = request.rcn.unwrap_or(1);
        if !matches!(rcn, 0 | 1 | 9) {
            return fail(
                Rsc::BadRequest,
                format!("rcn {rcn} does not apply to Update (0 nothing, 1 attributes, 9 modified attributes)"),
            );
        }
        let Some(current) = self.tree.resources.get(&ri) else {
            return fail(Rsc::NotFound, "no such resource");
        };
        if let Some(refusal) = current.ty.spec().update_refusal {
            return fail(Rsc::OperationNotAllowed, refusal);
        }
        // changing acpi is decided by the pvs of the policies linked now; any other attribute by their pv
        let body_keys: Vec<&String> = request
            .pc
            .as_ref()
            .and_then(Value::as_object)
            .and_then(|outer| outer.values().next())
            .and_then(Value::as_object)
            .map(|body| body.keys().collect())
            .unwrap_or_default();
        let changes_acpi = current.ty.carries_acpi() && body_keys.iter().any(|key| *key == "acpi");
        if changes_acpi {
            let decision =
                self.decide_scoped(originator, &ri, AccessOperation::Update, &request.context, now, None, true);
            if !decision.granted {
                return fail(Rsc::OriginatorHasNoPrivilege, decision.to_string().trim_end().to_owned());
            }
        }
        if !changes_acpi || body_keys.len() > 1 {
            self.require(originator, &ri, AccessOperation::Update, request, now, None, Rsc::OriginatorHasNoPrivilege)?;
        }
        let current =
            self.tree.resources.get(&ri).cloned().map_or_else(|| fail(Rsc::NotFound, "no such resource"), Ok)?;
        let key = current.wrapper_key();
        let (_, body) = self.unwrap_content(request.pc.as_ref(), current.ty, Some(&key))?;
        let mut updated = current.clone();
        let mut modified = Map::new();
        self.apply_attributes(Mode::Update, &body, &mut updated, &mut modified, now)?;
        let hooks = updated.ty.spec().hooks;
        if let Some(prepare) = hooks.prepare_update {
            let mut context =
                UpdateContext { request, originator, now, transport, current: &current, modified: &modified };
            prepare(self, &mut updated, &mut context)?;
        }
        updated.lt = now;
        if let Some(st) = updated.st {
            updated.st = Some(st + 1);
        }
        self.tree.resources.insert(ri.clone(), updated);
        self.reindex_expiry(&ri);
        if let Some(after_update) = hooks.after_update {
            after_update(self, &ri, &modified, now);
        }
        let representation = self.tree.resources.get(&ri).map(Resource::to_json).unwrap_or(Value::Null);
        self.fire(&ri, 1, &representation, Some(&modified), None, now);
        let pc = match rcn {
            0 => None,
            9 => Some(json!({ key: modified })),
            _ => Some(self.tree.resources.get(&ri).map(Resource::to_json).unwrap_or(representation)),
        };
        let mut response = Response::new(Rsc::Updated);
        response.pc = pc;
        Ok(response)
    }

    /// Delete (op 4).
    pub(crate) fn delete(
        &mut self,
        request: &Request,
        originator: &str,
        target: Target,
        now: Timestamp,
    ) -> Outcome<Response> {
        let rcn = request.rcn.unwrap_or(0);
        if !matches!(rcn, 0 | 1) {
            return fail(
                Rsc::BadRequest,
                format!("rcn {rcn} does not apply to Delete (0 nothing, 1 attributes of the deleted resource)"),
            );
        }
        let ri = self.target_resource(target)?;
        let Some(resource) = self.tree.resources.get(&ri) else {
            return fail(Rsc::NotFound, "no such resource");
        };
        if let Some(refusal) = resource.ty.spec().delete_refusal {
            return fail(Rsc::OperationNotAllowed, refusal);
        }
        self.require(originator, &ri, AccessOperation::Delete, request, now, None, Rsc::OriginatorHasNoPrivilege)?;
        let representation = self.tree.resources.get(&ri).map(Resource::to_json);
        self.delete_subtree(&ri, now);
        let mut response = Response::new(Rsc::Deleted);
        if rcn == 1 {
            response.pc = representation;
        }
        Ok(response)
    }

    /// The resource and its descendants, parents first.
    pub(crate) fn subtree(&self, ri: &str) -> Vec<String> {
        let mut order = Vec::new();
        let mut stack = vec![ri.to_owned()];
        while let Some(current) = stack.pop() {
            for child in self.children_of(&current).iter().rev() {
                stack.push(child.clone());
            }
            order.push(current);
        }
        order
    }

    /// Deletes a resource and everything below it, with notifications: `net 2` to subscribers of
    /// each deleted resource, `sud` for each deleted subscription, `net 4` to the parent's.
    pub(crate) fn delete_subtree(&mut self, ri: &str, now: Timestamp) {
        let Some(top) = self.tree.resources.get(ri) else {
            return;
        };
        let top_json = top.to_json();
        let (parent, top_ty) = (top.pi.clone(), top.ty);
        let order = self.subtree(ri);
        for current in &order {
            if let Some(resource) = self.tree.resources.get(current)
                && resource.ty != ResourceType::Subscription
            {
                let representation = resource.to_json();
                self.fire(current, 2, &representation, None, None, now);
            }
        }
        for current in order.iter().rev() {
            if let Some(removed) = self.detach(current)
                && let Some(after_delete) = removed.ty.spec().hooks.after_delete
            {
                after_delete(self, &removed, current == ri, now);
            }
        }
        if self.tree.resources.contains_key(&parent) {
            self.fire(&parent, 4, &top_json, None, Some(top_ty), now);
        }
    }
}
