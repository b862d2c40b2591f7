//! The clean crate's error type.

/// Why a page could not be cleaned. Every variant names the page's source.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CleanError {
    /// The page has no bytes, or only whitespace.
    #[error("{source_name}: empty input")]
    Empty {
        /// The page's source.
        source_name: String,
    },
    /// The page looks like binary data (an image, archive, executable...).
    #[error("{source_name}: binary content ({what}), not HTML or text")]
    Binary {
        /// The page's source.
        source_name: String,
        /// What the bytes look like, e.g. `PNG image` or `NUL bytes`.
        what: String,
    },
    /// Nothing that looks like article text was found.
    #[error("{source_name}: no main content found")]
    NoContent {
        /// The page's source.
        source_name: String,
    },
}
