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
    /// The page took longer than the page timeout to clean (a page built
    /// to stall a parser, or a machine far too slow).
    #[error("{source_name}: took longer than the page timeout ({secs} s); not cleaned")]
    Timeout {
        /// The page's source.
        source_name: String,
        /// The timeout, in seconds.
        secs: f64,
    },
    /// A setting is out of range.
    #[error("{message}")]
    Config {
        /// What is wrong, naming the setting.
        message: String,
    },
    /// The cleaner panicked on the page: a bug in thresh. Callers that
    /// clean many pages catch the panic and report the page with this.
    #[error(
        "{source_name}: the cleaner failed on this page (a bug in thresh: please report it with the page)"
    )]
    Panicked {
        /// The page's source.
        source_name: String,
    },
    /// The page is in another language than the one asked for
    /// (`target_language`): skipped, not failed.
    #[error("{source_name}: in {lang}, not {wanted}; skipped")]
    OtherLanguage {
        /// The page's source.
        source_name: String,
        /// The language found (an ISO 639-1 code).
        lang: String,
        /// The language asked for.
        wanted: String,
    },
    /// Nothing that looks like article text was found.
    #[error("{source_name}: no main content found")]
    NoContent {
        /// The page's source.
        source_name: String,
    },
}

impl CleanError {
    /// A short stable name for the reason, for counting failures:
    /// `empty`, `binary`, `timeout`, `config`, `panicked`,
    /// `other_language`, `no_content`.
    pub fn kind(&self) -> &'static str {
        match self {
            CleanError::Empty { .. } => "empty",
            CleanError::Binary { .. } => "binary",
            CleanError::Timeout { .. } => "timeout",
            CleanError::Config { .. } => "config",
            CleanError::Panicked { .. } => "panicked",
            CleanError::OtherLanguage { .. } => "other_language",
            CleanError::NoContent { .. } => "no_content",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CleanError;

    #[test]
    fn every_reason_has_its_own_kind() {
        let s = || "page".to_string();
        let all = [
            CleanError::Empty { source_name: s() },
            CleanError::Binary {
                source_name: s(),
                what: "PNG image".into(),
            },
            CleanError::Timeout {
                source_name: s(),
                secs: 1.0,
            },
            CleanError::Config {
                message: "x".into(),
            },
            CleanError::Panicked { source_name: s() },
            CleanError::OtherLanguage {
                source_name: s(),
                lang: "de".into(),
                wanted: "en".into(),
            },
            CleanError::NoContent { source_name: s() },
        ];
        let kinds: std::collections::BTreeSet<_> = all.iter().map(CleanError::kind).collect();
        assert_eq!(kinds.len(), all.len());
        assert_eq!(all[2].kind(), "timeout");
    }
}
