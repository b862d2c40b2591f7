//! The stdin reader (a JSONL page stream or one raw page, maybe gzip) on
//! any bytes: pages or errors naming their line, each within the limit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use thresh_fetch::{Limits, stream_pages};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_bytes: 64 * 1024,
    };
    for page in stream_pages(data, &limits).take(10_000) {
        if let Ok(page) = page {
            assert!(
                page.body.len() as u64 <= limits.max_bytes,
                "page over the limit"
            );
        }
    }
});
