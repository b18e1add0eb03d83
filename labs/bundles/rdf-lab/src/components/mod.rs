//! The lab's views: the root (reducer, saved progress, layout), the alignment part, the SPARQL part, and the
//! query editor and result table they share. Views only render state and dispatch
//! [`crate::model::LabAction`]s.

pub mod alignment_panel;
pub mod query_editor;
pub mod rdf_lab;
pub mod result_table;
pub mod sparql_panel;
#[cfg(test)]
mod tests;
