//! Same-site links of a page, for link following.
//!
//! This parses the page a second time (with scraper); it is only done when
//! a pipeline follows links (`max_depth > 0`), where the cost is small next
//! to the politeness delay between requests.

use std::collections::HashSet;

use scraper::{Html, Selector};
use url::Url;

/// The distinct http(s) links of `html` on the same host as `base`
/// (`www.` ignored), resolved against `<base href>` or `base`, without
/// fragments, in document order.
pub fn same_site_links(html: &str, base: &Url) -> Vec<Url> {
    let doc = Html::parse_document(html);
    let base = Selector::parse("base[href]")
        .ok()
        .and_then(|sel| doc.select(&sel).next())
        .and_then(|b| b.value().attr("href"))
        .and_then(|href| base.join(href).ok())
        .unwrap_or_else(|| base.clone());
    let Ok(anchors) = Selector::parse("a[href]") else {
        return Vec::new();
    };
    let site = site_of(&base);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for a in doc.select(&anchors) {
        let Some(href) = a.value().attr("href") else {
            continue;
        };
        let Ok(mut url) = base.join(href.trim()) else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") || site_of(&url) != site {
            continue;
        }
        url.set_fragment(None);
        if seen.insert(url.as_str().to_string()) {
            out.push(url);
        }
    }
    out
}

/// The host without a leading `www.`.
pub fn site_of(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    host.strip_prefix("www.").unwrap_or(&host).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_same_site_links_once_without_fragments() {
        let base = Url::parse("https://www.news.example/world/story.html").unwrap();
        let html = r##"<a href="/a">a</a><a href="b#top">b</a><a href="b">b again</a>
            <a href="https://news.example/c">c</a><a href="https://other.example/d">d</a>
            <a href="mailto:x@news.example">m</a><a href="javascript:void(0)">j</a><a href="#x">self</a>"##;
        let links: Vec<String> = same_site_links(html, &base)
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(
            links,
            [
                "https://www.news.example/a",
                "https://www.news.example/world/b",
                "https://news.example/c",
                "https://www.news.example/world/story.html",
            ]
        );
    }

    #[test]
    fn base_href_is_honoured() {
        let base = Url::parse("https://s.example/x/y").unwrap();
        let html = r#"<head><base href="https://s.example/root/"></head><a href="p">p</a>"#;
        assert_eq!(
            same_site_links(html, &base)[0].as_str(),
            "https://s.example/root/p"
        );
    }
}
