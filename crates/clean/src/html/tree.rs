//! [`Document`]: the parsed page as a compact arena, built by html5ever's
//! tree builder (fed by our [`tokenizer`](super::tokenizer)) through our
//! own [`TreeSink`](html5ever::tree_builder::TreeSink) (`sink.rs`).
//!
//! A node is a few indices (parent, first and last child, siblings) and a
//! kind; an element keeps its name and only the attributes extraction reads
//! ([`AttrName`]); a text node keeps its text as a tendril, which for most
//! runs shares the input buffer instead of copying it. Comments,
//! processing instructions and template contents are nodes without data
//! (the tree builder needs handles for them); the doctype is dropped.
//!
//! [`Dom`](super::dom::Dom) flattens the arena into document order.
//!
//! The parse works within a budget that holds on any input
//! ([`ParseLimits`]): an element opened deeper than [`MAX_DEPTH`] is
//! closed at once, so what would nest deeper becomes its siblings (as
//! browsers cap the DOM's depth; this keeps the tree builder's scope
//! scans, which walk the stack of open elements on every tag, linear);
//! the parse stops after a number of nodes or at a deadline.

use std::cell::RefCell;
use std::time::Instant;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{NodeOrText, TreeBuilder, TreeBuilderOpts};
use html5ever::{Attribute, LocalName, Namespace, QualName, local_name, ns};

mod sink;
mod streamed;

use sink::Sink;

/// No node.
const NONE: u32 = u32::MAX;

/// The document node's index.
pub(crate) const ROOT: u32 = 0;

/// Elements nest at most this deep (Chromium's parser caps the DOM at the
/// same depth).
pub(crate) const MAX_DEPTH: u32 = 512;

/// The tree builder scans the stack of open elements on most tags, so a
/// parse costs about nodes x depth. On a page past `SCAN_BUDGET /
/// MAX_DEPTH` nodes (a quarter of a million, several times the largest
/// real pages) the depth cap tightens to keep that product bounded, down
/// to [`MIN_DEPTH`].
const SCAN_BUDGET: usize = 128 << 20;

/// The tightest depth cap.
const MIN_DEPTH: u32 = 64;

/// The depth cap once `nodes` nodes are built.
fn depth_cap(nodes: usize) -> u32 {
    let cap = SCAN_BUDGET / nodes.max(1);
    u32::try_from(cap)
        .unwrap_or(MAX_DEPTH)
        .clamp(MIN_DEPTH, MAX_DEPTH)
}

/// What a parse may spend.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParseLimits {
    /// Stop building after this many nodes (the rest of the page is
    /// dropped).
    pub max_nodes: usize,
    /// Stop at this instant.
    pub deadline: Option<Instant>,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits {
            max_nodes: MAX_NODES,
            deadline: None,
        }
    }
}

/// Nodes built at most: a news page has a few thousand, the largest
/// pages of the benchmark sets about 30,000.
pub(crate) const MAX_NODES: usize = 1_000_000;

/// The node cap for a page of `bytes` bytes: one node per 16 bytes (real
/// pages spend 17 or more a node; a page of bare `<div>`s spends 5),
/// at least 100,000 and at most [`MAX_NODES`]. The arena and the passes
/// over it take about 160 bytes a node, so memory stays within about ten
/// times the page's size.
pub(crate) fn node_cap(bytes: usize) -> usize {
    (bytes / 16).clamp(100_000, MAX_NODES)
}

/// Why a parse stopped before the end of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stopped {
    /// It reached [`ParseLimits::max_nodes`].
    Nodes,
    /// It reached [`ParseLimits::deadline`].
    Deadline,
}

/// What an arena node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The document itself.
    Document,
    /// An element (see [`Document::local_name`]).
    Element,
    /// A text node (see [`Document::text`]).
    Text,
    /// A comment, processing instruction or template contents.
    Other,
}

/// One arena node.
#[derive(Debug, Clone, Copy)]
struct Node {
    parent: u32,
    first: u32,
    last: u32,
    prev: u32,
    next: u32,
    kind: Kind,
    /// Element: index into `elements`; text: index into `texts`.
    data: u32,
    /// Depth below the document when the node was appended (moves by the
    /// tree builder's adoption agency leave it stale; it only bounds the
    /// nesting of newly opened elements).
    depth: u32,
}

const DETACHED: Node = Node {
    parent: NONE,
    first: NONE,
    last: NONE,
    prev: NONE,
    next: NONE,
    kind: Kind::Other,
    data: 0,
    depth: 0,
};

/// An element name, as the tree builder asks for it.
#[derive(Debug, Clone)]
struct Name {
    ns: Namespace,
    local: LocalName,
}

/// An element's name and its kept attributes (`attrs[start..start + len]`).
#[derive(Debug)]
struct Element {
    name: Name,
    start: u32,
    len: u32,
    /// Its text is never read: code and style sheets (`script` other
    /// than JSON-LD, `style`, `noscript`, `template`). A text child is
    /// still made, empty, so the tree keeps its shape.
    mute: bool,
}

/// The attributes extraction reads; the others are not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttrName {
    Class,
    Id,
    Role,
    Style,
    Itemprop,
    Href,
    Hidden,
    AriaHidden,
    Lang,
    XmlLang,
    Rel,
    Type,
    Content,
    Datetime,
    Property,
    Name,
    HttpEquiv,
    Itemtype,
    AriaControls,
    Src,
    Alt,
}

impl AttrName {
    /// The kept attribute of a name as written in HTML (lower case).
    fn of_str(name: &str) -> Option<AttrName> {
        Self::of_bytes(name.as_bytes())
    }

    fn of_bytes(name: &[u8]) -> Option<AttrName> {
        Some(match name {
            b"class" => AttrName::Class,
            b"id" => AttrName::Id,
            b"role" => AttrName::Role,
            b"style" => AttrName::Style,
            b"itemprop" => AttrName::Itemprop,
            b"href" => AttrName::Href,
            b"hidden" => AttrName::Hidden,
            b"aria-hidden" => AttrName::AriaHidden,
            b"lang" => AttrName::Lang,
            b"xml:lang" => AttrName::XmlLang,
            b"rel" => AttrName::Rel,
            b"type" => AttrName::Type,
            b"content" => AttrName::Content,
            b"datetime" => AttrName::Datetime,
            b"property" => AttrName::Property,
            b"name" => AttrName::Name,
            b"http-equiv" => AttrName::HttpEquiv,
            b"itemtype" => AttrName::Itemtype,
            b"aria-controls" => AttrName::AriaControls,
            b"src" => AttrName::Src,
            b"alt" => AttrName::Alt,
            _ => return None,
        })
    }

    /// The kept attribute of a local name.
    fn of(local: &LocalName) -> Option<AttrName> {
        Some(match *local {
            local_name!("class") => AttrName::Class,
            local_name!("id") => AttrName::Id,
            local_name!("role") => AttrName::Role,
            local_name!("style") => AttrName::Style,
            local_name!("itemprop") => AttrName::Itemprop,
            local_name!("href") => AttrName::Href,
            local_name!("hidden") => AttrName::Hidden,
            local_name!("aria-hidden") => AttrName::AriaHidden,
            local_name!("lang") => AttrName::Lang,
            local_name!("xml:lang") => AttrName::XmlLang,
            local_name!("rel") => AttrName::Rel,
            local_name!("type") => AttrName::Type,
            local_name!("content") => AttrName::Content,
            local_name!("datetime") => AttrName::Datetime,
            local_name!("property") => AttrName::Property,
            local_name!("name") => AttrName::Name,
            local_name!("http-equiv") => AttrName::HttpEquiv,
            local_name!("itemtype") => AttrName::Itemtype,
            local_name!("aria-controls") => AttrName::AriaControls,
            local_name!("src") => AttrName::Src,
            local_name!("alt") => AttrName::Alt,
            _ => return None,
        })
    }
}

/// True when an attribute of this name (as written in a tag, any case)
/// matters to the parse: the sink keeps it ([`AttrName`], also under an
/// `xlink:` or `xml:` prefix, which SVG and MathML elements turn into a
/// namespace), or the tree builder reads it (`<input type>`, `<font
/// color|face|size>`, `<annotation-xml encoding>`, `<meta charset>`,
/// `<template shadowrootmode>`). The tokenizer drops the others.
pub(crate) fn attribute_is_read(raw: &[u8]) -> bool {
    let mut buf = [0u8; 16];
    let Some(name) = buf.get_mut(..raw.len()) else {
        // Longer than any of them.
        return false;
    };
    for (s, c) in name.iter_mut().zip(raw) {
        *s = c.to_ascii_lowercase();
    }
    let name = &*name;
    let local = match memchr::memchr(b':', name) {
        Some(colon) => name.get(colon + 1..).unwrap_or(&[]),
        None => name,
    };
    AttrName::of_bytes(name).is_some()
        || AttrName::of_bytes(local).is_some()
        || matches!(
            name,
            b"color" | b"face" | b"size" | b"encoding" | b"charset" | b"shadowrootmode"
        )
}

/// A kept attribute.
#[derive(Debug)]
pub(crate) struct Attr {
    /// Which one.
    pub name: AttrName,
    /// In no namespace (not an `xlink:`/`xml:` attribute of SVG or MathML).
    pub plain: bool,
    /// The value.
    pub value: StrTendril,
}

/// A parsed document.
#[derive(Debug)]
pub(crate) struct Document {
    nodes: Vec<Node>,
    elements: Vec<Element>,
    attrs: Vec<Attr>,
    texts: Vec<StrTendril>,
    /// The element appended last, while it is open (the tree builder has
    /// not popped it).
    last_open: u32,
    limits: ParseLimits,
    /// Budget checks since the clock was last read.
    ticks: u32,
    /// Why the parse stopped early, if it did.
    pub(crate) stopped: Option<Stopped>,
    /// The largest `<noscript>` raw text of [`NOSCRIPT_MIN_BYTES`] or
    /// more, if any.
    pub(crate) noscript: Option<String>,
}

/// A `<noscript>` is kept for a second look from this size: the view some
/// sites give readers without scripts (a forum thread behind a script
/// shell) is kilobytes; tracking pixels and "enable JavaScript" notes are
/// not.
pub(crate) const NOSCRIPT_MIN_BYTES: usize = 1024;

impl Document {
    /// Parse an HTML document (html5ever's default options: scripting on,
    /// so `<noscript>` holds raw text), with the default node cap and no
    /// deadline.
    #[cfg(test)]
    pub(crate) fn parse(html: &str) -> Document {
        Document::parse_within(html, ParseLimits::default())
    }

    /// Parse an HTML document within `limits`.
    pub(crate) fn parse_within(html: &str, limits: ParseLimits) -> Document {
        let mut doc = Document::empty(html.len());
        doc.limits = limits;
        let sink = Sink(RefCell::new(doc));
        let builder = TreeBuilder::new(sink, TreeBuilderOpts::default());
        super::tokenizer::tokenize(html, &builder, &builder.sink);
        let mut doc = builder.sink.0.into_inner();
        if streamed::present(html) {
            doc.resolve_streamed();
        }
        doc
    }

    /// [`parse`](Self::parse) without putting React's streamed segments
    /// in place: the tree our tokenizer builds, to compare with
    /// [`parse_reference`](Self::parse_reference).
    #[cfg(test)]
    pub(crate) fn parse_unresolved(html: &str) -> Document {
        let sink = Sink(RefCell::new(Document::empty(html.len())));
        let builder = TreeBuilder::new(sink, TreeBuilderOpts::default());
        super::tokenizer::tokenize(html, &builder, &builder.sink);
        builder.sink.0.into_inner()
    }

    /// [`parse`](Self::parse) with html5ever's own tokenizer: the
    /// reference our tokenizer is tested against.
    #[cfg(test)]
    pub(crate) fn parse_reference(html: &str) -> Document {
        use html5ever::tendril::TendrilSink;
        let sink = Sink(RefCell::new(Document::empty(html.len())));
        html5ever::parse_document(sink, Default::default()).one(StrTendril::from_slice(html))
    }

    fn empty(bytes: usize) -> Document {
        // About one node per 40 bytes of HTML on news pages.
        let guess = (bytes / 40).clamp(16, 1 << 20);
        let mut nodes = Vec::with_capacity(guess);
        nodes.push(Node {
            kind: Kind::Document,
            ..DETACHED
        });
        Document {
            nodes,
            elements: Vec::with_capacity(guess / 2),
            attrs: Vec::with_capacity(guess / 2),
            texts: Vec::with_capacity(guess / 2),
            last_open: NONE,
            limits: ParseLimits::default(),
            ticks: 0,
            stopped: None,
            noscript: None,
        }
    }

    /// Depth of node `n` (0 for the document).
    #[cfg(test)]
    pub(crate) fn depth(&self, n: u32) -> u32 {
        self.node(n).depth
    }

    /// Number of arena nodes.
    pub(crate) fn node_count(&self) -> usize {
        self.nodes.len()
    }

    fn node(&self, n: u32) -> Node {
        self.nodes.get(n as usize).copied().unwrap_or(DETACHED)
    }

    fn some(i: u32) -> Option<u32> {
        (i != NONE).then_some(i)
    }

    /// The kind of node `n`.
    pub(crate) fn kind(&self, n: u32) -> Kind {
        self.node(n).kind
    }

    /// The first child of `n`.
    pub(crate) fn first_child(&self, n: u32) -> Option<u32> {
        Self::some(self.node(n).first)
    }

    /// The next sibling of `n`.
    pub(crate) fn next_sibling(&self, n: u32) -> Option<u32> {
        Self::some(self.node(n).next)
    }

    /// The parent of `n`.
    pub(crate) fn parent(&self, n: u32) -> Option<u32> {
        Self::some(self.node(n).parent)
    }

    fn element(&self, n: u32) -> Option<&Element> {
        let node = self.node(n);
        if node.kind != Kind::Element {
            return None;
        }
        self.elements.get(node.data as usize)
    }

    /// The local name of element `n` (empty for other nodes).
    pub(crate) fn local_name(&self, n: u32) -> &str {
        self.element(n).map_or("", |e| &e.name.local)
    }

    /// The text of text node `n` (empty for other nodes).
    pub(crate) fn text(&self, n: u32) -> &str {
        let node = self.node(n);
        if node.kind != Kind::Text {
            return "";
        }
        self.texts.get(node.data as usize).map_or("", |t| t)
    }

    /// The kept attributes of element `n`.
    pub(crate) fn attrs(&self, n: u32) -> &[Attr] {
        self.element(n)
            .and_then(|e| {
                self.attrs
                    .get(e.start as usize..e.start as usize + e.len as usize)
            })
            .unwrap_or(&[])
    }

    /// A kept attribute of element `n`, in no namespace, by name (as
    /// written in HTML: `"xml:lang"`, `"http-equiv"`).
    pub(crate) fn attr(&self, n: u32, name: &str) -> Option<&str> {
        let name = AttrName::of_str(name)?;
        self.attrs(n)
            .iter()
            .find(|a| a.plain && a.name == name)
            .map(|a| &*a.value)
    }

    // Tree surgery for the sink. Handles are indices we handed out, so
    // they are in range; a stray one is ignored rather than trusted.

    fn new_node(&mut self, kind: Kind, data: u32) -> u32 {
        let n = self.nodes.len() as u32;
        self.nodes.push(Node {
            kind,
            data,
            ..DETACHED
        });
        n
    }

    fn set(&mut self, n: u32, f: impl FnOnce(&mut Node)) {
        if let Some(node) = self.nodes.get_mut(n as usize) {
            f(node);
        }
    }

    fn detach(&mut self, n: u32) {
        let node = self.node(n);
        if node.parent == NONE {
            return;
        }
        if node.prev == NONE {
            self.set(node.parent, |p| p.first = node.next);
        } else {
            self.set(node.prev, |p| p.next = node.next);
        }
        if node.next == NONE {
            self.set(node.parent, |p| p.last = node.prev);
        } else {
            self.set(node.next, |s| s.prev = node.prev);
        }
        self.set(n, |c| {
            c.parent = NONE;
            c.prev = NONE;
            c.next = NONE;
        });
    }

    fn append_child(&mut self, parent: u32, child: u32) {
        if parent == child || child == ROOT {
            return;
        }
        self.detach(child);
        let p = self.node(parent);
        let last = p.last;
        self.set(child, |c| {
            c.parent = parent;
            c.prev = last;
            c.depth = p.depth + 1;
        });
        if last == NONE {
            self.set(parent, |p| p.first = child);
        } else {
            self.set(last, |l| l.next = child);
        }
        self.set(parent, |p| p.last = child);
    }

    fn insert_before(&mut self, sibling: u32, child: u32) {
        if sibling == child || child == ROOT {
            return;
        }
        self.detach(child);
        let s = self.node(sibling);
        if s.parent == NONE {
            return;
        }
        self.set(child, |c| {
            c.parent = s.parent;
            c.prev = s.prev;
            c.next = sibling;
            c.depth = s.depth;
        });
        if s.prev == NONE {
            self.set(s.parent, |p| p.first = child);
        } else {
            self.set(s.prev, |p| p.next = child);
        }
        self.set(sibling, |n| n.prev = child);
    }

    /// Append `text` to text node `n` when it is one.
    fn extend_text(&mut self, n: u32, text: &StrTendril) -> bool {
        let node = self.node(n);
        if node.kind != Kind::Text {
            return false;
        }
        if self.mute(node.parent) {
            return true;
        }
        match self.texts.get_mut(node.data as usize) {
            Some(t) => {
                t.push_tendril(text);
                true
            }
            None => false,
        }
    }

    /// True when the text of element `n` is not kept.
    fn mute(&self, n: u32) -> bool {
        self.element(n).is_some_and(|e| e.mute)
    }

    fn new_text(&mut self, text: StrTendril) -> u32 {
        let data = self.texts.len() as u32;
        self.texts.push(text);
        self.new_node(Kind::Text, data)
    }

    fn append(&mut self, parent: u32, child: NodeOrText<u32>) {
        match child {
            NodeOrText::AppendNode(c) => {
                self.append_child(parent, c);
                if self.node(c).kind == Kind::Element {
                    self.last_open = c;
                }
            }
            NodeOrText::AppendText(text) => {
                // Adjacent text merges, as in the DOM.
                if !self.extend_text(self.node(parent).last, &text) {
                    let text = if self.mute(parent) {
                        StrTendril::new()
                    } else {
                        text
                    };
                    let t = self.new_text(text);
                    self.append_child(parent, t);
                }
            }
        }
    }

    fn append_before(&mut self, sibling: u32, child: NodeOrText<u32>) {
        match child {
            NodeOrText::AppendNode(c) => self.insert_before(sibling, c),
            NodeOrText::AppendText(text) => {
                let s = self.node(sibling);
                if s.parent == NONE || self.extend_text(s.prev, &text) {
                    return;
                }
                let text = if self.mute(s.parent) {
                    StrTendril::new()
                } else {
                    text
                };
                let t = self.new_text(text);
                self.insert_before(sibling, t);
            }
        }
    }

    fn create_element(&mut self, name: QualName, attrs: Vec<Attribute>) -> u32 {
        let start = self.attrs.len() as u32;
        self.attrs.extend(attrs.into_iter().filter_map(|a| {
            Some(Attr {
                name: AttrName::of(&a.name.local)?,
                plain: a.name.ns == ns!(),
                value: a.value,
            })
        }));
        let len = self.attrs.len() as u32 - start;
        let html = name.ns == ns!(html);
        let template = html && name.local == local_name!("template");
        let mute = html
            && match name.local {
                local_name!("style") | local_name!("noscript") | local_name!("template") => true,
                local_name!("script") => !self
                    .attrs
                    .get(start as usize..)
                    .unwrap_or(&[])
                    .iter()
                    .any(|a| {
                        a.name == AttrName::Type
                            && a.plain
                            && a.value.trim().eq_ignore_ascii_case("application/ld+json")
                    }),
                _ => false,
            };
        let data = self.elements.len() as u32;
        self.elements.push(Element {
            name: Name {
                ns: name.ns,
                local: name.local,
            },
            start,
            len,
            mute,
        });
        let n = self.new_node(Kind::Element, data);
        if template {
            // The template contents: a child no pass looks into.
            let contents = self.new_node(Kind::Other, 0);
            self.append_child(n, contents);
        }
        n
    }

    fn add_attrs_if_missing(&mut self, n: u32, attrs: Vec<Attribute>) {
        let node = self.node(n);
        let Some(el) = self.elements.get(node.data as usize) else {
            return;
        };
        if node.kind != Kind::Element {
            return;
        }
        let (old_start, old_len) = (el.start as usize, el.len as usize);
        let mut added: Vec<Attr> = Vec::new();
        for a in attrs {
            let Some(name) = AttrName::of(&a.name.local) else {
                continue;
            };
            let plain = a.name.ns == ns!();
            let present = self
                .attrs
                .get(old_start..old_start + old_len)
                .unwrap_or(&[])
                .iter()
                .chain(&added)
                .any(|x| x.name == name && x.plain == plain);
            if !present {
                added.push(Attr {
                    name,
                    plain,
                    value: a.value,
                });
            }
        }
        if added.is_empty() {
            return;
        }
        // Move the element's attributes to the end, then add the new ones
        // (rare: repeated <html> or <body> tags).
        let start = self.attrs.len();
        for i in old_start..old_start + old_len {
            if let Some(a) = self.attrs.get(i) {
                let copy = Attr {
                    name: a.name,
                    plain: a.plain,
                    value: a.value.clone(),
                };
                self.attrs.push(copy);
            }
        }
        self.attrs.extend(added);
        let len = self.attrs.len() - start;
        if let Some(el) = self.elements.get_mut(node.data as usize) {
            el.start = start as u32;
            el.len = len as u32;
        }
    }
}

#[cfg(test)]
mod tests;
