//! Bytes from the web and from files, as [`Page`] records.
//!
//! - [`read_path`] reads one file (gzip is decompressed transparently),
//!   refusing files over [`Limits::max_bytes`].
//! - [`expand`] turns command-line inputs (paths, directories, `-`, URLs)
//!   into a list of [`Input`]s, walking directories.
//! - [`read_stdin`] reads standard input: a stream of JSONL `Page` records,
//!   or one raw document ([`read_stream`] does the same on any reader).
//! - [`Fetcher`] gets http(s) URLs with timeouts, redirect and size limits.
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

mod error;
mod files;
mod http;
mod stdin;

pub use error::FetchError;
pub use files::{Input, Limits, expand, read_path};
pub use http::{Fetcher, FetcherOptions};
pub use stdin::{read_stdin, read_stream};
pub use thresh_core::Page;
