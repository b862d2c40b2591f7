//! Page furniture: what a page carries around whatever its content (site
//! navigation, headers and footers, consent panels, filter and sort bars,
//! breadcrumbs, share and newsletter boxes, dialogs), as a rule family of
//! its own.
//!
//! The [`region`](super::region) extractor keeps everything of a page's
//! main region but this. It is broader than the article path's pruning in
//! [`boilerplate`](super::boilerplate): "related", "comment", "author" or
//! "widget" boxes are not furniture (on a listing or a landing page they
//! are the content), and hidden tab panels and accordions stay (their text
//! is the page's, shown on a click).
//!
//! Two strengths:
//!
//! - **always**: consent panels, modal dialogs, screen-reader-only text,
//!   `<nav>`, navigation roles, inline `display: none`: never content;
//! - **chrome**: page-level `<header>`/`<footer>` (not inside an
//!   `<article>`, `<section>` or `<main>`), `<aside>`, `<form>`, chrome
//!   roles and class/id tokens: dropped unless the element holds most of
//!   the page's text, or reads as prose (a share-bar class on the
//!   wrapper of a whole article).

use std::sync::LazyLock;

use super::boilerplate::{On, RuleTable, values};
use super::dom::{Dom, Tag};
use super::stats::Stat;

/// How sure a furniture verdict is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Furniture {
    /// Content, as far as these rules know.
    No,
    /// Chrome, unless it holds most of the page's text or reads as prose.
    Chrome,
    /// Never content.
    Always,
}

const ALWAYS: u8 = 1;
const CHROME: u8 = 2;

/// The class/id rules: (pattern, where, strength).
const RULES: &[(&str, On, u8)] = &[
    // Consent panels and their vendors.
    ("cookie", On::TokenPrefix, ALWAYS),
    ("consent", On::TokenPrefix, ALWAYS),
    ("gdpr", On::TokenPrefix, ALWAYS),
    ("onetrust", On::TokenPrefix, ALWAYS),
    ("didomi", On::TokenPrefix, ALWAYS),
    ("trustarc", On::TokenPrefix, ALWAYS),
    ("truste", On::Token, ALWAYS),
    ("usercentrics", On::TokenPrefix, ALWAYS),
    ("cookiebot", On::TokenPrefix, ALWAYS),
    // Media player chrome (video.js).
    ("vjs", On::Token, ALWAYS),
    ("videojs", On::Whole, ALWAYS),
    // Text for screen readers only.
    ("sronly", On::Whole, ALWAYS),
    ("screenreadertext", On::Whole, ALWAYS),
    ("screenreaderonly", On::Whole, ALWAYS),
    ("visuallyhidden", On::Whole, ALWAYS),
    ("offscreen", On::Whole, ALWAYS),
    // Navigation.
    ("nav", On::Token, CHROME),
    ("navbar", On::Token, CHROME),
    ("navigation", On::Token, CHROME),
    ("menu", On::Token, CHROME),
    ("megamenu", On::Token, CHROME),
    ("submenu", On::Token, CHROME),
    ("breadcrumb", On::Token, CHROME),
    ("breadcrumbs", On::Token, CHROME),
    ("crumbs", On::Token, CHROME),
    ("pagination", On::Token, CHROME),
    ("pager", On::Token, CHROME),
    ("paging", On::Token, CHROME),
    ("skip", On::Token, CHROME),
    ("sidebar", On::Token, CHROME),
    ("topbar", On::Token, CHROME),
    ("toolbar", On::Token, CHROME),
    ("masthead", On::Token, CHROME),
    ("footer", On::Token, CHROME),
    ("utility", On::Token, CHROME),
    // Filter, facet and sort bars of listings.
    ("filter", On::Token, CHROME),
    ("filters", On::Token, CHROME),
    ("facets", On::Token, CHROME),
    ("refinement", On::Token, CHROME),
    ("refinements", On::Token, CHROME),
    ("sort", On::Token, CHROME),
    ("sorting", On::Token, CHROME),
    // Calls to share or sign up, overlays.
    ("newsletter", On::Token, CHROME),
    ("subscribe", On::Token, CHROME),
    ("signup", On::Token, CHROME),
    ("social", On::Token, CHROME),
    ("share", On::Token, CHROME),
    ("sharing", On::Token, CHROME),
    ("modal", On::Token, CHROME),
    ("popup", On::Token, CHROME),
    ("dropdown", On::Token, CHROME),
    ("overlay", On::Token, CHROME),
    ("toast", On::Token, CHROME),
    ("announcement", On::Token, CHROME),
    // Small print.
    ("disclaimer", On::Token, CHROME),
    ("disclaimers", On::Token, CHROME),
    ("legal", On::Token, CHROME),
    ("footnote", On::Token, CHROME),
    ("footnotes", On::Token, CHROME),
];

static TABLE: LazyLock<RuleTable> = LazyLock::new(|| RuleTable::new(RULES.iter().copied(), &[], 0));

/// More furniture on one kind of page: what a product page or a
/// documentation page carries around its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// The rules above only.
    General,
    /// Reviews, ratings, the cart and its drawer, wish lists (never the
    /// description), and recommendation rows.
    Product,
    /// Tables of contents, "edit this page", feedback widgets, previous /
    /// next links, heading permalinks, copy buttons.
    Docs,
    /// A post's chrome: the author's card, signature, reactions, vote,
    /// action and footer bars, link previews.
    Forum,
    /// What an article page carries beside its story: the comment
    /// thread, related and recommended stories, the author's bio.
    Article,
}

/// A product page's furniture.
const PRODUCT_RULES: &[(&str, On, u8)] = &[
    ("review", On::TokenPrefix, ALWAYS),
    ("rating", On::TokenPrefix, ALWAYS),
    ("cart", On::TokenPrefix, ALWAYS),
    ("minicart", On::TokenPrefix, ALWAYS),
    ("drawer", On::TokenPrefix, ALWAYS),
    ("wishlist", On::TokenPrefix, ALWAYS),
    ("upsell", On::TokenPrefix, ALWAYS),
    ("crosssell", On::Whole, ALWAYS),
    ("recently", On::TokenPrefix, CHROME),
    ("similar", On::TokenPrefix, ALWAYS),
    ("related", On::TokenPrefix, ALWAYS),
    ("recommend", On::TokenPrefix, ALWAYS),
    ("recommendations", On::Token, ALWAYS),
    ("alsobought", On::Whole, ALWAYS),
    ("youmayalsolike", On::Whole, ALWAYS),
];

/// A documentation page's furniture.
const DOCS_RULES: &[(&str, On, u8)] = &[
    ("toc", On::Token, CHROME),
    ("tableofcontents", On::Whole, CHROME),
    ("onthispage", On::Whole, CHROME),
    ("feedback", On::TokenPrefix, CHROME),
    ("editpage", On::Whole, CHROME),
    ("editthispage", On::Whole, CHROME),
    ("prevnext", On::Whole, CHROME),
    ("nextprev", On::Whole, CHROME),
    ("headerlink", On::Token, ALWAYS),
    ("anchorlink", On::Whole, ALWAYS),
    ("hashlink", On::Whole, ALWAYS),
    ("copybutton", On::Whole, ALWAYS),
    ("lastupdated", On::Whole, CHROME),
    ("contributors", On::Token, CHROME),
    ("copyright", On::Token, CHROME),
];

/// An article page's furniture.
const ARTICLE_RULES: &[(&str, On, u8)] = &[
    ("comment", On::TokenPrefix, CHROME),
    ("disqus", On::TokenPrefix, CHROME),
    ("respond", On::Token, ALWAYS),
    ("related", On::TokenPrefix, ALWAYS),
    ("recommend", On::TokenPrefix, ALWAYS),
    ("trending", On::Token, CHROME),
    ("popular", On::Token, CHROME),
    ("morestories", On::Whole, CHROME),
    ("readnext", On::Whole, CHROME),
    ("authorbio", On::Whole, CHROME),
    ("outbrain", On::TokenPrefix, ALWAYS),
    ("taboola", On::TokenPrefix, ALWAYS),
];

/// A thread's chrome.
const FORUM_RULES: &[(&str, On, u8)] = &[
    ("signature", On::TokenPrefix, ALWAYS),
    ("postsignature", On::Whole, ALWAYS),
    ("sig", On::Token, ALWAYS),
    ("postsig", On::Token, ALWAYS),
    ("userextra", On::TokenPrefix, ALWAYS),
    ("userextras", On::Token, ALWAYS),
    ("userdetails", On::Whole, ALWAYS),
    ("messageuserdetails", On::Whole, ALWAYS),
    ("messageuserextras", On::Whole, ALWAYS),
    ("postprofile", On::Whole, ALWAYS),
    ("userinfo", On::Whole, ALWAYS),
    ("authorinfo", On::Whole, ALWAYS),
    ("reactions", On::Token, ALWAYS),
    ("reaction", On::Token, ALWAYS),
    ("likesbar", On::Whole, ALWAYS),
    ("messagefooter", On::Whole, ALWAYS),
    ("postfooter", On::Whole, ALWAYS),
    ("postactions", On::Whole, ALWAYS),
    ("postcontrols", On::Whole, ALWAYS),
    ("commentactions", On::Whole, ALWAYS),
    ("postmenu", On::Whole, ALWAYS),
    ("lastedit", On::Whole, ALWAYS),
    ("messagelastedit", On::Whole, ALWAYS),
    ("editedmessage", On::Whole, ALWAYS),
    ("onebox", On::Token, ALWAYS),
    ("unfurl", On::TokenPrefix, ALWAYS),
    ("linkpreview", On::Whole, ALWAYS),
    ("vote", On::Token, ALWAYS),
    ("votes", On::Token, ALWAYS),
    ("voting", On::TokenPrefix, ALWAYS),
    ("expandlink", On::Whole, ALWAYS),
];

static ARTICLE_TABLE: LazyLock<RuleTable> =
    LazyLock::new(|| RuleTable::new(ARTICLE_RULES.iter().copied(), &[], 0));
static FORUM_TABLE: LazyLock<RuleTable> =
    LazyLock::new(|| RuleTable::new(FORUM_RULES.iter().copied(), &[], 0));
static PRODUCT_TABLE: LazyLock<RuleTable> =
    LazyLock::new(|| RuleTable::new(PRODUCT_RULES.iter().copied(), &[], 0));
static DOCS_TABLE: LazyLock<RuleTable> =
    LazyLock::new(|| RuleTable::new(DOCS_RULES.iter().copied(), &[], 0));

impl Family {
    fn table(self) -> Option<&'static RuleTable> {
        match self {
            Family::General => None,
            Family::Product => Some(&PRODUCT_TABLE),
            Family::Docs => Some(&DOCS_TABLE),
            Family::Forum => Some(&FORUM_TABLE),
            Family::Article => Some(&ARTICLE_TABLE),
        }
    }
}

/// Roles of navigation, never content.
const ALWAYS_ROLES: &[&str] = &["navigation", "contentinfo", "dialog", "alertdialog"];

/// Roles of page chrome.
const CHROME_ROLES: &[&str] = &[
    "banner",
    "search",
    "complementary",
    "menu",
    "menubar",
    "toolbar",
];

/// The verdict on element `i` from its own tag and attributes (ancestors
/// aside). `sectioned` says whether it sits in an `<article>`,
/// `<section>` or `<main>`.
pub(crate) fn verdict<'a>(
    dom: &Dom<'a>,
    i: usize,
    sectioned: bool,
    family: Family,
    memo: &mut std::collections::HashMap<&'a str, u8>,
) -> Furniture {
    let tag = dom.tag(i);
    match tag {
        Tag::Script | Tag::Embed | Tag::Control | Tag::Head | Tag::Title | Tag::Nav => {
            return Furniture::Always;
        }
        Tag::Header | Tag::Footer if !sectioned => return Furniture::Chrome,
        Tag::Aside | Tag::Form => return Furniture::Chrome,
        Tag::Body | Tag::Html | Tag::Main => return Furniture::No,
        _ => {}
    }
    let a = dom.attrs(i);
    if a.style.is_some_and(super::prune::style_hides) || dom.attr(i, "aria-modal") == Some("true") {
        return Furniture::Always;
    }
    let mut out = Furniture::No;
    if let Some(role) = a.role {
        for r in role.split_ascii_whitespace() {
            if ALWAYS_ROLES.iter().any(|d| d.eq_ignore_ascii_case(r)) {
                return Furniture::Always;
            }
            if CHROME_ROLES.iter().any(|d| d.eq_ignore_ascii_case(r)) {
                out = Furniture::Chrome;
            }
        }
    }
    let extra = family.table();
    let bits = values(a.class, a.id).fold(0, |b, v| {
        b | *memo.entry(v).or_insert_with(|| {
            // Amazon's `editorialReviews` are the product's description.
            let family_bits = match extra {
                Some(t) if !v.to_ascii_lowercase().contains("editorial") => t.flags(v),
                _ => 0,
            };
            TABLE.flags(v) | family_bits
        })
    });
    if family == Family::Docs
        && a.role
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("tablist"))
    {
        return Furniture::Always;
    }
    if bits & ALWAYS != 0 {
        return Furniture::Always;
    }
    if bits & CHROME != 0 {
        out = Furniture::Chrome;
    }
    out
}

/// Which nodes the furniture rules drop, given statistics computed with
/// only never-text elements dropped (for the text-share guard). A chrome
/// element holding more than half of `within`'s text, or reading as prose,
/// is walked into instead.
pub(crate) fn dropped(dom: &Dom<'_>, stats: &[Stat], within: usize, family: Family) -> Vec<bool> {
    let n = dom.len();
    let mut out = vec![false; n];
    // Ends of the open `<article>`/`<section>`/`<main>` elements.
    let mut sections: Vec<usize> = Vec::new();
    let total = stats.get(within).map_or(0, |s| s.chars);
    let mut memo = std::collections::HashMap::new();
    let mut i = 0;
    while i < n {
        while sections.last().is_some_and(|&end| end <= i) {
            sections.pop();
        }
        let tag = dom.tag(i);
        if tag == Tag::Text {
            i += 1;
            continue;
        }
        let drop = match verdict(dom, i, !sections.is_empty(), family, &mut memo) {
            Furniture::No => false,
            Furniture::Always => true,
            Furniture::Chrome if family == Family::Docs && chapter_contents(dom, stats, i) => {
                // Kept whole: its inner lists are classed as it is.
                i = dom.end(i).max(i + 1);
                continue;
            }
            Furniture::Chrome => {
                let s = &stats[i];
                let most = u64::from(s.chars) * 2 > u64::from(total);
                let prose = s.chars >= 300 && s.link_density() < 0.25 && s.ptext >= 150;
                !(most || prose)
            }
        };
        if drop {
            let end = dom.end(i).max(i + 1);
            for d in out.iter_mut().take(end).skip(i) {
                *d = true;
            }
            i = end;
            continue;
        }
        if matches!(tag, Tag::Article | Tag::Section | Tag::Main) {
            sections.push(dom.end(i));
        }
        i += 1;
    }
    out
}

/// A chapter's table of contents set in the chapter's text (beside a
/// paragraph's worth of prose in its parent), not a navigation column.
fn chapter_contents(dom: &Dom<'_>, stats: &[Stat], i: usize) -> bool {
    dom.parent(i).is_some_and(|p| {
        stats[p]
            .plain_chars()
            .saturating_sub(stats[i].plain_chars())
            >= CHAPTER_PROSE_CHARS
    }) && super::boilerplate::is_chapter_contents(dom, i)
}

/// The prose beside a chapter's table of contents: a paragraph's worth.
const CHAPTER_PROSE_CHARS: u32 = 100;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::dom::Dom;
    use crate::html::prune::{Cut, Marks};
    use crate::html::tree::Document;

    fn dropped_ids(html: &str) -> Vec<String> {
        dropped_ids_for(html, Family::General)
    }

    fn dropped_ids_for(html: &str, family: Family) -> Vec<String> {
        let doc = Document::parse(html);
        let dom = Dom::build(&doc);
        let marks = Marks::compute(&dom);
        let always = marks.dropped(&dom, Cut::Always);
        let st = crate::html::stats::compute(&dom, &marks, &always);
        let out = dropped(&dom, &st, dom.body, family);
        (0..dom.len())
            .filter(|&i| out[i])
            .filter_map(|i| dom.attr(i, "id").map(str::to_string))
            .collect()
    }

    #[test]
    fn a_products_related_row_goes_however_much_text_it_holds() {
        let card = "<div class=card><h3>Linen dress</h3><p>AED: 470.00</p><p>GBP: 94.78</p><p>USD: 127.97</p><p>In stock, sold by a small workshop</p></div>";
        let html = format!(
            "<body><main><div id=desc><h1>Hemp dress</h1><p>A dress of three layers.</p></div>\
             <div id=row class=\"related products\"><h2>Related products</h2>{}</div></main></body>",
            card.repeat(6)
        );
        assert_eq!(dropped_ids_for(&html, Family::Product), ["row"]);
        // Elsewhere a related box holding most of the text is walked into.
        assert!(dropped_ids_for(&html, Family::General).is_empty());
    }

    #[test]
    fn a_manuals_chapter_contents_stay_a_navigation_column_of_them_goes() {
        let toc = |id: &str| {
            format!(
                "<div id={id} class=toc><dl class=toc><dt><a href=a.html>One</a></dt><dt><a href=b.html>Two</a></dt><dt><a href=c.html>Three</a></dt></dl></div>"
            )
        };
        let html = format!(
            "<body><div id=side>{}</div><div id=chapter><h2>Chapter</h2>{}{PARA}{PARA}</div></body>",
            toc("column"),
            toc("contents")
        );
        assert_eq!(dropped_ids_for(&html, Family::Docs), ["column"]);
        // Elsewhere a `toc` class is nothing to the furniture rules.
        assert!(dropped_ids_for(&html, Family::General).is_empty());
    }

    const PARA: &str = "<p>A paragraph of ordinary prose, with commas, long enough to count as text of the page and more.</p>";

    #[test]
    fn furniture_goes_and_content_boxes_stay() {
        let html = format!(
            r#"<body><header id=h><a href=/>Home</a></header><nav id=n><a href=/a>A</a></nav>
            <div id=cookie class="cookie-banner"><p>We use cookies.</p></div>
            <main id=m><header id=mh><h1>Title</h1></header>
            <div id=f class="filters"><a href=?a>Red</a></div>
            <div id=g class="product-grid"><div id=c class=card><h3>One</h3><p>Blurb.</p></div></div>
            <div id=rel class="related-posts">{PARA}</div>
            <div id=tab class="tab-panel" hidden>{PARA}</div>
            <div id=aem class="cmp-text">{PARA}</div>
            <span id=sr class="sr-only">Skip</span><div id=dn style="display:none">x</div>
            <div id=dd class="dropdown-panel"><ol><li><a href=/es>Español</a></li></ol></div>
            </main><footer id=ft>{PARA}</footer><div id=dlg role=dialog>Sign in</div></body>"#
        );
        let ids = dropped_ids(&html);
        for id in ["h", "n", "cookie", "f", "sr", "dn", "dd", "ft", "dlg"] {
            assert!(ids.contains(&id.to_string()), "{id} kept: {ids:?}");
        }
        for id in ["m", "mh", "g", "c", "rel", "tab", "aem"] {
            assert!(!ids.contains(&id.to_string()), "{id} dropped: {ids:?}");
        }
    }

    #[test]
    fn chrome_that_holds_the_page_or_reads_as_prose_stays() {
        // An ASP.NET form around the whole page, and an article wrapper
        // whose class happens to name a share bar.
        let html = format!(
            r#"<body><form id=wrap><div id=share class="has-share-float">{PARA}{PARA}{PARA}{PARA}</div>
            <div id=bar class="share">Share</div></form>{PARA}</body>"#
        );
        let ids = dropped_ids(&html);
        assert_eq!(ids, vec!["bar".to_string()]);
    }
}
