//! What to drop before scoring: every element gets a [`Cut`] level (how
//! sure we are it is not content), a class weight and a body hint, from its
//! tag, attributes and the [`boilerplate`](super::boilerplate) rule table.
//!
//! The levels let the cleaner retry with looser pruning when the strict
//! pass leaves too little text (as Readability does): an attempt drops
//! every element whose cut is at least the attempt's threshold.

use super::boilerplate::{self, BODY_ITEMPROPS};
use super::dom::{Dom, Tag};

/// How sure we are that an element is not content. Ordered: an attempt
/// with threshold `t` drops every element with `cut >= t`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Cut {
    /// Keep.
    #[default]
    Keep,
    /// A class/id token or ARIA role marks it as clutter.
    Class,
    /// A page-chrome element: nav, header, footer, aside, form.
    Chrome,
    /// Hidden from readers (attribute, inline style, hidden class).
    Hidden,
    /// Never text: script, style, embedded widgets, form controls.
    Always,
}

/// How strongly an element claims to be the article body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Hint {
    /// No claim.
    #[default]
    None,
    /// `<main>` or `role=main`.
    Main,
    /// `<article>`.
    Article,
    /// A body-container class or id (`entry-content`, `article-body`...).
    Class,
    /// `itemprop=articleBody`.
    Itemprop,
}

/// Per-element marks, indexed like the [`Dom`].
#[derive(Debug, Default)]
pub(crate) struct Marks {
    /// The element's own cut level (not inherited).
    pub cut: Vec<Cut>,
    /// Readability-style class weight (-25, 0 or 25, plus tag bonuses).
    pub weight: Vec<i8>,
    /// Body-container hint.
    pub hint: Vec<Hint>,
    /// Link weight of text under this node: 0 outside links, 3 in `#`
    /// links, 10 in other links.
    pub link: Vec<u8>,
}

impl Marks {
    /// Mark every node of the document.
    pub(crate) fn compute(dom: &Dom<'_>) -> Marks {
        let n = dom.len();
        let mut m = Marks {
            cut: vec![Cut::Keep; n],
            weight: vec![0; n],
            hint: vec![Hint::None; n],
            link: vec![0; n],
        };
        let mut forms = Vec::new();
        let mut itemprop_bodies = Vec::new();
        let mut formulas = Vec::new();
        let mut judge = boilerplate::Judge::default();
        let targets = link_targets(dom);
        let controlled = controlled_ids(dom);
        // The end of the `<pre>` being walked: inside it, classes are
        // syntax highlighting (`token comment`), not page roles.
        let mut pre_end = 0;
        for i in 0..n {
            let tag = dom.tag(i);
            let in_code = i < pre_end;
            if tag == Tag::Pre && !in_code {
                pre_end = dom.end(i);
            }
            let parent_link = dom.parent(i).map_or(0, |p| m.link[p]);
            if tag == Tag::Text {
                m.link[i] = parent_link;
                continue;
            }
            if tag == Tag::Inline && dom.name(i) == "math" {
                formulas.push(i);
            }
            let a = dom.attrs(i);
            m.link[i] = if tag == Tag::A {
                match a.href {
                    Some(h) if h.starts_with('#') => 3,
                    _ => 10,
                }
            } else {
                parent_link
            };
            let mut cut = match tag {
                Tag::Script | Tag::Embed | Tag::Control | Tag::Head | Tag::Title => Cut::Always,
                Tag::Nav | Tag::Header | Tag::Footer | Tag::Aside => Cut::Chrome,
                Tag::Form => {
                    forms.push(i);
                    Cut::Chrome
                }
                _ => Cut::Keep,
            };
            let protected = matches!(tag, Tag::Body | Tag::Html | Tag::Main | Tag::Article);
            if cut < Cut::Hidden
                && (a.hidden || a.aria_hidden || a.style.is_some_and(style_hides))
                && !shown_later(a, &controlled)
            {
                cut = Cut::Hidden;
            }
            if let Some(role) = a.role {
                if !protected && cut < Cut::Class && boilerplate::is_drop_role(role) {
                    cut = Cut::Class;
                }
                if role.eq_ignore_ascii_case("main") {
                    m.hint[i] = Hint::Main;
                }
            }
            if !in_code && (a.class.is_some() || a.id.is_some()) {
                // An id names a place in the page, not a role, when it is a
                // section's or heading's anchor or an in-page link's target
                // (`#cookies`, `#sql-for-update-share`).
                let anchor = matches!(tag, Tag::Section | Tag::Heading(_))
                    || a.id.is_some_and(|id| targets.contains(id));
                let v = judge.judge(a.class, if anchor { None } else { a.id });
                if v.hidden && !protected && cut < Cut::Hidden {
                    cut = Cut::Hidden;
                }
                if v.drop && !protected && cut < Cut::Class {
                    cut = Cut::Class;
                }
                m.weight[i] = v.weight.clamp(-100, 100) as i8;
                if v.body {
                    m.hint[i] = m.hint[i].max(Hint::Class);
                }
            }
            match tag {
                Tag::Main => m.hint[i] = m.hint[i].max(Hint::Main),
                Tag::Article => m.hint[i] = m.hint[i].max(Hint::Article),
                _ => {}
            }
            if a.itemprop.is_some_and(|p| {
                p.split_ascii_whitespace()
                    .any(|p| BODY_ITEMPROPS.contains(&p))
            }) {
                m.hint[i] = Hint::Itemprop;
                itemprop_bodies.push(i);
            }
            m.cut[i] = cut;
        }
        // A declared article body is never inside dropped-by-class clutter.
        for b in itemprop_bodies {
            m.keep_up(dom, b, |_| true);
        }
        // The phrasing wrappers of a formula are not clutter, whatever
        // their class (MathJax's `CtxtMenu_Attached` reads as a menu).
        for f in formulas {
            m.keep_up(dom, f, |p| dom.tag(p) == Tag::Inline);
        }
        // A form that wraps most of the page (ASP.NET) is not chrome.
        let body_nodes = dom.end(dom.body).saturating_sub(dom.body);
        for f in forms {
            if (dom.end(f) - f) * 2 > body_nodes {
                m.cut[f] = Cut::Keep;
            }
        }
        m.keep_the_bulk(dom);
        m
    }

    /// An element that holds most of the page's text is not clutter,
    /// whatever its class says (`has-share-float` on an article's
    /// wrapper) or its tag (a `<header>` around a whole post, with no
    /// navigation in it). Nor is a box classed as a header that holds the
    /// page's title and its opening paragraphs, with no navigation or form
    /// controls (a documentation page's `layout__header` around its h1 and
    /// intro).
    fn keep_the_bulk(&mut self, dom: &Dom<'_>) {
        let n = dom.len();
        let mut chars = vec![0u32; n];
        let mut navs = vec![false; n];
        let mut controls = vec![false; n];
        // Bytes of text in paragraphs, and whether an h1 is inside.
        let mut paras = vec![0u32; n];
        let mut h1s = vec![false; n];
        for i in (0..n).rev() {
            // Form controls are cut always, yet they tell a shop's header.
            if dom.tag(i) == Tag::Control
                && let Some(p) = dom.parent(i)
            {
                controls[p] = true;
            }
            if self.cut[i] == Cut::Always {
                continue;
            }
            match dom.tag(i) {
                // Bytes, a cheap measure of a share of the page's text.
                Tag::Text => {
                    chars[i] = u32::try_from(dom.text(i).trim_ascii().len()).unwrap_or(u32::MAX)
                }
                Tag::Nav => navs[i] = true,
                Tag::P => paras[i] = chars[i],
                Tag::Heading(1) => h1s[i] = true,
                _ => {}
            }
            if let Some(p) = dom.parent(i) {
                chars[p] += chars[i];
                navs[p] |= navs[i];
                controls[p] |= controls[i];
                paras[p] += paras[i];
                h1s[p] |= h1s[i];
            }
        }
        let total = chars.get(dom.body).copied().unwrap_or(0);
        for i in 0..n {
            let most = chars[i] * 2 >= total && chars[i] > 0;
            let bulk = match (self.cut[i], dom.tag(i)) {
                (Cut::Class, _) => {
                    // No navigation or form controls: not a site's or a
                    // shop's header.
                    let titled = h1s[i]
                        && !navs[i]
                        && !controls[i]
                        && paras[i] >= TITLED_INTRO
                        && names_header(dom.attrs(i));
                    (most || titled) && !names_long_clutter(dom.attrs(i))
                }
                (Cut::Chrome, Tag::Header) => most && !navs[i],
                _ => false,
            };
            if bulk {
                self.cut[i] = Cut::Keep;
            }
        }
    }

    /// Undo the class-rule cut of `from` and of its ancestors, up to the
    /// first node that is not `within`.
    fn keep_up(&mut self, dom: &Dom<'_>, from: usize, within: impl Fn(usize) -> bool) {
        let mut a = Some(from);
        while let Some(p) = a.filter(|&p| within(p)) {
            if self.cut[p] == Cut::Class {
                self.cut[p] = Cut::Keep;
            }
            a = dom.parent(p);
        }
    }

    /// Which nodes are dropped (by themselves or an ancestor) when every
    /// cut at or above `threshold` applies.
    pub(crate) fn dropped(&self, dom: &Dom<'_>, threshold: Cut) -> Vec<bool> {
        let n = dom.len();
        let mut out = vec![false; n];
        for i in 0..n {
            let inherited = dom.parent(i).is_some_and(|p| out[p]);
            out[i] = inherited || self.cut[i] >= threshold && self.cut[i] != Cut::Keep;
        }
        out
    }
}

/// Bytes of paragraph text beside the title that make a header-classed
/// box the opening of the content (a tagline is shorter).
const TITLED_INTRO: u32 = 200;

/// A class or id that calls the box a header.
fn names_header(a: &super::dom::Attrs<'_>) -> bool {
    [a.class, a.id]
        .into_iter()
        .flatten()
        .any(|v| v.to_ascii_lowercase().contains("header"))
}

/// A class that names a box which stays clutter even when it holds most
/// of the page's text: a photo gallery's captions, a long comment thread.
fn names_long_clutter(a: &super::dom::Attrs<'_>) -> bool {
    const LONG: &[&str] = &["gallery", "slideshow", "carousel", "comment", "comments"];
    [a.class, a.id].into_iter().flatten().any(|v| {
        v.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| LONG.iter().any(|w| t.eq_ignore_ascii_case(w)))
    })
}

/// Hidden content that a script or a click shows: a tab panel, the panel
/// a disclosure button or accordion heading controls (`aria-controls`),
/// and a React streaming segment (`<div hidden id="S:0">`, moved into
/// place as the page loads).
fn shown_later(a: &super::dom::Attrs<'_>, controlled: &boilerplate::WordSet<'_>) -> bool {
    a.role
        .is_some_and(|r| r.trim().eq_ignore_ascii_case("tabpanel"))
        || a.id.is_some_and(|id| {
            controlled.contains(id)
                || id
                    .strip_prefix("S:")
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// The ids of panels that a control shows on a click: what elements name
/// in `aria-controls` (an accordion's answers, a disclosure's details). A
/// site menu shown the same way is navigation, which its own rules drop.
fn controlled_ids<'a>(dom: &Dom<'a>) -> boilerplate::WordSet<'a> {
    (0..dom.len())
        .filter_map(|i| dom.attrs(i).aria_controls)
        .flat_map(str::split_ascii_whitespace)
        .collect()
}

/// The ids that in-page links point at (`href="#id"`).
fn link_targets<'a>(dom: &Dom<'a>) -> boilerplate::WordSet<'a> {
    (0..dom.len())
        .filter(|&i| dom.tag(i) == Tag::A)
        .filter_map(|i| dom.attrs(i).href?.strip_prefix('#'))
        .filter(|id| !id.is_empty())
        .collect()
}

/// True when an inline style hides the element.
pub(crate) fn style_hides(style: &str) -> bool {
    style.split(';').any(|decl| {
        let Some((prop, value)) = decl.split_once(':') else {
            return false;
        };
        let prop = prop.trim();
        let value = value.trim().trim_end_matches("!important").trim();
        (prop.eq_ignore_ascii_case("display") && value.eq_ignore_ascii_case("none"))
            || (prop.eq_ignore_ascii_case("visibility") && value.eq_ignore_ascii_case("hidden"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(html: &str) -> (Vec<(String, Cut, Hint)>, Vec<bool>) {
        let doc = crate::html::tree::Document::parse(html);
        let dom = Dom::build(&doc);
        let m = Marks::compute(&dom);
        let dropped = m.dropped(&dom, Cut::Class);
        let mut out = Vec::new();
        let mut drops = Vec::new();
        for (i, d) in dropped.iter().enumerate() {
            if let Some(id) = dom.attr(i, "id") {
                out.push((id.to_string(), m.cut[i], m.hint[i]));
                drops.push(*d);
            }
        }
        (out, drops)
    }

    #[test]
    fn cuts_by_tag_attribute_and_class() {
        let (m, dropped) = marks(
            r#"<body id=b class="sidebar"><nav id=n></nav><div id=h hidden></div>
            <div id=s style="color:red; DISPLAY : none !important"></div>
            <div id=v style="display:block"></div>
            <div id=c class="social-share"><p id=inner>x</p></div>
            <main id=m class="footer"></main><div id=r role=navigation></div>
            <div id=a aria-hidden="true"></div><article id=art></article>
            <div id=k class="comment-content"></div>
            <p>Enough text elsewhere on the page that the share box is a small part of it.</p></body>"#,
        );
        let get = |id: &str| m.iter().find(|(i, _, _)| i == id).unwrap().1;
        assert_eq!(get("b"), Cut::Keep, "never drop body by class");
        assert_eq!(get("n"), Cut::Chrome);
        assert_eq!(get("h"), Cut::Hidden);
        assert_eq!(get("s"), Cut::Hidden);
        assert_eq!(get("v"), Cut::Keep);
        assert_eq!(get("c"), Cut::Class);
        assert_eq!(get("m"), Cut::Keep, "never drop main by class");
        assert_eq!(get("r"), Cut::Class);
        assert_eq!(get("a"), Cut::Hidden);
        assert_eq!(get("k"), Cut::Keep, "keep token");
        let inner = m.iter().position(|(i, _, _)| i == "inner").unwrap();
        assert!(dropped[inner], "inherited");
        let hint = |id: &str| m.iter().find(|(i, _, _)| i == id).unwrap().2;
        assert_eq!(hint("m"), Hint::Main);
        assert_eq!(hint("art"), Hint::Article);
    }

    #[test]
    fn anchors_tab_and_accordion_panels_streamed_segments_and_the_bulk_are_kept() {
        let para = "<p>A paragraph of the article, long enough to be most of the text on the page here.</p>";
        let (m, _) = marks(&format!(
            r##"<body><a href="#cookies">Cookies</a><section id=cookies><h2 id=share>Share</h2></section>
            <div id=tp role=tabpanel hidden>{para}</div><div id="S:0" hidden>x</div><div id=h2 hidden>y</div>
            <h3><a href="javascript:void(0)" aria-controls="faq-1 faq-2">How?</a></h3><div id=faq-2 aria-hidden=true>{para}</div>
            <div id=wrap class="has-share-float">{para}{para}{para}{para}</div>
            <header id=hd>{para}{para}{para}{para}{para}{para}{para}</header></body>"##
        ));
        let get = |id: &str| m.iter().find(|(i, _, _)| i == id).unwrap().1;
        assert_eq!(
            get("cookies"),
            Cut::Keep,
            "a link target is not a cookie box"
        );
        assert_eq!(get("share"), Cut::Keep, "a heading's id is its anchor");
        assert_eq!(get("tp"), Cut::Keep);
        assert_eq!(get("S:0"), Cut::Keep);
        assert_eq!(get("faq-2"), Cut::Keep, "an accordion's panel");
        assert_eq!(get("h2"), Cut::Hidden);
        assert_eq!(
            get("wrap"),
            Cut::Class,
            "a share class on a third of the text"
        );
        assert_eq!(get("hd"), Cut::Keep, "a header holding most of the text");
    }

    #[test]
    fn article_body_is_protected_and_wide_forms_kept() {
        let (m, _) = marks(
            r#"<body><form id=f><div id=w class="comments-wrap"><div id=ab itemprop="articleBody">
            <p>long text long text long text</p></div></div></form><form id=g><p>x</p></form></body>"#,
        );
        let get = |id: &str| m.iter().find(|(i, _, _)| i == id).unwrap().clone();
        assert_eq!(get("ab").2, Hint::Itemprop);
        assert_eq!(get("w").1, Cut::Keep);
        assert_eq!(get("f").1, Cut::Keep);
        assert_eq!(get("g").1, Cut::Chrome);
    }

    #[test]
    fn a_header_box_around_the_title_and_intro_is_kept_a_site_header_is_not() {
        let intro = "<p>The interface provides a way to make requests and to handle the responses, in the page and in workers alike.</p>".repeat(2);
        let rest = "<p>Enough text elsewhere on the page that the header is a small part of it, sentence after sentence.</p>".repeat(12);
        let (m, _) = marks(&format!(
            r#"<body><div id=top class="site-header"><h1>Site</h1><nav><a href=/>Home</a></nav>{intro}</div>
            <div id=shop class="product-header"><h1>Mug</h1>{intro}<button>Add to cart</button></div>
            <div id=doc class="layout__header"><h1>Using the API</h1>{intro}</div>
            <div id=tag class="layout__header"><h1>Using the API</h1><p>A tagline.</p></div>{rest}</body>"#
        ));
        let get = |id: &str| m.iter().find(|(i, _, _)| i == id).unwrap().1;
        assert_eq!(get("doc"), Cut::Keep);
        assert_eq!(get("top"), Cut::Class, "navigation inside");
        assert_eq!(get("shop"), Cut::Class, "form controls inside");
        assert_eq!(get("tag"), Cut::Class, "a tagline is not an intro");
    }
}
