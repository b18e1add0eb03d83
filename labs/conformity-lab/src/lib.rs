//! The conformity lab. Mode 1, "Which rules apply": a product description and the EU acts that apply to it, with
//! the triggering article, from when and why, and the harmonised standards that give a presumption of
//! conformity. Mode 2: an EN 303 645 self-assessment shaped like TS 103 701 (a product dossier, the student's
//! decision per provision, the Implementation Conformance Statement, clause 4 reporting, a conformance table per
//! category, a cross-walk to the CRA and EN 18031).
//!
//! The core is pure and tested natively: `rules.rs` (the acts as data and functions of the description),
//! `provisions.rs` (EN 303 645's provisions with their statuses as worded), `dossier.rs` (the invented product
//! dossiers and what they show), `assessment.rs` (the student's decisions, the ICS, the reporting, exports and
//! import), `exercises.rs` (the graded checks). `model.rs` is the widget's one reducer; `components/` the views.

pub mod assessment;
pub mod disclosure_policy;
pub mod dossier;
pub mod exercises;
pub mod fixes;
pub mod provisions;
pub mod rules;
pub mod work;
