//! The resource tree's state and its invariants, in one place: every resource by ri, each one's
//! children in creation order, the names of siblings (unique under a parent) and the expiry index.
//!
//! Invariants kept by [`Tree::attach`] and [`Tree::detach`]: a resource with a parent is listed
//! among its parent's children and under `(parent, rn)` in `names`; every resource has an entry in
//! `children`; `expiry` and `expiry_of` hold the same `(when, ri)` pairs.

use std::collections::{BTreeMap, BTreeSet};

use crate::resource::Resource;
use crate::time::Timestamp;

#[derive(Debug, Clone, Default)]
pub(crate) struct Tree {
    pub resources: BTreeMap<String, Resource>,
    /// children of each resource, in creation order
    pub children: BTreeMap<String, Vec<String>>,
    /// (parent ri, rn) -> ri
    pub names: BTreeMap<(String, String), String>,
    /// (effective expiry, ri)
    expiry: BTreeSet<(Timestamp, String)>,
    expiry_of: BTreeMap<String, Timestamp>,
}

impl Tree {
    /// Adds a resource under its parent (`pi`), indexing its name.
    pub fn attach(&mut self, resource: Resource) {
        let ri = resource.ri.clone();
        if !resource.pi.is_empty() {
            self.children.entry(resource.pi.clone()).or_default().push(ri.clone());
            self.names.insert((resource.pi.clone(), resource.rn.clone()), ri.clone());
        }
        self.children.entry(ri.clone()).or_default();
        self.resources.insert(ri, resource);
    }

    /// Removes one resource (not its children) from every index.
    pub fn detach(&mut self, ri: &str) -> Option<Resource> {
        let resource = self.resources.remove(ri)?;
        if let Some(siblings) = self.children.get_mut(&resource.pi)
            && let Some(position) = siblings.iter().position(|child| child == ri)
        {
            siblings.remove(position);
        }
        self.names.remove(&(resource.pi.clone(), resource.rn.clone()));
        self.children.remove(ri);
        self.set_expiry(ri, None);
        Some(resource)
    }

    /// Empties the tree.
    pub fn clear(&mut self) {
        *self = Tree::default();
    }

    /// Sets (or with `None` removes) when a resource expires.
    pub fn set_expiry(&mut self, ri: &str, when: Option<Timestamp>) {
        if let Some(old) = self.expiry_of.remove(ri) {
            self.expiry.remove(&(old, ri.to_owned()));
        }
        if let Some(when) = when {
            self.expiry.insert((when, ri.to_owned()));
            self.expiry_of.insert(ri.to_owned(), when);
        }
    }

    /// The earliest expiry.
    pub fn next_expiry(&self) -> Option<Timestamp> {
        self.expiry.first().map(|(when, _)| *when)
    }

    /// A resource whose expiry is at or before `now` (the earliest), taken off the expiry index.
    pub fn take_expired(&mut self, now: Timestamp) -> Option<String> {
        let (when, ri) = self.expiry.first().cloned()?;
        if when > now {
            return None;
        }
        self.set_expiry(&ri, None);
        Some(ri)
    }
}
