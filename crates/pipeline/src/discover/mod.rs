//! Discovery: where the URLs of a crawl come from (sitemaps, feeds, and
//! links found in pages).

pub mod feed;
pub mod links;
pub mod sitemap;
