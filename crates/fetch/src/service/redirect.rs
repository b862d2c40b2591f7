//! Following redirects, one hop at a time through the whole stack.

use std::task::{Context, Poll};

use tower::{Layer, Service, ServiceExt as _};
use url::Url;

use super::{BoxFuture, FetchRequest, Response};
use crate::FetchError;

/// Follows `301`, `302`, `303`, `307` and `308` (and `300` with a
/// `Location`) up to `max` hops. Each hop is a new request through the
/// layers below, so robots.txt, politeness and retries apply to every host
/// on the way.
///
/// - More than `max` hops: [`FetchError::TooManyRedirects`].
/// - A hop back to a URL already visited: [`FetchError::RedirectLoop`]
///   (found at once, not after `max` hops).
/// - A `Location` that is missing, unparsable or not http(s):
///   [`FetchError::BadRedirect`].
///
/// The final response carries the chain in [`Response::redirects`].
#[derive(Debug, Clone, Copy)]
pub struct RedirectLayer {
    max: usize,
}

impl RedirectLayer {
    /// Follow up to `max` redirects.
    pub fn new(max: usize) -> Self {
        RedirectLayer { max }
    }
}

impl<S> Layer<S> for RedirectLayer {
    type Service = Redirect<S>;

    fn layer(&self, inner: S) -> Redirect<S> {
        Redirect {
            inner,
            max: self.max,
        }
    }
}

/// The service made by [`RedirectLayer`].
#[derive(Debug, Clone)]
pub struct Redirect<S> {
    inner: S,
    max: usize,
}

/// Where a response redirects to, if it is a redirect to follow.
fn target(resp: &Response) -> Option<Result<Url, FetchError>> {
    let code = resp.status.as_u16();
    if !matches!(code, 300..=303 | 307 | 308) {
        return None;
    }
    let bad = |reason: String| FetchError::BadRedirect {
        url: resp.url.to_string(),
        reason,
    };
    let location = match resp.headers.get(reqwest::header::LOCATION) {
        None if code == 300 => return None,
        None => return Some(Err(bad(format!("status {code} without Location")))),
        Some(v) => v,
    };
    let Ok(location) = location.to_str() else {
        return Some(Err(bad("Location is not text".into())));
    };
    Some(match resp.url.join(location.trim()) {
        Err(e) => Err(bad(format!("Location {location:?}: {e}"))),
        Ok(url) if !matches!(url.scheme(), "http" | "https") => {
            Err(bad(format!("Location {url} is not http(s)")))
        }
        Ok(mut url) => {
            url.set_fragment(None);
            Ok(url)
        }
    })
}

impl<S> Service<FetchRequest> for Redirect<S>
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
        let max = self.max;
        Box::pin(async move {
            let first = req.url.to_string();
            let mut chain: Vec<Url> = Vec::new();
            let mut req = req;
            loop {
                let mut resp = inner.clone().oneshot(req.clone()).await?;
                let next = match target(&resp) {
                    None => {
                        resp.redirects = chain;
                        return Ok(resp);
                    }
                    Some(next) => next?,
                };
                chain.push(resp.url.clone());
                if next == resp.url || chain.contains(&next) {
                    return Err(FetchError::RedirectLoop {
                        url: first,
                        location: next.to_string(),
                    });
                }
                if chain.len() > max {
                    return Err(FetchError::TooManyRedirects {
                        url: first,
                        limit: max,
                    });
                }
                tracing::debug!(from = %resp.url, to = %next, "redirect");
                req = FetchRequest {
                    url: next,
                    headers: reqwest::header::HeaderMap::new(),
                    purpose: req.purpose,
                    crawl_delay: None,
                };
            }
        })
    }
}
