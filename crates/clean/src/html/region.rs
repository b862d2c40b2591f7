//! The region extractor: the text of a page's main region minus its
//! [`furniture`](super::furniture), every block in document order.
//!
//! Where the article path picks the one box that reads most like an
//! article, this keeps all of the page's content sections: a landing
//! page's hero, features, pricing and FAQ; a listing's intro and every
//! card; a documentation page's sections. The region is the page's
//! `<main>` (or `role=main`) when that holds a fair share of the text,
//! else the `<body>`.

use thresh_core::{Block, MarkKind};

use super::Tuning;
use super::blocks::Converter;
use super::dom::{Dom, Tag};
use super::furniture::Family;
use super::prune::{Cut, Marks};
use super::stats::{self, Stat};

/// A `<main>` is the region when it holds at least this share of the
/// body's text (and [`MAIN_MIN_CHARS`]); a smaller one is a stub (the
/// content streamed in outside it, or only a hero inside it).
const MAIN_SHARE: f32 = 0.3;
/// ... and at least this many characters.
const MAIN_MIN_CHARS: u32 = 200;
/// Lines that are all link or button text and shorter than this many
/// words are calls to action ("Learn more", "Start free trial"), not
/// content; on listings they are the items and stay.
const BARE_LINK_WORDS: usize = 5;
/// A block repeated exactly (a carousel's clones, a mobile copy of a
/// section) is kept once when it is longer than this.
const REPEAT_CHARS: usize = 40;

/// How the region's lines are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lines {
    /// Drop short lines that are all links (calls to action).
    Content,
    /// Keep link lines: the items of a listing are links.
    Items,
}

/// The page's main region with its furniture marked.
pub(crate) struct Region {
    /// The region's root: `<main>` or `<body>`.
    pub root: usize,
    /// Nodes the furniture rules drop (and never-text elements).
    pub dropped: Vec<bool>,
    /// Statistics with only never-text elements dropped.
    pub stats: Vec<Stat>,
    /// Characters of text kept under each node.
    pub kept: Vec<u32>,
    /// Characters of text the region keeps.
    pub chars: u32,
    /// ... of which are outside links.
    pub plain_chars: u32,
    /// The family of pages whose furniture was marked.
    family: Family,
}

impl Region {
    /// Find the region of a marked document, with the furniture of one
    /// family of pages.
    pub(crate) fn find(dom: &Dom<'_>, marks: &Marks, family: Family) -> Region {
        let always = marks.dropped(dom, Cut::Always);
        let stats = stats::compute(dom, marks, &always);
        let mut dropped = super::furniture::dropped(dom, &stats, dom.body, family);
        for (d, a) in dropped.iter_mut().zip(&always) {
            *d |= *a;
        }
        let (kept, plain) = kept_chars(dom, &stats, &dropped);
        let body_chars = kept.get(dom.body).copied().unwrap_or(0);
        let main = (dom.body..dom.end(dom.body))
            .filter(|&i| !dropped[i] && is_main(dom, i))
            .max_by_key(|&i| kept[i]);
        let root = match main {
            Some(m)
                if kept[m] >= MAIN_MIN_CHARS
                    && kept[m] as f32 >= MAIN_SHARE * body_chars as f32 =>
            {
                m
            }
            _ => dom.body,
        };
        Region {
            root,
            chars: kept.get(root).copied().unwrap_or(0),
            plain_chars: plain.get(root).copied().unwrap_or(0),
            kept,
            dropped,
            stats,
            family,
        }
    }

    /// The distinct [`words`](super::finish::words) of the text the
    /// furniture rules keep anywhere in the body, inside the region or not.
    pub(crate) fn body_words(&self, dom: &Dom<'_>) -> std::collections::HashSet<String> {
        let mut out = std::collections::HashSet::new();
        let end = dom.end(dom.body);
        let mut i = dom.body;
        while i < end {
            if self.dropped[i] {
                i = dom.end(i).max(i + 1);
                continue;
            }
            if dom.tag(i) == Tag::Text {
                out.extend(super::finish::words(dom.text(i)));
            }
            i += 1;
        }
        out
    }

    /// The region's blocks.
    pub(crate) fn blocks(
        &self,
        dom: &Dom<'_>,
        marks: &Marks,
        tuning: &Tuning,
        base: Option<&url::Url>,
        lines: Lines,
    ) -> Vec<Block> {
        self.blocks_of(dom, marks, tuning, base, lines, &[self.root])
    }

    /// The blocks of some subtrees of the region, in the order given.
    pub(crate) fn blocks_of(
        &self,
        dom: &Dom<'_>,
        marks: &Marks,
        tuning: &Tuning,
        base: Option<&url::Url>,
        lines: Lines,
        roots: &[usize],
    ) -> Vec<Block> {
        let mut blocks = Vec::new();
        for &r in roots {
            let (converted, terms) =
                Converter::new(dom, marks, &self.dropped, &self.stats, tuning, base)
                    .keep_link_lines()
                    .documentation(self.family == Family::Docs)
                    .convert_all_terms(r);
            blocks.extend(converted.into_iter().zip(terms));
        }
        let mut seen = std::collections::HashSet::new();
        // A defined term that is a link names what its definition is
        // about, and an entry of a chapter's contents names a section:
        // neither is a call to action.
        blocks
            .into_iter()
            .filter(|(b, term)| lines == Lines::Items || *term || !is_call_to_action(b))
            .map(|(b, _)| b)
            .filter(|b| {
                let text = b.plain();
                text.len() <= REPEAT_CHARS || seen.insert(text.into_owned())
            })
            .collect()
    }
}

/// `<main>` or `role=main`.
fn is_main(dom: &Dom<'_>, i: usize) -> bool {
    dom.tag(i) == Tag::Main
        || dom
            .attrs(i)
            .role
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
}

/// Characters of text under each node, not counting dropped nodes, and
/// those of them outside links.
fn kept_chars(dom: &Dom<'_>, stats: &[Stat], dropped: &[bool]) -> (Vec<u32>, Vec<u32>) {
    let mut kept = vec![0u32; dom.len()];
    let mut plain = vec![0u32; dom.len()];
    for i in (0..dom.len()).rev() {
        if dropped[i] {
            continue;
        }
        if dom.tag(i) == Tag::Text {
            kept[i] = stats[i].chars;
            plain[i] = stats[i].plain_chars();
        }
        if let Some(p) = dom.parent(i) {
            kept[p] += kept[i];
            plain[p] += plain[i];
        }
    }
    (kept, plain)
}

/// A short paragraph that is all link text: "Learn more", "Book a demo".
fn is_call_to_action(b: &Block) -> bool {
    match b {
        Block::Paragraph { text, marks } => {
            text.split_whitespace().count() < BARE_LINK_WORDS && link_cover(text, marks).0
        }
        _ => false,
    }
}

/// Whether nine tenths of the text's visible characters are link text,
/// and how many links there are.
fn link_cover(text: &str, marks: &[thresh_core::Mark]) -> (bool, usize) {
    let links: Vec<(usize, usize)> = marks
        .iter()
        .filter(|m| matches!(m.kind, MarkKind::Link { .. }))
        .map(|m| (m.start as usize, m.end as usize))
        .collect();
    let linked = super::inline::covered(text, links.iter().copied());
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    (visible > 0 && linked * 10 >= visible * 9, links.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::tree::Document;

    fn region_text(html: &str, lines: Lines) -> String {
        let doc = Document::parse(html);
        let dom = Dom::build(&doc);
        let marks = Marks::compute(&dom);
        let r = Region::find(&dom, &marks, Family::General);
        let blocks = r.blocks(&dom, &marks, &Tuning::default(), None, lines);
        blocks
            .iter()
            .map(Block::plain_text)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn every_section_of_a_landing_page_is_kept() {
        let html = r#"<body><header><nav><a href=/>Home</a><a href=/p>Pricing</a></nav></header>
        <main><section><h1>Ship faster</h1><p>The platform that builds and deploys your code.</p>
        <a href=/signup>Start free trial</a></section>
        <section><h2>Features</h2><div class=grid><div><h3>Previews</h3><p>Every branch gets a URL.</p></div>
        <div><h3>Rollbacks</h3><p>Undo a deploy in one click.</p></div></div></section>
        <section class=faq><h2>FAQ</h2><details><summary>Is there a free plan?</summary><p>Yes, for hobby projects.</p></details></section>
        <section><blockquote>It changed how we work.</blockquote></section></main>
        <footer><p>Copyright 2026 Example Inc.</p></footer>
        <div class="cookie-consent"><p>We use cookies to improve your experience.</p></div></body>"#;
        let text = region_text(html, Lines::Content);
        for want in [
            "Ship faster",
            "Every branch gets a URL.",
            "Undo a deploy in one click.",
            "Is there a free plan?",
            "Yes, for hobby projects.",
            "It changed how we work.",
        ] {
            assert!(text.contains(want), "{want} missing from:\n{text}");
        }
        for not in ["Home", "Start free trial", "Copyright", "cookies"] {
            assert!(!text.contains(not), "{not} kept:\n{text}");
        }
    }

    #[test]
    fn a_stub_main_gives_way_to_the_body_and_items_keep_their_links() {
        let cards: String = (1..=6)
            .map(|i| format!("<div class=card><a href=/r/{i}>Recipe number {i}</a><p>A dish to cook on day {i} of the week.</p></div>"))
            .collect();
        let html = format!(
            "<body><main><h1>Recipes</h1></main><div class=results>{cards}</div><div class=pagination><a href=?p=2>2</a></div></body>"
        );
        let text = region_text(&html, Lines::Items);
        assert!(text.contains("Recipes"), "{text}");
        assert!(text.contains("Recipe number 6"), "{text}");
        assert!(text.contains("A dish to cook on day 3"), "{text}");
        assert!(
            !text.lines().any(|l| l.trim() == "2"),
            "pagination kept: {text}"
        );
    }

    #[test]
    fn repeated_blocks_are_kept_once() {
        let slide = "<div class=slide><p>Trusted by ten thousand teams around the world every day.</p></div>";
        let html = format!(
            "<body><main><h1>Hi</h1>{slide}{slide}{slide}<p>Other text of the page.</p></main></body>"
        );
        let text = region_text(&html, Lines::Content);
        assert_eq!(text.matches("Trusted by").count(), 1, "{text}");
    }
}
