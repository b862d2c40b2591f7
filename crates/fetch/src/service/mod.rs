//! The fetcher as a stack of [`tower`] services.
//!
//! [`crate::Fetcher`] is this stack, outermost first:
//!
//! | layer | what it does |
//! |---|---|
//! | [`RedirectLayer`] | follows redirects hop by hop (each hop goes through every layer below), stops loops and long chains, refuses non-http(s) targets |
//! | [`ConditionalLayer`] | adds `If-None-Match` / `If-Modified-Since` from a [`ValidatorCache`], stores new validators |
//! | [`RobotsLayer`] | checks robots.txt (cached per origin), passes `Crawl-delay` down |
//! | [`RetryLayer`] | retries transient failures, 5xx and 429 with exponential backoff and jitter, honours `Retry-After` |
//! | [`PolitenessLayer`] | per-host concurrency and delay between requests |
//! | [`ConcurrencyLayer`] | the global limit on requests in flight |
//! | [`HttpClient`] | one HTTP exchange with reqwest: timeouts, size limits, content-type policy, decompression |
//!
//! Every service takes a [`FetchRequest`] and answers a [`Response`] or a
//! [`crate::FetchError`]; all are `Clone` and always ready, so a request is sent
//! with `service.clone().oneshot(request)`.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Version};
use url::Url;

mod client;
mod conditional;
mod politeness;
mod redirect;
mod retry;
mod robots;

pub use client::HttpClient;
pub use conditional::{
    Conditional, ConditionalLayer, MemoryValidators, ValidatorCache, Validators,
};
pub use politeness::{Concurrency, ConcurrencyLayer, Politeness, PolitenessLayer};
pub use redirect::{Redirect, RedirectLayer};
pub use retry::{Retry, RetryLayer};
pub use robots::{Robots, RobotsCache, RobotsLayer};

/// The boxed future every service of the stack returns.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// What a request is for: pages and robots.txt files are treated apart
/// (robots.txt is not itself checked against robots.txt, is read whatever
/// its media type, and is cut at the robots size limit instead of failing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A page to clean.
    Page,
    /// A robots.txt file.
    Robots,
}

/// One GET request through the stack.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    /// The URL (http or https).
    pub url: Url,
    /// Extra request headers (the conditional layer adds its validators
    /// here).
    pub headers: HeaderMap,
    /// What the request is for.
    pub purpose: Purpose,
    /// The `Crawl-delay` of the host's robots.txt, set by the robots layer
    /// for the politeness layer.
    pub crawl_delay: Option<Duration>,
}

impl FetchRequest {
    /// A request for a page.
    pub fn page(url: Url) -> Self {
        FetchRequest {
            url,
            headers: HeaderMap::new(),
            purpose: Purpose::Page,
            crawl_delay: None,
        }
    }

    /// A request for a robots.txt file.
    pub fn robots(url: Url) -> Self {
        FetchRequest {
            purpose: Purpose::Robots,
            ..FetchRequest::page(url)
        }
    }
}

/// A response as it came through the stack.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL that answered (after the redirect layer: the final URL).
    pub url: Url,
    /// The status.
    pub status: StatusCode,
    /// The HTTP version.
    pub version: Version,
    /// The response headers as received.
    pub headers: HeaderMap,
    /// The request headers as sent (with `host`).
    pub request_headers: HeaderMap,
    /// The server's address, when known.
    pub remote_addr: Option<SocketAddr>,
    /// The body.
    pub body: Body,
    /// Attempts made for the final hop (1 when the first one answered).
    pub attempts: u32,
    /// The URLs that redirected, in order, before [`Response::url`].
    pub redirects: Vec<Url>,
}

/// The body of a [`Response`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Not downloaded: the status is not a success, or the media type is
    /// not one that is fetched.
    NotRead,
    /// Downloaded.
    Read {
        /// The bytes as transferred (still content-encoded; de-chunked).
        wire: Bytes,
        /// The bytes after content decoding (the same buffer when the body
        /// was not encoded).
        decoded: Bytes,
    },
}

impl Response {
    /// The value of one header, when present and readable as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The media type of the response without parameters, lower-cased.
    pub fn mime(&self) -> Option<String> {
        let ct = self.header("content-type")?;
        let mime = ct.split(';').next()?.trim().to_ascii_lowercase();
        (!mime.is_empty()).then_some(mime)
    }
}

/// The key of a host for politeness: its name (or address), lower-cased,
/// without the port (two ports of one host are one server to be polite to).
pub(crate) fn host_key(url: &Url) -> String {
    url.host_str().unwrap_or("").to_ascii_lowercase()
}

/// The `Retry-After` of a response as a duration from now: delay-seconds
/// or an HTTP date (a date in the past is zero).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        let later = std::time::SystemTime::now() + Duration::from_secs(100);
        h.insert(
            "retry-after",
            HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap(),
        );
        let d = retry_after(&h).unwrap();
        assert!(
            d > Duration::from_secs(90) && d <= Duration::from_secs(100),
            "{d:?}"
        );
        h.insert(
            "retry-after",
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn host_key_ignores_port_and_case() {
        let a = Url::parse("http://Example.COM:8080/a").unwrap();
        let b = Url::parse("https://example.com/b").unwrap();
        assert_eq!(host_key(&a), host_key(&b));
    }
}
