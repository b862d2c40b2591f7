//! [`Inline`]: a text buffer that collapses whitespace the way a browser
//! renders inline content, with explicit line breaks for `<br>`, and
//! records inline marks (links, emphasis, code) as byte spans of the final
//! text.

use thresh_core::{Mark, MarkKind};

use super::dom::{Dom, Tag};

/// The mark an inline element puts on its text, if any: links with a
/// usable target (resolved against `base` when relative), strong and
/// emphasised text, inline code.
pub(crate) fn mark_of(dom: &Dom<'_>, i: usize, base: Option<&url::Url>) -> Option<MarkKind> {
    match dom.tag(i) {
        Tag::A => link_target(dom.attr(i, "href")?, base).map(|href| MarkKind::Link { href }),
        Tag::Inline => match dom.name(i) {
            "strong" | "b" => Some(MarkKind::Bold),
            "em" | "i" => Some(MarkKind::Italic),
            "code" | "kbd" | "samp" => Some(MarkKind::Code),
            _ => None,
        },
        _ => None,
    }
}

/// A link's target: `None` for empty, fragment-only and `javascript:`
/// links; relative targets are resolved against `base` when it is known.
fn link_target(href: &str, base: Option<&url::Url>) -> Option<String> {
    let href = href.trim();
    let scheme_js = href
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("javascript:"));
    if href.is_empty() || href.starts_with('#') || scheme_js {
        return None;
    }
    match url::Url::parse(href) {
        Ok(u) => Some(u.to_string()),
        Err(url::ParseError::RelativeUrlWithoutBase) => match base {
            Some(b) => b.join(href).ok().map(|u| u.to_string()),
            None => Some(href.to_string()),
        },
        Err(_) => None,
    }
}

/// Accumulates the text of one block.
#[derive(Debug, Default, Clone)]
pub(crate) struct Inline {
    buf: String,
    /// Whitespace was seen since the last visible character.
    space: bool,
    /// Marks opened and not closed yet, innermost last; the start is set
    /// at the first visible character after the opening.
    open: Vec<(Option<usize>, MarkKind)>,
    /// Marks closed since the last [`Inline::take_marked`], in `buf`
    /// offsets.
    marks: Vec<(usize, usize, MarkKind)>,
}

impl Inline {
    /// Append raw text; runs of whitespace become one space, leading
    /// whitespace of the block is dropped.
    pub(crate) fn push_text(&mut self, text: &str) {
        // Word by word: the runs between (Unicode or zero-width) spaces.
        let mut words =
            text.split(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}');
        let mut first = true;
        for word in &mut words {
            if !first {
                self.space = true;
            }
            first = false;
            if word.is_empty() {
                continue;
            }
            if self.space && !self.buf.is_empty() && !self.buf.ends_with('\n') {
                self.buf.push(' ');
            }
            self.space = false;
            let at = self.buf.len();
            for (start, _) in &mut self.open {
                start.get_or_insert(at);
            }
            self.buf.push_str(word);
        }
    }

    /// Open a mark at the current position (it starts at the next visible
    /// character). Marks close in the reverse order of opening.
    pub(crate) fn open(&mut self, kind: MarkKind) {
        self.open.push((None, kind));
    }

    /// Close the innermost open mark at the current position.
    pub(crate) fn close(&mut self) {
        if let Some((Some(start), kind)) = self.open.pop()
            && self.buf.len() > start
        {
            self.marks.push((start, self.buf.len(), kind));
        }
    }

    /// A soft boundary (between inline blocks): a space if needed.
    pub(crate) fn soft_break(&mut self) {
        self.space = true;
    }

    /// A line break (`<br>`). Returns true when the block already ended
    /// with a line break (two breaks in a row).
    pub(crate) fn line_break(&mut self) -> bool {
        self.space = false;
        if self.buf.is_empty() {
            return false;
        }
        if self.buf.ends_with('\n') {
            return true;
        }
        self.buf.push('\n');
        false
    }

    /// The text so far, trimmed, leaving the buffer empty.
    pub(crate) fn take(&mut self) -> String {
        self.take_marked().0
    }

    /// The text so far, trimmed, with its marks (sorted by start, longest
    /// first, outer before inner), leaving the buffer empty. Marks still
    /// open end here and go on in the next text.
    pub(crate) fn take_marked(&mut self) -> (String, Vec<Mark>) {
        self.space = false;
        let len = self.buf.len();
        for (start, kind) in &mut self.open {
            if let Some(s) = start.take()
                && len > s
            {
                self.marks.push((s, len, kind.clone()));
            }
        }
        // The text is copied out, so the buffer keeps its room for the
        // next block.
        let trimmed = self.buf.trim_end();
        let body = trimmed.trim_start();
        let shift = trimmed.len() - body.len();
        let s = body.to_string();
        self.buf.clear();
        let mut marks: Vec<Mark> = std::mem::take(&mut self.marks)
            .into_iter()
            .filter_map(|(a, b, kind)| {
                let (a, b) = span_within(&s, a.saturating_sub(shift), b.saturating_sub(shift))?;
                Some(Mark::new(
                    u32::try_from(a).ok()?,
                    u32::try_from(b).ok()?,
                    kind,
                ))
            })
            .collect();
        // Stable: marks of the same span keep their opening order.
        marks.sort_by(|x, y| x.start.cmp(&y.start).then(y.end.cmp(&x.end)));
        (s, marks)
    }
}

/// A span clipped to `text` and shrunk past whitespace at both ends;
/// `None` when nothing visible is left.
fn span_within(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let end = end.min(text.len());
    let piece = text.get(start..end)?;
    let lead = piece.len() - piece.trim_start().len();
    let piece = piece.trim();
    (!piece.is_empty()).then_some((start + lead, start + lead + piece.len()))
}

/// Visible (non-whitespace) characters of `text` inside any of the byte
/// ranges (which may overlap; out-of-range or mid-character ends are
/// clipped).
pub(crate) fn covered(text: &str, ranges: impl Iterator<Item = (usize, usize)>) -> usize {
    let mut inside = vec![false; text.len()];
    for (start, end) in ranges {
        for slot in inside.iter_mut().take(end.min(text.len())).skip(start) {
            *slot = true;
        }
    }
    text.char_indices()
        .filter(|&(i, c)| !c.is_whitespace() && inside[i])
        .count()
}

/// Collapse whitespace in a string.
pub(crate) fn collapse(text: &str) -> String {
    let mut b = Inline::default();
    b.push_text(text);
    b.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covered_counts_visible_characters_once() {
        assert_eq!(covered("ab cd ef", [(0, 5), (3, 8)].into_iter()), 6);
        assert_eq!(covered("ab cd", [(3, 99)].into_iter()), 2);
        assert_eq!(covered("é x", [(0, 1)].into_iter()), 1);
    }

    #[test]
    fn collapses_and_breaks() {
        let mut b = Inline::default();
        b.push_text("  Hello \n\t world ");
        b.push_text("again");
        assert!(!b.line_break());
        b.push_text("  next line ");
        assert!(!b.line_break());
        assert!(b.line_break(), "second break in a row");
        assert_eq!(b.take(), "Hello world again\nnext line");
    }

    #[test]
    fn inline_boundaries_do_not_add_spaces() {
        let mut b = Inline::default();
        b.push_text("foo");
        b.push_text("bar");
        b.soft_break();
        b.push_text("baz");
        assert_eq!(b.take(), "foobar baz");
        assert_eq!(collapse("\u{a0} a\u{200b}  b "), "a b");
    }

    #[test]
    fn link_targets() {
        let base = url::Url::parse("https://example.test/news/story").ok();
        let t = |h: &str| link_target(h, base.as_ref());
        assert_eq!(t("../a?b=1").as_deref(), Some("https://example.test/a?b=1"));
        assert_eq!(t(" https://x.test/ ").as_deref(), Some("https://x.test/"));
        assert_eq!(t("mailto:a@b.test").as_deref(), Some("mailto:a@b.test"));
        assert_eq!(t("JavaScript:void(0)"), None);
        assert_eq!(t("#top"), None);
        assert_eq!(t(""), None);
        assert_eq!(link_target("/a", None).as_deref(), Some("/a"));
    }

    #[test]
    fn marks_follow_the_collapsed_text() {
        let mut b = Inline::default();
        b.push_text("  Say ");
        b.open(MarkKind::Bold);
        b.push_text("  héllo ");
        b.open(MarkKind::Italic);
        b.push_text(" 日本 ");
        b.close();
        b.line_break();
        b.close();
        b.open(MarkKind::Code);
        b.close();
        b.push_text("end ");
        b.open(MarkKind::Code);
        b.push_text("   ");
        let (text, marks) = b.take_marked();
        assert_eq!(text, "Say héllo 日本\nend");
        assert_eq!(
            marks,
            vec![
                Mark::new(4, 17, MarkKind::Bold),
                Mark::new(11, 17, MarkKind::Italic),
            ]
        );
        assert_eq!(&text[4..17], "héllo 日本");
        // The code mark left open goes on into the next block.
        b.push_text("x");
        b.close();
        assert_eq!(
            b.take_marked(),
            ("x".into(), vec![Mark::new(0, 1, MarkKind::Code)])
        );
    }
}
