//! Test servers on 127.0.0.1 (random ports) and fetcher settings for tests.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use thresh_fetch::{FetchError, Fetched, Fetcher, Options, Outcome};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

pub const MB: u64 = 1024 * 1024;

/// Options for tests: short timeouts, no politeness delay, no robots, no
/// retries; each test turns on what it checks.
pub fn options() -> Options {
    Options {
        user_agent: Some("thresh-test/1 (+http://127.0.0.1/contact)".into()),
        respect_robots: Some(false),
        delay_secs: Some(0.0),
        per_host: Some(8),
        retries: Some(0),
        retry_base_secs: Some(0.02),
        retry_max_secs: Some(0.2),
        connect_timeout_secs: Some(5.0),
        first_byte_timeout_secs: Some(5.0),
        idle_timeout_secs: Some(5.0),
        total_timeout_secs: Some(10.0),
        max_body_bytes: Some(MB),
        max_decoded_bytes: Some(MB),
        ..Options::default()
    }
}

pub fn fetcher(options: Options) -> Fetcher {
    Fetcher::new(options.resolve().unwrap()).unwrap()
}

/// Serve `app` on 127.0.0.1 on a free port, for the rest of the test.
pub async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// Serve raw TCP: for each connection, read the request head, then hand the
/// socket and the connection's number (0, 1, ...) to `handler`.
pub async fn serve_raw<F, Fut>(handler: F) -> SocketAddr
where
    F: Fn(TcpStream, usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = std::io::Result<()>> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let handler = Arc::new(handler);
    let count = Arc::new(AtomicUsize::new(0));
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let handler = handler.clone();
            let n = count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                if read_head(&mut sock).await.is_ok() {
                    let _ = handler(sock, n).await;
                }
            });
        }
    });
    addr
}

async fn read_head(sock: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = sock.read(&mut buf).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        head.extend_from_slice(&buf[..n]);
    }
    Ok(head)
}

/// Write a response head with these extra header lines.
pub async fn write_head(sock: &mut TcpStream, extra: &str) -> std::io::Result<()> {
    sock.write_all(format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{extra}\r\n").as_bytes())
        .await
}

pub fn fetched(outcome: Outcome) -> Box<Fetched> {
    match outcome {
        Outcome::Fetched(f) => f,
        other => panic!("expected Fetched, got {other:?}"),
    }
}

pub fn failed(outcome: Outcome) -> FetchError {
    match outcome {
        Outcome::Failed { error, .. } => error,
        other => panic!("expected Failed, got {other:?}"),
    }
}

pub fn text(f: &Fetched) -> String {
    String::from_utf8(f.page.body.clone()).unwrap()
}

/// Fetch all `urls` at once (each in its own task).
pub async fn fetch_all(fetcher: &Fetcher, urls: Vec<String>) -> Vec<Outcome> {
    let handles: Vec<_> = urls
        .into_iter()
        .map(|u| {
            let f = fetcher.clone();
            tokio::spawn(async move { f.fetch_outcome(&u).await })
        })
        .collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

/// Gaps between consecutive instants, sorted first.
pub fn gaps(mut at: Vec<tokio::time::Instant>) -> Vec<Duration> {
    at.sort();
    at.windows(2).map(|w| w[1] - w[0]).collect()
}
