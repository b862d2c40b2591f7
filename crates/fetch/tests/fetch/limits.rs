//! Size limits, decompression, and the content-type policy.

use std::io::Write as _;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use thresh_fetch::{FetchError, Outcome};
use tokio::io::AsyncWriteExt as _;

use crate::support::*;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn site() -> Router {
    let mb = MB as usize;
    Router::new()
        .route(
            "/big",
            get(move || async move { ([(header::CONTENT_TYPE, "text/html")], vec![b'x'; 2 * mb]) }),
        )
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
            "/bomb",
            get(move || async move {
                (
                    [
                        (header::CONTENT_ENCODING, "gzip"),
                        (header::CONTENT_TYPE, "text/html"),
                    ],
                    gzip(&vec![b' '; 16 * mb]),
                )
            }),
        )
        .route(
            "/report.pdf",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/pdf")],
                    vec![b'%'; 1000],
                )
            }),
        )
        .route(
            "/logo.png",
            get(|| async { ([(header::CONTENT_TYPE, "image/png")], vec![0u8; 1000]) }),
        )
        .route(
            "/notes.txt",
            get(|| async { ([(header::CONTENT_TYPE, "text/plain")], "plain notes") }),
        )
        .route(
            "/xhtml",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/xhtml+xml; charset=utf-8")],
                    "<html xmlns=\"http://www.w3.org/1999/xhtml\"><p>x</p></html>",
                )
            }),
        )
}

#[tokio::test]
async fn oversize_body_with_content_length_is_too_large() {
    let addr = serve(site()).await;
    let url = format!("http://{addr}/big");
    let err = failed(fetcher(options()).fetch_outcome(&url).await);
    assert!(
        matches!(&err, FetchError::TooLarge { input, limit } if *input == url && *limit == MB),
        "{err:?}"
    );
    assert_eq!(err.kind(), "too_large");
}

#[tokio::test]
async fn oversize_chunked_body_is_aborted() {
    let addr = serve_raw(|mut sock, _| async move {
        sock.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n",
        )
        .await?;
        let chunk = vec![b'x'; 64 * 1024];
        // Far more than the limit; stops with an error once the client hangs up.
        for _ in 0..1000 {
            sock.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            sock.write_all(&chunk).await?;
            sock.write_all(b"\r\n").await?;
        }
        sock.write_all(b"0\r\n\r\n").await
    })
    .await;
    let err = failed(
        fetcher(options())
            .fetch_outcome(&format!("http://{addr}/"))
            .await,
    );
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
}

#[tokio::test]
async fn gzip_body_is_decoded_and_kept_encoded_for_warc() {
    let addr = serve(site()).await;
    let f = fetched(
        fetcher(options())
            .fetch_outcome(&format!("http://{addr}/gzip"))
            .await,
    );
    assert_eq!(text(&f), "<p>squeezed</p>");
    assert_eq!(&f.exchange.wire_body[..], &gzip(b"<p>squeezed</p>")[..]);
    assert!(
        f.exchange
            .request_headers
            .iter()
            .any(|(n, v)| n == "accept-encoding" && v.contains("br") && v.contains("zstd")),
        "{:?}",
        f.exchange.request_headers
    );
}

#[tokio::test]
async fn gzip_bomb_is_stopped_at_the_decoded_limit() {
    let addr = serve(site()).await;
    let err = failed(
        fetcher(options())
            .fetch_outcome(&format!("http://{addr}/bomb"))
            .await,
    );
    assert!(
        matches!(&err, FetchError::DecompressedTooLarge { encoding, limit, .. } if encoding == "gzip" && *limit == MB),
        "{err:?}"
    );
    assert_eq!(err.kind(), "decompressed_too_large");
}

#[tokio::test]
async fn non_html_types_are_skipped_with_their_type() {
    let addr = serve(site()).await;
    let f = fetcher(options());
    for (path, ty) in [
        ("/report.pdf", "application/pdf"),
        ("/logo.png", "image/png"),
    ] {
        match f.fetch_outcome(&format!("http://{addr}{path}")).await {
            Outcome::Skipped {
                content_type,
                status,
                ..
            } => {
                assert_eq!(content_type, ty);
                assert_eq!(status, 200);
            }
            other => panic!("{path}: expected Skipped, got {other:?}"),
        }
    }
    let record = f
        .fetch_outcome(&format!("http://{addr}/report.pdf"))
        .await
        .record();
    assert_eq!(record.outcome, "skipped");
    assert_eq!(record.content_type.as_deref(), Some("application/pdf"));
    let err = f
        .fetch(&format!("http://{addr}/logo.png"))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Skipped { .. }), "{err:?}");
}

#[tokio::test]
async fn text_plain_and_xhtml_go_on() {
    let addr = serve(site()).await;
    let f = fetcher(options());
    let t = fetched(f.fetch_outcome(&format!("http://{addr}/notes.txt")).await);
    assert_eq!(text(&t), "plain notes");
    assert_eq!(
        t.page.content_type.as_deref(),
        Some("text/plain; charset=utf-8")
    );
    let x = fetched(f.fetch_outcome(&format!("http://{addr}/xhtml")).await);
    assert_eq!(
        x.page.content_type.as_deref(),
        Some("application/xhtml+xml; charset=utf-8")
    );
}
