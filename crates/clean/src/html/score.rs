//! Candidate scoring: which container holds the article.
//!
//! Readability's scheme on precomputed statistics: every paragraph-like
//! block (and every run of loose inline text in a container) with enough
//! text scores `1 + commas + min(len / 85, 3)`, scaled by its own non-link
//! share; the score is added to its parent, half to the grandparent and a
//! third per level further up (five levels). Each candidate starts from a
//! tag bonus and its class weight, and its total is scaled by
//! `1 - link density`. The best candidate then climbs to an ancestor that
//! several near-best candidates share, or whose score is higher, and its
//! siblings that look like body are merged. Body hints (`itemprop`, body
//! class names, `<article>`, `<main>`) adjust the choice when their
//! paragraph text supports them.

use super::Tuning;
use super::dom::{Dom, Tag};
use super::prune::{Hint, Marks};
use super::stats::Stat;

/// The chosen containers, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selection {
    /// The containers whose content is the article.
    pub roots: Vec<usize>,
    /// The main container (one of `roots`).
    pub top: usize,
    /// The page declares the container as its article body (itemprop,
    /// body class name or `<article>`).
    pub declared: bool,
}

/// Below this much paragraph text the best box is too weak to be the
/// page's content on its own when a `<main>` holds it.
const WEAK_TOP_TEXT: u32 = 300;

/// The least paragraph text a second part of a split body has.
const SPLIT_PART_MIN_TEXT: u32 = 100;

/// Scoring context.
pub(crate) struct Scorer<'s, 'a> {
    pub dom: &'s Dom<'a>,
    pub marks: &'s Marks,
    pub dropped: &'s [bool],
    pub stats: &'s [Stat],
    pub tuning: &'s Tuning,
}

/// Score a paragraph-like unit of `chars` visible characters.
fn unit_score(chars: u32, commas: u32, link10: u32) -> f32 {
    let base = 1.0 + commas as f32 + (chars as f32 / 85.0).min(3.0);
    let ld = if chars == 0 {
        0.0
    } else {
        (link10 as f32 / 10.0 / chars as f32).min(1.0)
    };
    base * (1.0 - ld)
}

/// Readability's initial score of a candidate from its tag.
fn tag_base(tag: Tag) -> f32 {
    match tag {
        Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
        Tag::Pre | Tag::Cell | Tag::Blockquote => 3.0,
        Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => -3.0,
        Tag::Heading(_) => -5.0,
        _ => 0.0,
    }
}

impl Scorer<'_, '_> {
    /// Score every candidate under `<body>`; `None` marks unscored nodes.
    pub(crate) fn scores(&self) -> Vec<Option<f32>> {
        let dom = self.dom;
        let n = dom.len();
        let mut score: Vec<Option<f32>> = vec![None; n];
        let body = dom.body;
        let min = self.tuning.min_unit;
        let mut i = body;
        while i < dom.end(body) {
            if self.dropped[i] {
                i = dom.end(i);
                continue;
            }
            let tag = dom.tag(i);
            let s = &self.stats[i];
            if tag.is_block() && !s.has_block {
                if tag.is_paragraph_like() && s.chars >= min {
                    let v = unit_score(s.chars, s.commas, s.link10);
                    self.credit(&mut score, dom.parent(i), v);
                }
                i = dom.end(i);
                continue;
            }
            if tag.is_block() || s.has_block {
                // Runs of loose inline content become paragraphs of `i`.
                let (mut chars, mut commas, mut link10) = (0, 0, 0);
                for c in dom.children(i) {
                    let ct = dom.tag(c);
                    let cs = &self.stats[c];
                    if self.dropped[c] {
                        continue;
                    }
                    if ct == Tag::Text || (!ct.is_block() && !cs.has_block) {
                        chars += cs.chars;
                        commas += cs.commas;
                        link10 += cs.link10;
                    } else {
                        if chars >= min {
                            self.credit(&mut score, Some(i), unit_score(chars, commas, link10));
                        }
                        (chars, commas, link10) = (0, 0, 0);
                    }
                }
                if chars >= min {
                    self.credit(&mut score, Some(i), unit_score(chars, commas, link10));
                }
            }
            i += 1;
        }
        for (j, s) in score.iter_mut().enumerate() {
            if let Some(v) = s {
                let st = &self.stats[j];
                *v *= 1.0 - st.link_density();
                // Several linked headings: a list of teasers, not a story.
                if st.link_headings >= 3 {
                    *v *= 0.5;
                }
            }
        }
        score
    }

    /// Add a unit's score to `first` and its ancestors.
    fn credit(&self, score: &mut [Option<f32>], first: Option<usize>, v: f32) {
        let mut anc = first;
        let mut level = 0;
        while let Some(a) = anc {
            if level >= 5 || a < self.dom.body {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            let slot = &mut score[a];
            let base =
                slot.unwrap_or_else(|| tag_base(self.dom.tag(a)) + f32::from(self.marks.weight[a]));
            *slot = Some(base + v / divider);
            anc = self.dom.parent(a);
            level += 1;
        }
    }

    /// Choose the article container(s).
    pub(crate) fn select(&self) -> Option<Selection> {
        let dom = self.dom;
        let score = self.scores();
        let mut ranked: Vec<(usize, f32)> = score
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|v| (i, v)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let &(mut top, top_score) = ranked.first()?;
        let body = dom.body;
        // Several near-best candidates under one ancestor: take it.
        let alternatives: Vec<usize> = ranked
            .iter()
            .skip(1)
            .take(4)
            .filter(|(_, s)| *s >= top_score * 0.75)
            .map(|(i, _)| *i)
            .collect();
        if alternatives.len() >= 2 {
            let mut p = dom.parent(top);
            while let Some(a) = p {
                if a <= body {
                    break;
                }
                let shared = alternatives.iter().filter(|&&c| dom.contains(a, c)).count();
                if shared >= 2 {
                    top = a;
                    break;
                }
                p = dom.parent(a);
            }
        }
        // Climb while an ancestor scores better.
        let mut last = score[top].unwrap_or(0.0);
        let threshold = last / 3.0;
        let mut p = dom.parent(top);
        while let Some(a) = p {
            if a <= body {
                break;
            }
            let Some(ps) = score[a] else {
                p = dom.parent(a);
                continue;
            };
            if ps < threshold {
                break;
            }
            if ps > last {
                top = a;
                break;
            }
            last = ps;
            p = dom.parent(a);
        }
        // An only child is its parent.
        while let Some(a) = dom.parent(top) {
            if a <= body || self.live_children(a) != 1 {
                break;
            }
            top = a;
        }
        let top = self.apply_hints(top);
        let mut roots = self.merge_siblings(top, &score);
        if self.marks.hint[top] == Hint::Class {
            self.add_split_parts(top, &mut roots);
        }
        if self.marks.hint[top] >= Hint::Class
            && let Some(lede) = self.lede_before(top)
            && !roots.contains(&lede)
        {
            roots.push(lede);
            roots.sort_unstable();
        }
        let declared = self.marks.hint[top] >= Hint::Article;
        Some(Selection {
            roots,
            top,
            declared,
        })
    }

    /// One section of several: a manual's page is often a run of sibling
    /// `<section>`s (or `.section` divs, or blocks that open with a
    /// heading), and the best of them is not the page. Climb to their
    /// parent while it holds another such section with text (three steps
    /// at most).
    pub(crate) fn climb_sections(&self, mut sel: Selection) -> Selection {
        let dom = self.dom;
        let mut top = sel.top;
        for _ in 0..3 {
            let Some(parent) = dom.parent(top).filter(|&p| p > dom.body) else {
                break;
            };
            let sections = dom
                .children(parent)
                .filter(|&c| !self.dropped[c] && self.stats[c].chars > 0 && self.is_section(c))
                .count();
            if !self.is_section(top) || sections < 2 {
                break;
            }
            top = parent;
        }
        if top != sel.top {
            sel.roots = vec![top];
            sel.top = top;
        }
        sel
    }

    /// A `<section>`, a `section`/`sect1` classed block, or a block that
    /// opens with a heading.
    fn is_section(&self, i: usize) -> bool {
        let dom = self.dom;
        if dom.tag(i) == Tag::Section {
            return true;
        }
        let classed = dom.attrs(i).class.is_some_and(|c| {
            c.split_ascii_whitespace().any(|v| {
                let v = v.to_ascii_lowercase();
                v == "section"
                    || (v.starts_with("sect") && v[4..].bytes().all(|b| b.is_ascii_digit()))
            })
        });
        classed
            || (dom.tag(i).is_block()
                && dom
                    .children(i)
                    .find(|&c| dom.tag(c) != Tag::Text || !dom.text(c).trim().is_empty())
                    .is_some_and(|c| matches!(dom.tag(c), Tag::Heading(_))))
    }

    /// An article body split into several containers named as bodies
    /// (`story-body-1`, `story-body-2` around an advertisement): the other
    /// parts in the same `<article>` or `<main>` join the top one, in
    /// document order.
    fn add_split_parts(&self, top: usize, roots: &mut Vec<usize>) {
        let dom = self.dom;
        let mut scope = dom.parent(top);
        while let Some(a) = scope {
            if a <= dom.body || matches!(dom.tag(a), Tag::Article | Tag::Main) {
                break;
            }
            scope = dom.parent(a);
        }
        let Some(scope) = scope.filter(|&a| a > dom.body) else {
            return;
        };
        let end = dom.end(scope);
        let mut i = scope + 1;
        while i < end {
            let skip = dom.end(i).max(i + 1);
            if self.dropped[i] || roots.contains(&i) {
                i = skip;
                continue;
            }
            if !dom.contains(i, top)
                && self.marks.hint[i] == Hint::Class
                && self.stats[i].ptext >= SPLIT_PART_MIN_TEXT
                && self.stats[i].link_density() < 0.3
            {
                roots.push(i);
                i = skip;
                continue;
            }
            i += 1;
        }
        roots.sort_unstable();
    }

    /// The standfirst right before a named body container: the previous
    /// element, a few sentences of plain text with no links and no blocks
    /// inside (`<div class=summary>`), which the body's name leaves out.
    fn lede_before(&self, top: usize) -> Option<usize> {
        let dom = self.dom;
        let parent = dom.parent(top)?;
        let prev = dom
            .children(parent)
            .take_while(|&c| c != top)
            .filter(|&c| dom.tag(c) != Tag::Text && !self.dropped[c])
            .last()?;
        let s = &self.stats[prev];
        let fits = matches!(dom.tag(prev), Tag::Div | Tag::P)
            && !s.has_block
            && (80..=600).contains(&s.chars)
            && s.link10 == 0
            && s.stops > 0;
        fits.then_some(prev)
    }

    /// Children of `i` that are kept elements with some text.
    fn live_children(&self, i: usize) -> usize {
        self.dom
            .children(i)
            .filter(|&c| {
                !self.dropped[c] && (self.dom.tag(c) != Tag::Text || self.stats[c].chars > 0)
            })
            .count()
    }

    /// Prefer a declared body container when its paragraph text agrees.
    fn apply_hints(&self, top: usize) -> usize {
        let dom = self.dom;
        let mut best: Option<(Hint, u32, usize)> = None;
        let mut articles = 0;
        let mut i = dom.body;
        while i < dom.end(dom.body) {
            if self.dropped[i] {
                i = dom.end(i);
                continue;
            }
            let h = self.marks.hint[i];
            // Hints name containers, not single paragraphs.
            if h != Hint::None && self.stats[i].has_block && dom.tag(i) != Tag::P {
                let p = self.stats[i].ptext;
                if h == Hint::Article && p >= 200 {
                    articles += 1;
                }
                let better = match best {
                    None => true,
                    Some((bh, _, _)) if h != bh => h > bh,
                    // Same level: the inner of nested hints when it holds
                    // nearly all the text, else the one with more text.
                    Some((_, bp, b)) if dom.contains(b, i) => p as f32 >= 0.9 * bp as f32,
                    Some((_, bp, _)) => p > bp,
                };
                if p >= 100 && self.stats[i].link_density() <= 0.5 && better {
                    best = Some((h, p, i));
                }
            }
            i += 1;
        }
        let Some((hint, hp, h)) = best else {
            return top;
        };
        let tp = self.stats[top].ptext;
        let tuning = self.tuning;
        if hint == Hint::Article && articles > 1 && !dom.contains(h, top) {
            return top;
        }
        if dom.contains(h, top) {
            let take = match hint {
                Hint::Itemprop | Hint::Class => true,
                Hint::Article => tp as f32 >= tuning.hint_outer_share * hp as f32,
                // A page whose best box is short (a landing or service
                // page spread over sections) is its <main>, when that is
                // text rather than links.
                Hint::Main => {
                    tp as f32 >= tuning.hint_outer_share * hp as f32
                        || (tp < WEAK_TOP_TEXT && self.stats[h].link_density() <= 0.2)
                }
                Hint::None => false,
            };
            if take { h } else { top }
        } else if dom.contains(top, h) {
            let need = match hint {
                Hint::Itemprop | Hint::Class => tuning.hint_inner_share,
                Hint::Article => 0.75,
                _ => 0.9,
            };
            if hp as f32 >= need * tp as f32 {
                h
            } else {
                top
            }
        } else if matches!(hint, Hint::Itemprop | Hint::Class) && hp > tp {
            h
        } else {
            top
        }
    }

    /// The top candidate plus siblings that look like body.
    fn merge_siblings(&self, top: usize, score: &[Option<f32>]) -> Vec<usize> {
        let dom = self.dom;
        let Some(parent) = dom.parent(top) else {
            return vec![top];
        };
        if top <= dom.body || self.marks.hint[top] >= Hint::Class {
            return vec![top];
        }
        let top_score = score[top].unwrap_or(0.0);
        let threshold = (top_score * self.tuning.sibling_factor).max(10.0);
        let top_class = dom.attr(top, "class").filter(|c| !c.is_empty());
        let mut roots = Vec::new();
        for c in dom.children(parent) {
            if c == top {
                roots.push(c);
                continue;
            }
            if self.dropped[c] || dom.tag(c) == Tag::Text {
                continue;
            }
            let s = &self.stats[c];
            let mut bonus = 0.0;
            if top_class.is_some() && dom.attr(c, "class") == top_class {
                bonus = top_score * 0.2;
            }
            let mut append = score[c].is_some_and(|v| v + bonus >= threshold);
            if !append && dom.tag(c) == Tag::P {
                let ld = s.link_density();
                let len = s.chars;
                // A long paragraph with few links, or a short clean
                // sentence.
                append = (len > 68 && ld < 0.25) || (len > 0 && ld == 0.0 && s.stops > 0);
            }
            if append && s.chars > 0 && s.link_headings < 2 {
                roots.push(c);
            }
        }
        roots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Run `f` on a scorer over `html` (class rules applied), with a
    /// function that names a node by its id.
    fn with_scorer<R>(
        html: &str,
        f: impl FnOnce(&Scorer<'_, '_>, &dyn Fn(usize) -> String) -> R,
    ) -> R {
        crate::html::with_pruned(html, |dom, marks, dropped, st, tuning| {
            let s = Scorer {
                dom,
                marks,
                dropped,
                stats: st,
                tuning,
            };
            let id = |i: usize| dom.attr(i, "id").unwrap_or("?").to_string();
            f(&s, &id)
        })
    }

    fn select(html: &str) -> (Vec<String>, String) {
        with_scorer(html, |s, id| {
            let sel = s.select().unwrap();
            (sel.roots.iter().map(|&r| id(r)).collect(), id(sel.top))
        })
    }

    const PARA: &str = "<p>This is a sentence of body text, with a comma, and another, long enough to count as a real paragraph of an article.</p>";

    #[test]
    fn picks_the_paragraph_container() {
        let html = format!(
            r#"<body><div id=menu><a href=/>Home</a> <a href=/x>News, sport, weather and more links here</a></div>
            <div id=wrap><div id=story>{PARA}{PARA}{PARA}{PARA}</div>
            <div id=links><a href=/1>A related story with a long title, one</a><a href=/2>Another related story, two and more</a></div></div></body>"#
        );
        let (roots, top) = select(&html);
        assert_eq!(top, "story");
        assert_eq!(roots, vec!["story"]);
    }

    #[test]
    fn joins_the_parts_of_a_split_body() {
        // Two body containers in separate wrappers around an ad, inside
        // one <article>; a teaser box with a body class outside it stays
        // out.
        let html = format!(
            r#"<body><article id=art><h1 id=h>Title</h1>
            <div id=w1 class=wrap><div id=p1 class="story-body story-body-1">{PARA}{PARA}</div></div>
            <div id=ad class=ad-slot>Advertisement</div>
            <div id=w2 class=wrap><div id=p2 class="story-body story-body-2">{PARA}{PARA}{PARA}{PARA}{PARA}</div></div>
            </article><div id=other><div id=t class=story-body>{PARA}</div></div></body>"#
        );
        let (roots, top) = select(&html);
        assert_eq!(top, "p2");
        assert_eq!(roots, vec!["p1", "p2"]);
    }

    /// What [`Scorer::apply_hints`] makes of the element with id `top`.
    fn hinted(html: &str, top: &str) -> String {
        with_scorer(html, |s, id| {
            let top = (0..s.dom.len()).find(|&i| id(i) == top).unwrap();
            id(s.apply_hints(top))
        })
    }

    #[test]
    fn a_page_of_short_sections_is_its_main() {
        let section = |id: char| {
            format!(
                r#"<section id={id}><h3>Feature {id}</h3><p>Short copy about what this feature does for you and the people you work with every day</p><a href=/{id}>Learn more</a></section>"#
            )
        };
        let boxes: String = "abcd".chars().map(section).collect();
        let notice = "<div id=notice><p>Important: sync your new profile, so that your bookmarks and more come along.</p></div>";
        let html = format!(r#"<body><main id=main>{notice}{boxes}</main></body>"#);
        assert_eq!(hinted(&html, "notice"), "main");
        // An article's worth of text in the same place stays the pick.
        let html = format!(
            r#"<body><main id=main><div id=story>{PARA}{PARA}{PARA}{PARA}{PARA}</div>{boxes}{boxes}{boxes}</main></body>"#
        );
        assert_eq!(hinted(&html, "story"), "story");
    }

    #[test]
    fn a_standfirst_before_a_named_body_joins_it() {
        let lede = "Three people died in the protests against the new government, officials said on Sunday, after clashes between the two sides.";
        let html = format!(
            r#"<body><div id=wrap><div id=share><a href=/s>Share</a></div><div id=lede class="article__summary">{lede}</div>
            <div id=body class=article__text>{PARA}{PARA}{PARA}{PARA}</div></div></body>"#
        );
        let (roots, top) = select(&html);
        assert_eq!(top, "body");
        assert_eq!(roots, vec!["lede", "body"]);
        // A byline or a linked line is no standfirst.
        for before in [
            "<div id=by>By Jo Smith</div>",
            r#"<div id=by>Read <a href=/x>the earlier story about the protests</a>, which we published on Monday.</div>"#,
        ] {
            let html = format!(
                r#"<body><div id=wrap>{before}<div id=body class=article__text>{PARA}{PARA}{PARA}{PARA}</div></div></body>"#
            );
            assert_eq!(select(&html).0, vec!["body"]);
        }
    }

    #[test]
    fn merges_body_like_siblings() {
        let html = format!(
            r#"<body><div id=wrap><p id=lede>The lede paragraph of the story is here and long enough to count as text.</p>
            <div id=story>{PARA}{PARA}{PARA}{PARA}{PARA}</div>
            <div id=more>{PARA}{PARA}{PARA}</div><div id=nav><a href=/>Home, and, more, links</a></div></div></body>"#
        );
        let (roots, _) = select(&html);
        assert_eq!(roots, vec!["lede", "story", "more"]);
    }

    #[test]
    fn itemprop_body_wins_when_it_holds_the_text() {
        let html = format!(
            r#"<body><div id=outer><p id=lede>Standfirst text that should be kept, it is long enough, yes.</p>
            <div id=ab itemprop=articleBody><div id=inner>{PARA}{PARA}{PARA}{PARA}</div><p id=end>{PARA}</p></div></div></body>"#
        );
        let (roots, top) = select(&html);
        assert_eq!(top, "ab");
        assert_eq!(roots, vec!["ab"]);
    }
}
