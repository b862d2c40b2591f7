//! Redirect chains, loops, long chains and bad targets.

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::Redirect;
use axum::routing::get;
use thresh_fetch::{FetchError, Options};

use crate::support::*;

fn site() -> Router {
    Router::new()
        .route("/r1", get(|| async { Redirect::permanent("/r2") }))
        .route("/r2", get(|| async { Redirect::to("/r3") }))
        .route("/r3", get(|| async { Redirect::temporary("/page#frag") }))
        .route("/page", get(|| async { "<p>end</p>" }))
        .route("/loop-a", get(|| async { Redirect::temporary("/loop-b") }))
        .route("/loop-b", get(|| async { Redirect::temporary("/loop-a") }))
        .route("/self", get(|| async { Redirect::temporary("/self") }))
        .route(
            "/ftp",
            get(|| async { Redirect::temporary("ftp://127.0.0.1/x") }),
        )
        .route("/bare", get(|| async { StatusCode::FOUND }))
        .route(
            "/old",
            get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/page")]) }),
        )
}

#[tokio::test]
async fn redirect_chain_is_followed_to_the_final_url() {
    let addr = serve(site()).await;
    let url = format!("http://{addr}/r1");
    let f = fetched(fetcher(options()).fetch_outcome(&url).await);
    assert_eq!(f.page.source, url);
    assert_eq!(f.page.final_url, Some(format!("http://{addr}/page")));
    assert_eq!(f.page.url(), Some(format!("http://{addr}/page").as_str()));
    assert_eq!(f.exchange.redirects.len(), 3);
    assert_eq!(text(&f), "<p>end</p>");
}

#[tokio::test]
async fn redirect_loop_is_detected_at_once() {
    let addr = serve(site()).await;
    let f = fetcher(options());
    let url = format!("http://{addr}/loop-a");
    let err = failed(f.fetch_outcome(&url).await);
    match &err {
        FetchError::RedirectLoop { url: u, location } => {
            assert_eq!(*u, url);
            assert_eq!(*location, url);
        }
        other => panic!("expected RedirectLoop, got {other:?}"),
    }
    assert_eq!(err.kind(), "redirect_loop");
    let err = failed(f.fetch_outcome(&format!("http://{addr}/self")).await);
    assert!(matches!(err, FetchError::RedirectLoop { .. }), "{err:?}");
}

#[tokio::test]
async fn too_many_redirects_is_an_error() {
    let addr = serve(site()).await;
    let f = fetcher(Options {
        max_redirects: Some(2),
        ..options()
    });
    let err = failed(f.fetch_outcome(&format!("http://{addr}/r1")).await);
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 2, .. }),
        "{err:?}"
    );
    // Within the limit is fine.
    fetched(f.fetch_outcome(&format!("http://{addr}/old")).await);
}

#[tokio::test]
async fn redirect_to_another_scheme_or_nowhere_is_refused() {
    let addr = serve(site()).await;
    let f = fetcher(options());
    let err = failed(f.fetch_outcome(&format!("http://{addr}/ftp")).await);
    assert!(
        matches!(&err, FetchError::BadRedirect { reason, .. } if reason.contains("ftp://")),
        "{err:?}"
    );
    let err = failed(f.fetch_outcome(&format!("http://{addr}/bare")).await);
    assert!(matches!(err, FetchError::BadRedirect { .. }), "{err:?}");
}

#[tokio::test]
async fn non_http_urls_are_refused_without_a_request() {
    let f = fetcher(options());
    for url in [
        "ftp://127.0.0.1/file.html",
        "file:///etc/hosts",
        "not a url",
        "http://",
    ] {
        let err = failed(f.fetch_outcome(url).await);
        assert!(
            matches!(&err, FetchError::InvalidUrl { url: u, .. } if u == url),
            "{url}: {err:?}"
        );
    }
}

#[tokio::test]
async fn fetcher_is_a_tower_service_of_urls_to_outcomes() {
    use tower::ServiceExt as _;
    let addr = serve(site()).await;
    let outcome = fetcher(options())
        .oneshot(format!("http://{addr}/page"))
        .await
        .unwrap();
    let f = fetched(outcome);
    assert_eq!(text(&f), "<p>end</p>");
    let ua = f
        .exchange
        .request_headers
        .iter()
        .find(|(n, _)| n == "user-agent")
        .map(|(_, v)| v.as_str());
    assert_eq!(ua, Some("thresh-test/1 (+http://127.0.0.1/contact)"));
}
