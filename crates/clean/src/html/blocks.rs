//! DOM to [`Block`] conversion of the chosen containers, with
//! Readability-style conditional cleaning of the containers met on the way
//! (link-heavy boxes, image galleries, forms, embeds).

use thresh_core::{Block, Mark};

use super::Tuning;
use super::dom::{Dom, Tag};
use super::inline::{Inline, mark_of};
use super::prune::Marks;
use super::stats::Stat;

/// How much article text must be out before a related-content heading
/// ends its box.
const RELATED_AFTER_CHARS: usize = 400;

/// A box with this much text for each form control it holds is content
/// with buttons in it, not a form.
const CHARS_PER_CONTROL: u32 = 150;

/// Characters outside links that make a `<dd>` a definition.
const TERM_DEFINITION_CHARS: u32 = 20;

/// A data table whose text is at most this share links is kept whole
/// (a table of scenarios whose first column links to each one); past it
/// the table is a link grid and the usual box rules apply.
const DATA_TABLE_LINK_MAX: f32 = 0.5;

/// What follows a related-content heading in its box is teasers when at
/// least this share of its text is links; prose after such a heading
/// ("Related: the council's earlier vote") is still the article.
const TEASER_LINK_DENSITY: f32 = 0.3;
/// ... or when it holds this many links (teasers' titles over excerpts).
const TEASER_LINKS: usize = 3;

/// Conversion context.
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

pub(crate) struct Converter<'s, 'a> {
    dom: &'s Dom<'a>,
    marks: &'s Marks,
    dropped: &'s [bool],
    stats: &'s [Stat],
    tuning: &'s Tuning,
    /// The page's URL, to resolve relative links.
    base: Option<&'s url::Url>,
    out: Vec<Block>,
    buf: Inline,
    /// Visible and link characters in `buf`.
    buf_chars: u32,
    buf_link10: u32,
    /// The container being converted (never cleaned conditionally).
    root: usize,
    /// Nesting depth of the walk (see [`MAX_DEPTH`]).
    depth: usize,
    /// Keep lines that are all links (the last-resort fallback).
    keep_link_lines: bool,
    /// In a defined term (a `<dt>` before its `<dd>`): a term that is a
    /// link names what is defined, it is not a stray link line.
    in_term: bool,
    /// Indices in `out` of the paragraphs that are such terms.
    terms: Vec<usize>,
    /// In a chapter's table of contents (kept whole).
    in_contents: bool,
    /// A documentation page: keep a list of links that the paragraph
    /// before it introduces, and a chapter's table of contents.
    docs: bool,
    /// The first text node in `buf` (for the decision trace).
    buf_first: Option<usize>,
}

/// Deeper than this, a subtree is converted flat (its text as inline
/// text), so the recursive walk stays within the stack however deep the
/// document nests.
const MAX_DEPTH: usize = 256;

impl<'s, 'a> Converter<'s, 'a> {
    /// A converter over a marked document.
    pub(crate) fn new(
        dom: &'s Dom<'a>,
        marks: &'s Marks,
        dropped: &'s [bool],
        stats: &'s [Stat],
        tuning: &'s Tuning,
        base: Option<&'s url::Url>,
    ) -> Self {
        Converter {
            dom,
            marks,
            dropped,
            stats,
            tuning,
            base,
            out: Vec::new(),
            buf: Inline::default(),
            buf_chars: 0,
            buf_link10: 0,
            root: usize::MAX,
            depth: 0,
            keep_link_lines: false,
            in_term: false,
            terms: Vec::new(),
            in_contents: false,
            docs: false,
            buf_first: None,
        }
    }

    /// A documentation page's lists of links: a list, however much of it
    /// is links, that the paragraph just before it introduces ("For more
    /// information, see:"), and a chapter's table of contents of its
    /// pages, are part of the text.
    pub(crate) fn documentation(mut self, yes: bool) -> Self {
        self.docs = yes;
        self
    }

    /// Keep paragraphs however much of them is link text.
    pub(crate) fn keep_link_lines(mut self) -> Self {
        self.keep_link_lines = true;
        self
    }

    /// Convert the containers in order.
    pub(crate) fn convert(mut self, roots: &[usize]) -> Vec<Block> {
        for &r in roots {
            self.root = r;
            self.walk(r);
            self.flush();
        }
        self.out
    }

    /// Convert with no conditional cleaning of nested containers (the
    /// fallback for pages where nothing looked like an article).
    pub(crate) fn convert_all(self, root: usize) -> Vec<Block> {
        self.convert_all_terms(root).0
    }

    /// [`Converter::convert_all`], and for each block whether it is a
    /// defined term (a `<dt>` with its `<dd>` after it).
    pub(crate) fn convert_all_terms(mut self, root: usize) -> (Vec<Block>, Vec<bool>) {
        self.root = usize::MAX;
        self.walk_plain(root);
        self.flush();
        let mut terms = vec![false; self.out.len()];
        for t in self.terms {
            terms[t] = true;
        }
        (self.out, terms)
    }

    fn flush(&mut self) {
        let ld = if self.buf_chars == 0 {
            0.0
        } else {
            self.buf_link10 as f32 / 10.0 / self.buf_chars as f32
        };
        let (text, marks) = self.buf.take_marked();
        let (chars, _) = (self.buf_chars, self.buf_link10);
        self.buf_chars = 0;
        self.buf_link10 = 0;
        if text.is_empty() {
            return;
        }
        let first = self.buf_first.take();
        // A stray line that is all links (a "read more" or tag line); a
        // linked term set off by a colon labels what follows (a glossary
        // entry whose term links to its page).
        let label = chars <= 60 && text.ends_with(':');
        if !self.keep_link_lines
            && !self.in_term
            && !label
            && ld > self.tuning.para_link_max
            && (chars < 200 || ld > 0.9)
        {
            if let Some(node) = first {
                super::trace::dropped(
                    node,
                    "link density",
                    format_args!(
                        "a line of links: link density {ld:.2} over {:.2}",
                        self.tuning.para_link_max
                    ),
                );
            }
            return;
        }
        if self.in_term {
            self.terms.push(self.out.len());
        }
        self.out.push(Block::paragraph(text).with_marks(marks));
    }

    fn push_text(&mut self, i: usize) {
        if self.buf_chars == 0 {
            self.buf_first = Some(i);
        }
        let s = &self.stats[i];
        self.buf_chars += s.chars;
        self.buf_link10 += s.link10;
        self.buf.push_text(self.dom.text(i));
    }

    /// Walk with conditional cleaning (inside the chosen container).
    fn walk(&mut self, i: usize) {
        self.visit(i, true);
    }

    /// Walk without conditional cleaning.
    fn walk_plain(&mut self, i: usize) {
        self.visit(i, false);
    }

    fn children(&mut self, i: usize, cond: bool) {
        let mut c = i + 1;
        let end = self.dom.end(i);
        self.depth += 1;
        while c < end {
            if cond && self.ends_box(c) {
                let mut k = c;
                while k < end {
                    super::trace::dropped(k, "related content", "after a related-content heading");
                    k = self.dom.end(k).max(k + 1);
                }
                break;
            }
            self.visit(c, cond);
            c = self.dom.end(c).max(c + 1);
        }
        self.depth -= 1;
    }

    /// A heading that names related content ("Related posts", "You may
    /// also like") once an article's worth of text is out: it and what
    /// follows it in its box are teasers.
    fn ends_box(&self, c: usize) -> bool {
        if !matches!(self.dom.tag(c), Tag::Heading(_)) {
            return false;
        }
        // Its own text, even when pruning dropped it (a heading classed
        // "related" is as telling).
        let mut heading = String::new();
        for t in c..self.dom.end(c) {
            if self.dom.tag(t) == Tag::Text {
                heading.push_str(self.dom.text(t));
                if heading.len() > 80 {
                    return false;
                }
            }
        }
        crate::rules::line_is_boilerplate(&heading) == Some(crate::rules::Reason::Related)
            && super::text_len(&self.out) >= RELATED_AFTER_CHARS
            && self.teasers_follow(c)
    }

    /// Whether what follows `c` in its parent reads as teasers: mostly
    /// link text, or several links (each teaser's title) among excerpts.
    fn teasers_follow(&self, c: usize) -> bool {
        let Some(parent) = self.dom.parent(c) else {
            return true;
        };
        let (mut chars, mut link10) = (0u32, 0u32);
        let mut k = self.dom.end(c);
        let end = self.dom.end(parent);
        while k < end {
            let s = &self.stats[k];
            chars += s.chars;
            link10 += s.link10;
            k = self.dom.end(k).max(k + 1);
        }
        let links = (self.dom.end(c)..end)
            .filter(|&j| self.dom.tag(j) == Tag::A && !self.dropped[j])
            .take(TEASER_LINKS)
            .count();
        chars == 0
            || links >= TEASER_LINKS
            || link10 as f32 / 10.0 >= TEASER_LINK_DENSITY * chars as f32
    }

    /// The text of a subtree as inline text, without recursion.
    fn flat(&mut self, i: usize) {
        let end = self.dom.end(i);
        let mut j = i;
        while j < end {
            if self.dropped[j] {
                j = self.dom.end(j).max(j + 1);
                continue;
            }
            match self.dom.tag(j) {
                Tag::Text => self.push_text(j),
                Tag::Br => {
                    self.buf.line_break();
                }
                Tag::Img | Tag::Embed | Tag::Control | Tag::Script => {
                    j = self.dom.end(j).max(j + 1);
                    continue;
                }
                _ => {}
            }
            j += 1;
        }
    }

    fn visit(&mut self, i: usize, cond: bool) {
        if self.dropped[i] {
            return;
        }
        if self.depth > MAX_DEPTH {
            self.flat(i);
            return;
        }
        let dom = self.dom;
        let tag = dom.tag(i);
        match tag {
            Tag::Text => self.push_text(i),
            Tag::Br => {
                if self.buf.line_break() {
                    self.flush();
                }
            }
            Tag::Img if self.tuning.images => self.image(i),
            Tag::Img
            | Tag::Embed
            | Tag::Control
            | Tag::Script
            | Tag::Meta
            | Tag::Link
            | Tag::Title
            | Tag::Head => {}
            Tag::Inline | Tag::A | Tag::Time => {
                let marked = self.open_mark(i);
                self.children(i, cond);
                if marked {
                    self.buf.close();
                }
            }
            Tag::P => {
                self.flush();
                self.children(i, cond);
                self.flush();
            }
            Tag::Table => {
                self.flush();
                // A table of data is content unless it is mostly links or
                // its class is against it (as Readability spares data
                // tables from its conditional clean).
                let data = self.is_data_table(i);
                let spared = data
                    && self.marks.weight[i] >= 0
                    && self.stats[i].link_density() < DATA_TABLE_LINK_MAX;
                if cond
                    && i != self.root
                    && !spared
                    && let Some(why) = self.removal(i)
                {
                    super::trace::dropped(i, "conditional cleaning", why);
                    return;
                }
                if data {
                    self.leaf(i, tag, cond);
                } else {
                    self.children(i, cond);
                    self.flush();
                }
            }
            Tag::Heading(_)
            | Tag::Ul
            | Tag::Ol
            | Tag::Blockquote
            | Tag::Pre
            | Tag::Figcaption
            | Tag::TableCaption => {
                self.flush();
                self.leaf(i, tag, cond);
            }
            Tag::Hr => self.flush(),
            Tag::Dt => {
                self.flush();
                let outer = self.in_term;
                self.in_term = self.in_contents || self.defines(i);
                self.children(i, cond);
                self.flush();
                self.in_term = outer;
            }
            _ => {
                // Block containers.
                self.flush();
                if self.docs
                    && !self.in_contents
                    && super::boilerplate::is_chapter_contents(self.dom, i)
                {
                    // A chapter's table of contents, whole: its lines are
                    // links, each naming a section (as a term does).
                    let (links, term) = (self.keep_link_lines, self.in_term);
                    (self.keep_link_lines, self.in_term, self.in_contents) = (true, true, true);
                    self.children(i, false);
                    self.flush();
                    (self.keep_link_lines, self.in_term, self.in_contents) = (links, term, false);
                    return;
                }
                if cond
                    && i != self.root
                    && self.conditional(tag)
                    && let Some(why) = self.removal(i)
                {
                    super::trace::dropped(i, "conditional cleaning", why);
                    return;
                }
                self.children(i, cond);
                self.flush();
            }
        }
    }

    /// Convert a block whose text is gathered without walking into
    /// [`Converter::visit`] again (a heading, list, quote, code, caption or
    /// data table). Out of `visit` so that the recursive walk's frames
    /// stay small.
    #[inline(never)]
    fn leaf(&mut self, i: usize, tag: Tag, cond: bool) {
        match tag {
            Tag::Heading(level) => {
                let s = &self.stats[i];
                if cond && s.link_density() > self.tuning.heading_link_max && !self.heads_item(i) {
                    super::trace::dropped(
                        i,
                        "heading",
                        format_args!(
                            "a linked heading: link density {:.2} over {:.2}",
                            s.link_density(),
                            self.tuning.heading_link_max
                        ),
                    );
                    return;
                }
                if cond && self.marks.weight[i] < 0 && i != self.root {
                    super::trace::dropped(i, "heading", "its class or id reads as clutter");
                    return;
                }
                let (text, marks) = self.inline_text(i, false);
                if !text.is_empty() {
                    self.out.push(Block::heading(level, text).with_marks(marks));
                }
            }
            Tag::Ul | Tag::Ol => {
                if cond
                    && i != self.root
                    && !self.introduced(i)
                    && let Some(why) = self.removal(i)
                {
                    super::trace::dropped(i, "conditional cleaning", why);
                    return;
                }
                let mut items = Vec::new();
                self.list_items(i, &mut items, 0);
                if !items.is_empty() {
                    let (items, mut item_marks): (Vec<String>, Vec<Vec<Mark>>) =
                        items.into_iter().unzip();
                    if item_marks.iter().all(Vec::is_empty) {
                        item_marks.clear();
                    }
                    self.out.push(Block::List {
                        ordered: tag == Tag::Ol,
                        items,
                        item_marks,
                    });
                }
            }
            Tag::Blockquote => {
                if cond && i != self.root && self.marks.weight[i] < 0 {
                    super::trace::dropped(
                        i,
                        "conditional cleaning",
                        "its class or id reads as clutter",
                    );
                    return;
                }
                let (text, marks) = self.inline_text(i, true);
                if !text.is_empty() {
                    self.out.push(Block::quote(text).with_marks(marks));
                }
            }
            Tag::Pre => {
                let text = self.raw_text(i);
                if !text.trim().is_empty() {
                    self.out.push(Block::Code { text });
                }
            }
            Tag::Figcaption | Tag::TableCaption if self.tuning.captions => {
                let (text, marks) = self.inline_text(i, false);
                if !text.is_empty() {
                    self.out.push(Block::caption(text).with_marks(marks));
                }
            }
            Tag::Table => {
                let rows = self.table_rows(i);
                if !rows.is_empty() {
                    self.out.push(Block::Table { rows });
                }
            }
            _ => {}
        }
    }

    /// An image block for `<img>` `i` (with `--images`): its source made
    /// absolute, its alt text; an image without a source (or a `data:`
    /// placeholder of a lazy loader) is left out.
    fn image(&mut self, i: usize) {
        let Some(src) = self
            .dom
            .attr(i, "src")
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            return;
        };
        if src.starts_with("data:") {
            return;
        }
        let src = match self.base {
            Some(base) => base
                .join(src)
                .map_or_else(|_| src.to_string(), |u| u.to_string()),
            None => src.to_string(),
        };
        let alt = self
            .dom
            .attr(i, "alt")
            .map(super::inline::collapse)
            .unwrap_or_default();
        self.flush();
        self.out.push(Block::Image { src, alt });
    }

    /// Whether list `i` is introduced by the paragraph just before it (one
    /// ending in a colon), when such lists are kept. Marked boxes are not.
    fn introduced(&self, i: usize) -> bool {
        self.docs
            && self.marks.weight[i] >= 0
            && self.buf_chars == 0
            && matches!(self.out.last(), Some(Block::Paragraph { text, .. }) if text.trim_end().ends_with(':'))
    }

    /// A linked heading that titles an item of its own prose (a teaser
    /// on a listing page: title link, then a summary): its box, inside
    /// the container, holds a sentence or more of non-link paragraph text
    /// and is not mostly links.
    fn heads_item(&self, heading: usize) -> bool {
        self.dom.parent(heading).is_some_and(|p| {
            let s = &self.stats[p];
            heading != self.root
                && p != self.root
                && ((s.ptext >= 40 && s.link_density() < 0.5) || self.in_index(p))
        })
    }

    /// Open the mark of an inline element in the buffer; true if it has
    /// one. Kept out of [`Converter::visit`] so that the recursive walk's
    /// frames stay small.
    #[inline(never)]
    fn open_mark(&mut self, i: usize) -> bool {
        match mark_of(self.dom, i, self.base) {
            Some(kind) => {
                self.buf.open(kind);
                true
            }
            None => false,
        }
    }

    /// Tags that are cleaned conditionally.
    fn conditional(&self, tag: Tag) -> bool {
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
    fn removal(&self, i: usize) -> Option<Removal> {
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
        let admonition = super::boilerplate::is_admonition(self.dom.attrs(i).class);
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
    fn links_in_a_part(&self, i: usize, max: f32) -> bool {
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
    fn index(&self, i: usize) -> bool {
        let s = &self.stats[i];
        let root_chars = self.stats.get(self.root).map_or(0, |r| r.chars);
        s.link_headings >= 3
            && s.ptext >= 40 * s.link_headings
            && s.link_density() < 0.5
            && s.chars as f32 >= 0.5 * root_chars as f32
    }

    /// An entry of an index: a linked heading over a short sentence or
    /// more of text that is not a link, in an index.
    fn in_index(&self, i: usize) -> bool {
        let s = &self.stats[i];
        s.link_headings == 1
            && s.ptext >= 20
            && s.link_density() < 0.5
            && self.dom.parent(i).is_some_and(|p| self.index(p))
    }

    fn in_figure(&self, i: usize) -> bool {
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

    /// Text of a subtree with whitespace collapsed, and its marks; blocks
    /// inside are separated by spaces, or line breaks when `lines`.
    fn inline_text(&self, i: usize, lines: bool) -> (String, Vec<Mark>) {
        let mut b = Inline::default();
        self.collect(i, &mut b, lines, false, 0);
        b.take_marked()
    }

    fn collect(&self, i: usize, b: &mut Inline, lines: bool, skip_lists: bool, depth: usize) {
        let mut c = i + 1;
        let end = self.dom.end(i);
        // Ends of the marked elements open in `b`, innermost last.
        let mut open: Vec<usize> = Vec::new();
        while c < end {
            while open.last().is_some_and(|&e| e <= c) {
                open.pop();
                b.close();
            }
            if self.dropped[c] {
                c = self.dom.end(c);
                continue;
            }
            let tag = self.dom.tag(c);
            match tag {
                Tag::Text => {
                    b.push_text(self.dom.text(c));
                    c += 1;
                }
                Tag::Br => {
                    b.line_break();
                    c += 1;
                }
                Tag::Ul | Tag::Ol if skip_lists => c = self.dom.end(c),
                Tag::Img | Tag::Embed | Tag::Control | Tag::Script => c = self.dom.end(c),
                t if t.is_block() && depth < MAX_DEPTH => {
                    if lines {
                        b.line_break();
                    } else {
                        b.soft_break();
                    }
                    self.collect(c, b, lines, skip_lists, depth + 1);
                    if lines {
                        b.line_break();
                    } else {
                        b.soft_break();
                    }
                    c = self.dom.end(c);
                }
                Tag::A | Tag::Inline => {
                    if let Some(kind) = mark_of(self.dom, c, self.base) {
                        b.open(kind);
                        open.push(self.dom.end(c).max(c + 1));
                    }
                    c += 1;
                }
                _ => c += 1,
            }
        }
        for _ in open {
            b.close();
        }
    }

    /// Items of a list; nested lists add their items after their parent's.
    fn list_items(&self, list: usize, items: &mut Vec<(String, Vec<Mark>)>, depth: usize) {
        for c in self.dom.children(list) {
            if self.dropped[c] {
                continue;
            }
            match self.dom.tag(c) {
                Tag::Text => {
                    let t = super::inline::collapse(self.dom.text(c));
                    if !t.is_empty() {
                        items.push((t, Vec::new()));
                    }
                }
                _ => {
                    let mut b = Inline::default();
                    if self.dom.tag(c) == Tag::Text {
                        continue;
                    }
                    self.collect(c, &mut b, false, true, 0);
                    let (t, marks) = b.take_marked();
                    if !t.is_empty() {
                        items.push((t, marks));
                    }
                    let end = self.dom.end(c);
                    let mut j = c + 1;
                    while j < end {
                        if self.dropped[j] {
                            j = self.dom.end(j);
                            continue;
                        }
                        if matches!(self.dom.tag(j), Tag::Ul | Tag::Ol) && depth < MAX_DEPTH {
                            self.list_items(j, items, depth + 1);
                            j = self.dom.end(j);
                        } else {
                            j += 1;
                        }
                    }
                }
            }
        }
    }

    /// Text of a `<pre>` with its whitespace, trailing newlines trimmed.
    fn raw_text(&self, i: usize) -> String {
        let mut s = String::new();
        let mut c = i + 1;
        let end = self.dom.end(i);
        while c < end {
            if self.dropped[c] {
                c = self.dom.end(c);
                continue;
            }
            match self.dom.tag(c) {
                Tag::Text => s.push_str(self.dom.text(c)),
                Tag::Br => s.push('\n'),
                // A highlighter's line box (`<span class="line">`, a
                // `<div>` a line) is a line even with no newline between.
                tag if (tag.is_block() || self.is_code_line(c))
                    && !s.is_empty()
                    && !s.ends_with('\n') =>
                {
                    s.push('\n')
                }
                _ => {}
            }
            c += 1;
        }
        let s = s.trim_end();
        let s = s.trim_start_matches(['\n', '\r']);
        s.to_string()
    }

    /// A `<dt>` whose next element is a `<dd>` with text that is not
    /// links: a term with its definition (not a filter's facet over its
    /// options).
    fn defines(&self, dt: usize) -> bool {
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

    /// A box whose every link is a term set off by a colon ("Backlinks:
    /// links from a page on one website to another"): glossary entries
    /// whose terms link to their pages, not teasers. Each term comes with
    /// a short sentence's worth of text that is not a link.
    fn links_are_terms(&self, i: usize) -> bool {
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

    /// An element of a code block that a highlighter draws as one line
    /// (class token `line`, as Shiki, Prism and Rouge write them).
    fn is_code_line(&self, i: usize) -> bool {
        self.dom.attr(i, "class").is_some_and(|c| {
            c.split_ascii_whitespace()
                .any(|t| t == "line" || t == "code-line")
        })
    }

    /// A table of data (rendered as rows) rather than layout.
    fn is_data_table(&self, t: usize) -> bool {
        let dom = self.dom;
        if dom
            .attr(t, "role")
            .is_some_and(|r| r.eq_ignore_ascii_case("presentation"))
        {
            return false;
        }
        let mut rows = 0;
        let mut max_cols = 0;
        let mut header = false;
        // A row of two or more column headings (`th` only) over the rows.
        let mut heading_row = false;
        // A cell holding paragraphs or a long run of blocks: a layout
        // table's, unless the columns are headed.
        let mut page_cell = false;
        let mut j = t + 1;
        let end = dom.end(t);
        while j < end {
            match dom.tag(j) {
                Tag::Table => return false,
                Tag::TableCaption => header = true,
                Tag::Tr => {
                    rows += 1;
                    let (mut cols, mut ths) = (0, 0);
                    for c in dom.children(j).filter(|&c| dom.tag(c) == Tag::Cell) {
                        cols += 1;
                        ths += usize::from(dom.name(c) == "th");
                    }
                    max_cols = max_cols.max(cols);
                    heading_row |= rows == 1 && cols >= 2 && ths == cols;
                }
                Tag::Cell => {
                    let s = &self.stats[j];
                    page_cell |= s.has_block && (s.paras > 1 || s.chars > 400);
                    if dom.name(j) == "th" {
                        header = true;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        if rows <= 1 || max_cols <= 1 || (page_cell && !(heading_row && rows >= 3)) {
            return false;
        }
        header || rows * max_cols > 4
    }

    /// Rows of a data table, cell texts.
    fn table_rows(&self, t: usize) -> Vec<Vec<String>> {
        let dom = self.dom;
        let mut rows = Vec::new();
        let mut j = t + 1;
        let end = dom.end(t);
        while j < end {
            if self.dropped[j] {
                j = dom.end(j);
                continue;
            }
            if dom.tag(j) == Tag::Tr {
                let cells: Vec<String> = dom
                    .children(j)
                    .filter(|&c| dom.tag(c) == Tag::Cell && !self.dropped[c])
                    .map(|c| self.inline_text(c, false).0)
                    .collect();
                if cells.iter().any(|c| !c.is_empty()) {
                    rows.push(cells);
                }
                j = dom.end(j);
            } else {
                j += 1;
            }
        }
        rows
    }
}

#[cfg(test)]
#[path = "blocks_tests.rs"]
mod tests;
