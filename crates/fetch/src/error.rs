//! The fetch crate's error type: [`FetchError`].

use std::fmt;
use std::path::PathBuf;

/// Why an input could not be read or fetched.
///
/// Every variant names the input (a path, a URL, or `stdin`), so a message
/// printed as-is tells the user which input failed; the caller records it and
/// goes on with the other inputs. [`FetchError::kind`] is a short stable name
/// for counting failures by reason.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An input (a file, stdin, or an HTTP body as transferred) is larger
    /// than the configured limit. The transfer was aborted.
    #[error("{input}: larger than the {limit}-byte limit")]
    TooLarge {
        /// The file path or URL.
        input: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// A compressed HTTP body (or WARC payload) decompresses to more than
    /// the limit: a decompression bomb, or just a very large page.
    #[error("{url}: {encoding} body decompresses to more than the {limit}-byte limit")]
    DecompressedTooLarge {
        /// The URL.
        url: String,
        /// The content encoding (`gzip`, `br`, ...).
        encoding: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// A compressed HTTP body could not be decompressed, or its content
    /// encoding is unknown.
    #[error("{url}: cannot decode {encoding} body: {message}")]
    Decoding {
        /// The URL.
        url: String,
        /// The content encoding.
        encoding: String,
        /// What went wrong.
        message: String,
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
    /// Standard input (or a JSONL file read as it is) could not be read or
    /// held bad JSONL records.
    #[error("{input}: {message}")]
    Stdin {
        /// `stdin`, or the file's path.
        input: String,
        /// What went wrong, with the line number for a bad record.
        message: String,
    },
    /// A WARC file is malformed (or one of its records is).
    #[error("{input}: bad WARC data: {message}")]
    Warc {
        /// The file path, with the record offset when known.
        input: String,
        /// What went wrong.
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
    /// The connection could not be made (DNS, refused, TLS).
    #[error("{url}: could not connect: {message}")]
    Connect {
        /// The URL.
        url: String,
        /// What failed.
        message: String,
    },
    /// A timeout expired.
    #[error("{url}: timed out ({phase})")]
    Timeout {
        /// The URL.
        url: String,
        /// Which timeout.
        phase: TimeoutPhase,
    },
    /// The connection broke while the body was being read (reset, closed
    /// early, malformed chunking).
    #[error("{url}: transfer interrupted after {received} bytes: {message}")]
    Interrupted {
        /// The URL.
        url: String,
        /// Bytes of the body received before the failure.
        received: u64,
        /// What failed.
        message: String,
    },
    /// Any other HTTP failure (a protocol error, a request that could not
    /// be sent).
    #[error("{url}: {message}")]
    Http {
        /// The URL as given.
        url: String,
        /// What failed, from reqwest's error chain.
        message: String,
    },
    /// The server answered with a status that is not a success, after any
    /// retries.
    #[error("{url}: HTTP status {status}")]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
    },
    /// More redirects than allowed.
    #[error("{url}: too many redirects (more than {limit})")]
    TooManyRedirects {
        /// The URL first asked for.
        url: String,
        /// The limit.
        limit: usize,
    },
    /// A redirect leads back to a URL already visited in this chain.
    #[error("{url}: redirect loop back to {location}")]
    RedirectLoop {
        /// The URL first asked for.
        url: String,
        /// The URL visited twice.
        location: String,
    },
    /// A redirect without a usable `Location` (missing, unparsable, or not
    /// http(s)).
    #[error("{url}: bad redirect: {reason}")]
    BadRedirect {
        /// The URL that answered with the redirect.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// robots.txt does not allow our user agent to fetch the URL (or the
    /// robots.txt could not be fetched, which counts as a disallow for a
    /// while, per RFC 9309).
    #[error("{url}: {reason}")]
    RobotsDenied {
        /// The URL.
        url: String,
        /// `disallowed by robots.txt`, or why robots.txt could not be had
        /// (which disallows the site for a while).
        reason: String,
    },
    /// The response has a media type thresh does not clean (a PDF, an
    /// image...); the body was not downloaded.
    #[error("{url}: skipped: content type {content_type}")]
    Skipped {
        /// The URL.
        url: String,
        /// The media type as sent, or `unknown`.
        content_type: String,
    },
    /// The server answered `304 Not Modified` to a conditional request: the
    /// copy the caller has is current.
    #[error("{url}: not modified since the last fetch")]
    NotModified {
        /// The URL.
        url: String,
    },
    /// The configuration is invalid (e.g. a user agent that is not a valid
    /// header value).
    #[error("invalid fetch settings: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },
    /// The HTTP client could not be set up (e.g. the TLS configuration
    /// failed). Not tied to one input: no URL can be fetched.
    #[error("cannot set up the HTTP client: {message}")]
    Client {
        /// What failed.
        message: String,
    },
}

impl FetchError {
    /// A short, stable name of the failure, for counting by reason:
    /// `io`, `too_large`, `decompressed_too_large`, `decoding`, `gzip`,
    /// `stdin`, `warc`, `invalid_url`, `connect`, `timeout_connect`,
    /// `timeout_first_byte`, `timeout_idle`, `timeout_total`, `interrupted`,
    /// `http`, `status_NNN`, `too_many_redirects`, `redirect_loop`,
    /// `bad_redirect`, `robots_denied`, `skipped`, `not_modified`, `config`,
    /// `client`.
    pub fn kind(&self) -> String {
        match self {
            FetchError::Io { .. } => "io".into(),
            FetchError::TooLarge { .. } => "too_large".into(),
            FetchError::DecompressedTooLarge { .. } => "decompressed_too_large".into(),
            FetchError::Decoding { .. } => "decoding".into(),
            FetchError::Gzip { .. } => "gzip".into(),
            FetchError::Stdin { .. } => "stdin".into(),
            FetchError::Warc { .. } => "warc".into(),
            FetchError::InvalidUrl { .. } => "invalid_url".into(),
            FetchError::Connect { .. } => "connect".into(),
            FetchError::Timeout { phase, .. } => format!("timeout_{}", phase.name()),
            FetchError::Interrupted { .. } => "interrupted".into(),
            FetchError::Http { .. } => "http".into(),
            FetchError::Status { status, .. } => format!("status_{status}"),
            FetchError::TooManyRedirects { .. } => "too_many_redirects".into(),
            FetchError::RedirectLoop { .. } => "redirect_loop".into(),
            FetchError::BadRedirect { .. } => "bad_redirect".into(),
            FetchError::RobotsDenied { .. } => "robots_denied".into(),
            FetchError::Skipped { .. } => "skipped".into(),
            FetchError::NotModified { .. } => "not_modified".into(),
            FetchError::Config { .. } => "config".into(),
            FetchError::Client { .. } => "client".into(),
        }
    }

    /// Whether trying again later may succeed: connection failures,
    /// timeouts and interrupted transfers.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            FetchError::Connect { .. }
                | FetchError::Timeout { .. }
                | FetchError::Interrupted { .. }
                | FetchError::Http { .. }
        )
    }
}

/// Which of the HTTP timeouts expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutPhase {
    /// Making the connection (TCP and TLS).
    Connect,
    /// Waiting for the response head after the request was sent.
    FirstByte,
    /// Waiting for the next piece of the body.
    Idle,
    /// The whole request, from connecting to the last body byte.
    Total,
}

impl TimeoutPhase {
    /// `connect`, `first_byte`, `idle` or `total`.
    pub fn name(self) -> &'static str {
        match self {
            TimeoutPhase::Connect => "connect",
            TimeoutPhase::FirstByte => "first_byte",
            TimeoutPhase::Idle => "idle",
            TimeoutPhase::Total => "total",
        }
    }
}

impl fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutPhase::Connect => "connecting",
            TimeoutPhase::FirstByte => "waiting for the first byte",
            TimeoutPhase::Idle => "body stalled",
            TimeoutPhase::Total => "whole request",
        })
    }
}
