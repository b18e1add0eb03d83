//! One component per file.

pub mod acop_calculator;
pub mod quiz;
