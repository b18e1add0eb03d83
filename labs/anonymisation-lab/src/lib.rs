pub mod anonymity;
pub mod neighbourhood;
pub mod privacy;
pub mod pseudonyms;
