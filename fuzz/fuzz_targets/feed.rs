//! The feed reader (RSS, Atom, JSON Feed) on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use thresh_pipeline::discover::feed::parse_feed;

fuzz_target!(|data: &[u8]| {
    let _ = parse_feed(data, "fuzz.xml");
});
