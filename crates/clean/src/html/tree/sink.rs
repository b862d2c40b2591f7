//! The tree sink html5ever's tree builder builds [`Document`] through,
//! and the parse budget our tokenizer asks it about.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, LocalName, Namespace, QualName, local_name, ns};

use super::*;

/// The tree sink: the document under construction.
pub(super) struct Sink(pub(super) RefCell<Document>);

impl crate::html::tokenizer::Budget for Sink {
    fn too_deep(&self, close: &mut Vec<LocalName>) {
        let mut doc = self.0.borrow_mut();
        let cap = depth_cap(doc.nodes.len());
        let mut n = doc.last_open;
        // The element just opened and, when the cap has tightened, the
        // open ancestors at or past it, innermost first.
        while n != NONE && doc.node(n).depth >= cap {
            match doc.element(n) {
                Some(e) => close.push(e.name.local.clone()),
                None => break,
            }
            n = doc.node(n).parent;
        }
        if !close.is_empty() {
            doc.last_open = NONE;
        }
    }

    fn noscript(&self, raw: &str) {
        let mut doc = self.0.borrow_mut();
        if raw.len() >= NOSCRIPT_MIN_BYTES
            && doc.noscript.as_ref().is_none_or(|n| n.len() < raw.len())
        {
            doc.noscript = Some(raw.to_string());
        }
    }

    fn opened_svg(&self) -> bool {
        let doc = self.0.borrow();
        doc.element(doc.last_open)
            .is_some_and(|e| e.name.ns == ns!(svg) && e.name.local == local_name!("svg"))
    }

    fn exhausted(&self) -> bool {
        let mut doc = self.0.borrow_mut();
        if doc.stopped.is_some() {
            return true;
        }
        if doc.nodes.len() >= doc.limits.max_nodes {
            doc.stopped = Some(Stopped::Nodes);
            return true;
        }
        doc.ticks += 1;
        if doc.ticks >= 16 {
            doc.ticks = 0;
            if doc.limits.deadline.is_some_and(|d| Instant::now() >= d) {
                doc.stopped = Some(Stopped::Deadline);
                return true;
            }
        }
        false
    }
}

/// The name of an element, borrowed from the sink.
pub(super) struct NameRef<'a>(Ref<'a, Name>);

impl std::fmt::Debug for NameRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}:{}", self.0.ns, self.0.local)
    }
}

impl ElemName for NameRef<'_> {
    fn ns(&self) -> &Namespace {
        &self.0.ns
    }
    fn local_name(&self) -> &LocalName {
        &self.0.local
    }
}

/// Answered for a handle that is not an element (the tree builder never
/// asks for one).
static NO_NAME: std::sync::LazyLock<Name> = std::sync::LazyLock::new(|| Name {
    ns: ns!(),
    local: local_name!(""),
});

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Document;
    type ElemName<'a> = NameRef<'a>;

    fn finish(self) -> Document {
        self.0.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        ROOT
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> NameRef<'a> {
        NameRef(Ref::map(self.0.borrow(), |d| {
            d.element(*target).map_or(&*NO_NAME, |e| &e.name)
        }))
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> u32 {
        self.0.borrow_mut().create_element(name, attrs)
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.0.borrow_mut().new_node(Kind::Other, 0)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.0.borrow_mut().new_node(Kind::Other, 0)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        self.0.borrow_mut().append(*parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &u32,
        prev_element: &u32,
        child: NodeOrText<u32>,
    ) {
        let mut doc = self.0.borrow_mut();
        if doc.node(*element).parent != NONE {
            doc.append_before(*element, child);
        } else {
            doc.append(*prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn pop(&self, node: &u32) {
        let mut doc = self.0.borrow_mut();
        if doc.last_open == *node {
            doc.last_open = NONE;
        }
    }

    fn get_template_contents(&self, target: &u32) -> u32 {
        let doc = self.0.borrow();
        match doc.first_child(*target) {
            Some(c) if doc.kind(c) == Kind::Other => c,
            _ => *target,
        }
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        self.0.borrow_mut().append_before(*sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &u32, attrs: Vec<Attribute>) {
        self.0.borrow_mut().add_attrs_if_missing(*target, attrs);
    }

    fn remove_from_parent(&self, target: &u32) {
        self.0.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        let mut doc = self.0.borrow_mut();
        if *node == *new_parent {
            return;
        }
        while let Some(c) = doc.first_child(*node) {
            doc.append_child(*new_parent, c);
        }
    }
}
