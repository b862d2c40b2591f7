//! robots.txt: allow, disallow, our agent's group, failures, sitemaps.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use thresh_fetch::{Options, Outcome};

use crate::support::*;

fn counting_site(
    robots: (StatusCode, String),
    hits: Arc<AtomicUsize>,
    pages: Arc<AtomicUsize>,
) -> Router {
    Router::new()
        .route(
            "/robots.txt",
            get(move || {
                hits.fetch_add(1, Ordering::SeqCst);
                let robots = robots.clone();
                async move { robots }
            }),
        )
        .fallback(move || {
            pages.fetch_add(1, Ordering::SeqCst);
            async { "<p>page</p>" }
        })
}

fn polite(ua: &str) -> Options {
    Options {
        respect_robots: Some(true),
        user_agent: Some(ua.into()),
        ..options()
    }
}

#[tokio::test]
async fn robots_disallow_and_allow_for_our_agent_group() {
    let robots = "User-agent: *\nDisallow: /\n\nUser-agent: thresh-test\nDisallow: /private\nAllow: /\n\nSitemap: http://127.0.0.1/sitemap.xml\n";
    let (hits, pages) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let addr = serve(counting_site(
        (StatusCode::OK, robots.into()),
        hits.clone(),
        pages.clone(),
    ))
    .await;
    let f = fetcher(polite("thresh-test/1 (+http://127.0.0.1/contact)"));

    let ok = f.fetch_outcome(&format!("http://{addr}/public/a")).await;
    assert_eq!(text(&fetched(ok)), "<p>page</p>");
    let denied = f.fetch_outcome(&format!("http://{addr}/private/b")).await;
    assert!(
        matches!(&denied, Outcome::RobotsDenied { url, reason } if url.ends_with("/private/b") && reason == "disallowed by robots.txt"),
        "{denied:?}"
    );
    assert_eq!(denied.record().outcome, "robots_denied");
    // robots.txt fetched once, the denied page never requested.
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(pages.load(Ordering::SeqCst), 1);
    assert_eq!(
        f.sitemaps(&format!("http://{addr}/")).await.unwrap(),
        vec!["http://127.0.0.1/sitemap.xml".to_string()]
    );

    // Another agent falls under `*`: everything disallowed.
    let other = fetcher(polite("otherbot/2"));
    let denied = other
        .fetch_outcome(&format!("http://{addr}/public/a"))
        .await;
    assert!(matches!(denied, Outcome::RobotsDenied { .. }), "{denied:?}");
}

#[tokio::test]
async fn robots_not_found_allows_everything() {
    let (hits, pages) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let site = counting_site(
        (StatusCode::NOT_FOUND, String::new()),
        hits.clone(),
        pages.clone(),
    );
    let addr = serve(site).await;
    let f = fetcher(polite("thresh-test/1"));
    fetched(f.fetch_outcome(&format!("http://{addr}/x")).await);
    fetched(f.fetch_outcome(&format!("http://{addr}/y")).await);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(pages.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn robots_server_error_disallows_without_requesting_the_page() {
    let (hits, pages) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let site = counting_site(
        (StatusCode::SERVICE_UNAVAILABLE, String::new()),
        hits.clone(),
        pages.clone(),
    );
    let addr = serve(site).await;
    let f = fetcher(polite("thresh-test/1"));
    let out = f.fetch_outcome(&format!("http://{addr}/x")).await;
    assert!(matches!(out, Outcome::RobotsDenied { .. }), "{out:?}");
    let out = f.fetch_outcome(&format!("http://{addr}/y")).await;
    assert!(matches!(out, Outcome::RobotsDenied { .. }), "{out:?}");
    // Cached for the error TTL: asked once, no page requested.
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(pages.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_host_that_refuses_connections_is_a_failure_saying_so() {
    // Nothing listens on the port: robots.txt and the page alike cannot be
    // fetched, and the cause is the connection, not robots.txt.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let f = fetcher(polite("thresh-test/1"));
    let out = f.fetch_outcome(&format!("http://127.0.0.1:{port}/x")).await;
    let Outcome::Failed { error: e, .. } = &out else {
        panic!("{out:?}");
    };
    assert_eq!(
        e.to_string(),
        format!("http://127.0.0.1:{port}/x: could not connect: connection refused")
    );
}
