//! `--comments`: a page's comment thread after its article. The cleaner
//! drops comment sections by default (they are not the article); asked for,
//! each outermost box that names itself a comment section (`#comments`,
//! `.comment-list`, `#disqus_thread`...) and holds text is converted whole,
//! minus what is hidden or never text, under a "Comments" heading.

use thresh_core::Block;

use super::blocks::Converter;
use super::dom::{Dom, Tag};
use super::prune::{Cut, Marks};
use super::{Tuning, stats};

/// Class or id values that name a comment section (whole values, any case).
const SECTIONS: &[&str] = &[
    "comments",
    "comment-list",
    "commentlist",
    "comments-area",
    "comments-section",
    "comment-section",
    "comments-list",
    "comment-thread",
    "comments-container",
    "disqus_thread",
    "discussion",
];

/// The comment threads of the page as blocks (empty when there are none or
/// the article holds them already), to follow the article's `blocks`.
pub(crate) fn blocks(
    dom: &Dom<'_>,
    base: Option<&url::Url>,
    tuning: &Tuning,
    article: &[Block],
) -> Vec<Block> {
    let marks = Marks::compute(dom);
    let dropped = marks.dropped(dom, Cut::Hidden);
    let st = stats::compute(dom, &marks, &dropped);
    let have: String = article
        .iter()
        .map(Block::plain_text)
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = Vec::new();
    let mut i = dom.body;
    while i < dom.len() {
        if is_section(dom, i) && !dropped.get(i).copied().unwrap_or(true) && st[i].chars > 0 {
            let thread = Converter::new(dom, &marks, &dropped, &st, tuning, base).convert_all(i);
            let first = thread
                .iter()
                .map(Block::plain_text)
                .find(|t| !t.trim().is_empty())
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
            // A thread the article box took in already is not said twice.
            if first.is_some_and(|f| !have.contains(&f)) {
                // Without the thread's own chrome lines ("Leave a reply").
                out.extend(thread.into_iter().filter(|b| {
                    !matches!(b, Block::Paragraph { text, .. } | Block::Heading { text, .. }
                        if text.len() < 120 && crate::rules::line_is_boilerplate(text).is_some())
                }));
            }
            i = dom.end(i);
            continue;
        }
        i += 1;
    }
    if !out.is_empty() {
        out.insert(0, Block::heading(2, "Comments"));
    }
    out
}

fn is_section(dom: &Dom<'_>, i: usize) -> bool {
    if dom.tag(i) == Tag::Text {
        return false;
    }
    let a = dom.attrs(i);
    [a.class, a.id]
        .into_iter()
        .flatten()
        .flat_map(str::split_ascii_whitespace)
        .any(|v| SECTIONS.iter().any(|s| v.eq_ignore_ascii_case(s)))
}
