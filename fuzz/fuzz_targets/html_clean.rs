//! The HTML cleaner on any bytes: it returns an article or a CleanError,
//! never panics, and what it returns holds together.
#![no_main]
use libfuzzer_sys::fuzz_target;
use thresh_clean::{Cleaner, HtmlCleaner, Settings};
use thresh_core::Page;

fuzz_target!(|data: &[u8]| {
    let cleaner = HtmlCleaner::new(Settings::default());
    let page = Page::from_bytes("fuzz.html", data);
    if let Ok(article) = cleaner.clean(&page) {
        // Every block renders, and the record round-trips through JSON.
        let text = article.text();
        assert!(!text.contains('\0'), "NUL in article text");
        let json = serde_json::to_string(&article).expect("article serialises");
        let _: thresh_core::Article = serde_json::from_str(&json).expect("article reads back");
    }
});
