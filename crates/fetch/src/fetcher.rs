//! [`Fetcher`]: the layered service stack behind one handle.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use chrono::Utc;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use thresh_core::Page;
use thresh_core::charset;
use tower::util::BoxCloneSyncService;
use tower::{ServiceBuilder, ServiceExt as _};
use url::Url;

use crate::outcome::{Exchange, Fetched, Outcome};
use crate::service::{
    Body, BoxFuture, ConcurrencyLayer, ConditionalLayer, FetchRequest, HttpClient, PolitenessLayer,
    RedirectLayer, Response, RetryLayer, RobotsCache, RobotsLayer, ValidatorCache,
};
use crate::{FetchError, Settings};

type Stack = BoxCloneSyncService<FetchRequest, Response, FetchError>;

/// A polite, bounded HTTP fetcher: a [`tower::Service`] from a URL to an
/// [`Outcome`], made of the layers in [`crate::service`].
///
/// Cheap to clone: clones share the connection pool, the robots.txt cache,
/// the per-host table and the global limit. Uses rustls with the `ring`
/// crypto provider.
///
/// ```no_run
/// # async fn run() -> Result<(), thresh_fetch::FetchError> {
/// use thresh_fetch::{Fetcher, Options, Outcome};
/// let settings = Options { delay_secs: Some(2.0), ..Options::default() }.resolve()?;
/// let fetcher = Fetcher::new(settings)?;
/// match fetcher.fetch_outcome("https://example.com/").await {
///     Outcome::Fetched(f) => println!("{} bytes of text", f.page.body.len()),
///     other => println!("{}: {}", other.kind(), other.url()),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Fetcher {
    settings: Arc<Settings>,
    service: Stack,
    /// The stack below the robots layer, for robots.txt look-ups.
    below_robots: Stack,
    robots: Arc<RobotsCache>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Fetcher {
    /// A fetcher with these settings and no validator cache (no
    /// conditional requests).
    ///
    /// Fails with [`FetchError::Config`] for a user agent that is not a
    /// valid header value, [`FetchError::Client`] when the HTTP client
    /// cannot be built.
    pub fn new(settings: Settings) -> Result<Self, FetchError> {
        Fetcher::build(settings, None)
    }

    /// A fetcher that sends conditional requests with the validators in
    /// `cache` and stores new ones there.
    pub fn with_validators(
        settings: Settings,
        cache: Arc<dyn ValidatorCache>,
    ) -> Result<Self, FetchError> {
        Fetcher::build(settings, Some(cache))
    }

    fn build(
        settings: Settings,
        cache: Option<Arc<dyn ValidatorCache>>,
    ) -> Result<Self, FetchError> {
        let settings = Arc::new(settings);
        let s = &settings;
        let client = HttpClient::new(settings.clone())?;
        let below_robots: Stack = BoxCloneSyncService::new(
            ServiceBuilder::new()
                .layer(RetryLayer::new(
                    s.retries,
                    s.retry_base,
                    s.retry_max,
                    s.max_retry_after,
                ))
                .layer(PolitenessLayer::new(
                    s.per_host,
                    s.delay,
                    s.max_crawl_delay,
                    s.max_retry_after,
                ))
                .layer(ConcurrencyLayer::new(s.concurrency))
                .service(client),
        );
        let robots = Arc::new(RobotsCache::new(
            s.robots_agent.clone(),
            s.robots_ttl,
            s.robots_error_ttl,
        ));
        let service: Stack = BoxCloneSyncService::new(
            ServiceBuilder::new()
                .layer(RedirectLayer::new(s.max_redirects))
                .layer(ConditionalLayer::new(cache))
                .layer(RobotsLayer::new(s.respect_robots.then(|| robots.clone())))
                .service(below_robots.clone()),
        );
        Ok(Fetcher {
            settings,
            service,
            below_robots,
            robots,
        })
    }

    /// The settings this fetcher was built with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Fetch one URL; every way it can end is an [`Outcome`].
    ///
    /// `url` must be http(s) ([`FetchError::InvalidUrl`] otherwise, before
    /// any request). A fetched page records `source` = `url` as given, the
    /// final URL, the status, the response headers (lower-cased names), the
    /// body decoded to UTF-8 text with `content_type` rewritten to
    /// `charset=utf-8`, the original `encoding` and what decided it
    /// (`charset_source`: header, BOM, meta, or detection), and the time.
    pub async fn fetch_outcome(&self, url: &str) -> Outcome {
        let parsed = match crate::files::parse_http_url(url) {
            Ok(u) => u,
            Err(error) => {
                return Outcome::Failed {
                    url: url.to_string(),
                    error,
                };
            }
        };
        let result = self
            .service
            .clone()
            .oneshot(FetchRequest::page(parsed))
            .await;
        let url = url.to_string();
        let resp = match result {
            Err(FetchError::RobotsDenied { reason, .. }) => {
                return Outcome::RobotsDenied { url, reason };
            }
            Err(error) => return Outcome::Failed { url, error },
            Ok(resp) => resp,
        };
        let status = resp.status.as_u16();
        let final_url = resp.url.to_string();
        if status == 304 {
            return Outcome::NotModified {
                url,
                final_url,
                fetched_at: Utc::now(),
            };
        }
        if !resp.status.is_success() {
            return Outcome::Failed {
                url,
                error: FetchError::Status {
                    url: final_url,
                    status,
                },
            };
        }
        match &resp.body {
            Body::NotRead => Outcome::Skipped {
                url,
                final_url,
                status,
                content_type: resp.header("content-type").unwrap_or("unknown").to_string(),
            },
            Body::Read { .. } => Outcome::Fetched(Box::new(fetched(url, resp))),
        }
    }

    /// Fetch one URL and return its page; any other outcome is an error
    /// ([`FetchError::RobotsDenied`], [`FetchError::Skipped`],
    /// [`FetchError::NotModified`], or the failure).
    pub async fn fetch(&self, url: &str) -> Result<Page, FetchError> {
        self.fetch_outcome(url).await.into_page()
    }

    /// The `Sitemap:` URLs in the robots.txt of `url`'s origin (fetched if
    /// not cached; none when it cannot be had). `url` may be any URL of the
    /// site.
    pub async fn sitemaps(&self, url: &str) -> Result<Vec<String>, FetchError> {
        let parsed = crate::files::parse_http_url(url)?;
        Ok(self
            .robots
            .sitemaps(&parsed, self.below_robots.clone())
            .await)
    }
}

impl tower::Service<String> for Fetcher {
    type Response = Outcome;
    type Error = Infallible;
    type Future = BoxFuture<Result<Outcome, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, url: String) -> Self::Future {
        let this = self.clone();
        Box::pin(async move { Ok(this.fetch_outcome(&url).await) })
    }
}

/// The page and exchange of a response whose body was read.
fn fetched(url: String, resp: Response) -> Fetched {
    let fetched_at = Utc::now();
    let (wire, decoded) = match resp.body {
        Body::Read { wire, decoded } => (wire, decoded),
        Body::NotRead => (bytes::Bytes::new(), bytes::Bytes::new()),
    };
    let content_type = resp
        .headers
        .get(CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let mut probe = Page::from_bytes("", Vec::new());
    probe.content_type = content_type;
    let mime = probe
        .mime()
        .unwrap_or_else(|| sniff_mime(&decoded).to_string());
    let text = charset::decode(&decoded, probe.declared_charset(), mime != "text/plain");
    let (encoding, charset_source) = (text.encoding, text.source);
    let body = text.text.into_owned().into_bytes();
    drop(decoded);
    let final_url = resp.url.to_string();
    let mut page = Page::from_bytes(url, body);
    page.final_url = Some(final_url.clone());
    page.status = Some(resp.status.as_u16());
    page.headers = header_pairs(&resp.headers);
    page.content_type = Some(format!("{mime}; charset=utf-8"));
    page.fetched_at = Some(fetched_at);
    page.encoding = Some(encoding.to_string());
    page.charset_source = Some(charset_source);
    let exchange = Exchange {
        url: final_url,
        request_headers: header_pairs(&resp.request_headers),
        version: format!("{:?}", resp.version),
        status: resp.status.as_u16(),
        response_headers: page.headers.clone(),
        wire_body: wire,
        remote_addr: resp.remote_addr.map(|a| a.ip().to_string()),
        fetched_at,
        attempts: resp.attempts,
        redirects: resp.redirects.iter().map(Url::to_string).collect(),
    };
    Fetched { page, exchange }
}

/// `text/html` when the body looks like markup, else `text/plain`.
fn sniff_mime(body: &[u8]) -> &'static str {
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    match start.map(|i| body[i]) {
        Some(b'<') => "text/html",
        _ => "text/plain",
    }
}

/// Headers as `(lower-case name, value)` pairs, values decoded lossily.
fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}
