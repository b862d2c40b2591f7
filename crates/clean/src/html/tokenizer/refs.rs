//! Character references (`&amp;`, `&#233;`, `&#xE9;`), decoded as the
//! tokenizer of the HTML standard (and html5ever) decodes them.

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

use super::scan::{at, find2};

/// Text with character references decoded (when `refs`) and NUL as
/// U+FFFD.
pub(super) fn decode(raw: &str, refs: bool, in_attribute: bool) -> String {
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
pub(super) fn char_ref(b: &[u8], i: usize, in_attribute: bool) -> Option<(String, usize)> {
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
pub(super) fn numeric_ref(b: &[u8], i: usize) -> Option<(String, usize)> {
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
