//! Page types: the first decision of the cascade. A page is classified
//! from general signals ([`signals`]): what it declares (schema.org types
//! in JSON-LD and microdata, `og:type`, its generator), the shape of its
//! URL, and what it holds (add-to-cart controls, code blocks, article
//! prose). Each type has its own strategy on the same parse; a page whose
//! type is unclear takes the article path, with the region as a fallback
//! when the article box is a small part of the page.

pub(crate) mod forum;
pub(crate) mod product;
pub(crate) mod signals;

use thresh_core::PageType;

use signals::Signals;

/// The signal of an article known only by its run of prose: no schema.org
/// type, no `og:type`, no article URL vouches for it, so its box is
/// trusted less (a landing page's longest section reads as prose too).
pub(crate) const PROSE_RUN: &str = "a run of prose";

/// A page type and the signal that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Typed {
    /// The type.
    pub page_type: PageType,
    /// What decided it, for the record and `explain`.
    pub signal: String,
    /// Words of the page's largest run of prose ([`Signals::prose_words`]);
    /// `None` when the page was read shallow (count it with
    /// [`signals::prose_words`] when it matters).
    pub prose_words: Option<u32>,
    /// The JSON-LD description of the page's product, if any.
    pub product_description: Option<String>,
}

impl Typed {
    fn new(page_type: PageType, signal: impl Into<String>) -> Typed {
        Typed {
            page_type,
            signal: signal.into(),
            prose_words: None,
            product_description: None,
        }
    }
}

const FORUM_SCHEMA: &[&str] = &["DiscussionForumPosting", "QAPage"];
/// News types: a newsroom's declaration, made page by page (a short
/// story with a rail of related headlines is still the story).
const NEWS_SCHEMA: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "LiveBlogPosting",
    "OpinionNewsArticle",
    "AnalysisNewsArticle",
];

const ARTICLE_SCHEMA: &[&str] = &[
    "NewsArticle",
    "BlogPosting",
    "Article",
    "Report",
    "ReportageNews",
    "ScholarlyArticle",
    "LiveBlogPosting",
    "OpinionNewsArticle",
    "AnalysisNewsArticle",
    "Recipe",
    "HowTo",
];
const DOCS_SCHEMA: &[&str] = &["TechArticle", "APIReference"];
const COLLECTION_SCHEMA: &[&str] = &["CollectionPage", "OfferCatalog", "SearchResultsPage"];

/// Site generators of documentation.
const DOCS_GENERATORS: &[&str] = &[
    "sphinx",
    "docusaurus",
    "mkdocs",
    "gitbook",
    "docfx",
    "vuepress",
    "vitepress",
    "mintlify",
    "docsify",
    "antora",
    "read the docs",
    "jsdoc",
    "rustdoc",
    "doxygen",
    "javadoc",
    "starlight",
    "nextra",
];

/// Host prefixes of a site's forum or documentation.
const FORUM_HOSTS: &[&str] = &[
    "forum.",
    "forums.",
    "community.",
    "discuss.",
    "discourse.",
    "bbs.",
];
const DOCS_HOSTS: &[&str] = &[
    "docs.",
    "doc.",
    "developer.",
    "developers.",
    "wiki.",
    "learn.",
    "api.",
];

/// Path segments of a thread.
const FORUM_SEGMENTS: &[&str] = &[
    "thread",
    "threads",
    "topic",
    "topics",
    "t",
    "questions",
    "forum",
    "forums",
    "discussion",
    "discussions",
    "community",
];
/// Path fragments of forum software's thread pages.
const FORUM_PAGES: &[&str] = &["viewtopic", "showthread", "showtopic"];
/// Path segments of documentation.
const DOCS_SEGMENTS: &[&str] = &[
    "docs",
    "doc",
    "documentation",
    "api",
    "reference",
    "manual",
    "wiki",
    "guide",
    "guides",
    "tutorial",
    "tutorials",
    "handbook",
    "kb",
    "knowledge-base",
    "help",
];
/// Path segments that root a site's documentation (not its guides or
/// help articles, which are often blog posts).
const DOCS_TREES: &[&str] = &["docs", "doc", "documentation", "reference", "manual"];
/// Path segments of a product.
const PRODUCT_SEGMENTS: &[&str] = &["product", "products", "p", "dp", "item", "itm"];
/// Path segments of a category or product grid.
const COLLECTION_SEGMENTS: &[&str] = &[
    "collections",
    "collection",
    "category",
    "categories",
    "c",
    "shop",
    "browse",
    "catalog",
    "department",
    "departments",
];
/// Path segments of a content index.
const LISTING_SEGMENTS: &[&str] = &[
    "tag",
    "tags",
    "topics",
    "section",
    "archive",
    "archives",
    "list",
    "lists",
    "directory",
    "search",
    "results",
];

/// The path's segments, without empty ones.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// True when the last segment is a slug of five or more words (an
/// article's or a thread's URL, never an index's).
fn long_slug(path: &str) -> bool {
    segments(path)
        .last()
        .is_some_and(|s| s.split(['-', '_']).filter(|w| !w.is_empty()).count() >= 5)
}

/// A `/2024/05/` date in the path.
fn dated_path(path: &str) -> bool {
    let segs: Vec<&str> = segments(path).collect();
    segs.windows(2).any(|w| {
        w[0].len() == 4
            && w[0].starts_with("20")
            && w[0].bytes().all(|b| b.is_ascii_digit())
            && w[1].len() <= 2
            && !w[1].is_empty()
            && w[1].bytes().all(|b| b.is_ascii_digit())
    })
}

fn has_segment(path: &str, set: &[&'static str]) -> Option<&'static str> {
    segments(path).find_map(|s| set.iter().find(|x| **x == s).copied())
}

/// Prices on a page with an add-to-cart control that make it a grid of
/// products rather than one product (which shows its price, a former
/// price and perhaps a unit price).
const GRID_PRICES: u32 = 5;

/// Elements with numbered post ids that make a page a thread.
const NUMBERED_POSTS: u32 = 3;

/// Words in one run of prose that make a page an article
/// ([`Signals::prose_words`]).
const ARTICLE_PROSE: u32 = 250;

/// Linked headings that make a page without an article's prose a listing
/// (a news article's related stories hold a few).
const LISTING_HEADINGS: u32 = 8;

/// The page declares a news type: it is an article whatever its body
/// holds, so a page read shallow need not have its body read.
pub(crate) fn declares_news(s: &Signals) -> bool {
    s.first_schema(NEWS_SCHEMA).is_some()
}

/// Classify a page from its signals.
pub(crate) fn classify(s: &Signals) -> Typed {
    Typed {
        prose_words: (!s.shallow).then_some(s.prose_words),
        product_description: s.product_description.clone(),
        ..decide(s)
    }
}

fn decide(s: &Signals) -> Typed {
    let og = s.og_type.as_deref().unwrap_or("");
    // What the page declares of itself, strongest first.
    if let Some(t) = s.first_schema(FORUM_SCHEMA) {
        return Typed::new(PageType::Forum, format!("schema.org {t}"));
    }
    if s.schema("Question") > 0 && s.schema("Answer") > 0 && s.schema("FAQPage") == 0 {
        return Typed::new(PageType::Forum, "schema.org Question and Answer");
    }
    let products = s.schema("Product");
    // The page's own og:type names the page; a schema.org catalogue may
    // be the shop's (an Organization's hasOfferCatalog) on every page.
    if og == "product" || og == "og:product" {
        return Typed::new(PageType::Product, "og:type product");
    }
    if let Some(t) = s.first_schema(COLLECTION_SCHEMA) {
        return Typed::new(PageType::Collection, format!("schema.org {t}"));
    }
    if og == "product.group" || products >= 3 && s.schema("ItemList") > 0 {
        return Typed::new(PageType::Collection, "product group");
    }
    if (1..=2).contains(&products) && s.schema("AggregateOffer") == 0 {
        return Typed::new(PageType::Product, "schema.org Product");
    }
    if s.price_meta {
        return Typed::new(PageType::Product, "product price meta");
    }
    if let Some(t) = s.first_schema(DOCS_SCHEMA) {
        return Typed::new(PageType::Documentation, format!("schema.org {t}"));
    }
    if let Some(g) = s.generator.as_deref()
        && let Some(d) = DOCS_GENERATORS.iter().find(|d| g.contains(**d))
    {
        return Typed::new(PageType::Documentation, format!("generator {d}"));
    }
    let article = s.first_schema(ARTICLE_SCHEMA);
    let prose = s.prose_words;
    // Item titles in numbers and no article's run of prose: a blog's or a
    // section's index, whatever its schema.org type or og:type says
    // (site plugins declare every page an Article).
    let index = !s.shallow
        && !declares_news(s)
        && s.linked_headings >= LISTING_HEADINGS
        && prose < ARTICLE_PROSE / 2;
    let listing = || {
        Typed::new(
            PageType::Listing,
            "an article type, but many linked headings and little prose",
        )
    };
    // The URL and what the page holds.
    let path = s.path.as_str();
    // A documentation host's paths are its manual's (Django's docs keep
    // their guides under /topics/), not threads.
    let docs_host = ["docs.", "doc."].iter().any(|h| s.host.starts_with(h));
    let forum_url = FORUM_HOSTS.iter().any(|h| s.host.starts_with(h))
        || (!docs_host
            && (has_segment(path, FORUM_SEGMENTS).is_some()
                || FORUM_PAGES.iter().any(|p| path.contains(p))));
    if forum_url && article.is_none() && og != "article" {
        return Typed::new(PageType::Forum, "forum URL");
    }
    if s.post_ids >= NUMBERED_POSTS && article.is_none() {
        return Typed::new(PageType::Forum, "numbered posts");
    }
    let docs_url = DOCS_HOSTS.iter().any(|h| s.host.starts_with(h))
        || has_segment(path, DOCS_SEGMENTS).is_some();
    if s.doc_marks >= 2 && (s.pre >= 1 || docs_url) {
        return Typed::new(PageType::Documentation, "heading permalinks and code");
    }
    if let Some(t) = article {
        if index {
            return listing();
        }
        return Typed::new(PageType::Article, format!("schema.org {t}"));
    }
    if og == "article" && prose >= ARTICLE_PROSE / 2 {
        return Typed::new(PageType::Article, "og:type article and prose");
    }
    if (1..=3).contains(&s.cart_controls) {
        // One product has a price or two; a grid has one per card.
        if s.prices >= GRID_PRICES {
            return Typed::new(PageType::Collection, "add-to-cart control and many prices");
        }
        return Typed::new(PageType::Product, "add-to-cart control");
    }
    if docs_url && s.pre >= 1 {
        return Typed::new(PageType::Documentation, "documentation URL and code");
    }
    // A site's documentation (its docs host or its /docs/ tree) is
    // documentation in prose too, unless it calls itself an article or
    // its URL is dated.
    let docs_tree = docs_host || has_segment(path, DOCS_TREES).is_some();
    if docs_tree && og != "article" && !dated_path(path) {
        return Typed::new(PageType::Documentation, "documentation site");
    }
    if prose >= ARTICLE_PROSE && prose * 4 >= s.words {
        return Typed::new(PageType::Article, PROSE_RUN);
    }
    if prose >= ARTICLE_PROSE {
        return Typed::new(PageType::Other, "a run of prose among much else");
    }
    if (dated_path(path) || long_slug(path)) && prose >= ARTICLE_PROSE / 4 {
        return Typed::new(PageType::Article, "article URL and prose");
    }
    if let Some(seg) = has_segment(path, PRODUCT_SEGMENTS)
        && s.cart_controls > 0
    {
        return Typed::new(PageType::Product, format!("/{seg}/ URL and cart"));
    }
    if let Some(seg) = has_segment(path, COLLECTION_SEGMENTS) {
        return Typed::new(PageType::Collection, format!("/{seg}/ URL"));
    }
    if s.schema("ItemList") > 0 {
        return Typed::new(PageType::Listing, "schema.org ItemList");
    }
    if let Some(seg) = has_segment(path, LISTING_SEGMENTS) {
        return Typed::new(PageType::Listing, format!("/{seg}/ URL"));
    }
    if docs_url {
        return Typed::new(PageType::Documentation, "documentation URL");
    }
    if s.schema("FAQPage") > 0 || s.schema("Service") > 0 {
        return Typed::new(PageType::Service, "schema.org FAQPage or Service");
    }
    if og == "article" {
        if index {
            return listing();
        }
        return Typed::new(PageType::Article, "og:type article");
    }
    if s.long_paras >= 3 {
        return Typed::new(PageType::Service, "prose in many boxes");
    }
    Typed::new(PageType::Other, "no signal")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut Signals)) -> Typed {
        let mut s = Signals::default();
        f(&mut s);
        classify(&s)
    }

    #[test]
    fn declared_types_win() {
        let t = with(|s| {
            s.ld.insert("DiscussionForumPosting".into(), 3);
            s.ld.insert("Article".into(), 1);
        });
        assert_eq!(t.page_type, PageType::Forum);
        assert_eq!(t.signal, "schema.org DiscussionForumPosting");
        let t = with(|s| {
            s.ld.insert("Product".into(), 1);
        });
        assert_eq!(t.page_type, PageType::Product);
        let t = with(|s| s.og_type = Some("product.group".into()));
        assert_eq!(t.page_type, PageType::Collection);
        // The page's og:type names the page; a shop's catalogue declared
        // on every page does not.
        let t = with(|s| {
            s.og_type = Some("product".into());
            s.ld.insert("OfferCatalog".into(), 1);
        });
        assert_eq!(t.page_type, PageType::Product);
        let t = with(|s| {
            s.ld.insert("OfferCatalog".into(), 1);
        });
        assert_eq!(t.page_type, PageType::Collection);
        let t = with(|s| s.generator = Some("sphinx 7.2.6".into()));
        assert_eq!(t.page_type, PageType::Documentation);
        let t = with(|s| {
            s.ld.insert("NewsArticle".into(), 1);
        });
        assert_eq!(t.page_type, PageType::Article);
    }

    #[test]
    fn an_index_declared_an_article_is_a_listing_unless_it_is_news_or_prose() {
        let page = |schema: Option<&str>, og: Option<&str>, linked: u32, prose: u32| {
            with(|s| {
                if let Some(t) = schema {
                    s.ld.insert(t.into(), 1);
                }
                s.og_type = og.map(String::from);
                s.linked_headings = linked;
                s.prose_words = prose;
            })
        };
        let t = page(Some("Article"), None, 20, 60);
        assert_eq!(t.page_type, PageType::Listing, "{}", t.signal);
        assert_eq!(
            page(Some("BlogPosting"), None, 9, 0).page_type,
            PageType::Listing
        );
        assert_eq!(
            page(None, Some("article"), 12, 40).page_type,
            PageType::Listing
        );
        // A newsroom's short story with a rail of headlines.
        assert_eq!(
            page(Some("NewsArticle"), None, 20, 60).page_type,
            PageType::Article
        );
        // An article's own prose, or only a few related headlines.
        assert_eq!(
            page(Some("Article"), None, 20, 400).page_type,
            PageType::Article
        );
        assert_eq!(
            page(Some("Article"), None, 4, 60).page_type,
            PageType::Article
        );
    }

    #[test]
    fn url_shapes() {
        let url = |p: &str, host: &str| {
            with(|s| {
                s.path = p.into();
                s.host = host.into();
                s.prose_words = 100;
            })
            .page_type
        };
        assert_eq!(
            url("/t/how-do-i-reset/123", "meta.example"),
            PageType::Forum
        );
        assert_eq!(url("/viewtopic.php", "a.example"), PageType::Forum);
        assert_eq!(url("/2024/05/12/story", "news.example"), PageType::Article);
        assert_eq!(
            url("/why-we-moved-our-servers-to-the-sea", "blog.example"),
            PageType::Article
        );
        assert_eq!(
            url("/collections/shoes", "shop.example"),
            PageType::Collection
        );
        assert_eq!(url("/tag/rust", "blog.example"), PageType::Listing);
        assert_eq!(
            url("/reference/cli", "docs.example"),
            PageType::Documentation
        );
        assert_eq!(url("/", "a.example"), PageType::Other);
        // A manual's /topics/ are not a forum's; its prose pages are docs.
        assert_eq!(
            url("/en/5.1/topics/db/models/", "docs.example"),
            PageType::Documentation
        );
        assert_eq!(url("/topics/db/models/", "www.example"), PageType::Forum);
        // An article URL needs some prose to go with it.
        let t = with(|s| s.path = "/2024/05/12/story".into());
        assert_ne!(t.page_type, PageType::Article);
    }

    #[test]
    fn a_long_run_of_prose_is_an_article_and_scattered_prose_a_service_page() {
        let t = with(|s| {
            s.prose_words = 400;
            s.words = 1200;
        });
        assert_eq!((t.page_type, t.prose_words), (PageType::Article, Some(400)));
        // One long section among many is not an article.
        let t = with(|s| {
            s.prose_words = 400;
            s.words = 2400;
            s.long_paras = 12;
        });
        assert_eq!(t.page_type, PageType::Other);
        let t = with(|s| {
            s.prose_words = 60;
            s.long_paras = 12;
        });
        assert_eq!(t.page_type, PageType::Service);
    }

    #[test]
    fn numbered_posts_make_a_thread_unless_the_page_is_an_article() {
        let t = with(|s| s.post_ids = 5);
        assert_eq!(
            (t.page_type, t.signal.as_str()),
            (PageType::Forum, "numbered posts")
        );
        let t = with(|s| {
            s.post_ids = 5;
            s.ld.insert("BlogPosting".into(), 1);
        });
        assert_eq!(t.page_type, PageType::Article);
    }

    #[test]
    fn a_forum_url_does_not_override_an_article_declaration() {
        let t = with(|s| {
            s.path = "/community/news/launch".into();
            s.og_type = Some("article".into());
        });
        assert_eq!(t.page_type, PageType::Article);
    }
}
