//! Pipeline files: TOML with `[source]`, `[fetch]`, `[clean]`, `[emit]`,
//! `[state]`, `[learn]`, `[dedup]` and `[[tests]]`. Every key is optional
//! but the source; unknown keys are errors that point at their line.
//! [`PipelineOptions`] is the file as written; [`Pipeline`] is it
//! resolved (relative paths anchored at the file's folder, made absolute,
//! defaults filled in), and [`Pipeline::resolved_options`] is the resolved
//! pipeline written back as options (what `thresh check` prints).
//! Every key is documented in `docs/pipeline.md`, and a test keeps that
//! page in step with these structs.

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
    /// Hub URLs (home pages, section fronts, directory listings): fetched
    /// and their links followed (set `max_depth`), never written as
    /// articles.
    #[serde(default)]
    pub discover_only: Vec<String>,
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
    /// Also write hub pages (listings, section fronts, `discover_only`
    /// seeds) as articles. Default: false (they are only used to find
    /// links).
    pub hubs: Option<bool>,
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
    /// The listed URLs and the `discover_only` ones, in that order.
    pub seeds: Vec<String>,
    /// The `discover_only` URLs.
    pub discover_only: std::collections::HashSet<String>,
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
    /// Write hub pages as articles too.
    pub emit_hubs: bool,
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
        // Paths in the file are relative to the file, wherever the run is
        // started from: the folder is made absolute (and canonical, when it
        // exists), so state keys and outputs do not depend on the working
        // directory.
        let file = absolute(file);
        let file = file.as_path();
        let spec_err = |message: String| PipelineError::Spec {
            path: file.to_path_buf(),
            message,
        };
        let base = file.parent().unwrap_or(Path::new("/")).to_path_buf();
        let rel = |p: &Path| normalise(&base.join(p));
        let name = file.file_stem().map_or_else(
            || "pipeline".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        let src = &options.source;
        for (key, list) in [
            ("urls", &src.urls),
            ("discover_only", &src.discover_only),
            ("sitemaps", &src.sitemaps),
            ("feeds", &src.feeds),
        ] {
            for u in list {
                check_url(u).map_err(|why| {
                    spec_err(format!(
                        "{}[source] {key}: `{u}`: {why}",
                        line_of(text, u).map_or(String::new(), |l| format!("line {l}: "))
                    ))
                })?;
            }
        }
        if src.urls.is_empty()
            && src.discover_only.is_empty()
            && src.url_file.is_none()
            && src.sitemaps.is_empty()
            && src.feeds.is_empty()
            && src.warc.is_empty()
            && src.dir.is_none()
        {
            return Err(spec_err(
                "[source] names nothing to read: give urls, discover_only, url_file, sitemaps, feeds, warc or dir"
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
                .unwrap_or(crate::template::DEFAULT_TEMPLATE),
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
        let seeds = src.urls.iter().chain(&src.discover_only).cloned().collect();
        Ok(Pipeline {
            file: file.to_path_buf(),
            fetch,
            clean: options
                .clean
                .resolve()
                .map_err(|e| spec_err(format!("[clean]: {e}")))?,
            seeds,
            discover_only: src.discover_only.iter().cloned().collect(),
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
            emit_hubs: options.emit.hubs.unwrap_or(false),
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

    /// The resolved pipeline as options: every key a user can write, with
    /// its default filled in and paths made absolute. Keys whose default
    /// is "none" (no URL file, no age limit...) stay out; [`unset_keys`]
    /// names them. Serialized as TOML, this is what `thresh check` prints,
    /// and it loads back as the same pipeline.
    ///
    /// [`unset_keys`]: Pipeline::unset_keys
    pub fn resolved_options(&self) -> PipelineOptions {
        let o = &self.options;
        let src = &o.source;
        let learn = self.learn.unwrap_or_default();
        PipelineOptions {
            source: SourceOptions {
                urls: src.urls.clone(),
                discover_only: src.discover_only.clone(),
                url_file: self.url_file.clone(),
                sitemaps: src.sitemaps.clone(),
                feeds: src.feeds.clone(),
                robots_sitemaps: Some(self.robots_sitemaps),
                warc: self.warc.clone(),
                dir: self.dir.clone(),
                include: src.include.clone(),
                exclude: src.exclude.clone(),
                max_depth: Some(self.max_depth),
                max_pages: Some(self.max_pages),
                max_age_days: self.max_age_days,
                revisit_after_hours: Some(self.revisit_after_hours),
            },
            fetch: thresh_fetch::Options::from(&self.fetch),
            clean: thresh_clean::Options::from(&self.clean),
            emit: EmitOptions {
                format: Some(self.format),
                dir: Some(self.out_dir.clone()),
                path: Some(self.path_template.as_str().to_string()),
                jsonl: self.jsonl.clone(),
                warc_dir: self.warc_dir.clone(),
                hubs: Some(self.emit_hubs),
            },
            state: StateOptions {
                path: Some(self.state_path.clone()),
            },
            learn: LearnOptions {
                enabled: Some(self.learn.is_some()),
                min_articles: Some(learn.min_articles),
                min_count: Some(learn.min_count),
                min_share: Some(learn.min_share),
            },
            dedup: DedupOptions {
                exact: Some(self.dedup_exact),
                near: Some(self.dedup_near),
            },
            tests: o
                .tests
                .iter()
                .map(|t| TestCase {
                    input: self.relative(&t.input),
                    expect_file: t.expect_file.as_deref().map(|p| self.relative(p)),
                    ..t.clone()
                })
                .collect(),
        }
    }

    /// The keys left out of [`Pipeline::resolved_options`] because they
    /// are not set and their default is "none", as `section.key`.
    pub fn unset_keys(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.url_file.is_none() {
            out.push("source.url_file");
        }
        if self.dir.is_none() {
            out.push("source.dir");
        }
        if self.max_age_days.is_none() {
            out.push("source.max_age_days");
        }
        if self.jsonl.is_none() {
            out.push("emit.jsonl");
        }
        if self.warc_dir.is_none() {
            out.push("emit.warc_dir");
        }
        out
    }

    /// Resolve a path written in the pipeline file (test inputs).
    pub fn relative(&self, path: &Path) -> PathBuf {
        normalise(&self.file.parent().unwrap_or(Path::new("/")).join(path))
    }
}

/// `path` made absolute against the working directory, with its folder
/// canonical when it exists (symlinks and `..` resolved).
fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => match std::fs::canonicalize(dir) {
            Ok(dir) => dir.join(name),
            Err(_) => abs,
        },
        _ => abs,
    }
}

/// `path` with `.` and `..` components resolved lexically (the path may
/// not exist yet).
fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Why a URL of `[source]` cannot be fetched, if it cannot.
fn check_url(u: &str) -> Result<(), String> {
    match url::Url::parse(u.trim()) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
            if parsed.host_str().is_none_or(str::is_empty) {
                Err("no host".into())
            } else {
                Ok(())
            }
        }
        Ok(parsed) => Err(format!("scheme `{}` is not http or https", parsed.scheme())),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            Err("not an absolute URL (write http:// or https:// before the host)".into())
        }
        Err(e) => Err(e.to_string()),
    }
}

/// The line (1-based) where a quoted string first appears in the text.
fn line_of(text: &str, value: &str) -> Option<usize> {
    let pos = [format!("\"{value}\""), format!("'{value}'")]
        .iter()
        .filter_map(|q| text.find(q.as_str()))
        .min()?;
    Some(text[..pos].matches('\n').count() + 1)
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
            load("[source]\nurls=[\"https://a.example/\"]\ninclude=[\"(\"]\n")
                .unwrap_err()
                .to_string()
                .contains("bad pattern")
        );
        assert!(
            load("[source]\nurls=[\"https://a.example/\"]\n[emit]\npath=\"{host}\"\n")
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

    #[test]
    fn urls_that_cannot_be_fetched_are_errors_naming_their_line() {
        for (bad, why) in [
            ("127.0.0.1:8765/x", "not an absolute URL"),
            ("ftp://a.example/x", "scheme `ftp`"),
            ("news/today", "not an absolute URL"),
        ] {
            let text = format!(
                "[source]\n# a comment\nurls = [\n  \"https://ok.example/\",\n  \"{bad}\",\n]\n"
            );
            let msg = load(&text).unwrap_err().to_string();
            assert!(msg.contains("line 5"), "{msg}");
            assert!(msg.contains(bad) && msg.contains(why), "{msg}");
        }
        let msg = load("[source]\nfeeds = ['example.org/rss']\n")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("line 2: [source] feeds"), "{msg}");
    }

    #[test]
    fn relative_paths_are_anchored_at_the_file_whatever_the_working_directory() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("pipes");
        std::fs::create_dir(&sub).unwrap();
        let file = sub.join("p.toml");
        std::fs::write(&file, "[source]\ndir = \"../pages\"\n").unwrap();
        // The same file named by a path with `..` in it resolves the same.
        let roundabout = sub.join("..").join("pipes").join("p.toml");
        let a = Pipeline::load(&file).unwrap();
        let b = Pipeline::load(&roundabout).unwrap();
        assert_eq!(a.state_path, b.state_path);
        assert_eq!(a.out_dir, b.out_dir);
        assert!(a.state_path.is_absolute() && a.file.is_absolute());
        assert_eq!(a.dir, b.dir);
    }

    #[test]
    fn resolved_options_load_back_as_the_same_pipeline() {
        let p = load(
            "[source]\nurls = [\"https://a.example/\"]\nmax_depth = 2\n[fetch]\ndelay_secs = 0.5\n[learn]\nenabled = false\n",
        )
        .unwrap();
        let text = toml::to_string_pretty(&p.resolved_options()).unwrap();
        for key in [
            "revisit_after_hours",
            "delay_secs = 0.5",
            "focus = ",
            "[dedup]",
            "max_depth = 2",
        ] {
            assert!(text.contains(key), "{key}:\n{text}");
        }
        let q = load(&text).unwrap();
        assert_eq!(q.resolved_options(), p.resolved_options());
        assert!(q.learn.is_none());
        assert_eq!(
            p.unset_keys(),
            vec![
                "source.url_file",
                "source.dir",
                "source.max_age_days",
                "emit.jsonl",
                "emit.warc_dir"
            ]
        );
    }

    #[test]
    fn site_rules_load_by_host_and_a_bad_selector_names_itself_and_its_line() {
        let p = load(
            r##"
[source]
urls = ["https://a.example/"]
[clean]
drop = [".ad"]
[clean.sites."a.example"]
keep = ["article .story"]
drop = [".related", "#comments"]
"##,
        )
        .unwrap();
        let on_a = p.clean.rules.for_host(Some("www.a.example"));
        assert_eq!(on_a.keep.len(), 1);
        assert_eq!(on_a.drop.len(), 3);
        assert_eq!(p.clean.rules.for_host(Some("b.example")).drop.len(), 1);
        // The resolved pipeline loads back with its rules.
        let text = toml::to_string_pretty(&p.resolved_options()).unwrap();
        assert_eq!(load(&text).unwrap().clean, p.clean, "{text}");

        let err = load(
            "[source]\nurls = [\"https://a.example/\"]\n[clean.sites.\"a.example\"]\ndrop = [\".ok\", \"div[\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 4") && err.contains("`div[`"), "{err}");
    }
}
