//! A message for the reader above a lab (an import done, a file refused, saved progress that could not be read).
//! Free of UI; the [`crate::components::notice_banner`] view shows it.

/// A message, an error (announced as an alert) or news (a polite status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

impl Notice {
    /// Something went wrong and the reader should know.
    pub fn error(text: impl Into<String>) -> Self {
        Notice { text: text.into(), error: true }
    }

    /// Something was done as asked.
    pub fn info(text: impl Into<String>) -> Self {
        Notice { text: text.into(), error: false }
    }
}
