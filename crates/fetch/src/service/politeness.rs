//! Per-host politeness (concurrency and spacing) and the global concurrency
//! limit.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use tower::{Layer, Service, ServiceExt as _};

use super::{BoxFuture, FetchRequest, Response, host_key, retry_after};
use crate::FetchError;

/// How many idle hosts are kept before the table is pruned.
const PRUNE_AT: usize = 4096;

/// Per-host politeness: at most `per_host` requests in flight to one host,
/// and request starts to one host spaced by the delay: the larger of the
/// configured delay and the host's `Crawl-delay` (capped). After a
/// response, the next request to the host waits the delay again from the
/// response's end; a `429` or `503` with `Retry-After` pushes the host's
/// next request back by that much (capped), for every URL of the host.
#[derive(Debug, Clone)]
pub struct PolitenessLayer {
    hosts: Arc<Hosts>,
}

impl PolitenessLayer {
    /// A layer with one table of hosts shared by every service it makes.
    pub fn new(
        per_host: usize,
        delay: Duration,
        max_crawl_delay: Duration,
        max_retry_after: Duration,
    ) -> Self {
        PolitenessLayer {
            hosts: Arc::new(Hosts {
                per_host: per_host.max(1),
                delay,
                max_crawl_delay,
                max_retry_after,
                table: Mutex::new(HashMap::new()),
            }),
        }
    }
}

impl<S> Layer<S> for PolitenessLayer {
    type Service = Politeness<S>;

    fn layer(&self, inner: S) -> Politeness<S> {
        Politeness {
            inner,
            hosts: self.hosts.clone(),
        }
    }
}

/// The service made by [`PolitenessLayer`].
#[derive(Debug, Clone)]
pub struct Politeness<S> {
    inner: S,
    hosts: Arc<Hosts>,
}

#[derive(Debug)]
struct Hosts {
    per_host: usize,
    delay: Duration,
    max_crawl_delay: Duration,
    max_retry_after: Duration,
    table: Mutex<HashMap<String, Arc<Host>>>,
}

#[derive(Debug)]
struct Host {
    slots: Arc<Semaphore>,
    /// The earliest start of the next request.
    next: Mutex<Instant>,
}

impl Hosts {
    fn host(&self, key: &str) -> Arc<Host> {
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        if table.len() >= PRUNE_AT {
            let now = Instant::now();
            table.retain(|_, host| {
                Arc::strong_count(host) > 1
                    || *host.next.lock().unwrap_or_else(PoisonError::into_inner) > now
            });
        }
        table
            .entry(key.to_string())
            .or_insert_with(|| {
                Arc::new(Host {
                    slots: Arc::new(Semaphore::new(self.per_host)),
                    next: Mutex::new(Instant::now()),
                })
            })
            .clone()
    }

    fn delay_for(&self, crawl_delay: Option<Duration>) -> Duration {
        let crawl = crawl_delay.map_or(Duration::ZERO, |d| d.min(self.max_crawl_delay));
        self.delay.max(crawl)
    }
}

impl Host {
    /// Wait for a slot and for the host's next start time; book the one
    /// after.
    async fn enter(&self, delay: Duration) -> Result<OwnedSemaphorePermit, FetchError> {
        let permit = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| FetchError::Client {
                message: "host table closed".into(),
            })?;
        loop {
            let wait = {
                let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
                let now = Instant::now();
                if *next <= now {
                    *next = now + delay;
                    None
                } else {
                    Some(*next)
                }
            };
            match wait {
                None => return Ok(permit),
                Some(at) => tokio::time::sleep_until(at).await,
            }
        }
    }

    /// Push the next start back to at least `at`.
    fn not_before(&self, at: Instant) {
        let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
        if *next < at {
            *next = at;
        }
    }
}

impl<S> Service<FetchRequest> for Politeness<S>
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

    fn call(&mut self, req: FetchRequest) -> Self::Future {
        let inner = self.inner.clone();
        let hosts = self.hosts.clone();
        Box::pin(async move {
            let host = hosts.host(&host_key(&req.url));
            let delay = hosts.delay_for(req.crawl_delay);
            let permit = host.enter(delay).await?;
            let result = inner.oneshot(req).await;
            let now = Instant::now();
            host.not_before(now + delay);
            if let Ok(resp) = &result {
                let status = resp.status.as_u16();
                if (status == 429 || status == 503)
                    && let Some(wait) = retry_after(&resp.headers)
                {
                    host.not_before(now + wait.min(hosts.max_retry_after));
                }
            }
            drop(permit);
            result
        })
    }
}

/// The global limit: at most `concurrency` requests in flight through the
/// services this layer makes, whatever their host.
#[derive(Debug, Clone)]
pub struct ConcurrencyLayer {
    slots: Arc<Semaphore>,
}

impl ConcurrencyLayer {
    /// A layer with `concurrency` slots shared by every service it makes.
    pub fn new(concurrency: usize) -> Self {
        ConcurrencyLayer {
            slots: Arc::new(Semaphore::new(concurrency.max(1))),
        }
    }
}

impl<S> Layer<S> for ConcurrencyLayer {
    type Service = Concurrency<S>;

    fn layer(&self, inner: S) -> Concurrency<S> {
        Concurrency {
            inner,
            slots: self.slots.clone(),
        }
    }
}

/// The service made by [`ConcurrencyLayer`].
#[derive(Debug, Clone)]
pub struct Concurrency<S> {
    inner: S,
    slots: Arc<Semaphore>,
}

impl<S> Service<FetchRequest> for Concurrency<S>
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

    fn call(&mut self, req: FetchRequest) -> Self::Future {
        let inner = self.inner.clone();
        let slots = self.slots.clone();
        Box::pin(async move {
            let _permit = slots
                .acquire_owned()
                .await
                .map_err(|_| FetchError::Client {
                    message: "concurrency limit closed".into(),
                })?;
            inner.oneshot(req).await
        })
    }
}
