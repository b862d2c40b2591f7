//! robots.txt (RFC 9309): a cache of parsed files per origin, and the layer
//! that checks every page request against it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use texting_robots::Robot;
use tokio::time::Instant;
use tower::{Layer, Service, ServiceExt as _};
use url::Url;

use super::{Body, BoxFuture, FetchRequest, Purpose, Response};
use crate::FetchError;

/// Redirects followed when fetching a robots.txt (RFC 9309 asks for at
/// least five).
const ROBOTS_REDIRECTS: usize = 5;

/// How many origins are kept before expired entries are pruned.
const PRUNE_AT: usize = 4096;

/// What a robots.txt says for our agent.
#[derive(Debug)]
enum Rules {
    /// No usable robots.txt (4xx, unparsable, too many redirects): all
    /// allowed.
    AllowAll,
    /// robots.txt unreachable (5xx, 429, network error): nothing allowed
    /// until it is tried again. Says why.
    DisallowAll(String),
    /// The host could not be reached at all (connection refused, DNS):
    /// its pages fail with this cause rather than count as denied.
    Unreachable(String),
    /// The parsed file.
    Parsed(Box<Robot>),
}

/// One origin's robots.txt as cached.
#[derive(Debug)]
struct Entry {
    rules: Rules,
    expires: Instant,
}

impl Entry {
    fn allows(&self, url: &str) -> bool {
        match &self.rules {
            Rules::AllowAll => true,
            Rules::DisallowAll(_) | Rules::Unreachable(_) => false,
            Rules::Parsed(robot) => robot.allowed(url),
        }
    }

    fn crawl_delay(&self) -> Option<Duration> {
        match &self.rules {
            Rules::Parsed(robot) => robot
                .delay
                .and_then(|secs| Duration::try_from_secs_f32(secs).ok()),
            _ => None,
        }
    }

    fn sitemaps(&self) -> Vec<String> {
        match &self.rules {
            Rules::Parsed(robot) => robot.sitemaps.clone(),
            _ => Vec::new(),
        }
    }
}

type Slot = Arc<tokio::sync::Mutex<Option<Arc<Entry>>>>;

/// robots.txt files per origin (scheme, host, port), fetched once and kept
/// for the robots TTL; concurrent requests to one origin wait for a single
/// fetch of its robots.txt.
///
/// - 2xx: parsed with texting_robots for our agent token (the group of the
///   longest matching `User-agent`, else `*`); `Crawl-delay` and `Sitemap:`
///   lines are kept. At most the robots size limit is read.
/// - 3xx: followed up to five hops; more counts as no robots.txt.
/// - 4xx (except 429): no robots.txt, everything allowed.
/// - 5xx, 429, or no answer (connect error, timeout): everything
///   disallowed, for the error TTL, after which it is tried again.
#[derive(Debug)]
pub struct RobotsCache {
    agent: String,
    ttl: Duration,
    error_ttl: Duration,
    table: Mutex<HashMap<String, Slot>>,
}

impl RobotsCache {
    /// A cache for the user agent token `agent`.
    pub fn new(agent: impl Into<String>, ttl: Duration, error_ttl: Duration) -> Self {
        RobotsCache {
            agent: agent.into(),
            ttl,
            error_ttl,
            table: Mutex::new(HashMap::new()),
        }
    }

    fn slot(&self, origin: &str) -> Slot {
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        if table.len() >= PRUNE_AT {
            let now = Instant::now();
            table.retain(|_, slot| match slot.try_lock() {
                Ok(guard) => guard.as_ref().is_some_and(|e| e.expires > now),
                Err(_) => true,
            });
        }
        table.entry(origin.to_string()).or_default().clone()
    }

    /// The entry for `url`'s origin, fetching robots.txt through `inner`
    /// when missing or expired.
    async fn lookup<S>(&self, url: &Url, inner: S) -> Arc<Entry>
    where
        S: Service<FetchRequest, Response = Response, Error = FetchError> + Clone,
    {
        let origin = url.origin().ascii_serialization();
        let slot = self.slot(&origin);
        let mut guard = slot.lock().await;
        if let Some(entry) = guard.as_ref()
            && entry.expires > Instant::now()
        {
            return entry.clone();
        }
        let (rules, ttl) = self.fetch(url, inner).await;
        let entry = Arc::new(Entry {
            rules,
            expires: Instant::now() + ttl,
        });
        *guard = Some(entry.clone());
        entry
    }

    async fn fetch<S>(&self, url: &Url, inner: S) -> (Rules, Duration)
    where
        S: Service<FetchRequest, Response = Response, Error = FetchError> + Clone,
    {
        let Ok(mut robots_url) = url.join("/robots.txt") else {
            return (Rules::AllowAll, self.ttl);
        };
        for _ in 0..=ROBOTS_REDIRECTS {
            let resp = match inner
                .clone()
                .oneshot(FetchRequest::robots(robots_url.clone()))
                .await
            {
                Ok(resp) => resp,
                // No connection at all: the page cannot be fetched either,
                // and that is the cause to report.
                Err(FetchError::Connect { message, .. }) => {
                    tracing::info!(url = %robots_url, error = %message, "host unreachable");
                    return (Rules::Unreachable(message), self.error_ttl);
                }
                Err(e) => {
                    tracing::info!(url = %robots_url, error = %e, "robots.txt unreachable: host disallowed for now");
                    let reason = format!(
                        "robots.txt unreachable ({e}), so the site is treated as disallowed for now"
                    );
                    return (Rules::DisallowAll(reason), self.error_ttl);
                }
            };
            let status = resp.status;
            if status.is_success() {
                let body = match &resp.body {
                    Body::Read { decoded, .. } => decoded.clone(),
                    Body::NotRead => bytes::Bytes::new(),
                };
                return match Robot::new(&self.agent, &body) {
                    Ok(robot) => {
                        tracing::debug!(url = %robots_url, delay = ?robot.delay, sitemaps = robot.sitemaps.len(), "robots.txt parsed");
                        (Rules::Parsed(Box::new(robot)), self.ttl)
                    }
                    Err(e) => {
                        tracing::warn!(url = %robots_url, error = %e, "robots.txt unparsable: all allowed");
                        (Rules::AllowAll, self.ttl)
                    }
                };
            }
            if status.is_redirection() {
                let next = resp
                    .header("location")
                    .and_then(|loc| robots_url.join(loc).ok());
                match next {
                    Some(next) if matches!(next.scheme(), "http" | "https") => {
                        robots_url = next;
                        continue;
                    }
                    _ => return (Rules::AllowAll, self.ttl),
                }
            }
            if status.as_u16() == 429 || status.is_server_error() {
                tracing::info!(url = %robots_url, status = status.as_u16(), "robots.txt unavailable: host disallowed for now");
                let reason = format!(
                    "robots.txt answered {} ({robots_url}), so the site is treated as disallowed for now",
                    status.as_u16()
                );
                return (Rules::DisallowAll(reason), self.error_ttl);
            }
            tracing::debug!(url = %robots_url, status = status.as_u16(), "no robots.txt: all allowed");
            return (Rules::AllowAll, self.ttl);
        }
        tracing::debug!(url = %robots_url, "robots.txt redirects too often: all allowed");
        (Rules::AllowAll, self.ttl)
    }

    /// The `Sitemap:` URLs of `url`'s origin's robots.txt (fetched through
    /// `inner` if not cached).
    pub async fn sitemaps<S>(&self, url: &Url, inner: S) -> Vec<String>
    where
        S: Service<FetchRequest, Response = Response, Error = FetchError> + Clone,
    {
        self.lookup(url, inner).await.sitemaps()
    }
}

/// Checks each page request against its origin's robots.txt: a disallowed
/// URL is [`FetchError::RobotsDenied`] without any request for it; an
/// allowed one goes on with the origin's `Crawl-delay` set on the request.
#[derive(Debug, Clone)]
pub struct RobotsLayer {
    cache: Option<Arc<RobotsCache>>,
}

impl RobotsLayer {
    /// A layer over `cache`; with `None`, robots.txt is not consulted.
    pub fn new(cache: Option<Arc<RobotsCache>>) -> Self {
        RobotsLayer { cache }
    }
}

impl<S> Layer<S> for RobotsLayer {
    type Service = Robots<S>;

    fn layer(&self, inner: S) -> Robots<S> {
        Robots {
            inner,
            cache: self.cache.clone(),
        }
    }
}

/// The service made by [`RobotsLayer`].
#[derive(Debug, Clone)]
pub struct Robots<S> {
    inner: S,
    cache: Option<Arc<RobotsCache>>,
}

impl<S> Service<FetchRequest> for Robots<S>
where
    S: Service<FetchRequest, Response = Response, Error = FetchError>
        + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = FetchError;
    type Future = BoxFuture<Result<Response, FetchError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), FetchError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut req: FetchRequest) -> Self::Future {
        let inner = self.inner.clone();
        let cache = match (&self.cache, req.purpose) {
            (Some(cache), Purpose::Page) => cache.clone(),
            _ => return Box::pin(inner.oneshot(req)),
        };
        Box::pin(async move {
            let entry = cache.lookup(&req.url, inner.clone()).await;
            if let Rules::Unreachable(message) = &entry.rules {
                return Err(FetchError::Connect {
                    url: req.url.to_string(),
                    message: message.clone(),
                });
            }
            if !entry.allows(req.url.as_str()) {
                tracing::info!(url = %req.url, "disallowed by robots.txt");
                let reason = match &entry.rules {
                    Rules::DisallowAll(reason) => reason.clone(),
                    _ => "disallowed by robots.txt".to_string(),
                };
                return Err(FetchError::RobotsDenied {
                    url: req.url.to_string(),
                    reason,
                });
            }
            req.crawl_delay = entry.crawl_delay();
            inner.oneshot(req).await
        })
    }
}
