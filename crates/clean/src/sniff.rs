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

/// Why the bytes look binary, if they do: a known magic number, or NUL and
/// control bytes in the first kilobytes (UTF-16 with a BOM is text).
pub(crate) fn binary_kind(bytes: &[u8]) -> Option<String> {
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some((*what).to_string());
    }
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return None;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Some("NUL bytes".into());
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    (control * 20 > head.len()).then(|| "control bytes".into())
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
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let html_start = ["<!doctype html", "<html", "<head", "<body", "<!--", "<?xml"]
        .iter()
        .any(|p| trimmed.starts_with(p));
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

/// Decode a page's body to text after refusing empty and binary input.
pub(crate) fn page_text(page: &Page, html: bool) -> Result<Cow<'_, str>, CleanError> {
    if let Some(what) = binary_kind(&page.body) {
        return Err(CleanError::Binary {
            source_name: page.source.clone(),
            what,
        });
    }
    let decoded = charset::decode(&page.body, page.declared_charset(), html);
    if decoded.text.trim().is_empty() {
        return Err(CleanError::Empty {
            source_name: page.source.clone(),
        });
    }
    Ok(decoded.text)
}

/// The dispatcher: HTML pages go to [`HtmlCleaner`], text dumps to
/// [`TextCleaner`], as forced by [`Settings::input`] or sniffed.
#[derive(Debug, Clone, Default)]
pub struct AutoCleaner {
    settings: Settings,
    html: HtmlCleaner,
    text: TextCleaner,
}

impl AutoCleaner {
    /// A dispatcher with these settings.
    pub fn new(settings: Settings) -> Self {
        AutoCleaner {
            settings,
            html: HtmlCleaner::new(settings),
            text: TextCleaner::new(settings),
        }
    }
}

impl Cleaner for AutoCleaner {
    fn clean(&self, page: &Page) -> Result<Article, CleanError> {
        let kind = match self.settings.input {
            InputKind::Auto => sniff(page),
            forced => forced,
        };
        match kind {
            InputKind::Text => self.text.clean(page),
            _ => self.html.clean(page),
        }
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

    #[test]
    fn empty_and_blank_are_refused() {
        for body in [&b""[..], b"  \n\t\n"] {
            let err = page_text(&page("e.txt", body), false).unwrap_err();
            assert_eq!(err.to_string(), "e.txt: empty input");
        }
    }
}
