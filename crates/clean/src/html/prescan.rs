//! Elision before the parse: what extraction never reads is cut out of
//! the HTML so that html5ever does not tokenize it.
//!
//! - The bodies of `<script>` (except JSON-LD), `<style>` and `<noscript>`
//!   elements become one space. They are half the bytes of a typical news
//!   page, and their text is never read ([`tree`](super::tree) mutes it).
//! - Attributes that neither the tree sink keeps nor the tree builder
//!   reads (`data-*`, `srcset`, `onclick`, SVG path data, ...; see
//!   [`attribute_is_read`]) are cut from start and end tags. They are a
//!   quarter of what is left, and the tokenizer copies attribute values
//!   character by character. (One effect reaches the tree: the tree
//!   builder keeps at most three identical open formatting elements, and
//!   `<b data-a=1>` and `<b data-a=2>` are identical once cut. A fourth
//!   nested `<b>` is then not re-opened: same text, same marks.)
//! - Comment bodies become one space.
//!
//! The scan follows the tokenizer of the HTML standard closely enough to
//! find where each tag, attribute, comment and raw-text body ends (quoted
//! attribute values, comments, the script-data escape states, the other
//! raw-text and RCDATA elements) and leaves everything else alone: inside
//! `<svg>` or `<math>`, where these elements are not raw text, bodies are
//! kept, and after anything it does not understand (`<plaintext>`, an
//! unterminated tag), it stops cutting. A cut becomes one space, so an
//! element keeps its (empty, muted) text node and the tree its shape, and
//! the attributes around a cut stay apart.

use std::borrow::Cow;

use super::tree::attribute_is_read;

/// Cut what extraction never reads out of a document; borrowed when there
/// is nothing to cut.
pub(crate) fn elide_unread(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    // The foreign (SVG, MathML) elements open above the nearest HTML
    // element: inside them nothing is raw text. Empty in HTML content.
    let mut foreign: Vec<Name> = Vec::new();
    while let Some(lt) = find(b, i, b'<') {
        let p = lt;
        let next = at(b, p + 1);
        if next == b'!' {
            if starts_with_ci(b, p + 2, b"--") {
                let (body_end, after) = comment_end(b, p + 4);
                if body_end > p + 4 {
                    cuts.push((p + 4, body_end));
                }
                i = after;
            } else if !foreign.is_empty() && starts_with_ci(b, p + 2, b"[CDATA[") {
                i = find_seq(b, p + 9, b"]]>").map_or(b.len(), |e| e + 3);
            } else {
                i = after_gt(b, p + 2);
            }
            continue;
        }
        if next == b'?' {
            i = after_gt(b, p + 2);
            continue;
        }
        if next == b'/' {
            let n = at(b, p + 2);
            if n.is_ascii_alphabetic() {
                let (name_end, lower) = tag_name(b, p + 2);
                let Some(end) = skip_attributes(b, name_end, &mut None, &mut cuts) else {
                    break;
                };
                i = end.after;
                if foreign.is_empty() {
                    continue;
                }
                if matches!(&*lower, b"p" | b"br") {
                    // These end tags also leave foreign content.
                    foreign.clear();
                } else if let Some(k) = foreign.iter().rposition(|f| *f == lower && f.len > 0) {
                    foreign.truncate(k);
                } else {
                    // The end tag of an HTML element around the <svg> (or
                    // a stray one): what it closes depends on the parser's
                    // stack. Stop cutting.
                    break;
                }
            } else if n == b'>' {
                i = p + 3;
            } else if p + 2 >= b.len() {
                break;
            } else {
                i = after_gt(b, p + 2);
            }
            continue;
        }
        if !next.is_ascii_alphabetic() {
            i = p + 1;
            continue;
        }
        let (name_end, lower) = tag_name(b, p + 1);
        let mut type_attr = None;
        let Some(end) = skip_attributes(b, name_end, &mut type_attr, &mut cuts) else {
            // An unterminated tag at the end: html5ever drops it.
            break;
        };
        i = end.after;
        if !foreign.is_empty() && breaks_out(&lower) {
            foreign.clear();
        }
        if !foreign.is_empty() || matches!(&*lower, b"svg" | b"math") {
            if lower.len == 0 || foreign.len() >= MAX_FOREIGN_DEPTH {
                break;
            }
            if end.self_closing {
                continue;
            }
            if is_integration_point(&lower) && !foreign.is_empty() {
                // Its content is HTML again: plain text is skipped,
                // markup would need the parser's stack; stop cutting.
                match find(b, i, b'<') {
                    Some(p) if end_tag_at(b, p, &lower) => i = p,
                    None => {}
                    Some(_) => break,
                }
            }
            foreign.push(lower);
            continue;
        }
        match &*lower {
            b"script" => {
                let body_end = script_data_end(b, i);
                // A type with a character reference is left alone: the
                // parser decodes it and may find JSON-LD.
                let keep = type_attr.is_some_and(|t: &[u8]| {
                    t.contains(&b'&') || t.trim_ascii().eq_ignore_ascii_case(b"application/ld+json")
                });
                if !keep && body_end > i {
                    cuts.push((i, body_end));
                }
                i = body_end;
            }
            b"style" | b"noscript" => {
                let body_end = raw_text_end(b, i, &lower);
                if body_end > i {
                    cuts.push((i, body_end));
                }
                i = body_end;
            }
            b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed" | b"noframes" => {
                i = raw_text_end(b, i, &lower);
            }
            // The rest is text; in a frameset document scripts are not
            // elements at all.
            b"plaintext" | b"frameset" => break,
            _ => {}
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let cut: usize = cuts.iter().map(|(s, e)| e - s).sum();
    let mut out = String::with_capacity(html.len() + cuts.len() - cut);
    let mut from = 0;
    for (s, e) in cuts {
        // Cuts start and end next to ASCII bytes (`>`, `<`, quotes, spaces,
        // `=`, `/`, `-`) or at the ends: char boundaries.
        out.push_str(html.get(from..s).unwrap_or(""));
        out.push(' ');
        from = e;
    }
    out.push_str(html.get(from..).unwrap_or(""));
    Cow::Owned(out)
}

/// The byte at `i`, or 0 past the end.
fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

fn find(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    memchr::memchr(byte, b.get(from..)?).map(|k| from + k)
}

fn find_seq(b: &[u8], from: usize, seq: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, seq).map(|k| from + k)
}

fn starts_with_ci(b: &[u8], i: usize, s: &[u8]) -> bool {
    b.get(i..i + s.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(s))
}

/// Whitespace of the tokenizer (CR counts: the input stream turns it into
/// LF).
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b' ' | b'\r')
}

/// Deeper foreign nesting than this stops the cutting (bounds the stack).
const MAX_FOREIGN_DEPTH: usize = 4096;

/// One past the next `>` from `i` (a bogus comment, doctype or
/// processing instruction), or the end.
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

/// Foreign elements whose content is parsed as HTML (`svg` foreignObject,
/// desc and title; MathML text and annotation elements).
fn is_integration_point(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"foreignobject"
            | b"desc"
            | b"title"
            | b"mi"
            | b"mo"
            | b"mn"
            | b"ms"
            | b"mtext"
            | b"annotation-xml"
    )
}

/// Start tags that end foreign content (the parser pops back to HTML);
/// `font` only does with some attributes and is left out.
fn breaks_out(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"b" | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"center"
            | b"code"
            | b"dd"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"embed"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"hr"
            | b"i"
            | b"img"
            | b"li"
            | b"listing"
            | b"menu"
            | b"meta"
            | b"nobr"
            | b"ol"
            | b"p"
            | b"pre"
            | b"ruby"
            | b"s"
            | b"small"
            | b"span"
            | b"strong"
            | b"strike"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tt"
            | b"u"
            | b"ul"
            | b"var"
    )
}

/// A tag name from `i` (its first letter): where it ends, and its ASCII
/// lower-case form when it is short enough to be one the scan knows
/// (empty otherwise).
fn tag_name(b: &[u8], i: usize) -> (usize, Name) {
    let mut j = i;
    while j < b.len() && !is_space(at(b, j)) && !matches!(at(b, j), b'/' | b'>') {
        j += 1;
    }
    let mut name = Name::default();
    if let Some(raw) = b.get(i..j).filter(|r| r.len() <= name.buf.len()) {
        for (slot, c) in name.buf.iter_mut().zip(raw) {
            *slot = c.to_ascii_lowercase();
        }
        name.len = raw.len();
    }
    (j, name)
}

/// A lower-cased tag name of at most sixteen bytes (empty, `len` 0, when
/// longer).
#[derive(Default, Clone, PartialEq, Eq)]
struct Name {
    buf: [u8; 16],
    len: usize,
}

impl std::ops::Deref for Name {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// Where a tag ended.
struct TagEnd {
    /// One past its `>`.
    after: usize,
    /// It ended in `/>`.
    self_closing: bool,
}

/// Skip the attributes of a tag from `i` (just after its name) to its
/// `>`, recording the value of the first `type` attribute when asked and
/// adding a cut for each attribute nobody reads; `None` (and no cuts)
/// when the input ends inside the tag.
fn skip_attributes<'b>(
    b: &'b [u8],
    i: usize,
    type_attr: &mut Option<&'b [u8]>,
    cuts: &mut Vec<(usize, usize)>,
) -> Option<TagEnd> {
    let mark = cuts.len();
    let end = scan_attributes(b, i, type_attr, cuts);
    if end.is_none() {
        cuts.truncate(mark);
    }
    end
}

/// [`skip_attributes`], without undoing its cuts when the tag does not
/// end.
fn scan_attributes<'b>(
    b: &'b [u8],
    mut i: usize,
    type_attr: &mut Option<&'b [u8]>,
    cuts: &mut Vec<(usize, usize)>,
) -> Option<TagEnd> {
    let record = type_attr.is_none();
    let mut seen_type = false;
    loop {
        // Before an attribute name.
        let c = *b.get(i)?;
        if is_space(c) {
            i += 1;
            continue;
        }
        if c == b'/' {
            if at(b, i + 1) == b'>' {
                return Some(TagEnd {
                    after: i + 2,
                    self_closing: true,
                });
            }
            i += 1;
            continue;
        }
        if c == b'>' {
            return Some(TagEnd {
                after: i + 1,
                self_closing: false,
            });
        }
        // The name: its first character may be `=`.
        let name_start = i;
        i += 1;
        while i < b.len() && !is_space(at(b, i)) && !matches!(at(b, i), b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = b.get(name_start..i).unwrap_or(&[]);
        let is_type = name.eq_ignore_ascii_case(b"type");
        let unread = !attribute_is_read(name);
        let name_end = i;
        // After the name.
        while i < b.len() && is_space(at(b, i)) {
            i += 1;
        }
        if at(b, i) != b'=' {
            // No value: the loop handles `/`, `>` or the next name.
            if i >= b.len() {
                return None;
            }
            if unread {
                cuts.push((name_start, name_end));
            }
            continue;
        }
        i += 1;
        while i < b.len() && is_space(at(b, i)) {
            i += 1;
        }
        let value = match *b.get(i)? {
            q @ (b'"' | b'\'') => {
                let end = find(b, i + 1, q)?;
                let v = b.get(i + 1..end);
                i = end + 1;
                v
            }
            b'>' => {
                if unread {
                    cuts.push((name_start, i));
                }
                continue;
            }
            _ => {
                let start = i;
                while i < b.len() && !is_space(at(b, i)) && at(b, i) != b'>' {
                    i += 1;
                }
                b.get(start..i)
            }
        };
        if unread {
            cuts.push((name_start, i));
        }
        if record && is_type && !seen_type {
            seen_type = true;
            *type_attr = value;
        }
    }
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
    use super::*;

    fn cut(html: &str) -> String {
        elide_unread(html).into_owned()
    }

    #[test]
    fn bodies_are_cut() {
        assert_eq!(
            cut(
                "<p>a<script>if (a<b) x()</script>b<style>p{}</style><noscript><img src=x></noscript>"
            ),
            "<p>a<script> </script>b<style> </style><noscript> </noscript>"
        );
        assert_eq!(cut("<script id=x></script>"), "<script id=x></script>");
        assert!(matches!(
            elide_unread("<p class=a>plain</p>"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn json_ld_is_kept() {
        let html = r#"<script type=" application/LD+json ">{"@type":"NewsArticle"}</script>"#;
        assert_eq!(cut(html), html);
        let html = r#"<script type="application&#x2F;ld+json">{}</script>"#;
        assert_eq!(cut(html), html);
        assert_eq!(
            cut(r#"<script type="text/javascript">var a;</script>"#),
            r#"<script type="text/javascript"> </script>"#
        );
    }

    #[test]
    fn attributes_comments_and_rcdata_hide_tags() {
        assert_eq!(cut(r#"<a title="<script>">x</a><p>y"#), "<a  >x</a><p>y");
        assert_eq!(cut("<!-- <script> -->x"), "<!-- -->x");
        for html in [
            "<!--><script>a</script>",
            "<textarea><script>a</script></textarea>",
            "<title><style>a</style></title>",
            "<svg><style>a</style></svg>",
            "<math><script>a</script>",
            "<plaintext><script>a</script>",
            "<script",
        ] {
            let out = cut(html);
            if html.starts_with("<!-->") {
                assert_eq!(out, "<!--><script> </script>");
            } else {
                assert_eq!(out, html, "{html}");
            }
        }
        assert_eq!(
            cut("<svg><style>a</style></svg><style>b</style>"),
            "<svg><style>a</style></svg><style> </style>"
        );
        assert_eq!(cut("<svg/><style>b</style>"), "<svg/><style> </style>");
    }

    #[test]
    fn unread_attributes_are_cut() {
        // Kept: what the sink stores and what the tree builder reads.
        for html in [
            r#"<div class="a b" id=c role=main style="display:none" hidden>"#,
            r#"<a HREF="/x" rel=nofollow itemprop=url>"#,
            "<meta charset=utf-8><meta property=og:title content=T name=n http-equiv=x>",
            "<input type=hidden><font color=red face=f size=2>",
            "<html lang=en><svg xml:lang=fr><a xlink:href=#h></a></svg>",
            "<template shadowrootmode=open></template>",
        ] {
            assert_eq!(cut(html), html);
        }
        assert_eq!(
            cut(r#"<img data-src="a.jpg" srcset='a 1x, b 2x' alt="x" class=i>"#),
            "<img       class=i>"
        );
        // Valueless names, `=` before `>`, names starting with `=`.
        assert_eq!(cut("<p async class=a defer>"), "<p   class=a  >");
        assert_eq!(cut("<p x= >"), "<p  >");
        assert_eq!(cut("<p =x class=a>"), "<p   class=a>");
        // A cut never makes a tag self-closing, nor takes one's `/>`.
        assert_eq!(cut("<a/x=1>"), "<a/ >");
        assert_eq!(cut(r#"<a/x="1"/>"#), "<a/ />");
        assert_eq!(cut("<br x=1/>"), "<br  >");
        // End tags too; an unterminated tag keeps its attributes.
        assert_eq!(cut("</p data-x=1>"), "</p  >");
        assert_eq!(cut("<p>a<img data-x=1"), "<p>a<img data-x=1");
    }

    #[test]
    fn comment_bodies_are_cut() {
        assert_eq!(cut("<!-- a -->b<!--c--!>d"), "<!-- -->b<!-- --!>d");
        assert_eq!(cut("<!--a--->"), "<!-- -->");
        for html in ["<!---->", "<!-->", "<!--->", "<!---->x"] {
            assert_eq!(cut(html), html);
        }
        assert_eq!(cut("<!-- open"), "<!-- ");
    }

    #[test]
    fn script_escapes() {
        // A nested <script> after <!-- must be closed before the outer one.
        let html = r#"<script><!-- document.write("<script>x</script>"); --></script><p>after"#;
        assert_eq!(cut(html), "<script> </script><p>after");
        // Without the comment opener, the first </script> ends it.
        let html = r#"<script>document.write("<script>x</script>");</script>"#;
        assert_eq!(cut(html), r#"<script> </script>");</script>"#);
        // "-->" leaves the escape.
        let html = "<script><!-- a --> <script> </script>b";
        assert_eq!(cut(html), "<script> </script>b");
        assert_eq!(cut("<SCRIPT>x</SCRIPT >"), "<SCRIPT> </SCRIPT >");
        assert_eq!(cut("<script src=a.js>x</script>"), "<script  > </script>");
        assert_eq!(cut("<script>x</scriptx></script>"), "<script> </script>");
        assert_eq!(cut("<script>never closed"), "<script> ");
    }
}

#[cfg(test)]
mod equivalence {
    use super::elide_unread;
    use crate::html::dom::{Dom, Tag};
    use crate::html::tree::Document;
    use proptest::prelude::*;
    use std::fmt::Write;

    /// What extraction can see of a document: the tree outside scripts,
    /// embedded widgets and form controls, with subtree sizes, kept
    /// attributes and text.
    fn visible(html: &str) -> String {
        let doc = Document::parse(html);
        let dom = Dom::build(&doc);
        let mut out = String::new();
        let mut i = 0;
        while i < dom.len() {
            let _ = match dom.tag(i) {
                Tag::Script | Tag::Embed | Tag::Control => {
                    let _ = write!(out, "[{} {}]", dom.name(i), dom.end(i) - i);
                    i = dom.end(i);
                    continue;
                }
                Tag::Text => write!(out, "{:?}", dom.text(i)),
                _ => {
                    let attrs = dom.nodes.get(i).map_or(&[][..], |n| doc.attrs(n.src));
                    write!(out, "<{} {} {:?}>", dom.name(i), dom.end(i) - i, attrs)
                }
            };
            i += 1;
        }
        out
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
        "</p>",
        "<path/>",
        "</html>",
        "<frameset>",
        "<caption>",
        " data-x=1",
        " data-y=\"a>b\"",
        " onclick='f(\"<p>\")'",
        " class=k",
        " CLASS=\"j\"",
        " href=u",
        " srcset",
        "=v",
        " d=\"M0 0\"",
        " xlink:href=#h",
        " xml:lang=fr",
        "<input type=hidden>",
        "<input data-a=1 type=hidden>",
        "<font color=red>",
        "<font data-c=1>",
        "<annotation-xml encoding=text/html>",
        "<meta charset=utf-8 data-m>",
        "<a/x=1>",
        "<a/x=\"1\"/>",
        "<br x=1/>",
        "<img alt=\"--\">",
        "<!---a-->",
        "<!-- a --!>",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn elision_changes_nothing_visible(parts in prop::collection::vec(0..PIECES.len(), 0..40)) {
            let html: String = parts.iter().map(|&k| PIECES[k]).collect();
            let cut = elide_unread(&html);
            prop_assert_eq!(visible(&html), visible(&cut), "{:?} -> {:?}", html, cut);
        }

        #[test]
        fn arbitrary_text_never_panics(html in ".{0,200}") {
            let _ = visible(&elide_unread(&html));
        }
    }
}
