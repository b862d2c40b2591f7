//! Rendering of the test site's documents: robots.txt, sitemaps, the RSS
//! feed, listing pages and article pages. Each is built on request from
//! the article index and its current version.

use std::fmt::Write as _;

use super::text::{self, SECTIONS, SITE_NAME, TEASERS, escape};
use super::{ArticleState, SiteConfig};

/// Most URLs in one sitemap file.
pub const SITEMAP_MAX: usize = 5_000;
/// Articles on the home page and on each `/page/N`.
pub const PER_PAGE: usize = 10;
/// Items in the RSS feed.
pub const FEED_ITEMS: usize = 20;

/// How articles are split into sitemaps: (number of sitemaps, articles
/// per sitemap). Always at least two sitemaps, none above 5,000 URLs.
pub fn sitemap_plan(articles: usize) -> (usize, usize) {
    let count = articles.div_ceil(SITEMAP_MAX).max(2);
    (count, articles.div_ceil(count))
}

/// The article indices of sitemap `k` (1-based).
pub fn sitemap_range(articles: usize, k: usize) -> std::ops::Range<usize> {
    let (_, chunk) = sitemap_plan(articles);
    let start = ((k - 1) * chunk).min(articles);
    start..(k * chunk).min(articles)
}

/// The path of sitemap `k` (1-based).
pub fn sitemap_path(k: usize, gzip: bool) -> String {
    if gzip {
        format!("/sitemaps/news-{k}.xml.gz")
    } else {
        format!("/sitemaps/news-{k}.xml")
    }
}

pub fn robots(config: &SiteConfig, base: &str) -> String {
    let mut out = String::from("User-agent: *\n");
    if config.robots_disallow.is_empty() {
        out.push_str("Disallow:\n");
    }
    for path in &config.robots_disallow {
        let _ = writeln!(out, "Disallow: {path}");
    }
    if let Some(delay) = config.crawl_delay {
        let _ = writeln!(out, "Crawl-delay: {delay}");
    }
    let _ = writeln!(out, "\nSitemap: {base}/sitemap_index.xml");
    out
}

fn max_modified(states: &[ArticleState], range: std::ops::Range<usize>) -> Option<u64> {
    states[range].iter().map(|s| s.modified).max()
}

/// The sitemap index and its Last-Modified (unix seconds).
pub fn sitemap_index(config: &SiteConfig, base: &str, states: &[ArticleState]) -> (String, u64) {
    let (count, _) = sitemap_plan(states.len());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut newest = text::first_modified(0);
    for k in 1..=count {
        let _ = write!(
            out,
            "  <sitemap>\n    <loc>{base}{}</loc>\n",
            sitemap_path(k, config.gzip_sitemaps)
        );
        if let Some(m) = max_modified(states, sitemap_range(states.len(), k)) {
            newest = newest.max(m);
            let _ = writeln!(out, "    <lastmod>{}</lastmod>", text::rfc3339(m));
        }
        out.push_str("  </sitemap>\n");
    }
    out.push_str("</sitemapindex>\n");
    (out, newest)
}

/// Sitemap `k` (1-based) and its Last-Modified, or None past the last one.
pub fn sitemap(base: &str, states: &[ArticleState], k: usize) -> Option<(String, u64)> {
    let (count, _) = sitemap_plan(states.len());
    if k == 0 || k > count {
        return None;
    }
    let range = sitemap_range(states.len(), k);
    let mut out = String::with_capacity(range.len() * 150 + 200);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let newest = max_modified(states, range.clone()).unwrap_or(text::first_modified(0));
    for i in range {
        let _ = write!(
            out,
            "  <url>\n    <loc>{base}{}</loc>\n    <lastmod>{}</lastmod>\n  </url>\n",
            text::article_path(i),
            text::rfc3339(states[i].modified)
        );
    }
    out.push_str("</urlset>\n");
    Some((out, newest))
}

/// The RSS 2.0 feed of the newest articles and its Last-Modified.
pub fn feed(base: &str, states: &[ArticleState]) -> (String, u64) {
    let n = states.len();
    let newest = states.iter().map(|s| s.modified).max().unwrap_or(0);
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rss version=\"2.0\">\n<channel>\n  <title>{SITE_NAME}</title>\n  <link>{base}/</link>\n  \
         <description>The latest stories from the {SITE_NAME}</description>\n  \
         <language>en</language>\n  <lastBuildDate>{}</lastBuildDate>\n",
        text::http_date(newest)
    );
    for i in (n.saturating_sub(FEED_ITEMS)..n).rev() {
        let url = format!("{base}{}", text::article_path(i));
        let _ = write!(
            out,
            "  <item>\n    <title>{}</title>\n    <link>{url}</link>\n    \
             <guid isPermaLink=\"true\">{url}</guid>\n    <pubDate>{}</pubDate>\n    \
             <description>{}</description>\n  </item>\n",
            escape(&text::title(i)),
            text::http_date(text::published(i)),
            escape(&text::summary(i)),
        );
    }
    out.push_str("</channel>\n</rss>\n");
    (out, newest)
}

fn head(out: &mut String, title: &str, canonical: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <link rel=\"alternate\" type=\"application/rss+xml\" title=\"{SITE_NAME}\" href=\"/feed.xml\">\n",
        escape(title)
    );
}

fn site_header(out: &mut String) {
    out.push_str(
        "<header class=\"site-header\">\n<a class=\"logo\" href=\"/\">Test Gazette</a>\n\
         <nav class=\"main-nav\">\n<ul>\n<li><a href=\"/\">Home</a></li>\n",
    );
    for s in SECTIONS {
        let _ = writeln!(
            out,
            "<li><a href=\"/section/{}\">{s}</a></li>",
            s.to_ascii_lowercase()
        );
    }
    out.push_str("<li><a href=\"/page/2\">Latest</a></li>\n</ul>\n</nav>\n</header>\n");
}

fn site_footer(out: &mut String) {
    out.push_str(
        "<footer class=\"site-footer\">\n<p>&copy; 2023 Test Gazette. All rights reserved.</p>\n\
         <p><a href=\"/\">Front page</a> &middot; <a href=\"/feed.xml\">RSS</a></p>\n\
         </footer>\n</body>\n</html>\n",
    );
}

fn list_item(out: &mut String, i: usize) {
    let _ = writeln!(
        out,
        "<li><a href=\"{}\">{}</a> <span class=\"date\">{}</span></li>",
        text::article_path(i),
        escape(&text::title(i)),
        text::human_date(text::published(i))
    );
}

/// Listing page `page` (1 is the home page): the newest articles first,
/// `PER_PAGE` per page, with links to newer and older pages.
pub fn listing(base: &str, articles: usize, page: usize) -> Option<String> {
    let pages = articles.div_ceil(PER_PAGE).max(1);
    if page == 0 || page > pages {
        return None;
    }
    let path = if page == 1 {
        "/".to_string()
    } else {
        format!("/page/{page}")
    };
    let title = if page == 1 {
        format!("{SITE_NAME} - Front page")
    } else {
        format!("Latest stories, page {page} | {SITE_NAME}")
    };
    let mut out = String::with_capacity(4096);
    head(&mut out, &title, &format!("{base}{path}"));
    out.push_str("</head>\n<body>\n");
    site_header(&mut out);
    let _ = write!(
        out,
        "<main>\n<h1>{}</h1>\n<ul class=\"stories\">\n",
        escape(&title)
    );
    let end = articles - (page - 1) * PER_PAGE;
    for i in (end.saturating_sub(PER_PAGE)..end).rev() {
        list_item(&mut out, i);
    }
    out.push_str("</ul>\n<p class=\"pager\">");
    if page == 2 {
        out.push_str("<a href=\"/\">Newer stories</a> ");
    } else if page > 2 {
        let _ = write!(out, "<a href=\"/page/{}\">Newer stories</a> ", page - 1);
    }
    if page < pages {
        let _ = write!(out, "<a href=\"/page/{}\">Older stories</a>", page + 1);
    }
    out.push_str("</p>\n</main>\n");
    site_footer(&mut out);
    Some(out)
}

/// `/section/{name}`: the newest `PER_PAGE` articles of one section.
pub fn section_page(base: &str, articles: usize, name: &str) -> Option<String> {
    let s = SECTIONS.iter().position(|s| {
        s.eq_ignore_ascii_case(name) && name.chars().all(|c| c.is_ascii_lowercase())
    })?;
    let title = format!("{} | {SITE_NAME}", SECTIONS[s]);
    let mut out = String::with_capacity(4096);
    head(&mut out, &title, &format!("{base}/section/{name}"));
    out.push_str("</head>\n<body>\n");
    site_header(&mut out);
    let _ = write!(
        out,
        "<main>\n<h1>{}</h1>\n<ul class=\"stories\">\n",
        SECTIONS[s]
    );
    for i in (0..articles)
        .rev()
        .filter(|i| i % SECTIONS.len() == s)
        .take(PER_PAGE)
    {
        list_item(&mut out, i);
    }
    out.push_str("</ul>\n</main>\n");
    site_footer(&mut out);
    Some(out)
}

/// Article page `i` at `version`, last modified at `modified`.
pub fn article(
    base: &str,
    articles: usize,
    teasers: bool,
    i: usize,
    version: u32,
    modified: u64,
) -> String {
    let title = text::title(i);
    let url = format!("{base}{}", text::article_path(i));
    let published = text::published(i);
    let author = text::author(i);
    let mut out = String::with_capacity(8192);
    head(&mut out, &format!("{title} | {SITE_NAME}"), &url);
    let _ = write!(
        out,
        "<meta property=\"og:type\" content=\"article\">\n\
         <meta property=\"og:title\" content=\"{t}\">\n\
         <meta property=\"og:url\" content=\"{url}\">\n\
         <meta property=\"og:site_name\" content=\"{SITE_NAME}\">\n\
         <meta property=\"article:published_time\" content=\"{p}\">\n\
         <meta property=\"article:modified_time\" content=\"{m}\">\n\
         <meta property=\"article:section\" content=\"{s}\">\n\
         <meta name=\"author\" content=\"{author}\">\n\
         </head>\n<body>\n",
        t = escape(&title),
        p = text::rfc3339(published),
        m = text::rfc3339(modified),
        s = text::section(i),
    );
    site_header(&mut out);
    let _ = write!(
        out,
        "<main>\n<article>\n<p class=\"kicker\"><a href=\"/section/{sl}\">{s}</a></p>\n\
         <h1>{t}</h1>\n<p class=\"byline\">By <span class=\"author\">{author}</span> &middot; \
         <time datetime=\"{p}\">{h}</time></p>\n",
        sl = text::section(i).to_ascii_lowercase(),
        s = text::section(i),
        t = escape(&title),
        p = text::rfc3339(published),
        h = text::human_date(published),
    );
    for para in text::body(i, version) {
        let _ = writeln!(out, "<p>{}</p>", escape(&para));
    }
    if teasers {
        out.push_str("<div>\n");
        for (headline, teaser) in TEASERS {
            let _ = writeln!(
                out,
                "<div>\n<p>{}</p>\n<p>{}</p>\n</div>",
                escape(headline),
                escape(teaser)
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</article>\n<aside class=\"more-stories\">\n<h2>More stories</h2>\n<ul>\n");
    if i > 0 {
        list_item(&mut out, i - 1);
    }
    if i + 1 < articles {
        list_item(&mut out, i + 1);
    }
    out.push_str("</ul>\n</aside>\n</main>\n");
    site_footer(&mut out);
    out
}
