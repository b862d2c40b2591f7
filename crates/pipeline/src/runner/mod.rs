//! The runner: `thresh run`. Fetch on tokio, clean on a bounded pool of
//! blocking workers, write in one place; every queue is bounded, so memory
//! stays flat however large the crawl.
//!
//! Order of a run: take the lock, open the store, discover (listed URLs,
//! URL file, sitemaps, feeds, robots `Sitemap:` lines), then fetch and
//! clean with link following, writing each new or changed article as it
//! comes, and committing the store every few articles and at the end. A
//! cancel request (SIGINT / SIGTERM in the CLI) stops new fetches, lets
//! the cleans in flight finish and be written, and commits the store.

mod events;
mod frontier;
mod report;
mod validators;
mod warc;
mod writer;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::Utc;
use thresh_clean::{AutoCleaner, CleanError, Cleaner};
use thresh_core::{Article, Page};
use thresh_fetch::{Fetcher, Limits, Outcome};
use tokio::task::JoinSet;

pub use frontier::{Frontier, Item, Pushed, Sources, discover_from, parse_date};
pub use report::RunReport;
pub use validators::StoreValidators;
pub use writer::{content_hash, is_unchanged};

use crate::discover::links::same_site_links;
use crate::lock::RunLock;
use crate::state::Store;
use crate::{Pipeline, PipelineError};
use writer::Writer;

/// A progress callback: called with the report so far and the number of
/// URLs still queued, at most ten times a second.
pub type ProgressFn = Arc<dyn Fn(&RunReport, usize) + Send + Sync>;

/// How a run is driven.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Set to true to stop the run early (in-flight work is finished and
    /// committed).
    pub cancel: Arc<AtomicBool>,
    /// Told of progress (for a progress bar).
    pub progress: Option<ProgressFn>,
    /// Pages cleaned at once (default: one per core). The output is the
    /// same whatever the number.
    pub threads: Option<usize>,
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("cancel", &self.cancel)
            .field("progress", &self.progress.is_some())
            .field("threads", &self.threads)
            .finish()
    }
}

/// A cleaned page on its way to the writer.
struct Cleaned {
    /// Its place in the order pages were taken up.
    seq: u64,
    key: String,
    depth: u32,
    lastmod: Option<String>,
    page: Page,
    article: Result<Article, CleanError>,
    /// Same-site links, when the page's links are followed.
    links: Option<Vec<String>>,
}

/// Run a pipeline once. Fails only when the run cannot start or the store
/// cannot be written; page failures are counted in the report.
pub async fn run(pipeline: &Pipeline, options: RunOptions) -> Result<RunReport, PipelineError> {
    let _lock = RunLock::acquire(&pipeline.lock_path)?;
    let mut store = Store::open(&pipeline.state_path)?;
    let mut report = RunReport::new(&pipeline.name);
    remove_stale_temp_files(&pipeline.out_dir);
    if let Some(dir) = &pipeline.warc_dir {
        remove_stale_temp_files(dir);
    }
    let mut writer = Writer::new(pipeline, &mut store)?;
    let cleaner = Arc::new(AutoCleaner::new(pipeline.clean.clone()));
    let workers = options
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    let cancel = options.cancel.clone();

    // Local inputs: a folder and WARC files, read lazily.
    let limits = Limits {
        max_bytes: pipeline.fetch.max_decoded_bytes,
    };
    let mut local = local_pages(pipeline, &limits);

    // Remote inputs.
    let seeds = seed_urls(pipeline, &mut report);
    let needs_fetcher = !seeds.is_empty()
        || !pipeline.options.source.sitemaps.is_empty()
        || !pipeline.options.source.feeds.is_empty();
    let mut frontier = Frontier::new();
    let mut fetcher = None;
    if needs_fetcher {
        let config_err = |e: thresh_fetch::FetchError| PipelineError::Spec {
            path: pipeline.file.clone(),
            message: format!("[fetch]: {e}"),
        };
        let validators = Arc::new(store.validators());
        let f = Fetcher::with_validators(pipeline.fetch.clone(), validators).map_err(config_err)?;
        let mut discovery_settings = pipeline.fetch.clone();
        discovery_settings.accept_types = discovery_types();
        let discovery = Fetcher::new(discovery_settings).map_err(config_err)?;
        let discovered = frontier::discover(pipeline, &discovery, &seeds, &mut report).await;
        let listed = seeds.iter().map(|url| (url.clone(), None));
        let found = discovered.into_iter().map(|e| (e.loc, e.lastmod));
        let items = listed.chain(found).map(|(url, lastmod)| Item {
            url,
            depth: 0,
            lastmod,
        });
        enqueue(&mut frontier, pipeline, &store, &mut report, items)?;
        fetcher = Some(f);
    }

    let mut run_warc = match (&pipeline.warc_dir, &fetcher) {
        (Some(dir), Some(_)) => Some(warc::RunWarc::create(dir, &pipeline.name)?),
        _ => None,
    };
    let mut fetches: JoinSet<(u64, Item, Outcome)> = JoinSet::new();
    let mut cleans: JoinSet<Cleaned> = JoinSet::new();
    // Cleans run on the blocking pool, one thread each.
    let max_cleans = workers;
    let max_fetches = pipeline.fetch.concurrency.max(1);
    // Results are handled in the order their pages were taken up (the
    // walk's or the frontier's), not the order fetches and cleans finish:
    // learning, dedup and link following see the same sequence in every
    // run. At most `window` pages are taken up and not yet handled.
    let window = (max_fetches + max_cleans) as u64 * 2;
    let mut ordered = events::Ordered::default();
    let mut local_done = local.is_none();
    let mut started_fetches = 0usize;
    let mut last_progress = std::time::Instant::now();
    let mut ctx = events::Ctx {
        pipeline,
        store: &mut store,
        report: &mut report,
        writer: &mut writer,
        frontier: &mut frontier,
    };
    loop {
        if let Some(progress) = &options.progress
            && last_progress.elapsed() >= Duration::from_millis(100)
        {
            progress(
                ctx.report,
                ctx.frontier.len() + fetches.len() + cleans.len(),
            );
            last_progress = std::time::Instant::now();
        }
        let cancelled = cancel.load(Ordering::Relaxed);
        if cancelled && !ctx.report.interrupted {
            tracing::info!("stopping: finishing the pages in hand");
            ctx.report.interrupted = true;
            fetches.abort_all();
        }
        // Local pages, as clean slots and the window allow.
        while !cancelled && !local_done && cleans.len() < max_cleans && ordered.open() < window {
            match local.as_mut().and_then(Iterator::next) {
                None => local_done = true,
                Some((key, Err(e))) => {
                    ctx.report.discovered += 1;
                    let seq = ordered.take_up();
                    ordered.done(
                        seq,
                        events::Event::ReadFailed {
                            key,
                            error: e.to_string(),
                        },
                    );
                }
                Some((key, Ok(page))) => {
                    ctx.report.discovered += 1;
                    ctx.report.fetched += 1;
                    let seq = ordered.take_up();
                    let previous = ctx.store.url(&key)?;
                    if is_unchanged(previous.as_ref(), &page) {
                        ordered.done(seq, events::Event::Unchanged { key });
                    } else {
                        spawn_clean(&mut cleans, &cleaner, seq, key, 0, None, page, false);
                    }
                }
            }
        }
        // Fetches, as fetch and clean slots and the window allow.
        if let Some(f) = &fetcher {
            while !cancelled
                && fetches.len() < max_fetches
                && cleans.len() < max_cleans
                && ordered.open() < window
            {
                if started_fetches >= pipeline.max_pages {
                    ctx.report.deferred += ctx.frontier.len();
                    while ctx.frontier.pop().is_some() {}
                    break;
                }
                let Some(item) = ctx.frontier.pop() else {
                    break;
                };
                started_fetches += 1;
                let seq = ordered.take_up();
                let f = f.clone();
                fetches.spawn(async move {
                    let outcome = f.fetch_outcome(&item.url).await;
                    (seq, item, outcome)
                });
            }
        }
        if fetches.is_empty()
            && cleans.is_empty()
            && (cancelled || (local_done && ctx.frontier.is_empty() && ordered.open() == 0))
        {
            break;
        }
        tokio::select! {
            Some(done) = fetches.join_next(), if !fetches.is_empty() => {
                let Ok((seq, item, outcome)) = done else { continue };
                match outcome {
                    Outcome::Fetched(fetched) => {
                        ctx.report.fetched += 1;
                        if let Some(w) = run_warc.as_mut()
                            && let Err(e) = w.write(&fetched)
                        {
                            ctx.report.fail("warc", &item.url, e.to_string());
                        }
                        let page = fetched.page;
                        let previous = ctx.store.url(&item.url)?;
                        if is_unchanged(previous.as_ref(), &page) {
                            ordered.done(seq, events::Event::Fetched { item, outcome: None });
                        } else {
                            let follow = item.depth < pipeline.max_depth;
                            spawn_clean(&mut cleans, &cleaner, seq, item.url, item.depth, item.lastmod, page, follow);
                        }
                    }
                    other => ordered.done(seq, events::Event::Fetched { item, outcome: Some(other) }),
                }
            }
            Some(done) = cleans.join_next(), if !cleans.is_empty() => {
                let Ok(cleaned) = done else { continue };
                let seq = cleaned.seq;
                ordered.done(seq, events::Event::Cleaned(Box::new(cleaned)));
            }
            () = tokio::time::sleep(Duration::from_millis(100)) => {}
        }
        while let Some(event) = ordered.next_ready() {
            ctx.handle(event)?;
        }
        if fetches.is_empty() && cleans.is_empty() {
            // Nothing in flight: a page still open was lost (a task that
            // panicked); handle what is in hand rather than wait for it.
            for event in ordered.drain() {
                ctx.handle(event)?;
            }
        }
    }
    // A stopped run's aborted fetches leave gaps: handle what is in hand.
    for event in ordered.drain() {
        ctx.handle(event)?;
    }
    writer.flush(&mut store)?;
    if let Some(w) = run_warc
        && let Some(path) = w.finish()?
    {
        tracing::info!(path = %path.display(), "raw responses written");
    }
    report.finished = Some(Utc::now());
    write_report(pipeline, &report)?;
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
fn spawn_clean(
    cleans: &mut JoinSet<Cleaned>,
    cleaner: &Arc<AutoCleaner>,
    seq: u64,
    key: String,
    depth: u32,
    lastmod: Option<String>,
    page: Page,
    follow: bool,
) {
    let cleaner = cleaner.clone();
    cleans.spawn_blocking(move || {
        let article = cleaner.clean(&page);
        let links = follow.then(|| {
            let base = page.url().and_then(|u| url::Url::parse(u).ok());
            match (base, std::str::from_utf8(&page.body)) {
                (Some(base), Ok(html)) => same_site_links(html, &base)
                    .into_iter()
                    .map(String::from)
                    .collect(),
                _ => Vec::new(),
            }
        });
        Cleaned {
            seq,
            key,
            depth,
            lastmod,
            page,
            article,
            links,
        }
    });
}

/// Queue URLs, in order. A URL skipped as fetched recently
/// (`revisit_after_hours`) still leads to its stored outlinks while under
/// `max_depth`, so the pages behind an unchanged hub are revisited by
/// their own validators.
fn enqueue(
    frontier: &mut Frontier,
    pipeline: &Pipeline,
    store: &Store,
    report: &mut RunReport,
    items: impl IntoIterator<Item = Item>,
) -> Result<(), PipelineError> {
    let now = Utc::now();
    let mut work: std::collections::VecDeque<Item> = items.into_iter().collect();
    while let Some(item) = work.pop_front() {
        let (url, depth) = (item.url.clone(), item.depth);
        let pushed = frontier.push(item, pipeline, |u| store.url(u).ok().flatten(), report, now);
        if pushed == Pushed::Recent {
            work.extend(stored_links(pipeline, store, &url, depth)?);
        }
    }
    Ok(())
}

/// A page that did not change (304, or the same bytes) still leads to
/// the links it had when it was last cleaned.
fn follow_stored(
    frontier: &mut Frontier,
    pipeline: &Pipeline,
    store: &Store,
    report: &mut RunReport,
    item: &Item,
) -> Result<(), PipelineError> {
    let links = stored_links(pipeline, store, &item.url, item.depth)?;
    enqueue(frontier, pipeline, store, report, links)
}

/// The stored outlinks of `url` as items one step deeper, when `depth` is
/// under `max_depth`.
fn stored_links(
    pipeline: &Pipeline,
    store: &Store,
    url: &str,
    depth: u32,
) -> Result<Vec<Item>, PipelineError> {
    if depth >= pipeline.max_depth {
        return Ok(Vec::new());
    }
    let links = store.links(url)?.unwrap_or_default();
    Ok(links
        .into_iter()
        .map(|url| Item {
            url,
            depth: depth + 1,
            lastmod: None,
        })
        .collect())
}

/// Media types the discovery fetcher accepts (sitemaps and feeds).
pub fn discovery_types() -> Vec<String> {
    [
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
        "application/gzip",
        "application/x-gzip",
        "application/octet-stream",
        "text/plain",
        "text/html",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The listed URLs (`discover_only` ones included) and the URL file's.
fn seed_urls(pipeline: &Pipeline, report: &mut RunReport) -> Vec<String> {
    let mut urls = pipeline.seeds.clone();
    if let Some(file) = &pipeline.url_file {
        match std::fs::read_to_string(file) {
            Ok(text) => urls.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_string),
            ),
            Err(e) => report.fail(
                "read",
                &file.display().to_string(),
                format!("{}: {e}", file.display()),
            ),
        }
    }
    urls
}

type LocalPages = Box<dyn Iterator<Item = (String, Result<Page, thresh_fetch::FetchError>)>>;

/// Pages of the folder and WARC sources, read lazily.
fn local_pages(pipeline: &Pipeline, limits: &Limits) -> Option<LocalPages> {
    if pipeline.dir.is_none() && pipeline.warc.is_empty() {
        return None;
    }
    let limits = *limits;
    // The folder's files: WARC files among them are read as their pages.
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut errors: Vec<(String, thresh_fetch::FetchError)> = Vec::new();
    if let Some(dir) = &pipeline.dir {
        for input in thresh_fetch::expand(&[dir.display().to_string()]) {
            match input {
                Ok(thresh_fetch::Input::Path(path)) => paths.push(path),
                Ok(_) => {}
                Err(e) => errors.push((dir.display().to_string(), e)),
            }
        }
    }
    let (warcs, files): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .into_iter()
        .partition(|p| thresh_fetch::warc::is_warc_path(p));
    // A file is known by its canonical path, wherever the run started.
    let file_pages = files.into_iter().map(move |path| {
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        let key = path.display().to_string();
        (key, thresh_fetch::read_path(&path, &limits))
    });
    let warc_pages = warcs
        .into_iter()
        .chain(pipeline.warc.clone())
        .flat_map(move |path| {
            let name = path.display().to_string();
            thresh_fetch::warc::read_warc(&path, &limits).map(move |page| match page {
                Ok(page) => (page.source.clone(), Ok(page)),
                Err(e) => (name.clone(), Err(e)),
            })
        });
    let errors = errors.into_iter().map(|(key, e)| (key, Err(e)));
    Some(Box::new(errors.chain(file_pages).chain(warc_pages)))
}

/// Remove the temporary files (`.thresh-*.tmp`) a killed run may have
/// left in the output folder; finished files are never temporary.
fn remove_stale_temp_files(out_dir: &std::path::Path) {
    let mut stack = vec![out_dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if name.starts_with(".thresh-") && name.ends_with(".tmp") {
                tracing::info!(path = %path.display(), "removing a temporary file left by an interrupted run");
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// Write the run report as JSON next to the output (atomically).
fn write_report(pipeline: &Pipeline, report: &RunReport) -> Result<(), PipelineError> {
    let path = pipeline.out_dir.join("run-report.json");
    let json = serde_json::to_vec_pretty(report).map_err(|e| PipelineError::Io {
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    thresh_emit::write_atomic(&path, &json, true).map_err(|e| PipelineError::Io {
        path,
        source: std::io::Error::other(e.to_string()),
    })
}
