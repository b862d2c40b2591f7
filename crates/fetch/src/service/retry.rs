//! Retries with exponential backoff and jitter.

use std::task::{Context, Poll};
use std::time::Duration;

use backon::{BackoffBuilder as _, ExponentialBuilder};
use tower::{Layer, Service, ServiceExt as _};

use super::{BoxFuture, FetchRequest, Response, retry_after};
use crate::FetchError;

/// Retries a request that failed in a way that may pass: a connection
/// error, a timeout, an interrupted transfer ([`FetchError::is_transient`]),
/// or a `5xx` / `429` status. Other errors and statuses (other `4xx`, too
/// large, robots...) are returned at once.
///
/// The waits come from backon's exponential backoff with jitter (base,
/// doubling, capped). A `Retry-After` (seconds or HTTP date) on a `429` or
/// `5xx` makes the wait at least that long; one longer than the cap is not
/// waited for: the response is returned as is and recorded as failed.
/// After the last retry the last answer (response or error) is returned.
#[derive(Debug, Clone)]
pub struct RetryLayer {
    policy: RetryPolicy,
}

#[derive(Debug, Clone, Copy)]
struct RetryPolicy {
    retries: u32,
    base: Duration,
    max: Duration,
    max_retry_after: Duration,
}

impl RetryLayer {
    /// Up to `retries` retries, waits from `base` doubling up to `max`,
    /// `Retry-After` honoured up to `max_retry_after`.
    pub fn new(retries: u32, base: Duration, max: Duration, max_retry_after: Duration) -> Self {
        RetryLayer {
            policy: RetryPolicy {
                retries,
                base,
                max: max.max(base),
                max_retry_after,
            },
        }
    }
}

impl<S> Layer<S> for RetryLayer {
    type Service = Retry<S>;

    fn layer(&self, inner: S) -> Retry<S> {
        Retry {
            inner,
            policy: self.policy,
        }
    }
}

/// The service made by [`RetryLayer`].
#[derive(Debug, Clone)]
pub struct Retry<S> {
    inner: S,
    policy: RetryPolicy,
}

/// Whether to try again, and after how long at least (`Retry-After`).
enum Verdict {
    Done,
    Again(Option<Duration>),
}

fn judge(result: &Result<Response, FetchError>, policy: &RetryPolicy) -> Verdict {
    match result {
        Err(e) if e.is_transient() => Verdict::Again(None),
        Err(_) => Verdict::Done,
        Ok(resp) => {
            let status = resp.status.as_u16();
            if status == 429 || resp.status.is_server_error() {
                match retry_after(&resp.headers) {
                    Some(wait) if wait > policy.max_retry_after => {
                        tracing::info!(url = %resp.url, status, ?wait, "Retry-After over the cap: not retried");
                        Verdict::Done
                    }
                    wait => Verdict::Again(wait),
                }
            } else {
                Verdict::Done
            }
        }
    }
}

impl<S> Service<FetchRequest> for Retry<S>
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
        let policy = self.policy;
        Box::pin(async move {
            let mut backoff = ExponentialBuilder::default()
                .with_min_delay(policy.base)
                .with_max_delay(policy.max)
                .with_max_times(usize::try_from(policy.retries).unwrap_or(usize::MAX))
                .with_jitter()
                .build();
            let mut attempts = 0u32;
            loop {
                attempts += 1;
                let result = inner.clone().oneshot(req.clone()).await;
                let wait = match judge(&result, &policy) {
                    Verdict::Done => None,
                    Verdict::Again(at_least) => {
                        backoff.next().map(|d| at_least.map_or(d, |min| d.max(min)))
                    }
                };
                match wait {
                    None => {
                        return result.map(|mut resp| {
                            resp.attempts = attempts;
                            resp
                        });
                    }
                    Some(wait) => {
                        match &result {
                            Ok(resp) => {
                                tracing::info!(url = %req.url, status = resp.status.as_u16(), attempt = attempts, ?wait, "retrying")
                            }
                            Err(e) => {
                                tracing::info!(url = %req.url, error = %e, attempt = attempts, ?wait, "retrying")
                            }
                        }
                        tokio::time::sleep(wait).await;
                    }
                }
            }
        })
    }
}
