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

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

use super::tree::attribute_is_read;

/// Tokenize a document into `sink` (a tree builder), then end it.
pub(crate) fn tokenize<S: TokenSink>(html: &str, sink: &S) {
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let text = normalize_newlines(html);
    let mut t = Tokenizer {
        s: &text,
        b: text.as_bytes(),
        buf: StrTendril::from_slice(&text),
        sink,
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

/// Text with character references decoded (when `refs`) and NUL as
/// U+FFFD.
fn decode(raw: &str, refs: bool, in_attribute: bool) -> String {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut from = 0;
    let mut i = 0;
    while let Some(p) = find2(b, i, b'&', 0) {
        if at(b, p) == 0 {
            out.push_str(raw.get(from..p).unwrap_or(""));
            out.push('\u{fffd}');
            from = p + 1;
            i = p + 1;
            continue;
        }
        if refs && let Some((chars, end)) = char_ref(b, p + 1, in_attribute) {
            out.push_str(raw.get(from..p).unwrap_or(""));
            out.push_str(&chars);
            from = end;
            i = end;
            continue;
        }
        i = p + 1;
    }
    out.push_str(raw.get(from..).unwrap_or(""));
    out
}

/// The character reference after an `&` at `i - 1`: its characters and
/// where it ends, or `None` when the `&` is just a character.
fn char_ref(b: &[u8], i: usize, in_attribute: bool) -> Option<(String, usize)> {
    let c = at(b, i);
    if c == b'#' {
        return numeric_ref(b, i + 1);
    }
    if !c.is_ascii_alphanumeric() {
        return None;
    }
    // The longest name in the table, extended while some name starts
    // with what has been read (the table holds every prefix).
    let mut j = i;
    let mut best: Option<((u32, u32), usize)> = None;
    while j < b.len() {
        let c = at(b, j);
        if !c.is_ascii() {
            break;
        }
        let name = std::str::from_utf8(b.get(i..j + 1).unwrap_or(&[])).ok()?;
        match NAMED_ENTITIES.get(name) {
            Some(&m) => {
                if m.0 != 0 {
                    best = Some((m, j + 1));
                }
                j += 1;
            }
            None => break,
        }
    }
    let ((c1, c2), end) = best?;
    let last = at(b, end - 1);
    let next = at(b, end);
    if last != b';'
        && in_attribute
        && end < b.len()
        && (next == b'=' || next.is_ascii_alphanumeric())
    {
        return None;
    }
    let mut s = String::new();
    for cp in [c1, c2] {
        if cp != 0
            && let Some(ch) = char::from_u32(cp)
        {
            s.push(ch);
        }
    }
    Some((s, end))
}

/// A numeric character reference whose digits (or `x`) start at `i`.
fn numeric_ref(b: &[u8], i: usize) -> Option<(String, usize)> {
    let hex = matches!(at(b, i), b'x' | b'X');
    let start = if hex { i + 1 } else { i };
    let mut j = start;
    let mut n: u32 = 0;
    let mut too_big = false;
    loop {
        let c = at(b, j);
        let digit = if hex {
            (c as char).to_digit(16)
        } else {
            (c as char).to_digit(10)
        };
        let Some(d) = digit else { break };
        n = n
            .checked_mul(if hex { 16 } else { 10 })
            .and_then(|n| n.checked_add(d))
            .unwrap_or_else(|| {
                too_big = true;
                0
            });
        if n > 0x10FFFF {
            too_big = true;
        }
        j += 1;
    }
    if j == start {
        return None;
    }
    if at(b, j) == b';' {
        j += 1;
    }
    let ch = match n {
        _ if too_big => '\u{fffd}',
        0 | 0xD800..=0xDFFF => '\u{fffd}',
        0x80..=0x9F => C1_REPLACEMENTS
            .get((n - 0x80) as usize)
            .copied()
            .flatten()
            .or_else(|| char::from_u32(n))
            .unwrap_or('\u{fffd}'),
        _ => char::from_u32(n).unwrap_or('\u{fffd}'),
    };
    Some((ch.to_string(), j))
}

/// A DOCTYPE from just after the keyword: the token and one past its end.
fn doctype(s: &str, mut i: usize) -> (Doctype, usize) {
    let b = s.as_bytes();
    let len = b.len();
    let mut d = Doctype::default();
    let quirks = |mut d: Doctype, at: usize| {
        d.force_quirks = true;
        (d, at)
    };
    // DOCTYPE and before-name states.
    while i < len && is_space(at(b, i)) {
        i += 1;
    }
    if i >= len {
        return quirks(d, len);
    }
    if at(b, i) == b'>' {
        return quirks(d, i + 1);
    }
    // The name.
    let start = i;
    while i < len && !is_space(at(b, i)) && at(b, i) != b'>' {
        i += 1;
    }
    let name = lower_name(s.get(start..i).unwrap_or(""));
    d.name = Some(StrTendril::from_slice(&name));
    if i >= len {
        return quirks(d, len);
    }
    // After the name.
    while i < len && is_space(at(b, i)) {
        i += 1;
    }
    if i >= len {
        return quirks(d, len);
    }
    if at(b, i) == b'>' {
        return (d, i + 1);
    }
    let public = starts_with_ci(b, i, b"public");
    if !public && !starts_with_ci(b, i, b"system") {
        return quirks(d, after_gt(b, i));
    }
    i += 6;
    let mut first = true;
    let mut want_public = public;
    loop {
        // After the keyword or between the identifiers.
        while i < len && is_space(at(b, i)) {
            i += 1;
        }
        let c = at(b, i);
        if i >= len {
            return quirks(d, len);
        }
        if c == b'>' {
            // Missing identifier after a keyword; fine after the public one.
            return if first { quirks(d, i + 1) } else { (d, i + 1) };
        }
        if c != b'"' && c != b'\'' {
            return quirks(d, after_gt(b, i));
        }
        // A quoted identifier.
        let end = find2(b, i + 1, c, b'>').unwrap_or(len);
        let id = decode(s.get(i + 1..end).unwrap_or(""), false, false);
        let id = Some(StrTendril::from_slice(&id));
        if want_public {
            d.public_id = id;
        } else {
            d.system_id = id;
        }
        if end >= len {
            return quirks(d, len);
        }
        if at(b, end) == b'>' {
            return quirks(d, end + 1);
        }
        i = end + 1;
        if !want_public {
            // After the system identifier.
            while i < len && is_space(at(b, i)) {
                i += 1;
            }
            if i >= len {
                return quirks(d, len);
            }
            return (d, after_gt(b, i));
        }
        // After the public identifier: the system one may follow.
        first = false;
        want_public = false;
        if i < len && !is_space(at(b, i)) && !matches!(at(b, i), b'>' | b'"' | b'\'') {
            return quirks(d, after_gt(b, i));
        }
    }
}

/// The byte at `i`, or 0 past the end.
fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

fn find(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    memchr::memchr(byte, b.get(from..)?).map(|k| from + k)
}

fn find2(b: &[u8], from: usize, x: u8, y: u8) -> Option<usize> {
    memchr::memchr2(x, y, b.get(from..)?).map(|k| from + k)
}

fn find3(b: &[u8], from: usize, x: u8, y: u8, z: u8) -> Option<usize> {
    memchr::memchr3(x, y, z, b.get(from..)?).map(|k| from + k)
}

fn find_seq(b: &[u8], from: usize, seq: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, seq).map(|k| from + k)
}

fn starts_with_ci(b: &[u8], i: usize, s: &[u8]) -> bool {
    b.get(i..i + s.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(s))
}

/// Whitespace of the tokenizer (the input has no CR left).
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b' ')
}

/// One past the next `>` from `i` (a bogus comment), or the end.
fn after_gt(b: &[u8], i: usize) -> usize {
    find(b, i, b'>').map_or(b.len(), |e| e + 1)
}

/// The end of a comment whose data starts at `i`: where its data ends,
/// and one past its `>` (both the end of the input when it is not
/// closed).
fn comment_end(b: &[u8], i: usize) -> (usize, usize) {
    if at(b, i) == b'>' {
        return (i, i + 1);
    }
    if at(b, i) == b'-' && at(b, i + 1) == b'>' {
        return (i, i + 2);
    }
    let mut j = i;
    while let Some(d) = find(b, j, b'-') {
        if b.get(d..d + 3) == Some(b"-->") {
            return (d, d + 3);
        }
        if b.get(d..d + 4) == Some(b"--!>") {
            return (d, d + 4);
        }
        j = d + 1;
    }
    (b.len(), b.len())
}

/// True when `</name` followed by whitespace, `/` or `>` starts at `p`
/// (an appropriate end tag).
fn end_tag_at(b: &[u8], p: usize, name: &[u8]) -> bool {
    at(b, p) == b'<' && at(b, p + 1) == b'/' && starts_with_ci(b, p + 2, name) && {
        let c = at(b, p + 2 + name.len());
        is_space(c) || c == b'/' || c == b'>'
    }
}

/// Where the body of a raw-text or RCDATA element starting at `i` ends:
/// the `<` of its end tag, or the end of the input.
fn raw_text_end(b: &[u8], i: usize, name: &[u8]) -> usize {
    let mut j = i;
    while let Some(p) = find(b, j, b'<') {
        if end_tag_at(b, p, name) {
            return p;
        }
        j = p + 1;
    }
    b.len()
}

/// The script-data states of the tokenizer that matter for finding the
/// end of a script.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Data,
    Escaped,
    EscapedDash,
    EscapedDashDash,
    Double,
    DoubleDash,
    DoubleDashDash,
}

/// Where the body of a `<script>` starting at `i` ends: the `<` of the
/// `</script` that closes it (after `<!--` a nested `<script>` must be
/// closed first), or the end of the input.
fn script_data_end(b: &[u8], i: usize) -> usize {
    use Script::*;
    let mut s = Data;
    let mut j = i;
    while j < b.len() {
        if s == Data {
            let Some(p) = find(b, j, b'<') else {
                return b.len();
            };
            if end_tag_at(b, p, b"script") {
                return p;
            }
            if b.get(p..p + 4) == Some(b"<!--") {
                s = EscapedDashDash;
                j = p + 4;
            } else {
                j = p + 1;
            }
            continue;
        }
        let c = at(b, j);
        if c == b'<' {
            let escaped = matches!(s, Escaped | EscapedDash | EscapedDashDash);
            if escaped {
                if end_tag_at(b, j, b"script") {
                    return j;
                }
                let (letters_end, is_script) = letters(b, j + 1);
                if letters_end > j + 1 {
                    let d = at(b, letters_end);
                    if is_script && (is_space(d) || d == b'/' || d == b'>') {
                        s = Double;
                        j = letters_end + 1;
                    } else {
                        s = Escaped;
                        j = letters_end;
                    }
                } else {
                    s = Escaped;
                    j += 1;
                }
            } else if at(b, j + 1) == b'/' {
                let (letters_end, is_script) = letters(b, j + 2);
                let d = at(b, letters_end);
                if is_script && (is_space(d) || d == b'/' || d == b'>') {
                    s = Escaped;
                    j = letters_end + 1;
                } else {
                    s = Double;
                    j = letters_end;
                }
            } else {
                s = Double;
                j += 1;
            }
            continue;
        }
        s = match (s, c) {
            (Escaped, b'-') => EscapedDash,
            (EscapedDash, b'-') | (EscapedDashDash, b'-') => EscapedDashDash,
            (EscapedDashDash, b'>') => Data,
            (Escaped | EscapedDash | EscapedDashDash, _) => Escaped,
            (Double, b'-') => DoubleDash,
            (DoubleDash, b'-') | (DoubleDashDash, b'-') => DoubleDashDash,
            (DoubleDashDash, b'>') => Data,
            (Double | DoubleDash | DoubleDashDash, _) => Double,
            (Data, _) => Data,
        };
        j += 1;
    }
    b.len()
}

/// The run of ASCII letters from `i`: where it ends and whether it spells
/// `script` (any case).
fn letters(b: &[u8], i: usize) -> (usize, bool) {
    let mut j = i;
    while at(b, j).is_ascii_alphabetic() {
        j += 1;
    }
    let word = b.get(i..j).unwrap_or(&[]);
    (j, word.eq_ignore_ascii_case(b"script"))
}

#[cfg(test)]
mod tests {
    use crate::html::tree::{Document, Kind, ROOT};
    use proptest::prelude::*;
    use std::fmt::Write;

    /// Everything the tree sink kept: each node in document order with
    /// its depth, name, kept attributes and text.
    fn dump(doc: &Document) -> String {
        let mut out = String::new();
        let mut stack = vec![(ROOT, 0usize)];
        while let Some((n, depth)) = stack.pop() {
            let _ = match doc.kind(n) {
                Kind::Text => writeln!(out, "{depth} {:?}", doc.text(n)),
                Kind::Element => {
                    let attrs: Vec<String> = doc
                        .attrs(n)
                        .iter()
                        .map(|a| format!("{:?}/{}={:?}", a.name, a.plain, &*a.value))
                        .collect();
                    writeln!(out, "{depth} <{}> {attrs:?}", doc.local_name(n))
                }
                Kind::Document | Kind::Other => writeln!(out, "{depth} -"),
            };
            let mut children = Vec::new();
            let mut c = doc.first_child(n);
            while let Some(k) = c {
                children.push(k);
                c = doc.next_sibling(k);
            }
            stack.extend(children.into_iter().rev().map(|k| (k, depth + 1)));
        }
        out
    }

    fn ours(html: &str) -> String {
        dump(&Document::parse(html))
    }

    fn reference(html: &str) -> String {
        dump(&Document::parse_reference(html))
    }

    fn same(html: &str) {
        assert_eq!(ours(html), reference(html), "{html:?}");
    }

    #[test]
    fn documents_match_html5ever() {
        for html in [
            "",
            "plain text",
            "<!DOCTYPE html><title>T &amp; U</title><p class=a>x<b>y</b>",
            "<p>a<script>if (a<b) x()</script>b<style>p{}</style><noscript><img src=x></noscript>",
            r#"<script type=" application/LD+json ">{"@type":"NewsArticle"}</script>"#,
            r#"<script type="application&#x2F;ld+json">{"a":1}</script>"#,
            r#"<script><!-- document.write("<script>x</script>"); --></script><p>after"#,
            "<script>never closed",
            "<textarea>\n<b>&lt;x</b></textarea><pre>\n\nkept</pre>",
            "<p>caf&eacute; &notit; &notin; &amp &#x41;&#65;&#x80;&#0;&#xD800;&#1114112; & &# &#x;",
            r#"<a href="?a=1&copy=2&amp;b" title="&notx" class="x&y">l</a>"#,
            "<svg><style>a</style><![CDATA[x<y\0]]><title>t</title></svg><style>b</style>",
            "<math><mi><![CDATA[no]]></mi></math>",
            "a\0b<p>\0</p><title>\0</title><textarea>\0&amp;</textarea>",
            "line\r\nbreak\rx<pre>\r\ny</pre>",
            "\u{feff}<p>bom",
            "<!-- c --><!--><!---><!-- a --!><!-- b -- -->x<?php x ?></ x></><!x>",
            "<p>1<table><tr><td>2</table>",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p><table></table>",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\"><p><table>",
            "<!doctype html system 'about:legacy-compat'><p><table>",
            "<!DOCTYPE><p><table>",
            "<!DOCTYPE html x><p><table>",
            "<!DOCTYPE html PUBLIC><p><table>",
            "<!DOCTYPE html PUBLIC \"a\" x><p><table>",
            "<!DOCTYPE html SYSTEM \"a\" x><p><table>",
            "<!DOCTYPE html PUBLIC \"a>\"<p><table>",
            "<p>a<plaintext><b>x</b>",
            "<xmp><b>x</xmp><iframe><p></iframe><noembed>&amp;</noembed>",
            "<DIV CLASS=Big ID=x data-a=1><A HREF=u>L</A></DIV>",
            "<p class=a class=b id=c>x",
            "<input type=hidden><font color=red><svg><font face=x></svg>",
            "<a/x=1>y<br x=1/>z<img/>",
            "<p x=1 y='2' z=\"3\" w>a<p =x>b<p a= >c",
            "<p>a<img data-x=1",
            "<p>a<img data-x=\"1",
            "<p>a</p",
            "<",
            "<p>x</p><",
            "&",
            "<body><p>1</body><body class=z><p>2",
            "<table>a<tr>b<td>c</td></tr></table>",
            "<select><noscript><b>x</b></noscript></select>",
            "<template><p>x</p></template>",
            "<frameset><frame></frameset>",
            "<ul><li>a<li>b</ul><dl><dt>x<dd>y</dl>",
            "<pre></>\n",
            "<textarea>&#10x</textarea><textarea>&#10;y</textarea>",
            "<pre>&#10\nx</pre><pre>&#xa;y</pre><pre>&NewLine;z</pre><pre>&#10;w",
            "<textarea></>\nx</textarea><listing>\ny</listing>",
        ] {
            same(html);
        }
    }

    #[test]
    fn unread_parts_are_not_built() {
        let doc = Document::parse(
            r#"<div data-x="1" class=a onclick="f()"><!-- note --><script>var a;</script></div>"#,
        );
        let dumped = dump(&doc);
        assert!(
            !dumped.contains("data-x") && !dumped.contains("onclick"),
            "{dumped}"
        );
        assert!(dumped.contains("Class"), "{dumped}");
        assert!(!dumped.contains("var a"), "{dumped}");
    }

    /// Every page under `THRESH_TOKENIZER_PAGES` (`.html`, `.html.gz`),
    /// parsed both ways: `THRESH_TOKENIZER_PAGES=../shared/bench cargo
    /// test -p thresh-clean --release -- --ignored pages_match_html5ever`.
    #[test]
    #[ignore = "needs a directory of pages in THRESH_TOKENIZER_PAGES"]
    fn pages_match_html5ever() {
        let Some(dir) = std::env::var_os("THRESH_TOKENIZER_PAGES") else {
            return;
        };
        let limits = thresh_fetch::Limits { max_bytes: 1 << 32 };
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let name = entry.file_name().to_string_lossy();
            if !(name.ends_with(".html") || name.ends_with(".html.gz")) {
                continue;
            }
            let Ok(page) = thresh_fetch::read_path(entry.path(), &limits) else {
                continue;
            };
            let text = thresh_core::charset::decode(&page.body, None, true).text;
            assert_eq!(ours(&text), reference(&text), "{}", entry.path().display());
            checked += 1;
        }
        assert!(checked > 0, "no pages found");
        eprintln!("{checked} pages parse alike");
    }

    const PIECES: &[&str] = &[
        "<script>",
        "</script>",
        "<script type=application/ld+json>",
        "<SCRIPT >",
        "</script ",
        "<style>",
        "</style>",
        "<noscript>",
        "</noscript>",
        "<!--",
        "-->",
        "--!>",
        "<!-->",
        "<p>",
        "</p>",
        "<div class=\"",
        "\"",
        "'",
        "<a title='",
        "=",
        ">",
        "<",
        "/",
        "-",
        "!",
        "a",
        " ",
        "\n",
        "\r",
        "\0",
        "&",
        "&amp;",
        "&amp",
        "&not",
        "&#",
        "&#x6",
        "1",
        ";",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<svg>",
        "</svg>",
        "<math>",
        "</math>",
        "<svg/>",
        "<![CDATA[",
        "]]>",
        "<b>",
        "</b>",
        "<table>",
        "<td>",
        "<iframe>",
        "</iframe>",
        "<xmp>",
        "</xmp>",
        "<!doctype html>",
        "<!DOCTYPE html PUBLIC \"",
        "<?x>",
        "</>",
        "</ x>",
        "<scriptx>",
        "<h1>",
        "</h1>",
        "<head>",
        "<body>",
        "<template>",
        "</template>",
        "<foreignObject>",
        "</foreignObject>",
        "<select>",
        "<option>",
        "<font>",
        "<span>",
        "<g>",
        "</g>",
        "<desc>",
        "</desc>",
        "<mi>",
        "</mi>",
        "</div>",
        "</table>",
        "</body>",
        "<br>",
        "</br>",
        "<path/>",
        "</html>",
        "<frameset>",
        "<caption>",
        "<pre>",
        "<plaintext>",
        " data-x=1",
        " data-y=\"a>b\"",
        " onclick='f(\"<p>\")'",
        " class=k",
        " CLASS=\"j\"",
        " href=u&amp;v",
        " srcset",
        "=v",
        " d=\"M0 0\"",
        " xlink:href=#h",
        " xml:lang=fr",
        " type=hidden",
        "<input type=hidden>",
        "<input data-a=1 type=hidden>",
        "<font color=red>",
        "<annotation-xml encoding=text/html>",
        "<meta charset=utf-8 data-m>",
        "<a/x=1>",
        "<a/x=\"1\"/>",
        "<br x=1/>",
        "<img alt=\"--\">",
        "<!---a-->",
        "<!-- a --!>",
        "<A HREF=x>",
        "</a>",
        "<li>",
        "<tr>",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6000))]

        #[test]
        fn generated_documents_match_html5ever(parts in prop::collection::vec(0..PIECES.len(), 0..40)) {
            let html: String = parts.iter().map(|&k| PIECES[k]).collect();
            prop_assert_eq!(ours(&html), reference(&html), "{:?}", html);
        }

        #[test]
        fn markup_soup_matches_html5ever(html in "[<>/!?=\"' \\-a-eA-Eptsx;&#\\[\\]\\x00\\n\\ré]{0,300}") {
            prop_assert_eq!(ours(&html), reference(&html), "{:?}", html);
        }
    }
}
