//! Timeouts (first byte, idle, total), resets and refused connections.

use std::time::Duration;

use thresh_fetch::{FetchError, Options, TimeoutPhase};
use tokio::io::AsyncWriteExt as _;
use tokio::time::Instant;

use crate::retries::reset;
use crate::support::*;

fn short() -> Options {
    Options {
        first_byte_timeout_secs: Some(0.3),
        idle_timeout_secs: Some(0.3),
        total_timeout_secs: Some(5.0),
        ..options()
    }
}

fn timeout_phase(err: &FetchError) -> TimeoutPhase {
    match err {
        FetchError::Timeout { phase, .. } => *phase,
        other => panic!("expected Timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn slow_first_byte_times_out() {
    let addr = serve_raw(|mut sock, _| async move {
        tokio::time::sleep(Duration::from_secs(3)).await;
        write_head(&mut sock, "Content-Length: 2\r\n").await?;
        sock.write_all(b"ok").await
    })
    .await;
    let start = Instant::now();
    let err = failed(
        fetcher(short())
            .fetch_outcome(&format!("http://{addr}/"))
            .await,
    );
    assert_eq!(timeout_phase(&err), TimeoutPhase::FirstByte);
    assert_eq!(err.kind(), "timeout_first_byte");
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn stalled_body_times_out() {
    let addr = serve_raw(|mut sock, _| async move {
        write_head(&mut sock, "Content-Length: 1000\r\n").await?;
        sock.write_all(&[b'x'; 10]).await?;
        tokio::time::sleep(Duration::from_secs(3)).await;
        Ok(())
    })
    .await;
    let err = failed(
        fetcher(short())
            .fetch_outcome(&format!("http://{addr}/"))
            .await,
    );
    assert_eq!(timeout_phase(&err), TimeoutPhase::Idle);
}

#[tokio::test]
async fn dribbling_body_hits_the_total_timeout() {
    let addr = serve_raw(|mut sock, _| async move {
        write_head(&mut sock, "Content-Length: 100000\r\n").await?;
        for _ in 0..100 {
            sock.write_all(b"x").await?;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    })
    .await;
    let f = fetcher(Options {
        idle_timeout_secs: Some(1.0),
        total_timeout_secs: Some(0.6),
        ..options()
    });
    let err = failed(f.fetch_outcome(&format!("http://{addr}/")).await);
    assert_eq!(timeout_phase(&err), TimeoutPhase::Total);
}

#[tokio::test]
async fn connection_reset_mid_body_is_interrupted() {
    let addr = serve_raw(|mut sock, _| async move {
        write_head(&mut sock, "Content-Length: 5000\r\n").await?;
        sock.write_all(&[b'x'; 1000]).await?;
        sock.flush().await?;
        tokio::time::sleep(Duration::from_millis(50)).await;
        reset(sock);
        Ok(())
    })
    .await;
    let err = failed(
        fetcher(options())
            .fetch_outcome(&format!("http://{addr}/"))
            .await,
    );
    match &err {
        FetchError::Interrupted { received, .. } => assert!(*received <= 1000, "{err}"),
        other => panic!("expected Interrupted, got {other:?}"),
    }
    assert_eq!(err.kind(), "interrupted");
}

#[tokio::test]
async fn closed_port_is_a_connect_error_naming_the_url() {
    // Bind, note the port, close: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    let err = failed(fetcher(options()).fetch_outcome(&url).await);
    assert!(matches!(err, FetchError::Connect { .. }), "{err:?}");
    assert!(err.to_string().starts_with(&url), "{err}");
}
