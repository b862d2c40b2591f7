//! Readability-style conditional cleaning of the boxes met on the way:
//! why a nested container goes (link-heavy boxes, image galleries, forms,
//! embeds), and the kinds of box that stay whatever their links (an
//! index of subpages, a glossary, a definition list's terms).

use super::Converter;
use crate::html::dom::Tag;

/// A box with this much text for each form control it holds is content
/// with buttons in it, not a form.
const CHARS_PER_CONTROL: u32 = 150;

/// Characters outside links that make a `<dd>` a definition.
const TERM_DEFINITION_CHARS: u32 = 20;

/// Why conditional cleaning removes a box (for `thresh explain`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Removal {
    ClassWeight(i32),
    Images,
    ListItems,
    Controls(u32),
    ShortLinks,
    LinkDensity(f32, f32),
    Embeds,
    LinkList(f32, f32),
}

impl std::fmt::Display for Removal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Removal::ClassWeight(w) => {
                write!(f, "class weight {w} (its class or id reads as clutter)")
            }
            Removal::Images => write!(f, "more images than paragraphs"),
            Removal::ListItems => write!(f, "more list items than paragraphs"),
            Removal::Controls(n) => write!(f, "{n} form controls with little text"),
            Removal::ShortLinks => write!(f, "a short box of links"),
            Removal::LinkDensity(ld, max) => write!(f, "link density {ld:.2} over {max:.2}"),
            Removal::Embeds => write!(f, "embedded media with little text"),
            Removal::LinkList(ld, max) => {
                write!(f, "a list of links: link density {ld:.2} over {max:.2}")
            }
        }
    }
}

impl Converter<'_, '_> {
    /// Tags that are cleaned conditionally.
    pub(super) fn conditional(&self, tag: Tag) -> bool {
        matches!(
            tag,
            Tag::Div
                | Tag::Section
                | Tag::Article
                | Tag::Form
                | Tag::Aside
                | Tag::Header
                | Tag::Footer
                | Tag::Nav
                | Tag::Figure
                | Tag::Dl
                | Tag::Inline
        )
    }

    /// Readability's conditional cleaning: the reason to remove a nested
    /// container, or `None` to keep it.
    pub(super) fn removal(&self, i: usize) -> Option<Removal> {
        let tag = self.dom.tag(i);
        let s = &self.stats[i];
        let weight = i32::from(self.marks.weight[i]);
        // The bulk of the article's text is not a box to clean away: a
        // wrapper of nearly all of it whatever its class and however many
        // links sit beside it (a chapter's table of contents over its
        // introduction), or the larger part of it when its class is not
        // against it and it is not mostly links.
        let root_ptext = self.stats.get(self.root).map_or(0, |r| r.ptext) as f32;
        let share = s.ptext as f32 / root_ptext.max(1.0);
        if s.ptext >= 200
            && (share >= 0.9 || (share >= 0.5 && weight >= 0 && s.link_density() < 0.35))
        {
            return None;
        }
        if weight < 0 {
            return Some(Removal::ClassWeight(weight));
        }
        if s.chars == 0 {
            return None;
        }
        if self.index(i) || self.in_index(i) {
            return None;
        }
        if s.commas >= 10 {
            return None;
        }
        let t = self.tuning;
        let is_list =
            matches!(tag, Tag::Ul | Tag::Ol) || s.list_chars as f32 > 0.9 * s.chars as f32;
        let ld = s.link_density();
        let p = s.paragraphs() as f32;
        let img = s.imgs as f32;
        let li = s.lis as f32 - 100.0;
        let heading_density = s.heading_chars as f32 / s.chars as f32;
        let in_figure = self.in_figure(i);
        if !in_figure && img > 1.0 && p / img < 0.5 {
            return Some(Removal::Images);
        }
        if !is_list && li > p {
            return Some(Removal::ListItems);
        }
        // Controls count against a box unless each comes with a card's
        // worth of text (a product card's "Add to cart"), or the box is
        // mostly code (a playground's Run and Copy).
        if s.inputs as f32 > (p / 3.0).floor()
            && s.chars < CHARS_PER_CONTROL * s.inputs
            && s.code_chars * 2 < s.chars
        {
            return Some(Removal::Controls(s.inputs));
        }
        if !is_list
            && !in_figure
            && heading_density < 0.9
            && s.chars < 21
            && (img == 0.0 || img > 2.0)
            && ld > 0.0
        {
            return Some(Removal::ShortLinks);
        }
        let admonition = crate::html::boilerplate::is_admonition(self.dom.attrs(i).class);
        let mut max =
            (if weight >= 25 || admonition { 0.5 } else { 0.2 }) + t.link_density_modifier;
        if !is_list && ld > max && ld <= 0.5 && self.links_are_terms(i) {
            max = 0.5 + t.link_density_modifier;
        }
        if !is_list && ld > max && !self.links_in_a_part(i, max) {
            return Some(Removal::LinkDensity(ld, max));
        }
        if is_list && weight >= 25 && ld > max {
            return Some(Removal::LinkDensity(ld, max));
        }
        if (s.embeds == 1 && s.chars < 64) || s.embeds > 1 {
            return Some(Removal::Embeds);
        }
        if is_list && ld > t.list_link_max && s.commas < 3 {
            return Some(Removal::LinkList(ld, t.list_link_max));
        }
        None
    }

    /// A box whose links sit in one part of it (a chapter's table of
    /// contents above its introduction): without its link-dense children
    /// it has a paragraph's worth of prose under `max` link density. The
    /// box stays, and those children are judged on their own.
    pub(super) fn links_in_a_part(&self, i: usize, max: f32) -> bool {
        let s = &self.stats[i];
        let (mut chars, mut link10, mut ptext) = (s.chars, s.link10, s.ptext);
        for c in self.dom.children(i) {
            let cs = &self.stats[c];
            if !self.dropped[c]
                && self.dom.tag(c).is_block()
                && cs.chars > 0
                && cs.link_density() > max
            {
                chars -= cs.chars.min(chars);
                link10 -= cs.link10.min(link10);
                ptext -= cs.ptext.min(ptext);
            }
        }
        chars < s.chars && ptext >= 200 && (link10 as f32 / 10.0) <= max * chars as f32
    }

    /// An index: a box of three or more entries titled by linked headings,
    /// each over a summary of its own, holding half the content's text or
    /// more (a documentation section's page of its subpages, a catalogue).
    /// The entries are what the page is for, however much of each is link.
    pub(super) fn index(&self, i: usize) -> bool {
        let s = &self.stats[i];
        let root_chars = self.stats.get(self.root).map_or(0, |r| r.chars);
        s.link_headings >= 3
            && s.ptext >= 40 * s.link_headings
            && s.link_density() < 0.5
            && s.chars as f32 >= 0.5 * root_chars as f32
    }

    /// An entry of an index: a linked heading over a short sentence or
    /// more of text that is not a link, in an index.
    pub(super) fn in_index(&self, i: usize) -> bool {
        let s = &self.stats[i];
        s.link_headings == 1
            && s.ptext >= 20
            && s.link_density() < 0.5
            && self.dom.parent(i).is_some_and(|p| self.index(p))
    }

    pub(super) fn in_figure(&self, i: usize) -> bool {
        let mut p = self.dom.parent(i);
        let mut depth = 0;
        while let Some(a) = p {
            if self.dom.tag(a) == Tag::Figure {
                return true;
            }
            depth += 1;
            if depth > 3 {
                break;
            }
            p = self.dom.parent(a);
        }
        false
    }

    /// A box whose every link is a term set off by a colon ("Backlinks:
    /// links from a page on one website to another"): glossary entries
    /// whose terms link to their pages, not teasers. Each term comes with
    /// a short sentence's worth of text that is not a link.
    pub(super) fn links_are_terms(&self, i: usize) -> bool {
        let dom = self.dom;
        let end = dom.end(i);
        let mut terms = 0;
        let mut j = i + 1;
        while j < end {
            if dom.tag(j) != Tag::A {
                j += 1;
                continue;
            }
            let a_end = dom.end(j);
            let last_text = (j..a_end)
                .rev()
                .find(|&k| dom.tag(k) == Tag::Text && !dom.text(k).trim().is_empty());
            let next_text =
                (a_end..end).find(|&k| dom.tag(k) == Tag::Text && !dom.text(k).trim().is_empty());
            let colon = last_text.is_some_and(|k| dom.text(k).trim_end().ends_with(':'))
                || next_text.is_some_and(|k| dom.text(k).trim_start().starts_with(':'));
            if !colon {
                return false;
            }
            terms += 1;
            j = a_end;
        }
        terms > 0 && self.stats[i].plain_chars() >= TERM_DEFINITION_CHARS * terms
    }

    /// A `<dt>` whose next element is a `<dd>` with text that is not
    /// links: a term with its definition (not a filter's facet over its
    /// options).
    pub(super) fn defines(&self, dt: usize) -> bool {
        let dom = self.dom;
        let Some(parent) = dom.parent(dt) else {
            return false;
        };
        // Its next sibling starts where its subtree ends (document order).
        let end = dom.end(parent);
        let mut c = dom.end(dt);
        while c < end && dom.tag(c) == Tag::Text && dom.text(c).trim().is_empty() {
            c += 1;
        }
        c < end
            && dom.tag(c) == Tag::Dd
            && !self.dropped[c]
            && self.stats[c].plain_chars() >= TERM_DEFINITION_CHARS
    }

    /// A definition list whose terms are mostly a program's field names
    /// (`retail_price_tier1:`, `cat_thumb_Bone`): a template's data left
    /// in the page, not labels written for readers.
    pub(super) fn field_dump(&self, dl: usize) -> bool {
        let dom = self.dom;
        let (mut terms, mut names) = (0usize, 0usize);
        for c in dom.children(dl).filter(|&c| dom.tag(c) == Tag::Dt) {
            terms += 1;
            names += usize::from(is_field_name(&self.raw_text(c)));
        }
        terms >= 3 && names * 2 > terms
    }
}

/// `retail_price_tier1:`: letters, digits and underscores, at least one
/// underscore between two of the others, and nothing else (but a colon
/// after it).
fn is_field_name(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':');
    t.contains('_')
        && !t.starts_with('_')
        && !t.ends_with('_')
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
