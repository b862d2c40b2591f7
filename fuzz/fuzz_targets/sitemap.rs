//! The sitemap reader (urlset or index, maybe gzip) on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use thresh_pipeline::discover::sitemap::{SitemapLimits, parse_sitemap};

fuzz_target!(|data: &[u8]| {
    let limits = SitemapLimits {
        max_bytes: 1024 * 1024,
        max_entries: 1000,
    };
    let _ = parse_sitemap(data, "fuzz.xml", &limits);
});
