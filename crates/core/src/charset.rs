//! Turning body bytes into text: BOM, declared charset, `<meta charset>`,
//! then detection. Never fails: undecodable bytes become U+FFFD.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};
use serde::{Deserialize, Serialize};

/// What decided the encoding of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharsetSource {
    /// A byte-order mark at the start of the body.
    Bom,
    /// The `charset` parameter of the HTTP `Content-Type` (or a record's).
    Header,
    /// `<meta charset>` or `<meta http-equiv="Content-Type">` in the HTML.
    Meta,
    /// Statistical detection (chardetng) over the bytes.
    Detected,
}

/// A decoded body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text: borrowed from the bytes when they were already UTF-8
    /// (without a byte-order mark).
    pub text: Cow<'a, str>,
    /// The encoding used, by its WHATWG name (`UTF-8`, `windows-1251`).
    pub encoding: &'static str,
    /// What decided it.
    pub source: CharsetSource,
    /// True when some bytes were invalid in that encoding and replaced.
    pub had_errors: bool,
}

/// How many leading bytes are searched for a `<meta>` charset declaration.
/// The HTML standard says 1024; real pages often declare it later.
const META_SCAN_BYTES: usize = 8 * 1024;

/// Decode `bytes` to text.
///
/// `declared` is the charset named by the transport (HTTP header), if any.
/// When `html` is true the first kilobytes are scanned for a `<meta>`
/// declaration. Order: BOM, declared, meta, detection; but bytes that are
/// valid UTF-8 and not plain ASCII are decoded as UTF-8 whatever a header
/// or `<meta>` declares (source [`CharsetSource::Detected`]): pages saved
/// again as UTF-8 keep their old declaration far more often than text in
/// a legacy encoding happens to be valid UTF-8.
///
/// ```
/// use thresh_core::charset::{decode, CharsetSource};
/// let d = decode(b"<meta charset=\"windows-1252\"><p>caf\xe9</p>", None, true);
/// assert_eq!(d.text, "<meta charset=\"windows-1252\"><p>café</p>");
/// assert_eq!(d.source, CharsetSource::Meta);
/// ```
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>, html: bool) -> Decoded<'a> {
    let (encoding, source, body) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        (enc, CharsetSource::Bom, &bytes[bom_len..])
    } else if let Some(enc) = declared.and_then(lookup).filter(|&e| trust(e, bytes)) {
        (enc, CharsetSource::Header, bytes)
    } else if let Some(enc) = html
        .then(|| meta_charset(bytes))
        .flatten()
        .filter(|&e| trust(e, bytes))
    {
        (enc, CharsetSource::Meta, bytes)
    } else {
        (detect(bytes), CharsetSource::Detected, bytes)
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    Decoded {
        text,
        encoding: encoding.name(),
        source,
        had_errors,
    }
}

/// A declared encoding is believed unless it is not UTF-8 and the bytes are
/// UTF-8 text (valid, and not all ASCII).
fn trust(declared: &'static Encoding, bytes: &[u8]) -> bool {
    declared == UTF_8 || bytes.is_ascii() || std::str::from_utf8(bytes).is_err()
}

/// Look up an encoding label. A page that says UTF-16 in ASCII-compatible
/// bytes is lying (the standard maps such meta declarations to UTF-8).
fn lookup(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            enc
        },
    )
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, true)
}

/// Find a charset declared in a `<meta>` tag within the first bytes.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(enc) = charset_in_tag(tag) {
            return Some(enc);
        }
        from = end;
    }
    None
}

/// `charset=LABEL` inside one lower-cased `<meta ...>` tag, covering both
/// `<meta charset="x">` and `<meta http-equiv content="text/html; charset=x">`.
fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let pos = find(tag, b"charset")?;
    let rest = &tag[pos + b"charset".len()..];
    let rest = trim_start(rest);
    let rest = trim_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>' | b'\t' | b'\n'))
        .unwrap_or(rest.len());
    let label = std::str::from_utf8(&rest[..len]).ok()?;
    lookup(label)
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_everything() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"<meta charset=windows-1251>h\xc3\xa9");
        let d = decode(&bytes, Some("iso-8859-1"), true);
        assert_eq!(d.source, CharsetSource::Bom);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.ends_with("hé"));
    }

    #[test]
    fn utf16_bom_is_decoded() {
        let bytes = [0xFF, 0xFE, b'h', 0, b'i', 0];
        let d = decode(&bytes, None, false);
        assert_eq!(d.text, "hi");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn header_beats_meta() {
        let d = decode(b"<meta charset=utf-8>\xe9", Some("windows-1252"), true);
        assert_eq!(d.source, CharsetSource::Header);
        assert!(d.text.ends_with('é'));
    }

    #[test]
    fn utf8_text_wins_over_a_stale_declaration() {
        let html = "<meta charset=gb2312><p>谷歌在2014年收购的人工智能公司</p>";
        for (declared, header) in [(None, false), (Some("gbk"), true)] {
            let d = decode(html.as_bytes(), declared, !header);
            assert_eq!(d.source, CharsetSource::Detected);
            assert_eq!(d.text, html);
        }
        // Plain ASCII keeps the declaration (ISO-2022-JP is 7-bit).
        let (bytes, _, _) = encoding_rs::ISO_2022_JP.encode("日本語");
        let d = decode(&bytes, Some("iso-2022-jp"), false);
        assert_eq!(d.source, CharsetSource::Header);
        assert_eq!(d.text, "日本語");
    }

    #[test]
    fn http_equiv_meta_is_read() {
        let html = b"<html><head><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1251'></head>\xcf\xf0\xe8\xe2\xe5\xf2";
        let d = decode(html, None, true);
        assert_eq!(d.source, CharsetSource::Meta);
        assert_eq!(d.encoding, "windows-1251");
        assert!(d.text.ends_with("Привет"));
    }

    #[test]
    fn unknown_label_falls_through_to_detection() {
        let d = decode("plain ünïcode".as_bytes(), Some("no-such-charset"), true);
        assert_eq!(d.source, CharsetSource::Detected);
        assert_eq!(d.text, "plain ünïcode");
    }

    #[test]
    fn shift_jis_is_detected_without_declaration() {
        let (bytes, _, _) =
            encoding_rs::SHIFT_JIS.encode("日本語のテキストです。これは記事の本文です。");
        let d = decode(&bytes, None, true);
        assert_eq!(d.encoding, "Shift_JIS");
        assert!(d.text.contains("日本語"));
    }

    #[test]
    fn invalid_utf8_never_fails() {
        let d = decode(b"ok \xff\xfe\xfd ok", Some("utf-8"), false);
        assert!(d.had_errors);
        assert!(d.text.starts_with("ok "));
    }

    proptest::proptest! {
        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512), html: bool) {
            let _ = decode(&bytes, None, html);
        }
    }
}
