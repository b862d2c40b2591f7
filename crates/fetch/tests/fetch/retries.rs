//! Retries: 429 with Retry-After, 503 then 200, no retry on other 4xx.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use thresh_fetch::{FetchError, Options};
use tokio::time::Instant;

use crate::support::*;

/// A page that answers `first` for the first `n` requests, then 200.
fn flaky(n: usize, first: fn() -> Response, hits: Arc<AtomicUsize>) -> Router {
    Router::new().route(
        "/page",
        get(move || {
            let seen = hits.fetch_add(1, Ordering::SeqCst);
            async move {
                if seen < n {
                    first()
                } else {
                    "<p>at last</p>".into_response()
                }
            }
        }),
    )
}

fn retrying(retries: u32) -> Options {
    Options {
        retries: Some(retries),
        ..options()
    }
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after() {
    let hits = Arc::new(AtomicUsize::new(0));
    let first = || (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response();
    let addr = serve(flaky(1, first, hits.clone())).await;
    let start = Instant::now();
    let f = fetched(
        fetcher(retrying(2))
            .fetch_outcome(&format!("http://{addr}/page"))
            .await,
    );
    assert!(
        start.elapsed() >= Duration::from_millis(950),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(f.exchange.attempts, 2);
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    assert_eq!(text(&f), "<p>at last</p>");
}

#[tokio::test]
async fn retry_after_as_http_date_is_honoured() {
    let hits = Arc::new(AtomicUsize::new(0));
    let first = || {
        let at = std::time::SystemTime::now() + Duration::from_secs(1);
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, httpdate::fmt_http_date(at))],
        )
            .into_response()
    };
    let addr = serve(flaky(1, first, hits.clone())).await;
    let f = fetched(
        fetcher(retrying(2))
            .fetch_outcome(&format!("http://{addr}/page"))
            .await,
    );
    assert_eq!(f.exchange.attempts, 2);
}

#[tokio::test]
async fn retry_after_over_the_cap_is_not_waited_for() {
    let hits = Arc::new(AtomicUsize::new(0));
    let first = || {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "3600")],
        )
            .into_response()
    };
    let addr = serve(flaky(1, first, hits.clone())).await;
    let start = Instant::now();
    let f = fetcher(Options {
        max_retry_after_secs: Some(5.0),
        ..retrying(3)
    });
    let err = failed(f.fetch_outcome(&format!("http://{addr}/page")).await);
    assert!(
        matches!(err, FetchError::Status { status: 429, .. }),
        "{err:?}"
    );
    assert_eq!(err.kind(), "status_429");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn service_unavailable_then_ok_is_fetched() {
    let hits = Arc::new(AtomicUsize::new(0));
    let first = || StatusCode::SERVICE_UNAVAILABLE.into_response();
    let addr = serve(flaky(2, first, hits.clone())).await;
    let f = fetched(
        fetcher(retrying(3))
            .fetch_outcome(&format!("http://{addr}/page"))
            .await,
    );
    assert_eq!(f.exchange.attempts, 3);
    assert_eq!(f.page.status, Some(200));
}

#[tokio::test]
async fn server_errors_give_up_after_the_retries() {
    let hits = Arc::new(AtomicUsize::new(0));
    let first = || StatusCode::BAD_GATEWAY.into_response();
    let addr = serve(flaky(100, first, hits.clone())).await;
    let err = failed(
        fetcher(retrying(2))
            .fetch_outcome(&format!("http://{addr}/page"))
            .await,
    );
    assert!(
        matches!(err, FetchError::Status { status: 502, .. }),
        "{err:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    let hits = Arc::new(AtomicUsize::new(0));
    let first = || StatusCode::NOT_FOUND.into_response();
    let addr = serve(flaky(100, first, hits.clone())).await;
    let url = format!("http://{addr}/page");
    let err = failed(fetcher(retrying(3)).fetch_outcome(&url).await);
    assert!(
        matches!(&err, FetchError::Status { status: 404, url: u } if *u == url),
        "{err:?}"
    );
    assert_eq!(err.to_string(), format!("{url}: HTTP status 404"));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn connection_reset_then_ok_is_retried() {
    let addr = serve_raw(|mut sock, n| async move {
        use tokio::io::AsyncWriteExt as _;
        if n == 0 {
            write_head(&mut sock, "Content-Length: 1000\r\n").await?;
            sock.write_all(&[b'x'; 100]).await?;
            reset(sock);
            return Ok(());
        }
        write_head(&mut sock, "Content-Length: 11\r\nConnection: close\r\n").await?;
        sock.write_all(b"<p>fine</p>").await
    })
    .await;
    let f = fetched(
        fetcher(retrying(1))
            .fetch_outcome(&format!("http://{addr}/"))
            .await,
    );
    assert_eq!(text(&f), "<p>fine</p>");
    assert_eq!(f.exchange.attempts, 2);
}

/// Close with a TCP reset (linger 0) instead of a clean FIN.
pub fn reset(sock: tokio::net::TcpStream) {
    #[allow(deprecated)]
    let _ = sock.set_linger(Some(Duration::ZERO));
    drop(sock);
}
