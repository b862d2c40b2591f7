//! The fetch crate's error type: [`FetchError`].

use std::path::PathBuf;

/// Why an input could not be read or fetched.
///
/// Every variant names the input (a path, a URL, or `stdin`), so a message
/// printed as-is tells the user which input failed; the caller records it and
/// goes on with the other inputs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// A file or directory could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An input is larger than the configured limit.
    #[error("{input}: larger than the {limit}-byte limit")]
    TooLarge {
        /// The file path or URL.
        input: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// Gzip data (a `.gz` file, or input starting with the gzip magic bytes)
    /// is corrupt or truncated.
    #[error("{input}: bad gzip data: {source}")]
    Gzip {
        /// The file path, or `stdin`.
        input: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Standard input could not be read or held bad JSONL records.
    #[error("stdin: {message}")]
    Stdin {
        /// What went wrong, with the line number for a bad record.
        message: String,
    },
    /// A URL could not be parsed or has an unsupported scheme.
    #[error("{url}: invalid URL: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// The HTTP request failed (DNS, connect, TLS, timeout, too many
    /// redirects...).
    #[error("{url}: {message}")]
    Http {
        /// The URL as given.
        url: String,
        /// What failed, from reqwest's error chain (e.g. `timed out`,
        /// `could not connect: ... Connection refused`, `too many redirects`).
        message: String,
    },
    /// The server answered with a non-success (non-2xx) status.
    #[error("{url}: HTTP status {status}")]
    Status {
        /// The URL as given.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The HTTP client could not be set up (e.g. the TLS configuration
    /// failed). Not tied to one input: no URL can be fetched.
    #[error("cannot set up the HTTP client: {message}")]
    Client {
        /// What failed.
        message: String,
    },
}
