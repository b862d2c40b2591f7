//! Our HTML tokenizer, feeding html5ever's tree builder.
//!
//! html5ever's own tokenizer reads its input one character at a time
//! through a queue of tendrils, and was two thirds of the time spent
//! cleaning a page (callgrind over the scrapinghub set). This one follows
//! the tokenization section of the HTML standard over bytes, jumps to the
//! next byte that matters with `memchr`, and hands html5ever's
//! [`TreeBuilder`](html5ever::tree_builder::TreeBuilder) the same tokens,
//! so the tree is built by the standard's tree-construction rules as
//! before. Text tokens share the input's buffer instead of copying it.
//! (html5gum, the other standard tokenizer in Rust, was no faster than
//! html5ever's on these pages and pins an older html5ever; see
//! docs/decisions.md.)
//!
//! It also leaves out what extraction never reads:
//!
//! - the bodies of `<script>` (except JSON-LD), `<style>` and
//!   `<noscript>` elements become one space: the tree keeps its (muted)
//!   text node, and half the bytes of a news page are skipped;
//! - attributes that neither the tree sink keeps nor the tree builder
//!   reads ([`attribute_is_read`]: `data-*`, `srcset`, `on*`, SVG path
//!   data...) are not built. One effect reaches the tree: the tree builder
//!   keeps at most three identical open formatting elements, and `<b
//!   data-a=1>` and `<b data-a=2>` are identical once their unread
//!   attributes are gone, so a fourth nested `<b>` is not re-opened (same
//!   text, same marks);
//! - comments are passed on empty.
//!
//! The tokenizer is checked against html5ever's own (with the same tree
//! builder and sink): fixed tricky documents and property tests over
//! generated markup in `tests`, and, on demand, every page of a directory
//! (`THRESH_TOKENIZER_PAGES`, an ignored test; the 441 benchmark pages
//! all give the same tree).

use std::borrow::Cow;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

use super::tree::attribute_is_read;

mod doctype;
mod refs;
mod scan;

use doctype::doctype;
use refs::{char_ref, decode};
use scan::{
    after_gt, at, comment_end, find, find_seq, find3, is_space, raw_text_end, script_data_end,
    starts_with_ci, svg_content_end,
};

/// What the tokenizer asks of (and tells) the tree under construction
/// between tags, so that a page cannot make the parse deep, large or
/// slow.
pub(crate) trait Budget {
    /// The names of the elements to close at once, innermost first,
    /// because they are nested too deep (the one just opened, and its
    /// ancestors when the cap has tightened): what follows becomes their
    /// siblings.
    fn too_deep(&self, close: &mut Vec<LocalName>);
    /// True when the parse must stop here (too many nodes, or out of
    /// time); the rest of the input is dropped.
    fn exhausted(&self) -> bool;
    /// The raw text of a `<noscript>` element, which the tree gets as one
    /// space (the page's view for readers without scripts: a few pages
    /// put all their content there).
    fn noscript(&self, raw: &str);
    /// True when the element the last start tag opened is an `<svg>` in
    /// the tree (not one the tree builder ignored, in a `<select>` say).
    fn opened_svg(&self) -> bool;
}

/// The budget is asked once every this many start tags.
const BUDGET_EVERY: u32 = 16;

/// Tokenize a document into `sink` (a tree builder) within `budget`,
/// then end it.
pub(crate) fn tokenize<S: TokenSink>(html: &str, sink: &S, budget: &dyn Budget) {
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let text = normalize_newlines(html);
    let mut t = Tokenizer {
        s: &text,
        b: text.as_bytes(),
        buf: StrTendril::from_slice(&text),
        sink,
        budget,
        start_tags: 0,
        text_from: 0,
        last_start: None,
        elide: false,
    };
    t.run();
    sink.end();
}

/// The input stream's preprocessing: CR LF and lone CR become LF.
fn normalize_newlines(html: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', html.as_bytes()).is_none() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(k) = rest.find('\r') {
        out.push_str(rest.get(..k).unwrap_or(""));
        out.push('\n');
        let after = rest.get(k + 1..).unwrap_or("");
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// What the tree builder asked the tokenizer to read next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Data,
    Raw(RawKind),
    Plaintext,
}

/// How text is turned into character tokens outside the data state.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// RCDATA: character references, NUL becomes U+FFFD.
    Rcdata,
    /// RAWTEXT, script data, PLAINTEXT: NUL becomes U+FFFD.
    Raw,
}

struct Tokenizer<'a, S> {
    s: &'a str,
    b: &'a [u8],
    /// The whole input, which text tokens are cut from.
    buf: StrTendril,
    sink: &'a S,
    budget: &'a dyn Budget,
    /// Start tags read so far.
    start_tags: u32,
    /// Where the data-state text not yet emitted starts.
    text_from: usize,
    /// The name of the last start tag emitted (for appropriate end tags).
    last_start: Option<LocalName>,
    /// The last start tag's raw text is never read.
    elide: bool,
}

/// What a `<` started.
enum Step {
    /// Not markup: the `<` is text.
    Text,
    /// Markup up to here (exclusive); read on in this mode.
    Next(usize, Mode),
    /// The input ended inside a tag, which is dropped.
    Eof,
}

impl<S: TokenSink> Tokenizer<'_, S> {
    fn run(&mut self) {
        let len = self.b.len();
        let mut i = 0;
        let mut mode = Mode::Data;
        loop {
            match mode {
                Mode::Data => {
                    let Some(p) = find3(self.b, i, b'<', b'&', 0) else {
                        break;
                    };
                    match at(self.b, p) {
                        b'&' => match char_ref(self.b, p + 1, false) {
                            Some((chars, end)) => {
                                self.flush(p);
                                self.newline_ref_error(&chars, end);
                                self.emit_chars(&chars);
                                self.text_from = end;
                                i = end;
                            }
                            None => i = p + 1,
                        },
                        0 => {
                            self.flush(p);
                            self.emit(Token::NullCharacterToken);
                            self.text_from = p + 1;
                            i = p + 1;
                        }
                        _ => match self.markup(p) {
                            Step::Text => i = p + 1,
                            Step::Next(next, m) => {
                                self.text_from = next;
                                i = next;
                                mode = m;
                            }
                            Step::Eof => {
                                self.text_from = len;
                                break;
                            }
                        },
                    }
                }
                Mode::Raw(kind) => {
                    let end = match kind {
                        RawKind::ScriptData | RawKind::ScriptDataEscaped(_) => {
                            script_data_end(self.b, i)
                        }
                        RawKind::Rcdata | RawKind::Rawtext => {
                            let name = self.last_start.clone().unwrap_or(local_name!(""));
                            raw_text_end(self.b, i, name.as_bytes())
                        }
                    };
                    if self.elide {
                        if end > i {
                            if self.last_start == Some(local_name!("noscript")) {
                                self.budget.noscript(self.s.get(i..end).unwrap_or(""));
                            }
                            self.emit(Token::CharacterTokens(StrTendril::from_char(' ')));
                        }
                    } else {
                        let text = if kind == RawKind::Rcdata {
                            TextKind::Rcdata
                        } else {
                            TextKind::Raw
                        };
                        self.emit_text(i, end, text);
                    }
                    self.text_from = end;
                    i = end;
                    mode = Mode::Data;
                    if end >= len {
                        break;
                    }
                }
                Mode::Plaintext => {
                    self.emit_text(i, len, TextKind::Raw);
                    self.text_from = len;
                    break;
                }
            }
        }
        self.flush(len);
        self.emit(Token::EOFToken);
    }

    /// Pass a token on; what the tree builder answers only matters
    /// after a start tag.
    fn emit(&self, token: Token) {
        let _ = self.sink.process_token(token, 1);
    }

    /// Emit the pending data-state text up to `end`.
    fn flush(&mut self, end: usize) {
        if end > self.text_from {
            let t = self.slice(self.text_from, end);
            self.emit(Token::CharacterTokens(t));
        }
        self.text_from = end;
    }

    fn emit_chars(&self, chars: &str) {
        if !chars.is_empty() {
            self.emit(Token::CharacterTokens(StrTendril::from_slice(chars)));
        }
    }

    /// Text from `from` to `to` as one tendril, shared with the input
    /// when nothing in it changes.
    fn slice(&self, from: usize, to: usize) -> StrTendril {
        let shared = u32::try_from(from)
            .ok()
            .zip(u32::try_from(to - from).ok())
            .and_then(|(o, l)| self.buf.try_subtendril(o, l).ok());
        shared.unwrap_or_else(|| StrTendril::from_slice(self.s.get(from..to).unwrap_or("")))
    }

    /// Emit text outside the data state.
    /// A newline written as a reference with no `;` (`&#10`): html5ever
    /// passes the parse error on as a token before the newline, which
    /// (as any token does) ends the tree builder's wait for a newline to
    /// skip after `<pre>`, `<listing>` or `<textarea>`; do the same so the
    /// trees agree (see `</>` in [`Tokenizer::markup`]).
    fn newline_ref_error(&self, chars: &str, end: usize) {
        if chars == "\n" && at(self.b, end - 1) != b';' {
            self.emit(Token::ParseError(Cow::Borrowed(
                "character reference without semicolon",
            )));
        }
    }

    fn emit_text(&self, from: usize, to: usize, kind: TextKind) {
        if to <= from {
            return;
        }
        let raw = self.b.get(from..to).unwrap_or(&[]);
        if kind == TextKind::Rcdata
            && raw.starts_with(b"&#")
            && let Some((chars, end)) = char_ref(self.b, from + 1, false)
        {
            self.newline_ref_error(&chars, end);
        }
        let special = match kind {
            TextKind::Rcdata => memchr::memchr2(b'&', 0, raw).is_some(),
            TextKind::Raw => memchr::memchr(0, raw).is_some(),
        };
        let text = if special {
            StrTendril::from(decode(
                self.s.get(from..to).unwrap_or(""),
                kind == TextKind::Rcdata,
                false,
            ))
        } else {
            self.slice(from, to)
        };
        if !text.is_empty() {
            self.emit(Token::CharacterTokens(text));
        }
    }

    /// Markup starting at the `<` at `p`, in the data state.
    fn markup(&mut self, p: usize) -> Step {
        let b = self.b;
        let next = at(b, p + 1);
        if next.is_ascii_alphabetic() {
            self.flush(p);
            return self.tag(p + 1, TagKind::StartTag);
        }
        match next {
            b'!' => {
                self.flush(p);
                self.declaration(p + 2)
            }
            b'/' => {
                let n = at(b, p + 2);
                if n.is_ascii_alphabetic() {
                    self.flush(p);
                    self.tag(p + 2, TagKind::EndTag)
                } else if n == b'>' {
                    // `</>` is dropped, but html5ever passes its parse
                    // error on as a token (see `newline_ref_error`).
                    self.flush(p);
                    self.emit(Token::ParseError(Cow::Borrowed("empty end tag")));
                    Step::Next(p + 3, Mode::Data)
                } else if p + 2 >= b.len() {
                    Step::Text
                } else {
                    self.flush(p);
                    self.emit(Token::CommentToken(StrTendril::new()));
                    Step::Next(after_gt(b, p + 2), Mode::Data)
                }
            }
            b'?' => {
                self.flush(p);
                self.emit(Token::CommentToken(StrTendril::new()));
                Step::Next(after_gt(b, p + 1), Mode::Data)
            }
            _ => Step::Text,
        }
    }

    /// After `<!`: a comment, a doctype, a CDATA section or a bogus
    /// comment.
    fn declaration(&mut self, i: usize) -> Step {
        let b = self.b;
        if b.get(i..i + 2) == Some(b"--") {
            let (_, after) = comment_end(b, i + 2);
            self.emit(Token::CommentToken(StrTendril::new()));
            return Step::Next(after, Mode::Data);
        }
        if starts_with_ci(b, i, b"doctype") {
            let (doctype, after) = doctype(self.s, i + 7);
            self.emit(Token::DoctypeToken(doctype));
            return Step::Next(after, Mode::Data);
        }
        if b.get(i..i + 7) == Some(b"[CDATA[")
            && self
                .sink
                .adjusted_current_node_present_but_not_in_html_namespace()
        {
            let start = i + 7;
            let end = find_seq(b, start, b"]]>").unwrap_or(b.len());
            // NUL stays a NUL character token here.
            let mut from = start;
            while let Some(z) = memchr::memchr(0, b.get(from..end).unwrap_or(&[])) {
                let z = from + z;
                if z > from {
                    self.emit(Token::CharacterTokens(self.slice(from, z)));
                }
                self.emit(Token::NullCharacterToken);
                from = z + 1;
            }
            if end > from {
                self.emit(Token::CharacterTokens(self.slice(from, end)));
            }
            return Step::Next((end + 3).min(b.len()), Mode::Data);
        }
        self.emit(Token::CommentToken(StrTendril::new()));
        Step::Next(after_gt(b, i), Mode::Data)
    }

    /// A start or end tag whose name starts at `i`.
    fn tag(&mut self, i: usize, kind: TagKind) -> Step {
        let b = self.b;
        let mut j = i;
        while j < b.len() && !is_space(at(b, j)) && !matches!(at(b, j), b'/' | b'>') {
            j += 1;
        }
        if j >= b.len() {
            return Step::Eof;
        }
        let name = LocalName::from(&*lower_name(self.s.get(i..j).unwrap_or("")));
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut duplicate = false;
        let Some((after, self_closing)) = self.attributes(j, &mut attrs, &mut duplicate) else {
            return Step::Eof;
        };
        let start = kind == TagKind::StartTag;
        if start {
            // The budget is asked every few start tags (each makes a node
            // or two, and a clock read is not free).
            self.start_tags = self.start_tags.wrapping_add(1);
            if self.start_tags.is_multiple_of(BUDGET_EVERY) && self.budget.exhausted() {
                return Step::Eof;
            }
        }
        if start {
            self.elide = match name {
                local_name!("style") | local_name!("noscript") => true,
                local_name!("script") => !attrs.iter().any(|a| {
                    a.name.local == local_name!("type")
                        && a.value.trim().eq_ignore_ascii_case("application/ld+json")
                }),
                _ => false,
            };
            self.last_start = Some(name.clone());
        } else {
            attrs.clear();
        }
        let token = Token::TagToken(Tag {
            kind,
            name,
            self_closing,
            attrs,
            had_duplicate_attributes: duplicate,
        });
        let mode = match self.sink.process_token(token, 1) {
            TokenSinkResult::RawData(kind) => Mode::Raw(kind),
            TokenSinkResult::Plaintext => Mode::Plaintext,
            _ => Mode::Data,
        };
        if start && mode == Mode::Data {
            let mut close = Vec::new();
            self.budget.too_deep(&mut close);
            for name in close {
                self.emit(Token::TagToken(Tag {
                    kind: TagKind::EndTag,
                    name,
                    self_closing: false,
                    attrs: Vec::new(),
                    had_duplicate_attributes: false,
                }));
            }
        }
        // An inline SVG's drawing (paths, groups, gradients: thousands of
        // elements on some pages) is never text to the cleaner, which
        // drops the `<svg>` whole: the tree builder gets its start and end
        // tags only.
        if start
            && !self_closing
            && mode == Mode::Data
            && self.last_start == Some(local_name!("svg"))
            && self.budget.opened_svg()
            && let Some((end, text)) = svg_content_end(self.b, after)
        {
            if text {
                self.emit(Token::CharacterTokens(StrTendril::from_char('.')));
            }
            return Step::Next(end, mode);
        }
        Step::Next(after, mode)
    }

    /// The attributes of a tag from `i` (just after its name) to its `>`:
    /// one past the `>` and whether the tag ended in `/>`; `None` when the
    /// input ends inside the tag. Only attributes someone reads are kept.
    fn attributes(
        &self,
        mut i: usize,
        attrs: &mut Vec<Attribute>,
        duplicate: &mut bool,
    ) -> Option<(usize, bool)> {
        let b = self.b;
        loop {
            // Before an attribute name.
            let c = *b.get(i)?;
            if is_space(c) {
                i += 1;
                continue;
            }
            if c == b'/' {
                if at(b, i + 1) == b'>' {
                    return Some((i + 2, true));
                }
                i += 1;
                continue;
            }
            if c == b'>' {
                return Some((i + 1, false));
            }
            // The name: its first character may be `=`.
            let name_start = i;
            i += 1;
            while i < b.len() && !is_space(at(b, i)) && !matches!(at(b, i), b'/' | b'>' | b'=') {
                i += 1;
            }
            let name_end = i;
            // After the name.
            while i < b.len() && is_space(at(b, i)) {
                i += 1;
            }
            let mut value = None;
            if at(b, i) == b'=' {
                i += 1;
                while i < b.len() && is_space(at(b, i)) {
                    i += 1;
                }
                match *b.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let end = find(b, i + 1, q)?;
                        value = Some((i + 1, end));
                        i = end + 1;
                    }
                    b'>' => value = Some((i, i)),
                    _ => {
                        let start = i;
                        while i < b.len() && !is_space(at(b, i)) && at(b, i) != b'>' {
                            i += 1;
                        }
                        if i >= b.len() {
                            return None;
                        }
                        value = Some((start, i));
                    }
                }
            } else if i >= b.len() {
                return None;
            }
            let raw_name = b.get(name_start..name_end).unwrap_or(&[]);
            if !attribute_is_read(raw_name) {
                continue;
            }
            let name =
                LocalName::from(&*lower_name(self.s.get(name_start..name_end).unwrap_or("")));
            if attrs.iter().any(|a| a.name.local == name) {
                *duplicate = true;
                continue;
            }
            let value = match value {
                None => StrTendril::new(),
                Some((from, to)) => {
                    let raw = b.get(from..to).unwrap_or(&[]);
                    if memchr::memchr2(b'&', 0, raw).is_some() {
                        StrTendril::from(decode(self.s.get(from..to).unwrap_or(""), true, true))
                    } else {
                        self.slice(from, to)
                    }
                }
            };
            attrs.push(Attribute {
                name: QualName::new(None, ns!(), name),
                value,
            });
        }
    }
}

/// A tag or attribute name as the tokenizer makes it: ASCII lower case,
/// NUL as U+FFFD.
fn lower_name(raw: &str) -> Cow<'_, str> {
    if raw.bytes().any(|c| c.is_ascii_uppercase() || c == 0) {
        Cow::Owned(
            raw.chars()
                .map(|c| {
                    if c == '\0' {
                        '\u{fffd}'
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(raw)
    }
}

#[cfg(test)]
mod tests;
