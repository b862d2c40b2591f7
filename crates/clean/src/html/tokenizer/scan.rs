//! Byte scanning: finding the next byte that matters, and where a
//! comment, a raw-text body or a script ends.

/// The byte at `i`, or 0 past the end.
pub(super) fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

pub(super) fn find(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    memchr::memchr(byte, b.get(from..)?).map(|k| from + k)
}

pub(super) fn find2(b: &[u8], from: usize, x: u8, y: u8) -> Option<usize> {
    memchr::memchr2(x, y, b.get(from..)?).map(|k| from + k)
}

pub(super) fn find3(b: &[u8], from: usize, x: u8, y: u8, z: u8) -> Option<usize> {
    memchr::memchr3(x, y, z, b.get(from..)?).map(|k| from + k)
}

pub(super) fn find_seq(b: &[u8], from: usize, seq: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, seq).map(|k| from + k)
}

pub(super) fn starts_with_ci(b: &[u8], i: usize, s: &[u8]) -> bool {
    b.get(i..i + s.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(s))
}

/// Where the content of an `<svg>` whose start tag ends before `from`
/// ends: the `<` of its matching `</svg>` (nested `<svg>`s counted;
/// comments, CDATA and quoted attribute values passed over). `None` when
/// the drawing is not plain SVG to the tree builder: never closed, or
/// holding an HTML tag that would break out of it (a `<p>`, a `<div>`, an
/// HTML end tag), a start tag inside an HTML integration point (`title`,
/// `desc`, `foreignObject`), or a doctype or processing instruction.
///
/// With the end comes whether the drawing holds text (not only
/// whitespace or NULs): the tree builder is told, as its text would tell
/// it that no `<frameset>` may follow.
pub(super) fn svg_content_end(b: &[u8], from: usize) -> Option<(usize, bool)> {
    let texty = |t: &[u8]| t.iter().any(|&c| !is_space(c) && c != 0);
    let mut text = false;
    let name = |k: usize| {
        let rest = b.get(k..).unwrap_or(&[]);
        let len = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        rest.get(..len).unwrap_or(&[])
    };
    // The drawing's open elements, the `<svg>` itself at the bottom: an
    // end tag closes up to the innermost of its name, and one that names
    // none of them reaches the page's elements (html5ever closes the
    // `<svg>` then).
    let mut open: Vec<&[u8]> = vec![b"svg"];
    // The integration point the scan is in, by name.
    let mut integration: Option<&[u8]> = None;
    let mut i = from;
    while let Some(p) = find(b, i, b'<') {
        text = text || texty(b.get(i..p).unwrap_or(&[]));
        let next = at(b, p + 1);
        if b.get(p + 1..p + 4) == Some(b"!--") {
            let (data_end, after) = comment_end(b, p + 4);
            if data_end >= b.len() {
                return None;
            }
            i = after;
        } else if b.get(p + 1..p + 9) == Some(b"![CDATA[") {
            let end = find_seq(b, p + 9, b"]]>")?;
            text = text || texty(b.get(p + 9..end).unwrap_or(&[]));
            i = end + 3;
        } else if next == b'!' || next == b'?' {
            return None;
        } else if next == b'/' && at(b, p + 2).is_ascii_alphabetic() {
            let n = name(p + 2);
            let k = open.iter().rposition(|o| o.eq_ignore_ascii_case(n))?;
            if k == 0 {
                return Some((p, text));
            }
            if !is_svg_element(n) && !n.eq_ignore_ascii_case(b"svg") {
                return None;
            }
            open.truncate(k);
            if integration.is_some_and(|t| !open.iter().any(|o| o.eq_ignore_ascii_case(t))) {
                integration = None;
            }
            i = tag_end(b, p + 2)? + 1;
        } else if next.is_ascii_alphabetic() {
            let n = name(p + 1);
            if integration.is_some() || breaks_out_of_svg(n) {
                return None;
            }
            let gt = tag_end(b, p + 1)?;
            if at(b, gt.wrapping_sub(1)) != b'/' {
                open.push(n);
                if [b"title".as_slice(), b"desc", b"foreignobject"]
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(n))
                {
                    integration = Some(n);
                }
            }
            i = gt + 1;
        } else {
            i = p + 1;
        }
    }
    None
}

/// The `>` that ends a tag whose name starts at `i`, past quoted
/// attribute values (a `>` or `<` in one is the value's); `None` when the
/// input ends first.
fn tag_end(b: &[u8], mut i: usize) -> Option<usize> {
    // The last byte that was not whitespace: a quote after `=` opens a
    // quoted value.
    let mut last = 0u8;
    loop {
        let c = *b.get(i)?;
        match c {
            b'>' => return Some(i),
            b'"' | b'\'' if last == b'=' => {
                i = find(b, i + 1, c)?;
                last = c;
            }
            c if is_space(c) => {}
            c => last = c,
        }
        i += 1;
    }
}

/// The start tags that end foreign content (HTML's tree construction,
/// "any other start tag" in foreign content: b, div, p, table...), and
/// `font` (which breaks out only with some attributes; taken as always).
fn breaks_out_of_svg(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"b",
        b"big",
        b"blockquote",
        b"body",
        b"br",
        b"center",
        b"code",
        b"dd",
        b"div",
        b"dl",
        b"dt",
        b"em",
        b"embed",
        b"font",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"head",
        b"hr",
        b"i",
        b"img",
        b"li",
        b"listing",
        b"menu",
        b"meta",
        b"nobr",
        b"ol",
        b"p",
        b"pre",
        b"ruby",
        b"s",
        b"small",
        b"span",
        b"strike",
        b"strong",
        b"sub",
        b"sup",
        b"table",
        b"tt",
        b"u",
        b"ul",
        b"var",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The names of SVG's elements (filter primitives by their `fe`
/// prefix): an end tag of any other name in a drawing may close the
/// page's elements around it.
fn is_svg_element(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"a",
        b"animate",
        b"animatemotion",
        b"animatetransform",
        b"circle",
        b"clippath",
        b"defs",
        b"desc",
        b"ellipse",
        b"filter",
        b"foreignobject",
        b"g",
        b"image",
        b"line",
        b"lineargradient",
        b"marker",
        b"mask",
        b"metadata",
        b"mpath",
        b"path",
        b"pattern",
        b"polygon",
        b"polyline",
        b"radialgradient",
        b"rect",
        b"script",
        b"set",
        b"stop",
        b"style",
        b"switch",
        b"symbol",
        b"text",
        b"textpath",
        b"title",
        b"tspan",
        b"use",
        b"view",
    ];
    name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(b"fe"))
        || NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Whitespace of the tokenizer (the input has no CR left).
pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b' ')
}

/// One past the next `>` from `i` (a bogus comment), or the end.
pub(super) fn after_gt(b: &[u8], i: usize) -> usize {
    find(b, i, b'>').map_or(b.len(), |e| e + 1)
}

/// The end of a comment whose data starts at `i`: where its data ends,
/// and one past its `>` (both the end of the input when it is not
/// closed).
pub(super) fn comment_end(b: &[u8], i: usize) -> (usize, usize) {
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
pub(super) fn end_tag_at(b: &[u8], p: usize, name: &[u8]) -> bool {
    at(b, p) == b'<' && at(b, p + 1) == b'/' && starts_with_ci(b, p + 2, name) && {
        let c = at(b, p + 2 + name.len());
        is_space(c) || c == b'/' || c == b'>'
    }
}

/// Where the body of a raw-text or RCDATA element starting at `i` ends:
/// the `<` of its end tag, or the end of the input.
pub(super) fn raw_text_end(b: &[u8], i: usize, name: &[u8]) -> usize {
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
pub(super) fn script_data_end(b: &[u8], i: usize) -> usize {
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
pub(super) fn letters(b: &[u8], i: usize) -> (usize, bool) {
    let mut j = i;
    while at(b, j).is_ascii_alphabetic() {
        j += 1;
    }
    let word = b.get(i..j).unwrap_or(&[]);
    (j, word.eq_ignore_ascii_case(b"script"))
}
