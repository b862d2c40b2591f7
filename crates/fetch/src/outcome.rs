//! What became of one URL: [`Outcome`], and its JSON record.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thresh_core::Page;
use thresh_core::charset::CharsetSource;

use crate::FetchError;

/// What became of one URL handed to [`crate::Fetcher::fetch_outcome`].
/// Every URL gets exactly one: nothing is dropped silently.
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// The page was downloaded and decoded to text.
    Fetched(Box<Fetched>),
    /// The server answered `304 Not Modified` to a conditional request.
    NotModified {
        /// The URL as given.
        url: String,
        /// The URL that answered (after redirects).
        final_url: String,
        /// When.
        fetched_at: DateTime<Utc>,
    },
    /// The response is of a media type that is not fetched (a PDF, an
    /// image...); its body was not downloaded.
    Skipped {
        /// The URL as given.
        url: String,
        /// The URL that answered (after redirects).
        final_url: String,
        /// The status (2xx).
        status: u16,
        /// The `Content-Type` as sent, or `unknown`.
        content_type: String,
    },
    /// robots.txt does not allow the URL (or a URL it redirected to).
    RobotsDenied {
        /// The URL as given.
        url: String,
        /// `disallowed by robots.txt`, or why robots.txt could not be had.
        reason: String,
    },
    /// The fetch failed; the error says why (and names the URL).
    Failed {
        /// The URL as given.
        url: String,
        /// Why.
        error: FetchError,
    },
}

/// A downloaded page, with the HTTP exchange it came from (for WARC).
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The page record: body decoded to UTF-8 text, `content_type` with
    /// `charset=utf-8`, `encoding` and `charset_source` saying how.
    pub page: Page,
    /// The exchange as it went over the wire.
    pub exchange: Exchange,
}

/// One HTTP exchange as sent and received (the final hop after redirects).
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The URL requested in this exchange.
    pub url: String,
    /// The request headers as sent (names lower-cased).
    pub request_headers: Vec<(String, String)>,
    /// The HTTP version, e.g. `HTTP/1.1`.
    pub version: String,
    /// The status code.
    pub status: u16,
    /// The response headers as received (names lower-cased).
    pub response_headers: Vec<(String, String)>,
    /// The body as transferred: still content-encoded (gzip...), with any
    /// chunked transfer encoding undone.
    pub wire_body: Bytes,
    /// The server's address, when known.
    pub remote_addr: Option<String>,
    /// When the response was complete.
    pub fetched_at: DateTime<Utc>,
    /// Attempts made for this hop.
    pub attempts: u32,
    /// URLs that redirected before this one, in order.
    pub redirects: Vec<String>,
}

impl Outcome {
    /// The URL as given.
    pub fn url(&self) -> &str {
        match self {
            Outcome::Fetched(f) => &f.page.source,
            Outcome::NotModified { url, .. }
            | Outcome::Skipped { url, .. }
            | Outcome::RobotsDenied { url, .. }
            | Outcome::Failed { url, .. } => url,
        }
    }

    /// `fetched`, `not_modified`, `skipped`, `robots_denied` or `failed`.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Fetched(_) => "fetched",
            Outcome::NotModified { .. } => "not_modified",
            Outcome::Skipped { .. } => "skipped",
            Outcome::RobotsDenied { .. } => "robots_denied",
            Outcome::Failed { .. } => "failed",
        }
    }

    /// The outcome as a record for a log (no body).
    pub fn record(&self) -> OutcomeRecord {
        let mut r = OutcomeRecord {
            url: self.url().to_string(),
            outcome: self.kind().to_string(),
            final_url: None,
            status: None,
            content_type: None,
            encoding: None,
            charset_source: None,
            bytes: None,
            attempts: None,
            error_kind: None,
            error: None,
            fetched_at: None,
        };
        match self {
            Outcome::Fetched(f) => {
                r.final_url = f.page.final_url.clone();
                r.status = f.page.status;
                r.content_type = f.page.content_type.clone();
                r.encoding = f.page.encoding.clone();
                r.charset_source = f.page.charset_source;
                r.bytes = Some(f.exchange.wire_body.len() as u64);
                r.attempts = Some(f.exchange.attempts);
                r.fetched_at = f.page.fetched_at;
            }
            Outcome::NotModified {
                final_url,
                fetched_at,
                ..
            } => {
                r.final_url = Some(final_url.clone());
                r.status = Some(304);
                r.fetched_at = Some(*fetched_at);
            }
            Outcome::Skipped {
                final_url,
                status,
                content_type,
                ..
            } => {
                r.final_url = Some(final_url.clone());
                r.status = Some(*status);
                r.content_type = Some(content_type.clone());
            }
            Outcome::RobotsDenied { reason, .. } => r.error = Some(reason.clone()),
            Outcome::Failed { error, .. } => {
                r.error_kind = Some(error.kind());
                r.error = Some(error.to_string());
                if let FetchError::Status { status, .. } = error {
                    r.status = Some(*status);
                }
            }
        }
        r
    }

    /// The page, when fetched.
    pub fn into_page(self) -> Result<Page, FetchError> {
        match self {
            Outcome::Fetched(f) => Ok(f.page),
            Outcome::NotModified { final_url, .. } => {
                Err(FetchError::NotModified { url: final_url })
            }
            Outcome::Skipped {
                final_url,
                content_type,
                ..
            } => Err(FetchError::Skipped {
                url: final_url,
                content_type,
            }),
            Outcome::RobotsDenied { url, reason } => Err(FetchError::RobotsDenied { url, reason }),
            Outcome::Failed { error, .. } => Err(error),
        }
    }
}

/// The JSON record of an [`Outcome`] (see `docs/records.md`): one per URL,
/// without the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    /// The URL as given.
    pub url: String,
    /// `fetched`, `not_modified`, `skipped`, `robots_denied` or `failed`.
    pub outcome: String,
    /// The URL that answered, after redirects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// The HTTP status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The content type (for a fetched page, as rewritten to UTF-8; for a
    /// skipped one, as sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The encoding the body was decoded from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// What decided the encoding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset_source: Option<CharsetSource>,
    /// Body bytes as transferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// Attempts made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
    /// The failure's kind ([`FetchError::kind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<String>,
    /// The failure's message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<DateTime<Utc>>,
}
