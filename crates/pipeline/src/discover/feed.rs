//! RSS, Atom and JSON Feed reading (through feed-rs): the article links
//! of a feed with their dates.

use crate::PipelineError;
use crate::discover::sitemap::SitemapEntry;

/// The entries of a feed as (link, date) pairs: the entry's `alternate`
/// (or first) link, and its updated or published date (RFC 3339).
pub fn parse_feed(bytes: &[u8], source: &str) -> Result<Vec<SitemapEntry>, PipelineError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| PipelineError::Discovery {
        source_name: source.to_string(),
        message: format!("not a feed: {e}"),
    })?;
    Ok(feed
        .entries
        .into_iter()
        .filter_map(|entry| {
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or_else(|| entry.links.first())?;
            Some(SitemapEntry {
                loc: link.href.trim().to_string(),
                lastmod: entry.updated.or(entry.published).map(|d| d.to_rfc3339()),
            })
        })
        .filter(|e| e.loc.starts_with("http://") || e.loc.starts_with("https://"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://s.example/</link><description>d</description>
<item><title>One</title><link>https://s.example/one</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>Two</title><link>https://s.example/two</link></item>
</channel></rss>"#;
        let entries = parse_feed(rss.as_bytes(), "rss").unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].loc, "https://s.example/one");
        assert!(
            entries[0]
                .lastmod
                .as_deref()
                .is_some_and(|d| d.starts_with("2026-11-24T10:00:00"))
        );
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2026-11-20T00:00:00Z</updated>
<entry><title>A</title><id>urn:a</id><updated>2026-11-20T00:00:00Z</updated><link rel="alternate" href="https://s.example/a"/></entry></feed>"#;
        let entries = parse_feed(atom.as_bytes(), "atom").unwrap();
        assert_eq!(entries[0].loc, "https://s.example/a");
    }

    #[test]
    fn html_is_not_a_feed() {
        let err = parse_feed(b"<html><body>hi</body></html>", "page.html").unwrap_err();
        assert!(
            err.to_string().starts_with("page.html: not a feed"),
            "{err}"
        );
    }
}
