//! Deciding what a page is (HTML, text, binary, empty) and dispatching to
//! the right cleaner.

use std::borrow::Cow;

use thresh_core::charset;
use thresh_core::{Article, Page};

use crate::{CleanError, Cleaner, HtmlCleaner, InputKind, Settings, TextCleaner};

/// Magic numbers of common binary formats that reach a text pipeline by
/// mistake.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2 data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"RIFF", "RIFF media"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"OggS", "Ogg media"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
];

/// Why the bytes look binary, if they do: a known magic number, or a high
/// share of control bytes (NUL among them) in the first kilobytes. UTF-16
/// text, with a BOM or without, is text; so is a page with a few stray
/// NULs (browsers render both; the NULs are dropped when decoding).
pub(crate) fn binary_kind(bytes: &[u8]) -> Option<String> {
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some((*what).to_string());
    }
    if encoding_rs::Encoding::for_bom(bytes).is_some() || utf16_without_bom(bytes).is_some() {
        return None;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    (control * 20 > head.len()).then(|| {
        if head.contains(&0) {
            "NUL and control bytes".into()
        } else {
            "control bytes".into()
        }
    })
}

/// UTF-16 without a byte-order mark, told by its pattern: text that is
/// mostly ASCII has a zero in every other byte (the high half of each
/// code unit), after the low half in little-endian, before it in
/// big-endian.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(1024) & !1];
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let zeros = |offset: usize| {
        head.iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= pairs * 4 && even * 20 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 4 && odd * 20 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Guess whether a page is HTML or a text dump from its content type, then
/// from its first bytes.
pub fn sniff(page: &Page) -> InputKind {
    match page.mime().as_deref() {
        Some("text/html" | "application/xhtml+xml") => return InputKind::Html,
        Some("text/plain") => return InputKind::Text,
        _ => {}
    }
    let lower = page.source.to_ascii_lowercase();
    let name = lower.trim_end_matches(".gz");
    if name.ends_with(".txt") || name.ends_with(".text") {
        return InputKind::Text;
    }
    let head = &page.body[..page.body.len().min(4096)];
    let head = match utf16_without_bom(&page.body) {
        Some(encoding) => encoding
            .decode_without_bom_handling(head)
            .0
            .to_ascii_lowercase(),
        None => String::from_utf8_lossy(head).to_ascii_lowercase(),
    };
    let trimmed = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let html_start = ["<!doctype html", "<html", "<head", "<body", "<!--", "<?xml"]
        .iter()
        .any(|p| trimmed.starts_with(p))
        || (starts_with_element(trimmed) && is_tag_soup(&head));
    let html_tags = ["<p>", "<p ", "<div", "<br", "<a href", "<title", "<meta "]
        .iter()
        .filter(|t| head.contains(*t))
        .count();
    if html_start || html_tags >= 2 {
        InputKind::Html
    } else {
        InputKind::Text
    }
}

/// Elements a fragment of HTML (a page without its `<html>`, an embed, a
/// feed's content) starts with; a text dump does not start with a tag.
const FRAGMENT_STARTS: &str = "a article b blockquote br center dl div em font form h1 h2 h3 h4 h5 \
     h6 header hr i iframe img li link main meta nav ol p pre script section span strong style \
     table td title tr ul";

/// Whether `text` (lower-cased) opens with the start tag of a known
/// element: `<table>`, `<div class=...`, `<br/>`.
fn starts_with_element(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('<') else {
        return false;
    };
    let name_len = rest
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let after = rest.as_bytes().get(name_len);
    matches!(after, Some(b'>' | b' ' | b'/' | b'\t' | b'\n' | b'\r'))
        && FRAGMENT_STARTS
            .split_ascii_whitespace()
            .any(|n| n == &rest[..name_len])
}

/// Whether `head` reads as markup rather than text with a stray tag: at
/// least four tags, and one for every two lines or more. (Text dumps can
/// start with a tracking pixel's `<img>` left in, then only lines.)
fn is_tag_soup(head: &str) -> bool {
    let b = head.as_bytes();
    let tags = memchr::memchr_iter(b'<', b)
        .filter(|&i| {
            b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/')
        })
        .count();
    let lines = memchr::memchr_iter(b'\n', b).count() + 1;
    tags >= 4 && tags * 2 >= lines
}

/// Decode a page's body to text after refusing empty and binary input.
pub(crate) fn page_text(page: &Page, html: bool) -> Result<Cow<'_, str>, CleanError> {
    if let Some(what) = binary_kind(&page.body) {
        return Err(CleanError::Binary {
            source_name: page.source.clone(),
            what,
        });
    }
    let text = match utf16_without_bom(&page.body) {
        Some(encoding) => Cow::Owned(
            encoding
                .decode_without_bom_handling(&page.body)
                .0
                .into_owned(),
        ),
        None => charset::decode(&page.body, page.declared_charset(), html).text,
    };
    // Stray NULs (a browser shows nothing for them) are dropped.
    let text = if memchr::memchr(0, text.as_bytes()).is_some() {
        Cow::Owned(text.replace('\0', ""))
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(CleanError::Empty {
            source_name: page.source.clone(),
        });
    }
    Ok(text)
}

/// The dispatcher: HTML pages go to [`HtmlCleaner`], text dumps to
/// [`TextCleaner`], as forced by [`Settings::input`] or sniffed.
#[derive(Debug, Clone, Default)]
pub struct AutoCleaner {
    pub(crate) settings: Settings,
    pub(crate) html: HtmlCleaner,
    text: TextCleaner,
}

impl AutoCleaner {
    /// A dispatcher with these settings.
    pub fn new(settings: Settings) -> Self {
        AutoCleaner {
            html: HtmlCleaner::new(settings.clone()),
            text: TextCleaner::new(settings.clone()),
            settings,
        }
    }
}

impl Cleaner for AutoCleaner {
    fn clean(&self, page: &Page) -> Result<Article, CleanError> {
        let kind = match self.settings.input {
            InputKind::Auto => sniff(page),
            forced => forced,
        };
        // A panic is a bug in thresh; it costs this page, never the
        // caller's batch (or a Python interpreter).
        let mut article = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match kind {
            InputKind::Text => self.text.clean(page),
            _ => self.html.clean(page),
        }))
        .unwrap_or_else(|_| {
            Err(CleanError::Panicked {
                source_name: page.source.clone(),
            })
        })?;
        if !self.settings.tables {
            article
                .blocks
                .retain(|b| !matches!(b, thresh_core::Block::Table { .. }));
        }
        if let Some(wanted) = &self.settings.target_language
            && let Some(lang) = article.lang.as_deref()
        {
            let primary = lang
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if !primary.is_empty() && primary != *wanted {
                return Err(CleanError::OtherLanguage {
                    source_name: page.source.clone(),
                    lang: primary,
                    wanted: wanted.clone(),
                });
            }
        }
        // The WARC record the page came from, for a WET record's headers.
        if page.warc_record_id.is_some() {
            article.warc_record_id.clone_from(&page.warc_record_id);
            article.warc_date = page
                .fetched_at
                .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
        Ok(article)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str, body: &[u8]) -> Page {
        Page::from_bytes(name, body.to_vec())
    }

    #[test]
    fn sniffs_html_and_text() {
        assert_eq!(sniff(&page("a", b"  <!DOCTYPE html><p>x")), InputKind::Html);
        assert_eq!(
            sniff(&page("a", b"<div class=x><p>hello</p></div>")),
            InputKind::Html
        );
        assert_eq!(
            sniff(&page("a.html", b"Headline\nBody <b> text")),
            InputKind::Text
        );
        assert_eq!(sniff(&page("a.txt", b"<html>")), InputKind::Text);
        // A fragment that opens with an element's tag is HTML; a dump that
        // opens with an autolink or a made-up tag is not.
        assert_eq!(
            sniff(&page("a", b"<table><tr><td>x</td></tr></table>")),
            InputKind::Html
        );
        assert_eq!(
            sniff(&page(
                "a",
                b"\n<section class=x>\n<h2>Hi</h2>\n<ul><li>x</ul>"
            )),
            InputKind::Html
        );
        let dump = format!("<img src=\"p.gif\">\n{}", "Politics\nWorld\n".repeat(20));
        assert_eq!(sniff(&page("a", dump.as_bytes())), InputKind::Text);
        assert_eq!(
            sniff(&page("a", b"<https://x.example> Headline")),
            InputKind::Text
        );
        assert_eq!(sniff(&page("a", b"<tablet> review\nBody")), InputKind::Text);
        let mut p = page("a.txt", b"Headline");
        p.content_type = Some("text/html; charset=utf-8".into());
        assert_eq!(sniff(&p), InputKind::Html);
    }

    #[test]
    fn binary_is_refused_with_the_source_named() {
        let err = page_text(&page("img.png", b"\x89PNG\r\n\x1a\n...."), true).unwrap_err();
        assert_eq!(
            err.to_string(),
            "img.png: binary content (PNG image), not HTML or text"
        );
        let err = page_text(&page("x.bin", b"ab\0cd"), false).unwrap_err();
        assert!(matches!(err, CleanError::Binary { .. }));
    }

    #[test]
    fn utf16_with_bom_is_text() {
        assert_eq!(binary_kind(&[0xFF, 0xFE, b'h', 0, b'i', 0]), None);
    }

    const HTML: &str = "<html><body><article><p>A paragraph of the page, long enough to be the article body of this little test page.</p></article></body></html>";

    #[test]
    fn a_stray_nul_is_dropped_not_a_reason_to_refuse_the_page() {
        let body = HTML.replace("little", "lit\0tle");
        let page = page("a.html", body.as_bytes());
        let text = page_text(&page, true).unwrap();
        assert!(text.contains("little test page") && !text.contains('\0'));
    }

    #[test]
    fn utf16_without_a_bom_is_recognised_by_its_zeros() {
        let le: Vec<u8> = HTML.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = HTML.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16_without_bom(&le), Some(encoding_rs::UTF_16LE));
        assert_eq!(utf16_without_bom(&be), Some(encoding_rs::UTF_16BE));
        assert_eq!(utf16_without_bom(HTML.as_bytes()), None);
        for body in [le, be] {
            let p = page("a.bin", &body);
            assert_eq!(sniff(&p), InputKind::Html);
            let text = page_text(&p, true).unwrap();
            assert!(text.contains("little test page"), "{text}");
        }
    }

    #[test]
    fn empty_and_blank_are_refused() {
        for body in [&b""[..], b"  \n\t\n"] {
            let err = page_text(&page("e.txt", body), false).unwrap_err();
            assert_eq!(err.to_string(), "e.txt: empty input");
        }
    }
}
