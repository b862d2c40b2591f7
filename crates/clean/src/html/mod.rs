//! [`HtmlCleaner`]: HTML documents to articles.
//!
//! One parse (our [`tokenizer`] feeding html5ever's tree builder, which
//! builds a compact arena, [`tree`]; script and style bodies, unread
//! attributes and comments are skipped), then passes over a flat
//! pre-order view of the tree ([`dom`]):
//!
//! 1. [`meta`]: title, byline, dates, language... from the whole document.
//! 2. [`prune`]: mark clutter by tag, visibility, ARIA role and the
//!    class/id rule table in [`boilerplate`], at graded levels.
//! 3. [`stats`]: text, link and structure counts per subtree, bottom-up.
//! 4. [`score`]: pick the container(s) holding the article.
//! 5. [`blocks`]: convert them to [`Block`]s, cleaning nested boxes.
//!
//! When the result is too short, the pass is retried with looser pruning
//! (class rules off, then page-chrome tags kept); when nothing scores, the
//! body's text is used as is.

mod blocks;
mod boilerplate;
mod comments;
mod dom;
mod explain;
mod finish;
mod furniture;
mod inline;
mod meta;
mod prune;
mod region;
mod score;
mod select;
mod shell;
mod stats;
mod tokenizer;
mod trace;
mod tree;
mod types;

use thresh_core::{Article, Block, Page, PageType};

use crate::sniff::page_text;
use crate::{CleanError, Cleaner, Focus, Settings};

use blocks::Converter;
use dom::Dom;
use finish::{
    absolute, detect_lang, drop_title, text_len, trim_clutter, visible_chars, word_count,
    words_shared,
};
use prune::{Cut, Marks};
use score::Scorer;
use tree::Document;

/// Extracts the main content of an HTML page.
#[derive(Debug, Clone, Default)]
pub struct HtmlCleaner {
    settings: Settings,
    tuning: Tuning,
}

impl HtmlCleaner {
    /// An HTML cleaner with these settings.
    pub fn new(settings: Settings) -> Self {
        HtmlCleaner {
            tuning: Tuning {
                images: settings.images,
                ..Tuning::for_focus(settings.focus)
            },
            settings,
        }
    }
}

/// The article box of a page.
struct Boxed {
    /// Its blocks.
    blocks: Vec<Block>,
    /// The page declares it as its article body.
    declared: bool,
    /// The box's main container, when one was chosen.
    top: Option<usize>,
}

/// Thresholds derived from [`Focus`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tuning {
    /// Minimum visible characters of a paragraph that scores.
    pub min_unit: u32,
    /// Siblings scoring at least this share of the top candidate merge.
    pub sibling_factor: f32,
    /// Added to the link-density limits of conditional cleaning.
    pub link_density_modifier: f32,
    /// Lists with more link text than this share are dropped.
    pub list_link_max: f32,
    /// Headings with more link text than this share are dropped.
    pub heading_link_max: f32,
    /// Short paragraphs with more link text than this share are dropped.
    pub para_link_max: f32,
    /// Keep figure captions.
    pub captions: bool,
    /// A body hint around the top candidate wins when the candidate holds
    /// this share of its paragraph text.
    pub hint_outer_share: f32,
    /// A body hint inside the top candidate wins when it holds this share
    /// of the candidate's paragraph text.
    pub hint_inner_share: f32,
    /// Below this many characters, retry with looser pruning.
    pub retry_chars: usize,
    /// Keep images as image blocks (`--images`).
    pub images: bool,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning::for_focus(Focus::Balanced)
    }
}

impl Tuning {
    /// The thresholds of a focus.
    pub(crate) fn for_focus(focus: Focus) -> Tuning {
        let balanced = Tuning {
            min_unit: 21,
            sibling_factor: 0.2,
            link_density_modifier: 0.0,
            list_link_max: 0.6,
            heading_link_max: 0.6,
            para_link_max: 0.8,
            captions: false,
            hint_outer_share: 0.5,
            hint_inner_share: 0.6,
            retry_chars: 500,
            images: false,
        };
        match focus {
            Focus::Balanced => balanced,
            Focus::Precision => Tuning {
                sibling_factor: 0.3,
                link_density_modifier: -0.05,
                list_link_max: 0.4,
                heading_link_max: 0.4,
                para_link_max: 0.6,
                hint_inner_share: 0.5,
                ..balanced
            },
            Focus::Recall => Tuning {
                sibling_factor: 0.15,
                link_density_modifier: 0.15,
                list_link_max: 0.85,
                heading_link_max: 0.9,
                para_link_max: 0.95,
                captions: true,
                hint_outer_share: 0.3,
                hint_inner_share: 0.8,
                retry_chars: 800,
                ..balanced
            },
        }
    }
}

/// The instant a page's cleaning must be done by.
#[derive(Debug, Clone, Copy)]
struct Deadline {
    at: std::time::Instant,
    secs: f64,
}

impl Deadline {
    fn after(timeout: std::time::Duration) -> Deadline {
        let now = std::time::Instant::now();
        Deadline {
            at: now
                .checked_add(timeout)
                .unwrap_or(now + std::time::Duration::from_secs(86_400 * 365)),
            secs: timeout.as_secs_f64(),
        }
    }

    /// A timeout error for `page` once the deadline has passed.
    fn check(&self, page: &Page) -> Result<(), CleanError> {
        if std::time::Instant::now() >= self.at {
            return Err(CleanError::Timeout {
                source_name: page.source.clone(),
                secs: self.secs,
            });
        }
        Ok(())
    }
}

impl Cleaner for HtmlCleaner {
    fn clean(&self, page: &Page) -> Result<Article, CleanError> {
        let deadline = Deadline::after(self.settings.page_timeout);
        let text = page_text(page, true)?;
        let limits = tree::ParseLimits {
            deadline: Some(deadline.at),
            max_nodes: tree::node_cap(text.len()),
        };
        let doc = Document::parse_within(&text, limits);
        match doc.stopped {
            Some(tree::Stopped::Deadline) => deadline.check(page)?,
            Some(tree::Stopped::Nodes) => tracing::debug!(
                source = %page.source,
                nodes = doc.node_count(),
                "page cut at the node cap"
            ),
            None => {}
        }
        let dom = Dom::build(&doc);
        let ld = meta::json_ld_scripts(&dom);
        let meta = meta::extract(&dom, &ld);
        // A script shell's content is its <noscript> view.
        let view = shell::noscript_view(&doc, &dom, limits);
        let view_dom = view.as_ref().map(Dom::build);
        let content = view_dom.as_ref().unwrap_or(&dom);
        // Links resolve against the page's URL, or when the page came
        // from a file, its canonical URL (or its og:url).
        let base = page
            .url()
            .and_then(|u| url::Url::parse(u).ok())
            .or_else(|| {
                [&meta.canonical, &meta.og_url]
                    .into_iter()
                    .flatten()
                    .find_map(|c| url::Url::parse(c.trim()).ok())
            });
        let mut signals = match &view_dom {
            Some(view) => types::signals::read(view, base.as_ref(), &meta::json_ld_scripts(view)),
            None => types::signals::read(&dom, base.as_ref(), &ld),
        };
        if view_dom.is_some() {
            signals.absorb(&types::signals::read(&dom, base.as_ref(), &ld));
        }
        // A page that declares itself an article was read shallow; when
        // its type is not forced, its body may still say listing.
        if signals.shallow && self.settings.page_type.is_none() && !types::declares_news(&signals) {
            signals.read_body(content);
        }
        tracing::debug!(
            linked_headings = signals.linked_headings,
            prose_words = signals.prose_words,
            "body signals"
        );
        let typed = match self.settings.page_type {
            Some(forced) => types::Typed {
                page_type: forced,
                signal: "forced".into(),
                ..types::classify(&signals)
            },
            None => types::classify(&signals),
        };
        let mut blocks = self.body(content, base.as_ref(), &typed, &|| deadline.check(page))?;
        if blocks.is_empty()
            && let Some(summary) = meta.summary.as_deref()
            && summary.split_whitespace().count() >= SUMMARY_FALLBACK_WORDS
        {
            // A body with nothing in it (a script shell, a page drawn from
            // JSON): the page's own summary is its text, not nothing.
            tracing::debug!(source = %page.source, "no body found: the page's summary stands in");
            blocks.push(Block::Paragraph {
                text: summary_text(summary),
                marks: Vec::new(),
            });
        }
        if blocks.is_empty() {
            return Err(CleanError::NoContent {
                source_name: page.source.clone(),
            });
        }
        let mut article = Article::new(&page.source, "html");
        article.provenance.settings = self.settings.provenance();
        article.url = meta
            .canonical
            .as_deref()
            .and_then(|c| absolute(c, page.url()))
            .or_else(|| page.url().map(str::to_string))
            .or_else(|| meta.og_url.as_deref().and_then(|u| absolute(u, None)));
        let (blocks, title_block) = drop_title(blocks, meta.title.as_deref(), meta.h1.as_deref());
        article.blocks = trim_clutter(blocks);
        // A page whose only text is its title (a link post, a stub) is
        // that title, not nothing.
        if article.blocks.is_empty()
            && let Some(title) = title_block
        {
            article.blocks.push(title);
        }
        // The comment thread, when asked for, after the clutter cut (which
        // ends an article at its comments); a forum's posts are its content
        // already.
        if self.settings.comments && typed.page_type != PageType::Forum {
            let thread = comments::blocks(content, base.as_ref(), &self.tuning, &article.blocks);
            article.blocks.extend(thread);
        }
        article.lang = meta.lang.clone().or_else(|| detect_lang(&article.blocks));
        article.title = meta.title;
        article.byline = meta.byline;
        article.published = meta.published;
        article.modified = meta.modified;
        article.site_name = meta.site_name;
        article.description = meta.description;
        article.image = meta
            .image
            .as_deref()
            .map(|i| absolute(i, page.url()).unwrap_or_else(|| i.to_string()));
        article.page_type = Some(typed.page_type);
        article.page_type_signal = Some(typed.signal);
        Ok(article)
    }
}

impl HtmlCleaner {
    /// The page's content: the article box ([`HtmlCleaner::boxed`]), or
    /// the page's whole main region minus its furniture
    /// ([`region::Region`]) when the box holds much less than the region
    /// (a landing page's sections, a listing's items, where the box is one
    /// of them). `check` fails once the page is out of time.
    fn body(
        &self,
        dom: &Dom<'_>,
        base: Option<&url::Url>,
        typed: &types::Typed,
        check: &dyn Fn() -> Result<(), CleanError>,
    ) -> Result<Vec<Block>, CleanError> {
        let mut marks = Marks::compute(dom);
        if let Some(kept) = self.apply_rules(dom, &mut marks, base) {
            return Ok(self.finish(typed, kept));
        }
        let Boxed {
            blocks: boxed,
            declared,
            top,
        } = self.boxed(dom, &marks, base, typed.page_type, check)?;
        check()?;
        // A declared article body is the article, however short.
        if typed.page_type == PageType::Article && declared {
            return Ok(boxed);
        }
        let (switch, lines) = region_switch(typed);
        // An article box that holds the page's run of prose is right; so
        // is a box holding a long run on a page of no clear type.
        let prose_words = typed
            .prose_words
            .unwrap_or_else(|| types::signals::prose_words(dom));
        let holds_prose = word_count(&boxed) * 2 >= prose_words as usize;
        // On a page of no clear type whose box holds a long run of prose,
        // a declared article body is kept, and otherwise what the region
        // adds must be text, not link teasers.
        let mut measure_plain = false;
        match typed.page_type {
            // An undeclared box holding the prose run is the article,
            // unless the page holds much more text beside it than its
            // comments and related stories (a landing page with one long
            // section).
            PageType::Article if holds_prose => measure_plain = true,
            PageType::Other if holds_prose && prose_words >= 250 => {
                if declared {
                    return Ok(boxed);
                }
                measure_plain = true;
            }
            _ => {}
        }
        let family = match typed.page_type {
            PageType::Product => furniture::Family::Product,
            PageType::Documentation => furniture::Family::Docs,
            PageType::Forum => furniture::Family::Forum,
            PageType::Article => furniture::Family::Article,
            _ => furniture::Family::General,
        };
        let region = region::Region::find(dom, &marks, family);
        // A box that is page furniture (a consent panel, a dialog, the
        // site's navigation) is never the content.
        if top.is_some_and(|t| region.dropped[t]) && region.chars > 0 {
            let blocks = region.blocks(dom, &marks, &self.tuning, base, lines);
            if !blocks.is_empty() {
                return Ok(self.finish(typed, blocks));
            }
        }
        if typed.page_type == PageType::Forum
            && let Some(posts) = types::forum::posts(dom, &marks, &region, &self.tuning, base)
            && visible_chars(&posts) as f32 >= FORUM_POSTS_SHARE * region.chars as f32
        {
            return Ok(posts);
        }
        let boxed_chars = visible_chars(&boxed) as f32;
        let region_chars = if measure_plain {
            region.plain_chars
        } else {
            region.chars
        };
        tracing::debug!(
            page_type = %typed.page_type,
            declared,
            holds_prose,
            prose_words,
            boxed_chars,
            region_chars = region.chars,
            region_plain = region.plain_chars,
            "box or region"
        );
        let product = typed.page_type == PageType::Product;
        if product || boxed_chars < switch * region_chars as f32 {
            let blocks = if product {
                let roots = types::product::description_roots(dom, &region)
                    .unwrap_or_else(|| vec![region.root]);
                let blocks = region.blocks_of(dom, &marks, &self.tuning, base, lines, &roots);
                types::product::drop_price_lines(blocks)
            } else {
                region.blocks(dom, &marks, &self.tuning, base, lines)
            };
            let region_visible = visible_chars(&blocks);
            // A product's box whose words are mostly not in what the
            // furniture rules keep of the page is made of that furniture
            // (reviews, ratings, recommendations): their prose outscored
            // the description.
            let box_is_furniture = product
                && region_visible >= PRODUCT_REGION_MIN_CHARS
                && boxed_chars >= switch * region_visible as f32
                && words_shared(&boxed, &region.body_words(dom)) < 0.5;
            if box_is_furniture || boxed_chars < switch * region_visible as f32 {
                return Ok(self.finish(typed, blocks));
            }
        }
        Ok(self.finish(typed, boxed))
    }

    /// The site rules for the page's host: `drop` matches are cut before
    /// anything looks at the page; when `keep` matches, those elements
    /// (outside what is dropped) are the content, whole, and returned.
    fn apply_rules(
        &self,
        dom: &Dom<'_>,
        marks: &mut Marks,
        base: Option<&url::Url>,
    ) -> Option<Vec<Block>> {
        if self.settings.rules.is_empty() {
            return None;
        }
        let rules = self
            .settings
            .rules
            .for_host(base.and_then(url::Url::host_str));
        for i in select::matching(dom, &rules.drop, true) {
            if let Some(cut) = marks.cut.get_mut(i) {
                *cut = Cut::Always;
            }
        }
        let dropped = marks.dropped(dom, Cut::Hidden);
        let roots: Vec<usize> = select::matching(dom, &rules.keep, true)
            .into_iter()
            .filter(|&r| !dropped.get(r).copied().unwrap_or(true))
            .collect();
        if roots.is_empty() {
            return None;
        }
        tracing::debug!(roots = roots.len(), "content chosen by keep selectors");
        let stats = stats::compute(dom, marks, &dropped);
        let blocks = roots
            .iter()
            .flat_map(|&r| {
                Converter::new(dom, marks, &dropped, &stats, &self.tuning, base)
                    .keep_link_lines()
                    .convert_all(r)
            })
            .collect();
        Some(blocks)
    }

    /// What a page type adds to its content: a product's JSON-LD
    /// description when the page's text lacks it.
    fn finish(&self, typed: &types::Typed, blocks: Vec<Block>) -> Vec<Block> {
        match typed.page_type {
            PageType::Product => {
                types::product::with_description(blocks, typed.product_description.as_deref())
            }
            _ => blocks,
        }
    }

    /// The article box: scored extraction at decreasing pruning levels,
    /// then the whole body as a last resort, and when even that keeps
    /// nothing (every line was all links, say), the body's text with no
    /// line rejected: a page with visible text is never empty. Also says
    /// whether the box is one the page declares as its article body.
    /// `check` fails once the page is out of time.
    fn boxed(
        &self,
        dom: &Dom<'_>,
        marks: &Marks,
        base: Option<&url::Url>,
        page_type: PageType,
        check: &dyn Fn() -> Result<(), CleanError>,
    ) -> Result<Boxed, CleanError> {
        let t = &self.tuning;
        let mut best: Vec<Block> = Vec::new();
        let mut best_top = None;
        let mut best_len = 0;
        for threshold in [Cut::Class, Cut::Chrome, Cut::Hidden] {
            check()?;
            let dropped = marks.dropped(dom, threshold);
            let stats = stats::compute(dom, marks, &dropped);
            let scorer = Scorer {
                dom,
                marks,
                dropped: &dropped,
                stats: &stats,
                tuning: t,
            };
            let selection = match scorer.select() {
                Some(sel) if page_type == PageType::Documentation => {
                    Some(scorer.climb_sections(sel))
                }
                other => other,
            };
            let (blocks, declared, top) = match selection {
                Some(sel) => (
                    Converter::new(dom, marks, &dropped, &stats, t, base)
                        .documentation(page_type == PageType::Documentation)
                        .convert(&sel.roots),
                    sel.declared,
                    Some(sel.top),
                ),
                None => (
                    Converter::new(dom, marks, &dropped, &stats, t, base).convert_all(dom.body),
                    false,
                    None,
                ),
            };
            let len = text_len(&blocks);
            tracing::debug!(?threshold, len, top = ?top.map(|t| (dom.name(t), dom.attr(t, "class"), dom.attr(t, "id"))), "box level");
            // A short text in a declared article body is a short article.
            if len >= t.retry_chars || (declared && len >= t.retry_chars / 5) {
                return Ok(Boxed {
                    blocks,
                    declared,
                    top,
                });
            }
            if len > best_len {
                best_len = len;
                best = blocks;
                best_top = top;
            }
        }
        // No box held text: the body's text without the page's chrome
        // (or, when that cut takes nearly all of it, without its hidden
        // parts), else all of it.
        if best.is_empty() {
            let body = |threshold| {
                let dropped = marks.dropped(dom, threshold);
                let stats = stats::compute(dom, marks, &dropped);
                Converter::new(dom, marks, &dropped, &stats, t, base).convert_all(dom.body)
            };
            let all = body(Cut::Always);
            let whole = text_len(&all);
            best = [Cut::Chrome, Cut::Hidden]
                .into_iter()
                .map(body)
                .find(|b| !b.is_empty() && text_len(b) * BODY_CUT_MAX >= whole)
                .unwrap_or(all);
        }
        if best.is_empty() {
            let dropped = marks.dropped(dom, Cut::Always);
            let stats = stats::compute(dom, marks, &dropped);
            best = Converter::new(dom, marks, &dropped, &stats, t, base)
                .keep_link_lines()
                .convert_all(dom.body);
        }
        Ok(Boxed {
            blocks: best,
            declared: false,
            top: best_top,
        })
    }
}

/// When no box holds text, the body without its chrome stands in unless
/// the chrome cut leaves less than 1/`BODY_CUT_MAX` of the body's text.
const BODY_CUT_MAX: usize = 20;

/// The share of the region's text under which the article box gives way
/// to the region, and which lines the region keeps, by page type.
fn region_switch(typed: &types::Typed) -> (f32, region::Lines) {
    match typed.page_type {
        // An article known only by its prose gives way as other pages
        // do.
        PageType::Article if typed.signal == types::PROSE_RUN => {
            (REGION_SWITCH, region::Lines::Content)
        }
        // An article's box is its body; the region only when the box is
        // a sliver of the page (a mis-picked caption or teaser).
        PageType::Article => (ARTICLE_REGION_SWITCH, region::Lines::Content),
        PageType::Collection | PageType::Listing => (REGION_SWITCH, region::Lines::Items),
        // A manual's content is spread over sections: the region,
        // unless the box is as large.
        PageType::Documentation => (DOCS_REGION_SWITCH, region::Lines::Content),
        _ => (REGION_SWITCH, region::Lines::Content),
    }
}

/// The article box gives way to the page's region when it holds less
/// than this share of the region's words (0.5 to 0.7 all do about as
/// well on the benchmark pages: the two differ by far more than this when
/// the box is one section of a landing page or one card of a listing).
const REGION_SWITCH: f32 = 0.6;

/// The fewest words a page's summary needs to stand in for an empty body
/// (a bare site slogan does not).
const SUMMARY_FALLBACK_WORDS: usize = 8;

/// A summary as text: without the ellipsis that marks it as cut (written
/// as `…`, or as `&hellip;` escaped twice by the page).
fn summary_text(summary: &str) -> String {
    let s = summary.trim_end();
    let s = s
        .strip_suffix("&hellip;")
        .or_else(|| s.strip_suffix('…'))
        .unwrap_or(s);
    s.trim_end().to_string()
}

/// A forum page's posts are its content when they hold at least this
/// share of its region's text (else the posts found are not the thread).
const FORUM_POSTS_SHARE: f32 = 0.3;

/// A product page's region takes the place of a box it mostly leaves out
/// when it has this many visible characters (a description's worth).
const PRODUCT_REGION_MIN_CHARS: usize = 300;

/// On documentation pages the region is the content unless the box holds
/// about as much.
const DOCS_REGION_SWITCH: f32 = 0.9;

/// On a page typed as an article, the box gives way to the region only
/// when it holds less than this share of the region's words.
const ARTICLE_REGION_SWITCH: f32 = 0.25;

/// Parse `html` and prune it at the class-rule level, as the first
/// extraction attempt does, then run `f` on the document, its marks, the
/// dropped nodes, the stats and the default tuning (unit tests of the
/// passes).
#[cfg(test)]
fn with_pruned<R>(
    html: &str,
    f: impl FnOnce(&Dom<'_>, &Marks, &[bool], &[stats::Stat], &Tuning) -> R,
) -> R {
    let doc = Document::parse(html);
    let dom = Dom::build(&doc);
    let marks = Marks::compute(&dom);
    let dropped = marks.dropped(&dom, Cut::Class);
    let st = stats::compute(&dom, &marks, &dropped);
    f(&dom, &marks, &dropped, &st, &Tuning::default())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod debug;
