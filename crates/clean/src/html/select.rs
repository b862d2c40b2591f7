//! Site rules on the cleaner's DOM: CSS selectors (parsed with the
//! `selectors` crate in `crate::selector`) matched against [`Dom`]
//! elements through `selectors::Element`.

use html5ever::Namespace;
use scraper::selector::{CssLocalName, CssString, NonTSPseudoClass, PseudoElement, Simple};
use selectors::attr::{AttrSelectorOperation, CaseSensitivity, NamespaceConstraint};
use selectors::bloom::BloomFilter;
use selectors::matching::{self, MatchingContext};
use selectors::{Element, OpaqueElement};

use super::dom::{Dom, Tag};
use crate::selector::CssSelector;

/// An element of the DOM, as the selector engine sees it.
#[derive(Clone, Copy)]
struct Node<'d, 'a> {
    dom: &'d Dom<'a>,
    i: usize,
}

impl std::fmt::Debug for Node<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}> #{}", self.dom.name(self.i), self.i)
    }
}

impl<'d, 'a> Node<'d, 'a> {
    fn at(dom: &'d Dom<'a>, i: usize) -> Option<Self> {
        is_element(dom, i).then_some(Node { dom, i })
    }

    /// The element siblings after this one.
    fn following(&self) -> impl Iterator<Item = usize> + '_ {
        let end = self
            .dom
            .parent(self.i)
            .map_or(self.dom.len(), |p| self.dom.end(p));
        std::iter::successors(Some(self.dom.end(self.i)), move |&j| Some(self.dom.end(j)))
            .take_while(move |&j| j < end)
    }
}

fn is_element(dom: &Dom<'_>, i: usize) -> bool {
    i < dom.len() && dom.tag(i) != Tag::Text && !dom.name(i).is_empty()
}

impl Element for Node<'_, '_> {
    type Impl = Simple;

    fn opaque(&self) -> OpaqueElement {
        // The node's slot in the DOM's node table: an address of its own.
        match self.dom.nodes.get(self.i) {
            Some(node) => OpaqueElement::new(node),
            None => OpaqueElement::new(self.dom),
        }
    }

    fn parent_element(&self) -> Option<Self> {
        self.dom.parent(self.i).and_then(|p| Node::at(self.dom, p))
    }

    fn parent_node_is_shadow_root(&self) -> bool {
        false
    }

    fn containing_shadow_host(&self) -> Option<Self> {
        None
    }

    fn is_pseudo_element(&self) -> bool {
        false
    }

    fn prev_sibling_element(&self) -> Option<Self> {
        let p = self.dom.parent(self.i)?;
        let mut prev = None;
        for c in self.dom.children(p) {
            if c == self.i {
                return prev.and_then(|j| Node::at(self.dom, j));
            }
            if is_element(self.dom, c) {
                prev = Some(c);
            }
        }
        None
    }

    fn next_sibling_element(&self) -> Option<Self> {
        self.following()
            .find(|&j| is_element(self.dom, j))
            .and_then(|j| Node::at(self.dom, j))
    }

    fn first_element_child(&self) -> Option<Self> {
        self.dom
            .children(self.i)
            .find(|&c| is_element(self.dom, c))
            .and_then(|c| Node::at(self.dom, c))
    }

    fn is_html_element_in_html_document(&self) -> bool {
        true
    }

    fn has_local_name(&self, name: &CssLocalName) -> bool {
        self.dom.name(self.i) == &*name.0
    }

    fn has_namespace(&self, ns: &Namespace) -> bool {
        ns.is_empty() || &**ns == "http://www.w3.org/1999/xhtml"
    }

    fn is_same_type(&self, other: &Self) -> bool {
        self.dom.name(self.i) == other.dom.name(other.i)
    }

    fn attr_matches(
        &self,
        ns: &NamespaceConstraint<&Namespace>,
        local_name: &CssLocalName,
        operation: &AttrSelectorOperation<&CssString>,
    ) -> bool {
        if let NamespaceConstraint::Specific(url) = ns
            && !url.is_empty()
        {
            return false;
        }
        self.dom
            .attr(self.i, &local_name.0)
            .is_some_and(|v| operation.eval_str(v))
    }

    fn match_non_ts_pseudo_class(
        &self,
        pc: &NonTSPseudoClass,
        _: &mut MatchingContext<'_, Simple>,
    ) -> bool {
        match *pc {}
    }

    fn match_pseudo_element(
        &self,
        pe: &PseudoElement,
        _: &mut MatchingContext<'_, Simple>,
    ) -> bool {
        match *pe {}
    }

    fn apply_selector_flags(&self, _: matching::ElementSelectorFlags) {}

    fn is_link(&self) -> bool {
        self.dom.tag(self.i) == Tag::A && self.dom.attrs(self.i).href.is_some()
    }

    fn is_html_slot_element(&self) -> bool {
        false
    }

    fn has_id(&self, id: &CssLocalName, case: CaseSensitivity) -> bool {
        self.dom
            .attrs(self.i)
            .id
            .is_some_and(|v| case.eq(id.0.as_bytes(), v.as_bytes()))
    }

    fn has_class(&self, name: &CssLocalName, case: CaseSensitivity) -> bool {
        self.dom.attrs(self.i).class.is_some_and(|v| {
            v.split_ascii_whitespace()
                .any(|c| case.eq(name.0.as_bytes(), c.as_bytes()))
        })
    }

    fn has_custom_state(&self, _: &CssLocalName) -> bool {
        false
    }

    fn imported_part(&self, _: &CssLocalName) -> Option<CssLocalName> {
        None
    }

    fn is_part(&self, _: &CssLocalName) -> bool {
        false
    }

    fn is_empty(&self) -> bool {
        self.dom.children(self.i).all(|c| {
            !is_element(self.dom, c)
                && (self.dom.tag(c) != Tag::Text || self.dom.text(c).is_empty())
        })
    }

    fn is_root(&self) -> bool {
        self.dom
            .parent(self.i)
            .is_none_or(|p| !is_element(self.dom, p))
    }

    fn add_element_unique_hashes(&self, _: &mut BloomFilter) -> bool {
        false
    }
}

/// The elements any of `selectors` match, in document order; with
/// `outermost`, an element inside another match is left out.
pub(crate) fn matching(dom: &Dom<'_>, selectors: &[CssSelector], outermost: bool) -> Vec<usize> {
    let mut out = Vec::new();
    if selectors.is_empty() {
        return out;
    }
    let mut caches = matching::SelectorCaches::default();
    let mut cx = MatchingContext::new(
        matching::MatchingMode::Normal,
        None,
        &mut caches,
        matching::QuirksMode::NoQuirks,
        matching::NeedsSelectorFlags::No,
        matching::MatchingForInvalidation::No,
    );
    let mut i = 0;
    while i < dom.len() {
        if let Some(node) = Node::at(dom, i)
            && selectors
                .iter()
                .any(|s| matching::matches_selector_list(s.list(), &node, &mut cx))
        {
            out.push(i);
            if outermost {
                i = dom.end(i);
                continue;
            }
        }
        i += 1;
    }
    out
}
