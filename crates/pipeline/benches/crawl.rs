//! Crawl benchmark: a loopback site of N articles (default 20,000) crawled
//! by one `thresh_pipeline::run` with politeness off, reporting pages/s and
//! resident memory sampled through the run (it should stay flat, not grow
//! with the page count).
//!
//!     cargo bench -p thresh-pipeline --bench crawl            # 20,000 pages
//!     cargo bench -p thresh-pipeline --bench crawl -- 5000    # another size

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use support::{SiteConfig, TestSite};
use thresh_pipeline::{Pipeline, RunOptions, run};

fn rss_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let site = Arc::new(
            TestSite::start(SiteConfig {
                teaser_blocks: true,
                ..SiteConfig::with_articles(n)
            })
            .await,
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bench.toml");
        std::fs::write(
            &file,
            format!(
                "[source]\nsitemaps = [\"{}\"]\nmax_pages = {n}\n[fetch]\ndelay_secs = 0.0\nper_host = 16\nconcurrency = 16\nretries = 0\nrespect_robots = false\n[emit]\nformat = \"jsonl\"\npath = \"{{id}}.{{ext}}\"\n",
                site.sitemap_index_url()
            ),
        )
        .unwrap();
        let pipeline = Pipeline::load(&file).unwrap();

        let done = Arc::new(AtomicBool::new(false));
        let sampler = {
            let done = done.clone();
            let site = site.clone();
            std::thread::spawn(move || {
                let mut samples = Vec::new();
                let start = Instant::now();
                while !done.load(Ordering::Relaxed) {
                    // The test site lives in this process: keep its request
                    // log from counting as the crawler's memory.
                    site.reset_log();
                    samples.push((start.elapsed(), rss_kib("VmRSS:")));
                    std::thread::sleep(Duration::from_millis(100));
                }
                samples
            })
        };
        let rss_before = rss_kib("VmRSS:");
        let start = Instant::now();
        let report = run(&pipeline, RunOptions::default()).await.unwrap();
        let secs = start.elapsed().as_secs_f64();
        done.store(true, Ordering::Relaxed);
        let samples = sampler.join().unwrap();

        println!("{}", report.summary());
        println!(
            "crawl: {n} pages in {secs:.1} s = {:.0} pages/s (fetch + clean + write, loopback, politeness off)",
            report.fetched as f64 / secs
        );
        println!("rss before run: {} MiB", rss_before / 1024);
        let quarter = samples.len().div_ceil(4).max(1);
        for (i, chunk) in samples.chunks(quarter).enumerate() {
            let max = chunk.iter().map(|s| s.1).max().unwrap_or(0);
            println!("rss max in quarter {} of the run: {} MiB", i + 1, max / 1024);
        }
        println!("peak rss (VmHWM): {} MiB", rss_kib("VmHWM:") / 1024);
    });
}
