//! A flat, pre-order view of the parsed document.
//!
//! Every element and text node of the parsed [`Document`] gets a dense index in
//! document order. A node's subtree is the index range `i..end`, its first
//! child is `i + 1` and the next sibling of a child `c` is `c.end`, so every
//! later pass (pruning marks, bottom-up statistics, scoring, block
//! conversion) works on plain vectors keyed by index: no hashing, no
//! re-walking of subtrees.

use super::tree::{Attr, AttrName, Document, Kind, ROOT};

/// What a node is, as far as extraction cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    /// A text node.
    Text,
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    /// script, style, noscript, template, and MathML's annotations (the
    /// TeX or other source beside a formula): never text.
    Script,
    /// svg, canvas, iframe, object, embed, video, audio, map, dialog and
    /// other embedded or interactive widgets.
    Embed,
    Img,
    Form,
    /// input, button, select, textarea, option, label.
    Control,
    Nav,
    Header,
    Footer,
    Aside,
    Main,
    Article,
    Section,
    /// div, center, details, address and other generic block containers.
    Div,
    P,
    /// h1..h6 with their level.
    Heading(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Table,
    /// thead, tbody, tfoot.
    TableSection,
    Tr,
    /// td or th.
    Cell,
    /// A table's `<caption>`.
    TableCaption,
    Figure,
    Figcaption,
    Hr,
    Br,
    A,
    Time,
    /// Phrasing content (span, b, em, code...) and unknown elements.
    Inline,
}

impl Tag {
    /// The tag of an element name (lower-case, as html5ever gives it).
    pub(crate) fn of(name: &str) -> Tag {
        if name.len() > 8 {
            return match name {
                "blockquote" => Tag::Blockquote,
                "figcaption" => Tag::Figcaption,
                "plaintext" => Tag::Pre,
                "annotation" | "annotation-xml" => Tag::Script,
                _ => Tag::Inline,
            };
        }
        match pack(name) {
            P => Tag::P,
            DIV | CENTER | DETAILS | SUMMARY | ADDRESS | HGROUP | FIELDSET | LEGEND | SEARCH
            | MENU | DIR => Tag::Div,
            A => Tag::A,
            LI => Tag::Li,
            UL => Tag::Ul,
            OL => Tag::Ol,
            BR => Tag::Br,
            IMG | PICTURE | SOURCE => Tag::Img,
            H1 => Tag::Heading(1),
            H2 => Tag::Heading(2),
            H3 => Tag::Heading(3),
            H4 => Tag::Heading(4),
            H5 => Tag::Heading(5),
            H6 => Tag::Heading(6),
            SCRIPT | STYLE | NOSCRIPT | TEMPLATE => Tag::Script,
            SECTION => Tag::Section,
            ARTICLE => Tag::Article,
            MAIN => Tag::Main,
            NAV => Tag::Nav,
            HEADER => Tag::Header,
            FOOTER => Tag::Footer,
            ASIDE => Tag::Aside,
            TABLE => Tag::Table,
            THEAD | TBODY | TFOOT => Tag::TableSection,
            TR => Tag::Tr,
            TD | TH => Tag::Cell,
            CAPTION => Tag::TableCaption,
            PRE | LISTING | XMP => Tag::Pre,
            DL => Tag::Dl,
            DT => Tag::Dt,
            DD => Tag::Dd,
            FIGURE => Tag::Figure,
            HR => Tag::Hr,
            TIME => Tag::Time,
            FORM => Tag::Form,
            INPUT | BUTTON | SELECT | TEXTAREA | OPTION | OPTGROUP | LABEL | DATALIST | OUTPUT
            | PROGRESS | METER => Tag::Control,
            // A formula (`math`) is phrasing content: its text stays.
            SVG | CANVAS | IFRAME | OBJECT | EMBED | VIDEO | AUDIO | MAP | DIALOG | FRAMESET
            | FRAME | APPLET | TRACK | PARAM => Tag::Embed,
            META => Tag::Meta,
            LINK => Tag::Link,
            TITLE => Tag::Title,
            HEAD => Tag::Head,
            BODY => Tag::Body,
            HTML => Tag::Html,
            _ => Tag::Inline,
        }
    }

    /// True for elements that start a new block when rendered.
    pub(crate) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Text
                | Tag::Inline
                | Tag::A
                | Tag::Br
                | Tag::Img
                | Tag::Time
                | Tag::Control
                | Tag::Embed
                | Tag::Script
                | Tag::Meta
                | Tag::Link
                | Tag::Title
        )
    }

    /// True for block containers whose text counts as a paragraph when they
    /// hold no other block.
    pub(crate) fn is_paragraph_like(self) -> bool {
        matches!(
            self,
            Tag::P
                | Tag::Div
                | Tag::Section
                | Tag::Article
                | Tag::Main
                | Tag::Pre
                | Tag::Cell
                | Tag::Blockquote
                | Tag::Dd
        )
    }
}

/// Up to eight bytes of a tag name as an integer, for cheap matching.
const fn pack(name: &str) -> u64 {
    let b = name.as_bytes();
    let mut v = 0u64;
    let mut i = 0;
    while i < b.len() && i < 8 {
        v |= (b[i] as u64) << (8 * i);
        i += 1;
    }
    v
}

const P: u64 = pack("p");
const DIV: u64 = pack("div");
const CENTER: u64 = pack("center");
const DETAILS: u64 = pack("details");
const SUMMARY: u64 = pack("summary");
const ADDRESS: u64 = pack("address");
const HGROUP: u64 = pack("hgroup");
const FIELDSET: u64 = pack("fieldset");
const LEGEND: u64 = pack("legend");
const SEARCH: u64 = pack("search");
const MENU: u64 = pack("menu");
const DIR: u64 = pack("dir");
const A: u64 = pack("a");
const LI: u64 = pack("li");
const UL: u64 = pack("ul");
const OL: u64 = pack("ol");
const BR: u64 = pack("br");
const IMG: u64 = pack("img");
const PICTURE: u64 = pack("picture");
const SOURCE: u64 = pack("source");
const H1: u64 = pack("h1");
const H2: u64 = pack("h2");
const H3: u64 = pack("h3");
const H4: u64 = pack("h4");
const H5: u64 = pack("h5");
const H6: u64 = pack("h6");
const SCRIPT: u64 = pack("script");
const STYLE: u64 = pack("style");
const NOSCRIPT: u64 = pack("noscript");
const TEMPLATE: u64 = pack("template");
const SECTION: u64 = pack("section");
const ARTICLE: u64 = pack("article");
const MAIN: u64 = pack("main");
const NAV: u64 = pack("nav");
const HEADER: u64 = pack("header");
const FOOTER: u64 = pack("footer");
const ASIDE: u64 = pack("aside");
const TABLE: u64 = pack("table");
const THEAD: u64 = pack("thead");
const TBODY: u64 = pack("tbody");
const TFOOT: u64 = pack("tfoot");
const TR: u64 = pack("tr");
const TD: u64 = pack("td");
const TH: u64 = pack("th");
const CAPTION: u64 = pack("caption");
const PRE: u64 = pack("pre");
const LISTING: u64 = pack("listing");
const XMP: u64 = pack("xmp");
const DL: u64 = pack("dl");
const DT: u64 = pack("dt");
const DD: u64 = pack("dd");
const FIGURE: u64 = pack("figure");
const HR: u64 = pack("hr");
const TIME: u64 = pack("time");
const FORM: u64 = pack("form");
const INPUT: u64 = pack("input");
const BUTTON: u64 = pack("button");
const SELECT: u64 = pack("select");
const TEXTAREA: u64 = pack("textarea");
const OPTION: u64 = pack("option");
const OPTGROUP: u64 = pack("optgroup");
const LABEL: u64 = pack("label");
const DATALIST: u64 = pack("datalist");
const OUTPUT: u64 = pack("output");
const PROGRESS: u64 = pack("progress");
const METER: u64 = pack("meter");
const SVG: u64 = pack("svg");
const CANVAS: u64 = pack("canvas");
const IFRAME: u64 = pack("iframe");
const OBJECT: u64 = pack("object");
const EMBED: u64 = pack("embed");
const VIDEO: u64 = pack("video");
const AUDIO: u64 = pack("audio");
const MAP: u64 = pack("map");
const DIALOG: u64 = pack("dialog");
const FRAMESET: u64 = pack("frameset");
const FRAME: u64 = pack("frame");
const APPLET: u64 = pack("applet");
const TRACK: u64 = pack("track");
const PARAM: u64 = pack("param");
const META: u64 = pack("meta");
const LINK: u64 = pack("link");
const TITLE: u64 = pack("title");
const HEAD: u64 = pack("head");
const BODY: u64 = pack("body");
const HTML: u64 = pack("html");

/// One node of the flat document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DomNode {
    /// What it is.
    pub tag: Tag,
    /// Index of the parent (`u32::MAX` for the root).
    pub parent: u32,
    /// One past the last index of the subtree.
    pub end: u32,
    /// Index into [`Dom::attrs`] (0: no attribute of interest).
    pub attrs: u32,
    /// The node in the [`Document`] arena.
    pub src: u32,
}

/// The attributes extraction looks at, read once per element.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Attrs<'a> {
    /// `class`.
    pub class: Option<&'a str>,
    /// `id`.
    pub id: Option<&'a str>,
    /// `role`.
    pub role: Option<&'a str>,
    /// `style`.
    pub style: Option<&'a str>,
    /// `itemprop`.
    pub itemprop: Option<&'a str>,
    /// `href`.
    pub href: Option<&'a str>,
    /// `itemtype` (microdata).
    pub itemtype: Option<&'a str>,
    /// `aria-controls`: the ids of what this control shows or hides.
    pub aria_controls: Option<&'a str>,
    /// `hidden` is present.
    pub hidden: bool,
    /// `aria-hidden="true"`.
    pub aria_hidden: bool,
}

impl<'a> Attrs<'a> {
    /// Read the attributes of interest; `None` when there are none.
    fn of(attrs: &'a [Attr]) -> Option<Attrs<'a>> {
        let mut a = Attrs::default();
        let mut any = false;
        for attr in attrs {
            let value: &'a str = &attr.value;
            let slot = match attr.name {
                AttrName::Class => &mut a.class,
                AttrName::Id => &mut a.id,
                AttrName::Role => &mut a.role,
                AttrName::Style => &mut a.style,
                AttrName::Itemprop => &mut a.itemprop,
                AttrName::Href => &mut a.href,
                AttrName::Itemtype => &mut a.itemtype,
                AttrName::AriaControls => &mut a.aria_controls,
                AttrName::Hidden => {
                    a.hidden = true;
                    any = true;
                    continue;
                }
                AttrName::AriaHidden => {
                    a.aria_hidden = value.trim().eq_ignore_ascii_case("true");
                    any |= a.aria_hidden;
                    continue;
                }
                _ => continue,
            };
            *slot = Some(value);
            any = true;
        }
        any.then_some(a)
    }
}

/// The flattened document.
#[derive(Debug)]
pub(crate) struct Dom<'a> {
    /// Nodes in document order.
    pub nodes: Vec<DomNode>,
    /// Index of `<body>`, if any (else the root element).
    pub body: usize,
    /// Attributes of interest; entry 0 is empty.
    pub attrs: Vec<Attrs<'a>>,
    /// The parsed document the nodes point into.
    doc: &'a Document,
}

/// A heading's toggle, the button in or around an accordion's or a tab's
/// title, is the heading's text, not a form control: it is re-tagged as
/// an inline element (a button within three levels under a heading, or
/// one holding a heading).
fn heading_toggles_are_text(doc: &Document, nodes: &mut [DomNode]) {
    for i in 0..nodes.len() {
        if nodes[i].tag != Tag::Control
            || !doc.local_name(nodes[i].src).eq_ignore_ascii_case("button")
        {
            continue;
        }
        let is_heading = |j: u32| {
            nodes
                .get(j as usize)
                .is_some_and(|n| matches!(n.tag, Tag::Heading(_)))
        };
        let under = std::iter::successors(Some(nodes[i].parent), |&p| {
            nodes.get(p as usize).map(|n| n.parent)
        })
        .take(3)
        .any(is_heading);
        let holds = (i as u32 + 1..nodes[i].end).any(is_heading);
        if under || holds {
            nodes[i].tag = Tag::Inline;
        }
    }
}

impl<'a> Dom<'a> {
    /// Flatten a parsed document, iteratively (no recursion, whatever the
    /// depth). Comments, processing instructions and template contents
    /// are skipped.
    pub(crate) fn build(doc: &'a Document) -> Dom<'a> {
        let mut nodes: Vec<DomNode> = Vec::with_capacity(doc.node_count());
        // Our indices of the elements the walk is inside.
        let mut open: Vec<u32> = Vec::with_capacity(64);
        let mut body = None;
        let mut attrs = vec![Attrs::default()];
        let mut cur = doc.first_child(ROOT);
        // Each arena node is visited once; the budget guards the walk
        // against a malformed (cyclic) arena.
        let mut budget = doc.node_count();
        while let Some(n) = cur {
            if budget == 0 {
                break;
            }
            budget -= 1;
            let parent = open.last().copied().unwrap_or(u32::MAX);
            let index = nodes.len() as u32;
            let mut descend = false;
            match doc.kind(n) {
                Kind::Text => nodes.push(DomNode {
                    tag: Tag::Text,
                    parent,
                    end: index + 1,
                    attrs: 0,
                    src: n,
                }),
                Kind::Element => {
                    let mut attr_index = 0;
                    if let Some(a) = Attrs::of(doc.attrs(n)) {
                        attr_index = attrs.len() as u32;
                        attrs.push(a);
                    }
                    let tag = Tag::of(doc.local_name(n));
                    if tag == Tag::Body && body.is_none() {
                        body = Some(index as usize);
                    }
                    nodes.push(DomNode {
                        tag,
                        parent,
                        end: index + 1,
                        attrs: attr_index,
                        src: n,
                    });
                    descend = doc.first_child(n).is_some();
                }
                Kind::Document | Kind::Other => {}
            }
            if descend {
                open.push(index);
                cur = doc.first_child(n);
                continue;
            }
            // Next in document order: the next sibling of the node or of
            // the nearest ancestor that has one, closing subtrees on the way.
            let mut at = n;
            cur = loop {
                if let Some(s) = doc.next_sibling(at) {
                    break Some(s);
                }
                match doc.parent(at) {
                    Some(p) if p != ROOT => {
                        if let Some(top) = open.pop() {
                            let end = nodes.len() as u32;
                            if let Some(node) = nodes.get_mut(top as usize) {
                                node.end = end;
                            }
                        }
                        at = p;
                    }
                    _ => break None,
                }
            };
        }
        let end = nodes.len() as u32;
        for top in open {
            if let Some(n) = nodes.get_mut(top as usize) {
                n.end = end;
            }
        }
        heading_toggles_are_text(doc, &mut nodes);
        Dom {
            nodes,
            body: body.unwrap_or(0),
            attrs,
            doc,
        }
    }

    /// Number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The element name at `i` (lower-case; empty for text).
    pub(crate) fn name(&self, i: usize) -> &'a str {
        self.nodes.get(i).map_or("", |n| self.doc.local_name(n.src))
    }

    /// The attributes of interest of node `i`.
    pub(crate) fn attrs(&self, i: usize) -> &Attrs<'a> {
        let k = self.nodes.get(i).map_or(0, |n| n.attrs as usize);
        self.attrs.get(k).unwrap_or(&EMPTY_ATTRS)
    }

    /// The text of the text node at `i` (empty for elements).
    pub(crate) fn text(&self, i: usize) -> &'a str {
        self.nodes.get(i).map_or("", |n| self.doc.text(n.src))
    }

    /// An attribute of the element at `i`.
    pub(crate) fn attr(&self, i: usize, name: &str) -> Option<&'a str> {
        self.nodes.get(i).and_then(|n| self.doc.attr(n.src, name))
    }

    /// The tag at `i`.
    pub(crate) fn tag(&self, i: usize) -> Tag {
        self.nodes.get(i).map_or(Tag::Inline, |n| n.tag)
    }

    /// One past the last index of the subtree of `i`.
    pub(crate) fn end(&self, i: usize) -> usize {
        self.nodes.get(i).map_or(i + 1, |n| n.end as usize)
    }

    /// The parent index of `i`.
    pub(crate) fn parent(&self, i: usize) -> Option<usize> {
        self.nodes
            .get(i)
            .and_then(|n| (n.parent != u32::MAX).then_some(n.parent as usize))
    }

    /// The children of `i`, in order.
    pub(crate) fn children(&self, i: usize) -> Children<'_, 'a> {
        Children {
            dom: self,
            next: i + 1,
            end: self.end(i),
        }
    }

    /// True when `anc` is `i` or one of its ancestors.
    pub(crate) fn contains(&self, anc: usize, i: usize) -> bool {
        anc <= i && i < self.end(anc)
    }

    /// The raw text of the subtree of `i` (no pruning), whitespace
    /// collapsed.
    pub(crate) fn raw_text(&self, i: usize) -> String {
        let mut out = crate::html::inline::Inline::default();
        for j in i..self.end(i) {
            if self.tag(j) == Tag::Text {
                out.push_text(self.text(j));
            }
        }
        out.take()
    }
}

static EMPTY_ATTRS: Attrs<'static> = Attrs {
    class: None,
    id: None,
    role: None,
    style: None,
    itemprop: None,
    href: None,
    itemtype: None,
    hidden: false,
    aria_controls: None,
    aria_hidden: false,
};

/// Iterator over the children of a node.
pub(crate) struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: usize,
    end: usize,
}

impl Iterator for Children<'_, '_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.next >= self.end {
            return None;
        }
        let i = self.next;
        self.next = self.dom.end(i).max(i + 1);
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preorder_ranges_and_children() {
        let doc = Document::parse(
            "<html><body><div><p>a<b>b</b></p><!-- c --><p>d</p></div><ul><li>x</li></ul></body></html>",
        );
        let dom = Dom::build(&doc);
        assert_eq!(dom.tag(dom.body), Tag::Body);
        let kids: Vec<Tag> = dom.children(dom.body).map(|i| dom.tag(i)).collect();
        assert_eq!(kids, vec![Tag::Div, Tag::Ul]);
        let div = dom.body + 1;
        let ps: Vec<usize> = dom.children(div).collect();
        assert_eq!(ps.len(), 2, "the comment is skipped");
        assert_eq!(dom.raw_text(ps[0]), "ab");
        assert_eq!(dom.parent(ps[1]), Some(div));
        assert!(dom.contains(div, ps[1]));
        assert!(!dom.contains(ps[0], ps[1]));
        assert_eq!(dom.end(dom.body), dom.len());
        assert_eq!(dom.raw_text(dom.body), "abdx");
    }

    #[test]
    fn tags_are_classified() {
        assert_eq!(Tag::of("h3"), Tag::Heading(3));
        assert_eq!(Tag::of("my-widget"), Tag::Inline);
        assert!(Tag::of("section").is_block());
        assert!(!Tag::of("span").is_block());
        assert!(Tag::of("td").is_paragraph_like());
    }
}
