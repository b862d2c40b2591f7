//! Conditional GET: validators sent as `If-None-Match` /
//! `If-Modified-Since`, kept in a pluggable [`ValidatorCache`].

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use reqwest::header::{ETAG, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use tower::{Layer, Service, ServiceExt as _};

use super::{Body, BoxFuture, FetchRequest, Purpose, Response};
use crate::FetchError;

/// The validators of a stored copy of a URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` of the copy.
    pub etag: Option<String>,
    /// The `Last-Modified` of the copy (an HTTP date, as sent).
    pub last_modified: Option<String>,
}

impl Validators {
    /// Whether there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// Where validators are kept between fetches, by URL. The in-memory
/// [`MemoryValidators`] serves one run; a crawl's state store implements
/// this to remember them across runs.
pub trait ValidatorCache: Send + Sync + Debug {
    /// The validators stored for `url`, if any.
    fn get(&self, url: &str) -> Option<Validators>;
    /// Store the validators of a fresh copy of `url`.
    fn put(&self, url: &str, validators: Validators);
}

/// A [`ValidatorCache`] in memory, bounded: past `capacity` URLs it is
/// cleared (a lost validator only costs a full fetch).
#[derive(Debug)]
pub struct MemoryValidators {
    capacity: usize,
    map: Mutex<HashMap<String, Validators>>,
}

impl MemoryValidators {
    /// A cache of up to `capacity` URLs.
    pub fn new(capacity: usize) -> Self {
        MemoryValidators {
            capacity: capacity.max(1),
            map: Mutex::new(HashMap::new()),
        }
    }
}

impl Default for MemoryValidators {
    /// Up to 100 000 URLs.
    fn default() -> Self {
        MemoryValidators::new(100_000)
    }
}

impl ValidatorCache for MemoryValidators {
    fn get(&self, url: &str) -> Option<Validators> {
        let map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        map.get(url).cloned()
    }

    fn put(&self, url: &str, validators: Validators) {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= self.capacity && !map.contains_key(url) {
            map.clear();
        }
        map.insert(url.to_string(), validators);
    }
}

/// Sends the stored validators of a page's URL with the request and stores
/// the validators of each fresh (2xx, body read) response. A `304 Not
/// Modified` answer goes up unchanged: the fetcher records it as such.
#[derive(Debug, Clone)]
pub struct ConditionalLayer {
    cache: Option<Arc<dyn ValidatorCache>>,
}

impl ConditionalLayer {
    /// A layer over `cache`; with `None` it does nothing.
    pub fn new(cache: Option<Arc<dyn ValidatorCache>>) -> Self {
        ConditionalLayer { cache }
    }
}

impl<S> Layer<S> for ConditionalLayer {
    type Service = Conditional<S>;

    fn layer(&self, inner: S) -> Conditional<S> {
        Conditional {
            inner,
            cache: self.cache.clone(),
        }
    }
}

/// The service made by [`ConditionalLayer`].
#[derive(Debug, Clone)]
pub struct Conditional<S> {
    inner: S,
    cache: Option<Arc<dyn ValidatorCache>>,
}

impl<S> Service<FetchRequest> for Conditional<S>
where
    S: Service<FetchRequest, Response = Response, Error = FetchError> + Clone + Send + 'static,
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
            let key = req.url.to_string();
            if let Some(v) = cache.get(&key) {
                if let Some(etag) = v
                    .etag
                    .as_deref()
                    .and_then(|e| HeaderValue::from_str(e).ok())
                {
                    req.headers.insert(IF_NONE_MATCH, etag);
                }
                if let Some(lm) = v
                    .last_modified
                    .as_deref()
                    .and_then(|d| HeaderValue::from_str(d).ok())
                {
                    req.headers.insert(IF_MODIFIED_SINCE, lm);
                }
            }
            let resp = inner.oneshot(req).await?;
            if resp.status.is_success() && matches!(resp.body, Body::Read { .. }) {
                let validators = Validators {
                    etag: resp.header(ETAG.as_str()).map(str::to_string),
                    last_modified: resp.header(LAST_MODIFIED.as_str()).map(str::to_string),
                };
                if !validators.is_empty() {
                    cache.put(&key, validators);
                }
            }
            Ok(resp)
        })
    }
}
