//! Pipeline files: TOML with `[source]`, `[fetch]`, `[clean]`, `[emit]`,
//! `[state]`, `[learn]`, `[dedup]` and `[[tests]]`. Every key is optional
//! but the source; unknown keys are errors that point at their line.
//! [`PipelineOptions`] is the file as written; [`Pipeline`] is it
//! resolved (paths made relative to the file's folder, defaults filled in).

use std::path::{Path, PathBuf};

use regex::Regex;
use serde::{Deserialize, Serialize};
use thresh_emit::Format;

use crate::PipelineError;
use crate::learn::LearnSettings;
use crate::template::PathTemplate;

/// A pipeline file as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineOptions {
    /// Where URLs or pages come from.
    pub source: SourceOptions,
    /// The fetcher's options (politeness, timeouts, limits, user agent).
    #[serde(default)]
    pub fetch: thresh_fetch::Options,
    /// The cleaner's options (focus, input kind).
    #[serde(default)]
    pub clean: thresh_clean::Options,
    /// Where and how articles are written.
    #[serde(default)]
    pub emit: EmitOptions,
    /// The state store.
    #[serde(default)]
    pub state: StateOptions,
    /// Site boilerplate learning.
    #[serde(default)]
    pub learn: LearnOptions,
    /// Duplicate detection.
    #[serde(default)]
    pub dedup: DedupOptions,
    /// Offline tests run by `thresh test`.
    #[serde(default)]
    pub tests: Vec<TestCase>,
}

/// `[source]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceOptions {
    /// URLs to fetch.
    #[serde(default)]
    pub urls: Vec<String>,
    /// A file of URLs, one a line (`#` comments and blank lines ignored).
    pub url_file: Option<PathBuf>,
    /// Sitemap URLs (XML, gzipped XML, text; indexes are followed).
    #[serde(default)]
    pub sitemaps: Vec<String>,
    /// RSS / Atom / JSON feed URLs.
    #[serde(default)]
    pub feeds: Vec<String>,
    /// Also read the `Sitemap:` lines of the robots.txt of every host in
    /// `urls`. Default: false.
    pub robots_sitemaps: Option<bool>,
    /// WARC files to clean (no fetching).
    #[serde(default)]
    pub warc: Vec<PathBuf>,
    /// A folder of saved pages to clean (no fetching).
    pub dir: Option<PathBuf>,
    /// Only URLs matching one of these regular expressions (default: all).
    #[serde(default)]
    pub include: Vec<String>,
    /// Never URLs matching one of these regular expressions.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Follow same-site links this many steps from the listed pages.
    /// Default: 0 (no following).
    pub max_depth: Option<u32>,
    /// Most pages fetched in one run. Default: 10000.
    pub max_pages: Option<usize>,
    /// Skip sitemap and feed entries whose date is older than this many
    /// days. Default: no limit.
    pub max_age_days: Option<u32>,
    /// Pages fetched less than this many hours ago are not asked for again
    /// (unless a sitemap or feed says they changed). Default: 0 (always
    /// ask, with a conditional request).
    pub revisit_after_hours: Option<f64>,
}

/// `[emit]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmitOptions {
    /// Output format: text, md, json or jsonl. Default: md.
    pub format: Option<Format>,
    /// Output folder. Default: `out/<pipeline name>` beside the file.
    pub dir: Option<PathBuf>,
    /// Path of each article inside the folder. Default:
    /// `{host}/{date}/{slug}.{ext}`. See [`crate::template`].
    pub path: Option<String>,
    /// Also append every new article as a JSON line to this file.
    pub jsonl: Option<PathBuf>,
    /// Also write the raw responses of each run to a gzipped WARC file in
    /// this folder (one file per run).
    pub warc_dir: Option<PathBuf>,
}

/// `[state]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateOptions {
    /// The store file. Default: `.thresh/<pipeline name>.redb` beside the
    /// pipeline file.
    pub path: Option<PathBuf>,
}

/// `[learn]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnOptions {
    /// Learn and strip repeated site blocks. Default: true.
    pub enabled: Option<bool>,
    /// Articles of a host seen before stripping starts. Default: 5.
    pub min_articles: Option<u64>,
    /// Articles a block must have appeared in. Default: 4.
    pub min_count: Option<u64>,
    /// Share of the host's articles that is. Default: 0.2.
    pub min_share: Option<f64>,
}

/// `[dedup]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DedupOptions {
    /// Skip articles whose normalised text equals one already written.
    /// Default: true.
    pub exact: Option<bool>,
    /// Skip near-duplicates (simhash within 3 bits). Default: true.
    pub near: Option<bool>,
}

/// One `[[tests]]` case: an input file cleaned offline and checked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// The test's name.
    pub name: String,
    /// The saved page or dump (relative to the pipeline file).
    pub input: PathBuf,
    /// The URL the page is cleaned as (for metadata).
    pub url: Option<String>,
    /// A file with the expected output in the pipeline's format.
    pub expect_file: Option<PathBuf>,
    /// The expected title.
    pub title: Option<String>,
    /// Strings the output must contain.
    #[serde(default)]
    pub contains: Vec<String>,
    /// Strings the output must not contain.
    #[serde(default)]
    pub not_contains: Vec<String>,
}

/// A resolved pipeline.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// The pipeline's name (the file stem).
    pub name: String,
    /// The pipeline file.
    pub file: PathBuf,
    /// The options as written (for `thresh check` and provenance).
    pub options: PipelineOptions,
    /// Fetcher settings.
    pub fetch: thresh_fetch::Settings,
    /// Cleaner settings.
    pub clean: thresh_clean::Settings,
    /// URL file, WARC files and folder, made absolute.
    pub url_file: Option<PathBuf>,
    /// WARC inputs.
    pub warc: Vec<PathBuf>,
    /// Folder input.
    pub dir: Option<PathBuf>,
    /// Compiled include patterns.
    pub include: Vec<Regex>,
    /// Compiled exclude patterns.
    pub exclude: Vec<Regex>,
    /// See [`SourceOptions::max_depth`].
    pub max_depth: u32,
    /// See [`SourceOptions::max_pages`].
    pub max_pages: usize,
    /// See [`SourceOptions::max_age_days`].
    pub max_age_days: Option<u32>,
    /// See [`SourceOptions::revisit_after_hours`].
    pub revisit_after_hours: f64,
    /// See [`SourceOptions::robots_sitemaps`].
    pub robots_sitemaps: bool,
    /// Output format.
    pub format: Format,
    /// Output folder.
    pub out_dir: PathBuf,
    /// Output path template.
    pub path_template: PathTemplate,
    /// JSONL file of new articles.
    pub jsonl: Option<PathBuf>,
    /// Folder of per-run WARC files.
    pub warc_dir: Option<PathBuf>,
    /// The state store file.
    pub state_path: PathBuf,
    /// The run lock file.
    pub lock_path: PathBuf,
    /// Learning, when enabled.
    pub learn: Option<LearnSettings>,
    /// Exact dedup.
    pub dedup_exact: bool,
    /// Near dedup.
    pub dedup_near: bool,
}

impl Pipeline {
    /// Read and resolve a pipeline file.
    pub fn load(file: &Path) -> Result<Pipeline, PipelineError> {
        let text = std::fs::read_to_string(file).map_err(|source| PipelineError::Io {
            path: file.to_path_buf(),
            source,
        })?;
        Pipeline::from_str(&text, file)
    }

    /// Resolve a pipeline from its text; `file` names it in errors and
    /// anchors relative paths.
    pub fn from_str(text: &str, file: &Path) -> Result<Pipeline, PipelineError> {
        let spec_err = |message: String| PipelineError::Spec {
            path: file.to_path_buf(),
            message,
        };
        let options: PipelineOptions =
            toml::from_str(text).map_err(|e| spec_err(e.to_string().trim_end().to_string()))?;
        let base = file.parent().unwrap_or(Path::new("")).to_path_buf();
        let rel = |p: &Path| {
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };
        let name = file.file_stem().map_or_else(
            || "pipeline".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        let src = &options.source;
        if src.urls.is_empty()
            && src.url_file.is_none()
            && src.sitemaps.is_empty()
            && src.feeds.is_empty()
            && src.warc.is_empty()
            && src.dir.is_none()
        {
            return Err(spec_err(
                "[source] names nothing to read: give urls, url_file, sitemaps, feeds, warc or dir"
                    .into(),
            ));
        }
        let compile = |patterns: &[String], what: &str| {
            patterns
                .iter()
                .map(|p| {
                    Regex::new(p)
                        .map_err(|e| spec_err(format!("[source] {what}: bad pattern `{p}`: {e}")))
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let fetch = options
            .fetch
            .resolve()
            .map_err(|e| spec_err(format!("[fetch]: {e}")))?;
        let format = options.emit.format.unwrap_or(Format::Md);
        let path_template = PathTemplate::parse(
            options
                .emit
                .path
                .as_deref()
                .unwrap_or("{host}/{date}/{slug}.{ext}"),
        )
        .map_err(|e| spec_err(format!("[emit] path: {e}")))?;
        let state_path = options
            .state
            .path
            .as_deref()
            .map(rel)
            .unwrap_or_else(|| base.join(".thresh").join(format!("{name}.redb")));
        let lock_path = state_path.with_extension("lock");
        let learn = &options.learn;
        let defaults = LearnSettings::default();
        let learn_settings = learn.enabled.unwrap_or(true).then(|| LearnSettings {
            min_articles: learn.min_articles.unwrap_or(defaults.min_articles),
            min_count: learn.min_count.unwrap_or(defaults.min_count),
            min_share: learn.min_share.unwrap_or(defaults.min_share),
            ..defaults
        });
        Ok(Pipeline {
            file: file.to_path_buf(),
            fetch,
            clean: options.clean.resolve(),
            url_file: src.url_file.as_deref().map(rel),
            warc: src.warc.iter().map(|p| rel(p)).collect(),
            dir: src.dir.as_deref().map(rel),
            include: compile(&src.include, "include")?,
            exclude: compile(&src.exclude, "exclude")?,
            max_depth: src.max_depth.unwrap_or(0),
            max_pages: src.max_pages.unwrap_or(10_000),
            max_age_days: src.max_age_days,
            revisit_after_hours: src.revisit_after_hours.unwrap_or(0.0),
            robots_sitemaps: src.robots_sitemaps.unwrap_or(false),
            format,
            out_dir: options
                .emit
                .dir
                .as_deref()
                .map(rel)
                .unwrap_or_else(|| base.join("out").join(&name)),
            path_template,
            jsonl: options.emit.jsonl.as_deref().map(rel),
            warc_dir: options.emit.warc_dir.as_deref().map(rel),
            state_path,
            lock_path,
            learn: learn_settings,
            dedup_exact: options.dedup.exact.unwrap_or(true),
            dedup_near: options.dedup.near.unwrap_or(true),
            name,
            options,
        })
    }

    /// Whether a URL passes the include and exclude patterns.
    pub fn wants(&self, url: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|r| r.is_match(url)))
            && !self.exclude.iter().any(|r| r.is_match(url))
    }

    /// Resolve a path written in the pipeline file (test inputs).
    pub fn relative(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.file.parent().unwrap_or(Path::new("")).join(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Pipeline, PipelineError> {
        Pipeline::from_str(text, Path::new("/srv/pipes/news.toml"))
    }

    #[test]
    fn defaults_are_resolved_beside_the_file() {
        let p = load("[source]\nurls = [\"https://a.example/\"]\n").unwrap();
        assert_eq!(p.name, "news");
        assert_eq!(p.state_path, Path::new("/srv/pipes/.thresh/news.redb"));
        assert_eq!(p.lock_path, Path::new("/srv/pipes/.thresh/news.lock"));
        assert_eq!(p.out_dir, Path::new("/srv/pipes/out/news"));
        assert_eq!(p.format, Format::Md);
        assert_eq!(p.max_depth, 0);
        assert!(p.learn.is_some() && p.dedup_exact && p.dedup_near);
        assert!(p.fetch.respect_robots);
    }

    #[test]
    fn unknown_keys_point_at_their_line() {
        let err =
            load("[source]\nurls = []\ndir = \"x\"\n\n[emit]\nformat = \"md\"\nfromat = \"md\"\n")
                .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("/srv/pipes/news.toml: "), "{msg}");
        assert!(msg.contains("line 7"), "{msg}");
        assert!(msg.contains("fromat"), "{msg}");
    }

    #[test]
    fn sections_are_typed() {
        let p = load(
            r#"
[source]
sitemaps = ["https://a.example/sitemap.xml"]
include = ["/news/"]
exclude = ["\\?print="]
max_depth = 1
[fetch]
delay_secs = 2.5
[clean]
focus = "precision"
[emit]
format = "jsonl"
path = "{host}/{id}.{ext}"
[learn]
enabled = false
"#,
        )
        .unwrap();
        assert!(p.wants("https://a.example/news/1"));
        assert!(!p.wants("https://a.example/sport/1"));
        assert!(!p.wants("https://a.example/news/1?print=1"));
        assert_eq!(p.fetch.delay.as_millis(), 2500);
        assert_eq!(p.clean.focus, thresh_clean::Focus::Precision);
        assert_eq!(p.format, Format::Jsonl);
        assert!(p.learn.is_none());
    }

    #[test]
    fn bad_values_are_errors() {
        assert!(
            load("[source]\n")
                .unwrap_err()
                .to_string()
                .contains("names nothing")
        );
        assert!(
            load("[source]\nurls=[\"x\"]\ninclude=[\"(\"]\n")
                .unwrap_err()
                .to_string()
                .contains("bad pattern")
        );
        assert!(
            load("[source]\nurls=[\"x\"]\n[emit]\npath=\"{host}\"\n")
                .unwrap_err()
                .to_string()
                .contains("[emit] path")
        );
        assert!(
            load("[source]\nurls = 3\n")
                .unwrap_err()
                .to_string()
                .contains("line 2")
        );
    }
}
