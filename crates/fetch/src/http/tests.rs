//! Tests of [`Fetcher`] against servers on 127.0.0.1, started in each test.
//! Nothing else is contacted.

use std::io::Write as _;
use std::net::SocketAddr;

use axum::Router;
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

use super::*;

const MB: usize = 1024 * 1024;

/// A fetcher with a 1 MB body limit and short timeouts.
fn fetcher() -> Fetcher {
    Fetcher::new(FetcherOptions {
        user_agent: "thresh-test/1".into(),
        connect_timeout: Duration::from_secs(5),
        timeout: Duration::from_secs(10),
        max_bytes: MB as u64,
        max_redirects: 5,
    })
    .unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

async fn page(headers: HeaderMap) -> impl IntoResponse {
    let get = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let body = format!(
        "<html><body><p>ua={}</p><p>accept={}</p></body></html>",
        get(header::USER_AGENT),
        get(header::ACCEPT)
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=windows-1251"),
            (HeaderName::from_static("x-thresh-test"), "yes"),
        ],
        body,
    )
}

/// The test site: one route per behaviour.
fn site() -> Router {
    Router::new()
        .route("/page", get(page))
        .route(
            "/old",
            get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/page")]) }),
        )
        .route("/loop", get(|| async { Redirect::temporary("/loop") }))
        .route("/big", get(|| async { vec![b'x'; 2 * MB] }))
        .route(
            "/gzip",
            get(|| async {
                (
                    [
                        (header::CONTENT_ENCODING, "gzip"),
                        (header::CONTENT_TYPE, "text/html"),
                    ],
                    gzip(b"<p>squeezed</p>"),
                )
            }),
        )
        .route(
            "/gzip-bomb",
            get(|| async {
                (
                    [(header::CONTENT_ENCODING, "gzip")],
                    gzip(&vec![0u8; 4 * MB]),
                )
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "too late"
            }),
        )
}

/// Serve `app` on 127.0.0.1 on a free port, for the rest of the test.
async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// A bare server answering one request with `total` bytes in chunked
/// encoding: no `Content-Length` at all.
async fn serve_chunked(total: usize) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await?;
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = sock.read(&mut buf).await?;
            if n == 0 {
                return Ok(());
            }
            head.extend_from_slice(&buf[..n]);
        }
        sock.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n",
        )
        .await?;
        let chunk = vec![b'x'; 64 * 1024];
        let mut sent = 0;
        while sent < total {
            // Stops with an error once the client hangs up.
            sock.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            sock.write_all(&chunk).await?;
            sock.write_all(b"\r\n").await?;
            sent += chunk.len();
        }
        sock.write_all(b"0\r\n\r\n").await?;
        Ok::<(), std::io::Error>(())
    });
    addr
}

#[tokio::test]
async fn html_page_is_fetched_with_headers_and_charset() {
    let addr = serve(site()).await;
    let url = format!("http://{addr}/page");
    let page = fetcher().fetch(&url).await.unwrap();
    assert_eq!(page.source, url);
    assert_eq!(page.final_url.as_deref(), Some(url.as_str()));
    assert_eq!(page.status, Some(200));
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=windows-1251")
    );
    assert_eq!(page.declared_charset(), Some("windows-1251"));
    assert!(
        page.headers
            .contains(&("x-thresh-test".to_string(), "yes".to_string())),
        "{:?}",
        page.headers
    );
    assert!(
        page.headers
            .iter()
            .all(|(n, _)| *n == n.to_ascii_lowercase())
    );
    let body = String::from_utf8(page.body).unwrap();
    assert!(body.contains("ua=thresh-test/1"), "{body}");
    assert!(body.contains(&format!("accept={ACCEPT_PAGES}")), "{body}");
    assert!(page.fetched_at.is_some());
}

#[tokio::test]
async fn not_found_is_a_status_error_naming_the_url() {
    let addr = serve(site()).await;
    let url = format!("http://{addr}/missing");
    let err = fetcher().fetch(&url).await.unwrap_err();
    assert!(
        matches!(&err, FetchError::Status { url: u, status: 404 } if *u == url),
        "{err:?}"
    );
    assert_eq!(err.to_string(), format!("{url}: HTTP status 404"));
}

#[tokio::test]
async fn redirect_is_followed_and_the_final_url_recorded() {
    let addr = serve(site()).await;
    let url = format!("http://{addr}/old");
    let page = fetcher().fetch(&url).await.unwrap();
    assert_eq!(page.source, url);
    assert_eq!(page.final_url, Some(format!("http://{addr}/page")));
    assert_eq!(page.status, Some(200));
    assert_eq!(page.url(), Some(format!("http://{addr}/page").as_str()));
}

#[tokio::test]
async fn redirect_loop_is_an_http_error_about_redirects() {
    let addr = serve(site()).await;
    let url = format!("http://{addr}/loop");
    let err = fetcher().fetch(&url).await.unwrap_err();
    match &err {
        FetchError::Http { url: u, message } => {
            assert_eq!(*u, url);
            assert_eq!(message, "too many redirects");
        }
        other => panic!("expected Http, got {other:?}"),
    }
}

#[tokio::test]
async fn body_over_the_limit_with_content_length_is_too_large() {
    let addr = serve(site()).await;
    let url = format!("http://{addr}/big");
    let err = fetcher().fetch(&url).await.unwrap_err();
    assert!(
        matches!(&err, FetchError::TooLarge { input, limit } if *input == url && *limit == MB as u64),
        "{err:?}"
    );
}

#[tokio::test]
async fn chunked_body_over_the_limit_is_too_large() {
    let addr = serve_chunked(4 * MB).await;
    let url = format!("http://{addr}/stream");
    let err = fetcher().fetch(&url).await.unwrap_err();
    assert!(
        matches!(&err, FetchError::TooLarge { input, .. } if *input == url),
        "{err:?}"
    );
}

#[tokio::test]
async fn chunked_body_under_the_limit_is_read_whole() {
    let addr = serve_chunked(128 * 1024).await;
    let page = fetcher()
        .fetch(&format!("http://{addr}/stream"))
        .await
        .unwrap();
    assert_eq!(page.body.len(), 128 * 1024);
}

#[tokio::test]
async fn gzip_encoded_response_is_decoded() {
    let addr = serve(site()).await;
    let page = fetcher()
        .fetch(&format!("http://{addr}/gzip"))
        .await
        .unwrap();
    assert_eq!(page.body, b"<p>squeezed</p>");
    assert_eq!(page.content_type.as_deref(), Some("text/html"));
}

#[tokio::test]
async fn gzip_bomb_response_is_too_large() {
    let addr = serve(site()).await;
    let err = fetcher()
        .fetch(&format!("http://{addr}/gzip-bomb"))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
}

#[tokio::test]
async fn slow_server_times_out() {
    let addr = serve(site()).await;
    let fetcher = Fetcher::new(FetcherOptions {
        timeout: Duration::from_millis(300),
        ..FetcherOptions::default()
    })
    .unwrap();
    let url = format!("http://{addr}/slow");
    let err = fetcher.fetch(&url).await.unwrap_err();
    match &err {
        FetchError::Http { url: u, message } => {
            assert_eq!(*u, url);
            assert_eq!(message, "timed out");
        }
        other => panic!("expected Http, got {other:?}"),
    }
}

#[tokio::test]
async fn closed_port_is_an_http_error_naming_the_url() {
    // Bind, note the port, close: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    let err = fetcher().fetch(&url).await.unwrap_err();
    match &err {
        FetchError::Http { url: u, message } => {
            assert_eq!(*u, url);
            assert!(message.contains("could not connect"), "{message}");
        }
        other => panic!("expected Http, got {other:?}"),
    }
    assert!(err.to_string().starts_with(&url), "{err}");
}

#[tokio::test]
async fn non_http_urls_are_refused_without_a_request() {
    for url in [
        "ftp://127.0.0.1/file.html",
        "file:///etc/hosts",
        "not a url",
    ] {
        let err = fetcher().fetch(url).await.unwrap_err();
        assert!(
            matches!(&err, FetchError::InvalidUrl { url: u, .. } if u == url),
            "{url}: {err:?}"
        );
        assert!(err.to_string().starts_with(url), "{err}");
    }
}

#[test]
fn bad_user_agent_is_a_client_error() {
    let err = Fetcher::new(FetcherOptions {
        user_agent: "bad\nagent".into(),
        ..FetcherOptions::default()
    })
    .unwrap_err();
    assert!(matches!(err, FetchError::Client { .. }), "{err:?}");
}
