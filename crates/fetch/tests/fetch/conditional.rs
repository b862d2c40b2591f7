//! Conditional GET: ETag and Last-Modified give 304 Not Modified.

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use thresh_fetch::{Fetcher, MemoryValidators, Outcome, ValidatorCache};

use crate::support::*;

const STAMP: &str = "Wed, 21 Oct 2015 07:28:00 GMT";

fn site() -> Router {
    Router::new()
        .route(
            "/etag",
            get(|headers: HeaderMap| async move {
                if headers
                    .get(header::IF_NONE_MATCH)
                    .is_some_and(|v| v == "\"v1\"")
                {
                    return StatusCode::NOT_MODIFIED.into_response();
                }
                ([(header::ETAG, "\"v1\"")], "<p>tagged</p>").into_response()
            }),
        )
        .route(
            "/dated",
            get(|headers: HeaderMap| async move {
                if headers
                    .get(header::IF_MODIFIED_SINCE)
                    .is_some_and(|v| v == STAMP)
                {
                    return StatusCode::NOT_MODIFIED.into_response();
                }
                ([(header::LAST_MODIFIED, STAMP)], "<p>dated</p>").into_response()
            }),
        )
}

fn conditional_fetcher() -> (Fetcher, Arc<MemoryValidators>) {
    let cache = Arc::new(MemoryValidators::default());
    let settings = options().resolve().unwrap();
    (
        Fetcher::with_validators(settings, cache.clone()).unwrap(),
        cache,
    )
}

#[tokio::test]
async fn etag_gives_not_modified_the_second_time() {
    let addr = serve(site()).await;
    let (f, cache) = conditional_fetcher();
    let url = format!("http://{addr}/etag");
    fetched(f.fetch_outcome(&url).await);
    assert_eq!(cache.get(&url).unwrap().etag.as_deref(), Some("\"v1\""));
    let again = f.fetch_outcome(&url).await;
    assert!(
        matches!(&again, Outcome::NotModified { url: u, .. } if *u == url),
        "{again:?}"
    );
    let record = again.record();
    assert_eq!(record.outcome, "not_modified");
    assert_eq!(record.status, Some(304));
}

#[tokio::test]
async fn last_modified_gives_not_modified_the_second_time() {
    let addr = serve(site()).await;
    let (f, _) = conditional_fetcher();
    let url = format!("http://{addr}/dated");
    fetched(f.fetch_outcome(&url).await);
    let again = f.fetch_outcome(&url).await;
    assert!(matches!(again, Outcome::NotModified { .. }), "{again:?}");
}

#[tokio::test]
async fn without_a_cache_nothing_is_conditional() {
    let addr = serve(site()).await;
    let f = fetcher(options());
    let url = format!("http://{addr}/etag");
    fetched(f.fetch_outcome(&url).await);
    fetched(f.fetch_outcome(&url).await);
}
