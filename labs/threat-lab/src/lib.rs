//! The threat-modelling lab: a TVRA (ETSI TS 102 165-1) of the book's own deployments, in the page. The student
//! edits a data flow diagram with trust boundaries, generates candidate threats per element with STRIDE (security
//! mode) or LINDDUN (privacy mode), accepts or rejects them, scores them on the chapter's scale, treats them with
//! countermeasures that cite the EN 303 645 provision, GDPR article or oneM2M mechanism they implement, sees the
//! residual risk and the risk matrix, builds an attack tree, and exports the register.
//!
//! The core has no side effects and is tested natively: `diagram.rs` (the diagram, its checks and layout),
//! `method.rs` (STRIDE and LINDDUN per element), `register.rs` (threats, scores, residual risk, matrix, CSV and
//! Markdown), `catalogue.rs` (countermeasures), `attack_tree.rs` (AND/OR, cheapest path), `workspace.rs` (one
//! model, its edits and its JSON file), `reference.rs` (the book's deployments), `exercises.rs` (the graded checks).
//! `model.rs` is the widget's one reducer; `components/` holds the views, which only dispatch actions.

pub mod attack_tree;
pub mod catalogue;
pub mod diagram;
pub mod exercises;
pub mod method;
pub mod reference;
pub mod register;
pub mod workspace;
