//! A synthetic news site on 127.0.0.1 for the pipeline's end-to-end tests
//! and benchmarks: the "Test Gazette".
//!
//! ```ignore
//! mod support;
//! use support::{SiteConfig, TestSite};
//!
//! let site = TestSite::start(SiteConfig { articles: 30, ..SiteConfig::default() }).await;
//! // crawl site.base ...
//! site.change_article(3);
//! // crawl again: only article 3 comes back with a 200
//! ```
//!
//! Routes (all generated on request from the article index, so a 20,000
//! article site costs no memory beyond a few bytes of state per article):
//!
//! - `/robots.txt`: `User-agent: *`, the configured `Disallow:` lines, an
//!   optional `Crawl-delay:`, and `Sitemap: {base}/sitemap_index.xml`.
//! - `/sitemap_index.xml`: lists `/sitemaps/news-1.xml` ... (`.xml.gz` when
//!   `gzip_sitemaps`), at least two, at most 5,000 URLs each; each entry's
//!   `<lastmod>` is the newest of its articles. Both `.xml` and `.xml.gz`
//!   are always served; the `.gz` one is gzip bytes as `application/gzip`.
//! - `/feed.xml`: RSS 2.0 with the 20 newest articles (title, link, guid,
//!   pubDate, description).
//! - `/` and `/page/N`: the newest articles first, 10 per page, with
//!   "Newer" / "Older" links; `/section/{world,business,...}`: the 10 newest
//!   of a section. Nav links on every page point at these.
//! - `/news/{i}-{slug}.html`: article `i` (0-based; higher is newer).
//! - anything else: 404. Methods other than GET/HEAD: 405.
//!
//! Articles carry `ETag: "a{i}-v{version}"` and `Last-Modified`; sitemaps,
//! the feed and listing pages carry a content-hash ETag (and sitemaps and
//! the feed a Last-Modified). All of them answer a matching If-None-Match
//! (which wins when present) or If-Modified-Since with 304 and no body.
//!
//! Everything is deterministic except the time of a change: version 0 of
//! article `i` was published at 2023-01-01T00:00:00Z + 30 min × `i` and last
//! modified 10 minutes later; [`TestSite::change_article`] sets the
//! modification time to the wall clock (plus one second, and always later
//! than before), so a crawler comparing `lastmod` with its own fetch time
//! sees the change.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod http;
mod pages;
mod server;
pub mod text;

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::Router;

#[allow(unused_imports)]
pub use pages::{FEED_ITEMS, PER_PAGE, SITEMAP_MAX};

/// What the test site looks like.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Number of articles (indices `0..articles`; higher is newer).
    pub articles: usize,
    /// Every article ends with the same four related-story teasers
    /// (a headline `<p>` and a teaser `<p>` ending in a section label such
    /// as `Business -`), inside `<article>`, with no telltale class names.
    pub teaser_blocks: bool,
    /// The sitemap index lists `.xml.gz` sitemaps instead of `.xml`.
    pub gzip_sitemaps: bool,
    /// Path prefixes for `Disallow:` lines in robots.txt (not enforced by
    /// the server: tests check the request log instead).
    pub robots_disallow: Vec<String>,
    /// `Crawl-delay:` in robots.txt, in seconds.
    pub crawl_delay: Option<f64>,
}

impl Default for SiteConfig {
    /// 30 articles with teasers, plain sitemaps, nothing disallowed, no delay.
    fn default() -> Self {
        SiteConfig {
            articles: 30,
            teaser_blocks: true,
            gzip_sitemaps: false,
            robots_disallow: Vec::new(),
            crawl_delay: None,
        }
    }
}

impl SiteConfig {
    /// The default site with `articles` articles.
    pub fn with_articles(articles: usize) -> SiteConfig {
        SiteConfig {
            articles,
            ..SiteConfig::default()
        }
    }
}

/// How an article URL currently answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleStatus {
    /// 200 (or 304).
    Live,
    /// 404, though sitemaps, the feed and listings still link to it.
    Removed,
    /// 500, likewise still linked.
    Failing,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ArticleState {
    pub version: u32,
    /// Last-Modified, unix seconds.
    pub modified: u64,
    pub status: ArticleStatus,
}

/// One request the site received.
#[derive(Debug, Clone)]
pub struct RequestLog {
    pub method: String,
    /// Path and query, as requested.
    pub path: String,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub user_agent: Option<String>,
    /// Status returned.
    pub status: u16,
    /// When the response was ready.
    pub at: Instant,
}

impl RequestLog {
    /// Whether the request carried If-None-Match or If-Modified-Since.
    pub fn is_conditional(&self) -> bool {
        self.if_none_match.is_some() || self.if_modified_since.is_some()
    }

    /// Whether the path is an article page.
    pub fn is_article(&self) -> bool {
        self.path.starts_with("/news/")
    }
}

pub(crate) struct Shared {
    pub config: SiteConfig,
    pub base: String,
    pub articles: RwLock<Vec<ArticleState>>,
    pub log: Mutex<Vec<RequestLog>>,
    /// The article gate: see [`TestSite::hold_articles_after`].
    pub gate: Gate,
}

/// Holds article requests until the test lets them through, so that a
/// test can stop a crawl at a known point instead of racing it.
#[derive(Default)]
pub(crate) struct Gate {
    /// The hold in force, if any; each [`TestSite::hold_articles`] starts a
    /// new one, so requests left over from an earlier (killed) crawler
    /// never count in a later one.
    current: Mutex<Option<Arc<Hold>>>,
}

struct Hold {
    /// Article requests let through, first come first served.
    passes: tokio::sync::Semaphore,
    /// Article requests waiting for a pass now.
    waiting: std::sync::atomic::AtomicUsize,
}

impl Default for Hold {
    fn default() -> Hold {
        Hold {
            passes: tokio::sync::Semaphore::new(0),
            waiting: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

/// Counts a waiting request out, however its wait ends.
struct Left<'a>(&'a std::sync::atomic::AtomicUsize);

impl Drop for Left<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Gate {
    /// Wait, while articles are held, for a pass.
    pub async fn pass(&self) {
        let Some(hold) = self.current.lock().unwrap().clone() else {
            return;
        };
        hold.waiting
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let _left = Left(&hold.waiting);
        if let Ok(pass) = hold.passes.acquire().await {
            pass.forget();
        }
    }

    fn hold(&self) -> Option<Arc<Hold>> {
        self.current.lock().unwrap().clone()
    }
}

/// The ETag of `version` of article `i`, quotes included.
pub fn article_etag(i: usize, version: u32) -> String {
    format!("\"a{i}-v{version}\"")
}

enum Stop {
    /// Served by a task on the caller's runtime.
    Task(tokio::task::JoinHandle<()>),
    /// Served by its own runtime on a background thread.
    Thread {
        tx: Option<tokio::sync::oneshot::Sender<()>>,
        thread: Option<std::thread::JoinHandle<()>>,
    },
}

/// A running test site on `127.0.0.1:{random port}`; stops when dropped.
pub struct TestSite {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base: String,
    shared: Arc<Shared>,
    stop: Stop,
}

impl Drop for TestSite {
    fn drop(&mut self) {
        match &mut self.stop {
            Stop::Task(task) => task.abort(),
            Stop::Thread { tx, thread } => {
                if let Some(tx) = tx.take() {
                    let _ = tx.send(());
                }
                if let Some(thread) = thread.take() {
                    let _ = thread.join();
                }
            }
        }
    }
}

fn shared(config: SiteConfig, port: u16) -> Arc<Shared> {
    let articles = (0..config.articles)
        .map(|i| ArticleState {
            version: 0,
            modified: text::first_modified(i),
            status: ArticleStatus::Live,
        })
        .collect();
    Arc::new(Shared {
        config,
        base: format!("http://127.0.0.1:{port}"),
        articles: RwLock::new(articles),
        log: Mutex::new(Vec::new()),
        gate: Gate::default(),
    })
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(server::handle).with_state(shared)
}

impl TestSite {
    /// Start the site on the current tokio runtime.
    pub async fn start(config: SiteConfig) -> TestSite {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = shared(config, port);
        let app = router(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        TestSite {
            base: shared.base.clone(),
            shared,
            stop: Stop::Task(task),
        }
    }

    /// Start the site on its own runtime on a background thread, for
    /// synchronous tests (e.g. ones that run the `thresh` binary).
    pub fn start_blocking(config: SiteConfig) -> TestSite {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = shared(config, port);
        let app = router(shared.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("test-site".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                    tokio::select! {
                        _ = axum::serve(listener, app) => {}
                        _ = rx => {}
                    }
                });
            })
            .unwrap();
        TestSite {
            base: shared.base.clone(),
            shared,
            stop: Stop::Thread {
                tx: Some(tx),
                thread: Some(thread),
            },
        }
    }

    pub fn config(&self) -> &SiteConfig {
        &self.shared.config
    }

    /// Number of articles.
    pub fn article_count(&self) -> usize {
        self.shared.config.articles
    }

    /// `{base}{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn robots_url(&self) -> String {
        self.url("/robots.txt")
    }

    pub fn sitemap_index_url(&self) -> String {
        self.url("/sitemap_index.xml")
    }

    /// The sitemap URLs the index lists (`.xml.gz` when `gzip_sitemaps`).
    pub fn sitemap_urls(&self) -> Vec<String> {
        let (count, _) = pages::sitemap_plan(self.article_count());
        (1..=count)
            .map(|k| self.url(&pages::sitemap_path(k, self.shared.config.gzip_sitemaps)))
            .collect()
    }

    pub fn feed_url(&self) -> String {
        self.url("/feed.xml")
    }

    /// The home page, `{base}/`.
    pub fn home_url(&self) -> String {
        self.url("/")
    }

    /// `/news/{i}-{slug}.html`.
    pub fn article_path(&self, i: usize) -> String {
        text::article_path(i)
    }

    pub fn article_url(&self, i: usize) -> String {
        self.url(&text::article_path(i))
    }

    /// Every article URL, in index order.
    pub fn article_urls(&self) -> Vec<String> {
        (0..self.article_count())
            .map(|i| self.article_url(i))
            .collect()
    }

    /// The article index of an article URL or path of this site.
    pub fn article_index(&self, url_or_path: &str) -> Option<usize> {
        let path = url_or_path
            .strip_prefix(self.base.as_str())
            .unwrap_or(url_or_path);
        let (number, _) = path.strip_prefix("/news/")?.split_once('-')?;
        let i: usize = number.parse().ok()?;
        (i < self.article_count() && text::article_path(i) == path).then_some(i)
    }

    /// The headline (`<h1>`, og:title; `<title>` adds " | Test Gazette").
    pub fn article_title(&self, i: usize) -> String {
        text::title(i)
    }

    pub fn article_author(&self, i: usize) -> String {
        text::author(i)
    }

    /// Publication time, RFC 3339 (as in `article:published_time`).
    pub fn article_published(&self, i: usize) -> String {
        text::rfc3339(text::published(i))
    }

    /// A sentence found only in the current version of article `i`.
    pub fn article_body_marker(&self, i: usize) -> String {
        text::body_marker(i, self.article_version(i))
    }

    /// The body paragraphs of the current version of article `i`.
    pub fn article_paragraphs(&self, i: usize) -> Vec<String> {
        text::body(i, self.article_version(i))
    }

    /// The current version (0 until changed).
    pub fn article_version(&self, i: usize) -> u32 {
        self.state(i).version
    }

    /// The current ETag, quotes included.
    pub fn article_etag(&self, i: usize) -> String {
        article_etag(i, self.article_version(i))
    }

    /// The current Last-Modified, as an HTTP date.
    pub fn article_last_modified(&self, i: usize) -> String {
        text::http_date(self.state(i).modified)
    }

    pub fn article_status(&self, i: usize) -> ArticleStatus {
        self.state(i).status
    }

    /// The texts of the shared teaser blocks (headline, teaser, ...), which
    /// a good cleaner drops once it has learned them.
    pub fn teaser_texts(&self) -> Vec<String> {
        text::TEASERS
            .iter()
            .flat_map(|(h, t)| [h.to_string(), t.to_string()])
            .collect()
    }

    fn state(&self, i: usize) -> ArticleState {
        self.shared.articles.read().unwrap()[i]
    }

    fn update(&self, i: usize, f: impl FnOnce(&mut ArticleState)) {
        f(&mut self.shared.articles.write().unwrap()[i]);
    }

    /// Hold article requests (they wait, connection open) until let
    /// through by [`TestSite::let_articles_through`] or
    /// [`TestSite::release_articles`].
    pub fn hold_articles(&self) {
        *self.shared.gate.current.lock().unwrap() = Some(Arc::default());
    }

    /// Article requests waiting at the gate now.
    pub fn articles_waiting(&self) -> usize {
        self.shared.gate.hold().map_or(0, |hold| {
            hold.waiting.load(std::sync::atomic::Ordering::SeqCst)
        })
    }

    /// Let the `n` longest-waiting (or next) held article requests through.
    pub fn let_articles_through(&self, n: usize) {
        if let Some(hold) = self.shared.gate.hold() {
            hold.passes.add_permits(n);
        }
    }

    /// With articles held, let them through one at a time, each only when
    /// `in_flight` requests wait at the gate (the crawler has all its
    /// fetches out), until `done()` holds; at most `max` in all. Returns
    /// how many went through. Panics (releasing the gate first, so that the
    /// crawler can finish) when `done()` is still false after 60 s.
    ///
    /// A crawler that handles pages in the order it took them up, with
    /// `in_flight` fetches at a time, has its first page answered among
    /// the first `in_flight` let through: `done` can wait for output.
    pub fn let_articles_through_until(
        &self,
        in_flight: usize,
        max: usize,
        mut done: impl FnMut() -> bool,
    ) -> usize {
        let deadline = Instant::now() + std::time::Duration::from_secs(60);
        let mut let_through = 0;
        while !done() {
            if let_through < max && self.articles_waiting() >= in_flight {
                self.let_articles_through(1);
                let_through += 1;
            }
            if Instant::now() > deadline {
                self.release_articles();
                panic!("still waiting after 60 s ({let_through} articles let through)");
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let_through
    }

    /// Stop holding article requests and answer the held ones.
    pub fn release_articles(&self) {
        if let Some(hold) = self.shared.gate.current.lock().unwrap().take() {
            hold.passes.close();
        }
    }

    /// Bump article `i` to its next version: new body text and marker, new
    /// ETag, new Last-Modified and sitemap lastmod (wall clock + 1 s).
    pub fn change_article(&self, i: usize) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        self.update(i, |s| {
            s.version += 1;
            s.modified = (now + 1).max(s.modified + 1);
        });
    }

    /// Article `i` answers 404 from now on (still listed everywhere).
    pub fn remove_article(&self, i: usize) {
        self.update(i, |s| s.status = ArticleStatus::Removed);
    }

    /// Article `i` answers 500 from now on (still listed everywhere).
    pub fn fail_article(&self, i: usize) {
        self.update(i, |s| s.status = ArticleStatus::Failing);
    }

    /// Article `i` answers 200 again, at its current version.
    pub fn restore_article(&self, i: usize) {
        self.update(i, |s| s.status = ArticleStatus::Live);
    }

    /// Every request received since the start or the last [`reset_log`].
    ///
    /// [`reset_log`]: TestSite::reset_log
    pub fn requests(&self) -> Vec<RequestLog> {
        self.shared.log.lock().unwrap().clone()
    }

    /// The logged requests whose path starts with `prefix`.
    pub fn requests_to(&self, prefix: &str) -> Vec<RequestLog> {
        self.shared
            .log
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path.starts_with(prefix))
            .cloned()
            .collect()
    }

    pub fn reset_log(&self) {
        self.shared.log.lock().unwrap().clear();
    }
}
