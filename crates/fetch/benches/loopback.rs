//! Fetch throughput over loopback, politeness off, one process; and memory
//! over a long run.
//!
//! ```sh
//! cargo bench -p thresh-fetch --bench loopback            # 50 000 pages
//! THRESH_BENCH_PAGES=5000 cargo bench -p thresh-fetch --bench loopback
//! ```
//!
//! A site on 127.0.0.1 (same process) serves ~10 kB HTML pages, a quarter
//! of them gzip-encoded; the fetcher gets them with no delay, 64 requests
//! in flight, robots.txt off, and drops each page once counted (as a
//! streaming pipeline would). Prints pages/s and the resident set at
//! points of the run and its peak (`VmHWM`): flat memory means the peak
//! does not grow with the number of pages.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::Write as _;
use std::time::Instant;

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use futures_util::StreamExt as _;
use thresh_fetch::{Fetcher, Options, Outcome};

const IN_FLIGHT: usize = 64;

fn page(n: usize) -> String {
    let para = "<p>The quick brown fox jumps over the lazy dog, again and again, \
                while the reporters take notes for the evening edition.</p>\n";
    format!(
        "<html><head><title>Page {n}</title></head><body><article><h1>Page {n}</h1>{}</article></body></html>",
        para.repeat(80)
    )
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

async fn serve() -> std::net::SocketAddr {
    let plain = page(0);
    let zipped = gzip(plain.as_bytes());
    let app = Router::new().route(
        "/p/{n}",
        get(move |Path(n): Path<usize>| {
            let (plain, zipped) = (plain.clone(), zipped.clone());
            async move {
                if n % 4 == 0 {
                    (
                        [
                            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                            (header::CONTENT_ENCODING, "gzip"),
                        ],
                        zipped,
                    )
                        .into_response()
                } else {
                    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], plain).into_response()
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// A field of /proc/self/status in KiB (`VmRSS`, `VmHWM`), Linux only.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn main() {
    // `cargo bench` passes `--bench`; a page count may follow or come from
    // the environment.
    let pages: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .or_else(|| std::env::var("THRESH_BENCH_PAGES").ok()?.parse().ok())
        .unwrap_or(50_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let addr = serve().await;
        let settings = Options {
            respect_robots: Some(false),
            delay_secs: Some(0.0),
            per_host: Some(IN_FLIGHT),
            concurrency: Some(IN_FLIGHT),
            retries: Some(0),
            ..Options::default()
        }
        .resolve()
        .unwrap();
        let fetcher = Fetcher::new(settings).unwrap();
        let start = Instant::now();
        let mut fetched = 0usize;
        let mut bytes = 0usize;
        let mut failed = 0usize;
        let mut done = 0usize;
        let mut stream = futures_util::stream::iter((0..pages).map(|n| {
            let f = fetcher.clone();
            let url = format!("http://{addr}/p/{n}");
            tokio::spawn(async move { f.fetch_outcome(&url).await })
        }))
        .buffer_unordered(IN_FLIGHT * 2);
        let checkpoints = [pages / 10, pages / 2];
        while let Some(outcome) = stream.next().await {
            done += 1;
            match outcome.unwrap() {
                Outcome::Fetched(f) => {
                    fetched += 1;
                    bytes += f.page.body.len();
                }
                other => {
                    failed += 1;
                    if failed <= 3 {
                        eprintln!("unexpected: {other:?}");
                    }
                }
            }
            if checkpoints.contains(&done) {
                println!("after {done:>6} pages: RSS {}", mib(status_kib("VmRSS:")));
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!("after {done:>6} pages: RSS {}", mib(status_kib("VmRSS:")));
        println!(
            "pages {pages}, fetched {fetched}, failed {failed}, {:.1} MB of text, {secs:.2} s, {:.0} pages/s, peak RSS (VmHWM) {}",
            bytes as f64 / 1e6,
            fetched as f64 / secs,
            mib(status_kib("VmHWM:"))
        );
    });
}
