//! The synthetic test site behaves as the end-to-end tests expect:
//! discovery documents, articles, validators and the request log.
#![allow(clippy::unwrap_used)]

mod support;

use std::io::Read as _;

use support::http::{get, get_blocking};
use support::{SiteConfig, TestSite};

/// The text of every `<tag>...</tag>` in `xml`.
fn elements(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    xml.split(open.as_str())
        .skip(1)
        .filter_map(|s| s.split_once(close.as_str()).map(|(v, _)| v.to_string()))
        .collect()
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn discovery_documents_list_every_article() {
    for gzip in [false, true] {
        let site = TestSite::start(SiteConfig {
            articles: 25,
            gzip_sitemaps: gzip,
            robots_disallow: vec!["/private/".into()],
            crawl_delay: Some(0.5),
            ..SiteConfig::default()
        })
        .await;

        let robots = get(&site.robots_url(), &[]).await;
        assert_eq!(robots.status, 200);
        let robots = robots.text();
        assert!(robots.contains("User-agent: *"), "{robots}");
        assert!(robots.contains("Disallow: /private/"), "{robots}");
        assert!(robots.contains("Crawl-delay: 0.5"), "{robots}");
        assert!(
            robots.contains(&format!("Sitemap: {}", site.sitemap_index_url())),
            "{robots}"
        );

        let index = get(&site.sitemap_index_url(), &[]).await;
        assert_eq!(index.status, 200);
        let index = index.text();
        assert!(index.contains("<sitemapindex"), "{index}");
        let locs = elements(&index, "loc");
        assert_eq!(locs, site.sitemap_urls());
        assert_eq!(locs.len(), 2);
        assert!(
            locs.iter()
                .all(|l| l.ends_with(if gzip { ".xml.gz" } else { ".xml" }))
        );
        assert_eq!(elements(&index, "lastmod").len(), 2);

        let mut listed = Vec::new();
        for loc in &locs {
            let r = get(loc, &[]).await;
            assert_eq!(r.status, 200, "{loc}");
            let xml = if gzip {
                assert_eq!(r.header("content-type"), Some("application/gzip"));
                gunzip(&r.body)
            } else {
                r.text()
            };
            assert!(xml.contains("<urlset"), "{xml}");
            let urls = elements(&xml, "loc");
            let lastmods = elements(&xml, "lastmod");
            assert_eq!(urls.len(), lastmods.len());
            assert!(
                lastmods
                    .iter()
                    .all(|m| m.starts_with("2023-") && m.ends_with('Z'))
            );
            listed.extend(urls);
        }
        assert_eq!(listed, site.article_urls());
    }
}

#[tokio::test]
async fn big_sites_split_sitemaps_at_5000() {
    let site = TestSite::start(SiteConfig::with_articles(12_000)).await;
    let urls = site.sitemap_urls();
    assert_eq!(urls.len(), 3);
    let mut total = 0;
    for url in &urls {
        let xml = get(url, &[]).await.text();
        let n = elements(&xml, "loc").len();
        assert!(n <= 5_000);
        total += n;
    }
    assert_eq!(total, 12_000);
    let last = get(&site.article_url(11_999), &[]).await;
    assert_eq!(last.status, 200);
}

#[tokio::test]
async fn feed_is_rss_with_the_20_newest() {
    let site = TestSite::start(SiteConfig::with_articles(50)).await;
    let r = get(&site.feed_url(), &[]).await;
    assert_eq!(r.status, 200);
    let feed = feed_rs::parser::parse(r.body.as_slice()).unwrap();
    assert_eq!(feed.entries.len(), 20);
    let first = &feed.entries[0];
    assert_eq!(first.links[0].href, site.article_url(49));
    assert_eq!(
        first.title.as_ref().unwrap().content,
        site.article_title(49)
    );
    assert!(first.published.is_some());
    assert_eq!(feed.entries[19].links[0].href, site.article_url(30));
}

#[tokio::test]
async fn listing_pages_link_to_articles_and_onwards() {
    let site = TestSite::start(SiteConfig::with_articles(25)).await;
    let home = get(&site.home_url(), &[]).await.text();
    assert!(home.contains(&site.article_path(24)));
    assert!(home.contains(&site.article_path(15)));
    assert!(!home.contains(&site.article_path(14)));
    assert!(home.contains("href=\"/page/2\""));
    let page3 = get(&site.url("/page/3"), &[]).await.text();
    assert!(page3.contains(&site.article_path(0)));
    assert!(page3.contains(&site.article_path(4)));
    assert_eq!(get(&site.url("/page/4"), &[]).await.status, 404);
    let section = get(&site.url("/section/business"), &[]).await;
    assert_eq!(section.status, 200);
    assert!(section.text().contains(&site.article_path(21)));
    assert_eq!(get(&site.url("/nope"), &[]).await.status, 404);
    assert_eq!(
        get(&site.url("/news/3-wrong-slug.html"), &[]).await.status,
        404
    );
}

#[tokio::test]
async fn articles_are_realistic_and_unique() {
    let site = TestSite::start(SiteConfig::with_articles(40)).await;
    let mut bodies = Vec::new();
    for i in [0, 1, 17, 39] {
        let page = get(&site.article_url(i), &[]).await;
        assert_eq!(page.status, 200);
        assert_eq!(
            page.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        let html = page.text();
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("<meta property=\"og:title\""));
        assert!(html.contains("article:published_time"));
        assert!(html.contains(&site.article_body_marker(i)));
        for teaser in site.teaser_texts() {
            assert!(html.contains(&teaser), "{teaser}");
        }
        let words: usize = site
            .article_paragraphs(i)
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum();
        assert!(words >= 150, "article {i} has {words} words");
        bodies.push(site.article_paragraphs(i));
    }
    let all: Vec<&String> = bodies.iter().flatten().collect();
    let unique: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), unique.len(), "paragraphs repeat across articles");

    let plain = TestSite::start(SiteConfig {
        teaser_blocks: false,
        ..SiteConfig::default()
    })
    .await;
    let html = get(&plain.article_url(2), &[]).await.text();
    assert!(!html.contains("Business -"));
}

#[tokio::test]
async fn articles_answer_conditional_requests_and_change() {
    let site = TestSite::start(SiteConfig::default()).await;
    let url = site.article_url(5);
    let first = get(&url, &[]).await;
    assert_eq!(first.status, 200);
    let etag = first.header("etag").unwrap().to_string();
    assert_eq!(etag, "\"a5-v0\"");
    let last_modified = first.header("last-modified").unwrap().to_string();

    let again = get(&url, &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let again = get(&url, &[("If-Modified-Since", &last_modified)]).await;
    assert_eq!(again.status, 304);

    let old_marker = site.article_body_marker(5);
    site.reset_log();
    site.change_article(5);
    assert_ne!(site.article_body_marker(5), old_marker);

    let changed = get(&url, &[("If-None-Match", &etag)]).await;
    assert_eq!(changed.status, 200);
    assert_eq!(changed.header("etag"), Some("\"a5-v1\""));
    assert_ne!(changed.header("last-modified").unwrap(), last_modified);
    let html = changed.text();
    assert!(html.contains(&site.article_body_marker(5)));
    assert!(!html.contains(&old_marker));
    let by_date = get(&url, &[("If-Modified-Since", &last_modified)]).await;
    assert_eq!(by_date.status, 200);

    // The sitemap's lastmod for the article moved on too.
    let xml = get(&site.sitemap_urls()[0], &[]).await.text();
    let lastmods = elements(&xml, "lastmod");
    assert!(!lastmods[5].starts_with("2023-"), "{}", lastmods[5]);

    let log = site.requests_to("/news/");
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].if_none_match.as_deref(), Some(etag.as_str()));
    assert_eq!(log[0].status, 200);
    assert_eq!(
        log[1].if_modified_since.as_deref(),
        Some(last_modified.as_str())
    );
    assert!(log.iter().all(|r| r.is_conditional() && r.method == "GET"));
}

#[tokio::test]
async fn sitemaps_and_feed_answer_conditional_requests() {
    let site = TestSite::start(SiteConfig::default()).await;
    for url in [
        site.sitemap_index_url(),
        site.sitemap_urls()[1].clone(),
        site.feed_url(),
    ] {
        let first = get(&url, &[]).await;
        let etag = first.header("etag").unwrap().to_string();
        let lm = first.header("last-modified").unwrap().to_string();
        assert_eq!(get(&url, &[("If-None-Match", &etag)]).await.status, 304);
        assert_eq!(get(&url, &[("If-Modified-Since", &lm)]).await.status, 304);
    }
    let index = get(&site.sitemap_index_url(), &[]).await;
    let etag = index.header("etag").unwrap().to_string();
    site.change_article(29);
    assert_eq!(
        get(&site.sitemap_index_url(), &[("If-None-Match", &etag)])
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn removed_and_failing_articles() {
    let site = TestSite::start(SiteConfig::default()).await;
    site.remove_article(1);
    site.fail_article(2);
    assert_eq!(get(&site.article_url(1), &[]).await.status, 404);
    assert_eq!(get(&site.article_url(2), &[]).await.status, 500);
    site.restore_article(2);
    assert_eq!(get(&site.article_url(2), &[]).await.status, 200);
    let statuses: Vec<u16> = site.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [404, 500, 200]);
    assert_eq!(site.article_index(&site.article_url(7)), Some(7));
    assert_eq!(site.article_index("/news/7-x.html"), None);
}

#[test]
fn blocking_site_serves_without_a_runtime() {
    let site = TestSite::start_blocking(SiteConfig::with_articles(3));
    assert!(site.base.starts_with("http://127.0.0.1:"));
    let r = get_blocking(&site.article_url(2), &[]);
    assert_eq!(r.status, 200);
    assert!(r.text().contains(&site.article_title(2)));
    assert_eq!(site.requests().len(), 1);
    drop(site);
}
