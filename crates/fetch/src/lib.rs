//! Bytes from the web and from files, as [`Page`] records.
//!
//! - [`Fetcher`] gets http(s) URLs politely and within bounds: robots.txt,
//!   per-host concurrency and delay, retries with backoff, timeouts, size
//!   and decompression limits, charset decoding, conditional requests and a
//!   content-type policy. It is a stack of [`tower`] layers
//!   ([`service`]), configured by [`Options`] resolved into [`Settings`];
//!   each URL ends as one [`Outcome`].
//! - [`read_path`] reads one file (gzip is decompressed transparently),
//!   refusing files over [`Limits::max_bytes`].
//! - [`expand`] turns command-line inputs (paths, directories, `-`, URLs)
//!   into a list of [`Input`]s, walking directories.
//! - [`read_stdin`] reads standard input lazily: a stream of JSONL `Page`
//!   records, or one raw document ([`stream_pages`] does the same on any
//!   reader).
//! - [`warc`] writes fetched exchanges as WARC/1.1 and reads WARC files
//!   back as pages.
//!
//! Every failure is a [`FetchError`] naming the input (path, URL or `stdin`),
//! returned for that input alone: the caller records it and goes on.
//!
//! ```
//! use thresh_fetch::{read_path, Limits};
//! let dir = std::env::temp_dir().join(format!("thresh-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("a.txt");
//! std::fs::write(&path, "Headline\nBody").unwrap();
//! let page = read_path(&path, &Limits::default()).unwrap();
//! assert_eq!(page.body, b"Headline\nBody");
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
#![deny(missing_docs)]

mod decompress;
mod error;
mod fetcher;
mod files;
mod outcome;
pub mod service;
mod settings;
mod stdin;
pub mod warc;

pub use error::{FetchError, TimeoutPhase};
pub use fetcher::Fetcher;
pub use files::{Input, Limits, expand, page_from_bytes, read_path};
pub use outcome::{Exchange, Fetched, Outcome, OutcomeRecord};
pub use service::{MemoryValidators, ValidatorCache, Validators};
pub use settings::{Options, Settings, default_user_agent, parse_size};
pub use stdin::{PageStream, read_jsonl_path, read_stdin, read_stream, stream_pages};
pub use thresh_core::Page;
