pub mod anonymity;
pub mod exercises;
pub mod neighbourhood;
pub mod privacy;
pub mod pseudonyms;
pub mod work;

/// The lab's name in the catalog (and in lab directives).
pub const LAB: &str = "anonymisation-lab";
