//! The lab's views: one component per file. They render [`crate::model::LabState`] and only
//! dispatch [`crate::model::LabAction`]s through their `on_dispatch` callback; the root component
//! owns the reducer and the storage effects.

pub mod access_models_panel;
pub mod acl_lab;
pub mod attachment_table;
pub mod challenge_panel;
pub mod decision_matrix;
pub mod grade_report;
pub mod policy_editor;
pub mod rule_editor;

pub(crate) use lab_kit::{next_widget_id, with_code_spans};
