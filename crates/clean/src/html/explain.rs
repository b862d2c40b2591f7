//! `thresh explain` for HTML: the page's blocks in document order, each
//! kept or dropped with the stage and rule that decided, the candidate
//! containers with their scores, the page type and its signal.
//!
//! The decisions are the cleaner's own: the article is the one
//! [`HtmlCleaner::clean`] makes (its blocks are the kept ones), the
//! converter's drops come from the trace it fills while cleaning
//! ([`super::trace`]), and the pruning reasons are read back from the same
//! marks and rule tables. Nothing here decides anything.

use std::collections::HashMap;

use thresh_core::{Article, Page};

use super::dom::{Dom, Tag};
use super::prune::{Cut, Marks};
use super::score::Scorer;
use super::{Document, HtmlCleaner, boilerplate, select, shell, stats, trace, tree};
use crate::explain::{Candidate, Decision, Explanation};
use crate::{CleanError, Cleaner as _};

/// How many candidate containers a report lists.
const CANDIDATES: usize = 8;

impl HtmlCleaner {
    /// Clean `page` and explain every decision.
    pub fn explain(&self, page: &Page) -> Result<Explanation, CleanError> {
        self.explain_run(page, || self.clean(page))
    }

    /// Explain the article `clean` makes of `page` (with this cleaner,
    /// and what its caller does after it).
    pub(crate) fn explain_run(
        &self,
        page: &Page,
        clean: impl FnOnce() -> Result<Article, CleanError>,
    ) -> Result<Explanation, CleanError> {
        let (article, drops) = trace::record(clean);
        let article = article?;
        let text = crate::sniff::page_text(page, true)?;
        let limits = tree::ParseLimits {
            deadline: None,
            max_nodes: tree::node_cap(text.len()),
        };
        let doc = Document::parse_within(&text, limits);
        let dom = Dom::build(&doc);
        let view = shell::noscript_view(&doc, &dom, limits);
        let view_dom = view.as_ref().map(Dom::build);
        let content = view_dom.as_ref().unwrap_or(&dom);
        // Where the metadata came from: the cleaner's own choice, read
        // from the page it read it from.
        let meta = super::meta::extract(&dom, &super::meta::json_ld_scripts(&dom));
        let mut from = meta.from.clone();
        // As the cleaner picks the URL: canonical, the page's, og:url.
        let url_from = if meta.canonical.is_some() {
            "<link rel=canonical>"
        } else if page.url().is_some() {
            "the page's URL"
        } else {
            "og:url"
        };
        if article.url.is_some() {
            from.push(("url", url_from));
        }
        Ok(explain_dom(self, content, article, &drops, &from))
    }
}

fn explain_dom(
    cleaner: &HtmlCleaner,
    dom: &Dom<'_>,
    article: Article,
    drops: &[trace::Drop],
    from: &[(&str, &str)],
) -> Explanation {
    let mut marks = Marks::compute(dom);
    let host = article
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_string));
    let rules = cleaner.settings.rules.for_host(host.as_deref());
    let mut by_selector: HashMap<usize, String> = HashMap::new();
    for sel in &rules.drop {
        for i in select::matching(dom, std::slice::from_ref(sel), true) {
            by_selector
                .entry(i)
                .or_insert_with(|| sel.as_str().to_string());
            if let Some(cut) = marks.cut.get_mut(i) {
                *cut = Cut::Always;
            }
        }
    }
    // The content roots a keep rule chose, with the rule.
    let kept_by: Vec<(usize, String)> = rules
        .keep
        .iter()
        .flat_map(|sel| {
            select::matching(dom, std::slice::from_ref(sel), true)
                .into_iter()
                .map(move |i| (i, sel.as_str().to_string()))
        })
        .collect();
    let dropped = marks.dropped(dom, Cut::Class);
    let st = stats::compute(dom, &marks, &dropped);
    let scorer = Scorer {
        dom,
        marks: &marks,
        dropped: &dropped,
        stats: &st,
        tuning: &cleaner.tuning,
    };
    let top = scorer.select().map(|s| s.top);
    let mut ranked: Vec<(usize, f32)> = scorer
        .scores()
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|v| (i, v)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let candidates = ranked
        .iter()
        .take(CANDIDATES)
        .map(|&(i, score)| Candidate {
            path: path(dom, i),
            score,
            text_chars: st.get(i).map_or(0, |s| s.chars),
            link_density: st.get(i).map_or(0.0, stats::Stat::link_density),
            chosen: Some(i) == top,
        })
        .collect();

    // The converter's drops, by node (the last word on a node wins).
    let traced: HashMap<usize, &trace::Drop> = drops.iter().map(|d| (d.node, d)).collect();
    let kept_text = norm(&article.text());
    let units = units(dom);
    let mut decisions: Vec<(usize, Decision)> = Vec::new();
    // Kept: the article's blocks, each placed at the first unit (from the
    // previous block's place on) whose text it holds.
    let mut at = 0usize;
    let unit_texts: Vec<String> = units.iter().map(|&u| norm(&dom.raw_text(u))).collect();
    for block in &article.blocks {
        let text = block.plain_text();
        if text.trim().is_empty() {
            continue;
        }
        let n = norm(&text);
        if let Some(k) =
            (at..units.len()).find(|&k| !unit_texts[k].is_empty() && n.contains(&unit_texts[k]))
        {
            at = k;
        }
        let place = units.get(at).copied().unwrap_or(0);
        let (stage, rule) = match kept_by.iter().find(|(root, _)| dom.contains(*root, place)) {
            Some((_, sel)) => ("site rule".to_string(), format!("--keep `{sel}`")),
            None => ("kept".to_string(), "in the article".to_string()),
        };
        decisions.push((
            place,
            Decision {
                kept: true,
                kind: crate::explain::block_kind(block).to_string(),
                text,
                stage,
                rule,
                path: path(dom, place),
            },
        ));
    }
    let title = article.title.as_deref().map(norm);
    let byline = article
        .byline
        .as_deref()
        .map(norm)
        .filter(|b| !b.is_empty());
    for (k, &u) in units.iter().enumerate() {
        let t = &unit_texts[k];
        if t.is_empty() || kept_text.contains(t.as_str()) {
            continue;
        }
        // The title is the article's title field, not a body block.
        if title.as_deref() == Some(t.as_str()) {
            decisions.push((
                u,
                Decision {
                    kept: true,
                    kind: "title".into(),
                    text: dom.raw_text(u),
                    stage: "title".into(),
                    rule: "the article's title (its own field, not a body block)".into(),
                    path: path(dom, u),
                },
            ));
            continue;
        }
        let (stage, rule) = match &byline {
            Some(b) if t.contains(b.as_str()) => (
                "metadata".to_string(),
                "the byline (the article's byline field)".to_string(),
            ),
            _ => why(dom, &marks, &dropped, &traced, &by_selector, top, u, t),
        };
        decisions.push((
            u,
            Decision {
                kept: false,
                kind: dom.name(u).to_string(),
                text: dom.raw_text(u),
                stage,
                rule,
                path: path(dom, u),
            },
        ));
    }
    // Document order; at one place, the kept block first.
    decisions.sort_by_key(|(place, d)| (*place, !d.kept));
    Explanation {
        source: article.source.clone(),
        input: "html".into(),
        page_type: article.page_type.map(|t| t.to_string()),
        page_type_signal: article.page_type_signal.clone(),
        metadata: crate::explain::metadata(&article, from),
        candidates,
        blocks: decisions.into_iter().map(|(_, d)| d).collect(),
        article,
    }
}

/// The stage and rule that dropped unit `u` (text `t`).
#[allow(clippy::too_many_arguments)]
fn why(
    dom: &Dom<'_>,
    marks: &Marks,
    dropped: &[bool],
    traced: &HashMap<usize, &trace::Drop>,
    by_selector: &HashMap<usize, String>,
    top: Option<usize>,
    u: usize,
    t: &str,
) -> (String, String) {
    let ancestors = || std::iter::successors(Some(u), |&a| dom.parent(a));
    if let Some(d) = ancestors().find_map(|a| traced.get(&a)) {
        return (d.stage.to_string(), d.rule.clone());
    }
    if dropped.get(u).copied().unwrap_or(false) {
        // The outermost element cut, which took this one with it.
        let cut = ancestors()
            .filter(|&a| {
                marks
                    .cut
                    .get(a)
                    .is_some_and(|&c| c >= Cut::Class && c != Cut::Keep)
            })
            .last()
            .unwrap_or(u);
        let name = dom.name(cut);
        let a = dom.attrs(cut);
        if let Some(sel) = by_selector.get(&cut) {
            return ("site rule".into(), format!("--drop `{sel}`"));
        }
        return match marks.cut.get(cut).copied().unwrap_or(Cut::Keep) {
            Cut::Always => ("page chrome".into(), format!("<{name}> is never text")),
            Cut::Hidden => (
                "hidden".into(),
                if a.aria_hidden {
                    format!("<{name} aria-hidden=true>")
                } else if a.hidden {
                    format!("<{name} hidden>")
                } else {
                    format!("<{name}> hidden by its style or class")
                },
            ),
            Cut::Chrome => ("page chrome".into(), format!("a <{name}> element")),
            _ => match (
                a.role.filter(|r| boilerplate::is_drop_role(r)),
                boilerplate::drop_value(a.class, a.id),
            ) {
                (Some(role), _) => ("class rule".into(), format!("role `{role}` (drop)")),
                (None, Some(v)) => ("class rule".into(), format!("class or id `{v}` (drop)")),
                (None, None) => (
                    "class rule".into(),
                    format!("<{name}> clutter by its attributes"),
                ),
            },
        };
    }
    if let Some(reason) = crate::rules::line_is_boilerplate(t) {
        return ("line rules".into(), format!("a clutter line: {reason:?}"));
    }
    match top {
        Some(top) if !dom.contains(top, u) => (
            "outside the content".into(),
            format!("outside the chosen container {}", path(dom, top)),
        ),
        _ => (
            "page type".into(),
            "not part of what this page type keeps".into(),
        ),
    }
}

/// Text blocks of the page in document order: elements with text and no
/// block inside them (the smallest boxes a reader sees as one block).
fn units(dom: &Dom<'_>) -> Vec<usize> {
    let n = dom.len();
    let mut has_block = vec![false; n];
    let mut has_text = vec![false; n];
    for i in (0..n).rev() {
        let tag = dom.tag(i);
        if matches!(
            tag,
            Tag::Script | Tag::Head | Tag::Title | Tag::Meta | Tag::Link
        ) {
            has_text[i] = false;
            continue;
        }
        if tag == Tag::Text && !dom.text(i).trim().is_empty() {
            has_text[i] = true;
        }
        if let Some(p) = dom.parent(i) {
            has_text[p] |= has_text[i];
            has_block[p] |= has_block[i] || (tag != Tag::Text && tag.is_block());
        }
    }
    (0..n)
        .filter(|&i| {
            let tag = dom.tag(i);
            tag != Tag::Text && tag.is_block() && has_text[i] && !has_block[i] && i >= dom.body
        })
        .collect()
}

/// Whitespace collapsed.
fn norm(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The element's place: its ancestors from `<body>` down, as
/// `tag.class#id` steps.
fn path(dom: &Dom<'_>, i: usize) -> String {
    let mut steps: Vec<String> = std::iter::successors(Some(i), |&a| dom.parent(a))
        .take_while(|&a| a >= dom.body)
        .map(|a| {
            let attrs = dom.attrs(a);
            let mut step = dom.name(a).to_string();
            if let Some(id) = attrs.id.filter(|v| !v.is_empty()) {
                step.push('#');
                step.push_str(id);
            }
            for c in attrs
                .class
                .into_iter()
                .flat_map(str::split_ascii_whitespace)
                .take(3)
            {
                step.push('.');
                step.push_str(c);
            }
            step
        })
        .collect();
    steps.reverse();
    steps.join(" > ")
}
