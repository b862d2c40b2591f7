//! DOM to [`Block`] conversion of the chosen containers, with
//! Readability-style conditional cleaning of the containers met on the way
//! (link-heavy boxes, image galleries, forms, embeds).

use thresh_core::{Block, Mark};

use super::Tuning;
use super::dom::{Dom, Tag};
use super::inline::{Inline, mark_of};
use super::prune::Marks;
use super::stats::Stat;

mod removal;
mod tables;

/// How much article text must be out before a related-content heading
/// ends its box.
const RELATED_AFTER_CHARS: usize = 400;

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
            Tag::Dl if self.field_dump(i) => {
                self.flush();
                super::trace::dropped(i, "template data", "a list of field names and values");
            }
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

    /// An element of a code block that a highlighter draws as one line
    /// (class token `line`, as Shiki, Prism and Rouge write them).
    fn is_code_line(&self, i: usize) -> bool {
        self.dom.attr(i, "class").is_some_and(|c| {
            c.split_ascii_whitespace()
                .any(|t| t == "line" || t == "code-line")
        })
    }
}

#[cfg(test)]
#[path = "blocks_tests.rs"]
mod tests;
