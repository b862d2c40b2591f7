//! Cleaner configuration: [`Options`] (every field optional, as read from
//! TOML or flags) resolved into [`Settings`] (every default in one place).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use thresh_core::PageType;

use crate::CleanError;
use crate::selector::{CssSelector, Rules, SiteRules};

/// Time one page may take by default: far more than any real page needs
/// (the largest benchmark page takes a few milliseconds), little enough
/// that a hostile page cannot hold a worker.
pub const DEFAULT_PAGE_TIMEOUT: Duration = Duration::from_secs(5);

/// Trade-off between keeping clutter and losing body text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Focus {
    /// Drop anything doubtful.
    Precision,
    /// The default balance.
    #[default]
    Balanced,
    /// Keep anything that may be body.
    Recall,
}

/// What kind of input a page is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// Decide from the content type and the bytes.
    #[default]
    Auto,
    /// An HTML document.
    Html,
    /// A plain-text dump, one block per line.
    Text,
}

/// Cleaner options as written by a user; `None` means "the default".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Precision / recall trade-off.
    pub focus: Option<Focus>,
    /// Force the input kind instead of sniffing.
    pub input: Option<InputKind>,
    /// Seconds one page may take to clean; a page that takes longer fails
    /// with [`CleanError::Timeout`]. Default: 5.
    pub page_timeout_secs: Option<f64>,
    /// Clean every HTML page as this type instead of classifying it.
    /// Default: classify each page.
    pub page_type: Option<PageType>,
    /// CSS selectors of the content on every page: the matching elements
    /// are the article (the cleaner's own choice is skipped).
    pub keep: Option<Vec<CssSelector>>,
    /// CSS selectors of clutter on every page, removed before anything
    /// else looks at the page.
    pub drop: Option<Vec<CssSelector>>,
    /// `keep` and `drop` for one host (and its subdomains), added to the
    /// rules for every page: `[clean.sites."example.com"]`.
    pub sites: Option<std::collections::BTreeMap<String, SiteRules>>,
    /// Keep data tables. Default: true.
    pub tables: Option<bool>,
    /// Keep the article's images as image blocks (source and alt text).
    /// Default: false.
    pub images: Option<bool>,
    /// Add the page's comment thread after the article (a forum's posts
    /// are its content whatever this says). Default: false.
    pub comments: Option<bool>,
    /// Skip pages in another language than this one (a two-letter ISO
    /// 639-1 code such as `en`, or a tag such as `en-GB`: its primary
    /// subtag counts).
    /// Pages whose language is unknown are kept. Default: every language.
    pub target_language: Option<String>,
}

impl Options {
    /// Fill in every default; a page timeout that is not a positive number
    /// of seconds is a [`CleanError::Config`].
    pub fn resolve(&self) -> Result<Settings, CleanError> {
        let d = Settings::default();
        let page_timeout = match self.page_timeout_secs {
            None => d.page_timeout,
            Some(secs) => Duration::try_from_secs_f64(secs)
                .ok()
                .filter(|t| !t.is_zero())
                .ok_or_else(|| CleanError::Config {
                    message: format!(
                        "page_timeout_secs = {secs}: not a positive number of seconds"
                    ),
                })?,
        };
        let target_language = match self.target_language.as_deref().map(str::trim) {
            None => None,
            Some(tag) => {
                let primary = tag
                    .split(['-', '_'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if primary.len() != 2 || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
                    return Err(CleanError::Config {
                        message: format!(
                            "target_language = {tag:?}: not a two-letter ISO 639-1 code (write e.g. \"en\" or \"de\")"
                        ),
                    });
                }
                Some(primary)
            }
        };
        Ok(Settings {
            tables: self.tables.unwrap_or(d.tables),
            images: self.images.unwrap_or(d.images),
            comments: self.comments.unwrap_or(d.comments),
            target_language,
            focus: self.focus.unwrap_or(d.focus),
            input: self.input.unwrap_or(d.input),
            page_timeout,
            page_type: self.page_type,
            rules: std::sync::Arc::new(Rules {
                all: SiteRules {
                    keep: self.keep.clone().unwrap_or_default(),
                    drop: self.drop.clone().unwrap_or_default(),
                },
                sites: self.sites.clone().unwrap_or_default(),
            }),
        })
    }
}

impl From<&Settings> for Options {
    /// The options that resolve to these settings, every field set.
    fn from(s: &Settings) -> Options {
        Options {
            focus: Some(s.focus),
            input: Some(s.input),
            page_timeout_secs: Some(s.page_timeout.as_secs_f64()),
            page_type: s.page_type,
            keep: (!s.rules.all.keep.is_empty()).then(|| s.rules.all.keep.clone()),
            drop: (!s.rules.all.drop.is_empty()).then(|| s.rules.all.drop.clone()),
            sites: (!s.rules.sites.is_empty()).then(|| s.rules.sites.clone()),
            tables: Some(s.tables),
            images: Some(s.images),
            comments: Some(s.comments),
            target_language: s.target_language.clone(),
        }
    }
}

/// Resolved cleaner settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Precision / recall trade-off.
    pub focus: Focus,
    /// Input kind (auto sniffs).
    pub input: InputKind,
    /// Time one page may take.
    pub page_timeout: Duration,
    /// The page type every HTML page is cleaned as, when forced.
    pub page_type: Option<PageType>,
    /// Site rules (CSS selectors to keep and to drop).
    #[serde(serialize_with = "shared")]
    pub rules: std::sync::Arc<Rules>,
    /// Keep data tables.
    pub tables: bool,
    /// Keep images as image blocks.
    pub images: bool,
    /// Add comment threads after the article.
    pub comments: bool,
    /// Skip pages in another language (a lower-case primary subtag).
    pub target_language: Option<String>,
}

/// Serialize what an `Arc` holds.
fn shared<S: serde::Serializer, T: Serialize>(
    v: &std::sync::Arc<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    T::serialize(v, s)
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            focus: Focus::default(),
            input: InputKind::default(),
            page_timeout: DEFAULT_PAGE_TIMEOUT,
            page_type: None,
            rules: std::sync::Arc::default(),
            tables: true,
            images: false,
            comments: false,
            target_language: None,
        }
    }
}

impl Settings {
    /// The settings as provenance key/value pairs.
    pub fn provenance(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("focus".into(), format!("{:?}", self.focus).to_lowercase()),
            ("input".into(), format!("{:?}", self.input).to_lowercase()),
        ];
        if let Some(t) = self.page_type {
            out.push(("page_type".into(), t.to_string()));
        }
        if !self.tables {
            out.push(("tables".into(), "false".into()));
        }
        if self.images {
            out.push(("images".into(), "true".into()));
        }
        if self.comments {
            out.push(("comments".into(), "true".into()));
        }
        if let Some(lang) = &self.target_language {
            out.push(("target_language".into(), lang.clone()));
        }
        let joined = |s: &[CssSelector]| {
            s.iter()
                .map(CssSelector::as_str)
                .collect::<Vec<_>>()
                .join(" ; ")
        };
        if !self.rules.all.keep.is_empty() {
            out.push(("keep".into(), joined(&self.rules.all.keep)));
        }
        if !self.rules.all.drop.is_empty() {
            out.push(("drop".into(), joined(&self.rules.all.drop)));
        }
        for (host, rules) in &self.rules.sites {
            if !rules.keep.is_empty() {
                out.push((format!("sites.{host}.keep"), joined(&rules.keep)));
            }
            if !rules.drop.is_empty() {
                out.push((format!("sites.{host}.drop"), joined(&rules.drop)));
            }
        }
        out
    }
}
