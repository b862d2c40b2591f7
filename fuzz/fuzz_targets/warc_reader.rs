//! The WARC reader (plain or gzip) on any bytes: pages or errors, each
//! page within the size limit, and reading always ends.
#![no_main]
use libfuzzer_sys::fuzz_target;
use thresh_fetch::{Limits, warc::read_warc_from};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_bytes: 64 * 1024,
    };
    for page in read_warc_from(data, "fuzz.warc", &limits).take(10_000) {
        if let Ok(page) = page {
            assert!(
                page.body.len() as u64 <= limits.max_bytes,
                "page over the limit"
            );
        }
    }
});
