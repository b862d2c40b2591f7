//! What `thresh explain` shows: every block of a page, kept or dropped,
//! with the stage and the rule that decided; the page type and the signal
//! that chose it; the candidate containers with their scores; the
//! metadata found. Made by [`crate::AutoCleaner::explain`] from the
//! cleaner's own run (see `html::explain`).

use serde::Serialize;
use thresh_core::{Article, Page};

use crate::{AutoCleaner, CleanError, Cleaner as _, InputKind};

/// One page, explained.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The page's source (file, URL).
    pub source: String,
    /// The cleaner that ran: `html` or `text`.
    pub input: String,
    /// The page type, when the HTML cleaner ran.
    pub page_type: Option<String>,
    /// The signal that chose it (`schema.org Product`, `forced`...).
    pub page_type_signal: Option<String>,
    /// Metadata found: field, value, and where it came from.
    pub metadata: Vec<MetaField>,
    /// The best-scored candidate containers (HTML), best first.
    pub candidates: Vec<Candidate>,
    /// The page's blocks in document order.
    pub blocks: Vec<Decision>,
    /// The article, exactly as `thresh clean` makes it.
    pub article: Article,
}

/// One metadata field of the article.
#[derive(Debug, Clone, Serialize)]
pub struct MetaField {
    /// `title`, `byline`, `published`...
    pub name: String,
    /// Its value in the article.
    pub value: String,
    /// Where it came from (`og:title or twitter:title`, `<html lang>`,
    /// `JSON-LD datePublished`...), when known.
    pub from: Option<String>,
}

/// A candidate container of the article.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    /// Its DOM path.
    pub path: String,
    /// Its score.
    pub score: f32,
    /// Visible characters inside.
    pub text_chars: u32,
    /// Share of its text in links.
    pub link_density: f32,
    /// The container the article was taken from.
    pub chosen: bool,
}

/// One block and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// In the article.
    pub kept: bool,
    /// `paragraph`, `heading`, `list`... for kept blocks; the element name
    /// for dropped ones; `line` in text dumps.
    pub kind: String,
    /// Its text.
    pub text: String,
    /// The stage that decided (`kept`, `class rule`, `conditional
    /// cleaning`, `line rules`, `outside the content`...).
    pub stage: String,
    /// The rule, with its numbers (`link density 0.82 over 0.20`).
    pub rule: String,
    /// Where it is: the DOM path (HTML) or `line N` (text).
    pub path: String,
}

impl Explanation {
    /// Kept blocks.
    pub fn kept(&self) -> usize {
        self.blocks.iter().filter(|b| b.kept).count()
    }

    /// Dropped blocks.
    pub fn dropped(&self) -> usize {
        self.blocks.len() - self.kept()
    }
}

impl AutoCleaner {
    /// Clean `page` as [`AutoCleaner::clean`] does and explain each
    /// decision.
    pub fn explain(&self, page: &Page) -> Result<Explanation, CleanError> {
        let kind = match self.settings.input {
            InputKind::Auto => crate::sniff(page),
            forced => forced,
        };
        match kind {
            InputKind::Text => self.explain_text(page),
            _ => self.html.explain_run(page, || self.clean(page)),
        }
    }

    /// A text dump: the article's blocks, each at its first line, and the
    /// lines the article does not hold, each with why it went.
    fn explain_text(&self, page: &Page) -> Result<Explanation, CleanError> {
        let article = self.clean(page)?;
        let input = crate::sniff::page_text(page, false)?;
        let kept_lines: std::collections::HashSet<String> = article
            .blocks
            .iter()
            .flat_map(|b| b.plain_text().lines().map(norm).collect::<Vec<_>>())
            .collect();
        let title = article.title.as_deref().map(norm);
        let lines: Vec<(usize, String)> = input
            .lines()
            .enumerate()
            .map(|(n, l)| (n + 1, norm(l)))
            .filter(|(_, l)| !l.is_empty())
            .collect();
        let kept_at = |l: &str| kept_lines.contains(l) || title.as_deref() == Some(l);
        let first = lines.iter().position(|(_, l)| kept_at(l));
        let last = lines.iter().rposition(|(_, l)| kept_at(l));
        let mut out: Vec<(usize, Decision)> = Vec::new();
        // Kept: the article's blocks, at the line their text starts on.
        let mut at = 0usize;
        for block in &article.blocks {
            let text = block.plain_text();
            let Some(head) = text.lines().map(norm).find(|l| !l.is_empty()) else {
                continue;
            };
            if let Some(k) = (at..lines.len()).find(|&k| lines[k].1 == head) {
                at = k;
            }
            let n = lines.get(at).map_or(0, |(n, _)| *n);
            out.push((
                n,
                Decision {
                    kept: true,
                    kind: block_kind(block).into(),
                    text,
                    stage: "kept".into(),
                    rule: "in the article".into(),
                    path: format!("line {n}"),
                },
            ));
        }
        for (k, (n, l)) in lines.iter().enumerate() {
            if kept_lines.contains(l) {
                continue;
            }
            let (kept, kind, stage, rule) = if title.as_deref() == Some(l.as_str()) {
                (
                    true,
                    "title",
                    "title".to_string(),
                    "the article's title (its own field, not a body block)".to_string(),
                )
            } else if let Some(reason) = crate::rules::line_is_boilerplate(l) {
                (
                    false,
                    "line",
                    "line rules".into(),
                    format!("a clutter line: {reason:?}"),
                )
            } else if last.is_some_and(|last| k > last) {
                (
                    false,
                    "line",
                    "text-dump tail".into(),
                    "after the end of the body (related-story blocks, section labels)".into(),
                )
            } else if first.is_some_and(|first| k < first) {
                (
                    false,
                    "line",
                    "text-dump head".into(),
                    "before the title (navigation, breadcrumbs)".into(),
                )
            } else {
                (
                    false,
                    "line",
                    "text dump".into(),
                    "dropped by the text cleaner".into(),
                )
            };
            out.push((
                *n,
                Decision {
                    kept,
                    kind: kind.into(),
                    text: l.clone(),
                    stage,
                    rule,
                    path: format!("line {n}"),
                },
            ));
        }
        out.sort_by_key(|(n, d)| (*n, !d.kept));
        Ok(Explanation {
            source: article.source.clone(),
            input: "text".into(),
            page_type: None,
            page_type_signal: None,
            metadata: metadata(&article, &[("title", "the dump's title line")]),
            candidates: Vec::new(),
            blocks: out.into_iter().map(|(_, d)| d).collect(),
            article,
        })
    }
}

/// A block's kind, as the report names it.
pub(crate) fn block_kind(block: &thresh_core::Block) -> &'static str {
    use thresh_core::Block;
    match block {
        Block::Lede { .. } => "lede",
        Block::Heading { .. } => "heading",
        Block::Paragraph { .. } => "paragraph",
        Block::List { .. } => "list",
        Block::Quote { .. } => "quote",
        Block::Code { .. } => "code",
        Block::Table { .. } => "table",
        Block::Caption { .. } => "caption",
        Block::Image { .. } => "image",
    }
}

/// The article's metadata fields that are set, each with its source from
/// `from` (field -> source) when known.
pub(crate) fn metadata(article: &Article, from: &[(&str, &str)]) -> Vec<MetaField> {
    article
        .metadata_fields()
        .into_iter()
        .filter(|(k, _)| *k != "source")
        .filter_map(|(k, v)| {
            v.map(|v| MetaField {
                name: k.to_string(),
                value: v.to_string(),
                from: from
                    .iter()
                    .find(|(f, _)| *f == k)
                    .map(|(_, s)| (*s).to_string()),
            })
        })
        .collect()
}

fn norm(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
