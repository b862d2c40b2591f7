//! Inline Markdown for text with [`Mark`]s: links, emphasis and code spans.
//!
//! The marks are first made into a tree (a mark nests in the one that
//! contains it); a mark that crosses an earlier one without nesting, one
//! nested in a code span, or one nested in a mark of its own kind is
//! dropped, as is emphasis whose `*` delimiters CommonMark would not read
//! as emphasis at that place. Text between marks is escaped as everywhere
//! else, so the output always reads back as the same text.

use std::ops::Range;

use thresh_core::{Mark, MarkKind};

use crate::markdown::escape_inline;

/// One mark of the tree.
struct Node<'m> {
    range: Range<usize>,
    kind: &'m MarkKind,
    children: Vec<Node<'m>>,
}

/// Render `text` with its marks as inline Markdown; `emphasis` false drops
/// bold and italic marks (for blocks rendered all bold or all italic).
pub(crate) fn render_marked(text: &str, marks: &[Mark], emphasis: bool) -> String {
    if marks.is_empty() {
        return escape_inline(text);
    }
    let spans = spans(text, marks, emphasis);
    let tree = nest(spans);
    let mut out = String::with_capacity(text.len() + 16);
    let ctx = Ctx { text };
    ctx.children(&mut out, 0..text.len(), &tree, false, false);
    out
}

/// Render one line range of `text`, with the marks clipped to it.
pub(crate) fn render_line(text: &str, marks: &[Mark], line: Range<usize>) -> String {
    let Some(piece) = text.get(line.clone()) else {
        return String::new();
    };
    let clipped: Vec<Mark> = marks
        .iter()
        .filter_map(|m| {
            let r = m.range_in(text)?;
            let (start, end) = (r.start.max(line.start), r.end.min(line.end));
            (start < end).then(|| {
                Mark::new(
                    (start - line.start) as u32,
                    (end - line.start) as u32,
                    m.kind.clone(),
                )
            })
        })
        .collect();
    render_marked(piece, &clipped, true)
}

/// Valid spans, same-kind spans that touch or overlap merged, sorted for
/// nesting: by start, longest first, links outermost and code innermost.
fn spans<'m>(text: &str, marks: &'m [Mark], emphasis: bool) -> Vec<(Range<usize>, &'m MarkKind)> {
    let mut spans: Vec<(Range<usize>, &MarkKind)> = marks
        .iter()
        .filter(|m| emphasis || !matches!(m.kind, MarkKind::Bold | MarkKind::Italic))
        .filter_map(|m| Some((m.range_in(text)?, &m.kind)))
        .collect();
    spans.sort_by_key(|(r, _)| r.start);
    let mut merged: Vec<(Range<usize>, &MarkKind)> = Vec::with_capacity(spans.len());
    for (r, kind) in spans {
        if let Some((prev, _)) = merged
            .iter_mut()
            .rev()
            .find(|(p, k)| *k == kind && p.end >= r.start)
        {
            prev.end = prev.end.max(r.end);
        } else {
            merged.push((r, kind));
        }
    }
    merged.sort_by(|(a, ka), (b, kb)| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(rank(ka).cmp(&rank(kb)))
    });
    merged
}

fn rank(kind: &MarkKind) -> u8 {
    match kind {
        MarkKind::Link { .. } => 0,
        MarkKind::Bold => 1,
        MarkKind::Italic => 2,
        MarkKind::Code => 3,
    }
}

fn same_kind(a: &MarkKind, b: &MarkKind) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// The tree of sorted spans; crossing and disallowed nestings dropped.
fn nest<'m>(spans: Vec<(Range<usize>, &'m MarkKind)>) -> Vec<Node<'m>> {
    // The open path from the root, outermost first.
    let mut path: Vec<Node<'m>> = Vec::new();
    let mut roots: Vec<Node<'m>> = Vec::new();
    for (range, kind) in spans {
        while path.last().is_some_and(|n| n.range.end <= range.start) {
            close(&mut path, &mut roots);
        }
        let crosses = path.last().is_some_and(|n| range.end > n.range.end);
        let in_code = path.iter().any(|n| matches!(n.kind, MarkKind::Code));
        let repeated = path.iter().any(|n| same_kind(n.kind, kind));
        if crosses || in_code || repeated {
            continue;
        }
        path.push(Node {
            range,
            kind,
            children: Vec::new(),
        });
    }
    while !path.is_empty() {
        close(&mut path, &mut roots);
    }
    roots
}

/// Close the innermost open node into its parent (or the roots).
fn close<'m>(path: &mut Vec<Node<'m>>, roots: &mut Vec<Node<'m>>) {
    if let Some(node) = path.pop() {
        match path.last_mut() {
            Some(parent) => parent.children.push(node),
            None => roots.push(node),
        }
    }
}

/// Rendering context.
struct Ctx<'t> {
    text: &'t str,
}

/// Markdown's idea of punctuation, roughly: neither a letter or digit nor
/// whitespace.
fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

impl Ctx<'_> {
    /// Is the text before `at` the start, whitespace or punctuation?
    fn open_side(&self, at: usize) -> bool {
        self.text
            .get(..at)
            .and_then(|s| s.chars().next_back())
            .is_none_or(|c| c.is_whitespace() || is_punct(c))
    }

    /// Is the text from `at` the end, whitespace or punctuation?
    fn close_side(&self, at: usize) -> bool {
        self.text
            .get(at..)
            .and_then(|s| s.chars().next())
            .is_none_or(|c| c.is_whitespace() || is_punct(c))
    }

    /// Render `range`, whose marked parts are `children`; `open_before`
    /// and `close_after` tell whether a delimiter was written right before
    /// or will be written right after the range.
    fn children(
        &self,
        out: &mut String,
        range: Range<usize>,
        children: &[Node<'_>],
        open_before: bool,
        close_after: bool,
    ) {
        let mut at = range.start;
        let mut closed_at = None;
        for (n, child) in children.iter().enumerate() {
            let gap = self.text.get(at..child.range.start).unwrap_or("");
            out.push_str(&escape_inline(gap));
            let before = if child.range.start == range.start && gap.is_empty() {
                open_before || self.open_side(child.range.start)
            } else {
                closed_at == Some(child.range.start) || self.open_side(child.range.start)
            };
            // A link or code span right after always opens with
            // punctuation; emphasis may or may not be written.
            let next_opens_here = children.get(n + 1).is_some_and(|c| {
                c.range.start == child.range.end
                    && matches!(c.kind, MarkKind::Link { .. } | MarkKind::Code)
            });
            let after = if child.range.end == range.end {
                close_after || self.close_side(child.range.end)
            } else {
                next_opens_here || self.close_side(child.range.end)
            };
            if self.node(out, child, before, after) {
                closed_at = Some(child.range.end);
            }
            at = child.range.end;
        }
        out.push_str(&escape_inline(self.text.get(at..range.end).unwrap_or("")));
    }

    /// Render one mark; true when its delimiters were written.
    fn node(&self, out: &mut String, node: &Node<'_>, before: bool, after: bool) -> bool {
        let Some(inner) = self.text.get(node.range.clone()) else {
            return false;
        };
        let delim = match node.kind {
            MarkKind::Code => {
                out.push_str(&code_span(inner));
                return true;
            }
            MarkKind::Link { href } => {
                escape_bang(out);
                out.push('[');
                self.children(out, node.range.clone(), &node.children, true, true);
                out.push_str("](");
                out.push_str(&destination(href));
                out.push(')');
                return true;
            }
            MarkKind::Bold => "**",
            MarkKind::Italic => "*",
        };
        let first_child = node
            .children
            .first()
            .is_some_and(|c| c.range.start == node.range.start);
        let last_child = node
            .children
            .last()
            .is_some_and(|c| c.range.end == node.range.end);
        let (Some(first), Some(last)) = (inner.chars().next(), inner.chars().next_back()) else {
            return false;
        };
        let first_punct = first_child || is_punct(first);
        let last_punct = last_child || is_punct(last);
        let flanks = !first.is_whitespace()
            && !last.is_whitespace()
            && (!first_punct || before)
            && (!last_punct || after);
        if flanks {
            out.push_str(delim);
        }
        self.children(out, node.range.clone(), &node.children, flanks, flanks);
        if flanks {
            out.push_str(delim);
        }
        flanks
    }
}

/// Escape a `!` that ends `out`, so that the `[` written next does not
/// open an image.
fn escape_bang(out: &mut String) {
    if let Some(head) = out.strip_suffix('!') {
        let slashes = head.len() - head.trim_end_matches('\\').len();
        if slashes % 2 == 0 {
            out.pop();
            out.push_str("\\!");
        }
    }
}

/// A code span: a fence of backticks longer than any run inside, padded
/// with spaces when the code starts or ends with a backtick or a space.
fn code_span(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if code.starts_with(['`', ' ']) || code.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

/// A link destination with the characters that would end or break it
/// percent-encoded.
fn destination(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        if c.is_whitespace() || c.is_control() || matches!(c, '(' | ')' | '<' | '>' | '\\') {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A block as plain text (as [`Block::plain_text`]) with its links
/// written `[text](url)`; other marks, and links that cross another link,
/// are left out.
pub(crate) fn text_with_links(block: &thresh_core::Block) -> String {
    use thresh_core::Block;
    let linked = |text: &str, marks: &[Mark]| {
        let mut links: Vec<(Range<usize>, &str)> = marks
            .iter()
            .filter_map(|m| match &m.kind {
                MarkKind::Link { href } => Some((m.range_in(text)?, href.as_str())),
                _ => None,
            })
            .filter(|(r, _)| !r.is_empty())
            .collect();
        links.sort_by_key(|(r, _)| r.start);
        let mut out = String::with_capacity(text.len() + 32 * links.len());
        let mut at = 0;
        for (r, href) in links {
            if r.start < at {
                continue;
            }
            out.push_str(text.get(at..r.start).unwrap_or(""));
            out.push('[');
            out.push_str(text.get(r.clone()).unwrap_or(""));
            out.push_str("](");
            out.push_str(href);
            out.push(')');
            at = r.end;
        }
        out.push_str(text.get(at..).unwrap_or(""));
        out
    };
    match block {
        Block::Lede { text, marks }
        | Block::Heading { text, marks, .. }
        | Block::Paragraph { text, marks }
        | Block::Quote { text, marks }
        | Block::Caption { text, marks } => linked(text, marks),
        Block::List {
            items, item_marks, ..
        } => items
            .iter()
            .enumerate()
            .map(|(i, item)| linked(item, item_marks.get(i).map_or(&[][..], Vec::as_slice)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.plain_text(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MarkKind::{Bold, Code, Italic};

    fn link(href: &str) -> MarkKind {
        MarkKind::Link { href: href.into() }
    }

    fn md(text: &str, marks: &[(usize, usize, MarkKind)]) -> String {
        let marks: Vec<Mark> = marks
            .iter()
            .map(|(s, e, k)| Mark::new(*s as u32, *e as u32, k.clone()))
            .collect();
        render_marked(text, &marks, true)
    }

    #[test]
    fn link_text_is_escaped() {
        assert_eq!(
            md("see [1] *here*", &[(4, 14, link("https://x.test/a b(c)"))]),
            r"see [\[1\] \*here\*](https://x.test/a%20b%28c%29)"
        );
        assert_eq!(md("Wow!x", &[(4, 5, link("/x"))]), r"Wow\![x](/x)");
        assert_eq!(md(r"a\!x", &[(3, 4, link("/x"))]), r"a\\\![x](/x)");
    }

    #[test]
    fn bold_inside_link_and_link_inside_bold() {
        assert_eq!(
            md("a big deal", &[(0, 10, link("/d")), (2, 5, Bold)]),
            "[a **big** deal](/d)"
        );
        assert_eq!(
            md("a big deal", &[(2, 5, link("/d")), (2, 5, Bold)]),
            "a [**big**](/d) deal"
        );
        // Bold around a link that starts it, after a letter: `x**[` would
        // not open, so the bold is dropped rather than printed as stars.
        assert_eq!(
            md("xbig deal", &[(1, 9, Bold), (1, 4, link("/d"))]),
            "x[big](/d) deal"
        );
        assert_eq!(
            md("x big deal", &[(2, 10, Bold), (2, 5, link("/d"))]),
            "x **[big](/d) deal**"
        );
    }

    #[test]
    fn code_spans_outgrow_backticks() {
        assert_eq!(md("run a`b now", &[(4, 7, Code)]), "run ``a`b`` now");
        assert_eq!(md("run `x` now", &[(4, 7, Code)]), "run `` `x` `` now");
        assert_eq!(
            md("call f(*a) ok", &[(5, 10, Code), (7, 9, Italic)]),
            "call `f(*a)` ok"
        );
    }

    #[test]
    fn adjacent_and_crossing_marks() {
        assert_eq!(md("ab", &[(0, 1, Bold), (1, 2, Italic)]), "**a***b*");
        assert_eq!(md("ab", &[(0, 1, Italic), (1, 2, Italic)]), "*ab*");
        assert_eq!(md("ab", &[(0, 1, Bold), (1, 2, Bold)]), "**ab**");
        assert_eq!(
            md("a b", &[(0, 1, link("/1")), (2, 3, link("/2"))]),
            "[a](/1) [b](/2)"
        );
        // Crossing: the later mark goes.
        assert_eq!(
            md("one two three", &[(0, 7, Bold), (4, 13, Italic)]),
            "**one two** three"
        );
    }

    #[test]
    fn multibyte_offsets() {
        let text = "café 日本語 ok";
        let s = text.find('日').unwrap_or(0);
        assert_eq!(
            md(text, &[(0, 5, Italic), (s, s + 9, Bold)]),
            "*café* **日本語** ok"
        );
        // A mark off a char boundary is ignored, not a panic.
        assert_eq!(md(text, &[(1, 4, Bold)]), text);
        assert_eq!(md(text, &[(6, 99, Bold)]), text);
    }

    #[test]
    fn emphasis_that_would_not_parse_is_dropped() {
        assert_eq!(md("a\"b\"c", &[(1, 4, Bold)]), "a\"b\"c");
        assert_eq!(md("say \"b\" now", &[(4, 7, Bold)]), "say **\"b\"** now");
    }

    #[test]
    fn lines_clip_marks() {
        let text = "one two\nthree";
        let marks = vec![Mark::new(4, 13, Bold)];
        assert_eq!(render_line(text, &marks, 0..7), "one **two**");
        assert_eq!(render_line(text, &marks, 8..13), "**three**");
    }
}
