//! The conformity lab's views, one component per file. Each takes the data it shows and an `on_action`
//! callback; it renders and dispatches, and owns no lab state.

pub mod assessment_panel;
pub mod conformity_lab;
pub mod product_form;
pub mod remediation_panel;
pub mod results_panel;
pub mod rules_panel;

#[cfg(test)]
mod tests;
