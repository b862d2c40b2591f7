//! Per-host delay, Crawl-delay, per-host and global concurrency.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use thresh_fetch::Options;
use tokio::time::Instant;

use crate::support::*;

/// A site recording when each page request arrived; robots.txt as given.
fn timed_site(robots: &'static str, arrivals: Arc<Mutex<Vec<Instant>>>) -> Router {
    Router::new()
        .route("/robots.txt", get(move || async move { robots }))
        .fallback(move || {
            arrivals.lock().unwrap().push(Instant::now());
            async { "<p>page</p>" }
        })
}

fn urls(addr: std::net::SocketAddr, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("http://{addr}/p{i}")).collect()
}

#[tokio::test]
async fn delay_spaces_requests_to_one_host() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let addr = serve(timed_site("", arrivals.clone())).await;
    let f = fetcher(Options {
        delay_secs: Some(0.2),
        per_host: Some(1),
        ..options()
    });
    for o in fetch_all(&f, urls(addr, 4)).await {
        fetched(o);
    }
    let gaps = gaps(arrivals.lock().unwrap().clone());
    assert_eq!(gaps.len(), 3);
    for gap in gaps {
        assert!(gap >= Duration::from_millis(190), "{gap:?}");
    }
}

#[tokio::test]
async fn crawl_delay_is_honoured() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let robots = "User-agent: *\nCrawl-delay: 0.3\n";
    let addr = serve(timed_site(robots, arrivals.clone())).await;
    let f = fetcher(Options {
        respect_robots: Some(true),
        delay_secs: Some(0.0),
        per_host: Some(4),
        ..options()
    });
    for o in fetch_all(&f, urls(addr, 3)).await {
        fetched(o);
    }
    let gaps = gaps(arrivals.lock().unwrap().clone());
    assert_eq!(gaps.len(), 2);
    for gap in gaps {
        assert!(gap >= Duration::from_millis(290), "{gap:?}");
    }
}

#[tokio::test]
async fn crawl_delay_is_capped() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let robots = "User-agent: *\nCrawl-delay: 3600\n";
    let addr = serve(timed_site(robots, arrivals.clone())).await;
    let f = fetcher(Options {
        respect_robots: Some(true),
        max_crawl_delay_secs: Some(0.1),
        ..options()
    });
    let start = Instant::now();
    for o in fetch_all(&f, urls(addr, 3)).await {
        fetched(o);
    }
    assert!(start.elapsed() < Duration::from_secs(5));
    for gap in gaps(arrivals.lock().unwrap().clone()) {
        assert!(gap >= Duration::from_millis(90), "{gap:?}");
    }
}

/// A site whose pages take 150 ms, recording the most requests in flight.
fn slow_site(now: Arc<AtomicUsize>, max: Arc<AtomicUsize>) -> Router {
    Router::new().fallback(move || {
        let (now, max) = (now.clone(), max.clone());
        async move {
            let n = now.fetch_add(1, Ordering::SeqCst) + 1;
            max.fetch_max(n, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(150)).await;
            now.fetch_sub(1, Ordering::SeqCst);
            "<p>slow</p>"
        }
    })
}

async fn max_in_flight(per_host: usize, concurrency: usize, n: usize) -> usize {
    let (now, max) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let addr = serve(slow_site(now, max.clone())).await;
    let f = fetcher(Options {
        per_host: Some(per_host),
        concurrency: Some(concurrency),
        ..options()
    });
    for o in fetch_all(&f, urls(addr, n)).await {
        fetched(o);
    }
    max.load(Ordering::SeqCst)
}

#[tokio::test]
async fn per_host_concurrency_is_limited() {
    assert_eq!(max_in_flight(1, 32, 4).await, 1);
    assert_eq!(max_in_flight(3, 32, 6).await, 3);
}

#[tokio::test]
async fn global_concurrency_is_limited() {
    assert_eq!(max_in_flight(8, 2, 6).await, 2);
}
