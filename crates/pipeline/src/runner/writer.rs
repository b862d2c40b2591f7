//! The single writer of a run: dedup, site boilerplate learning, the
//! article file (atomic), the JSONL log, and the URL's state.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use thresh_core::{Article, Page};
use thresh_emit::{Format, render, render_bytes, write_atomic};
use xxhash_rust::xxh3::xxh3_64;

use crate::dedup::{NearDupIndex, exact_hash, key_of, simhash};
use crate::runner::report::RunReport;
use crate::state::{Store, UrlState};
use crate::{Pipeline, PipelineError};

/// Why a fetched page is not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unwritten {
    /// A hub: a listing or seed whose links are followed.
    Hub,
    /// In another language than `[clean] target_language`.
    OtherLanguage,
}

/// Commit the store after this many written articles.
const FLUSH_EVERY: usize = 64;

/// What the writer does with cleaned pages.
pub struct Writer<'p> {
    pipeline: &'p Pipeline,
    near: NearDupIndex,
    /// xxh3 of an output file (relative) -> xxh3 of the URL that owns it.
    owners: HashMap<u64, u64>,
    jsonl: Option<JsonlLog>,
    since_flush: usize,
}

/// The JSONL log of new articles, open for appending.
struct JsonlLog {
    path: PathBuf,
    file: File,
    /// Its length: what is committed with the store at each flush.
    len: u64,
}

/// The store key of a JSONL log's committed length.
fn jsonl_key(path: &Path) -> String {
    format!("jsonl_len:{}", path.display())
}

impl std::fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

/// The body hash used to notice an unchanged page fetched in full.
pub fn content_hash(body: &[u8]) -> u64 {
    xxh3_64(body)
}

/// Whether a page fetched (or read) in full has the same bytes as when its
/// article was last written (or it was last used as a hub): nothing to
/// clean or write again.
pub fn is_unchanged(previous: Option<&UrlState>, page: &Page) -> bool {
    previous.is_some_and(|p| {
        (p.output.is_some() || p.status == "hub")
            && p.content_hash == Some(content_hash(&page.body))
    })
}

/// The hash of an article as emitted: its JSONL record, which holds every
/// field any format writes.
fn emitted_hash(article: &Article) -> Result<u64, thresh_emit::EmitError> {
    render(article, Format::Jsonl).map(|line| xxh3_64(line.as_bytes()))
}

impl<'p> Writer<'p> {
    /// A writer for a pipeline, knowing the URL states of earlier runs.
    pub fn new(pipeline: &'p Pipeline, store: &mut Store) -> Result<Self, PipelineError> {
        let mut near = NearDupIndex::new();
        let mut owners = HashMap::new();
        store.for_each_url(|state| {
            if let Some(h) = state.simhash {
                near.insert(h, key_of(&state.url));
            }
            if let Some(out) = &state.output {
                owners.insert(key_of(out), key_of(&state.url));
            }
        })?;
        let jsonl = match &pipeline.jsonl {
            Some(path) => {
                let key = jsonl_key(path);
                let committed = store.meta(&key)?;
                let (file, len) = open_jsonl(path, committed)?;
                if committed.is_none() {
                    // Commit the starting length now, so that even a first
                    // run killed before its first batch is cut back to it.
                    store.set_meta(&key, len);
                    store.flush()?;
                }
                Some(JsonlLog {
                    path: path.clone(),
                    file,
                    len,
                })
            }
            None => None,
        };
        Ok(Writer {
            pipeline,
            near,
            owners,
            jsonl,
            since_flush: 0,
        })
    }

    /// Handle one cleaned page: write its article unless it is a
    /// duplicate, and record the URL's state. `previous` is what the store
    /// knew of the URL.
    #[allow(clippy::too_many_arguments)]
    pub fn accept(
        &mut self,
        store: &mut Store,
        report: &mut RunReport,
        key: &str,
        page: &Page,
        mut article: Article,
        previous: Option<UrlState>,
        depth: u32,
        lastmod: Option<String>,
    ) -> Result<(), PipelineError> {
        let now = page.fetched_at.unwrap_or_else(Utc::now);
        let body_hash = content_hash(&page.body);
        // These bytes were cleaned before (a duplicate is cleaned again
        // each run): site learning has counted them already.
        let observed = previous
            .as_ref()
            .is_some_and(|p| p.content_hash == Some(body_hash));
        let mut state = previous.clone().unwrap_or_default();
        state.url = key.to_string();
        state.last_fetch = Some(now);
        state.depth = depth;
        state.content_hash = Some(body_hash);
        state.etag = header(page, "etag");
        state.last_modified = header(page, "last-modified");
        if lastmod.is_some() {
            state.sitemap_lastmod = lastmod;
        }
        state.error = None;
        if article.url.is_none() {
            article.url = page
                .final_url
                .clone()
                .or_else(|| page.url().map(str::to_string));
        }

        if let Some(settings) = &self.pipeline.learn {
            let host = host_of(&article);
            let model = store.host(&host)?;
            if !observed {
                model.observe(&article, settings);
            }
            report.boilerplate_blocks_removed += model.strip(&mut article, settings);
        }

        // The same article as last time (the page changed only in clutter
        // or in what learning strips): nothing is written.
        let emitted = emitted_hash(&article).map_err(|e| emit_err(key, e))?;
        if let Some(rel) = previous.as_ref().and_then(|p| p.output.as_deref())
            && previous.as_ref().and_then(|p| p.emitted_hash) == Some(emitted)
            && self.pipeline.out_dir.join(rel).is_file()
        {
            report.unchanged += 1;
            state.status = "unchanged".into();
            store.set_url(state);
            return Ok(());
        }
        state.emitted_hash = Some(emitted);

        let text = article.text();
        let exact = exact_hash(&text);
        let sim = simhash(&text);
        state.article_hash = Some(exact);
        if self.pipeline.dedup_exact
            && let Some(owner) = store.article_owner(exact)?.filter(|o| o != key)
        {
            tracing::info!(url = key, duplicate_of = %owner, "duplicate article");
            report.duplicates += 1;
            state.status = "duplicate".into();
            store.set_url(state);
            return Ok(());
        }
        if self.pipeline.dedup_near && self.near.find(sim, key_of(key)).is_some() {
            tracing::info!(url = key, "near-duplicate of an article already written");
            report.near_duplicates += 1;
            state.status = "near_duplicate".into();
            store.set_url(state);
            return Ok(());
        }

        // The simhash of the article written: the near-duplicate index a
        // later run starts from holds exactly what this run's index holds
        // (written articles, not the duplicates it turned away).
        state.simhash = Some(sim);
        let rel = match previous.as_ref().and_then(|p| p.output.clone()) {
            Some(rel) => rel,
            None => self.fresh_path(&article, key, now)?,
        };
        let rendered =
            render_bytes(&article, self.pipeline.format).map_err(|e| emit_err(&rel, e))?;
        let path = self.pipeline.out_dir.join(&rel);
        write_atomic(&path, &rendered, true).map_err(|e| emit_err(&rel, e))?;
        if let Some(log) = &mut self.jsonl {
            let line = render(&article, Format::Jsonl).map_err(|e| emit_err(&rel, e))?;
            log.file
                .write_all(line.as_bytes())
                .map_err(|source| PipelineError::Io {
                    path: log.path.clone(),
                    source,
                })?;
            log.len += line.len() as u64;
        }
        let is_update = previous.as_ref().is_some_and(|p| p.output.is_some());
        if is_update {
            report.updated_articles += 1;
            state.status = "updated".into();
        } else {
            report.new_articles += 1;
            state.status = "written".into();
        }
        tracing::info!(url = key, path = %path.display(), status = %state.status, "article written");
        self.owners.insert(key_of(&rel), key_of(key));
        state.output = Some(rel);
        store.set_article_owner(exact, key);
        self.near.insert(sim, key_of(key));
        store.set_url(state);
        self.since_flush += 1;
        if self.since_flush >= FLUSH_EVERY {
            self.flush(store)?;
        }
        Ok(())
    }

    /// Record a page fetched and not written: a hub (used for its links)
    /// or a page in another language than `[clean] target_language`. Its
    /// validators are kept, so an unchanged page is not fetched again.
    #[allow(clippy::too_many_arguments)]
    pub fn unwritten(
        &mut self,
        store: &mut Store,
        report: &mut RunReport,
        key: &str,
        page: &Page,
        previous: Option<UrlState>,
        depth: u32,
        why: Unwritten,
    ) {
        let status = match why {
            Unwritten::Hub => {
                report.hubs += 1;
                "hub"
            }
            Unwritten::OtherLanguage => {
                report.skipped_language += 1;
                "other-language"
            }
        };
        let mut state = previous.unwrap_or_default();
        state.url = key.to_string();
        state.last_fetch = Some(page.fetched_at.unwrap_or_else(Utc::now));
        state.depth = depth;
        state.content_hash = Some(content_hash(&page.body));
        state.etag = header(page, "etag");
        state.last_modified = header(page, "last-modified");
        state.status = status.into();
        state.error = None;
        store.set_url(state);
    }

    /// Record a URL whose fetch or clean failed. Its last good article
    /// (file and state) is kept.
    pub fn failed(
        &mut self,
        store: &mut Store,
        key: &str,
        previous: Option<UrlState>,
        error: String,
    ) {
        let mut state = previous.unwrap_or_default();
        state.url = key.to_string();
        state.status = "failed".into();
        state.error = Some(error);
        store.set_url(state);
    }

    /// Record a URL that did not change (304, or same bytes).
    pub fn unchanged(
        &mut self,
        store: &mut Store,
        key: &str,
        previous: Option<UrlState>,
        lastmod: Option<String>,
    ) {
        let mut state = previous.unwrap_or_default();
        state.url = key.to_string();
        state.last_fetch = Some(Utc::now());
        if lastmod.is_some() {
            state.sitemap_lastmod = lastmod;
        }
        if state.status == "failed" {
            state.status = "written".into();
            state.error = None;
        }
        store.set_url(state);
    }

    /// Sync the JSONL file, then commit the store with the log's length:
    /// a killed run's records past that length are cut at the next start,
    /// and the pages they came from are done again.
    pub fn flush(&mut self, store: &mut Store) -> Result<(), PipelineError> {
        if let Some(log) = &mut self.jsonl {
            log.file.sync_data().map_err(|source| PipelineError::Io {
                path: log.path.clone(),
                source,
            })?;
            store.set_meta(&jsonl_key(&log.path), log.len);
        }
        store.flush()?;
        self.since_flush = 0;
        Ok(())
    }

    /// A path for a URL's first article: the template, made unique when
    /// another URL already owns it. A file left by an interrupted run for
    /// the same URL (owned by nobody) is reused.
    fn fresh_path(
        &self,
        article: &Article,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<String, PipelineError> {
        let ext = self.pipeline.format.extension();
        let rel = self.pipeline.path_template.render(article, now, ext);
        match self.owners.get(&key_of(&rel)) {
            Some(&owner) if owner != key_of(key) => {
                Ok(thresh_emit::template::disambiguate(&rel, key, ext))
            }
            _ => Ok(rel),
        }
    }
}

fn header(page: &Page, name: &str) -> Option<String> {
    page.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

fn host_of(article: &Article) -> String {
    article
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| {
            u.host_str()
                .map(|h| h.trim_start_matches("www.").to_string())
        })
        .unwrap_or_else(|| "local".to_string())
}

fn emit_err(rel: &str, e: thresh_emit::EmitError) -> PipelineError {
    PipelineError::Io {
        path: PathBuf::from(rel),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Open the JSONL log for appending and return it with its length.
///
/// `committed` is the length the store committed with the last batch: the
/// records past it were written by a run killed before it committed them,
/// and are cut (the next run writes them again, so the log ends up as an
/// uninterrupted run's). A log shorter than that (rotated by its owner) is
/// kept as it is. With no committed length (a new store), only a partial
/// last line is cut.
fn open_jsonl(path: &Path, committed: Option<u64>) -> Result<(File, u64), PipelineError> {
    let io = |source| PipelineError::Io {
        path: path.to_path_buf(),
        source,
    };
    crate::error::create_parent(path)?;
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let keep = match committed {
        Some(c) if c < len => {
            tracing::warn!(
                path = %path.display(),
                bytes = len - c,
                "cutting records written after the last commit by an interrupted run; they are written again"
            );
            c
        }
        Some(_) => len,
        None => complete_lines(&mut file, len).map_err(io)?,
    };
    if keep < len {
        file.set_len(keep).map_err(io)?;
    }
    file.seek(SeekFrom::End(0)).map_err(io)?;
    Ok((file, keep))
}

/// The length of `file` up to its last newline (a partial last line
/// dropped).
fn complete_lines(file: &mut File, len: u64) -> std::io::Result<u64> {
    if len == 0 {
        return Ok(0);
    }
    let tail = len.min(1 << 20);
    file.seek(SeekFrom::Start(len - tail))?;
    let mut buf = Vec::with_capacity(tail as usize);
    file.read_to_end(&mut buf)?;
    if buf.last() == Some(&b'\n') {
        return Ok(len);
    }
    tracing::warn!("cutting a partial last line left by an interrupted run");
    Ok(buf
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(len - tail, |p| len - tail + p as u64 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_jsonl_line_is_cut() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, "{\"a\":1}\n{\"b\":").unwrap();
        let (mut f, _) = open_jsonl(&path, None).unwrap();
        f.write_all(b"{\"c\":3}\n").unwrap();
        drop(f);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"a\":1}\n{\"c\":3}\n"
        );
    }

    #[test]
    fn records_past_the_committed_length_are_cut() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n").unwrap();
        let (_, len) = open_jsonl(&path, Some(8)).unwrap();
        assert_eq!(len, 8);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"a\":1}\n");
        // A log shorter than committed (rotated) is left alone.
        let (_, len) = open_jsonl(&path, Some(100)).unwrap();
        assert_eq!(len, 8);
    }
}
