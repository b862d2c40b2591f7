//! The DOCTYPE states of the tokenizer: name, public and system
//! identifiers, and when the document must be in quirks mode.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::Doctype;

use super::lower_name;
use super::refs::decode;
use super::scan::{after_gt, at, find2, is_space, starts_with_ci};

/// A DOCTYPE from just after the keyword: the token and one past its end.
pub(super) fn doctype(s: &str, mut i: usize) -> (Doctype, usize) {
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
