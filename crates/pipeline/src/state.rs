//! The incremental state store: one redb file per pipeline.
//!
//! Per URL: last fetch time, validators for conditional GET, content and
//! article hashes, simhash, status, the output file. Per host: the
//! boilerplate counts of [`crate::learn`]. Per article hash: the URL that
//! holds it (exact dedup across runs).
//!
//! Writes are buffered and committed together by [`Store::flush`], which
//! the runner calls every few articles and at the end: a killed run loses
//! at most the uncommitted tail, and those pages are simply redone by the
//! next run (outputs are written atomically before their state is
//! committed, so redoing one rewrites the same file).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::PipelineError;
use crate::learn::HostModel;

const URLS: TableDefinition<'_, &str, &[u8]> = TableDefinition::new("urls");
const ARTICLES: TableDefinition<'_, u64, &str> = TableDefinition::new("article_hashes");
const HOST_ARTICLES: TableDefinition<'_, &str, u64> = TableDefinition::new("host_articles");
const HOST_BLOCKS: TableDefinition<'_, (&str, u64), u64> = TableDefinition::new("host_blocks");
const LINKS: TableDefinition<'_, &str, &[u8]> = TableDefinition::new("outlinks");
const META: TableDefinition<'_, &str, u64> = TableDefinition::new("meta");

/// The store's page cache size.
const STORE_CACHE_BYTES: usize = 8 * 1024 * 1024;

/// What the store knows of one URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlState {
    /// The URL (or file path for file sources).
    pub url: String,
    /// When it was last fetched (or read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_fetch: Option<DateTime<Utc>>,
    /// `ETag` of the last good response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// `Last-Modified` of the last good response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// `lastmod` the sitemap gave when it was last fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sitemap_lastmod: Option<String>,
    /// Hash of the body bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<u64>,
    /// Exact hash of the article text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_hash: Option<u64>,
    /// Simhash of the article text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simhash: Option<u64>,
    /// Hash of the article as emitted (its JSONL record: text, blocks and
    /// metadata). A page whose bytes changed but whose emitted article did
    /// not (a change in clutter only) is unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emitted_hash: Option<u64>,
    /// Outcome of the last attempt: `written`, `unchanged`, `duplicate`,
    /// `failed`, ...
    pub status: String,
    /// Error of the last attempt, when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The output file of the last good article, relative to the output
    /// directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// Link depth at which the URL was discovered (0: listed or from a
    /// sitemap/feed).
    #[serde(default)]
    pub depth: u32,
}

/// The store. Reads see committed data plus this handle's pending writes.
pub struct Store {
    db: Arc<Database>,
    path: PathBuf,
    urls: HashMap<String, UrlState>,
    links: HashMap<String, Vec<String>>,
    meta: HashMap<String, u64>,
    articles: HashMap<u64, String>,
    hosts: HashMap<String, HostModel>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Open (or create) the store at `path`, creating parent directories.
    pub fn open(path: &Path) -> Result<Store, PipelineError> {
        crate::error::create_parent(path)?;
        // redb's default page cache may grow to 1 GiB; a crawl's state is
        // read once per run and written in batches, so a small cache keeps
        // memory flat however many URLs the store holds.
        let db = redb::Builder::new()
            .set_cache_size(STORE_CACHE_BYTES)
            .create(path)
            .map_err(|e| store_err(path, e))?;
        let store = Store {
            db: Arc::new(db),
            path: path.to_path_buf(),
            urls: HashMap::new(),
            links: HashMap::new(),
            meta: HashMap::new(),
            articles: HashMap::new(),
            hosts: HashMap::new(),
        };
        // Create the tables so that reads of a new store find them.
        let txn = store.db.begin_write().map_err(|e| store.err(e))?;
        {
            txn.open_table(URLS).map_err(|e| store.err(e))?;
            txn.open_table(ARTICLES).map_err(|e| store.err(e))?;
            txn.open_table(HOST_ARTICLES).map_err(|e| store.err(e))?;
            txn.open_table(HOST_BLOCKS).map_err(|e| store.err(e))?;
            txn.open_table(LINKS).map_err(|e| store.err(e))?;
            txn.open_table(META).map_err(|e| store.err(e))?;
        }
        txn.commit().map_err(|e| store.err(e))?;
        Ok(store)
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: impl std::fmt::Display) -> PipelineError {
        store_err(&self.path, e)
    }

    /// The state of a URL.
    pub fn url(&self, url: &str) -> Result<Option<UrlState>, PipelineError> {
        if let Some(state) = self.urls.get(url) {
            return Ok(Some(state.clone()));
        }
        read_committed(&self.db, url).map_err(|e| self.err(format!("{url}: {e}")))
    }

    /// Record the state of a URL (committed by [`Store::flush`]).
    pub fn set_url(&mut self, state: UrlState) {
        self.urls.insert(state.url.clone(), state);
    }

    /// The same-site outlinks recorded for a page whose links were
    /// followed, if any.
    pub fn links(&self, url: &str) -> Result<Option<Vec<String>>, PipelineError> {
        if let Some(links) = self.links.get(url) {
            return Ok(Some(links.clone()));
        }
        let txn = self.db.begin_read().map_err(|e| self.err(e))?;
        let table = txn.open_table(LINKS).map_err(|e| self.err(e))?;
        let Some(value) = table.get(url).map_err(|e| self.err(e))? else {
            return Ok(None);
        };
        serde_json::from_slice(value.value())
            .map(Some)
            .map_err(|e| self.err(format!("{url}: bad links record: {e}")))
    }

    /// Record the outlinks of a page (committed by [`Store::flush`]).
    pub fn set_links(&mut self, url: &str, links: Vec<String>) {
        self.links.insert(url.to_string(), links);
    }

    /// A number the run keeps beside the URL states (the committed length
    /// of the JSONL log), as committed or pending.
    pub fn meta(&self, key: &str) -> Result<Option<u64>, PipelineError> {
        if let Some(v) = self.meta.get(key) {
            return Ok(Some(*v));
        }
        let txn = self.db.begin_read().map_err(|e| self.err(e))?;
        let table = txn.open_table(META).map_err(|e| self.err(e))?;
        Ok(table.get(key).map_err(|e| self.err(e))?.map(|v| v.value()))
    }

    /// Set such a number (committed by [`Store::flush`], with the URL
    /// states it goes with).
    pub fn set_meta(&mut self, key: &str, value: u64) {
        self.meta.insert(key.to_string(), value);
    }

    /// Call `f` with every committed URL state, streaming (the store is
    /// not loaded into memory).
    pub fn for_each_url(&self, mut f: impl FnMut(UrlState)) -> Result<(), PipelineError> {
        let txn = self.db.begin_read().map_err(|e| self.err(e))?;
        let table = txn.open_table(URLS).map_err(|e| self.err(e))?;
        for entry in table.iter().map_err(|e| self.err(e))? {
            let (_, value) = entry.map_err(|e| self.err(e))?;
            if let Ok(state) = serde_json::from_slice::<UrlState>(value.value()) {
                f(state);
            }
        }
        Ok(())
    }

    /// The validators of a committed URL state, for conditional requests.
    pub fn validators(&self) -> crate::runner::StoreValidators {
        crate::runner::StoreValidators::new(self.db.clone(), self.path.clone())
    }

    /// The URL whose article has this exact hash, if any.
    pub fn article_owner(&self, hash: u64) -> Result<Option<String>, PipelineError> {
        if let Some(url) = self.articles.get(&hash) {
            return Ok(Some(url.clone()));
        }
        let txn = self.db.begin_read().map_err(|e| self.err(e))?;
        let table = txn.open_table(ARTICLES).map_err(|e| self.err(e))?;
        Ok(table
            .get(hash)
            .map_err(|e| self.err(e))?
            .map(|v| v.value().to_string()))
    }

    /// Record that `url` holds the article with this hash.
    pub fn set_article_owner(&mut self, hash: u64, url: &str) {
        self.articles.insert(hash, url.to_string());
    }

    /// The boilerplate model of a host (loaded once, then kept in memory
    /// until flushed).
    pub fn host(&mut self, host: &str) -> Result<&mut HostModel, PipelineError> {
        if !self.hosts.contains_key(host) {
            let model = self.load_host(host)?;
            self.hosts.insert(host.to_string(), model);
        }
        self.hosts
            .get_mut(host)
            .ok_or_else(|| store_err(&self.path, "host model vanished"))
    }

    fn load_host(&self, host: &str) -> Result<HostModel, PipelineError> {
        let txn = self.db.begin_read().map_err(|e| self.err(e))?;
        let articles = txn.open_table(HOST_ARTICLES).map_err(|e| self.err(e))?;
        let blocks = txn.open_table(HOST_BLOCKS).map_err(|e| self.err(e))?;
        let mut model = HostModel {
            articles: articles
                .get(host)
                .map_err(|e| self.err(e))?
                .map_or(0, |v| v.value()),
            counts: HashMap::new(),
        };
        for entry in blocks
            .range((host, 0u64)..=(host, u64::MAX))
            .map_err(|e| self.err(e))?
        {
            let (key, value) = entry.map_err(|e| self.err(e))?;
            model.counts.insert(key.value().1, value.value());
        }
        Ok(model)
    }

    /// Commit every pending write in one durable transaction.
    pub fn flush(&mut self) -> Result<(), PipelineError> {
        if self.urls.is_empty()
            && self.links.is_empty()
            && self.meta.is_empty()
            && self.articles.is_empty()
            && self.hosts.is_empty()
        {
            return Ok(());
        }
        let path = self.path.clone();
        let err = |e: redb::Error| store_err(&path, e);
        let txn = self.db.begin_write().map_err(|e| err(e.into()))?;
        {
            let mut urls = txn.open_table(URLS).map_err(|e| self.err(e))?;
            for (url, state) in &self.urls {
                let bytes = serde_json::to_vec(state).map_err(|e| self.err(e))?;
                urls.insert(url.as_str(), bytes.as_slice())
                    .map_err(|e| self.err(e))?;
            }
            let mut links = txn.open_table(LINKS).map_err(|e| self.err(e))?;
            for (url, found) in &self.links {
                let bytes = serde_json::to_vec(found).map_err(|e| self.err(e))?;
                links
                    .insert(url.as_str(), bytes.as_slice())
                    .map_err(|e| self.err(e))?;
            }
            let mut meta = txn.open_table(META).map_err(|e| self.err(e))?;
            for (key, value) in &self.meta {
                meta.insert(key.as_str(), *value).map_err(|e| self.err(e))?;
            }
            let mut articles = txn.open_table(ARTICLES).map_err(|e| self.err(e))?;
            for (hash, url) in &self.articles {
                articles
                    .insert(*hash, url.as_str())
                    .map_err(|e| self.err(e))?;
            }
            let mut host_articles = txn.open_table(HOST_ARTICLES).map_err(|e| self.err(e))?;
            let mut host_blocks = txn.open_table(HOST_BLOCKS).map_err(|e| self.err(e))?;
            for (host, model) in &self.hosts {
                host_articles
                    .insert(host.as_str(), model.articles)
                    .map_err(|e| self.err(e))?;
                host_blocks
                    .retain_in((host.as_str(), 0u64)..=(host.as_str(), u64::MAX), |_, _| {
                        false
                    })
                    .map_err(|e| self.err(e))?;
                for (hash, count) in &model.counts {
                    host_blocks
                        .insert((host.as_str(), *hash), *count)
                        .map_err(|e| self.err(e))?;
                }
            }
        }
        txn.commit().map_err(|e| err(e.into()))?;
        self.urls.clear();
        self.links.clear();
        self.meta.clear();
        self.articles.clear();
        self.hosts.clear();
        Ok(())
    }
}

/// One entry of the store as [`dump`] gives it: a table's row, tagged
/// with the table (`thresh state` prints these as JSONL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "table", rename_all = "snake_case")]
pub enum StateRecord {
    /// What the store knows of a URL.
    Url(UrlState),
    /// The same-site outlinks recorded for a followed page.
    Links {
        /// The page.
        url: String,
        /// Its links.
        links: Vec<String>,
    },
    /// The URL that holds an article (exact dedup across runs).
    Article {
        /// The article's exact hash (as `article_hash` in a URL's state).
        hash: u64,
        /// The URL that holds it.
        url: String,
    },
    /// How many articles of a host the boilerplate model has seen.
    Host {
        /// The host.
        host: String,
        /// Articles seen.
        articles: u64,
    },
    /// How many of a host's articles held a block.
    HostBlock {
        /// The host.
        host: String,
        /// The block's hash.
        hash: u64,
        /// Articles that held it.
        count: u64,
    },
    /// A number kept beside the URL states (the committed length of a
    /// JSONL log).
    Meta {
        /// Its key.
        key: String,
        /// Its value.
        value: u64,
    },
}

/// Call `f` with every committed entry of the store at `path`, table by
/// table in key order, without changing the file (it is opened read-only;
/// a store that a run holds open, or that a killed run left needing
/// repair, is an error saying so).
pub fn dump(path: &Path, mut f: impl FnMut(StateRecord)) -> Result<(), PipelineError> {
    let err = |e: &dyn std::fmt::Display| store_err(path, e);
    if !path.exists() {
        return Err(err(&"no state store yet (the pipeline has not run)"));
    }
    let db = redb::ReadOnlyDatabase::open(path).map_err(|e| match e {
        redb::DatabaseError::DatabaseAlreadyOpen => {
            err(&"in use by a running `thresh run`; try again when it ends")
        }
        redb::DatabaseError::RepairAborted => {
            err(&"needs repair after an interrupted run; the next `thresh run` repairs it")
        }
        e => err(&e),
    })?;
    let txn = db.begin_read().map_err(|e| err(&e))?;
    let urls = txn.open_table(URLS).map_err(|e| err(&e))?;
    for entry in urls.iter().map_err(|e| err(&e))? {
        let (key, value) = entry.map_err(|e| err(&e))?;
        let state = serde_json::from_slice(value.value())
            .map_err(|e| err(&format!("{}: bad record: {e}", key.value())))?;
        f(StateRecord::Url(state));
    }
    let links = txn.open_table(LINKS).map_err(|e| err(&e))?;
    for entry in links.iter().map_err(|e| err(&e))? {
        let (key, value) = entry.map_err(|e| err(&e))?;
        let url = key.value().to_string();
        let links = serde_json::from_slice(value.value())
            .map_err(|e| err(&format!("{url}: bad links record: {e}")))?;
        f(StateRecord::Links { url, links });
    }
    let articles = txn.open_table(ARTICLES).map_err(|e| err(&e))?;
    for entry in articles.iter().map_err(|e| err(&e))? {
        let (key, value) = entry.map_err(|e| err(&e))?;
        f(StateRecord::Article {
            hash: key.value(),
            url: value.value().to_string(),
        });
    }
    let hosts = txn.open_table(HOST_ARTICLES).map_err(|e| err(&e))?;
    for entry in hosts.iter().map_err(|e| err(&e))? {
        let (key, value) = entry.map_err(|e| err(&e))?;
        f(StateRecord::Host {
            host: key.value().to_string(),
            articles: value.value(),
        });
    }
    let blocks = txn.open_table(HOST_BLOCKS).map_err(|e| err(&e))?;
    for entry in blocks.iter().map_err(|e| err(&e))? {
        let (key, value) = entry.map_err(|e| err(&e))?;
        let (host, hash) = key.value();
        f(StateRecord::HostBlock {
            host: host.to_string(),
            hash,
            count: value.value(),
        });
    }
    let meta = txn.open_table(META).map_err(|e| err(&e))?;
    for entry in meta.iter().map_err(|e| err(&e))? {
        let (key, value) = entry.map_err(|e| err(&e))?;
        f(StateRecord::Meta {
            key: key.value().to_string(),
            value: value.value(),
        });
    }
    Ok(())
}

/// The committed state of a URL, read from `db` (one read transaction).
/// Shared by [`Store::url`] and the fetcher's validator cache.
pub(crate) fn read_committed(db: &Database, url: &str) -> Result<Option<UrlState>, String> {
    let txn = db.begin_read().map_err(|e| e.to_string())?;
    let table = txn.open_table(URLS).map_err(|e| e.to_string())?;
    let Some(value) = table.get(url).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    serde_json::from_slice(value.value())
        .map(Some)
        .map_err(|e| format!("bad record: {e}"))
}

fn store_err(path: &Path, e: impl std::fmt::Display) -> PipelineError {
    PipelineError::Store {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use thresh_core::{Article, Block};

    #[test]
    fn states_survive_reopening_only_after_flush() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/pipeline.redb");
        {
            let mut store = Store::open(&path).unwrap();
            store.set_url(UrlState {
                url: "https://a.example/1".into(),
                etag: Some("\"v1\"".into()),
                status: "written".into(),
                ..UrlState::default()
            });
            store.set_article_owner(42, "https://a.example/1");
            assert!(store.url("https://a.example/1").unwrap().is_some());
            store.flush().unwrap();
            store.set_url(UrlState {
                url: "https://a.example/2".into(),
                status: "written".into(),
                ..UrlState::default()
            });
            // Dropped without flush: the second URL is lost, as in a kill.
        }
        let store = Store::open(&path).unwrap();
        let one = store.url("https://a.example/1").unwrap().unwrap();
        assert_eq!(one.etag.as_deref(), Some("\"v1\""));
        assert!(store.url("https://a.example/2").unwrap().is_none());
        assert_eq!(
            store.article_owner(42).unwrap().as_deref(),
            Some("https://a.example/1")
        );
        let mut committed = 0;
        store.for_each_url(|_| committed += 1).unwrap();
        assert_eq!(committed, 1);
    }

    #[test]
    fn host_models_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.redb");
        let settings = crate::learn::LearnSettings::default();
        {
            let mut store = Store::open(&path).unwrap();
            let model = store.host("a.example").unwrap();
            for i in 0..3 {
                let mut a = Article::new(format!("u{i}"), "t");
                a.blocks.push(Block::paragraph("Shared teaser"));
                a.blocks.push(Block::paragraph(format!("Own text {i}")));
                model.observe(&a, &settings);
            }
            store.flush().unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let model = store.host("a.example").unwrap().clone();
        assert_eq!(model.articles, 3);
        let teaser = crate::learn::block_hash(&Block::paragraph("Shared teaser")).unwrap();
        assert_eq!(model.counts.get(&teaser), Some(&3));
        assert_eq!(store.host("b.example").unwrap().articles, 0);
    }

    #[test]
    fn when_a_run_commits_does_not_change_what_a_host_model_learns() {
        // The same articles, committed every 7 and every 60: the models a
        // later run loads are the same (a killed and resumed run commits
        // at other points than an uninterrupted one).
        let settings = crate::learn::LearnSettings::default();
        let article = |i: usize| {
            let mut a = Article::new(format!("u{i}"), "t");
            a.blocks.push(Block::paragraph("Shared teaser"));
            a.blocks.push(Block::paragraph(format!("Own text {i}")));
            a.blocks
                .push(Block::paragraph(format!("Pair text {}", i / 2)));
            a
        };
        let learned = |every: usize| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("s.redb");
            {
                let mut store = Store::open(&path).unwrap();
                for i in 0..200 {
                    store
                        .host("a.example")
                        .unwrap()
                        .observe(&article(i), &settings);
                    if i % every == every - 1 {
                        store.flush().unwrap();
                    }
                }
                store.flush().unwrap();
            }
            let mut store = Store::open(&path).unwrap();
            let model = store.host("a.example").unwrap().clone();
            let mut counts: Vec<(u64, u64)> = model.counts.into_iter().collect();
            counts.sort_unstable();
            (model.articles, counts)
        };
        assert_eq!(learned(7), learned(60));
    }

    #[test]
    fn dump_lists_committed_rows_and_leaves_an_open_store_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.redb");
        assert!(
            dump(&path, |_| {})
                .unwrap_err()
                .to_string()
                .contains("has not run")
        );
        let mut store = Store::open(&path).unwrap();
        store.set_url(UrlState {
            url: "https://a.example/1".into(),
            status: "written".into(),
            article_hash: Some(7),
            ..UrlState::default()
        });
        store.set_article_owner(7, "https://a.example/1");
        store.set_meta("jsonl_len:x", 42);
        store.flush().unwrap();
        store.set_url(UrlState {
            url: "https://a.example/2".into(),
            status: "written".into(),
            ..UrlState::default()
        });
        // A run holds the file: the dump says so instead of waiting.
        let busy = dump(&path, |_| {}).unwrap_err().to_string();
        assert!(busy.contains("in use"), "{busy}");
        drop(store);
        let mut got = Vec::new();
        dump(&path, |r| got.push(serde_json::to_string(&r).unwrap())).unwrap();
        assert_eq!(
            got,
            [
                r#"{"table":"url","url":"https://a.example/1","article_hash":7,"status":"written","depth":0}"#,
                r#"{"table":"article","hash":7,"url":"https://a.example/1"}"#,
                r#"{"table":"meta","key":"jsonl_len:x","value":42}"#,
            ]
        );
    }
}
