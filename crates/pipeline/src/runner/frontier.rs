//! The frontier: URLs to fetch this run, from every source, deduplicated,
//! filtered and in order (listed URLs, then sitemap and feed entries, then
//! followed links, breadth first).

use std::collections::{HashSet, VecDeque};

use chrono::{DateTime, Utc};
use thresh_fetch::{Fetcher, Outcome};

use crate::Pipeline;
use crate::discover::feed::parse_feed;
use crate::discover::sitemap::{Sitemap, SitemapEntry, SitemapLimits, parse_sitemap};
use crate::runner::report::RunReport;
use crate::state::UrlState;

/// Sitemap indexes nested deeper than this are not followed.
const MAX_SITEMAP_NESTING: u32 = 3;
/// Sitemaps read per run, at most.
const MAX_SITEMAPS: usize = 1000;

/// One URL to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The URL.
    pub url: String,
    /// Link depth from a listed page, sitemap or feed.
    pub depth: u32,
    /// The date its sitemap or feed gave, if any.
    pub lastmod: Option<String>,
}

/// What [`Frontier::push`] did with a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// Queued for fetching.
    Queued,
    /// Already pushed this run.
    Seen,
    /// Filtered out by `include` / `exclude`.
    Excluded,
    /// Older than `max_age_days`.
    Old,
    /// Fetched within `revisit_after_hours`: not asked for again.
    Recent,
}

/// The queue of a run.
#[derive(Debug)]
pub struct Frontier {
    queue: VecDeque<Item>,
    /// xxh3 of every URL pushed: 8 bytes a URL, not the URL itself.
    seen: HashSet<u64>,
}

impl Frontier {
    /// An empty frontier.
    pub fn new() -> Self {
        Frontier {
            queue: VecDeque::new(),
            seen: HashSet::new(),
        }
    }

    /// Add a URL unless it was seen, is excluded, too old or fetched
    /// recently; counts each decision in the report and says which it was.
    pub fn push(
        &mut self,
        item: Item,
        pipeline: &Pipeline,
        known: impl Fn(&str) -> Option<UrlState>,
        report: &mut RunReport,
        now: DateTime<Utc>,
    ) -> Pushed {
        if !self
            .seen
            .insert(xxhash_rust::xxh3::xxh3_64(item.url.as_bytes()))
        {
            return Pushed::Seen;
        }
        report.discovered += 1;
        if !pipeline.wants(&item.url) {
            report.excluded += 1;
            return Pushed::Excluded;
        }
        let lastmod = item.lastmod.as_deref().and_then(parse_date);
        if let (Some(days), Some(date)) = (pipeline.max_age_days, lastmod)
            && now.signed_duration_since(date).num_days() > i64::from(days)
        {
            report.skipped_old += 1;
            return Pushed::Old;
        }
        if let Some(state) = known(&item.url)
            && is_recent(&state, &item, pipeline, now)
        {
            report.skipped_recent += 1;
            return Pushed::Recent;
        }
        self.queue.push_back(item);
        Pushed::Queued
    }

    /// The next URL to fetch.
    pub fn pop(&mut self) -> Option<Item> {
        self.queue.pop_front()
    }

    /// URLs still queued.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// True when nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

impl Default for Frontier {
    fn default() -> Self {
        Self::new()
    }
}

/// Fetched within `revisit_after_hours`, and not newer in its sitemap or
/// feed than what was fetched: no need to ask again.
fn is_recent(state: &UrlState, item: &Item, pipeline: &Pipeline, now: DateTime<Utc>) -> bool {
    let Some(last) = state.last_fetch else {
        return false;
    };
    if state.status == "failed" {
        return false;
    }
    if let (Some(new), Some(old)) = (item.lastmod.as_deref(), state.sitemap_lastmod.as_deref()) {
        if new != old {
            return false;
        }
    } else if item.lastmod.is_some() && state.sitemap_lastmod.is_none() {
        return false;
    }
    let hours = now.signed_duration_since(last).num_seconds() as f64 / 3600.0;
    pipeline.revisit_after_hours > 0.0 && hours < pipeline.revisit_after_hours
}

/// Parse a W3C datetime (`2026-11-20`, `2026-11-20T10:00:00Z`, with or
/// without seconds and offset).
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%:z") {
        return Some(d.with_timezone(&Utc));
    }
    let date = chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

/// Read the sitemaps and feeds of a pipeline (and the `Sitemap:` lines of
/// robots.txt when asked), returning their entries. Failures are counted
/// in the report and the other sources still go through.
pub async fn discover(
    pipeline: &Pipeline,
    fetcher: &Fetcher,
    seeds: &[String],
    report: &mut RunReport,
) -> Vec<SitemapEntry> {
    let sources = Sources {
        sitemaps: &pipeline.options.source.sitemaps,
        feeds: &pipeline.options.source.feeds,
        robots_sitemaps: pipeline.robots_sitemaps,
    };
    discover_from(&sources, fetcher, seeds, report).await
}

/// Where discovery looks: sitemaps, feeds, and whether the `Sitemap:`
/// lines of the seeds' robots.txt count too.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// Sitemap (or sitemap index) URLs.
    pub sitemaps: &'a [String],
    /// RSS, Atom or JSON Feed URLs.
    pub feeds: &'a [String],
    /// Also read the robots.txt `Sitemap:` lines of the seeds' hosts.
    pub robots_sitemaps: bool,
}

/// [`discover`] for any sources (a pipeline's, or `thresh fetch
/// --sitemap/--feed`): the entries of every sitemap (indexes followed)
/// and feed, failures counted in `report`.
pub async fn discover_from(
    sources: &Sources<'_>,
    fetcher: &Fetcher,
    seeds: &[String],
    report: &mut RunReport,
) -> Vec<SitemapEntry> {
    let mut sitemaps: VecDeque<(String, u32)> =
        sources.sitemaps.iter().map(|s| (s.clone(), 0)).collect();
    if sources.robots_sitemaps {
        let mut origins = HashSet::new();
        for url in seeds.iter().chain(sources.sitemaps.iter()) {
            let Ok(parsed) = url::Url::parse(url) else {
                continue;
            };
            if origins.insert(parsed.origin().ascii_serialization()) {
                match fetcher.sitemaps(url).await {
                    Ok(found) => sitemaps.extend(found.into_iter().map(|s| (s, 0))),
                    Err(e) => report.fail("discover:robots", url, e.to_string()),
                }
            }
        }
    }
    let limits = SitemapLimits::default();
    let mut entries = Vec::new();
    let mut read = HashSet::new();
    while let Some((url, nesting)) = sitemaps.pop_front() {
        if !read.insert(url.clone()) || read.len() > MAX_SITEMAPS {
            continue;
        }
        let Some(bytes) = fetch_bytes(fetcher, &url, report).await else {
            continue;
        };
        match parse_sitemap(&bytes, &url, &limits) {
            Ok(Sitemap::UrlSet(found)) => entries.extend(found),
            Ok(Sitemap::Index(children)) if nesting < MAX_SITEMAP_NESTING => {
                sitemaps.extend(children.into_iter().map(|c| (c.loc, nesting + 1)));
            }
            Ok(Sitemap::Index(_)) => {
                report.fail(
                    "discover:sitemap",
                    &url,
                    format!("{url}: sitemap indexes nested too deep"),
                );
            }
            Err(e) => report.fail("discover:sitemap", &url, e.to_string()),
        }
    }
    for url in sources.feeds {
        let Some(bytes) = fetch_bytes(fetcher, url, report).await else {
            continue;
        };
        match parse_feed(&bytes, url) {
            Ok(found) => entries.extend(found),
            Err(e) => report.fail("discover:feed", url, e.to_string()),
        }
    }
    entries
}

/// The body of a sitemap or feed: the wire bytes when they are gzip (a
/// `.xml.gz` file), else the decoded text.
async fn fetch_bytes(fetcher: &Fetcher, url: &str, report: &mut RunReport) -> Option<Vec<u8>> {
    match fetcher.fetch_outcome(url).await {
        Outcome::Fetched(f) => {
            if f.exchange.wire_body.starts_with(&[0x1f, 0x8b]) {
                Some(f.exchange.wire_body.to_vec())
            } else {
                Some(f.page.body)
            }
        }
        Outcome::NotModified { .. } => None,
        other => {
            let record = other.record();
            let message = record
                .error
                .unwrap_or_else(|| format!("{url}: {}", record.outcome));
            report.fail("discover", url, message);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn pipeline(extra: &str) -> Pipeline {
        Pipeline::from_str(
            &format!(
                "[source]\nurls = [\"https://a.example/\"]\nexclude = [\"/private/\"]\n{extra}"
            ),
            Path::new("/p/x.toml"),
        )
        .unwrap()
    }

    fn item(url: &str, lastmod: Option<&str>) -> Item {
        Item {
            url: url.into(),
            depth: 0,
            lastmod: lastmod.map(str::to_string),
        }
    }

    #[test]
    fn dedupes_filters_and_counts() {
        let p = pipeline("max_age_days = 30\n");
        let now = parse_date("2026-11-27T00:00:00Z").unwrap();
        let mut f = Frontier::new();
        let mut r = RunReport::new("x");
        let known = |_: &str| None;
        f.push(item("https://a.example/1", None), &p, known, &mut r, now);
        f.push(item("https://a.example/1", None), &p, known, &mut r, now);
        f.push(
            item("https://a.example/private/2", None),
            &p,
            known,
            &mut r,
            now,
        );
        f.push(
            item("https://a.example/old", Some("2025-01-01")),
            &p,
            known,
            &mut r,
            now,
        );
        f.push(
            item("https://a.example/new", Some("2026-11-20")),
            &p,
            known,
            &mut r,
            now,
        );
        assert_eq!((r.discovered, r.excluded, r.skipped_old), (4, 1, 1));
        assert_eq!(f.pop().unwrap().url, "https://a.example/1");
        assert_eq!(f.pop().unwrap().url, "https://a.example/new");
        assert!(f.pop().is_none());
    }

    #[test]
    fn recent_pages_wait_unless_their_sitemap_date_moved() {
        let p = pipeline("revisit_after_hours = 24\n");
        let now = parse_date("2026-11-27T12:00:00Z").unwrap();
        let state = UrlState {
            url: "https://a.example/1".into(),
            last_fetch: parse_date("2026-11-27T06:00:00Z"),
            sitemap_lastmod: Some("2026-11-20".into()),
            status: "written".into(),
            ..UrlState::default()
        };
        let known = |u: &str| (u == state.url).then(|| state.clone());
        let mut r = RunReport::new("x");
        let mut f = Frontier::new();
        f.push(
            item("https://a.example/1", Some("2026-11-20")),
            &p,
            known,
            &mut r,
            now,
        );
        assert_eq!(r.skipped_recent, 1);
        let mut f = Frontier::new();
        f.push(
            item("https://a.example/1", Some("2026-11-26")),
            &p,
            known,
            &mut r,
            now,
        );
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-11-20").is_some());
        assert!(parse_date("2026-11-20T10:00+02:00").is_some());
        assert!(parse_date("2026-11-20T10:00:00.5Z").is_some());
        assert!(parse_date("yesterday").is_none());
    }
}
