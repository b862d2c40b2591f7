//! The run report: counts of what a run did, printed as a summary line and
//! written as JSON next to the output.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Failures listed by URL in the report, at most.
const MAX_LISTED_FAILURES: usize = 200;

/// What one run did.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    /// The pipeline's name.
    pub pipeline: String,
    /// When the run started.
    pub started: DateTime<Utc>,
    /// When it ended.
    pub finished: Option<DateTime<Utc>>,
    /// True when the run was stopped by a signal before it was done.
    pub interrupted: bool,
    /// Distinct URLs (or files) found by every source.
    pub discovered: usize,
    /// URLs left out by the include / exclude patterns.
    pub excluded: usize,
    /// Entries skipped because their sitemap / feed date is too old.
    pub skipped_old: usize,
    /// URLs not asked for again because they were fetched recently.
    pub skipped_recent: usize,
    /// URLs left for a later run by `max_pages`.
    pub deferred: usize,
    /// Pages downloaded (or read).
    pub fetched: usize,
    /// `304 Not Modified` answers.
    pub not_modified: usize,
    /// Pages downloaded again with the same content as last time.
    pub unchanged: usize,
    /// Responses of a media type that is not cleaned.
    pub skipped_type: usize,
    /// Pages in another language than `[clean] target_language`.
    pub skipped_language: usize,
    /// URLs robots.txt does not allow.
    pub robots_denied: usize,
    /// Articles written for the first time.
    pub new_articles: usize,
    /// Articles rewritten because their page changed.
    pub updated_articles: usize,
    /// Hub pages (listings, section fronts, `discover_only` seeds) used
    /// for their links and not written as articles.
    pub hubs: usize,
    /// Articles not written: same text as another URL's article.
    pub duplicates: usize,
    /// Articles not written: nearly the same text as another's.
    pub near_duplicates: usize,
    /// Blocks removed by site boilerplate learning.
    pub boilerplate_blocks_removed: usize,
    /// Failures by reason (`fetch:timeout`, `clean`, `write`...).
    pub failed: BTreeMap<String, usize>,
    /// The first failures, URL and message.
    pub failures: Vec<(String, String)>,
}

impl RunReport {
    /// An empty report for a pipeline.
    pub fn new(pipeline: &str) -> Self {
        RunReport {
            pipeline: pipeline.to_string(),
            started: Utc::now(),
            finished: None,
            interrupted: false,
            discovered: 0,
            excluded: 0,
            skipped_old: 0,
            skipped_recent: 0,
            deferred: 0,
            fetched: 0,
            not_modified: 0,
            unchanged: 0,
            skipped_type: 0,
            skipped_language: 0,
            robots_denied: 0,
            new_articles: 0,
            updated_articles: 0,
            hubs: 0,
            duplicates: 0,
            near_duplicates: 0,
            boilerplate_blocks_removed: 0,
            failed: BTreeMap::new(),
            failures: Vec::new(),
        }
    }

    /// Record a failure of `url` for `reason`.
    pub fn fail(&mut self, reason: &str, url: &str, message: String) {
        tracing::warn!(url, reason, "{message}");
        *self.failed.entry(reason.to_string()).or_insert(0) += 1;
        if self.failures.len() < MAX_LISTED_FAILURES {
            self.failures.push((url.to_string(), message));
        }
    }

    /// Number of failures.
    pub fn failed_total(&self) -> usize {
        self.failed.values().sum()
    }

    /// One line for stderr.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{}: discovered {}, fetched {}, not modified {}, unchanged {}, new articles {}, updated {}, duplicates {}, failed {}",
            self.pipeline,
            self.discovered,
            self.fetched,
            self.not_modified,
            self.unchanged,
            self.new_articles,
            self.updated_articles,
            self.duplicates + self.near_duplicates,
            self.failed_total(),
        );
        if !self.failed.is_empty() {
            let reasons: Vec<String> = self
                .failed
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            s.push_str(&format!(" ({})", reasons.join(", ")));
        }
        for (what, n) in [
            ("hubs", self.hubs),
            ("skipped (type)", self.skipped_type),
            ("skipped (language)", self.skipped_language),
            ("robots-denied", self.robots_denied),
            ("skipped (recent)", self.skipped_recent),
            ("skipped (old)", self.skipped_old),
            ("deferred", self.deferred),
        ] {
            if n > 0 {
                s.push_str(&format!(", {what} {n}"));
            }
        }
        if self.interrupted {
            s.push_str(" [interrupted]");
        }
        s
    }
}
