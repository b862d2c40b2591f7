//! Sitemaps (sitemaps.org protocol): `<urlset>` pages and
//! `<sitemapindex>` indexes, XML or gzipped XML, or plain text (one URL a
//! line), read with size and count limits.

use std::io::Read;

use flate2::read::MultiGzDecoder;
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::PipelineError;

/// One `<url>` or `<sitemap>` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    /// `<loc>`.
    pub loc: String,
    /// `<lastmod>` as written (W3C datetime), if any.
    pub lastmod: Option<String>,
}

/// A parsed sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// A page of URLs.
    UrlSet(Vec<SitemapEntry>),
    /// An index of other sitemaps.
    Index(Vec<SitemapEntry>),
}

/// Limits for sitemap reading (the protocol caps a sitemap at 50,000 URLs
/// and 50 MB uncompressed).
#[derive(Debug, Clone, Copy)]
pub struct SitemapLimits {
    /// Most bytes read after decompression.
    pub max_bytes: u64,
    /// Most entries kept.
    pub max_entries: usize,
}

impl Default for SitemapLimits {
    fn default() -> Self {
        SitemapLimits {
            max_bytes: 50 * 1024 * 1024,
            max_entries: 50_000,
        }
    }
}

/// Parse a sitemap from its bytes (gzip is detected by its magic number).
/// `source` names it in errors.
pub fn parse_sitemap(
    bytes: &[u8],
    source: &str,
    limits: &SitemapLimits,
) -> Result<Sitemap, PipelineError> {
    let err = |message: String| PipelineError::Discovery {
        source_name: source.to_string(),
        message,
    };
    let data = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        MultiGzDecoder::new(bytes)
            .take(limits.max_bytes + 1)
            .read_to_end(&mut out)
            .map_err(|e| err(format!("bad gzip data: {e}")))?;
        out
    } else {
        bytes.to_vec()
    };
    if data.len() as u64 > limits.max_bytes {
        return Err(err(format!(
            "sitemap larger than {} bytes",
            limits.max_bytes
        )));
    }
    let text = String::from_utf8_lossy(&data);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if !trimmed.starts_with('<') {
        return Ok(Sitemap::UrlSet(plain_text(trimmed, limits)));
    }
    parse_xml(trimmed, limits).map_err(err)
}

fn plain_text(text: &str, limits: &SitemapLimits) -> Vec<SitemapEntry> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("http://") || l.starts_with("https://"))
        .take(limits.max_entries)
        .map(|l| SitemapEntry {
            loc: l.to_string(),
            lastmod: None,
        })
        .collect()
}

fn parse_xml(text: &str, limits: &SitemapLimits) -> Result<Sitemap, String> {
    let mut reader = Reader::from_str(text);
    let mut is_index = None;
    let mut entries = Vec::new();
    let mut current: Option<SitemapEntry> = None;
    // The element whose text is being collected (`loc` or `lastmod`).
    let mut field: Option<&'static str> = None;
    let mut raw = String::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("bad XML at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(start) => {
                let name = start.local_name();
                match name.as_ref() {
                    "urlset" => is_index = is_index.or(Some(false)),
                    "sitemapindex" => is_index = is_index.or(Some(true)),
                    "url" | "sitemap" => {
                        current = Some(SitemapEntry {
                            loc: String::new(),
                            lastmod: None,
                        });
                    }
                    "loc" if current.is_some() => field = Some("loc"),
                    "lastmod" if current.is_some() => field = Some("lastmod"),
                    _ => {}
                }
                raw.clear();
            }
            Event::Text(t) if field.is_some() => raw.push_str(&t.xml10_content()),
            Event::CData(t) if field.is_some() => raw.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if field.is_some() => {
                raw.push('&');
                raw.push_str(&r.xml10_content());
                raw.push(';');
            }
            Event::End(end) => {
                let name = end.local_name();
                match (name.as_ref(), field, current.as_mut()) {
                    ("loc", Some("loc"), Some(entry)) => {
                        entry.loc = unescape(&raw);
                        field = None;
                    }
                    ("lastmod", Some("lastmod"), Some(entry)) => {
                        entry.lastmod = Some(unescape(&raw)).filter(|s| !s.is_empty());
                        field = None;
                    }
                    ("url" | "sitemap", _, _) => {
                        if let Some(entry) = current.take().filter(|e| !e.loc.is_empty()) {
                            entries.push(entry);
                            if entries.len() >= limits.max_entries {
                                break;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match is_index {
        Some(true) => Ok(Sitemap::Index(entries)),
        Some(false) => Ok(Sitemap::UrlSet(entries)),
        None => Err("neither <urlset> nor <sitemapindex>".to_string()),
    }
}

fn unescape(raw: &str) -> String {
    let trimmed = raw.trim();
    quick_xml::escape::unescape(trimmed)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const URLSET: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://site.example/a?x=1&amp;y=2</loc><lastmod>2026-11-20</lastmod></url>
  <url><loc> https://site.example/b </loc></url>
  <url><lastmod>2026-01-01</lastmod></url>
</urlset>"#;

    #[test]
    fn urlset_entries_with_lastmod() {
        let map = parse_sitemap(URLSET.as_bytes(), "s.xml", &SitemapLimits::default()).unwrap();
        let Sitemap::UrlSet(entries) = map else {
            panic!("not a urlset")
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].loc, "https://site.example/a?x=1&y=2");
        assert_eq!(entries[0].lastmod.as_deref(), Some("2026-11-20"));
        assert_eq!(entries[1].loc, "https://site.example/b");
        assert_eq!(entries[1].lastmod, None);
    }

    #[test]
    fn gzipped_index() {
        let xml = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://site.example/s1.xml.gz</loc><lastmod>2026-11-01T10:00:00Z</lastmod></sitemap></sitemapindex>"#;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(xml.as_bytes()).unwrap();
        let bytes = gz.finish().unwrap();
        let map = parse_sitemap(&bytes, "i.xml.gz", &SitemapLimits::default()).unwrap();
        assert_eq!(
            map,
            Sitemap::Index(vec![SitemapEntry {
                loc: "https://site.example/s1.xml.gz".into(),
                lastmod: Some("2026-11-01T10:00:00Z".into())
            }])
        );
    }

    #[test]
    fn plain_text_sitemap() {
        let map = parse_sitemap(
            b"https://a.example/1\n\nnot a url\nhttps://a.example/2\n",
            "s.txt",
            &SitemapLimits::default(),
        )
        .unwrap();
        let Sitemap::UrlSet(entries) = map else {
            panic!("not a urlset")
        };
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn limits_and_errors() {
        let limits = SitemapLimits {
            max_bytes: 1 << 20,
            max_entries: 1,
        };
        let Sitemap::UrlSet(entries) = parse_sitemap(URLSET.as_bytes(), "s", &limits).unwrap()
        else {
            panic!("not a urlset")
        };
        assert_eq!(entries.len(), 1);
        let small = SitemapLimits {
            max_bytes: 10,
            max_entries: 10,
        };
        let err = parse_sitemap(URLSET.as_bytes(), "big.xml", &small).unwrap_err();
        assert!(
            err.to_string().starts_with("big.xml: sitemap larger"),
            "{err}"
        );
        let err = parse_sitemap(
            b"<html><body>nope</body></html>",
            "x.xml",
            &SitemapLimits::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("neither"), "{err}");
        assert!(
            parse_sitemap(
                b"<urlset><url><loc>x</lo",
                "bad.xml",
                &SitemapLimits::default()
            )
            .is_err()
        );
    }

    #[test]
    fn gzip_bomb_is_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b' '; 4 << 20]).unwrap();
        let bytes = gz.finish().unwrap();
        let limits = SitemapLimits {
            max_bytes: 1 << 20,
            max_entries: 10,
        };
        assert!(parse_sitemap(&bytes, "bomb.xml.gz", &limits).is_err());
    }
}
