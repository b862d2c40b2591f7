//! WARC/1.1 in and out: [`WarcWriter`] writes fetched exchanges as
//! `request` + `response` records (each record its own gzip member, so a
//! file cut short is readable up to its last whole record), and
//! [`read_warc`] reads a WARC file (gzipped or not) back as [`Page`]s.
//!
//! This is a small module of our own rather than the `warc` crate (0.4):
//! that crate writes a `.warc.gz` as one gzip stream instead of one member
//! per record, reads a record's whole block without a size limit (a bad
//! `Content-Length` can take all memory), and brings `uuid` 0.8, `nom` 7 and
//! `libflate` next to the `flate2` this workspace already uses. The format
//! needs little: a version line, `Name: value` headers, a block of
//! `Content-Length` bytes and two CRLFs. Files written here are read by
//! Python's warcio and files warcio writes are read here (see the
//! `warcio` integration test).
//!
//! ```
//! use thresh_fetch::warc::{WarcWriter, WarcReader};
//! let mut out = Vec::new();
//! let mut writer = WarcWriter::new(&mut out, false); // true: gzip per record
//! writer.write_record(&[("WARC-Type", "resource".into()),
//!     ("WARC-Target-URI", "https://example.com/".into()),
//!     ("Content-Type", "text/html".into())], b"<p>hi</p>").unwrap();
//! writer.finish().unwrap();
//! let records: Vec<_> = WarcReader::new(&out[..], "mem", 1 << 20).collect();
//! let record = records[0].as_ref().unwrap();
//! assert_eq!(record.header("warc-type"), Some("resource"));
//! assert_eq!(record.block, b"<p>hi</p>");
//! ```
//!
//! [`Page`]: thresh_core::Page

mod http;
mod reader;
mod writer;

pub use reader::{WarcReader, WarcRecord, is_warc_path, read_warc, read_warc_from};
pub use thresh_core::warc::WarcWriter;
pub use writer::WriteExchange;

#[cfg(test)]
mod tests;
