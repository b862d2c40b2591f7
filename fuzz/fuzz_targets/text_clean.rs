//! The text-dump cleaner on any bytes (decoded as the CLI decodes a file).
#![no_main]
use libfuzzer_sys::fuzz_target;
use thresh_clean::{Cleaner, Settings, TextCleaner};
use thresh_core::Page;

fuzz_target!(|data: &[u8]| {
    let cleaner = TextCleaner::new(Settings::default());
    let page = Page::from_bytes("fuzz.txt", data);
    if let Ok(article) = cleaner.clean(&page) {
        let _ = article.text();
    }
});
