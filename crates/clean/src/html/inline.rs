//! [`Inline`]: a text buffer that collapses whitespace the way a browser
//! renders inline content, with explicit line breaks for `<br>`.

/// Accumulates the text of one block.
#[derive(Debug, Default, Clone)]
pub(crate) struct Inline {
    buf: String,
    /// Whitespace was seen since the last visible character.
    space: bool,
}

impl Inline {
    /// Append raw text; runs of whitespace become one space, leading
    /// whitespace of the block is dropped.
    pub(crate) fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
                self.space = true;
            } else {
                if self.space && !self.buf.is_empty() && !self.buf.ends_with('\n') {
                    self.buf.push(' ');
                }
                self.space = false;
                self.buf.push(c);
            }
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
        self.space = false;
        let mut s = std::mem::take(&mut self.buf);
        let end = s.trim_end().len();
        s.truncate(end);
        if s.starts_with(char::is_whitespace) {
            s = s.trim_start().to_string();
        }
        s
    }
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
}
